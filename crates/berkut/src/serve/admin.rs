//! Administration and supervision over HTTP: the policy (read by staff, replaced by an
//! administrator), emergency declarations, checkpoints, accounts and tokens, partner keys, and
//! the cases of persons held pending a partner's decision.

use std::sync::Arc;

use axum::extract::State;
use axum::{Extension, Json};
use berkut_core::CountryCode;
use berkut_core::policy::Policy;
use berkut_core::validity::{EmergencyDeclaration, Scope};
use berkut_store::{Partner, StoreError};
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::AppState;
use super::access::{AuditNote, Principal};
use super::problem::{ApiError, ApiJson, ApiPath, ApiResult};
use crate::accounts::Role;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_policy, put_policy))
        .routes(routes!(list_emergencies, declare_emergency))
        .routes(routes!(end_emergency))
        .routes(routes!(list_checkpoints, add_checkpoint))
        .routes(routes!(list_users, add_user))
        .routes(routes!(issue_token))
        .routes(routes!(list_partners))
        .routes(routes!(put_partner))
        .routes(routes!(list_cases))
        .routes(routes!(release_case))
}

fn store_error(error: StoreError) -> ApiError {
    match error {
        StoreError::Invalid(message) => ApiError::invalid(message),
        StoreError::NotFound(message) => ApiError::not_found(message),
        StoreError::Conflict(message) => ApiError::conflict(message),
        other => ApiError::internal(other),
    }
}

/// An account operation's error: the caller's mistake (422) or the system's (500).
fn account_error(error: anyhow::Error) -> ApiError {
    match error.downcast::<StoreError>() {
        Ok(StoreError::Invalid(message)) => ApiError::invalid(message),
        Ok(other) => ApiError::internal(other),
        // What remains is about the input: the role, the source, the password's length.
        Err(error) => ApiError::invalid(format!("{error:#}")),
    }
}

fn note(subject: impl Into<String>) -> Extension<AuditNote> {
    Extension(AuditNote::subject(subject))
}

/// The policy in force, as data, with its text if an administrator stored it.
#[utoipa::path(get, path = "/api/v1/policy", tag = "admin",
    responses((status = 200, body = Object)), security(("bearer" = [])))]
async fn get_policy(
    State(state): State<AppState>,
    _principal: Principal,
) -> ApiResult<(Extension<AuditNote>, Json<Value>)> {
    let policy = super::read(&state.policy);
    let stored = state
        .db(|_, store| store.current_policy().map_err(ApiError::internal))
        .await?;
    let text = stored
        .filter(|stored| stored.version == policy.version)
        .map(|stored| stored.text);
    Ok((
        note(format!("policy {}", policy.version)),
        Json(json!({"version": policy.version, "title": policy.title,
                    "policy": policy.as_ref(), "text": text})),
    ))
}

/// A replacement policy.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyBody {
    /// The whole policy file (TOML), as `berkut policy default` prints it.
    pub text: String,
}

/// Replaces the policy in force; every problem is reported at once (422) and the old policy
/// stays until a valid one is given. The version must be new.
#[utoipa::path(put, path = "/api/v1/policy", tag = "admin", request_body = PolicyBody,
    responses((status = 200, body = Object), (status = 422, body = super::problem::Problem)),
    security(("bearer" = [])))]
async fn put_policy(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(body): ApiJson<PolicyBody>,
) -> ApiResult<(Extension<AuditNote>, Json<Value>)> {
    let policy = Policy::parse(&body.text).map_err(|e| ApiError::invalid(e.to_string()))?;
    if policy.version == super::read(&state.policy).version {
        return Err(ApiError::conflict(format!(
            "policy {} is already in force; give the new policy a new version",
            policy.version
        )));
    }
    let version = policy.version.clone();
    let by = principal.name.clone();
    let text = body.text;
    state
        .db(move |state, store| {
            store
                .save_policy(&policy.version, &text, &by)
                .map_err(ApiError::internal)?;
            super::write(&state.policy, Arc::new(policy));
            Ok(())
        })
        .await?;
    Ok((
        note(format!("policy {version}")),
        Json(json!({"version": version, "replaced_by": principal.name})),
    ))
}

fn declaration_json(stored: &berkut_store::StoredDeclaration) -> Value {
    let d = &stored.declaration;
    json!({
        "id": d.id, "title": d.title,
        "checkpoints": match &d.scope { Scope::AllCheckpoints => Value::Null, Scope::Checkpoints(c) => json!(c) },
        "effective_from": d.effective_from, "effective_until": d.effective_until,
        "expired_on_or_after": d.expired_on_or_after, "valid_until": d.valid_until,
        "ended_on": d.ended_on, "declared_by": stored.declared_by,
        "ended_by": stored.ended_by, "end_reason": stored.end_reason,
    })
}

/// Emergency declarations, newest first.
#[utoipa::path(get, path = "/api/v1/emergencies", tag = "admin",
    responses((status = 200, body = Object)), security(("bearer" = [])))]
async fn list_emergencies(
    State(state): State<AppState>,
    _principal: Principal,
) -> ApiResult<(Extension<AuditNote>, Json<Value>)> {
    let list = state
        .db(|_, store| store.emergencies().map_err(ApiError::internal))
        .await?;
    Ok((
        note("emergency declarations"),
        Json(json!({"emergencies": list.iter().map(declaration_json).collect::<Vec<_>>()})),
    ))
}

/// A declaration: from `effective_from` to `effective_until`, documents expired on or after
/// `expired_on_or_after` stay valid until `valid_until`, at the listed checkpoints (or all).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeclarationBody {
    pub title: String,
    /// Checkpoint codes; absent or empty for all.
    pub checkpoints: Option<Vec<String>>,
    #[schema(value_type = String, format = Date)]
    pub effective_from: NaiveDate,
    #[schema(value_type = String, format = Date)]
    pub effective_until: NaiveDate,
    #[schema(value_type = String, format = Date)]
    pub expired_on_or_after: NaiveDate,
    #[schema(value_type = String, format = Date)]
    pub valid_until: NaiveDate,
}

/// Declares an emergency (an administrator's act, recorded with who made it).
#[utoipa::path(post, path = "/api/v1/emergencies", tag = "admin", request_body = DeclarationBody,
    responses((status = 200, body = Object), (status = 422, body = super::problem::Problem)),
    security(("bearer" = [])))]
async fn declare_emergency(
    State(state): State<AppState>,
    principal: Principal,
    ApiJson(body): ApiJson<DeclarationBody>,
) -> ApiResult<(Extension<AuditNote>, Json<Value>)> {
    let declaration = EmergencyDeclaration {
        id: String::new(),
        title: body.title,
        scope: match body.checkpoints {
            Some(list) if !list.is_empty() => Scope::Checkpoints(list),
            _ => Scope::AllCheckpoints,
        },
        effective_from: body.effective_from,
        effective_until: body.effective_until,
        expired_on_or_after: body.expired_on_or_after,
        valid_until: body.valid_until,
        ended_on: None,
    };
    let by = principal.name.clone();
    let stored = state
        .db(move |state, store| {
            let stored = store
                .declare_emergency(&declaration, &by)
                .map_err(store_error)?;
            state.reload_settings(store).map_err(ApiError::internal)?;
            Ok(stored)
        })
        .await?;
    Ok((
        note(format!("emergency {}", stored.id)),
        Json(json!({"id": stored.id, "declared_by": principal.name})),
    ))
}

/// Ends a declaration early.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndBody {
    /// The last day it applies.
    #[schema(value_type = String, format = Date)]
    pub on: NaiveDate,
    pub reason: String,
}

/// Ends an emergency declaration early, with a reason.
#[utoipa::path(post, path = "/api/v1/emergencies/{id}/end", tag = "admin",
    params(("id" = String, Path, description = "`E-000001`")), request_body = EndBody,
    responses((status = 200, body = Object), (status = 422, body = super::problem::Problem)),
    security(("bearer" = [])))]
async fn end_emergency(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<EndBody>,
) -> ApiResult<(Extension<AuditNote>, Json<Value>)> {
    let by = principal.name.clone();
    let ended = id.clone();
    state
        .db(move |state, store| {
            store
                .end_emergency(&ended, body.on, &by, &body.reason)
                .map_err(store_error)?;
            state.reload_settings(store).map_err(ApiError::internal)
        })
        .await?;
    Ok((
        note(format!("emergency {id}")),
        Json(json!({"id": id, "ended_by": principal.name})),
    ))
}

/// Checkpoints.
#[utoipa::path(get, path = "/api/v1/checkpoints", tag = "admin",
    responses((status = 200, body = Object)), security(("bearer" = [])))]
async fn list_checkpoints(
    State(state): State<AppState>,
    _principal: Principal,
) -> ApiResult<(Extension<AuditNote>, Json<Value>)> {
    let list = state
        .db(|_, store| store.checkpoints().map_err(ApiError::internal))
        .await?;
    Ok((
        note("checkpoints"),
        Json(
            json!({"checkpoints": list.iter().map(|c| json!({"code": c.code, "name": c.name})).collect::<Vec<_>>()}),
        ),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckpointBody {
    /// `KZ-ZHIBEK-ZHOLY`.
    pub code: String,
    pub name: String,
}

/// Adds (or renames) a checkpoint.
#[utoipa::path(post, path = "/api/v1/checkpoints", tag = "admin", request_body = CheckpointBody,
    responses((status = 200, body = Object), (status = 422, body = super::problem::Problem)),
    security(("bearer" = [])))]
async fn add_checkpoint(
    State(state): State<AppState>,
    _principal: Principal,
    ApiJson(body): ApiJson<CheckpointBody>,
) -> ApiResult<(Extension<AuditNote>, Json<Value>)> {
    let code = body.code.clone();
    state
        .db(move |state, store| {
            store
                .save_checkpoint(&berkut_store::Checkpoint {
                    code: body.code,
                    name: body.name,
                })
                .map_err(store_error)?;
            state.reload_settings(store).map_err(ApiError::internal)
        })
        .await?;
    Ok((
        note(format!("checkpoint {code}")),
        Json(json!({"code": code})),
    ))
}

/// Accounts (never their secrets).
#[utoipa::path(get, path = "/api/v1/users", tag = "admin",
    responses((status = 200, body = Object)), security(("bearer" = [])))]
async fn list_users(
    State(state): State<AppState>,
    _principal: Principal,
) -> ApiResult<(Extension<AuditNote>, Json<Value>)> {
    let users = state
        .db(|_, store| store.users().map_err(ApiError::internal))
        .await?;
    Ok((
        note("accounts"),
        Json(
            json!({"users": users.iter().map(|u| json!({"name": u.name, "role": u.role, "source": u.source, "disabled": u.disabled})).collect::<Vec<_>>()}),
        ),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserBody {
    pub name: String,
    /// border_officer, inspector, supervisor, admin, auditor or partner.
    pub role: String,
    /// A partner's source (`RU`).
    pub source: Option<String>,
    /// At least 12 characters; stored as an Argon2id hash.
    pub password: String,
}

/// Adds an account.
#[utoipa::path(post, path = "/api/v1/users", tag = "admin", request_body = UserBody,
    responses((status = 200, body = Object), (status = 422, body = super::problem::Problem)),
    security(("bearer" = [])))]
async fn add_user(
    State(state): State<AppState>,
    _principal: Principal,
    ApiJson(body): ApiJson<UserBody>,
) -> ApiResult<(Extension<AuditNote>, Json<Value>)> {
    let role = Role::parse(&body.role).ok_or_else(|| {
        ApiError::invalid(format!(
            "unknown role {:?} (roles: {})",
            body.role,
            Role::ALL.map(|r| r.as_str()).join(", ")
        ))
    })?;
    let name = body.name.clone();
    state
        .db(move |_, store| {
            crate::accounts::add_user(
                store,
                &body.name,
                role,
                body.source.as_deref(),
                &body.password,
            )
            .map_err(|e| ApiError::invalid(format!("{e:#}")))
        })
        .await?;
    Ok((
        note(format!("account {name}")),
        Json(json!({"name": name, "role": role})),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenBody {
    /// What the token is for (`post 3 terminal`).
    pub label: String,
}

/// Issues an API token for an account; the token is shown only in this answer.
#[utoipa::path(post, path = "/api/v1/users/{name}/tokens", tag = "admin",
    params(("name" = String, Path)), request_body = TokenBody,
    responses((status = 200, body = Object), (status = 422, body = super::problem::Problem)),
    security(("bearer" = [])))]
async fn issue_token(
    State(state): State<AppState>,
    _principal: Principal,
    ApiPath(name): ApiPath<String>,
    ApiJson(body): ApiJson<TokenBody>,
) -> ApiResult<(Extension<AuditNote>, Json<Value>)> {
    let account = name.clone();
    let token = state
        .db(move |_, store| {
            crate::accounts::issue_token(store, &account, &body.label).map_err(account_error)
        })
        .await?;
    Ok((
        note(format!("token for account {name}")),
        Json(json!({"name": name, "token": token})),
    ))
}

/// Partner states, their keys and whether they must sign.
#[utoipa::path(get, path = "/api/v1/partners", tag = "admin",
    responses((status = 200, body = Object)), security(("bearer" = [])))]
async fn list_partners(
    State(state): State<AppState>,
    _principal: Principal,
) -> ApiResult<(Extension<AuditNote>, Json<Value>)> {
    let partners = state
        .db(|_, store| store.partners().map_err(ApiError::internal))
        .await?;
    Ok((
        note("partners"),
        Json(json!({"partners": partners.iter().map(|p| json!({
            "source": p.source.to_string(), "has_key": p.public_key.is_some(),
            "require_signature": p.require_signature})).collect::<Vec<_>>()})),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnerBody {
    /// The Ed25519 public key: PEM, or base64 of the 32 bytes.
    pub public_key: String,
    pub require_signature: bool,
}

/// Registers or rotates a partner's key.
#[utoipa::path(put, path = "/api/v1/partners/{source}", tag = "admin",
    params(("source" = String, Path)), request_body = PartnerBody,
    responses((status = 200, body = Object), (status = 422, body = super::problem::Problem)),
    security(("bearer" = [])))]
async fn put_partner(
    State(state): State<AppState>,
    _principal: Principal,
    ApiPath(source): ApiPath<String>,
    ApiJson(body): ApiJson<PartnerBody>,
) -> ApiResult<(Extension<AuditNote>, Json<Value>)> {
    let source = CountryCode::try_from(source.to_ascii_uppercase()).map_err(ApiError::invalid)?;
    let key = crate::keys::parse_public_key(&body.public_key)
        .map_err(|e| ApiError::invalid(e.to_string()))?;
    let partner = Partner {
        source: source.clone(),
        public_key: Some(key.to_bytes()),
        require_signature: body.require_signature,
    };
    state
        .db(move |_, store| store.save_partner(&partner).map_err(store_error))
        .await?;
    Ok((
        note(format!("partner {source}")),
        Json(json!({"source": source.to_string(), "require_signature": body.require_signature})),
    ))
}

/// Cases of persons held pending a partner's decision, open ones nearest their legal limit
/// first, with the time left.
#[utoipa::path(get, path = "/api/v1/cases", tag = "cases",
    responses((status = 200, body = Object)), security(("bearer" = [])))]
async fn list_cases(
    State(state): State<AppState>,
    _principal: Principal,
) -> ApiResult<(Extension<AuditNote>, Json<Value>)> {
    let cases = state
        .db(|_, store| {
            store.resolve_cases().map_err(ApiError::internal)?;
            store.cases().map_err(ApiError::internal)
        })
        .await?;
    let warn_before_hours = super::read(&state.policy).case.warn_before_hours;
    let now = chrono::Utc::now();
    let list: Vec<Value> = cases
        .iter()
        .map(|c| {
            let clock = crate::review::Clock::of(c, now, warn_before_hours);
            json!({
                "id": c.id, "check": c.check_id, "person": format!("P-{:06}", c.person_id),
                "source": c.source, "ref": c.reference, "checkpoint": c.checkpoint,
                "opened_at": c.opened_at, "hold_until": c.hold_until, "clock": clock.as_str(),
                "minutes_left": clock.left().map(|l| l.num_minutes()),
                "closed_at": c.closed_at, "closed_by": c.closed_by, "close_reason": c.close_reason,
            })
        })
        .collect();
    let persons: Vec<String> = cases
        .iter()
        .map(|c| format!("P-{:06}", c.person_id))
        .collect();
    Ok((
        note(format!("cases; persons [{}]", persons.join(", "))),
        Json(json!({"cases": list})),
    ))
}

/// Releases the person of an open case, with a reason; the partner is told in its feed.
#[utoipa::path(post, path = "/api/v1/cases/{id}/release", tag = "cases",
    params(("id" = String, Path, description = "`C-000001`")),
    request_body = super::checks::ReviewBody,
    responses((status = 200, body = Object),
        (status = 404, description = "no such case", body = super::problem::Problem),
        (status = 409, description = "the case is closed", body = super::problem::Problem),
        (status = 422, body = super::problem::Problem)),
    security(("bearer" = [])))]
async fn release_case(
    State(state): State<AppState>,
    principal: Principal,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<super::checks::ReviewBody>,
) -> ApiResult<(Extension<AuditNote>, Json<Value>)> {
    let by = principal.name.clone();
    let case = id.clone();
    state
        .db(move |_, store| {
            store
                .release_case(&case, &by, &body.reason)
                .map_err(store_error)
        })
        .await?;
    Ok((
        note(format!("case {id}")),
        Json(json!({"case": id, "released_by": principal.name})),
    ))
}
