#!/usr/bin/env python3
"""Medians over the runs of bench/load/run.sh, and where a check's time went (from /metrics)."""
import re
import statistics
import sys

data, runs = sys.argv[1], int(sys.argv[2])


def wrk(path):
    text = open(path).read()
    out = {}
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    out["rate"] = float(m.group(1))
    for p in ("50", "90", "99"):
        m = re.search(r"^p%s ([\d.]+) ms" % p, text, re.M) or re.search(
            r"^\s+%s%%\s+([\d.]+)(us|ms|s)" % p, text, re.M)
        if m and len(m.groups()) == 1:
            out["p" + p] = float(m.group(1))
        elif m:
            scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
            out["p" + p] = float(m.group(1)) * scale
    m = re.search(r"errors connect (\d+) read (\d+) write (\d+) status (\d+) timeout (\d+)", text)
    out["errors"] = sum(int(g) for g in m.groups()) if m else 0
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    out["errors"] += int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    out["errors"] += sum(int(g) for g in m.groups()) if m else 0
    return out


def metric(path, name):
    values = {}
    for line in open(path):
        if line.startswith(name):
            key, value = line.rsplit(" ", 1)
            values[key] = float(value)
    return values


def delta(run, name):
    before = metric(f"{data}/load-{run}-before.txt", name)
    after = metric(f"{data}/load-{run}-after.txt", name)
    return {k: v - before.get(k, 0.0) for k, v in after.items()}


checks = [wrk(f"{data}/load-{r}-checks.txt") for r in range(1, runs + 1)]
health = [wrk(f"{data}/load-{r}-health.txt") for r in range(1, runs + 1)]
med = lambda rows, key: statistics.median(row[key] for row in rows)
print(f"runs: {runs}")
for key in ("rate", "p50", "p90", "p99"):
    print(f"checks {key}: median {med(checks, key):.2f}  runs {[round(c[key], 2) for c in checks]}")
print(f"checks errors: {[c['errors'] for c in checks]}")
print(f"healthz rate: median {med(health, 'rate'):.0f}/s, p99 {med(health, 'p99'):.2f} ms")
print(f"checks/healthz rate ratio: {med(checks, 'rate') / med(health, 'rate'):.3f}")
for run in range(1, runs + 1):
    stages = delta(run, "berkut_check_stage_seconds_")
    total = delta(run, "berkut_check_duration_seconds_")
    groups = delta(run, "berkut_recorder_group_size_")
    count = total.get("berkut_check_duration_seconds_count", 0) or 1
    assess = stages.get('berkut_check_stage_seconds_sum{stage="assess"}', 0) / count * 1e3
    record = stages.get('berkut_check_stage_seconds_sum{stage="record"}', 0) / count * 1e3
    whole = total.get("berkut_check_duration_seconds_sum", 0) / count * 1e3
    jobs = groups.get("berkut_recorder_group_size_sum", 0)
    commits = groups.get("berkut_recorder_group_size_count", 0) or 1
    print(f"run {run}: server time per check {whole:.2f} ms = assess {assess:.2f} ms "
          f"(connection wait + parse + match + policy) + record {record:.2f} ms "
          f"(group commit wait); {jobs / commits:.1f} jobs per commit, "
          f"{commits / 1:.0f} commits")
