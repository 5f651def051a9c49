//! Test support, for this crate's tests and those of crates above it (feature `testing`):
//! a fresh database per test on either backend, and a compact way to write a decision.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_debug_implementations
)]

use std::sync::atomic::{AtomicU32, Ordering};

use crate::Store;
use berkut_core::{Decision, Status};

/// The PostgreSQL server the tests may create databases on.
pub fn postgres_admin_url() -> String {
    std::env::var("BERKUT_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

/// A fresh, empty database, removed when dropped.
pub enum TestDatabase {
    Sqlite {
        _dir: tempfile::TempDir,
        url: String,
    },
    Postgres {
        url: String,
        name: String,
    },
}

impl TestDatabase {
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("registry.db").display());
        TestDatabase::Sqlite { _dir: dir, url }
    }

    pub fn postgres() -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "berkut_test_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let admin = postgres_admin_url();
        let mut client = postgres::Client::connect(&admin, postgres::NoTls).unwrap_or_else(|e| {
            panic!("PostgreSQL is needed for these tests at {admin} (set BERKUT_TEST_POSTGRES_URL; .ci/run starts a server): {e}")
        });
        client
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
            .unwrap();
        client
            .batch_execute(&format!(
                "CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0"
            ))
            .unwrap();
        let base = admin.rsplit_once('/').map(|(base, _)| base).unwrap();
        TestDatabase::Postgres {
            url: format!("{base}/{name}"),
            name,
        }
    }

    pub fn url(&self) -> &str {
        match self {
            TestDatabase::Sqlite { url, .. } | TestDatabase::Postgres { url, .. } => url,
        }
    }

    pub fn open(&self) -> Store {
        Store::open(self.url()).unwrap()
    }

    /// Runs SQL on a connection of the database's own driver, past the store: what someone
    /// with a database client could do. The error is the database's message.
    pub fn execute_raw(&self, sql: &str) -> Result<(), String> {
        match self {
            TestDatabase::Sqlite { url, .. } => {
                let path = url.strip_prefix("sqlite://").unwrap();
                rusqlite::Connection::open(path)
                    .unwrap()
                    .execute_batch(sql)
                    .map_err(|e| e.to_string())
            }
            TestDatabase::Postgres { url, .. } => {
                let mut client = postgres::Client::connect(url, postgres::NoTls).unwrap();
                client.batch_execute(sql).map_err(|e| {
                    e.as_db_error()
                        .map_or_else(|| e.to_string(), |db| db.message().to_owned())
                })
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let TestDatabase::Postgres { name, .. } = self
            && let Ok(mut client) =
                postgres::Client::connect(&postgres_admin_url(), postgres::NoTls)
        {
            let _ = client.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// A decision on one generated person; only identity, revision and status vary.
pub fn decision(source: &str, reference: &str, revision: u32, status: Status) -> Decision {
    let line = serde_json::json!({
        "schema": "berkut.decision/1",
        "source": source,
        "authority": "MVD",
        "ref": reference,
        "revision": revision,
        "kind": "administrative",
        "category": "migration_violation",
        "status": status.as_str(),
        "decided_on": "2024-03-01",
        "ban_until": "2029-03-01",
        "person": {
            "names": [{"family": "Тестов", "given": "Пример"}],
            "birth_date": "1991-04",
            "sex": "M",
            "citizenship": ["UZ"],
            "documents": [{"type": "passport", "country": "UZB", "number": "XX0000001"}]
        }
    });
    berkut_core::parse_decision_line(line.to_string().as_bytes()).unwrap()
}
