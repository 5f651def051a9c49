//! Names in Azerbaijani Latin against the Russian records of them.
//!
//! An Azerbaijani passport prints a name in the Azerbaijani Latin alphabet of 1991 (Hüseynov,
//! Cəfərov, Kərimov; in the machine-readable zone HUSEYNOV, CAFAROV, KARIMOV); a Russian clerk
//! writes the same name as Russian hears it (Гусейнов, Джафаров, Керимов). That is not a
//! transliteration one way or the other, and folding (`crate::fold`) cannot undo it:
//! - `h` is `г` in Hüseyn / Гусейн, Həsən / Гасан, Hacı / Гаджи, but `х` in İlham / Ильхам;
//! - `q` is `г` in Tofiq / Тофиг, Vüqar / Вугар, `к` or `г` in Quliyev / Кулиев, Гулиев;
//!   `g` is `к` in Əsgərov / Аскеров; `ğ` is `г`;
//! - `c` is `дж` (Cəfər / Джафар, Ceyhun / Джейхун), `ç` is `ч` (Elçin / Эльчин), and the
//!   machine-readable zone writes both `C`; `ş` is `ш` and is written `S` there;
//! - `ə` is `а`, `е`, `я` or `э` (Məmməd / Мамед, Kərim / Керим, Nigar / Нигяр, Əfəndi /
//!   Эфенди), written `A`; `ü` after `г` `к` is Russian `ю` (Gülnar / Гюльнар).
//!
//! So a traveler whose passport is Azerbaijani (or whose name carries `ə`) is also compared
//! letter by letter allowing exactly these pairs, traveler's letter against the record's
//! (`same_in_both_alphabets`), only for such travelers; and is also looked up under the
//! keys the Russian spellings of those letters give (`russian_readings`, through
//! [`crate::readings::ClerkReadings`]). A name that agrees
//! only so is a `national_form` agreement in the explanation: weighed a point below an exact
//! one. The pairs go one way: the traveler's `h` may be the record's `г`, not its `к`, so
//! HASIMOV (Haşımov) is not Касимов, nor QASIMOV Хашимов; the traveler's `s` may be the
//! record's `ш`, but `sh` (in Azerbaijani Latin an `s` and an `h`: ISHAQOV) is not `с`.
//! Two pairs hold only in their place: `b` for `п` after `k` (Ələkbər / Алекпер, as Russian
//! hears `kb`) and `o` for `е` after the record's дж, ч, ш (Orucov / Оруджев: Russian writes an
//! unstressed о there as е). Left out: `q` for `х` (Sadıqov / Садыхов, a near name then), `ö`
//! for `ё` (Könül / Кёнуль, which folding writes `e`), and names whose Russian form differs
//! beyond letters.

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
/// name written by the two alphabets: letter by letter ([`letters`]) equal, or a pair the two
/// alphabets write differently, traveler's letter first: `a` for `e` (`ə`; not the other way:
/// an Azerbaijani `e` is a Russian `е` or `э`, so ASEDOV is not Асадов), `h` for `g`, `g` for
/// `k` (Əsgərov / Аскеров; Quliyev / Кулиев, read with `q` as `g`), `b` after `k` for `p`
/// (Ələkbər / Алекпер, as Russian hears `kb`), `s` for `sh`, `c` (folded `ts`) for `j` (дж) or
/// `ch`. An Azerbaijani `k` is к only (ZAKIROV is not Загиров); its `q`,
/// which folding makes `k`, is also read as `g` ([`q_as_g`]), as a second reading of the name.
/// Compared without building either form: this runs for candidates whose names differ
/// otherwise.
pub(crate) fn same_in_both_alphabets(traveler: &str, record: &str) -> bool {
    let record: smallvec::SmallVec<[(Letter, bool); 32]> = letters(record).collect();
    let mut at: usize = 0;
    let mut before = None;
    for t in letters(traveler).map(|(letter, _)| letter) {
        loop {
            let record_before = at.checked_sub(1).map(|b| record[b].0);
            match record.get(at) {
                Some(&(r, _)) if t == r || alike((before, record_before), t, r) => break,
                // The record's glide may be missing from the traveler's spelling.
                Some(&(_, true)) => at += 1,
                _ => return false,
            }
        }
        at += 1;
        before = Some(t);
    }
    record[at..].iter().all(|&(_, glide)| glide)
}

/// Whether a folded word of an Azerbaijani traveler's name is the record's as
/// [`same_in_both_alphabets`] compares them, but for one letter dropped, added or changed on
/// either side: a clerk's slip in a name the two alphabets also write otherwise (ASGARVA for
/// Аскерова, ORCOVA for Оруджева). A near name, never the name (see `WordMatch::Similar`).
///
/// Backtracking rather than the greedy walk of [`same_in_both_alphabets`]: where the slip lies
/// is not known, and words are short, with one slip to place. Words under four letters are
/// too short for a slip to leave the name recognisable (ALI is not Ли), as in `similar`.
pub(crate) fn same_in_both_alphabets_but_a_slip(traveler: &str, record: &str) -> bool {
    if traveler.len().min(record.len()) < 4 || traveler.len().abs_diff(record.len()) > 4 {
        return false;
    }
    let traveler: smallvec::SmallVec<[Letter; 32]> = letters(traveler).map(|(l, _)| l).collect();
    let record: smallvec::SmallVec<[(Letter, bool); 32]> = letters(record).collect();
    // Each traveler's letter takes one of the record's, or is the slip; every record letter
    // but its glides is taken, or is the slip.
    let record_letters = record.iter().filter(|&&(_, glide)| !glide).count();
    if traveler.len() > record.len() + 1 || record_letters > traveler.len() + 1 {
        return false;
    }
    align_with_slips(&traveler, &record, (None, None), 1)
}

/// Whether `traveler` aligns with `record` letter by letter as [`same_in_both_alphabets`]
/// aligns them, with up to `slips` letters dropped, added or changed; `before` holds the
/// traveler's and the record's letters before these.
fn align_with_slips(
    traveler: &[Letter],
    record: &[(Letter, bool)],
    before: (Option<Letter>, Option<Letter>),
    slips: u8,
) -> bool {
    let Some((&t, traveler_rest)) = traveler.split_first() else {
        let letters_left = record.iter().filter(|&&(_, glide)| !glide).count();
        return letters_left <= usize::from(slips);
    };
    if let Some((&(r, glide), record_rest)) = record.split_first() {
        let both = (Some(t), Some(r));
        if (t == r || alike(before, t, r))
            && align_with_slips(traveler_rest, record_rest, both, slips)
        {
            return true;
        }
        if glide && align_with_slips(traveler, record_rest, (before.0, Some(r)), slips) {
            return true;
        }
        if slips > 0
            && (align_with_slips(traveler, record_rest, (before.0, Some(r)), slips - 1)
                || align_with_slips(traveler_rest, record_rest, both, slips - 1))
        {
            return true;
        }
    }
    slips > 0 && align_with_slips(traveler_rest, record, (Some(t), before.1), slips - 1)
}

/// The pairs of [`same_in_both_alphabets`]: the traveler's letter, the record's, with the
/// letters before each. A `b` is `п` only after `k`, where Russian hears it so (Ələkbər /
/// Алекпер); elsewhere a B is б (BULATOV is not Пулатов). An `o` is `е` only after the
/// record's дж, ч or ш, where Russian spelling writes an unstressed о as е (Orucov /
/// Оруджев, as Ходжаев, Гаджиев).
fn alike(
    (before, record_before): (Option<Letter>, Option<Letter>),
    traveler: Letter,
    record: Letter,
) -> bool {
    match (traveler, record) {
        (Letter::Plain(b'b'), Letter::Plain(b'p')) => {
            return before == Some(Letter::Plain(b'k'));
        }
        (Letter::Plain(b'o'), Letter::Plain(b'e')) => {
            return matches!(
                record_before,
                Some(Letter::Plain(b'j') | Letter::Ch | Letter::Sh)
            );
        }
        _ => {}
    }
    matches!(
        (traveler, record),
        (Letter::Plain(b'a'), Letter::Plain(b'e'))
            | (Letter::Plain(b'h'), Letter::Plain(b'g'))
            | (Letter::Plain(b'g'), Letter::Plain(b'k'))
            | (Letter::Plain(b's'), Letter::Sh)
            | (Letter::Ts, Letter::Plain(b'j') | Letter::Ch)
    )
}

/// A letter of a folded word, digraphs as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Letter {
    Plain(u8),
    Ch,
    Sh,
    Ts,
}

/// The letters of a folded word, `ch` `sh` `ts` each one, each with whether it is the `i`
/// between a consonant and `a` `o` `u`, which folding writes for Russian я ю ё after a
/// consonant (Кямран, Гюльнар as `kiamran`, `giulnar`): a record's such `i` may be missing
/// from the traveler's KAMRAN, GULNAR, or not (SAHRIYAR, Шахрияр); a traveler's may not
/// (ZIYAYEV is not Заев). Doubled letters stay: Аббасов is not Абасов (Məmməd, MAMMAD, is
/// Мамед already by folding).
fn letters(folded: &str) -> impl Iterator<Item = (Letter, bool)> + '_ {
    let bytes = folded.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let letter = *bytes.get(at)?;
        let next = bytes.get(at + 1).copied();
        let glide = letter == b'i'
            && matches!(next, Some(b'a' | b'o' | b'u'))
            && at > 0
            && !matches!(bytes[at - 1], b'a' | b'e' | b'i' | b'o' | b'u');
        let (out, length) = match (letter, next) {
            (b'c', Some(b'h')) => (Letter::Ch, 2),
            (b's', Some(b'h')) => (Letter::Sh, 2),
            (b't', Some(b's')) => (Letter::Ts, 2),
            (other, _) => (Letter::Plain(other), 1),
        };
        at += length;
        Some((out, glide))
    })
}

/// The name with every `q` read as `g` (Tofiq / Тофиг, Vüqar / Вугар), when it has one: a
/// second reading of an Azerbaijani traveler's name, scored as such (folding reads `q` as `k`,
/// which the first reading keeps: Quliyev / Кулиев).
pub fn q_as_g(name: &str) -> Option<String> {
    name.contains(['q', 'Q'])
        .then(|| name.replace('q', "g").replace('Q', "G"))
}

/// An Azerbaijani family name whose first letter is `ə` (written `A` in the machine-readable
/// zone, and folded to `a` like it), read with `э` as a Russian clerk writes it at times
/// (Əfəndiyev / Эфендиев, Əmirov / Эмиров; `а` mostly, which the name as written reads). A
/// plain `a` in a name written with Azerbaijani marks is `а`, not `ə`: no reading then. For
/// finding a record, which is filed under its names' first letters: the letters themselves
/// agree in scoring (`same_in_both_alphabets`), but a record knowing only the year or the
/// month of the birth date has no key but its names' to be found by (key `C` needs the full
/// date). The family name only: a given name with Ə is Russian А (Əli / Али, Əziz / Азиз,
/// Ədalət / Адалят).
pub fn initial_a_as_e(family: &str) -> Option<String> {
    let mut letters = family.chars();
    let first = letters.next()?;
    let rest = letters.as_str();
    let marked = !family.is_ascii();
    match first {
        'Ə' => Some(format!("E{rest}")),
        'ə' => Some(format!("e{rest}")),
        'A' if !marked => Some(format!("E{rest}")),
        'a' if !marked => Some(format!("e{rest}")),
        _ => None,
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
                // `kb` as Russian hears it: Ələkbər / Алекпер, Əkbər / Акпер.
                'B' | 'b' if before.is_some_and(|b| "Kk".contains(b)) => out.push('p'),
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
    use crate::fold::fold;
    use crate::readings::ClerkReadings;

    #[test]
    fn russian_and_azerbaijani_forms_of_a_name_agree() {
        for (russian, passport) in [
            ("Гусейнов", "HUSEYNOV"),
            ("Джафаров", "CAFAROV"),
            ("Керимов", "KARIMOV"),
            ("Мамедова", "MAMMADOVA"),
            ("Гаджиев", "HACIYEV"),
            ("Эльчин", "ELCIN"),
            ("Эльчин", "Elçin"),
            ("Шахин", "SAHIN"),
            ("Тофиг", "TOFIG"),
            ("Аскеров", "ASGAROV"),
            ("Гасымов", "GASIMOV"),
            ("Кулиев", "GULIYEV"),
            ("Кямран", "KAMRAN"),
            ("Гюльнар", "GULNAR"),
            ("Эфендиев", "AFANDIYEV"),
            ("Джейхун", "CEYHUN"),
            ("Севиндж", "SEVINC"),
            ("Нигяр", "NIGAR"),
            ("Иряда", "IRADA"),
            ("Шахрияр", "SAHRIYAR"),
            ("Алекперова", "ALAKBAROVA"),
            ("Оруджев", "ORUCOV"),
        ] {
            assert!(
                same_in_both_alphabets(&fold(passport), &fold(russian)),
                "{russian} / {passport}"
            );
        }
    }

    #[test]
    fn a_slip_of_one_letter_in_a_name_both_alphabets_write_is_found() {
        for (russian, passport) in [
            ("Аскерова", "ASGARVA"),
            ("Аскерова", "ASGAAROVA"),
            ("Оруджева", "ORCOVA"),
            ("Эфендиев", "AFADIYEV"),
            ("Гусейнов", "HUSENOV"),
            ("Джафаров", "CAFAREV"),
            // No slip at all is none too many.
            ("Джафаров", "CAFAROV"),
        ] {
            assert!(
                same_in_both_alphabets_but_a_slip(&fold(passport), &fold(russian)),
                "{russian} / {passport}"
            );
        }
        for (russian, passport) in [
            ("Аскерова", "ASGRVA"),
            ("Гулиев", "ALIYEV"),
            ("Джафаров", "CAFARAVA"),
            ("Оруджева", "ORUCOVALI"),
        ] {
            assert!(
                !same_in_both_alphabets_but_a_slip(&fold(passport), &fold(russian)),
                "{russian} / {passport}"
            );
        }
    }

    #[test]
    fn other_names_stay_apart() {
        for (passport, russian) in [
            ("HUSEYNOV", "Гасанов"),
            // A B is п only after K; an O is е only after дж, ч, ш.
            ("BULATOV", "Пулатов"),
            ("MAMMADOV", "Мамедев"),
            ("BABAYEV", "Папаев"),
            ("KARIMOV", "Кулиев"),
            ("ELCIN", "Эльшад"),
            ("MAMMADOV", "Мамедли"),
            ("SAMIR", "Самед"),
            // Near names: a doubled letter dropped, an `e` for an `a`.
            ("ABASOV", "Аббасов"),
            ("ASEDOV", "Асадов"),
            ("BABEYEV", "Бабаев"),
            // Other names that a merge of every г, к, х (or с and ш) would take for one:
            // Haşımov and Qasımov, İshaqov and Исаков, Zakir and Захир.
            ("HASIMOV", "Касимов"),
            ("QASIMOV", "Хашимов"),
            ("ISHAQOV", "Исаков"),
            ("ZAKIR", "Захир"),
            ("SAKIR", "Шахир"),
            ("ZAKIROV", "Загиров"),
            ("ZIYAYEV", "Заев"),
        ] {
            assert!(
                !same_in_both_alphabets(&fold(passport), &fold(russian)),
                "{passport} / {russian}"
            );
        }
    }

    #[test]
    fn q_is_read_as_g_in_a_second_reading() {
        assert_eq!(q_as_g("TOFIQ").as_deref(), Some("TOFIG"));
        assert_eq!(q_as_g("Quliyev").as_deref(), Some("Guliyev"));
        assert_eq!(q_as_g("KAMRAN"), None);
        // The first reading keeps `q` as `k`: Quliyev is Кулиев as written, Гулиев so read.
        assert!(same_in_both_alphabets(&fold("QULIYEV"), &fold("Кулиев")));
        assert!(!same_in_both_alphabets(&fold("TOFIQ"), &fold("Тофиг")));
        assert!(same_in_both_alphabets(&fold("TOFIG"), &fold("Тофиг")));
    }

    #[test]
    fn clerk_readings_write_the_ambiguous_letters_the_russian_way() {
        let clerk = |family, given| {
            ClerkReadings::read_by(family, given, russian_readings, russian_readings)
        };
        let readings = clerk("HACIYEV", Some("VUQAR"));
        assert_eq!(readings.families, vec![fold("Гаджиев")]);
        assert_eq!(readings.givens, vec![fold("Вугар")]);
        // Ələkbərov as a Russian clerk hears it: Алекперов (the keys' `k` `p`).
        let readings = clerk("ALAKBAROV", None);
        assert_eq!(readings.families, vec![fold("ALAKPAROV")]);
        let readings = clerk("IBRAHIMOV", Some("ILHAM"));
        assert_eq!(readings.families, vec![fold("Ибрагимов")]);
        assert_eq!(readings.givens, vec![fold("Ильгам")]);
        // Nothing to read otherwise: no reading.
        assert_eq!(clerk("MURADOV", Some("ANAR")), ClerkReadings::default());
    }

    #[test]
    fn an_initial_a_of_a_family_name_is_also_read_as_e() {
        assert_eq!(initial_a_as_e("AFANDIYEV").as_deref(), Some("EFANDIYEV"));
        assert_eq!(initial_a_as_e("amirov").as_deref(), Some("emirov"));
        assert_eq!(initial_a_as_e("MURADOV"), None);
        // Written with its marks: the Ə is read, a plain A is А.
        assert_eq!(initial_a_as_e("Əfəndiyev").as_deref(), Some("Efəndiyev"));
        assert_eq!(initial_a_as_e("əmirov").as_deref(), Some("emirov"));
        assert_eq!(initial_a_as_e("Abbasov").as_deref(), Some("Ebbasov"));
        assert_eq!(initial_a_as_e("Ağayev"), None);
        assert_eq!(initial_a_as_e("A"), Some("E".to_owned()));
        assert_eq!(initial_a_as_e(""), None);
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
