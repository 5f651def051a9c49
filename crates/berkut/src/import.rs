//! Applying a partner's batch to the registry (`berkut import`, and later `POST /api/v1/batches`).
//!
//! A batch is all or nothing. One pass reads the file, verifies its signature, parses and
//! validates every line and, while no line has failed, feeds the decisions to one database
//! transaction. Reading and parsing run on one thread and the database on another, so both
//! cores work. At the end the transaction commits only if every line was good and the
//! signature rules of every source in the batch are met; otherwise it is rolled back and the
//! report lists every bad line with its number, field and what was expected. A process killed
//! in the middle leaves the database as it was: the transaction never committed.
//!
//! What makes a batch bad, besides a bad line: a file that cannot be read (missing, invalid
//! gzip), no decisions at all, a line longer than [`MAX_LINE_BYTES`], two lines with the same
//! reference and revision but different content, and a signature that is missing where a source
//! requires one or that does not verify.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::time::{Duration, Instant};

use berkut_core::{CountryCode, LineError, line_text, parse_decision_text};
use berkut_store::{BatchProvenance, ImportSummary, Partner, PreparedRevision, Store, StoreError};
use ed25519_dalek::{Signature, StreamVerifier, VerifyingKey};
use indicatif::ProgressBar;
use sha2::{Digest, Sha256};

use crate::keys::{parse_signature, signature_path};

/// The longest line accepted. A decision with many names and documents is a few kilobytes; a
/// longer line is a broken file, and reading it whole would only waste memory.
pub const MAX_LINE_BYTES: usize = 1 << 20;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decisions handed from the reading thread to the database thread at once.
const CHUNK: usize = 512;

/// How to apply a batch.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions<'a> {
    /// Validate everything (lines, signature) but store nothing.
    pub dry_run: bool,
    /// The only source the batch may hold (a partner's account sends its own decisions only).
    pub only_source: Option<&'a CountryCode>,
}

/// One bad line of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    /// 1-based line number in the (decompressed) file.
    pub line: u64,
    pub error: LineError,
}

/// What happened to a batch.
#[derive(Debug)]
pub enum BatchOutcome {
    /// Stored, with what it changed per source.
    Applied {
        summary: ImportSummary,
        signed_by: Vec<CountryCode>,
    },
    /// A dry run found nothing wrong.
    Valid { signed_by: Vec<CountryCode> },
    /// Nothing was stored.
    Rejected {
        /// Problems with the batch as a whole (file, signature, emptiness).
        problems: Vec<String>,
        bad_lines: Vec<BadLine>,
    },
}

/// The report on one batch.
#[derive(Debug)]
pub struct BatchReport {
    /// The batch's name (its path, for a file).
    pub name: String,
    /// Non-blank lines read.
    pub lines: u64,
    /// Lines read per source (lines whose source could not be read are not counted here).
    pub lines_per_source: BTreeMap<CountryCode, u64>,
    pub outcome: BatchOutcome,
    pub elapsed: Duration,
}

impl BatchReport {
    /// A batch refused before any line was read (no file, an unreadable signature).
    fn refused(name: &str, problem: String, started: Instant) -> Self {
        BatchReport {
            name: name.to_owned(),
            lines: 0,
            lines_per_source: BTreeMap::new(),
            outcome: BatchOutcome::Rejected {
                problems: vec![problem],
                bad_lines: vec![],
            },
            elapsed: started.elapsed(),
        }
    }

    /// Whether the batch was refused.
    pub fn is_rejected(&self) -> bool {
        matches!(self.outcome, BatchOutcome::Rejected { .. })
    }
}

/// A failure of the system rather than of the batch (the database went away, say).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the batch reader stopped unexpectedly")]
    ReaderPanicked,
}

/// Applies the batch in the file at `path`, with its `.sig` beside it if there is one.
pub fn import_file(
    store: &mut Store,
    path: &Path,
    options: ImportOptions<'_>,
    progress: &ProgressBar,
) -> Result<BatchReport, ImportError> {
    let started = Instant::now();
    let name = path.display().to_string();
    let rejected = |problem: String| BatchReport::refused(&name, problem, started);
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(error) => {
            return Ok(rejected(format!(
                "cannot open {name}: {}",
                describe_io(&error)
            )));
        }
    };
    if let Ok(metadata) = file.metadata() {
        if metadata.is_dir() {
            return Ok(rejected(format!("{name} is a directory, not a batch file")));
        }
        progress.set_length(metadata.len());
    }
    let sig_path = signature_path(path);
    let signature = match std::fs::read_to_string(&sig_path) {
        Ok(text) => Some(text),
        Err(error) if error.kind() == io::ErrorKind::NotFound => None,
        Err(error) => {
            return Ok(rejected(format!(
                "cannot read the signature {}: {}",
                sig_path.display(),
                describe_io(&error)
            )));
        }
    };
    let mut report = import_reader(
        store,
        &name,
        file,
        signature.as_deref(),
        &sig_path.display().to_string(),
        options,
        progress,
    )?;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Applies a batch read from `input`. `signature` is the text of its detached signature, if
/// any; `signature_name` names it in messages.
pub fn import_reader(
    store: &mut Store,
    name: &str,
    input: impl Read + Send,
    signature: Option<&str>,
    signature_name: &str,
    options: ImportOptions<'_>,
    progress: &ProgressBar,
) -> Result<BatchReport, ImportError> {
    let started = Instant::now();
    let partners: HashMap<CountryCode, Partner> = store
        .partners()?
        .into_iter()
        .map(|p| (p.source.clone(), p))
        .collect();
    let signature = match signature.map(parse_signature).transpose() {
        Ok(signature) => signature,
        Err(error) => {
            return Ok(BatchReport::refused(
                name,
                format!("{signature_name}: {error}"),
                started,
            ));
        }
    };
    let verifiers = signature
        .map(|s| stream_verifiers(&partners, &s))
        .unwrap_or_default();

    let cancel = AtomicBool::new(false);
    let (sender, receiver) = sync_channel::<Vec<PreparedRevision>>(8);
    let sender = (!options.dry_run).then_some(sender);
    let (read, applied) = std::thread::scope(|scope| {
        let reader = scope.spawn(|| read_batch(input, verifiers, sender, &cancel, progress));
        let applied = if options.dry_run {
            drop(receiver);
            Ok(None)
        } else {
            apply_chunks(store, name, receiver)
                .inspect_err(|_| cancel.store(true, Ordering::Relaxed))
        };
        (reader.join(), applied)
    });
    let read = read.map_err(|_| ImportError::ReaderPanicked)?;
    let tx = applied?;

    let mut problems = Vec::new();
    if let Some(problem) = read.problem {
        problems.push(problem);
    }
    if problems.is_empty() && read.bad_lines.is_empty() && read.lines == 0 {
        problems.push(format!("{name} holds no decisions (the file is empty)"));
    }
    let sources: BTreeSet<&CountryCode> = read.lines_per_source.keys().collect();
    if let Some(allowed) = options.only_source {
        for (source, lines) in &read.lines_per_source {
            if source != allowed {
                problems.push(format!(
                    "this account may send only {allowed}'s decisions; the batch holds {lines} line(s) of {source}"
                ));
            }
        }
    }
    for source in &sources {
        let partner = partners.get(*source);
        match (signature.is_some(), partner) {
            (true, Some(Partner { public_key: Some(_), .. })) => {
                if !read.verified_by.contains(*source) {
                    problems.push(format!(
                        "the signature {signature_name} does not verify with the key registered for {source}: the file was changed or signed with another key"
                    ));
                }
            }
            (true, _) => problems.push(format!(
                "{signature_name} is present but no public key is registered for {source} (berkut partners add {source} --public-key FILE)"
            )),
            (false, Some(partner)) if partner.require_signature => problems.push(format!(
                "{source} requires signed batches but {signature_name} is missing"
            )),
            (false, _) => {}
        }
    }
    let signed_by: Vec<CountryCode> = sources
        .iter()
        .filter(|s| read.verified_by.contains(**s))
        .map(|s| (*s).clone())
        .collect();

    let outcome = if !problems.is_empty() || !read.bad_lines.is_empty() {
        drop(tx);
        BatchOutcome::Rejected {
            problems,
            bad_lines: read.bad_lines,
        }
    } else if let Some(tx) = tx {
        let provenance = BatchProvenance {
            sha256: read.sha256,
            signed_by: signed_by.clone(),
        };
        BatchOutcome::Applied {
            summary: tx.commit(&provenance)?,
            signed_by,
        }
    } else {
        BatchOutcome::Valid { signed_by }
    };
    Ok(BatchReport {
        name: name.to_owned(),
        lines: read.lines,
        lines_per_source: read.lines_per_source,
        outcome,
        elapsed: started.elapsed(),
    })
}

/// Receives decisions and applies them in one transaction, returned uncommitted.
fn apply_chunks<'s>(
    store: &'s mut Store,
    name: &str,
    receiver: Receiver<Vec<PreparedRevision>>,
) -> Result<Option<berkut_store::ImportTx<'s>>, StoreError> {
    let mut tx = store.begin_import(name)?;
    for chunk in receiver {
        for revision in chunk {
            tx.apply(revision)?;
        }
    }
    Ok(Some(tx))
}

/// One verifier per partner key: the batch's sources are known only once it has been read,
/// so the signature is checked against every registered key in the same pass.
fn stream_verifiers(
    partners: &HashMap<CountryCode, Partner>,
    signature: &Signature,
) -> Vec<(CountryCode, StreamVerifier)> {
    partners
        .values()
        .filter_map(|partner| {
            let key = VerifyingKey::from_bytes(&partner.public_key?).ok()?;
            // A weak key is refused when registered; one in the database is not trusted either.
            if key.is_weak() {
                return None;
            }
            let verifier = key.verify_stream(signature).ok()?;
            Some((partner.source.clone(), verifier))
        })
        .collect()
}

/// What the reading thread found.
struct ReadOutcome {
    lines: u64,
    lines_per_source: BTreeMap<CountryCode, u64>,
    bad_lines: Vec<BadLine>,
    problem: Option<String>,
    sha256: String,
    verified_by: BTreeSet<CountryCode>,
}

/// Passes the file's raw bytes to the hash, the signature verifiers and the progress bar.
struct Tee<'p, R> {
    inner: R,
    sha256: Sha256,
    verifiers: Vec<(CountryCode, StreamVerifier)>,
    progress: &'p ProgressBar,
}

impl<R: Read> Read for Tee<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let bytes = &buf[..n];
        self.sha256.update(bytes);
        for (_, verifier) in &mut self.verifiers {
            verifier.update(bytes);
        }
        self.progress.inc(n as u64);
        Ok(n)
    }
}

fn read_batch(
    input: impl Read,
    verifiers: Vec<(CountryCode, StreamVerifier)>,
    mut sender: Option<SyncSender<Vec<PreparedRevision>>>,
    cancel: &AtomicBool,
    progress: &ProgressBar,
) -> ReadOutcome {
    let mut tee = Tee {
        inner: input,
        sha256: Sha256::new(),
        verifiers,
        progress,
    };
    let mut outcome = ReadOutcome {
        lines: 0,
        lines_per_source: BTreeMap::new(),
        bad_lines: Vec::new(),
        problem: None,
        sha256: String::new(),
        verified_by: BTreeSet::new(),
    };
    if let Err(problem) = read_lines(&mut tee, &mut outcome, &mut sender, cancel) {
        outcome.problem = Some(problem);
        return outcome;
    }
    // Whatever the decoder did not need (a gzip trailer) still belongs to the signed bytes.
    if let Err(error) = io::copy(&mut tee, &mut io::sink()) {
        outcome.problem = Some(format!("cannot read the batch: {}", describe_io(&error)));
        return outcome;
    }
    outcome.sha256 = tee
        .sha256
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    outcome.verified_by = tee
        .verifiers
        .into_iter()
        .filter_map(|(source, verifier)| verifier.finalize_and_verify().is_ok().then_some(source))
        .collect();
    outcome
}

/// Reads every line; a bad line is recorded and reading goes on, so the report is complete.
/// Returns an error only when the file itself cannot be read further.
fn read_lines<R: Read>(
    tee: &mut Tee<'_, R>,
    outcome: &mut ReadOutcome,
    sender: &mut Option<SyncSender<Vec<PreparedRevision>>>,
    cancel: &AtomicBool,
) -> Result<(), String> {
    let mut raw = BufReader::with_capacity(1 << 20, tee);
    let is_gzip = raw
        .fill_buf()
        .map_err(|e| format!("cannot read the batch: {}", describe_io(&e)))?
        .starts_with(&[0x1f, 0x8b]);
    let mut text: Box<dyn BufRead + '_> = if is_gzip {
        Box::new(BufReader::with_capacity(
            1 << 20,
            flate2::bufread::MultiGzDecoder::new(raw),
        ))
    } else {
        Box::new(raw)
    };

    // (source, ref, revision) of every line so far -> content fingerprint and line number.
    let mut seen: HashMap<u128, (u64, u64)> = HashMap::new();
    let mut chunk = Vec::with_capacity(CHUNK);
    let mut buffer = Vec::new();
    let mut line_number = 0u64;
    loop {
        if cancel.load(Ordering::Relaxed) {
            return Ok(());
        }
        let line = next_line(&mut *text, &mut buffer, MAX_LINE_BYTES).map_err(|error| {
            if is_gzip {
                format!(
                    "the gzip stream is truncated or corrupt after line {line_number}: {}",
                    describe_io(&error)
                )
            } else {
                format!(
                    "cannot read the batch after line {line_number}: {}",
                    describe_io(&error)
                )
            }
        })?;
        line_number += 1;
        let error = match line {
            Line::End => break,
            Line::TooLong { bytes } => {
                outcome.lines += 1;
                LineError::whole_line(format!(
                    "the line is {bytes} bytes long, at most {MAX_LINE_BYTES} allowed"
                ))
            }
            Line::Text => {
                if buffer.last() == Some(&b'\r') {
                    buffer.pop();
                }
                // Some exporters start a UTF-8 file with a byte-order mark; it is not data.
                if line_number == 1 && buffer.starts_with(UTF8_BOM) {
                    buffer.drain(..UTF8_BOM.len());
                }
                if buffer.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                outcome.lines += 1;
                match line_text(&buffer).and_then(|text| Ok((text, parse_decision_text(text)?))) {
                    Ok((text, decision)) => {
                        match outcome.lines_per_source.get_mut(&decision.source) {
                            Some(lines) => *lines += 1,
                            None => {
                                outcome.lines_per_source.insert(decision.source.clone(), 1);
                            }
                        }
                        let revision = PreparedRevision::new(decision, text.to_owned());
                        match check_replay(&mut seen, &revision, line_number) {
                            Some(error) => error,
                            None => {
                                if outcome.bad_lines.is_empty()
                                    && let Some(tx) = sender.as_ref()
                                {
                                    chunk.push(revision);
                                    if chunk.len() == CHUNK
                                        && tx.send(std::mem::take(&mut chunk)).is_err()
                                    {
                                        *sender = None;
                                    }
                                }
                                continue;
                            }
                        }
                    }
                    Err(error) => error,
                }
            }
        };
        outcome.bad_lines.push(BadLine {
            line: line_number,
            error,
        });
        // Nothing more goes to the database: the batch will be rolled back.
        *sender = None;
        chunk.clear();
    }
    if let Some(tx) = sender.take()
        && !chunk.is_empty()
    {
        let _ = tx.send(chunk);
    }
    Ok(())
}

/// Two lines with the same reference and revision must say the same thing; an exact replay is
/// harmless (it changes nothing), a different content is an error in the batch.
fn check_replay(
    seen: &mut HashMap<u128, (u64, u64)>,
    revision: &PreparedRevision,
    line: u64,
) -> Option<LineError> {
    let decision = revision.decision();
    let key = xxhash_rust::xxh3::xxh3_128(
        format!(
            "{}\u{0}{}\u{0}{}",
            decision.source, decision.reference, decision.revision
        )
        .as_bytes(),
    );
    let fingerprint = revision.content_fingerprint();
    match seen.get(&key) {
        Some(&(earlier, earlier_line)) if earlier != fingerprint => Some(LineError {
            path: Some("revision".to_owned()),
            message: format!(
                "{} revision {} already appears on line {earlier_line} with different content; a new content needs a new revision",
                decision.id(),
                decision.revision
            ),
        }),
        Some(_) => None,
        None => {
            seen.insert(key, (fingerprint, line));
            None
        }
    }
}

enum Line {
    End,
    Text,
    TooLong { bytes: u64 },
}

/// Reads one line into `buffer` (without its `\n`), never holding more than `max` bytes of it.
fn next_line(reader: &mut dyn BufRead, buffer: &mut Vec<u8>, max: usize) -> io::Result<Line> {
    buffer.clear();
    let mut bytes = 0u64;
    let mut too_long = false;
    let mut any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if available.is_empty() {
            return Ok(match (any, too_long) {
                (false, _) => Line::End,
                (true, true) => Line::TooLong { bytes },
                (true, false) => Line::Text,
            });
        }
        any = true;
        let (taken, found_end) = match memchr::memchr(b'\n', available) {
            Some(end) => (end, true),
            None => (available.len(), false),
        };
        if !too_long {
            if buffer.len() + taken > max {
                too_long = true;
                buffer.clear();
            } else {
                buffer.extend_from_slice(&available[..taken]);
            }
        }
        bytes += taken as u64;
        reader.consume(taken + usize::from(found_end));
        if found_end {
            return Ok(if too_long {
                Line::TooLong { bytes }
            } else {
                Line::Text
            });
        }
    }
}

/// An I/O error as one short sentence.
fn describe_io(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        io::ErrorKind::UnexpectedEof => "unexpected end of file".to_owned(),
        _ => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], max: usize) -> Vec<String> {
        let mut reader = BufReader::with_capacity(4, input);
        let mut buffer = Vec::new();
        let mut out = Vec::new();
        loop {
            match next_line(&mut reader, &mut buffer, max).unwrap() {
                Line::End => return out,
                Line::Text => out.push(String::from_utf8(buffer.clone()).unwrap()),
                Line::TooLong { bytes } => out.push(format!("<{bytes} bytes>")),
            }
        }
    }

    #[test]
    fn lines_are_split_and_capped_without_holding_long_ones() {
        assert_eq!(lines(b"ab\ncd", 10), ["ab", "cd"]);
        assert_eq!(lines(b"ab\n\ncd\n", 10), ["ab", "", "cd"]);
        assert_eq!(
            lines(b"short\nthis one is far too long\nok", 8),
            ["short", "<24 bytes>", "ok"]
        );
        assert_eq!(lines(b"", 8), Vec::<String>::new());
    }
}
