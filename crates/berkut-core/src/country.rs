//! Country codes in the two forms the exchange format uses: ISO 3166-1 alpha-2 for states that
//! issue decisions and for citizenships, and the ICAO 9303 code of a document's issuing state as
//! printed in the MRZ (mostly ISO alpha-3, plus ICAO's own codes such as `D` for Germany and
//! `XXA` for a stateless person).
//!
//! Only the shape is checked here: ICAO adds codes over time and a partner may use one we do not
//! know yet, which must not reject a whole batch.

use crate::text::string_newtype;

/// An ISO 3166-1 alpha-2 code: two upper-case Latin letters (`RU`, `KZ`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode(String);
string_newtype!(CountryCode);

impl TryFrom<String> for CountryCode {
    type Error = String;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        if text.len() == 2 && text.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Self(text))
        } else {
            Err(format!(
                "expected an ISO 3166-1 alpha-2 country code (two capital letters), got {text:?}"
            ))
        }
    }
}

/// The issuing state of a travel document as ICAO 9303 prints it: one to three upper-case
/// letters (`UZB`, `RUS`, `D`). MRZ filler characters (`D<<`) are removed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IssuingState(String);
string_newtype!(IssuingState);

impl TryFrom<String> for IssuingState {
    type Error = String;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        let trimmed = text.trim_end_matches('<');
        if (1..=3).contains(&trimmed.len()) && trimmed.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Self(trimmed.to_owned()))
        } else {
            Err(format!(
                "expected an ICAO 9303 issuing state code (such as UZB or D), got {text:?}"
            ))
        }
    }
}

impl IssuingState {
    /// The ISO 3166-1 alpha-2 code of the state, for the states whose travelers and records
    /// Berkut sees most (the CIS, neighbours and the main transit states); `None` for others,
    /// which then give no evidence either way when a passport's nationality is compared with
    /// a record's citizenship.
    pub fn alpha2(&self) -> Option<&'static str> {
        Some(match self.0.as_str() {
            "KAZ" => "KZ",
            "RUS" => "RU",
            "UZB" => "UZ",
            "TJK" => "TJ",
            "KGZ" => "KG",
            "TKM" => "TM",
            "AZE" => "AZ",
            "ARM" => "AM",
            "GEO" => "GE",
            "BLR" => "BY",
            "UKR" => "UA",
            "MDA" => "MD",
            "CHN" => "CN",
            "MNG" => "MN",
            "AFG" => "AF",
            "IRN" => "IR",
            "PAK" => "PK",
            "IND" => "IN",
            "TUR" => "TR",
            "D" => "DE",
            "USA" => "US",
            "GBR" => "GB",
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_codes_are_two_capital_letters() {
        assert!(CountryCode::try_from("RU".to_owned()).is_ok());
        for bad in ["ru", "RUS", "R", "", "Р У"] {
            assert!(CountryCode::try_from(bad.to_owned()).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn issuing_states_drop_mrz_fillers() {
        assert_eq!(
            IssuingState::try_from("D<<".to_owned()).unwrap().as_str(),
            "D"
        );
        assert_eq!(
            IssuingState::try_from("UZB".to_owned()).unwrap().as_str(),
            "UZB"
        );
        assert!(IssuingState::try_from("uzb".to_owned()).is_err());
        assert!(IssuingState::try_from("UZBK".to_owned()).is_err());
        assert!(IssuingState::try_from("<<<".to_owned()).is_err());
    }
}
