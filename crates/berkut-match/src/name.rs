//! The structure of a name: family name, given names and patronymic, each folded ([`fold`]).
//!
//! Records and passports split names differently. A Russian record has a patronymic
//! (`Рустамович`); an Uzbek passport may print it in the given-name field as `RUSTAM UGLI` or
//! not at all; a Kazakh one as `RUSTAMULY`. A patronymic is recognised as such, by its Russian
//! endings (-ович -евич -овна -евна -ич -ична) or by the Central Asian and Azerbaijani markers
//! (oʻgʻli / ugli / uly / uulu, qizi / kyzy / kizi, oglu / ogly), and reduced to its stem, the
//! father's name, so that `Рустамович` and `RUSTAM UGLI` agree and neither is ever counted as
//! an unmatched given name.
//!
//! Family names come in male and female forms (-ов/-ова, -ев/-ева, -ин/-ина, -ский/-ская);
//! [`surname_stem`] gives the form both share, so that the scorer can call them related but
//! not equal. Tajik `-зода` and Azerbaijani `-заде` are one ending written two ways.

use crate::fold::fold;

/// A name split into folded words by role.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NameParts {
    /// Family name words (`abdullaev`, or `abdulla zade` for a compound one).
    pub family: Vec<String>,
    /// Given name words, patronymic words removed.
    pub given: Vec<String>,
    /// The father's name the patronymic was made from (`rustam`), if there is one.
    pub patronymic: Option<String>,
}

impl NameParts {
    /// Splits a name as a record or a passport gives it. Patronymic words found in `given`
    /// (a passport's given-name field often holds them) are moved to the patronymic.
    pub fn new(family: &str, given: Option<&str>, patronymic: Option<&str>) -> Self {
        let family_words = words(&fold(family));
        let mut given_words = Vec::new();
        let mut father = patronymic.and_then(|p| patronymic_stem(&words(&fold(p))));
        let folded_given = given.map(fold).unwrap_or_default();
        let mut tokens = words(&folded_given).into_iter().peekable();
        while let Some(word) = tokens.next() {
            // "RUSTAM UGLI": a name followed by a marker is a patronymic.
            if father.is_none()
                && let Some(next) = tokens.peek()
                && is_marker(next)
            {
                father = Some(word);
                tokens.next();
                continue;
            }
            // "BAXTIYOR RUSTAMOVICH": a patronymic after the given name.
            if father.is_none()
                && !given_words.is_empty()
                && let Some(stem) = patronymic_stem(std::slice::from_ref(&word))
            {
                father = Some(stem);
                continue;
            }
            if is_marker(&word) {
                continue;
            }
            given_words.push(word);
        }
        NameParts {
            family: family_words,
            given: given_words,
            patronymic: father,
        }
    }
}

fn words(folded: &str) -> Vec<String> {
    folded
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Folded words that say "son of" or "daughter of".
const MARKERS: [&str; 11] = [
    "ugli", "ogli", "uli", "uuli", "ulu", "uulu", "oglu", "kizi", "gizi", "kiz", "ogl",
];

fn is_marker(word: &str) -> bool {
    MARKERS.contains(&word)
}

/// Russian patronymic endings (folded), longest first.
const PATRONYMIC_ENDINGS: [&str; 8] = [
    "ovich", "evich", "ovna", "evna", "ichna", "inichna", "ich", "ych",
];

/// Fused Central Asian endings (`Серікұлы` → `serikuli`, `Серікқызы` → `serikkizi`).
const FUSED_MARKERS: [&str; 5] = ["uuli", "uli", "kizi", "ogli", "ugli"];

/// The father's name in a patronymic given as words: `["rustamovich"]`, `["rustam", "ugli"]`,
/// `["serikuli"]` all give `rustam` / `serik`. `None` if the words do not look like one.
pub fn patronymic_stem(words: &[String]) -> Option<String> {
    match words {
        [name, marker] if is_marker(marker) => Some(name.clone()),
        [word] => {
            for ending in PATRONYMIC_ENDINGS {
                if let Some(stem) = word.strip_suffix(ending)
                    && stem.len() >= 2
                {
                    return Some(stem.to_owned());
                }
            }
            for marker in FUSED_MARKERS {
                if let Some(stem) = word.strip_suffix(marker)
                    && stem.len() >= 3
                {
                    return Some(stem.to_owned());
                }
            }
            None
        }
        _ => None,
    }
}

/// The form the male and female family names share: `karimova` and `karimov` → `karimov`,
/// `kovalskaya` and `kovalskii` → `kovalsk`, `zade` → `zoda`.
pub fn surname_stem(family: &str) -> String {
    let (head, ending) = stem_parts(family);
    format!("{head}{ending}")
}

/// Whether two folded family names share their stem ([`surname_stem`]), without allocating:
/// the scorer asks this for nearly every candidate.
pub fn same_surname_stem(a: &str, b: &str) -> bool {
    let ((a_head, a_end), (b_head, b_end)) = (stem_parts(a), stem_parts(b));
    a_head.len() + a_end.len() == b_head.len() + b_end.len()
        && a_head
            .bytes()
            .chain(a_end.bytes())
            .eq(b_head.bytes().chain(b_end.bytes()))
}

/// The stem as a head of the name and the ending that replaces the rest.
fn stem_parts(family: &str) -> (&str, &'static str) {
    if let Some(head) = family.strip_suffix("zade") {
        return (head, "zoda");
    }
    // Folded forms: -ская is `skaia` (see `fold`).
    for (female, male) in [("ova", "ov"), ("eva", "ev"), ("ina", "in"), ("skaia", "sk")] {
        if let Some(head) = family.strip_suffix(female) {
            return (head, male);
        }
    }
    for male in ["skii", "ski", "skoi"] {
        if let Some(head) = family.strip_suffix(male) {
            return (head, "sk");
        }
    }
    (family, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(
        family: &str,
        given: Option<&str>,
        patronymic: Option<&str>,
    ) -> (String, String, Option<String>) {
        let p = NameParts::new(family, given, patronymic);
        (p.family.join(" "), p.given.join(" "), p.patronymic)
    }

    #[test]
    fn russian_and_central_asian_patronymics_give_the_fathers_name() {
        let record = parts("Абдуллаев", Some("Бахтиёр"), Some("Рустамович"));
        assert_eq!(
            record,
            ("abdullaev".into(), "bahtier".into(), Some("rustam".into()))
        );
        assert_eq!(
            parts("ABDULLAYEV", Some("BAXTIYOR RUSTAM UGLI"), None),
            record
        );
        assert_eq!(
            parts("ABDULLAYEV", Some("BAXTIYOR RUSTAM O'G'LI"), None),
            record
        );
        assert_eq!(
            parts("ABDULLAYEV", Some("BAXTIYOR RUSTAMOVICH"), None),
            record
        );
        assert_eq!(
            parts("Абдуллаев", Some("Бахтиёр"), Some("Рустам угли")),
            record
        );
    }

    #[test]
    fn daughters_and_kazakh_fused_forms_are_patronymics_too() {
        assert_eq!(
            parts("Karimova", Some("Dilnoza Rustam qizi"), None).2,
            Some("rustam".into())
        );
        assert_eq!(
            parts("Сериков", Some("Ерлан"), Some("Серікұлы")).2,
            Some("serik".into())
        );
        assert_eq!(
            parts("Серикова", Some("Әсел"), Some("Серікқызы")).2,
            Some("serik".into())
        );
        assert_eq!(
            parts("Мамедов", Some("Эльчин"), Some("Вагиф оглы")).2,
            Some("vagif".into())
        );
        let kyrgyz = parts("Asanov", Some("Azamat Nurbek uulu"), None);
        assert_eq!(
            (kyrgyz.1.as_str(), kyrgyz.2.as_deref()),
            ("azamat", Some("nurbek"))
        );
    }

    #[test]
    fn a_second_given_name_is_not_taken_for_a_patronymic() {
        assert_eq!(
            parts("Ivanov", Some("Anna Maria"), None),
            ("ivanov".into(), "anna maria".into(), None)
        );
    }

    #[test]
    fn female_and_male_family_names_share_a_stem() {
        for (a, b) in [
            ("Каримова", "Каримов"),
            ("Абдуллаева", "ABDULLAEV"),
            ("Никитина", "Никитин"),
            ("Ковальская", "KOVALSKIY"),
            ("Абдуллазаде", "Абдуллазода"),
        ] {
            assert_eq!(surname_stem(&fold(a)), surname_stem(&fold(b)), "{a} / {b}");
        }
        assert_ne!(
            surname_stem(&fold("Каримов")),
            surname_stem(&fold("Керимов"))
        );
    }

    #[test]
    fn compound_and_hyphenated_family_names_keep_their_words() {
        assert_eq!(
            NameParts::new("Абдулла-заде", None, None).family,
            ["abdulla", "zade"]
        );
        assert_eq!(
            NameParts::new("Petrov Vodkin", None, None).family,
            ["petrov", "vodkin"]
        );
    }
}
