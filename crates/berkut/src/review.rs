//! What follows a hit: an officer confirms or dismisses it, with a reason.
//!
//! - Confirming re-applies the policy to the person's decisions as they stand now, as a sure
//!   match. A detention needs a second, different officer; only then are the cases opened (one
//!   a partner's pending decision), each partner notified in its outbound feed
//!   (`berkut.hit/1`), and the legal clock started (the policy's `case.max_hold_hours`).
//! - A confirmed hit on someone trying to enter whom the policy gives a new ban records that ban
//!   at once as a domestic `entry_ban` decision, imported like any other and linked to the
//!   attempt. It is the officer's confirmation that triggers it: a wrong hit must not ban an
//!   innocent namesake.
//! - Dismissing remembers the hit as a verified false hit for that document and that registry
//!   person, with a stamp of what the registry said of the person; the next check of the same
//!   document does not stop the traveler for that person again, until the record changes.

use anyhow::Context;
use berkut_core::policy::{
    DecisionFacts, Direction, MatchStrength, MatchedPerson, Outcome, Policy,
};
use berkut_core::{DecisionId, parse_decision_text};
use berkut_store::{
    BatchProvenance, HitReview, NewCase, PreparedRevision, Store, VerifiedFalseHit,
};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::check::record_stamp;

/// The stored check and the hit on `person` (`P-000123`) in it.
fn check_and_hit(
    store: &mut Store,
    check_id: i64,
    person: &str,
) -> anyhow::Result<(berkut_store::CheckRecord, Value, i64)> {
    let record = store
        .check_record(check_id)?
        .ok_or_else(|| Refused::NotFound(format!("no check #{check_id}")))?;
    let answer: Value =
        serde_json::from_str(&record.result).context("the stored check is unreadable")?;
    let hit = answer["hits"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|h| h["person"] == person)
        .cloned()
        .ok_or_else(|| Refused::NotFound(format!("check #{check_id} has no hit on {person}")))?;
    let person_id = person
        .strip_prefix("P-")
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| Refused::Invalid(format!("{person:?} is not a person id (P-000123)")))?;
    Ok((record, hit, person_id))
}

fn refuse_twice(
    store: &mut Store,
    check_id: i64,
    person_id: i64,
) -> anyhow::Result<Option<HitReview>> {
    match store.hit_review(check_id, person_id)? {
        Some(review) if review.state != "awaiting_second" => Err(Refused::Conflict(format!(
            "this hit was {} already by {} ({})",
            review.state, review.officer, review.reason
        ))
        .into()),
        other => Ok(other),
    }
}

/// What a confirmation and a dismissal both start from: the officer, the check, the hit on the
/// person, and the review already awaiting a second officer, if any.
struct Review {
    officer: String,
    record: berkut_store::CheckRecord,
    hit: Value,
    person_id: i64,
    awaiting: Option<HitReview>,
}

impl Review {
    /// Reads what `what` (`a confirmation`, `a dismissal`) by `officer` needs, refusing an
    /// empty officer or reason and a second review by the same officer.
    fn open(
        store: &mut Store,
        check_id: i64,
        person: &str,
        officer: &str,
        reason: &str,
        what: &str,
    ) -> anyhow::Result<Self> {
        if officer.trim().is_empty() || reason.trim().is_empty() {
            return Err(Refused::Invalid(format!("{what} needs the officer and a reason")).into());
        }
        let (record, hit, person_id) = check_and_hit(store, check_id, person)?;
        let awaiting = refuse_twice(store, check_id, person_id)?;
        Ok(Review {
            officer: officer_id(officer),
            record,
            hit,
            person_id,
            awaiting,
        })
    }
}

/// An officer's id as compared for four eyes: `Ivanov`, `ivanov ` and `IVANOV` are one officer.
fn officer_id(officer: &str) -> String {
    officer.trim().to_lowercase()
}

/// Records this officer's review: it completes a detention awaiting a second officer (whose
/// outcome changed since, or who is being dismissed), or is the first review of the hit.
fn record_review(
    store: &mut Store,
    awaiting: Option<&HitReview>,
    review: HitReview,
) -> anyhow::Result<()> {
    if awaiting.is_some() {
        store.finish_review(&review)?;
    } else {
        store.save_hit_review(&review)?;
    }
    Ok(())
}

/// Why a review was refused, as the caller must hear it (over HTTP, each kind has its status);
/// other failures (the store, a stored check that cannot be read) are not the caller's doing.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// No such check, or no hit on that person in it.
    #[error("{0}")]
    NotFound(String),
    /// The hit was reviewed already, or this officer gave the first confirmation.
    #[error("{0}")]
    Conflict(String),
    /// A reviewer who may not be the second pair of eyes on a detention tried to.
    #[error("the second confirmation of a detention, or its dismissal, is a supervisor's")]
    NotSecondEyes,
    /// The request lacks what a review needs.
    #[error("{0}")]
    Invalid(String),
}

/// Confirms the hit on `person` of check `check_id`; gives what followed. `may_be_second`: the
/// officer may complete (or overturn) a detention another officer confirmed (over HTTP, a
/// supervisor; on the command line, any officer).
pub fn confirm(
    store: &mut Store,
    policy: &Policy,
    check_id: i64,
    person: &str,
    officer: &str,
    reason: &str,
    may_be_second: bool,
) -> anyhow::Result<Value> {
    let Review {
        officer,
        record,
        hit,
        person_id,
        awaiting,
    } = Review::open(store, check_id, person, officer, reason, "a confirmation")?;
    let officer = officer.as_str();
    let checked_at: DateTime<Utc> = DateTime::parse_from_rfc3339(&record.checked_at)
        .context("the stored check has no readable time")?
        .with_timezone(&Utc);
    let day = policy.local_day(checked_at);
    let direction = if record.direction == "exit" {
        Direction::Exit
    } else {
        Direction::Entry
    };

    // The decisions the check showed for the person, as they stand now, judged as a sure match.
    let mut current = Vec::new();
    for decision in hit["decisions"].as_array().into_iter().flatten() {
        let id = DecisionId {
            source: decision["source"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
                .try_into()
                .map_err(anyhow::Error::msg)?,
            reference: decision["ref"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
                .try_into()
                .map_err(anyhow::Error::msg)?,
        };
        if let Some(stored) = store.current_decision(&id)? {
            current.push(stored);
        }
    }
    let facts: Vec<DecisionFacts<'_>> = current
        .iter()
        .map(|s| DecisionFacts {
            source: s.decision.source.as_str(),
            reference: s.decision.reference.as_str(),
            kind: s.decision.kind,
            category: s.decision.category,
            status: s.decision.status,
            ban_until: s.decision.ban_until,
            fine_paid: s.decision.fine.as_ref().map(|f| f.paid),
        })
        .collect();
    let verdict = policy.judge(
        &[MatchedPerson {
            strength: MatchStrength::Strong,
            decisions: facts,
        }],
        direction,
        day,
    );

    if verdict.outcome == Outcome::DetainPendingDecision {
        let Some(first) = awaiting else {
            store.save_hit_review(&HitReview {
                check_id,
                person_id,
                state: "awaiting_second".into(),
                officer: officer.into(),
                reason: reason.into(),
                second_officer: None,
                second_reason: None,
            })?;
            return Ok(json!({
                "check": check_id, "person": person, "state": "awaiting_second",
                "outcome": verdict.outcome, "reasons": verdict.reasons,
                "message": "a detention needs a second officer's confirmation",
            }));
        };
        if first.officer == officer {
            return Err(Refused::Conflict(format!(
                "a detention needs a second officer: {officer} confirmed it already"
            ))
            .into());
        }
        if !may_be_second {
            return Err(Refused::NotSecondEyes.into());
        }
        // The clock runs from the check, when the person was stopped, not from the paperwork.
        let hold_until =
            checked_at + chrono::Duration::hours(i64::from(policy.case.max_hold_hours));
        let cases: Vec<NewCase> = verdict
            .reasons
            .iter()
            .filter(|r| r.outcome == Outcome::DetainPendingDecision)
            .filter_map(|r| r.decision.clone())
            .filter_map(|(source, reference)| {
                let revision = current
                    .iter()
                    .find(|s| {
                        s.decision.source.as_str() == source
                            && s.decision.reference.as_str() == reference
                    })?
                    .decision
                    .revision
                    .get();
                Some(NewCase {
                    check_id,
                    person_id,
                    source,
                    reference,
                    revision_at_open: i64::from(revision),
                    checkpoint: record.checkpoint.clone(),
                    opened_at: berkut_core::timestamp::now(),
                    hold_until: hold_until.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                })
            })
            .collect();
        let checked_at_text = record.checked_at.clone();
        let opened = store.confirm_detention(
            check_id,
            person_id,
            officer,
            reason,
            &cases,
            &|case, id| {
                json!({
                    "schema": "berkut.hit/1", "source": case.source, "ref": case.reference,
                    "event": "detained_pending_decision", "at": checked_at_text,
                    "checkpoint": case.checkpoint, "case": id,
                })
                .to_string()
            },
        )?;
        return Ok(json!({
            "check": check_id, "person": person, "state": "confirmed",
            "confirmed_by": [first.officer, officer], "outcome": verdict.outcome,
            "cases": opened,
            "hold_until": hold_until.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "reasons": verdict.reasons,
        }));
    }

    let mut answer = json!({
        "check": check_id, "person": person, "state": "confirmed",
        "confirmed_by": [officer], "outcome": verdict.outcome, "reasons": verdict.reasons,
    });
    if let (Direction::Entry, Some(ban), Some(basis)) = (
        direction,
        verdict.new_ban,
        verdict
            .reasons
            .iter()
            .find(|r| r.new_ban.is_some() && r.new_ban == verdict.new_ban),
    ) && verdict.outcome == Outcome::RefuseEntry
        && let Some(person_record) = current.first()
    {
        let reference = format!(
            "{}-BERKUT-{check_id:06}-{person_id}",
            policy.domestic_source
        );
        let line = json!({
            "schema": "berkut.decision/1", "source": policy.domestic_source,
            "authority": "BERKUT", "ref": reference, "revision": 1,
            "kind": "administrative", "category": "entry_ban", "status": "final",
            "decided_on": day.format("%Y-%m-%d").to_string(),
            "ban_until": ban.until(day),
            "legal_basis": format!("Attempted entry while barred (check #{check_id}, rule {}): {}", basis.rule, basis.legal_basis).chars().take(500).collect::<String>(),
            "person": person_record.decision.person,
        })
        .to_string();
        let decision = parse_decision_text(&line)
            .map_err(|e| anyhow::anyhow!("the automatic ban is not a valid decision: {e}"))?;
        let mut tx = store.begin_import(&format!("berkut:check-{check_id}"))?;
        tx.apply(PreparedRevision::new(decision, line.clone()))?;
        tx.commit(&BatchProvenance {
            sha256: {
                use sha2::Digest;
                sha2::Sha256::digest(line.as_bytes())
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect()
            },
            signed_by: Vec::new(),
        })?;
        store.link_automatic_ban(check_id, person_id, &policy.domestic_source, &reference)?;
        answer["automatic_ban"] = json!({"source": policy.domestic_source, "ref": reference, "ban_until": ban.until(day)});
    }
    // Recorded last: if the ban could not be stored, the hit stays open for another try (and
    // the ban, being the same decision, is not stored twice).
    record_review(
        store,
        awaiting.as_ref(),
        HitReview {
            check_id,
            person_id,
            state: "confirmed".into(),
            officer: officer.into(),
            reason: reason.into(),
            second_officer: None,
            second_reason: None,
        },
    )?;
    Ok(answer)
}

/// Dismisses the hit on `person` of check `check_id`, and remembers it for the check's document.
pub fn dismiss(
    store: &mut Store,
    check_id: i64,
    person: &str,
    officer: &str,
    reason: &str,
    may_be_second: bool,
) -> anyhow::Result<Value> {
    let Review {
        officer,
        record,
        hit,
        person_id,
        awaiting,
    } = Review::open(store, check_id, person, officer, reason, "a dismissal")?;
    let officer = officer.as_str();
    if awaiting.is_some() && !may_be_second {
        return Err(Refused::NotSecondEyes.into());
    }
    let (Some(country), Some(number)) = (
        record.document_country.clone(),
        record.document_number.clone(),
    ) else {
        return Err(Refused::Invalid(format!(
            "check #{check_id} has no document: a dismissal is remembered for a document, so the check needs one"
        ))
        .into());
    };
    store.remember_false_hit(
        &country,
        &number,
        &VerifiedFalseHit {
            person_id,
            record_stamp: record_stamp(&hit),
            officer: officer.into(),
            reason: reason.into(),
            check_id,
        },
    )?;
    record_review(
        store,
        awaiting.as_ref(),
        HitReview {
            check_id,
            person_id,
            state: "dismissed".into(),
            officer: officer.into(),
            reason: reason.into(),
            second_officer: None,
            second_reason: None,
        },
    )?;
    Ok(json!({
        "check": check_id, "person": person, "state": "dismissed", "officer": officer,
        "remembered_for": {"country": country, "number": number},
    }))
}

/// Where a case's legal clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    Closed,
    /// Open, with this long left before the legal limit.
    Open(chrono::Duration),
    /// Open, within the policy's warning time of the limit.
    NearLimit(chrono::Duration),
    /// Open past the limit (by minus this long).
    Overdue(chrono::Duration),
    /// Open, with a limit that cannot be read.
    Unreadable,
}

impl Clock {
    /// The clock of `case` at `now`, warning `warn_before_hours` before the limit.
    pub fn of(case: &berkut_store::Case, now: DateTime<Utc>, warn_before_hours: u32) -> Clock {
        if case.closed_at.is_some() {
            return Clock::Closed;
        }
        let Ok(until) = DateTime::parse_from_rfc3339(&case.hold_until) else {
            return Clock::Unreadable;
        };
        let left = until.with_timezone(&Utc) - now;
        if left <= chrono::Duration::zero() {
            Clock::Overdue(left)
        } else if left <= chrono::Duration::hours(i64::from(warn_before_hours)) {
            Clock::NearLimit(left)
        } else {
            Clock::Open(left)
        }
    }

    /// `closed`, `open`, `near_limit`, `overdue` or `unreadable`.
    pub fn as_str(self) -> &'static str {
        match self {
            Clock::Closed => "closed",
            Clock::Open(_) => "open",
            Clock::NearLimit(_) => "near_limit",
            Clock::Overdue(_) => "overdue",
            Clock::Unreadable => "unreadable",
        }
    }

    /// Time left before the limit (negative once past it), for an open case.
    pub fn left(self) -> Option<chrono::Duration> {
        match self {
            Clock::Open(left) | Clock::NearLimit(left) | Clock::Overdue(left) => Some(left),
            _ => None,
        }
    }
}
