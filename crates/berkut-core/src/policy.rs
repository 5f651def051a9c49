//! The law as data: which decisions about a person lead to which outcome at the border, on what
//! legal basis, with what new ban, and whether they bar citizenship.
//!
//! A policy is a versioned TOML file (`policy/default.toml` is shipped; an administrator edits
//! a copy and checks it with `berkut policy check FILE`). Each rule names the decisions it
//! covers by source, kind, category, status, fine paid or not, the state of the decision's ban
//! on the day of the check, and the direction of travel; and says what follows: an outcome, the
//! legal basis an officer can read, the new ban to record if the person was trying to enter,
//! and whether citizenship is barred.
//!
//! How rules combine, so that the file reads without surprises:
//! - every rule that matches a decision applies; none is "first" (order in the file does not
//!   matter);
//! - the most severe outcome wins (`detain_pending_decision` > `refuse_entry` >
//!   `refer_secondary` > `admit`), the longest new ban wins, citizenship is barred if any
//!   applied rule bars it;
//! - a decision no rule covers gets the policy's `unmatched` action (by default an officer
//!   looks), so a gap in the rules never admits silently;
//! - a `possible` match is always `refer_secondary`: the system does not act on a match it is
//!   not sure of, whatever the decisions say.
//!
//! What is rejected when a policy is read ([`Policy::parse`]), all problems at once: unknown
//! fields (a typo), unknown values, empty lists, duplicate rule ids, a rule without a legal
//! basis, a detention for anything but a partner's pending decision, a new ban with `admit`,
//! two rules with the same conditions but different actions (contradictory: which one did the
//! author mean?), a legal clock outside 1–720 hours.

use std::collections::HashSet;
use std::fmt;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::decision::{BanUntil, Category, DecisionKind, Status};

/// What the border officer is told to do. Ordered by severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Admit,
    ReferSecondary,
    RefuseEntry,
    DetainPendingDecision,
}

impl Outcome {
    /// The word the interfaces use.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Admit => "admit",
            Outcome::ReferSecondary => "refer_secondary",
            Outcome::RefuseEntry => "refuse_entry",
            Outcome::DetainPendingDecision => "detain_pending_decision",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Direction of travel at a checkpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Entry,
    Exit,
}

/// The state of a decision's ban on the day of the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BanState {
    /// A ban that runs on the day (or is permanent).
    InForce,
    /// A ban that ended before the day.
    Expired,
    /// The decision sets no ban.
    None,
}

impl BanState {
    /// The state of `ban` on `day`.
    pub fn of(ban: Option<BanUntil>, day: NaiveDate) -> Self {
        match ban {
            None => BanState::None,
            Some(BanUntil::Permanent) => BanState::InForce,
            Some(BanUntil::Date(until)) if until >= day => BanState::InForce,
            Some(BanUntil::Date(_)) => BanState::Expired,
        }
    }
}

/// A new ban to record when a person the rule covers tried to enter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum NewBan {
    /// Written `"permanent"`.
    Permanent(PermanentWord),
    /// Written `{ years = 5 }`.
    Years(YearsBan),
    /// Written `{ days = 90 }`.
    Days(DaysBan),
}

/// A ban of whole years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearsBan {
    pub years: u16,
}

/// A ban of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DaysBan {
    pub days: u32,
}

/// The word `permanent` (a unit variant of an untagged enum has to be spelled this way).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PermanentWord {
    Permanent,
}

impl NewBan {
    /// The last day of the ban (inclusive, as `ban_until` is) if it starts on `from`: a ban
    /// of 5 years from 2026-11-21 runs through 2031-11-20; `Permanent` for ever.
    pub fn until(self, from: NaiveDate) -> BanUntil {
        let end = match self {
            NewBan::Permanent(_) => return BanUntil::Permanent,
            NewBan::Years(YearsBan { years }) => {
                from.checked_add_months(Months::new(u32::from(years) * 12))
            }
            NewBan::Days(DaysBan { days }) => {
                from.checked_add_days(chrono::Days::new(u64::from(days)))
            }
        };
        BanUntil::Date(end.and_then(|e| e.pred_opt()).unwrap_or(NaiveDate::MAX))
    }

    /// Length in days for comparing bans (a permanent ban is longest).
    fn rank(self) -> u64 {
        match self {
            NewBan::Permanent(_) => u64::MAX,
            NewBan::Years(YearsBan { years }) => u64::from(years) * 366,
            NewBan::Days(DaysBan { days }) => u64::from(days),
        }
    }
}

/// Which decisions a rule covers. A condition left out covers every value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conditions {
    /// `domestic`, `partner`, or issuing states (`RU`).
    pub source: Option<Vec<String>>,
    pub kind: Option<Vec<DecisionKind>>,
    pub category: Option<Vec<Category>>,
    pub status: Option<Vec<Status>>,
    /// Only decisions with a fine: paid (`true`) or not (`false`).
    pub fine_paid: Option<bool>,
    pub ban: Option<Vec<BanState>>,
    pub direction: Option<Vec<Direction>>,
}

/// What a rule says follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub outcome: Outcome,
    /// The ban to record if the person was trying to enter.
    pub new_ban: Option<NewBan>,
    #[serde(default)]
    pub bars_citizenship: bool,
}

/// One rule of the policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    pub legal_basis: String,
    #[serde(default)]
    pub when: Conditions,
    pub then: Action,
}

/// What happens to a strong match on a decision no rule covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fallback {
    pub outcome: Outcome,
    pub legal_basis: String,
}

/// What follows from the document check (see [`crate::validity`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentRules {
    pub expired: DocumentRule,
    pub not_yet_valid: DocumentRule,
    pub check_digits_failed: DocumentRule,
}

/// One document rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentRule {
    pub outcome: Outcome,
    pub legal_basis: String,
    /// The directions it applies to; all when left out.
    pub direction: Option<Vec<Direction>>,
}

/// The legal clock of a detention pending a partner's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseClock {
    /// The longest a person may be held before the partner decides or the person is released.
    pub max_hold_hours: u32,
    /// Cases this close to the limit are listed as near it.
    pub warn_before_hours: u32,
}

/// A whole policy, as read from its file and validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Recorded with every outcome decided under this policy.
    pub version: String,
    pub title: String,
    /// The issuing state whose decisions are domestic (`KZ`); every other is a partner.
    pub domestic_source: String,
    /// The jurisdiction's offset from UTC in minutes (Kazakhstan: 300). The day of a check,
    /// which decides expiry, bans in force and declarations, is the local day.
    #[serde(default)]
    pub utc_offset_minutes: i32,
    pub unmatched: Fallback,
    pub case: CaseClock,
    pub documents: DocumentRules,
    #[serde(rename = "rule", default)]
    pub rules: Vec<Rule>,
}

/// The shipped default policy.
pub const DEFAULT_POLICY: &str = include_str!("../../../policy/default.toml");

/// A policy that cannot be used, with every problem found.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    #[error("the policy is not valid TOML or has an unknown or misspelt field: {0}")]
    Syntax(String),
    #[error("the policy has {} problem(s):\n{}", .0.len(), .0.join("\n"))]
    Invalid(Vec<String>),
}

/// A registry decision as a policy sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecisionFacts<'a> {
    pub source: &'a str,
    pub reference: &'a str,
    pub kind: DecisionKind,
    pub category: Category,
    pub status: Status,
    pub ban_until: Option<BanUntil>,
    pub fine_paid: Option<bool>,
}

/// How sure the matcher is that a registry person is the traveler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchStrength {
    Strong,
    Possible,
}

/// A matched person's decisions, for the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchedPerson<'a> {
    pub strength: MatchStrength,
    pub decisions: Vec<DecisionFacts<'a>>,
}

/// Why an outcome: one rule applied to one decision (or the possible-match rule).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// The rule's id; `possible_match` and `unmatched` for the built-in ones.
    pub rule: String,
    pub legal_basis: String,
    pub outcome: Outcome,
    /// The decision's source and reference, when the reason is a decision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<(String, String)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_ban: Option<NewBan>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub bars_citizenship: bool,
}

/// What the policy says about a traveler.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub outcome: Outcome,
    pub reasons: Vec<Reason>,
    /// The longest new ban the applied rules set (recorded only on an entry attempt).
    pub new_ban: Option<NewBan>,
    pub bars_citizenship: bool,
    pub policy_version: String,
}

/// The legal basis given for every `possible` match.
pub const POSSIBLE_MATCH_BASIS: &str = "The match is not certain: an officer compares the \
     traveler with the record before anything is decided (Berkut proposes, officers decide).";

impl Policy {
    /// Reads and validates a policy file's text.
    pub fn parse(text: &str) -> Result<Self, PolicyError> {
        let policy: Policy =
            toml::from_str(text).map_err(|e| PolicyError::Syntax(e.to_string()))?;
        let problems = policy.problems();
        if problems.is_empty() {
            Ok(policy)
        } else {
            Err(PolicyError::Invalid(problems))
        }
    }

    /// The local calendar day of an instant in this policy's jurisdiction.
    pub fn local_day(&self, at: chrono::DateTime<chrono::Utc>) -> NaiveDate {
        (at + chrono::Duration::minutes(i64::from(self.utc_offset_minutes))).date_naive()
    }

    /// The shipped default.
    pub fn default_policy() -> Result<Self, PolicyError> {
        Self::parse(DEFAULT_POLICY)
    }

    fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.version.trim().is_empty() {
            problems.push("`version` is empty".to_owned());
        }
        if !is_state_code(&self.domestic_source) {
            problems.push(format!(
                "`domestic_source` {:?} is not a two-letter state code such as \"KZ\"",
                self.domestic_source
            ));
        }
        if !(-840..=840).contains(&self.utc_offset_minutes) {
            problems.push(format!(
                "`utc_offset_minutes` is {}: offsets run from -840 to 840",
                self.utc_offset_minutes
            ));
        }
        if self.unmatched.legal_basis.trim().is_empty() {
            problems.push("`unmatched.legal_basis` is empty".to_owned());
        }
        if !(1..=720).contains(&self.case.max_hold_hours) {
            problems.push(format!(
                "`case.max_hold_hours` is {}: it must be between 1 and 720",
                self.case.max_hold_hours
            ));
        }
        if self.case.warn_before_hours >= self.case.max_hold_hours {
            problems.push("`case.warn_before_hours` must be less than `max_hold_hours`".into());
        }
        for (name, rule) in [
            ("expired", &self.documents.expired),
            ("not_yet_valid", &self.documents.not_yet_valid),
            ("check_digits_failed", &self.documents.check_digits_failed),
        ] {
            if rule.legal_basis.trim().is_empty() {
                problems.push(format!("`documents.{name}.legal_basis` is empty"));
            }
            if rule.outcome == Outcome::DetainPendingDecision {
                problems.push(format!(
                    "`documents.{name}`: a document alone never holds a person pending a partner's decision"
                ));
            }
            if rule.direction.as_ref().is_some_and(Vec::is_empty) {
                problems.push(format!("`documents.{name}.direction` is an empty list"));
            }
        }
        if self.rules.is_empty() {
            problems.push("the policy has no `[[rule]]`".to_owned());
        }
        let mut ids = HashSet::new();
        for rule in &self.rules {
            let at = format!("rule {:?}", rule.id);
            if rule.id.is_empty()
                || !rule
                    .id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            {
                problems.push(format!("{at}: an id is lower-case letters, digits and `_`"));
            }
            if !ids.insert(rule.id.as_str()) {
                problems.push(format!("{at}: the id is used by another rule too"));
            }
            if rule.legal_basis.trim().is_empty() {
                problems.push(format!("{at}: `legal_basis` is empty"));
            }
            self.condition_problems(&at, &rule.when, &mut problems);
            action_problems(&at, rule, &self.domestic_source, &mut problems);
        }
        for (i, a) in self.rules.iter().enumerate() {
            for b in &self.rules[i + 1..] {
                if same_conditions(&a.when, &b.when) && a.then != b.then {
                    problems.push(format!(
                        "rules {:?} and {:?} cover the same decisions but say different things: \
                         merge them or make their conditions differ",
                        a.id, b.id
                    ));
                }
            }
        }
        problems
    }

    fn condition_problems(&self, at: &str, when: &Conditions, problems: &mut Vec<String>) {
        fn list<T: PartialEq>(at: &str, name: &str, values: Option<&[T]>, out: &mut Vec<String>) {
            if let Some(values) = values {
                if values.is_empty() {
                    out.push(format!(
                        "{at}: `when.{name}` is an empty list (leave it out to cover every value)"
                    ));
                }
                if values
                    .iter()
                    .enumerate()
                    .any(|(i, v)| values[..i].contains(v))
                {
                    out.push(format!("{at}: `when.{name}` names a value twice"));
                }
            }
        }
        list(at, "source", when.source.as_deref(), problems);
        list(at, "kind", when.kind.as_deref(), problems);
        list(at, "category", when.category.as_deref(), problems);
        list(at, "status", when.status.as_deref(), problems);
        list(at, "ban", when.ban.as_deref(), problems);
        list(at, "direction", when.direction.as_deref(), problems);
        for source in when.source.iter().flatten() {
            if source != "domestic" && source != "partner" && !is_state_code(source) {
                problems.push(format!(
                    "{at}: source {source:?} is not `domestic`, `partner` or a two-letter state code"
                ));
            }
        }
        if when.status.iter().flatten().any(|s| *s == Status::Revoked) {
            problems.push(format!(
                "{at}: a revoked decision no longer applies; no rule may cover `revoked`"
            ));
        }
    }

    /// Whether `rule` covers `decision` for a traveler going `direction` on `day`.
    pub fn covers(
        &self,
        rule: &Rule,
        decision: &DecisionFacts<'_>,
        direction: Direction,
        day: NaiveDate,
    ) -> bool {
        let when = &rule.when;
        let domestic = decision.source == self.domestic_source;
        fn any<T>(values: &Option<Vec<T>>, test: impl Fn(&T) -> bool) -> bool {
            values.as_ref().is_none_or(|v| v.iter().any(test))
        }
        any(&when.source, |s| match s.as_str() {
            "domestic" => domestic,
            "partner" => !domestic,
            code => code == decision.source,
        }) && any(&when.kind, |k| *k == decision.kind)
            && any(&when.category, |c| *c == decision.category)
            && any(&when.status, |s| *s == decision.status)
            && when
                .fine_paid
                .is_none_or(|paid| decision.fine_paid == Some(paid))
            && any(&when.ban, |b| *b == BanState::of(decision.ban_until, day))
            && any(&when.direction, |d| *d == direction)
    }

    /// The verdict on a traveler matched to `persons`, going `direction` on `day`.
    pub fn judge(
        &self,
        persons: &[MatchedPerson<'_>],
        direction: Direction,
        day: NaiveDate,
    ) -> Verdict {
        let mut reasons = Vec::new();
        for person in persons {
            match person.strength {
                MatchStrength::Possible => reasons.push(Reason {
                    rule: "possible_match".to_owned(),
                    legal_basis: POSSIBLE_MATCH_BASIS.to_owned(),
                    outcome: Outcome::ReferSecondary,
                    decision: None,
                    new_ban: None,
                    bars_citizenship: false,
                }),
                MatchStrength::Strong => {
                    for decision in &person.decisions {
                        if decision.status == Status::Revoked {
                            continue;
                        }
                        let reference =
                            || Some((decision.source.to_owned(), decision.reference.to_owned()));
                        let mut covered = false;
                        for rule in &self.rules {
                            if self.covers(rule, decision, direction, day) {
                                covered = true;
                                reasons.push(Reason {
                                    rule: rule.id.clone(),
                                    legal_basis: rule.legal_basis.clone(),
                                    outcome: rule.then.outcome,
                                    decision: reference(),
                                    new_ban: rule.then.new_ban,
                                    bars_citizenship: rule.then.bars_citizenship,
                                });
                            }
                        }
                        if !covered {
                            reasons.push(Reason {
                                rule: "unmatched".to_owned(),
                                legal_basis: self.unmatched.legal_basis.clone(),
                                outcome: self.unmatched.outcome,
                                decision: reference(),
                                new_ban: None,
                                bars_citizenship: false,
                            });
                        }
                    }
                }
            }
        }
        // Most severe first, so that an officer reads the reason for the outcome first.
        reasons.sort_by_key(|r| std::cmp::Reverse(r.outcome));
        Verdict {
            outcome: reasons.first().map_or(Outcome::Admit, |r| r.outcome),
            new_ban: reasons
                .iter()
                .filter_map(|r| r.new_ban)
                .max_by_key(|b| b.rank()),
            bars_citizenship: reasons.iter().any(|r| r.bars_citizenship),
            reasons,
            policy_version: self.version.clone(),
        }
    }
}

impl Policy {
    /// The reason the document check gives, if it gives one: a document accepted only under an
    /// emergency declaration is admitted with that declaration named; an expired, not yet
    /// valid or unverifiable one follows the policy's document rules.
    pub fn document_reason(
        &self,
        finding: &crate::validity::DocumentFinding,
        direction: Direction,
    ) -> Option<Reason> {
        use crate::validity::DocumentFinding as F;
        let (name, rule) = match finding {
            F::Valid | F::NoExpiryGiven => return None,
            F::ValidByEmergency {
                expired_on,
                declaration,
                declaration_title,
            } => {
                return Some(Reason {
                    rule: "emergency_declaration".to_owned(),
                    legal_basis: format!(
                        "The document expired on {expired_on} and is accepted only under \
                         emergency declaration {declaration} ({declaration_title})."
                    ),
                    outcome: Outcome::Admit,
                    decision: None,
                    new_ban: None,
                    bars_citizenship: false,
                });
            }
            F::Expired { .. } => ("document_expired", &self.documents.expired),
            F::NotYetValid { .. } => ("document_not_yet_valid", &self.documents.not_yet_valid),
            F::CheckDigitsFailed { .. } => (
                "document_check_digits_failed",
                &self.documents.check_digits_failed,
            ),
        };
        if rule
            .direction
            .as_ref()
            .is_some_and(|d| !d.contains(&direction))
        {
            return None;
        }
        Some(Reason {
            rule: name.to_owned(),
            legal_basis: rule.legal_basis.clone(),
            outcome: rule.outcome,
            decision: None,
            new_ban: None,
            bars_citizenship: false,
        })
    }

    /// The verdict of a border check: the document's reason (if any) with the matched
    /// persons' reasons, the most severe first.
    pub fn judge_check(
        &self,
        persons: &[MatchedPerson<'_>],
        document: &crate::validity::DocumentFinding,
        direction: Direction,
        day: NaiveDate,
    ) -> Verdict {
        let mut verdict = self.judge(persons, direction, day);
        if let Some(reason) = self.document_reason(document, direction) {
            verdict.reasons.push(reason);
            verdict
                .reasons
                .sort_by_key(|r| std::cmp::Reverse(r.outcome));
            verdict.outcome = verdict
                .reasons
                .first()
                .map_or(Outcome::Admit, |r| r.outcome);
        }
        verdict
    }
}

fn action_problems(at: &str, rule: &Rule, domestic: &str, problems: &mut Vec<String>) {
    let then = &rule.then;
    if then.outcome == Outcome::Admit && then.new_ban.is_some() {
        problems.push(format!(
            "{at}: a rule that admits cannot also set a new ban"
        ));
    }
    match then.new_ban {
        Some(NewBan::Years(YearsBan { years })) if !(1..=100).contains(&years) => {
            problems.push(format!("{at}: `new_ban.years` must be between 1 and 100"));
        }
        Some(NewBan::Days(DaysBan { days })) if !(1..=36_500).contains(&days) => {
            problems.push(format!("{at}: `new_ban.days` must be between 1 and 36500"));
        }
        _ => {}
    }
    if then.outcome == Outcome::DetainPendingDecision {
        let pending_only = rule.when.status.as_deref() == Some(&[Status::Pending]);
        let partner_only = rule
            .when
            .source
            .as_ref()
            .is_some_and(|sources| sources.iter().all(|s| s != "domestic" && s != domestic));
        if !pending_only || !partner_only {
            problems.push(format!(
                "{at}: `detain_pending_decision` holds a person until a partner decides: the \
                 rule must cover only `status = [\"pending\"]` and only partner sources"
            ));
        }
    }
}

/// Whether two rules cover the same decisions: the same conditions, lists compared as sets.
fn same_conditions(a: &Conditions, b: &Conditions) -> bool {
    fn same<T: PartialEq>(a: &Option<Vec<T>>, b: &Option<Vec<T>>) -> bool {
        match (a, b) {
            (None, None) => true,
            (Some(x), Some(y)) => {
                x.iter().all(|v| y.contains(v)) && y.iter().all(|v| x.contains(v))
            }
            _ => false,
        }
    }
    same(&a.source, &b.source)
        && same(&a.kind, &b.kind)
        && same(&a.category, &b.category)
        && same(&a.status, &b.status)
        && a.fine_paid == b.fine_paid
        && same(&a.ban, &b.ban)
        && same(&a.direction, &b.direction)
}

fn is_state_code(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())
}
