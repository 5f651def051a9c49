//! The embedded backend. One connection, WAL journal, one transaction per batch.

use std::path::Path;

use berkut_core::{CountryCode, Decision, DecisionId};
use rusqlite::{Connection, OptionalExtension, params};

use crate::{
    BatchProvenance, ImportCounts, Partner, PersonId, RegistryCounts, RevisionColumns, StoreError,
    StoredRevision, count, parse_stored, person_record,
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
        let mut connection = Connection::open(path).map_err(connect_error)?;
        // WAL lets readers go on while a batch is written; NORMAL sync is durable against a
        // killed process (what a border post sees), and a transaction is atomic either way.
        connection
            .execute_batch(
                "PRAGMA journal_mode = WAL;
                 PRAGMA synchronous = NORMAL;
                 PRAGMA foreign_keys = ON;
                 PRAGMA busy_timeout = 10000;
                 PRAGMA cache_size = -65536;
                 PRAGMA temp_store = MEMORY;",
            )
            .map_err(connect_error)?;
        migrations::migrations::runner().run(&mut connection)?;
        Ok(Self { connection })
    }

    pub(crate) fn begin_import(&mut self, file_name: &str) -> Result<SqliteImport<'_>, StoreError> {
        let tx = self
            .connection
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO batches (file_name, sha256, imported_at) VALUES (?1, '', ?2)",
            params![file_name, chrono::Utc::now().to_rfc3339()],
        )?;
        let batch_id = tx.last_insert_rowid();
        Ok(SqliteImport {
            tx,
            batch_id,
            counts: ImportCounts::new(),
        })
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
                chrono::Utc::now().to_rfc3339()
            ],
        )?;
        Ok(())
    }
}

/// One batch being applied to SQLite.
#[derive(Debug)]
pub struct SqliteImport<'a> {
    tx: rusqlite::Transaction<'a>,
    batch_id: i64,
    counts: ImportCounts,
}

impl SqliteImport<'_> {
    pub(crate) fn apply(&mut self, decision: &Decision, raw: &str) -> Result<(), StoreError> {
        let source = decision.source.as_str();
        let reference = decision.reference.as_str();
        let stored_revision: Option<i64> = self
            .tx
            .prepare_cached(
                "SELECT MAX(revision) FROM decision_revisions WHERE source = ?1 AND ref = ?2",
            )?
            .query_row(params![source, reference], |row| row.get(0))?;
        let revision = i64::from(decision.revision.get());
        let counts = self.counts.entry(decision.source.clone()).or_default();
        match stored_revision {
            Some(stored) if stored >= revision => {
                counts.unchanged += 1;
                return Ok(());
            }
            Some(_) => counts.updated += 1,
            None => counts.inserted += 1,
        }
        let (fingerprint, person_json) = person_record(&decision.person)?;
        let existing: Option<i64> = self
            .tx
            .prepare_cached("SELECT id FROM persons WHERE fingerprint = ?1")?
            .query_row(params![fingerprint], |row| row.get(0))
            .optional()?;
        let person_id = match existing {
            Some(id) => id,
            None => {
                self.tx
                    .prepare_cached("INSERT INTO persons (fingerprint, data) VALUES (?1, ?2)")?
                    .execute(params![fingerprint, person_json])?;
                self.tx.last_insert_rowid()
            }
        };
        let columns = RevisionColumns::of(decision);
        self.tx
            .prepare_cached(
                "INSERT INTO decision_revisions (source, ref, revision, authority, kind, category,
                   status, decided_on, ban_until, legal_basis, fine_amount, fine_currency,
                   fine_paid, person_id, batch_id, raw)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            )?
            .execute(params![
                source,
                reference,
                revision,
                decision.authority.as_str(),
                decision.kind.as_str(),
                decision.category.as_str(),
                decision.status.as_str(),
                decision.decided_on.format("%Y-%m-%d").to_string(),
                columns.ban_until,
                decision.legal_basis.as_ref().map(|b| b.as_str()),
                columns.fine_amount,
                columns.fine_currency,
                columns.fine_paid,
                person_id,
                self.batch_id,
                raw,
            ])?;
        Ok(())
    }

    pub(crate) fn commit(self, provenance: &BatchProvenance) -> Result<ImportCounts, StoreError> {
        self.tx.execute(
            "UPDATE batches SET sha256 = ?1, signed_by = ?2 WHERE id = ?3",
            params![provenance.sha256, signed_by(provenance), self.batch_id],
        )?;
        self.tx.commit()?;
        Ok(self.counts)
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

pub(crate) fn signed_by(provenance: &BatchProvenance) -> Option<String> {
    (!provenance.signed_by.is_empty()).then(|| {
        provenance
            .signed_by
            .iter()
            .map(CountryCode::as_str)
            .collect::<Vec<_>>()
            .join(",")
    })
}

pub(crate) fn partner_from_row(
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
