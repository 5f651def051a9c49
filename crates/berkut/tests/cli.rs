//! The `berkut` binary as a user runs it.
//!
//! Properties under test:
//! - a rejected batch exits non-zero with the line-numbered report, never a panic;
//! - a process killed (SIGKILL) in the middle of an import leaves the registry as before the
//!   batch, on both backends, and the rerun completes;
//! - a partner key made with `partners keygen`, registered with `--require-signature`, and a
//!   batch signed with `sign` go through; the same batch unsigned does not;
//! - `demo --no-serve` loads a registry, and `serve` answers `/healthz` over real HTTP.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::{berkut, run, text};

use std::io::{BufRead, BufReader, Read, Write};
use std::process::Stdio;
use std::time::{Duration, Instant};

use berkut_store::testing::TestDatabase;

#[test]
fn a_rejected_batch_exits_non_zero_with_its_report() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.jsonl"), "{\"schema\": 1}\n[]\n").unwrap();
    let output = run(
        &["import", "--db", "sqlite://r.db", "bad.jsonl"],
        dir.path(),
    );
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("bad.jsonl: rejected, nothing stored (2 bad of 2 lines)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 1: schema: invalid type: integer `1`, expected a string"),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 2: expected a JSON object"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_bad_database_url_is_one_line_of_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(&["import", "--db", "mysql://x", "a.jsonl"], dir.path());
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: unsupported database URL \"mysql://x\""),
        "{stderr}"
    );
}

#[test]
fn a_killed_import_leaves_sqlite_as_before_and_the_rerun_completes() {
    killed_import_leaves_registry_unchanged(TestDatabase::sqlite());
}

#[test]
fn a_killed_import_leaves_postgres_as_before_and_the_rerun_completes() {
    killed_import_leaves_registry_unchanged(TestDatabase::postgres());
}

fn killed_import_leaves_registry_unchanged(db: TestDatabase) {
    let dir = tempfile::tempdir().unwrap();
    let url = db.url().to_owned();
    let lines = 200_000;
    let write = run(
        &[
            "demo",
            "--write-batch",
            "big.jsonl",
            "--decisions",
            &lines.to_string(),
            "--seed",
            "11",
        ],
        dir.path(),
    );
    assert!(write.status.success(), "{}", text(&write.stderr));
    std::fs::write(
        dir.path().join("small.jsonl"),
        berkut::demo::batch_bytes(100, 12),
    )
    .unwrap();
    assert!(
        run(&["import", "--db", &url, "small.jsonl"], dir.path())
            .status
            .success()
    );
    let before = db.open().counts().unwrap();

    let mut child = berkut()
        .args(["import", "--db", &url, "big.jsonl"])
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the import finished before it could be killed; the test batch needs to be larger"
    );
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    assert_eq!(
        db.open().counts().unwrap(),
        before,
        "a killed import changed the registry"
    );

    let rerun = run(&["import", "--db", &url, "big.jsonl"], dir.path());
    assert!(rerun.status.success(), "{}", text(&rerun.stderr));
    let after = db.open().counts().unwrap();
    assert_eq!(after.revisions, before.revisions + lines);
    assert_eq!(after.batches, before.batches + 1);
}

#[test]
fn a_batch_signed_with_a_generated_key_is_accepted_when_signatures_are_required() {
    let dir = tempfile::tempdir().unwrap();
    let db = ["--db", "sqlite://r.db"];
    assert!(
        run(&["partners", "keygen", "ru"], dir.path())
            .status
            .success()
    );
    let add = run(
        &[
            &[
                "partners",
                "add",
                "RU",
                "--public-key",
                "ru.pub",
                "--require-signature",
            ][..],
            &db,
        ]
        .concat(),
        dir.path(),
    );
    assert!(add.status.success(), "{}", text(&add.stderr));
    let line = serde_json::to_string(&berkut_store::testing::decision(
        "RU",
        "SIG-1",
        1,
        berkut_core::Status::Final,
    ))
    .unwrap();
    std::fs::write(dir.path().join("ru.jsonl"), format!("{line}\n")).unwrap();

    let unsigned = run(&[&["import"][..], &db, &["ru.jsonl"]].concat(), dir.path());
    assert!(!unsigned.status.success());
    assert!(
        text(&unsigned.stderr).contains("RU requires signed batches but ru.jsonl.sig is missing")
    );

    assert!(
        run(&["sign", "--key", "ru.key", "ru.jsonl"], dir.path())
            .status
            .success()
    );
    let signed = run(&[&["import"][..], &db, &["ru.jsonl"]].concat(), dir.path());
    assert!(signed.status.success(), "{}", text(&signed.stderr));
    assert!(
        text(&signed.stdout).contains("signature verified for RU"),
        "{}",
        text(&signed.stdout)
    );
    let shown = run(
        &[&["decision"][..], &db, &["RU", "SIG-1"]].concat(),
        dir.path(),
    );
    assert_eq!(text(&shown.stdout).trim(), line);
}

#[test]
fn the_demo_loads_a_registry_and_serve_answers_health_over_http() {
    let dir = tempfile::tempdir().unwrap();
    let demo = run(&["demo", "--no-serve", "--decisions", "3000"], dir.path());
    assert!(demo.status.success(), "{}", text(&demo.stderr));
    assert!(
        text(&demo.stdout).contains("Registry sqlite://berkut-demo.db:"),
        "{}",
        text(&demo.stdout)
    );

    let mut server = berkut()
        .args([
            "serve",
            "--db",
            "sqlite://berkut-demo.db",
            "--listen",
            "127.0.0.1:0",
        ])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first_line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut first_line)
        .unwrap();
    let address = first_line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap()
        .to_owned();
    let started = Instant::now();
    let response = loop {
        match std::net::TcpStream::connect(&address) {
            Ok(mut stream) => {
                stream
                    .write_all(
                        b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                    )
                    .unwrap();
                let mut response = String::new();
                stream.read_to_string(&mut response).unwrap();
                break response;
            }
            Err(_) if started.elapsed() < Duration::from_secs(10) => {
                std::thread::sleep(Duration::from_millis(50))
            }
            Err(error) => panic!("cannot reach {address}: {error}"),
        }
    };
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    let body = response.split("\r\n\r\n").nth(1).unwrap();
    let health: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(health["status"], "ok");
    // 3000 generated lines hold 2168 decisions (some lines are later revisions).
    assert!(health["decisions"].as_u64() == Some(2168), "{health}");
}

#[test]
fn commands_that_read_refuse_a_registry_that_does_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["partners", "list", "--db", "sqlite://typo.db"][..],
        &["decision", "--db", "sqlite://typo.db", "RU", "X-1"][..],
        &[
            "serve",
            "--db",
            "sqlite://typo.db",
            "--listen",
            "127.0.0.1:0",
        ][..],
    ] {
        let output = run(args, dir.path());
        assert!(!output.status.success(), "{args:?}");
        assert!(
            text(&output.stderr).contains("no registry at typo.db"),
            "{}",
            text(&output.stderr)
        );
    }
    assert!(!dir.path().join("typo.db").exists());
}

#[test]
fn the_readme_walk_through_works_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let steps: [&[&str]; 4] = [
        &["partners", "keygen", "ru"],
        &[
            "partners",
            "add",
            "RU",
            "--public-key",
            "ru.pub",
            "--require-signature",
        ],
        &[
            "demo",
            "--write-batch",
            "ru.jsonl.gz",
            "--decisions",
            "1000",
            "--source",
            "RU",
        ],
        &["sign", "--key", "ru.key", "ru.jsonl.gz"],
    ];
    for step in steps {
        let output = run(step, dir.path());
        assert!(
            output.status.success(),
            "{step:?}: {}",
            text(&output.stderr)
        );
    }
    let first = run(&["import", "ru.jsonl.gz"], dir.path());
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(text(&first.stdout).contains("signature verified for RU"));
    let again = run(&["import", "ru.jsonl.gz"], dir.path());
    let table = text(&again.stdout);
    let ru_row = table.lines().find(|l| l.starts_with("RU")).unwrap();
    let numbers: Vec<u64> = ru_row
        .split_whitespace()
        .skip(1)
        .map(|n| n.parse().unwrap())
        .collect();
    assert_eq!(numbers, [0, 0, 1000, 0], "{table}");
}

#[test]
fn screen_finds_a_demo_person_spelt_the_icao_way_and_answers_bad_lines_with_errors() {
    use berkut_synth::eval::{Scheme, scheme};
    use serde_json::{Value, json};

    let dir = tempfile::tempdir().unwrap();
    let loaded = run(
        &[
            "demo",
            "--no-serve",
            "--db",
            "sqlite://d.db",
            "--decisions",
            "3000",
        ],
        dir.path(),
    );
    assert!(loaded.status.success(), "{}", text(&loaded.stderr));

    // A person of the demo registry with a full birth date and a decision still in force.
    let lines: Vec<Value> = berkut_synth::RegistryGenerator::new(berkut_synth::DEFAULT_SEED)
        .take(3000)
        .map(|l| serde_json::from_str(&l).unwrap())
        .collect();
    let current = |reference: &Value| lines.iter().rev().find(|l| &l["ref"] == reference).unwrap();
    let chosen = lines
        .iter()
        .find(|l| {
            l["person"]["birth_date"]
                .as_str()
                .is_some_and(|d| d.len() == 10)
                && current(&l["ref"])["status"] != "revoked"
        })
        .unwrap();
    let name = &chosen["person"]["names"][0];
    let traveler = json!({
        "id": "Q1",
        "family": scheme(name["family"].as_str().unwrap(), Scheme::Icao),
        "given": scheme(name["given"].as_str().unwrap(), Scheme::Icao),
        "birth_date": chosen["person"]["birth_date"],
        "sex": chosen["person"]["sex"],
    });
    let specimen = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";
    let input = format!(
        "{traveler}\n{{\"id\": \"BAD\", \"family\": 42}}\nnot json\n\n{{\"id\": \"Q4\", \"mrz\": \"{specimen}\"}}\n"
    );
    std::fs::write(dir.path().join("in.jsonl"), input).unwrap();
    let output = run(
        &[
            "screen",
            "--db",
            "sqlite://d.db",
            "--input",
            "in.jsonl",
            "--output",
            "out.jsonl",
        ],
        dir.path(),
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    let results: Vec<Value> = std::fs::read_to_string(dir.path().join("out.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // One output line per input line, the blank one included.
    assert_eq!(results.len(), 5);

    let found = &results[0];
    assert_eq!(found["id"], "Q1");
    // The policy decides the outcome and says why, rule by rule, with its version.
    assert!(!found["reasons"].as_array().unwrap().is_empty(), "{found}");
    assert!(found["policy"].as_str().unwrap().starts_with("kz-default/"));
    let hit = &found["hits"][0];
    assert!(
        hit["decisions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["ref"] == chosen["ref"]),
        "{found}"
    );
    assert!(hit["person"].as_str().unwrap().starts_with("P-"));
    assert!(
        found["matcher"]
            .as_str()
            .unwrap()
            .starts_with("berkut-match/")
    );

    assert_eq!(results[1]["id"], "BAD");
    assert!(
        results[1]["error"].as_str().unwrap().contains("family"),
        "{}",
        results[1]
    );
    assert_eq!(results[2]["id"], Value::Null);
    assert!(
        results[2]["error"]
            .as_str()
            .unwrap()
            .starts_with("not JSON")
    );
    assert!(
        results[3]["error"]
            .as_str()
            .unwrap()
            .starts_with("empty line")
    );
    assert_eq!(results[4]["id"], "Q4");
    assert_eq!(results[4]["outcome"], "admit", "{}", results[4]);
    assert_eq!(results[4]["hits"], json!([]));
}
