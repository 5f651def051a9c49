#!/usr/bin/env bash
# The service under load: border checks over HTTP on loopback against ~1 M decisions on SQLite.
#
# Usage: bench/load/run.sh [RUNS] [SECONDS] [CONNECTIONS]      (defaults 3 60 16)
# Needs target/release/berkut (cargo build --release), wrk (Debian's package) and python3.
# Writes bench-data/ (git-ignored): the registry (1.4 M generated lines = 999,160 decisions),
# its database with a checkpoint and a border_officer account, and each run's output.
# Each run: /healthz for 10 s (the baseline: HTTP and loopback only, same server, same
# moment), then checks for SECONDS; the server's own stage timings come from /metrics.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
seconds=${2:-60}
connections=${3:-16}
berkut=target/release/berkut
data=bench-data
port=8181
mkdir -p "$data"
[ -f "$data/reg1400k.jsonl" ] ||
  "$berkut" demo --write-batch "$data/reg1400k.jsonl" --decisions 1400000
if [ ! -f "$data/load.db" ]; then
  "$berkut" import --db "sqlite://$data/load.db" "$data/reg1400k.jsonl"
  "$berkut" checkpoints add --db "sqlite://$data/load.db" KZ-LOAD "Load test post"
  "$berkut" users add --db "sqlite://$data/load.db" loadtest --role border_officer \
    >"$data/load-account.txt"
fi
token=$(awk '/^token:/ { print $2 }' "$data/load-account.txt")
python3 bench/load/make_requests.py "$data/reg1400k.jsonl" "$token" KZ-LOAD "$data/checks.lua" 2000

"$berkut" serve --db "sqlite://$data/load.db" --listen "127.0.0.1:$port" >"$data/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 1
done
url="http://127.0.0.1:$port"
wrk -t1 -c"$connections" -d5s -s "$data/checks.lua" "$url/api/v1/checks" >/dev/null # warm-up
for run in $(seq 1 "$runs"); do
  wrk -t1 -c"$connections" -d10s --latency "$url/healthz" >"$data/load-$run-health.txt"
  curl -fsS "$url/metrics" >"$data/load-$run-before.txt"
  wrk -t1 -c"$connections" -d"${seconds}s" -s "$data/checks.lua" "$url/api/v1/checks" \
    >"$data/load-$run-checks.txt"
  curl -fsS "$url/metrics" >"$data/load-$run-after.txt"
  grep -E '^(rate|p99 |requests)' "$data/load-$run-checks.txt" | tr '\n' ' '
  echo
done
python3 bench/load/summary.py "$data" "$runs"
