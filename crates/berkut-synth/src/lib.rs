//! Synthetic registries: decisions about persons who do not exist, with the names, dates and
//! documents real registries of the region hold, for the demo, for tests and for benchmarks.
//!
//! Generation is seeded and deterministic (ChaCha8): the same seed and size give the same lines
//! on every machine, so a benchmark or a failing test can be rerun exactly. Lines are in the
//! exchange format (`shared/spec/exchange-format.md`) and go through the same import as a
//! partner's batch.
//!
//! What the data looks like, and why:
//! - persons of six peoples (Uzbek, Tajik, Kyrgyz, Kazakh, Azerbaijani, Russian) with the
//!   Cyrillic forms a Russian registry writes (`Абдуллаев Бахтиёр Рустамович`, `-ова`/`-ева`
//!   for women, Tajik `-зода`), Kazakh letters in Kazakh records, and often the Latin spelling
//!   of the person's own passport as a second spelling;
//! - birth dates that are full, year-month, year only, `01-01` placeholders, or missing;
//! - one to three documents, older passports expired;
//! - one to three decisions a person, of every category and status, some with a history of
//!   revisions (pending, then final, then executed), written in order.

pub mod azerbaijani;
pub mod eval;
pub mod latin;
pub mod names;

use chrono::{Datelike, Duration, NaiveDate};
use rand::distr::{Distribution, weighted::WeightedIndex};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

use names::{People, russify_kazakh};

/// The seed the demo uses unless told otherwise.
pub const DEFAULT_SEED: u64 = 20_260_301;

/// An endless, deterministic stream of decision lines (JSON text, one decision revision each).
#[derive(Debug)]
pub struct RegistryGenerator {
    rng: ChaCha8Rng,
    serial: u64,
    /// Two letters from the seed in every reference, so that registries generated with
    /// different seeds (up to 676 apart) never share a reference.
    series: String,
    queued: std::collections::VecDeque<String>,
    peoples: WeightedIndex<u32>,
    only_source: Option<&'static str>,
}

/// The issuing states the generator writes decisions for.
pub const SOURCES: [&str; 3] = ["RU", "KZ", "KG"];

impl RegistryGenerator {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        let weights = People::WEIGHTED.map(|(_, weight)| weight);
        Self {
            rng: ChaCha8Rng::seed_from_u64(seed),
            serial: 0,
            series: [seed / 26 % 26, seed % 26]
                .iter()
                .map(|&n| char::from(b'A' + u8::try_from(n).unwrap_or(0)))
                .collect(),
            queued: std::collections::VecDeque::new(),
            // The weights are constants, all positive.
            peoples: WeightedIndex::new(weights).unwrap_or_else(|_| unreachable!()),
            only_source: None,
        }
    }

    /// Writes every decision as issued by `source` (one of [`SOURCES`]), as one partner's batch
    /// would be; `None` if the generator does not write for that source.
    pub fn only_source(mut self, source: &str) -> Option<Self> {
        self.only_source = Some(*SOURCES.iter().find(|s| **s == source)?);
        Some(self)
    }

    /// Generates one person and all their decision lines.
    fn next_person(&mut self) {
        let people = People::WEIGHTED[self.peoples.sample(&mut self.rng)].0;
        let person = self.person(people);
        let decisions = match self.rng.random_range(0..100) {
            0..70 => 1,
            70..90 => 2,
            _ => 3,
        };
        for _ in 0..decisions {
            self.decision_lines(&person, people);
        }
    }

    fn person(&mut self, people: People) -> Value {
        let rng = &mut self.rng;
        let pool = people.pool();
        let female = rng.random_bool(0.3);
        let family = pool.surname(rng, female);
        let given = pool.given(rng, female);
        let father = pool.given(rng, false);
        let own_marker = rng.random_bool(people.own_marker_share());
        let patronymic = people.patronymic(father, female, own_marker);
        let patronymic = patronymic.as_str();

        let mut names = vec![json!({"family": family, "given": given, "patronymic": patronymic})];
        if people == People::Kazakh && rng.random_bool(0.3) {
            // The same person as a Russian clerk would have written them.
            names.push(json!({"family": russify_kazakh(&family), "given": russify_kazakh(given), "patronymic": russify_kazakh(patronymic)}));
        }
        if rng.random_bool(0.6) {
            names.push(json!({
                "family": latin::passport_spelling(&family, people),
                "given": latin::passport_spelling(given, people),
            }));
        }

        let born = NaiveDate::from_ymd_opt(rng.random_range(1955..=2006), 1, 1).unwrap_or_default()
            + Duration::days(rng.random_range(0..365));
        let birth_date = match rng.random_range(0..100) {
            0..70 => Some(born.format("%Y-%m-%d").to_string()),
            70..80 => Some(born.format("%Y-%m").to_string()),
            80..90 => Some(born.format("%Y").to_string()),
            90..96 => Some(format!("{}-01-01", born.year())),
            _ => None,
        };

        let mut documents = Vec::new();
        let current_expiry = NaiveDate::from_ymd_opt(rng.random_range(2024..=2035), 1, 1)
            .unwrap_or_default()
            + Duration::days(rng.random_range(0..365));
        documents.push(json!({
            "type": "passport",
            "country": people.passport_state(),
            "number": document_number(rng, people),
            "expires_on": current_expiry.format("%Y-%m-%d").to_string(),
        }));
        if rng.random_bool(0.35) {
            documents.push(json!({
                "type": "passport",
                "country": people.passport_state(),
                "number": document_number(rng, people),
                "expires_on": (current_expiry - Duration::days(3650)).format("%Y-%m-%d").to_string(),
            }));
        }
        if rng.random_bool(0.15) {
            documents.push(json!({"type": "id_card", "country": people.passport_state(), "number": document_number(rng, people)}));
        }
        let mut citizenship = vec![people.citizenship()];
        if rng.random_bool(0.03) {
            citizenship.push("RU");
            citizenship.dedup();
        }

        let mut person = json!({
            "names": names,
            "sex": if female { "F" } else { "M" },
            "citizenship": citizenship,
            "documents": documents,
        });
        if let Some(birth_date) = birth_date {
            person["birth_date"] = json!(birth_date);
        }
        person
    }

    fn decision_lines(&mut self, person: &Value, people: People) {
        self.serial += 1;
        let rng = &mut self.rng;
        let drawn = match rng.random_range(0..100) {
            0..72 => "RU",
            72..95 => "KZ",
            _ => "KG",
        };
        let source = self.only_source.unwrap_or(drawn);
        let category =
            CATEGORIES[WeightedIndex::new(CATEGORIES.map(|c| c.1)).map_or(0, |w| w.sample(rng))].0;
        let criminal = matches!(
            category,
            "serious_crime"
                | "organized_crime"
                | "extremism"
                | "terrorism"
                | "sexual_offence_against_minor"
        ) || (category == "other" && rng.random_bool(0.3));
        let authority = match (source, category) {
            ("RU", "unpaid_fine") => "FSSP",
            ("RU", _) if criminal => ["SK", "MVD", "FSB"].choose(rng).copied().unwrap_or("MVD"),
            ("KZ", _) if criminal => ["KNB", "MVD", "AFM"].choose(rng).copied().unwrap_or("MVD"),
            _ => "MVD",
        };
        let decided_on = NaiveDate::from_ymd_opt(rng.random_range(2015..=2026), 1, 1)
            .unwrap_or_default()
            + Duration::days(rng.random_range(0..300));
        let reference = format!(
            "{source}-{authority}-{}-{}{:07}",
            decided_on.year(),
            self.series,
            self.serial
        );
        let ban_until = match category {
            "sexual_offence_against_minor" | "terrorism" => json!("permanent"),
            "entry_ban" | "deportation" | "extremism" | "organized_crime" => {
                if rng.random_bool(0.15) {
                    json!("permanent")
                } else {
                    json!(
                        (decided_on + Duration::days(365 * rng.random_range(3..=10)))
                            .format("%Y-%m-%d")
                            .to_string()
                    )
                }
            }
            _ => Value::Null,
        };
        let final_status = match rng.random_range(0..100) {
            0..22 => "pending",
            22..77 => "final",
            77..92 => "executed",
            _ => "revoked",
        };
        // Some decisions arrive with their history: pending first, then the final word.
        let history: &[&str] = match (final_status, rng.random_range(0..100)) {
            ("pending", _) => &["pending"],
            ("final", 0..30) => &["pending", "final"],
            ("executed", 0..50) => &["pending", "final", "executed"],
            ("executed", 50..75) => &["final", "executed"],
            ("revoked", 0..60) => &["pending", "revoked"],
            (status, _) => std::slice::from_ref(
                &STATUSES[STATUSES.iter().position(|s| *s == status).unwrap_or(0)],
            ),
        };
        let currency = match source {
            "RU" => "RUB",
            "KZ" => "KZT",
            _ => "KGS",
        };
        let fine_amount = (category == "unpaid_fine"
            || (category == "administrative_offence" && rng.random_bool(0.5)))
        .then(|| format!("{}.00", rng.random_range(5..=500) * 100));
        for (index, status) in history.iter().enumerate() {
            let mut line = json!({
                "schema": "berkut.decision/1",
                "source": source,
                "authority": authority,
                "ref": reference,
                "revision": index + 1,
                "kind": if criminal { "criminal" } else { "administrative" },
                "category": category,
                "status": status,
                "decided_on": decided_on.format("%Y-%m-%d").to_string(),
                "ban_until": ban_until,
                "legal_basis": legal_basis(source, category),
                "person": person,
            });
            if let Some(amount) = &fine_amount {
                line["fine"] =
                    json!({"amount": amount, "currency": currency, "paid": *status == "executed"});
            }
            self.queued.push_back(line.to_string());
        }
        let _ = people;
    }
}

impl Iterator for RegistryGenerator {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        while self.queued.is_empty() {
            self.next_person();
        }
        self.queued.pop_front()
    }
}

const STATUSES: [&str; 4] = ["pending", "final", "executed", "revoked"];

/// Categories with their share of a registry (per mille).
const CATEGORIES: [(&str, u32); 11] = [
    ("unpaid_fine", 300),
    ("migration_violation", 200),
    ("administrative_offence", 120),
    ("deportation", 80),
    ("entry_ban", 100),
    ("serious_crime", 70),
    ("organized_crime", 30),
    ("extremism", 20),
    ("terrorism", 10),
    ("sexual_offence_against_minor", 10),
    ("other", 60),
];

fn legal_basis(source: &str, category: &str) -> Value {
    let text = match (source, category) {
        ("RU", "unpaid_fine") => "CoAO RF art. 20.25",
        ("RU", "migration_violation") => "CoAO RF art. 18.8",
        ("RU", "administrative_offence") => "CoAO RF art. 20.1",
        ("RU", "deportation") => "Federal Law 115-FZ art. 31",
        ("RU", "entry_ban") => "Federal Law 114-FZ art. 27",
        ("RU", "serious_crime") => "CC RF art. 162",
        ("RU", "organized_crime") => "CC RF art. 210",
        ("RU", "extremism") => "CC RF art. 282.2",
        ("RU", "terrorism") => "CC RF art. 205",
        ("RU", "sexual_offence_against_minor") => "CC RF art. 134",
        ("KZ", "unpaid_fine") => "CoAO RK art. 669",
        ("KZ", "migration_violation") => "CoAO RK art. 517",
        ("KZ", "administrative_offence") => "CoAO RK art. 434",
        ("KZ", "deportation") => "CoAO RK art. 517 part 2",
        ("KZ", "entry_ban") => "Law RK on Migration art. 48",
        ("KZ", "serious_crime") => "CC RK art. 192",
        ("KZ", "organized_crime") => "CC RK art. 262",
        ("KZ", "extremism") => "CC RK art. 182",
        ("KZ", "terrorism") => "CC RK art. 255",
        ("KZ", "sexual_offence_against_minor") => "CC RK art. 122",
        (_, "other") => return Value::Null,
        ("KG", "serious_crime" | "organized_crime" | "extremism" | "terrorism") => "CC KR art. 169",
        ("KG", "sexual_offence_against_minor") => "CC KR art. 158",
        _ => "CoAO KR art. 63",
    };
    json!(text)
}

/// A passport number in the shape the issuing state uses.
fn document_number(rng: &mut ChaCha8Rng, people: People) -> String {
    const LETTERS: &[u8] = b"ABCDEFGHJKLMNPRSTUVXYZ";
    let mut letter = || char::from(LETTERS[rng.random_range(0..LETTERS.len())]);
    let (a, b) = (letter(), letter());
    match people {
        People::Uzbek => format!("{a}{b}{:07}", rng.random_range(0..10_000_000)),
        People::Kyrgyz => format!("A{b}{:07}", rng.random_range(0..10_000_000)),
        People::Kazakh => format!("N{:08}", rng.random_range(0..100_000_000)),
        People::Azerbaijani => format!("C{:08}", rng.random_range(0..100_000_000)),
        People::Tajik => format!("{:09}", rng.random_range(400_000_000..500_000_000)),
        People::Russian => format!("7{:08}", rng.random_range(0..100_000_000)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_lines() {
        let a: Vec<String> = RegistryGenerator::new(7).take(200).collect();
        let b: Vec<String> = RegistryGenerator::new(7).take(200).collect();
        let c: Vec<String> = RegistryGenerator::new(8).take(200).collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn a_single_source_batch_has_only_that_source() {
        let generator = RegistryGenerator::new(3).only_source("RU").unwrap();
        for line in generator.take(500) {
            assert_eq!(
                berkut_core::parse_decision_line(line.as_bytes())
                    .unwrap()
                    .source
                    .as_str(),
                "RU"
            );
        }
        assert!(RegistryGenerator::new(3).only_source("XX").is_none());
    }

    #[test]
    fn every_line_is_a_valid_decision() {
        for line in RegistryGenerator::new(1).take(5_000) {
            if let Err(error) = berkut_core::parse_decision_line(line.as_bytes()) {
                panic!("{error}: {line}");
            }
        }
    }

    #[test]
    fn the_registry_covers_every_category_status_and_date_precision() {
        let decisions: Vec<_> = RegistryGenerator::new(2)
            .take(20_000)
            .map(|line| berkut_core::parse_decision_line(line.as_bytes()).unwrap())
            .collect();
        for category in berkut_core::Category::ALL {
            assert!(
                decisions.iter().any(|d| d.category == category),
                "{category}"
            );
        }
        for status in berkut_core::Status::ALL {
            assert!(decisions.iter().any(|d| d.status == status), "{status}");
        }
        let precisions: std::collections::HashSet<_> = decisions
            .iter()
            .map(|d| {
                d.person
                    .birth_date
                    .map(|b| (b.month().is_some(), b.day().is_some()))
            })
            .collect();
        assert_eq!(precisions.len(), 4, "{precisions:?}");
        assert!(decisions.iter().any(|d| d.revision.get() == 3));
        let has = |letter: char| {
            decisions.iter().any(|d| {
                d.person.names.iter().any(|n| {
                    [Some(&n.family), n.given.as_ref(), n.patronymic.as_ref()]
                        .into_iter()
                        .flatten()
                        .any(|part| part.as_str().to_lowercase().contains(letter))
                })
            })
        };
        for letter in ['қ', 'ә', 'ү', 'ұ', 'ө', 'ғ', 'ң', 'һ', 'і'] {
            assert!(has(letter), "no Kazakh letter {letter}");
        }
        assert!(
            decisions
                .iter()
                .any(|d| d.person.names[0].family.as_str().ends_with("зода"))
        );
        assert!(
            decisions
                .iter()
                .any(|d| d.person.names[0].family.as_str().ends_with("ева"))
        );
    }
}
