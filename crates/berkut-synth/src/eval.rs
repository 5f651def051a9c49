//! A labelled evaluation set for the matching engine: travelers who *are* a registry person,
//! written the many ways real documents write them, and travelers who are *not*, chosen to be
//! as confusable as possible.
//!
//! The variants are produced here by transliteration tables written from the published
//! schemes themselves (ICAO 9303 Part 3; MVD order 310 of 1997 and 782 of 2010; GOST 7.79
//! system B; ISO 9; BGN/PCGN; the scientific system; Kazakh Latin of 2021; Uzbek Latin with
//! each of the apostrophes people type), not from the matcher's folding rules, so that the set
//! measures the matcher rather than echoes it.
//!
//! Each query is a line `berkut screen` reads, plus a label: the references of the registry
//! person it was made from, and whether it should be found.
//!
//! True travelers (should be found, either band), one family each: every scheme above and the
//! person's own passport; the MRZ form (fillers, a 30-character TD1 name field cut short, OCR
//! digit confusions); family and given name swapped; a patronymic written into the given-name
//! field with its marker (UGLI, QIZI, ULY, KYZY, -OVICH); day and month swapped; a one-digit
//! slip in the birth date; a record with a clerk's typo; the record's document with a name in
//! yet another scheme.
//!
//! Hard namesakes (must not be `strong` hits on the person they were made from): the same
//! name with another birth date, in another year or in the same year; a near name (one vowel
//! changed or a doubled letter dropped: Abdullaev / Abdulaev, Karimov / Kerimov) with the same
//! given name and birth date; the same family name and birth date with another given name.
//!
//! Random travelers (must not be hits at all): new persons from the same name tables; and,
//! apart ([`unseen_family_travelers`]), new persons whose family names no registry person
//! bears.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Duration, NaiveDate};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

use crate::RegistryGenerator;
use crate::latin::passport_spelling;
use crate::names::People;

/// What a query should produce.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// A hit (either band) whose decisions include one of these references.
    Found,
    /// No `strong` hit on the person with these references (hard namesakes).
    NotStrong,
    /// No hit at all (random travelers).
    NoHit,
}

/// One query with its label.
#[derive(Debug, Clone)]
pub struct LabelledQuery {
    /// The line for `berkut screen` (with an `id`).
    pub query: Value,
    /// The variant family or hard-negative kind.
    pub kind: &'static str,
    pub expect: Expect,
    /// References of the registry person the query was made from (empty for random travelers).
    pub source_refs: Vec<String>,
    /// What the source record knows of the birth date: `full`, `year_month`, `year`,
    /// `placeholder` (YYYY-01-01) or `none`.
    pub record_date: &'static str,
}

fn date_precision(person: &Value) -> &'static str {
    match person["birth_date"].as_str() {
        None => "none",
        Some(d) if d.ends_with("-01-01") => "placeholder",
        Some(d) if d.len() == 10 => "full",
        Some(d) if d.len() == 7 => "year_month",
        Some(_) => "year",
    }
}

/// A registry and the queries labelled against it.
#[derive(Debug)]
pub struct EvalSet {
    /// Decision lines (exchange format), to be imported or indexed: the generator's, with the
    /// clerks' slips of the `record_typo` family written in.
    pub registry: Vec<String>,
    pub queries: Vec<LabelledQuery>,
}

/// The true-traveler families, in report order.
pub const FAMILIES: [&str; 17] = [
    "own_passport",
    "icao_9303",
    "mvd_1997",
    "mvd_2010",
    "gost_7_79_b",
    "iso_9",
    "bgn_pcgn",
    "scientific",
    "kazakh_latin_2021",
    "uzbek_latin_apostrophes",
    "mrz_truncated_ocr",
    "swapped_order",
    "patronymic_in_given",
    "date_day_month_swapped",
    "date_one_digit_slip",
    "record_typo",
    "same_document_other_spelling",
];

/// The hard-negative kinds, in report order.
pub const HARD_NEGATIVES: [&str; 4] = [
    "namesake_other_year",
    "namesake_same_year",
    "near_name_same_date",
    "same_surname_and_date_other_given",
];

/// A registry person as the generator wrote it.
#[derive(Debug, Clone)]
struct Subject {
    person: Value,
    /// The person as JSON text, as the generator wrote it: what tells registry persons apart.
    key: String,
    people: People,
    refs: Vec<String>,
    /// The registry lines (indices) that hold the person.
    lines: Vec<usize>,
}

/// Builds a set: a registry of `decisions` decision lines (seed `seed`), `per_family` queries
/// of each true-traveler family and hard-negative kind, and `random` random travelers. The
/// registry is the generator's but for the `record_typo` family's persons, whose lines carry
/// the clerk's slip in the family name (the travelers' passports are right).
pub fn generate(seed: u64, decisions: usize, per_family: usize, random: usize) -> EvalSet {
    let mut registry: Vec<String> = RegistryGenerator::new(seed).take(decisions).collect();
    let mut by_person: HashMap<String, usize> = HashMap::new();
    let mut subjects: Vec<Subject> = Vec::new();
    let mut revoked = HashSet::new();
    for (at, line) in registry.iter().enumerate() {
        let Ok(decision) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let person = decision["person"].clone();
        let reference = decision["ref"].as_str().unwrap_or_default().to_owned();
        // Revisions come in order: the last one seen is the current one.
        if decision["status"] == "revoked" {
            revoked.insert(reference.clone());
        } else {
            revoked.remove(&reference);
        }
        let key = person.to_string();
        match by_person.get(&key) {
            Some(&i) => {
                if !subjects[i].refs.contains(&reference) {
                    subjects[i].refs.push(reference);
                }
                subjects[i].lines.push(at);
            }
            None => {
                let people = people_of(&person);
                by_person.insert(key.clone(), subjects.len());
                subjects.push(Subject {
                    person,
                    key,
                    people,
                    refs: vec![reference],
                    lines: vec![at],
                });
            }
        }
    }

    // A person whose every decision is revoked is no longer sought: not a subject.
    for subject in &mut subjects {
        subject.refs.retain(|r| !revoked.contains(r));
    }
    let subjects: Vec<Subject> = subjects
        .into_iter()
        .filter(|s| !s.refs.is_empty())
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed_e7a1);
    let mut queries = Vec::new();
    let mut serial = 0usize;
    // The persons any query was made from (as `by_person` keys them), and those whose record now
    // carries a clerk's slip (`record_typo`), with the slipped family name: no other query is
    // made from them, so that only their own family sees the slip.
    let mut picked: HashSet<&str> = HashSet::new();
    let mut slipped_records: HashMap<&str, (&[usize], String)> = HashMap::new();
    for kind in FAMILIES.iter().chain(HARD_NEGATIVES.iter()) {
        let mut made = 0;
        let mut attempts = 0;
        while made < per_family && attempts < per_family * 50 && !subjects.is_empty() {
            attempts += 1;
            let Some(subject) = subjects.choose(&mut rng) else {
                break;
            };
            let person_key = subject.key.as_str();
            if slipped_records.contains_key(person_key) {
                continue;
            }
            let slip = if *kind == "record_typo" {
                // A record a clerk typed: one spelling, no passport spelling beside it (which
                // would be found as written whatever the slip).
                let names = subject.person["names"].as_array().map_or(0, Vec::len);
                if names != 1 || picked.contains(person_key) {
                    continue;
                }
                let Some(slip) = typo(text(&subject.person["names"][0], "family"), &mut rng) else {
                    continue;
                };
                Some(slip)
            } else {
                None
            };
            let Some(mut query) = variant(kind, subject, &mut rng) else {
                continue;
            };
            if let Some(slip) = slip {
                slipped_records.insert(person_key, (&subject.lines, slip));
            }
            picked.insert(person_key);
            serial += 1;
            query["id"] = json!(format!("E{serial}"));
            let expect = if FAMILIES.contains(kind) {
                Expect::Found
            } else {
                Expect::NotStrong
            };
            queries.push(LabelledQuery {
                query,
                kind,
                expect,
                source_refs: subject.refs.clone(),
                record_date: date_precision(&subject.person),
            });
            made += 1;
        }
    }

    // The clerks' slips, written into every line of their persons' records.
    for (lines, slip) in slipped_records.values() {
        for &at in *lines {
            let Ok(mut decision) = serde_json::from_str::<Value>(&registry[at]) else {
                continue;
            };
            decision["person"]["names"][0]["family"] = json!(slip);
            registry[at] = decision.to_string();
        }
    }

    // Random travelers: persons the registry does not hold, from another seed.
    let mut strangers = strangers(seed.wrapping_add(7_777_777));
    while queries.iter().filter(|q| q.expect == Expect::NoHit).count() < random {
        let Some((key, person)) = strangers.next() else {
            break;
        };
        if by_person.contains_key(&key) {
            continue;
        }
        let subject = Subject {
            people: people_of(&person),
            person,
            key,
            refs: Vec::new(),
            lines: Vec::new(),
        };
        let Some(mut query) = variant("own_passport", &subject, &mut rng) else {
            continue;
        };
        serial += 1;
        query["id"] = json!(format!("E{serial}"));
        queries.push(LabelledQuery {
            query,
            kind: RANDOM_TRAVELER,
            expect: Expect::NoHit,
            source_refs: Vec::new(),
            record_date: "none",
        });
    }
    EvalSet { registry, queries }
}

/// The kind of the random travelers of [`generate`], who bear the registry's own names.
pub const RANDOM_TRAVELER: &str = "random_traveler";

/// The kind of the random travelers [`unseen_family_travelers`] makes.
pub const UNSEEN_FAMILY: &str = "random_traveler_unseen_family";

/// `count` random travelers whose family names no registry person bears, whatever the
/// registry's size: each is a new person of the generator (another seed) whose family name is
/// replaced by one formed as Soviet registration formed them (see
/// [`crate::names::surname_from_given`]) from the start of one of the people's given names
/// joined to the end of another (Рус + иёр: Русиёров). A name whose Cyrillic or passport
/// spelling is a listed surname's, of any people, is not used.
///
/// Azerbaijani persons are left out: their passports spell a name in its Azerbaijani form,
/// which the generator knows only for the listed names (see [`crate::azerbaijani`]), and a
/// new name would be spelled as a transliteration of the Russian, as no Azerbaijani passport
/// spells it.
///
/// The random travelers of [`generate`] bear the registry's own names, so the ones that are hits
/// are namesakes that the record's facts cannot tell apart: their false-hit rate says how
/// often a traveler shares a name with a registry person. These say how often the matcher
/// takes a name it has never seen for a registry person's, through a near family name (one
/// a slip would make), the given name and birth date, or the names in the other order.
pub fn unseen_family_travelers(seed: u64, count: usize) -> Vec<LabelledQuery> {
    let listed = listed_surnames();
    let mut strangers = strangers(seed.wrapping_add(9_999_991));
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x0be5_ee17);
    let mut queries = Vec::with_capacity(count);
    while queries.len() < count {
        let Some((key, mut person)) = strangers.next() else {
            break;
        };
        let people = people_of(&person);
        if people == People::Azerbaijani {
            continue;
        }
        let female = person["sex"] == "F";
        let Some(family) = unseen_surname(people, &listed, &mut rng) else {
            continue;
        };
        let family = if female {
            crate::names::female_surname(&family)
        } else {
            family
        };
        person["names"] = json!([{
            "family": family,
            "given": text(&person["names"][0], "given"),
            "patronymic": text(&person["names"][0], "patronymic"),
        }]);
        let subject = Subject {
            people,
            person,
            key,
            refs: Vec::new(),
            lines: Vec::new(),
        };
        let Some(mut query) = variant("own_passport", &subject, &mut rng) else {
            continue;
        };
        query["id"] = json!(format!("U{}", queries.len() + 1));
        queries.push(LabelledQuery {
            query,
            kind: UNSEEN_FAMILY,
            expect: Expect::NoHit,
            source_refs: Vec::new(),
            record_date: "none",
        });
    }
    queries
}

/// The persons the generator of seed `seed` draws, each once (a person has one to three
/// decision lines), with their JSON text (see [`Subject::key`]).
fn strangers(seed: u64) -> impl Iterator<Item = (String, Value)> {
    let mut seen = HashSet::new();
    RegistryGenerator::new(seed).filter_map(move |line| {
        let mut decision = serde_json::from_str::<Value>(&line).ok()?;
        let key = decision["person"].to_string();
        seen.insert(key.clone())
            .then(|| (key, decision["person"].take()))
    })
}

/// Every surname the name tables can give a registry person, in Cyrillic and as each people's
/// passport spells it (also without its doubled letters: see [`single_letters`]), male and
/// female forms, and the Kazakh ones as a Russian clerk writes them.
fn listed_surnames() -> HashSet<String> {
    let peoples = People::WEIGHTED.map(|(people, _)| people);
    let mut listed = HashSet::new();
    for people in peoples {
        for male in &people.pool().surnames {
            for form in [male.clone(), crate::names::female_surname(male)] {
                let russified = crate::names::russify_kazakh(&form);
                // A Russian clerk's form differs only for Kazakh names.
                let cyrillics = if russified == form {
                    vec![form]
                } else {
                    vec![russified, form]
                };
                for cyrillic in cyrillics {
                    for spelled_by in peoples {
                        let spelling = passport_spelling(&cyrillic, spelled_by);
                        listed.insert(single_letters(&spelling));
                        listed.insert(spelling);
                    }
                    listed.insert(cyrillic);
                }
            }
        }
    }
    listed
}

/// A male surname of `people` that `listed` does not hold (see [`unseen_family_travelers`]).
fn unseen_surname(
    people: People,
    listed: &HashSet<String>,
    rng: &mut ChaCha8Rng,
) -> Option<String> {
    let given = &people.pool().male;
    for _ in 0..100 {
        let (start, end) = (given.choose(rng)?, given.choose(rng)?);
        let start: String = start.chars().take(rng.random_range(2..=4)).collect();
        let end: Vec<char> = end.chars().collect();
        // Lower case: a short name's end may be the whole name, capital and all.
        let end: String = end[end.len().saturating_sub(rng.random_range(2..=3))..]
            .iter()
            .flat_map(|c| c.to_lowercase())
            .collect();
        let surname = crate::names::surname_from_given(&format!("{start}{end}"));
        let spellings = [
            single_letters(&passport_spelling(&surname, people)),
            single_letters(&passport_spelling(
                &crate::names::female_surname(&surname),
                people,
            )),
        ];
        if !listed.contains(&surname) && spellings.iter().all(|s| !listed.contains(s)) {
            return Some(surname);
        }
    }
    None
}

/// A spelling with each run of one letter written once: a name joined from two (Зоки + иров)
/// may double a letter at the join, ZOKIIROV, which any matcher reads as the listed ZOKIROV.
fn single_letters(spelling: &str) -> String {
    let mut out = String::with_capacity(spelling.len());
    for c in spelling.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

fn people_of(person: &Value) -> People {
    match person["documents"][0]["country"].as_str() {
        Some("UZB") => People::Uzbek,
        Some("TJK") => People::Tajik,
        Some("KGZ") => People::Kyrgyz,
        Some("KAZ") => People::Kazakh,
        Some("AZE") => People::Azerbaijani,
        _ => People::Russian,
    }
}

fn text<'a>(value: &'a Value, field: &str) -> &'a str {
    value[field].as_str().unwrap_or_default()
}

/// Makes the query of `kind` for `subject`; `None` when the subject does not lend itself to
/// that kind (a swap needs a day of 12 or less, Kazakh Latin a Kazakh).
fn variant(kind: &str, subject: &Subject, rng: &mut ChaCha8Rng) -> Option<Value> {
    let name = &subject.person["names"][0];
    let (family, given, patronymic) = (
        text(name, "family"),
        text(name, "given"),
        text(name, "patronymic"),
    );
    let people = subject.people;
    let record_date = subject.person["birth_date"].as_str();
    let birth = true_birth_date(record_date, rng);
    let sex = subject.person["sex"].as_str().unwrap_or("M");
    let female = sex == "F";
    let own = |s: &str| passport_spelling(s, people);

    let (mut q_family, mut q_given) = (own(family), own(given));
    let mut q_birth = birth;
    let mut document = new_document(people, rng);
    match kind {
        "own_passport" => {}
        "kazakh_latin_2021" if people != People::Kazakh => return None,
        kind if scheme_of(kind).is_some() => {
            let by = scheme_of(kind)?;
            (q_family, q_given) = (scheme(family, by), scheme(given, by));
        }
        "uzbek_latin_apostrophes" => {
            if people != People::Uzbek {
                return None;
            }
            let apostrophe = *['ʻ', '\'', '`', '‘', '’', 'ʼ'].choose(rng)?;
            let uz = |s: &str| scheme(s, Scheme::UzbekLatin).replace('ʻ', &apostrophe.to_string());
            (q_family, q_given) = (uz(family), uz(given));
        }
        "mrz_truncated_ocr" => {
            let full = format!("{}<<{}", own(family), own(given).replace(' ', "<"));
            let mut field: Vec<char> = full.replace(['\'', '-'], "<").chars().take(30).collect();
            for _ in 0..rng.random_range(1..=2) {
                let at = rng.random_range(0..field.len());
                field[at] = match field[at] {
                    'O' => '0',
                    'I' => '1',
                    'S' => '5',
                    'B' => '8',
                    c => c,
                };
            }
            let field: String = field.into_iter().collect();
            let (f, g) = field.split_once("<<").unwrap_or((&field, ""));
            (q_family, q_given) = (f.to_owned(), g.to_owned());
        }
        "swapped_order" => (q_family, q_given) = (own(given), own(family)),
        "patronymic_in_given" => {
            if patronymic.is_empty() {
                return None;
            }
            let father = father_of(patronymic)?;
            let marker = match (people, female) {
                (People::Uzbek, false) => " UGLI",
                (People::Uzbek, true) => " QIZI",
                (People::Kazakh, false) => " ULY",
                (People::Kyrgyz, false) => " UULU",
                (People::Kazakh | People::Kyrgyz, true) => " KYZY",
                (People::Azerbaijani, false) => " OGLU",
                (People::Azerbaijani, true) => " GIZI",
                _ => "",
            };
            q_given = if marker.is_empty() {
                format!("{} {}", own(given), scheme(patronymic, Scheme::Icao))
            } else {
                format!("{} {}{}", own(given), own(&father), marker)
            };
        }
        "date_day_month_swapped" => {
            let date = NaiveDate::parse_from_str(record_date?, "%Y-%m-%d").ok()?;
            if date.day() > 12 || date.day() == date.month() {
                return None;
            }
            q_birth = NaiveDate::from_ymd_opt(date.year(), date.day(), date.month())?;
        }
        "date_one_digit_slip" => {
            let date = NaiveDate::parse_from_str(record_date?, "%Y-%m-%d").ok()?;
            q_birth = one_digit_slip(date, rng)?;
        }
        // The traveler's name is right; the record has it wrong (see `generate`).
        "record_typo" => {}
        "same_document_other_spelling" => {
            let documents = subject.person["documents"].as_array()?;
            document = documents.choose(rng)?.clone();
            (q_family, q_given) = (
                scheme(family, Scheme::Gost779B),
                scheme(given, Scheme::Iso9),
            );
        }
        "namesake_other_year" => {
            let years = rng.random_range(2..=25) * if rng.random_bool(0.5) { 1 } else { -1 };
            q_birth = birth + Duration::days(365 * years + rng.random_range(0..200));
        }
        "namesake_same_year" => {
            let date = NaiveDate::parse_from_str(record_date?, "%Y-%m-%d").ok()?;
            q_birth = loop {
                let other = NaiveDate::from_ymd_opt(date.year(), 1, 1)?
                    + Duration::days(rng.random_range(0..365));
                if other.year() == date.year() && !confusable_dates(date, other) {
                    break other;
                }
            };
        }
        "near_name_same_date" => {
            q_family = near_name(&own(family), people == People::Azerbaijani, rng)?;
        }
        "same_surname_and_date_other_given" => {
            let pool = people.pool();
            let names = if female { &pool.female } else { &pool.male };
            let other = names
                .iter()
                .filter(|n| n.chars().next() != given.chars().next())
                .collect::<Vec<_>>();
            q_given = own(other.choose(rng)?);
        }
        _ => return None,
    }
    Some(json!({
        "family": q_family,
        "given": q_given,
        "birth_date": q_birth.format("%Y-%m-%d").to_string(),
        "sex": sex,
        "nationality": people.passport_state(),
        "document": {"number": document["number"], "country": document["country"]},
    }))
}

/// The scheme a true-traveler family is romanised by, for the families that are one scheme.
fn scheme_of(kind: &str) -> Option<Scheme> {
    Some(match kind {
        "icao_9303" => Scheme::Icao,
        "mvd_1997" => Scheme::Mvd1997,
        "mvd_2010" => Scheme::Mvd2010,
        "gost_7_79_b" => Scheme::Gost779B,
        "iso_9" => Scheme::Iso9,
        "bgn_pcgn" => Scheme::BgnPcgn,
        "scientific" => Scheme::Scientific,
        "kazakh_latin_2021" => Scheme::KazakhLatin,
        _ => return None,
    })
}

/// The traveler's real birth date, as the passport prints it, given what the record knows.
fn true_birth_date(record: Option<&str>, rng: &mut ChaCha8Rng) -> NaiveDate {
    let random_day = |rng: &mut ChaCha8Rng, year: i32| {
        NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default()
            + Duration::days(rng.random_range(0..365))
    };
    let Some(record) = record else {
        let year = rng.random_range(1960..2005);
        return random_day(rng, year);
    };
    let parts: Vec<i32> = record.split('-').filter_map(|p| p.parse().ok()).collect();
    match parts[..] {
        [year, 1, 1] => random_day(rng, year),
        [year, month, day] => NaiveDate::from_ymd_opt(year, month as u32, day as u32)
            .unwrap_or_else(|| random_day(rng, year)),
        [year, month] => NaiveDate::from_ymd_opt(year, month as u32, rng.random_range(1..=28))
            .unwrap_or_else(|| random_day(rng, year)),
        [year] => random_day(rng, year),
        _ => random_day(rng, 1980),
    }
}

/// Whether two dates could pass for one another (a swap or a single slipped digit).
fn confusable_dates(a: NaiveDate, b: NaiveDate) -> bool {
    let (x, y) = (
        a.format("%Y%m%d").to_string(),
        b.format("%Y%m%d").to_string(),
    );
    let apart = x.chars().zip(y.chars()).filter(|(p, q)| p != q).count();
    apart <= 1 || (a.day() == b.month() && a.month() == b.day())
}

fn one_digit_slip(date: NaiveDate, rng: &mut ChaCha8Rng) -> Option<NaiveDate> {
    for _ in 0..20 {
        let mut digits: Vec<u8> = date.format("%Y%m%d").to_string().into_bytes();
        // Not the century: 1990 → 2990 is no slip a clerk makes.
        let at = rng.random_range(2..8);
        let new = b'0' + rng.random_range(0..10u8);
        if digits[at] == new {
            continue;
        }
        digits[at] = new;
        let text = String::from_utf8(digits).ok()?;
        if let Ok(slipped) = NaiveDate::parse_from_str(&text, "%Y%m%d")
            && slipped.year() > 1900
            && slipped.year() < 2026
        {
            return Some(slipped);
        }
    }
    None
}

/// A clerk's slip in `name` as the eval's `record_typo` family writes it ([`typo`]), drawn
/// from `seed`: for writing slips into a registry made otherwise (the `slip_registry`
/// benchmark tool). `None` where [`typo`] gives none.
pub fn clerks_slip(name: &str, seed: u64) -> Option<String> {
    typo(name, &mut ChaCha8Rng::seed_from_u64(seed))
}

/// One letter, in the middle of the name, doubled or dropped (a doubled one always dropped);
/// `None` for a short name, or where the letter is a soft or hard sign (ь, ъ), which folding
/// drops anyway.
fn typo(name: &str, rng: &mut ChaCha8Rng) -> Option<String> {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() < 5 {
        return None;
    }
    let at = rng.random_range(1..chars.len() - 1);
    if matches!(chars[at], 'ь' | 'ъ' | 'Ь' | 'Ъ') {
        return None;
    }
    let mut out = chars.clone();
    if chars[at] == chars[at - 1] {
        out.remove(at);
    } else if rng.random_bool(0.5) {
        out.insert(at, chars[at]);
    } else {
        out.remove(at);
    }
    Some(out.into_iter().collect())
}

/// A different but near family name: a vowel changed, or a doubled consonant dropped
/// (Karimov → Kerimov, Abdullaev → Abdulaev), but not where the result is the same name
/// written another way:
/// - a doubled Y is й before a glide vowel (KHAYYOMOV, KHAYOMOV: both Хайёмов);
/// - an Azerbaijani's passport name (`azerbaijani`) keeps its A and E, which both stand for
///   ə (HUSEYNOVA, HUSAYNOVA: Hüseynova, as a clerk writes Гусейнова), and its doubled
///   consonants, which a Russian clerk writes once (MAMMADOV, MAMADOV: Мамедов).
fn near_name(name: &str, azerbaijani: bool, rng: &mut ChaCha8Rng) -> Option<String> {
    let chars: Vec<char> = name.chars().collect();
    let doubled = (!azerbaijani)
        .then(|| {
            (1..chars.len()).find(|&i| chars[i] == chars[i - 1] && !"AEIOUY".contains(chars[i]))
        })
        .flatten();
    if let Some(at) = doubled {
        let mut out = chars.clone();
        out.remove(at);
        return Some(out.into_iter().collect());
    }
    let ambiguous = |c: char| azerbaijani && (c == 'A' || c == 'E');
    // Not a vowel after a glide: YE → YO is ё written another way, not another name.
    let vowels: Vec<usize> = (1..chars.len().saturating_sub(2))
        .filter(|&i| {
            "AEIOU".contains(chars[i]) && !"YI".contains(chars[i - 1]) && !ambiguous(chars[i])
        })
        .collect();
    let &at = vowels.choose(rng)?;
    let mut out = chars;
    // Nor an E for an I or the reverse, which the generator has always left out.
    let same_letter = |a: char, b: char| matches!((a, b), ('E', 'I') | ('I', 'E'));
    let replacement = ['A', 'E', 'I', 'O', 'U']
        .into_iter()
        .filter(|&v| v != out[at] && !ambiguous(v) && !same_letter(out[at], v))
        .collect::<Vec<_>>();
    out[at] = *replacement.choose(rng)?;
    Some(out.into_iter().collect())
}

/// The father's name in a Russian-form patronymic (`Рустамович` → `Рустам`).
fn father_of(patronymic: &str) -> Option<String> {
    for ending in [
        "ович", "евич", "овна", "евна", "ич", "ична", "ұлы", "қызы", "уулу", "кызы",
    ] {
        if let Some(stem) = patronymic.strip_suffix(ending)
            && stem.chars().count() >= 2
        {
            return Some(stem.to_owned());
        }
    }
    for marker in [
        " угли",
        " ўғли",
        " кизи",
        " қизи",
        " оглы",
        " кызы",
        " уулу",
    ] {
        if let Some(stem) = patronymic.strip_suffix(marker) {
            return Some(stem.to_owned());
        }
    }
    None
}

/// A renewed passport: another number of the same state.
fn new_document(people: People, rng: &mut ChaCha8Rng) -> Value {
    json!({"number": format!("R{:08}", rng.random_range(0..100_000_000)), "country": people.passport_state()})
}

/// Published romanisation schemes for Cyrillic, written from their tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// ICAO Doc 9303 Part 3 (2021), as Russian passports apply it since 2013.
    Icao,
    /// MVD order 310 (1997): Й Y, Х KH, Ц TS, Ю YU, Я YA.
    Mvd1997,
    /// MVD order 782 (2010): Й I, Ц TC, Ю IU, Я IA.
    Mvd2010,
    /// GOST 7.79-2000 system B: Й J, Х X, Ц CZ, Щ SHH, Ы Y', Э E`.
    Gost779B,
    /// ISO 9:1995 (GOST 7.79 system A): one letter with diacritics for each.
    Iso9,
    /// BGN/PCGN 1947 for Russian, with the BGN/PCGN letters of Kazakh, Uzbek and Tajik.
    BgnPcgn,
    /// The scientific transliteration (linguists' system): Ž Š Č X, J for Й, JU JA.
    Scientific,
    /// The Kazakh Latin alphabet of 2021 (Ä Ğ Q Ñ Ö Ū Ü Ş Ç).
    KazakhLatin,
    /// Uzbek Latin (1995 alphabet, 2021 spelling): Oʻ Gʻ Q X J SH CH YO YU YA.
    UzbekLatin,
}

/// `name` romanised by `scheme`, in capitals as documents print it.
pub fn scheme(name: &str, scheme: Scheme) -> String {
    use Scheme::*;
    let chars: Vec<char> = name.chars().flat_map(char::to_lowercase).collect();
    let mut out = String::with_capacity(name.len() * 2);
    for (i, &c) in chars.iter().enumerate() {
        let previous = i.checked_sub(1).map(|p| chars[p]);
        let initial_or_after_vowel = previous.is_none_or(|p| "аеёиоуыэюяәөүұіъь -".contains(p));
        let latin: &str = match (scheme, c) {
            (_, 'а') => "a",
            (_, 'б') => "b",
            (_, 'в') => "v",
            (_, 'г') => "g",
            (_, 'д') => "d",
            (BgnPcgn, 'е') if initial_or_after_vowel => "ye",
            (UzbekLatin, 'е') if initial_or_after_vowel => "ye",
            (_, 'е') => "e",
            (Icao | Mvd2010 | Mvd1997, 'ё') => "e",
            (BgnPcgn, 'ё') => "ë",
            (Iso9 | Scientific, 'ё') => "ë",
            (_, 'ё') => "yo",
            (Iso9 | Scientific, 'ж') => "ž",
            (KazakhLatin | UzbekLatin, 'ж') => "j",
            (_, 'ж') => "zh",
            (_, 'з') => "z",
            (_, 'и') => "i",
            (Icao | Mvd2010 | KazakhLatin, 'й') => "i",
            (Gost779B | Iso9 | Scientific, 'й') => "j",
            (_, 'й') => "y",
            (_, 'к') => "k",
            (_, 'л') => "l",
            (_, 'м') => "m",
            (_, 'н') => "n",
            (_, 'о') => "o",
            (_, 'п') => "p",
            (_, 'р') => "r",
            (_, 'с') => "s",
            (_, 'т') => "t",
            (_, 'у') => "u",
            (_, 'ф') => "f",
            (Gost779B | Scientific | UzbekLatin, 'х') => "x",
            (Iso9 | KazakhLatin, 'х') => "h",
            (_, 'х') => "kh",
            (Mvd2010, 'ц') => "tc",
            (Gost779B, 'ц') => {
                if chars.get(i + 1).is_some_and(|n| "еиыйэ".contains(*n)) {
                    "c"
                } else {
                    "cz"
                }
            }
            (Iso9 | Scientific, 'ц') => "c",
            (UzbekLatin, 'ц') => "s",
            (_, 'ц') => "ts",
            (Iso9 | Scientific, 'ч') => "č",
            (KazakhLatin, 'ч') => "ç",
            (_, 'ч') => "ch",
            (Iso9 | Scientific, 'ш') => "š",
            (KazakhLatin, 'ш') => "ş",
            (_, 'ш') => "sh",
            (Gost779B, 'щ') => "shh",
            (Iso9, 'щ') => "ŝ",
            (Scientific, 'щ') => "šč",
            (KazakhLatin, 'щ') => "şş",
            (_, 'щ') => "shch",
            (Icao, 'ъ') => "ie",
            (Gost779B, 'ъ') => "``",
            (Iso9, 'ъ') => "ʺ",
            (BgnPcgn, 'ъ') => "\"",
            (UzbekLatin, 'ъ') => "ʼ",
            (_, 'ъ') => "",
            (Gost779B, 'ы') => "y'",
            (KazakhLatin, 'ы') => "y",
            (_, 'ы') => "y",
            (Gost779B, 'ь') => "`",
            (Iso9 | Scientific, 'ь') => "ʹ",
            (BgnPcgn, 'ь') => "'",
            (_, 'ь') => "",
            (Gost779B, 'э') => "e`",
            (Iso9 | Scientific, 'э') => "è",
            (_, 'э') => "e",
            (Icao | Mvd2010 | KazakhLatin, 'ю') => "iu",
            (Iso9, 'ю') => "û",
            (Scientific, 'ю') => "ju",
            (_, 'ю') => "yu",
            (Icao | Mvd2010 | KazakhLatin, 'я') => "ia",
            (Iso9, 'я') => "â",
            (Scientific, 'я') => "ja",
            (_, 'я') => "ya",
            // Kazakh, Kyrgyz, Uzbek and Tajik letters.
            (KazakhLatin, 'ә') => "ä",
            (_, 'ә') => "a",
            (KazakhLatin, 'ғ') => "ğ",
            (BgnPcgn, 'ғ') => "gh",
            (UzbekLatin, 'ғ') => "gʻ",
            (_, 'ғ') => "g",
            (KazakhLatin | BgnPcgn | UzbekLatin, 'қ') => "q",
            (_, 'қ') => "k",
            (KazakhLatin, 'ң') => "ñ",
            (BgnPcgn, 'ң') => "ng",
            (_, 'ң') => "n",
            (KazakhLatin | BgnPcgn, 'ө') => "ö",
            (_, 'ө') => "o",
            (KazakhLatin, 'ұ') => "ū",
            (_, 'ұ') => "u",
            (KazakhLatin | BgnPcgn, 'ү') => "ü",
            (_, 'ү') => "u",
            (_, 'һ') => "h",
            (KazakhLatin, 'і') => "i",
            (_, 'і') => "i",
            (UzbekLatin, 'ў') => "oʻ",
            (BgnPcgn, 'ў') => "ŭ",
            (_, 'ў') => "u",
            (Icao | Mvd1997 | Mvd2010, 'ҳ') => "kh",
            (_, 'ҳ') => "h",
            (Icao | Mvd1997 | Mvd2010, 'ҷ') => "dzh",
            (_, 'ҷ') => "j",
            (_, 'ӣ') => "i",
            (_, 'ӯ') => "u",
            (_, ' ') => " ",
            (_, '-') => "-",
            _ => "",
        };
        out.push_str(latin);
    }
    out.to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_follow_their_tables() {
        assert_eq!(scheme("Юлия", Scheme::Icao), "IULIIA");
        assert_eq!(scheme("Юлия", Scheme::Mvd1997), "YULIYA");
        assert_eq!(scheme("Щукин", Scheme::Gost779B), "SHHUKIN");
        assert_eq!(scheme("Цой", Scheme::Gost779B), "CZOJ");
        assert_eq!(scheme("Цыганов", Scheme::Gost779B), "CY'GANOV");
        assert_eq!(scheme("Жуков", Scheme::Iso9), "ŽUKOV");
        assert_eq!(scheme("Ерлан", Scheme::BgnPcgn), "YERLAN");
        assert_eq!(scheme("Қайрат", Scheme::KazakhLatin), "QAIRAT");
        assert_eq!(scheme("Ўктам", Scheme::UzbekLatin), "OʻKTAM");
        assert_eq!(scheme("Кузнецов", Scheme::Mvd2010), "KUZNETCOV");
    }

    #[test]
    fn a_near_name_is_another_name_not_the_same_written_otherwise() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for _ in 0..200 {
            // A doubled consonant is dropped, but not a doubled Y (й before a glide vowel).
            assert_eq!(
                near_name("ABDULLAYEV", false, &mut rng).as_deref(),
                Some("ABDULAYEV")
            );
            let khayyomov = near_name("KHAYYOMOV", false, &mut rng).unwrap();
            assert!(khayyomov.contains("YY"), "{khayyomov}");
            // An Azerbaijani's doubled consonant stays, and his A and E (both ə) too.
            let mammadova = near_name("MAMMADOVA", true, &mut rng).unwrap();
            assert!(mammadova.starts_with("MAMMAD"), "{mammadova}");
            // One whose every vowel could be ə has no near name of this kind.
            assert_eq!(near_name("MAMMADOV", true, &mut rng), None);
            let huseynova = near_name("HUSEYNOVA", true, &mut rng).unwrap();
            assert_ne!(huseynova, "HUSEYNOVA");
            assert!(
                huseynova.starts_with("H") && huseynova.contains("SEYN"),
                "{huseynova}"
            );
            // Other persons' A and E change.
            let kerimov = near_name("KARIMOV", false, &mut rng).unwrap();
            assert_ne!(kerimov, "KARIMOV");
        }
    }

    #[test]
    fn a_clerks_slip_drops_or_doubles_one_letter_and_is_the_same_for_the_same_seed() {
        let mut changed = 0;
        for seed in 0..200 {
            let Some(slip) = clerks_slip("Холматова", seed) else {
                continue;
            };
            changed += 1;
            assert_eq!(
                clerks_slip("Холматова", seed).as_deref(),
                Some(slip.as_str())
            );
            let (len, name_len) = (slip.chars().count(), "Холматова".chars().count());
            assert!(len + 1 == name_len || len == name_len + 1, "{slip}");
            assert!(slip.starts_with('Х') && slip.ends_with('а'), "{slip}");
        }
        assert!(changed > 100, "{changed}");
        assert_eq!(clerks_slip("Цой", 1), None);
    }

    #[test]
    fn every_family_and_kind_gets_queries() {
        let set = generate(7, 3_000, 5, 20);
        for kind in FAMILIES.iter().chain(HARD_NEGATIVES.iter()) {
            let made = set.queries.iter().filter(|q| q.kind == *kind).count();
            assert_eq!(made, 5, "{kind}");
        }
        assert_eq!(
            set.queries
                .iter()
                .filter(|q| q.expect == Expect::NoHit)
                .count(),
            20
        );
        assert!(set.queries.iter().all(|q| q.query["id"].is_string()));
    }

    #[test]
    fn a_clerks_slip_is_in_every_line_of_the_record_and_in_no_other_query() {
        let set = generate(7, 3_000, 20, 0);
        let typos: Vec<&LabelledQuery> = set
            .queries
            .iter()
            .filter(|q| q.kind == "record_typo")
            .collect();
        assert_eq!(typos.len(), 20);
        for query in &typos {
            let families: HashSet<String> = set
                .registry
                .iter()
                .map(|line| serde_json::from_str::<Value>(line).unwrap())
                .filter(|d| query.source_refs.iter().any(|r| d["ref"] == r.as_str()))
                .map(|d| text(&d["person"]["names"][0], "family").to_owned())
                .collect();
            // One slipped name on every line of the person, which the passport does not spell.
            assert_eq!(families.len(), 1, "{families:?}");
            let slipped = families.iter().next().unwrap();
            let people = people_of(
                &serde_json::from_str::<Value>(
                    set.registry
                        .iter()
                        .find(|line| line.contains(slipped.as_str()))
                        .unwrap(),
                )
                .unwrap()["person"],
            );
            assert_ne!(
                passport_spelling(slipped, people),
                query.query["family"].as_str().unwrap()
            );
            // No other query is made from the person.
            let others = set
                .queries
                .iter()
                .filter(|q| q.kind != "record_typo")
                .filter(|q| q.source_refs.iter().any(|r| query.source_refs.contains(r)))
                .count();
            assert_eq!(others, 0);
        }
    }

    #[test]
    fn unseen_family_names_are_no_listed_surname() {
        let listed = listed_surnames();
        let travelers = unseen_family_travelers(7, 300);
        assert_eq!(travelers.len(), 300);
        for traveler in &travelers {
            let family = traveler.query["family"].as_str().unwrap_or_default();
            assert!(!family.is_empty());
            assert!(!listed.contains(family), "{family} is a listed surname");
            assert!(traveler.query["given"].is_string());
        }
        // The registry's own surnames are in the set the names are checked against, as written
        // and as passports spell them.
        let first = &People::Uzbek.pool().surnames[0];
        assert!(listed.contains(first));
        assert!(listed.contains(&passport_spelling(first, People::Uzbek)));
        // No Azerbaijani: a new name has no Azerbaijani form to be spelled in.
        assert!(travelers.iter().all(|t| t.query["nationality"] != "AZE"));
        // Different persons give different names, mostly.
        let distinct: HashSet<_> = travelers
            .iter()
            .map(|t| t.query["family"].to_string())
            .collect();
        assert!(distinct.len() > 250, "{} distinct of 300", distinct.len());
    }
}
