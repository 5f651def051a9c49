//! The traveler's self-check: "is there an obstacle to my entry?", without a token.
//!
//! Privacy is the design: the traveler gives family name, birth date and document number, and
//! an obstacle is reported only when all three match one person of the registry (family name
//! equal after transliteration folding, full birth date equal, document number on the record).
//! The answer has one shape either way (`result`, `message`, `obstacles`, an empty list when
//! none) and names only the deciding authority, its reference and what to do, never a match
//! score, another person, or anything about a near namesake. Every answer takes at least
//! [`super::ServiceConfig::self_check_floor`], so timing does not tell a found record from none.
//! Each client address (the TCP peer; `X-Forwarded-For` is not trusted) gets a few tries a
//! minute. Every use is audited, with the person's number only when an obstacle was found.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Instant;

use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Form, Json, Router};
use berkut_core::policy::{Direction, MatchStrength, Outcome};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::AppState;
use super::access::{AuditNote, ClientAddr};
use super::problem::{ApiError, ApiJson};
use crate::screen::{matched_persons, parse_traveler};

/// Self-checks per client address.
pub type Limiter = DefaultKeyedRateLimiter<IpAddr>;

pub fn limiter(per_minute: u32) -> Limiter {
    let per_minute = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
    RateLimiter::keyed(Quota::per_minute(per_minute))
}

/// The key a client is counted under: its IPv4 address, or its IPv6 /64 (one subscriber's
/// network: anyone holding a /64 can use any of its addresses).
fn rate_key(client: IpAddr) -> IpAddr {
    match client {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let mut segments = v6.segments();
                segments[4..].fill(0);
                IpAddr::from(segments)
            }
        },
        v4 => v4,
    }
}

pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(self_check))
}

/// The HTML page (no script, one form), outside the API.
pub fn page_router() -> Router<AppState> {
    Router::new().route("/self-check", get(page).post(page_answer))
}

/// What a traveler gives.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clients_are_counted_by_ipv4_address_or_ipv6_network() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let other: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(rate_key(a), rate_key(b));
        assert_ne!(rate_key(a), rate_key(other));
        let v4: IpAddr = "192.0.2.7".parse().unwrap();
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(rate_key(mapped), v4);
        assert_ne!(rate_key("192.0.2.8".parse().unwrap()), rate_key(v4));
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SelfCheckBody {
    /// As in the passport, any script.
    pub family: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    /// As printed in the passport.
    pub document_number: String,
}

/// One obstacle: who decided, their reference, what to do.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Obstacle {
    pub authority: String,
    pub reference: String,
    pub what_to_do: String,
}

/// The answer, one shape either way.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SelfCheckAnswer {
    /// `no_obstacle_found` or `obstacle_found`.
    pub result: String,
    pub message: String,
    pub obstacles: Vec<Obstacle>,
}

const NO_OBSTACLE: &str = "No obstacle to entry was found for this name, birth date and \
document. This is not a guarantee of entry: the border officer decides at the border.";

fn validate(body: &SelfCheckBody) -> Result<(), ApiError> {
    let family = body.family.trim();
    if family.is_empty() || family.chars().count() > 80 {
        return Err(ApiError::invalid(
            "family: give the family name as in the passport (1 to 80 characters)",
        ));
    }
    if chrono::NaiveDate::parse_from_str(body.birth_date.trim(), "%Y-%m-%d").is_err() {
        return Err(ApiError::invalid(
            "birth_date: give the full birth date as YYYY-MM-DD",
        ));
    }
    let number = body.document_number.trim();
    if number.is_empty()
        || number.len() > 20
        || !number
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
    {
        return Err(ApiError::invalid(
            "document_number: give the document number as printed (letters and digits, up to 20)",
        ));
    }
    Ok(())
}

fn what_to_do(decision: &Value, authority: &str, reference: &str) -> String {
    let text = |key: &str| decision[key].as_str().unwrap_or_default().to_owned();
    if decision["fine"]["paid"] == Value::Bool(false) {
        return format!(
            "An unpaid fine of {} {}: pay it to {authority} quoting reference {reference}, and \
             keep the receipt; the obstacle is lifted once {authority} reports the payment.",
            decision["fine"]["amount"].as_str().unwrap_or("?"),
            decision["fine"]["currency"].as_str().unwrap_or("")
        );
    }
    if text("status") == "pending" {
        return format!(
            "{authority} has not yet taken its final decision (reference {reference}). Contact \
             {authority} before you travel: until it decides, you may be held at the border."
        );
    }
    match decision["ban_until"].as_str() {
        Some("permanent") => format!(
            "Entry is banned permanently. You may appeal to {authority}, quoting reference {reference}."
        ),
        Some(until) => format!(
            "Entry is banned until {until}. You may appeal to {authority}, quoting reference {reference}."
        ),
        None => format!("Contact {authority}, quoting reference {reference}."),
    }
}

/// Looks the traveler up; gives the answer and, for the audit, the person found.
fn look_up(
    state: &AppState,
    store: &mut berkut_store::Store,
    body: &SelfCheckBody,
) -> Result<(SelfCheckAnswer, Option<String>), ApiError> {
    let policy = super::read(&state.policy);
    let day = policy.local_day(chrono::Utc::now());
    let line = serde_json::json!({
        "family": body.family.trim(),
        "birth_date": body.birth_date.trim(),
        "document": {"number": body.document_number.trim()},
    })
    .to_string();
    let screened = parse_traveler(&line, day).map_err(|(_, e)| ApiError::invalid(e))?;
    let hits = {
        let index = state
            .index
            .read()
            .map_err(|_| ApiError::internal("the index lock is poisoned"))?;
        index.search(&screened.traveler)
    };
    // Only a person whom all three identify.
    let identified: Vec<_> = hits
        .into_iter()
        .filter(|hit| {
            let outcome = |name: &str| {
                hit.assessment
                    .features
                    .iter()
                    .find(|f| f.feature == name)
                    .map(|f| f.outcome)
            };
            outcome("family_name") == Some("exact")
                && outcome("birth_date") == Some("same")
                && matches!(
                    outcome("document"),
                    Some("same" | "same_number_other_state")
                )
        })
        .collect();
    let mut persons = matched_persons(&identified);
    for person in &mut persons {
        person.strength = MatchStrength::Strong;
    }
    let verdict = policy.judge(&persons, Direction::Entry, day);
    if persons.is_empty() || verdict.outcome == Outcome::Admit {
        return Ok((
            SelfCheckAnswer {
                result: "no_obstacle_found".into(),
                message: NO_OBSTACLE.into(),
                obstacles: Vec::new(),
            },
            None,
        ));
    }
    let mut obstacles = Vec::new();
    for reason in verdict
        .reasons
        .iter()
        .filter(|r| r.outcome != Outcome::Admit)
    {
        let Some((source, reference)) = &reason.decision else {
            continue;
        };
        let id = berkut_core::DecisionId {
            source: berkut_core::CountryCode::try_from(source.clone())
                .map_err(ApiError::internal)?,
            reference: berkut_core::Reference::try_from(reference.clone())
                .map_err(ApiError::internal)?,
        };
        let Some(current) = store.current_decision(&id).map_err(ApiError::internal)? else {
            continue;
        };
        let decision = serde_json::to_value(&current.decision).map_err(ApiError::internal)?;
        let authority = decision["authority"].as_str().unwrap_or(source).to_owned();
        if obstacles
            .iter()
            .any(|o: &Obstacle| o.reference == *reference)
        {
            continue;
        }
        obstacles.push(Obstacle {
            what_to_do: what_to_do(&decision, &authority, reference),
            authority,
            reference: reference.clone(),
        });
    }
    let person = identified
        .first()
        .map(|h| format!("person P-{:06}", h.person));
    Ok((
        SelfCheckAnswer {
            result: "obstacle_found".into(),
            message: "An obstacle to entry was found. Contact the authority named below before \
                      you travel, quoting its reference."
                .into(),
            obstacles,
        },
        person,
    ))
}

/// Rate limit, validation, look-up, and the time floor.
async fn answer(
    state: &AppState,
    client: IpAddr,
    body: SelfCheckBody,
) -> Result<(SelfCheckAnswer, AuditNote), ApiError> {
    let started = Instant::now();
    if state
        .self_check_limiter
        .check_key(&rate_key(client))
        .is_err()
    {
        let mut error = ApiError::new(
            axum::http::StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "too many self-checks from this address; try again in a minute",
        );
        error.retry_after = Some(60);
        return Err(error);
    }
    validate(&body)?;
    let looked_up = state
        .db(move |state, store| look_up(state, store, &body))
        .await;
    // The same time either way, errors included.
    let floor = state.config.self_check_floor;
    if let Some(rest) = floor.checked_sub(started.elapsed()) {
        tokio::time::sleep(rest).await;
    }
    let (answer, person) = looked_up?;
    let note = AuditNote {
        subject: person.unwrap_or_default(),
        outcome: Some(answer.result.clone()),
    };
    Ok((answer, note))
}

/// Checks oneself for obstacles to entry (no token). Rate-limited per client address.
#[utoipa::path(
    post, path = "/api/v1/public/self-check", tag = "public",
    request_body = SelfCheckBody,
    responses(
        (status = 200, body = SelfCheckAnswer),
        (status = 422, body = super::problem::Problem),
        (status = 429, description = "Too many tries from this address", body = super::problem::Problem),
    )
)]
async fn self_check(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiJson(body): ApiJson<SelfCheckBody>,
) -> Result<(Extension<AuditNote>, Json<SelfCheckAnswer>), ApiError> {
    let (answer, note) = answer(&state, client, body).await?;
    Ok((Extension(note), Json(answer)))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn page_html(result: &str) -> Html<String> {
    Html(format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Berkut: check for obstacles to entry</title>
<style>body{{font-family:sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem}}
label{{display:block;margin-top:1rem}}input{{width:100%;padding:.4rem;font-size:1rem}}
button{{margin-top:1rem;padding:.5rem 1rem;font-size:1rem}}.answer{{margin-top:1.5rem;padding:1rem;border:1px solid #888}}</style>
</head><body>
<h1>Check for obstacles to entry</h1>
<p>Give your family name, birth date and passport number exactly as in your passport. We answer only
whether an obstacle is recorded for that person, and whom to contact.</p>
<form method="post" action="/self-check">
<label for="family">Family name</label><input id="family" name="family" required maxlength="80" autocomplete="family-name">
<label for="birth_date">Birth date</label><input id="birth_date" name="birth_date" type="date" required>
<label for="document_number">Passport number</label><input id="document_number" name="document_number" required maxlength="20">
<button type="submit">Check</button>
</form>
{result}
</body></html>"#
    ))
}

async fn page() -> Html<String> {
    page_html("")
}

async fn page_answer(
    State(state): State<AppState>,
    super::access::Peer(client): super::access::Peer,
    form: Result<Form<SelfCheckBody>, axum::extract::rejection::FormRejection>,
) -> Response {
    let result = match form {
        Ok(Form(body)) => answer(&state, client, body).await,
        Err(_) => Err(ApiError::invalid(
            "give all three: family name, birth date and passport number",
        )),
    };
    let (html, draft) = match &result {
        Ok((answer, note)) => {
            let mut html = format!(
                r#"<div class="answer" id="answer" data-result="{}"><p>{}</p>"#,
                answer.result,
                escape(&answer.message)
            );
            for o in &answer.obstacles {
                html.push_str(&format!(
                    "<p><strong>{}</strong>, reference <code>{}</code>: {}</p>",
                    escape(&o.authority),
                    escape(&o.reference),
                    escape(&o.what_to_do)
                ));
            }
            html.push_str("</div>");
            (
                html,
                (note.subject.clone(), format!("200 {}", answer.result)),
            )
        }
        Err(error) => (
            format!(
                r#"<div class="answer" id="answer" data-result="error"><p>{}</p></div>"#,
                escape(&error.detail)
            ),
            (String::new(), error.status.as_u16().to_string()),
        ),
    };
    let entry = super::access::draft(
        None,
        client,
        "POST /self-check".into(),
        "self-check".into(),
        draft.0,
        draft.1,
    );
    if let Err(error) = state.recorder.audit(entry).await {
        return ApiError::internal(format!("the audit entry could not be written: {error}"))
            .into_response();
    }
    let status = result
        .as_ref()
        .map_or_else(|e| e.status, |_| axum::http::StatusCode::OK);
    (status, page_html(&html)).into_response()
}
