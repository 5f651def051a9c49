//! Reading one line of a decision batch (`shared/spec/exchange-format.md`).
//!
//! A line either becomes a [`Decision`] or a [`LineError`] that says where (a field path such as
//! `person.birth_date`) and what was expected, so that a partner can fix every bad line of a
//! rejected batch from one report. Unknown fields are ignored here; the store keeps the line as
//! received, so nothing a partner sent is lost.

use std::fmt;

use crate::decision::Decision;

/// The schema tag every decision line carries.
pub const DECISION_SCHEMA: &str = "berkut.decision/1";

/// Why one line of a batch could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct LineError {
    /// The field at fault (`person.names[0].family`), or `None` for the line as a whole.
    pub path: Option<String>,
    /// What was wrong and what was expected.
    pub message: String,
}

impl LineError {
    /// An error about the line as a whole.
    pub fn whole_line(message: impl Into<String>) -> Self {
        Self {
            path: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(path) => write!(f, "{path}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Parses one non-blank line of a batch into a decision.
pub fn parse_decision_line(line: &[u8]) -> Result<Decision, LineError> {
    parse_decision_text(line_text(line)?)
}

/// The line as text, or why it is not UTF-8.
pub fn line_text(line: &[u8]) -> Result<&str, LineError> {
    std::str::from_utf8(line).map_err(|error| {
        LineError::whole_line(format!(
            "not valid UTF-8 (first bad byte at offset {})",
            error.valid_up_to()
        ))
    })
}

/// Parses one non-blank line, already known to be text, into a decision.
pub fn parse_decision_text(text: &str) -> Result<Decision, LineError> {
    let first = text.trim_start().chars().next();
    if first != Some('{') {
        let found = match first {
            Some('[') => "an array",
            Some('"') => "a string",
            Some('t' | 'f') => "a boolean",
            Some('n') => "null",
            Some(c) if c.is_ascii_digit() || c == '-' => "a number",
            _ => "something that is not JSON",
        };
        return Err(LineError::whole_line(format!(
            "expected a JSON object (one decision per line), found {found}"
        )));
    }
    // Nearly every line is good: parse it plainly, and only when that fails parse it again
    // with field paths tracked, which costs on every field, to say where the fault is.
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let parsed: Result<Decision, serde_json::Error> =
        serde::Deserialize::deserialize(&mut deserializer);
    match parsed.and_then(|decision| deserializer.end().map(|()| decision)) {
        Ok(decision) => Ok(decision),
        Err(_) => Err(explain_bad_line(text)),
    }
}

/// Why `text` is not a decision: the first fault, with its field path.
fn explain_bad_line(text: &str) -> LineError {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let result: Result<Decision, _> = serde_path_to_error::deserialize(&mut deserializer);
    match result {
        Err(error) => {
            let path = error.path().to_string();
            let cut_short = error.inner().classify() == serde_json::error::Category::Eof;
            let whole_line = path == "." || cut_short;
            LineError {
                path: (!whole_line).then_some(path),
                message: describe_json_error(error.inner()),
            }
        }
        Ok(_) => match deserializer.end() {
            Err(error) => LineError::whole_line(format!(
                "unexpected text after the JSON object (column {})",
                error.column()
            )),
            // Both parsers read the same grammar; a line cannot fail one and pass the other.
            Ok(()) => LineError::whole_line("not a valid decision"),
        },
    }
}

/// serde_json says "at line 1 column 57"; within a batch the line is ours to number, so only
/// the column is kept.
fn describe_json_error(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let message = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(head, _)| head);
    let message = match error.classify() {
        serde_json::error::Category::Eof => "the JSON object is cut short".to_owned(),
        serde_json::error::Category::Syntax => format!("malformed JSON: {message}"),
        _ => message.to_owned(),
    };
    if error.column() > 0 {
        format!("{message} (column {})", error.column())
    } else {
        message
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;

    const GOOD: &str = r#"{"schema":"berkut.decision/1","source":"RU","authority":"MVD","ref":"RU-MVD-2024-0012345","revision":1,"kind":"administrative","category":"unpaid_fine","status":"final","decided_on":"2024-03-01","ban_until":null,"legal_basis":"CoAO RF art. 18.8","fine":{"amount":"5000.00","currency":"RUB","paid":false},"person":{"names":[{"family":"Абдуллаев","given":"Бахтиёр","patronymic":"Рустамович"},{"family":"ABDULLAYEV","given":"BAXTIYOR"}],"birth_date":"1990-05-17","sex":"M","citizenship":["UZ"],"documents":[{"type":"passport","country":"UZB","number":"FA1234567","expires_on":"2030-01-01"}]}}"#;

    /// Replaces `from` by `to` in the good line, parses it and compares the outcome.
    fn check(from: &str, to: &str, expect: Expect) {
        assert!(GOOD.contains(from), "{from} is not in the sample line");
        let line = GOOD.replacen(from, to, 1);
        let actual = match parse_decision_line(line.as_bytes()) {
            Ok(decision) => format!("ok {}", decision.id()),
            Err(error) => format!("error {error}"),
        };
        expect.assert_eq(&actual);
    }

    #[test]
    fn the_specification_example_parses() {
        let decision = parse_decision_line(GOOD.as_bytes()).unwrap();
        assert_eq!(decision.id().to_string(), "RU/RU-MVD-2024-0012345");
        assert_eq!(decision.person.names.len(), 2);
        assert_eq!(
            decision.person.birth_date.unwrap().to_string(),
            "1990-05-17"
        );
    }

    #[test]
    fn unknown_fields_are_ignored() {
        check(
            r#""ban_until":null"#,
            r#""ban_until":null,"court":{"x":1}"#,
            expect!["ok RU/RU-MVD-2024-0012345"],
        );
    }

    #[test]
    fn each_bad_field_is_named_with_what_was_expected() {
        check(
            r#""revision":1"#,
            r#""revision":0"#,
            expect![
                "error revision: expected a revision number from 1 to 4294967295, got 0 (column 102)"
            ],
        );
        check(
            r#""revision":1"#,
            r#""revision":"1""#,
            expect![[
                r#"error revision: invalid type: string "1", expected a revision number (an integer from 1) (column 104)"#
            ]],
        );
        check(
            r#""status":"final""#,
            r#""status":"closed""#,
            expect![
                "error status: unknown variant `closed`, expected one of `pending`, `final`, `executed`, `revoked` (column 169)"
            ],
        );
        check(
            r#""decided_on":"2024-03-01""#,
            r#""decided_on":"2023-02-30""#,
            expect![[
                r#"error decided_on: "2023-02-30" is not a day of the calendar (column 194)"#
            ]],
        );
        check(
            r#""birth_date":"1990-05-17""#,
            r#""birth_date":"1990-02-30""#,
            expect![[
                r#"error person.birth_date: "1990-02-30" is not a day of the calendar (column 485)"#
            ]],
        );
        check(
            r#""ref":"RU-MVD-2024-0012345","#,
            "",
            expect!["error missing field `ref` (column 587)"],
        );
        check(
            r#""schema":"berkut.decision/1""#,
            r#""schema":"berkut.decision/9""#,
            expect![[
                r#"error schema: expected "berkut.decision/1", got "berkut.decision/9" (column 29)"#
            ]],
        );
        check(
            r#""number":"FA1234567""#,
            r#""number":17"#,
            expect![
                "error person.documents[0].number: invalid type: integer `17`, expected a string (column 576)"
            ],
        );
        check(
            r#"{"family":"ABDULLAYEV","given":"BAXTIYOR"}"#,
            r#"{"given":"BAXTIYOR"}"#,
            expect!["error person.names[1]: missing field `family` (column 436)"],
        );
        check(
            r#""citizenship":["UZ"]"#,
            r#""citizenship":["Uzbekistan"]"#,
            expect![[
                r#"error person.citizenship[0]: expected an ISO 3166-1 alpha-2 country code (two capital letters), got "Uzbekistan" (column 524)"#
            ]],
        );
    }

    #[test]
    fn lines_that_are_not_decision_objects_are_rejected() {
        for (line, expected) in [
            (
                "[1,2]",
                "expected a JSON object (one decision per line), found an array",
            ),
            (
                "42",
                "expected a JSON object (one decision per line), found a number",
            ),
            ("{\"schema\":", "the JSON object is cut short (column 10)"),
            (r#"{"a":1} {"b":2}"#, "missing field `schema` (column 7)"),
        ] {
            assert_eq!(
                parse_decision_line(line.as_bytes())
                    .unwrap_err()
                    .to_string(),
                expected
            );
        }
        let invalid_utf8 = b"{\"schema\":\"\xff\"}";
        assert_eq!(
            parse_decision_line(invalid_utf8).unwrap_err().to_string(),
            "not valid UTF-8 (first bad byte at offset 11)"
        );
    }

    #[test]
    fn text_after_the_object_is_rejected() {
        let line = format!("{GOOD} x");
        assert_eq!(
            parse_decision_line(line.as_bytes())
                .unwrap_err()
                .to_string(),
            format!(
                "unexpected text after the JSON object (column {})",
                GOOD.len() + 2
            )
        );
    }
}
