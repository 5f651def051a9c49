//! Identity matching: finding a traveler in the registry when the passport spells the name
//! differently from the partner's record (Абдуллаев / ABDULLAYEV / ABDULLAEV).
//!
//! Pure: no I/O, no async. [`fold`] brings a name written in any script and any
//! transliteration scheme to one comparable form and [`skeleton`] to a coarser key;
//! [`NameParts`] splits a name by role with patronymics recognised; [`compare_dates`] grades
//! birth dates; [`assess`] weighs all the evidence with a versioned [`FeatureTable`] into a
//! score, a band and an explanation; [`Index`] finds the candidates worth scoring among
//! millions of registry persons through several blocking keys.

pub mod azerbaijani;
pub mod dates;
pub mod fold;
pub mod index;
pub mod name;
pub mod profile;
pub mod readings;
pub mod score;

pub use dates::{BirthDateNeed, DateEvidence, compare_dates};
pub use fold::{fold, skeleton};
pub use index::{DecisionFacts, DecisionRef, Hit, Index, IndexStats};
pub use name::{NameParts, patronymic_stem, same_surname_stem, surname_stem};
pub use profile::{Record, Spelling};
pub use score::{
    Assessment, Band, DocumentKey, Feature, FeatureTable, LetterDropped, NameFrequencies, NameRef,
    RecordView, Traveler, UniformFrequencies, assess,
};
