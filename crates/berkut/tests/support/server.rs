//! A real Berkut service on a loopback port, over a fresh SQLite registry, with one account per
//! role; tests speak HTTP to it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use berkut::accounts::{Role, add_user, issue_token};
use berkut::import::{ImportOptions, import_reader};
use berkut::serve::{AppState, ServiceConfig, serve_on};
use serde_json::Value;

pub struct Server {
    pub base: String,
    pub dir: tempfile::TempDir,
    pub tokens: HashMap<Role, String>,
    /// A second border officer's token.
    pub officer2: String,
    agent: ureq::Agent,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// One answer: status, content type, body as JSON (Null if it is not JSON).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub body: Value,
}

impl Server {
    /// Imports `registry` (JSON Lines), adds checkpoint KZ-A and the accounts, and serves.
    pub fn start(registry: &str, tune: impl FnOnce(&mut ServiceConfig)) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("r.db").display());
        let mut store = berkut_store::Store::open(&url).unwrap();
        if !registry.is_empty() {
            let report = import_reader(
                &mut store,
                "test",
                registry.as_bytes(),
                None,
                "-",
                ImportOptions::default(),
                &indicatif::ProgressBar::hidden(),
            )
            .unwrap();
            assert!(!report.is_rejected(), "{report:?}");
        }
        store
            .save_checkpoint(&berkut_store::Checkpoint {
                code: "KZ-A".into(),
                name: "A".into(),
            })
            .unwrap();
        let mut tokens = HashMap::new();
        for role in Role::ALL {
            let name = role.as_str();
            let source = (role == Role::Partner).then_some("RU");
            add_user(&mut store, name, role, source, "a long test password").unwrap();
            tokens.insert(role, issue_token(&mut store, name, "test").unwrap());
        }
        add_user(
            &mut store,
            "officer2",
            Role::BorderOfficer,
            None,
            "a long test password",
        )
        .unwrap();
        let officer2 = issue_token(&mut store, "officer2", "test").unwrap();
        drop(store);

        let mut config = ServiceConfig::new(&url);
        config.refresh_every = Duration::from_millis(200);
        tune(&mut config);
        let state = AppState::open(config).unwrap();
        let (send_address, address) = std::sync::mpsc::channel();
        let (shutdown, stop) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                send_address.send(listener.local_addr().unwrap()).unwrap();
                serve_on(listener, state, async {
                    let _ = stop.await;
                })
                .await
                .unwrap();
            });
        });
        let address = address.recv().unwrap();
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        Server {
            base: format!("http://{address}"),
            dir,
            tokens,
            officer2,
            agent,
            shutdown: Some(shutdown),
            thread: Some(thread),
        }
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("r.db")
    }

    pub fn token(&self, role: Role) -> &str {
        &self.tokens[&role]
    }

    /// `METHOD path` with an optional token, JSON body and extra headers.
    pub fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Answer {
        let url = format!("{}{path}", self.base);
        let mut request = axum::http::Request::builder().method(method).uri(&url);
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = match body {
            Some(body) => self.agent.run(
                request
                    .header("content-type", "application/json")
                    .body(body.to_string())
                    .unwrap(),
            ),
            None => self.agent.run(request.body(()).unwrap()),
        };
        answer(response.unwrap())
    }

    /// POSTs raw bytes (a batch).
    pub fn post_bytes(
        &self,
        path: &str,
        token: &str,
        bytes: &str,
        headers: &[(&str, &str)],
    ) -> Answer {
        let mut request = axum::http::Request::builder()
            .method("POST")
            .uri(format!("{}{path}", self.base))
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/x-ndjson");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        answer(
            self.agent
                .run(request.body(bytes.to_owned()).unwrap())
                .unwrap(),
        )
    }

    pub fn get(&self, path: &str, role: Role) -> Answer {
        self.call("GET", path, Some(self.token(role)), None, &[])
    }

    pub fn post(&self, path: &str, role: Role, body: &Value) -> Answer {
        self.call("POST", path, Some(self.token(role)), Some(body), &[])
    }

    /// The raw body of a GET without a token (pages, the OpenAPI document).
    pub fn get_text(&self, path: &str) -> (u16, String) {
        let mut response = self
            .agent
            .get(format!("{}{path}", self.base))
            .call()
            .unwrap();
        let status = response.status().as_u16();
        (status, response.body_mut().read_to_string().unwrap())
    }

    /// POSTs a form (the self-check page) from a browser.
    pub fn post_form(&self, path: &str, form: &[(&str, &str)]) -> (u16, String) {
        let mut response = self
            .agent
            .post(format!("{}{path}", self.base))
            .send_form(form.iter().copied())
            .unwrap();
        let status = response.status().as_u16();
        (status, response.body_mut().read_to_string().unwrap())
    }
}

fn answer(mut response: axum::http::Response<ureq::Body>) -> Answer {
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let text = response.body_mut().read_to_string().unwrap_or_default();
    Answer {
        status,
        content_type,
        body: serde_json::from_str(&text).unwrap_or(Value::Null),
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
