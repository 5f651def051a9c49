//! Berkut's domain, with no I/O: the decisions a registry holds, the persons they concern, the
//! documents those persons carry, and the exchange format partners deliver them in.
//!
//! Every value that comes from outside is parsed into a type that proves it is well formed
//! (`CountryCode`, `DocumentNumber`, `PartialDate`, ...), so code further in never re-checks.
//! Nothing here reads files, talks to a database or knows about HTTP; the store and the binary
//! do that at the edges.

pub mod audit;
pub mod country;
pub mod date;
pub mod decision;
pub mod exchange;
pub mod fingerprint;
pub mod mrz;
pub mod person;
pub mod policy;
mod text;
pub mod timestamp;
pub mod validity;

pub use country::{CountryCode, IssuingState};
pub use date::PartialDate;
pub use decision::{
    Authority, BanUntil, Category, CurrencyCode, Decision, DecisionId, DecisionKind,
    DecisionSchema, Fine, FineAmount, LegalBasis, Reference, Revision, Status,
};
pub use exchange::{
    DECISION_SCHEMA, LineError, line_text, parse_decision_line, parse_decision_text,
};
pub use fingerprint::{content_fingerprint, person_fingerprint};
pub use person::{Document, DocumentNumber, DocumentType, NamePart, Person, PersonName, Sex};
