#!/usr/bin/env bash
# Import benchmark: 1 M generated decisions into SQLite and into PostgreSQL.
#
#   bench/import.sh [DECISIONS] [RUNS]        (defaults: 1000000 3)
#
# Each run starts from an empty database. The baseline, measured in the same session, is
# `berkut import --dry-run` on the same file: reading, hashing and validating every line with
# nothing stored, i.e. the cost a store cannot go below. Reports the median of RUNS runs.
set -euo pipefail
cd "$(dirname "$0")/.."
decisions=${1:-1000000}
runs=${2:-3}
admin_url=${BERKUT_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
data=bench-data
mkdir -p "$data"
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

cargo build --release -q
berkut=target/release/berkut
batch="$data/batch-$decisions.jsonl"
[ -f "$batch" ] || "$berkut" demo --write-batch "$batch" --decisions "$decisions" >/dev/null
echo "batch: $batch ($(du -h "$batch" | cut -f1)), $decisions lines, $(nproc) cores"

# Runs "$@" once; prints "seconds max_rss_kb", or stops the benchmark if the command failed.
measure() {
  local out
  if ! out=$(/usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null); then
    echo "benchmark command failed: $*" >&2
    echo "$out" >&2
    exit 1
  fi
  tail -n 1 <<<"$out"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

report() { # name, then lines "seconds rss" on stdin
  local name=$1 results seconds rss
  results=$(cat)
  seconds=$(cut -d' ' -f1 <<<"$results" | median)
  rss=$(cut -d' ' -f2 <<<"$results" | median)
  awk -v name="$name" -v s="$seconds" -v rss="$rss" -v n="$decisions" -v runs="$(cut -d' ' -f1 <<<"$results" | tr '\n' ' ')" \
    'BEGIN { printf "%-26s median %6.2f s  %8.0f decisions/s  peak RSS %5.0f MiB  (runs: %s)\n", name, s, n / s, rss / 1024, runs }' 
}

for _ in $(seq "$runs"); do
  rm -f "$data"/dry.db "$data"/dry.db-wal "$data"/dry.db-shm
  measure "$berkut" import --dry-run --db "sqlite://$data/dry.db" "$batch"
done | report "baseline (validate only)"

for _ in $(seq "$runs"); do
  rm -f "$data"/bench.db "$data"/bench.db-wal "$data"/bench.db-shm
  measure "$berkut" import --db "sqlite://$data/bench.db" "$batch"
done | report "SQLite"

base=${admin_url%/*}
for _ in $(seq "$runs"); do
  psql "$admin_url" -qc 'DROP DATABASE IF EXISTS berkut_bench' -c 'CREATE DATABASE berkut_bench' >/dev/null
  measure "$berkut" import --db "$base/berkut_bench" "$batch"
done | report "PostgreSQL"
psql "$admin_url" -qc 'DROP DATABASE IF EXISTS berkut_bench' >/dev/null
