//! The HTTP service: the API under `/api/v1` (described by the OpenAPI document generated from
//! the handlers' annotations at `/api/v1/openapi.json`), the public self-check page, `/healthz`
//! and `/metrics`.
//!
//! One area per module, each with its handlers: [`checks`] (border checks and what follows a
//! hit), [`registry`] (batches, decisions, feeds, application screening), [`admin`] (policy,
//! emergencies, checkpoints, accounts, partners, cases), [`audit`] (the log, for auditors),
//! [`public`] (the traveler's self-check). What they share is here: the state, the connection
//! pool, authentication and the audit of every `/api` request ([`access`]).
//!
//! Every `/api` request leaves an audit entry committed before its answer leaves: a check with
//! its record (one group transaction, [`recorder`]), anything else in [`access::audit_layer`].

pub mod access;
pub mod admin;
pub mod audit;
pub mod checks;
pub mod metrics;
pub mod problem;
pub mod public;
pub mod recorder;
pub mod registry;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use anyhow::Context;
use axum::routing::get;
use axum::{Json, Router, extract::State};
use berkut_core::policy::Policy;
use berkut_match::Index;
use berkut_store::Store;
use serde::Serialize;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::check::CheckSettings;
use problem::ApiError;

/// How the service is set up.
#[derive(Debug, Clone)]
pub struct ServiceConfig {
    /// The database (`sqlite://...` or `postgres://...`).
    pub url: String,
    /// A policy file given on the command line; the newest policy an administrator stored
    /// takes precedence, the shipped default applies when neither exists.
    pub policy: Option<Policy>,
    /// Self-checks allowed per client address per minute.
    pub self_checks_per_minute: u32,
    /// The shortest time a self-check answer takes, whatever it found (so timing tells nothing).
    pub self_check_floor: Duration,
    /// How often the service looks for imports made outside it (`berkut import`).
    pub refresh_every: Duration,
}

impl ServiceConfig {
    pub fn new(url: &str) -> Self {
        ServiceConfig {
            url: url.to_owned(),
            policy: None,
            self_checks_per_minute: 10,
            self_check_floor: Duration::from_millis(150),
            refresh_every: Duration::from_secs(2),
        }
    }
}

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState(Arc<Service>);

impl std::ops::Deref for AppState {
    type Target = Service;
    fn deref(&self) -> &Service {
        &self.0
    }
}

/// The service's shared state.
#[derive(Debug)]
pub struct Service {
    pub config: ServiceConfig,
    idle: Mutex<Vec<Store>>,
    connections: tokio::sync::Semaphore,
    pub recorder: recorder::Recorder,
    pub index: RwLock<Index>,
    /// The newest batch filed into the index.
    indexed_batch: Mutex<i64>,
    pub policy: RwLock<Arc<Policy>>,
    pub settings: RwLock<Arc<CheckSettings>>,
    pub(crate) tokens: Mutex<HashMap<String, (access::Principal, std::time::Instant)>>,
    pub(crate) self_check_limiter: public::Limiter,
    pub metrics: Arc<metrics::Metrics>,
}

/// Reads what a lock guards even if a thread panicked while holding it: the values guarded
/// here are replaced whole, never left half-written.
pub(crate) fn read<T: Clone>(lock: &RwLock<T>) -> T {
    match lock.read() {
        Ok(guard) => guard.clone(),
        Err(poisoned) => poisoned.into_inner().clone(),
    }
}

pub(crate) fn write<T>(lock: &RwLock<T>, value: T) {
    match lock.write() {
        Ok(mut guard) => *guard = value,
        Err(poisoned) => *poisoned.into_inner() = value,
    }
}

impl AppState {
    /// Opens the store, builds the index, loads policy, checkpoints and declarations.
    pub fn open(config: ServiceConfig) -> anyhow::Result<AppState> {
        let mut store = Store::open(&config.url)?;
        let indexed_batch = store.last_batch()?;
        let index = crate::screen::load_index(&mut store)?;
        let policy = match store.current_policy()? {
            Some(stored) => Policy::parse(&stored.text).map_err(|e| {
                anyhow::anyhow!("the stored policy {} cannot be read: {e}", stored.version)
            })?,
            None => match &config.policy {
                Some(policy) => policy.clone(),
                None => Policy::default_policy()?,
            },
        };
        let metrics = Arc::new(metrics::Metrics::default());
        let recorder = {
            let metrics = metrics.clone();
            recorder::Recorder::start(Store::open(&config.url)?, move |jobs| {
                metrics.group_committed(jobs)
            })
        };
        let limiter = public::limiter(config.self_checks_per_minute);
        let service = Service {
            idle: Mutex::new(vec![store]),
            connections: tokio::sync::Semaphore::new(8),
            recorder,
            index: RwLock::new(index),
            indexed_batch: Mutex::new(indexed_batch),
            policy: RwLock::new(Arc::new(policy)),
            settings: RwLock::new(Arc::new(CheckSettings::default())),
            tokens: Mutex::new(HashMap::new()),
            self_check_limiter: limiter,
            metrics,
            config,
        };
        let state = AppState(Arc::new(service));
        state.with_store_blocking(|store| state.reload_settings(store))?;
        state.update_index_gauges();
        Ok(state)
    }

    fn take_store(&self) -> anyhow::Result<Store> {
        let idle = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        match idle {
            Some(store) => Ok(store),
            None => Ok(Store::open(&self.config.url)?),
        }
    }

    fn give_back(&self, store: Store) {
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(store);
        }
    }

    /// Runs `work` on a pooled connection on this thread (for start-up and background work).
    pub fn with_store_blocking<T>(
        &self,
        work: impl FnOnce(&mut Store) -> anyhow::Result<T>,
    ) -> anyhow::Result<T> {
        let mut store = self.take_store()?;
        let result = work(&mut store);
        // A connection whose work failed may be mid-transaction: drop it rather than reuse it.
        if result.is_ok() {
            self.give_back(store);
        }
        result
    }

    /// Runs blocking `work` on a pooled connection, off the async threads.
    pub async fn db<T: Send + 'static>(
        &self,
        work: impl FnOnce(&AppState, &mut Store) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let _permit = self
            .connections
            .acquire()
            .await
            .map_err(ApiError::internal)?;
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut store = state.take_store().map_err(ApiError::internal)?;
            let result = work(&state, &mut store);
            if !matches!(&result, Err(e) if e.status.is_server_error()) {
                state.give_back(store);
            }
            result
        })
        .await
        .map_err(ApiError::internal)?
    }

    /// Reads checkpoints and emergency declarations again (after a change, and periodically).
    pub fn reload_settings(&self, store: &mut Store) -> anyhow::Result<()> {
        write(&self.settings, Arc::new(CheckSettings::load(store)?));
        Ok(())
    }

    /// Files into the index what batches stored since it was last brought up to date.
    pub fn catch_up(&self, store: &mut Store) -> anyhow::Result<usize> {
        let mut indexed = self
            .indexed_batch
            .lock()
            .map_err(|_| anyhow::anyhow!("the index bookkeeping lock is poisoned"))?;
        let last = store.last_batch()?;
        if last <= *indexed {
            return Ok(0);
        }
        let mut revisions = Vec::new();
        store.for_each_revision_after(*indexed, last, &mut |r| revisions.push(r))?;
        {
            let mut index = self
                .index
                .write()
                .map_err(|_| anyhow::anyhow!("the index lock is poisoned"))?;
            for revision in &revisions {
                index.insert(
                    u64::try_from(revision.person_id.0).unwrap_or_default(),
                    &revision.decision,
                );
            }
        }
        *indexed = last;
        drop(indexed);
        self.update_index_gauges();
        Ok(revisions.len())
    }

    fn update_index_gauges(&self) {
        if let Ok(index) = self.index.read() {
            self.metrics.set_index(index.stats());
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
struct Health {
    status: &'static str,
    decisions: u64,
    persons: u64,
}

/// Says the service is up and how large its index is.
async fn health(State(state): State<AppState>) -> Json<Health> {
    let stats = state.index.read().map(|i| i.stats()).unwrap_or_default();
    Json(Health {
        status: "ok",
        decisions: stats.decisions as u64,
        persons: stats.persons as u64,
    })
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Berkut",
        description = "Migration-control and border-screening registry: border checks, \
                       partner decision batches and feeds, cases, emergency declarations, \
                       policy, audit, and the public self-check."
    ),
    modifiers(&BearerAuth),
    components(schemas(problem::Problem))
)]
struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The API's routes with their OpenAPI description.
fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(checks::router())
        .merge(registry::router())
        .merge(admin::router())
        .merge(audit::router())
        .merge(public::api_router())
}

/// The OpenAPI document, as served.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api_router().split_for_parts().1
}

/// The whole application, without a listener.
pub fn app(state: AppState) -> Router {
    let (api, document) = api_router().split_for_parts();
    let document = Arc::new(document);
    let api = api
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            access::audit_layer,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(64 * 1024));
    Router::new()
        .merge(api)
        .merge(public::page_router())
        .route("/healthz", get(health))
        .route("/metrics", get(metrics::render))
        .route(
            "/api/v1/openapi.json",
            get(move || {
                let document = document.clone();
                async move { Json(document.as_ref().clone()) }
            }),
        )
        .fallback(|| async { ApiError::not_found("no such route") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                axum::http::StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "this route does not take that method",
            )
        })
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(30),
        ))
        .with_state(state)
}

/// Binds `listen` and serves until Ctrl-C. `ready` is called with the bound address.
pub async fn serve(
    listen: SocketAddr,
    state: AppState,
    ready: impl FnOnce(SocketAddr),
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    ready(listener.local_addr()?);
    serve_on(listener, state, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
}

/// Serves on a bound listener until `shutdown` completes; keeps the index and settings in
/// step with imports and changes made outside the service.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let refresher = tokio::spawn(refresh_forever(state.clone()));
    let served = axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    refresher.abort();
    Ok(served?)
}

async fn refresh_forever(state: AppState) {
    let mut tick = tokio::time::interval(state.config.refresh_every);
    loop {
        tick.tick().await;
        // Forget clients whose allowance is full again: the limiter holds only recent ones.
        state.self_check_limiter.retain_recent();
        state.self_check_limiter.shrink_to_fit();
        let result = state
            .db(|state, store| {
                state.catch_up(store).map_err(ApiError::internal)?;
                state.reload_settings(store).map_err(ApiError::internal)
            })
            .await;
        if let Err(error) = result {
            eprintln!("berkut serve: refresh failed: {}", error.detail);
        }
    }
}
