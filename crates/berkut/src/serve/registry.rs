//! The registry over HTTP: partners' batches in, their feeds out, decisions looked up, and
//! citizenship applications screened by the same rules as border checks.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::HeaderMap;
use axum::{Extension, Json};
use berkut_core::{CountryCode, DecisionId, Reference};
use indicatif::ProgressBar;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::AppState;
use super::access::{AuditNote, Principal};
use super::problem::{ApiError, ApiJson, ApiPath, ApiQuery, ApiResult};
use crate::accounts::Role;
use crate::import::{BatchOutcome, ImportOptions, import_reader};

/// The largest batch accepted in one request; larger registries go in several batches.
pub const MAX_BATCH_BYTES: usize = 64 * 1024 * 1024;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(
            OpenApiRouter::new()
                .routes(routes!(post_batch))
                .layer(DefaultBodyLimit::max(MAX_BATCH_BYTES)),
        )
        .routes(routes!(get_decision))
        .routes(routes!(get_feed))
        .routes(routes!(screen_application))
}

/// Applies a partner's decision batch (the JSON Lines file as the body). A partner account
/// may send only its own source's decisions; a batch with a bad line, a foreign source or a
/// signature that does not verify is rejected whole (422) and nothing is stored. The
/// signature (base64 Ed25519 over the exact body) goes in `Berkut-Signature`.
#[utoipa::path(
    post, path = "/api/v1/batches", tag = "registry",
    request_body(content = String, content_type = "text/plain",
                 description = "A decision batch, one `berkut.decision/1` line each (JSON Lines; \
                                the content type is not checked, `application/x-ndjson` is usual)"),
    params(("Berkut-Signature" = Option<String>, Header, description = "base64 Ed25519 signature of the body")),
    responses(
        (status = 200, description = "Applied, with counts per source and the cases it closed", body = Object),
        (status = 422, description = "Rejected whole, with the problems and bad lines", body = super::problem::Problem),
    ),
    security(("bearer" = []))
)]
async fn post_batch(
    State(state): State<AppState>,
    principal: Principal,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<(Extension<AuditNote>, Json<Value>)> {
    let source = principal
        .source
        .clone()
        .ok_or_else(|| ApiError::forbidden("this partner account has no source"))?;
    let signature = match headers.get("berkut-signature") {
        Some(value) => Some(
            value
                .to_str()
                .map_err(|_| ApiError::bad_request("Berkut-Signature is not text"))?
                .to_owned(),
        ),
        None => None,
    };
    let name = format!("HTTP batch from {} ({source})", principal.name);
    let note = AuditNote::subject(format!("batch of {} bytes from {source}", body.len()));
    let report = state
        .db(move |state, store| {
            let source = CountryCode::try_from(source).map_err(ApiError::internal)?;
            let report = import_reader(
                store,
                &name,
                body.as_ref(),
                signature.as_deref(),
                "Berkut-Signature",
                ImportOptions {
                    dry_run: false,
                    only_source: Some(&source),
                },
                &ProgressBar::hidden(),
            )
            .map_err(ApiError::internal)?;
            let closed = if report.is_rejected() {
                Vec::new()
            } else {
                state.catch_up(store).map_err(ApiError::internal)?;
                store.resolve_cases().map_err(ApiError::internal)?
            };
            Ok((report, closed))
        })
        .await?;
    let (report, closed) = report;
    match report.outcome {
        BatchOutcome::Applied { summary, signed_by } => {
            let counts: serde_json::Map<String, Value> = summary
                .counts
                .iter()
                .map(|(source, c)| {
                    (
                        source.to_string(),
                        json!({"inserted": c.inserted, "updated": c.updated,
                               "unchanged": c.unchanged, "differing": c.differing}),
                    )
                })
                .collect();
            Ok((
                Extension(note),
                Json(json!({
                    "outcome": "applied",
                    "lines": report.lines,
                    "counts": counts,
                    "differing": summary.differing,
                    "signed_by": signed_by.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                    "cases_closed": closed.iter().map(|c| &c.id).collect::<Vec<_>>(),
                })),
            ))
        }
        BatchOutcome::Valid { .. } => Err(ApiError::internal("a batch was only validated")),
        BatchOutcome::Rejected {
            problems,
            bad_lines,
        } => {
            let shown: Vec<Value> = bad_lines
                .iter()
                .take(100)
                .map(|b| json!({"line": b.line, "error": b.error.to_string()}))
                .collect();
            Err(ApiError::new(
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                "batch_rejected",
                format!(
                    "the batch was rejected whole; nothing was stored ({} problem(s), {} bad line(s))",
                    problems.len(),
                    bad_lines.len()
                ),
            )
            .with(json!({"problems": problems, "bad_lines": shown,
                         "bad_lines_total": bad_lines.len()})))
        }
    }
}

/// A decision with every revision, as its source sent them.
#[utoipa::path(
    get, path = "/api/v1/decisions/{source}/{ref}", tag = "registry",
    params(("source" = String, Path, description = "`RU`"), ("ref" = String, Path)),
    responses((status = 200, body = Object), (status = 404, body = super::problem::Problem)),
    security(("bearer" = []))
)]
async fn get_decision(
    State(state): State<AppState>,
    _principal: Principal,
    ApiPath((source, reference)): ApiPath<(String, String)>,
) -> ApiResult<(Extension<AuditNote>, Json<Value>)> {
    let source = source.to_ascii_uppercase();
    let id = DecisionId {
        source: CountryCode::try_from(source).map_err(ApiError::invalid)?,
        reference: Reference::try_from(reference).map_err(ApiError::invalid)?,
    };
    let subject = format!("decision {}", id);
    let history = {
        let id = id.clone();
        state
            .db(move |_, store| store.history(&id).map_err(ApiError::internal))
            .await?
    };
    let Some(current) = history.last() else {
        return Err(ApiError::not_found(format!("no decision {id}")));
    };
    let revisions: Vec<Value> = history
        .iter()
        .map(|r| serde_json::from_str(&r.raw).unwrap_or(Value::Null))
        .collect();
    let note = AuditNote::subject(format!("{subject}; person {}", current.person_id));
    Ok((
        Extension(note),
        Json(json!({
            "source": id.source.to_string(), "ref": id.reference.to_string(),
            "person": current.person_id.to_string(),
            "current": revisions.last(),
            "revisions": revisions,
        })),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
struct FeedQuery {
    /// The last sequence number the partner has read (0 for the start).
    after: Option<i64>,
    /// At most this many (1..=1000, default 100).
    limit: Option<i64>,
}

/// A partner's outbound feed (`berkut.hit/1` notifications), paged by sequence number: read
/// with `after` = the last `seq` seen, and resume there after any interruption.
#[utoipa::path(
    get, path = "/api/v1/feeds/{source}", tag = "registry",
    params(("source" = String, Path), FeedQuery),
    responses((status = 200, body = Object)),
    security(("bearer" = []))
)]
async fn get_feed(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(source): ApiPath<String>,
    ApiQuery(query): ApiQuery<FeedQuery>,
) -> ApiResult<(Extension<AuditNote>, Json<Value>)> {
    let source = source.to_ascii_uppercase();
    if principal.role == Role::Partner && principal.source.as_deref() != Some(source.as_str()) {
        return Err(ApiError::forbidden("a partner may read only its own feed"));
    }
    let source = CountryCode::try_from(source).map_err(ApiError::invalid)?;
    let after = query.after.unwrap_or(0).max(0);
    let limit = query.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(ApiError::invalid("limit is 1 to 1000"));
    }
    let items = {
        let source = source.to_string();
        state
            .db(move |_, store| {
                store
                    .notifications(&source, after, limit)
                    .map_err(ApiError::internal)
            })
            .await?
    };
    let next_after = items.last().map_or(after, |(seq, _)| *seq);
    let items: Vec<Value> = items
        .into_iter()
        .map(|(seq, body)| {
            let mut item: Value =
                serde_json::from_str(&body).unwrap_or_else(|_| json!({"unreadable": body}));
            if let Some(fields) = item.as_object_mut() {
                fields.insert("seq".into(), json!(seq));
            }
            item
        })
        .collect();
    Ok((
        Extension(AuditNote::subject(format!(
            "feed {source} after {after}: {} item(s)",
            items.len()
        ))),
        Json(json!({"source": source.to_string(), "items": items, "next_after": next_after})),
    ))
}

/// An applicant, with the same fields as a traveler (no checkpoint).
#[derive(Debug, Deserialize, serde::Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicantBody {
    pub id: Option<String>,
    pub mrz: Option<String>,
    pub family: Option<String>,
    pub given: Option<String>,
    pub birth_date: Option<String>,
    pub sex: Option<String>,
    pub nationality: Option<String>,
    pub document: Option<super::checks::DocumentBody>,
}

/// Screens a citizenship applicant: `eligible`, `barred` (with the barring rule) or `review`.
#[utoipa::path(
    post, path = "/api/v1/applications/screen", tag = "registry",
    request_body = ApplicantBody,
    responses((status = 200, body = Object), (status = 422, body = super::problem::Problem)),
    security(("bearer" = []))
)]
async fn screen_application(
    State(state): State<AppState>,
    _principal: Principal,
    ApiJson(body): ApiJson<ApplicantBody>,
) -> ApiResult<(Extension<AuditNote>, Json<Value>)> {
    let line = serde_json::to_string(&body).map_err(ApiError::internal)?;
    let answer = state
        .db(move |state, _| {
            let index = state
                .index
                .read()
                .map_err(|_| ApiError::internal("the index lock is poisoned"))?;
            let policy = super::read(&state.policy);
            let today = policy.local_day(chrono::Utc::now());
            let (out, _) = crate::screen::application_line(&index, &policy, &line, today);
            serde_json::from_str::<Value>(&out).map_err(ApiError::internal)
        })
        .await?;
    if let Some(error) = answer.get("error").and_then(Value::as_str) {
        return Err(ApiError::invalid(error.to_owned()));
    }
    let persons: Vec<String> = answer["hits"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|h| h["person"].as_str().map(str::to_owned))
        .collect();
    Ok((
        Extension(AuditNote::subject(format!(
            "application screening; persons [{}]",
            persons.join(", ")
        ))),
        Json(answer),
    ))
}
