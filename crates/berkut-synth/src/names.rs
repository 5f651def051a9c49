//! Name material for six peoples, written as the registries that send decisions write them.
//!
//! Surnames are stems with the ending that carries gender (`Абдулла` + `ев`/`ева`); Tajik
//! `-зода` and Kyrgyz/Kazakh `уулу`/`ұлы` forms do not change. Given names and fathers' names
//! are common names of each people; every person is a random combination, so no real person is
//! described. Kazakh names keep Kazakh letters (Қ Ә Ү Ұ Ө Ғ Ң Һ І); when a Russian authority
//! records a Kazakh, [`russify_kazakh`] turns them into the Russian letters it would use.

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
}

/// How a surname stem takes gender.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// `-ов`/`-ова`.
    Ov,
    /// `-ев`/`-ева`.
    Ev,
    /// `-ин`/`-ина`.
    In,
    /// `-ский`/`-ская`.
    Skiy,
    /// The same for men and women (`-зода`, `-уулу`).
    Fixed,
}

/// One people's names.
#[derive(Debug)]
pub struct NameTable {
    pub surnames: &'static [(&'static str, Ending)],
    pub male: &'static [&'static str],
    pub female: &'static [&'static str],
    /// Fathers' names with the male and female patronymic a Russian registry derives from them.
    pub fathers: &'static [(&'static str, &'static str, &'static str)],
}

impl NameTable {
    /// The surname of a man or a woman.
    pub fn surname(stem: &str, ending: Ending, female: bool) -> String {
        let suffix = match (ending, female) {
            (Ending::Ov, false) => "ов",
            (Ending::Ov, true) => "ова",
            (Ending::Ev, false) => "ев",
            (Ending::Ev, true) => "ева",
            (Ending::In, false) => "ин",
            (Ending::In, true) => "ина",
            (Ending::Skiy, false) => "ский",
            (Ending::Skiy, true) => "ская",
            (Ending::Fixed, _) => "",
        };
        format!("{stem}{suffix}")
    }
}

use Ending::{Ev, Fixed, In, Ov, Skiy};

static UZBEK: NameTable = NameTable {
    surnames: &[
        ("Абдулла", Ev),
        ("Карим", Ov),
        ("Юсуп", Ov),
        ("Рахим", Ov),
        ("Турсун", Ov),
        ("Нормат", Ov),
        ("Хасан", Ov),
        ("Исмоил", Ov),
        ("Эргаш", Ev),
        ("Мирза", Ev),
        ("Усман", Ov),
        ("Холмат", Ov),
        ("Жура", Ev),
        ("Сайдулла", Ev),
        ("Абдурахман", Ov),
        ("Ташпулат", Ov),
        ("Хайдар", Ov),
        ("Ахмед", Ov),
        ("Нурмат", Ov),
        ("Файзулла", Ev),
        ("Бозор", Ov),
        ("Камол", Ov),
        ("Шукур", Ov),
        ("Содик", Ov),
        ("Зокир", Ov),
    ],
    male: &[
        "Бахтиёр",
        "Акмал",
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
    ],
    fathers: &[
        ("Рустам", "Рустамович", "Рустамовна"),
        ("Алишер", "Алишерович", "Алишеровна"),
        ("Тимур", "Тимурович", "Тимуровна"),
        ("Ботир", "Ботирович", "Ботировна"),
        ("Анвар", "Анварович", "Анваровна"),
        ("Улугбек", "Улугбекович", "Улугбековна"),
        ("Хамид", "Хамидович", "Хамидовна"),
        ("Шавкат", "Шавкатович", "Шавкатовна"),
        ("Ильхом", "Ильхомович", "Ильхомовна"),
        ("Абдулла", "Абдуллаевич", "Абдуллаевна"),
    ],
};

static TAJIK: NameTable = NameTable {
    surnames: &[
        ("Рахмон", Ov),
        ("Сафар", Ov),
        ("Назар", Ov),
        ("Шарип", Ov),
        ("Давлат", Ov),
        ("Саид", Ov),
        ("Каримзода", Fixed),
        ("Рахимзода", Fixed),
        ("Шарифзода", Fixed),
        ("Одина", Ev),
        ("Мирзо", Ev),
        ("Бобо", Ev),
        ("Хамидзода", Fixed),
        ("Джура", Ev),
        ("Кодир", Ov),
        ("Холикзода", Fixed),
        ("Имомали", Ev),
        ("Нуров", Fixed),
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
    ],
    fathers: &[
        ("Саид", "Саидович", "Саидовна"),
        ("Джамшед", "Джамшедович", "Джамшедовна"),
        ("Абдулло", "Абдуллоевич", "Абдуллоевна"),
        ("Каххор", "Каххорович", "Каххоровна"),
        ("Шариф", "Шарифович", "Шарифовна"),
        ("Бахтиёр", "Бахтиёрович", "Бахтиёровна"),
        ("Хайрулло", "Хайруллоевич", "Хайруллоевна"),
    ],
};

static KYRGYZ: NameTable = NameTable {
    surnames: &[
        ("Абдыкадыр", Ov),
        ("Муратбек", Ov),
        ("Осмонали", Ev),
        ("Турдуба", Ev),
        ("Сыдык", Ov),
        ("Токтосун", Ov),
        ("Жумабек", Ov),
        ("Асанбек", Ov),
        ("Орозбек", Ov),
        ("Бейшен", Ov),
        ("Мамыт", Ov),
        ("Кадыркул", Ov),
        ("Эсенгул", Ov),
        ("Алымбек", Ov),
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
    ],
    fathers: &[
        ("Токтор", "Токторович", "Токторовна"),
        ("Бакыт", "Бакытович", "Бакытовна"),
        ("Асан", "Асанович", "Асановна"),
        ("Мурат", "Муратович", "Муратовна"),
        ("Кубат", "Кубатович", "Кубатовна"),
        ("Нурлан", "Нурланович", "Нурлановна"),
    ],
};

static KAZAKH: NameTable = NameTable {
    surnames: &[
        ("Әбдірахман", Ov),
        ("Қайрат", Ov),
        ("Нұрлан", Ov),
        ("Серікба", Ev),
        ("Төлеу", Ov),
        ("Жұмаба", Ev),
        ("Оспан", Ov),
        ("Сәрсенба", Ev),
        ("Бекмұхамбет", Ov),
        ("Ғаббас", Ov),
        ("Қасым", Ov),
        ("Өтеміс", Ov),
        ("Үмбет", Ov),
        ("Ахметжан", Ov),
        ("Мұқан", Ov),
        ("Ұзақ", Ov),
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
    ],
    fathers: &[
        ("Серік", "Серікұлы", "Серікқызы"),
        ("Болат", "Болатұлы", "Болатқызы"),
        ("Қанат", "Қанатұлы", "Қанатқызы"),
        ("Ерлан", "Ерланович", "Ерлановна"),
        ("Мұрат", "Мұратұлы", "Мұратқызы"),
        ("Асқар", "Асқарович", "Асқаровна"),
    ],
};

static AZERBAIJANI: NameTable = NameTable {
    surnames: &[
        ("Мамед", Ov),
        ("Гасан", Ov),
        ("Гусейн", Ov),
        ("Баба", Ev),
        ("Керим", Ov),
        ("Рза", Ev),
        ("Джафар", Ov),
        ("Исмайыл", Ov),
        ("Ахмед", Ov),
        ("Велиев", Fixed),
        ("Гулиев", Fixed),
        ("Сулейман", Ov),
        ("Ибрагим", Ov),
        ("Агаев", Fixed),
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
    ],
    fathers: &[
        ("Алекпер", "Алекпер оглы", "Алекпер кызы"),
        ("Вагиф", "Вагиф оглы", "Вагиф кызы"),
        ("Рафик", "Рафикович", "Рафиковна"),
        ("Габиль", "Габилевич", "Габилевна"),
        ("Ильгар", "Ильгар оглы", "Ильгар кызы"),
    ],
};

static RUSSIAN: NameTable = NameTable {
    surnames: &[
        ("Иван", Ov),
        ("Смирн", Ov),
        ("Кузнец", Ov),
        ("Соколов", Fixed),
        ("Лебед", Ev),
        ("Новик", Ov),
        ("Мороз", Ov),
        ("Волк", Ov),
        ("Соловь", Ev),
        ("Васил", Ev),
        ("Зайц", Ev),
        ("Павл", Ov),
        ("Семён", Ov),
        ("Голуб", Ev),
        ("Виноград", Ov),
        ("Богдан", Ov),
        ("Коваль", Skiy),
        ("Вишнев", Skiy),
        ("Никит", In),
        ("Иль", In),
        ("Фёдор", Ov),
        ("Журавл", Ev),
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
    ],
    fathers: &[
        ("Сергей", "Сергеевич", "Сергеевна"),
        ("Андрей", "Андреевич", "Андреевна"),
        ("Дмитрий", "Дмитриевич", "Дмитриевна"),
        ("Юрий", "Юрьевич", "Юрьевна"),
        ("Александр", "Александрович", "Александровна"),
        ("Николай", "Николаевич", "Николаевна"),
        ("Пётр", "Петрович", "Петровна"),
        ("Илья", "Ильич", "Ильинична"),
    ],
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
