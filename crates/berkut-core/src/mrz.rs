//! The machine-readable zone of a travel document (ICAO Doc 9303 Parts 4–6): TD3 passports
//! (2 × 44), TD2 (2 × 36) and TD1 identity cards (3 × 30).
//!
//! Parsing never fails on a wrong check digit: the fields are still read and every failing
//! check is named ([`Mrz::failed_checks`]), because an officer must see *which* field is in
//! doubt (an OCR misread of one digit, or a forged number) rather than a bare rejection. Only
//! text that cannot be an MRZ at all (wrong line lengths, characters outside `A-Z 0-9 <`, a
//! date that is no date) is an error.
//!
//! Written here rather than taken from a crate: the MRZ crates on crates.io at the time of
//! writing either stop at the first bad check digit or do not handle TD2.

use chrono::{Datelike, NaiveDate};
use thiserror::Error;

/// Why text is not an MRZ.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MrzError {
    #[error(
        "an MRZ has 2 lines of 44 (passport) or 36 characters, or 3 lines of 30 (identity card); got lines of {0:?} characters"
    )]
    Layout(Vec<usize>),
    #[error("an MRZ holds only A-Z, 0-9 and <; found {0:?}")]
    Character(char),
    #[error("the {field} {text:?} is not a date (YYMMDD)")]
    Date { field: &'static str, text: String },
}

/// The document format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MrzFormat {
    Td1,
    Td2,
    Td3,
}

/// The fields of an MRZ, fillers removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mrz {
    pub format: MrzFormat,
    /// `P`, `I`, `AC`, ... (fillers removed).
    pub document_code: String,
    pub issuing_state: String,
    /// Primary identifier: the family name, words separated by spaces.
    pub family: String,
    /// Secondary identifier: the given names, words separated by spaces (may be empty).
    pub given: String,
    /// Whether the name field is full to its last character, so the name may be cut short.
    pub name_may_be_truncated: bool,
    pub document_number: String,
    pub nationality: String,
    pub birth_date: NaiveDate,
    /// `M`, `F`, or `None` for `<` / `X`.
    pub sex: Option<char>,
    pub expires_on: NaiveDate,
    /// Names of the checks that failed: `document_number`, `birth_date`, `expiry_date`,
    /// `optional_data`, `composite`.
    pub failed_checks: Vec<&'static str>,
}

impl Mrz {
    /// Parses an MRZ given as its lines separated by newlines (spaces and a trailing newline
    /// around lines are ignored). `today` decides the century of the birth year: a two-digit
    /// year that would lie in the future is in the previous century.
    pub fn parse(text: &str, today: NaiveDate) -> Result<Mrz, MrzError> {
        let lines: Vec<String> = text
            .lines()
            .map(|l| l.trim().to_ascii_uppercase())
            .filter(|l| !l.is_empty())
            .collect();
        for line in &lines {
            if let Some(bad) = line
                .chars()
                .find(|c| !(c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '<'))
            {
                return Err(MrzError::Character(bad));
            }
        }
        let lengths: Vec<usize> = lines.iter().map(String::len).collect();
        match lengths[..] {
            [44, 44] => Self::two_line(MrzFormat::Td3, &lines[0], &lines[1], today),
            [36, 36] => Self::two_line(MrzFormat::Td2, &lines[0], &lines[1], today),
            [30, 30, 30] => Self::td1(&lines[0], &lines[1], &lines[2], today),
            _ => Err(MrzError::Layout(lengths)),
        }
    }

    /// Whether every check digit holds.
    pub fn is_valid(&self) -> bool {
        self.failed_checks.is_empty()
    }

    fn two_line(
        format: MrzFormat,
        one: &str,
        two: &str,
        today: NaiveDate,
    ) -> Result<Mrz, MrzError> {
        let width = two.len();
        let mut failed = Vec::new();
        check(&two[0..9], &two[9..10], "document_number", &mut failed);
        check(&two[13..19], &two[19..20], "birth_date", &mut failed);
        check(&two[21..27], &two[27..28], "expiry_date", &mut failed);
        if format == MrzFormat::Td3 {
            let optional = &two[28..42];
            // An all-filler optional field may carry a filler or a zero as its check digit.
            if !(optional.bytes().all(|b| b == b'<') && &two[42..43] == "<") {
                check(optional, &two[42..43], "optional_data", &mut failed);
            }
        }
        let composite = format!("{}{}{}", &two[0..10], &two[13..20], &two[21..width - 1]);
        check(&composite, &two[width - 1..], "composite", &mut failed);
        let (family, given, truncated) = names(&one[5..]);
        Ok(Mrz {
            format,
            document_code: unfill(&one[0..2]),
            issuing_state: unfill(&one[2..5]),
            family,
            given,
            name_may_be_truncated: truncated,
            document_number: unfill(&two[0..9]),
            nationality: unfill(&two[10..13]),
            birth_date: birth_date(&two[13..19], today)?,
            sex: sex(&two[20..21]),
            expires_on: expiry_date(&two[21..27])?,
            failed_checks: failed,
        })
    }

    fn td1(one: &str, two: &str, three: &str, today: NaiveDate) -> Result<Mrz, MrzError> {
        let mut failed = Vec::new();
        check(&one[5..14], &one[14..15], "document_number", &mut failed);
        check(&two[0..6], &two[6..7], "birth_date", &mut failed);
        check(&two[8..14], &two[14..15], "expiry_date", &mut failed);
        let composite = format!(
            "{}{}{}{}",
            &one[5..30],
            &two[0..7],
            &two[8..15],
            &two[18..29]
        );
        check(&composite, &two[29..30], "composite", &mut failed);
        let (family, given, truncated) = names(three);
        Ok(Mrz {
            format: MrzFormat::Td1,
            document_code: unfill(&one[0..2]),
            issuing_state: unfill(&one[2..5]),
            family,
            given,
            name_may_be_truncated: truncated,
            document_number: unfill(&one[5..14]),
            nationality: unfill(&two[15..18]),
            birth_date: birth_date(&two[0..6], today)?,
            sex: sex(&two[7..8]),
            expires_on: expiry_date(&two[8..14])?,
            failed_checks: failed,
        })
    }
}

/// The ICAO 9303 check digit: weights 7, 3, 1 over values 0–9, A=10 … Z=35, `<`=0.
pub fn check_digit(field: &str) -> u32 {
    field
        .bytes()
        .zip([7u32, 3, 1].into_iter().cycle())
        .map(|(b, weight)| {
            let value = match b {
                b'0'..=b'9' => u32::from(b - b'0'),
                b'A'..=b'Z' => u32::from(b - b'A') + 10,
                _ => 0,
            };
            value * weight
        })
        .sum::<u32>()
        % 10
}

fn check(field: &str, digit: &str, name: &'static str, failed: &mut Vec<&'static str>) {
    let expected = char::from_digit(check_digit(field), 10);
    let given = digit.chars().next().map(|c| if c == '<' { '0' } else { c });
    if expected != given {
        failed.push(name);
    }
}

fn unfill(field: &str) -> String {
    field.trim_end_matches('<').replace('<', " ")
}

/// Splits the name field: primary identifier `<<` secondary identifier, `<` between words.
fn names(field: &str) -> (String, String, bool) {
    let truncated = !field.ends_with('<');
    let field = field.trim_end_matches('<');
    let (primary, secondary) = field.split_once("<<").unwrap_or((field, ""));
    let words = |part: &str| {
        part.split('<')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    (words(primary), words(secondary), truncated)
}

fn sex(field: &str) -> Option<char> {
    match field {
        "M" => Some('M'),
        "F" => Some('F'),
        _ => None,
    }
}

fn yymmdd(text: &str, field: &'static str) -> Result<(u32, u32, u32), MrzError> {
    let bad = || MrzError::Date {
        field,
        text: text.to_owned(),
    };
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let number = |range: std::ops::Range<usize>| text[range].parse::<u32>().map_err(|_| bad());
    Ok((number(0..2)?, number(2..4)?, number(4..6)?))
}

fn birth_date(text: &str, today: NaiveDate) -> Result<NaiveDate, MrzError> {
    let (yy, mm, dd) = yymmdd(text, "birth date")?;
    let this_century = u32::try_from(today.year()).unwrap_or(2000) / 100 * 100;
    let mut year = this_century + yy;
    if i32::try_from(year).unwrap_or(i32::MAX) > today.year() {
        year -= 100;
    }
    NaiveDate::from_ymd_opt(i32::try_from(year).unwrap_or(0), mm, dd).ok_or(MrzError::Date {
        field: "birth date",
        text: text.to_owned(),
    })
}

fn expiry_date(text: &str) -> Result<NaiveDate, MrzError> {
    let (yy, mm, dd) = yymmdd(text, "expiry date")?;
    NaiveDate::from_ymd_opt(2000 + i32::try_from(yy).unwrap_or(0), mm, dd).ok_or(MrzError::Date {
        field: "expiry date",
        text: text.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
    }

    #[test]
    fn icao_td3_specimen_reads_with_every_check() {
        // ICAO Doc 9303 Part 4, Appendix A specimen (Utopia, Anna Maria Eriksson).
        let mrz = Mrz::parse(
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
            today(),
        )
        .unwrap();
        assert_eq!(mrz.format, MrzFormat::Td3);
        assert_eq!(
            (mrz.family.as_str(), mrz.given.as_str()),
            ("ERIKSSON", "ANNA MARIA")
        );
        assert_eq!(mrz.document_number, "L898902C3");
        assert_eq!(mrz.nationality, "UTO");
        assert_eq!(
            mrz.birth_date,
            NaiveDate::from_ymd_opt(1974, 8, 12).unwrap()
        );
        assert_eq!(
            mrz.expires_on,
            NaiveDate::from_ymd_opt(2012, 4, 15).unwrap()
        );
        assert_eq!(mrz.sex, Some('F'));
        assert!(mrz.is_valid(), "{:?}", mrz.failed_checks);
    }

    #[test]
    fn icao_td1_and_td2_specimens_read() {
        // ICAO Doc 9303 Part 5 and Part 6 specimens.
        let td1 = Mrz::parse(
            "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<",
            today(),
        )
        .unwrap();
        assert_eq!(td1.document_number, "D23145890");
        assert_eq!(td1.given, "ANNA MARIA");
        assert!(td1.is_valid(), "{:?}", td1.failed_checks);
        let td2 = Mrz::parse(
            "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6",
            today(),
        )
        .unwrap();
        assert_eq!(td2.format, MrzFormat::Td2);
        assert!(td2.is_valid(), "{:?}", td2.failed_checks);
    }

    #[test]
    fn a_wrong_check_digit_is_named_not_fatal() {
        let mrz = Mrz::parse(
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408121F1204159ZE184226B<<<<<10",
            today(),
        )
        .unwrap();
        assert_eq!(mrz.failed_checks, ["birth_date", "composite"]);
    }

    #[test]
    fn non_mrz_text_is_a_clear_error() {
        assert!(matches!(
            Mrz::parse("P<UTO", today()),
            Err(MrzError::Layout(_))
        ));
        assert!(matches!(
            Mrz::parse("P<UTOÉ\nx", today()),
            Err(MrzError::Character('É'))
        ));
    }

    #[test]
    fn a_full_name_field_may_be_truncated() {
        let (family, given, truncated) = names("ABDULLAYEVA<<DILNOZAXON<MUHAMMADJON<QI");
        assert_eq!(
            (family.as_str(), given.as_str(), truncated),
            ("ABDULLAYEVA", "DILNOZAXON MUHAMMADJON QI", true)
        );
    }
}
