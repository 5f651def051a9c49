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

const UNIT: char = '\u{1f}';
const RECORD: char = '\u{1e}';

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

impl Write for Canonical {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        self.0.update(text.as_bytes());
        Ok(())
    }
}

fn write_decision(out: &mut Canonical, d: &Decision) -> fmt::Result {
    write!(
        out,
        "{}{UNIT}{}{UNIT}{}{UNIT}{}{UNIT}{}{UNIT}{}{UNIT}{}{UNIT}{}{UNIT}",
        d.source, d.authority, d.reference, d.revision, d.kind, d.category, d.status, d.decided_on
    )?;
    match d.ban_until {
        Some(BanUntil::Date(date)) => write!(out, "{date}")?,
        Some(BanUntil::Permanent) => out.write_str("permanent")?,
        None => {}
    }
    out.write_char(UNIT)?;
    if let Some(basis) = &d.legal_basis {
        out.write_str(basis.as_str())?;
    }
    out.write_char(UNIT)?;
    if let Some(fine) = &d.fine {
        write!(
            out,
            "{}{UNIT}{}{UNIT}{}",
            fine.amount, fine.currency, fine.paid
        )?;
    }
    out.write_char(RECORD)?;
    write_person(out, &d.person)
}

fn write_person(out: &mut Canonical, person: &Person) -> fmt::Result {
    let part = |p: &Option<crate::NamePart>| p.as_ref().map_or("", |p| p.as_str()).to_owned();
    for name in &person.names {
        write!(
            out,
            "{}{UNIT}{}{UNIT}{}{RECORD}",
            name.family,
            part(&name.given),
            part(&name.patronymic)
        )?;
    }
    out.write_char(RECORD)?;
    if let Some(birth_date) = person.birth_date {
        write!(out, "{birth_date}")?;
    }
    let sex = match person.sex {
        Some(Sex::Male) => "M",
        Some(Sex::Female) => "F",
        None => "",
    };
    write!(out, "{RECORD}{sex}{RECORD}")?;
    for citizenship in &person.citizenship {
        write!(out, "{citizenship}{UNIT}")?;
    }
    out.write_char(RECORD)?;
    for document in &person.documents {
        write!(
            out,
            "{}{UNIT}{}{UNIT}{}{UNIT}",
            document.document_type, document.country, document.number
        )?;
        if let Some(expires) = document.expires_on {
            write!(out, "{expires}")?;
        }
        out.write_char(RECORD)?;
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
