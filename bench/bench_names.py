"""Time the name-variant pass (CP301) on a ~200,000-word article against the whole check.

The article reuses the sample's sentences (with their Iohannes/Lohannes/Orban slips) and
names, and adds 6,000 generated people (given names, diacritics, hyphenated compounds, and a
1% sprinkling of slips: dropped diacritics, I/l swaps, doubled letters), so blocking and
grouping are exercised at scale. Reported: the pass alone, the check with and without CP301
in process, and the `citeproof check` command with and without it (best of --repeat runs).
Beside each time, the peak RSS (bench/memory.py): of this process during that measure (its
VmHWM reset before each run, the largest over the runs kept), and for the command of the
`citeproof` child process (its own VmHWM) with the largest of its children (pandoc).

    python bench/bench_names.py [--words 200000] [--seed 7] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from memory import ChildPeak, Peak, child_command, read_child_report  # noqa: E402

from citeproof.api import check_texts  # noqa: E402
from citeproof.bib import loader as bibliography  # noqa: E402
from citeproof.config import Config  # noqa: E402
from citeproof.manuscript.document import from_text  # noqa: E402
from citeproof.manuscript.reference_section import find_reference_list  # noqa: E402
from citeproof.model import Document, Entry  # noqa: E402
from citeproof.names import variants as nv  # noqa: E402

SAMPLE = ROOT / "article" / "rutte-nato.txt"
BIB = ROOT / "references.bib"
ONSETS = [
    "b",
    "br",
    "d",
    "dr",
    "g",
    "h",
    "k",
    "kr",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "sz",
    "t",
    "v",
    "w",
    "z",
    "ch",
    "st",
    "j",
]
VOWELS = ["a", "e", "i", "o", "u", "á", "é", "ö", "ü", "ă", "ę", "ay", "ei"]
CODAS = ["", "n", "r", "s", "k", "l", "m", "t", "sk", "rt", "ns", "lt"]
ENDINGS = ["", "son", "sen", "ski", "escu", "ović", "ini", "ez", "berg", "mann", "ova", "ides"]
GIVEN = [
    "Anna",
    "Jens",
    "Klaus",
    "Maria",
    "Peter",
    "Kaja",
    "Viktor",
    "Ana",
    "Jan",
    "Eva",
    "Mark",
    "Laura",
    "Stuart",
    "Mitra",
    "Clare",
    "Joel",
    "Andrew",
    "Boldizsar",
    "Ilse",
]


def surname(rng: random.Random) -> str:
    """Make a plausible foreign-looking surname."""
    syllables = "".join(
        rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)
        for _ in range(rng.randint(1, 3))
    )
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


def name_pass(document: Document, entries: Sequence[Entry]) -> int:
    """Run the CP301 pass alone (scan the article and the bib, group, choose); count findings."""
    article = nv.scan_article(document.masked, find_reference_list(document))
    return len(nv.find_name_variants(article, nv.scan_bibliography(entries)))


def best(run: Callable[[], object], repeat: int) -> tuple[float, Peak]:
    """Return the fastest of `repeat` runs, in seconds (the least disturbed by other load),
    and the largest peak RSS of a run."""
    times = []
    peak = Peak()
    for _ in range(repeat):
        with peak.measure():
            started = time.perf_counter()
            run()
            times.append(time.perf_counter() - started)
    return min(times), peak


def cli_run(article_path: Path, *extra: str) -> tuple[float, ChildPeak]:
    """Time one `citeproof check` run in a fresh process (start-up and report included);
    return its seconds and its peak RSS (read inside the child)."""
    report = article_path.parent / "peak.json"
    args = ["check", str(article_path), "--bib", str(BIB), "--no-cache", *extra]
    started = time.perf_counter()
    subprocess.run(
        child_command(report, args, cli=True),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
        cwd=article_path.parent,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    return time.perf_counter() - started, read_child_report(report)


def best_cli(article_path: Path, repeat: int, *extra: str) -> tuple[float, ChildPeak]:
    """The fastest of `repeat` command runs, and the largest peaks over them."""
    runs = [cli_run(article_path, *extra) for _ in range(repeat)]
    peak = ChildPeak(max(p.main_mib for _, p in runs), max(p.children_mib for _, p in runs))
    return min(seconds for seconds, _ in runs), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    text = article(options.words, options.seed)
    bib = BIB.read_text(encoding="utf-8")
    print(f"article: {len(text.split()):,} words, {len(text):,} characters")
    document = from_text("bench.txt", text)
    entries = bibliography.parse(bib, "references.bib").entries
    names, names_peak = best(lambda: name_pass(document, entries), options.repeat)
    print(
        f"name-variant pass alone (scan, group, choose): {names:.3f} s "
        f"(peak RSS {names_peak}), {name_pass(document, entries)} findings"
    )
    with_names, with_peak = best(lambda: check_texts(text, bib, Config()), options.repeat)
    without, without_peak = best(
        lambda: check_texts(text, bib, Config(ignore=("CP301",))), options.repeat
    )
    rule = with_names - without
    print(
        f"check in process: {with_names:.3f} s with CP301 (peak RSS {with_peak}), "
        f"{without:.3f} s without (peak RSS {without_peak}): "
        f"CP301 costs {rule:.3f} s = {rule / with_names:.0%} of the check"
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.txt"
        path.write_text(text, encoding="utf-8")
        cli, cli_peak = best_cli(path, options.repeat)
        cli_without, cli_without_peak = best_cli(path, options.repeat, "--ignore", "CP301")
    print(
        f"`citeproof check` command: {cli:.3f} s with CP301 (peak RSS {cli_peak}), "
        f"{cli_without:.3f} s without (peak RSS {cli_without_peak}): "
        f"CP301 costs {cli - cli_without:.3f} s = {(cli - cli_without) / cli:.0%} of the run"
    )


if __name__ == "__main__":
    main()
