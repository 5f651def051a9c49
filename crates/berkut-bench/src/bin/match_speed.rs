//! Speed and memory of the matching engine on a registry in a store: index build time, index
//! memory (RSS growth and the index's own count), one-query latency in process (p50, p99), and
//! batch screening throughput on every core.
//!
//! `cargo run --release -p berkut-bench --bin match_speed -- sqlite://PATH [QUERIES]`
//!
//! The registry must have been generated with the demo seed (`berkut demo --write-batch F
//! --decisions N` then `berkut import`): the queries are made from the first 200,000 lines of
//! that seed (true travelers of every variant family, hard namesakes, random travelers), so
//! that they meet the registry the way real traffic would. One family does not: the clerks'
//! slips of `record_typo` are written into the eval's own registry, not into the store's, so
//! here those travelers meet their records spelled right.
//!
//! RSS is read around the build, before the queries are made: the build would otherwise reuse
//! what their generation freed and look smaller. What the build itself frees, mimalloc keeps
//! resident for its purge delay (one second; `MIMALLOC_PURGE_DELAY=0` returns it at once), so
//! RSS is read again once the index has served the one-query run.

use std::time::Instant;

use anyhow::Context;
use berkut::screen::{load_index, parse_traveler, screen_stream};
use berkut_bench::percentiles;
use berkut_store::Store;
use chrono::NaiveDate;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How many times batch screening is timed.
const SCREENING_RUNS: usize = 5;

fn rss_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let url = args
        .next()
        .context("usage: match_speed sqlite://PATH [QUERIES]")?;
    let wanted: usize = args.next().map_or(Ok(100_000), |a| a.parse())?;
    let today = NaiveDate::from_ymd_opt(2026, 11, 21).context("date")?;

    let before = rss_bytes();
    let started = Instant::now();
    let mut store = Store::open(&url)?;
    let index = load_index(&mut store)?;
    let policy = berkut_core::policy::Policy::default_policy()?;
    drop(store);
    let build = started.elapsed().as_secs_f64();
    let after = rss_bytes();
    // The queries after the build, so that neither their memory nor what their generation
    // left free in the heap (which the build would reuse) is counted, one way or the other,
    // as the index's.
    let per_family = wanted / 30;
    let set =
        berkut_synth::eval::generate(berkut_synth::DEFAULT_SEED, 200_000, per_family, wanted / 3);
    let lines: Vec<String> = set.queries.iter().map(|q| q.query.to_string()).collect();
    // Which queries are random travelers (persons the registry does not hold): any hit of
    // theirs is a false hit, counted at this registry's size.
    let random: Vec<bool> = set
        .queries
        .iter()
        .map(|q| q.kind == berkut_synth::eval::RANDOM_TRAVELER)
        .collect();
    drop(set);
    let stats = index.stats();
    println!(
        "index build: {build:.1} s for {} decisions ({} persons, {} keys, {} postings)",
        stats.decisions, stats.persons, stats.keys, stats.postings
    );
    println!(
        "index memory: RSS +{:.0} MiB = {:.0} bytes/decision; own arrays {:.0} MiB = {:.0} bytes/decision",
        (after.saturating_sub(before)) as f64 / 1048576.0,
        after.saturating_sub(before) as f64 / stats.decisions.max(1) as f64,
        stats.heap_bytes as f64 / 1048576.0,
        stats.heap_bytes as f64 / stats.decisions.max(1) as f64
    );

    // One query at a time, in process: traveler folded and searched, explanation included.
    let mut micros = Vec::with_capacity(lines.len());
    let mut hits = 0usize;
    let mut candidates = 0usize;
    let mut random_with_a_hit = 0usize;
    for (line, &is_random_traveler) in lines.iter().zip(&random) {
        let t = Instant::now();
        let screened = parse_traveler(line, today).map_err(|(_, e)| anyhow::anyhow!(e))?;
        let found = index.search(&screened.traveler).len();
        hits += found;
        random_with_a_hit += usize::from(is_random_traveler && found > 0);
        micros.push(t.elapsed().as_secs_f64() * 1e6);
        candidates += index.candidate_count(&screened.traveler);
    }
    // Memory once the index has served: what the build freed, mimalloc returns to the system
    // only after its purge delay (one second), when a thread next frees a page, so RSS right
    // after the build still holds it. This reading also counts the queries' own lines.
    let serving = rss_bytes();
    println!(
        "index memory once serving (after the one-query run, the queries' lines included): RSS +{:.0} MiB = {:.0} bytes/decision",
        serving.saturating_sub(before) as f64 / 1048576.0,
        serving.saturating_sub(before) as f64 / stats.decisions.max(1) as f64
    );
    let (p50, p99) = percentiles(&mut micros);
    println!(
        "one query: p50 {p50:.1} µs, p99 {p99:.1} µs over {} queries ({:.1} candidates and {:.2} hits a query, {hits} hits in all)",
        lines.len(),
        candidates as f64 / lines.len() as f64,
        hits as f64 / lines.len() as f64
    );
    let randoms = random.iter().filter(|&&r| r).count();
    println!(
        "random travelers with a hit (false hits, either band): {random_with_a_hit} of {randoms} ({:.2} %)",
        100.0 * random_with_a_hit as f64 / randoms.max(1) as f64
    );

    // Batch screening: JSON Lines in, JSON Lines out, every core, `SCREENING_RUNS` runs (the
    // machine's speed drifts by a third from minute to minute: a median of several is steadier).
    // Each run is paired with a baseline on the same lines and threads (read each line as
    // JSON, write a line back), so that a noisy machine shows in both. The baseline runs no
    // code of the matcher: until 2026-12-07 it read each traveler with `parse_traveler`, which
    // folds the names, so a faster fold raised the baseline and lowered the ratio of a faster
    // matcher.
    let input = lines.join("\n");
    let mut runs = Vec::new();
    let mut baselines = Vec::new();
    for _ in 0..SCREENING_RUNS {
        let t = Instant::now();
        let echoed: usize = {
            use rayon::prelude::*;
            lines
                .par_iter()
                .map(|line| {
                    serde_json::from_str::<serde_json::Value>(line)
                        .map(|read| {
                            serde_json::json!({"id": read.get("id"), "outcome": "admit"})
                                .to_string()
                        })
                        .map_or(0, |out| out.len())
                })
                .sum()
        };
        std::hint::black_box(echoed);
        baselines.push(lines.len() as f64 / t.elapsed().as_secs_f64());
        let t = Instant::now();
        let summary = screen_stream(
            &index,
            &policy,
            input.as_bytes(),
            std::io::sink(),
            today,
            &|_| {},
        )?;
        runs.push(summary.travelers as f64 / t.elapsed().as_secs_f64());
    }
    let each: Vec<String> = runs.iter().map(|r| format!("{r:.0}")).collect();
    let mut ratios: Vec<f64> = runs.iter().zip(&baselines).map(|(r, b)| r / b).collect();
    let (median, _) = percentiles(&mut runs);
    let (baseline, _) = percentiles(&mut baselines);
    let (ratio, _) = percentiles(&mut ratios);
    println!(
        "batch screening: {median:.0} travelers/s (median of {SCREENING_RUNS} runs of {}: {}); baseline (JSON read and written, no matching) {baseline:.0}/s; screening/baseline {ratio:.4}",
        lines.len(),
        each.join(", ")
    );
    Ok(())
}
