//! What follows a hit, through the binary: a detention confirmed by two officers opens a case,
//! notifies the partner in its feed, runs a legal clock, and is closed by the partner's next
//! revision (or released by an officer); a banned person's attempt, once confirmed, records a
//! new domestic ban; a dismissed hit is remembered for that document until the record changes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::{json_of, ok, run, text};

use std::path::Path;
use std::process::Output;

use serde_json::{Value, json};

fn decision(reference: &str, revision: u32, family: &str, status: &str, extra: Value) -> String {
    let mut line = json!({
        "schema": "berkut.decision/1", "source": "RU", "authority": "MVD", "ref": reference,
        "revision": revision, "kind": "criminal", "category": "serious_crime", "status": status,
        "decided_on": "2026-10-01", "legal_basis": "test",
        "person": {"names": [{"family": family, "given": "Бахтиёр", "patronymic": "Рустамович"}],
                   "birth_date": "1990-05-17", "sex": "M", "citizenship": ["UZ"],
                   "documents": [{"type": "passport", "country": "UZB", "number": "FA1234567"}]}
    });
    if let Value::Object(fields) = extra {
        for (k, v) in fields {
            line[k] = v;
        }
    }
    line.to_string() + "\n"
}

fn import(dir: &Path, name: &str, lines: &str) -> String {
    std::fs::write(dir.join(name), lines).unwrap();
    ok(&run(&["import", "--db", "sqlite://r.db", name], dir))
}

fn setup(dir: &Path, lines: &str) {
    import(dir, "batch.jsonl", lines);
    ok(&run(
        &["checkpoints", "add", "--db", "sqlite://r.db", "KZ-A", "A"],
        dir,
    ));
}

fn check(dir: &Path, family: &str, document: &str) -> Value {
    json_of(&run(
        &[
            "check",
            "--db",
            "sqlite://r.db",
            "--checkpoint",
            "KZ-A",
            "--officer",
            "officer1",
            "--at",
            "2026-11-21T08:15:00Z",
            "--json",
            "--family",
            family,
            "--given",
            "BAXTIYOR",
            "--birth-date",
            "1990-05-17",
            "--sex",
            "M",
            "--nationality",
            "UZB",
            "--document-number",
            document,
            "--document-country",
            "UZB",
            "--expires-on",
            "2031-01-01",
        ],
        dir,
    ))
}

fn review(dir: &Path, action: &str, check: &Value, officer: &str) -> Output {
    run(
        &[
            "hit",
            action,
            "--db",
            "sqlite://r.db",
            "--check",
            &check["check"].to_string(),
            "--person",
            check["hits"][0]["person"].as_str().unwrap(),
            "--officer",
            officer,
            "--reason",
            "compared the passport photo",
        ],
        dir,
    )
}

#[test]
fn a_detention_needs_two_officers_then_a_case_is_opened_notified_clocked_and_closed_by_the_partner()
{
    let dir = tempfile::tempdir().unwrap();
    setup(
        dir.path(),
        &decision("RU-MVD-1", 1, "Абдуллаев", "pending", json!({})),
    );
    let checked = check(dir.path(), "ABDULLAYEV", "AB0000001");
    assert_eq!(checked["outcome"], "detain_pending_decision", "{checked:#}");

    let first = json_of(&review(dir.path(), "confirm", &checked, "officer1"));
    assert_eq!(first["state"], "awaiting_second", "{first:#}");
    // No case and no notification on one officer's word, and not by the same officer twice.
    assert!(ok(&run(&["feed", "--db", "sqlite://r.db", "RU"], dir.path())).is_empty());
    let same = review(dir.path(), "confirm", &checked, " Officer1 ");
    assert!(!same.status.success());
    assert!(
        text(&same.stderr).contains("second officer"),
        "{}",
        text(&same.stderr)
    );

    let second = json_of(&review(dir.path(), "confirm", &checked, "officer2"));
    assert_eq!(second["state"], "confirmed", "{second:#}");
    assert_eq!(second["confirmed_by"], json!(["officer1", "officer2"]));
    let case = second["cases"][0].as_str().unwrap().to_owned();
    assert_eq!(case, "C-000001");

    // The partner's feed has the notification, in the exchange format, resumable by sequence.
    let feed = ok(&run(&["feed", "--db", "sqlite://r.db", "RU"], dir.path()));
    let note: Value = serde_json::from_str(feed.lines().next().unwrap()).unwrap();
    assert_eq!(note["schema"], "berkut.hit/1");
    assert_eq!(note["ref"], "RU-MVD-1");
    assert_eq!(note["event"], "detained_pending_decision");
    assert_eq!(note["checkpoint"], "KZ-A");
    assert_eq!(note["case"], case);
    assert_eq!(note["at"], "2026-11-21T08:15:00Z");
    assert!(
        ok(&run(
            &[
                "feed",
                "--db",
                "sqlite://r.db",
                "RU",
                "--after",
                &note["seq"].to_string()
            ],
            dir.path()
        ))
        .is_empty()
    );
    assert!(ok(&run(&["feed", "--db", "sqlite://r.db", "KG"], dir.path())).is_empty());

    // The legal clock: the policy's 72 hours from the check, when the person was stopped.
    assert_eq!(second["hold_until"], "2026-11-24T08:15:00Z");
    let cases = ok(&run(
        &["cases", "list", "--db", "sqlite://r.db"],
        dir.path(),
    ));
    assert!(
        cases.contains("C-000001") && cases.contains("2026-11-24 08:15:00"),
        "{cases}"
    );

    // The partner decides: its next revision closes the case.
    let imported = import(
        dir.path(),
        "answer.jsonl",
        &decision("RU-MVD-1", 2, "Абдуллаев", "final", json!({})),
    );
    assert!(imported.contains("case C-000001 closed"), "{imported}");
    let cases = ok(&run(
        &["cases", "list", "--db", "sqlite://r.db"],
        dir.path(),
    ));
    assert!(
        cases.contains("closed")
            && cases.contains("partner RU")
            && cases.contains("revision 2 is final"),
        "{cases}"
    );
}

#[test]
fn an_officer_can_release_a_held_person_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    setup(
        dir.path(),
        &decision("RU-MVD-2", 1, "Абдуллаев", "pending", json!({})),
    );
    let checked = check(dir.path(), "ABDULLAYEV", "AB0000001");
    json_of(&review(dir.path(), "confirm", &checked, "officer1"));
    json_of(&review(dir.path(), "confirm", &checked, "officer2"));
    let no_reason = run(
        &[
            "cases",
            "release",
            "--db",
            "sqlite://r.db",
            "C-000001",
            "--officer",
            "sup1",
            "--reason",
            " ",
        ],
        dir.path(),
    );
    assert!(!no_reason.status.success());
    ok(&run(
        &[
            "cases",
            "release",
            "--db",
            "sqlite://r.db",
            "C-000001",
            "--officer",
            "sup1",
            "--reason",
            "court refused the arrest",
        ],
        dir.path(),
    ));
    let cases = ok(&run(
        &["cases", "list", "--db", "sqlite://r.db"],
        dir.path(),
    ));
    assert!(
        cases.contains("officer sup1 (court refused the arrest)"),
        "{cases}"
    );
    // The partner, told of the detention, is told of the release too.
    let feed = ok(&run(&["feed", "--db", "sqlite://r.db", "ru"], dir.path()));
    let events: Vec<Value> = feed
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(events.len(), 2, "{feed}");
    assert_eq!(events[1]["event"], "released");
    assert_eq!(events[1]["case"], "C-000001");
    assert_eq!(events[1]["reason"], "court refused the arrest");
    let again = run(
        &[
            "cases",
            "release",
            "--db",
            "sqlite://r.db",
            "C-000001",
            "--officer",
            "sup1",
            "--reason",
            "x",
        ],
        dir.path(),
    );
    assert!(
        text(&again.stderr).contains("no open case C-000001"),
        "{}",
        text(&again.stderr)
    );
    // Each command line that opened the registry left an audit entry, failures included;
    // exporting the log leaves none (it must not change what it copies).
    let export = || {
        ok(&run(
            &["audit", "export", "--db", "sqlite://r.db"],
            dir.path(),
        ))
    };
    let log = export();
    let entries: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let releases: Vec<&Value> = entries
        .iter()
        .filter(|e| e["route"] == "cli: berkut cases release")
        .collect();
    assert_eq!(releases.len(), 3, "{log}");
    assert!(
        releases[0]["result"]
            .as_str()
            .unwrap()
            .starts_with("error: ")
    );
    assert_eq!(releases[1]["result"], "ok");
    assert!(
        releases[1]["subject"]
            .as_str()
            .unwrap()
            .contains("C-000001 --officer sup1 --reason court refused the arrest"),
        "{}",
        releases[1]
    );
    assert!(
        releases[2]["result"]
            .as_str()
            .unwrap()
            .contains("no open case C-000001")
    );
    for entry in &releases {
        assert_eq!(entry["role"], "operator");
        assert!(
            entry["actor"].as_str().unwrap().contains("@cli (uid "),
            "{entry}"
        );
    }
    assert!(
        entries
            .iter()
            .any(|e| e["route"] == "cli: berkut hit confirm")
    );
    assert!(entries.iter().any(|e| e["route"] == "cli: berkut feed"));
    assert_eq!(export(), log);
}

#[test]
fn a_confirmed_entry_attempt_during_a_ban_records_a_new_domestic_ban_linked_to_the_attempt() {
    let dir = tempfile::tempdir().unwrap();
    let ban = json!({"kind": "administrative", "category": "entry_ban", "status": "final", "ban_until": "2030-01-01"});
    setup(
        dir.path(),
        &decision("RU-MVD-3", 1, "Абдуллаев", "final", ban),
    );
    let checked = check(dir.path(), "ABDULLAYEV", "AB0000001");
    assert_eq!(checked["outcome"], "refuse_entry", "{checked:#}");
    assert_eq!(checked["reasons"][0]["rule"], "entry_ban_in_force");

    let confirmed = json_of(&review(dir.path(), "confirm", &checked, "officer1"));
    assert_eq!(confirmed["state"], "confirmed");
    let automatic = &confirmed["automatic_ban"];
    let reference = automatic["ref"].as_str().unwrap();
    assert!(reference.starts_with("KZ-BERKUT-000001-"), "{confirmed:#}");
    assert_eq!(
        automatic["ban_until"], "2031-11-20",
        "five years from the attempt"
    );

    // It is a decision of the registry like any other, about the same person.
    let stored = ok(&run(
        &["decision", "--db", "sqlite://r.db", "KZ", reference],
        dir.path(),
    ));
    let stored: Value = serde_json::from_str(stored.trim()).unwrap();
    assert_eq!(stored["category"], "entry_ban");
    assert_eq!(stored["status"], "final");
    assert!(stored["legal_basis"].as_str().unwrap().contains("check #1"));
    assert_eq!(stored["person"]["names"][0]["family"], "Абдуллаев");
    let next = check(dir.path(), "ABDULLAYEV", "AB0000001");
    let refs: Vec<&str> = next["hits"][0]["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["ref"].as_str().unwrap())
        .collect();
    assert!(refs.contains(&reference), "{refs:?}");
}

#[test]
fn a_dismissed_hit_is_remembered_for_that_document_until_the_record_changes() {
    let dir = tempfile::tempdir().unwrap();
    let fine = json!({"kind": "administrative", "category": "unpaid_fine", "status": "final",
                      "fine": {"amount": "5000.00", "currency": "RUB", "paid": false}});
    setup(
        dir.path(),
        &decision("RU-MVD-4", 1, "Абдуллаев", "final", fine.clone()),
    );
    let checked = check(dir.path(), "ABDULLAYEV", "AB0000001");
    assert_eq!(checked["outcome"], "refuse_entry", "{checked:#}");
    let dismissed = json_of(&review(dir.path(), "dismiss", &checked, "officer1"));
    assert_eq!(dismissed["state"], "dismissed");
    // Reviewed once: neither confirmed nor dismissed again.
    assert!(
        !review(dir.path(), "confirm", &checked, "officer2")
            .status
            .success()
    );

    // The same innocent traveler, same passport: not stopped again for that person.
    let again = check(dir.path(), "ABDULLAYEV", "AB0000001");
    assert_eq!(again["outcome"], "admit", "{again:#}");
    assert_eq!(again["verified_false_hits"][0]["dismissed_by"], "officer1");
    // Another passport is not covered by the dismissal.
    assert_eq!(
        check(dir.path(), "ABDULLAYEV", "AB0000002")["outcome"],
        "refuse_entry"
    );

    // A new revision that changes nothing the policy reads (the fine's amount) keeps the
    // dismissal; one that does (a ban) revives the hit.
    let mut changed = fine;
    changed["fine"]["amount"] = json!("7000.00");
    import(
        dir.path(),
        "update.jsonl",
        &decision("RU-MVD-4", 2, "Абдуллаев", "final", changed),
    );
    let after = check(dir.path(), "ABDULLAYEV", "AB0000001");
    assert_eq!(after["outcome"], "admit", "{after:#}");
    let executed = json!({"kind": "administrative", "category": "entry_ban", "status": "final", "ban_until": "2030-01-01"});
    import(
        dir.path(),
        "ban.jsonl",
        &decision("RU-MVD-4", 3, "Абдуллаев", "final", executed),
    );
    let banned = check(dir.path(), "ABDULLAYEV", "AB0000001");
    assert_eq!(banned["outcome"], "refuse_entry", "{banned:#}");
    assert!(banned.get("verified_false_hits").is_none());
}

#[test]
fn a_detention_awaiting_its_second_officer_is_completed_when_the_partner_decides_first() {
    let dir = tempfile::tempdir().unwrap();
    setup(
        dir.path(),
        &decision("RU-MVD-5", 1, "Абдуллаев", "pending", json!({})),
    );
    let checked = check(dir.path(), "ABDULLAYEV", "AB0000001");
    assert_eq!(
        json_of(&review(dir.path(), "confirm", &checked, "officer1"))["state"],
        "awaiting_second"
    );
    // The partner's final decision arrives before the second officer.
    import(
        dir.path(),
        "answer.jsonl",
        &decision("RU-MVD-5", 2, "Абдуллаев", "final", json!({})),
    );
    let second = json_of(&review(dir.path(), "confirm", &checked, "officer2"));
    assert_eq!(second["state"], "confirmed", "{second:#}");
    assert_eq!(
        second["outcome"], "refuse_entry",
        "a final conviction refuses entry; nobody is held"
    );
    assert!(
        ok(&run(
            &["cases", "list", "--db", "sqlite://r.db"],
            dir.path()
        ))
        .is_empty()
    );
    // Reviewed: nothing more to do on it.
    assert!(
        !review(dir.path(), "dismiss", &checked, "officer3")
            .status
            .success()
    );

    // And a detention awaiting its second officer can be dismissed instead.
    setup_more(dir.path());
    let other = check(dir.path(), "KARIMOV", "AB0000009");
    assert_eq!(other["outcome"], "detain_pending_decision", "{other:#}");
    json_of(&review(dir.path(), "confirm", &other, "officer1"));
    let dismissed = json_of(&review(dir.path(), "dismiss", &other, "officer2"));
    assert_eq!(dismissed["state"], "dismissed");
}

fn setup_more(dir: &Path) {
    import(
        dir,
        "more.jsonl",
        &decision("RU-MVD-6", 1, "Каримов", "pending", json!({})),
    );
}
