//! Stable fingerprints of decisions and person records.
//!
//! Both are stored (the content fingerprint with every revision, the person fingerprint as the
//! identity of a person of the registry), so they are computed over a canonical encoding defined
//! here, not with `Hash`, whose output Rust does not promise to keep. Changing this encoding
//! changes stored values and needs a migration that recomputes them.
//!
//! The encoding writes each field's text, with U+001F between fields and U+001E after each
//! repeated record (a name, a document), straight into an XXH3 hasher: no allocation.

use std::fmt::{self, Write};

use xxhash_rust::xxh3::Xxh3Default;

use crate::decision::{BanUntil, Decision};
use crate::person::{Person, Sex};

const UNIT: &str = "\u{1f}";
const RECORD: &str = "\u{1e}";

/// The fingerprint of a decision's content, unknown fields and formatting excluded: two lines
/// that say the same thing have the same fingerprint.
pub fn content_fingerprint(decision: &Decision) -> u64 {
    let mut out = Canonical(Xxh3Default::new());
    let _ = write_decision(&mut out, decision);
    out.0.digest()
}

/// The 128-bit fingerprint of a person record: identical records are one person.
pub fn person_fingerprint(person: &Person) -> u128 {
    let mut out = Canonical(Xxh3Default::new());
    let _ = write_person(&mut out, person);
    out.0.digest128()
}

struct Canonical(Xxh3Default);

impl Canonical {
    /// A text field and the separator after it.
    fn field(&mut self, text: &str) {
        self.0.update(text.as_bytes());
        self.0.update(UNIT.as_bytes());
    }

    fn end_record(&mut self) {
        self.0.update(RECORD.as_bytes());
    }
}

impl Write for Canonical {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        self.0.update(text.as_bytes());
        Ok(())
    }
}

fn write_decision(out: &mut Canonical, d: &Decision) -> fmt::Result {
    out.field(d.source.as_str());
    out.field(d.authority.as_str());
    out.field(d.reference.as_str());
    write!(out, "{}", d.revision)?;
    out.field("");
    out.field(d.kind.as_str());
    out.field(d.category.as_str());
    out.field(d.status.as_str());
    write!(out, "{}", d.decided_on)?;
    out.field("");
    match d.ban_until {
        Some(BanUntil::Date(date)) => write!(out, "{date}")?,
        Some(BanUntil::Permanent) => out.write_str("permanent")?,
        None => {}
    }
    out.field("");
    out.field(d.legal_basis.as_ref().map_or("", |b| b.as_str()));
    if let Some(fine) = &d.fine {
        out.field(fine.amount.as_str());
        out.field(fine.currency.as_str());
        out.write_str(if fine.paid { "true" } else { "false" })?;
    }
    out.end_record();
    write_person(out, &d.person)
}

fn write_person(out: &mut Canonical, person: &Person) -> fmt::Result {
    for name in &person.names {
        out.field(name.family.as_str());
        out.field(name.given.as_ref().map_or("", |p| p.as_str()));
        out.write_str(name.patronymic.as_ref().map_or("", |p| p.as_str()))?;
        out.end_record();
    }
    out.end_record();
    if let Some(birth_date) = person.birth_date {
        write!(out, "{birth_date}")?;
    }
    out.end_record();
    out.write_str(match person.sex {
        Some(Sex::Male) => "M",
        Some(Sex::Female) => "F",
        None => "",
    })?;
    out.end_record();
    for citizenship in &person.citizenship {
        out.field(citizenship.as_str());
    }
    out.end_record();
    for document in &person.documents {
        out.field(document.document_type.as_str());
        out.field(document.country.as_str());
        out.field(document.number.as_str());
        if let Some(expires) = document.expires_on {
            write!(out, "{expires}")?;
        }
        out.end_record();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_decision_line;

    const LINE: &str = r#"{"schema":"berkut.decision/1","source":"RU","authority":"MVD","ref":"R-1","revision":1,"kind":"administrative","category":"unpaid_fine","status":"final","decided_on":"2024-03-01","fine":{"amount":"5000.00","currency":"RUB","paid":false},"person":{"names":[{"family":"Абдуллаев","given":"Бахтиёр"}],"birth_date":"1990-05-17","documents":[{"type":"passport","country":"UZB","number":"FA1234567"}]}}"#;

    #[test]
    fn fingerprints_are_stable_across_versions() {
        // Stored values: if these change, stored fingerprints no longer match new ones.
        let decision = parse_decision_line(LINE.as_bytes()).unwrap();
        assert_eq!(content_fingerprint(&decision), 0x5b55_4d84_d86e_01e7);
        assert_eq!(
            person_fingerprint(&decision.person),
            0xadbc_16d4_a66d_1aa0_b4f5_85bd_4417_b4f8
        );
    }

    #[test]
    fn fingerprints_follow_content_not_formatting() {
        let a = parse_decision_line(LINE.as_bytes()).unwrap();
        let b = parse_decision_line(LINE.replace(",\"", ", \"").as_bytes()).unwrap();
        assert_eq!(content_fingerprint(&a), content_fingerprint(&b));
        for (from, to) in [
            ("5000.00", "5000.01"),
            ("false", "true"),
            ("Бахтиёр", "Бахтиер"),
            ("FA1234567", "FA1234568"),
        ] {
            let c = parse_decision_line(LINE.replace(from, to).as_bytes()).unwrap();
            assert_ne!(
                content_fingerprint(&a),
                content_fingerprint(&c),
                "{from} -> {to}"
            );
        }
        // Field boundaries count: moving text between the given name and the patronymic is a change.
        let split = parse_decision_line(
            LINE.replace(
                r#""given":"Бахтиёр""#,
                r#""given":"Бахти","patronymic":"ёр""#,
            )
            .as_bytes(),
        )
        .unwrap();
        assert_ne!(
            person_fingerprint(&a.person),
            person_fingerprint(&split.person)
        );
    }
}
