//! The embedded backend. One connection, WAL journal, one transaction per batch.

use std::path::Path;

use berkut_core::DecisionId;
use berkut_core::timestamp::now;
use rusqlite::{Connection, OptionalExtension, params};

use crate::{
    BatchProvenance, ImportSummary, Partner, PersonId, PreparedRevision, RegistryCounts,
    StoreError, StoredRevision, count, count_line, parse_stored, partner_from_row, signed_by,
};

mod migrations {
    refinery::embed_migrations!("migrations/sqlite");
}

/// A registry in an SQLite file.
#[derive(Debug)]
pub struct SqliteStore {
    connection: Connection,
}

impl SqliteStore {
    pub(crate) fn connection(&mut self) -> &mut Connection {
        &mut self.connection
    }

    /// Opens (or creates) the file at `path` and migrates it.
    pub fn open(path: &str) -> Result<Self, StoreError> {
        if path.is_empty() {
            return Err(StoreError::UnsupportedUrl("sqlite://".to_owned()));
        }
        let connect_error = |e: rusqlite::Error| StoreError::Connect {
            url: format!("sqlite://{path}"),
            message: e.to_string(),
        };
        if let Some(parent) = Path::new(path).parent()
            && !parent.as_os_str().is_empty()
            && !parent.is_dir()
        {
            return Err(StoreError::Connect {
                url: format!("sqlite://{path}"),
                message: format!("the directory {} does not exist", parent.display()),
            });
        }
        // One connection is used by one thread at a time (the store is not Sync), so SQLite's
        // own locking of each call is not needed.
        let flags = rusqlite::OpenFlags::default() | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let flags = flags - rusqlite::OpenFlags::SQLITE_OPEN_FULL_MUTEX;
        let mut connection = Connection::open_with_flags(path, flags).map_err(connect_error)?;
        // WAL lets readers go on while a batch is written. FULL sync: a batch reported as
        // applied survives a power cut too, for one more fsync per transaction.
        connection
            .execute_batch(
                "PRAGMA page_size = 16384;
                 PRAGMA journal_mode = WAL;
                 PRAGMA synchronous = FULL;
                 PRAGMA foreign_keys = ON;
                 PRAGMA busy_timeout = 60000;
                 PRAGMA cache_size = -65536;
                 PRAGMA wal_autocheckpoint = 1000;
                 PRAGMA temp_store = MEMORY;",
            )
            .map_err(connect_error)?;
        migrations::migrations::runner().run(&mut connection)?;
        Ok(Self { connection })
    }

    pub(crate) fn begin_import(&mut self, file_name: &str) -> Result<SqliteImport<'_>, StoreError> {
        SqliteImport::begin(&self.connection, file_name)
    }

    pub(crate) fn history(&mut self, id: &DecisionId) -> Result<Vec<StoredRevision>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT raw, person_id, batch_id FROM decision_revisions
             WHERE source = ?1 AND ref = ?2 ORDER BY revision",
        )?;
        let rows = statement.query_map(
            params![id.source.as_str(), id.reference.as_str()],
            row_parts,
        )?;
        rows.map(|row| stored(row?)).collect()
    }

    pub(crate) fn for_each_current(
        &mut self,
        visit: &mut dyn FnMut(StoredRevision),
    ) -> Result<(), StoreError> {
        let mut statement = self
            .connection
            .prepare("SELECT raw, person_id, batch_id FROM current_decisions")?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            visit(stored(row_parts(row)?)?);
        }
        Ok(())
    }

    pub(crate) fn counts(&mut self) -> Result<RegistryCounts, StoreError> {
        let one = |sql: &str| -> Result<u64, StoreError> {
            Ok(count(self.connection.query_row(sql, [], |row| row.get(0))?))
        };
        Ok(RegistryCounts {
            decisions: one(
                "SELECT COUNT(*) FROM (SELECT DISTINCT source, ref FROM decision_revisions)",
            )?,
            revisions: one("SELECT COUNT(*) FROM decision_revisions")?,
            persons: one("SELECT COUNT(*) FROM persons")?,
            batches: one("SELECT COUNT(*) FROM batches")?,
        })
    }

    pub(crate) fn partners(&mut self) -> Result<Vec<Partner>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT source, public_key, require_signature FROM partners ORDER BY source",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, Option<Vec<u8>>>(1)?,
                row.get::<_, bool>(2)?,
            ))
        })?;
        rows.map(|row| {
            let (source, key, require_signature) = row?;
            partner_from_row(source, key, require_signature)
        })
        .collect()
    }

    pub(crate) fn save_partner(&mut self, partner: &Partner) -> Result<(), StoreError> {
        self.connection.execute(
            "INSERT INTO partners (source, public_key, require_signature, updated_at)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (source) DO UPDATE SET public_key = excluded.public_key,
               require_signature = excluded.require_signature, updated_at = excluded.updated_at",
            params![
                partner.source.as_str(),
                partner.public_key.map(|k| k.to_vec()),
                partner.require_signature,
                now()
            ],
        )?;
        Ok(())
    }
}

/// One batch being applied to SQLite: an explicit transaction (so that the prepared
/// statements can be held for the whole batch, instead of looked up for every line), rolled
/// back on drop unless committed.
pub struct SqliteImport<'a> {
    connection: &'a Connection,
    head: rusqlite::Statement<'a>,
    find_person: rusqlite::Statement<'a>,
    add_person: rusqlite::Statement<'a>,
    add_revision: rusqlite::Statement<'a>,
    batch_id: i64,
    summary: ImportSummary,
    /// Whether this import's transaction is open (and so must be rolled back on drop).
    in_transaction: bool,
}

impl std::fmt::Debug for SqliteImport<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteImport")
            .field("batch_id", &self.batch_id)
            .finish_non_exhaustive()
    }
}

impl<'a> SqliteImport<'a> {
    fn begin(connection: &'a Connection, file_name: &str) -> Result<Self, StoreError> {
        let mut import = SqliteImport {
            connection,
            head: connection.prepare(
                "SELECT revision, content_hash FROM decision_revisions
                 WHERE source = ?1 AND ref = ?2 ORDER BY revision DESC LIMIT 1",
            )?,
            find_person: connection.prepare("SELECT id FROM persons WHERE fingerprint = ?1")?,
            add_person: connection.prepare("INSERT INTO persons (fingerprint) VALUES (?1)")?,
            add_revision: connection.prepare(
                "INSERT INTO decision_revisions (source, ref, revision, authority, kind, category,
                   status, decided_on, ban_until, legal_basis, fine_amount, fine_currency,
                   fine_paid, person_id, batch_id, raw, content_hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
            )?,
            batch_id: 0,
            summary: ImportSummary::default(),
            in_transaction: false,
        };
        connection.execute_batch("BEGIN IMMEDIATE").map_err(busy)?;
        // From here on, dropping `import` rolls back, also on the error path below.
        import.in_transaction = true;
        connection.execute(
            "INSERT INTO batches (file_name, sha256, imported_at) VALUES (?1, '', ?2)",
            params![file_name, now()],
        )?;
        import.batch_id = connection.last_insert_rowid();
        Ok(import)
    }

    pub(crate) fn apply(&mut self, revision: PreparedRevision) -> Result<(), StoreError> {
        let decision = &revision.decision;
        let source = decision.source.as_str();
        let reference = decision.reference.as_str();
        let head: Option<(i64, i64)> = self
            .head
            .query_row(params![source, reference], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .optional()?;
        if !count_line(&mut self.summary, &revision, head) {
            return Ok(());
        }
        let number = i64::from(decision.revision.get());
        let fingerprint = revision.person_fingerprint;
        let existing: Option<i64> = self
            .find_person
            .query_row(params![fingerprint], |row| row.get(0))
            .optional()?;
        let person_id = match existing {
            Some(id) => id,
            None => {
                self.add_person.execute(params![fingerprint])?;
                self.connection.last_insert_rowid()
            }
        };
        self.add_revision.execute(params![
            source,
            reference,
            number,
            decision.authority.as_str(),
            decision.kind.as_str(),
            decision.category.as_str(),
            decision.status.as_str(),
            revision.decided_on,
            revision.ban_until,
            decision.legal_basis.as_ref().map(|b| b.as_str()),
            revision.fine_amount(),
            revision.fine_currency(),
            revision.fine_paid(),
            person_id,
            self.batch_id,
            revision.raw,
            revision.content_fingerprint,
        ])?;
        Ok(())
    }

    pub(crate) fn commit(
        mut self,
        provenance: &BatchProvenance,
    ) -> Result<ImportSummary, StoreError> {
        self.connection.execute(
            "UPDATE batches SET sha256 = ?1, signed_by = ?2 WHERE id = ?3",
            params![provenance.sha256, signed_by(provenance), self.batch_id],
        )?;
        self.connection.execute_batch("COMMIT")?;
        self.in_transaction = false;
        Ok(std::mem::take(&mut self.summary))
    }
}

impl Drop for SqliteImport<'_> {
    fn drop(&mut self) {
        if self.in_transaction {
            // Nothing else can be done about a failed rollback here; SQLite rolls back an
            // unfinished transaction itself when the connection closes or the file reopens.
            let _ = self.connection.execute_batch("ROLLBACK");
        }
    }
}

/// SQLite's "database is locked" after the busy timeout, as a sentence.
fn busy(error: rusqlite::Error) -> StoreError {
    match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            StoreError::Busy
        }
        _ => StoreError::Sqlite(error),
    }
}

fn row_parts(row: &rusqlite::Row<'_>) -> rusqlite::Result<(String, i64, i64)> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?))
}

fn stored((raw, person_id, batch_id): (String, i64, i64)) -> Result<StoredRevision, StoreError> {
    Ok(StoredRevision {
        decision: parse_stored(&raw)?,
        person_id: PersonId(person_id),
        batch_id,
        raw,
    })
}
