//! One behavioural suite for both backends: every test runs on a fresh SQLite file and on a
//! fresh PostgreSQL database (from `BERKUT_TEST_POSTGRES_URL`, default
//! `postgres://postgres@127.0.0.1:5432/test`; the tests create and drop their own databases).
//!
//! Properties under test:
//! - a committed batch is visible whole; a dropped one leaves no trace (not even its batch row);
//! - every revision is kept, the current view follows the highest revision, and an older or
//!   equal revision changes nothing, whether it comes in the same batch or a later one;
//! - identical person records share one person;
//! - partner keys and settings round-trip and can be replaced;
//! - emergency declarations are validated, numbered, listed newest first, and ended once with
//!   a reason; checks are recorded whole, and only at a checkpoint that exists.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use berkut_core::{CountryCode, Decision, DecisionId, Reference, Status};
use berkut_store::testing::{TestDatabase as Backend, decision};
use berkut_store::{BatchProvenance, Partner, PreparedRevision, SourceCounts, Store};

fn provenance() -> BatchProvenance {
    BatchProvenance {
        sha256: "0".repeat(64),
        signed_by: vec![ru()],
    }
}

fn import(store: &mut Store, decisions: &[Decision]) -> berkut_store::ImportCounts {
    let mut tx = store.begin_import("test.jsonl").unwrap();
    for d in decisions {
        tx.apply(PreparedRevision::new(
            d.clone(),
            serde_json::to_string(d).unwrap(),
        ))
        .unwrap();
    }
    tx.commit(&provenance()).unwrap().counts
}

fn id(source: &str, reference: &str) -> DecisionId {
    DecisionId {
        source: CountryCode::try_from(source.to_owned()).unwrap(),
        reference: Reference::try_from(reference.to_owned()).unwrap(),
    }
}

fn ru() -> CountryCode {
    CountryCode::try_from("RU".to_owned()).unwrap()
}

macro_rules! on_both_backends {
    ($($name:ident),+ $(,)?) => {
        mod sqlite { $( #[test] fn $name() { super::$name(super::Backend::sqlite()); } )+ }
        mod postgres { $( #[test] fn $name() { super::$name(super::Backend::postgres()); } )+ }
    };
}

on_both_backends!(
    a_committed_batch_is_visible_with_its_counts,
    a_dropped_batch_leaves_nothing,
    every_revision_is_kept_and_the_highest_is_current,
    an_older_or_equal_revision_changes_nothing,
    revisions_within_one_batch_apply_in_order,
    identical_person_records_are_one_person,
    partners_round_trip_and_can_be_replaced,
    the_current_view_lists_each_decision_once,
    unknown_fields_are_kept_in_the_stored_line,
    reopening_keeps_everything,
    a_stored_revision_resent_with_other_content_is_counted_as_differing,
    persons_are_numbered_in_the_order_of_the_batch,
    declarations_are_numbered_listed_and_ended_once,
    a_check_is_recorded_whole_and_only_at_a_known_checkpoint,
    a_confirmed_detention_opens_cases_with_notifications_and_a_partner_revision_closes_them,
    accounts_and_tokens_are_kept_hashed_and_revocable,
    audit_entries_from_two_connections_make_one_chain,
    the_audit_log_refuses_edits_and_deletions,
    checks_and_their_audit_entries_commit_together,
    the_newest_stored_policy_is_current,
);

fn a_committed_batch_is_visible_with_its_counts(backend: Backend) {
    let mut store = backend.open();
    let counts = import(
        &mut store,
        &[
            decision("RU", "A-1", 1, Status::Pending),
            decision("KZ", "B-1", 1, Status::Final),
        ],
    );
    assert_eq!(
        counts[&ru()],
        SourceCounts {
            inserted: 1,
            updated: 0,
            unchanged: 0,
            differing: 0
        }
    );
    let totals = store.counts().unwrap();
    assert_eq!(
        (totals.decisions, totals.revisions, totals.batches),
        (2, 2, 1)
    );
    let current = store.current_decision(&id("RU", "A-1")).unwrap().unwrap();
    assert_eq!(current.decision, decision("RU", "A-1", 1, Status::Pending));
}

fn a_dropped_batch_leaves_nothing(backend: Backend) {
    let mut store = backend.open();
    import(&mut store, &[decision("RU", "A-1", 1, Status::Pending)]);
    {
        let mut tx = store.begin_import("bad.jsonl").unwrap();
        let d = decision("RU", "A-2", 1, Status::Final);
        tx.apply(PreparedRevision::new(
            d.clone(),
            serde_json::to_string(&d).unwrap(),
        ))
        .unwrap();
        let newer = decision("RU", "A-1", 2, Status::Final);
        let raw = serde_json::to_string(&newer).unwrap();
        tx.apply(PreparedRevision::new(newer, raw)).unwrap();
    }
    let totals = store.counts().unwrap();
    assert_eq!(
        (
            totals.decisions,
            totals.revisions,
            totals.batches,
            totals.persons
        ),
        (1, 1, 1, 1)
    );
    assert!(store.current_decision(&id("RU", "A-2")).unwrap().is_none());
}

fn every_revision_is_kept_and_the_highest_is_current(backend: Backend) {
    let mut store = backend.open();
    import(&mut store, &[decision("RU", "A-1", 1, Status::Pending)]);
    let counts = import(&mut store, &[decision("RU", "A-1", 2, Status::Final)]);
    assert_eq!(
        counts[&ru()],
        SourceCounts {
            inserted: 0,
            updated: 1,
            unchanged: 0,
            differing: 0
        }
    );
    import(&mut store, &[decision("RU", "A-1", 5, Status::Executed)]);
    let history = store.history(&id("RU", "A-1")).unwrap();
    let statuses: Vec<_> = history
        .iter()
        .map(|r| (r.decision.revision.get(), r.decision.status))
        .collect();
    assert_eq!(
        statuses,
        [
            (1, Status::Pending),
            (2, Status::Final),
            (5, Status::Executed)
        ]
    );
    assert_eq!(
        store
            .current_decision(&id("RU", "A-1"))
            .unwrap()
            .unwrap()
            .decision
            .status,
        Status::Executed
    );
}

fn an_older_or_equal_revision_changes_nothing(backend: Backend) {
    let mut store = backend.open();
    import(&mut store, &[decision("RU", "A-1", 3, Status::Final)]);
    let counts = import(
        &mut store,
        &[
            decision("RU", "A-1", 3, Status::Revoked),
            decision("RU", "A-1", 2, Status::Pending),
        ],
    );
    assert_eq!(
        counts[&ru()],
        SourceCounts {
            inserted: 0,
            updated: 0,
            unchanged: 2,
            // Revision 3 resent with another status: ignored, but counted as differing.
            differing: 1
        }
    );
    let history = store.history(&id("RU", "A-1")).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].decision.status, Status::Final);
}

fn revisions_within_one_batch_apply_in_order(backend: Backend) {
    let mut store = backend.open();
    let counts = import(
        &mut store,
        &[
            decision("RU", "A-1", 1, Status::Pending),
            decision("RU", "A-1", 2, Status::Final),
            decision("RU", "A-1", 1, Status::Pending),
        ],
    );
    assert_eq!(
        counts[&ru()],
        SourceCounts {
            inserted: 1,
            updated: 1,
            unchanged: 1,
            differing: 0
        }
    );
    assert_eq!(store.history(&id("RU", "A-1")).unwrap().len(), 2);
}

fn identical_person_records_are_one_person(backend: Backend) {
    let mut store = backend.open();
    import(
        &mut store,
        &[
            decision("RU", "A-1", 1, Status::Pending),
            decision("RU", "A-2", 1, Status::Final),
        ],
    );
    let mut other = decision("RU", "A-3", 1, Status::Final);
    other.person.birth_date = None;
    import(&mut store, &[other]);
    assert_eq!(store.counts().unwrap().persons, 2);
    let a = store.current_decision(&id("RU", "A-1")).unwrap().unwrap();
    let b = store.current_decision(&id("RU", "A-2")).unwrap().unwrap();
    let c = store.current_decision(&id("RU", "A-3")).unwrap().unwrap();
    assert_eq!(a.person_id, b.person_id);
    assert_ne!(a.person_id, c.person_id);
}

fn partners_round_trip_and_can_be_replaced(backend: Backend) {
    let mut store = backend.open();
    assert!(store.partner(&ru()).unwrap().is_none());
    let partner = Partner {
        source: ru(),
        public_key: Some([7; 32]),
        require_signature: true,
    };
    store.save_partner(&partner).unwrap();
    assert_eq!(store.partner(&ru()).unwrap(), Some(partner));
    let replaced = Partner {
        source: ru(),
        public_key: Some([9; 32]),
        require_signature: false,
    };
    store.save_partner(&replaced).unwrap();
    assert_eq!(store.partners().unwrap(), vec![replaced]);
}

fn the_current_view_lists_each_decision_once(backend: Backend) {
    let mut store = backend.open();
    import(
        &mut store,
        &[
            decision("RU", "A-1", 1, Status::Pending),
            decision("RU", "A-2", 1, Status::Final),
        ],
    );
    import(&mut store, &[decision("RU", "A-1", 2, Status::Final)]);
    let mut seen = Vec::new();
    store
        .for_each_current(&mut |r| {
            seen.push((r.decision.reference.to_string(), r.decision.revision.get()))
        })
        .unwrap();
    seen.sort();
    assert_eq!(seen, [("A-1".to_owned(), 2), ("A-2".to_owned(), 1)]);
}

fn unknown_fields_are_kept_in_the_stored_line(backend: Backend) {
    let mut store = backend.open();
    let d = decision("RU", "A-1", 1, Status::Final);
    let mut raw: serde_json::Value = serde_json::to_value(&d).unwrap();
    raw["court"] = serde_json::json!({"name": "Тверской районный суд"});
    let raw = raw.to_string();
    let mut tx = store.begin_import("x.jsonl").unwrap();
    tx.apply(PreparedRevision::new(d.clone(), raw.clone()))
        .unwrap();
    tx.commit(&provenance()).unwrap();
    let stored = store.current_decision(&id("RU", "A-1")).unwrap().unwrap();
    assert_eq!(stored.raw, raw);
    assert_eq!(stored.decision, d);
}

fn reopening_keeps_everything(backend: Backend) {
    let url = backend.url().to_owned();
    {
        let mut store = Store::open(&url).unwrap();
        import(&mut store, &[decision("RU", "A-1", 1, Status::Final)]);
    }
    let mut store = Store::open(&url).unwrap();
    assert_eq!(store.counts().unwrap().decisions, 1);
    drop(backend);
}

fn a_stored_revision_resent_with_other_content_is_counted_as_differing(backend: Backend) {
    let mut store = backend.open();
    import(&mut store, &[decision("RU", "A-1", 1, Status::Pending)]);
    let mut changed = decision("RU", "A-1", 1, Status::Pending);
    changed.person.birth_date = None;
    let counts = import(
        &mut store,
        &[decision("RU", "A-1", 1, Status::Pending), changed],
    );
    assert_eq!(counts[&ru()].unchanged, 2);
    assert_eq!(counts[&ru()].differing, 1);
    assert_eq!(store.history(&id("RU", "A-1")).unwrap().len(), 1);
}

fn persons_are_numbered_in_the_order_of_the_batch(backend: Backend) {
    let mut store = backend.open();
    let decisions: Vec<Decision> = (0..20)
        .map(|n| {
            let mut d = decision("RU", &format!("P-{n}"), 1, Status::Final);
            d.person.names[0].family =
                berkut_core::NamePart::try_from(format!("Тестов{n}")).unwrap();
            d
        })
        .collect();
    import(&mut store, &decisions);
    let ids: Vec<i64> = (0..20)
        .map(|n| {
            store
                .current_decision(&id("RU", &format!("P-{n}")))
                .unwrap()
                .unwrap()
                .person_id
                .0
        })
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "person ids do not follow the batch order");
}

fn checkpoint(code: &str) -> berkut_store::Checkpoint {
    berkut_store::Checkpoint {
        code: code.to_owned(),
        name: format!("{code} (test)"),
    }
}

fn declarations_are_numbered_listed_and_ended_once(backend: Backend) {
    use berkut_core::validity::{EmergencyDeclaration, Scope};
    use chrono::NaiveDate;
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let mut store = backend.open();
    store.save_checkpoint(&checkpoint("KZ-A")).unwrap();
    let mut declaration = EmergencyDeclaration {
        id: String::new(),
        title: "Consulates closed".into(),
        scope: Scope::Checkpoints(vec!["KZ-A".into()]),
        effective_from: day("2026-03-01"),
        effective_until: day("2026-12-31"),
        expired_on_or_after: day("2026-01-01"),
        valid_until: day("2026-09-30"),
        ended_on: None,
    };
    let first = store.declare_emergency(&declaration, "admin1").unwrap();
    assert_eq!(first.id, "E-000001");
    declaration.scope = Scope::AllCheckpoints;
    let second = store.declare_emergency(&declaration, "admin1").unwrap();
    assert_eq!(second.id, "E-000002");

    // An unknown checkpoint or a declaration that ends before it starts is refused.
    declaration.scope = Scope::Checkpoints(vec!["KZ-NOWHERE".into()]);
    let error = store.declare_emergency(&declaration, "admin1").unwrap_err();
    assert!(error.to_string().contains("KZ-NOWHERE"), "{error}");
    declaration.scope = Scope::AllCheckpoints;
    declaration.effective_until = day("2026-01-01");
    assert!(store.declare_emergency(&declaration, "admin1").is_err());

    let listed = store.emergencies().unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].declaration, second);
    assert_eq!(listed[1].declaration, first);
    assert_eq!(listed[1].declared_by, "admin1");

    assert!(
        store
            .end_emergency("E-000001", day("2026-05-10"), "admin2", "")
            .is_err()
    );
    store
        .end_emergency(
            "E-000001",
            day("2026-05-10"),
            "admin2",
            "consulates reopened",
        )
        .unwrap();
    let ended = store.emergencies().unwrap().pop().unwrap();
    assert_eq!(ended.declaration.ended_on, Some(day("2026-05-10")));
    assert_eq!(ended.ended_by.as_deref(), Some("admin2"));
    assert_eq!(ended.end_reason.as_deref(), Some("consulates reopened"));
    // Ended once: a second end, or an unknown id, is refused.
    assert!(
        store
            .end_emergency("E-000001", day("2026-05-11"), "admin2", "again")
            .is_err()
    );
    assert!(
        store
            .end_emergency("E-000009", day("2026-05-11"), "admin2", "x")
            .is_err()
    );
}

fn a_check_is_recorded_whole_and_only_at_a_known_checkpoint(backend: Backend) {
    let mut store = backend.open();
    store.save_checkpoint(&checkpoint("KZ-A")).unwrap();
    let check = berkut_store::CheckRecord {
        checked_at: "2026-11-21T08:15:00+00:00".into(),
        officer: "officer1".into(),
        checkpoint: "KZ-A".into(),
        direction: "entry".into(),
        document_country: Some("UZB".into()),
        document_number: Some("FA1234567".into()),
        outcome: "admit".into(),
        matcher_version: "berkut-match/x".into(),
        policy_version: "kz/x".into(),
        result: "{\"outcome\":\"admit\"}".into(),
    };
    let number = store.record_check(&check).unwrap();
    let elsewhere = berkut_store::CheckRecord {
        checkpoint: "KZ-B".into(),
        ..check.clone()
    };
    let error = store.record_check(&elsewhere).unwrap_err();
    assert!(error.to_string().contains("unknown checkpoint"), "{error}");
    assert_eq!(store.recent_checks(10).unwrap(), vec![(number, check)]);
}

fn a_confirmed_detention_opens_cases_with_notifications_and_a_partner_revision_closes_them(
    backend: Backend,
) {
    use berkut_store::{HitReview, NewCase};
    let mut store = backend.open();
    store.save_checkpoint(&checkpoint("KZ-A")).unwrap();
    let mut pending = decision("RU", "RU-1", 1, Status::Pending);
    import(&mut store, std::slice::from_ref(&pending));
    let check = berkut_store::CheckRecord {
        checked_at: "2026-11-21T08:15:00+00:00".into(),
        officer: "o1".into(),
        checkpoint: "KZ-A".into(),
        direction: "entry".into(),
        document_country: None,
        document_number: None,
        outcome: "detain_pending_decision".into(),
        matcher_version: "m".into(),
        policy_version: "p".into(),
        result: "{}".into(),
    };
    let check_id = store.record_check(&check).unwrap();
    store
        .save_hit_review(&HitReview {
            check_id,
            person_id: 1,
            state: "awaiting_second".into(),
            officer: "o1".into(),
            reason: "r".into(),
            second_officer: None,
            second_reason: None,
        })
        .unwrap();
    let case = NewCase {
        check_id,
        person_id: 1,
        source: "RU".into(),
        reference: "RU-1".into(),
        revision_at_open: 1,
        checkpoint: "KZ-A".into(),
        opened_at: "2026-11-21T08:20:00+00:00".into(),
        hold_until: "2026-11-24T08:20:00+00:00".into(),
    };
    let note = |c: &NewCase, id: &str| format!("{{\"ref\":\"{}\",\"case\":\"{id}\"}}", c.reference);
    // The same officer cannot be the second one.
    assert!(
        store
            .confirm_detention(check_id, 1, "o1", "r", std::slice::from_ref(&case), &note)
            .is_err()
    );
    assert!(store.cases().unwrap().is_empty(), "nothing half-way");
    let opened = store
        .confirm_detention(check_id, 1, "o2", "r", &[case], &note)
        .unwrap();
    assert_eq!(opened, ["C-000001"]);
    assert_eq!(
        store.hit_review(check_id, 1).unwrap().unwrap().state,
        "confirmed"
    );
    let feed = store.notifications("RU", 0, 10).unwrap();
    assert_eq!(feed.len(), 1);
    assert!(feed[0].1.contains("C-000001"));
    assert!(store.notifications("RU", feed[0].0, 10).unwrap().is_empty());

    // A revision that is still pending decides nothing; a final one closes the case.
    pending.revision = berkut_core::Revision::new(2).unwrap();
    import(&mut store, std::slice::from_ref(&pending));
    assert!(store.resolve_cases().unwrap().is_empty());
    let mut decided = pending.clone();
    decided.revision = berkut_core::Revision::new(3).unwrap();
    decided.status = Status::Final;
    import(&mut store, &[decided]);
    let closed = store.resolve_cases().unwrap();
    assert_eq!(closed.len(), 1);
    let cases = store.cases().unwrap();
    assert_eq!(cases[0].closed_by.as_deref(), Some("partner RU"));
    assert!(
        cases[0]
            .close_reason
            .as_deref()
            .unwrap()
            .contains("revision 3 is final")
    );
}

fn new_user(name: &str, role: &str, source: Option<&str>) -> berkut_store::NewUser {
    berkut_store::NewUser {
        name: name.into(),
        role: role.into(),
        source: source.map(Into::into),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
    }
}

fn accounts_and_tokens_are_kept_hashed_and_revocable(backend: Backend) {
    let mut store = backend.open();
    let id = store
        .add_user(&new_user("ivanov", "border_officer", None))
        .unwrap();
    store
        .add_user(&new_user("ru-mvd", "partner", Some("RU")))
        .unwrap();
    for (bad, why) in [
        (new_user("ivanov", "inspector", None), "exists already"),
        (new_user("x", "god", None), "unknown role"),
        (new_user("y", "partner", None), "needs its source"),
        (new_user("z", "admin", Some("RU")), "only a partner"),
        (new_user("two words", "admin", None), "without spaces"),
    ] {
        let error = store.add_user(&bad).unwrap_err().to_string();
        assert!(error.contains(why), "{error}");
    }
    assert_eq!(
        store
            .users()
            .unwrap()
            .iter()
            .map(|u| u.name.as_str())
            .collect::<Vec<_>>(),
        ["ivanov", "ru-mvd"]
    );
    store.add_token(id, &"a".repeat(64), "post 1").unwrap();
    let found = store.user_by_token(&"a".repeat(64)).unwrap().unwrap();
    assert_eq!(
        (found.name.as_str(), found.role.as_str()),
        ("ivanov", "border_officer")
    );
    assert!(store.user_by_token(&"b".repeat(64)).unwrap().is_none());
    assert_eq!(store.revoke_tokens(id).unwrap(), 1);
    assert!(store.user_by_token(&"a".repeat(64)).unwrap().is_none());
}

fn draft(subject: &str) -> berkut_core::audit::AuditDraft {
    berkut_core::audit::AuditDraft {
        at: "2026-11-21T10:00:00.000Z".into(),
        actor: "ivanov".into(),
        role: "border_officer".into(),
        route: "GET /api/v1/decisions/RU/X".into(),
        purpose: "test".into(),
        subject: subject.into(),
        result: "200".into(),
    }
}

fn verified_head(store: &mut Store) -> (i64, String) {
    let mut verifier = berkut_core::audit::ChainVerifier::default();
    store
        .for_each_audit(&mut |entry| {
            verifier.next(&entry).unwrap();
            Ok(())
        })
        .unwrap();
    let (seq, hash) = verifier.head();
    (seq, hash.to_owned())
}

fn audit_entries_from_two_connections_make_one_chain(backend: Backend) {
    let mut first = backend.open();
    let mut second = backend.open();
    for i in 0..3 {
        first
            .append_audit(vec![draft(&format!("a{i}")), draft("a")])
            .unwrap();
        second.append_audit(vec![draft(&format!("b{i}"))]).unwrap();
    }
    let (seq, _) = verified_head(&mut first);
    assert_eq!(seq, 9);
}

fn the_audit_log_refuses_edits_and_deletions(backend: Backend) {
    let mut store = backend.open();
    store
        .append_audit(vec![draft("a"), draft("b"), draft("c")])
        .unwrap();
    let before = verified_head(&mut store);
    let mut attempts = vec![
        "UPDATE audit_log SET actor = 'someone' WHERE seq = 2",
        "UPDATE audit_log SET seq = seq + 10",
        "DELETE FROM audit_log WHERE seq = 3",
        "DELETE FROM audit_log",
    ];
    if matches!(backend, Backend::Postgres { .. }) {
        attempts.push("TRUNCATE audit_log");
    }
    for sql in attempts {
        let refused = backend.execute_raw(sql).unwrap_err();
        assert!(refused.contains("append-only"), "{sql}: {refused}");
    }
    assert_eq!(verified_head(&mut store), before);
    // Appending goes on.
    store.append_audit(vec![draft("d")]).unwrap();
    assert_eq!(verified_head(&mut store).0, before.0 + 1);
}

fn checks_and_their_audit_entries_commit_together(backend: Backend) {
    let mut store = backend.open();
    store.save_checkpoint(&checkpoint("KZ-A")).unwrap();
    let check = berkut_store::CheckRecord {
        checked_at: "2026-11-21T08:15:00+00:00".into(),
        officer: "officer1".into(),
        checkpoint: "KZ-A".into(),
        direction: "entry".into(),
        document_country: None,
        document_number: None,
        outcome: "admit".into(),
        matcher_version: "m".into(),
        policy_version: "p".into(),
        result: "{}".into(),
    };
    let numbers = store
        .record_checks_audited(
            &[(check.clone(), draft("")), (check.clone(), draft("doc X"))],
            &[draft("other")],
        )
        .unwrap();
    assert_eq!(numbers.len(), 2);
    let mut subjects = Vec::new();
    store
        .for_each_audit(&mut |e| {
            subjects.push(e.draft.subject);
            Ok(())
        })
        .unwrap();
    assert_eq!(
        subjects,
        [
            format!("check #{}", numbers[0]),
            format!("check #{}; doc X", numbers[1]),
            "other".to_owned()
        ]
    );
    // A check at an unknown checkpoint fails the group: neither its check nor any entry stays.
    let bad = berkut_store::CheckRecord {
        checkpoint: "KZ-NOWHERE".into(),
        ..check.clone()
    };
    assert!(
        store
            .record_checks_audited(&[(check, draft("")), (bad, draft(""))], &[])
            .is_err()
    );
    assert_eq!(verified_head(&mut store).0, 3);
    assert_eq!(store.recent_checks(10).unwrap().len(), 2);
}

fn the_newest_stored_policy_is_current(backend: Backend) {
    let mut store = backend.open();
    assert!(store.current_policy().unwrap().is_none());
    store.save_policy("v1", "text 1", "admin").unwrap();
    store.save_policy("v2", "text 2", "admin").unwrap();
    let current = store.current_policy().unwrap().unwrap();
    assert_eq!(
        (current.version.as_str(), current.text.as_str()),
        ("v2", "text 2")
    );
}
