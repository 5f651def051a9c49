//! A decision about a person: an administrative or criminal decision of Kazakhstan or of a
//! partner state, one revision of it, exactly as `shared/spec/exchange-format.md` defines it.
//!
//! `(source, reference)` identifies a decision for ever; each revision is a new state of it
//! (pending, then final, then executed...). The registry keeps every revision; which one is
//! current is derived from the revision numbers.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::country::CountryCode;
use crate::date::{parse_date, strict_date};
use crate::person::Person;
use crate::text::{bounded, string_newtype};

/// The issuing authority's code (`MVD`, `FSSP`), at most 64 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Authority(String);
string_newtype!(Authority);

impl TryFrom<String> for Authority {
    type Error = String;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        bounded(&text, "an authority code", 64)?;
        Ok(Self(text))
    }
}

/// The issuer's own reference for a decision, at most 128 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Reference(String);
string_newtype!(Reference);

impl TryFrom<String> for Reference {
    type Error = String;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        bounded(&text, "a reference", 128)?;
        Ok(Self(text))
    }
}

/// The article of law a decision rests on, free text of at most 512 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LegalBasis(String);
string_newtype!(LegalBasis);

impl TryFrom<String> for LegalBasis {
    type Error = String;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        bounded(&text, "a legal basis", 512)?;
        Ok(Self(text))
    }
}

/// A revision number, 1 or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Revision(u32);

impl Revision {
    /// The first revision of a decision.
    pub const FIRST: Revision = Revision(1);

    /// A revision from its number; `None` for 0.
    pub fn new(number: u32) -> Option<Self> {
        (number >= 1).then_some(Self(number))
    }

    /// The revision number.
    pub fn get(self) -> u32 {
        self.0
    }
}

impl fmt::Display for Revision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for Revision {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u32(self.0)
    }
}

impl<'de> Deserialize<'de> for Revision {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RevisionNumber;

        impl serde::de::Visitor<'_> for RevisionNumber {
            type Value = Revision;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a revision number (an integer from 1)")
            }

            fn visit_u64<E: serde::de::Error>(self, number: u64) -> Result<Revision, E> {
                u32::try_from(number)
                    .ok()
                    .and_then(Revision::new)
                    .ok_or_else(|| {
                        E::custom(format!(
                            "expected a revision number from 1 to {}, got {number}",
                            u32::MAX
                        ))
                    })
            }

            fn visit_i64<E: serde::de::Error>(self, number: i64) -> Result<Revision, E> {
                Err(E::custom(format!(
                    "expected a revision number from 1 to {}, got {number}",
                    u32::MAX
                )))
            }
        }

        deserializer.deserialize_u64(RevisionNumber)
    }
}

/// Administrative or criminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    Administrative,
    Criminal,
}

/// Names each variant of a snake_case serde enum as the exchange format writes it, so that the
/// store can keep the same words without going through JSON.
macro_rules! wire_names {
    ($enum:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $enum {
            /// The name the exchange format uses for this value.
            pub fn as_str(self) -> &'static str {
                match self { $($enum::$variant => $name),+ }
            }

            /// The value the exchange format names so.
            pub fn from_wire(name: &str) -> Option<Self> {
                match name { $($name => Some($enum::$variant),)+ _ => None }
            }
        }

        impl fmt::Display for $enum {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

wire_names!(DecisionKind { Administrative => "administrative", Criminal => "criminal" });
wire_names!(Category {
    UnpaidFine => "unpaid_fine",
    MigrationViolation => "migration_violation",
    AdministrativeOffence => "administrative_offence",
    SeriousCrime => "serious_crime",
    OrganizedCrime => "organized_crime",
    Extremism => "extremism",
    Terrorism => "terrorism",
    SexualOffenceAgainstMinor => "sexual_offence_against_minor",
    Deportation => "deportation",
    EntryBan => "entry_ban",
    Other => "other",
});
wire_names!(Status { Pending => "pending", Final => "final", Executed => "executed", Revoked => "revoked" });

/// What a decision is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    UnpaidFine,
    MigrationViolation,
    AdministrativeOffence,
    SeriousCrime,
    OrganizedCrime,
    Extremism,
    Terrorism,
    SexualOffenceAgainstMinor,
    Deportation,
    EntryBan,
    Other,
}

impl Category {
    /// Every category, in the order of the exchange format.
    pub const ALL: [Category; 11] = [
        Category::UnpaidFine,
        Category::MigrationViolation,
        Category::AdministrativeOffence,
        Category::SeriousCrime,
        Category::OrganizedCrime,
        Category::Extremism,
        Category::Terrorism,
        Category::SexualOffenceAgainstMinor,
        Category::Deportation,
        Category::EntryBan,
        Category::Other,
    ];
}

/// Where a decision stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// No final decision yet.
    Pending,
    Final,
    /// Fine paid, sentence served.
    Executed,
    Revoked,
}

impl Status {
    /// Every status.
    pub const ALL: [Status; 4] = [
        Status::Pending,
        Status::Final,
        Status::Executed,
        Status::Revoked,
    ];
}

/// The end of an entry ban.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BanUntil {
    Date(NaiveDate),
    Permanent,
}

impl Serialize for BanUntil {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            BanUntil::Date(date) => strict_date::serialize(date, serializer),
            BanUntil::Permanent => serializer.serialize_str("permanent"),
        }
    }
}

impl<'de> Deserialize<'de> for BanUntil {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text == "permanent" {
            return Ok(BanUntil::Permanent);
        }
        parse_date(&text).map(BanUntil::Date).map_err(|_| {
            serde::de::Error::custom(format!(
                "expected a date as YYYY-MM-DD or \"permanent\", got {text:?}"
            ))
        })
    }
}

/// A decimal amount of money as the exchange format writes it (`"5000.00"`): digits, and at
/// most four after the point. Kept as text so that no rounding ever changes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FineAmount(String);
string_newtype!(FineAmount);

impl TryFrom<String> for FineAmount {
    type Error = String;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        let ok = (1..=15).contains(&whole.len())
            && whole.bytes().all(|b| b.is_ascii_digit())
            && fraction.len() <= 4
            && fraction.bytes().all(|b| b.is_ascii_digit())
            && !(text.contains('.') && fraction.is_empty());
        if ok {
            Ok(Self(text))
        } else {
            Err(format!(
                "expected an amount as a decimal string such as \"5000.00\", got {text:?}"
            ))
        }
    }
}

/// An ISO 4217 currency code: three capital letters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CurrencyCode(String);
string_newtype!(CurrencyCode);

impl TryFrom<String> for CurrencyCode {
    type Error = String;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        if text.len() == 3 && text.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Self(text))
        } else {
            Err(format!(
                "expected an ISO 4217 currency code such as RUB, got {text:?}"
            ))
        }
    }
}

/// A fine, and whether it has been paid.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Fine {
    pub amount: FineAmount,
    pub currency: CurrencyCode,
    pub paid: bool,
}

/// The `schema` tag of a decision line: `berkut.decision/1`, the only version so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct DecisionSchema;

impl Serialize for DecisionSchema {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(crate::exchange::DECISION_SCHEMA)
    }
}

impl<'de> Deserialize<'de> for DecisionSchema {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text == crate::exchange::DECISION_SCHEMA {
            Ok(DecisionSchema)
        } else {
            Err(serde::de::Error::custom(format!(
                "expected {:?}, got {text:?}",
                crate::exchange::DECISION_SCHEMA
            )))
        }
    }
}

/// The identity of a decision across all its revisions.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DecisionId {
    pub source: CountryCode,
    pub reference: Reference,
}

impl fmt::Display for DecisionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.source, self.reference)
    }
}

/// One revision of a decision.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Decision {
    pub schema: DecisionSchema,
    pub source: CountryCode,
    pub authority: Authority,
    #[serde(rename = "ref")]
    pub reference: Reference,
    pub revision: Revision,
    pub kind: DecisionKind,
    pub category: Category,
    pub status: Status,
    #[serde(with = "strict_date")]
    pub decided_on: NaiveDate,
    #[serde(default)]
    pub ban_until: Option<BanUntil>,
    #[serde(default)]
    pub legal_basis: Option<LegalBasis>,
    #[serde(default)]
    pub fine: Option<Fine>,
    pub person: Person,
}

impl Decision {
    /// The identity shared by all revisions of this decision.
    pub fn id(&self) -> DecisionId {
        DecisionId {
            source: self.source.clone(),
            reference: self.reference.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_decimal_strings() {
        for good in ["5000.00", "0", "12.5", "999999999999999.9999"] {
            assert!(FineAmount::try_from(good.to_owned()).is_ok(), "{good}");
        }
        for bad in [
            "-5",
            "5.",
            ".5",
            "5,00",
            "1e3",
            "",
            "5.00001",
            "1234567890123456",
        ] {
            assert!(FineAmount::try_from(bad.to_owned()).is_err(), "{bad}");
        }
    }

    #[test]
    fn wire_names_match_serde() {
        for category in Category::ALL {
            let json = serde_json::to_string(&category).unwrap();
            assert_eq!(json, format!("\"{}\"", category.as_str()));
            assert_eq!(Category::from_wire(category.as_str()), Some(category));
        }
        for status in Status::ALL {
            assert_eq!(
                serde_json::to_string(&status).unwrap(),
                format!("\"{status}\"")
            );
        }
    }

    #[test]
    fn revision_zero_does_not_exist() {
        assert!(Revision::new(0).is_none());
        assert_eq!(Revision::new(3).map(Revision::get), Some(3));
    }
}
