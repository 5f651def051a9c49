//! Names in Azerbaijani Latin against the Russian records of them.
//!
//! An Azerbaijani passport prints a name in the Azerbaijani Latin alphabet of 1991 (Hüseynov,
//! Cəfərov, Kərimov; in the machine-readable zone HUSEYNOV, CAFAROV, KARIMOV); a Russian clerk
//! writes the same name as Russian hears it (Гусейнов, Джафаров, Керимов). That is not a
//! transliteration one way or the other, and folding ([`crate::fold`]) cannot undo it:
//! - `h` is `г` in Hüseyn / Гусейн, Həsən / Гасан, Hacı / Гаджи, but `х` in İlham / Ильхам;
//! - `q` is `г` in Tofiq / Тофиг, Vüqar / Вугар, `к` or `г` in Quliyev / Кулиев, Гулиев, `х`
//!   in Sadıqov / Садыхов; `ğ` is `г`; `k` is `к` (Kərim / Керим, Kamran / Кямран);
//! - `c` is `дж` (Cəfər / Джафар, Ceyhun / Джейхун), `ç` is `ч` (Elçin / Эльчин), and the
//!   machine-readable zone writes both `C`; `ş` is `ш` and is written `S` there;
//! - `ə` is `а`, `е`, `я` or `э` (Məmməd / Мамед, Kərim / Керим, Nigar / Нигяр, Əfəndi /
//!   Эфенди), written `A`; `ü` `ö` after `г` `к` are Russian `ю` `ё` (Gülnar / Гюльнар).
//!
//! So a traveler whose passport is Azerbaijani (or whose name carries `ə`) is also compared in
//! a coarser form, [`coarse_form`], that gives up exactly these distinctions, on both sides,
//! and only for such travelers; and is also looked up under the keys the Russian spellings of
//! those letters give ([`ClerkReadings`]). A name that agrees only in the coarse form is a
//! `national_form` agreement in the explanation: weighed a little below an exact one.

use crate::fold::fold;

/// Whether a traveler's name is read as Azerbaijani Latin too: an Azerbaijani passport (ICAO
/// `AZE`), an Azerbaijani nationality, or the letter `ə`, which only Azerbaijani Latin has.
pub fn reads_as_azerbaijani(
    nationality: Option<&str>,
    document_state: Option<&str>,
    names: [&str; 2],
) -> bool {
    nationality == Some("AZE")
        || document_state == Some("AZE")
        || names
            .iter()
            .any(|name| name.chars().any(|c| matches!(c, 'ə' | 'Ə')))
}

/// Whether a folded word of an Azerbaijani traveler's name and one of a record are the same
/// name written by the two alphabets: their [`coarse_form`]s are equal, but for an `a` of the
/// traveler's where the record has an `e` (`ə`, written `A`, is Russian `е` in Kərimov /
/// Керимов). Not the other way round: an Azerbaijani `e` is a Russian `е` or `э`, so ASEDOV is
/// not Асадов, and BABEYEV not Бабаев.
pub(crate) fn same_in_both_alphabets(traveler: &str, record: &str) -> bool {
    let (traveler, record) = (coarse_form(traveler), coarse_form(record));
    traveler.len() == record.len()
        && traveler
            .bytes()
            .zip(record.bytes())
            .all(|(t, r)| t == r || (t == b'a' && r == b'e'))
}

/// The coarse form of a folded word (see the module documentation): `ch` `ts` `j` one letter
/// (`c`), `sh` `s` one letter, `g` `h` `k` one letter, a `y` after the first letter dropped,
/// and an `i` between a consonant and `a` `o` `u` (folding writes Russian я ю ё after `г` `к`
/// as `ia` `iu`: Кямран, Гюльнар as `kiamran`, `giulnar`, for KAMRAN, GULNAR). Doubled letters
/// stay: Аббасов is not Абасов (Məmməd, MAMMAD, is Мамед already by folding).
fn coarse_form(folded: &str) -> String {
    let bytes = folded.as_bytes();
    let mut out = String::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let (letter, length) = match (bytes[at], bytes.get(at + 1)) {
            (b'c', Some(b'h')) | (b't', Some(b's')) => (Some('c'), 2),
            (b's', Some(b'h')) => (Some('s'), 2),
            (b'c' | b'j', _) => (Some('c'), 1),
            (b'g' | b'h' | b'k', _) => (Some('g'), 1),
            (b'y', _) if at > 0 => (None, 1),
            (b'i', Some(b'a' | b'o' | b'u'))
                if at > 0 && !matches!(bytes[at - 1], b'a' | b'e' | b'i' | b'o' | b'u') =>
            {
                (None, 1)
            }
            (other, _) => (Some(char::from(other)), 1),
        };
        out.extend(letter);
        at += length;
    }
    out
}

/// Other spellings of the traveler's family and given names for looking up candidates (a
/// name's keys are made of its first letters, as the Russian record spells them), folded.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClerkReadings {
    /// The whole family name, folded, as [`russian_readings`] reads it.
    pub families: Vec<String>,
    /// The first given name, folded, likewise.
    pub givens: Vec<String>,
}

impl ClerkReadings {
    /// The readings of a traveler's family and given names, each folded and kept once.
    pub fn new(family: &str, given: Option<&str>) -> Self {
        let read = |name: &str| {
            let own = fold(name);
            let mut out: Vec<String> = Vec::new();
            for reading in russian_readings(name) {
                let folded = fold(&reading);
                if folded != own && !out.contains(&folded) {
                    out.push(folded);
                }
            }
            out
        };
        let first_given = given.and_then(|g| g.split([' ', '<']).find(|w| !w.is_empty()));
        ClerkReadings {
            families: read(family),
            givens: first_given.map(read).unwrap_or_default(),
        }
    }
}

/// How a Russian clerk likely wrote the Azerbaijani Latin letters that folding reads otherwise:
/// `c` as `дж` (DZH; the other reading, `ç` as `ч`, is folding's own), `q` as `г`, a
/// word-initial `h` as `г` (Hüseyn, Həsən, Hacı); and then also every lone `h` as `г` (İbrahim
/// / Ибрагим, Rəhim / Рагим; a medial `h` is `х` as often: İlham / Ильхам, which the name as
/// written already reads). Up to two readings, as written otherwise.
pub fn russian_readings(name: &str) -> Vec<String> {
    let letters: Vec<char> = name.chars().collect();
    let read = |every_h: bool| {
        let mut out = String::with_capacity(name.len() + 4);
        for (at, &c) in letters.iter().enumerate() {
            let before = at.checked_sub(1).map(|b| letters[b]);
            let starts_word = before.is_none_or(|b| !b.is_alphabetic());
            let after = letters.get(at + 1).copied();
            match c {
                'C' | 'c' if !matches!(after, Some('H' | 'h')) => out.push_str("dzh"),
                'Q' | 'q' => out.push('g'),
                'H' | 'h'
                    if (starts_word || every_h)
                        && !before.is_some_and(|b| "SsCcKkZzGg".contains(b)) =>
                {
                    out.push('g')
                }
                other => out.push(other),
            }
        }
        out
    };
    let (first, second) = (read(false), read(true));
    let mut out = Vec::with_capacity(2);
    for reading in [first, second] {
        if reading != name && !out.contains(&reading) {
            out.push(reading);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_and_azerbaijani_forms_of_a_name_agree_coarsely() {
        for (russian, passport) in [
            ("Гусейнов", "HUSEYNOV"),
            ("Джафаров", "CAFAROV"),
            ("Керимов", "KARIMOV"),
            ("Мамедова", "MAMMADOVA"),
            ("Гаджиев", "HACIYEV"),
            ("Эльчин", "ELCIN"),
            ("Эльчин", "Elçin"),
            ("Шахин", "SAHIN"),
            ("Тофиг", "TOFIQ"),
            ("Садыхов", "SADIQOV"),
            ("Кямран", "KAMRAN"),
            ("Гюльнар", "GULNAR"),
            ("Эфендиев", "AFANDIYEV"),
            ("Джейхун", "CEYHUN"),
            ("Севиндж", "SEVINC"),
            ("Ульвия", "ULVIYYA"),
            ("Теймур", "TEYMUR"),
            ("Нигяр", "NIGAR"),
            ("Иряда", "IRADA"),
        ] {
            assert!(
                same_in_both_alphabets(&fold(passport), &fold(russian)),
                "{russian} / {passport}"
            );
        }
    }

    #[test]
    fn the_coarse_form_still_tells_names_apart() {
        for (passport, russian) in [
            ("HUSEYNOV", "Гасанов"),
            ("KARIMOV", "Кулиев"),
            ("ELCIN", "Эльшад"),
            ("MAMMADOV", "Мамедли"),
            ("SAMIR", "Самед"),
            // Near names: a doubled letter dropped, an `e` for an `a`.
            ("ABASOV", "Аббасов"),
            ("ASEDOV", "Асадов"),
            ("BABEYEV", "Бабаев"),
        ] {
            assert!(
                !same_in_both_alphabets(&fold(passport), &fold(russian)),
                "{passport} / {russian}"
            );
        }
    }

    #[test]
    fn clerk_readings_write_the_ambiguous_letters_the_russian_way() {
        let readings = ClerkReadings::new("HACIYEV", Some("VUQAR"));
        assert_eq!(readings.families, vec![fold("Гаджиев")]);
        assert_eq!(readings.givens, vec![fold("Вугар")]);
        let readings = ClerkReadings::new("IBRAHIMOV", Some("ILHAM"));
        assert_eq!(readings.families, vec![fold("Ибрагимов")]);
        assert_eq!(readings.givens, vec![fold("Ильгам")]);
        // Nothing to read otherwise: no reading.
        assert_eq!(
            ClerkReadings::new("MURADOV", Some("ANAR")),
            ClerkReadings::default()
        );
    }

    #[test]
    fn only_azerbaijani_passports_and_names_are_read_so() {
        assert!(reads_as_azerbaijani(Some("AZE"), None, ["HUSEYNOV", ""]));
        assert!(reads_as_azerbaijani(None, Some("AZE"), ["HUSEYNOV", ""]));
        assert!(reads_as_azerbaijani(None, None, ["Hüseynov", "Əli"]));
        assert!(!reads_as_azerbaijani(
            Some("UZB"),
            Some("UZB"),
            ["HUSEYNOV", "SAHIB"]
        ));
    }
}
