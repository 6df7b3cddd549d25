"""Time citeproof's bib loader against bibtexparser's own parse, in the same process.

Usage: python bench/bench_load.py [--rounds N] [--skip-latex] [FILE.bib ...]

Without files it times the big corpus (../shared/corpus/bigbib/iridia-*.bib), skipping those
that are absent. Rounds alternate bibtexparser and citeproof so that machine noise hits both
alike; the best round of each is reported, and their ratio is the figure to watch (target:
citeproof's whole load <= 1.3x bibtexparser's default parse). Beside each time it prints the
peak RSS of that measure (bench/memory.py: this process's VmHWM, reset before each call; the
largest over the rounds), which includes the interpreter, the imports and the bib text.
"""

from __future__ import annotations

import argparse
import gc
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
try:
    import citeproof  # noqa: F401
except ImportError:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import bibtexparser  # noqa: E402
from bibtexparser.middlewares import LatexDecodingMiddleware  # noqa: E402
from memory import Peak  # noqa: E402

from citeproof.bib.loader import load_cached, parse  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "bigbib"
DEFAULT_FILES = [CORPUS / "iridia-references.bib", CORPUS / "iridia-10k.bib"]


def best_of(function, rounds: int, peak: Peak | None = None) -> tuple[float, float]:
    """Return the best and the median wall time of `rounds` calls.

    With `peak`, each call's peak RSS is measured too (the largest is kept).
    """
    times = []
    peak = Peak() if peak is None else peak
    for _ in range(rounds):
        gc.collect()  # start every call from the same heap state (garbage of the last one gone)
        with peak.measure():
            start = time.perf_counter()
            result = function()
            times.append(time.perf_counter() - start)
        del result  # freeing the result is not part of loading it (a caller keeps it)
    return min(times), statistics.median(times)


def bench(path: Path, rounds: int, skip_latex: bool) -> None:
    """Print the timings for one file."""
    text = path.read_text(encoding="utf-8")
    parse(text, str(path))  # warm up imports and regex compilation
    bibtexparser.parse_string(text)
    theirs: list[float] = []
    ours: list[float] = []
    their_peak, our_peak = Peak(), Peak()
    for _ in range(rounds):  # alternate, so that load spikes hit both sides
        theirs.append(best_of(lambda: bibtexparser.parse_string(text), 1, their_peak)[0])
        ours.append(best_of(lambda: parse(text, str(path)), 1, our_peak)[0])
    bibliography = parse(text, str(path))
    their_best, our_best = min(theirs), min(ours)
    their_median, our_median = statistics.median(theirs), statistics.median(ours)
    print(
        f"{path.name}: {len(bibliography.entries)} entries, {len(bibliography.problems)} problems"
    )
    print(f"  bibtexparser.parse_string (default stack)  best {their_best:.3f}s", end="")
    print(f"  median {their_median:.3f}s  peak RSS {their_peak}")
    print(f"  citeproof parse (whole load)               best {our_best:.3f}s", end="")
    print(f"  median {our_median:.3f}s  peak RSS {our_peak}")
    print(
        f"  ratio citeproof / bibtexparser             best {our_best / their_best:.2f}x  "
        f"median {our_median / their_median:.2f}x"
    )
    if not skip_latex:
        latex_peak = Peak()
        with latex_peak.measure():
            start = time.perf_counter()
            bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
            latex = time.perf_counter() - start
        print(
            f"  bibtexparser + LatexDecodingMiddleware     once {latex:.3f}s  "
            f"({latex / our_best:.1f}x citeproof)  peak RSS {latex_peak}"
        )
    cold_peak, warm_peak = Peak(), Peak()
    with tempfile.TemporaryDirectory() as cache_dir:
        cold = best_of(lambda: load_cached(str(path), cache_dir, True), 1, cold_peak)[0]
        warm, warm_median = best_of(
            lambda: load_cached(str(path), cache_dir, True), rounds, warm_peak
        )
    print(f"  citeproof load_cached: cold {cold:.3f}s (peak RSS {cold_peak})", end="")
    print(f", warm best {warm:.3f}s  median {warm_median:.3f}s (peak RSS {warm_peak})")


def main(argv: list[str] | None = None) -> int:
    """Time each given (or default) bib file that exists."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument(
        "--skip-latex",
        action="store_true",
        help="skip bibtexparser's LaTeX middleware (about 8 s per 3,000 entries)",
    )
    options = parser.parse_args(argv)
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL + 1)
    print(f"bibtexparser {bibtexparser.__version__}, Python {sys.version.split()[0]}")
    for path in options.files or DEFAULT_FILES:
        if not path.is_file():
            print(f"{path}: not found, skipped")
            continue
        bench(path, options.rounds, options.skip_latex)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
