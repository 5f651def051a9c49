//! The import of partner batches, end to end on files, on both backends.
//!
//! Properties under test:
//! - a good batch is applied; re-applying it changes nothing; `.jsonl.gz` works like `.jsonl`;
//! - each kind of bad input (see the test names) rejects the whole batch with a clear message,
//!   and the registry is exactly as before (same counts, same revisions);
//! - the report names every bad line, with its number and field, not only the first;
//! - signatures: required and missing, present and wrong, present without a key, and valid.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::{Path, PathBuf};

use berkut::import::{BatchOutcome, BatchReport, ImportOptions, import_file};
use berkut::keys;
use berkut_core::CountryCode;
use berkut_store::testing::TestDatabase;
use berkut_store::{ImportSummary, Partner, RegistryCounts, Store};
use indicatif::ProgressBar;

/// A scratch directory with a database already holding a small registry.
struct Fixture {
    dir: tempfile::TempDir,
    db: TestDatabase,
    store: Store,
    before: RegistryCounts,
}

impl Fixture {
    fn new(db: TestDatabase) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut store = db.open();
        let seed_batch = dir.path().join("seed.jsonl");
        std::fs::write(&seed_batch, generated(50, 1)).unwrap();
        let report = import(&mut store, &seed_batch);
        assert!(
            matches!(report.outcome, BatchOutcome::Applied { .. }),
            "{report:?}"
        );
        let before = store.counts().unwrap();
        Fixture {
            dir,
            db,
            store,
            before,
        }
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn import(&mut self, path: &Path) -> BatchReport {
        import(&mut self.store, path)
    }

    /// Imports `bytes`, expects a rejection whose messages contain `expected`, and checks that
    /// the registry did not change.
    fn rejects(&mut self, name: &str, bytes: &[u8], expected: &str) -> BatchReport {
        let path = self.file(name, bytes);
        let report = self.import(&path);
        let text = messages(&report);
        assert!(report.is_rejected(), "{name} was not rejected: {report:?}");
        assert!(
            text.contains(expected),
            "{name}: expected {expected:?} in:\n{text}"
        );
        assert_eq!(
            self.store.counts().unwrap(),
            self.before,
            "{name} changed the registry"
        );
        report
    }

    fn register(&mut self, source: &str, public_key: [u8; 32], require_signature: bool) {
        self.store
            .save_partner(&Partner {
                source: CountryCode::try_from(source.to_owned()).unwrap(),
                public_key: Some(public_key),
                require_signature,
            })
            .unwrap();
    }
}

fn import(store: &mut Store, path: &Path) -> BatchReport {
    import_file(
        store,
        path,
        ImportOptions::default(),
        &ProgressBar::hidden(),
    )
    .unwrap()
}

/// Every problem and bad line of a report, one a line.
fn messages(report: &BatchReport) -> String {
    match &report.outcome {
        BatchOutcome::Rejected {
            problems,
            bad_lines,
        } => problems
            .iter()
            .cloned()
            .chain(
                bad_lines
                    .iter()
                    .map(|b| format!("line {}: {}", b.line, b.error)),
            )
            .collect::<Vec<_>>()
            .join("\n"),
        other => format!("{other:?}"),
    }
}

/// `lines` generated decision lines, newline-terminated.
fn generated(lines: u64, seed: u64) -> Vec<u8> {
    berkut::demo::batch_bytes(lines, seed)
}

/// One valid decision line for source `source` with reference `reference`.
fn line(source: &str, reference: &str, revision: u32) -> String {
    let decision =
        berkut_store::testing::decision(source, reference, revision, berkut_core::Status::Final);
    serde_json::to_string(&decision).unwrap()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {
        mod sqlite { $( #[test] fn $name() { super::$name(super::Fixture::new(berkut_store::testing::TestDatabase::sqlite())); } )+ }
        mod postgres { $( #[test] fn $name() { super::$name(super::Fixture::new(berkut_store::testing::TestDatabase::postgres())); } )+ }
    };
}

on_both_backends!(
    a_good_batch_is_applied_and_a_replay_changes_nothing,
    a_gzip_batch_is_read_like_a_plain_one,
    invalid_utf8_is_rejected,
    a_truncated_gzip_is_rejected,
    a_fifty_megabyte_line_is_rejected,
    json_that_is_not_an_object_is_rejected,
    wrong_types_are_rejected,
    unknown_enum_values_are_rejected,
    impossible_dates_are_rejected,
    revision_zero_is_rejected,
    one_reference_and_revision_with_two_contents_is_rejected,
    an_empty_file_is_rejected,
    a_missing_file_is_rejected,
    every_bad_line_is_reported_not_only_the_first,
    a_required_signature_that_is_missing_rejects_the_batch,
    a_signature_that_does_not_verify_rejects_the_batch,
    a_signature_without_a_registered_key_rejects_the_batch,
    a_valid_signature_is_accepted_and_recorded,
    a_dry_run_stores_nothing,
    a_byte_order_mark_at_the_start_is_not_data,
    a_stored_revision_resent_with_other_content_is_ignored_and_reported,
);

fn a_good_batch_is_applied_and_a_replay_changes_nothing(mut f: Fixture) {
    let path = f.file("batch.jsonl", &generated(300, 2));
    let BatchOutcome::Applied {
        summary: ImportSummary { counts, .. },
        ..
    } = f.import(&path).outcome
    else {
        panic!("not applied")
    };
    let total: u64 = counts.values().map(|c| c.inserted + c.updated).sum();
    assert_eq!(total, 300);
    let after = f.store.counts().unwrap();
    assert_eq!(after.revisions, f.before.revisions + 300);
    let BatchOutcome::Applied {
        summary: ImportSummary { counts, .. },
        ..
    } = f.import(&path).outcome
    else {
        panic!("not applied")
    };
    assert!(
        counts
            .values()
            .all(|c| c.inserted == 0 && c.updated == 0 && c.unchanged > 0),
        "{counts:?}"
    );
    let again = f.store.counts().unwrap();
    assert_eq!(
        (again.decisions, again.revisions, again.persons),
        (after.decisions, after.revisions, after.persons)
    );
}

fn a_gzip_batch_is_read_like_a_plain_one(mut f: Fixture) {
    let path = f.file("batch.jsonl.gz", &gzip(&generated(120, 3)));
    let report = f.import(&path);
    assert!(
        matches!(report.outcome, BatchOutcome::Applied { .. }),
        "{}",
        messages(&report)
    );
    assert_eq!(report.lines, 120);
    assert_eq!(
        f.store.counts().unwrap().revisions,
        f.before.revisions + 120
    );
}

fn invalid_utf8_is_rejected(mut f: Fixture) {
    let mut bytes = format!("{}\n", line("RU", "U-1", 1)).into_bytes();
    bytes.extend_from_slice(line("RU", "U-2", 1).replace("Тестов", "T\u{1}").as_bytes());
    let position = bytes.iter().rposition(|&b| b == 1).unwrap();
    bytes[position] = 0xff;
    f.rejects("utf8.jsonl", &bytes, "line 2: not valid UTF-8");
}

fn a_truncated_gzip_is_rejected(mut f: Fixture) {
    let compressed = gzip(&generated(400, 4));
    f.rejects(
        "cut.jsonl.gz",
        &compressed[..compressed.len() / 2],
        "the gzip stream is truncated or corrupt",
    );
}

fn a_fifty_megabyte_line_is_rejected(mut f: Fixture) {
    let mut bytes = format!("{}\n", line("RU", "L-1", 1)).into_bytes();
    bytes.extend(std::iter::repeat_n(b'x', 50 << 20));
    bytes.push(b'\n');
    bytes.extend_from_slice(line("RU", "L-2", 1).as_bytes());
    f.rejects(
        "long.jsonl",
        &bytes,
        "line 2: the line is 52428800 bytes long, at most 1048576 allowed",
    );
}

fn json_that_is_not_an_object_is_rejected(mut f: Fixture) {
    f.rejects(
        "array.jsonl",
        b"[1, 2, 3]\n",
        "line 1: expected a JSON object (one decision per line), found an array",
    );
}

fn wrong_types_are_rejected(mut f: Fixture) {
    let bad = line("RU", "T-1", 1).replace("\"revision\":1", "\"revision\":\"one\"");
    f.rejects(
        "types.jsonl",
        bad.as_bytes(),
        "line 1: revision: invalid type: string \"one\", expected a revision number (an integer from 1)",
    );
}

fn unknown_enum_values_are_rejected(mut f: Fixture) {
    let bad = line("RU", "E-1", 1).replace("\"migration_violation\"", "\"jaywalking\"");
    f.rejects(
        "enum.jsonl",
        bad.as_bytes(),
        "line 1: category: unknown variant `jaywalking`",
    );
}

fn impossible_dates_are_rejected(mut f: Fixture) {
    let bad = line("RU", "D-1", 1).replace("2024-03-01", "2023-02-30");
    f.rejects(
        "date.jsonl",
        bad.as_bytes(),
        "line 1: decided_on: \"2023-02-30\" is not a day of the calendar",
    );
}

fn revision_zero_is_rejected(mut f: Fixture) {
    let bad = line("RU", "R-1", 1).replace("\"revision\":1", "\"revision\":0");
    f.rejects(
        "zero.jsonl",
        bad.as_bytes(),
        "line 1: revision: expected a revision number from 1",
    );
}

fn one_reference_and_revision_with_two_contents_is_rejected(mut f: Fixture) {
    let first = line("RU", "C-1", 1);
    let second = first.replace("\"final\"", "\"revoked\"");
    let bytes = format!("{first}\n{first}\n{second}\n");
    f.rejects(
        "conflict.jsonl",
        bytes.as_bytes(),
        "line 3: revision: RU/C-1 revision 1 already appears on line 1 with different content",
    );
}

fn an_empty_file_is_rejected(mut f: Fixture) {
    f.rejects("empty.jsonl", b"", "holds no decisions");
    f.rejects("blank.jsonl", b"\n  \n\r\n", "holds no decisions");
}

fn a_missing_file_is_rejected(mut f: Fixture) {
    let path = f.dir.path().join("nowhere.jsonl");
    let report = f.import(&path);
    assert!(
        messages(&report).contains("cannot open") && messages(&report).contains("no such file")
    );
    assert_eq!(f.store.counts().unwrap(), f.before);
}

fn every_bad_line_is_reported_not_only_the_first(mut f: Fixture) {
    let good = String::from_utf8(generated(20, 5)).unwrap();
    let mut lines: Vec<String> = good.lines().map(str::to_owned).collect();
    lines[2] = lines[2].replace(
        "\"schema\":\"berkut.decision/1\"",
        "\"schema\":\"berkut.decision/2\"",
    );
    lines[9] = "not json".to_owned();
    lines[17] = lines[17].replacen("\"sex\":\"", "\"sex\":\"X", 1);
    let report = f.rejects(
        "three.jsonl",
        lines.join("\n").as_bytes(),
        "line 3: schema:",
    );
    let text = messages(&report);
    assert!(text.contains("line 10: expected a JSON object"), "{text}");
    assert!(
        text.contains("line 18: person.sex: unknown variant"),
        "{text}"
    );
    let BatchOutcome::Rejected { bad_lines, .. } = report.outcome else {
        unreachable!()
    };
    assert_eq!(bad_lines.len(), 3);
}

fn a_required_signature_that_is_missing_rejects_the_batch(mut f: Fixture) {
    let (_, public) = key_pair();
    f.register("RU", public, true);
    f.rejects(
        "unsigned.jsonl",
        line("RU", "S-1", 1).as_bytes(),
        "RU requires signed batches but",
    );
    // A source that does not require signatures is still accepted unsigned.
    let path = f.file("kz.jsonl", line("KZ", "S-2", 1).as_bytes());
    assert!(!f.import(&path).is_rejected());
}

fn a_signature_that_does_not_verify_rejects_the_batch(mut f: Fixture) {
    let (secret, public) = key_pair();
    f.register("RU", public, true);
    let bytes = line("RU", "S-3", 1);
    let path = f.file("tampered.jsonl", bytes.replace("S-3", "S-4").as_bytes());
    std::fs::write(
        keys::signature_path(&path),
        keys::sign(&secret, bytes.as_bytes()),
    )
    .unwrap();
    f.rejects(
        "tampered.jsonl",
        bytes.replace("S-3", "S-4").as_bytes(),
        "does not verify with the key registered for RU",
    );
    std::fs::write(keys::signature_path(&path), "garbage").unwrap();
    f.rejects(
        "tampered.jsonl",
        bytes.as_bytes(),
        "not an Ed25519 signature",
    );
}

fn a_signature_without_a_registered_key_rejects_the_batch(mut f: Fixture) {
    let (secret, _) = key_pair();
    let bytes = line("KG", "S-5", 1);
    let path = f.file("nokey.jsonl", bytes.as_bytes());
    std::fs::write(
        keys::signature_path(&path),
        keys::sign(&secret, bytes.as_bytes()),
    )
    .unwrap();
    f.rejects(
        "nokey.jsonl",
        bytes.as_bytes(),
        "no public key is registered for KG",
    );
}

fn a_valid_signature_is_accepted_and_recorded(mut f: Fixture) {
    let (secret, public) = key_pair();
    f.register("RU", public, true);
    let (_, other) = key_pair();
    f.register("KZ", other, false);
    let bytes = gzip(line("RU", "S-6", 1).as_bytes());
    let path = f.file("signed.jsonl.gz", &bytes);
    std::fs::write(keys::signature_path(&path), keys::sign(&secret, &bytes)).unwrap();
    let report = f.import(&path);
    let BatchOutcome::Applied { signed_by, .. } = &report.outcome else {
        panic!("{}", messages(&report))
    };
    assert_eq!(
        signed_by,
        &[CountryCode::try_from("RU".to_owned()).unwrap()]
    );
}

fn a_dry_run_stores_nothing(mut f: Fixture) {
    let path = f.file("dry.jsonl", &generated(30, 6));
    let options = ImportOptions {
        dry_run: true,
        only_source: None,
    };
    let report = import_file(&mut f.store, &path, options, &ProgressBar::hidden()).unwrap();
    assert!(matches!(report.outcome, BatchOutcome::Valid { .. }));
    assert_eq!(f.store.counts().unwrap(), f.before);
    drop(f.db);
}

fn key_pair() -> (ed25519_dalek::SigningKey, [u8; 32]) {
    let (secret, _) = keys::generate_key_pair().unwrap();
    let secret = keys::parse_signing_key(&secret).unwrap();
    let public = secret.verifying_key().to_bytes();
    (secret, public)
}

fn a_byte_order_mark_at_the_start_is_not_data(mut f: Fixture) {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(
        format!("{}\n{}\n", line("RU", "BOM-1", 1), line("RU", "BOM-2", 1)).as_bytes(),
    );
    let path = f.file("bom.jsonl", &bytes);
    let report = f.import(&path);
    assert!(
        matches!(report.outcome, BatchOutcome::Applied { .. }),
        "{}",
        messages(&report)
    );
    assert_eq!(report.lines, 2);
}

fn a_stored_revision_resent_with_other_content_is_ignored_and_reported(mut f: Fixture) {
    let first = line("RU", "DIFF-1", 2);
    let path = f.file("first.jsonl", first.as_bytes());
    assert!(!f.import(&path).is_rejected());
    let changed = first.replace("\"final\"", "\"revoked\"");
    let older = line("RU", "DIFF-1", 1).replace("\"final\"", "\"pending\"");
    let path = f.file("second.jsonl", format!("{changed}\n{older}\n").as_bytes());
    let report = f.import(&path);
    let BatchOutcome::Applied { summary, .. } = report.outcome else {
        panic!("{}", messages(&report))
    };
    let ru = summary.counts[&CountryCode::try_from("RU".to_owned()).unwrap()];
    assert_eq!((ru.unchanged, ru.differing), (2, 1));
    assert_eq!(summary.differing, ["RU/DIFF-1 revision 2"]);
}
