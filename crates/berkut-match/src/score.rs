//! Scoring: how strongly the evidence says that a traveler and a registry record are one person.
//!
//! Each piece of evidence is a named feature with a weight from a versioned table
//! ([`FeatureTable`]); the weights are log-likelihood ratios (natural log) in the manner of
//! Fellegi and Sunter: how much more often the observation is seen when the two are one person
//! than when they are not. Weights add up; the total gives the score in [0, 1] through a
//! logistic curve, and two thresholds give the bands:
//! - `possible`: an officer must look. A table may also ask of a `possible` hit a birth date
//!   that shows at least so much ([`FeatureTable::possible_needs`], a [`BirthDateNeed`]); the
//!   shipped one asks nothing more, and a document always suffices;
//! - `strong`: the system may act. Strong needs more than names: a document number must match,
//!   or the birth dates must pin the day (the same date, or day and month swapped: a record
//!   that knows only the year or the month, or has a `01-01` placeholder, or a date one digit
//!   off, cannot tell a namesake born then from the person: an officer must look) and both
//!   the family name and a given name must agree (a family name and a birth date alone are
//!   shared by too many; a given name only alike, two letters off, is another name as often
//!   as not).
//!
//! Why these features, and why so weighted:
//! - An equal family or given name is worth more the rarer the name is in the registry: the
//!   weight is `ln(m / share)` with the name's observed share (see [`NameFrequencies`]), within
//!   bounds. Karimov Akmal alone is weak evidence; a rare name is strong.
//! - Male and female forms (Karimov / Karimova), near names (Karimov / Kerimov, Abdullaev /
//!   Abdulaev) and names cut short (an MRZ's truncated field; Akmal / Akmaljon) are related,
//!   not equal: they earn little, so that a near namesake never reaches `strong` on names.
//! - A name written by another alphabet (an Azerbaijani passport's HUSEYNOV for Гусейнов, see
//!   [`crate::azerbaijani`]) or without its diacritics (ICU's ASCII RASIDOV SERZOD for Рашидов
//!   Шерзод) is the name itself, with a point less than the exact weight, and counts as about
//!   ten times as common for namesakes. Written by another alphabet it can hold for `strong`
//!   (where that reading merges two names, the record cannot tell them apart either: Мамедов
//!   is MAMMADOV in an Azerbaijani passport, and would be MAMADOV too); a name the same only
//!   without diacritics cannot (Шалимов and Салимов are both SALIMOV so, Джафар and Зафар
//!   ZAFAR).
//! - A different given name counts against; a missing one counts for nothing (records and
//!   passports leave parts out). Patronymics count only when both sides have one.
//! - A clearly different birth date is strong evidence against: it keeps an innocent namesake
//!   from being stopped. Partial dates, placeholders, swaps and slips agree in grades
//!   ([`DateEvidence`]).
//! - A matching document number is strong evidence for; a different one is *not* evidence
//!   against (passports are renewed).
//! - Sex and citizenship are weak evidence either way.

use std::collections::HashMap;
use std::fmt::Write as _;

use berkut_core::{PartialDate, Sex};

use crate::azerbaijani::{same_in_both_alphabets, same_in_both_alphabets_but_a_slip};
use crate::dates::{BirthDateNeed, DateEvidence, compare_dates};
use crate::fold::skeleton;
use crate::name::same_surname_stem;

/// The weights of every feature and the band thresholds, under one version name that travels
/// with every result, so that a result can be traced to the table that produced it.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureTable {
    pub version: &'static str,
    /// P(names agree | same person), the numerator of frequency-based name weights.
    pub name_agreement: f64,
    pub family_exact_min: f64,
    pub family_exact_max: f64,
    /// Below the exact weight for a family name cut short (MRZ field length).
    pub family_truncated_penalty: f64,
    pub family_gender_form: f64,
    /// Below the exact weight, for a family or given name that agrees only as Azerbaijani
    /// Latin and Russian write it (see [`crate::azerbaijani`]), or only once the letters a
    /// spelling without diacritics loses are lost from the record's (RASIDOV SAVKAT for
    /// Рашидов Шавкат).
    pub spelling_form_penalty: f64,
    /// A near family name one slip from the record's (see [`FeatureTable::family_alike`] for
    /// one further off).
    pub family_similar: f64,
    /// A near family name further than one slip from the record's: two edits apart folded,
    /// or alike by Jaro–Winkler only, and no slip that folding hides (a letter dropped or
    /// doubled, read letter by letter, or by the Azerbaijani alphabet). Central Asian family
    /// names share their stems and endings, so such a pair is another person's name about as
    /// often as the same name misspelled: it weighs nothing either way, and the given name
    /// and a birth date must carry a hit on their own (a year alone is not enough). Since
    /// 2026-12.1; before, it weighed as any near name.
    pub family_alike: f64,
    /// For a near family name (`similar`) that no registry person bears: the traveler's
    /// spelling is then more likely a slip (his or the clerk's) than the real name of another
    /// person, whose near name would mostly be a name the registry knows (Керимов beside
    /// Каримов; RUSTAAMBEKOV beside Рустамбеков is no one's). Likewise when the record's
    /// family name is no other registry person's, or few persons' (at most
    /// [`FeatureTable::slip_name_max_persons`], since 2026-12.2): a clerk's slip in the record
    /// (Холатова for Холматова) is a name only that record bears, or the few records of the
    /// same human that partners copied from one another. Applied in the written order, to
    /// names one edit apart or one slip apart otherwise (from a slip form, for an Azerbaijani
    /// by the two alphabets' letter pairs, or a letter dropped or doubled that folding writes
    /// with more than one edit), in a registry of at least
    /// [`FeatureTable::family_slip_min_persons`]. This weight is the traveler's slip's, capped
    /// by [`FeatureTable::family_slip_weight`]; a slip in the record weighs
    /// [`FeatureTable::family_slip_in_record`] (since 2026-12.3).
    pub family_slip: f64,
    /// The same for a slip in the record ([`FeatureTable::family_slip`]: the record's family
    /// name is few registry persons', one slip from the traveler's, which the registry knows),
    /// capped alike ([`FeatureTable::record_slip_weight`]). It weighs more than a slip in
    /// the traveler's name: a registry of common names holds a rare one a letter from a
    /// common one mostly because a clerk slipped, while a traveler's name the registry lacks,
    /// a letter from one it holds, is as often a real name it has not met (Турсонов,
    /// Азизеков: the random travelers of unseen family names). Since 2026-12.3; before, 3.0
    /// as the traveler's, which left a slipped record without a birth date unfound unless the
    /// passport also carried the patronymic (3.0, a given name's 6.0 at most, sex and
    /// nationality 0.8: under `possible`'s 11.0). The cap of a point below the name makes
    /// anything above 6.0 the same as 6.0.
    pub family_slip_in_record: f64,
    /// The registry size from which a slip ([`FeatureTable::family_slip`],
    /// [`FeatureTable::family_slip_in_record`]) is weighed as one: a smaller one does
    /// not know most of the names travelers bear, so a name it lacks says little.
    pub family_slip_min_persons: f64,
    /// How many registry persons may bear a record's family name for it to be taken for a
    /// clerk's slip ([`FeatureTable::family_slip_in_record`]), and to be asked whether it is the
    /// traveler's with a letter dropped (where folding makes that more than one edit): a slip
    /// is a name few bear.
    pub slip_name_max_persons: f64,
    pub family_different: f64,
    pub given_exact_min: f64,
    pub given_exact_max: f64,
    pub given_prefix: f64,
    pub given_similar: f64,
    pub given_different: f64,
    pub patronymic_same: f64,
    pub patronymic_similar: f64,
    pub patronymic_different: f64,
    pub swapped_order: f64,
    /// Per unit of ln(1 + expected namesakes): the registry's persons times the shares of the
    /// name parts that matched exactly, times the chance that two persons' birth dates agree
    /// as these do ([`DateEvidence::chance`]). A name shared by hundreds needs more than a
    /// name; a name shared by hundreds and a full birth date shared by none of them does not.
    pub common_name: f64,
    pub date_same: f64,
    pub date_year_month: f64,
    pub date_year: f64,
    pub date_placeholder: f64,
    pub date_day_month_swapped: f64,
    pub date_one_digit_slip: f64,
    pub date_different_same_year: f64,
    pub date_different: f64,
    pub document_same: f64,
    pub document_number_only: f64,
    pub sex_same: f64,
    pub sex_different: f64,
    pub nationality_same: f64,
    pub nationality_different: f64,
    /// Total weight from which a candidate is a `possible` hit (score 0.5), if its birth
    /// dates meet [`FeatureTable::possible_needs`] or a document agrees.
    pub possible_at: f64,
    /// What a `possible` hit needs of the birth date besides the weight (a document always
    /// suffices): nothing in the shipped table; see [`BirthDateNeed`] for the stricter needs
    /// the users may choose.
    pub possible_needs: BirthDateNeed,
    /// Total weight from which a corroborated candidate is a `strong` hit.
    pub strong_at: f64,
}

impl FeatureTable {
    /// The table Berkut ships. Calibrated on the labelled evaluation set (`berkut-eval`, see
    /// BENCHMARKS.md); a change of any field (a weight, a threshold, `possible_needs`) is a
    /// new version.
    pub const DEFAULT: FeatureTable = FeatureTable {
        version: "berkut-match/2026-12.3",
        name_agreement: 0.9,
        family_exact_min: 2.0,
        family_exact_max: 7.0,
        family_truncated_penalty: 1.5,
        family_gender_form: 1.0,
        spelling_form_penalty: 1.0,
        family_similar: 2.0,
        family_alike: 0.0,
        family_slip: 3.0,
        family_slip_in_record: 5.0,
        family_slip_min_persons: 10_000.0,
        slip_name_max_persons: 3.0,
        family_different: -6.0,
        given_exact_min: 1.5,
        given_exact_max: 6.0,
        given_prefix: 1.0,
        given_similar: 0.5,
        given_different: -7.0,
        patronymic_same: 2.5,
        patronymic_similar: 1.0,
        patronymic_different: -2.0,
        swapped_order: -0.5,
        common_name: -1.0,
        date_same: 9.5,
        date_year_month: 6.0,
        date_year: 3.8,
        date_placeholder: 3.5,
        date_day_month_swapped: 5.5,
        date_one_digit_slip: 2.5,
        date_different_same_year: -6.0,
        date_different: -9.0,
        document_same: 14.0,
        document_number_only: 8.0,
        sex_same: 0.3,
        sex_different: -2.0,
        nationality_same: 0.5,
        nationality_different: -0.5,
        possible_at: 11.0,
        possible_needs: BirthDateNeed::Nothing,
        strong_at: 15.0,
    };

    /// The score in [0, 1] of a total weight: 0.5 at the `possible` threshold.
    pub fn score(&self, weight: f64) -> f64 {
        1.0 / (1.0 + (-(weight - self.possible_at) / 2.0).exp())
    }

    /// The most that names, sex and nationality together can weigh (every part exact and
    /// rare, patronymic equal): what a candidate could reach without date or document.
    pub fn best_names_weight(&self) -> f64 {
        self.family_exact_max
            + self.given_exact_max
            + self.patronymic_same
            + self.sex_same.max(0.0)
            + self.nationality_same.max(0.0)
    }

    /// The lowest score of the `strong` band.
    pub fn strong_score(&self) -> f64 {
        self.score(self.strong_at)
    }

    fn name_weight(&self, share: f64, min: f64, max: f64) -> f64 {
        (self.name_agreement / share.max(1e-9)).ln().clamp(min, max)
    }

    /// The weight of a family-name comparison; `share` is the record's name's share.
    fn family_weight(&self, found: WordMatch, share: f64) -> f64 {
        let exact = || self.name_weight(share, self.family_exact_min, self.family_exact_max);
        match found {
            WordMatch::Exact => exact(),
            WordMatch::Truncated => exact() - self.family_truncated_penalty,
            WordMatch::NationalForm | WordMatch::WithoutDiacritics | WordMatch::OtherScheme => {
                exact() - self.spelling_form_penalty
            }
            WordMatch::GenderForm => self.family_gender_form,
            WordMatch::Similar => self.family_similar,
            WordMatch::Different => self.family_different,
        }
    }

    /// The weight of a near family name taken for a slip in the traveler's name (see
    /// [`FeatureTable::family_slip`]), `share` being the share of the record's name, whose
    /// slip it is (for a slip in the record, see [`FeatureTable::record_slip_weight`]): at
    /// most what the name written another way weighs, a point below the name itself (a slip
    /// must not outweigh the name written right in another reading), and never less than any
    /// near name. Its namesakes are counted as the name's (`common_name`).
    pub fn family_slip_weight(&self, share: f64) -> f64 {
        self.slip_weight(self.family_slip, share)
    }

    /// The weight of a slip in the record's family name: as [`FeatureTable::family_slip_weight`],
    /// from [`FeatureTable::family_slip_in_record`]; `share` is the traveler's name's, if more
    /// common than the slip.
    pub fn record_slip_weight(&self, share: f64) -> f64 {
        self.slip_weight(self.family_slip_in_record, share)
    }

    fn slip_weight(&self, slip: f64, share: f64) -> f64 {
        let exact = self.name_weight(share, self.family_exact_min, self.family_exact_max);
        slip.min(exact - self.spelling_form_penalty)
            .max(self.family_similar)
    }

    /// The weight of the best given-name pair; `share` is the record's word's share.
    fn given_weight(&self, found: WordMatch, share: f64) -> f64 {
        match found {
            WordMatch::Exact => self.name_weight(share, self.given_exact_min, self.given_exact_max),
            WordMatch::NationalForm | WordMatch::WithoutDiacritics | WordMatch::OtherScheme => {
                self.name_weight(share, self.given_exact_min, self.given_exact_max)
                    - self.spelling_form_penalty
            }
            WordMatch::Truncated => self.given_prefix,
            WordMatch::Similar | WordMatch::GenderForm => self.given_similar,
            WordMatch::Different => self.given_different,
        }
    }

    /// The most that the given name, the patronymic and the order can add to an alignment's
    /// family-name weight (the namesakes' term only takes away); `None` for a table whose
    /// namesakes' term could add.
    fn after_family_at_most(&self, swapped: bool) -> Option<f64> {
        if self.common_name > 0.0 {
            return None;
        }
        let given = [
            self.given_exact_max,
            self.given_exact_max - self.spelling_form_penalty,
            self.given_prefix,
            self.given_similar,
            self.given_different,
        ]
        .into_iter()
        .fold(0.0, f64::max);
        let patronymic = [
            self.patronymic_same,
            self.patronymic_similar,
            self.patronymic_different,
        ]
        .into_iter()
        .fold(0.0, f64::max);
        Some(given + patronymic + if swapped { self.swapped_order } else { 0.0 })
    }

    fn patronymic_weight(&self, found: WordMatch) -> f64 {
        match found {
            WordMatch::Exact => self.patronymic_same,
            WordMatch::Truncated
            | WordMatch::Similar
            | WordMatch::GenderForm
            | WordMatch::NationalForm
            | WordMatch::WithoutDiacritics
            | WordMatch::OtherScheme => self.patronymic_similar,
            WordMatch::Different => self.patronymic_different,
        }
    }
}

/// How common a folded name is in the registry: its share among all family (or given) names.
pub trait NameFrequencies {
    fn family_share(&self, folded: &str) -> f64;
    fn given_share(&self, folded: &str) -> f64;
    /// Whether some registry person bears this family name (folded; compacted here): any
    /// spelling of it, or, where spellings are not counted, any name at all.
    fn knows_family(&self, folded: &str) -> bool {
        self.family_spellings(&compact(folded))
            .is_none_or(|spellings| spellings > 0)
    }
    /// How many registry spellings (of all persons) have this family name (compacted); `None`
    /// where the spellings are not counted (then no record's name is taken for its own alone).
    fn family_spellings(&self, compacted: &str) -> Option<u32>;
    /// How many persons the registry holds (for the expected number of namesakes).
    fn persons(&self) -> f64;
}

/// Every name equally common (for tests and for a registry too small to count).
#[derive(Debug, Clone, Copy)]
pub struct UniformFrequencies(pub f64);

impl NameFrequencies for UniformFrequencies {
    fn family_share(&self, _: &str) -> f64 {
        self.0
    }
    fn given_share(&self, _: &str) -> f64 {
        self.0
    }
    fn family_spellings(&self, _: &str) -> Option<u32> {
        None
    }
    fn persons(&self) -> f64 {
        1.0
    }
}

/// A traveler as screened: a name from a passport or a form, folded once.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Traveler {
    pub name: crate::NameParts,
    /// The name read a second way where its spelling allows one (see [`Traveler::new`]; for
    /// the second reading itself, as `Index::search` scores it, the name as first read): by
    /// the French-based scheme of Soviet passports ([`crate::fold::french_reading`]), an
    /// Azerbaijani `q` as `g` ([`crate::azerbaijani::q_as_g`]), a Latin `j` before a vowel as
    /// `й` ([`crate::fold::j_as_glide`]) and a `ye` after a consonant as `е`
    /// ([`crate::fold::ye_as_e`]).
    pub alternate: Option<crate::NameParts>,
    /// The name is also read as Azerbaijani Latin (see [`crate::azerbaijani`]).
    pub azerbaijani: bool,
    /// Other spellings of the name to look up candidates by: its readings by other schemes'
    /// letters (see [`Traveler::other_scheme_words`]), and for an Azerbaijani also the ones a
    /// Russian clerk likely gave it.
    pub clerk_readings: crate::readings::ClerkReadings,
    /// Likewise for [`Traveler::alternate`], looked up with it.
    pub alternate_clerk_readings: crate::readings::ClerkReadings,
    /// Words of the traveler's name and of its alternate reading (folded; each part also
    /// whole and compacted, as a family name is compared), each with its readings by other
    /// schemes' letters, folded (see [`crate::readings::SchemeReadings`]: an `h` as `г`, the
    /// French-based scheme's CH X GU -INE, EH for э, YAY for ей, as the traveler's document
    /// allows). A record word that equals a reading is the name written by that scheme:
    /// `other_scheme`, the name less a point, alone never enough for `strong` (an H is х as
    /// often, a CH is ч by ICAO); a given name one letter from the record's holds as the slip
    /// of one letter it was before (IHOR for Игорь). Empty for most travelers with a passport.
    pub other_scheme_words: Vec<(String, String)>,
    /// Other forms of the family name (compacted, as a family name is compared) from which a
    /// record's family name one edit away is a near spelling (`similar`): the name folded
    /// letter by letter, where a slip made a pair that folding reads as one vowel (SADYOV for
    /// Садыков, see [`crate::fold::fold_letter_by_letter`]), and an Azerbaijani's name as a
    /// Russian clerk likely wrote it, folded so too (CAFAROOV for Джафаров). Never more than
    /// `similar`, which holds for `strong` only with a document. Empty for most travelers.
    pub slip_forms: Vec<String>,
    /// Likewise for [`Traveler::alternate`], scored with it.
    pub alternate_slip_forms: Vec<String>,
    /// The family name as written, and its forms with one letter dropped, which a record's
    /// family name equal to one of them is a clerk's slip of (see [`LetterDropped`]).
    pub letter_dropped: LetterDropped,
    /// Likewise for [`Traveler::alternate`], scored with it.
    pub alternate_letter_dropped: LetterDropped,
    pub birth_date: Option<PartialDate>,
    pub sex: Option<Sex>,
    /// ISO alpha-2 code of the nationality the passport states, when known.
    pub nationality: Option<[u8; 2]>,
    pub document: Option<DocumentKey>,
}

/// A document number with its issuing state, reduced to a key (see [`DocumentKey::new`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DocumentKey(pub u64);

impl DocumentKey {
    const COUNTRY_BITS: u32 = 16;

    /// A key of 48 bits of the number's hash and 16 bits of the issuing state's code, so that
    /// equal numbers of different states are told apart but still found by number alone.
    pub fn new(issuing_state: &str, normalised_number: &str) -> Self {
        let number = xxhash_rust::xxh3::xxh3_64(normalised_number.as_bytes());
        let state = issuing_state.bytes().fold(0u64, |code, b| {
            (code * 27 + u64::from(b.saturating_sub(b'A') % 26 + 1)) & 0xffff
        });
        Self((number << Self::COUNTRY_BITS) | state)
    }

    /// The part of the key that depends on the number only.
    pub fn number(self) -> u64 {
        self.0 >> Self::COUNTRY_BITS
    }
}

/// One spelling of a record's name, folded (see [`crate::fold`]); parts absent are empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameRef<'a> {
    pub family: &'a str,
    /// Given names, space-separated.
    pub given: &'a str,
    /// The father's name (patronymic stem), if any.
    pub patronymic: &'a str,
}

/// A registry record as the scorer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RecordView<'a> {
    /// A person rarely has more than four spellings: those stay on the stack.
    pub names: smallvec::SmallVec<[NameRef<'a>; 4]>,
    pub birth_date: Option<PartialDate>,
    pub sex: Option<Sex>,
    pub citizenship: &'a [[u8; 2]],
    pub documents: &'a [DocumentKey],
}

/// Which band a candidate falls in: by its weight against the thresholds, and for `possible`
/// by what its birth dates show ([`FeatureTable::possible_needs`]): a candidate that fails
/// the need is no hit, whatever its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Band {
    Possible,
    Strong,
}

impl Band {
    pub fn as_str(self) -> &'static str {
        match self {
            Band::Possible => "possible",
            Band::Strong => "strong",
        }
    }
}

/// One feature's contribution to a score, in words an officer can check.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// `family_name`, `given_name`, `patronymic`, `name_order`, `birth_date`, `document`,
    /// `sex`, `nationality`.
    pub feature: &'static str,
    /// What was found: `exact`, `gender_form`, `similar`, `truncated`, `different`, ...
    pub outcome: &'static str,
    /// The compared values (`abdullaev = abdullaev`, `1990-05-17 / 1990`).
    pub detail: String,
    pub weight: f64,
}

/// A scored comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub weight: f64,
    pub score: f64,
    pub band: Option<Band>,
    /// What the birth dates said, whatever the explanation holds.
    pub birth_date: DateEvidence,
    /// Whether a document number the record holds agreed.
    pub document_agrees: bool,
    /// Filled when asked for (see [`assess`]).
    pub features: Vec<Feature>,
}

/// How two name words (or two family names) compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum WordMatch {
    Different,
    Similar,
    GenderForm,
    /// The same name read by another scheme's letters: `г` as H (Ukrainian, Belarusian), `ш`
    /// as CH, `кс` as X, `г` as GU (the French-based scheme of Soviet passports), э as EH
    /// (GOST 16876), ей as YAY (`trans`); see [`Traveler::other_scheme_words`]. Below
    /// `Truncated`, which may hold for `strong`.
    OtherScheme,
    Truncated,
    /// The same name once the letters a spelling without diacritics loses are lost from the
    /// record's (see [`same_without_diacritics`]).
    WithoutDiacritics,
    /// The same name in Azerbaijani Latin and in Russian (see [`crate::azerbaijani`]).
    NationalForm,
    Exact,
}

impl WordMatch {
    /// The name itself, as written or written another way (by another alphabet, without
    /// diacritics, or by another scheme's letters): its registry frequency is the name's (see
    /// [`crowd_of`]). Of these, `WithoutDiacritics` and `OtherScheme` never hold for `strong`
    /// (see `whole_name_holds` in [`assess`]).
    fn is_the_name(self) -> bool {
        matches!(
            self,
            WordMatch::Exact
                | WordMatch::NationalForm
                | WordMatch::WithoutDiacritics
                | WordMatch::OtherScheme
        )
    }

    fn as_str(self) -> &'static str {
        match self {
            WordMatch::Exact => "exact",
            WordMatch::Truncated => "truncated",
            WordMatch::GenderForm => "gender_form",
            WordMatch::NationalForm => "national_form",
            WordMatch::WithoutDiacritics => "without_diacritics",
            WordMatch::OtherScheme => "other_scheme",
            WordMatch::Similar => "similar",
            WordMatch::Different => "different",
        }
    }
}

/// Near spellings that folding does not merge (one letter dropped, doubled or changed, a
/// scheme we do not know): edit distance 1 (2 for long names, a swap of neighbours counting
/// one) or a high Jaro–Winkler similarity.
fn similar(a: &str, b: &str) -> bool {
    let shorter = a.len().min(b.len());
    if shorter < 4 || a.len().abs_diff(b.len()) > 2 {
        return false;
    }
    let allowed = if shorter >= 7 { 2 } else { 1 };
    // Letters one word has and the other lacks each need an edit: a cheap lower bound that
    // spares the edit distance for most pairs of different names.
    let common = common_letters(a.as_bytes(), b.as_bytes());
    if a.len().max(b.len()) - common <= allowed && edits_within(a.as_bytes(), b.as_bytes(), allowed)
    {
        return true;
    }
    // Jaro–Winkler ≥ 0.95 needs Jaro ≥ 0.9167 (the prefix bonus adds at most 0.4 × (1 − J)),
    // which needs most letters in common: skip the computation when the letter counts alone
    // rule it out, as they do for most pairs of different names.
    let common = common as f64;
    let best_jaro = (common / a.len() as f64 + common / b.len() as f64 + 1.0) / 3.0;
    best_jaro >= 0.9166 && strsim::jaro_winkler(a, b) >= 0.95
}

/// Whether the optimal-string-alignment distance (Levenshtein with swaps of neighbours) of two
/// folded names is at most `limit`.
///
/// Written here rather than taken from `strsim`: this runs for nearly every candidate of every
/// check, and strsim's Damerau–Levenshtein builds a hash map and a full matrix on the heap each
/// call. Names are short, so three rows live on the stack; only the diagonal band of cells
/// within `limit` of the main diagonal is computed (a cell farther out is over the limit
/// whatever the letters: Ukkonen's cut-off), and the loop stops as soon as every cell of a row
/// is over the limit. Longer words fall back to strsim.
fn edits_within(a: &[u8], b: &[u8], limit: usize) -> bool {
    const MAX: usize = 48;
    if a.len().abs_diff(b.len()) > limit {
        return false;
    }
    if a.len() >= MAX || b.len() >= MAX || limit >= usize::from(u8::MAX) {
        return strsim::osa_distance(
            std::str::from_utf8(a).unwrap_or_default(),
            std::str::from_utf8(b).unwrap_or_default(),
        ) <= limit;
    }
    // Three rows in turn: the one before the previous (for swaps), the previous, the current.
    // A cell outside the band holds `over` (any value above the limit will do) wherever a cell
    // of the band reads it.
    // Lossless casts: lengths are under 48 and the limit under 255 here.
    let over = (limit + 1) as u8;
    let mut rows = [[over; MAX + 1]; 3];
    for (j, cell) in rows[0].iter_mut().enumerate().take(b.len().min(limit) + 1) {
        *cell = j as u8;
    }
    let limit_cell = limit as u8;
    for i in 1..=a.len() {
        let (current, previous, before) = (i % 3, (i + 2) % 3, (i + 1) % 3);
        let low = i.saturating_sub(limit).max(1);
        let high = (i + limit).min(b.len());
        rows[current][low - 1] = if low == 1 { (i as u8).min(over) } else { over };
        rows[current][high + 1] = over;
        let mut row_min = rows[current][low - 1];
        for j in low..=high {
            let cost = u8::from(a[i - 1] != b[j - 1]);
            let mut value = (rows[previous][j].saturating_add(1))
                .min(rows[current][j - 1].saturating_add(1))
                .min(rows[previous][j - 1].saturating_add(cost));
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                value = value.min(rows[before][j - 2].saturating_add(1));
            }
            let value = value.min(over);
            rows[current][j] = value;
            row_min = row_min.min(value);
        }
        if row_min > limit_cell {
            return false;
        }
    }
    rows[a.len() % 3][b.len()] <= limit_cell
}

/// How many letters two words have in common, counted with repeats: an upper bound on the
/// Jaro matches, and `max(len) − common` a lower bound on the edit distance. Folded names are
/// `a`–`z`; counting by the low five bits merges other bytes with letters, which can only
/// raise the count and so keeps both bounds safe.
fn common_letters(a: &[u8], b: &[u8]) -> usize {
    let mut counts = [0u8; 32];
    for &c in a {
        let slot = &mut counts[usize::from(c & 31)];
        *slot = slot.saturating_add(1);
    }
    let mut common = 0;
    for &c in b {
        let slot = &mut counts[usize::from(c & 31)];
        if *slot > 0 {
            *slot -= 1;
            common += 1;
        }
    }
    common
}

/// Two family names, compacted (see [`compact`]).
fn compare_family(q: &str, r: &str) -> WordMatch {
    if q == r {
        WordMatch::Exact
    } else if same_surname_stem(q, r) {
        WordMatch::GenderForm
    } else if q.len() >= 6 && r.starts_with(q) {
        WordMatch::Truncated
    } else if same_without_diacritics(q.as_bytes(), r.as_bytes()) {
        WordMatch::WithoutDiacritics
    } else if similar(q, r) || clerks_slip(q, r) {
        WordMatch::Similar
    } else {
        WordMatch::Different
    }
}

/// A short family name with one consonant dropped where folding then moved a second letter:
/// a consonant dropped between `и` or `ы` and `-ов` leaves `-иов`/`-ыов`, which folding reads
/// as ё (Аминов written AMIOV folds to `amiev`, two edits from `aminov`). Such pairs are two
/// edits apart in the folded form, which [`similar`] allows only for long names, and their
/// [`skeleton`]s (consonants in order) differ by exactly one consonant more or less: both must
/// hold. Names whose consonants differ otherwise (Белов / Быков) or only in their vowels
/// (Умаров / Амиров) stay different. One such pair remains that spelling cannot tell from a
/// typo (Алиев / Алимов): as for every near family name, the given name and the birth date
/// must agree as well for a hit, and never for a `strong` one.
fn clerks_slip(a: &str, b: &str) -> bool {
    let shorter = a.len().min(b.len());
    if !(4..7).contains(&shorter) || a.len().abs_diff(b.len()) > 2 {
        return false;
    }
    let common = common_letters(a.as_bytes(), b.as_bytes());
    if a.len().max(b.len()) - common > 2 || !edits_within(a.as_bytes(), b.as_bytes(), 2) {
        return false;
    }
    let (a, b) = (skeleton(a), skeleton(b));
    a.len().abs_diff(b.len()) == 1 && edits_within(a.as_bytes(), b.as_bytes(), 1)
}

/// Two folded words of an Azerbaijani traveler's name and of a record compared letter by
/// letter with the pairs the two alphabets write differently ([`crate::azerbaijani`]): the
/// same so, they are one name written by the two alphabets (HUSEYNOV / Гусейнов); near names
/// stay as the plain comparison found them.
fn compare_national(query: &str, record: &str) -> WordMatch {
    if same_in_both_alphabets(query, record) {
        WordMatch::NationalForm
    } else {
        WordMatch::Different
    }
}

fn compare_given_word(query: &str, record: &str) -> WordMatch {
    if query == record {
        WordMatch::Exact
    } else if query.len().min(record.len()) >= 4
        && (record.starts_with(query) || query.starts_with(record))
    {
        // An MRZ cut the name short, or a suffix such as Uzbek -jon / -bek was dropped.
        WordMatch::Truncated
    } else if same_without_diacritics(query.as_bytes(), record.as_bytes()) {
        WordMatch::WithoutDiacritics
    } else if similar(query, record) {
        WordMatch::Similar
    } else {
        WordMatch::Different
    }
}

/// Whether a folded word of the traveler's is the record's once the letters that a spelling
/// without diacritics loses are lost from the record's: the `h` of `sh` and `ch` (ISO 9's š č
/// as S C: SERZOD / Шерзод), `y` (ISO 9's ю я as U A: ULIA / Юлия), an `i` before `a` or `u`
/// (folding's glide of я ю after a vowel or a soft sign: AAZ / Аяз folded `aiaz`, IL'A / Илья
/// folded `ilia`); and the record's ж and дж (folded `j`) written Z or DZ (ž, dž: DZAMSED /
/// Джамшед), while a DZ is otherwise дз only; `ts` is `c` on both sides (ц and ISO 9's č
/// written C).
/// Several letters apart by the edit distance, such names are written by ICU's
/// `Any-Latin; Latin-ASCII`, the usual recipe for ASCII out of any script.
/// One way only: a traveler's spelling that has a letter the record's lacks did not lose it
/// (ISHAKOV is Исхаков or Ишаков, not Исаков; JAFAROV and DZAFAROV are not Зафаров), and an
/// `h` that is х stays (AKIMOV is not Хакимов) but after `s` or `c`, where folding cannot tell
/// сх from ш (ISAKOV is taken for Исхаков as for Ишаков).
///
/// Compared letter by letter without building the traveler's form: this runs for candidates
/// whose names differ otherwise.
fn same_without_diacritics(traveler: &[u8], record: &[u8]) -> bool {
    let mut letters = traveler.iter().enumerate().filter_map(|(at, &letter)| {
        // The traveler's `ts` and `dz` as one letter each.
        match (
            letter,
            traveler.get(at + 1),
            at.checked_sub(1).map(|b| traveler[b]),
        ) {
            (b's', _, Some(b't')) | (b'z', _, Some(b'd')) => None,
            (b't', Some(b's'), _) => Some(b'c'),
            (b'd', Some(b'z'), _) => Some(b'D'),
            _ => Some(letter),
        }
    });
    // The record's letters are read as the traveler's are matched, not gathered first: most
    // pairs part within a few letters.
    let mut record = RecordLetters {
        word: record,
        at: 0,
    };
    for letter in letters.by_ref() {
        loop {
            match record.next() {
                Some((r, _))
                    if r == letter || (r == b'J' && matches!(letter, b'j' | b'z' | b'D')) =>
                {
                    break;
                }
                Some((_, true)) => {}
                _ => return false,
            }
        }
    }
    record.all(|(_, lost)| lost)
}

/// The letters of a record's folded word as [`same_without_diacritics`] reads them: ж and дж
/// as `J`, `ts` as `c`, each with whether a spelling without diacritics may have lost it.
struct RecordLetters<'a> {
    word: &'a [u8],
    at: usize,
}

impl Iterator for RecordLetters<'_> {
    type Item = (u8, bool);

    fn next(&mut self) -> Option<(u8, bool)> {
        let (word, at) = (self.word, self.at);
        let (letter, length) = match (*word.get(at)?, word.get(at + 1)) {
            (b't', Some(b's')) => (b'c', 2),
            (b'd', Some(b'z')) => (b'D', 2),
            (b'j', _) => (b'J', 1),
            (other, _) => (other, 1),
        };
        let lost = match letter {
            b'h' => at > 0 && matches!(word[at - 1], b's' | b'c'),
            b'y' => true,
            b'i' => word[at + 1..]
                .iter()
                .find(|&&next| !matches!(next, b'h' | b'y'))
                .is_some_and(|next| matches!(next, b'a' | b'u')),
            _ => false,
        };
        self.at = at + length;
        Some((letter, lost))
    }
}

/// A traveler's family name as written, and its forms with one letter dropped
/// ([`crate::fold::one_letter_dropped`], compacted), made on first need: a fold a letter is
/// dear for every traveler, and most have no candidate near enough to ask. Travelers' family
/// names repeat (a few are very common), so each thread keeps the forms of the names it made
/// them for last ([`forms_of`]).
#[derive(Debug, Clone, Default)]
pub struct LetterDropped {
    written: String,
    forms: std::sync::OnceLock<std::sync::Arc<[String]>>,
}

/// How many family names' forms a thread keeps; past that it starts afresh (a few hundred
/// bytes a name).
const FORMS_KEPT: usize = 16_384;

thread_local! {
    static FORMS: std::cell::RefCell<HashMap<String, std::sync::Arc<[String]>>> =
        std::cell::RefCell::new(HashMap::new());
}

/// The forms of `written` with one letter dropped, compacted: from this thread's cache, or
/// made and kept there. A cache rather than a precomputed table: the names are the travelers',
/// not known before they come.
fn forms_of(written: &str) -> std::sync::Arc<[String]> {
    FORMS.with(|cache| {
        if let Some(forms) = cache.borrow().get(written) {
            return std::sync::Arc::clone(forms);
        }
        let forms: std::sync::Arc<[String]> = crate::fold::one_letter_dropped(written)
            .iter()
            .map(|form| compact(form).into_owned())
            .collect();
        let mut cache = cache.borrow_mut();
        if cache.len() >= FORMS_KEPT {
            cache.clear();
        }
        cache.insert(written.to_owned(), std::sync::Arc::clone(&forms));
        forms
    })
}

impl LetterDropped {
    pub fn new(written: &str) -> Self {
        LetterDropped {
            written: written.to_owned(),
            forms: std::sync::OnceLock::new(),
        }
    }

    /// Whether `record` (a record's family name, compacted) is the traveler's with one letter
    /// dropped.
    fn leaves(&self, record: &str) -> bool {
        self.forms
            .get_or_init(|| forms_of(&self.written))
            .iter()
            .any(|form| form == record)
    }
}

/// Equal when written alike, whether or not the forms were made yet.
impl PartialEq for LetterDropped {
    fn eq(&self, other: &Self) -> bool {
        self.written == other.written
    }
}

impl Eq for LetterDropped {}

/// Whether a record's family name (`record`, compacted) could be the traveler's (`query`)
/// with one letter dropped, by the letters alone: no longer than the traveler's but by one
/// (a glide folding writes otherwise), at most four letters shorter (a pair and the glide
/// beside it), with the traveler's first letter (as folding may read it) and at most one
/// letter the traveler's lacks. Spares most candidates the look-up of [`LetterDropped`]'s
/// forms; the edit distance, which would bound them too (Калыов for KALYKOV folds to `kalev`,
/// three edits from `kalikov`), costs more than the forms' look-up once they are made.
fn could_lack_a_letter(query: &str, record: &str) -> bool {
    // The first letter is never dropped, but folding may read it anew once the next is gone:
    // IVANOVA less its `v` is IANOVA, `yanova`; KAKHKHOROV less its first `a`, `hhorov`.
    let first_kept = match (query.as_bytes().first(), record.as_bytes().first()) {
        (Some(q), Some(r)) => q == r || matches!((q, r), (b'i', b'y') | (b'k', b'h')),
        _ => false,
    };
    first_kept
        && record.len() >= 4
        && record.len() <= query.len() + 1
        && record.len() + 4 >= query.len()
        && record.len() - common_letters(record.as_bytes(), query.as_bytes()) <= 1
}

/// Whether a record's family name (`record`, compacted) is the traveler's (`query`) with one
/// letter the clerk wrote twice, where folding writes that letter with two (Ашшурова for
/// Ашурова folds to `ashshurova`, two edits from ASHUROVA): the record less one of the two
/// pairs is the traveler's name. A letter folding writes with one is one edit, which
/// [`similar`] sees.
fn doubled_in_record(query: &str, record: &str) -> bool {
    const PAIRS: [&[u8]; 7] = [b"sh", b"ch", b"ts", b"ya", b"yu", b"ia", b"iu"];
    let (query, record) = (query.as_bytes(), record.as_bytes());
    record.len() == query.len() + 2
        && query.len() >= 4
        && (0..=query.len()).any(|at| {
            let pair = &record[at..at + 2];
            PAIRS.contains(&pair)
                && record[at + 2..].starts_with(pair)
                && record[..at] == query[..at]
                && record[at + 2..] == query[at..]
        })
}

/// Whether a given name of the traveler's is near a given name of the record's (or either
/// side has none): else a family name one slip away could not make a hit of the alignment,
/// where a given name that differs weighs against it. Always for a traveler whose given names
/// may agree otherwise (by the two alphabets of an Azerbaijani, or by another scheme's
/// letters).
fn given_could_agree(query_given: &[&str], record_given: &str, traveler: &Traveler) -> bool {
    let mut record_words = record_given.split(' ').filter(|w| !w.is_empty()).peekable();
    traveler.azerbaijani
        || !traveler.other_scheme_words.is_empty()
        || query_given.is_empty()
        || record_words.peek().is_none()
        || record_words.any(|r| {
            query_given
                .iter()
                .any(|q| compare_given_word(q, r) != WordMatch::Different)
        })
}

/// A family name without the spaces of a compound (`abdulla zade` = `abdullazade`).
pub(crate) fn compact(folded: &str) -> std::borrow::Cow<'_, str> {
    if folded.contains(' ') {
        folded.replace(' ', "").into()
    } else {
        folded.into()
    }
}

/// The names of one alignment (one record spelling, in normal or swapped order), compared.
#[derive(Debug, Clone, Copy)]
struct NameComparison<'q, 'r> {
    swapped: bool,
    family: (WordMatch, &'q str, &'r str),
    /// Best pair of given words; `None` when one side has none.
    given: Option<(WordMatch, &'q str, &'r str)>,
    /// `None` when one side has no patronymic.
    patronymic: Option<(WordMatch, &'q str, &'r str)>,
    /// Expected number of registry persons sharing the exactly matched name parts and agreeing
    /// on the birth date as well as the traveler does by chance.
    namesakes: f64,
    /// The family names are near (`similar`), one slip apart, and one of them is taken for a
    /// slip ([`FamilySlip`]), weighed [`FeatureTable::family_slip_weight`] (the traveler's) or
    /// [`FeatureTable::record_slip_weight`] (the record's).
    family_slip: Option<FamilySlip>,
    /// The family names are near but further than one slip apart: `family_alike`.
    family_alike: bool,
    /// The family name's part of `weight`, for the explanation.
    family_weight: f64,
    weight: f64,
}

/// Which family name of a near pair is taken for a slip (see [`FeatureTable::family_slip`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FamilySlip {
    /// The traveler's, which no registry person bears under any reading: his spelling, or the
    /// clerk's of his name.
    TravelersName,
    /// The record's, a clerk's slip in the record: no other registry person's (`alone`), or
    /// few persons' ([`FeatureTable::slip_name_max_persons`]).
    RecordsName { alone: bool },
}

/// The share of registry persons that a name agreeing as `found` does with a name of
/// `share` stands for, to count namesakes: the name's own, or about ten times as many for a
/// name written another way (by another alphabet, without diacritics or by another scheme's
/// letters), which agrees as well
/// with the record's other spellings of that form (Гасымов, Гасумов, Касымов for QASIMOV) as
/// with the one compared.
fn crowd_of(found: WordMatch, share: f64) -> f64 {
    match found {
        WordMatch::NationalForm | WordMatch::WithoutDiacritics | WordMatch::OtherScheme => {
            (10.0 * share).min(1.0)
        }
        _ => share,
    }
}

/// What every name comparison of one assessment shares: the weights, the registry's name
/// frequencies, and the chance that the birth dates agree as they do (see
/// [`DateEvidence::chance`]).
struct NameScoring<'a> {
    table: &'a FeatureTable,
    frequencies: &'a dyn NameFrequencies,
    date_chance: f64,
    /// The traveler whose names these are: whether they are also read as Azerbaijani Latin,
    /// their words read by other schemes' letters, their slip forms, their readings.
    traveler: &'a Traveler,
    /// Whether the registry knows the traveler's family name, once asked.
    family_known: std::cell::OnceCell<bool>,
    /// The record's spellings, to tell whether a family name of the record is its own alone.
    record_names: &'a [NameRef<'a>],
}

impl NameScoring<'_> {
    /// Whether some registry person bears the traveler's family name under any reading of it:
    /// as written (`family`, as scored), its clerk's and other schemes' readings, and the name
    /// read the other way with its readings (CAFAROV is no record's, Джафаров is; YARKYNOVA,
    /// JARKYNOVA read with a glide, is no record's, Жаркынова is). Asked once an assessment.
    fn family_known(&self, family: &str) -> bool {
        *self.family_known.get_or_init(|| {
            let traveler = self.traveler;
            let other = traveler.alternate.as_ref().map(|name| name.family.concat());
            std::iter::once(family)
                .chain(other.as_deref())
                .chain(traveler.clerk_readings.families.iter().map(String::as_str))
                .chain(
                    traveler
                        .alternate_clerk_readings
                        .families
                        .iter()
                        .map(String::as_str),
                )
                .any(|name| self.frequencies.knows_family(name))
        })
    }

    /// The record's family name `compacted` (as [`compact`] leaves it) taken for a clerk's slip,
    /// if it could be one: the registry's spellings of it are all the record's own (`alone`),
    /// or few bear it, at most [`FeatureTable::slip_name_max_persons`] spellings. Few, not none
    /// but the record's: one human is a registry person of each partner that sent a decision
    /// about him, under the spelling they share, a slip and all where one partner's record was
    /// copied from another's (Жасурбееков for Жасурбеков in two partners' records).
    fn record_slip(&self, compacted: &str) -> Option<FamilySlip> {
        let in_registry = self.frequencies.family_spellings(compacted)?;
        let few = self.few_bear(in_registry);
        let own = self
            .record_names
            .iter()
            .filter(|name| compact(name.family) == compacted)
            .count();
        let alone = usize::try_from(in_registry).is_ok_and(|in_registry| in_registry <= own);
        (alone || few).then_some(FamilySlip::RecordsName { alone })
    }

    /// Whether few registry persons bear the record's family name `compacted` (its spellings
    /// counted, which are about its bearers): at most
    /// [`FeatureTable::slip_name_max_persons`]. A clerk's slip is such a name; the same slip of
    /// a common name recurs (Зайев for Зайцев twice among 100,000 persons), rarely more; a
    /// name many bear is a name. Asked before the costly forms of a letter dropped.
    fn record_family_is_rare(&self, compacted: &str) -> bool {
        self.frequencies
            .family_spellings(compacted)
            .is_some_and(|spellings| self.few_bear(spellings))
    }

    /// Whether a name with `spellings` in the registry is one few bear: at most
    /// [`FeatureTable::slip_name_max_persons`].
    fn few_bear(&self, spellings: u32) -> bool {
        f64::from(spellings) <= self.table.slip_name_max_persons
    }

    /// `found` raised to `other_scheme` when the record's word is the traveler's read by
    /// another scheme's letters.
    fn or_other_scheme(&self, found: WordMatch, query: &str, record: &str) -> WordMatch {
        if found < WordMatch::OtherScheme
            && self
                .traveler
                .other_scheme_words
                .iter()
                .any(|(own, read)| own == query && read == record)
        {
            WordMatch::OtherScheme
        } else {
            found
        }
    }
}

/// One alignment compared, or left once its family name showed that it cannot win.
enum Alignment<'q, 'r> {
    Compared(NameComparison<'q, 'r>),
    CannotWin { family: WordMatch },
}

impl<'q, 'r> Alignment<'q, 'r> {
    fn family(&self) -> WordMatch {
        match self {
            Alignment::Compared(names) => names.family.0,
            Alignment::CannotWin { family } => *family,
        }
    }

    /// The comparison, if it weighs more than `best`.
    fn beats(self, best: Option<NameComparison<'q, 'r>>) -> Option<NameComparison<'q, 'r>> {
        match self {
            Alignment::Compared(names) if best.is_none_or(|b| names.weight > b.weight) => {
                Some(names)
            }
            _ => None,
        }
    }
}

/// Compares one alignment of the traveler's names with one record spelling, unless its family
/// name weighs less than `family_must_reach` (what the best alignment so far leaves it to
/// reach, given the most the rest could add): the given names and patronymic are then not
/// compared.
fn compare_names<'q, 'r>(
    scoring: &NameScoring<'_>,
    query_family: &'q str,
    query_given: &[&'q str],
    query_patronymic: Option<&'q str>,
    record: NameRef<'r>,
    swapped: bool,
    family_must_reach: Option<f64>,
) -> Alignment<'q, 'r> {
    let NameScoring {
        table,
        frequencies,
        date_chance,
        traveler,
        ..
    } = *scoring;
    let azerbaijani = traveler.azerbaijani;
    let slip_forms = &traveler.slip_forms;
    // Family names are compared without the spaces of a compound, once compacted here.
    let (query_compact, record_compact) = (compact(query_family), compact(record.family));
    let mut family_match = compare_family(&query_compact, &record_compact);
    if !traveler.other_scheme_words.is_empty() {
        family_match = scoring.or_other_scheme(family_match, &query_compact, &record_compact);
    }
    if azerbaijani && family_match < WordMatch::NationalForm {
        family_match = family_match.max(compare_national(&query_compact, &record_compact));
    }
    // A near family name is one slip from the record's when it is one edit away (folded), or
    // one slip that folding or the other alphabet hides, in the traveler's own family name (not
    // one read in the other order):
    // - one edit from a slip form (which is itself the name written otherwise, so not the two
    //   that `similar` allows long names);
    // - for an Azerbaijani, the two alphabets' letter pairs and one slip, compared with the
    //   name as folded (not with the clerk's readings, whose г for `h` and `q` the pairs would
    //   then read as к);
    // - a letter the clerk wrote twice, or dropped, where folding writes that letter with two
    //   or reads its neighbours otherwise once it is gone (Ашшурова for ASHUROVA; Кнзев, Зайев,
    //   Бейенов for KNYAZEV, ZAITSEV, BEYSHENOV): the record's name less the pair, or the
    //   traveler's less one letter, is the other's (the second asked only of a record whose
    //   letters allow it and whose given name could agree: it folds the traveler's name once
    //   a letter).
    // A near name further off (two edits, or alike by Jaro–Winkler only) weighs
    // `FeatureTable::family_alike`.
    let mut one_slip = family_match == WordMatch::Similar
        && edits_within(query_compact.as_bytes(), record_compact.as_bytes(), 1);
    // The dropped letter's forms cost a fold a letter: not made for an alignment that a slip's
    // weight could not let win (see `family_must_reach` below).
    let slip_could_win = family_must_reach.is_none_or(|at_least| {
        table
            .family_slip
            .max(table.family_slip_in_record)
            .max(table.family_similar)
            >= at_least - 1e-9
    });
    if !one_slip && !swapped && matches!(family_match, WordMatch::Different | WordMatch::Similar) {
        let one_edit = |form: &str| {
            form.len().min(record_compact.len()) >= 4
                && edits_within(form.as_bytes(), record_compact.as_bytes(), 1)
        };
        one_slip = slip_forms.iter().any(|form| one_edit(form))
            || (azerbaijani && same_in_both_alphabets_but_a_slip(&query_compact, &record_compact))
            || doubled_in_record(&query_compact, &record_compact)
            || (slip_could_win
                && could_lack_a_letter(&query_compact, &record_compact)
                && given_could_agree(query_given, record.given, traveler)
                && (scoring.record_family_is_rare(&record_compact)
                    || !scoring.family_known(query_family))
                && traveler.letter_dropped.leaves(&record_compact));
        if one_slip {
            family_match = WordMatch::Similar;
        }
    }
    // A near family name one slip from the record's, where the traveler's is no registry
    // person's or the record's no other person's or few persons': a slip, not another
    // person's near name (see `FeatureTable::family_slip`). Its namesakes are counted as the
    // name's, whose slip it is.
    let near_by_one_slip = family_match == WordMatch::Similar
        && !swapped
        && frequencies.persons() >= table.family_slip_min_persons
        && one_slip;
    let family_slip = if !near_by_one_slip {
        None
    } else if !scoring.family_known(query_family) {
        Some(FamilySlip::TravelersName)
    } else {
        scoring.record_slip(&record_compact)
    };
    let matched_exactly = family_match == WordMatch::Truncated || family_match.is_the_name();
    let counts_namesakes = matched_exactly || family_slip.is_some();
    // Frequencies are looked up only where they count (a hash and a map probe each): for a
    // family name that agrees, and below for a given name that agrees. A slip in the record
    // stands for the traveler's name, which the registry knows: its share weighs the slip and
    // counts its namesakes (the slip's own, one spelling's, would make a near name outweigh the
    // name itself on another person's record).
    let family_share = match (counts_namesakes, family_slip) {
        (false, _) => 1.0,
        (true, Some(FamilySlip::RecordsName { .. })) => frequencies
            .family_share(query_family)
            .max(frequencies.family_share(record.family)),
        (true, _) => frequencies.family_share(record.family),
    };
    let mut namesakes = frequencies.persons() * date_chance * crowd_of(family_match, family_share);
    let family_alike = family_match == WordMatch::Similar && !one_slip;
    let family_weight = match family_slip {
        Some(FamilySlip::TravelersName) => table.family_slip_weight(family_share),
        Some(FamilySlip::RecordsName { .. }) => table.record_slip_weight(family_share),
        None if family_alike => table.family_alike,
        None => table.family_weight(family_match, family_share),
    };
    let mut weight = family_weight;
    // A margin for rounding: the bound was taken in another order than the sum below.
    if let Some(at_least) = family_must_reach
        && weight < at_least - 1e-9
    {
        return Alignment::CannotWin {
            family: family_match,
        };
    }

    let mut given = None;
    for &q in query_given {
        for r in record.given.split(' ').filter(|w| !w.is_empty()) {
            let mut found = scoring.or_other_scheme(compare_given_word(q, r), q, r);
            if azerbaijani && found < WordMatch::NationalForm {
                found = found.max(compare_national(q, r));
            }
            if given.is_none_or(|(best, _, _)| found > best) {
                given = Some((found, q, r));
            }
        }
    }
    // Namesakes are counted from the family name: a given name alone (Akmal) is shared by
    // too many for its count to mean anything.
    // A near spelling of the given name (one letter apart) is taken to be about ten times as
    // common as the name itself.
    let given_share = match given {
        Some((found, _, r)) if found.is_the_name() => frequencies.given_share(r),
        Some((WordMatch::Similar | WordMatch::Truncated, _, r)) if counts_namesakes => {
            frequencies.given_share(r)
        }
        _ => 1.0,
    };
    if counts_namesakes {
        match given {
            Some((found, _, _)) if found.is_the_name() => {
                namesakes *= crowd_of(found, given_share);
            }
            Some((WordMatch::Similar | WordMatch::Truncated, _, _)) => {
                namesakes *= (10.0 * given_share).min(1.0);
            }
            _ => {}
        }
    } else {
        namesakes = 0.0;
    }
    if let Some((found, _, _)) = given {
        weight += table.given_weight(found, given_share);
    }

    // The record's patronymic may stand, unmarked, as a second given name in a passport.
    let query_patronymic = query_patronymic.or_else(|| {
        (!record.patronymic.is_empty())
            .then(|| {
                query_given
                    .iter()
                    .skip(1)
                    .copied()
                    .find(|w| *w == record.patronymic)
            })
            .flatten()
    });
    let patronymic = match query_patronymic {
        Some(q) if !record.patronymic.is_empty() => {
            let found = compare_given_word(q, record.patronymic);
            weight += table.patronymic_weight(found);
            Some((found, q, record.patronymic))
        }
        _ => None,
    };
    if swapped {
        weight += table.swapped_order;
    }
    weight += table.common_name * namesakes.ln_1p();
    Alignment::Compared(NameComparison {
        swapped,
        namesakes,
        family_slip,
        family_alike,
        family_weight,
        family: (family_match, query_family, record.family),
        given,
        patronymic,
        weight,
    })
}

/// The best alignment over every spelling of the record (`scoring.record_names`), in written
/// order and with family and given names swapped (a form filled in the wrong order, or a
/// record that did). With `prune`, an alignment that cannot beat the best so far is not
/// compared to the end (the same result: the tests compare both).
fn best_alignment<'q, 'r>(
    scoring: &NameScoring<'r>,
    (query_family, query_given, query_patronymic): (&'q str, &[&'q str], Option<&'q str>),
    prune: bool,
) -> Option<NameComparison<'q, 'r>> {
    let mut best: Option<NameComparison<'q, 'r>> = None;
    // What an alignment's family name must weigh to leave it a chance to beat the best so far.
    let table = scoring.table;
    let rest = [
        table.after_family_at_most(false),
        table.after_family_at_most(true),
    ];
    let family_must_reach = |best: Option<NameComparison<'q, 'r>>, swapped: bool| {
        let rest = rest[usize::from(swapped)]?;
        best.filter(|_| prune).map(|b| b.weight - rest)
    };
    // The other order: the first given name taken for the family name, the family name for a
    // given name; made the first time a spelling's family name does not agree exactly.
    let swapped = std::cell::OnceCell::new();
    let swapped_names = || {
        swapped.get_or_init(|| {
            query_given.split_first().map(|(first_given, rest)| {
                let given: smallvec::SmallVec<[&'q str; 4]> = std::iter::once(query_family)
                    .chain(rest.iter().copied())
                    .collect();
                (*first_given, given)
            })
        })
    };
    for &spelling in scoring.record_names {
        let normal = compare_names(
            scoring,
            query_family,
            query_given,
            query_patronymic,
            spelling,
            false,
            family_must_reach(best, false),
        );
        let family_exact = normal.family() == WordMatch::Exact;
        best = normal.beats(best).or(best);
        // The other order, unless the family name agreed exactly as written.
        if !family_exact && let Some((first_given, given)) = swapped_names() {
            let other = compare_names(
                scoring,
                first_given,
                given,
                query_patronymic,
                spelling,
                true,
                family_must_reach(best, true),
            );
            best = other.beats(best).or(best);
        }
    }
    best
}

/// Scores `record` against `traveler`. With `explain`, the assessment lists every feature that
/// contributed; without, only the numbers are computed (the fast path for candidates that turn
/// out not to be hits).
pub fn assess(
    table: &FeatureTable,
    frequencies: &dyn NameFrequencies,
    traveler: &Traveler,
    record: &RecordView<'_>,
    explain: bool,
) -> Assessment {
    // On the stack: this runs for every candidate of every check.
    let query_given: smallvec::SmallVec<[&str; 4]> =
        traveler.name.given.iter().map(String::as_str).collect();
    let query_family: std::borrow::Cow<'_, str> = match traveler.name.family.as_slice() {
        [one] => one.as_str().into(),
        many => many.join(" ").into(),
    };
    let query_patronymic = traveler.name.patronymic.as_deref();

    let dates = compare_dates(traveler.birth_date, record.birth_date);
    let scoring = NameScoring {
        table,
        frequencies,
        date_chance: dates.chance(),
        traveler,
        family_known: std::cell::OnceCell::new(),
        record_names: &record.names,
    };
    let best = best_alignment(
        &scoring,
        (&query_family, &query_given, query_patronymic),
        true,
    );

    let date_weight = match dates {
        DateEvidence::Same => table.date_same,
        DateEvidence::Compatible {
            both_know_month: true,
        } => table.date_year_month,
        DateEvidence::Compatible {
            both_know_month: false,
        } => table.date_year,
        DateEvidence::Placeholder => table.date_placeholder,
        DateEvidence::DayMonthSwapped => table.date_day_month_swapped,
        DateEvidence::OneDigitSlip => table.date_one_digit_slip,
        DateEvidence::Unknown => 0.0,
        DateEvidence::Different { years_apart: 0 } => table.date_different_same_year,
        DateEvidence::Different { .. } => table.date_different,
    };

    let document = traveler.document.and_then(|query| {
        if record.documents.contains(&query) {
            Some(("same", table.document_same))
        } else if record
            .documents
            .iter()
            .any(|d| d.number() == query.number())
        {
            Some(("same_number_other_state", table.document_number_only))
        } else {
            None
        }
    });

    let sex = match (traveler.sex, record.sex) {
        (Some(q), Some(r)) if q == r => Some(("same", table.sex_same)),
        (Some(_), Some(_)) => Some(("different", table.sex_different)),
        _ => None,
    };
    let nationality = match traveler.nationality {
        Some(q) if !record.citizenship.is_empty() => Some(if record.citizenship.contains(&q) {
            ("same", table.nationality_same)
        } else {
            ("different", table.nationality_different)
        }),
        _ => None,
    };

    let name_weight = best.map_or(0.0, |b| b.weight);
    let weight = name_weight
        + date_weight
        + document.map_or(0.0, |d| d.1)
        + sex.map_or(0.0, |s| s.1)
        + nationality.map_or(0.0, |n| n.1);
    // Strong needs more than names: a document, or a birth date that pins the day with the
    // family name itself (exact, cut short, or written by another alphabet; not a near or
    // gender form of it, nor the same only without diacritics) and a given name.
    // The whole name, that is: a family name and a given name that agree; a traveler without
    // a given name, or a record without one, leaves too many namesakes for the system to act.
    // Read in the other order, only exact names hold: surnames are made of given names
    // (Хуршид → Хуршидов), so a given name is the cut-short form of many a surname, and
    // JASUROVA KHURSHID would otherwise hold for Хуршидов Жасур.
    let whole_name_holds = best.is_some_and(|b| {
        if b.swapped {
            return b.family.0 == WordMatch::Exact
                && matches!(b.given, Some((WordMatch::Exact, _, _)));
        }
        // A name the same only without diacritics does not hold: the letters lost (ш and с, ж
        // and з, ч and ц) tell other names apart as often as not (Шалимов / Салимов, Джафар /
        // Зафар), and the system must not act on that; an officer looks. Nor one the same
        // only by another scheme's letters (an H is х as often as г, a CH ч as often as ш).
        let holds = |found: WordMatch| {
            matches!(
                found,
                WordMatch::Exact | WordMatch::Truncated | WordMatch::NationalForm
            )
        };
        holds(b.family.0)
            && match b.given {
                Some((found, _, _)) if holds(found) => true,
                // A slip of one letter; not two names that merely look alike: Central Asian
                // given names share their endings (Эрланбай / Мирланбай, two edits), and a
                // namesake with the same family name and birth date must not be stopped by
                // the system on that.
                // So is a given name one letter from the record's read by another scheme's
                // letters (IHOR for Игорь on a Ukrainian passport), as it was before that
                // reading.
                Some((WordMatch::Similar | WordMatch::OtherScheme, q, r)) => {
                    edits_within(q.as_bytes(), r.as_bytes(), 1)
                }
                _ => false,
            }
    });
    let corroborated = document.is_some() || (whole_name_holds && dates.pins_the_day());
    let band = if weight >= table.strong_at && corroborated {
        Some(Band::Strong)
    } else if weight >= table.possible_at && table.possible_needs.admits(dates, document.is_some())
    {
        Some(Band::Possible)
    } else {
        None
    };

    let mut features = Vec::new();
    if explain {
        if let Some(names) = best {
            explain_names(table, frequencies, &names, &mut features);
        }
        features.push(Feature {
            feature: "birth_date",
            outcome: date_outcome(dates),
            detail: format!(
                "{} / {}",
                show_date(traveler.birth_date),
                show_date(record.birth_date)
            ),
            weight: date_weight,
        });
        if let Some((outcome, weight)) = document {
            features.push(Feature {
                feature: "document",
                outcome,
                detail: String::from("document number on record"),
                weight,
            });
        }
        if let Some((outcome, weight)) = sex {
            features.push(Feature {
                feature: "sex",
                outcome,
                detail: String::new(),
                weight,
            });
        }
        if let Some((outcome, weight)) = nationality {
            features.push(Feature {
                feature: "nationality",
                outcome,
                detail: String::new(),
                weight,
            });
        }
    }
    Assessment {
        weight,
        score: table.score(weight),
        band,
        birth_date: dates,
        document_agrees: document.is_some(),
        features,
    }
}

fn explain_names(
    table: &FeatureTable,
    frequencies: &dyn NameFrequencies,
    names: &NameComparison<'_, '_>,
    features: &mut Vec<Feature>,
) {
    let (found, q, r) = names.family;
    let detail = match names.family_slip {
        Some(FamilySlip::TravelersName) => format!(
            "{} ({q}: not among the registry's family names)",
            pair(q, r, found)
        ),
        Some(FamilySlip::RecordsName { alone: true }) => format!(
            "{} ({r}: no other registry person's family name)",
            pair(q, r, found)
        ),
        Some(FamilySlip::RecordsName { alone: false }) => format!(
            "{} ({r}: a family name few registry persons bear)",
            pair(q, r, found)
        ),
        None if names.family_alike => format!("{} (more than one slip apart)", pair(q, r, found)),
        None => pair(q, r, found),
    };
    features.push(Feature {
        feature: "family_name",
        outcome: found.as_str(),
        detail,
        weight: names.family_weight,
    });
    if let Some((found, q, r)) = names.given {
        features.push(Feature {
            feature: "given_name",
            outcome: found.as_str(),
            detail: pair(q, r, found),
            weight: table.given_weight(found, frequencies.given_share(r)),
        });
    }
    if let Some((found, q, r)) = names.patronymic {
        features.push(Feature {
            feature: "patronymic",
            outcome: found.as_str(),
            detail: pair(q, r, found),
            weight: table.patronymic_weight(found),
        });
    }
    let common = table.common_name * names.namesakes.ln_1p();
    if common.abs() >= 0.05 {
        features.push(Feature {
            feature: "common_name",
            outcome: "namesakes_expected",
            detail: format!(
                "{:.2} registry persons expected to share the name and agree as well on the birth date",
                names.namesakes
            ),
            weight: common,
        });
    }
    if names.swapped {
        features.push(Feature {
            feature: "name_order",
            outcome: "swapped",
            detail: String::from("family and given names in the other order"),
            weight: table.swapped_order,
        });
    }
}

fn pair(query: &str, record: &str, found: WordMatch) -> String {
    let mut text = String::with_capacity(query.len() + record.len() + 3);
    let sign = if found == WordMatch::Exact { '=' } else { '~' };
    let _ = write!(text, "{query} {sign} {record}");
    text
}

fn show_date(date: Option<PartialDate>) -> String {
    date.map_or_else(|| String::from("unknown"), |d| d.to_string())
}

fn date_outcome(evidence: DateEvidence) -> &'static str {
    match evidence {
        DateEvidence::Same => "same",
        DateEvidence::Compatible {
            both_know_month: true,
        } => "same_year_month",
        DateEvidence::Compatible {
            both_know_month: false,
        } => "same_year",
        DateEvidence::Placeholder => "placeholder",
        DateEvidence::DayMonthSwapped => "day_month_swapped",
        DateEvidence::OneDigitSlip => "one_digit_slip",
        DateEvidence::Unknown => "unknown",
        DateEvidence::Different { .. } => "different",
    }
}

#[cfg(test)]
mod tests {
    use super::{FeatureTable, WordMatch, common_letters, edits_within, same_without_diacritics};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn bounded_edits_agree_with_the_full_distance(a in "[a-e]{0,12}", b in "[a-e]{0,12}", limit in 0usize..4) {
            let full = strsim::osa_distance(&a, &b);
            prop_assert_eq!(edits_within(a.as_bytes(), b.as_bytes(), limit), full <= limit);
        }

        #[test]
        fn missing_letters_bound_the_edit_distance(a in "[a-f]{0,10}", b in "[a-f]{0,10}") {
            let common = common_letters(a.as_bytes(), b.as_bytes());
            prop_assert!(a.len().max(b.len()) - common <= strsim::osa_distance(&a, &b));
        }

        #[test]
        fn common_letters_bound_the_jaro_matches(a in "[a-f]{1,10}", b in "[a-f]{1,10}") {
            let common = common_letters(a.as_bytes(), b.as_bytes()) as f64;
            let bound = (common / a.len() as f64 + common / b.len() as f64 + 1.0) / 3.0;
            prop_assert!(strsim::jaro(&a, &b) <= bound + 1e-9);
        }
    }

    #[test]
    fn names_written_without_diacritics_are_the_same_without_the_letters_lost() {
        assert!(same_without_diacritics(b"zamsidzon", b"jamshijon"));
        assert!(same_without_diacritics(b"serzod", b"sherzod"));
        assert!(same_without_diacritics(b"ulia", b"yulia"));
        assert!(same_without_diacritics(b"tsolpon", b"cholpon"));
        // ICU's ASCII form loses the glide that folding writes as `i` (Аяз, Илья, Зоя).
        assert!(same_without_diacritics(b"aaz", b"aiaz"));
        assert!(same_without_diacritics(b"ila", b"ilia"));
        assert!(same_without_diacritics(b"zoa", b"zoia"));
        assert!(!same_without_diacritics(b"ila", b"iliana"));
        assert!(!same_without_diacritics(b"serzod", b"sherali"));
        assert!(!same_without_diacritics(b"karimov", b"kerimov"));
        assert!(!same_without_diacritics(b"ulia", b"yuliana"));
        // One way: the traveler's spelling lost letters, it did not gain them.
        assert!(!same_without_diacritics(b"ishakov", b"isakov"));
        assert!(!same_without_diacritics(b"sherzod", b"serzod"));
        assert!(!same_without_diacritics(b"yulia", b"ulia"));
        // An `h` that is х is not lost, nor an `i` before `e`, nor ж read from a `j`.
        assert!(!same_without_diacritics(b"akimov", b"hakimov"));
        assert!(!same_without_diacritics(b"kulev", b"kuliev"));
        assert!(!same_without_diacritics(b"jafarov", b"zafarov"));
        assert!(same_without_diacritics(b"dzafarov", b"jafarov"));
        assert!(!same_without_diacritics(b"dzafarov", b"zafarov"));
        assert!(!same_without_diacritics(b"zagoev", b"dzagoev"));
        assert!(same_without_diacritics(b"zasur", b"jasur"));
    }

    /// Shares that differ from name to name (from a hash), so that the weights and the
    /// namesakes' term differ too, and a registry that lacks some family names.
    struct HashedFrequencies;

    impl HashedFrequencies {
        fn share(name: &str) -> f64 {
            let hash = name
                .bytes()
                .fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
            10f64.powf(-1.0 - (hash % 60) as f64 / 10.0)
        }
    }

    impl super::NameFrequencies for HashedFrequencies {
        fn family_share(&self, folded: &str) -> f64 {
            Self::share(folded)
        }
        fn given_share(&self, folded: &str) -> f64 {
            Self::share(folded)
        }
        fn knows_family(&self, folded: &str) -> bool {
            Self::share(folded) > 1e-4
        }
        /// A name it does not know is one spelling's alone, so that a record's slip is tried too.
        fn family_spellings(&self, compacted: &str) -> Option<u32> {
            Some(if self.knows_family(compacted) {
                1_000
            } else {
                1
            })
        }
        fn persons(&self) -> f64 {
            1e6
        }
    }

    const FAMILIES: [&str; 20] = [
        "ABDULLAYEV",
        "Абдуллаев",
        "ABDULAEV",
        "KARIMOV",
        "Каримов",
        "KERIMOV",
        "Керимова",
        "HUSEYNOV",
        "Гусейнов",
        "QULIYEV",
        "Кулиев",
        "RAHMONOV",
        "Рахмонов",
        "AKMAL",
        "Акмалов",
        "ZAFAROV",
        "Джафаров",
        "Хасанова",
        "KASANOVA",
        "SHERZOD",
    ];
    const GIVENS: [&str; 14] = [
        "AKMAL",
        "Акмал",
        "AKMALJON",
        "SHERZOD",
        "Шерзод",
        "SERZOD",
        "JASUR",
        "Жасур",
        "KARIM",
        "Карим",
        "YULIA",
        "Юлия",
        "RAHMON",
        "ALI",
    ];
    const PATRONYMICS: [&str; 4] = ["", "Акмалович", "Каримовна", "Шерзодович"];

    proptest! {
        #[test]
        fn pruned_alignments_leave_the_best_alignment_as_it_was(
            family in 0..FAMILIES.len(),
            given in 0..GIVENS.len(),
            second_given in proptest::option::of(0..GIVENS.len()),
            nationality in prop::sample::select(vec!["UZB", "AZE", "RUS"]),
            spellings in proptest::collection::vec(
                (0..FAMILIES.len(), 0..GIVENS.len(), 0..PATRONYMICS.len()),
                1..4,
            ),
        ) {
            let given = match second_given {
                Some(second) => format!("{} {}", GIVENS[given], GIVENS[second]),
                None => GIVENS[given].to_owned(),
            };
            let state = berkut_core::IssuingState::try_from(nationality.to_owned()).unwrap();
            let traveler = super::Traveler::new(
                FAMILIES[family],
                Some(&given),
                berkut_core::PartialDate::parse("1990").ok(),
                None,
                Some(&state),
                None,
            );
            let folded: Vec<(String, String, String)> = spellings
                .iter()
                .map(|&(f, g, p)| {
                    let patronymic = crate::fold::fold(PATRONYMICS[p]);
                    let words: Vec<String> =
                        patronymic.split(' ').filter(|w| !w.is_empty()).map(str::to_owned).collect();
                    (
                        crate::fold::fold(FAMILIES[f]),
                        crate::fold::fold(GIVENS[g]),
                        crate::name::patronymic_stem(&words).unwrap_or_default(),
                    )
                })
                .collect();
            let names: Vec<super::NameRef<'_>> = folded
                .iter()
                .map(|(family, given, patronymic)| super::NameRef { family, given, patronymic })
                .collect();
            let scoring = super::NameScoring {
                table: &FeatureTable::DEFAULT,
                frequencies: &HashedFrequencies,
                date_chance: 0.02,
                traveler: &traveler,
                family_known: std::cell::OnceCell::new(),
                record_names: &names,
            };
            let query_given: Vec<&str> = traveler.name.given.iter().map(String::as_str).collect();
            let query_family = traveler.name.family.join(" ");
            let query = (query_family.as_str(), query_given.as_slice(), traveler.name.patronymic.as_deref());
            let summary = |best: Option<super::NameComparison<'_, '_>>| {
                format!("{:?}", best.map(|b| (b.weight, b.swapped, b.family, b.given, b.patronymic)))
            };
            prop_assert_eq!(
                summary(super::best_alignment(&scoring, query, true)),
                summary(super::best_alignment(&scoring, query, false))
            );
        }
    }

    #[test]
    fn no_given_name_or_patronymic_weighs_more_than_an_alignment_is_pruned_by() {
        // `assess` leaves an alignment once its family name plus this bound cannot beat the
        // best so far: a given name or patronymic weighing more would be lost.
        // Every variant: the match below stops compiling when one is added and not listed.
        let _listed = |found: WordMatch| match found {
            WordMatch::Different
            | WordMatch::Similar
            | WordMatch::GenderForm
            | WordMatch::OtherScheme
            | WordMatch::Truncated
            | WordMatch::WithoutDiacritics
            | WordMatch::NationalForm
            | WordMatch::Exact => {}
        };
        let table = FeatureTable::DEFAULT;
        let every = [
            WordMatch::Different,
            WordMatch::Similar,
            WordMatch::GenderForm,
            WordMatch::OtherScheme,
            WordMatch::Truncated,
            WordMatch::WithoutDiacritics,
            WordMatch::NationalForm,
            WordMatch::Exact,
        ];
        for swapped in [false, true] {
            let bound = table
                .after_family_at_most(swapped)
                .expect("the shipped table's namesakes only take away");
            for given in every {
                for share in [1e-9, 1e-6, 1e-3, 0.1, 1.0] {
                    for patronymic in every {
                        let order = if swapped { table.swapped_order } else { 0.0 };
                        let weight = table.given_weight(given, share)
                            + table.patronymic_weight(patronymic)
                            + order;
                        assert!(weight <= bound, "{given:?} {patronymic:?} {share}");
                    }
                    // Without a patronymic.
                    let order = if swapped { table.swapped_order } else { 0.0 };
                    assert!(table.given_weight(given, share) + order <= bound);
                }
            }
            // Without a given name either.
            for patronymic in every {
                let order = if swapped { table.swapped_order } else { 0.0 };
                assert!(table.patronymic_weight(patronymic) + order <= bound);
            }
        }
    }

    #[test]
    fn a_swap_of_neighbours_is_one_edit() {
        assert!(edits_within(b"karimov", b"kraimov", 1));
        assert!(edits_within(b"abdullaev", b"abdulaev", 1));
        assert!(!edits_within(b"karimov", b"kerimova", 1));
        assert!(edits_within(b"karimov", b"kerimova", 2));
    }
}
