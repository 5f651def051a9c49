//! The HTTP service. For now: `GET /healthz`, which says the service is up and how large the
//! registry it serves is. The API proper (checks, batches, cases) grows here, one module per
//! area, each with its own router, merged in [`app`].

use std::net::SocketAddr;

use axum::{Json, Router, extract::State, routing::get};
use berkut_store::RegistryCounts;
use serde::Serialize;

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The registry's size when the service started.
    pub registry: RegistryCounts,
}

/// The whole application, without a listener, so tests can drive it directly.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(health))
        .with_state(state)
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
    decisions: u64,
    revisions: u64,
    persons: u64,
}

async fn health(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok",
        decisions: state.registry.decisions,
        revisions: state.registry.revisions,
        persons: state.registry.persons,
    })
}

/// Binds `listen` and serves until Ctrl-C. `ready` is called with the bound address.
pub async fn serve(
    listen: SocketAddr,
    state: AppState,
    ready: impl FnOnce(SocketAddr),
) -> anyhow::Result<()> {
    use anyhow::Context;
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    ready(listener.local_addr()?);
    axum::serve(listener, app(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
