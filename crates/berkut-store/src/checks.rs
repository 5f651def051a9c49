//! Border checks and what they rest on: checkpoints, emergency declarations, and the record of
//! every check.
//!
//! The SQL is written once: SQLite accepts PostgreSQL's `$1` placeholders and binds them by
//! position, so each statement below serves both backends; only reading rows differs.

use berkut_core::validity::{EmergencyDeclaration, Scope};
use chrono::NaiveDate;

use crate::{Store, StoreError};

/// A border checkpoint where checks are made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// `KZ-ZHIBEK-ZHOLY`.
    pub code: String,
    pub name: String,
}

/// A declaration as stored, with who made it and who ended it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDeclaration {
    pub declaration: EmergencyDeclaration,
    pub declared_by: String,
    pub ended_by: Option<String>,
    pub end_reason: Option<String>,
}

/// One border check, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckRecord {
    /// The time of the crossing (RFC 3339, UTC).
    pub checked_at: String,
    pub officer: String,
    pub checkpoint: String,
    /// `entry` or `exit`.
    pub direction: String,
    pub document_country: Option<String>,
    pub document_number: Option<String>,
    pub outcome: String,
    pub matcher_version: String,
    pub policy_version: String,
    /// The whole answer given to the officer (JSON).
    pub result: String,
}

/// A declaration's number as shown: `E-000001`.
pub fn declaration_id(number: i64) -> String {
    format!("E-{number:06}")
}

fn declaration_number(id: &str) -> Option<i64> {
    id.strip_prefix("E-")?.parse().ok()
}

const DECLARATION_COLUMNS: &str = "id, title, checkpoints, effective_from, effective_until, \
     expired_on_or_after, valid_until, ended_on, declared_by, ended_by, end_reason";

/// A declaration row's columns, read the same way from either backend.
struct DeclarationRow {
    id: i64,
    title: String,
    checkpoints: Option<String>,
    dates: [String; 4],
    ended_on: Option<String>,
    declared_by: String,
    ended_by: Option<String>,
    end_reason: Option<String>,
}

impl DeclarationRow {
    fn into_stored(self) -> Result<StoredDeclaration, StoreError> {
        let date = |text: &str| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map_err(|e| StoreError::Corrupt(format!("declaration date {text:?}: {e}")))
        };
        let scope = match self.checkpoints {
            None => Scope::AllCheckpoints,
            Some(list) => Scope::Checkpoints(
                serde_json::from_str(&list)
                    .map_err(|e| StoreError::Corrupt(format!("declaration checkpoints: {e}")))?,
            ),
        };
        Ok(StoredDeclaration {
            declaration: EmergencyDeclaration {
                id: declaration_id(self.id),
                title: self.title,
                scope,
                effective_from: date(&self.dates[0])?,
                effective_until: date(&self.dates[1])?,
                expired_on_or_after: date(&self.dates[2])?,
                valid_until: date(&self.dates[3])?,
                ended_on: self.ended_on.as_deref().map(date).transpose()?,
            },
            declared_by: self.declared_by,
            ended_by: self.ended_by,
            end_reason: self.end_reason,
        })
    }
}

const CHECK_COLUMNS: &str = "checked_at, officer, checkpoint, direction, document_country, \
     document_number, outcome, matcher_version, policy_version, result";

impl Store {
    /// Adds a checkpoint, or renames one that exists.
    pub fn save_checkpoint(&mut self, checkpoint: &Checkpoint) -> Result<(), StoreError> {
        let code = &checkpoint.code;
        if !(2..=40).contains(&code.len())
            || !code
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(StoreError::Invalid(format!(
                "checkpoint code {code:?}: 2 to 40 capital letters, digits and hyphens (KZ-ZHIBEK-ZHOLY)"
            )));
        }
        if checkpoint.name.trim().is_empty() {
            return Err(StoreError::Invalid("a checkpoint needs a name".into()));
        }
        let sql = "INSERT INTO checkpoints (code, name, created_at) VALUES ($1, $2, $3)
                   ON CONFLICT (code) DO UPDATE SET name = excluded.name";
        let now = chrono::Utc::now().to_rfc3339();
        match self {
            Store::Sqlite(s) => {
                s.connection()
                    .execute(sql, (&checkpoint.code, &checkpoint.name, &now))?;
            }
            Store::Postgres(p) => {
                p.client()
                    .execute(sql, &[&checkpoint.code, &checkpoint.name, &now])?;
            }
        }
        Ok(())
    }

    /// Every checkpoint, by code.
    pub fn checkpoints(&mut self) -> Result<Vec<Checkpoint>, StoreError> {
        let sql = "SELECT code, name FROM checkpoints ORDER BY code";
        Ok(match self {
            Store::Sqlite(s) => {
                let connection = s.connection();
                let mut statement = connection.prepare(sql)?;
                let rows = statement.query_map([], |row| {
                    Ok(Checkpoint {
                        code: row.get(0)?,
                        name: row.get(1)?,
                    })
                })?;
                rows.collect::<Result<_, _>>()?
            }
            Store::Postgres(p) => p
                .client()
                .query(sql, &[])?
                .iter()
                .map(|row| Checkpoint {
                    code: row.get(0),
                    name: row.get(1),
                })
                .collect(),
        })
    }

    /// Stores a declaration (its `id` is ignored and assigned) after validating it; gives the
    /// stored declaration with its id.
    pub fn declare_emergency(
        &mut self,
        declaration: &EmergencyDeclaration,
        declared_by: &str,
    ) -> Result<EmergencyDeclaration, StoreError> {
        declaration
            .validate()
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        if declared_by.trim().is_empty() {
            return Err(StoreError::Invalid(
                "a declaration needs who declares it".into(),
            ));
        }
        let checkpoints = match &declaration.scope {
            Scope::AllCheckpoints => None,
            Scope::Checkpoints(list) => {
                let known: Vec<String> = self.checkpoints()?.into_iter().map(|c| c.code).collect();
                if let Some(unknown) = list.iter().find(|c| !known.contains(c)) {
                    return Err(StoreError::Invalid(format!(
                        "unknown checkpoint {unknown:?} (known: {})",
                        known.join(", ")
                    )));
                }
                Some(serde_json::to_string(list).unwrap_or_default())
            }
        };
        let dates = [
            declaration.effective_from,
            declaration.effective_until,
            declaration.expired_on_or_after,
            declaration.valid_until,
        ]
        .map(|d| d.format("%Y-%m-%d").to_string());
        let now = chrono::Utc::now().to_rfc3339();
        let sql = "INSERT INTO emergency_declarations (title, checkpoints, effective_from,
                     effective_until, expired_on_or_after, valid_until, declared_by, declared_at)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
        let number: i64 = match self {
            Store::Sqlite(s) => s.connection().query_row(
                sql,
                (
                    &declaration.title,
                    &checkpoints,
                    &dates[0],
                    &dates[1],
                    &dates[2],
                    &dates[3],
                    declared_by,
                    &now,
                ),
                |row| row.get(0),
            )?,
            Store::Postgres(p) => p
                .client()
                .query_one(
                    sql,
                    &[
                        &declaration.title,
                        &checkpoints,
                        &dates[0],
                        &dates[1],
                        &dates[2],
                        &dates[3],
                        &declared_by,
                        &now,
                    ],
                )?
                .get(0),
        };
        Ok(EmergencyDeclaration {
            id: declaration_id(number),
            ..declaration.clone()
        })
    }

    /// Every declaration, newest first, ended ones included.
    pub fn emergencies(&mut self) -> Result<Vec<StoredDeclaration>, StoreError> {
        let sql =
            format!("SELECT {DECLARATION_COLUMNS} FROM emergency_declarations ORDER BY id DESC");
        let rows: Vec<DeclarationRow> = match self {
            Store::Sqlite(s) => {
                let connection = s.connection();
                let mut statement = connection.prepare(&sql)?;
                let rows = statement.query_map([], |row| {
                    Ok(DeclarationRow {
                        id: row.get(0)?,
                        title: row.get(1)?,
                        checkpoints: row.get(2)?,
                        dates: [row.get(3)?, row.get(4)?, row.get(5)?, row.get(6)?],
                        ended_on: row.get(7)?,
                        declared_by: row.get(8)?,
                        ended_by: row.get(9)?,
                        end_reason: row.get(10)?,
                    })
                })?;
                rows.collect::<Result<_, _>>()?
            }
            Store::Postgres(p) => p
                .client()
                .query(&sql, &[])?
                .iter()
                .map(|row| DeclarationRow {
                    id: row.get(0),
                    title: row.get(1),
                    checkpoints: row.get(2),
                    dates: [row.get(3), row.get(4), row.get(5), row.get(6)],
                    ended_on: row.get(7),
                    declared_by: row.get(8),
                    ended_by: row.get(9),
                    end_reason: row.get(10),
                })
                .collect(),
        };
        rows.into_iter().map(DeclarationRow::into_stored).collect()
    }

    /// Ends a declaration: `on` is the last day it applies. Refused for an unknown or already
    /// ended declaration, or without a reason.
    pub fn end_emergency(
        &mut self,
        id: &str,
        on: NaiveDate,
        ended_by: &str,
        reason: &str,
    ) -> Result<(), StoreError> {
        if reason.trim().is_empty() || ended_by.trim().is_empty() {
            return Err(StoreError::Invalid(
                "ending a declaration needs who ends it and a reason".into(),
            ));
        }
        if let Some(stored) = self
            .emergencies()?
            .into_iter()
            .find(|d| d.declaration.id == id)
        {
            let d = &stored.declaration;
            if on > d.effective_until {
                return Err(StoreError::Invalid(format!(
                    "{id} ends on its own on {}; an early end must be on or before that day",
                    d.effective_until
                )));
            }
            if d.effective_from
                .pred_opt()
                .is_some_and(|before| on < before)
            {
                return Err(StoreError::Invalid(format!(
                    "{id} starts on {}: to cancel it before it starts, end it on the day before",
                    d.effective_from
                )));
            }
        }
        let number = declaration_number(id).ok_or_else(|| {
            StoreError::Invalid(format!("{id:?} is not a declaration id (E-000001)"))
        })?;
        let on = on.format("%Y-%m-%d").to_string();
        let sql = "UPDATE emergency_declarations SET ended_on = $1, ended_by = $2, end_reason = $3
                   WHERE id = $4 AND ended_on IS NULL";
        let changed = match self {
            Store::Sqlite(s) => {
                s.connection()
                    .execute(sql, (&on, ended_by, reason, number))? as u64
            }
            Store::Postgres(p) => p
                .client()
                .execute(sql, &[&on, &ended_by, &reason, &number])?,
        };
        if changed == 0 {
            return Err(StoreError::Invalid(format!(
                "no declaration {id} in effect (unknown, or ended already)"
            )));
        }
        Ok(())
    }

    /// Records a check; gives its number. The checkpoint must exist.
    pub fn record_check(&mut self, check: &CheckRecord) -> Result<i64, StoreError> {
        if !self
            .checkpoints()?
            .iter()
            .any(|c| c.code == check.checkpoint)
        {
            return Err(StoreError::Invalid(format!(
                "unknown checkpoint {:?}",
                check.checkpoint
            )));
        }
        let sql = format!(
            "INSERT INTO checks ({CHECK_COLUMNS}, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id"
        );
        let now = chrono::Utc::now().to_rfc3339();
        let c = check;
        Ok(match self {
            Store::Sqlite(s) => s.connection().query_row(
                &sql,
                rusqlite::params![
                    c.checked_at,
                    c.officer,
                    c.checkpoint,
                    c.direction,
                    c.document_country,
                    c.document_number,
                    c.outcome,
                    c.matcher_version,
                    c.policy_version,
                    c.result,
                    now
                ],
                |row| row.get(0),
            )?,
            Store::Postgres(p) => p
                .client()
                .query_one(
                    &sql,
                    &[
                        &c.checked_at,
                        &c.officer,
                        &c.checkpoint,
                        &c.direction,
                        &c.document_country,
                        &c.document_number,
                        &c.outcome,
                        &c.matcher_version,
                        &c.policy_version,
                        &c.result,
                        &now,
                    ],
                )?
                .get(0),
        })
    }

    /// The latest `limit` checks, newest first, with their numbers.
    pub fn recent_checks(&mut self, limit: i64) -> Result<Vec<(i64, CheckRecord)>, StoreError> {
        let sql = format!("SELECT id, {CHECK_COLUMNS} FROM checks ORDER BY id DESC LIMIT $1");
        Ok(match self {
            Store::Sqlite(s) => {
                let connection = s.connection();
                let mut statement = connection.prepare(&sql)?;
                let rows = statement.query_map([limit], |row| {
                    Ok((
                        row.get(0)?,
                        CheckRecord {
                            checked_at: row.get(1)?,
                            officer: row.get(2)?,
                            checkpoint: row.get(3)?,
                            direction: row.get(4)?,
                            document_country: row.get(5)?,
                            document_number: row.get(6)?,
                            outcome: row.get(7)?,
                            matcher_version: row.get(8)?,
                            policy_version: row.get(9)?,
                            result: row.get(10)?,
                        },
                    ))
                })?;
                rows.collect::<Result<_, _>>()?
            }
            Store::Postgres(p) => p
                .client()
                .query(&sql, &[&limit])?
                .iter()
                .map(|row| {
                    (
                        row.get(0),
                        CheckRecord {
                            checked_at: row.get(1),
                            officer: row.get(2),
                            checkpoint: row.get(3),
                            direction: row.get(4),
                            document_country: row.get(5),
                            document_number: row.get(6),
                            outcome: row.get(7),
                            matcher_version: row.get(8),
                            policy_version: row.get(9),
                            result: row.get(10),
                        },
                    )
                })
                .collect(),
        })
    }
}
