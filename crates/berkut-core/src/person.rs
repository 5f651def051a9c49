//! The person a decision concerns, as the issuing authority recorded them: one or more spellings
//! of the name in any script, a birth date that may be partial, sex, citizenships and documents.
//!
//! Names are kept exactly as written (Cyrillic, Latin, Kazakh or Uzbek letters); comparing
//! spellings across scripts is the matching engine's job, not the registry's.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};

use crate::country::{CountryCode, IssuingState};
use crate::date::{PartialDate, strict_date_option};
use crate::text::{bounded, string_newtype};

/// Longest name part accepted, in characters.
pub const MAX_NAME_PART: usize = 128;

/// One part of a name (family, given or patronymic) in any script, trimmed, never blank.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NamePart(String);
string_newtype!(NamePart);

impl TryFrom<String> for NamePart {
    type Error = String;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        let trimmed = text.trim();
        bounded(trimmed, "a name", MAX_NAME_PART)?;
        Ok(Self(trimmed.to_owned()))
    }
}

/// One spelling of a person's name. Only the family name is required.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PersonName {
    pub family: NamePart,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given: Option<NamePart>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patronymic: Option<NamePart>,
}

/// Sex as recorded on the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sex {
    #[serde(rename = "M")]
    Male,
    #[serde(rename = "F")]
    Female,
}

/// A document number, normalised: upper case, with spaces and hyphens removed (`fa 123-4567`
/// and `FA1234567` are the same document).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocumentNumber(String);
string_newtype!(DocumentNumber);

impl TryFrom<String> for DocumentNumber {
    type Error = String;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        let normalised: String = text
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '<'))
            .flat_map(char::to_uppercase)
            .collect();
        if normalised.is_empty() || normalised.chars().count() > 32 {
            return Err(format!(
                "expected a document number of 1 to 32 letters and digits, got {text:?}"
            ));
        }
        if !normalised.chars().all(char::is_alphanumeric) {
            return Err(format!(
                "a document number has only letters and digits, got {text:?}"
            ));
        }
        Ok(Self(normalised))
    }
}

/// The kind of document (`passport`, `id_card`, `residence_permit`...), as a lower-case token.
/// Not a closed list: states issue kinds of documents we do not list, and such a document must
/// not reject a whole batch.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocumentType(String);
string_newtype!(DocumentType);

impl TryFrom<String> for DocumentType {
    type Error = String;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        let ok = (1..=32).contains(&text.len())
            && text.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
        if ok {
            Ok(Self(text))
        } else {
            Err(format!(
                "expected a document type such as passport or id_card (lower-case letters and _), got {text:?}"
            ))
        }
    }
}

/// A travel or identity document.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Document {
    #[serde(rename = "type")]
    pub document_type: DocumentType,
    pub country: IssuingState,
    pub number: DocumentNumber,
    #[serde(
        default,
        with = "strict_date_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub expires_on: Option<NaiveDate>,
}

/// The person a decision concerns.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Person {
    #[serde(deserialize_with = "at_least_one")]
    pub names: Vec<PersonName>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub citizenship: Vec<CountryCode>,
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub documents: Vec<Document>,
}

fn at_least_one<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let items = Vec::<T>::deserialize(deserializer)?;
    if items.is_empty() {
        return Err(serde::de::Error::custom("at least one name is required"));
    }
    Ok(items)
}

fn null_as_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_numbers_are_normalised() {
        let number = DocumentNumber::try_from("fa 123-4567".to_owned()).unwrap();
        assert_eq!(number.as_str(), "FA1234567");
        assert!(DocumentNumber::try_from("FA#1".to_owned()).is_err());
        assert!(DocumentNumber::try_from(" - ".to_owned()).is_err());
    }

    #[test]
    fn name_parts_are_trimmed_and_never_blank() {
        assert_eq!(
            NamePart::try_from(" Абдуллаев ".to_owned())
                .unwrap()
                .as_str(),
            "Абдуллаев"
        );
        assert!(NamePart::try_from("   ".to_owned()).is_err());
        assert!(NamePart::try_from("A".repeat(MAX_NAME_PART + 1)).is_err());
        assert!(NamePart::try_from("Ab\u{0}c".to_owned()).is_err());
    }
}
