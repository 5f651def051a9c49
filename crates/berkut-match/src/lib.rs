//! Identity matching: finding a traveler in the registry when the passport spells the name
//! differently from the partner's record (Абдуллаев / ABDULLAYEV / ABDULLAEV).
//!
//! Empty for now: the matching engine (normalisation, transliteration, candidate index,
//! scoring with explanations) is its own piece of work and lands here. Like `berkut-core` it
//! will stay pure: no I/O, no async.
