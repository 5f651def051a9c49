//! The audit log for auditors: read it in pages, and verify its chain.

use axum::extract::State;
use axum::{Extension, Json};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::AppState;
use super::access::{AuditNote, Principal};
use super::problem::{ApiError, ApiQuery, ApiResult};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(read_log))
        .routes(routes!(verify_log))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
struct Page {
    /// Entries after this sequence number (0 for the start).
    after: Option<i64>,
    /// At most this many (1..=10000, default 1000).
    limit: Option<i64>,
}

/// Audit entries in order, with their chain hashes.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(Page),
    responses((status = 200, body = Object)), security(("bearer" = [])))]
async fn read_log(
    State(state): State<AppState>,
    _principal: Principal,
    ApiQuery(page): ApiQuery<Page>,
) -> ApiResult<(Extension<AuditNote>, Json<Value>)> {
    let after = page.after.unwrap_or(0).max(0);
    let limit = page.limit.unwrap_or(1000);
    if !(1..=10_000).contains(&limit) {
        return Err(ApiError::invalid("limit is 1 to 10000"));
    }
    let entries = state
        .db(move |_, store| {
            store
                .audit_entries(after, limit)
                .map_err(ApiError::internal)
        })
        .await?;
    let next_after = entries.last().map_or(after, |e| e.seq);
    Ok((
        Extension(AuditNote::subject(format!("audit log after {after}"))),
        Json(json!({"entries": entries, "next_after": next_after})),
    ))
}

/// Verifies the whole chain: `ok` with the head, or the first bad entry.
#[utoipa::path(get, path = "/api/v1/audit/verify", tag = "audit",
    responses((status = 200, body = Object)), security(("bearer" = [])))]
async fn verify_log(
    State(state): State<AppState>,
    _principal: Principal,
) -> ApiResult<(Extension<AuditNote>, Json<Value>)> {
    let verdict = state
        .db(|_, store| {
            Ok(
                match store.verify_audit(None).map_err(ApiError::internal)? {
                    Ok((seq, hash)) => json!({"ok": true, "entries": seq, "head": hash}),
                    Err(b) => {
                        json!({"ok": false, "first_bad_entry": b.seq(), "problem": b.to_string()})
                    }
                },
            )
        })
        .await?;
    Ok((
        Extension(AuditNote::subject("audit log verification")),
        Json(verdict),
    ))
}
