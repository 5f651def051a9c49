//! The Azerbaijani Latin form of the Azerbaijani names the generator writes in Russian.
//!
//! A Russian clerk writes an Azerbaijani name as Russian hears it (Гусейнов, Джафаров, Керимов);
//! the person's own passport prints it in the Azerbaijani Latin alphabet of 1991 (Hüseynov,
//! Cəfərov, Kərimov), and its machine-readable zone without the national letters
//! (HUSEYNOV, CAFAROV, KARIMOV). The two are not one transliteration of the other: Azerbaijani
//! `h` is Russian `г` in Гусейн and `х` in Ильхам, `q` is `г` in Тофиг and `к` in Кулиев, `ə`
//! is `а`, `е` or `я`, `c` is `дж`, `ç` is `ч`. So the generator keeps each name's native form
//! beside its Russian one, written from the names' usual spellings in Azerbaijan, rather than
//! deriving one from the other; names it does not know (surnames made from a given name) are
//! derived from the given name's native form.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::names::surname_from_given;

/// Russian form → Azerbaijani Latin form, for every surname and given name of the generator's
/// Azerbaijani name table (male surnames; the female form adds `a` on both sides).
const NATIVE: &[(&str, &str)] = &[
    // Surnames.
    ("Мамедов", "Məmmədov"),
    ("Гасанов", "Həsənov"),
    ("Гусейнов", "Hüseynov"),
    ("Бабаев", "Babayev"),
    ("Керимов", "Kərimov"),
    ("Рзаев", "Rzayev"),
    ("Джафаров", "Cəfərov"),
    ("Исмайылов", "İsmayılov"),
    ("Ахмедов", "Əhmədov"),
    ("Велиев", "Vəliyev"),
    ("Гулиев", "Quliyev"),
    ("Сулейманов", "Süleymanov"),
    ("Ибрагимов", "İbrahimov"),
    ("Агаев", "Ağayev"),
    ("Алиев", "Əliyev"),
    ("Аббасов", "Abbasov"),
    ("Асадов", "Əsədov"),
    ("Багиров", "Bağırov"),
    ("Джаббаров", "Cabbarov"),
    ("Зейналов", "Zeynalov"),
    ("Исмаилов", "İsmayılov"),
    ("Кулиев", "Quliyev"),
    ("Мусаев", "Musayev"),
    ("Мустафаев", "Mustafayev"),
    ("Наджафов", "Nəcəfov"),
    ("Новрузов", "Novruzov"),
    ("Оруджев", "Orucov"),
    ("Рагимов", "Rəhimov"),
    ("Рустамов", "Rüstəmov"),
    ("Садыхов", "Sadıqov"),
    ("Самедов", "Səmədov"),
    ("Тагиев", "Tağıyev"),
    ("Халилов", "Xəlilov"),
    ("Шахбазов", "Şahbazov"),
    ("Юсифов", "Yusifov"),
    ("Ахундов", "Axundov"),
    ("Аскеров", "Əsgərov"),
    ("Гаджиев", "Hacıyev"),
    ("Гамидов", "Həmidov"),
    ("Нагиев", "Nağıyev"),
    ("Пашаев", "Paşayev"),
    ("Рахимов", "Rəhimov"),
    ("Султанов", "Sultanov"),
    ("Эфендиев", "Əfəndiyev"),
    // Men's names.
    ("Эльчин", "Elçin"),
    ("Рашад", "Rəşad"),
    ("Тофиг", "Tofiq"),
    ("Орхан", "Orxan"),
    ("Эмин", "Emin"),
    ("Фуад", "Fuad"),
    ("Вугар", "Vüqar"),
    ("Самир", "Samir"),
    ("Анар", "Anar"),
    ("Турал", "Tural"),
    ("Ровшан", "Rövşən"),
    ("Джейхун", "Ceyhun"),
    ("Эльнур", "Elnur"),
    ("Азер", "Azər"),
    ("Аяз", "Ayaz"),
    ("Бахрам", "Bəhram"),
    ("Вусал", "Vüsal"),
    ("Гусейн", "Hüseyn"),
    ("Джавид", "Cavid"),
    ("Ильгар", "İlqar"),
    ("Кямран", "Kamran"),
    ("Мурад", "Murad"),
    ("Намиг", "Namiq"),
    ("Огтай", "Oqtay"),
    ("Парвиз", "Pərviz"),
    ("Рамиль", "Ramil"),
    ("Рауф", "Rauf"),
    ("Сахиб", "Sahib"),
    ("Теймур", "Teymur"),
    ("Ульви", "Ülvi"),
    ("Фарид", "Fərid"),
    ("Хайям", "Xəyyam"),
    ("Чингиз", "Çingiz"),
    ("Шахин", "Şahin"),
    ("Эльшад", "Elşad"),
    ("Ягуб", "Yaqub"),
    ("Заур", "Zaur"),
    ("Ильхам", "İlham"),
    ("Мехман", "Mehman"),
    ("Рустам", "Rüstəm"),
    ("Руслан", "Ruslan"),
    ("Фаиг", "Faiq"),
    ("Эльвин", "Elvin"),
    ("Алекпер", "Ələkbər"),
    ("Вагиф", "Vaqif"),
    ("Рафик", "Rafiq"),
    ("Габиль", "Qabil"),
    // Women's names.
    ("Айтен", "Aytən"),
    ("Лейла", "Leyla"),
    ("Нигяр", "Nigar"),
    ("Севиндж", "Sevinc"),
    ("Гюнай", "Günay"),
    ("Лала", "Lalə"),
    ("Айнур", "Aynur"),
    ("Гюльнар", "Gülnar"),
    ("Нармин", "Nərmin"),
    ("Айгюн", "Aygün"),
    ("Арзу", "Arzu"),
    ("Гюльшан", "Gülşən"),
    ("Зейнаб", "Zeynəb"),
    ("Иряда", "İradə"),
    ("Кёнуль", "Könül"),
    ("Мехрибан", "Mehriban"),
    ("Нурлана", "Nurlanə"),
    ("Самира", "Samirə"),
    ("Севда", "Sevda"),
    ("Туран", "Turan"),
    ("Ульвия", "Ülviyyə"),
    ("Хаяла", "Xəyalə"),
    ("Чинара", "Çinarə"),
    ("Шахла", "Şəhla"),
    ("Эсмира", "Esmira"),
    ("Ягут", "Yaqut"),
    ("Фидан", "Fidan"),
    ("Ламия", "Lamiyə"),
    ("Зарифа", "Zərifə"),
];

/// The Azerbaijani Latin form of one word of an Azerbaijani name written in Russian, if the
/// generator knows it: a name of the table, a female surname (`Гусейнова` → `Hüseynova`), or
/// a surname made from a given name of the table (`Эльчинов` → `Elçinov`, `Ульвиев` →
/// `Ülviyev`: `-ov` after a consonant, `-yev` after a vowel).
pub fn native_form(russian: &str) -> Option<String> {
    let forms = native_forms();
    if let Some(native) = forms.get(russian) {
        return Some(native.clone());
    }
    let male = russian.strip_suffix('а')?;
    forms.get(male).map(|native| format!("{native}a"))
}

/// Every known Russian form with its Azerbaijani one: the table, and the surnames made from
/// its given names. Built once: the generator asks for every Azerbaijani name it writes.
fn native_forms() -> &'static HashMap<String, String> {
    static FORMS: OnceLock<HashMap<String, String>> = OnceLock::new();
    FORMS.get_or_init(|| {
        let mut forms = HashMap::new();
        for (given, native) in NATIVE {
            let ends_in_vowel = native
                .chars()
                .last()
                .is_some_and(|c| "aeəiıouüö".contains(c));
            let surname = format!("{native}{}", if ends_in_vowel { "yev" } else { "ov" });
            forms.insert(surname_from_given(given), surname);
        }
        // The table's own entries win over a surname made from a given name (Гусейнов).
        for (russian, native) in NATIVE {
            forms.insert((*russian).to_owned(), (*native).to_owned());
        }
        forms
    })
}

/// An Azerbaijani Latin name as the machine-readable zone of an Azerbaijani passport prints
/// it: capitals, the national letters by their base letters (Ə → A, Ç → C, Ş → S, Ğ → G,
/// I and İ → I, Ö → O, Ü → U), as ICAO 9303 Part 3 lets a state write them.
pub fn machine_readable(native: &str) -> String {
    native
        .chars()
        .map(|c| match c {
            'ə' | 'Ə' => 'A',
            'ç' | 'Ç' => 'C',
            'ş' | 'Ş' => 'S',
            'ğ' | 'Ğ' => 'G',
            'ı' | 'İ' | 'i' => 'I',
            'ö' | 'Ö' => 'O',
            'ü' | 'Ü' => 'U',
            other => other.to_ascii_uppercase(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::People;

    #[test]
    fn every_azerbaijani_name_has_its_native_form() {
        let pool = People::Azerbaijani.pool();
        for name in pool.surnames.iter().chain(&pool.male).chain(&pool.female) {
            assert!(native_form(name).is_some(), "{name}");
        }
    }

    #[test]
    fn native_forms_are_not_a_transliteration_of_the_russian() {
        assert_eq!(native_form("Гусейнова").as_deref(), Some("Hüseynova"));
        assert_eq!(native_form("Эльчинов").as_deref(), Some("Elçinov"));
        assert_eq!(native_form("Ульвиев").as_deref(), Some("Ülviyev"));
        assert_eq!(machine_readable("Cəfərov"), "CAFAROV");
        assert_eq!(machine_readable("İsmayılov"), "ISMAYILOV");
        assert_eq!(native_form("Иванов"), None);
    }
}
