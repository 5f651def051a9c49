//! The matching evaluation report: recall per true-traveler family, false hits per hard-negative
//! kind and on random travelers, on a generated labelled set (`berkut_synth::eval`).
//!
//! `cargo run --release -p berkut-bench --bin eval -- [DECISIONS] [PER_FAMILY] [RANDOM] [SEED]`
//! (defaults 200000 2000 20000 20261121); `BERKUT_EVAL_NEED=the_day` (or `year_and_month`,
//! `a_birth_date`) scores it with a table that needs that much of the birth date for a
//! `possible` hit. Prints a Markdown table for BENCHMARKS.md, then up to
//! five misses of each kind to read. RANDOM random travelers of each of two kinds: with the
//! registry's own names, and with family names the registry does not hold. Its last table
//! says what recall and false hits would be if a `possible` hit needed more of the birth date
//! ([`BirthDateNeed`]): the choice between the recall target and the random travelers' false-hit
//! target, which this set shows cannot both be met.

use std::collections::BTreeMap;

use anyhow::Context;
use berkut::screen::parse_traveler;
use berkut_bench::index_from_lines;
use berkut_match::{Band, BirthDateNeed, FeatureTable};
use berkut_synth::eval::{
    Expect, FAMILIES, HARD_NEGATIVES, LabelledQuery, RANDOM_TRAVELER, UNSEEN_FAMILY, generate,
    unseen_family_travelers,
};
use chrono::NaiveDate;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Default)]
struct Tally {
    queries: u64,
    /// Found (either band) for true travelers; a strong hit on the source for hard negatives;
    /// any hit for random travelers.
    counted: u64,
    strong: u64,
    examples: Vec<String>,
}

fn main() -> anyhow::Result<()> {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .map(|a| {
            a.parse()
                .context("arguments are numbers: DECISIONS PER_FAMILY RANDOM SEED")
        })
        .collect::<anyhow::Result<_>>()?;
    let arg = |i: usize, default: u64| args.get(i).copied().unwrap_or(default);
    let (decisions, per_family, random, seed) = (
        arg(0, 200_000) as usize,
        arg(1, 2_000) as usize,
        arg(2, 20_000) as usize,
        arg(3, 20_261_121),
    );
    let today = NaiveDate::from_ymd_opt(2026, 11, 21).context("date")?;
    let set = generate(seed, decisions, per_family, random);
    // As many random travelers again, with family names no registry person bears.
    let unseen = unseen_family_travelers(seed, random);
    let queries = || set.queries.iter().chain(&unseen);
    // `BERKUT_EVAL_NEED` scores the whole report (and the sweep) with a table that needs more
    // of the birth date for a `possible` hit: one of the users' options (see `rule_name`).
    let need = match std::env::var("BERKUT_EVAL_NEED") {
        Err(std::env::VarError::NotPresent) => BirthDateNeed::Nothing,
        Ok(need) => match need.as_str() {
            "nothing" => BirthDateNeed::Nothing,
            "a_birth_date" => BirthDateNeed::ABirthDate,
            "year_and_month" => BirthDateNeed::YearAndMonth,
            "the_day" => BirthDateNeed::TheDay,
            other => anyhow::bail!(
                "BERKUT_EVAL_NEED is one of nothing, a_birth_date, year_and_month, the_day; not {other}"
            ),
        },
        Err(e) => return Err(e).context("BERKUT_EVAL_NEED"),
    };
    let table = FeatureTable {
        possible_needs: need,
        ..FeatureTable::DEFAULT
    };
    if std::env::var_os("BERKUT_EVAL_SWEEP").is_some() {
        return sweep(&set.registry, queries(), today, table);
    }
    let index = index_from_lines(&set.registry, table)?;
    let stats = index.stats();
    eprintln!(
        "registry: {} decision lines, {} persons indexed; {} queries",
        set.registry.len(),
        stats.persons,
        set.queries.len() + unseen.len()
    );

    // How many misses (or false hits) of each kind to print: `BERKUT_EVAL_EXAMPLES`, 5 unless set.
    let examples_per_kind: usize = std::env::var("BERKUT_EVAL_EXAMPLES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);
    // The first name and the birth date of each decision's person, to show beside a miss, and
    // the decision's source, to score the person behind it.
    let record_of: std::collections::HashMap<String, (String, String)> = if examples_per_kind > 0 {
        set.registry
            .iter()
            .filter_map(|line| {
                let decision: serde_json::Value = serde_json::from_str(line).ok()?;
                let person = &decision["person"];
                let name = &person["names"][0];
                let shown = format!(
                    "{} {} {}",
                    name["family"].as_str().unwrap_or_default(),
                    name["given"].as_str().unwrap_or_default(),
                    person["birth_date"].as_str().unwrap_or("-")
                );
                let source = decision["source"].as_str()?.to_owned();
                Some((decision["ref"].as_str()?.to_owned(), (shown, source)))
            })
            .collect()
    } else {
        std::collections::HashMap::new()
    };
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut by_date: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    // True travelers found, and random travelers hit, by the state that issued the passport:
    // each state spells names by its own practice.
    let mut by_state: BTreeMap<String, [u64; 4]> = BTreeMap::new();
    // Why random travelers were hits, by kind: what the best hit's names and dates said.
    let mut random_why: BTreeMap<(&str, String), u64> = BTreeMap::new();
    let mut by_rule = RuleTally::default();
    for labelled in queries() {
        let line = labelled.query.to_string();
        let screened = parse_traveler(&line, today)
            .map_err(|(_, e)| anyhow::anyhow!("generated query {line} is invalid: {e}"))?;
        let hits = index.search(&screened.traveler);
        let on_source = |band: Option<Band>| {
            hits.iter().any(|h| {
                band.is_none_or(|b| h.assessment.band == Some(b))
                    && h.decisions
                        .iter()
                        .any(|d| labelled.source_refs.contains(&d.reference))
            })
        };
        let tally = tallies.entry(labelled.kind).or_default();
        tally.queries += 1;
        let (counted, strong) = match labelled.expect {
            Expect::Found => (on_source(None), on_source(Some(Band::Strong))),
            Expect::NotStrong => (on_source(Some(Band::Strong)), on_source(Some(Band::Strong))),
            Expect::NoHit => (
                !hits.is_empty(),
                hits.iter().any(|h| h.assessment.band == Some(Band::Strong)),
            ),
        };
        tally.counted += u64::from(counted);
        let state = labelled.query["nationality"]
            .as_str()
            .unwrap_or("none")
            .to_owned();
        if labelled.expect == Expect::Found {
            let entry = by_date.entry(labelled.record_date).or_default();
            entry.0 += 1;
            entry.1 += u64::from(counted);
            let entry = by_state.entry(state.clone()).or_default();
            entry[0] += 1;
            entry[1] += u64::from(counted);
        }
        if labelled.expect == Expect::NoHit && labelled.kind != UNSEEN_FAMILY {
            let entry = by_state.entry(state).or_default();
            entry[2] += 1;
            entry[3] += u64::from(counted);
        }
        tally.strong += u64::from(strong);
        by_rule.add(labelled, &hits);
        if labelled.expect == Expect::NoHit
            && let Some(best) = hits.first()
        {
            let outcome = |name: &str| {
                best.assessment
                    .features
                    .iter()
                    .find(|f| f.feature == name)
                    .map_or("absent", |f| f.outcome)
            };
            let why = format!(
                "family {}, given {}, birth date {}",
                outcome("family_name"),
                outcome("given_name"),
                outcome("birth_date")
            );
            *random_why.entry((labelled.kind, why)).or_default() += 1;
        }
        let interesting = match labelled.expect {
            Expect::Found => !counted,
            _ => counted,
        };
        if interesting && tally.examples.len() < examples_per_kind {
            let shown = |assessment: &berkut_match::Assessment| {
                let features: Vec<String> = assessment
                    .features
                    .iter()
                    .map(|f| format!("{}:{}({:+.1})", f.feature, f.outcome, f.weight))
                    .collect();
                format!("{:.2} {}", assessment.score, features.join(" "))
            };
            let best = hits
                .first()
                .map(|h| format!("best {}", shown(&h.assessment)));
            let source = labelled
                .source_refs
                .first()
                .and_then(|r| Some((r, record_of.get(r.as_str())?)));
            let record = source.map_or("", |(_, (record, _))| record.as_str());
            // A missed true traveler: how the record scored, below the band.
            let target = match (&labelled.expect, source) {
                (Expect::Found, Some((reference, (_, source)))) => index
                    .assess_decision(source, reference, &screened.traveler)
                    .map(|a| format!("\n    record scored {}", shown(&a))),
                _ => None,
            };
            tally.examples.push(format!(
                "{line}\n    record {record} (date {}); source {:?}; {} hits; {}{}",
                labelled.record_date,
                labelled.source_refs,
                hits.len(),
                best.unwrap_or_default(),
                target.unwrap_or_default()
            ));
        }
    }

    println!(
        "Feature table: {}, a `possible` hit needing of the birth date: {:?}\n",
        index.table().version,
        index.table().possible_needs
    );
    println!("| true travelers: variant family | queries | found (either band) | strong |");
    println!("|---|---:|---:|---:|");
    let (mut all, mut found) = (0, 0);
    for kind in FAMILIES {
        if let Some(t) = tallies.get(kind) {
            all += t.queries;
            found += t.counted;
            println!(
                "| {kind} | {} | {} | {} |",
                t.queries,
                pct(t.counted, t.queries),
                pct(t.strong, t.queries)
            );
        }
    }
    println!("| **all** | {all} | **{}** | |", pct(found, all));
    println!("\n| true travelers by what the record knows of the birth date | queries | found |");
    println!("|---|---:|---:|");
    for (precision, (queries, found)) in &by_date {
        println!("| {precision} | {queries} | {} |", pct(*found, *queries));
    }
    println!(
        "\n| passport state | true travelers | found | random travelers (registry's names) | false hits (either band) |"
    );
    println!("|---|---:|---:|---:|---:|");
    for (state, [queries, found, random, false_hits]) in &by_state {
        println!(
            "| {state} | {queries} | {} | {random} | {} |",
            pct(*found, *queries),
            pct(*false_hits, *random)
        );
    }
    println!("\n| hard namesakes: kind | queries | strong false hits on the source person |");
    println!("|---|---:|---:|");
    let (mut all, mut strong) = (0, 0);
    for kind in HARD_NEGATIVES {
        if let Some(t) = tallies.get(kind) {
            all += t.queries;
            strong += t.counted;
            println!("| {kind} | {} | {} |", t.queries, pct(t.counted, t.queries));
        }
    }
    println!("| **all** | {all} | **{}** |", pct(strong, all));
    const RANDOM_KINDS: [&str; 2] = [RANDOM_TRAVELER, UNSEEN_FAMILY];
    println!("\n| random travelers | queries | false hits (either band) | strong |");
    println!("|---|---:|---:|---:|");
    for kind in RANDOM_KINDS {
        if let Some(t) = tallies.get(kind) {
            println!(
                "| {kind} | {} | **{}** | {} |",
                t.queries,
                pct(t.counted, t.queries),
                pct(t.strong, t.queries)
            );
        }
    }
    for kind in RANDOM_KINDS {
        let Some(t) = tallies.get(kind) else { continue };
        println!("\n| {kind}: best hit, what agreed | hits | share of these travelers |");
        println!("|---|---:|---:|");
        let mut why: Vec<_> = random_why.iter().filter(|w| w.0.0 == kind).collect();
        why.sort_by_key(|w| std::cmp::Reverse(*w.1));
        for ((_, reason), count) in why {
            println!("| {reason} | {count} | {} |", pct(*count, t.queries));
        }
    }
    by_rule.print(index.table().possible_needs);
    for (kind, tally) in &tallies {
        for example in &tally.examples {
            eprintln!("[{kind}] {example}");
        }
    }
    Ok(())
}

/// The name in the rules' table of what a border authority could set a `possible` hit to need
/// of the birth date (`FeatureTable::possible_needs`). The table the needs give is the choice
/// the false-hit target on random travelers asks of the users (BENCHMARKS.md, "The two
/// targets cannot both be met").
fn rule_name(need: BirthDateNeed) -> &'static str {
    match need {
        BirthDateNeed::Nothing => "what the shipped table weighs (now)",
        BirthDateNeed::ABirthDate => "a birth date in the record",
        BirthDateNeed::YearAndMonth => "the year and month, or the full date give or take a digit",
        BirthDateNeed::TheDay => "the day of birth",
    }
}

/// Whether a hit would stand had the table needed `need` (as well as the need it was scored
/// with), as the matcher applies it: a `strong` hit (which already needs the day or a
/// document), or a hit on a document number the record holds, stands under every need.
fn kept_by(assessment: &berkut_match::Assessment, need: BirthDateNeed) -> bool {
    assessment.band == Some(Band::Strong)
        || need.admits(assessment.birth_date, assessment.document_agrees)
}

const NEEDS: usize = BirthDateNeed::ALL.len();

/// Queries of one group, and how many of them each need of [`BirthDateNeed::ALL`] leaves
/// counted (found, for true travelers; hit, for random ones).
#[derive(Default)]
struct RuleCount {
    queries: u64,
    counted: [u64; NEEDS],
}

impl RuleCount {
    fn add(&mut self, counted: [bool; NEEDS]) {
        self.queries += 1;
        for (sum, counted) in self.counted.iter_mut().zip(counted) {
            *sum += u64::from(counted);
        }
    }
}

/// The rules' table: true travelers, all and by what their record knows of the birth date,
/// and the two kinds of random travelers.
#[derive(Default)]
struct RuleTally {
    found: RuleCount,
    full_date: RuleCount,
    no_date: RuleCount,
    random: RuleCount,
    unseen: RuleCount,
}

impl RuleTally {
    fn add(&mut self, labelled: &LabelledQuery, hits: &[berkut_match::Hit]) {
        let counted = counted_by_rule(labelled, hits);
        match (&labelled.expect, labelled.kind) {
            (Expect::Found, _) => {
                self.found.add(counted);
                match labelled.record_date {
                    "full" => self.full_date.add(counted),
                    "none" => self.no_date.add(counted),
                    _ => {}
                }
            }
            (Expect::NoHit, UNSEEN_FAMILY) => self.unseen.add(counted),
            (Expect::NoHit, _) => self.random.add(counted),
            (Expect::NotStrong, _) => {}
        }
    }

    /// The rows of the needs at least as strict as `scored_with`, the need the hits were
    /// scored with (a weaker one would show the same hits under another name).
    fn print(&self, scored_with: BirthDateNeed) {
        let from = BirthDateNeed::ALL
            .iter()
            .position(|need| *need == scored_with)
            .unwrap_or_default();
        println!(
            "\n| a `possible` hit needs (a document always suffices) | recall | records with a full birth date | records without one | random travelers (registry's names) | random travelers (unseen family names) |"
        );
        println!("|---|---:|---:|---:|---:|---:|");
        let share = |count: &RuleCount, rule: usize| pct(count.counted[rule], count.queries);
        for (rule, need) in BirthDateNeed::ALL.into_iter().enumerate().skip(from) {
            println!(
                "| {} | {} | {} | {} | {} | {} |",
                rule_name(need),
                share(&self.found, rule),
                share(&self.full_date, rule),
                share(&self.no_date, rule),
                share(&self.random, rule),
                share(&self.unseen, rule),
            );
        }
    }
}

/// Under each need of [`BirthDateNeed::ALL`], whether a query counts: a true traveler is found
/// when a hit on his source record stands; a random traveler is hit when any hit stands.
fn counted_by_rule(labelled: &LabelledQuery, hits: &[berkut_match::Hit]) -> [bool; NEEDS] {
    let relevant = |hit: &&berkut_match::Hit| {
        labelled.expect != Expect::Found
            || hit
                .decisions
                .iter()
                .any(|d| labelled.source_refs.contains(&d.reference))
    };
    BirthDateNeed::ALL.map(|need| {
        hits.iter()
            .filter(relevant)
            .any(|h| kept_by(&h.assessment, need))
    })
}

fn pct(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "-".into();
    }
    format!("{:.2} %", part as f64 * 100.0 / whole as f64)
}

/// How recall and false hits move with the `possible` threshold (`BERKUT_EVAL_SWEEP=1`): the
/// index is built with no threshold and each query's best weights compared offline.
fn sweep<'a>(
    registry: &[String],
    queries: impl Iterator<Item = &'a LabelledQuery>,
    today: NaiveDate,
    table: FeatureTable,
) -> anyhow::Result<()> {
    // A candidate that fails the table's birth-date need is no hit at any threshold.
    let table = FeatureTable {
        possible_at: -100.0,
        ..table
    };
    let index = index_from_lines(registry, table)?;
    let mut found: Vec<f64> = Vec::new();
    let mut random: Vec<f64> = Vec::new();
    // Each random traveler's best weight had the registry known none of his family names:
    // see `unknown_name_weight`.
    let mut random_unknown: Vec<f64> = Vec::new();
    // The random travelers whose family names the registry does not hold: measured.
    let mut unseen: Vec<f64> = Vec::new();
    for labelled in queries {
        let line = labelled.query.to_string();
        let screened = parse_traveler(&line, today)
            .map_err(|(_, e)| anyhow::anyhow!("generated query {line} is invalid: {e}"))?;
        let hits = index.search(&screened.traveler);
        match labelled.expect {
            Expect::Found => found.push(
                hits.iter()
                    .filter(|h| {
                        h.decisions
                            .iter()
                            .any(|d| labelled.source_refs.contains(&d.reference))
                    })
                    .map(|h| h.assessment.weight)
                    .fold(f64::NEG_INFINITY, f64::max),
            ),
            Expect::NoHit => {
                let best = hits
                    .first()
                    .map_or(f64::NEG_INFINITY, |h| h.assessment.weight);
                if labelled.kind == UNSEEN_FAMILY {
                    unseen.push(best);
                } else {
                    random.push(best);
                    random_unknown.push(
                        hits.iter()
                            .map(|h| unknown_name_weight(&index, &h.assessment))
                            .fold(f64::NEG_INFINITY, f64::max),
                    );
                }
            }
            Expect::NotStrong => {}
        }
    }
    println!(
        "| possible at | recall | random false hits | the same, had the registry known none of their family names (at most) | random travelers with family names the registry does not hold |\n|---:|---:|---:|---:|---:|"
    );
    for step in 0..=16 {
        let at = 8.0 + f64::from(step) * 0.5;
        let recall = found.iter().filter(|w| **w >= at).count() as u64;
        let false_hits = random.iter().filter(|w| **w >= at).count() as u64;
        let unknown = random_unknown.iter().filter(|w| **w >= at).count() as u64;
        let unseen_hits = unseen.iter().filter(|w| **w >= at).count() as u64;
        println!(
            "| {at:.1} | {} | {} | {} | {} |",
            pct(recall, found.len() as u64),
            pct(false_hits, random.len() as u64),
            pct(unknown, random.len() as u64),
            pct(unseen_hits, unseen.len() as u64)
        );
    }
    Ok(())
}

/// The weight of a hit on a random traveler had the registry known none of his family names:
/// a near family name one slip away (`similar`, in the written order) weighed as another
/// person's name (`family_similar`) would then weigh as a slip
/// (`FeatureTable::family_slip_weight`). Every such near name is raised (one further off
/// weighs `family_alike` and would be no slip either), and the slip's namesakes
/// (`common_name`), which would lower it, are left out: high for the hit's alignment as
/// scored. Another spelling or reading that lost to it could in principle gain more; such hits
/// are rare. A hit weighed as a slip in the record (`FeatureTable::record_slip_weight`) is
/// left as it is, though without the registry's knowing the traveler's name it would weigh as
/// his slip, less: the estimate is the higher for it.
fn unknown_name_weight(index: &berkut_match::Index, assessment: &berkut_match::Assessment) -> f64 {
    use berkut_match::NameFrequencies;
    let table = index.table();
    if index.persons() < table.family_slip_min_persons {
        return assessment.weight;
    }
    let family = assessment
        .features
        .iter()
        .find(|f| f.feature == "family_name");
    let swapped = assessment
        .features
        .iter()
        .any(|f| f.feature == "name_order");
    let raised = family.and_then(|f| {
        let (_, record) = f.detail.split_once(" ~ ")?;
        // A near name one slip away weighed as another person's: the explanation marks a slip
        // and a name further off in parentheses after the pair; those stay.
        (f.outcome == "similar" && !swapped && !f.detail.contains(" ("))
            .then(|| table.family_slip_weight(index.family_share(record)) - f.weight)
    });
    assessment.weight + raised.unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::{counted_by_rule, kept_by};
    use berkut_core::{Category, DecisionKind, Status};
    use berkut_match::{
        Assessment, Band, BirthDateNeed, DateEvidence, DecisionFacts, DecisionRef, Hit,
    };
    use berkut_synth::eval::{Expect, LabelledQuery};
    use serde_json::json;

    fn assessment(band: Band, birth_date: DateEvidence, document_agrees: bool) -> Assessment {
        Assessment {
            weight: 12.0,
            score: 0.6,
            band: Some(band),
            birth_date,
            document_agrees,
            features: Vec::new(),
        }
    }

    fn kept(assessment: &Assessment) -> Vec<bool> {
        BirthDateNeed::ALL
            .into_iter()
            .map(|need| kept_by(assessment, need))
            .collect()
    }

    /// Each need asks more of the birth date than the one before; a document or a strong hit
    /// stands under every one, and the first keeps every hit, as the shipped table made it.
    #[test]
    fn each_need_asks_more_of_the_birth_date_and_a_document_always_suffices() {
        use DateEvidence::*;
        let possible = |dates| kept(&assessment(Band::Possible, dates, false));
        assert_eq!(possible(Unknown), [true, false, false, false]);
        let year = Compatible {
            both_know_month: false,
        };
        assert_eq!(possible(year), [true, true, false, false]);
        assert_eq!(possible(Placeholder), [true, true, false, false]);
        assert_eq!(possible(OneDigitSlip), [true, true, true, false]);
        let year_month = Compatible {
            both_know_month: true,
        };
        assert_eq!(possible(year_month), [true, true, true, false]);
        assert_eq!(possible(DayMonthSwapped), [true; 4]);
        assert_eq!(possible(Same), [true; 4]);
        assert_eq!(
            possible(Different { years_apart: 0 }),
            [true, false, false, false]
        );
        assert_eq!(kept(&assessment(Band::Possible, Unknown, true)), [true; 4]);
        assert_eq!(kept(&assessment(Band::Strong, year, false)), [true; 4]);
    }

    fn hit(reference: &str, birth_date: DateEvidence) -> Hit {
        Hit {
            person: 1,
            assessment: assessment(Band::Possible, birth_date, false),
            decisions: vec![DecisionRef {
                source: "RU-MVD".into(),
                reference: reference.into(),
                facts: DecisionFacts {
                    kind: DecisionKind::Administrative,
                    category: Category::MigrationViolation,
                    status: Status::Final,
                    ban_until: None,
                    fine_paid: None,
                },
            }],
        }
    }

    fn query(expect: Expect, source: &str) -> LabelledQuery {
        LabelledQuery {
            query: json!({}),
            kind: "own_passport",
            expect,
            source_refs: vec![source.into()],
            record_date: "full",
        }
    }

    /// A true traveler is found under a need only by a hit on his own record that stands; a
    /// random traveler is hit by any hit that stands.
    #[test]
    fn a_true_traveler_counts_only_hits_on_his_record() {
        let year = DateEvidence::Compatible {
            both_know_month: false,
        };
        let hits = [hit("OTHER", DateEvidence::Same), hit("SOURCE", year)];
        assert_eq!(
            counted_by_rule(&query(Expect::Found, "SOURCE"), &hits),
            [true, true, false, false]
        );
        assert_eq!(
            counted_by_rule(&query(Expect::NoHit, "SOURCE"), &hits),
            [true; 4]
        );
        assert_eq!(
            counted_by_rule(&query(Expect::Found, "NOBODY"), &hits),
            [false; 4]
        );
    }
}
