"""Measure the per-author surname check of `verify` (CP501 author-spelling/-diacritics)
offline, on real author lists: the corpus bibs and the 10,000-entry IRIDIA bib.

No registry is asked: each entry is compared with records built from its own authors, the
way the registries write them, so every finding on an unchanged list is a false alarm:

- silent: the list as Crossref gives it (family + given), as OpenAlex gives it (display
  "Given von Last"), with every mark stripped (an ASCII registry), in shuffled order;
- recall: one surname of 4+ letters changed by one edit (transposition, dropped or doubled
  letter, substitution): it must be reported at its position with the registry's spelling
  (by design, under 6 letters only transpositions and doubled letters are);
- other people: an entry against the record of another entry with the same first author
  and year-distinct co-authors; a spelling finding there pairs two different co-authors.

The time printed last is that of the comparisons (the bibs are loaded before it starts);
beside it, the peak RSS over the same span (bench/memory.py: this process's VmHWM, reset
when the comparisons start; the loaded entries are in it).

    python bench/bench_authors.py [--seed 7]
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from memory import Peak  # noqa: E402

from citeproof.bib.loader import load  # noqa: E402
from citeproof.model import Entry  # noqa: E402
from citeproof.online.match import ANY_EDIT_FROM, compare  # noqa: E402
from citeproof.online.results import Record  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
PER_AUTHOR = ("author-spelling", "author-diacritics")


def bibs() -> list[Path]:
    return sorted(CORPUS.glob("real/*/references.bib")) + sorted(CORPUS.glob("bigbib/*.bib"))


def people(entry: Entry) -> list:
    return [n for n in entry.names if not n.literal and n.last]


def record(entry: Entry, style: str, rng: random.Random) -> Record:
    names = people(entry)
    if style == "shuffled":
        names = rng.sample(names, len(names))
    if style == "openalex":
        authors = tuple(" ".join(p for p in (n.first, n.family) if p) for n in names)
        return Record("OpenAlex", None, entry.title, authors=authors)
    families = tuple(n.family for n in names)
    if style == "ascii":
        families = tuple(strip(f) for f in families)
    return Record(
        "Crossref", None, entry.title, authors=families, given=tuple(n.first for n in names)
    )


def strip(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def misspell(surname: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(surname) - 1)
    kind = rng.choice(["swap", "drop", "double", "substitute"])
    if kind == "swap":
        return surname[:i] + surname[i + 1] + surname[i] + surname[i + 2 :]
    if kind == "drop":
        return surname[:i] + surname[i + 1 :]
    if kind == "double":
        return surname[:i] + surname[i] + surname[i:]
    letter = rng.choice([c for c in "aeioulnrst" if c != surname[i]])
    return surname[:i] + letter + surname[i + 1 :]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    entries = [
        e
        for path in bibs()
        for e in load(str(path)).entries
        if e.names_role == "author" and people(e)
    ]
    peak = Peak()
    with peak.measure():
        started = time.perf_counter()
        silent: Counter[str] = Counter()
        alarms: list[str] = []
        for style in ("crossref", "openalex", "ascii", "shuffled"):
            for e in entries:
                found = [m for m in compare(e, record(e, style, rng)) if m.field in PER_AUTHOR]
                silent[style] += not found
                alarms.extend(f"{style}: {e.key}: {m.ours!r} -> {m.theirs!r}" for m in found)
        hits = tried = 0
        long_hits = long_tried = 0
        misses: list[str] = []
        for e in entries:
            names = people(e)
            candidates = [i for i, n in enumerate(names) if len(n.last) >= 4 and n.last.isalpha()]
            if not candidates:
                continue
            i = rng.choice(candidates)
            wrong = misspell(names[i].last, rng)
            if wrong.casefold() == names[i].last.casefold():
                continue
            changed = replace(
                e, names=tuple(replace(n, last=wrong) if n is names[i] else n for n in e.names)
            )
            tried += 1
            found = [
                (m.position, m.theirs)
                for m in compare(changed, record(e, "crossref", rng))
                if m.field in PER_AUTHOR
            ]
            position = e.names.index(names[i]) + 1
            long = len(names[i].last) >= ANY_EDIT_FROM and len(wrong) >= ANY_EDIT_FROM
            long_tried += long
            if (position, names[i].family) in found:
                hits += 1
                long_hits += long
            else:
                misses.append(f"{e.key}: {wrong!r} for {names[i].last!r} -> {found}")
        by_first: dict[str, list[Entry]] = defaultdict(list)
        for e in entries:
            by_first[people(e)[0].family.casefold()].append(e)
        pairs = others = 0
        other_alarms: list[str] = []
        for group in by_first.values():
            for a, b in itertools.pairwise(group):
                if [n.family for n in people(a)] == [n.family for n in people(b)]:
                    continue
                pairs += 1
                found = [m for m in compare(a, record(b, "crossref", rng)) if m.field in PER_AUTHOR]
                others += bool(found)
                other_alarms.extend(
                    f"{a.key} vs {b.key}: {m.ours!r} -> {m.theirs!r}" for m in found
                )
        seconds = time.perf_counter() - started
    print(f"{len(entries)} entries with person authors from {len(bibs())} bibs")
    for style, count in silent.items():
        print(f"silent on unchanged list ({style}): {count}/{len(entries)}")
    for line in alarms[:15]:
        print("  alarm", line)
    print(f"recall on one planted edit: {hits}/{tried} ({hits / max(tried, 1):.1%})")
    print(
        f"  of which both spellings {ANY_EDIT_FROM}+ letters: {long_hits}/{long_tried} "
        f"({long_hits / max(long_tried, 1):.1%}); shorter ones report only kept-letter slips"
    )
    for line in misses[:10]:
        print("  miss", line)
    print(f"same first author, other co-authors: {others}/{pairs} pairs with a finding")
    for line in other_alarms[:15]:
        print("  other", line)
    print(f"{seconds:.1f} s; peak RSS {peak} (the entries of every bib loaded, then compared)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
