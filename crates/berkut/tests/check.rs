//! `berkut check` as an officer runs it: the document, the registry and the policy decide; every
//! check is recorded; an emergency declaration keeps an expired passport valid while it is in
//! effect and says so; bad input is refused and nothing is recorded.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::{json_of, run, text};

use std::path::Path;
use std::process::Output;

use serde_json::Value;

/// ICAO 9303 Part 4 specimen: Anna Maria Eriksson, passport expired 2012-04-15.
const SPECIMEN: &str =
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";

fn registry(dir: &Path) {
    let batch = serde_json::json!({
        "schema": "berkut.decision/1", "source": "RU", "authority": "SK", "ref": "RU-SK-2026-00042",
        "revision": 1, "kind": "criminal", "category": "serious_crime", "status": "pending",
        "decided_on": "2026-10-01", "legal_basis": "test",
        "person": {"names": [{"family": "Абдуллаев", "given": "Бахтиёр", "patronymic": "Рустамович"}],
                   "birth_date": "1990-05-17", "sex": "M", "citizenship": ["UZ"],
                   "documents": [{"type": "passport", "country": "UZB", "number": "FA1234567"}]}
    });
    std::fs::write(dir.join("batch.jsonl"), format!("{batch}\n")).unwrap();
    let imported = run(&["import", "--db", "sqlite://r.db", "batch.jsonl"], dir);
    assert!(imported.status.success(), "{}", text(&imported.stderr));
    let added = run(
        &[
            "checkpoints",
            "add",
            "--db",
            "sqlite://r.db",
            "KZ-A",
            "Checkpoint A",
        ],
        dir,
    );
    assert!(added.status.success(), "{}", text(&added.stderr));
}

fn check(dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "check",
        "--db",
        "sqlite://r.db",
        "--checkpoint",
        "KZ-A",
        "--officer",
        "officer1",
        "--at",
        "2026-11-21T08:15:00Z",
        "--json",
    ];
    args.extend_from_slice(extra);
    run(&args, dir)
}

fn recorded_checks(dir: &Path) -> usize {
    let mut store =
        berkut_store::Store::open(&format!("sqlite://{}", dir.join("r.db").display())).unwrap();
    store.recent_checks(1000).unwrap().len()
}

#[test]
fn a_partners_open_case_detains_and_the_check_is_recorded_with_its_versions() {
    let dir = tempfile::tempdir().unwrap();
    registry(dir.path());
    let output = check(
        dir.path(),
        &[
            "--family",
            "ABDULLAYEV",
            "--given",
            "BAXTIYOR",
            "--birth-date",
            "1990-05-17",
            "--sex",
            "M",
            "--nationality",
            "UZB",
            "--document-number",
            "AB7654321",
            "--document-country",
            "UZB",
            "--expires-on",
            "2031-01-01",
        ],
    );
    let answer = json_of(&output);
    assert_eq!(answer["outcome"], "detain_pending_decision", "{answer:#}");
    assert_eq!(answer["reasons"][0]["rule"], "partner_open_criminal_case");
    assert_eq!(answer["reasons"][0]["decision"][1], "RU-SK-2026-00042");
    assert_eq!(answer["document"]["status"], "valid");
    assert_eq!(answer["hits"][0]["band"], "strong");
    assert_eq!(answer["check"], 1);

    let mut store =
        berkut_store::Store::open(&format!("sqlite://{}", dir.path().join("r.db").display()))
            .unwrap();
    let checks = store.recent_checks(10).unwrap();
    assert_eq!(checks.len(), 1);
    let (number, record) = &checks[0];
    assert_eq!(*number, 1);
    assert_eq!(record.officer, "officer1");
    assert_eq!(record.checkpoint, "KZ-A");
    assert_eq!(record.direction, "entry");
    assert_eq!(record.document_number.as_deref(), Some("AB7654321"));
    assert_eq!(record.outcome, "detain_pending_decision");
    assert!(record.policy_version.starts_with("kz-default/"));
    assert!(record.matcher_version.starts_with("berkut-match/"));
    let stored: Value = serde_json::from_str(&record.result).unwrap();
    assert_eq!(stored["reasons"], answer["reasons"]);

    // The officer's terminal view says the same in words.
    let plain = run(
        &[
            "check",
            "--db",
            "sqlite://r.db",
            "--checkpoint",
            "KZ-A",
            "--officer",
            "officer1",
            "--family",
            "ABDULLAYEV",
            "--given",
            "BAXTIYOR",
            "--birth-date",
            "1990-05-17",
        ],
        dir.path(),
    );
    let words = text(&plain.stdout);
    assert!(words.starts_with("DETAIN_PENDING_DECISION"), "{words}");
    assert!(
        words.contains("partner_open_criminal_case") && words.contains("RU-SK-2026-00042"),
        "{words}"
    );
}

#[test]
fn an_emergency_declaration_keeps_an_expired_passport_valid_until_it_is_ended() {
    let dir = tempfile::tempdir().unwrap();
    registry(dir.path());
    let expired = json_of(&check(dir.path(), &["--mrz", SPECIMEN]));
    assert_eq!(expired["outcome"], "refuse_entry", "{expired:#}");
    assert_eq!(expired["document"]["status"], "expired");
    assert_eq!(expired["reasons"][0]["rule"], "document_expired");

    let declared = run(
        &[
            "emergency",
            "declare",
            "--db",
            "sqlite://r.db",
            "--title",
            "Consulates of Utopia closed",
            "--from",
            "2026-11-01",
            "--until",
            "2026-12-31",
            "--expired-on-or-after",
            "2012-01-01",
            "--valid-until",
            "2026-12-31",
            "--by",
            "admin1",
        ],
        dir.path(),
    );
    assert!(declared.status.success(), "{}", text(&declared.stderr));
    assert!(text(&declared.stdout).contains("E-000001"));

    let kept = json_of(&check(dir.path(), &["--mrz", SPECIMEN]));
    assert_eq!(kept["outcome"], "admit", "{kept:#}");
    assert_eq!(kept["document"]["status"], "valid_by_emergency");
    assert_eq!(kept["document"]["declaration"], "E-000001");
    assert_eq!(kept["reasons"][0]["rule"], "emergency_declaration");

    let ended = run(
        &[
            "emergency",
            "end",
            "--db",
            "sqlite://r.db",
            "E-000001",
            "--on",
            "2026-11-20",
            "--reason",
            "consulates reopened",
            "--by",
            "admin1",
        ],
        dir.path(),
    );
    assert!(ended.status.success(), "{}", text(&ended.stderr));
    let listed = text(&run(&["emergency", "list", "--db", "sqlite://r.db"], dir.path()).stdout);
    assert!(
        listed.contains("ended after 2026-11-20 by admin1 (consulates reopened)"),
        "{listed}"
    );
    let after = json_of(&check(dir.path(), &["--mrz", SPECIMEN]));
    assert_eq!(after["outcome"], "refuse_entry", "{after:#}");
    assert_eq!(recorded_checks(dir.path()), 3);
}

#[test]
fn bad_input_is_refused_clearly_and_nothing_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    registry(dir.path());
    let cases: [(&[&str], &str); 4] = [
        (
            &["--checkpoint", "KZ-NOWHERE", "--mrz", SPECIMEN],
            "unknown checkpoint \"KZ-NOWHERE\" (known: KZ-A)",
        ),
        (
            &["--mrz", "P<UTOERIKSSON<<ANNA"],
            "the traveler cannot be read: mrz",
        ),
        (
            &["--family", "X", "--birth-date", "1990-02-30"],
            "birth_date",
        ),
        (
            &[
                "--family",
                "X",
                "--document-number",
                "A1",
                "--expires-on",
                "2026-13-01",
            ],
            "expires_on",
        ),
    ];
    for (extra, expected) in cases {
        let mut args = vec!["check", "--db", "sqlite://r.db", "--officer", "o1"];
        if !extra.contains(&"--checkpoint") {
            args.extend_from_slice(&["--checkpoint", "KZ-A"]);
        }
        args.extend_from_slice(extra);
        let output = run(&args, dir.path());
        assert!(!output.status.success(), "{extra:?} accepted");
        let error = text(&output.stderr);
        assert!(error.contains(expected), "{extra:?}: {error}");
        assert!(!error.contains("panicked"), "{error}");
    }
    let nobody = run(
        &[
            "check",
            "--db",
            "sqlite://r.db",
            "--officer",
            "o1",
            "--checkpoint",
            "KZ-A",
        ],
        dir.path(),
    );
    assert!(
        text(&nobody.stderr).contains("--mrz"),
        "{}",
        text(&nobody.stderr)
    );
    let future = run(
        &[
            "check",
            "--db",
            "sqlite://r.db",
            "--officer",
            "o1",
            "--checkpoint",
            "KZ-A",
            "--family",
            "X",
            "--at",
            "2099-01-01T00:00:00Z",
        ],
        dir.path(),
    );
    assert!(
        text(&future.stderr).contains("in the future"),
        "{}",
        text(&future.stderr)
    );
    let bad_code = run(
        &[
            "checkpoints",
            "add",
            "--db",
            "sqlite://r.db",
            "bad code!",
            "x",
        ],
        dir.path(),
    );
    assert!(
        text(&bad_code.stderr).contains("capital letters"),
        "{}",
        text(&bad_code.stderr)
    );
    let nobody_declares = run(
        &[
            "emergency",
            "declare",
            "--db",
            "sqlite://r.db",
            "--title",
            "t",
            "--from",
            "2026-11-01",
            "--until",
            "2026-12-01",
            "--expired-on-or-after",
            "2026-01-01",
            "--valid-until",
            "2026-12-01",
            "--by",
            "",
        ],
        dir.path(),
    );
    assert!(
        text(&nobody_declares.stderr).contains("who declares"),
        "{}",
        text(&nobody_declares.stderr)
    );
    assert_eq!(recorded_checks(dir.path()), 0);
}
