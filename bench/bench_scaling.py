"""How the cold check grows with the bib: entries, one huge family, one huge author list.

A script, not a test. Three series of generated (seeded) bibs, each checked with
`citeproof check ARTICLE --bib BIB --no-cache` in a fresh child process:

- entries: 1k → 100k entries of 1-4 authors whose family names follow a Zipf law over a
  pool of generated surnames (so the largest family holds thousands of people), every
  author (family, given names) distinct;
- family: one family name ("Wang") with 1k → 8k entries of distinct given names;
- co-authors: one entry with 1k → 10k distinct co-authors.

For every size it prints the CPU time of the check (imports excluded: the child times the
call to `cli.main`), the child's peak RSS, and per series the exponent k of time ∝ n^k
fitted by least squares on log-log. Run: `python bench/bench_scaling.py` (about 2-4 min),
`--quick` stops each series at a tenth of its largest size.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import subprocess
import sys
import tempfile
from pathlib import Path

# Consonant-vowel syllables: names that look alike, as real name pools do (Chen, Cheng...).
SYLLABLES = [c + v for c in "bcdfghjklmnprstwxyz" for v in "aeiou"] + ["an", "ng", "ei"]

CHILD = r"""
import io, json, sys, time, contextlib
from citeproof.cli import main
argv = json.loads(sys.argv[1])
sink = io.StringIO()
started = time.process_time()
with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(io.StringIO()):
    code = main(argv)
cpu = time.process_time() - started
# VmHWM, not ru_maxrss: Linux carries ru_maxrss across execve, so a child would report
# the peak of the (larger) parent that forked it.
status = open("/proc/self/status").read().split("VmHWM:")[1]
rss = int(status.split()[0]) / 1024
print(json.dumps({"cpu": cpu, "rss_mib": rss, "code": code}))
"""


def word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def given_names(rng: random.Random, count: int) -> list[str]:
    """`count` distinct given names (two or three syllables, sometimes a middle name)."""
    names: set[str] = set()
    ordered: list[str] = []
    while len(ordered) < count:
        name = word(rng, rng.choice((2, 2, 3)))
        if rng.random() < 0.3:
            name += " " + word(rng, 2)
        if len(names) > 0.8 * len(SYLLABLES) ** 2 or name in names:
            name += " " + word(rng, 3)  # the pool runs dry: a longer middle name
        if name not in names:
            names.add(name)
            ordered.append(name)
    return ordered


def bib_of_entries(rng: random.Random, count: int) -> str:
    """`count` entries, 1-4 authors each, families Zipf-distributed, every author distinct."""
    families = sorted({word(rng, rng.choice((1, 2, 2, 3))) for _ in range(4000)})
    weights = [1 / (rank + 1) for rank in range(len(families))]
    authors_needed = count * 5 // 2
    pool = given_names(rng, authors_needed)
    chosen = rng.choices(families, weights, k=authors_needed)
    people = [f"{family}, {given}" for family, given in zip(chosen, pool, strict=True)]
    out = []
    cursor = 0
    for number in range(count):
        size = rng.choice((1, 2, 2, 3, 4))
        authors = " and ".join(people[cursor : cursor + size])
        cursor += size
        out.append(
            f"@article{{e{number}, author = {{{authors}}}, title = {{A study of case "
            f"{number}}}, journal = {{Journal}}, year = {{{2000 + number % 25}}}}}"
        )
    return "\n".join(out) + "\n"


def bib_of_family(rng: random.Random, count: int) -> str:
    """`count` entries by one family name, each with its own given names."""
    return (
        "\n".join(
            f"@article{{w{number}, author = {{Wang, {given}}}, title = {{Study {number}}}, "
            f"journal = {{Journal}}, year = {{{2000 + number % 25}}}}}"
            for number, given in enumerate(given_names(rng, count))
        )
        + "\n"
    )


def bib_of_coauthors(rng: random.Random, count: int) -> str:
    """One entry with `count` co-authors (Zipf families, distinct given names)."""
    families = sorted({word(rng, rng.choice((1, 2, 2, 3))) for _ in range(2000)})
    weights = [1 / (rank + 1) for rank in range(len(families))]
    chosen = rng.choices(families, weights, k=count)
    authors = " and ".join(
        f"{family}, {given}" for family, given in zip(chosen, given_names(rng, count), strict=True)
    )
    return (
        f"@article{{big, author = {{{authors}}}, title = {{Observation of a collaboration}},"
        " journal = {Physical Review}, year = {2020}}\n"
        "@article{smith2020, author = {Smith, Ann}, title = {T}, year = {2020}}\n"
    )


ARTICLE = "The result is known (Smith, 2020; e0 2000).\n"


def run(bib: Path, article: Path) -> dict[str, float]:
    argv = ["check", str(article), "--bib", str(bib), "--no-cache", "-q", "--format", "concise"]
    done = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(argv)],
        capture_output=True,
        text=True,
        check=True,
        timeout=900,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def exponent(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of log(time) against log(n)."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(max(t, 1e-3)) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="each series up to a tenth")
    parser.add_argument("--json", help="write the figures to this file")
    options = parser.parse_args()
    series = {
        "entries": (bib_of_entries, [1_000, 3_000, 10_000, 30_000, 100_000]),
        "family": (bib_of_family, [1_000, 2_000, 4_000, 8_000]),
        "co-authors": (bib_of_coauthors, [1_000, 2_500, 5_000, 10_000]),
    }
    figures: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as folder:
        article = Path(folder) / "article.txt"
        article.write_text(ARTICLE, encoding="utf-8")
        for name, (build, sizes) in series.items():
            if options.quick:
                sizes = [n for n in sizes if n <= sizes[-1] // 10] or sizes[:2]
            points = []
            rows = []
            for size in sizes:
                bib = Path(folder) / f"{name}-{size}.bib"
                bib.write_text(build(random.Random(size), size), encoding="utf-8")
                result = run(bib, article)
                points.append((size, result["cpu"]))
                rows.append({"n": size, **result})
                print(
                    f"{name:>10} n={size:>7,}: CPU {result['cpu']:7.2f} s, "
                    f"peak RSS {result['rss_mib']:6.0f} MiB, exit {result['code']}",
                    flush=True,
                )
            fitted = exponent(points) if len(points) > 1 else float("nan")
            # A fit over all sizes can hide a tail that bends upwards: the exponent between
            # each pair of neighbouring sizes shows where growth stops being linear.
            pairs = list(itertools.pairwise(points))
            local = [exponent(list(pair)) for pair in pairs]
            steps = ", ".join(
                f"{a:,}→{b:,}: {k:.2f}" for ((a, _), (b, _)), k in zip(pairs, local, strict=True)
            )
            print(f"{name:>10}: time ∝ n^{fitted:.2f} (between sizes: {steps})", flush=True)
            figures[name] = {"points": rows, "exponent": fitted, "local": local}
    if options.json:
        Path(options.json).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
