//! The in-memory candidate index: finds, among millions of registry persons, the few worth
//! scoring for a traveler, without ever scanning them all.
//!
//! Every spelling of every person is filed under several blocking keys, so that finding a
//! person never depends on one key being right:
//! - `A`: family-name key + given-name key + birth year (and year 0 when the record has no
//!   date). The query asks for its year and the years either side (a slipped digit), and for
//!   year 0. This finds a person through partial dates, placeholders, swapped days and months.
//! - `B`: family-name key + given-name key + month and day: a year slipped by more than one.
//! - `F`: family-name key + full birth date: a given name left out, or spelled so that its
//!   key differs; the family name and the date find the person alone.
//! - `C`: the first three letters of the given name's skeleton + full birth date (and day and
//!   month swapped): a family name spelled beyond recognition or changed, in either order of
//!   the names. Three letters, not the given-name key's two: with two, `C` alone brought a
//!   fifth of the candidates at 10 M decisions (10.3 a query) for 0.015 hits. Its blind spot:
//!   a family name misspelled beyond its key *and* a given name whose third skeleton letter
//!   differs between the spellings (a Latin `X` for кс, ALEXANDR / Александр; an Azerbaijani
//!   `g` for к, ASGAR / Аскер; a given name cut short in the MRZ).
//! - `E`: the first two letters of the family name's skeleton + the first given name's whole
//!   skeleton + birth year, and the same with the skeleton's first and third letters, filed
//!   only for records whose birth date knows no day (a year, a year and month, or the `01-01`
//!   placeholder): a clerk's typo in the family name (AZZOV / Азизов) changes the family-name
//!   key, and such a record has no full-date key to be found by instead; the first and third
//!   letters find a slip in the second (MOOZOVA / Морозова). Asked under the family name as
//!   written and as its readings spell it (Гаанов for HASANOV, read Гасанов). Pairs of
//!   letters, not the first letter alone: with one letter, screening 10 M records was about an
//!   eighth slower (median 18,416 against 20,790 travelers/s), for 0.15 points more recall.
//! - `D`: each document number, whatever its issuing state.
//! - `N`: family-name key + given-name key alone, asked only when the traveler has no date.
//!
//! The family-name key is the first four letters of the [`skeleton`] of the whole family name
//! (so that -ov/-ova, -skiy/-skaya, doubled letters and vowels do not matter), the given-name
//! key the first two of the given name's (a skeleton also takes `sh` for `s` and `j` for `z`,
//! for spellings that lose letters). The query also asks the name
//! keys `A`, `B`, `C` and `N` with its family and given names swapped.
//!
//! Layout, for memory: names live folded in one text arena; persons and decisions are small
//! fixed-size rows pointing into arenas; postings built at start-up are one array sorted by
//! key where they were filed (16 bytes a posting: the key, the person's row and birth date),
//! found through a directory of the keys' top bits (`KeyDirectory`); postings
//! added later (a batch imported while serving) go to a hash map consulted beside it, so a new
//! import is visible to the next query.
//!
//! A person is identified by the store's person number (`PersonId`); persons never change
//! (a changed person is a new number), decisions move between persons when a new revision
//! brings a new person record, and a revoked decision stops making its person a candidate.

use std::collections::HashMap;

use berkut_core::{BanUntil, Category, Decision, DecisionKind, PartialDate, Sex, Status};
use xxhash_rust::xxh3::xxh3_64;

use crate::dates::digits_apart;
use crate::fold::skeleton;
use crate::profile::Record;
use crate::score::{
    Assessment, DocumentKey, FeatureTable, NameFrequencies, NameRef, RecordView, Traveler, assess,
    compact,
};

const NONE: u32 = u32::MAX;

/// What the index keeps of a decision: enough for an outcome without a database read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecisionFacts {
    pub kind: DecisionKind,
    pub category: Category,
    pub status: Status,
    pub ban_until: Option<BanUntil>,
    /// Whether the fine was paid, for decisions that carry one.
    pub fine_paid: Option<bool>,
}

/// A decision as a hit reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRef {
    pub source: String,
    pub reference: String,
    pub facts: DecisionFacts,
}

/// A registry person found for a traveler, with the evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The store's person number.
    pub person: u64,
    pub assessment: Assessment,
    /// The person's decisions that are not revoked.
    pub decisions: Vec<DecisionRef>,
}

#[derive(Debug, Clone, Copy)]
struct PersonRow {
    person: u64,
    spellings_start: u32,
    spellings_len: u8,
    citizenship_len: u8,
    sex: u8,
    documents_len: u8,
    documents_start: u32,
    birth: u32,
    citizenship: [[u8; 2]; 2],
    first_decision: u32,
}

/// Offsets into the text arena: family, given and patronymic lie back to back.
#[derive(Debug, Clone, Copy)]
struct SpellingRow {
    start: u32,
    family_len: u8,
    given_len: u8,
    patronymic_len: u8,
}

impl SpellingRow {
    /// Where the whole spelling lies in the text arena.
    fn span(&self) -> std::ops::Range<usize> {
        let start = self.start as usize;
        let len = usize::from(self.family_len)
            + usize::from(self.given_len)
            + usize::from(self.patronymic_len);
        start..start + len
    }
}

#[derive(Debug, Clone, Copy)]
struct DecisionRow {
    person_row: u32,
    next: u32,
    reference_start: u32,
    reference_len: u16,
    source: [u8; 2],
    facts: DecisionFacts,
}

/// Sizes of the index, for `/metrics` and the benchmarks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IndexStats {
    pub persons: usize,
    pub decisions: usize,
    pub postings: usize,
    pub keys: usize,
    /// Bytes held by the index's own arrays (capacity, not length).
    pub heap_bytes: usize,
}

/// The candidate index with the registry's name frequencies and the scoring table.
#[derive(Debug)]
pub struct Index {
    table: FeatureTable,
    persons: Vec<PersonRow>,
    /// Store person number → row + 1 (0: none).
    person_rows: HashMap<u64, u32>,
    spellings: Vec<SpellingRow>,
    text: String,
    documents: Vec<DocumentKey>,
    decisions: Vec<DecisionRow>,
    references: String,
    decision_rows: HashedMap<u32>,
    /// Postings filed before [`Index::seal`], sorted there by key and row, found through the
    /// directory of their keys' top bits. They are sorted where they were filed: the build
    /// frees no copy of them (the half gigabyte at 10 M decisions that an allocator keeps).
    base: Vec<Posting>,
    base_directory: KeyDirectory,
    /// How many distinct keys `base` holds (for the statistics).
    base_keys: usize,
    /// Postings filed after [`Index::seal`].
    delta: HashedMap<Vec<u32>>,
    sealed: bool,
    /// Spellings filed under each family name (compacted), of every person inserted: the counts
    /// only grow, so a person whose decisions were all revoked or moved to a new person still
    /// counts (a name then looks a little more common, and a record's name its own alone a
    /// little less often, until the next start-up builds the index afresh).
    family_counts: HashedMap<u32>,
    given_counts: HashedMap<u32>,
    family_total: u64,
    given_total: u64,
}

impl Default for Index {
    fn default() -> Self {
        Self::new(FeatureTable::DEFAULT)
    }
}

impl Index {
    /// An empty index scoring with `table`. Fill it with [`Index::insert`], then [`Index::seal`].
    pub fn new(table: FeatureTable) -> Self {
        Index {
            table,
            persons: Vec::new(),
            person_rows: HashMap::new(),
            spellings: Vec::new(),
            text: String::new(),
            documents: Vec::new(),
            decisions: Vec::new(),
            references: String::new(),
            decision_rows: HashedMap::default(),
            base: Vec::new(),
            base_directory: KeyDirectory::default(),
            base_keys: 0,
            delta: HashedMap::default(),
            sealed: false,
            family_counts: HashedMap::default(),
            given_counts: HashedMap::default(),
            family_total: 0,
            given_total: 0,
        }
    }

    /// The scoring table in use.
    pub fn table(&self) -> &FeatureTable {
        &self.table
    }

    /// Files the current revision of a decision about the person the store numbers `person`.
    /// A decision seen before moves to its new person if the person changed; a revoked one
    /// stays known but no longer makes its person a candidate.
    pub fn insert(&mut self, person: u64, decision: &Decision) {
        let decision_key = decision_key(decision.source.as_str(), decision.reference.as_str());
        let facts = DecisionFacts {
            kind: decision.kind,
            category: decision.category,
            status: decision.status,
            ban_until: decision.ban_until,
            fine_paid: decision.fine.as_ref().map(|f| f.paid),
        };
        let person_row = self.person_row(person, decision);
        if let Some(&row) = self.decision_rows.get(&decision_key) {
            let previous = self.decisions[row as usize].person_row;
            if previous != person_row {
                self.unlink(previous, row);
                self.link(person_row, row);
            }
            self.decisions[row as usize].facts = facts;
            return;
        }
        let source = decision.source.as_str().as_bytes();
        let reference = decision.reference.as_str();
        let row = to_u32(self.decisions.len());
        self.decisions.push(DecisionRow {
            person_row,
            next: NONE,
            reference_start: to_u32(self.references.len()),
            reference_len: u16::try_from(reference.len()).unwrap_or(u16::MAX),
            source: [source[0], source[1]],
            facts,
        });
        self.references.push_str(reference);
        self.decision_rows.insert(decision_key, row);
        self.link(person_row, row);
    }

    fn link(&mut self, person_row: u32, decision_row: u32) {
        let person = &mut self.persons[person_row as usize];
        self.decisions[decision_row as usize].next = person.first_decision;
        self.decisions[decision_row as usize].person_row = person_row;
        person.first_decision = decision_row;
    }

    fn unlink(&mut self, person_row: u32, decision_row: u32) {
        let next = self.decisions[decision_row as usize].next;
        let person = &mut self.persons[person_row as usize];
        if person.first_decision == decision_row {
            person.first_decision = next;
            return;
        }
        let mut at = person.first_decision;
        while at != NONE {
            if self.decisions[at as usize].next == decision_row {
                self.decisions[at as usize].next = next;
                return;
            }
            at = self.decisions[at as usize].next;
        }
    }

    /// The row of `person`, filing it under its keys the first time it is seen.
    fn person_row(&mut self, person: u64, decision: &Decision) -> u32 {
        if let Some(&row) = self.person_rows.get(&person) {
            return row;
        }
        let record = Record::from_person(&decision.person);
        let row = to_u32(self.persons.len());
        let spellings_start = to_u32(self.spellings.len());
        for spelling in record.names.iter().take(usize::from(u8::MAX)) {
            let start = to_u32(self.text.len());
            let family = clip(&spelling.family);
            let given = clip(&spelling.given);
            let patronymic = clip(&spelling.patronymic);
            self.text.push_str(family);
            self.text.push_str(given);
            self.text.push_str(patronymic);
            self.spellings.push(SpellingRow {
                start,
                family_len: len_u8(family),
                given_len: len_u8(given),
                patronymic_len: len_u8(patronymic),
            });
            *self
                .family_counts
                .entry(xxh3_64(compact(family).as_bytes()))
                .or_default() += 1;
            self.family_total += 1;
            if let Some(first) = given.split(' ').next().filter(|w| !w.is_empty()) {
                *self
                    .given_counts
                    .entry(xxh3_64(first.as_bytes()))
                    .or_default() += 1;
                self.given_total += 1;
            }
            for key in record_keys(family, given, record.birth_date) {
                self.file(key, row);
            }
        }
        let documents_start = to_u32(self.documents.len());
        for document in record.documents.iter().take(usize::from(u8::MAX)) {
            self.documents.push(*document);
            self.file(key_of(b'D', &[&document.number().to_le_bytes()]), row);
        }
        let mut citizenship = [[0u8; 2]; 2];
        for (slot, code) in citizenship.iter_mut().zip(&record.citizenship) {
            *slot = *code;
        }
        self.persons.push(PersonRow {
            person,
            spellings_start,
            spellings_len: len_u8_count(record.names.len()),
            citizenship_len: len_u8_count(record.citizenship.len().min(2)),
            sex: match record.sex {
                None => 0,
                Some(Sex::Male) => 1,
                Some(Sex::Female) => 2,
            },
            documents_len: len_u8_count(record.documents.len()),
            documents_start,
            birth: pack_date(record.birth_date),
            citizenship,
            first_decision: NONE,
        });
        self.person_rows.insert(person, row);
        row
    }

    fn file(&mut self, key: u64, row: u32) {
        if self.sealed {
            let list = self.delta.entry(key).or_default();
            if !list.contains(&row) {
                list.push(row);
            }
        } else {
            self.base.push(Posting { key, row, birth: 0 });
        }
    }

    /// Sorts the postings filed so far into the compact base. Called once the registry has been
    /// loaded; later inserts are filed beside the base and seen at once.
    pub fn seal(&mut self) {
        // Postings filed since an earlier seal join the base; every posting carries its
        // person's birth date from now on.
        let delta = std::mem::take(&mut self.delta);
        self.base.extend(delta.into_iter().flat_map(|(key, rows)| {
            rows.into_iter()
                .map(move |row| Posting { key, row, birth: 0 })
        }));
        for posting in &mut self.base {
            posting.birth = self.persons[posting.row as usize].birth;
        }
        self.base.sort_unstable_by_key(|p| (p.key, p.row));
        self.base.dedup_by_key(|p| (p.key, p.row));
        self.base.shrink_to_fit();
        self.base_keys = self.base.chunk_by(|a, b| a.key == b.key).count();
        self.base_directory = KeyDirectory::new(&self.base);
        self.sealed = true;
    }

    /// The rows filed under `key` whose packed birth date `keep` accepts (delta postings, filed
    /// after the seal, are all given: the search filters them itself).
    fn postings(&self, key: u64, out: &mut Vec<u32>, keep: &impl Fn(u32) -> bool) {
        if let Some(start) = self.base_directory.find(&self.base, key) {
            out.extend(
                self.base[start..]
                    .iter()
                    .take_while(|p| p.key == key)
                    .filter(|p| keep(p.birth))
                    .map(|p| p.row),
            );
        }
        if let Some(rows) = self.delta.get(&key) {
            out.extend_from_slice(rows);
        }
    }

    /// Adds the persons worth scoring for `traveler` to `rows` (row numbers, possibly
    /// repeated).
    fn candidates_into(&self, traveler: &Traveler, rows: &mut Vec<u32>) {
        // Persons with the traveler's document number are candidates whatever their dates.
        if let Some(document) = traveler.document {
            self.postings(
                key_of(b'D', &[&document.number().to_le_bytes()]),
                rows,
                &|_| true,
            );
        }
        // Others whose birth date is clearly different cannot reach `possible`: not candidates.
        let date_rules_out = self.a_different_date_rules_out();
        let traveler_birth = pack_date(traveler.birth_date);
        let keep = |birth: u32| !date_rules_out || !packed_dates_differ(traveler_birth, birth);
        let family = traveler.name.family.join(" ");
        let given = traveler.name.given.first().map_or("", String::as_str);
        let readings = &traveler.clerk_readings;
        for key in query_keys(
            (&family, &readings.families),
            (given, &readings.givens),
            traveler.birth_date,
            Order::Written,
        ) {
            self.postings(key, rows, &keep);
        }
        if !given.is_empty() {
            // The other order: the given name taken for the family name and back.
            for key in query_keys(
                (given, &readings.givens),
                (&family, &readings.families),
                traveler.birth_date,
                Order::Swapped,
            ) {
                self.postings(key, rows, &keep);
            }
        }
    }

    /// The registry persons that are hits for `traveler` (at or above the `possible` band),
    /// best first, each with its explanation and its decisions that are not revoked.
    ///
    /// A traveler whose name also reads another way (a Latin `j` as `й`, the French-based
    /// scheme's letters, an Azerbaijani `q` as `g`, a `ye` after a consonant as `е`: see
    /// [`Traveler::alternate`]) is searched under both readings in one pass: the candidates of
    /// both are fetched once and each is scored by its better reading.
    pub fn search(&self, traveler: &Traveler) -> Vec<Hit> {
        let other;
        let readings: &[&Traveler] = match alternate_reading(traveler) {
            Some(alternate) => {
                other = alternate;
                &[traveler, &other]
            }
            None => &[traveler],
        };
        let mut rows = Vec::new();
        for reading in readings {
            self.candidates_into(reading, &mut rows);
        }
        rows.sort_unstable();
        rows.dedup();
        self.warm(&rows);

        let date_filter = self.a_different_date_rules_out();
        let mut hits: Vec<Hit> = Vec::new();
        for row in rows {
            let person = &self.persons[row as usize];
            // A clearly different birth date caps the weight below `possible` (the name and
            // every weak feature at their best cannot make up for it), unless a document
            // matches: skip such candidates before unpacking them.
            if date_filter
                && packed_dates_differ(pack_date(traveler.birth_date), person.birth)
                && !self.shares_document(person, traveler)
            {
                continue;
            }
            let view = self.view(person);
            // The better reading counts.
            let Some((reading, quick)) = readings
                .iter()
                .map(|reading| (*reading, assess(&self.table, self, reading, &view, false)))
                .max_by(|a, b| a.1.weight.total_cmp(&b.1.weight))
            else {
                continue;
            };
            // Whether anything is still in force is asked last: the decision rows are one more
            // memory fetch a candidate, and most candidates are out by now.
            if quick.band.is_none()
                || !self
                    .decision_rows_of(person)
                    .any(|d| d.facts.status != Status::Revoked)
            {
                continue;
            }
            let assessment = assess(&self.table, self, reading, &view, true);
            hits.push(Hit {
                person: person.person,
                assessment,
                decisions: self
                    .decision_rows_of(person)
                    .filter(|d| d.facts.status != Status::Revoked)
                    .map(|d| self.decision_ref(d))
                    .collect(),
            });
        }
        sort_hits(&mut hits);
        hits
    }

    /// Brings the candidates' rows, spellings, names and documents into the cache before they
    /// are scored. Each is a cache miss (at 10 M records the arrays are far larger than the
    /// cache), and in the scoring loop each waits for the one before it: a candidate's row
    /// gives its spellings, the spellings its text, and scoring a candidate takes long enough
    /// that the processor cannot run ahead to the next. These loops do nothing but load, one
    /// step for all candidates at a time, so the loads of different candidates overlap.
    fn warm(&self, rows: &[u32]) {
        let persons = || {
            rows.iter()
                .filter_map(|&row| self.persons.get(row as usize))
        };
        let mut touched = 0u32;
        for person in persons() {
            touched ^= self.spellings_of(person).first().map_or(0, |s| s.start);
            let document = self.documents_of(person).first();
            touched ^= document.map_or(0, |d| d.number().count_ones());
        }
        let text = self.text.as_bytes();
        for person in persons() {
            for spelling in self.spellings_of(person) {
                // A spelling's first and last byte: names of 25 to 40 bytes often cross into
                // a second cache line.
                let span = spelling.span();
                for at in [span.start, span.end.saturating_sub(1)] {
                    touched ^= u32::from(text.get(at).copied().unwrap_or(0));
                }
            }
        }
        // The loads must happen although their values are not needed.
        std::hint::black_box(touched);
    }

    /// Whether a clearly different birth date keeps a candidate under `possible` whatever its
    /// names (every name part and weak feature at their best do not make up for it), so that
    /// such candidates need not be scored.
    fn a_different_date_rules_out(&self) -> bool {
        self.table.best_names_weight() + self.table.date_different_same_year
            < self.table.possible_at
    }

    fn shares_document(&self, person: &PersonRow, traveler: &Traveler) -> bool {
        let Some(query) = traveler.document else {
            return false;
        };
        self.documents_of(person)
            .iter()
            .any(|d| d.number() == query.number())
    }

    /// How many candidates the blocking keys give for `traveler`'s first reading (for benchmarks).
    pub fn candidate_count(&self, traveler: &Traveler) -> usize {
        let mut rows = Vec::new();
        self.candidates_into(traveler, &mut rows);
        rows.sort_unstable();
        rows.dedup();
        rows.len()
    }

    /// How the person behind the decision `reference` of `source` scores for `traveler`,
    /// whatever the band and whether or not the blocking keys find it: to show why a record
    /// was not a hit (the evaluation's misses). `None` for a decision the index does not know.
    pub fn assess_decision(
        &self,
        source: &str,
        reference: &str,
        traveler: &Traveler,
    ) -> Option<Assessment> {
        let row = self.decision_rows.get(&decision_key(source, reference))?;
        let person = self
            .persons
            .get(self.decisions.get(*row as usize)?.person_row as usize)?;
        let view = self.view(person);
        let alternate = alternate_reading(traveler);
        std::iter::once(traveler)
            .chain(alternate.as_ref())
            .map(|reading| assess(&self.table, self, reading, &view, true))
            .max_by(|a, b| a.weight.total_cmp(&b.weight))
    }

    fn decision_rows_of<'a>(&'a self, person: &PersonRow) -> impl Iterator<Item = &'a DecisionRow> {
        let mut at = person.first_decision;
        std::iter::from_fn(move || {
            let row = self.decisions.get(at as usize)?;
            at = row.next;
            Some(row)
        })
    }

    fn decision_ref(&self, row: &DecisionRow) -> DecisionRef {
        let start = row.reference_start as usize;
        DecisionRef {
            source: String::from_utf8_lossy(&row.source).into_owned(),
            reference: self.references[start..start + usize::from(row.reference_len)].to_owned(),
            facts: row.facts,
        }
    }

    fn spellings_of(&self, person: &PersonRow) -> &[SpellingRow] {
        let start = person.spellings_start as usize;
        &self.spellings[start..start + usize::from(person.spellings_len)]
    }

    fn documents_of(&self, person: &PersonRow) -> &[DocumentKey] {
        let start = person.documents_start as usize;
        &self.documents[start..start + usize::from(person.documents_len)]
    }

    fn view<'a>(&'a self, person: &'a PersonRow) -> RecordView<'a> {
        let names = self
            .spellings_of(person)
            .iter()
            .map(|s| {
                let a = s.start as usize;
                let b = a + usize::from(s.family_len);
                let c = b + usize::from(s.given_len);
                let d = s.span().end;
                NameRef {
                    family: &self.text[a..b],
                    given: &self.text[b..c],
                    patronymic: &self.text[c..d],
                }
            })
            .collect();
        RecordView {
            names,
            birth_date: unpack_date(person.birth),
            sex: match person.sex {
                1 => Some(Sex::Male),
                2 => Some(Sex::Female),
                _ => None,
            },
            citizenship: &person.citizenship[..usize::from(person.citizenship_len)],
            documents: self.documents_of(person),
        }
    }

    /// Sizes, for metrics and benchmarks.
    pub fn stats(&self) -> IndexStats {
        use std::mem::size_of;
        let map_bytes = |entries: usize, entry: usize| entries * (entry + 1) * 8 / 7;
        let delta_postings: usize = self.delta.values().map(Vec::len).sum();
        IndexStats {
            persons: self.persons.len(),
            decisions: self.decisions.len(),
            postings: self.base.len() + delta_postings,
            keys: self.base_keys + self.delta.len(),
            heap_bytes: self.persons.capacity() * size_of::<PersonRow>()
                + map_bytes(self.person_rows.capacity(), 12)
                + self.spellings.capacity() * size_of::<SpellingRow>()
                + self.text.capacity()
                + self.documents.capacity() * 8
                + self.decisions.capacity() * size_of::<DecisionRow>()
                + self.references.capacity()
                + map_bytes(self.decision_rows.capacity(), 12)
                + self.base.capacity() * size_of::<Posting>()
                + self.base_directory.heap_bytes()
                + map_bytes(self.delta.capacity(), 32)
                + delta_postings * 4
                + map_bytes(
                    self.family_counts.capacity() + self.given_counts.capacity(),
                    12,
                ),
        }
    }
}

impl NameFrequencies for Index {
    fn family_share(&self, folded: &str) -> f64 {
        share(&self.family_counts, self.family_total, &compact(folded))
    }
    fn given_share(&self, folded: &str) -> f64 {
        share(&self.given_counts, self.given_total, folded)
    }
    fn family_spellings(&self, compacted: &str) -> Option<u32> {
        Some(count(&self.family_counts, compacted))
    }
    fn persons(&self) -> f64 {
        self.persons.len() as f64
    }
}

/// How many times `name` was counted in `counts`.
fn count(counts: &HashedMap<u32>, name: &str) -> u32 {
    counts.get(&xxh3_64(name.as_bytes())).copied().unwrap_or(0)
}

fn share(counts: &HashedMap<u32>, total: u64, name: &str) -> f64 {
    let count = count(counts, name);
    // Add-one smoothing over a floor of 1,000 names, so that a tiny registry does not make
    // every name look common.
    (f64::from(count) + 1.0) / (total.max(1_000) as f64 + 1.0)
}

/// A map whose keys are xxh3 hashes already: hashing them again (SipHash, std's default) is
/// wasted work on every lookup of a check. Hand-written because it is a dozen lines; the
/// `nohash-hasher` crate does the same.
type HashedMap<V> = HashMap<u64, V, std::hash::BuildHasherDefault<KeyIsHash>>;

/// Passes an `u64` that is already a hash through unchanged.
#[derive(Debug, Default)]
struct KeyIsHash(u64);

impl std::hash::Hasher for KeyIsHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys are used; other input is folded in so that nothing is lost.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

fn decision_key(source: &str, reference: &str) -> u64 {
    key_of(b'R', &[source.as_bytes(), reference.as_bytes()])
}

fn key_of(kind: u8, parts: &[&[u8]]) -> u64 {
    let mut bytes = Vec::with_capacity(32);
    bytes.push(kind);
    for part in parts {
        bytes.extend_from_slice(part);
        bytes.push(0xff);
    }
    xxh3_64(&bytes)
}

/// The family-name key: the first four letters of the whole family name's skeleton.
fn family_key(family: &str) -> String {
    skeleton(&compact(family)).chars().take(4).collect()
}

/// The given-name key: the first two letters of the first given name's skeleton.
fn given_key(given: &str) -> String {
    leading(&first_given_skeleton(given), 2)
}

/// The given-name key of key `C`, which has no family-name key beside it: the first three
/// letters of the first given name's skeleton. With two, `C` alone brought a fifth of the
/// candidates of a query at 10 M decisions for almost no hits (`ak` + a full date is every
/// Akmal, Akbar and Akram born that day).
fn three_letter_given_key(given: &str) -> String {
    leading(&first_given_skeleton(given), 3)
}

/// The [`skeleton`] of the first word of a given name, which the given-name keys begin with.
fn first_given_skeleton(given: &str) -> String {
    skeleton(given.split(' ').next().unwrap_or(""))
}

/// The first `letters` letters of a skeleton.
fn leading(skeleton: &str, letters: usize) -> String {
    skeleton.chars().take(letters).collect()
}

fn name_key(kind: u8, family: &str, given: &str, tail: &[u8]) -> u64 {
    key_of(kind, &[family.as_bytes(), given.as_bytes(), tail])
}

fn record_keys(family: &str, given: &str, birth: Option<PartialDate>) -> Vec<u64> {
    // The given name's skeleton, once: keys `A`, `B`, `N` take two letters of it, `C` three,
    // `E` the whole.
    let given_skeleton = first_given_skeleton(given);
    let (f, g) = (family_key(family), leading(&given_skeleton, 2));
    let year = birth.map_or(0, |d| d.year());
    let mut keys = vec![
        name_key(b'A', &f, &g, &year.to_le_bytes()),
        name_key(b'N', &f, &g, &[]),
    ];
    if let Some(date) = birth
        && let (Some(month), Some(day)) = (date.month(), date.day())
    {
        keys.push(name_key(b'B', &f, &g, &[month, day]));
        keys.push(name_key(
            b'C',
            "",
            &leading(&given_skeleton, 3),
            &pack_date(birth).to_le_bytes(),
        ));
        keys.push(name_key(b'F', &f, "", &pack_date(birth).to_le_bytes()));
    }
    if let Some(date) = birth
        && knows_no_day(date)
        && !given.is_empty()
    {
        keys.extend(typo_keys(&f, &given_skeleton, date.year()));
    }
    keys
}

/// Whether a record's birth date leaves the day unknown: a year, a year and month, or the
/// `01-01` placeholder. Such a record has no key of a full date to be found by when a clerk's
/// typo changed its family-name key.
fn knows_no_day(date: PartialDate) -> bool {
    match (date.month(), date.day()) {
        (Some(month), Some(day)) => month == 1 && day == 1,
        _ => true,
    }
}

/// Keys `E`: the first two letters of the family name's skeleton, and its first and third,
/// each with the first given name's whole skeleton and the birth year; filed only for records
/// whose birth date knows no day (see [`knows_no_day`]), asked by a traveler with a date and a
/// given name, in the written order, under the family name as written and as its readings
/// spell it ([`crate::readings::ClerkReadings`]: Гаанов for HASANOV, read Гасанов).
/// A letter dropped or doubled inside the family name (AZZOV for Азизов) changes the
/// family-name key, and without a full date no other key remains. The first and third letters
/// find it when the slip dropped the second (MOOZOVA for Морозова, skeletons `mzv` and `mrzv`):
/// either side's first and third letters are the other's first two. `first_given` is the first
/// given name's skeleton ([`first_given_skeleton`]).
fn typo_keys<'a>(
    family_key: &str,
    first_given: &'a str,
    year: u16,
) -> impl Iterator<Item = u64> + 'a {
    let letters: Vec<char> = family_key.chars().take(3).collect();
    let starts: [Option<String>; 2] = [
        Some(letters.iter().take(2).collect()),
        (letters.len() == 3).then(|| [letters[0], letters[2]].iter().collect()),
    ];
    starts
        .into_iter()
        .flatten()
        .map(move |start| name_key(b'E', &start, first_given, &year.to_le_bytes()))
}

/// Which order of the traveler's names a key search reads them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    Written,
    /// The given name taken for the family name and back.
    Swapped,
}

/// The keys to look a traveler up by: `family` and `given` are the names as folded, each with
/// the other readings of it that retrieval tries (see [`crate::readings::ClerkReadings`];
/// usually none).
fn query_keys(
    (family, other_families): (&str, &[String]),
    (given, other_givens): (&str, &[String]),
    birth: Option<PartialDate>,
    order: Order,
) -> Vec<u64> {
    let families = keys_of(family, other_families, family_key);
    let givens = keys_of(given, other_givens, given_key);
    // Usually one pair: readings other than the name's own are few (Azerbaijani passports,
    // other schemes' letters);
    // the vectors stay on the stack for this path run by every query.
    let pairs: smallvec::SmallVec<[(&str, &str); 2]> = families
        .iter()
        .flat_map(|f| givens.iter().map(move |g| (f.as_str(), g.as_str())))
        .collect();
    let mut keys = Vec::with_capacity(10 * pairs.len());
    let Some(date) = birth else {
        for (f, g) in &pairs {
            keys.push(name_key(b'N', f, g, &[]));
        }
        for f in &families {
            keys.push(name_key(b'N', f, "", &[]));
        }
        return keys;
    };
    let year = date.year();
    if order == Order::Written && !given.is_empty() {
        // The family name as written and as the clerk's readings spell it: a slip in the
        // record of a name the clerk spelled otherwise (Гаанов for HASANOV, read Гасанов).
        let first_given = first_given_skeleton(given);
        for f in &families {
            keys.extend(typo_keys(f, &first_given, year));
        }
    }
    for (f, g) in &pairs {
        for y in [year.saturating_sub(1), year, year + 1, 0] {
            keys.push(name_key(b'A', f, g, &y.to_le_bytes()));
        }
    }
    // A record without a given name.
    for f in &families {
        for y in [year, 0] {
            keys.push(name_key(b'A', f, "", &y.to_le_bytes()));
        }
    }
    if let (Some(month), Some(day)) = (date.month(), date.day()) {
        for (f, g) in &pairs {
            keys.push(name_key(b'B', f, g, &[month, day]));
        }
        let swapped = (month != day && day <= 12)
            .then(|| pack_date(PartialDate::from_parts(year, Some(day), Some(month))));
        // The given name and the full date alone: a family name misspelled beyond its key, in
        // either order (the other order's `A` and `B` need the family name's key too).
        for g in keys_of(given, other_givens, three_letter_given_key) {
            keys.push(name_key(b'C', "", &g, &pack_date(Some(date)).to_le_bytes()));
            if let Some(swapped) = swapped {
                keys.push(name_key(b'C', "", &g, &swapped.to_le_bytes()));
            }
        }
        // The family name and the full date alone: a given name spelled beyond the given-name
        // key or left out. Without a given name, also with
        // day and month swapped. In the written order only: names swapped and misspelled
        // both are too rare for one more look-up a query.
        if order == Order::Written {
            for f in &families {
                keys.push(name_key(b'F', f, "", &pack_date(Some(date)).to_le_bytes()));
                if let Some(swapped) = swapped.filter(|_| givens[0].is_empty()) {
                    keys.push(name_key(b'F', f, "", &swapped.to_le_bytes()));
                }
            }
        }
    }
    keys
}

/// The key of a name part and of its other readings (`key`: [`family_key`], [`given_key`] or
/// [`three_letter_given_key`]), each key once, the name's own first.
fn keys_of(
    name: &str,
    others: &[String],
    key: fn(&str) -> String,
) -> smallvec::SmallVec<[String; 2]> {
    let mut keys = smallvec::smallvec![key(name)];
    for other in others {
        let other = key(other);
        if !keys.contains(&other) {
            keys.push(other);
        }
    }
    keys
}

/// The traveler read the other way ([`Traveler::alternate`]), to be looked up under its own
/// name's keys and its own readings' ([`Traveler::alternate_clerk_readings`]) and scored as
/// well, with the name as first read as its own alternate; `None` for a name that reads one
/// way.
fn alternate_reading(traveler: &Traveler) -> Option<Traveler> {
    let name = traveler.alternate.clone()?;
    Some(Traveler {
        name,
        // The name as first read, with its readings: scoring asks whether the registry knows
        // the family name under either reading.
        alternate: Some(traveler.name.clone()),
        azerbaijani: traveler.azerbaijani,
        clerk_readings: traveler.alternate_clerk_readings.clone(),
        alternate_clerk_readings: traveler.clerk_readings.clone(),
        other_scheme_words: traveler.other_scheme_words.clone(),
        slip_forms: traveler.alternate_slip_forms.clone(),
        alternate_slip_forms: traveler.slip_forms.clone(),
        letter_dropped: traveler.alternate_letter_dropped.clone(),
        alternate_letter_dropped: traveler.letter_dropped.clone(),
        birth_date: traveler.birth_date,
        sex: traveler.sex,
        nationality: traveler.nationality,
        document: traveler.document,
    })
}

/// A date in 32 bits: year × 512 + month × 32 + day (0 for unknown parts); 0: no date.
fn pack_date(date: Option<PartialDate>) -> u32 {
    date.map_or(0, |d| {
        u32::from(d.year()) << 9
            | u32::from(d.month().unwrap_or(0)) << 5
            | u32::from(d.day().unwrap_or(0))
    })
}

/// Whether two packed birth dates are clearly different: exactly when `compare_dates` on the
/// unpacked dates says `DateEvidence::Different`, but on the packed numbers. This runs for
/// every posting a search reads; unpacking makes and validates two calendar dates each time.
fn packed_dates_differ(query: u32, record: u32) -> bool {
    if query == record || query == 0 || record == 0 {
        return false;
    }
    let parts = |p: u32| (p >> 9, (p >> 5) & 15, p & 31);
    let ((qy, qm, qd), (ry, rm, rd)) = (parts(query), parts(record));
    let placeholder = |m: u32, d: u32| m == 1 && d == 1;
    let full = |m: u32, d: u32| m != 0 && d != 0;
    if full(qm, qd) && full(rm, rd) {
        if qy == ry && (placeholder(qm, qd) || placeholder(rm, rd)) {
            return false;
        }
        if qy == ry && qd == rm && qm == rd {
            return false;
        }
        let number = |y: u32, m: u32, d: u32| y * 10_000 + m * 100 + d;
        return digits_apart(number(qy, qm, qd), number(ry, rm, rd)) != 1;
    }
    if qy != ry {
        return true;
    }
    qm != 0 && rm != 0 && qm != rm && !placeholder(qm, qd) && !placeholder(rm, rd)
}

fn unpack_date(packed: u32) -> Option<PartialDate> {
    if packed == 0 {
        return None;
    }
    let part = |n: u32| u8::try_from(n).ok().filter(|&n| n != 0);
    PartialDate::from_parts(
        u16::try_from(packed >> 9).ok()?,
        part((packed >> 5) & 15),
        part(packed & 31),
    )
}

/// Name parts longer than a byte can count are cut (at a character boundary); no real name is.
fn clip(text: &str) -> &str {
    if text.len() <= usize::from(u8::MAX) {
        return text;
    }
    let mut end = usize::from(u8::MAX);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn len_u8(text: &str) -> u8 {
    u8::try_from(text.len()).unwrap_or(u8::MAX)
}

fn len_u8_count(n: usize) -> u8 {
    u8::try_from(n).unwrap_or(u8::MAX)
}

/// Row numbers fit in 32 bits: the index is sized for tens of millions of rows, not billions.
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(NONE)
}

/// Where the base's postings, sorted by their hashed keys (xxh3, spread evenly over `u64`),
/// start, by the keys' top bits: the postings whose keys' top bits are `b` are
/// `postings[starts[b]..starts[b + 1]]`, four to eight of them on average (the number of
/// buckets is a power of two), one or two cache lines of 16-byte postings.
///
/// Written by hand because no search in std uses what we know of the keys: a binary search of
/// 31 M postings makes ~25 far-apart probes, and a search that starts at the key's expected
/// place (`key / 2^64 × n`, off by about √n) still gallops across a dozen cache lines. Here a
/// look-up reads one directory entry and one short run of postings. The directory costs 4
/// bytes per four to eight postings (16 MiB for the 31 M postings of 10 M decisions: about two
/// bytes a decision).
#[derive(Debug, Default)]
struct KeyDirectory {
    /// 64 minus the number of top bits that choose a bucket.
    shift: u32,
    /// Per bucket, the position of its first posting; one more entry closes the last bucket.
    starts: Vec<u32>,
}

impl KeyDirectory {
    /// Postings per bucket, on average.
    const BUCKET: usize = 8;

    fn new(postings: &[Posting]) -> Self {
        // The smallest number of bits (at least one) giving buckets of about `BUCKET` postings.
        let buckets_wanted = (postings.len() / Self::BUCKET).max(2);
        let bits = usize::BITS - (buckets_wanted - 1).leading_zeros();
        let shift = 64 - bits;
        let mut starts = Vec::with_capacity((1 << bits) + 1);
        let mut at = 0;
        for bucket in 0..1u64 << bits {
            while postings.get(at).is_some_and(|p| p.key >> shift < bucket) {
                at += 1;
            }
            starts.push(to_u32(at));
        }
        starts.push(to_u32(postings.len()));
        KeyDirectory { shift, starts }
    }

    /// The position of the first posting of `key` in `postings`, the sorted postings this
    /// directory was made from.
    fn find(&self, postings: &[Posting], key: u64) -> Option<usize> {
        let bucket = usize::try_from(key >> self.shift).ok()?;
        let (&start, &end) = (self.starts.get(bucket)?, self.starts.get(bucket + 1)?);
        let run = postings.get(start as usize..end as usize)?;
        // Binary, not linear: keys that are not hashes may crowd into one bucket.
        let first = run.partition_point(|p| p.key < key);
        (run.get(first)?.key == key).then_some(start as usize + first)
    }

    fn heap_bytes(&self) -> usize {
        self.starts.capacity() * 4
    }
}

/// A posting: a key, the row of a person filed under it, and (from the seal on) that person's
/// packed birth date, so that a candidate whose birth date rules it out is dropped without
/// fetching its row (a cache miss each). Sixteen bytes, no padding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Posting {
    key: u64,
    row: u32,
    birth: u32,
}

/// Best hit first; equal weights by person, so that the order is stable.
fn sort_hits(hits: &mut [Hit]) {
    hits.sort_by(|a, b| {
        b.assessment
            .weight
            .total_cmp(&a.assessment.weight)
            .then(a.person.cmp(&b.person))
    });
}

#[cfg(test)]
mod tests {
    use super::{KeyDirectory, PartialDate, Posting, pack_date, packed_dates_differ};
    use crate::dates::{DateEvidence, compare_dates};
    use proptest::prelude::*;

    fn date() -> impl Strategy<Value = Option<PartialDate>> {
        prop_oneof![
            Just(None),
            (1950u16..2010, 0u8..=12, 0u8..=31).prop_map(|(y, m, d)| {
                let (m, d) = if m == 0 {
                    (None, None)
                } else {
                    (Some(m), (d != 0).then_some(d))
                };
                PartialDate::from_parts(y, m, d)
            }),
            // Placeholders, swaps and slips are rare among random dates: make them common.
            (1950u16..2010, 1u8..=12, 1u8..=12)
                .prop_map(|(y, m, d)| { PartialDate::from_parts(y, Some(m), Some(d)) }),
            (1985u16..1987, 1u8..=2, 1u8..=2)
                .prop_map(|(y, m, d)| { PartialDate::from_parts(y, Some(m), Some(d)) }),
        ]
    }

    proptest! {
        #[test]
        fn packed_dates_differ_exactly_when_the_dates_compare_different(a in date(), b in date()) {
            let expected = matches!(compare_dates(a, b), DateEvidence::Different { .. });
            prop_assert_eq!(packed_dates_differ(pack_date(a), pack_date(b)), expected, "{:?} {:?}", a, b);
        }

        #[test]
        fn the_key_directory_finds_each_keys_first_posting(
            mut keys in proptest::collection::vec(any::<u64>(), 0..2000),
            probes in proptest::collection::vec(any::<u64>(), 0..50),
        ) {
            // Some keys repeat, as a key's postings do.
            let repeated: Vec<u64> = keys.iter().copied().step_by(3).collect();
            keys.extend(repeated);
            keys.sort_unstable();
            let postings = postings_of(&keys);
            let directory = KeyDirectory::new(&postings);
            // Keys present, keys absent, and the ends of the range.
            for key in keys.iter().copied().step_by(7).chain(probes).chain([0, u64::MAX]) {
                prop_assert_eq!(directory.find(&postings, key), first_of(&keys, key));
            }
        }

        #[test]
        fn skewed_keys_are_found_too(
            mut keys in proptest::collection::vec(0u64..5000, 1..500),
        ) {
            keys.sort_unstable();
            let postings = postings_of(&keys);
            let directory = KeyDirectory::new(&postings);
            for key in keys.iter().copied().chain([5000, u64::MAX]) {
                prop_assert_eq!(directory.find(&postings, key), first_of(&keys, key));
            }
        }
    }

    #[test]
    fn a_second_seal_files_the_later_postings_into_the_base() {
        use berkut_core::parse_decision_text;
        let line = |reference: &str, family: &str, birth: &str| {
            serde_json::json!({
                "schema": "berkut.decision/1", "source": "RU", "authority": "MVD",
                "ref": reference, "revision": 1, "kind": "administrative",
                "category": "entry_ban", "status": "final", "decided_on": "2024-01-01",
                "person": {"names": [{"family": family, "given": "Акмал"}], "birth_date": birth}
            })
            .to_string()
        };
        let mut index = super::Index::default();
        index.insert(
            1,
            &parse_decision_text(&line("RU-1", "Каримов", "1980-01-02")).unwrap(),
        );
        index.seal();
        let before = index.stats();
        index.insert(
            2,
            &parse_decision_text(&line("RU-2", "Рахимов", "1981-03-04")).unwrap(),
        );
        index.seal();
        let after = index.stats();
        assert!(after.postings > before.postings && after.keys > before.keys);
        // The later person is found from the base now, with its birth date beside it.
        let born = |date: &str| {
            crate::Traveler::new(
                "RAKHIMOV",
                Some("AKMAL"),
                PartialDate::parse(date).ok(),
                None,
                None,
                None,
            )
        };
        assert!(
            index
                .search(&born("1981-03-04"))
                .iter()
                .any(|h| h.person == 2)
        );
        assert!(
            !index
                .search(&born("1960-03-04"))
                .iter()
                .any(|h| h.person == 2)
        );
    }

    fn postings_of(keys: &[u64]) -> Vec<Posting> {
        keys.iter()
            .enumerate()
            .map(|(row, &key)| Posting {
                key,
                row: row as u32,
                birth: 0,
            })
            .collect()
    }

    /// Where `key` first stands in the sorted `keys`, if it does.
    fn first_of(keys: &[u64], key: u64) -> Option<usize> {
        keys.iter().position(|&k| k == key)
    }
}
