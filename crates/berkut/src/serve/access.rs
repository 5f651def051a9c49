//! Who is asking, whether they may, and the audit entry every `/api` request leaves.
//!
//! [`audit_layer`] wraps every API route: it authenticates the bearer token (if any), lets the
//! handler run, and then appends the audit entry (actor, role, route, purpose, subject, result)
//! and waits for it to be committed before the answer leaves. A handler names whose data it
//! touched with an [`AuditNote`] in its response; a check, recorded with its own entry in one
//! transaction, marks its response [`Audited`]. If the entry cannot be written, the answer is
//! withheld (500): no data leaves without its trace.

use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRequestParts, MatchedPath, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use berkut_core::audit::AuditDraft;

use super::AppState;
use super::problem::ApiError;
use crate::accounts::{Role, token_hash};

/// How long an authenticated token is trusted without asking the database again: a revoked
/// token stops working within this time.
const TOKEN_CACHE: Duration = Duration::from_secs(30);

/// The authenticated account behind a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub name: String,
    pub role: Role,
    /// A partner's own source.
    pub source: Option<String>,
}

impl Principal {
    /// Refuses (403) unless the account has one of `roles`.
    pub fn allow(&self, roles: &[Role]) -> Result<(), ApiError> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "the role {} may not use this route (allowed: {})",
                self.role,
                roles
                    .iter()
                    .map(|r| r.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )))
        }
    }
}

use Role::{Admin, Auditor, BorderOfficer, Inspector, Partner, Supervisor};

/// Who may use which route: the one table the service enforces, before any handler runs (so a
/// role that may not use a route learns nothing from it, not even how its input is checked).
/// A route missing here is refused to everyone: new routes fail closed.
pub const ACCESS: &[(&str, &[Role])] = &[
    ("POST /api/v1/checks", &[BorderOfficer, Supervisor]),
    (
        "GET /api/v1/checks/{id}",
        &[BorderOfficer, Inspector, Supervisor],
    ),
    (
        "POST /api/v1/checks/{id}/hits/{person}/confirm",
        &[BorderOfficer, Supervisor],
    ),
    (
        "POST /api/v1/checks/{id}/hits/{person}/dismiss",
        &[BorderOfficer, Supervisor],
    ),
    ("POST /api/v1/batches", &[Partner]),
    (
        "GET /api/v1/decisions/{source}/{ref}",
        &[BorderOfficer, Inspector, Supervisor],
    ),
    ("GET /api/v1/feeds/{source}", &[Partner, Supervisor]),
    ("POST /api/v1/applications/screen", &[Inspector, Supervisor]),
    (
        "GET /api/v1/policy",
        &[BorderOfficer, Inspector, Supervisor, Admin],
    ),
    ("PUT /api/v1/policy", &[Admin]),
    (
        "GET /api/v1/emergencies",
        &[BorderOfficer, Inspector, Supervisor, Admin],
    ),
    ("POST /api/v1/emergencies", &[Admin]),
    ("POST /api/v1/emergencies/{id}/end", &[Admin]),
    (
        "GET /api/v1/checkpoints",
        &[BorderOfficer, Inspector, Supervisor, Admin],
    ),
    ("POST /api/v1/checkpoints", &[Admin]),
    ("GET /api/v1/users", &[Admin]),
    ("POST /api/v1/users", &[Admin]),
    ("POST /api/v1/users/{name}/tokens", &[Admin]),
    ("GET /api/v1/partners", &[Admin]),
    ("PUT /api/v1/partners/{source}", &[Admin]),
    ("GET /api/v1/cases", &[Supervisor, Inspector]),
    ("POST /api/v1/cases/{id}/release", &[Supervisor]),
    ("GET /api/v1/audit", &[Auditor]),
    ("GET /api/v1/audit/verify", &[Auditor]),
];

/// Routes anyone may use, without a token.
pub const PUBLIC: &[&str] = &["POST /api/v1/public/self-check"];

/// Whether `principal` may use `route` (`METHOD /path/{param}`): `Ok`, or the refusal.
fn permit(route: &str, principal: Option<&Principal>) -> Result<(), ApiError> {
    if PUBLIC.contains(&route) {
        return Ok(());
    }
    let principal = principal.ok_or_else(ApiError::unauthorized)?;
    let roles = ACCESS
        .iter()
        .find(|(r, _)| *r == route)
        .map_or(&[][..], |(_, roles)| *roles);
    principal.allow(roles)
}

/// The request's account, if its token was valid (set by [`audit_layer`]).
#[derive(Debug, Clone)]
struct Authenticated(Option<Principal>);

/// The client's address as the TCP connection gives it. Headers such as `X-Forwarded-For` are
/// not trusted: any client can write them.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<Authenticated>() {
            Some(Authenticated(Some(principal))) => Ok(principal.clone()),
            _ => Err(ApiError::unauthorized()),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<ClientAddr>()
            .copied()
            .ok_or_else(|| ApiError::internal("no client address"))
    }
}

/// What a handler says for the audit entry of its request.
#[derive(Debug, Clone, Default)]
pub struct AuditNote {
    /// Whose data or which record (`person P-000123`, `decision RU/RU-MVD-1`).
    pub subject: String,
    /// A result beyond the status (`obstacle_found`).
    pub outcome: Option<String>,
}

impl AuditNote {
    pub fn subject(subject: impl Into<String>) -> Self {
        AuditNote {
            subject: subject.into(),
            outcome: None,
        }
    }
}

/// Marks a response whose request was audited by its handler.
#[derive(Debug, Clone, Copy)]
pub struct Audited;

fn bearer(request: &Request) -> Option<&str> {
    let value = request
        .headers()
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty() && t.len() <= 200)
}

/// The account holding `token`, from the cache or the database.
async fn authenticate(state: &AppState, token: &str) -> Result<Option<Principal>, ApiError> {
    let hash = token_hash(token);
    if let Ok(cache) = state.tokens.lock()
        && let Some((principal, at)) = cache.get(&hash)
        && at.elapsed() < TOKEN_CACHE
    {
        return Ok(Some(principal.clone()));
    }
    let found = {
        let hash = hash.clone();
        state
            .db(move |_, store| store.user_by_token(&hash).map_err(ApiError::internal))
            .await?
    };
    let principal = found.and_then(|user| {
        Some(Principal {
            role: Role::parse(&user.role)?,
            name: user.name,
            source: user.source,
        })
    });
    if let (Some(p), Ok(mut cache)) = (&principal, state.tokens.lock()) {
        if cache.len() > 10_000 {
            cache.clear();
        }
        cache.insert(hash, (p.clone(), Instant::now()));
    }
    Ok(principal)
}

/// The purpose a client gives in `Berkut-Purpose` (printable, at most 200 characters).
fn purpose(request: &Request) -> String {
    request
        .headers()
        .get("berkut-purpose")
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.chars()
                .filter(|c| !c.is_control())
                .take(200)
                .collect::<String>()
        })
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "unspecified".to_owned())
}

/// An audit draft for a request (used by handlers that record their own entry, too).
pub fn draft(
    principal: Option<&Principal>,
    client: IpAddr,
    route: String,
    purpose: String,
    subject: String,
    result: String,
) -> AuditDraft {
    AuditDraft {
        at: berkut_core::timestamp::now(),
        actor: principal.map_or_else(|| format!("anonymous@{client}"), |p| p.name.clone()),
        role: principal.map_or("none", |p| p.role.as_str()).to_owned(),
        route,
        purpose,
        subject,
        result,
    }
}

/// The route and purpose of a request, for handlers that audit themselves.
#[derive(Debug, Clone)]
pub struct RouteInfo {
    pub route: String,
    pub purpose: String,
}

impl<S: Send + Sync> FromRequestParts<S> for RouteInfo {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<RouteInfo>()
            .cloned()
            .ok_or_else(|| ApiError::internal("no route info"))
    }
}

/// The TCP peer's address (unspecified when served without connection info, as in tests that
/// call the router directly).
pub fn peer(extensions: &axum::http::Extensions) -> IpAddr {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([0, 0, 0, 0]), |ConnectInfo(a)| a.ip())
}

/// The TCP peer's address, as an extractor.
#[derive(Debug, Clone, Copy)]
pub struct Peer(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Peer(peer(&parts.extensions)))
    }
}

/// Authenticates, runs the handler, audits. See the module's documentation.
pub async fn audit_layer(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let client = peer(request.extensions());
    let route = format!(
        "{} {}",
        request.method(),
        request.extensions().get::<MatchedPath>().map_or_else(
            || request.uri().path().to_owned(),
            |p| p.as_str().to_owned()
        )
    );
    let path = request.uri().path().to_owned();
    let purpose = purpose(&request);
    let principal = match bearer(&request) {
        Some(token) => match authenticate(&state, token).await {
            Ok(principal) => principal,
            Err(error) => {
                // Still audited: the attempt is an access.
                let entry = draft(None, client, route, purpose, path, "500".into());
                let _ = state.recorder.audit(entry).await;
                return error.into_response();
            }
        },
        None => None,
    };
    let extensions = request.extensions_mut();
    extensions.insert(Authenticated(principal.clone()));
    extensions.insert(ClientAddr(client));
    extensions.insert(RouteInfo {
        route: route.clone(),
        purpose: purpose.clone(),
    });

    // The handler and its audit entry run in a task of their own: if the client goes away or
    // the request times out, a write the handler began is still audited.
    let task = tokio::spawn(async move {
        let response = match permit(&route, principal.as_ref()) {
            Ok(()) => next.run(request).await,
            Err(refusal) => refusal.into_response(),
        };
        if response.extensions().get::<Audited>().is_some() {
            return response;
        }
        let note = response.extensions().get::<AuditNote>().cloned();
        let status = response.status();
        let mut result = status.as_u16().to_string();
        if let Some(outcome) = note.as_ref().and_then(|n| n.outcome.as_ref()) {
            result = format!("{result} {outcome}");
        }
        let subject = note.map_or(path, |n| n.subject);
        let entry = draft(principal.as_ref(), client, route, purpose, subject, result);
        match state.recorder.audit(entry).await {
            Ok(()) => response,
            Err(error) => {
                ApiError::internal(format!("the audit entry could not be written: {error}"))
                    .into_response()
            }
        }
    });
    task.await.unwrap_or_else(|error| {
        ApiError::internal(format!("the request failed: {error}")).into_response()
    })
}
