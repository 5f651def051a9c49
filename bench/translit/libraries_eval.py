#!/usr/bin/env python3
"""Berkut's recall and false hits against names transliterated by published libraries.

Berkut's own evaluation set (`berkut-bench --bin eval`) spells names by Berkut's own
generator, so it can only test what its authors thought of. This benchmark spells the registry's
Cyrillic names by libraries written by others, every scheme they offer: iuliia (ICAO 9303, MVD
310 and 782, GOST 7.79, GOST 16876, GOST 52535, ISO 9, BGN/PCGN, ALA-LC, BS 2979, UNGEGN,
scientific, Telegram, Yandex, Wikipedia, Mosmetro, Uzbek), cyrtranslit (Russian, Tajik,
Mongolian, Ukrainian and others), ICU's transforms (Any-Latin, with and without Latin-ASCII, and
the BGN/PCGN ones for Russian, Kazakh and Kirghiz), transliterate (Russian, Ukrainian,
Bulgarian, Mongolian, Macedonian, Serbian), Unidecode, anyascii, and
alifbo (Uzbek Cyrillic to the Uzbek Latin alphabets: the one in use, with oʻ gʻ sh ch, and the
2026 one, with ö ğ ş ç), and from npm (when BERKUT_TRANSLIT_NODE names a copy of
libraries.mjs beside its node_modules, as run.sh makes it) transliteration,
@sindresorhus/transliterate and cyrillic-to-translit-js. Nothing here is used by Berkut itself.

    libraries_eval.py queries BATCH QUERIES LABELS [--per-scheme N] [--random N] [--seed S]
    libraries_eval.py report LABELS SCREENED

`queries` reads a decision batch (JSON Lines, exchange format), picks registry persons whose
first name entry is Cyrillic, and writes one `berkut screen` input line per person and scheme
(the name as the library spells it, upper-cased as a passport prints it, the birth date, sex
and nationality, no document: the names and the date must do the work). It also writes random
travelers: a family name of one registry person and a given name of another, with a random
birth date, spelled by each scheme. `report` compares `berkut screen`'s output with the labels
and prints recall per scheme (any band, and strong), and false hits on random travelers.
"""

import argparse
import collections
import json
import random
import os
import re
import subprocess
import sys
from datetime import date, timedelta

import alifbo
import anyascii
import cyrtranslit
import icu
import iuliia
import text_unidecode
import trans
import transliterate
import unidecode
from pytils import translit as pytils_translit

CYRILLIC = re.compile(r"[\u0400-\u04ff]")


class NodeScheme:
    """A scheme of an npm library: one `node libraries.mjs SCHEME` process, a name a line."""

    def __init__(self, script, scheme):
        self.process = subprocess.Popen(
            ["node", script, scheme],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )

    def __call__(self, text):
        self.process.stdin.write(text.replace("\n", " ") + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().rstrip("\n")


def schemes():
    """Every spelling this benchmark tries: name -> function from Cyrillic text to Latin."""
    out = {}
    for name in sorted(iuliia.__all__):
        schema = getattr(iuliia, name)
        if hasattr(schema, "translate") and not isinstance(schema, type):
            out[f"iuliia/{name.lower()}"] = schema.translate
    for language in ["ru", "tj", "mn", "ua", "by", "bg"]:
        out[f"cyrtranslit/{language}"] = lambda s, l=language: cyrtranslit.to_latin(s, l)
    for transform in [
        "Any-Latin",
        "Any-Latin; Latin-ASCII",
        "Russian-Latin/BGN",
        "Kazakh-Latin/BGN",
        "Kirghiz-Latin/BGN",
    ]:
        icu_transform = icu.Transliterator.createInstance(transform)
        out[f"icu/{transform.lower().replace('; ', '+')}"] = icu_transform.transliterate
    out["transliterate/ru"] = lambda s: transliterate.translit(s, "ru", reversed=True)
    out["unidecode"] = unidecode.unidecode
    out["anyascii"] = anyascii.anyascii
    out["alifbo/latin_2026"] = lambda s: alifbo.from_cyrillic(s).text
    out["alifbo/latin"] = lambda s: alifbo.to_old_latin(alifbo.from_cyrillic(s).text).text
    script = os.environ.get("BERKUT_TRANSLIT_NODE")
    if script:
        listed = subprocess.run(
            ["node", script, "--list"], check=True, capture_output=True, text=True
        )
        for scheme in listed.stdout.split():
            out[f"npm/{scheme}"] = NodeScheme(script, scheme)
    # Last, so that the schemes above keep their random draws: pytils (Russian letters only:
    # a name with Kazakh, Uzbek or Tajik letters is an error, and that traveler is left out),
    # text-unidecode, and trans.
    out["pytils"] = pytils_translit.translify
    out["text_unidecode"] = text_unidecode.unidecode
    out["trans"] = trans.trans
    # transliterate's other Cyrillic languages, applied to the registry's names as to Russian
    # ones (a letter a language lacks stays Cyrillic inside the Latin, as its tables leave it).
    for language in ["uk", "bg", "mn", "mk", "sr"]:
        out[f"transliterate/{language}"] = lambda s, l=language: transliterate.translit(
            s, l, reversed=True
        )
    return out


def persons_of(batch_path):
    """Registry persons of a batch with the references of their decisions still in force.

    A later revision of a decision replaces the earlier one; a person whose every decision is
    revoked is no longer sought, so is left out.
    """
    persons = {}
    status = {}
    with open(batch_path, encoding="utf-8") as batch:
        for line in batch:
            decision = json.loads(line)
            person = decision["person"]
            key = json.dumps(person, sort_keys=True, ensure_ascii=False)
            ref = decision["ref"]
            persons.setdefault(key, (person, set()))[1].add(ref)
            status[ref] = decision["status"]
    out = []
    for person, refs in persons.values():
        in_force = sorted(r for r in refs if status[r] != "revoked")
        if in_force:
            out.append((person, in_force))
    return out


def full_birth_date(known, rng):
    """A traveler's full birth date agreeing with what the record knows of it (a `01-01`
    placeholder knows only the year)."""
    parts = [int(p) for p in known.split("-")] if known else []
    if len(parts) == 3 and parts[1:] != [1, 1]:
        return known
    if len(parts) == 2:
        return date(parts[0], parts[1], 1 + rng.randrange(28)).isoformat()
    year = parts[0] if parts else rng.randrange(1955, 2007)
    return (date(year, 1, 1) + timedelta(days=rng.randrange(365))).isoformat()


def query_line(query_id, spell, family, given, birth_date, person):
    line = {
        "id": query_id,
        "family": spell(family).upper(),
        "given": spell(given).upper(),
        "birth_date": birth_date,
    }
    if person.get("sex"):
        line["sex"] = person["sex"]
    documents = person.get("documents") or []
    if documents and documents[0].get("country"):
        line["nationality"] = documents[0]["country"]
    return line


def spelled(*args):
    """A `query_line`, or None when the library cannot spell the name (pytils refuses letters
    outside the Russian alphabet); the caller has drawn its random numbers already."""
    try:
        return query_line(*args)
    except ValueError:
        return None


def make_queries(args):
    rng = random.Random(args.seed)
    persons = [
        (person, refs)
        for person, refs in persons_of(args.batch)
        if person.get("names") and CYRILLIC.search(person["names"][0].get("family", ""))
        and person["names"][0].get("given")
    ]
    if not persons:
        sys.exit("no registry person with a Cyrillic name in the batch")
    chosen = rng.sample(persons, min(args.per_scheme, len(persons)))
    strangers = [
        (rng.choice(persons)[0], rng.choice(persons)[0]) for _ in range(args.random)
    ]
    counts = collections.Counter()
    skipped = collections.Counter()
    with open(args.queries, "w", encoding="utf-8") as queries, open(
        args.labels, "w", encoding="utf-8"
    ) as labels:
        for scheme, spell in schemes().items():
            for person, refs in chosen:
                name = person["names"][0]
                query_id = f"L{sum(counts.values())}"
                line = spelled(
                    query_id,
                    spell,
                    name["family"],
                    name["given"],
                    full_birth_date(person.get("birth_date"), rng),
                    person,
                )
                if line is None:
                    skipped[scheme] += 1
                    continue
                queries.write(json.dumps(line, ensure_ascii=False) + "\n")
                labels.write(
                    json.dumps(
                        {
                            "id": query_id,
                            "scheme": scheme,
                            "kind": "true",
                            "refs": refs,
                            "record_date": date_kind(person.get("birth_date")),
                            "record": f'{name["family"]} {name["given"]} {person.get("birth_date", "-")}',
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
                counts[scheme] += 1
            for family_of, given_of in strangers:
                query_id = f"L{sum(counts.values())}"
                born = date(1955, 1, 1) + timedelta(days=rng.randrange(52 * 365))
                line = spelled(
                    query_id,
                    spell,
                    family_of["names"][0]["family"],
                    given_of["names"][0]["given"],
                    born.isoformat(),
                    given_of,
                )
                if line is None:
                    skipped[scheme] += 1
                    continue
                queries.write(json.dumps(line, ensure_ascii=False) + "\n")
                labels.write(
                    json.dumps({"id": query_id, "scheme": scheme, "kind": "random"}) + "\n"
                )
                counts[scheme] += 1
    print(
        f"{sum(counts.values())} queries, {len(counts)} schemes, "
        f"{len(chosen)} true travelers and {len(strangers)} random travelers per scheme"
    )
    for scheme, count in sorted(skipped.items()):
        print(f"{scheme}: {count} travelers left out (the library cannot spell their names)")


def date_kind(known):
    if not known:
        return "none"
    parts = known.split("-")
    if len(parts) == 3:
        return "placeholder" if parts[1:] == ["01", "01"] else "full"
    return "year_month" if len(parts) == 2 else "year"


def report(args):
    labels = {}
    with open(args.labels, encoding="utf-8") as f:
        for line in f:
            label = json.loads(line)
            labels[label["id"]] = label
    rows = collections.defaultdict(collections.Counter)
    misses = collections.defaultdict(list)
    with open(args.screened, encoding="utf-8") as f:
        for line in f:
            answer = json.loads(line)
            label = labels.get(answer.get("id"))
            if label is None:
                sys.exit(f"answer for an unknown query: {line.strip()}")
            row = rows[label["scheme"]]
            if "error" in answer:
                row["errors"] += 1
                continue
            hits = answer.get("hits", [])
            if label["kind"] == "true":
                refs = set(label["refs"])
                found = [
                    h for h in hits if refs & {d["ref"] for d in h.get("decisions", [])}
                ]
                row["true"] += 1
                row[f"true_{label['record_date']}"] += 1
                if found:
                    row["found"] += 1
                    row["strong"] += found[0]["band"] == "strong"
                else:
                    row[f"missed_{label['record_date']}"] += 1
                    misses[label["scheme"]].append(label["record"])
            else:
                row["random"] += 1
                row["random_hit"] += bool(hits)
                row["random_strong"] += any(h["band"] == "strong" for h in hits)
    total = collections.Counter()
    print(
        f"{'scheme':28} {'recall':>8} {'strong':>8} {'missed':>6} "
        f"{'random FP':>9} {'strong FP':>9} {'errors':>6}"
    )
    for scheme in sorted(rows):
        row = rows[scheme]
        total.update(row)
        print_row(scheme, row)
    print_row("all", total)
    print("\nrecall by what the record knows of the birth date (all schemes):")
    for kind in ["full", "year_month", "year", "placeholder", "none"]:
        seen = total[f"true_{kind}"]
        if seen:
            missed = total[f"missed_{kind}"]
            print(f"  {kind:12} {100 * (seen - missed) / seen:7.2f} %  ({missed} of {seen} missed)")
    if args.examples:
        print("\nmissed, by scheme (record as written):")
        for scheme in sorted(misses):
            print(f"  {scheme}: {', '.join(misses[scheme][: args.examples])}")


def print_row(name, row):
    def pct(part, whole):
        return f"{100 * part / whole:7.2f} %" if whole else "      -  "

    print(
        f"{name:28} {pct(row['found'], row['true'])} {pct(row['strong'], row['true'])} "
        f"{row['true'] - row['found']:6} {pct(row['random_hit'], row['random'])} "
        f"{pct(row['random_strong'], row['random'])} {row['errors']:6}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    q = commands.add_parser("queries")
    q.add_argument("batch")
    q.add_argument("queries")
    q.add_argument("labels")
    q.add_argument("--per-scheme", type=int, default=1000)
    q.add_argument("--random", type=int, default=1000)
    q.add_argument("--seed", type=int, default=20261121)
    r = commands.add_parser("report")
    r.add_argument("labels")
    r.add_argument("screened")
    r.add_argument("--examples", type=int, default=0)
    args = parser.parse_args()
    if args.command == "queries":
        make_queries(args)
    else:
        report(args)


if __name__ == "__main__":
    main()
