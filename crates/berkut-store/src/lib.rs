//! The registry on disk: every revision of every decision, the persons they concern, the
//! batches that brought them and the partners allowed to send them.
//!
//! Two backends with one behaviour: SQLite, embedded, for a single post or a laptop
//! (`sqlite://berkut.db`), and PostgreSQL for a national installation (`postgres://...`). The
//! shared test suite in `tests/behaviour.rs` runs against both. This crate is the only one that
//! writes SQL; callers see plain Rust types.
//!
//! Invariants:
//! - revisions are only ever added; `(source, ref, revision)` is unique and the current state of
//!   a decision is derived from the highest revision (view `current_decisions`);
//! - a batch is applied in one transaction ([`ImportTx`]); dropping it without
//!   [`ImportTx::commit`] leaves the database exactly as it was, and so does a killed process;
//! - migrations run when a store is opened.

mod accounts;
mod checks;
mod followup;
mod pg;
mod sql;
mod sqlite;
#[cfg(feature = "testing")]
pub mod testing;

use std::collections::BTreeMap;
use std::fmt;

use berkut_core::{CountryCode, Decision, DecisionId};

pub use accounts::{NewUser, ROLES, StoredPolicy, User};
pub use checks::{CheckRecord, Checkpoint, StoredDeclaration, declaration_id};
pub use followup::{Case, HitReview, NewCase, VerifiedFalseHit, case_id};
pub use pg::PostgresStore;
pub use sqlite::SqliteStore;

/// What can go wrong with the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://...")]
    UnsupportedUrl(String),
    #[error("the database is busy with another import or write; try again when it has finished")]
    Busy,
    #[error("cannot open the database {url}: {message}")]
    Connect { url: String, message: String },
    #[error("database migration failed: {0}")]
    Migration(#[from] refinery::Error),
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("PostgreSQL: {0}")]
    Postgres(#[from] postgres::Error),
    #[error("{0}")]
    Invalid(String),
    /// What the caller named does not exist (a case number never opened).
    #[error("{0}")]
    NotFound(String),
    /// What the caller asked contradicts the stored state (a case already closed).
    #[error("{0}")]
    Conflict(String),
    #[error("stored data is not readable ({0}); was the database written by a newer Berkut?")]
    Corrupt(String),
}

/// A person of the registry, shown as `P-000123`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PersonId(pub i64);

impl fmt::Display for PersonId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "P-{:06}", self.0)
    }
}

/// One stored revision of a decision.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRevision {
    pub decision: Decision,
    pub person_id: PersonId,
    pub batch_id: i64,
    /// The line exactly as the partner sent it, unknown fields included.
    pub raw: String,
}

/// A partner state and how its batches are checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partner {
    pub source: CountryCode,
    /// The partner's Ed25519 public key (32 bytes), if one is registered.
    pub public_key: Option<[u8; 32]>,
    /// When set, a batch with this source's decisions must carry a valid signature.
    pub require_signature: bool,
}

/// Where a batch came from, recorded with the batch when it is committed (known only once the
/// whole file has been read).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchProvenance {
    /// SHA-256 of the file's exact bytes, hex.
    pub sha256: String,
    /// Sources whose signature over the file was verified.
    pub signed_by: Vec<CountryCode>,
}

/// What a batch did to the decisions of one source.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SourceCounts {
    /// Decisions the registry did not have.
    pub inserted: u64,
    /// New revisions of decisions it had.
    pub updated: u64,
    /// Lines whose revision was not newer than the stored one: nothing changed.
    pub unchanged: u64,
    /// Of the unchanged, lines whose content differs from the stored revision with the same
    /// number: a change sent without a new revision, ignored as the exchange format says, but
    /// worth telling the partner about.
    pub differing: u64,
}

/// What a committed batch did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub counts: ImportCounts,
    /// The first few lines that repeat a stored revision with other content, as
    /// `SOURCE/REF revision N`.
    pub differing: Vec<String>,
}

/// How many differing lines an [`ImportSummary`] names.
const DIFFERING_EXAMPLES: usize = 20;

/// Counts per source, for the import summary.
pub type ImportCounts = BTreeMap<CountryCode, SourceCounts>;

/// The size of the registry.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RegistryCounts {
    pub decisions: u64,
    pub revisions: u64,
    pub persons: u64,
    pub batches: u64,
}

/// A registry on one of the supported databases.
#[derive(Debug)]
pub enum Store {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl Store {
    /// Opens the database at `url` (`sqlite://PATH` or `postgres://...`), creating it if it is
    /// a new SQLite file, and brings its schema up to date.
    pub fn open(url: &str) -> Result<Store, StoreError> {
        if let Some(path) = url.strip_prefix("sqlite://") {
            Ok(Store::Sqlite(SqliteStore::open(path)?))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Store::Postgres(PostgresStore::open(url)?))
        } else {
            Err(StoreError::UnsupportedUrl(redact_url(url)))
        }
    }

    /// Starts applying one batch. Nothing is visible to others until [`ImportTx::commit`];
    /// dropping the returned value rolls everything back.
    pub fn begin_import(&mut self, file_name: &str) -> Result<ImportTx<'_>, StoreError> {
        match self {
            Store::Sqlite(store) => Ok(ImportTx::Sqlite(store.begin_import(file_name)?)),
            Store::Postgres(store) => Ok(ImportTx::Postgres(store.begin_import(file_name)?)),
        }
    }

    /// The current (highest) revision of a decision.
    pub fn current_decision(
        &mut self,
        id: &DecisionId,
    ) -> Result<Option<StoredRevision>, StoreError> {
        Ok(self.history(id)?.pop())
    }

    /// Every stored revision of a decision, oldest first.
    pub fn history(&mut self, id: &DecisionId) -> Result<Vec<StoredRevision>, StoreError> {
        match self {
            Store::Sqlite(store) => store.history(id),
            Store::Postgres(store) => store.history(id),
        }
    }

    /// Calls `visit` with the current revision of every decision, in no particular order.
    pub fn for_each_current(
        &mut self,
        visit: &mut dyn FnMut(StoredRevision),
    ) -> Result<(), StoreError> {
        match self {
            Store::Sqlite(store) => store.for_each_current(visit),
            Store::Postgres(store) => store.for_each_current(visit),
        }
    }

    /// How many decisions, revisions, persons and batches the registry holds.
    pub fn counts(&mut self) -> Result<RegistryCounts, StoreError> {
        match self {
            Store::Sqlite(store) => store.counts(),
            Store::Postgres(store) => store.counts(),
        }
    }

    /// The registered partner for `source`, if any.
    pub fn partner(&mut self, source: &CountryCode) -> Result<Option<Partner>, StoreError> {
        Ok(self.partners()?.into_iter().find(|p| &p.source == source))
    }

    /// Every registered partner, by source.
    pub fn partners(&mut self) -> Result<Vec<Partner>, StoreError> {
        match self {
            Store::Sqlite(store) => store.partners(),
            Store::Postgres(store) => store.partners(),
        }
    }

    /// Registers a partner or replaces its key and settings.
    pub fn save_partner(&mut self, partner: &Partner) -> Result<(), StoreError> {
        match self {
            Store::Sqlite(store) => store.save_partner(partner),
            Store::Postgres(store) => store.save_partner(partner),
        }
    }
}

/// One batch being applied. Each decision goes through [`ImportTx::apply`]; the batch becomes
/// visible only on [`ImportTx::commit`].
#[derive(Debug)]
pub enum ImportTx<'a> {
    Sqlite(sqlite::SqliteImport<'a>),
    Postgres(pg::PostgresImport<'a>),
}

impl ImportTx<'_> {
    /// Adds one revision, unless the stored revision is as new or newer (then nothing changes).
    pub fn apply(&mut self, revision: PreparedRevision) -> Result<(), StoreError> {
        match self {
            ImportTx::Sqlite(tx) => tx.apply(revision),
            ImportTx::Postgres(tx) => tx.apply(revision),
        }
    }

    /// Makes the whole batch visible at once and says what it did per source.
    pub fn commit(self, provenance: &BatchProvenance) -> Result<ImportSummary, StoreError> {
        match self {
            ImportTx::Sqlite(tx) => tx.commit(provenance),
            ImportTx::Postgres(tx) => tx.commit(provenance),
        }
    }
}

/// One revision ready to be written: the work that needs no database (the person's
/// fingerprint, dates as text) is done when it is made, so that an import can do it on the
/// thread that reads the file while another thread writes.
#[derive(Debug, Clone)]
pub struct PreparedRevision {
    decision: Decision,
    raw: String,
    person_fingerprint: [u8; 16],
    content_fingerprint: i64,
    decided_on: String,
    ban_until: Option<String>,
}

impl PreparedRevision {
    /// Prepares `decision`, received as the line `raw` (kept as is, unknown fields included).
    pub fn new(decision: Decision, raw: String) -> Self {
        Self {
            person_fingerprint: berkut_core::person_fingerprint(&decision.person).to_le_bytes(),
            content_fingerprint: i64::from_ne_bytes(
                berkut_core::content_fingerprint(&decision).to_ne_bytes(),
            ),
            // NaiveDate's Display is ISO 8601, YYYY-MM-DD.
            decided_on: decision.decided_on.to_string(),
            ban_until: decision.ban_until.map(|ban| match ban {
                berkut_core::BanUntil::Date(date) => date.to_string(),
                berkut_core::BanUntil::Permanent => "permanent".to_owned(),
            }),
            decision,
            raw,
        }
    }

    /// The decision.
    pub fn decision(&self) -> &Decision {
        &self.decision
    }

    /// The fingerprint of the decision's content ([`berkut_core::content_fingerprint`]).
    pub fn content_fingerprint(&self) -> u64 {
        u64::from_ne_bytes(self.content_fingerprint.to_ne_bytes())
    }

    fn fine_amount(&self) -> Option<&str> {
        self.decision.fine.as_ref().map(|f| f.amount.as_str())
    }

    fn fine_currency(&self) -> Option<&str> {
        self.decision.fine.as_ref().map(|f| f.currency.as_str())
    }

    fn fine_paid(&self) -> Option<bool> {
        self.decision.fine.as_ref().map(|f| f.paid)
    }
}

/// The sources whose signature verified, as stored (`RU,KZ`), or none.
fn signed_by(provenance: &BatchProvenance) -> Option<String> {
    (!provenance.signed_by.is_empty()).then(|| {
        provenance
            .signed_by
            .iter()
            .map(CountryCode::as_str)
            .collect::<Vec<_>>()
            .join(",")
    })
}

/// A partner row as both backends read it.
fn partner_from_row(
    source: String,
    key: Option<Vec<u8>>,
    require_signature: bool,
) -> Result<Partner, StoreError> {
    let source = CountryCode::try_from(source).map_err(StoreError::Corrupt)?;
    let public_key = key
        .map(|bytes| {
            <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| {
                StoreError::Corrupt(format!("the public key of {source} is not 32 bytes"))
            })
        })
        .transpose()?;
    Ok(Partner {
        source,
        public_key,
        require_signature,
    })
}

impl Store {
    /// The number of the newest batch (0 for an empty registry).
    pub fn last_batch(&mut self) -> Result<i64, StoreError> {
        Ok(self
            .rows(
                "SELECT COALESCE(MAX(id), 0) FROM batches",
                &[],
                &[sql::Col::Int],
            )?
            .first()
            .and_then(|r| r[0].as_int())
            .unwrap_or_default())
    }

    /// Visits, in the order they were stored, the revisions brought by batches after
    /// `after_batch` up to `up_to_batch`: what a running service files into its index to catch
    /// up with imports.
    /// Stored revisions only ever raise a decision's revision, so the last one visited for a
    /// decision is its current one.
    pub fn for_each_revision_after(
        &mut self,
        after_batch: i64,
        up_to_batch: i64,
        visit: &mut dyn FnMut(StoredRevision),
    ) -> Result<(), StoreError> {
        let rows = self.rows(
            "SELECT raw, person_id, batch_id FROM decision_revisions
             WHERE batch_id > $1 AND batch_id <= $2 ORDER BY id",
            &[sql::Sql::int(after_batch), sql::Sql::int(up_to_batch)],
            &[sql::Col::Text, sql::Col::Int, sql::Col::Int],
        )?;
        for row in rows {
            let raw = row[0].as_text().unwrap_or_default();
            visit(StoredRevision {
                decision: parse_stored(&raw)?,
                person_id: PersonId(row[1].as_int().unwrap_or_default()),
                batch_id: row[2].as_int().unwrap_or_default(),
                raw,
            });
        }
        Ok(())
    }
}

/// Reads back a stored line.
fn parse_stored(raw: &str) -> Result<Decision, StoreError> {
    berkut_core::parse_decision_line(raw.as_bytes())
        .map_err(|e| StoreError::Corrupt(format!("stored decision: {e}")))
}

/// Counts one line against the stored head revision `(number, content fingerprint)` of its
/// decision, and says whether the line is to be stored.
fn count_line(
    summary: &mut ImportSummary,
    revision: &PreparedRevision,
    head: Option<(i64, i64)>,
) -> bool {
    let decision = &revision.decision;
    let number = i64::from(decision.revision.get());
    let counts = counts_for(&mut summary.counts, &decision.source);
    match head {
        Some((stored, stored_content)) if stored >= number => {
            counts.unchanged += 1;
            if stored == number && stored_content != revision.content_fingerprint {
                counts.differing += 1;
                if summary.differing.len() < DIFFERING_EXAMPLES {
                    summary.differing.push(format!(
                        "{} revision {}",
                        decision.id(),
                        decision.revision
                    ));
                }
            }
            false
        }
        Some(_) => {
            counts.updated += 1;
            true
        }
        None => {
            counts.inserted += 1;
            true
        }
    }
}

/// The counts of `source`, without allocating a key on every line of a batch.
fn counts_for<'c>(counts: &'c mut ImportCounts, source: &CountryCode) -> &'c mut SourceCounts {
    if !counts.contains_key(source) {
        return counts.entry(source.clone()).or_default();
    }
    // Present: checked just above.
    counts.get_mut(source).unwrap_or_else(|| unreachable!())
}

/// A database URL fit to print: any password (`user:password@`, `?password=`) is masked.
pub fn redact_url(url: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let mut shown = match (base.find("://"), base.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            match base[scheme_end + 3..at].split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &base[..scheme_end + 3], &base[at..]),
                None => base.to_owned(),
            }
        }
        _ => base.to_owned(),
    };
    if let Some(query) = query {
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
                _ => pair.to_owned(),
            })
            .collect();
        shown = format!("{shown}?{}", pairs.join("&"));
    }
    shown
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn passwords_are_not_shown() {
        assert_eq!(
            redact_url("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
        assert_eq!(redact_url("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(
            redact_url("postgres://h/db?user=u&password=secret&sslmode=require"),
            "postgres://h/db?user=u&password=***&sslmode=require"
        );
        assert_eq!(redact_url("postgress://u:pw@h"), "postgress://u:***@h");
    }
}
