//! Shared helpers of the benchmark binaries (`eval`, `match_speed`): see BENCHMARKS.md for the
//! commands and the figures.

use berkut_core::{Decision, parse_decision_text, person_fingerprint};
use berkut_match::Index;
use std::collections::HashMap;

/// Builds an index straight from decision lines (no store), numbering persons as the store
/// would: one number per distinct person record.
pub fn index_from_lines<'a>(
    lines: impl IntoIterator<Item = &'a String>,
    table: berkut_match::FeatureTable,
) -> anyhow::Result<Index> {
    let mut index = Index::new(table);
    let mut persons: HashMap<u128, u64> = HashMap::new();
    for line in lines {
        let decision: Decision = parse_decision_text(line)
            .map_err(|e| anyhow::anyhow!("generated line does not parse: {e:?}"))?;
        let next = persons.len() as u64 + 1;
        let person = *persons
            .entry(person_fingerprint(&decision.person))
            .or_insert(next);
        index.insert(person, &decision);
    }
    index.seal();
    Ok(index)
}

/// The median and the 99th percentile of `samples` (sorted in place).
pub fn percentiles(samples: &mut [f64]) -> (f64, f64) {
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    if samples.is_empty() {
        (0.0, 0.0)
    } else {
        (at(0.5), at(0.99))
    }
}
