//! The Latin spelling a person's own passport prints, by the issuing state's practice.
//!
//! These tables produce demo data only; they are deliberately simple and independent of the
//! matching engine, so that the demo registry does not just echo the matcher's own rules.
//! - RUS: ICAO 9303 Part 3 as Russian passports apply it since 2013 (Х → KH, Ц → TS, Ю → IU).
//! - UZB: Uzbek Latin as Uzbek passports print it (Х → X, Ў → O', Қ → Q, Ж → J, Ё → YO).
//! - KAZ, KGZ, TJK: the national passport practice (Ж → ZH in KAZ/KGZ, J in TJK; Kazakh and
//!   Kyrgyz letters folded to their base Latin letters).
//! - AZE: the name's own Azerbaijani Latin form (not a transliteration of the Russian one: see
//!   [`crate::azerbaijani`]) as the machine-readable zone prints it (Гусейнов → HUSEYNOV,
//!   Джафаров → CAFAROV).

use crate::azerbaijani::{machine_readable, native_form};
use crate::names::People;

/// The passport spelling of a Cyrillic name, in capitals, for a person of `people`.
pub fn passport_spelling(name: &str, people: People) -> String {
    if people == People::Azerbaijani
        && let Some(words) = name
            .split(' ')
            .map(|word| native_form(word).map(|native| machine_readable(&native)))
            .collect::<Option<Vec<_>>>()
    {
        return words.join(" ");
    }
    let name = name.to_owned();
    let mut out = String::with_capacity(name.len());
    let chars: Vec<char> = name.chars().flat_map(char::to_lowercase).collect();
    for (i, &c) in chars.iter().enumerate() {
        let previous = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        // A Russian clerk writes Tajik and Uzbek Ҷ/J as "Дж"; their passports print one J.
        if c == 'д' && next == Some('ж') && matches!(people, People::Tajik | People::Uzbek) {
            continue;
        }
        let after_vowel_or_start = previous.is_none_or(|p| "аеёиоуыэюяәөүұі ".contains(p));
        let latin: &str = match (people, c) {
            (_, 'а' | 'ә') => "A",
            (_, 'б') => "B",
            (_, 'в') => "V",
            (_, 'г' | 'ғ') => "G",
            (_, 'д') => "D",
            (People::Uzbek | People::Azerbaijani, 'е') if after_vowel_or_start => "YE",
            (_, 'е' | 'э') => "E",
            (People::Russian, 'ё') => "E",
            (_, 'ё') => "YO",
            (People::Uzbek | People::Tajik, 'ж') => "J",
            (_, 'ж') => "ZH",
            (_, 'з') => "Z",
            (_, 'и' | 'і') => "I",
            (People::Russian, 'й') => "I",
            (_, 'й') => "Y",
            (People::Uzbek, 'қ') => "Q",
            (_, 'к' | 'қ') => "K",
            (_, 'л') => "L",
            (_, 'м') => "M",
            (_, 'н' | 'ң') => "N",
            (_, 'о' | 'ө') => "O",
            (People::Uzbek, 'ў') => "O'",
            (_, 'п') => "P",
            (_, 'р') => "R",
            (_, 'с') => "S",
            (_, 'т') => "T",
            (_, 'у' | 'ұ' | 'ү' | 'ӯ' | 'ў') => "U",
            (_, 'ф') => "F",
            (People::Uzbek | People::Azerbaijani, 'х') => "X",
            (_, 'х' | 'һ') => "KH",
            (People::Uzbek, 'ц') => "S",
            (_, 'ц') => "TS",
            (_, 'ч') => "CH",
            (_, 'ш') => "SH",
            (_, 'щ') => "SHCH",
            (People::Russian, 'ъ') => "IE",
            (_, 'ъ') => "",
            (_, 'ы') => "Y",
            (_, 'ь') => "",
            (People::Russian, 'ю') => "IU",
            (_, 'ю') => "YU",
            (People::Russian, 'я') => "IA",
            (_, 'я') => "YA",
            (_, ' ') => " ",
            (_, '-') => "-",
            _ => "",
        };
        out.push_str(latin);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_state_spells_by_its_own_practice() {
        assert_eq!(passport_spelling("Абдуллаев", People::Uzbek), "ABDULLAYEV");
        assert_eq!(passport_spelling("Бахтиёр", People::Uzbek), "BAXTIYOR");
        assert_eq!(passport_spelling("Юлия", People::Russian), "IULIIA");
        assert_eq!(passport_spelling("Джамшед", People::Tajik), "JAMSHED");
        assert_eq!(passport_spelling("Жанар", People::Kazakh), "ZHANAR");
        assert_eq!(passport_spelling("Нұрлан", People::Kazakh), "NURLAN");
        assert_eq!(
            passport_spelling("Мамедов", People::Azerbaijani),
            "MAMMADOV"
        );
        assert_eq!(
            passport_spelling("Гусейнова Севиндж", People::Azerbaijani),
            "HUSEYNOVA SEVINC"
        );
    }
}
