//! Accounts, API tokens, the audit log and the policies administrators put in force.
//!
//! The store keeps what the service hashes: an Argon2id PHC string per account, a SHA-256 per
//! token. Audit entries are appended under the database's write lock (`BEGIN IMMEDIATE` on
//! SQLite, a transaction-scoped advisory lock on PostgreSQL), so that two processes appending
//! at once still make one unbroken chain; checks are recorded in the same transaction as their
//! audit entries, many at a time (group commit), so that a busy post pays one disk flush for a
//! group of checks instead of one each.

use berkut_core::audit::{AuditDraft, AuditEntry, ChainBreak, ChainVerifier, seal};
use berkut_core::timestamp::now;

use crate::sql::{Col, Sql};
use crate::{CheckRecord, Store, StoreError};

/// The roles of the service, as stored.
pub const ROLES: [&str; 6] = [
    "border_officer",
    "inspector",
    "supervisor",
    "admin",
    "auditor",
    "partner",
];

/// An account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: String,
    /// For a partner: the source whose decisions it sends and whose feed it reads.
    pub source: Option<String>,
    pub password_hash: String,
    pub disabled: bool,
}

/// A new account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub name: String,
    pub role: String,
    pub source: Option<String>,
    pub password_hash: String,
}

/// A policy an administrator put in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPolicy {
    pub id: i64,
    pub version: String,
    pub text: String,
    pub replaced_by: String,
    pub replaced_at: String,
}

const USER_COLUMNS: &str = "id, name, role, source, password_hash, disabled_at";

fn user_from(row: &[Sql]) -> User {
    User {
        id: row[0].as_int().unwrap_or_default(),
        name: row[1].as_text().unwrap_or_default(),
        role: row[2].as_text().unwrap_or_default(),
        source: row[3].as_text(),
        password_hash: row[4].as_text().unwrap_or_default(),
        disabled: row[5].as_text().is_some(),
    }
}

const USER_COLS: [Col; 6] = [
    Col::Int,
    Col::Text,
    Col::Text,
    Col::Text,
    Col::Text,
    Col::Text,
];

const AUDIT_COLUMNS: &str =
    "seq, at, actor, role, route, purpose, subject, result, prev_hash, hash";

fn audit_from(row: &[Sql]) -> AuditEntry {
    let text = |i: usize| row[i].as_text().unwrap_or_default();
    AuditEntry {
        seq: row[0].as_int().unwrap_or_default(),
        draft: AuditDraft {
            at: text(1),
            actor: text(2),
            role: text(3),
            route: text(4),
            purpose: text(5),
            subject: text(6),
            result: text(7),
        },
        prev_hash: text(8),
        hash: text(9),
    }
}

impl Store {
    /// Adds an account. The name must be new; a partner needs its source, no one else has one.
    pub fn add_user(&mut self, user: &NewUser) -> Result<i64, StoreError> {
        if !ROLES.contains(&user.role.as_str()) {
            return Err(StoreError::Invalid(format!(
                "unknown role {:?} (roles: {})",
                user.role,
                ROLES.join(", ")
            )));
        }
        if (user.role == "partner") != user.source.is_some() {
            return Err(StoreError::Invalid(
                "a partner account needs its source (--source RU), and only a partner has one"
                    .into(),
            ));
        }
        let name = user.name.trim();
        if name.is_empty() || name.len() > 64 || name.chars().any(char::is_whitespace) {
            return Err(StoreError::Invalid(
                "an account name is 1 to 64 characters without spaces".into(),
            ));
        }
        if self.user(name)?.is_some() {
            return Err(StoreError::Invalid(format!(
                "account {name:?} exists already"
            )));
        }
        self.insert_returning_id(
            "INSERT INTO users (name, role, source, password_hash, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
            &[
                Sql::text(name),
                Sql::text(&user.role),
                Sql::Text(user.source.clone()),
                Sql::text(&user.password_hash),
                Sql::text(&now()),
            ],
        )
    }

    /// The account called `name`.
    pub fn user(&mut self, name: &str) -> Result<Option<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE name = $1");
        Ok(self
            .rows(&sql, &[Sql::text(name.trim())], &USER_COLS)?
            .first()
            .map(|r| user_from(r)))
    }

    /// Every account, by name.
    pub fn users(&mut self) -> Result<Vec<User>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users ORDER BY name");
        Ok(self
            .rows(&sql, &[], &USER_COLS)?
            .iter()
            .map(|r| user_from(r))
            .collect())
    }

    /// Stores a token's hash for an account; gives the token's number.
    pub fn add_token(
        &mut self,
        user_id: i64,
        token_hash: &str,
        label: &str,
    ) -> Result<i64, StoreError> {
        self.insert_returning_id(
            "INSERT INTO api_tokens (user_id, token_hash, label, created_at)
             VALUES ($1, $2, $3, $4) RETURNING id",
            &[
                Sql::int(user_id),
                Sql::text(token_hash),
                Sql::text(label),
                Sql::text(&now()),
            ],
        )
    }

    /// The enabled account holding the unrevoked token with this hash.
    pub fn user_by_token(&mut self, token_hash: &str) -> Result<Option<User>, StoreError> {
        let sql = "SELECT u.id, u.name, u.role, u.source, u.password_hash, u.disabled_at
                   FROM api_tokens t JOIN users u ON u.id = t.user_id
                   WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled_at IS NULL";
        Ok(self
            .rows(sql, &[Sql::text(token_hash)], &USER_COLS)?
            .first()
            .map(|r| user_from(r)))
    }

    /// Revokes every token of an account; gives how many were live.
    pub fn revoke_tokens(&mut self, user_id: i64) -> Result<u64, StoreError> {
        self.exec(
            "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
            &[Sql::text(&now()), Sql::int(user_id)],
        )
    }

    /// Runs `work` holding the database's write lock from the start, so that what it reads
    /// (the audit log's head) cannot change before it writes.
    fn in_write_transaction<T>(
        &mut self,
        work: impl FnOnce(&mut Store) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let begin = match self {
            Store::Sqlite(_) => "BEGIN IMMEDIATE",
            Store::Postgres(_) => "BEGIN",
        };
        self.exec(begin, &[])?;
        if matches!(self, Store::Postgres(_))
            && let Err(error) = self.rows("SELECT pg_advisory_xact_lock(4242)", &[], &[])
        {
            let _ = self.exec("ROLLBACK", &[]);
            return Err(error);
        }
        let result = work(self);
        self.end_transaction(result)
    }

    fn audit_head(&mut self) -> Result<Option<(i64, String)>, StoreError> {
        Ok(self
            .rows(
                "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
                &[],
                &[Col::Int, Col::Text],
            )?
            .first()
            .map(|r| {
                (
                    r[0].as_int().unwrap_or_default(),
                    r[1].as_text().unwrap_or_default(),
                )
            }))
    }

    fn append_sealed(
        &mut self,
        head: &mut Option<(i64, String)>,
        draft: AuditDraft,
    ) -> Result<AuditEntry, StoreError> {
        let entry = seal(draft, head.as_ref().map(|(s, h)| (*s, h.as_str())));
        let d = &entry.draft;
        self.exec(
            &format!(
                "INSERT INTO audit_log ({AUDIT_COLUMNS})
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
            ),
            &[
                Sql::int(entry.seq),
                Sql::text(&d.at),
                Sql::text(&d.actor),
                Sql::text(&d.role),
                Sql::text(&d.route),
                Sql::text(&d.purpose),
                Sql::text(&d.subject),
                Sql::text(&d.result),
                Sql::text(&entry.prev_hash),
                Sql::text(&entry.hash),
            ],
        )?;
        *head = Some((entry.seq, entry.hash.clone()));
        Ok(entry)
    }

    /// Appends entries to the audit log, chained, in one transaction.
    pub fn append_audit(&mut self, drafts: Vec<AuditDraft>) -> Result<Vec<AuditEntry>, StoreError> {
        self.in_write_transaction(|store| {
            let mut head = store.audit_head()?;
            drafts
                .into_iter()
                .map(|d| store.append_sealed(&mut head, d))
                .collect()
        })
    }

    /// Records checks and audit entries in one transaction (a group commit): each check with
    /// its own entry (whose subject gets the check's number in front), then the other entries.
    /// Gives the checks' numbers, in order. All are stored, or none.
    pub fn record_checks_audited(
        &mut self,
        checks: &[(CheckRecord, AuditDraft)],
        others: &[AuditDraft],
    ) -> Result<Vec<i64>, StoreError> {
        self.in_write_transaction(|store| {
            let mut head = store.audit_head()?;
            let mut numbers = Vec::with_capacity(checks.len());
            for (check, draft) in checks {
                let number = store.insert_check(check)?;
                let subject = if draft.subject.is_empty() {
                    format!("check #{number}")
                } else {
                    format!("check #{number}; {}", draft.subject)
                };
                store.append_sealed(
                    &mut head,
                    AuditDraft {
                        subject,
                        ..draft.clone()
                    },
                )?;
                numbers.push(number);
            }
            for draft in others {
                store.append_sealed(&mut head, draft.clone())?;
            }
            Ok(numbers)
        })
    }

    /// At most `limit` audit entries after `after`, in order.
    pub fn audit_entries(&mut self, after: i64, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let sql =
            format!("SELECT {AUDIT_COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2");
        Ok(self
            .rows(
                &sql,
                &[Sql::int(after), Sql::int(limit)],
                &[
                    Col::Int,
                    Col::Text,
                    Col::Text,
                    Col::Text,
                    Col::Text,
                    Col::Text,
                    Col::Text,
                    Col::Text,
                    Col::Text,
                    Col::Text,
                ],
            )?
            .iter()
            .map(|r| audit_from(r))
            .collect())
    }

    /// Visits the whole audit log in order, a page at a time.
    pub fn for_each_audit(
        &mut self,
        visit: &mut dyn FnMut(AuditEntry) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        const PAGE: i64 = 10_000;
        let mut after = 0i64;
        loop {
            let entries = self.audit_entries(after, PAGE)?;
            let done = (entries.len() as i64) < PAGE;
            for entry in entries {
                after = entry.seq;
                visit(entry)?;
            }
            if done {
                return Ok(());
            }
        }
    }

    /// Checks the whole audit chain; with `expected_head` (`seq`, `hash`) noted earlier, also
    /// that the log still holds that entry. Gives the head `(seq, hash)` or the first break.
    pub fn verify_audit(
        &mut self,
        expected_head: Option<(i64, &str)>,
    ) -> Result<Result<(i64, String), ChainBreak>, StoreError> {
        let mut verifier = ChainVerifier::default();
        let mut broken = None;
        let mut hash_at_expected = None;
        self.for_each_audit(&mut |entry| {
            if broken.is_none() {
                if let Err(b) = verifier.next(&entry) {
                    broken = Some(b);
                } else if expected_head.is_some_and(|(seq, _)| seq == entry.seq) {
                    hash_at_expected = Some(entry.hash);
                }
            }
            Ok(())
        })?;
        if let Some(b) = broken {
            return Ok(Err(b));
        }
        if let Some((seq, hash)) = expected_head
            && let Err(b) = verifier.reached(seq, hash, hash_at_expected.as_deref())
        {
            return Ok(Err(b));
        }
        let (seq, hash) = verifier.head();
        Ok(Ok((seq, hash.to_owned())))
    }

    /// Puts a policy in force (its text was validated by the caller).
    pub fn save_policy(&mut self, version: &str, text: &str, by: &str) -> Result<i64, StoreError> {
        self.insert_returning_id(
            "INSERT INTO policies (version, text, replaced_by, replaced_at)
             VALUES ($1, $2, $3, $4) RETURNING id",
            &[
                Sql::text(version),
                Sql::text(text),
                Sql::text(by),
                Sql::text(&now()),
            ],
        )
    }

    /// The policy last put in force, if an administrator ever replaced the shipped one.
    pub fn current_policy(&mut self) -> Result<Option<StoredPolicy>, StoreError> {
        let rows = self.rows(
            "SELECT id, version, text, replaced_by, replaced_at FROM policies
             ORDER BY id DESC LIMIT 1",
            &[],
            &[Col::Int, Col::Text, Col::Text, Col::Text, Col::Text],
        )?;
        Ok(rows.first().map(|r| StoredPolicy {
            id: r[0].as_int().unwrap_or_default(),
            version: r[1].as_text().unwrap_or_default(),
            text: r[2].as_text().unwrap_or_default(),
            replaced_by: r[3].as_text().unwrap_or_default(),
            replaced_at: r[4].as_text().unwrap_or_default(),
        }))
    }
}
