//! The policy: the shipped default encodes the law rule by rule, rules combine by severity, and
//! a policy file with a typo or a contradiction is refused with a clear message.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use berkut_core::policy::{
    DecisionFacts, Direction, MatchStrength, MatchedPerson, NewBan, Outcome, Policy, PolicyError,
    YearsBan,
};
use berkut_core::{BanUntil, Category, DecisionKind, Status};
use chrono::NaiveDate;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

fn decision(
    source: &'static str,
    kind: DecisionKind,
    category: Category,
    status: Status,
) -> DecisionFacts<'static> {
    DecisionFacts {
        source,
        reference: "REF-1",
        kind,
        category,
        status,
        ban_until: None,
        fine_paid: None,
    }
}

fn strong(decisions: Vec<DecisionFacts<'static>>) -> Vec<MatchedPerson<'static>> {
    vec![MatchedPerson {
        strength: MatchStrength::Strong,
        decisions,
    }]
}

/// The verdict of the default policy on one decision, at entry.
#[track_caller]
fn entry(facts: DecisionFacts<'static>) -> berkut_core::policy::Verdict {
    Policy::default_policy()
        .unwrap()
        .judge(&strong(vec![facts]), Direction::Entry, day())
}

#[track_caller]
fn invalid(text: &str, expected: &str) {
    match Policy::parse(text) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(error) => {
            let message = error.to_string();
            assert!(
                message.contains(expected),
                "{message}\n  does not say {expected:?}"
            );
        }
    }
}

const MINIMAL: &str = r#"
version = "test/1"
title = "test"
domestic_source = "KZ"
unmatched = { outcome = "refer_secondary", legal_basis = "officer decides" }
case = { max_hold_hours = 72, warn_before_hours = 12 }
[documents]
expired = { outcome = "refuse_entry", legal_basis = "expired" }
not_yet_valid = { outcome = "refuse_entry", legal_basis = "not yet valid" }
check_digits_failed = { outcome = "refer_secondary", legal_basis = "check digits" }
"#;

fn with_rules(rules: &str) -> String {
    format!("{MINIMAL}\n{rules}")
}

#[test]
fn the_default_policy_is_valid_and_versioned() {
    let policy = Policy::default_policy().unwrap();
    assert_eq!(policy.domestic_source, "KZ");
    let verdict = policy.judge(&[], Direction::Entry, day());
    assert_eq!(verdict.outcome, Outcome::Admit);
    assert_eq!(verdict.policy_version, policy.version);
    assert!(verdict.reasons.is_empty());
}

#[test]
fn a_sexual_offence_against_a_minor_bans_for_life_and_bars_citizenship() {
    let verdict = entry(decision(
        "RU",
        DecisionKind::Criminal,
        Category::SexualOffenceAgainstMinor,
        Status::Final,
    ));
    assert_eq!(verdict.outcome, Outcome::RefuseEntry);
    assert_eq!(verdict.reasons[0].rule, "sexual_offence_against_minor");
    assert!(verdict.bars_citizenship);
    assert_eq!(
        verdict.new_ban.map(|b| b.until(day())),
        Some(BanUntil::Permanent)
    );
    assert!(verdict.reasons[0].legal_basis.contains("for life"));
    assert_eq!(
        verdict.reasons[0].decision,
        Some(("RU".to_owned(), "REF-1".to_owned()))
    );
}

#[test]
fn terrorism_extremism_serious_and_organized_crime_bar_entry() {
    for (category, rule) in [
        (Category::Terrorism, "terrorism_or_extremism"),
        (Category::Extremism, "terrorism_or_extremism"),
        (Category::SeriousCrime, "serious_or_organized_crime"),
        (Category::OrganizedCrime, "serious_or_organized_crime"),
    ] {
        let verdict = entry(decision(
            "KZ",
            DecisionKind::Criminal,
            category,
            Status::Executed,
        ));
        assert_eq!(verdict.outcome, Outcome::RefuseEntry, "{category:?}");
        assert_eq!(verdict.reasons[0].rule, rule);
        assert!(verdict.bars_citizenship);
    }
}

#[test]
fn a_partners_open_criminal_case_holds_the_person_but_a_domestic_one_does_not() {
    let partner = entry(decision(
        "RU",
        DecisionKind::Criminal,
        Category::SeriousCrime,
        Status::Pending,
    ));
    assert_eq!(partner.outcome, Outcome::DetainPendingDecision);
    assert_eq!(partner.reasons[0].rule, "partner_open_criminal_case");
    let domestic = entry(decision(
        "KZ",
        DecisionKind::Criminal,
        Category::SeriousCrime,
        Status::Pending,
    ));
    assert_eq!(domestic.outcome, Outcome::ReferSecondary);
    assert_eq!(domestic.reasons[0].rule, "pending_without_detention");
    // The hold applies on the way out too.
    let leaving = Policy::default_policy().unwrap().judge(
        &strong(vec![decision(
            "RU",
            DecisionKind::Criminal,
            Category::Other,
            Status::Pending,
        )]),
        Direction::Exit,
        day(),
    );
    assert_eq!(leaving.outcome, Outcome::DetainPendingDecision);
}

#[test]
fn a_ban_in_force_refuses_entry_with_a_new_ban_and_an_ended_one_admits() {
    let mut banned = decision(
        "RU",
        DecisionKind::Administrative,
        Category::EntryBan,
        Status::Final,
    );
    banned.ban_until = Some(BanUntil::Date(NaiveDate::from_ymd_opt(2030, 1, 1).unwrap()));
    let verdict = entry(banned);
    assert_eq!(verdict.outcome, Outcome::RefuseEntry);
    assert_eq!(verdict.reasons[0].rule, "entry_ban_in_force");
    assert_eq!(verdict.new_ban, Some(NewBan::Years(YearsBan { years: 5 })));
    // Through the day before the fifth anniversary: `ban_until` is the last day of the ban.
    assert_eq!(
        verdict.new_ban.unwrap().until(day()),
        BanUntil::Date(NaiveDate::from_ymd_opt(2031, 11, 20).unwrap())
    );

    banned.ban_until = Some(BanUntil::Date(
        NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
    ));
    let verdict = entry(banned);
    assert_eq!(verdict.outcome, Outcome::Admit);
    assert_eq!(verdict.reasons[0].rule, "administrative_without_ban");
    assert_eq!(verdict.new_ban, None);

    // Leaving with a ban in force is not stopped.
    banned.ban_until = Some(BanUntil::Permanent);
    let leaving =
        Policy::default_policy()
            .unwrap()
            .judge(&strong(vec![banned]), Direction::Exit, day());
    assert_eq!(leaving.outcome, Outcome::Admit);
}

#[test]
fn an_unpaid_fine_refuses_entry_until_it_is_paid() {
    let mut fine = decision(
        "RU",
        DecisionKind::Administrative,
        Category::UnpaidFine,
        Status::Final,
    );
    fine.fine_paid = Some(false);
    let verdict = entry(fine);
    assert_eq!(verdict.outcome, Outcome::RefuseEntry);
    assert_eq!(verdict.reasons[0].rule, "unpaid_fine");
    assert_eq!(verdict.new_ban, None, "a fine gives no new ban");
    fine.fine_paid = Some(true);
    assert_eq!(entry(fine).outcome, Outcome::Admit);
    fine.fine_paid = None;
    fine.status = Status::Executed;
    assert_eq!(entry(fine).reasons[0].rule, "fine_executed");
}

#[test]
fn other_convictions_and_pending_partner_administrative_decisions_go_to_an_officer() {
    let verdict = entry(decision(
        "RU",
        DecisionKind::Criminal,
        Category::Other,
        Status::Final,
    ));
    assert_eq!(verdict.outcome, Outcome::ReferSecondary);
    assert_eq!(verdict.reasons[0].rule, "other_criminal_conviction");
    let verdict = entry(decision(
        "KG",
        DecisionKind::Administrative,
        Category::MigrationViolation,
        Status::Pending,
    ));
    assert_eq!(verdict.outcome, Outcome::ReferSecondary);
    assert_eq!(verdict.reasons[0].rule, "partner_pending_administrative");
}

#[test]
fn a_possible_match_is_always_referred_and_a_revoked_decision_never_counts() {
    let policy = Policy::default_policy().unwrap();
    let persons = [MatchedPerson {
        strength: MatchStrength::Possible,
        decisions: vec![decision(
            "RU",
            DecisionKind::Criminal,
            Category::Terrorism,
            Status::Final,
        )],
    }];
    let verdict = policy.judge(&persons, Direction::Entry, day());
    assert_eq!(verdict.outcome, Outcome::ReferSecondary);
    assert_eq!(verdict.reasons[0].rule, "possible_match");
    assert!(!verdict.bars_citizenship);

    let revoked = decision(
        "RU",
        DecisionKind::Criminal,
        Category::Terrorism,
        Status::Revoked,
    );
    assert_eq!(entry(revoked).outcome, Outcome::Admit);
}

#[test]
fn the_most_severe_outcome_and_the_longest_ban_win_and_every_reason_is_kept() {
    let mut banned = decision(
        "RU",
        DecisionKind::Administrative,
        Category::EntryBan,
        Status::Final,
    );
    banned.ban_until = Some(BanUntil::Permanent);
    let mut open_case = decision(
        "RU",
        DecisionKind::Criminal,
        Category::SeriousCrime,
        Status::Pending,
    );
    open_case.reference = "REF-2";
    let verdict = Policy::default_policy().unwrap().judge(
        &strong(vec![banned, open_case]),
        Direction::Entry,
        day(),
    );
    assert_eq!(verdict.outcome, Outcome::DetainPendingDecision);
    let rules: Vec<&str> = verdict.reasons.iter().map(|r| r.rule.as_str()).collect();
    assert_eq!(rules, ["partner_open_criminal_case", "entry_ban_in_force"]);
    assert_eq!(verdict.new_ban, Some(NewBan::Years(YearsBan { years: 5 })));
}

#[test]
fn every_decision_the_registry_can_hold_is_covered_by_a_default_rule_but_one() {
    let policy = Policy::default_policy().unwrap();
    let bans = [
        None,
        Some(BanUntil::Permanent),
        Some(BanUntil::Date(NaiveDate::from_ymd_opt(2020, 1, 1).unwrap())),
    ];
    let mut gaps = Vec::new();
    for source in ["KZ", "RU"] {
        for kind in [DecisionKind::Administrative, DecisionKind::Criminal] {
            for category in Category::ALL {
                for status in [Status::Pending, Status::Final, Status::Executed] {
                    for ban_until in bans {
                        for fine_paid in [None, Some(false), Some(true)] {
                            for direction in [Direction::Entry, Direction::Exit] {
                                let facts = DecisionFacts {
                                    ban_until,
                                    fine_paid,
                                    ..decision(source, kind, category, status)
                                };
                                let verdict = policy.judge(&strong(vec![facts]), direction, day());
                                // By design an officer decides on an unpaid-fine decision
                                // that carries no fine to tell whether it was paid.
                                let no_fine_to_check = kind == DecisionKind::Administrative
                                    && category == Category::UnpaidFine
                                    && fine_paid.is_none()
                                    && status == Status::Final;
                                if verdict.reasons.iter().any(|r| r.rule == "unmatched")
                                    != (no_fine_to_check
                                        && direction == Direction::Entry
                                        && ban_until != Some(BanUntil::Permanent))
                                {
                                    gaps.push(format!(
                                        "{source} {kind:?} {category:?} {status:?} {ban_until:?} fine paid {fine_paid:?} {direction:?}"
                                    ));
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(
        gaps.is_empty(),
        "{} gaps, e.g.:\n{}",
        gaps.len(),
        gaps[..gaps.len().min(60)].join("\n")
    );
}

#[test]
fn a_typo_in_a_field_or_a_value_is_refused_with_its_place() {
    invalid(
        &with_rules(
            r#"[[rule]]
id = "a"
legal_basis = "x"
when = { categroy = ["terrorism"] }
then = { outcome = "refuse_entry" }"#,
        ),
        "categroy",
    );
    invalid(
        &with_rules(
            r#"[[rule]]
id = "a"
legal_basis = "x"
when = { category = ["terorism"] }
then = { outcome = "refuse_entry" }"#,
        ),
        "terorism",
    );
    invalid(
        &with_rules(
            r#"[[rule]]
id = "a"
legal_basis = "x"
then = { outcome = "deny" }"#,
        ),
        "deny",
    );
    invalid(&format!("{MINIMAL}\nextra = 1\n"), "extra");
}

#[test]
fn contradictory_duplicate_and_unlawful_rules_are_refused() {
    let rule = |id: &str, outcome: &str| {
        format!(
            "[[rule]]\nid = \"{id}\"\nlegal_basis = \"x\"\nwhen = {{ category = [\"terrorism\"] }}\nthen = {{ outcome = \"{outcome}\" }}\n"
        )
    };
    invalid(
        &with_rules(&(rule("a", "refuse_entry") + &rule("b", "admit"))),
        "rules \"a\" and \"b\" cover the same decisions",
    );
    invalid(
        &with_rules(&(rule("a", "refuse_entry") + &rule("a", "refuse_entry"))),
        "used by another rule",
    );
    invalid(
        &with_rules(&rule("a", "detain_pending_decision")),
        "only partner sources",
    );
    invalid(
        &with_rules(
            r#"[[rule]]
id = "a"
legal_basis = "x"
when = { source = ["KZ"], status = ["pending"] }
then = { outcome = "detain_pending_decision" }"#,
        ),
        "only partner sources",
    );
    invalid(
        &with_rules(
            r#"[[rule]]
id = "a"
legal_basis = ""
when = { status = [] }
then = { outcome = "admit", new_ban = { years = 5 } }"#,
        ),
        "cannot also set a new ban",
    );
    let error = Policy::parse(&with_rules(
        r#"[[rule]]
id = "a"
legal_basis = ""
when = { status = [], source = ["russia"] }
then = { outcome = "refuse_entry" }"#,
    ))
    .unwrap_err();
    let PolicyError::Invalid(problems) = error else {
        panic!("{error}")
    };
    // Every problem at once.
    assert_eq!(problems.len(), 3, "{problems:#?}");
    invalid(&MINIMAL.replace("72", "0"), "max_hold_hours");
    // The same conditions in another order are still the same conditions.
    invalid(
        &with_rules(
            "[[rule]]\nid = \"a\"\nlegal_basis = \"x\"\nwhen = { status = [\"final\", \"executed\"] }\nthen = { outcome = \"admit\" }\n\
             [[rule]]\nid = \"b\"\nlegal_basis = \"x\"\nwhen = { status = [\"executed\", \"final\"] }\nthen = { outcome = \"refuse_entry\" }\n",
        ),
        "cover the same decisions",
    );
    // A new ban is years or days, not both.
    invalid(
        &with_rules(
            "[[rule]]\nid = \"a\"\nlegal_basis = \"x\"\nthen = { outcome = \"refuse_entry\", new_ban = { years = 5, days = 10 } }\n",
        ),
        "new_ban",
    );
    invalid(MINIMAL, "no `[[rule]]`");
}

#[test]
fn the_document_rules_refuse_an_expired_document_unless_a_declaration_keeps_it_valid() {
    use berkut_core::validity::DocumentFinding;
    let policy = Policy::default_policy().unwrap();
    let expired = DocumentFinding::Expired {
        expired_on: NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
    };
    let verdict = policy.judge_check(&[], &expired, Direction::Entry, day());
    assert_eq!(verdict.outcome, Outcome::RefuseEntry);
    assert_eq!(verdict.reasons[0].rule, "document_expired");
    // Leaving on an expired passport is not stopped by the document rule.
    let leaving = policy.judge_check(&[], &expired, Direction::Exit, day());
    assert_eq!(leaving.outcome, Outcome::Admit);

    let kept = DocumentFinding::ValidByEmergency {
        expired_on: NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
        declaration: "E-2026-0001".into(),
        declaration_title: "Consulates closed".into(),
    };
    let verdict = policy.judge_check(&[], &kept, Direction::Entry, day());
    assert_eq!(verdict.outcome, Outcome::Admit);
    assert_eq!(verdict.reasons[0].rule, "emergency_declaration");
    assert!(verdict.reasons[0].legal_basis.contains("E-2026-0001"));

    // A strong hit still decides over a document kept valid.
    let banned = decision(
        "RU",
        DecisionKind::Criminal,
        Category::Terrorism,
        Status::Final,
    );
    let verdict = policy.judge_check(&strong(vec![banned]), &kept, Direction::Entry, day());
    assert_eq!(verdict.outcome, Outcome::RefuseEntry);
    assert_eq!(verdict.reasons.len(), 2);

    let unverified = DocumentFinding::CheckDigitsFailed {
        checks: vec!["composite".into()],
    };
    let verdict = policy.judge_check(&[], &unverified, Direction::Exit, day());
    assert_eq!(verdict.outcome, Outcome::ReferSecondary);
    assert_eq!(verdict.reasons[0].rule, "document_check_digits_failed");
}
