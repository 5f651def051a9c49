//! `/metrics` in the Prometheus text format: checks by outcome, check latency, the index's size.

use std::sync::Mutex;

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use berkut_match::IndexStats;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

use super::AppState;

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StageLabel {
    stage: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabel {
    outcome: String,
}

/// The service's metrics and their registry.
#[derive(Debug)]
pub struct Metrics {
    registry: Mutex<Registry>,
    checks: Family<OutcomeLabel, Counter>,
    check_seconds: Histogram,
    stage_seconds: Family<StageLabel, Histogram>,
    group_size: Histogram,
    index_persons: Gauge,
    index_decisions: Gauge,
    index_keys: Gauge,
    index_bytes: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("berkut");
        let checks = Family::<OutcomeLabel, Counter>::default();
        registry.register(
            "checks",
            "Border checks answered, by outcome",
            checks.clone(),
        );
        // From 100 µs to about 3 s.
        let check_seconds = Histogram::new(
            prometheus_client::metrics::histogram::exponential_buckets(0.0001, 2.0, 16),
        );
        registry.register(
            "check_duration_seconds",
            "Time to answer a border check, recording included",
            check_seconds.clone(),
        );
        let stage_seconds = Family::<StageLabel, Histogram>::new_with_constructor(|| {
            Histogram::new(prometheus_client::metrics::histogram::exponential_buckets(
                0.00002, 2.0, 18,
            ))
        });
        registry.register(
            "check_stage_seconds",
            "Time of each stage of a check: waiting for a connection and matching \
             (assess), then waiting for the group commit (record)",
            stage_seconds.clone(),
        );
        let group_size = Histogram::new(
            prometheus_client::metrics::histogram::exponential_buckets(1.0, 2.0, 10),
        );
        registry.register(
            "recorder_group_size",
            "Jobs (checks and audit entries) committed per transaction",
            group_size.clone(),
        );
        let gauge = |registry: &mut Registry, name: &str, help: &str| {
            let gauge = Gauge::default();
            registry.register(name, help, gauge.clone());
            gauge
        };
        let index_persons = gauge(
            &mut registry,
            "index_persons",
            "Persons in the matching index",
        );
        let index_decisions = gauge(
            &mut registry,
            "index_decisions",
            "Decisions in the matching index",
        );
        let index_keys = gauge(
            &mut registry,
            "index_keys",
            "Blocking keys in the matching index",
        );
        let index_bytes = gauge(
            &mut registry,
            "index_heap_bytes",
            "Bytes held by the matching index's own arrays",
        );
        Metrics {
            registry: Mutex::new(registry),
            checks,
            check_seconds,
            stage_seconds,
            group_size,
            index_persons,
            index_decisions,
            index_keys,
            index_bytes,
        }
    }
}

impl Metrics {
    pub fn check_answered(&self, outcome: &str, seconds: f64) {
        self.checks
            .get_or_create(&OutcomeLabel {
                outcome: outcome.to_owned(),
            })
            .inc();
        self.check_seconds.observe(seconds);
    }

    /// A stage of a check (`assess`, `record`) took `seconds`.
    pub fn check_stage(&self, stage: &'static str, seconds: f64) {
        self.stage_seconds
            .get_or_create(&StageLabel { stage })
            .observe(seconds);
    }

    /// The recorder committed a group of `jobs`.
    pub fn group_committed(&self, jobs: usize) {
        self.group_size.observe(jobs as f64);
    }

    pub fn set_index(&self, stats: IndexStats) {
        let as_i64 = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        self.index_persons.set(as_i64(stats.persons));
        self.index_decisions.set(as_i64(stats.decisions));
        self.index_keys.set(as_i64(stats.keys));
        self.index_bytes.set(as_i64(stats.heap_bytes));
    }
}

/// `GET /metrics`.
pub async fn render(State(state): State<AppState>) -> impl IntoResponse {
    let mut text = String::new();
    if let Ok(registry) = state.metrics.registry.lock() {
        let _ = prometheus_client::encoding::text::encode(&mut text, &registry);
    }
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
}
