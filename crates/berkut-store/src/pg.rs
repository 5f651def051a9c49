//! The PostgreSQL backend. A batch is one transaction; decisions are sent in chunks (one query
//! for the stored revisions of a chunk, one for its persons, one binary COPY for its rows)
//! because a round trip per line would cap an import at a few thousand lines a second.

use std::collections::{HashMap, HashSet};

use berkut_core::DecisionId;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::Type;
use postgres::{Client, NoTls};

use crate::{
    BatchProvenance, ImportSummary, Partner, PersonId, PreparedRevision, RegistryCounts,
    StoreError, StoredRevision, count, count_line, parse_stored, partner_from_row, redact_url,
    signed_by,
};

mod migrations {
    refinery::embed_migrations!("migrations/postgres");
}

/// The advisory lock key that serialises imports ("BERKUT" in ASCII, arbitrary but fixed).
const IMPORT_LOCK: i64 = 0x4245_524B_5554;

/// Lines sent to the server at once.
const CHUNK: usize = 10_000;

/// A registry in a PostgreSQL database.
pub struct PostgresStore {
    client: Client,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStore").finish_non_exhaustive()
    }
}

impl PostgresStore {
    pub(crate) fn client(&mut self) -> &mut Client {
        &mut self.client
    }

    /// Connects to `url` and migrates the database.
    pub fn open(url: &str) -> Result<Self, StoreError> {
        let mut client = Client::connect(url, NoTls).map_err(|e| StoreError::Connect {
            url: redact_url(url),
            message: e.to_string(),
        })?;
        migrations::migrations::runner().run(&mut client)?;
        Ok(Self { client })
    }

    pub(crate) fn begin_import(
        &mut self,
        file_name: &str,
    ) -> Result<PostgresImport<'_>, StoreError> {
        let mut tx = self.client.transaction()?;
        // One batch at a time: two concurrent imports of the same decision would both see "not
        // stored" and the second would fail on the unique key instead of counting a replay.
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&IMPORT_LOCK])?;
        let row = tx.query_one(
            "INSERT INTO batches (file_name, sha256, imported_at) VALUES ($1, '', now()) RETURNING id",
            &[&file_name],
        )?;
        Ok(PostgresImport {
            tx,
            batch_id: row.get(0),
            pending: Vec::with_capacity(CHUNK),
            summary: ImportSummary::default(),
        })
    }

    pub(crate) fn history(&mut self, id: &DecisionId) -> Result<Vec<StoredRevision>, StoreError> {
        let rows = self.client.query(
            "SELECT raw, person_id, batch_id FROM decision_revisions
             WHERE source = $1 AND ref = $2 ORDER BY revision",
            &[&id.source.as_str(), &id.reference.as_str()],
        )?;
        rows.iter()
            .map(|row| stored(row.get(0), row.get(1), row.get(2)))
            .collect()
    }

    pub(crate) fn for_each_current(
        &mut self,
        visit: &mut dyn FnMut(StoredRevision),
    ) -> Result<(), StoreError> {
        let params: [&(dyn postgres::types::ToSql + Sync); 0] = [];
        let mut rows = self.client.query_raw(
            "SELECT raw, person_id, batch_id FROM current_decisions",
            params,
        )?;
        while let Some(row) = postgres::fallible_iterator::FallibleIterator::next(&mut rows)? {
            visit(stored(row.get(0), row.get(1), row.get(2))?);
        }
        Ok(())
    }

    pub(crate) fn counts(&mut self) -> Result<RegistryCounts, StoreError> {
        let row = self.client.query_one(
            "SELECT (SELECT COUNT(*) FROM (SELECT DISTINCT source, ref FROM decision_revisions) d),
                    (SELECT COUNT(*) FROM decision_revisions),
                    (SELECT COUNT(*) FROM persons),
                    (SELECT COUNT(*) FROM batches)",
            &[],
        )?;
        Ok(RegistryCounts {
            decisions: count(row.get(0)),
            revisions: count(row.get(1)),
            persons: count(row.get(2)),
            batches: count(row.get(3)),
        })
    }

    pub(crate) fn partners(&mut self) -> Result<Vec<Partner>, StoreError> {
        let rows = self.client.query(
            "SELECT source, public_key, require_signature FROM partners ORDER BY source",
            &[],
        )?;
        rows.iter()
            .map(|row| partner_from_row(row.get(0), row.get(1), row.get(2)))
            .collect()
    }

    pub(crate) fn save_partner(&mut self, partner: &Partner) -> Result<(), StoreError> {
        self.client.execute(
            "INSERT INTO partners (source, public_key, require_signature, updated_at)
             VALUES ($1, $2, $3, now())
             ON CONFLICT (source) DO UPDATE SET public_key = excluded.public_key,
               require_signature = excluded.require_signature, updated_at = excluded.updated_at",
            &[
                &partner.source.as_str(),
                &partner.public_key.map(|k| k.to_vec()),
                &partner.require_signature,
            ],
        )?;
        Ok(())
    }
}

/// One batch being applied to PostgreSQL.
pub struct PostgresImport<'a> {
    tx: postgres::Transaction<'a>,
    batch_id: i64,
    pending: Vec<PreparedRevision>,
    summary: ImportSummary,
}

impl std::fmt::Debug for PostgresImport<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresImport")
            .field("batch_id", &self.batch_id)
            .finish_non_exhaustive()
    }
}

impl PostgresImport<'_> {
    pub(crate) fn apply(&mut self, revision: PreparedRevision) -> Result<(), StoreError> {
        self.pending.push(revision);
        if self.pending.len() >= CHUNK {
            self.flush()?;
        }
        Ok(())
    }

    pub(crate) fn commit(
        mut self,
        provenance: &BatchProvenance,
    ) -> Result<ImportSummary, StoreError> {
        self.flush()?;
        self.tx.execute(
            "UPDATE batches SET sha256 = $1, signed_by = $2 WHERE id = $3",
            &[&provenance.sha256, &signed_by(provenance), &self.batch_id],
        )?;
        self.tx.commit()?;
        Ok(self.summary)
    }

    /// Applies the pending lines in order, with the same rule as SQLite: a revision not newer
    /// than the stored one (or one earlier in this batch) changes nothing.
    fn flush(&mut self) -> Result<(), StoreError> {
        let pending = std::mem::take(&mut self.pending);
        if pending.is_empty() {
            return Ok(());
        }
        let mut seen = HashSet::new();
        let (sources, references): (Vec<&str>, Vec<&str>) = pending
            .iter()
            .map(|r| (r.decision.source.as_str(), r.decision.reference.as_str()))
            .filter(|key| seen.insert(*key))
            .unzip();
        // The stored head revision of each decision: (number, content fingerprint).
        let mut heads: HashMap<(String, String), (i64, i64)> = self
            .tx
            .query(
                "SELECT DISTINCT ON (source, ref) source, ref, revision, content_hash
                 FROM decision_revisions
                 WHERE (source, ref) IN (SELECT * FROM unnest($1::text[], $2::text[]))
                 ORDER BY source, ref, revision DESC",
                &[&sources, &references],
            )?
            .iter()
            .map(|row| ((row.get(0), row.get(1)), (row.get(2), row.get(3))))
            .collect();

        let mut new_rows = Vec::new();
        for revision in &pending {
            let decision = &revision.decision;
            let key = (decision.source.to_string(), decision.reference.to_string());
            if count_line(&mut self.summary, revision, heads.get(&key).copied()) {
                let head = (
                    i64::from(decision.revision.get()),
                    revision.content_fingerprint,
                );
                heads.insert(key, head);
                new_rows.push(revision);
            }
        }
        if new_rows.is_empty() {
            return Ok(());
        }

        let mut fingerprints: Vec<Vec<u8>> = Vec::new();
        let mut seen_persons = HashSet::new();
        for revision in &new_rows {
            if seen_persons.insert(revision.person_fingerprint) {
                fingerprints.push(revision.person_fingerprint.to_vec());
            }
        }
        self.tx.execute(
            "INSERT INTO persons (fingerprint)
             SELECT fingerprint FROM unnest($1::bytea[]) WITH ORDINALITY AS new (fingerprint, n)
             ORDER BY n
             ON CONFLICT (fingerprint) DO NOTHING",
            &[&fingerprints],
        )?;
        let person_ids: HashMap<Vec<u8>, i64> = self
            .tx
            .query(
                "SELECT fingerprint, id FROM persons WHERE fingerprint = ANY($1)",
                &[&fingerprints],
            )?
            .iter()
            .map(|row| (row.get(0), row.get(1)))
            .collect();

        let sink = self.tx.copy_in(
            "COPY decision_revisions (source, ref, revision, authority, kind, category, status,
               decided_on, ban_until, legal_basis, fine_amount, fine_currency, fine_paid,
               person_id, batch_id, raw, content_hash) FROM STDIN BINARY",
        )?;
        let types = [
            Type::TEXT,
            Type::TEXT,
            Type::INT8,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::DATE,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::BOOL,
            Type::INT8,
            Type::INT8,
            Type::TEXT,
            Type::INT8,
        ];
        let mut writer = BinaryCopyInWriter::new(sink, &types);
        for revision in &new_rows {
            let decision = &revision.decision;
            let person_id = person_ids
                .get(revision.person_fingerprint.as_slice())
                .copied()
                .ok_or_else(|| {
                    StoreError::Corrupt("a person inserted in this batch is missing".to_owned())
                })?;
            writer.write(&[
                &decision.source.as_str(),
                &decision.reference.as_str(),
                &i64::from(decision.revision.get()),
                &decision.authority.as_str(),
                &decision.kind.as_str(),
                &decision.category.as_str(),
                &decision.status.as_str(),
                &decision.decided_on,
                &revision.ban_until,
                &decision.legal_basis.as_ref().map(|b| b.as_str()),
                &revision.fine_amount(),
                &revision.fine_currency(),
                &revision.fine_paid(),
                &person_id,
                &self.batch_id,
                &revision.raw,
                &revision.content_fingerprint,
            ])?;
        }
        writer.finish()?;
        Ok(())
    }
}

fn stored(raw: String, person_id: i64, batch_id: i64) -> Result<StoredRevision, StoreError> {
    Ok(StoredRevision {
        decision: parse_stored(&raw)?,
        person_id: PersonId(person_id),
        batch_id,
        raw,
    })
}
