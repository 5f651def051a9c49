//! Name material for six peoples, written as the registries that send decisions write them.
//!
//! Each people has a table of common surnames (male forms), given names and compound-name
//! endings. From it a [`NamePool`] is built once: the listed surnames, then surnames formed from
//! given names as they are in Central Asia (a forebear's name + `-ов`/`-ев`, Tajik `-зода`),
//! given names with their compounds (`Азиз` → `Азизбек`, `Азизжон`), each drawn with a
//! Zipf–Mandelbrot weight by rank, `1 / (rank + q)`, so a few names are very common (the
//! Karimov Akmal problem) and a long tail is rare, as in real registries. Patronymics are formed
//! from a father's name by the rules a Russian registry follows (`-ович`/`-евич`, `-овна`/`-евна`,
//! the irregular `Ильич`, `Юрьевич`) or the people's own markers (`-ұлы`/`-қызы`, `уулу`, `оглы`).
//! Every person is a random combination, so no real person is described. Kazakh names keep
//! Kazakh letters (Қ Ә Ү Ұ Ө Ғ Ң Һ І); when a Russian authority records a Kazakh,
//! [`russify_kazakh`] turns them into the Russian letters it would use.

use std::sync::OnceLock;

use rand::Rng;
use rand::distr::{Distribution, weighted::WeightedIndex};

/// A people whose names the generator writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum People {
    Uzbek,
    Tajik,
    Kyrgyz,
    Kazakh,
    Azerbaijani,
    Russian,
}

impl People {
    /// Every people, with its share of the generated registry (percent).
    pub const WEIGHTED: [(People, u32); 6] = [
        (People::Uzbek, 34),
        (People::Tajik, 22),
        (People::Kyrgyz, 14),
        (People::Kazakh, 10),
        (People::Azerbaijani, 8),
        (People::Russian, 12),
    ];

    /// ISO 3166-1 alpha-2 code of the usual citizenship.
    pub fn citizenship(self) -> &'static str {
        match self {
            People::Uzbek => "UZ",
            People::Tajik => "TJ",
            People::Kyrgyz => "KG",
            People::Kazakh => "KZ",
            People::Azerbaijani => "AZ",
            People::Russian => "RU",
        }
    }

    /// ICAO code of the passport's issuing state.
    pub fn passport_state(self) -> &'static str {
        match self {
            People::Uzbek => "UZB",
            People::Tajik => "TJK",
            People::Kyrgyz => "KGZ",
            People::Kazakh => "KAZ",
            People::Azerbaijani => "AZE",
            People::Russian => "RUS",
        }
    }

    /// The names of this people.
    pub fn names(self) -> &'static NameTable {
        match self {
            People::Uzbek => &UZBEK,
            People::Tajik => &TAJIK,
            People::Kyrgyz => &KYRGYZ,
            People::Kazakh => &KAZAKH,
            People::Azerbaijani => &AZERBAIJANI,
            People::Russian => &RUSSIAN,
        }
    }

    fn index(self) -> usize {
        match self {
            People::Uzbek => 0,
            People::Tajik => 1,
            People::Kyrgyz => 2,
            People::Kazakh => 3,
            People::Azerbaijani => 4,
            People::Russian => 5,
        }
    }

    /// This people's name pool (built on first use, then shared).
    pub fn pool(self) -> &'static NamePool {
        static POOLS: [OnceLock<NamePool>; 6] = [const { OnceLock::new() }; 6];
        POOLS[self.index()].get_or_init(|| NamePool::new(self))
    }

    /// The patronymic a registry writes for the child of `father`.
    pub fn patronymic(self, father: &str, female: bool, own_marker: bool) -> String {
        match (self, own_marker) {
            (People::Kazakh, true) => format!("{father}{}", if female { "қызы" } else { "ұлы" }),
            (People::Kyrgyz, true) => format!("{father} {}", if female { "кызы" } else { "уулу" }),
            (People::Azerbaijani, true) => {
                format!("{father} {}", if female { "кызы" } else { "оглы" })
            }
            _ => russian_patronymic(father, female),
        }
    }

    /// How often a registry writes this people's own patronymic marker instead of a Russian form.
    pub fn own_marker_share(self) -> f64 {
        match self {
            People::Kazakh => 0.5,
            People::Kyrgyz => 0.3,
            People::Azerbaijani => 0.6,
            _ => 0.0,
        }
    }
}

/// One people's names, most common first.
#[derive(Debug)]
pub struct NameTable {
    /// Surnames in their male form; [`female_surname`] gives the female one.
    pub surnames: &'static [&'static str],
    pub male: &'static [&'static str],
    pub female: &'static [&'static str],
    /// Endings that make compound given names of short ones (`бек`, `жон`).
    pub male_suffixes: &'static [&'static str],
    pub female_suffixes: &'static [&'static str],
}

/// The names of one people with their draw weights.
#[derive(Debug)]
pub struct NamePool {
    pub surnames: Vec<String>,
    pub male: Vec<String>,
    pub female: Vec<String>,
    surname_weights: WeightedIndex<f64>,
    male_weights: WeightedIndex<f64>,
    female_weights: WeightedIndex<f64>,
}

/// Zipf–Mandelbrot weights `1 / (rank + q)` for `n` names.
fn zipf(n: usize, q: f64) -> WeightedIndex<f64> {
    // n ≥ 1 and every weight is positive and finite, so this cannot fail.
    WeightedIndex::new((0..n.max(1)).map(|rank| 1.0 / (rank as f64 + q)))
        .unwrap_or_else(|_| unreachable!())
}

impl NamePool {
    fn new(people: People) -> Self {
        let table = people.names();
        let male = with_compounds(table.male, table.male_suffixes);
        let female = with_compounds(table.female, table.female_suffixes);
        let mut surnames: Vec<String> = table.surnames.iter().map(|s| (*s).to_owned()).collect();
        if people != People::Russian {
            for name in &male {
                let formed = surname_from_given(name);
                // A Tajik name also gives a `-зода` surname (the post-2007 form).
                let zoda = (people == People::Tajik)
                    .then(|| format!("{}зода", name.trim_end_matches(['ь', 'й'])));
                for surname in [Some(formed), zoda].into_iter().flatten() {
                    if !surnames.contains(&surname) {
                        surnames.push(surname);
                    }
                }
            }
        }
        Self {
            surname_weights: zipf(surnames.len(), 10.0),
            male_weights: zipf(male.len(), 5.0),
            female_weights: zipf(female.len(), 5.0),
            surnames,
            male,
            female,
        }
    }

    /// A surname for a man or a woman.
    pub fn surname(&self, rng: &mut impl Rng, female: bool) -> String {
        let male_form = &self.surnames[self.surname_weights.sample(rng)];
        if female {
            female_surname(male_form)
        } else {
            male_form.clone()
        }
    }

    /// A given name.
    pub fn given(&self, rng: &mut impl Rng, female: bool) -> &str {
        if female {
            &self.female[self.female_weights.sample(rng)]
        } else {
            &self.male[self.male_weights.sample(rng)]
        }
    }
}

/// The listed names, then compounds of the short ones, interleaved by the rank of their base.
fn with_compounds(names: &[&str], suffixes: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    for name in names {
        let short = name.chars().count() <= 6;
        let compound_already = ["бек", "жон", "жан", "хон", "али"]
            .iter()
            .any(|s| name.ends_with(s));
        if !short || compound_already {
            continue;
        }
        for suffix in suffixes {
            let compound = format!("{}{suffix}", name.trim_end_matches(['ь', 'й']));
            if !out.contains(&compound) {
                out.push(compound);
            }
        }
    }
    out
}

/// The female form of a surname (`-ов` → `-ова`, `-ский` → `-ская`; `-зода` does not change).
pub fn female_surname(male: &str) -> String {
    if let Some(stem) = male.strip_suffix("ий") {
        return format!("{stem}ая");
    }
    if ["ов", "ев", "ёв", "ин", "ын"]
        .iter()
        .any(|e| male.ends_with(e))
    {
        return format!("{male}а");
    }
    male.to_owned()
}

/// A surname formed from a forebear's given name, as Soviet registration did
/// (`Ахмед` → `Ахмедов`, `Абдулла` → `Абдуллаев`, `Сергей` → `Сергеев`, `Габиль` → `Габилев`).
pub fn surname_from_given(name: &str) -> String {
    let Some(last) = name.chars().last() else {
        return String::new();
    };
    match last {
        'й' | 'ь' => format!("{}ев", &name[..name.len() - last.len_utf8()]),
        'а' | 'я' | 'о' | 'и' | 'у' | 'е' | 'ы' | 'э' | 'ж' | 'ш' | 'ч' | 'щ' | 'ц' => {
            format!("{name}ев")
        }
        _ => format!("{name}ов"),
    }
}

/// The Russian-form patronymic of the child of `father` (`Рустам` → `Рустамович`/`Рустамовна`,
/// `Абдулла` → `Абдуллаевич`, `Сергей` → `Сергеевич`, and the irregular forms of Russian names).
pub fn russian_patronymic(father: &str, female: bool) -> String {
    const IRREGULAR: [(&str, &str, &str); 11] = [
        ("Илья", "Ильич", "Ильинична"),
        ("Никита", "Никитич", "Никитична"),
        ("Лев", "Львович", "Львовна"),
        ("Пётр", "Петрович", "Петровна"),
        ("Павел", "Павлович", "Павловна"),
        ("Юрий", "Юрьевич", "Юрьевна"),
        ("Валерий", "Валерьевич", "Валерьевна"),
        ("Виталий", "Витальевич", "Витальевна"),
        ("Григорий", "Григорьевич", "Григорьевна"),
        ("Евгений", "Евгеньевич", "Евгеньевна"),
        ("Георгий", "Георгиевич", "Георгиевна"),
    ];
    if let Some(&(_, son, daughter)) = IRREGULAR.iter().find(|(f, _, _)| *f == father) {
        return (if female { daughter } else { son }).to_owned();
    }
    let (stem, soft) = match father.chars().last() {
        Some(c @ ('й' | 'ь')) => (&father[..father.len() - c.len_utf8()], true),
        Some('а' | 'я' | 'о' | 'и' | 'у' | 'е' | 'ы' | 'э' | 'ж' | 'ш' | 'ч' | 'щ' | 'ц') => {
            (father, true)
        }
        _ => (father, false),
    };
    let ending = match (soft, female) {
        (true, false) => "евич",
        (true, true) => "евна",
        (false, false) => "ович",
        (false, true) => "овна",
    };
    format!("{stem}{ending}")
}

static UZBEK: NameTable = NameTable {
    surnames: &[
        "Каримов",
        "Абдуллаев",
        "Юсупов",
        "Рахимов",
        "Турсунов",
        "Норматов",
        "Хасанов",
        "Исмоилов",
        "Эргашев",
        "Мирзаев",
        "Усманов",
        "Холматов",
        "Жураев",
        "Сайдуллаев",
        "Абдурахмонов",
        "Ташпулатов",
        "Хайдаров",
        "Ахмедов",
        "Нурматов",
        "Файзуллаев",
        "Бозоров",
        "Камолов",
        "Шукуров",
        "Содиков",
        "Зокиров",
        "Алимов",
        "Азимов",
        "Аминов",
        "Бакиев",
        "Валиев",
        "Гафуров",
        "Давлатов",
        "Ибрагимов",
        "Иргашев",
        "Исламов",
        "Кадыров",
        "Латипов",
        "Мамадалиев",
        "Махмудов",
        "Мухаммадиев",
        "Назаров",
        "Нишанов",
        "Облокулов",
        "Пулатов",
        "Расулов",
        "Рашидов",
        "Рузиев",
        "Сабиров",
        "Саидов",
        "Султанов",
        "Тошматов",
        "Тураев",
        "Умаров",
        "Хакимов",
        "Халилов",
        "Юлдашев",
        "Якубов",
        "Шарипов",
    ],
    male: &[
        "Акмал",
        "Бахтиёр",
        "Шерзод",
        "Улугбек",
        "Жасур",
        "Фаррух",
        "Азиз",
        "Отабек",
        "Дилшод",
        "Санжар",
        "Бобур",
        "Ислом",
        "Жахонгир",
        "Шухрат",
        "Хуршид",
        "Равшан",
        "Элёр",
        "Ойбек",
        "Зафар",
        "Нодир",
        "Шохрух",
        "Гайрат",
        "Алишер",
        "Анвар",
        "Ботир",
        "Даврон",
        "Жамшид",
        "Зокир",
        "Икром",
        "Илхом",
        "Камол",
        "Лазиз",
        "Мансур",
        "Мурод",
        "Нурали",
        "Одил",
        "Рустам",
        "Сардор",
        "Сарвар",
        "Собир",
        "Тимур",
        "Тохир",
        "Уткир",
        "Фарход",
        "Хамид",
        "Хасан",
        "Шавкат",
        "Шерали",
        "Эркин",
        "Юсуф",
        "Акбар",
        "Аброр",
        "Баходир",
        "Бекзод",
        "Вохид",
        "Голиб",
        "Дилмурод",
        "Зиёд",
        "Иброхим",
        "Комил",
        "Мухаммад",
        "Ориф",
        "Рахим",
        "Темур",
        "Умид",
        "Абдулла",
    ],
    female: &[
        "Дилноза",
        "Гулнора",
        "Мадина",
        "Нилуфар",
        "Зарина",
        "Шахноза",
        "Малика",
        "Феруза",
        "Юлдуз",
        "Севара",
        "Мохира",
        "Дильфуза",
        "Гулчехра",
        "Умида",
        "Азиза",
        "Барно",
        "Гулшан",
        "Дилдора",
        "Дурдона",
        "Камола",
        "Лола",
        "Муниса",
        "Нигора",
        "Рано",
        "Сабина",
        "Саида",
        "Сайёра",
        "Хилола",
        "Шахло",
        "Шоира",
        "Зулфия",
        "Гавхар",
        "Мафтуна",
        "Нодира",
        "Озода",
        "Одина",
    ],
    male_suffixes: &["бек", "жон", "бой"],
    female_suffixes: &["хон"],
};

static TAJIK: NameTable = NameTable {
    surnames: &[
        "Рахмонов",
        "Сафаров",
        "Назаров",
        "Шарипов",
        "Давлатов",
        "Саидов",
        "Каримзода",
        "Рахимзода",
        "Шарифзода",
        "Одинаев",
        "Мирзоев",
        "Бобоев",
        "Хамидзода",
        "Джураев",
        "Кодиров",
        "Холикзода",
        "Имомалиев",
        "Нуров",
        "Ашуров",
        "Гулов",
        "Зарипов",
        "Икромов",
        "Исмоилзода",
        "Кабиров",
        "Курбонов",
        "Махмадов",
        "Муродов",
        "Нематов",
        "Олимов",
        "Пирматов",
        "Рахимов",
        "Рустамов",
        "Сангинов",
        "Салимов",
        "Тоиров",
        "Турсунзода",
        "Файзуллоев",
        "Хасанов",
        "Хусейнов",
        "Шамсиддинов",
        "Юсуфзода",
        "Ятимов",
        "Абдуллоев",
        "Азизов",
        "Гаюров",
        "Давронов",
        "Латифзода",
    ],
    male: &[
        "Джамшед",
        "Фаридун",
        "Сухроб",
        "Парвиз",
        "Бахром",
        "Далер",
        "Манучехр",
        "Шухрат",
        "Рустам",
        "Фирдавс",
        "Хуршед",
        "Исмоил",
        "Комрон",
        "Шахзод",
        "Умед",
        "Носир",
        "Абдулло",
        "Азиз",
        "Алишер",
        "Амир",
        "Бахтиёр",
        "Бехруз",
        "Давлат",
        "Зафар",
        "Илхом",
        "Карим",
        "Мухаммад",
        "Нозим",
        "Олим",
        "Рахмон",
        "Саидали",
        "Сино",
        "Тохир",
        "Умар",
        "Фаррух",
        "Хайём",
        "Хусейн",
        "Шариф",
        "Шерали",
        "Юсуф",
        "Абдурахмон",
        "Дилшод",
        "Иброхим",
        "Навруз",
        "Рузи",
        "Сафар",
        "Турсун",
        "Хасан",
        "Каххор",
        "Хайрулло",
        "Саид",
    ],
    female: &[
        "Мехрона",
        "Зарина",
        "Шахло",
        "Нигина",
        "Фарзона",
        "Сабрина",
        "Манижа",
        "Тахмина",
        "Гулрухсор",
        "Мавзуна",
        "Дилноза",
        "Зебо",
        "Лайло",
        "Малика",
        "Мадина",
        "Нилуфар",
        "Парвина",
        "Рухшона",
        "Сарвиноз",
        "Ситора",
        "Фарангис",
        "Хуршеда",
        "Шабнам",
        "Шахноза",
        "Гулчехра",
        "Мижгона",
        "Нозанин",
        "Рухсора",
        "Зулайхо",
        "Дилафруз",
    ],
    male_suffixes: &["жон"],
    female_suffixes: &[],
};

static KYRGYZ: NameTable = NameTable {
    surnames: &[
        "Абдыкадыров",
        "Муратбеков",
        "Осмоналиев",
        "Турдубаев",
        "Сыдыков",
        "Токтосунов",
        "Жумабеков",
        "Асанбеков",
        "Орозбеков",
        "Бейшенов",
        "Мамытов",
        "Кадыркулов",
        "Эсенгулов",
        "Алымбеков",
        "Абдыраимов",
        "Акматов",
        "Алиев",
        "Асанов",
        "Бакиев",
        "Дуйшеев",
        "Жапаров",
        "Жээнбеков",
        "Исаков",
        "Калыков",
        "Кожомбердиев",
        "Мамбетов",
        "Мусаев",
        "Нурматов",
        "Омуралиев",
        "Осмонов",
        "Садыков",
        "Сатыбалдиев",
        "Токтогулов",
        "Тологонов",
        "Усенов",
        "Чотонов",
        "Шарипов",
        "Эшматов",
        "Өмүрбеков",
        "Түлөбердиев",
    ],
    male: &[
        "Азамат",
        "Нурбек",
        "Эрлан",
        "Бакыт",
        "Чынгыз",
        "Талант",
        "Улан",
        "Мирлан",
        "Адилет",
        "Эмиль",
        "Данияр",
        "Тилек",
        "Мирбек",
        "Канат",
        "Айбек",
        "Алмаз",
        "Арстан",
        "Бактыбек",
        "Бекжан",
        "Болот",
        "Жаныбек",
        "Жоомарт",
        "Замир",
        "Исламбек",
        "Кайрат",
        "Марат",
        "Нурлан",
        "Рустам",
        "Самат",
        "Султан",
        "Темирлан",
        "Урмат",
        "Эльдар",
        "Эрмек",
        "Жаркын",
        "Медер",
        "Нурсултан",
        "Айдар",
        "Бекболот",
        "Максат",
        "Кубанычбек",
        "Таалай",
        "Элдияр",
        "Азат",
        "Токтор",
        "Асан",
        "Мурат",
        "Кубат",
        "Үсөн",
    ],
    female: &[
        "Айгерим",
        "Айжан",
        "Гульнара",
        "Жылдыз",
        "Чолпон",
        "Нургуль",
        "Айпери",
        "Бермет",
        "Асель",
        "Мээрим",
        "Айдана",
        "Айнура",
        "Бактыгуль",
        "Венера",
        "Гулзат",
        "Динара",
        "Жазгуль",
        "Зарина",
        "Канышай",
        "Мадина",
        "Назгуль",
        "Перизат",
        "Сезим",
        "Толгонай",
        "Умут",
        "Элиза",
        "Эльмира",
        "Акылай",
        "Бурул",
        "Жибек",
    ],
    male_suffixes: &["бек", "бай"],
    female_suffixes: &[],
};

static KAZAKH: NameTable = NameTable {
    surnames: &[
        "Әбдірахманов",
        "Қайратов",
        "Нұрланов",
        "Серікбаев",
        "Төлеуов",
        "Жұмабаев",
        "Оспанов",
        "Сәрсенбаев",
        "Бекмұхамбетов",
        "Ғаббасов",
        "Қасымов",
        "Өтемісов",
        "Үмбетов",
        "Ахметжанов",
        "Мұқанов",
        "Ұзақов",
        "Ахметов",
        "Әлиев",
        "Байжанов",
        "Бекболатов",
        "Дүйсенов",
        "Ерғалиев",
        "Жақсылықов",
        "Жанұзақов",
        "Ибрагимов",
        "Искаков",
        "Кенжебаев",
        "Құдайбергенов",
        "Мамыров",
        "Нұрпейісов",
        "Омаров",
        "Рахымжанов",
        "Сағынтаев",
        "Смағұлов",
        "Сүлейменов",
        "Тоқаев",
        "Уәлиев",
        "Шәкенов",
        "Ыбыраев",
        "Есімов",
        "Байменов",
        "Ордабаев",
        "Исабеков",
        "Дәулетов",
        "Жүсіпов",
    ],
    male: &[
        "Нұрлан",
        "Қайрат",
        "Ерлан",
        "Әсет",
        "Ғалым",
        "Серік",
        "Дәурен",
        "Бауыржан",
        "Ержан",
        "Талғат",
        "Мұрат",
        "Асхат",
        "Жандос",
        "Өмірзақ",
        "Шаһмардан",
        "Ұлан",
        "Айдос",
        "Алмас",
        "Арман",
        "Асқар",
        "Ақжол",
        "Бейбіт",
        "Болат",
        "Ғабит",
        "Дархан",
        "Дидар",
        "Ерболат",
        "Ерқанат",
        "Жасұлан",
        "Қанат",
        "Мақсат",
        "Нұрсұлтан",
        "Олжас",
        "Руслан",
        "Самат",
        "Сұлтан",
        "Тимур",
        "Төлеген",
        "Ұлықбек",
        "Шыңғыс",
        "Ілияс",
        "Әділ",
        "Азамат",
        "Бекзат",
        "Данияр",
        "Ермек",
    ],
    female: &[
        "Әсел",
        "Айгүл",
        "Гүлнұр",
        "Ақмарал",
        "Жанар",
        "Динара",
        "Мөлдір",
        "Аңсаған",
        "Әйгерім",
        "Ботагөз",
        "Іңкәр",
        "Аружан",
        "Балжан",
        "Ғалия",
        "Дана",
        "Жансая",
        "Зере",
        "Қарлығаш",
        "Ләззат",
        "Мадина",
        "Назерке",
        "Перизат",
        "Салтанат",
        "Сәуле",
        "Толқын",
        "Ұлжан",
        "Фариза",
        "Шынар",
        "Айдана",
        "Әлия",
        "Гүлмира",
    ],
    male_suffixes: &["бек", "жан", "бай"],
    female_suffixes: &[],
};

static AZERBAIJANI: NameTable = NameTable {
    surnames: &[
        "Мамедов",
        "Гасанов",
        "Гусейнов",
        "Бабаев",
        "Керимов",
        "Рзаев",
        "Джафаров",
        "Исмайылов",
        "Ахмедов",
        "Велиев",
        "Гулиев",
        "Сулейманов",
        "Ибрагимов",
        "Агаев",
        "Алиев",
        "Аббасов",
        "Асадов",
        "Багиров",
        "Джаббаров",
        "Зейналов",
        "Исмаилов",
        "Кулиев",
        "Мусаев",
        "Мустафаев",
        "Наджафов",
        "Новрузов",
        "Оруджев",
        "Рагимов",
        "Рустамов",
        "Садыхов",
        "Самедов",
        "Тагиев",
        "Халилов",
        "Шахбазов",
        "Юсифов",
        "Ахундов",
        "Аскеров",
        "Гаджиев",
        "Гамидов",
        "Нагиев",
        "Пашаев",
        "Рахимов",
        "Султанов",
        "Эфендиев",
    ],
    male: &[
        "Эльчин",
        "Рашад",
        "Тофиг",
        "Орхан",
        "Эмин",
        "Фуад",
        "Вугар",
        "Самир",
        "Анар",
        "Турал",
        "Ровшан",
        "Джейхун",
        "Эльнур",
        "Азер",
        "Аяз",
        "Бахрам",
        "Вусал",
        "Гусейн",
        "Джавид",
        "Ильгар",
        "Кямран",
        "Мурад",
        "Намиг",
        "Огтай",
        "Парвиз",
        "Рамиль",
        "Рауф",
        "Сахиб",
        "Теймур",
        "Ульви",
        "Фарид",
        "Хайям",
        "Чингиз",
        "Шахин",
        "Эльшад",
        "Ягуб",
        "Заур",
        "Ильхам",
        "Мехман",
        "Рустам",
        "Руслан",
        "Фаиг",
        "Эльвин",
        "Алекпер",
        "Вагиф",
        "Рафик",
        "Габиль",
    ],
    female: &[
        "Айтен",
        "Лейла",
        "Нигяр",
        "Севиндж",
        "Гюнай",
        "Лала",
        "Айнур",
        "Гюльнар",
        "Нармин",
        "Айгюн",
        "Арзу",
        "Гюльшан",
        "Зейнаб",
        "Иряда",
        "Кёнуль",
        "Мехрибан",
        "Нурлана",
        "Самира",
        "Севда",
        "Туран",
        "Ульвия",
        "Хаяла",
        "Чинара",
        "Шахла",
        "Эсмира",
        "Ягут",
        "Фидан",
        "Ламия",
        "Зарифа",
    ],
    male_suffixes: &[],
    female_suffixes: &[],
};

static RUSSIAN: NameTable = NameTable {
    surnames: &[
        "Иванов",
        "Смирнов",
        "Кузнецов",
        "Попов",
        "Соколов",
        "Лебедев",
        "Козлов",
        "Новиков",
        "Морозов",
        "Петров",
        "Волков",
        "Соловьёв",
        "Васильев",
        "Зайцев",
        "Павлов",
        "Семёнов",
        "Голубев",
        "Виноградов",
        "Богданов",
        "Воробьёв",
        "Фёдоров",
        "Михайлов",
        "Беляев",
        "Тарасов",
        "Белов",
        "Комаров",
        "Орлов",
        "Киселёв",
        "Макаров",
        "Андреев",
        "Ковалёв",
        "Ильин",
        "Гусев",
        "Титов",
        "Кузьмин",
        "Кудрявцев",
        "Баранов",
        "Куликов",
        "Алексеев",
        "Степанов",
        "Яковлев",
        "Сорокин",
        "Сергеев",
        "Романов",
        "Захаров",
        "Борисов",
        "Королёв",
        "Герасимов",
        "Пономарёв",
        "Григорьев",
        "Лазарев",
        "Медведев",
        "Ершов",
        "Никитин",
        "Соболев",
        "Рябов",
        "Поляков",
        "Цветков",
        "Данилов",
        "Жуков",
        "Фролов",
        "Журавлёв",
        "Николаев",
        "Крылов",
        "Максимов",
        "Сидоров",
        "Осипов",
        "Белоусов",
        "Федотов",
        "Дорофеев",
        "Егоров",
        "Матвеев",
        "Бобров",
        "Дмитриев",
        "Калинин",
        "Анисимов",
        "Петухов",
        "Антонов",
        "Тимофеев",
        "Никифоров",
        "Веселов",
        "Филиппов",
        "Марков",
        "Большаков",
        "Суханов",
        "Миронов",
        "Ширяев",
        "Александров",
        "Коновалов",
        "Шестаков",
        "Казаков",
        "Ефимов",
        "Денисов",
        "Громов",
        "Фомин",
        "Давыдов",
        "Мельников",
        "Щербаков",
        "Блинов",
        "Колесников",
        "Карпов",
        "Афанасьев",
        "Власов",
        "Маслов",
        "Исаков",
        "Тихонов",
        "Аксёнов",
        "Гаврилов",
        "Родионов",
        "Котов",
        "Горбунов",
        "Кудряшов",
        "Быков",
        "Зуев",
        "Третьяков",
        "Савельев",
        "Панов",
        "Рыбаков",
        "Суворов",
        "Абрамов",
        "Воронов",
        "Мухин",
        "Архипов",
        "Трофимов",
        "Мартынов",
        "Емельянов",
        "Горшков",
        "Чернов",
        "Овчинников",
        "Селезнёв",
        "Панфилов",
        "Копылов",
        "Михеев",
        "Галкин",
        "Назаров",
        "Лобанов",
        "Лукин",
        "Беляков",
        "Потапов",
        "Некрасов",
        "Хохлов",
        "Жданов",
        "Наумов",
        "Шилов",
        "Воронцов",
        "Ермаков",
        "Дроздов",
        "Игнатьев",
        "Савин",
        "Логинов",
        "Сафонов",
        "Капустин",
        "Кириллов",
        "Моисеев",
        "Елисеев",
        "Кошелев",
        "Костин",
        "Горбачёв",
        "Орехов",
        "Ефремов",
        "Исаев",
        "Евдокимов",
        "Калашников",
        "Кабанов",
        "Носков",
        "Юдин",
        "Кулагин",
        "Лапин",
        "Прохоров",
        "Нестеров",
        "Харитонов",
        "Агафонов",
        "Муравьёв",
        "Ларионов",
        "Федосеев",
        "Зимин",
        "Пахомов",
        "Шубин",
        "Игнатов",
        "Филатов",
        "Крюков",
        "Рогов",
        "Кулаков",
        "Терентьев",
        "Молчанов",
        "Владимиров",
        "Артемьев",
        "Гурьев",
        "Зиновьев",
        "Гришин",
        "Кононов",
        "Дементьев",
        "Ситников",
        "Симонов",
        "Мишин",
        "Фадеев",
        "Комиссаров",
        "Мамонтов",
        "Носов",
        "Гуляев",
        "Шаров",
        "Устинов",
        "Вишняков",
        "Евсеев",
        "Лаврентьев",
        "Брагин",
        "Константинов",
        "Корнилов",
        "Авдеев",
        "Зыков",
        "Бирюков",
        "Шарапов",
        "Никонов",
        "Щукин",
        "Дьячков",
        "Одинцов",
        "Сазонов",
        "Якушев",
        "Красильников",
        "Гордеев",
        "Самойлов",
        "Князев",
        "Беспалов",
        "Уваров",
        "Шашков",
        "Бобылёв",
        "Доронин",
        "Белозёров",
        "Рожков",
        "Самсонов",
        "Мясников",
        "Лихачёв",
        "Буров",
        "Сысоев",
        "Фомичёв",
        "Русаков",
        "Стрелков",
        "Гущин",
        "Тетерин",
        "Колобов",
        "Субботин",
        "Фокин",
        "Блохин",
        "Селиверстов",
        "Пестов",
        "Кондратьев",
        "Силин",
        "Меркушев",
        "Лыткин",
        "Туров",
        "Ковальский",
        "Вишневский",
    ],
    male: &[
        "Александр",
        "Сергей",
        "Дмитрий",
        "Андрей",
        "Алексей",
        "Юрий",
        "Евгений",
        "Максим",
        "Илья",
        "Артём",
        "Владимир",
        "Николай",
        "Антон",
        "Борис",
        "Вадим",
        "Валерий",
        "Виктор",
        "Виталий",
        "Глеб",
        "Григорий",
        "Денис",
        "Егор",
        "Иван",
        "Игорь",
        "Кирилл",
        "Константин",
        "Леонид",
        "Михаил",
        "Никита",
        "Олег",
        "Павел",
        "Пётр",
        "Роман",
        "Руслан",
        "Семён",
        "Станислав",
        "Степан",
        "Тимофей",
        "Фёдор",
        "Эдуард",
        "Ярослав",
        "Георгий",
        "Лев",
    ],
    female: &[
        "Юлия",
        "Ольга",
        "Наталья",
        "Елена",
        "Ксения",
        "Татьяна",
        "Анастасия",
        "Дарья",
        "Ирина",
        "Светлана",
        "Алина",
        "Алёна",
        "Анна",
        "Валентина",
        "Валерия",
        "Вера",
        "Виктория",
        "Галина",
        "Екатерина",
        "Елизавета",
        "Жанна",
        "Зоя",
        "Кристина",
        "Лариса",
        "Любовь",
        "Людмила",
        "Марина",
        "Мария",
        "Надежда",
        "Нина",
        "Оксана",
        "Полина",
        "Софья",
        "Яна",
    ],
    male_suffixes: &[],
    female_suffixes: &[],
};
/// The Russian letters a Russian registry writes for Kazakh ones.
pub fn russify_kazakh(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'Ә' => 'А',
            'ә' => 'а',
            'Ғ' => 'Г',
            'ғ' => 'г',
            'Қ' => 'К',
            'қ' => 'к',
            'Ң' => 'Н',
            'ң' => 'н',
            'Ө' => 'О',
            'ө' => 'о',
            'Ұ' | 'Ү' => 'У',
            'ұ' | 'ү' => 'у',
            'Һ' => 'Х',
            'һ' => 'х',
            'І' => 'И',
            'і' => 'и',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn surnames_and_patronymics_follow_the_registry_rules() {
        assert_eq!(surname_from_given("Ахмед"), "Ахмедов");
        assert_eq!(surname_from_given("Абдулла"), "Абдуллаев");
        assert_eq!(surname_from_given("Сергей"), "Сергеев");
        assert_eq!(surname_from_given("Габиль"), "Габилев");
        assert_eq!(female_surname("Каримов"), "Каримова");
        assert_eq!(female_surname("Ковальский"), "Ковальская");
        assert_eq!(female_surname("Каримзода"), "Каримзода");
        assert_eq!(russian_patronymic("Рустам", false), "Рустамович");
        assert_eq!(russian_patronymic("Абдулла", true), "Абдуллаевна");
        assert_eq!(russian_patronymic("Николай", false), "Николаевич");
        assert_eq!(russian_patronymic("Илья", true), "Ильинична");
        assert_eq!(People::Kazakh.patronymic("Серік", false, true), "Серікұлы");
        assert_eq!(
            People::Azerbaijani.patronymic("Вагиф", true, true),
            "Вагиф кызы"
        );
    }

    #[test]
    fn a_few_names_are_common_and_the_tail_is_long() {
        let pool = People::Uzbek.pool();
        assert!(
            pool.male.iter().any(|n| n == "Азизбек"),
            "compounds are in the pool"
        );
        assert!(
            pool.surnames.iter().any(|n| n == "Шерзодов"),
            "surnames from given names"
        );
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut counts = std::collections::HashMap::new();
        let draws = 100_000;
        for _ in 0..draws {
            *counts
                .entry(pool.surname(&mut rng, false))
                .or_insert(0usize) += 1;
        }
        let top = counts.values().max().copied().unwrap();
        // The most common surname is a few percent of people, not a tenth, and hundreds occur.
        assert!(
            top > draws / 100 && top < draws / 15,
            "top surname share {top}/{draws}"
        );
        assert!(counts.len() > 100, "{} distinct surnames", counts.len());
    }
}
