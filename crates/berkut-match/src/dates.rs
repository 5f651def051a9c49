//! Birth dates as evidence, graded and two-sided.
//!
//! Registries of the region often know a birth date only in part (the year, or the year and
//! month), write unknown parts as `01-01` or `00-00`, swap day and month, or slip a digit.
//! So agreement is graded: what both sides know must agree; a `01-01` on one side is a
//! placeholder, not a birthday; a swap or a one-digit slip is weaker agreement. A clearly
//! different date is strong evidence *against*: it is what keeps an innocent namesake from
//! being stopped.

use berkut_core::PartialDate;

/// What two birth dates say about two records being one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateEvidence {
    /// Both full and equal.
    Same,
    /// Both agree on everything both know; one knows less (`1990` and `1990-05-17`).
    Compatible { both_know_month: bool },
    /// The year agrees and one side is `YYYY-01-01`, a common placeholder.
    Placeholder,
    /// Day and month swapped (`1990-05-07` and `1990-07-05`).
    DayMonthSwapped,
    /// One digit differs (`1990-05-17` and `1990-05-11`, or `1991-05-17`).
    OneDigitSlip,
    /// One side has no birth date.
    Unknown,
    /// The dates disagree.
    Different { years_apart: u16 },
}

/// What a `possible` hit needs of the birth date, besides a weight over the threshold
/// ([`crate::FeatureTable::possible_needs`]). A document number the record holds always
/// suffices, and a `strong` hit already needs the day or a document.
///
/// The shipped table asks nothing more ([`BirthDateNeed::Nothing`]): a name and a partial or
/// missing birth date refer the traveler to an officer when the name is not common. The
/// stricter needs are the users' options for a lower false-hit rate on travelers who bear
/// registry persons' names, at a cost in recall that the eval measures for each (BENCHMARKS.md,
/// "The two targets cannot both be met"): a record that knows a name and a year cannot tell
/// its person from his namesakes born that year, and one that knows no birth date from any of
/// them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BirthDateNeed {
    /// Whatever the weight carries (the shipped table).
    Nothing,
    /// Birth dates on both sides (the record's may be partial) that do not disagree.
    ABirthDate,
    /// The year and month, or the full date give or take a digit or a day-month swap.
    YearAndMonth,
    /// The day of birth: the same date, or day and month swapped.
    TheDay,
}

impl BirthDateNeed {
    /// Every need, from the shipped one to the strictest.
    pub const ALL: [BirthDateNeed; 4] = [
        BirthDateNeed::Nothing,
        BirthDateNeed::ABirthDate,
        BirthDateNeed::YearAndMonth,
        BirthDateNeed::TheDay,
    ];

    /// Whether a birth-date agreement meets the need. Every agreement is named, so that a new
    /// kind of agreement must be placed by hand.
    pub fn met_by(self, dates: DateEvidence) -> bool {
        use DateEvidence::*;
        // How much of the birth date the agreement shows: 0 nothing (or a disagreement), 1 a
        // year, 2 the year and month or the full date give or take a digit, 3 the day.
        let shows = match dates {
            Unknown | Different { .. } => 0,
            Compatible {
                both_know_month: false,
            }
            | Placeholder => 1,
            Compatible {
                both_know_month: true,
            }
            | OneDigitSlip => 2,
            Same | DayMonthSwapped => 3,
        };
        let needs = match self {
            BirthDateNeed::Nothing => 0,
            BirthDateNeed::ABirthDate => 1,
            BirthDateNeed::YearAndMonth => 2,
            BirthDateNeed::TheDay => 3,
        };
        shows >= needs
    }

    /// Whether a candidate over the `possible` threshold is a hit under the need: its birth
    /// dates meet it, or a document number the record holds agreed (which always suffices).
    /// The one place the rule is written: [`crate::assess`] applies it, and the eval asks it
    /// of hits scored under a weaker need.
    pub fn admits(self, dates: DateEvidence, document_agrees: bool) -> bool {
        document_agrees || self.met_by(dates)
    }
}

impl DateEvidence {
    /// Whether the dates pin the day: the same full date, or the same with day and month
    /// swapped. Only such a date, with the whole name, lets the system act on its own.
    ///
    /// A year, a year with a `01-01` placeholder, or a year and month is shared by every
    /// namesake born then; a date one digit off is the date of about thirty other days, so a
    /// namesake born within the same month often is one (ZHEENBEKOV BAKYT born 1957-04-24 and
    /// a record of 1957-04-20): an officer must look.
    pub fn pins_the_day(self) -> bool {
        match self {
            DateEvidence::Same | DateEvidence::DayMonthSwapped => true,
            DateEvidence::OneDigitSlip
            | DateEvidence::Compatible { .. }
            | DateEvidence::Placeholder
            | DateEvidence::Unknown
            | DateEvidence::Different { .. } => false,
        }
    }
}

impl DateEvidence {
    /// How likely two different persons' birth dates agree this well by chance: the share of
    /// the birth dates of fifty years (about 18,000 days) that would. It scales the expected
    /// number of namesakes (see the scorer's `common_name` feature): a hundred Karimov Akmals
    /// are a crowd, a hundred with one birthday are one person.
    pub fn chance(self) -> f64 {
        const DAYS: f64 = 50.0 * 365.25;
        match self {
            DateEvidence::Same | DateEvidence::DayMonthSwapped => 1.0 / DAYS,
            // About thirty dates lie one digit from a given date within fifty years.
            DateEvidence::OneDigitSlip => 30.0 / DAYS,
            DateEvidence::Compatible {
                both_know_month: true,
            } => 1.0 / 600.0,
            DateEvidence::Compatible {
                both_know_month: false,
            }
            | DateEvidence::Placeholder => 1.0 / 50.0,
            DateEvidence::Unknown | DateEvidence::Different { .. } => 1.0,
        }
    }
}

/// Compares a traveler's birth date with a record's.
pub fn compare_dates(query: Option<PartialDate>, record: Option<PartialDate>) -> DateEvidence {
    let (Some(q), Some(r)) = (query, record) else {
        return DateEvidence::Unknown;
    };
    if let (Some(a), Some(b)) = (q.as_full(), r.as_full()) {
        // The same `01-01` on both sides is the placeholder twice, not a day both know: many
        // passports of people whose birthday nobody recorded carry it.
        if a == b && !is_placeholder(&q) {
            return DateEvidence::Same;
        }
        if q.year() == r.year() && (is_placeholder(&q) || is_placeholder(&r)) {
            return DateEvidence::Placeholder;
        }
        if q.year() == r.year() && q.day() == r.month() && q.month() == r.day() {
            return DateEvidence::DayMonthSwapped;
        }
        if digits_apart_dates(&q, &r) == 1 {
            return DateEvidence::OneDigitSlip;
        }
        return DateEvidence::Different {
            years_apart: q.year().abs_diff(r.year()),
        };
    }
    if q.year() != r.year() {
        return DateEvidence::Different {
            years_apart: q.year().abs_diff(r.year()),
        };
    }
    match (q.month(), r.month()) {
        (Some(a), Some(b)) if a != b => {
            if is_placeholder(&q) || is_placeholder(&r) {
                DateEvidence::Placeholder
            } else {
                DateEvidence::Different { years_apart: 0 }
            }
        }
        (Some(_), Some(_)) => DateEvidence::Compatible {
            both_know_month: true,
        },
        _ => DateEvidence::Compatible {
            both_know_month: false,
        },
    }
}

fn is_placeholder(date: &PartialDate) -> bool {
    date.month() == Some(1) && date.day() == Some(1)
}

/// How many of the eight digits (YYYYMMDD) of two full dates differ. Arithmetic, not text:
/// this runs for every posting a check reads.
fn digits_apart_dates(a: &PartialDate, b: &PartialDate) -> usize {
    let number = |d: &PartialDate| {
        u32::from(d.year()) * 10_000
            + u32::from(d.month().unwrap_or(0)) * 100
            + u32::from(d.day().unwrap_or(0))
    };
    digits_apart(number(a), number(b))
}

/// How many of the eight decimal digits of two numbers (dates written YYYYMMDD) differ.
pub(crate) fn digits_apart(mut x: u32, mut y: u32) -> usize {
    let mut apart = 0;
    for _ in 0..8 {
        apart += usize::from(x % 10 != y % 10);
        x /= 10;
        y /= 10;
    }
    apart
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn digits_apart_counts_the_digits_of_the_written_dates(
            a in (1900u16..2030, 1u8..=12, 1u8..=28), b in (1900u16..2030, 1u8..=12, 1u8..=28),
        ) {
            let day = |(y, m, d): (u16, u8, u8)| PartialDate::from_parts(y, Some(m), Some(d)).unwrap();
            let (a, b) = (day(a), day(b));
            let text = |d: &PartialDate| d.to_string().replace('-', "");
            let written = text(&a).chars().zip(text(&b).chars()).filter(|(x, y)| x != y).count();
            proptest::prop_assert_eq!(digits_apart_dates(&a, &b), written);
        }
    }

    #[test]
    fn the_more_two_dates_pin_down_the_rarer_their_agreement_by_chance() {
        let chances = [
            check("1990-05-17", "1990-05-17").chance(),
            check("1990-05-17", "1990-05-11").chance(),
            check("1990-05-17", "1990-05").chance(),
            check("1990-05-17", "1990").chance(),
            check("1990-05-17", "").chance(),
        ];
        assert!(chances.windows(2).all(|w| w[0] < w[1]), "{chances:?}");
        assert_eq!(chances[4], 1.0);
        // A full date is shared by chance about once in fifty years of birthdays.
        assert!((chances[0] * 18_262.5 - 1.0).abs() < 1e-9);
    }

    /// Each need asks more of the dates than the one before: the traveler's full date against
    /// a record of no date, a different one, the year, a placeholder, the year and month, a
    /// date one digit off, day and month swapped, the same date.
    #[test]
    fn each_birth_date_need_asks_more_than_the_one_before() {
        let traveler = "1990-05-07";
        let met = |record: &str| -> Vec<bool> {
            let dates = check(traveler, record);
            BirthDateNeed::ALL
                .iter()
                .map(|need| need.met_by(dates))
                .collect()
        };
        assert_eq!(met(""), [true, false, false, false]);
        assert_eq!(met("1975-11-23"), [true, false, false, false]);
        assert_eq!(met("1990"), [true, true, false, false]);
        assert_eq!(met("1990-01-01"), [true, true, false, false]);
        assert_eq!(met("1990-05"), [true, true, true, false]);
        assert_eq!(met("1990-05-01"), [true, true, true, false]);
        assert_eq!(met("1990-07-05"), [true; 4]);
        assert_eq!(met("1990-05-07"), [true; 4]);
    }

    fn check(a: &str, b: &str) -> DateEvidence {
        let parse = |s: &str| (!s.is_empty()).then(|| PartialDate::parse(s).unwrap());
        let forward = compare_dates(parse(a), parse(b));
        assert_eq!(
            forward,
            compare_dates(parse(b), parse(a)),
            "{a} / {b} is not symmetric"
        );
        forward
    }

    #[test]
    fn each_kind_of_agreement_is_graded() {
        assert_eq!(check("1990-05-17", "1990-05-17"), DateEvidence::Same);
        assert_eq!(
            check("1990", "1990-05-17"),
            DateEvidence::Compatible {
                both_know_month: false
            }
        );
        assert_eq!(
            check("1990-00-00", "1990-05-17"),
            DateEvidence::Compatible {
                both_know_month: false
            }
        );
        assert_eq!(
            check("1990-05", "1990-05-17"),
            DateEvidence::Compatible {
                both_know_month: true
            }
        );
        assert_eq!(check("1990-01-01", "1990-05-17"), DateEvidence::Placeholder);
        assert_eq!(check("1990-01-01", "1990-05"), DateEvidence::Placeholder);
        assert_eq!(
            check("1990-05-07", "1990-07-05"),
            DateEvidence::DayMonthSwapped
        );
        assert_eq!(
            check("1990-05-17", "1990-05-11"),
            DateEvidence::OneDigitSlip
        );
        assert_eq!(
            check("1991-05-17", "1990-05-17"),
            DateEvidence::OneDigitSlip
        );
        assert_eq!(check("", "1990-05-17"), DateEvidence::Unknown);
    }

    #[test]
    fn clearly_different_dates_are_evidence_against() {
        assert_eq!(
            check("1985-03-02", "1990-05-17"),
            DateEvidence::Different { years_apart: 5 }
        );
        assert_eq!(
            check("1990-03", "1990-05-17"),
            DateEvidence::Different { years_apart: 0 }
        );
        assert_eq!(
            check("1990-03-21", "1990-05-17"),
            DateEvidence::Different { years_apart: 0 }
        );
        assert_eq!(
            check("1988", "1990-05-17"),
            DateEvidence::Different { years_apart: 2 }
        );
    }
}
