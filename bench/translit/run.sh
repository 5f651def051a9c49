#!/usr/bin/env bash
# Recall and false hits on names spelled by published transliteration libraries.
#
#   bench/translit/run.sh [DECISIONS] [PER_SCHEME] [RANDOM]     (defaults: 200000 1000 1000)
#
# Generates a registry of DECISIONS decisions (the demo generator, its default seed), imports it
# into SQLite, spells PER_SCHEME of its persons and RANDOM random travelers by every scheme of
# the libraries in requirements.txt (installed from PyPI into a venv under bench-data/) and in
# package.json (installed from npm under bench-data/), screens
# them with `berkut screen` and prints recall and false hits per scheme.
# BERKUT_TRANSLIT_EXAMPLES=N also prints N missed records per scheme.
set -euo pipefail
cd "$(dirname "$0")/../.."
decisions=${1:-200000}
per_scheme=${2:-1000}
random=${3:-1000}
data=bench-data/translit
mkdir -p "$data"

venv="$data/venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q -r bench/translit/requirements.txt
# The npm libraries, pinned in package.json, installed beside a copy of the script that uses them.
node_dir="$data/node"
mkdir -p "$node_dir"
cp bench/translit/package.json bench/translit/libraries.mjs "$node_dir/"
(cd "$node_dir" && npm install --silent --no-audit --no-fund)
export BERKUT_TRANSLIT_NODE="$node_dir/libraries.mjs"

cargo build --release -q -p berkut
berkut=target/release/berkut
batch="$data/registry-$decisions.jsonl"
db="$data/registry-$decisions.db"
if [ ! -f "$db" ]; then
  "$berkut" demo --write-batch "$batch" --decisions "$decisions" >/dev/null
  "$berkut" import --db "sqlite://$db" "$batch" >/dev/null
fi
"$venv/bin/python" bench/translit/libraries_eval.py queries "$batch" "$data/queries.jsonl" \
  "$data/labels.jsonl" --per-scheme "$per_scheme" --random "$random"
"$berkut" screen --db "sqlite://$db" --input "$data/queries.jsonl" --output "$data/screened.jsonl"
"$venv/bin/python" bench/translit/libraries_eval.py report "$data/labels.jsonl" \
  "$data/screened.jsonl" --examples "${BERKUT_TRANSLIT_EXAMPLES:-0}"
