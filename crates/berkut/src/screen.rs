//! Screening travelers against the registry: one traveler (fields or a raw MRZ) in, an outcome
//! with the hits and their explanations out. `berkut screen` runs it over a JSON Lines file on
//! every core; the border check and the HTTP API build on the same functions.
//!
//! The outcome is the policy's ([`berkut_core::policy`]): the hits become matched persons with
//! their decisions' facts, the policy judges them, and the verdict's outcome, reasons (rule,
//! legal basis, decision) and version go out with the hits.

use std::io::{BufRead, Write};

use anyhow::Context;
use berkut_core::mrz::Mrz;
use berkut_core::policy::{
    DecisionFacts, Direction, MatchStrength, MatchedPerson, Policy, Verdict,
};
use berkut_core::{Decision, DocumentNumber, IssuingState, PartialDate, Sex};
use berkut_match::{Band, Hit, Index, Traveler};
use berkut_store::Store;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// Builds the candidate index from the current revision of every decision in the store.
pub fn load_index(store: &mut Store) -> anyhow::Result<Index> {
    // Two threads: this one reads and parses the registry's rows, the other folds names and
    // files them. Decisions travel in chunks so that the channel costs little per decision.
    const CHUNK: usize = 4096;
    let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<(u64, Decision)>>(8);
    std::thread::scope(|scope| {
        let builder = scope.spawn(move || {
            let mut index = Index::default();
            for chunk in receiver {
                for (person, decision) in &chunk {
                    index.insert(*person, decision);
                }
            }
            index.seal();
            index
        });
        let mut chunk = Vec::with_capacity(CHUNK);
        let read = store.for_each_current(&mut |stored| {
            chunk.push((
                u64::try_from(stored.person_id.0).unwrap_or_default(),
                stored.decision,
            ));
            if chunk.len() == CHUNK {
                // The builder only stops early if it panicked; join() reports that below.
                let _ = sender.send(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK)));
            }
        });
        if !chunk.is_empty() {
            let _ = sender.send(chunk);
        }
        drop(sender);
        let index = builder
            .join()
            .map_err(|_| anyhow::anyhow!("the index builder thread panicked"))?;
        read.context("cannot read the registry to build the matching index")?;
        Ok(index)
    })
}

/// One input line of `berkut screen`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TravelerLine {
    #[serde(default)]
    id: Value,
    mrz: Option<String>,
    family: Option<String>,
    given: Option<String>,
    birth_date: Option<String>,
    sex: Option<String>,
    nationality: Option<String>,
    document: Option<DocumentLine>,
    /// `entry` (the default) or `exit`.
    direction: Option<Direction>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentLine {
    number: String,
    country: Option<String>,
    #[serde(default)]
    expires_on: Option<String>,
}

/// A traveler read from a line, with what the MRZ checks said.
#[derive(Debug)]
pub struct ScreenedTraveler {
    pub id: Value,
    pub traveler: Traveler,
    pub failed_mrz_checks: Vec<&'static str>,
    pub direction: Direction,
    /// The document as given: issuing state, number, expiry (what the border check records
    /// and checks for validity).
    pub document: Option<DocumentFacts>,
}

/// The document a traveler presented.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentFacts {
    pub country: Option<String>,
    pub number: String,
    pub expires_on: Option<NaiveDate>,
}

/// Reads one input line; the error carries the line's `id` when it could be read.
pub fn parse_traveler(line: &str, today: NaiveDate) -> Result<ScreenedTraveler, (Value, String)> {
    // Well-formed lines are read straight into their fields; only a line that fails is read
    // again as a JSON value, to find its `id` and the path of what is wrong.
    if let Ok(input) = serde_json::from_str::<TravelerLine>(line) {
        let id = input.id.clone();
        return read_traveler(input, today).map_err(|message| (id, message));
    }
    let raw: Value =
        serde_json::from_str(line).map_err(|e| (Value::Null, format!("not JSON: {e}")))?;
    let id = raw.get("id").cloned().unwrap_or(Value::Null);
    let input: TravelerLine = serde_path_to_error::deserialize(raw).map_err(|e| {
        let path = e.path().to_string();
        (id.clone(), format!("{path}: {}", e.into_inner()))
    })?;
    read_traveler(input, today).map_err(|message| (id.clone(), message))
}

fn read_traveler(input: TravelerLine, today: NaiveDate) -> Result<ScreenedTraveler, String> {
    let state = |code: &str, what: &str| {
        IssuingState::try_from(code.to_owned()).map_err(|e| format!("{what}: {e}"))
    };
    if let Some(text) = &input.mrz {
        if input.family.is_some() || input.given.is_some() {
            return Err("give either mrz or the name fields, not both".into());
        }
        let mrz = Mrz::parse(text, today).map_err(|e| format!("mrz: {e}"))?;
        let issuing = state(&mrz.issuing_state, "mrz issuing state")?;
        let nationality = state(&mrz.nationality, "mrz nationality").ok();
        let number = DocumentNumber::try_from(mrz.document_number.clone())
            .map_err(|e| format!("mrz document number: {e}"))?;
        let traveler = Traveler::new(
            &mrz.family,
            Some(&mrz.given)
                .filter(|g| !g.is_empty())
                .map(String::as_str),
            Some(PartialDate::full(mrz.birth_date)),
            mrz.sex.and_then(|s| {
                if s == 'M' {
                    Some(Sex::Male)
                } else if s == 'F' {
                    Some(Sex::Female)
                } else {
                    None
                }
            }),
            nationality.as_ref(),
            Some((&issuing, &number)),
        );
        return Ok(ScreenedTraveler {
            id: input.id,
            traveler,
            failed_mrz_checks: mrz.failed_checks,
            direction: input.direction.unwrap_or(Direction::Entry),
            document: Some(DocumentFacts {
                country: Some(mrz.issuing_state.clone()),
                number: mrz.document_number.clone(),
                expires_on: Some(mrz.expires_on),
            }),
        });
    }
    let family = input
        .family
        .as_deref()
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .ok_or("a traveler needs a family name (field family) or an mrz")?;
    let birth_date = input
        .birth_date
        .as_deref()
        .map(PartialDate::parse)
        .transpose()
        .map_err(|e| format!("birth_date: {e}"))?;
    let sex = match input.sex.as_deref() {
        None | Some("X" | "<" | "") => None,
        Some("M") => Some(Sex::Male),
        Some("F") => Some(Sex::Female),
        Some(other) => return Err(format!("sex: expected M, F or X, got {other:?}")),
    };
    let nationality = input
        .nationality
        .as_deref()
        .map(|n| state(n, "nationality"))
        .transpose()?;
    let document = match &input.document {
        Some(d) => Some((
            d.country
                .as_deref()
                .map(|c| state(c, "document.country"))
                .transpose()?,
            DocumentNumber::try_from(d.number.clone())
                .map_err(|e| format!("document.number: {e}"))?,
        )),
        None => None,
    };
    let expires_on = input
        .document
        .as_ref()
        .and_then(|d| d.expires_on.as_deref())
        .map(|text| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| {
                format!("document.expires_on: {text:?} is not a date YYYY-MM-DD ({e})")
            })
        })
        .transpose()?;
    let unknown_state = IssuingState::try_from("XXX".to_owned()).map_err(|e| e.to_string())?;
    let traveler = Traveler::new(
        family,
        input.given.as_deref(),
        birth_date,
        sex,
        nationality.as_ref(),
        document
            .as_ref()
            .map(|(state, number)| (state.as_ref().unwrap_or(&unknown_state), number)),
    );
    Ok(ScreenedTraveler {
        id: input.id,
        traveler,
        failed_mrz_checks: Vec::new(),
        direction: input.direction.unwrap_or(Direction::Entry),
        document: document.as_ref().map(|(state, number)| DocumentFacts {
            country: state.as_ref().map(|s| s.as_str().to_owned()),
            number: number.as_str().to_owned(),
            expires_on,
        }),
    })
}

/// The policy's verdict on a traveler with these hits, going `direction` on `day`.
pub fn verdict(policy: &Policy, hits: &[Hit], direction: Direction, day: NaiveDate) -> Verdict {
    policy.judge(&matched_persons(hits), direction, day)
}

/// The hits as the policy sees them: how sure the match is, and each decision's facts.
pub fn matched_persons(hits: &[Hit]) -> Vec<MatchedPerson<'_>> {
    hits.iter()
        .filter_map(|hit| {
            let strength = match hit.assessment.band? {
                Band::Strong => MatchStrength::Strong,
                Band::Possible => MatchStrength::Possible,
            };
            Some(MatchedPerson {
                strength,
                decisions: hit
                    .decisions
                    .iter()
                    .map(|d| DecisionFacts {
                        source: &d.source,
                        reference: &d.reference,
                        kind: d.facts.kind,
                        category: d.facts.category,
                        status: d.facts.status,
                        ban_until: d.facts.ban_until,
                        fine_paid: d.facts.fine_paid,
                    })
                    .collect(),
            })
        })
        .collect()
}

/// A hit as `berkut screen` and the API write it: serialised straight from the hit, without
/// building a JSON tree first (screening writes one for every hit of every traveler).
#[derive(Debug, Serialize)]
pub struct HitOut<'a> {
    person: String,
    score: f64,
    band: Option<&'static str>,
    decisions: Vec<DecisionOut<'a>>,
    explanation: Vec<FeatureOut<'a>>,
}

#[derive(Debug, Serialize)]
struct DecisionOut<'a> {
    source: &'a str,
    #[serde(rename = "ref")]
    reference: &'a str,
    kind: &'static str,
    category: &'static str,
    status: &'static str,
    ban_until: Option<berkut_core::BanUntil>,
    fine_paid: Option<bool>,
}

#[derive(Debug, Serialize)]
struct FeatureOut<'a> {
    feature: &'static str,
    outcome: &'static str,
    detail: &'a str,
    weight: f64,
}

impl<'a> From<&'a Hit> for HitOut<'a> {
    fn from(hit: &'a Hit) -> Self {
        HitOut {
            person: format!("P-{:06}", hit.person),
            score: (hit.assessment.score * 1000.0).round() / 1000.0,
            band: hit.assessment.band.map(Band::as_str),
            decisions: hit
                .decisions
                .iter()
                .map(|d| DecisionOut {
                    source: &d.source,
                    reference: &d.reference,
                    kind: d.facts.kind.as_str(),
                    category: d.facts.category.as_str(),
                    status: d.facts.status.as_str(),
                    ban_until: d.facts.ban_until,
                    fine_paid: d.facts.fine_paid,
                })
                .collect(),
            explanation: hit
                .assessment
                .features
                .iter()
                .map(|f| FeatureOut {
                    feature: f.feature,
                    outcome: f.outcome,
                    detail: &f.detail,
                    weight: (f.weight * 100.0).round() / 100.0,
                })
                .collect(),
        }
    }
}

/// A hit as a JSON value (for answers that hold it in a tree, such as the border check's).
pub fn hit_json(hit: &Hit) -> Value {
    serde_json::to_value(HitOut::from(hit)).unwrap_or(Value::Null)
}

/// One output line of `berkut screen` for a traveler read without error.
#[derive(Debug, Serialize)]
struct ScreenOut<'a> {
    id: &'a Value,
    outcome: &'static str,
    hits: Vec<HitOut<'a>>,
    reasons: &'a [berkut_core::policy::Reason],
    matcher: &'static str,
    policy: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    bars_citizenship: bool,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    mrz_failed_checks: &'a [&'static str],
}

/// What became of one input line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineResult {
    NoHit,
    Hits,
    Error,
}

/// Reads one input line and searches the registry for its traveler; a line that cannot be read
/// gives its error line instead.
fn read_and_search(
    index: &Index,
    line: &str,
    today: NaiveDate,
) -> Result<(ScreenedTraveler, Vec<Hit>, LineResult), String> {
    let screened = parse_traveler(line, today)
        .map_err(|(id, error)| json!({"id": id, "error": error}).to_string())?;
    let hits = index.search(&screened.traveler);
    let kind = if hits.is_empty() {
        LineResult::NoHit
    } else {
        LineResult::Hits
    };
    Ok((screened, hits, kind))
}

/// Screens one input line and gives the output line (without its newline).
pub fn screen_line(
    index: &Index,
    policy: &Policy,
    line: &str,
    today: NaiveDate,
) -> (String, LineResult) {
    let (screened, hits, kind) = match read_and_search(index, line, today) {
        Ok(found) => found,
        Err(error_line) => return (error_line, LineResult::Error),
    };
    let verdict = verdict(policy, &hits, screened.direction, today);
    let out = ScreenOut {
        id: &screened.id,
        outcome: verdict.outcome.as_str(),
        hits: hits.iter().map(HitOut::from).collect(),
        reasons: &verdict.reasons,
        matcher: index.table().version,
        policy: &verdict.policy_version,
        bars_citizenship: verdict.bars_citizenship,
        mrz_failed_checks: &screened.failed_mrz_checks,
    };
    match serde_json::to_string(&out) {
        Ok(text) => (text, kind),
        Err(e) => (
            json!({"id": screened.id, "error": format!("cannot write the result: {e}")})
                .to_string(),
            LineResult::Error,
        ),
    }
}

/// What a screening run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScreenSummary {
    pub travelers: u64,
    pub with_hits: u64,
    pub errors: u64,
}

/// Screens every line of `input` into `output`, in order, on every core, in chunks.
/// `progress` is told the bytes read.
pub fn screen_stream(
    index: &Index,
    policy: &Policy,
    input: impl BufRead,
    output: impl Write,
    today: NaiveDate,
    progress: &dyn Fn(u64),
) -> anyhow::Result<ScreenSummary> {
    stream_lines(input, output, progress, &|line| {
        screen_line(index, policy, line, today)
    })
}

/// Screens every application line of `input` into `output` (see [`application_line`]).
pub fn application_stream(
    index: &Index,
    policy: &Policy,
    input: impl BufRead,
    output: impl Write,
    today: NaiveDate,
    progress: &dyn Fn(u64),
) -> anyhow::Result<ScreenSummary> {
    stream_lines(input, output, progress, &|line| {
        application_line(index, policy, line, today)
    })
}

/// Screens one applicant for citizenship or residence by the same engine and policy as a
/// border check: `barred` when an applied rule bars citizenship (with the rules), `eligible`
/// when the policy would admit (nothing found, or only decisions that are no obstacle, such as
/// a paid fine), `review` otherwise (a possible match, or a decision an officer must weigh).
pub fn application_line(
    index: &Index,
    policy: &Policy,
    line: &str,
    today: NaiveDate,
) -> (String, LineResult) {
    let (screened, hits, kind) = match read_and_search(index, line, today) {
        Ok(found) => found,
        Err(error_line) => return (error_line, LineResult::Error),
    };
    let verdict = verdict(policy, &hits, Direction::Entry, today);
    let decision = if verdict.bars_citizenship {
        "barred"
    } else if verdict.outcome == berkut_core::policy::Outcome::Admit {
        "eligible"
    } else {
        "review"
    };
    let barring: Vec<&berkut_core::policy::Reason> = verdict
        .reasons
        .iter()
        .filter(|r| r.bars_citizenship)
        .collect();
    let out = json!({
        "id": screened.id,
        "application": decision,
        "barred_by": barring,
        "reasons": verdict.reasons,
        "hits": hits.iter().map(HitOut::from).collect::<Vec<_>>(),
        "matcher": index.table().version,
        "policy": verdict.policy_version,
    });
    (out.to_string(), kind)
}

/// Runs `per_line` over every non-blank line of `input` on every core, in chunks, writing the
/// results in input order. `progress` is told the bytes read.
fn stream_lines(
    input: impl BufRead,
    mut output: impl Write,
    progress: &dyn Fn(u64),
    per_line: &(dyn Fn(&str) -> (String, LineResult) + Sync),
) -> anyhow::Result<ScreenSummary> {
    const CHUNK: usize = 8_192;
    let mut summary = ScreenSummary::default();
    let mut lines = input.lines();
    loop {
        let mut chunk = Vec::with_capacity(CHUNK);
        for line in lines.by_ref().take(CHUNK) {
            chunk.push(line.context("cannot read the input")?);
        }
        if chunk.is_empty() {
            break;
        }
        let bytes: u64 = chunk.iter().map(|l| l.len() as u64 + 1).sum();
        let results: Vec<(String, LineResult)> = chunk
            .par_iter()
            .map(|line| {
                // One output line per input line, as the interface promises: a blank line too.
                if line.trim().is_empty() {
                    (
                        json!({"id": null, "error": "empty line: expected a JSON object"})
                            .to_string(),
                        LineResult::Error,
                    )
                } else {
                    per_line(line)
                }
            })
            .collect();
        for (result, kind) in results {
            summary.travelers += 1;
            match kind {
                LineResult::Error => summary.errors += 1,
                LineResult::Hits => summary.with_hits += 1,
                LineResult::NoHit => {}
            }
            output.write_all(result.as_bytes())?;
            output.write_all(b"\n")?;
        }
        progress(bytes);
    }
    output.flush()?;
    Ok(summary)
}
