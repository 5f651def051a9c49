//! Is the traveler's document valid for this crossing? Expiry, a start of validity, failed
//! MRZ check digits, and emergency declarations.
//!
//! An emergency declaration says: during a period, at all checkpoints or at some, documents
//! that expired on or after a day D stay valid until a day E (because renewing them is
//! impossible: a consulate closed, a disaster). A document accepted only because of a
//! declaration says so, and which declaration, so that an officer and an auditor can see it.
//! A declaration can be ended early; from the day after its end it no longer applies.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a declaration applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    AllCheckpoints,
    Checkpoints(Vec<String>),
}

/// An emergency declaration that keeps expired documents valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmergencyDeclaration {
    /// `E-2026-0001`.
    pub id: String,
    pub title: String,
    pub scope: Scope,
    /// The declaration is in effect from this day...
    pub effective_from: NaiveDate,
    /// ...to this day (inclusive), unless ended earlier.
    pub effective_until: NaiveDate,
    /// Documents that expired on or after this day...
    pub expired_on_or_after: NaiveDate,
    /// ...stay valid until this day (inclusive).
    pub valid_until: NaiveDate,
    /// The last day it applied, when an administrator ended it early.
    pub ended_on: Option<NaiveDate>,
}

/// A declaration that cannot be made as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeclarationError {
    #[error("the declaration ends ({until}) before it starts ({from})")]
    EndsBeforeItStarts { from: NaiveDate, until: NaiveDate },
    #[error(
        "documents are kept valid until {valid_until}, before the day they must have expired on or after ({expired_on_or_after})"
    )]
    ValidityBeforeExpiry {
        expired_on_or_after: NaiveDate,
        valid_until: NaiveDate,
    },
    #[error("a declaration for a list of checkpoints needs at least one checkpoint")]
    NoCheckpoints,
    #[error("a declaration needs a title")]
    NoTitle,
}

impl EmergencyDeclaration {
    /// Checks that the declaration makes sense before it is stored.
    pub fn validate(&self) -> Result<(), DeclarationError> {
        if self.title.trim().is_empty() {
            return Err(DeclarationError::NoTitle);
        }
        if self.effective_until < self.effective_from {
            return Err(DeclarationError::EndsBeforeItStarts {
                from: self.effective_from,
                until: self.effective_until,
            });
        }
        if self.valid_until < self.expired_on_or_after {
            return Err(DeclarationError::ValidityBeforeExpiry {
                expired_on_or_after: self.expired_on_or_after,
                valid_until: self.valid_until,
            });
        }
        if matches!(&self.scope, Scope::Checkpoints(list) if list.is_empty()) {
            return Err(DeclarationError::NoCheckpoints);
        }
        Ok(())
    }

    /// Whether the declaration is in effect at `checkpoint` on `day`.
    pub fn in_effect(&self, checkpoint: &str, day: NaiveDate) -> bool {
        let last_day = self.ended_on.map_or(self.effective_until, |ended| {
            ended.min(self.effective_until)
        });
        let here = match &self.scope {
            Scope::AllCheckpoints => true,
            Scope::Checkpoints(list) => list.iter().any(|c| c == checkpoint),
        };
        here && self.effective_from <= day && day <= last_day
    }

    /// Whether it keeps a document that expired on `expired_on` valid on `day`.
    pub fn keeps_valid(&self, expired_on: NaiveDate, checkpoint: &str, day: NaiveDate) -> bool {
        self.in_effect(checkpoint, day)
            && expired_on >= self.expired_on_or_after
            && day <= self.valid_until
    }
}

/// What the document check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum DocumentFinding {
    /// Valid on the day on its own.
    Valid,
    /// No expiry date was given (a form without one): nothing to check.
    NoExpiryGiven,
    /// Expired, but kept valid by a declaration.
    ValidByEmergency {
        expired_on: NaiveDate,
        declaration: String,
        declaration_title: String,
    },
    Expired {
        expired_on: NaiveDate,
    },
    NotYetValid {
        valid_from: NaiveDate,
    },
    /// MRZ check digits that did not verify (a misread, or a forged or altered document).
    CheckDigitsFailed {
        checks: Vec<String>,
    },
}

/// Checks a document for a crossing at `checkpoint` on `day`.
///
/// Failed check digits come first: a document whose MRZ does not verify is not trusted for its
/// dates either.
pub fn check_document(
    expires_on: Option<NaiveDate>,
    valid_from: Option<NaiveDate>,
    failed_checks: &[&str],
    checkpoint: &str,
    day: NaiveDate,
    declarations: &[EmergencyDeclaration],
) -> DocumentFinding {
    if !failed_checks.is_empty() {
        return DocumentFinding::CheckDigitsFailed {
            checks: failed_checks.iter().map(|c| (*c).to_owned()).collect(),
        };
    }
    if let Some(from) = valid_from
        && day < from
    {
        return DocumentFinding::NotYetValid { valid_from: from };
    }
    let Some(expired_on) = expires_on else {
        return DocumentFinding::NoExpiryGiven;
    };
    // A document is valid through its expiry day.
    if day <= expired_on {
        return DocumentFinding::Valid;
    }
    match declarations
        .iter()
        .find(|d| d.keeps_valid(expired_on, checkpoint, day))
    {
        Some(declaration) => DocumentFinding::ValidByEmergency {
            expired_on,
            declaration: declaration.id.clone(),
            declaration_title: declaration.title.clone(),
        },
        None => DocumentFinding::Expired { expired_on },
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn declaration(scope: Scope) -> EmergencyDeclaration {
        EmergencyDeclaration {
            id: "E-2026-0001".into(),
            title: "Consulates closed".into(),
            scope,
            effective_from: d("2026-03-01"),
            effective_until: d("2026-12-31"),
            expired_on_or_after: d("2026-01-01"),
            valid_until: d("2026-09-30"),
            ended_on: None,
        }
    }

    #[test]
    fn a_document_is_valid_through_its_expiry_day_and_not_before_its_start() {
        let day = d("2026-05-10");
        assert_eq!(
            check_document(Some(day), None, &[], "X", day, &[]),
            DocumentFinding::Valid
        );
        assert_eq!(
            check_document(Some(d("2026-05-09")), None, &[], "X", day, &[]),
            DocumentFinding::Expired {
                expired_on: d("2026-05-09")
            }
        );
        assert_eq!(
            check_document(
                Some(d("2030-01-01")),
                Some(d("2026-05-11")),
                &[],
                "X",
                day,
                &[]
            ),
            DocumentFinding::NotYetValid {
                valid_from: d("2026-05-11")
            }
        );
        assert_eq!(
            check_document(Some(d("2030-01-01")), None, &["composite"], "X", day, &[]),
            DocumentFinding::CheckDigitsFailed {
                checks: vec!["composite".into()]
            }
        );
    }

    #[test]
    fn a_declaration_keeps_recently_expired_documents_valid_where_and_while_it_applies() {
        let everywhere = [declaration(Scope::AllCheckpoints)];
        let expired = Some(d("2026-02-15"));
        let finding = check_document(
            expired,
            None,
            &[],
            "KZ-ZHIBEK-ZHOLY",
            d("2026-05-10"),
            &everywhere,
        );
        assert!(
            matches!(&finding, DocumentFinding::ValidByEmergency { declaration, .. } if declaration == "E-2026-0001"),
            "{finding:?}"
        );
        // Expired before D: not covered.
        assert!(matches!(
            check_document(
                Some(d("2025-12-31")),
                None,
                &[],
                "X",
                d("2026-05-10"),
                &everywhere
            ),
            DocumentFinding::Expired { .. }
        ));
        // After E: not covered, although the declaration is still in effect.
        assert!(matches!(
            check_document(expired, None, &[], "X", d("2026-10-01"), &everywhere),
            DocumentFinding::Expired { .. }
        ));
        // Before the declaration takes effect.
        assert!(matches!(
            check_document(expired, None, &[], "X", d("2026-02-20"), &everywhere),
            DocumentFinding::Expired { .. }
        ));
        // Another checkpoint than the listed ones.
        let listed = [declaration(Scope::Checkpoints(vec![
            "KZ-ALMATY-AIRPORT".into(),
        ]))];
        assert!(matches!(
            check_document(
                expired,
                None,
                &[],
                "KZ-ZHIBEK-ZHOLY",
                d("2026-05-10"),
                &listed
            ),
            DocumentFinding::Expired { .. }
        ));
        assert!(matches!(
            check_document(
                expired,
                None,
                &[],
                "KZ-ALMATY-AIRPORT",
                d("2026-05-10"),
                &listed
            ),
            DocumentFinding::ValidByEmergency { .. }
        ));
    }

    #[test]
    fn an_ended_declaration_no_longer_applies_from_the_next_day() {
        let mut ended = declaration(Scope::AllCheckpoints);
        ended.ended_on = Some(d("2026-05-10"));
        let expired = Some(d("2026-02-15"));
        assert!(matches!(
            check_document(
                expired,
                None,
                &[],
                "X",
                d("2026-05-10"),
                std::slice::from_ref(&ended)
            ),
            DocumentFinding::ValidByEmergency { .. }
        ));
        assert!(matches!(
            check_document(expired, None, &[], "X", d("2026-05-11"), &[ended]),
            DocumentFinding::Expired { .. }
        ));
    }

    #[test]
    fn a_declaration_that_makes_no_sense_is_refused() {
        let mut bad = declaration(Scope::AllCheckpoints);
        bad.effective_until = d("2026-01-01");
        assert!(matches!(
            bad.validate(),
            Err(DeclarationError::EndsBeforeItStarts { .. })
        ));
        let mut bad = declaration(Scope::Checkpoints(vec![]));
        assert_eq!(bad.validate(), Err(DeclarationError::NoCheckpoints));
        bad.scope = Scope::AllCheckpoints;
        bad.valid_until = d("2025-06-01");
        assert!(matches!(
            bad.validate(),
            Err(DeclarationError::ValidityBeforeExpiry { .. })
        ));
        assert_eq!(declaration(Scope::AllCheckpoints).validate(), Ok(()));
    }
}
