//! Border checks and what follows a hit.
//!
//! `POST /api/v1/checks` takes the same fields as a `berkut screen` line (or an MRZ) with the
//! checkpoint and direction; the officer is the account, the time is the service's clock. The
//! check is made off the async threads, then recorded with its audit entry by the recorder
//! (group commit) before the answer, with its number, leaves.

use std::time::Instant;

use axum::{Extension, Json};
use berkut_core::policy::Direction;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::AppState;
use super::access::{AuditNote, Audited, ClientAddr, Principal, RouteInfo, draft};
use super::problem::{ApiError, ApiJson, ApiPath, ApiResult};
use crate::accounts::Role;
use crate::check::{CheckError, CheckRequest, assess};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_check))
        .routes(routes!(get_check))
        .routes(routes!(confirm_hit))
        .routes(routes!(dismiss_hit))
}

/// A document as a `berkut screen` line gives it.
#[derive(Debug, Deserialize, serde::Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentBody {
    /// The document number as printed.
    pub number: String,
    /// ICAO alpha-3 issuing state (`UZB`).
    pub country: Option<String>,
    /// `YYYY-MM-DD`.
    pub expires_on: Option<String>,
}

/// A traveler at a checkpoint: fields, or the MRZ as scanned (lines separated by `\n`).
#[derive(Debug, Deserialize, serde::Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckBody {
    /// The client's own reference, echoed.
    pub id: Option<String>,
    pub mrz: Option<String>,
    pub family: Option<String>,
    pub given: Option<String>,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub birth_date: Option<String>,
    /// `M` or `F`.
    pub sex: Option<String>,
    /// ICAO alpha-3.
    pub nationality: Option<String>,
    pub document: Option<DocumentBody>,
    /// The checkpoint's code (`KZ-ZHIBEK-ZHOLY`).
    #[serde(skip_serializing)]
    pub checkpoint: String,
    /// `entry` (the default) or `exit`.
    #[schema(value_type = Option<String>, example = "entry")]
    #[serde(skip_serializing)]
    pub direction: Option<Direction>,
}

impl CheckBody {
    /// The traveler as a `berkut screen` line: every field but the checkpoint and direction.
    fn traveler(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// Checks a traveler: document, registry, policy; records the check and answers with the
/// outcome, the hits and the reasons (rule, legal basis, decisions, match explanation).
#[utoipa::path(
    post, path = "/api/v1/checks", tag = "checks",
    request_body = CheckBody,
    responses(
        (status = 200, description = "The outcome with its reasons and the check's number", body = Object),
        (status = 401, body = super::problem::Problem), (status = 403, body = super::problem::Problem),
        (status = 422, description = "Unknown checkpoint, unreadable traveler or MRZ", body = super::problem::Problem),
    ),
    security(("bearer" = []))
)]
async fn create_check(
    state: axum::extract::State<AppState>,
    principal: Principal,
    ClientAddr(client): ClientAddr,
    info: RouteInfo,
    ApiJson(body): ApiJson<CheckBody>,
) -> ApiResult<(Extension<Audited>, Json<Value>)> {
    let started = Instant::now();
    let request = CheckRequest {
        traveler: body.traveler(),
        checkpoint: body.checkpoint.clone(),
        direction: body.direction.unwrap_or(Direction::Entry),
        at: chrono::Utc::now(),
        officer: principal.name.clone(),
    };
    let (mut answer, record) = state
        .db(move |state, store| {
            let index = state
                .index
                .read()
                .map_err(|_| ApiError::internal("the index lock is poisoned"))?;
            let policy = super::read(&state.policy);
            let settings = super::read(&state.settings);
            assess(
                &index,
                &policy,
                &request,
                &settings,
                &mut |country, number| Ok(store.false_hits_for(country, number)?),
            )
            .map_err(|e| match e {
                CheckError::Refused(message) => ApiError::invalid(message),
                CheckError::System(error) => ApiError::internal(error),
            })
        })
        .await?;
    let assessed = started.elapsed();
    state.metrics.check_stage("assess", assessed.as_secs_f64());
    let outcome = record.outcome.clone();
    let subject = match (&record.document_country, &record.document_number) {
        (Some(c), Some(n)) => format!("document {c} {n}"),
        (None, Some(n)) => format!("document {n}"),
        _ => String::new(),
    };
    let entry = draft(
        Some(&principal),
        client,
        info.route,
        info.purpose,
        subject,
        format!("200 {outcome}"),
    );
    let number = state
        .recorder
        .check(record, entry)
        .await
        .map_err(|e| ApiError::internal(format!("the check could not be recorded: {e}")))?;
    answer["check"] = json!(number);
    state
        .metrics
        .check_stage("record", (started.elapsed() - assessed).as_secs_f64());
    state
        .metrics
        .check_answered(&outcome, started.elapsed().as_secs_f64());
    Ok((Extension(Audited), Json(answer)))
}

/// A recorded check, as answered then.
#[utoipa::path(
    get, path = "/api/v1/checks/{id}", tag = "checks",
    params(("id" = i64, Path, description = "The check's number")),
    responses((status = 200, body = Object), (status = 404, body = super::problem::Problem)),
    security(("bearer" = []))
)]
async fn get_check(
    state: axum::extract::State<AppState>,
    _principal: Principal,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<(Extension<AuditNote>, Json<Value>)> {
    let record = state
        .db(move |_, store| store.check_record(id).map_err(ApiError::internal))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no check #{id}")))?;
    let mut answer: Value = serde_json::from_str(&record.result).map_err(ApiError::internal)?;
    answer["check"] = json!(id);
    Ok((
        Extension(AuditNote::subject(format!("check #{id}"))),
        Json(answer),
    ))
}

/// An officer's review of a hit.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewBody {
    /// Why: what the officer saw.
    pub reason: String,
}

/// A refused review answers with the status of its kind; any other failure is the server's.
fn review_error(error: anyhow::Error) -> ApiError {
    use crate::review::Refused;
    match error.downcast_ref::<Refused>() {
        Some(refused @ Refused::NotFound(_)) => ApiError::not_found(refused.to_string()),
        Some(refused @ Refused::Conflict(_)) => ApiError::conflict(refused.to_string()),
        Some(refused @ Refused::NotSecondEyes) => ApiError::forbidden(refused.to_string()),
        Some(refused @ Refused::Invalid(_)) => ApiError::invalid(refused.to_string()),
        None => ApiError::internal(format!("{error:#}")),
    }
}

/// Confirms a hit. A detention needs two officers: the first confirmation waits for a
/// supervisor's; then cases open, the partner is notified and the legal clock runs. A
/// confirmed entry attempt during a ban records the new ban the policy gives.
#[utoipa::path(
    post, path = "/api/v1/checks/{id}/hits/{person}/confirm", tag = "checks",
    params(("id" = i64, Path), ("person" = String, Path, description = "`P-000123`")),
    request_body = ReviewBody,
    responses((status = 200, body = Object), (status = 404, body = super::problem::Problem),
              (status = 409, body = super::problem::Problem)),
    security(("bearer" = []))
)]
async fn confirm_hit(
    state: axum::extract::State<AppState>,
    principal: Principal,
    ApiPath((id, person)): ApiPath<(i64, String)>,
    ApiJson(body): ApiJson<ReviewBody>,
) -> ApiResult<(Extension<AuditNote>, Json<Value>)> {
    review_hit(state.0, principal, id, person, body.reason, Review::Confirm).await
}

/// What an officer does with a hit.
#[derive(Debug, Clone, Copy)]
enum Review {
    Confirm,
    Dismiss,
}

/// Confirms or dismisses the hit on `person` of check `id`, as `principal` (a supervisor may be
/// the second pair of eyes on a detention).
async fn review_hit(
    state: AppState,
    principal: Principal,
    id: i64,
    person: String,
    reason: String,
    review: Review,
) -> ApiResult<(Extension<AuditNote>, Json<Value>)> {
    let subject = format!("check #{id}; person {person}");
    let may_be_second = principal.role == Role::Supervisor;
    let answer = state
        .db(move |state, store| {
            let officer = &principal.name;
            match review {
                Review::Confirm => {
                    let policy = super::read(&state.policy);
                    let answer = crate::review::confirm(
                        store,
                        &policy,
                        id,
                        &person,
                        officer,
                        &reason,
                        may_be_second,
                    )
                    .map_err(review_error)?;
                    // A new ban may have been imported: make it visible to the next check.
                    state.catch_up(store).map_err(ApiError::internal)?;
                    Ok(answer)
                }
                Review::Dismiss => {
                    crate::review::dismiss(store, id, &person, officer, &reason, may_be_second)
                        .map_err(review_error)
                }
            }
        })
        .await?;
    Ok((Extension(AuditNote::subject(subject)), Json(answer)))
}

/// Dismisses a hit as a namesake: remembered for this document and person until the person's
/// record changes.
#[utoipa::path(
    post, path = "/api/v1/checks/{id}/hits/{person}/dismiss", tag = "checks",
    params(("id" = i64, Path), ("person" = String, Path, description = "`P-000123`")),
    request_body = ReviewBody,
    responses((status = 200, body = Object), (status = 404, body = super::problem::Problem),
              (status = 409, body = super::problem::Problem)),
    security(("bearer" = []))
)]
async fn dismiss_hit(
    state: axum::extract::State<AppState>,
    principal: Principal,
    ApiPath((id, person)): ApiPath<(i64, String)>,
    ApiJson(body): ApiJson<ReviewBody>,
) -> ApiResult<(Extension<AuditNote>, Json<Value>)> {
    review_hit(state.0, principal, id, person, body.reason, Review::Dismiss).await
}
