//! Writes clerks' slips into a registry batch made by `berkut demo --write-batch`, so that the
//! slip rules can be measured at a registry's real size (`match_speed` on the result): the
//! demo generator spells every record right, and a registry of millions whose names all come
//! from the generator's pools takes no record's name for a slip.
//!
//! `cargo run --release -p berkut-bench --bin slip_registry -- IN OUT PER_MILLE`
//!
//! A person is slipped when its fingerprint (`berkut_core::person_fingerprint`, the identity
//! the store gives a person record) falls under `PER_MILLE` in a thousand and, as the eval's
//! `record_typo` family asks, the record holds one spelling of the name, in Cyrillic: a
//! passport spelling beside the slip would be found as written whatever the slip. The slip (a letter dropped or doubled, as that family writes it:
//! `berkut_synth::eval::clerks_slip`) goes into the family name in every line of that person,
//! as a clerk's slip stays in a record. The fingerprint's encoding is fixed (the store keeps
//! it), so the same batch is slipped alike by any build.

use std::io::{BufRead, BufReader, BufWriter, Write};

use anyhow::{Context, bail};
use serde_json::Value;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output, per_mille] = args.as_slice() else {
        bail!("usage: slip_registry IN OUT PER_MILLE");
    };
    let per_mille: u64 = per_mille
        .parse()
        .with_context(|| format!("PER_MILLE must be a whole number, not {per_mille:?}"))?;
    let reader =
        BufReader::new(std::fs::File::open(input).with_context(|| format!("cannot open {input}"))?);
    let mut writer = BufWriter::new(
        std::fs::File::create(output).with_context(|| format!("cannot create {output}"))?,
    );
    let (mut lines, mut slipped) = (0u64, 0u64);
    let mut persons = std::collections::HashSet::new();
    for (at, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("{input}: line {}", at + 1))?;
        lines += 1;
        let mut decision: Value = serde_json::from_str(&line)
            .with_context(|| format!("{input}: line {} is not JSON", at + 1))?;
        let person = berkut_core::parse_decision_text(&line)
            .map_err(|e| anyhow::anyhow!("{input}: line {} is no decision: {e}", at + 1))?
            .person;
        // The low half of the 128 bits: as evenly spread as the whole.
        let hash = berkut_core::person_fingerprint(&person) as u64;
        let one_spelling = decision
            .pointer("/person/names")
            .and_then(Value::as_array)
            .is_some_and(|names| names.len() == 1);
        let slip = match decision.pointer_mut("/person/names/0/family") {
            Some(family) if one_spelling && hash % 1000 < per_mille => family
                .as_str()
                .filter(|name| name.chars().any(|c| matches!(c, 'А'..='я' | 'Ё' | 'ё')))
                .and_then(|name| berkut_synth::eval::clerks_slip(name, hash))
                .map(|slip| *family = Value::String(slip)),
            _ => None,
        };
        let written = match slip {
            Some(()) => {
                slipped += 1;
                persons.insert(hash);
                writeln!(writer, "{decision}")
            }
            None => writeln!(writer, "{line}"),
        };
        written.with_context(|| format!("cannot write {output}"))?;
    }
    writer
        .flush()
        .with_context(|| format!("cannot write {output}"))?;
    eprintln!(
        "{lines} lines, {slipped} of them with a clerk's slip written in ({} persons)",
        persons.len()
    );
    Ok(())
}
