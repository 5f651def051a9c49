//! The default policy end to end through the binary: decisions imported as a partner sends
//! them, travelers screened as their passports print them, and each rule's outcome and reason
//! read back; `berkut policy check` on the shipped file and on files with mistakes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::{run, text};

use serde_json::{Value, json};

/// One scenario: a decision about a person of a unique name, what the traveler's check should
/// give, and the rule that should say so.
struct Scenario {
    family: &'static str,
    latin: &'static str,
    source: &'static str,
    kind: &'static str,
    category: &'static str,
    status: &'static str,
    ban_until: Option<&'static str>,
    fine_paid: Option<bool>,
    direction: &'static str,
    outcome: &'static str,
    rule: &'static str,
}

const SCENARIOS: &[Scenario] = &[
    Scenario {
        family: "Абдувахобов",
        latin: "ABDUVAKHOBOV",
        source: "RU",
        kind: "criminal",
        category: "sexual_offence_against_minor",
        status: "final",
        ban_until: None,
        fine_paid: None,
        direction: "entry",
        outcome: "refuse_entry",
        rule: "sexual_offence_against_minor",
    },
    Scenario {
        family: "Бердимуродов",
        latin: "BERDIMURODOV",
        source: "KZ",
        kind: "criminal",
        category: "terrorism",
        status: "executed",
        ban_until: None,
        fine_paid: None,
        direction: "entry",
        outcome: "refuse_entry",
        rule: "terrorism_or_extremism",
    },
    Scenario {
        family: "Вохидуллаев",
        latin: "VOKHIDULLAEV",
        source: "RU",
        kind: "criminal",
        category: "organized_crime",
        status: "final",
        ban_until: None,
        fine_paid: None,
        direction: "entry",
        outcome: "refuse_entry",
        rule: "serious_or_organized_crime",
    },
    Scenario {
        family: "Гиёсиддинов",
        latin: "GIIOSIDDINOV",
        source: "RU",
        kind: "criminal",
        category: "serious_crime",
        status: "pending",
        ban_until: None,
        fine_paid: None,
        direction: "entry",
        outcome: "detain_pending_decision",
        rule: "partner_open_criminal_case",
    },
    Scenario {
        family: "Дилмуродов",
        latin: "DILMURODOV",
        source: "RU",
        kind: "administrative",
        category: "entry_ban",
        status: "final",
        ban_until: Some("2031-01-01"),
        fine_paid: None,
        direction: "entry",
        outcome: "refuse_entry",
        rule: "entry_ban_in_force",
    },
    Scenario {
        family: "Жалолиддинов",
        latin: "ZHALOLIDDINOV",
        source: "RU",
        kind: "administrative",
        category: "unpaid_fine",
        status: "final",
        ban_until: None,
        fine_paid: Some(false),
        direction: "entry",
        outcome: "refuse_entry",
        rule: "unpaid_fine",
    },
    Scenario {
        family: "Зайниддинов",
        latin: "ZAINIDDINOV",
        source: "RU",
        kind: "administrative",
        category: "unpaid_fine",
        status: "final",
        ban_until: None,
        fine_paid: Some(true),
        direction: "entry",
        outcome: "admit",
        rule: "fine_settled",
    },
    Scenario {
        family: "Икромиддинов",
        latin: "IKROMIDDINOV",
        source: "RU",
        kind: "administrative",
        category: "unpaid_fine",
        status: "executed",
        ban_until: None,
        fine_paid: None,
        direction: "entry",
        outcome: "admit",
        rule: "fine_executed",
    },
    Scenario {
        family: "Камолиддинов",
        latin: "KAMOLIDDINOV",
        source: "KZ",
        kind: "administrative",
        category: "migration_violation",
        status: "final",
        ban_until: Some("2020-01-01"),
        fine_paid: None,
        direction: "entry",
        outcome: "admit",
        rule: "administrative_without_ban",
    },
    Scenario {
        family: "Лутфуллаев",
        latin: "LUTFULLAEV",
        source: "RU",
        kind: "administrative",
        category: "extremism",
        status: "final",
        ban_until: None,
        fine_paid: None,
        direction: "entry",
        outcome: "refer_secondary",
        rule: "administrative_offence_in_a_criminal_category",
    },
    Scenario {
        family: "Мухиддинов",
        latin: "MUKHIDDINOV",
        source: "KZ",
        kind: "criminal",
        category: "other",
        status: "final",
        ban_until: None,
        fine_paid: None,
        direction: "entry",
        outcome: "refer_secondary",
        rule: "other_criminal_conviction",
    },
    Scenario {
        family: "Нажмиддинов",
        latin: "NAZHMIDDINOV",
        source: "KZ",
        kind: "criminal",
        category: "serious_crime",
        status: "pending",
        ban_until: None,
        fine_paid: None,
        direction: "entry",
        outcome: "refer_secondary",
        rule: "pending_without_detention",
    },
    Scenario {
        family: "Ойбекжонов",
        latin: "OIBEKZHONOV",
        source: "KG",
        kind: "administrative",
        category: "migration_violation",
        status: "pending",
        ban_until: None,
        fine_paid: None,
        direction: "entry",
        outcome: "refer_secondary",
        rule: "partner_pending_administrative",
    },
    Scenario {
        family: "Пулатжонов",
        latin: "PULATZHONOV",
        source: "RU",
        kind: "administrative",
        category: "deportation",
        status: "final",
        ban_until: Some("2031-01-01"),
        fine_paid: None,
        direction: "exit",
        outcome: "admit",
        rule: "leaving_the_country",
    },
    Scenario {
        family: "Рахматуллаев",
        latin: "RAKHMATULLAEV",
        source: "RU",
        kind: "administrative",
        category: "unpaid_fine",
        status: "final",
        ban_until: None,
        fine_paid: None,
        direction: "entry",
        outcome: "refer_secondary",
        rule: "unmatched",
    },
];

fn decision_line(i: usize, s: &Scenario) -> String {
    let mut line = json!({
        "schema": "berkut.decision/1", "source": s.source, "authority": "MVD",
        "ref": format!("{}-MVD-2024-{i:05}", s.source), "revision": 1,
        "kind": s.kind, "category": s.category, "status": s.status, "decided_on": "2024-03-01",
        "legal_basis": "test",
        "person": {
            "names": [{"family": s.family, "given": "Тохир", "patronymic": "Рустамович"}],
            "birth_date": format!("19{:02}-0{}-1{}", 70 + i, 1 + i % 9, i % 10), "sex": "M",
            "citizenship": ["UZ"],
            "documents": [{"type": "passport", "country": "UZB", "number": format!("FA{:07}", 1000 + i)}]
        }
    });
    if let Some(until) = s.ban_until {
        line["ban_until"] = json!(until);
    }
    if let Some(paid) = s.fine_paid {
        line["fine"] = json!({"amount": "5000.00", "currency": "RUB", "paid": paid});
    }
    line.to_string()
}

#[test]
fn each_rule_of_the_default_policy_gives_its_outcome_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let batch: String = SCENARIOS
        .iter()
        .enumerate()
        .map(|(i, s)| decision_line(i, s) + "\n")
        .collect();
    std::fs::write(dir.path().join("batch.jsonl"), batch).unwrap();
    let imported = run(
        &["import", "--db", "sqlite://r.db", "batch.jsonl"],
        dir.path(),
    );
    assert!(imported.status.success(), "{}", text(&imported.stderr));

    // Each traveler as the passport prints the name, with the record's birth date, a renewed
    // passport (so the document does not help), and the direction of the scenario.
    let travelers: String = SCENARIOS
        .iter()
        .enumerate()
        .map(|(i, s)| {
            json!({
                "id": s.rule, "family": s.latin, "given": "TOKHIR",
                "birth_date": format!("19{:02}-0{}-1{}", 70 + i, 1 + i % 9, i % 10),
                "sex": "M", "nationality": "UZB",
                "document": {"number": format!("AB{:07}", i), "country": "UZB"},
                "direction": s.direction,
            })
            .to_string()
                + "\n"
        })
        .collect::<String>()
        + "{\"id\": \"nobody\", \"family\": \"SHERMATOV\", \"given\": \"ULUGBEK\", \"birth_date\": \"1999-09-09\"}\n";
    std::fs::write(dir.path().join("travelers.jsonl"), travelers).unwrap();
    let screened = run(
        &[
            "screen",
            "--db",
            "sqlite://r.db",
            "--input",
            "travelers.jsonl",
            "--output",
            "out.jsonl",
        ],
        dir.path(),
    );
    assert!(screened.status.success(), "{}", text(&screened.stderr));
    let results: Vec<Value> = std::fs::read_to_string(dir.path().join("out.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(results.len(), SCENARIOS.len() + 1);
    for (scenario, result) in SCENARIOS.iter().zip(&results) {
        assert_eq!(result["hits"][0]["band"], "strong", "{result:#}");
        assert_eq!(
            result["outcome"], scenario.outcome,
            "{}: {result:#}",
            scenario.rule
        );
        let first = &result["reasons"][0];
        assert_eq!(first["rule"], scenario.rule, "{result:#}");
        assert!(!first["legal_basis"].as_str().unwrap().is_empty());
        assert_eq!(first["decision"][0], scenario.source);
        assert!(
            result["policy"]
                .as_str()
                .unwrap()
                .starts_with("kz-default/")
        );
    }
    let barred: Vec<&str> = SCENARIOS
        .iter()
        .zip(&results)
        .filter(|(_, r)| r["bars_citizenship"] == true)
        .map(|(s, _)| s.rule)
        .collect();
    assert_eq!(
        barred,
        [
            "sexual_offence_against_minor",
            "terrorism_or_extremism",
            "serious_or_organized_crime"
        ]
    );
    let nobody = results.last().unwrap();
    assert_eq!(nobody["outcome"], "admit", "{nobody:#}");
    assert_eq!(nobody["reasons"], json!([]));

    // The same through the border check, one traveler at a time, each recorded.
    let added = run(
        &["checkpoints", "add", "--db", "sqlite://r.db", "KZ-A", "A"],
        dir.path(),
    );
    assert!(added.status.success(), "{}", text(&added.stderr));
    for (i, scenario) in SCENARIOS.iter().enumerate() {
        let birth = format!("19{:02}-0{}-1{}", 70 + i, 1 + i % 9, i % 10);
        let document = format!("AB{i:07}");
        let checked = run(
            &[
                "check",
                "--db",
                "sqlite://r.db",
                "--checkpoint",
                "KZ-A",
                "--officer",
                "o1",
                "--json",
                "--direction",
                scenario.direction,
                "--at",
                "2026-11-21T08:00:00Z",
                "--family",
                scenario.latin,
                "--given",
                "TOKHIR",
                "--birth-date",
                &birth,
                "--sex",
                "M",
                "--nationality",
                "UZB",
                "--document-number",
                &document,
                "--document-country",
                "UZB",
                "--expires-on",
                "2031-01-01",
            ],
            dir.path(),
        );
        assert!(checked.status.success(), "{}", text(&checked.stderr));
        let answer: Value = serde_json::from_str(text(&checked.stdout).trim()).unwrap();
        assert_eq!(
            answer["outcome"], scenario.outcome,
            "{}: {answer:#}",
            scenario.rule
        );
        assert_eq!(answer["reasons"][0]["rule"], scenario.rule, "{answer:#}");
        assert_eq!(answer["check"], i + 1);
    }
}

#[test]
fn applications_are_screened_by_the_same_engine_and_policy() {
    let dir = tempfile::tempdir().unwrap();
    let batch: String = SCENARIOS
        .iter()
        .enumerate()
        .map(|(i, s)| decision_line(i, s) + "\n")
        .collect();
    std::fs::write(dir.path().join("batch.jsonl"), batch).unwrap();
    let imported = run(
        &["import", "--db", "sqlite://r.db", "batch.jsonl"],
        dir.path(),
    );
    assert!(imported.status.success(), "{}", text(&imported.stderr));
    let applicant = |i: usize, id: &str| {
        json!({"id": id, "family": SCENARIOS[i].latin, "given": "TOKHIR",
               "birth_date": format!("19{:02}-0{}-1{}", 70 + i, 1 + i % 9, i % 10)})
        .to_string()
    };
    let input = [
        applicant(0, "minor_offence"),
        applicant(6, "paid_fine"),
        applicant(3, "open_case"),
        r#"{"id": "nobody", "family": "SHERMATOV", "given": "ULUGBEK", "birth_date": "1999-09-09"}"#.to_owned(),
        r#"{"id": "bad", "birth_date": "1999"}"#.to_owned(),
    ]
    .join("\n");
    std::fs::write(dir.path().join("applicants.jsonl"), input + "\n").unwrap();
    let screened = run(
        &[
            "screen-application",
            "--db",
            "sqlite://r.db",
            "--input",
            "applicants.jsonl",
            "--output",
            "-",
        ],
        dir.path(),
    );
    assert!(screened.status.success(), "{}", text(&screened.stderr));
    let results: Vec<Value> = text(&screened.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let decisions: Vec<(&str, &str)> = results
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap(),
                r["application"].as_str().unwrap_or("error"),
            )
        })
        .collect();
    assert_eq!(
        decisions,
        [
            ("minor_offence", "barred"),
            ("paid_fine", "eligible"),
            ("open_case", "review"),
            ("nobody", "eligible"),
            ("bad", "error")
        ]
    );
    assert_eq!(
        results[0]["barred_by"][0]["rule"],
        "sexual_offence_against_minor"
    );
    assert!(results[4]["error"].as_str().unwrap().contains("family"));
}

#[test]
fn policy_check_accepts_the_shipped_policy_and_names_every_mistake_in_a_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    let shipped = run(&["policy", "default"], dir.path());
    assert!(shipped.status.success());
    std::fs::write(dir.path().join("policy.toml"), &shipped.stdout).unwrap();
    let checked = run(&["policy", "check", "policy.toml"], dir.path());
    assert!(checked.status.success(), "{}", text(&checked.stderr));
    let report = text(&checked.stdout);
    assert!(report.contains("is valid"), "{report}");
    assert!(report.contains("partner_open_criminal_case"), "{report}");

    let typo = text(&shipped.stdout).replacen("category = [\"sexual", "categroy = [\"sexual", 1);
    std::fs::write(dir.path().join("typo.toml"), typo).unwrap();
    let checked = run(&["policy", "check", "typo.toml"], dir.path());
    assert!(!checked.status.success());
    let error = text(&checked.stderr);
    assert!(
        error.contains("categroy") && error.contains("line"),
        "{error}"
    );
    assert!(!error.contains("panicked"), "{error}");

    // A policy that does not check is never used for screening.
    let screened = run(
        &[
            "screen",
            "--db",
            "sqlite://none.db",
            "--policy",
            "typo.toml",
            "--input",
            "-",
            "--output",
            "-",
        ],
        dir.path(),
    );
    assert!(!screened.status.success());
    assert!(
        text(&screened.stderr).contains("typo.toml is not a usable policy"),
        "{}",
        text(&screened.stderr)
    );
}
