//! The border check: a traveler and a document at a checkpoint, going one way at one time.
//!
//! Steps, each leaving its trace in the answer: the document (expired? kept valid by an
//! emergency declaration? check digits?) → matching against the registry → the policy, which
//! gives the outcome with its reasons (rule, legal basis, decision refs, match explanation) →
//! the check is recorded (who, where, when, document, outcome, versions, the whole answer) in
//! one statement, so that a check is either recorded whole or not at all. An unknown
//! checkpoint, a malformed traveler or MRZ are refused before anything is recorded.

use anyhow::Context;
use berkut_core::policy::{Direction, Policy};
use berkut_core::validity::{DocumentFinding, EmergencyDeclaration, check_document};
use berkut_match::Index;
use berkut_store::{CheckRecord, Store, VerifiedFalseHit};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::screen::{hit_json, matched_persons, parse_traveler};

/// One check as an officer (or the API) asks for it.
#[derive(Debug, Clone)]
pub struct CheckRequest {
    /// The traveler as a `berkut screen` line: fields or `mrz` (and `id`, `direction` if wanted).
    pub traveler: Value,
    pub checkpoint: String,
    pub direction: Direction,
    pub at: DateTime<Utc>,
    pub officer: String,
}

/// Why a check could not be made.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// The request itself is wrong (unknown checkpoint, unreadable traveler or MRZ): nothing
    /// was recorded; the officer can correct it.
    #[error("{0}")]
    Refused(String),
    /// The system failed (the database went away, say).
    #[error(transparent)]
    System(#[from] anyhow::Error),
}

/// What a check rests on besides the registry: the known checkpoints and the emergency
/// declarations. Read per check on the command line; kept in memory by the service.
#[derive(Debug, Clone, Default)]
pub struct CheckSettings {
    /// Checkpoint codes.
    pub checkpoints: Vec<String>,
    pub declarations: Vec<EmergencyDeclaration>,
}

impl CheckSettings {
    /// Reads them from the store.
    pub fn load(store: &mut Store) -> anyhow::Result<CheckSettings> {
        Ok(CheckSettings {
            checkpoints: store.checkpoints()?.into_iter().map(|c| c.code).collect(),
            declarations: store
                .emergencies()?
                .into_iter()
                .map(|d| d.declaration)
                .collect(),
        })
    }
}

/// Makes the check, records it, and gives the answer (with its `check` number).
pub fn check(
    store: &mut Store,
    index: &Index,
    policy: &Policy,
    request: &CheckRequest,
) -> Result<Value, CheckError> {
    let settings = CheckSettings::load(store)?;
    let (mut answer, record) =
        assess(index, policy, request, &settings, &mut |country, number| {
            Ok(store.false_hits_for(country, number)?)
        })?;
    let number = store
        .record_check(&record)
        .context("the check could not be recorded")?;
    answer["check"] = json!(number);
    Ok(answer)
}

/// Makes the check without recording it: the answer (without its number) and the record to
/// store. `remembered` gives the verified false hits of a document (country, number).
pub fn assess(
    index: &Index,
    policy: &Policy,
    request: &CheckRequest,
    settings: &CheckSettings,
    remembered: &mut dyn FnMut(&str, &str) -> anyhow::Result<Vec<VerifiedFalseHit>>,
) -> Result<(Value, CheckRecord), CheckError> {
    if request.officer.trim().is_empty() {
        return Err(CheckError::Refused(
            "a check needs the officer who makes it".into(),
        ));
    }
    let checkpoints = &settings.checkpoints;
    if !checkpoints.contains(&request.checkpoint) {
        return Err(CheckError::Refused(format!(
            "unknown checkpoint {:?} (known: {})",
            request.checkpoint,
            if checkpoints.is_empty() {
                "none yet; add one with `berkut checkpoints add`".to_owned()
            } else {
                checkpoints.join(", ")
            }
        )));
    }
    let day = policy.local_day(request.at);
    let mut line = request.traveler.clone();
    if let Some(object) = line.as_object_mut() {
        object.insert("direction".into(), json!(request.direction));
    }
    let screened = parse_traveler(&line.to_string(), day).map_err(|(_, error)| {
        CheckError::Refused(format!("the traveler cannot be read: {error}"))
    })?;

    let document = screened.document.as_ref();
    let finding = match document {
        Some(d) => check_document(
            d.expires_on,
            None,
            &screened.failed_mrz_checks,
            &request.checkpoint,
            day,
            &settings.declarations,
        ),
        None => DocumentFinding::NoExpiryGiven,
    };
    let mut hits = index.search(&screened.traveler);
    // Hits an officer dismissed before for this document, while the person's record is as it
    // was then, do not stop the traveler again.
    let mut verified_false = Vec::new();
    if let (Some(d), false) = (document, hits.is_empty()) {
        let remembered = remembered(d.country.as_deref().unwrap_or(""), &d.number)?;
        if !remembered.is_empty() {
            hits.retain(|hit| {
                let shown = hit_json(hit);
                match remembered.iter().find(|r| {
                    u64::try_from(r.person_id).ok() == Some(hit.person)
                        && r.record_stamp == record_stamp(&shown)
                }) {
                    Some(r) => {
                        verified_false.push(json!({
                            "person": shown["person"], "dismissed_by": r.officer,
                            "reason": r.reason, "check": r.check_id,
                        }));
                        false
                    }
                    None => true,
                }
            });
        }
    }
    let persons = matched_persons(&hits);
    let verdict = policy.judge_check(&persons, &finding, request.direction, day);

    let mut answer = json!({
        "id": screened.id,
        "outcome": verdict.outcome.as_str(),
        "hits": hits.iter().map(hit_json).collect::<Vec<_>>(),
        "reasons": verdict.reasons,
        "document": finding,
        "checkpoint": request.checkpoint,
        "direction": request.direction,
        "at": request.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "officer": request.officer,
        "matcher": index.table().version,
        "policy": verdict.policy_version,
    });
    if verdict.bars_citizenship {
        answer["bars_citizenship"] = json!(true);
    }
    if !verified_false.is_empty() {
        answer["verified_false_hits"] = json!(verified_false);
    }
    if let (Some(ban), Direction::Entry) = (verdict.new_ban, request.direction) {
        // Recorded by the workflow that follows a confirmed hit; shown so the officer knows.
        answer["new_ban_if_confirmed"] = json!(ban.until(day));
    }
    if !screened.failed_mrz_checks.is_empty() {
        answer["mrz_failed_checks"] = json!(screened.failed_mrz_checks);
    }
    let record = CheckRecord {
        checked_at: request
            .at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        officer: request.officer.clone(),
        checkpoint: request.checkpoint.clone(),
        direction: match request.direction {
            Direction::Entry => "entry".into(),
            Direction::Exit => "exit".into(),
        },
        document_country: document.and_then(|d| d.country.clone()),
        document_number: document.map(|d| d.number.clone()),
        outcome: verdict.outcome.as_str().to_owned(),
        matcher_version: index.table().version.to_owned(),
        policy_version: verdict.policy_version.clone(),
        result: answer.to_string(),
    };
    Ok((answer, record))
}

/// A stamp of what the registry says of a hit's person (each decision's source, reference,
/// kind, category, status, ban and fine, and the band of the match), to tell whether the
/// record changed since a hit was dismissed. Revisions that change only what no rule reads
/// (a fine's amount, a spelling) keep the stamp; the index does not hold revision numbers.
pub fn record_stamp(hit: &Value) -> String {
    let mut decisions: Vec<String> = hit["decisions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            [
                "source",
                "ref",
                "kind",
                "category",
                "status",
                "ban_until",
                "fine_paid",
            ]
            .iter()
            .map(|f| d[*f].to_string())
            .collect::<Vec<_>>()
            .join("|")
        })
        .collect();
    decisions.sort();
    format!(
        "{:032x}",
        xxhash_rust::xxh3::xxh3_128(decisions.join("\n").as_bytes())
    )
}

/// The answer as an officer reads it on a terminal.
pub fn describe(answer: &Value) -> String {
    let mut out = format!(
        "{}  (check #{}, {} {} at {}; policy {}, matcher {})\n",
        answer["outcome"]
            .as_str()
            .unwrap_or_default()
            .to_uppercase(),
        answer["check"],
        answer["direction"].as_str().unwrap_or_default(),
        answer["checkpoint"].as_str().unwrap_or_default(),
        answer["at"].as_str().unwrap_or_default(),
        answer["policy"].as_str().unwrap_or_default(),
        answer["matcher"].as_str().unwrap_or_default(),
    );
    let document = &answer["document"];
    out += &format!(
        "document: {}\n",
        match document["status"].as_str().unwrap_or_default() {
            "valid" => "valid".to_owned(),
            "no_expiry_given" => "no expiry date given".to_owned(),
            "valid_by_emergency" => format!(
                "expired on {}, accepted under emergency declaration {} ({})",
                document["expired_on"].as_str().unwrap_or_default(),
                document["declaration"].as_str().unwrap_or_default(),
                document["declaration_title"].as_str().unwrap_or_default()
            ),
            "expired" => format!(
                "EXPIRED on {}",
                document["expired_on"].as_str().unwrap_or_default()
            ),
            "not_yet_valid" => format!(
                "NOT YET VALID (from {})",
                document["valid_from"].as_str().unwrap_or_default()
            ),
            other => format!("{other}: {}", document["checks"]),
        }
    );
    for reason in answer["reasons"].as_array().into_iter().flatten() {
        let decision = reason["decision"]
            .as_array()
            .map(|d| {
                format!(
                    " [{} {}]",
                    d[0].as_str().unwrap_or_default(),
                    d[1].as_str().unwrap_or_default()
                )
            })
            .unwrap_or_default();
        out += &format!(
            "reason: {} by rule {}{decision}: {}\n",
            reason["outcome"].as_str().unwrap_or_default(),
            reason["rule"].as_str().unwrap_or_default(),
            reason["legal_basis"].as_str().unwrap_or_default()
        );
    }
    for hit in answer["hits"].as_array().into_iter().flatten() {
        let features: Vec<String> = hit["explanation"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|f| {
                format!(
                    "{} {} ({})",
                    f["feature"].as_str().unwrap_or_default(),
                    f["outcome"].as_str().unwrap_or_default(),
                    f["detail"].as_str().unwrap_or_default()
                )
            })
            .collect();
        out += &format!(
            "hit: {} {} score {}: {}\n",
            hit["person"].as_str().unwrap_or_default(),
            hit["band"].as_str().unwrap_or_default(),
            hit["score"],
            features.join("; ")
        );
    }
    for dismissed in answer["verified_false_hits"]
        .as_array()
        .into_iter()
        .flatten()
    {
        out += &format!(
            "not stopped for {}: verified false hit for this document (dismissed by {} at check #{}: {})\n",
            dismissed["person"].as_str().unwrap_or_default(),
            dismissed["dismissed_by"].as_str().unwrap_or_default(),
            dismissed["check"],
            dismissed["reason"].as_str().unwrap_or_default()
        );
    }
    if answer["hits"].as_array().is_none_or(Vec::is_empty) {
        out += "no registry record matches\n";
    }
    out
}
