//! What follows a hit: officers' reviews (four eyes for a detention), verified false hits,
//! automatic bans, cases held pending a partner's decision with their legal clock, and each
//! partner's outbound feed of notifications.
//!
//! Written once for both backends through [`crate::sql`].

use berkut_core::timestamp::now;

use crate::sql::{Col, Sql};
use crate::{Store, StoreError};

/// An officer's review of one hit of one check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HitReview {
    pub check_id: i64,
    pub person_id: i64,
    /// `awaiting_second`, `confirmed` or `dismissed`.
    pub state: String,
    pub officer: String,
    pub reason: String,
    pub second_officer: Option<String>,
    pub second_reason: Option<String>,
}

/// A dismissal remembered for a document and a registry person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedFalseHit {
    pub person_id: i64,
    pub record_stamp: String,
    pub officer: String,
    pub reason: String,
    pub check_id: i64,
}

/// A person held pending a partner's decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// `C-000001`.
    pub id: String,
    pub check_id: i64,
    pub person_id: i64,
    pub source: String,
    pub reference: String,
    pub revision_at_open: i64,
    pub checkpoint: String,
    pub opened_at: String,
    /// The legal clock: the person may not be held past this time (RFC 3339).
    pub hold_until: String,
    pub closed_at: Option<String>,
    pub closed_by: Option<String>,
    pub close_reason: Option<String>,
}

/// A case to open, with the notification the partner gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCase {
    pub check_id: i64,
    pub person_id: i64,
    pub source: String,
    pub reference: String,
    pub revision_at_open: i64,
    pub checkpoint: String,
    pub opened_at: String,
    pub hold_until: String,
}

/// A case's number as shown.
pub fn case_id(number: i64) -> String {
    format!("C-{number:06}")
}

/// The number of a case shown as `C-000001`, if `id` is one.
fn case_number(id: &str) -> Option<i64> {
    id.strip_prefix("C-").and_then(|n| n.parse().ok())
}

const CASE_COLUMNS: &str = "id, check_id, person_id, source, ref, revision_at_open, checkpoint, \
     opened_at, hold_until, closed_at, closed_by, close_reason";

fn case_from(row: &[Sql]) -> Case {
    let text = |i: usize| row[i].as_text().unwrap_or_default();
    let int = |i: usize| row[i].as_int().unwrap_or_default();
    Case {
        id: case_id(int(0)),
        check_id: int(1),
        person_id: int(2),
        source: text(3),
        reference: text(4),
        revision_at_open: int(5),
        checkpoint: text(6),
        opened_at: text(7),
        hold_until: text(8),
        closed_at: row[9].as_text(),
        closed_by: row[10].as_text(),
        close_reason: row[11].as_text(),
    }
}

const CASE_COLS: [Col; 12] = [
    Col::Int,
    Col::Int,
    Col::Int,
    Col::Text,
    Col::Text,
    Col::Int,
    Col::Text,
    Col::Text,
    Col::Text,
    Col::Text,
    Col::Text,
    Col::Text,
];

impl Store {
    /// The review of a check's hit on a person, if any.
    pub fn hit_review(
        &mut self,
        check_id: i64,
        person_id: i64,
    ) -> Result<Option<HitReview>, StoreError> {
        let rows = self.rows(
            "SELECT state, officer, reason, second_officer, second_reason FROM hit_reviews
             WHERE check_id = $1 AND person_id = $2",
            &[Sql::int(check_id), Sql::int(person_id)],
            &[Col::Text; 5],
        )?;
        Ok(rows.first().map(|r| HitReview {
            check_id,
            person_id,
            state: r[0].as_text().unwrap_or_default(),
            officer: r[1].as_text().unwrap_or_default(),
            reason: r[2].as_text().unwrap_or_default(),
            second_officer: r[3].as_text(),
            second_reason: r[4].as_text(),
        }))
    }

    /// Records a first review (`awaiting_second`, `confirmed` or `dismissed`).
    pub fn save_hit_review(&mut self, review: &HitReview) -> Result<(), StoreError> {
        self.exec(
            "INSERT INTO hit_reviews (check_id, person_id, state, officer, reason, reviewed_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                Sql::int(review.check_id),
                Sql::int(review.person_id),
                Sql::text(&review.state),
                Sql::text(&review.officer),
                Sql::text(&review.reason),
                Sql::text(&now()),
            ],
        )?;
        Ok(())
    }

    /// Completes a review left awaiting a second officer with another state (the hit is
    /// dismissed, or the outcome is no longer a detention): the review's officer and reason
    /// become the second ones.
    pub fn finish_review(&mut self, review: &HitReview) -> Result<(), StoreError> {
        let changed = self.exec(
            "UPDATE hit_reviews SET state = $1, second_officer = $2, second_reason = $3,
               second_at = $4
             WHERE check_id = $5 AND person_id = $6 AND state = 'awaiting_second'",
            &[
                Sql::text(&review.state),
                Sql::text(&review.officer),
                Sql::text(&review.reason),
                Sql::text(&now()),
                Sql::int(review.check_id),
                Sql::int(review.person_id),
            ],
        )?;
        if changed == 0 {
            return Err(StoreError::Invalid(
                "the review is no longer awaiting a second officer".into(),
            ));
        }
        Ok(())
    }

    /// A second officer confirms a detention awaiting them, and the cases it opens are opened
    /// with their notifications, all in one transaction. Refused if the review is not awaiting
    /// a second officer, or if the second officer is the first.
    pub fn confirm_detention(
        &mut self,
        check_id: i64,
        person_id: i64,
        second_officer: &str,
        reason: &str,
        cases: &[NewCase],
        notification: &dyn Fn(&NewCase, &str) -> String,
    ) -> Result<Vec<String>, StoreError> {
        self.in_transaction(|store| {
            let changed = store.exec(
                "UPDATE hit_reviews SET state = 'confirmed', second_officer = $1, second_reason = $2,
                   second_at = $3
                 WHERE check_id = $4 AND person_id = $5 AND state = 'awaiting_second'
                   AND officer <> $1",
                &[
                    Sql::text(second_officer),
                    Sql::text(reason),
                    Sql::text(&now()),
                    Sql::int(check_id),
                    Sql::int(person_id),
                ],
            )?;
            if changed == 0 {
                return Err(StoreError::Invalid(
                    "this detention is not awaiting a second officer, or the second officer is the first".into(),
                ));
            }
            let mut opened = Vec::new();
            for case in cases {
                let id = case_id(store.insert_returning_id(
                    "INSERT INTO cases (check_id, person_id, source, ref, revision_at_open,
                       checkpoint, opened_at, hold_until)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                    &[
                        Sql::int(case.check_id),
                        Sql::int(case.person_id),
                        Sql::text(&case.source),
                        Sql::text(&case.reference),
                        Sql::int(case.revision_at_open),
                        Sql::text(&case.checkpoint),
                        Sql::text(&case.opened_at),
                        Sql::text(&case.hold_until),
                    ],
                )?);
                store.exec(
                    "INSERT INTO notifications (source, body, created_at) VALUES ($1, $2, $3)",
                    &[Sql::text(&case.source), Sql::text(&notification(case, &id)), Sql::text(&now())],
                )?;
                opened.push(id);
            }
            Ok(opened)
        })
    }

    /// Remembers a dismissed hit for a document and a person (replacing an older memory).
    pub fn remember_false_hit(
        &mut self,
        document_country: &str,
        document_number: &str,
        hit: &VerifiedFalseHit,
    ) -> Result<(), StoreError> {
        self.exec(
            "INSERT INTO verified_false_hits (document_country, document_number, person_id,
               record_stamp, officer, reason, check_id, dismissed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (document_country, document_number, person_id) DO UPDATE SET
               record_stamp = excluded.record_stamp, officer = excluded.officer,
               reason = excluded.reason, check_id = excluded.check_id,
               dismissed_at = excluded.dismissed_at",
            &[
                Sql::text(document_country),
                Sql::text(document_number),
                Sql::int(hit.person_id),
                Sql::text(&hit.record_stamp),
                Sql::text(&hit.officer),
                Sql::text(&hit.reason),
                Sql::int(hit.check_id),
                Sql::text(&now()),
            ],
        )?;
        Ok(())
    }

    /// The dismissals remembered for a document.
    pub fn false_hits_for(
        &mut self,
        document_country: &str,
        document_number: &str,
    ) -> Result<Vec<VerifiedFalseHit>, StoreError> {
        let rows = self.rows(
            "SELECT person_id, record_stamp, officer, reason, check_id FROM verified_false_hits
             WHERE document_country = $1 AND document_number = $2",
            &[Sql::text(document_country), Sql::text(document_number)],
            &[Col::Int, Col::Text, Col::Text, Col::Text, Col::Int],
        )?;
        Ok(rows
            .iter()
            .map(|r| VerifiedFalseHit {
                person_id: r[0].as_int().unwrap_or_default(),
                record_stamp: r[1].as_text().unwrap_or_default(),
                officer: r[2].as_text().unwrap_or_default(),
                reason: r[3].as_text().unwrap_or_default(),
                check_id: r[4].as_int().unwrap_or_default(),
            })
            .collect())
    }

    /// Links an automatic ban (a decision already imported) to the attempt that caused it.
    pub fn link_automatic_ban(
        &mut self,
        check_id: i64,
        person_id: i64,
        source: &str,
        reference: &str,
    ) -> Result<(), StoreError> {
        self.exec(
            "INSERT INTO automatic_bans (check_id, person_id, source, ref, created_at)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (source, ref) DO NOTHING",
            &[
                Sql::int(check_id),
                Sql::int(person_id),
                Sql::text(source),
                Sql::text(reference),
                Sql::text(&now()),
            ],
        )?;
        Ok(())
    }

    /// The automatic bans a check caused: (source, ref).
    pub fn automatic_bans_of(
        &mut self,
        check_id: i64,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let rows = self.rows(
            "SELECT source, ref FROM automatic_bans WHERE check_id = $1 ORDER BY ref",
            &[Sql::int(check_id)],
            &[Col::Text, Col::Text],
        )?;
        Ok(rows
            .iter()
            .map(|r| {
                (
                    r[0].as_text().unwrap_or_default(),
                    r[1].as_text().unwrap_or_default(),
                )
            })
            .collect())
    }

    /// Open cases first, those whose legal clock runs out soonest first; then closed ones,
    /// newest first.
    pub fn cases(&mut self) -> Result<Vec<Case>, StoreError> {
        let sql = format!(
            "SELECT {CASE_COLUMNS} FROM cases
             ORDER BY (closed_at IS NOT NULL), CASE WHEN closed_at IS NULL THEN hold_until END,
                      id DESC"
        );
        Ok(self
            .rows(&sql, &[], &CASE_COLS)?
            .iter()
            .map(|r| case_from(r))
            .collect())
    }

    /// Releases the person of an open case: closes it and tells the partner in its feed
    /// (`berkut.hit/1`, event `released`), in one transaction.
    pub fn release_case(
        &mut self,
        id: &str,
        officer: &str,
        reason: &str,
    ) -> Result<(), StoreError> {
        if officer.trim().is_empty() {
            return Err(StoreError::Invalid("a release needs the officer".into()));
        }
        let number = case_number(id)
            .filter(|&n| case_id(n) == id)
            .ok_or_else(|| StoreError::NotFound(format!("no case {id}")))?;
        let sql = format!("SELECT {CASE_COLUMNS} FROM cases WHERE id = $1");
        let case = self
            .rows(&sql, &[Sql::int(number)], &CASE_COLS)?
            .first()
            .map(|r| case_from(r))
            .ok_or_else(|| StoreError::NotFound(format!("no case {id}")))?;
        if let Some(closed_at) = &case.closed_at {
            return Err(StoreError::Conflict(format!(
                "no open case {id}: closed at {closed_at} by {}",
                case.closed_by.as_deref().unwrap_or("?")
            )));
        }
        self.in_transaction(|store| {
            store.close_case(id, &format!("officer {}", officer.trim()), reason)?;
            let note = serde_json::json!({
                "schema": "berkut.hit/1", "source": case.source, "ref": case.reference,
                "event": "released", "at": now(), "checkpoint": case.checkpoint,
                "case": case.id, "reason": reason,
            });
            store.exec(
                "INSERT INTO notifications (source, body, created_at) VALUES ($1, $2, $3)",
                &[
                    Sql::text(&case.source),
                    Sql::text(&note.to_string()),
                    Sql::text(&now()),
                ],
            )?;
            Ok(())
        })
    }

    /// Closes an open case. Refused without a reason (`Invalid`), for an id that is not a case
    /// number (`Invalid`), and for a case that is not open, unknown or closed (`Conflict`:
    /// callers look the case up first, so only a race gets here).
    pub fn close_case(
        &mut self,
        id: &str,
        closed_by: &str,
        reason: &str,
    ) -> Result<(), StoreError> {
        if reason.trim().is_empty() {
            return Err(StoreError::Invalid("closing a case needs a reason".into()));
        }
        let number = case_number(id)
            .ok_or_else(|| StoreError::Invalid(format!("{id:?} is not a case id (C-000001)")))?;
        let changed = self.exec(
            "UPDATE cases SET closed_at = $1, closed_by = $2, close_reason = $3
             WHERE id = $4 AND closed_at IS NULL",
            &[
                Sql::text(&now()),
                Sql::text(closed_by),
                Sql::text(reason),
                Sql::int(number),
            ],
        )?;
        if changed == 0 {
            // Unknown, or closed since the caller looked.
            return Err(StoreError::Conflict(format!("no open case {id}")));
        }
        Ok(())
    }

    /// Closes every open case whose partner has sent a later revision that decides it (final,
    /// executed or revoked); gives the cases closed.
    pub fn resolve_cases(&mut self) -> Result<Vec<Case>, StoreError> {
        let columns: Vec<String> = CASE_COLUMNS.split(", ").map(|c| format!("c.{c}")).collect();
        let sql = format!(
            "SELECT {}, CAST(d.revision AS BIGINT), d.status FROM cases c
             JOIN current_decisions d ON d.source = c.source AND d.ref = c.ref
             WHERE c.closed_at IS NULL AND d.revision > c.revision_at_open
               AND d.status <> 'pending'",
            columns.join(", ")
        );
        let mut cols = CASE_COLS.to_vec();
        cols.extend([Col::Int, Col::Text]);
        let rows = self.rows(&sql, &[], &cols)?;
        let mut closed = Vec::new();
        for row in rows {
            let case = case_from(&row);
            let reason = format!(
                "the partner decided: revision {} is {}",
                row[12].as_int().unwrap_or_default(),
                row[13].as_text().unwrap_or_default()
            );
            match self.close_case(&case.id, &format!("partner {}", case.source), &reason) {
                Ok(()) => closed.push(case),
                // Released by an officer since the query above: nothing is left to close.
                Err(StoreError::Conflict(_)) => {}
                Err(error) => return Err(error),
            }
        }
        Ok(closed)
    }

    /// A partner's outbound feed after sequence number `after`: (seq, notification line).
    pub fn notifications(
        &mut self,
        source: &str,
        after: i64,
        limit: i64,
    ) -> Result<Vec<(i64, String)>, StoreError> {
        let rows = self.rows(
            "SELECT seq, body FROM notifications WHERE source = $1 AND seq > $2
             ORDER BY seq LIMIT $3",
            &[Sql::text(source), Sql::int(after), Sql::int(limit)],
            &[Col::Int, Col::Text],
        )?;
        Ok(rows
            .iter()
            .map(|r| {
                (
                    r[0].as_int().unwrap_or_default(),
                    r[1].as_text().unwrap_or_default(),
                )
            })
            .collect())
    }
}
