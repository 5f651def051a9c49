//! The audit log's chain: what an entry says, how it is sealed, and how a whole log is checked.
//!
//! Each entry is numbered from 1 without gaps and carries `hash = SHA-256(content, prev_hash)`,
//! where `prev_hash` is the previous entry's hash (64 zeros for the first). Editing an entry
//! changes its hash; deleting, inserting or reordering entries breaks the numbering or the link
//! to the previous hash; re-sealing an edited entry breaks the link of the entry after it. What
//! a chain cannot show alone is a cut at the end: compare the head with one noted earlier
//! (`berkut audit verify --expect-head`).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened, before it is numbered and sealed into the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditDraft {
    /// When, RFC 3339 UTC with milliseconds.
    pub at: String,
    /// The account, or `anonymous@<address>` without one (the public self-check, a refused
    /// request).
    pub actor: String,
    pub role: String,
    /// `POST /api/v1/checks`, or a command line (`cli: berkut hit confirm`).
    pub route: String,
    /// Why: given by the client (header `Berkut-Purpose`) or the route's own purpose.
    pub purpose: String,
    /// Whose data or which record: `check #12`, `person P-000123`, `decision RU/RU-MVD-1`.
    pub subject: String,
    /// The HTTP status, with the outcome where there is one: `200 admit`, `403`,
    /// `200 obstacle_found`.
    pub result: String,
}

/// A sealed entry of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: i64,
    #[serde(flatten)]
    pub draft: AuditDraft,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash of an entry's content and its predecessor's hash, lowercase hex.
pub fn entry_hash(seq: i64, draft: &AuditDraft, prev_hash: &str) -> String {
    // A JSON array of the fields is an unambiguous encoding: no field can run into the next.
    let content = serde_json::json!([
        seq,
        draft.at,
        draft.actor,
        draft.role,
        draft.route,
        draft.purpose,
        draft.subject,
        draft.result,
        prev_hash,
    ]);
    let digest = Sha256::digest(content.to_string().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Numbers and seals `draft` after the entry `(seq, hash)` (or after nothing).
pub fn seal(draft: AuditDraft, previous: Option<(i64, &str)>) -> AuditEntry {
    let (seq, prev_hash) = match previous {
        Some((seq, hash)) => (seq + 1, hash.to_owned()),
        None => (1, GENESIS_HASH.to_owned()),
    };
    let hash = entry_hash(seq, &draft, &prev_hash);
    AuditEntry {
        seq,
        draft,
        prev_hash,
        hash,
    }
}

/// The first thing wrong in a log, with the entry where it shows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error(
        "entry #{found}: expected entry #{expected} here; entries were deleted, inserted or reordered"
    )]
    Numbering { expected: i64, found: i64 },
    #[error(
        "entry #{seq}: does not follow the entry before it (its prev_hash differs); an entry before it was edited and re-sealed, or entries were deleted, inserted or reordered"
    )]
    Link { seq: i64 },
    #[error("entry #{seq}: its content does not match its hash; the entry was edited")]
    Content { seq: i64 },
    #[error(
        "the log ends at entry #{last} ({last_hash}), not at the expected head #{expected_seq}; entries were cut from its end or it was rewritten"
    )]
    Head {
        last: i64,
        last_hash: String,
        expected_seq: i64,
    },
}

impl ChainBreak {
    /// The number of the first bad entry (for a cut end, the expected head's).
    pub fn seq(&self) -> i64 {
        match self {
            ChainBreak::Numbering { found, .. } => *found,
            ChainBreak::Link { seq } | ChainBreak::Content { seq } => *seq,
            ChainBreak::Head { expected_seq, .. } => *expected_seq,
        }
    }
}

/// Checks entries as they come, in the order the store gives them (by `seq`).
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    expected_seq: i64,
    prev_hash: String,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        ChainVerifier {
            expected_seq: 1,
            prev_hash: GENESIS_HASH.to_owned(),
        }
    }
}

impl ChainVerifier {
    /// Checks the next entry.
    pub fn next(&mut self, entry: &AuditEntry) -> Result<(), ChainBreak> {
        if entry.seq != self.expected_seq {
            return Err(ChainBreak::Numbering {
                expected: self.expected_seq,
                found: entry.seq,
            });
        }
        if entry.prev_hash != self.prev_hash {
            return Err(ChainBreak::Link { seq: entry.seq });
        }
        if entry_hash(entry.seq, &entry.draft, &entry.prev_hash) != entry.hash {
            return Err(ChainBreak::Content { seq: entry.seq });
        }
        self.expected_seq += 1;
        self.prev_hash = entry.hash.clone();
        Ok(())
    }

    /// The last entry checked, as `(seq, hash)` (`(0, GENESIS_HASH)` for an empty log).
    pub fn head(&self) -> (i64, &str) {
        (self.expected_seq - 1, &self.prev_hash)
    }

    /// Checks that the log reached a head noted earlier: `(seq, hash)` must be an entry of it.
    /// Only meaningful once every entry has been given to [`ChainVerifier::next`].
    pub fn reached(
        &self,
        seq: i64,
        hash: &str,
        hash_at_seq: Option<&str>,
    ) -> Result<(), ChainBreak> {
        let (last, last_hash) = self.head();
        if seq > last || hash_at_seq != Some(hash) {
            return Err(ChainBreak::Head {
                last,
                last_hash: last_hash.to_owned(),
                expected_seq: seq,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(n: u32) -> AuditDraft {
        AuditDraft {
            at: format!("2026-11-21T10:00:{n:02}.000Z"),
            actor: "ivanov".into(),
            role: "border_officer".into(),
            route: "POST /api/v1/checks".into(),
            purpose: "border check".into(),
            subject: format!("check #{n}"),
            result: "200".into(),
        }
    }

    fn chain(n: u32) -> Vec<AuditEntry> {
        let mut entries: Vec<AuditEntry> = Vec::new();
        for i in 1..=n {
            let previous = entries.last().map(|e| (e.seq, e.hash.as_str()));
            let entry = seal(draft(i), previous);
            entries.push(entry);
        }
        entries
    }

    fn verify(entries: &[AuditEntry]) -> Result<(), ChainBreak> {
        let mut verifier = ChainVerifier::default();
        entries.iter().try_for_each(|e| verifier.next(e))
    }

    #[test]
    fn an_untouched_chain_verifies_and_names_its_head() {
        let entries = chain(5);
        let mut verifier = ChainVerifier::default();
        for e in &entries {
            verifier.next(e).unwrap();
        }
        assert_eq!(verifier.head(), (5, entries[4].hash.as_str()));
    }

    #[test]
    fn an_edited_entry_is_named() {
        let mut entries = chain(5);
        entries[2].draft.subject = "check #999".into();
        assert_eq!(verify(&entries), Err(ChainBreak::Content { seq: 3 }));
    }

    #[test]
    fn an_edited_and_resealed_entry_breaks_the_next_link() {
        let mut entries = chain(5);
        entries[2].draft.result = "403".into();
        entries[2].hash = entry_hash(3, &entries[2].draft, &entries[2].prev_hash);
        assert_eq!(verify(&entries), Err(ChainBreak::Link { seq: 4 }));
    }

    #[test]
    fn a_deleted_entry_is_named() {
        let mut entries = chain(5);
        entries.remove(1);
        assert_eq!(
            verify(&entries),
            Err(ChainBreak::Numbering {
                expected: 2,
                found: 3
            })
        );
    }

    #[test]
    fn reordered_entries_are_named() {
        let mut entries = chain(5);
        entries.swap(1, 3);
        assert_eq!(verify(&entries).map_err(|e| e.seq()), Err(4));
    }

    #[test]
    fn a_renumbered_insertion_is_named() {
        // An entry slipped in after #2 with everything after it renumbered to keep no gap.
        let mut entries = chain(4);
        let forged = seal(draft(9), Some((2, entries[1].hash.as_str())));
        entries.insert(2, forged);
        for (i, e) in entries.iter_mut().enumerate().skip(3) {
            e.seq = i as i64 + 1;
        }
        assert_eq!(verify(&entries), Err(ChainBreak::Link { seq: 4 }));
    }

    #[test]
    fn a_cut_end_shows_only_against_a_noted_head() {
        let entries = chain(5);
        let noted = (5, entries[4].hash.clone());
        let mut verifier = ChainVerifier::default();
        for e in &entries[..3] {
            verifier.next(e).unwrap();
        }
        let err = verifier.reached(noted.0, &noted.1, None).unwrap_err();
        assert_eq!(err.seq(), 5);
    }
}
