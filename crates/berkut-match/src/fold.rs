//! Folding a name written in any script, by any transliteration scheme, to one comparable form.
//!
//! A traveler's passport prints the name in Latin by its issuing state's rules; a partner's
//! record holds it in Cyrillic as a clerk wrote it. Folding maps every written form of the
//! same name to the same lower-case ASCII string, so that `Абдуллаев`, `ABDULLAYEV` and
//! `ABDULLAEV` compare equal, while keeping what tells names apart (`Абдуллаев` ≠ `Абдулаев`).
//!
//! Three steps:
//! 1. Cyrillic letters become Latin by one reference table, [`cyrillic`]: the Russian alphabet
//!    as ICAO 9303 Part 3 (8th ed., section 6, table of Cyrillic transliteration) writes it, but
//!    with `й` → `y`, `ю` → `yu`, `я` → `ya` (the older MVD form, which step 3 brings both
//!    forms to), and the extra letters of Kazakh, Kyrgyz, Uzbek, Tajik and Azerbaijani Cyrillic
//!    as the BGN/PCGN romanisations of those languages write them (`ә` a, `ғ` g, `қ` k, `ң` n,
//!    `ө` o, `ұ` `ү` u, `һ` `ҳ` h, `і` i, `ў` o, `ҷ` j, `ӣ` i, `ӯ` u).
//! 2. Latin letters with diacritics lose them, except where the diacritic makes another sound
//!    in a scheme a passport may use: `ş` `š` sh, `ç` `č` ch, `ž` zh (Turkish-style alphabets of
//!    Azerbaijan, Turkmenistan and Kazakh Latin; ISO 9 / GOST 7.79 system A), `ə` a, `ı` i, and
//!    ISO 9's `ë` `û` `â` for ё ю я. Apostrophes of every look-alike (Uzbek `oʻ` `gʻ`, GOST's
//!    `y'`) are dropped; MRZ fillers `<`, hyphens and dots separate words. Digits in a name are
//!    OCR misreadings of MRZ letters (`0` O, `1` I, `5` S, `8` B); Unidecode's `@` for `Ә` is
//!    an `a`.
//! 3. Rewrite rules collapse the differences between schemes, in this order:
//!    `jj` → y (й: GOST 16876 without diacritics); `shch` `shh` `sch` → sh (щ: ICAO, GOST B,
//!    German); `dzh` `dj` `zh` → j (ж and дж/ҷ: ICAO ZH, Uzbek and Tajik J); `kh` `x` → h
//!    (х: ICAO KH, Uzbek and GOST B X, BGN Tajik KH);
//!    `tch` → ch; `tc` `cz` and a `c` not before `h` → ts (ц: MVD 1997–2010 TC, GOST B CZ,
//!    ISO 9 C); `q` → k (қ: Uzbek and Kazakh Latin Q); `gh` → g (ғ: BGN); `w` → v; `ph` → f;
//!    `yo` → e and `io` → ie (ё: ICAO E, others YO/IO); `iu` `ia` `ie` → yu ya ye (ю я е after
//!    и: ICAO IU IA); a word-initial `ye` → e (е: E or YE); `y` between vowels disappears
//!    before `e` (Uzbek ABDULLAYEV, ICAO ABDULLAEV); after a consonant and before a vowel it is
//!    an `i` (ICAO BERDYEV for Бердыев, KOVALSKAIA and MVD KOVALSKAYA), as between other
//!    vowels; `ii` → i and a `y` not before a
//!    vowel → i (й and ы: ICAO I, others Y: DMITRII, DMITRIY, DMITRY); a `j` after a vowel,
//!    ending a word or before a consonant, is й too (GOST 16876, ISO 9 and the scientific
//!    system write й as J: SERGEJ), while after a consonant it stays дж (Севиндж).
//!
//! Some spellings fold one way and are read another way besides: [`j_as_glide`] (a `j` before
//! a vowel as `й`), [`french_reading`] (the French-based scheme of Soviet passports, when the
//! name has its `ou` or `tch`) and [`ye_as_e`] (a `ye` after a consonant as `е`: ье in BGN/PCGN
//! VASIL'YEV, and every е in cyrtranslit's Mongolian OTABYEK; folded, it is ыe as ICAO writes
//! it, BERDYEV). More readings serve to look a name up, and scoring then asks whether the
//! record's word is the reading's (`other_scheme`, which alone never holds for `strong`; see
//! `crate::readings`):
//! [`h_as_g`] (an `h` as `г`, the Ukrainian and Belarusian schemes), [`french_letters`] (the
//! French-based scheme's CH, X, GU, -INE in a name without its `ou` or `tch`) and [`eh_as_e`]
//! (GOST 16876's and Unidecode's EH for э), [`yay_as_ey`] (the `trans` library's YAY for ей).
//!
//! Folding never merges names that differ in their consonants or in a doubled letter; near
//! names (Karimov / Kerimov, Abdullaev / Abdulaev) stay apart and are the scorer's business.
//! [`skeleton`] is the deliberately coarse key for finding candidates.

use unicode_normalization::UnicodeNormalization;

/// The folded form of a name (one or several words), words separated by single spaces.
pub fn fold(name: &str) -> String {
    fold_words(name, fold_word)
}

/// The name folded as [`fold`] folds it, but letter by letter where folding reads two letters
/// as one: a `yo` stays (not `e` for ё), an `io` stays (not `ie`), a word-initial `ia`, `iu`
/// and `ye` stay (not я, ю, е), a word-initial `y` before a consonant stays, and the rules run
/// once (not until nothing changes). Məmməd is Мамед as in [`fold`].
///
/// A slip of one letter can make such a pair where the name has none: SADYOV for Садыков (the
/// K dropped leaves a YO, which folding reads as ё: `sadev`, three edits from `sadikov`),
/// IAKOV for Исаков (`yakov`), YSUPOV for Юсупов (`isupov`). Folded letter by letter they stay
/// one letter from the record's (`sadiov`, `iakov`, `ysupov`). For finding such slips only
/// (one edit from the record's word): the letters are not read as any scheme writes them.
pub fn fold_letter_by_letter(name: &str) -> String {
    fold_words(name, |word| {
        fold_word_once(&russian_form_of_mammad(word), Contract::No)
    })
}

/// Pairs of Latin letters that write one Cyrillic letter in the schemes passports use: ш ч х
/// ж ц, я ю е ё, and я ю after a vowel as ICAO writes them.
const ONE_LETTER_PAIRS: [&str; 11] = [
    "sh", "ch", "kh", "zh", "ts", "ya", "yu", "ye", "yo", "ia", "iu",
];

/// The name as written with one letter dropped, each folded: one of its letters but the first,
/// or a pair of Latin letters that writes one Cyrillic letter ([`ONE_LETTER_PAIRS`]).
///
/// A clerk who drops a letter of a Cyrillic name drops one letter, but its folded form can
/// lose more: the letter's whole transliteration (Кнзев for Князев: `knzev`, two edits from
/// KNYAZEV's `kniazev`), and the glide beside it, which folding writes by its neighbours
/// (Зайев for Зайцев folds to `zaev`, three edits from ZAITSEV's `zaitsev`; Бейенов for
/// Бейшенов, `beenov` from `beishenov`), or a pair it then reads as one vowel (Калыов for
/// Калыков folds to `kalev`). Dropped from the traveler's spelling and folded, the letter
/// leaves the record's folded name exactly. The first letter stays: a clerk gets it right
/// as the reader does, and a name without it is mostly another name. Costs a fold per letter:
/// for the scorer to ask only where a record could be so near (see `score`).
pub fn one_letter_dropped(written: &str) -> Vec<String> {
    let letters: Vec<char> = written.nfc().collect();
    let mut out: Vec<String> = Vec::new();
    let is_vowel_letter = |c: Option<&char>| {
        c.is_some_and(|c| matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u'))
    };
    let mut push = |skip: std::ops::Range<usize>| {
        let mut kept: Vec<char> = letters[..skip.start]
            .iter()
            .chain(&letters[skip.end..])
            .copied()
            .collect();
        let mut add = |kept: &[char]| {
            let folded = fold(&kept.iter().collect::<String>());
            if !out.contains(&folded) {
                out.push(folded);
            }
        };
        add(&kept);
        // An `i` that stood before the dropped letter after a vowel may be ICAO's й, which
        // now stands before an `e`, where passports write it Y and folding drops it (ZAITSEV
        // less its ц is Зайев, ZAYEV). Before another vowel it stays `i`: there it is и as
        // often (SAIDOV less its д is not Саев).
        let before = skip.start - 1;
        if before >= 1
            && kept[before].eq_ignore_ascii_case(&'i')
            && is_vowel_letter(kept.get(before - 1))
            && kept
                .get(before + 1)
                .is_some_and(|next| next.eq_ignore_ascii_case(&'e'))
        {
            kept[before] = 'y';
            add(&kept);
        }
    };
    for at in 1..letters.len() {
        if !letters[at].is_alphabetic() {
            continue;
        }
        push(at..at + 1);
        let pair: String = letters[at..]
            .iter()
            .take(2)
            .map(char::to_ascii_lowercase)
            .collect();
        if ONE_LETTER_PAIRS.contains(&pair.as_str()) {
            push(at..at + 2);
        }
    }
    out
}

/// Steps 1 and 2 of folding, then `word` (step 3) on each word.
fn fold_words(name: &str, word: impl Fn(&str) -> String) -> String {
    let mut latin = String::with_capacity(name.len() * 2);
    // ASCII (every MRZ, most passport fields) is its own NFC and NFKD form: the normalisers
    // would pass it through unchanged, at a cost that shows when every check folds a dozen
    // spellings.
    let ascii = name.is_ascii();
    let mut push = |c: char| {
        let replacement = if ascii {
            special_latin(c)
        } else {
            cyrillic(c).or_else(|| special_latin(c))
        };
        match replacement {
            Some(replacement) => latin.push_str(replacement),
            None => latin.push(c),
        }
    };
    if ascii {
        name.chars()
            .map(|c| c.to_ascii_lowercase())
            .for_each(&mut push);
    } else {
        name.nfc().flat_map(char::to_lowercase).for_each(&mut push);
    }
    let keep = |c: char| match c {
        'a'..='z' => Some(c),
        _ if c.is_whitespace() => Some(' '),
        '<' | '-' | '.' | ',' | '_' | '/' => Some(' '),
        _ => None,
    };
    let plain: String = if ascii {
        latin.chars().filter_map(keep).collect()
    } else {
        latin.nfkd().filter_map(keep).collect()
    };
    plain
        .split_whitespace()
        .map(word)
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The spelling read with every Latin `j` before a vowel (or `y`) as the glide `й`, when
/// there is such a `j` not after `d`; `None` otherwise.
///
/// `J` is `ж`/`дж`/`ҷ` in Uzbek, Tajik and Kazakh Latin and in passports of those states
/// (JASUR, JAMSHED), but `й` in GOST 16876, ISO 9 and the scientific system, which write `ж`
/// as `ž` (JUSUF = Юсуф, KJAMRAN = Кямран, ISMAJYLOV = Исмайылов). Folding reads `j` one way;
/// a traveler's name with such a `j` is also searched and scored this other way, and the
/// better reading counts. `dj` is always `дж`.
pub fn j_as_glide(name: &str) -> Option<String> {
    let chars: Vec<char> = name.nfc().collect();
    let mut changed = false;
    let mut out = String::with_capacity(name.len());
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|p| chars[p].to_ascii_lowercase());
        // The next letter without its diacritic (`Ë` → `e`).
        // A Cyrillic letter left in a Latin spelling (a library that passes `Ё` through:
        // HAJЁM) counts by its transliteration.
        let next = chars.get(i + 1).and_then(|n| {
            let n = n.to_lowercase().next()?;
            cyrillic(n)
                .and_then(|latin| latin.chars().next())
                .or_else(|| n.nfkd().next())
        });
        let glide = matches!(c, 'j' | 'J')
            && before != Some('d')
            && next.is_some_and(|n| matches!(n, 'a' | 'e' | 'i' | 'o' | 'u' | 'y'));
        if glide {
            changed = true;
            out.push(if c == 'J' { 'Y' } else { 'y' });
        } else {
            out.push(c);
        }
    }
    changed.then_some(out)
}

/// The spelling with every `h` that is not part of `sh`, `ch`, `kh`, `zh` or `gh` read as `g`,
/// when there is one: the Ukrainian and Belarusian schemes write `г` as H (the Ukrainian
/// passport's KMU 2010 table, cyrtranslit's `ua` and `by`: EHOR, HRYHORIJ, HULNORA for Егор,
/// Григорий, Гульнора), where every other scheme writes it G. Folding reads such an `h` as
/// `х` (Uzbek and Tajik HASANOV for Ҳасанов); the name is also looked up under the keys of
/// this reading, and a record word that is a word of it agrees as `other_scheme`, alone never
/// enough for `strong` (HASANOV is Хасанов as often as it is a Ukrainian spelling of Гасанов). Not
/// read so on an Uzbek, Tajik or Turkmen passport, whose H is ҳ or х
/// (`crate::readings::SchemeReadings`).
pub fn h_as_g(name: &str) -> Option<String> {
    // Asked of every traveler: most names have no lone `h`, and need no new string.
    let letters = name.as_bytes();
    let lone_h = |at: usize| {
        letters[at].eq_ignore_ascii_case(&b'h')
            && !at
                .checked_sub(1)
                .is_some_and(|b| b"SsCcKkZzGg".contains(&letters[b]))
    };
    if !(0..letters.len()).any(lone_h) {
        return None;
    }
    let mut changed = false;
    let mut before = None;
    let out = name
        .chars()
        .map(|c| {
            let read = match c {
                'H' | 'h' if !before.is_some_and(|b: char| "SsCcKkZzGg".contains(b)) => {
                    changed = true;
                    if c == 'H' { 'G' } else { 'g' }
                }
                other => other,
            };
            before = Some(c);
            read
        })
        .collect();
    changed.then_some(out)
}

/// The name read by the French-based scheme ([`french_reading`]) when it has letters of that
/// scheme that other schemes write otherwise, though not its `ou` or `tch` (a name without у
/// or ч, which [`reads_as_french`] cannot tell): `ch` (ш: RACHIDOV CHERZOD), an `x` between
/// vowels or starting a word before `e` (кс: ALEXEI, MAXIM, XENIIA; an Uzbek X before a
/// consonant or another vowel is х), `gu` before `e` `i` (г: GUEORGUII), a word-final `ine`
/// (ин: ZIMINE). Asked only of names without `sh` or `zh`, which that scheme never writes, and
/// not on a passport of a former Soviet state, which writes ш as SH or S
/// (`crate::readings::SchemeReadings`).
/// The name is also looked up under the keys of this reading, and a record word that is a
/// word of it agrees as `other_scheme`, alone never enough for `strong` (CH is ч by ICAO as often).
/// Once one such letter is found, [`french_reading`] reads the whole name, every `x` as кс.
pub fn french_letters(name: &str) -> Option<String> {
    // Asked of most travelers: the letters are looked at in place, lower-cased one by one.
    let letters = name.as_bytes();
    let at = |i: usize| letters.get(i).map(u8::to_ascii_lowercase);
    let vowel = |c: Option<u8>| c.is_some_and(|c| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u'));
    let has_one = (0..letters.len()).any(|i| {
        let before = i.checked_sub(1).and_then(at);
        let starts_word = before.is_none_or(|b| !b.is_ascii_alphabetic());
        match at(i) {
            Some(b'c') => at(i + 1) == Some(b'h') && before != Some(b't'),
            Some(b'x') => {
                (vowel(before) && vowel(at(i + 1))) || (starts_word && at(i + 1) == Some(b'e'))
            }
            Some(b'g') => at(i + 1) == Some(b'u') && matches!(at(i + 2), Some(b'e' | b'i')),
            Some(b'i') => {
                i >= 2
                    && at(i + 1) == Some(b'n')
                    && at(i + 2) == Some(b'e')
                    && at(i + 3).is_none_or(|c| !c.is_ascii_alphabetic())
            }
            _ => false,
        }
    });
    let read = has_one.then(|| french_reading(name))?;
    (fold(&read) != fold(name)).then_some(read)
}

/// The spelling with every `eh` read as `e`, when there is one: GOST 16876-71 without
/// diacritics and Unidecode write э as EH (EHRLAN, MEHEHRIM for Эрлан, Мээрим), where every
/// other scheme writes E. An `eh` is also е and х (Uzbek MEHRIBON), so the name is only also
/// looked up under the keys of this reading, and a record word that is a word of it agrees as
/// `other_scheme`, alone never enough for `strong`; not on a passport of a former Soviet state,
/// which writes э as E (`crate::readings::SchemeReadings`).
pub fn eh_as_e(name: &str) -> Option<String> {
    with_letters_replaced(name, "eh", "e")
}

/// The spelling with every `yay` read as `ey`, when there is one: the `trans` library (PyPI)
/// writes ей as YAY (SERGYAY, LYAYLA, GUSYAYN for Сергей, Лейла, Гусейн), which no other
/// scheme does. Read as [`eh_as_e`] is, for the keys and `other_scheme`, never enough for
/// `strong`, and not on a passport of a former Soviet state.
pub fn yay_as_ey(name: &str) -> Option<String> {
    with_letters_replaced(name, "yay", "ey")
}

/// `name` with every `from` (lower-case ASCII letters, found in either case) written `to`, in
/// the case of the letter it replaces; `None` when there is none. Compared in place: asked of
/// most travelers, most of whose names have none.
fn with_letters_replaced(name: &str, from: &str, to: &str) -> Option<String> {
    let (letters, from) = (name.as_bytes(), from.as_bytes());
    let found = |at: usize| {
        letters
            .get(at..at + from.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(from))
    };
    if !(0..letters.len()).any(found) {
        return None;
    }
    debug_assert!(from.is_ascii(), "only ASCII letters are replaced");
    // `from` is ASCII: where it is found, the byte offset is a character's.
    let mut out = String::with_capacity(name.len());
    let mut at = 0;
    while at < letters.len() {
        if found(at) {
            if letters[at].is_ascii_uppercase() {
                out.push_str(&to.to_ascii_uppercase());
            } else {
                out.push_str(to);
            }
            at += from.len();
        } else {
            let c = name[at..].chars().next()?;
            out.push(c);
            at += c.len_utf8();
        }
    }
    Some(out)
}

/// The spelling with a `y` dropped between a consonant and `e` or `ë`, when there is one: ье
/// and ьё as BGN/PCGN and the MVD wrote them (VASIL'YEV, GURYEV, VOROB'YËV), and е as a
/// Mongolian reading writes every one (cyrtranslit's OTABYEK). Folding reads such a `y` as ы (ICAO BERDYEV, Бердыев);
/// a name with one is also searched and scored this other way, and the better reading counts.
/// An apostrophe between them (VASIL'YEV) is passed over.
pub fn ye_as_e(name: &str) -> Option<String> {
    // Asked of most travelers' names: most have no `y` at all.
    if !name.contains(['y', 'Y']) {
        return None;
    }
    let chars: Vec<char> = name.chars().collect();
    let is_consonant = |c: char| c.is_ascii_alphabetic() && !"aeiouyAEIOUY".contains(c);
    let mut out = String::with_capacity(name.len());
    let mut changed = false;
    for (i, &c) in chars.iter().enumerate() {
        let before = chars[..i]
            .iter()
            .rev()
            .find(|b| !matches!(b, '\'' | '’' | 'ʼ' | 'ʹ'))
            .copied();
        let drop = matches!(c, 'y' | 'Y')
            // `ё` left in Cyrillic inside the Latin too, as iuliia's BGN/PCGN does (VOROB’YЁV).
            && matches!(chars.get(i + 1), Some('e' | 'E' | 'ë' | 'Ë' | 'ё' | 'Ё'))
            && before.is_some_and(is_consonant);
        if drop {
            changed = true;
        } else {
            out.push(c);
        }
    }
    changed.then_some(out)
}

/// Whether a traveler's name looks written by the French-based scheme of Soviet foreign
/// passports (MVD order 310 before 1997, iuliia's `mvd_310_fr`): `ou` for у or `tch` for ч in
/// one of its parts (IOUSOUPOV, CHOUKHRAT, TCHINGUIZ), which no other scheme writes, and no
/// `sh` or `zh` in any, which that scheme never writes (YOUSUF SHARIPOV is not French).
pub fn reads_as_french(parts: &[&str]) -> bool {
    (has(parts, b"ou") || has(parts, b"tch")) && !has_sh_or_zh(parts)
}

/// Whether a name has `sh` or `zh` in one of its parts, which the French-based scheme never
/// writes.
pub fn has_sh_or_zh(parts: &[&str]) -> bool {
    has(parts, b"sh") || has(parts, b"zh")
}

/// Whether one of the parts has `letters`, in either case. Asked of every traveler: compared
/// in place, ASCII letters only, no lower-cased copy.
fn has(parts: &[&str], letters: &[u8]) -> bool {
    parts.iter().any(|part| {
        part.as_bytes()
            .windows(letters.len())
            .any(|w| w.eq_ignore_ascii_case(letters))
    })
}

/// The name read by the French-based scheme (see [`reads_as_french`]) into the letters the
/// other schemes use, for folding: `tch` ч, `ch` ш, `dj` дж, `j` ж, `iou` ю, `ou` у, `gu`
/// before `e` `i` г, `x` кс, a word-final `ine` ин (KOUZMINE for Кузьмин).
/// Folding reads `ch` as ч and `j` as дж; a traveler whose name reads French is also
/// searched and scored this other way, and the better reading counts.
pub fn french_reading(name: &str) -> String {
    let lower: Vec<char> = name.to_lowercase().chars().collect();
    let at = |i: usize| lower.get(i).copied();
    let mut out = String::with_capacity(name.len() + 4);
    let mut i = 0;
    while i < lower.len() {
        let (text, length) = match (lower[i], at(i + 1), at(i + 2)) {
            ('t', Some('c'), Some('h')) => ("ch", 3),
            ('c', Some('h'), _) => ("sh", 2),
            ('d', Some('j'), _) => ("dzh", 2),
            ('j', _, _) => ("zh", 1),
            ('i', Some('o'), Some('u')) => ("yu", 3),
            ('o', Some('u'), _) => ("u", 2),
            ('g', Some('u'), Some('e' | 'i')) => ("g", 2),
            ('x', _, _) => ("ks", 1),
            _ => {
                out.push(lower[i]);
                i += 1;
                continue;
            }
        };
        out.push_str(text);
        i += length;
    }
    // A word-final `ine` (before a space, a filler or a hyphen too) is ин.
    let mut read = String::with_capacity(out.len());
    let mut word = String::new();
    for c in out.chars().chain(std::iter::once(' ')) {
        if c.is_alphabetic() {
            word.push(c);
            continue;
        }
        match word.strip_suffix("ine") {
            Some(stem) if stem.chars().count() >= 2 => {
                read.push_str(stem);
                read.push_str("in");
            }
            _ => read.push_str(&word),
        }
        word.clear();
        read.push(c);
    }
    read.pop();
    read
}

/// A coarse key for candidate retrieval: the folded name's first letter, then its consonants
/// without repeats (`abdullaev` → `abdlv`). Names one vowel or one doubled letter apart share
/// it; the scorer tells them apart.
///
/// Coarser still where a spelling made ASCII by dropping diacritics loses letters (ICU's
/// `Any-Latin; Latin-ASCII` writes Рашидов Шерзод as RASIDOV SERZOD, ж as Z, ч as C): `h`
/// counts for nothing (`sh` = `s`, `ch` = `c`), `j`, `z` and `dz` are one letter, `ts` is `c`.
/// A first vowel stays what it is: taking every one for `a` (Uzbek O'RINBOY for Russian
/// Уринбой) gave a third more candidates a query at 10 M records for few more found.
pub fn skeleton(folded: &str) -> String {
    let mut key = String::with_capacity(folded.len());
    for word in folded.split(' ').filter(|w| !w.is_empty()) {
        if !key.is_empty() {
            key.push(' ');
        }
        let mut last = None;
        // A word-initial `y` before a vowel (ю я as YU YA) counts for nothing either: ISO 9
        // without its diacritics writes them U A (ULIA, USUFOV for Юлия, Юсуфов), and the first
        // letter is the one a key cannot do without.
        let word = match word.as_bytes() {
            [b'y', b'a' | b'e' | b'i' | b'o' | b'u', ..] => &word[1..],
            _ => word,
        };
        for (i, letter) in lossy_letters(word.as_bytes()).enumerate() {
            let consonant = skeleton_consonant(letter);
            if i == 0 {
                // The first letter stays, whatever it is.
                key.push(consonant.unwrap_or(char::from(letter)));
            } else if consonant.is_some() && consonant != last {
                key.extend(consonant);
            }
            // An `h` counts for nothing, also between two letters that repeat (`shsh` is `ss`
            // without it: one `s`).
            if letter != b'h' {
                last = consonant;
            }
        }
    }
    key
}

/// The letters of a folded word as a spelling without diacritics may have left them: `ts` as
/// `c` (ц written C, or TS), `dz` and `j` as `z` (дж and ж written DZ and Z for DŽ and Ž).
/// The skeleton reads words through it, so that names a spelling without diacritics wrote
/// share their keys with the record's (the scorer's comparison of such names,
/// `same_without_diacritics`, reads the same letters one way, traveler against record).
pub(crate) fn lossy_letters(word: &[u8]) -> impl Iterator<Item = u8> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let letter = *word.get(at)?;
        let (lossy, length) = match (letter, word.get(at + 1)) {
            (b't', Some(b's')) => (b'c', 2),
            (b'd', Some(b'z')) => (b'z', 2),
            (b'j', _) => (b'z', 1),
            _ => (letter, 1),
        };
        at += length;
        Some(lossy)
    })
}

/// The letter a skeleton keeps for a lossy letter: none for vowels, `y` and `h`.
fn skeleton_consonant(letter: u8) -> Option<char> {
    match letter {
        b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b'h' => None,
        other => Some(char::from(other)),
    }
}

/// Cyrillic letters of Russian, Kazakh, Kyrgyz, Uzbek, Tajik and Azerbaijani (lower case).
pub fn cyrillic(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' => "e",
        'ё' => "yo",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'й' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        // Kazakh, Kyrgyz, Uzbek, Tajik, Azerbaijani Cyrillic.
        'ә' => "a",
        'ғ' | 'ҝ' => "g",
        'қ' | 'ҡ' => "k",
        'ң' => "n",
        'ө' => "o",
        'ұ' | 'ү' | 'ӯ' => "u",
        'һ' | 'ҳ' => "h",
        'і' | 'ӣ' => "i",
        'ў' => "o",
        'ҷ' | 'ҹ' => "j",
        'ј' => "y",
        // Ukrainian and Belarusian letters met in Russian records.
        'є' => "ye",
        'ї' => "yi",
        'ґ' => "g",
        _ => return None,
    })
}

/// Latin letters whose diacritic changes the sound in a scheme passports use, and Latin
/// letters that Unicode does not decompose.
fn special_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'ş' | 'š' | 'ș' => "sh",
        'ç' | 'č' => "ch",
        'ž' => "zh",
        'ŝ' => "shch",
        'ë' => "yo",
        'û' => "yu",
        'â' => "ya",
        'ə' | 'ä' | 'æ' => "a",
        'ı' => "i",
        'ø' | 'ö' => "o",
        'ü' => "u",
        'ß' => "ss",
        'đ' => "d",
        'ł' => "l",
        'ñ' => "n",
        // Unidecode, much used to make names ASCII, writes Kazakh and Azerbaijani `Ә` as `@`.
        '@' => "a",
        '0' => "o",
        '1' => "i",
        '5' => "s",
        '8' => "b",
        _ => return None,
    })
}

/// `jj` as `y` where it ends the word or comes before a consonant (see [`fold_word_once`]).
fn glide_jj(word: &str) -> String {
    let bytes = word.as_bytes();
    let mut out = String::with_capacity(word.len());
    let mut i = 0;
    while i < bytes.len() {
        let after = bytes.get(i + 2).copied();
        if bytes[i] == b'j'
            && bytes.get(i + 1) == Some(&b'j')
            && after.is_none_or(|a| !is_vowel(char::from(a)) && a != b'j')
        {
            out.push('y');
            i += 2;
        } else {
            out.push(char::from(bytes[i]));
            i += 1;
        }
    }
    out
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// Step 3 on one word of lower-case ASCII letters, repeated until nothing changes (a rule can
/// make room for another: `iyu` loses its glide, then is a word-initial `iu`), so that folding
/// a folded name changes nothing.
fn fold_word(word: &str) -> String {
    let mut current = russian_form_of_mammad(word);
    for _ in 0..4 {
        let next = fold_word_once(&current, Contract::Yes);
        if next == current {
            break;
        }
        current = next;
    }
    current
}

/// Names whose Russian form differs from the national one beyond transliteration: Azerbaijani
/// Məmməd (MAMMAD in the passport) is Мамед in Russian records.
fn russian_form_of_mammad(word: &str) -> String {
    match word.strip_prefix("mammad") {
        Some(rest) => format!("mamed{rest}"),
        None => word.to_owned(),
    }
}

/// Whether step 3 reads pairs of letters as one vowel (`yo` as ё, a word-initial `ia` as я):
/// always in [`fold`], never in [`fold_letter_by_letter`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Contract {
    Yes,
    No,
}

fn fold_word_once(word: &str, contract: Contract) -> String {
    let mut w = word.to_owned();
    // й as GOST 16876-71 writes it without diacritics, `JJ` at the end of a word or before a
    // consonant (SERGEJJ, FAJJZULLAEV); before a vowel `jj` is a doubled ж (HUJJAT, Ҳуҷҷат).
    if w.contains("jj") {
        w = glide_jj(&w);
    }
    for (from, to) in [
        ("shch", "sh"),
        ("shh", "sh"),
        ("sch", "sh"),
        ("dzh", "j"),
        ("dj", "j"),
        ("zh", "j"),
        ("kh", "h"),
        ("x", "h"),
        ("tch", "ch"),
        ("tc", "ts"),
        ("cz", "ts"),
    ] {
        if w.contains(from) {
            w = w.replace(from, to);
        }
    }
    // A `c` that does not start `ch` is ц.
    if w.contains('c') {
        let chars: Vec<char> = w.chars().collect();
        w = chars
            .iter()
            .enumerate()
            .map(|(i, &c)| match (c, chars.get(i + 1)) {
                ('c', Some('h')) => "c".to_owned(),
                ('c', _) => "ts".to_owned(),
                (c, _) => c.to_string(),
            })
            .collect();
    }
    for (from, to) in [("q", "k"), ("gh", "g"), ("w", "v"), ("ph", "f")] {
        if w.contains(from) {
            w = w.replace(from, to);
        }
    }
    if contract == Contract::Yes {
        for (from, to) in [("yo", "e"), ("io", "ie")] {
            if w.contains(from) {
                w = w.replace(from, to);
            }
        }
        // A word-initial ю я written the ICAO way (IU, IA) or е written YE.
        for (from, to) in [("iu", "yu"), ("ia", "ya"), ("ye", "e")] {
            if let Some(rest) = w.strip_prefix(from) {
                w = format!("{to}{rest}");
            }
        }
    }
    // Glides. A `y` between a vowel and `e` goes (ABDULLAYEV); between other vowels, and after
    // a consonant before a vowel, it is the ICAO `i` (KOVALSKAYA, ILYUSHIN); before a consonant
    // or at the end it is an `i` (AYGERIM, DMITRIY); and `ii` is one `i` (DMITRII, MARIIA).
    let chars: Vec<char> = w.chars().collect();
    let mut out = String::with_capacity(chars.len());
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|p| chars[p]);
        let after_vowel = chars.get(i + 1).copied().is_some_and(is_vowel);
        let after = chars.get(i + 1).copied();
        let letter = match (c, before) {
            // е after a vowel: Uzbek YE, ICAO E (ABDULLAYEV, ABDULLAEV).
            ('y', Some(b)) if is_vowel(b) && after == Some('e') => continue,
            // я ю after a vowel: YA YU, ICAO IA IU (KOVALSKAYA, KOVALSKAIA).
            ('y', Some(b)) if is_vowel(b) && after_vowel => 'i',
            ('y', Some(_)) if after_vowel => 'i',
            ('y', None) if after_vowel || contract == Contract::No => 'y',
            ('y', _) => 'i',
            // A `j` after a vowel, at the end of a word or before a consonant, is й in the
            // schemes that write it so (GOST 16876, ISO 9, scientific: SERGEJ, DMITRIJ); ж
            // there is rare. After a consonant it stays дж (Севиндж, SEVINDZH).
            ('j', Some(b)) if is_vowel(b) && after.is_none_or(|a| !is_vowel(a) && a != 'y') => 'i',
            (c, _) => c,
        };
        if letter == 'i' && out.ends_with('i') {
            continue;
        }
        out.push(letter);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every spelling in `forms` folds to the same string.
    #[track_caller]
    fn same(forms: &[&str]) {
        let folded: Vec<String> = forms.iter().map(|f| fold(f)).collect();
        assert!(
            folded.windows(2).all(|w| w[0] == w[1]),
            "{forms:?} fold to {folded:?}"
        );
    }

    #[track_caller]
    fn different(a: &str, b: &str) {
        assert_ne!(fold(a), fold(b), "{a} and {b} should stay apart");
    }

    #[test]
    fn one_letter_dropped_folds_each_name_less_one_letter() {
        let forms = one_letter_dropped("ZAITSEV");
        // ц dropped (its two letters at once), with ICAO's I for й then read as a glide.
        assert!(forms.contains(&fold("ZAIEV")), "{forms:?}");
        assert!(forms.contains(&fold("Зайев")), "{forms:?}");
        // One Latin letter dropped.
        assert!(forms.contains(&fold("ZATSEV")), "{forms:?}");
        // Never the first.
        assert!(!forms.contains(&fold("AITSEV")), "{forms:?}");
        for (written, dropped) in [
            ("KNYAZEV", "Кнзев"),
            ("KALYKOV", "Калыов"),
            ("IVANOVA", "Ианова"),
        ] {
            assert!(
                one_letter_dropped(written).contains(&fold(dropped)),
                "{written}"
            );
        }
        // Cyrillic as written: one letter is one letter.
        assert!(one_letter_dropped("Бейшенов").contains(&fold("Бейенов")));
        assert!(one_letter_dropped("Ли").iter().all(|form| form.len() <= 1));
    }

    #[test]
    fn folded_letter_by_letter_a_slip_stays_one_letter() {
        // Folding reads these pairs as one vowel; a slip made them.
        for (slipped, letter_by_letter, folded) in [
            ("SADYOV", "sadiov", "sadev"),
            ("IBRAHIOV", "ibrahiov", "ibrahiev"),
            ("IAKOV", "iakov", "yakov"),
            ("YSUPOV", "ysupov", "isupov"),
            ("YEKOVA", "yekova", "ekova"),
        ] {
            assert_eq!(
                fold_letter_by_letter(slipped),
                letter_by_letter,
                "{slipped}"
            );
            assert_eq!(fold(slipped), folded, "{slipped}");
        }
        // Everything else folds as ever: digraphs, Cyrillic, diacritics, glides after vowels.
        for name in [
            "ABDULLAYEV",
            "Абдуллаев",
            "KHAMIDOV",
            "ŠARIPOV",
            "KOVALSKAYA",
            "DMITRIY",
        ] {
            assert_eq!(fold_letter_by_letter(name), fold(name), "{name}");
        }
    }

    #[test]
    fn gost_16876_jj_is_yot_only_where_yot_can_stand() {
        same(&["SERGEJJ", "Сергей", "SERGEY"]);
        same(&["FAJJZULLAEV", "Файзуллаев", "FAYZULLAEV"]);
        // Before a vowel `jj` is a doubled ж, as in Tajik and Uzbek Latin.
        same(&["HUJJAT", "Хужжат", "Ҳуҷҷат"]);
    }

    #[test]
    fn the_french_scheme_of_soviet_passports_reads_into_the_others() {
        assert!(reads_as_french(&["IOUSOUPOV", "SANJAR"]));
        assert!(reads_as_french(&["ZOKIROV", "TCHINGUIZ"]));
        assert!(!reads_as_french(&["YUSUPOV", "CHINGIZ"]));
        assert!(!reads_as_french(&["SHARIPOV", "YOUSUF"]));
        for (french, russian) in [
            ("IOUSOUPOV", "Юсупов"),
            ("SANJAR", "Санжар"),
            ("CHARIFZODA", "Шарифзода"),
            ("CHOUKHRAT", "Шухрат"),
            ("TCHINGUIZ", "Чингиз"),
            ("KOUZMINE", "Кузьмин"),
            ("DJAMCHED", "Джамшед"),
            ("XENIIA", "Ксения"),
            ("CHTCHOUKINE", "Щукин"),
        ] {
            assert_eq!(fold(&french_reading(french)), fold(russian), "{french}");
        }
    }

    #[test]
    fn ye_after_a_consonant_is_yeru_and_e_folded_and_e_read_again() {
        same(&["Бердыев", "BERDYEV", "BERDYYEV", "BERDIEV"]);
        for (spelling, russian) in [
            ("GURYEV", "Гурьев"),
            ("GUR'YEV", "Гурьев"),
            ("OTABYEK", "Отабек"),
            ("SYERGYEYEVA", "Сергеева"),
            ("KISYELYOV", "Киселёв"),
            ("VOROB'YËV", "Воробьёв"),
            ("VOROB’YЁV", "Воробьёв"),
        ] {
            assert_eq!(fold(&ye_as_e(spelling).expect("a ye")), fold(russian));
        }
        assert_eq!(ye_as_e("ABDULLAYEV"), None);
        assert_eq!(ye_as_e("YERLAN"), None);
    }

    #[test]
    fn a_final_dzh_after_a_consonant_is_not_yot() {
        same(&["Севиндж", "SEVINDZH", "SEVINDJ", "SEVINJ"]);
        different("Севиндж", "Севиний");
    }

    #[test]
    fn uzbek_passport_icao_and_cyrillic_agree() {
        same(&["Абдуллаев", "ABDULLAYEV", "ABDULLAEV", "Abdullayev"]);
        same(&["Бахтиёр", "BAXTIYOR", "BAKHTIER", "BAKHTIYER", "Baxtiyor"]);
        same(&["Рахимов", "RAXIMOV", "RAKHIMOV", "RAHIMOV"]);
        same(&["Эргашев", "ERGASHEV", "Ergashev"]);
    }

    #[test]
    fn tajik_letters_and_forms_agree() {
        same(&["Ҷамшед", "Джамшед", "JAMSHED", "DZHAMSHED", "DJAMSHED"]);
        same(&["Раҳмонов", "Рахмонов", "RAHMONOV", "RAKHMONOV"]);
        same(&["Каримзода", "KARIMZODA"]);
    }

    #[test]
    fn icao_and_older_russian_schemes_agree() {
        same(&["Юлия", "IULIIA", "YULIYA", "Yuliya"]);
        same(&["Дмитрий", "DMITRII", "DMITRIY", "DMITRY"]);
        same(&["Евгений", "EVGENII", "YEVGENIY", "EVGENIY"]);
        same(&["Сергей", "SERGEI", "SERGEY", "Sergej"]);
        same(&["Дмитрий", "Dmitrij", "DMITRIY"]);
        same(&["Семёнов", "SEMENOV", "SEMYONOV"]);
        same(&["Кузнецов", "KUZNETSOV", "KUZNETCOV"]);
        same(&["Щукин", "SHCHUKIN", "SHHUKIN", "SHUKIN"]);
        same(&["Дмитриев", "DMITRIEV", "DMITRIYEV"]);
        same(&["Ковальская", "KOVALSKAIA", "KOVALSKAYA"]);
        same(&["Мария", "MARIIA", "MARIYA"]);
        same(&["Ильюшин", "ILIUSHIN", "ILYUSHIN"]);
    }

    #[test]
    fn gost_and_iso9_letters_agree() {
        same(&["Хасанов", "Xasanov", "KHASANOV"]);
        same(&["Юсупов", "Ûsupov", "YUSUPOV", "IUSUPOV"]);
        same(&["Чалов", "Čalov", "CHALOV"]);
        same(&["Царев", "Carev", "Czarev", "TSAREV"]);
    }

    #[test]
    fn kazakh_and_kyrgyz_letters_agree_with_passports() {
        same(&["Нұрлан", "Нурлан", "NURLAN", "Nurlan"]);
        same(&["Қайрат", "Кайрат", "KAIRAT", "QAIRAT", "KAYRAT"]);
        same(&["Әсел", "Асель", "ASEL", "Äsel"]);
        same(&["Ғалым", "Галым", "GALYM", "GHALYM"]);
        same(&["Айгерим", "AIGERIM", "AYGERIM"]);
        same(&["Жылдыз", "ZHYLDYZ", "JYLDYZ"]);
        same(&["Мөлдір", "Молдир", "MOLDIR", "Möldir"]);
    }

    #[test]
    fn uzbek_latin_apostrophes_of_every_kind_are_ignored() {
        same(&[
            "Oʻgʻli",
            "O'g'li",
            "O`g`li",
            "O‘g‘li",
            "O’g’li",
            "Ogli",
            "ўғли",
            "OGLI",
        ]);
        same(&["Qodirov", "Кодиров", "KODIROV", "Қодиров"]);
    }

    #[test]
    fn turkish_style_letters_make_their_sounds() {
        same(&["Şahin", "Шахин", "SHAKHIN", "SHAHIN"]);
        same(&["Məmmədov", "MAMMADOV", "Mammadov", "Мамедов"]);
        same(&["Çelik", "CHELIK"]);
    }

    #[test]
    fn mrz_fillers_hyphens_and_ocr_digits_are_read() {
        assert_eq!(fold("ABDULLAYEV<<BAXTIYOR<<<<"), "abdullaev bahtier");
        assert_eq!(fold("ABDULLA-ZADE"), "abdulla zade");
        same(&["K0RIM0V", "KORIMOV"]);
        same(&["5ARDOR", "SARDOR"]);
    }

    #[test]
    fn a_j_before_a_vowel_can_also_be_read_as_the_glide() {
        for (scientific, cyrillic) in [
            ("JUSUF", "Юсуф"),
            ("KJAMRAN", "Кямран"),
            ("XAJALA", "Хаяла"),
            ("ISMAJYLOV", "Исмайылов"),
            ("SAJËRA", "Сайёра"),
        ] {
            let read = j_as_glide(scientific).expect("has a j before a vowel");
            assert_eq!(fold(&read), fold(cyrillic), "{scientific}");
        }
        // JAMSHED is Джамшед as folded; the other reading exists but DJ is never a glide.
        assert_eq!(fold("JAMSHED"), fold("Джамшед"));
        assert_eq!(j_as_glide("DJAMSHED"), None);
        assert_eq!(j_as_glide("SERGEJ"), None);
    }

    #[test]
    fn near_names_stay_apart() {
        different("Абдуллаев", "Абдулаев");
        different("Каримов", "Керимов");
        different("Каримов", "Каримова");
        different("Рахимов", "Рахманов");
    }

    #[test]
    fn french_letters_are_read_without_ou_or_tch() {
        let folded = |name: &str| french_letters(name).map(|read| fold(&read));
        assert_eq!(folded("RACHIDOV").as_deref(), Some("rashidov"));
        assert_eq!(folded("ALEXEI").as_deref(), Some("aleksei"));
        assert_eq!(folded("XENIIA").as_deref(), Some(fold("Ксения").as_str()));
        assert_eq!(
            folded("GUEORGUII").as_deref(),
            Some(fold("Георгий").as_str())
        );
        assert_eq!(folded("ZIMINE").as_deref(), Some("zimin"));
        // An Uzbek X before a consonant or another vowel is х: no reading.
        assert_eq!(folded("BAXTIYOR"), None);
        assert_eq!(folded("XOLMATOV"), None);
        assert_eq!(folded("IVANOV"), None);
    }

    #[test]
    fn eh_is_also_read_as_e() {
        assert_eq!(eh_as_e("MEHEHRIM").as_deref(), Some("MEERIM"));
        assert_eq!(eh_as_e("Ehrlan").as_deref(), Some("Erlan"));
        assert_eq!(eh_as_e("ERLAN"), None);
        assert_eq!(eh_as_e("ӘEHL").as_deref(), Some("ӘEL"));
        assert_eq!(
            yay_as_ey("GUSYAYNOV TYAYMUR").as_deref(),
            Some("GUSEYNOV TEYMUR")
        );
        assert_eq!(yay_as_ey("Sergyay").as_deref(), Some("Sergey"));
    }

    #[test]
    fn h_is_also_read_as_g_but_not_in_sh_ch_kh_zh_gh() {
        assert_eq!(h_as_g("EHOROVA").as_deref(), Some("EGOROVA"));
        assert_eq!(h_as_g("hryhorij").as_deref(), Some("grygorij"));
        assert_eq!(h_as_g("SHUKHRAT ZHANNA GHAYRAT CHOLPON"), None);
        assert_eq!(h_as_g("IVANOV"), None);
    }

    #[test]
    fn skeletons_keep_first_letter_and_consonants() {
        assert_eq!(skeleton(&fold("Абдуллаев")), "abdlv");
        assert_eq!(skeleton(&fold("ABDULAEV")), "abdlv");
        assert_eq!(skeleton(&fold("Каримов")), skeleton(&fold("KERIMOV")));
        assert_eq!(skeleton(&fold("ABDULLAYEV BAXTIYOR")), "abdlv btr");
        // Letters that spellings without diacritics, or Russian clerks, lose or change.
        assert_eq!(
            skeleton(&fold("RASIDOV SERZOD")),
            skeleton(&fold("Рашидов Шерзод"))
        );
        assert_eq!(
            skeleton(&fold("HAMIDOV ZAMSIDZON")),
            skeleton(&fold("Хамидов Жамшиджон"))
        );
        assert_eq!(skeleton(&fold("COLPON")), skeleton(&fold("Чолпон")));
        // ю я that lost their `y` at the start of a word.
        assert_eq!(skeleton(&fold("ULIA")), skeleton(&fold("Юлия")));
        assert_eq!(skeleton(&fold("USUFOV")), skeleton(&fold("Юсуфов")));
        assert_eq!(skeleton(&fold("AGUBOV")), skeleton(&fold("Ягубов")));
        assert_eq!(skeleton(&fold("Зайцев")), skeleton(&fold("ZAJCEV")));
    }

    proptest::proptest! {
        #[test]
        fn readings_take_any_input_and_only_shorten_or_swap_letters(
            name in "[a-zA-Zа-яА-ЯёЁәғқңөұүһіəçşğüöČŠŽ' <-]{0,30}"
        ) {
            // Names from any source, in any script: no reading panics, and each keeps or
            // drops letters (h as g, EH as E, YAY as EY), never adds any but the French
            // reading's (ш as SH, кс as KS, ж as ZH).
            for (read, grows) in [
                (h_as_g(&name), false),
                (eh_as_e(&name), false),
                (yay_as_ey(&name), false),
                (french_letters(&name), true),
            ] {
                if let Some(read) = read {
                    proptest::prop_assert!(grows || read.chars().count() <= name.chars().count());
                }
            }
        }

        #[test]
        fn folding_is_idempotent_and_ascii(name in "[a-zA-Zа-яА-ЯёЁәғқңөұүһі' <-]{0,30}") {
            let once = fold(&name);
            proptest::prop_assert!(once.bytes().all(|b| b.is_ascii_lowercase() || b == b' '));
            proptest::prop_assert_eq!(fold(&once), once);
        }
    }
}
