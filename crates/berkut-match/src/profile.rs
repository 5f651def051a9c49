//! The two sides of a comparison built from domain values: a [`Traveler`] from a passport or a
//! form, a [`Record`] from a registry person. Folding happens here, once per side, so that
//! scoring compares ready strings.

use berkut_core::{DocumentNumber, IssuingState, PartialDate, Person, Sex};

use crate::azerbaijani::{ClerkReadings, q_as_g, reads_as_azerbaijani};
use crate::fold::{french_reading, h_as_g, j_as_glide, reads_as_french, ye_as_e};
use crate::name::NameParts;
use crate::score::{DocumentKey, NameRef, RecordView, Traveler};

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
        // as `й`, or else a `ye` after a consonant as `е`, if there is one.
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
                j_as_glide(part).or_else(|| ye_as_e(part))
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
        Traveler {
            name: NameParts::new(family, given, None),
            alternate,
            azerbaijani,
            // An Azerbaijani's names as a Russian clerk likely wrote them; anyone else's `h`
            // also as the `г` of the Ukrainian and Belarusian schemes (EHOROVA for Егорова).
            clerk_readings: if azerbaijani {
                ClerkReadings::new(family, given)
            } else {
                ClerkReadings::read_by(family, given, |name| h_as_g(name).into_iter().collect())
            },
            birth_date,
            sex,
            nationality: nationality.and_then(alpha2_bytes),
            document: document
                .map(|(state, number)| DocumentKey::new(state.as_str(), number.as_str())),
        }
    }
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
