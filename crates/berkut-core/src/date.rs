//! Calendar dates as the exchange format writes them, and birth dates that may be only partly
//! known.
//!
//! Registries in the region often know only the year of birth, or the year and month, and write
//! the unknown parts as `00` (`1985-00-00`). Such a placeholder means "unknown", not an
//! impossible date, so it is read as the partial date it stands for; `2023-02-30` is impossible
//! and rejected.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Parses a full ISO 8601 calendar date written exactly as `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let parts = split_digits(text)
        .filter(|parts| parts.len() == 3)
        .ok_or_else(|| format!("expected a date as YYYY-MM-DD, got {text:?}"))?;
    let (year, month, day) = (parts[0], parts[1], parts[2]);
    date_from_parts(text, year, month, day)
}

fn date_from_parts(text: &str, year: u32, month: u32, day: u32) -> Result<NaiveDate, String> {
    i32::try_from(year)
        .ok()
        .and_then(|year| NaiveDate::from_ymd_opt(year, month, day))
        .ok_or_else(|| format!("{text:?} is not a day of the calendar"))
}

/// Splits `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (four, two and two ASCII digits) into numbers.
fn split_digits(text: &str) -> Option<Vec<u32>> {
    let parts: Vec<&str> = text.split('-').collect();
    let widths = [4, 2, 2];
    if parts.is_empty() || parts.len() > 3 {
        return None;
    }
    parts
        .iter()
        .zip(widths)
        .map(|(part, width)| {
            (part.len() == width && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse().ok())
                .flatten()
        })
        .collect()
}

/// A date of which the year, the year and month, or all three parts are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    year: u16,
    month: Option<u8>,
    day: Option<u8>,
}

impl PartialDate {
    /// A fully known date.
    pub fn full(date: NaiveDate) -> Self {
        Self {
            year: u16::try_from(date.year()).unwrap_or(0),
            month: u8::try_from(date.month()).ok(),
            day: u8::try_from(date.day()).ok(),
        }
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; `00` in the month or day means unknown.
    pub fn parse(text: &str) -> Result<Self, String> {
        let parts = split_digits(text).ok_or_else(|| {
            format!("expected a date as YYYY-MM-DD, YYYY-MM or YYYY, got {text:?}")
        })?;
        let year = parts[0];
        if year == 0 {
            return Err(format!("{text:?} has no year"));
        }
        let month = parts.get(1).copied().filter(|&m| m != 0);
        let day = parts.get(2).copied().filter(|&d| d != 0);
        match (month, day) {
            (None, Some(_)) => Err(format!("{text:?} gives a day without a month")),
            (Some(month), Some(day)) => date_from_parts(text, year, month, day).map(Self::full),
            (Some(month), None) if month > 12 => Err(format!("{text:?} has no month {month}")),
            (month, None) => Ok(Self {
                year: u16::try_from(year).unwrap_or(0),
                month: month.and_then(|m| u8::try_from(m).ok()),
                day: None,
            }),
        }
    }

    /// A date from its parts, checked as [`PartialDate::parse`] checks text; `None` if they do
    /// not make a date (a day without a month, 1990-02-30).
    pub fn from_parts(year: u16, month: Option<u8>, day: Option<u8>) -> Option<Self> {
        match (month, day) {
            _ if year == 0 => None,
            (None, Some(_)) => None,
            (Some(m), Some(d)) => {
                NaiveDate::from_ymd_opt(i32::from(year), u32::from(m), u32::from(d)).map(Self::full)
            }
            (Some(m), None) if !(1..=12).contains(&m) => None,
            (month, None) => Some(Self {
                year,
                month,
                day: None,
            }),
        }
    }

    /// The year.
    pub fn year(&self) -> u16 {
        self.year
    }

    /// The month (1-12), when known.
    pub fn month(&self) -> Option<u8> {
        self.month
    }

    /// The day of the month, when known (then the month is known too).
    pub fn day(&self) -> Option<u8> {
        self.day
    }

    /// The full date, when every part is known.
    pub fn as_full(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(
            i32::from(self.year),
            u32::from(self.month?),
            u32::from(self.day?),
        )
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Serde for a full date written as `YYYY-MM-DD`, strictly (no one-digit months, no times).
pub mod strict_date {
    use super::*;

    pub fn serialize<S: Serializer>(date: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&date.format("%Y-%m-%d"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_date(&text).map_err(serde::de::Error::custom)
    }
}

/// Serde for an optional full date.
pub mod strict_date_option {
    use super::*;

    pub fn serialize<S: Serializer>(
        date: &Option<NaiveDate>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match date {
            Some(date) => serializer.collect_str(&date.format("%Y-%m-%d")),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<NaiveDate>, D::Error> {
        match Option::<String>::deserialize(deserializer)? {
            Some(text) => parse_date(&text)
                .map(Some)
                .map_err(serde::de::Error::custom),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_dates_must_exist_in_the_calendar() {
        assert_eq!(parse_date("2024-02-29").unwrap().to_string(), "2024-02-29");
        for bad in [
            "2023-02-30",
            "2023-13-01",
            "2023-1-01",
            "2023-01-01T00:00",
            "",
            "20230101",
        ] {
            assert!(parse_date(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn partial_dates_keep_what_is_known() {
        for (input, shown) in [
            ("1990-05-17", "1990-05-17"),
            ("1990-05", "1990-05"),
            ("1990", "1990"),
            ("1985-00-00", "1985"),
            ("1985-07-00", "1985-07"),
            ("1985-00", "1985"),
        ] {
            assert_eq!(
                PartialDate::parse(input).unwrap().to_string(),
                shown,
                "{input}"
            );
        }
    }

    #[test]
    fn impossible_partial_dates_are_rejected() {
        for bad in [
            "1990-02-30",
            "1990-13",
            "1990-00-05",
            "0000",
            "199",
            "1990-5",
            "x",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    proptest::proptest! {
        #[test]
        fn every_real_day_round_trips(days in 0i64..80_000) {
            let date = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(days);
            let text = date.format("%Y-%m-%d").to_string();
            proptest::prop_assert_eq!(parse_date(&text).unwrap(), date);
            proptest::prop_assert_eq!(PartialDate::parse(&text).unwrap().as_full(), Some(date));
        }
    }
}
