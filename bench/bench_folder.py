"""Benchmark `citeproof check DIR` on a folder of manuscripts, serial and with --jobs.

Run: python bench/bench_folder.py [--count 1000] [--jobs 2]

Generates `--count` manuscripts deterministically (seeded) into a temp folder: variants of
the sample article (a seeded choice of its body paragraphs, its reference list kept), every
tenth one as Word (.docx, built with python-docx) and every tenth as pandoc Markdown. It
then times the whole CLI run with --no-cache, once serially (`--jobs 1`) and once with
`--jobs N`, checks that both outputs are byte-identical, and prints the speed-up. Beside each
time it prints the peak RSS of the `citeproof` process (its own VmHWM, read inside it by
bench/memory.py) and the largest peak among its children (the --jobs workers and the pandoc
runs of CP405; RUSAGE_CHILDREN: a maximum over children, not their sum).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from memory import ChildPeak, child_command, read_child_report  # noqa: E402

SAMPLE = ROOT / "article" / "rutte-nato.txt"
BIB = ROOT / "references.bib"


def generate(folder: Path, count: int, seed: int = 14) -> None:
    """Write `count` manuscripts into `folder`."""
    import docx

    random_ = random.Random(seed)
    from citeproof.manuscript.document import read
    from citeproof.manuscript.reference_section import find_reference_list

    sample = read(str(SAMPLE))
    found = find_reference_list(sample)
    start = found.start if found else len(sample.text)
    body = sample.text[:start].split("\n")
    listing = sample.text[start:].split("\n")
    for number in range(count):
        kept = [line for line in body if not line.strip() or random_.random() < 0.8]
        text = "\n".join([*kept, *listing])
        name = folder / f"m{number:04d}"
        if number % 10 == 3:
            document = docx.Document()
            for line in text.split("\n"):
                document.add_paragraph(line)
            document.save(str(name.with_suffix(".docx")))
        elif number % 10 == 7:
            name.with_suffix(".md").write_text(text, encoding="utf-8")
        else:
            name.with_suffix(".txt").write_text(text, encoding="utf-8")


def timed(folder: Path, jobs: int) -> tuple[float, bytes, ChildPeak]:
    """Run `citeproof check FOLDER` in a child process: its time, its output, its peak RSS."""
    args = ["check", str(folder), "--bib", str(BIB)]
    args += ["--no-cache", "--format", "json", "--jobs", str(jobs)]
    report = folder.parent / f"peak-jobs-{jobs}.json"
    command = child_command(report, args, cli=True)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"citeproof failed ({done.returncode}): {done.stderr.decode()[:500]}")
    return elapsed, done.stdout, read_child_report(report)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp) / "batch"
        folder.mkdir()
        generate(folder, options.count)
        serial, serial_out, serial_peak = timed(folder, 1)
        parallel, parallel_out, parallel_peak = timed(folder, options.jobs)
    identical = serial_out == parallel_out
    print(f"manuscripts: {options.count} ({os.cpu_count()} cores)")
    print(
        f"--jobs 1: {serial:.1f} s ({serial / options.count * 1000:.0f} ms a manuscript); "
        f"peak RSS {serial_peak}"
    )
    print(
        f"--jobs {options.jobs}: {parallel:.1f} s; speed-up {serial / parallel:.2f}x; "
        f"peak RSS {parallel_peak}"
    )
    print(f"outputs identical: {identical}")
    if not identical:
        sys.exit(1)


if __name__ == "__main__":
    main()
