//! Other readings of a traveler's name: the spellings it may stand for that folding does not
//! reach, looked up under their own keys and, for the readings by other schemes' letters,
//! agreeing in scoring as `other_scheme`.
//!
//! Folding (`crate::fold`) brings every spelling of a name to one form where the schemes'
//! differences can be undone letter by letter. Some cannot: the same Latin letters stand for
//! different Cyrillic ones in different schemes. An `h` is х in ICAO's KH, Uzbek and Tajik ҳ,
//! but г in the Ukrainian and Belarusian schemes; a `ch` is ч by ICAO but ш in the French-based
//! scheme of Soviet passports; GOST 16876 writes э as EH, the `trans` library ей as YAY. A name
//! is found under its keys (the first letters of its skeleton), so a reading that changes those
//! letters must be looked up on its own ([`ClerkReadings`]); and since the letters are
//! ambiguous, a record that agrees only with such a reading is the name written by another
//! scheme, weighed a point below the name itself and alone never enough for `strong`
//! ([`SchemeReadings`], `Traveler::other_scheme_words`).
//!
//! Which readings apply depends on the document, whose state fixes its spelling: an Uzbek,
//! Tajik or Turkmen passport's H is never г, a passport of a former Soviet state never writes ш
//! as CH, э as EH or ей as YAY. A traveler without a document (a form) is read every way.

use crate::fold::{eh_as_e, fold, french_letters, h_as_g, has_sh_or_zh, yay_as_ey};
use crate::score::compact;

/// Other spellings of the traveler's family and given names for looking up candidates (a
/// name's keys are made of its first letters, as the Russian record spells them), folded:
/// anyone's by other schemes' letters ([`SchemeReadings`]), and an Azerbaijani's also as a
/// Russian clerk likely wrote them ([`crate::azerbaijani::russian_readings`], and the family
/// name's initial ə as э, [`crate::azerbaijani::initial_a_as_e`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClerkReadings {
    /// The whole family name, folded, as read.
    pub families: Vec<String>,
    /// The first given name, folded, likewise.
    pub givens: Vec<String>,
}

impl ClerkReadings {
    /// The family name read by `family_readings` and the given name by `given_readings`, each
    /// reading folded and kept once if it differs from the name's own folded form.
    pub fn read_by(
        family: &str,
        given: Option<&str>,
        family_readings: impl Fn(&str) -> Vec<String>,
        given_readings: impl Fn(&str) -> Vec<String>,
    ) -> Self {
        let read = |name: &str, readings: &dyn Fn(&str) -> Vec<String>| {
            let readings = readings(name);
            if readings.is_empty() {
                return Vec::new();
            }
            forms_other_than(&fold(name), &readings, fold)
        };
        // The first given name, split as folding splits words.
        let first_given = given.and_then(|g| {
            g.split(|c: char| c.is_whitespace() || "<-.,_/".contains(c))
                .find(|w| !w.is_empty())
        });
        ClerkReadings {
            families: read(family, &family_readings),
            givens: first_given
                .map(|given| read(given, &given_readings))
                .unwrap_or_default(),
        }
    }
}

/// The forms `form` gives `names`, each once, but for those equal to `own` (the name's own
/// form): a reading that reads the same adds nothing.
pub(crate) fn forms_other_than(
    own: &str,
    names: impl IntoIterator<Item = impl AsRef<str>>,
    form: impl Fn(&str) -> String,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in names {
        let formed = form(name.as_ref());
        if formed != own && !out.contains(&formed) {
            out.push(formed);
        }
    }
    out
}

/// The readings by other schemes' letters that apply to one traveler's name.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SchemeReadings {
    /// An `h` as `г` ([`h_as_g`]).
    h_as_g: bool,
    /// The French-based scheme's letters in a name without its `ou` or `tch`
    /// ([`french_letters`]).
    french_letters: bool,
    /// GOST 16876's EH for э ([`eh_as_e`]) and the `trans` library's YAY for ей
    /// ([`yay_as_ey`]).
    library_letters: bool,
}

impl SchemeReadings {
    /// The readings for a traveler whose name has `parts`, with a document of `state` (ICAO
    /// code) if any: an `h` as `г` but on an Uzbek, Tajik or Turkmen passport, whose lone H is
    /// ҳ or х, and not for an Azerbaijani, whose clerk's readings have it already; the
    /// French-based letters for a name without `sh` or `zh` that does not read French already
    /// (`already_french`: its `ou` or `tch`); none of those but the `h` on a passport of a
    /// former Soviet state.
    pub(crate) fn for_traveler(
        parts: [&str; 2],
        state: Option<&str>,
        azerbaijani: bool,
        already_french: bool,
    ) -> Self {
        let soviet_successor = state.is_some_and(|s| SOVIET_SUCCESSORS.contains(&s));
        SchemeReadings {
            h_as_g: !azerbaijani && !state.is_some_and(|s| matches!(s, "UZB" | "TJK" | "TKM")),
            french_letters: !already_french && !has_sh_or_zh(&parts) && !soviet_successor,
            library_letters: !soviet_successor,
        }
    }

    /// The readings of one part of the name (as written, not folded); usually none.
    pub(crate) fn of(&self, part: &str) -> Vec<String> {
        let mut readings = Vec::new();
        if self.h_as_g {
            readings.extend(h_as_g(part));
        }
        if self.french_letters {
            readings.extend(french_letters(part));
        }
        if self.library_letters {
            readings.extend(eh_as_e(part));
            readings.extend(yay_as_ey(part));
        }
        readings
    }
}

/// The ICAO codes of the former Soviet states, whose passports write the Latin by ICAO 9303 or
/// their own national alphabets: ш as SH (or S), э as E, ей as EI or EY, never as the
/// French-based scheme, GOST 16876 or `trans` do.
const SOVIET_SUCCESSORS: [&str; 15] = [
    "RUS", "KAZ", "KGZ", "UZB", "TJK", "TKM", "AZE", "UKR", "BLR", "ARM", "GEO", "MDA", "LTU",
    "LVA", "EST",
];

/// Adds to `words` each word of `part` (folded) that `readings` (other schemes' readings of
/// it) write otherwise, with that word of the reading (folded), and the whole part compacted
/// likewise, as a family name is compared (see `Traveler::other_scheme_words`).
pub(crate) fn push_other_scheme_words(
    part: &str,
    readings: &[String],
    words: &mut Vec<(String, String)>,
) {
    if readings.is_empty() {
        return;
    }
    let own = fold(part);
    let mut push = |pair: (String, String)| {
        if pair.0 != pair.1 && !words.contains(&pair) {
            words.push(pair);
        }
    };
    for reading in readings {
        let read = fold(reading);
        push((compact(&own).into_owned(), compact(&read).into_owned()));
        if own.split(' ').count() == read.split(' ').count() {
            for (own_word, read_word) in own.split(' ').zip(read.split(' ')) {
                push((own_word.to_owned(), read_word.to_owned()));
            }
        }
    }
}
