"""Time the name-variant pass (CP301) on a ~200,000-word article against the whole check.

The article reuses the sample's sentences and names and adds thousands of generated names
(with given names, diacritics, hyphenated compounds and a sprinkling of real variants:
dropped diacritics, I/l swaps, doubled letters), so blocking is exercised at scale.

    python bench/bench_names.py [--words 200000] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from citeproof import namevariants as nv  # noqa: E402
from citeproof.api import check_texts  # noqa: E402
from citeproof.config import Config  # noqa: E402
from citeproof.reflist import find_reference_list  # noqa: E402

SAMPLE = ROOT / "article" / "rutte-nato.txt"
BIB = ROOT / "references.bib"
ONSETS = ["b", "br", "d", "dr", "g", "h", "k", "kr", "l", "m", "n", "p", "r", "s", "sz", "t",
          "v", "w", "z", "ch", "st", "j"]
VOWELS = ["a", "e", "i", "o", "u", "á", "é", "ö", "ü", "ă", "ę", "ay", "ei"]
CODAS = ["", "n", "r", "s", "k", "l", "m", "t", "sk", "rt", "ns", "lt"]
ENDINGS = ["", "son", "sen", "ski", "escu", "ović", "ini", "ez", "berg", "mann", "ova", "ides"]
GIVEN = ["Anna", "Jens", "Klaus", "Maria", "Peter", "Kaja", "Viktor", "Ana", "Jan", "Eva",
         "Mark", "Laura", "Stuart", "Mitra", "Clare", "Joel", "Andrew", "Boldizsar", "Ilse"]


def surname(rng: random.Random) -> str:
    """Make a plausible foreign-looking surname."""
    syllables = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)
                        for _ in range(rng.randint(1, 3)))
    name = (syllables + rng.choice(ENDINGS)).capitalize()
    if rng.random() < 0.05:
        name += "-" + surname(rng)
    return name


def mistype(name: str, rng: random.Random) -> str:
    """Return one of the slips CP301 exists to catch."""
    plain = nv.strip_marks(name)
    if plain != name and rng.random() < 0.5:
        return plain
    if name.startswith("I"):
        return "L" + name[1:]
    index = rng.randint(1, max(1, len(name) - 3))
    return name[:index] + name[index] + name[index:]


def article(words: int, seed: int) -> str:
    """Build a ~`words`-word article from the sample's sentences with many names swapped in."""
    rng = random.Random(seed)
    sample = SAMPLE.read_text(encoding="utf-8")
    body = sample.split("\n\nGray, Andrew")[0]
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", body) if len(s.split()) > 5]
    people = [(rng.choice(GIVEN), surname(rng)) for _ in range(6000)]
    paragraphs: list[str] = []
    count = 0
    while count < words:
        paragraph = []
        for _ in range(rng.randint(3, 7)):
            sentence = rng.choice(sentences)
            given, family = rng.choice(people)
            if rng.random() < 0.01:
                family = mistype(family, rng)
            sentence = sentence.replace("Mark Rutte", f"{given} {family}", 1)
            sentence = sentence.replace("Rutte", family, 1)
            if rng.random() < 0.3:
                other = rng.choice(people)
                sentence += f" {other[0]} {other[1]} agreed."
            paragraph.append(sentence)
            count += len(sentence.split())
        paragraphs.append(" ".join(paragraph))
    references = sample[sample.index("Gray, Andrew") :]
    return "\n\n".join(paragraphs) + "\n\n" + references


def time_names(text: str, bib: str) -> tuple[float, int]:
    """Time the CP301 pass alone: scan the article and the bib, group, choose, report."""
    from citeproof import bibliography
    from citeproof.document import from_text

    document = from_text("bench.txt", text)
    entries = bibliography.parse(bib, "references.bib").entries
    started = time.perf_counter()
    scan = nv.scan_article(document.masked, find_reference_list(document))
    evidence = nv.scan_bibliography(entries)
    variants = nv.find_name_variants(scan, evidence)
    return time.perf_counter() - started, len(variants)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    text = article(options.words, options.seed)
    bib = BIB.read_text(encoding="utf-8")
    print(f"article: {len(text.split()):,} words, {len(text):,} characters")
    names_seconds, found = time_names(text, bib)
    print(f"name-variant pass (CP301): {names_seconds:.2f} s, {found} variants")
    started = time.perf_counter()
    checked = check_texts(text, bib, Config())
    whole = time.perf_counter() - started
    print(f"whole check (default rules, CP301 included): {whole:.2f} s, "
          f"{len(checked.report.diagnostics)} diagnostics")
    print(f"CP301 share of the whole check: {names_seconds / whole:.0%}")


if __name__ == "__main__":
    main()
