//! The full border check in process, MRZ to recorded outcome: parse the MRZ and verify its
//! check digits, check the document against the emergency declarations, search the index,
//! apply the policy, and record the check in the store (one committed INSERT each).
//!
//! `cargo run --release -p berkut-bench --bin check_speed -- sqlite://PATH [CHECKS]`
//!
//! The registry must have been generated with the demo seed (see `match_speed`); travelers are
//! the evaluation set's queries (true travelers, hard namesakes, random travelers) written as
//! TD3 passports. The run adds a checkpoint `BENCH-1` and its checks to the registry.

use std::time::Instant;

use anyhow::Context;
use berkut::check::{CheckRequest, check};
use berkut::screen::load_index;
use berkut_bench::percentiles;
use berkut_core::mrz::check_digit;
use berkut_core::policy::{Direction, Policy};
use berkut_store::{Checkpoint, Store};
use serde_json::{Value, json};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Text in MRZ letters: capitals A–Z and digits, anything else a filler.
fn mrz_letters(text: &str) -> String {
    text.chars()
        .map(|c| c.to_ascii_uppercase())
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '<' })
        .collect()
}

/// A field in MRZ letters, padded with fillers or cut to `width`.
fn mrz_field(text: &str, width: usize) -> String {
    let mut out = mrz_letters(text);
    out.truncate(width);
    while out.len() < width {
        out.push('<');
    }
    out
}

/// A TD3 passport MRZ for a query line, with correct check digits.
fn td3(query: &Value) -> Option<String> {
    let state = query["nationality"].as_str().unwrap_or("UTO");
    let name = format!(
        "{}<<{}",
        mrz_letters(query["family"].as_str()?),
        mrz_letters(query["given"].as_str().unwrap_or_default())
    );
    let line1 = format!("P<{state}{}", mrz_field(&name, 39));
    let number = mrz_field(query["document"]["number"].as_str()?, 9);
    let birth = query["birth_date"].as_str()?.replace('-', "");
    let birth = birth.get(2..8)?;
    let sex = query["sex"].as_str().unwrap_or("<");
    let expiry = "300101";
    let optional = "<".repeat(14);
    let cd = |s: &str| check_digit(s).to_string();
    let composite = format!(
        "{number}{}{birth}{}{expiry}{}{optional}{}",
        cd(&number),
        cd(birth),
        cd(expiry),
        cd(&optional)
    );
    let line2 = format!(
        "{number}{}{state}{birth}{}{sex}{expiry}{}{optional}{}{}",
        cd(&number),
        cd(birth),
        cd(expiry),
        cd(&optional),
        cd(&composite)
    );
    Some(format!("{line1}\n{line2}"))
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let url = args
        .next()
        .context("usage: check_speed sqlite://PATH [CHECKS]")?;
    let wanted: usize = args.next().map_or(Ok(5_000), |a| a.parse())?;
    let set = berkut_synth::eval::generate(
        berkut_synth::DEFAULT_SEED,
        200_000,
        wanted / 30 + 1,
        wanted / 3 + 1,
    );
    let mrzs: Vec<String> = set.queries.iter().filter_map(|q| td3(&q.query)).collect();

    let mut store = Store::open(&url)?;
    let started = Instant::now();
    let index = load_index(&mut store)?;
    println!("index build: {:.1} s", started.elapsed().as_secs_f64());
    let policy = Policy::default_policy()?;
    store.save_checkpoint(&Checkpoint {
        code: "BENCH-1".into(),
        name: "benchmark checkpoint".into(),
    })?;
    let at =
        chrono::DateTime::parse_from_rfc3339("2026-11-21T08:00:00Z")?.with_timezone(&chrono::Utc);

    // Baseline in the same run: the same MRZs parsed and searched, nothing checked or recorded.
    let day = at.date_naive();
    let mut baseline = Vec::with_capacity(wanted);
    for mrz in mrzs.iter().cycle().take(wanted) {
        let one = Instant::now();
        let line = json!({ "mrz": mrz }).to_string();
        let screened = berkut::screen::parse_traveler(&line, day)
            .map_err(|(_, e)| anyhow::anyhow!("generated MRZ {mrz} is invalid: {e}"))?;
        std::hint::black_box(index.search(&screened.traveler));
        baseline.push(one.elapsed().as_secs_f64() * 1e6);
    }
    let (base50, base99) = percentiles(&mut baseline);

    let mut micros = Vec::with_capacity(wanted);
    let mut outcomes = std::collections::BTreeMap::<String, usize>::new();
    let run = Instant::now();
    for mrz in mrzs.iter().cycle().take(wanted) {
        let request = CheckRequest {
            traveler: json!({ "mrz": mrz }),
            checkpoint: "BENCH-1".into(),
            direction: Direction::Entry,
            at,
            officer: "bench".into(),
        };
        let one = Instant::now();
        let answer = check(&mut store, &index, &policy, &request)?;
        micros.push(one.elapsed().as_secs_f64() * 1e6);
        *outcomes
            .entry(answer["outcome"].as_str().unwrap_or("?").to_owned())
            .or_default() += 1;
    }
    let total = run.elapsed().as_secs_f64();
    let (p50, p99) = percentiles(&mut micros);
    println!(
        "full check, MRZ to recorded outcome: p50 {p50:.0} µs, p99 {p99:.0} µs over {} checks ({:.0} checks/s on one thread)",
        micros.len(),
        micros.len() as f64 / total
    );
    println!(
        "baseline, MRZ parse and search only: p50 {base50:.0} µs, p99 {base99:.0} µs; full check / baseline: p50 {:.1}x, p99 {:.1}x",
        p50 / base50,
        p99 / base99
    );
    println!("outcomes: {outcomes:?}");
    Ok(())
}
