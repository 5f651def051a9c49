#!/usr/bin/env python3
"""Writes a wrk Lua script that POSTs border checks chosen in turn from N generated travelers:
half are registry persons (their first spelling, birth date and document, so they hit), half
are strangers with names of the same shapes (so they mostly do not).

Usage: make_requests.py REGISTRY.jsonl TOKEN CHECKPOINT OUT.lua [N]
"""
import json
import random
import sys

registry, token, checkpoint, out = sys.argv[1:5]
n = int(sys.argv[5]) if len(sys.argv) > 5 else 2000
rng = random.Random(20261121)

persons = []
with open(registry, encoding="utf-8") as lines:
    for i, line in enumerate(lines):
        if i % 97 == 0:
            persons.append(json.loads(line)["person"])
        if len(persons) >= n:
            break

bodies = []
for i in range(n):
    if i % 2 == 0:
        p = rng.choice(persons)
        name = p["names"][0]
        body = {"checkpoint": checkpoint, "family": name["family"]}
        if name.get("given"):
            body["given"] = name["given"]
        if p.get("birth_date"):
            body["birth_date"] = p["birth_date"]
        docs = p.get("documents") or []
        if docs:
            body["document"] = {"number": docs[0]["number"], "country": docs[0]["country"],
                                "expires_on": "2031-01-01"}
    else:
        body = {"checkpoint": checkpoint, "family": "STRANGER%05d" % i, "given": "ALIBEK",
                "birth_date": "19%02d-%02d-%02d" % (rng.randint(50, 99), rng.randint(1, 12), rng.randint(1, 28)),
                "document": {"number": "N%08d" % i, "country": "KAZ", "expires_on": "2031-01-01"}}
    bodies.append(json.dumps(body, ensure_ascii=False))

with open(out, "w", encoding="utf-8") as f:
    f.write('wrk.method = "POST"\n')
    f.write('wrk.headers["Content-Type"] = "application/json"\n')
    f.write('wrk.headers["Authorization"] = "Bearer %s"\n' % token)
    f.write("local bodies = {\n")
    for b in bodies:
        f.write("  [==[%s]==],\n" % b)
    f.write("}\nlocal i = 0\n")
    f.write("request = function()\n  i = i + 1\n  return wrk.format(nil, nil, nil, bodies[(i % #bodies) + 1])\nend\n")
    f.write("""
done = function(summary, latency, requests)
  io.write(string.format("requests %d, errors connect %d read %d write %d status %d timeout %d\\n",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
  for _, p in pairs({50, 90, 99, 99.9}) do
    io.write(string.format("p%g %.2f ms\\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("rate %.0f/s\\n", summary.requests / (summary.duration / 1e6)))
end
""")
