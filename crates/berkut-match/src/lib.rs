//! Identity matching: finding a traveler in the registry when the passport spells the name
//! differently from the partner's record (Абдуллаев / ABDULLAYEV / ABDULLAEV).
//!
//! Pure: no I/O, no async. So far: [`fold`], which brings a name written in any script and
//! any transliteration scheme to one comparable form, [`skeleton`], a coarser key for
//! candidate retrieval, and [`NameParts`], a name split by role with patronymics recognised.
//! Scoring and the candidate index build on these.

pub mod dates;
pub mod fold;
pub mod index;
pub mod name;
pub mod profile;
pub mod score;

pub use dates::{DateEvidence, compare_dates};
pub use fold::{fold, skeleton};
pub use index::{DecisionFacts, DecisionRef, Hit, Index, IndexStats};
pub use name::{NameParts, patronymic_stem, surname_stem};
pub use profile::{Record, Spelling};
pub use score::{
    Assessment, Band, DocumentKey, Feature, FeatureTable, NameFrequencies, NameRef, RecordView,
    Traveler, UniformFrequencies, assess,
};
