//! The two sides of a comparison built from domain values: a [`Traveler`] from a passport or a
//! form, a [`Record`] from a registry person. Folding happens here, once per side, so that
//! scoring compares ready strings.

use berkut_core::{DocumentNumber, IssuingState, PartialDate, Person, Sex};

use crate::azerbaijani::{initial_a_as_e, q_as_g, reads_as_azerbaijani, russian_readings};
use crate::fold::{fold_letter_by_letter, french_reading, j_as_glide, reads_as_french, ye_as_e};
use crate::name::NameParts;
use crate::readings::{ClerkReadings, SchemeReadings, forms_other_than, push_other_scheme_words};
use crate::score::{DocumentKey, LetterDropped, NameRef, RecordView, Traveler, compact};

impl Traveler {
    /// A traveler from the fields of a passport or a form. `nationality` and the document's
    /// state are ICAO codes as printed in the MRZ (`UZB`).
    pub fn new(
        family: &str,
        given: Option<&str>,
        birth_date: Option<PartialDate>,
        sex: Option<Sex>,
        nationality: Option<&IssuingState>,
        document: Option<(&IssuingState, &DocumentNumber)>,
    ) -> Self {
        // The other reading of each part: the French-based scheme's letters, for a name that
        // has them; an Azerbaijani passport's `q` as `g`; otherwise a Latin `j` before a vowel
        // as `й`, and a `ye` after a consonant as `е`, if there is either. Both in one reading:
        // a scheme that writes every е as YE writes ж as J (cyrtranslit's Mongolian
        // JUMABYEKOV MIRLANBYEK for Жумабеков Мирланбек), and a name read with the one but not
        // the other stays two letters from the record's.
        let azerbaijani = reads_as_azerbaijani(
            nationality.map(IssuingState::as_str),
            document.map(|(state, _)| state.as_str()),
            [family, given.unwrap_or_default()],
        );
        let french = reads_as_french(&[family, given.unwrap_or_default()]);
        let other_reading = |part: &str| {
            if french {
                Some(french_reading(part))
            } else if azerbaijani && let Some(read) = q_as_g(part) {
                Some(read)
            } else {
                match j_as_glide(part) {
                    Some(glide) => Some(ye_as_e(&glide).unwrap_or(glide)),
                    None => ye_as_e(part),
                }
            }
        };
        let (alt_family, alt_given) = (other_reading(family), given.and_then(other_reading));
        let alternate = (alt_family.is_some() || alt_given.is_some()).then(|| {
            NameParts::new(
                alt_family.as_deref().unwrap_or(family),
                alt_given.as_deref().or(given),
                None,
            )
        });
        // The name by other schemes' letters (see `crate::readings`): looked up under the keys
        // of each reading, and its words so read agree as `other_scheme`.
        let schemes = SchemeReadings::for_traveler(
            [family, given.unwrap_or_default()],
            document.map(|(state, _)| state.as_str()),
            azerbaijani,
            french,
        );
        let mut other_scheme_words = Vec::new();
        let alt_parts = [alt_family.as_deref(), alt_given.as_deref()];
        for part in [Some(family), given].into_iter().chain(alt_parts).flatten() {
            push_other_scheme_words(part, &schemes.of(part), &mut other_scheme_words);
        }
        // The keys' readings: those, and an Azerbaijani's names also as a Russian clerk likely
        // wrote them (those letters themselves are compared by
        // `azerbaijani::same_in_both_alphabets`).
        let key_readings = |part: &str| {
            let mut readings = if azerbaijani {
                russian_readings(part)
            } else {
                Vec::new()
            };
            readings.extend(schemes.of(part));
            readings
        };
        // The family name's: those, and an Azerbaijani's initial `ə` (or `A`) also as `э`. A
        // clerk's reading like the others: looked up under its keys (in the other order too, as
        // a given name), and a registry person who bears it makes the traveler's family name
        // one the registry knows (see `NameScoring::family_known`), as Эфендиев makes
        // AFANDIYEV.
        let family_key_readings = |family: &str| {
            let mut readings = key_readings(family);
            if azerbaijani {
                readings.extend(initial_a_as_e(family));
            }
            readings
        };
        // The alternate reading is looked up under its own readings' keys too (JULIJA EHOROVA,
        // JAHUBOV: a `j` glide and a г written H), but for an Azerbaijani whose alternate is
        // its `q` read as `g`: the clerk's readings have that `q` as `г` already.
        let q_read_as_g = azerbaijani
            && [family, given.unwrap_or_default()]
                .iter()
                .any(|part| part.contains(['q', 'Q']));
        let alternate_clerk_readings = if alternate.is_some() && !q_read_as_g {
            ClerkReadings::read_by(
                alt_family.as_deref().unwrap_or(family),
                alt_given.as_deref().or(given),
                key_readings,
                key_readings,
            )
        } else {
            ClerkReadings::default()
        };
        let clerk_readings =
            ClerkReadings::read_by(family, given, family_key_readings, key_readings);
        let name = NameParts::new(family, given, None);
        let slip_forms = slip_forms_of(family, &name.family, azerbaijani);
        // The alternate reading's: its family name's, or where only the given name reads
        // otherwise, the family name's own.
        let alternate_slip_forms = match (alt_family.as_deref(), &alternate) {
            (Some(alt), Some(read)) => slip_forms_of(alt, &read.family, azerbaijani),
            (None, Some(_)) => slip_forms.clone(),
            (_, None) => Vec::new(),
        };
        let alternate_letter_dropped = if alternate.is_some() {
            LetterDropped::new(alt_family.as_deref().unwrap_or(family))
        } else {
            LetterDropped::default()
        };
        Traveler {
            name,
            alternate,
            azerbaijani,
            clerk_readings,
            alternate_clerk_readings,
            other_scheme_words,
            slip_forms,
            alternate_slip_forms,
            letter_dropped: LetterDropped::new(family),
            alternate_letter_dropped,
            birth_date,
            sex,
            nationality: nationality.and_then(alpha2_bytes),
            document: document
                .map(|(state, number)| DocumentKey::new(state.as_str(), number.as_str())),
        }
    }
}

/// See [`Traveler::slip_forms`]: the family name (as written; `folded`, its words as folding
/// gives them), and for an Azerbaijani also the names a Russian clerk likely wrote for it, each
/// folded letter by letter and compacted, if that differs from the name's folded form; each
/// once.
fn slip_forms_of(family: &str, folded: &[String], azerbaijani: bool) -> Vec<String> {
    let clerks = if azerbaijani {
        russian_readings(family)
    } else {
        Vec::new()
    };
    let names = std::iter::once(family).chain(clerks.iter().map(String::as_str));
    forms_other_than(&folded.concat(), names, |name| {
        compact(&fold_letter_by_letter(name)).into_owned()
    })
}

fn alpha2_bytes(state: &IssuingState) -> Option<[u8; 2]> {
    let code = state.alpha2()?.as_bytes();
    Some([code[0], code[1]])
}

/// One folded spelling of a record's name, owned.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Spelling {
    pub family: String,
    pub given: String,
    pub patronymic: String,
}

/// A registry person folded for matching.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Record {
    pub names: Vec<Spelling>,
    pub birth_date: Option<PartialDate>,
    pub sex: Option<Sex>,
    pub citizenship: Vec<[u8; 2]>,
    pub documents: Vec<DocumentKey>,
}

impl Record {
    /// Folds every spelling of the person's name (spellings that fold alike are kept once).
    pub fn from_person(person: &Person) -> Self {
        let mut names: Vec<Spelling> = Vec::with_capacity(person.names.len());
        for name in &person.names {
            let parts = NameParts::new(
                name.family.as_str(),
                name.given.as_ref().map(|g| g.as_str()),
                name.patronymic.as_ref().map(|p| p.as_str()),
            );
            let spelling = Spelling {
                family: parts.family.join(" "),
                given: parts.given.join(" "),
                patronymic: parts.patronymic.unwrap_or_default(),
            };
            if !spelling.family.is_empty() && !names.contains(&spelling) {
                names.push(spelling);
            }
        }
        Record {
            names,
            birth_date: person.birth_date,
            sex: person.sex,
            citizenship: person
                .citizenship
                .iter()
                .map(|c| {
                    let b = c.as_str().as_bytes();
                    [b[0], b[1]]
                })
                .collect(),
            documents: person
                .documents
                .iter()
                .map(|d| DocumentKey::new(d.country.as_str(), d.number.as_str()))
                .collect(),
        }
    }

    /// The record as the scorer reads it.
    pub fn view(&self) -> RecordView<'_> {
        RecordView {
            names: self
                .names
                .iter()
                .map(|s| NameRef {
                    family: &s.family,
                    given: &s.given,
                    patronymic: &s.patronymic,
                })
                .collect(),
            birth_date: self.birth_date,
            sex: self.sex,
            citizenship: &self.citizenship,
            documents: &self.documents,
        }
    }
}
