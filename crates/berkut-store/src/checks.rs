//! Border checks and what they rest on: checkpoints, emergency declarations, and the record of
//! every check.
//!
//! Written once for both backends through [`crate::sql`].

use berkut_core::timestamp::now;
use berkut_core::validity::{EmergencyDeclaration, Scope};
use chrono::NaiveDate;

use crate::sql::{Col, Sql};
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
        self.exec(
            "INSERT INTO checkpoints (code, name, created_at) VALUES ($1, $2, $3)
             ON CONFLICT (code) DO UPDATE SET name = excluded.name",
            &[
                Sql::text(&checkpoint.code),
                Sql::text(&checkpoint.name),
                Sql::text(&now()),
            ],
        )?;
        Ok(())
    }

    /// Every checkpoint, by code.
    pub fn checkpoints(&mut self) -> Result<Vec<Checkpoint>, StoreError> {
        let rows = self.rows(
            "SELECT code, name FROM checkpoints ORDER BY code",
            &[],
            &[Col::Text, Col::Text],
        )?;
        Ok(rows
            .iter()
            .map(|r| Checkpoint {
                code: r[0].as_text().unwrap_or_default(),
                name: r[1].as_text().unwrap_or_default(),
            })
            .collect())
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
        let date = |d: NaiveDate| Sql::text(&d.format("%Y-%m-%d").to_string());
        let number = self.insert_returning_id(
            "INSERT INTO emergency_declarations (title, checkpoints, effective_from,
               effective_until, expired_on_or_after, valid_until, declared_by, declared_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            &[
                Sql::text(&declaration.title),
                Sql::Text(checkpoints),
                date(declaration.effective_from),
                date(declaration.effective_until),
                date(declaration.expired_on_or_after),
                date(declaration.valid_until),
                Sql::text(declared_by),
                Sql::text(&now()),
            ],
        )?;
        Ok(EmergencyDeclaration {
            id: declaration_id(number),
            ..declaration.clone()
        })
    }

    /// Every declaration, newest first, ended ones included.
    pub fn emergencies(&mut self) -> Result<Vec<StoredDeclaration>, StoreError> {
        let sql =
            format!("SELECT {DECLARATION_COLUMNS} FROM emergency_declarations ORDER BY id DESC");
        let mut cols = [Col::Text; 11];
        cols[0] = Col::Int;
        self.rows(&sql, &[], &cols)?
            .iter()
            .map(|r| {
                let text = |i: usize| r[i].as_text().unwrap_or_default();
                DeclarationRow {
                    id: r[0].as_int().unwrap_or_default(),
                    title: text(1),
                    checkpoints: r[2].as_text(),
                    dates: [text(3), text(4), text(5), text(6)],
                    ended_on: r[7].as_text(),
                    declared_by: text(8),
                    ended_by: r[9].as_text(),
                    end_reason: r[10].as_text(),
                }
                .into_stored()
            })
            .collect()
    }

    /// Ends a declaration: `on` is the last day it applies. Refused for an unknown or already
    /// ended declaration, for a day outside its period, or without who ends it and why.
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
        let changed = self.exec(
            "UPDATE emergency_declarations SET ended_on = $1, ended_by = $2, end_reason = $3
             WHERE id = $4 AND ended_on IS NULL",
            &[
                Sql::text(&on.format("%Y-%m-%d").to_string()),
                Sql::text(ended_by),
                Sql::text(reason),
                Sql::int(number),
            ],
        )?;
        if changed == 0 {
            return Err(StoreError::Invalid(format!(
                "no declaration {id} in effect (unknown, or ended already)"
            )));
        }
        Ok(())
    }

    /// Records a check; gives its number. The checkpoint must exist.
    pub fn record_check(&mut self, check: &CheckRecord) -> Result<i64, StoreError> {
        let known = self.rows(
            "SELECT code FROM checkpoints WHERE code = $1",
            &[Sql::text(&check.checkpoint)],
            &[Col::Text],
        )?;
        if known.is_empty() {
            return Err(StoreError::Invalid(format!(
                "unknown checkpoint {:?}",
                check.checkpoint
            )));
        }
        self.insert_check(check)
    }

    /// Inserts a check whose checkpoint is known to exist; gives its number.
    pub(crate) fn insert_check(&mut self, check: &CheckRecord) -> Result<i64, StoreError> {
        let c = check;
        let optional = |v: &Option<String>| Sql::Text(v.clone());
        self.insert_returning_id(
            &format!(
                "INSERT INTO checks ({CHECK_COLUMNS}, recorded_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id"
            ),
            &[
                Sql::text(&c.checked_at),
                Sql::text(&c.officer),
                Sql::text(&c.checkpoint),
                Sql::text(&c.direction),
                optional(&c.document_country),
                optional(&c.document_number),
                Sql::text(&c.outcome),
                Sql::text(&c.matcher_version),
                Sql::text(&c.policy_version),
                Sql::text(&c.result),
                Sql::text(&now()),
            ],
        )
    }

    /// One recorded check.
    pub fn check_record(&mut self, id: i64) -> Result<Option<CheckRecord>, StoreError> {
        let sql = format!("SELECT {CHECK_COLUMNS} FROM checks WHERE id = $1");
        let rows = self.rows(&sql, &[Sql::int(id)], &[Col::Text; 10])?;
        Ok(rows.first().map(|r| check_from(r)))
    }

    /// The latest `limit` checks, newest first, with their numbers.
    pub fn recent_checks(&mut self, limit: i64) -> Result<Vec<(i64, CheckRecord)>, StoreError> {
        let sql = format!("SELECT id, {CHECK_COLUMNS} FROM checks ORDER BY id DESC LIMIT $1");
        let mut cols = [Col::Text; 11];
        cols[0] = Col::Int;
        let rows = self.rows(&sql, &[Sql::int(limit)], &cols)?;
        Ok(rows
            .iter()
            .map(|r| (r[0].as_int().unwrap_or_default(), check_from(&r[1..])))
            .collect())
    }
}

/// A check from its [`CHECK_COLUMNS`], in order.
fn check_from(r: &[Sql]) -> CheckRecord {
    let text = |i: usize| r[i].as_text().unwrap_or_default();
    CheckRecord {
        checked_at: text(0),
        officer: text(1),
        checkpoint: text(2),
        direction: text(3),
        document_country: r[4].as_text(),
        document_number: r[5].as_text(),
        outcome: text(6),
        matcher_version: text(7),
        policy_version: text(8),
        result: text(9),
    }
}
