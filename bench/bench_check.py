"""Benchmark `citeproof check` on a generated book-length article against a 10k-entry bib.

Run: python bench/bench_check.py [--quick] [--bigbib-dir DIR]

Everything is generated deterministically (seeded) into a temp dir, then measured in this
process: bibtexparser's own parse (the baseline), the whole cold check through the CLI with
--no-cache (output to a null sink), a warm re-run with the parse cache on disk, the same on
the real 3,305-entry bib with a shorter article and on the 10k bib with an ordinary paper
(8,000 words, 60 works: what most runs look like), peak memory, start-up cost, and a per-stage
breakdown (read, parse, extraction, resolution, rules, rendering). Timings are medians of
3 runs (1 with --quick); in-process caches of citeproof (lru_cache) are cleared before every
cold run so that later runs are not flattered by the first.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import gc
import io
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BIGBIB = ROOT.parent / "shared" / "corpus" / "bigbib"
SEED = 20240501

# Neutral lowercase filler: no particles (van, de, la…), no "et"/"al"/"p"/"see", no months,
# so the text itself never looks like a citation.
FILLER = (
    "system",
    "method",
    "result",
    "analysis",
    "model",
    "approach",
    "problem",
    "solution",
    "algorithm",
    "performance",
    "instance",
    "search",
    "local",
    "global",
    "optimum",
    "parameter",
    "colony",
    "swarm",
    "agent",
    "robot",
    "behaviour",
    "task",
    "design",
    "study",
    "evaluation",
    "experiment",
    "benchmark",
    "measure",
    "quality",
    "cost",
    "time",
    "space",
    "memory",
    "heuristic",
    "strategy",
    "operator",
    "mutation",
    "selection",
    "population",
    "generation",
    "fitness",
    "function",
    "landscape",
    "neighbourhood",
    "move",
    "step",
    "rule",
    "decision",
    "control",
    "learning",
    "training",
    "tuning",
    "configuration",
    "setting",
    "value",
    "range",
    "bound",
    "limit",
    "estimate",
    "average",
    "variance",
    "distribution",
    "sample",
    "test",
    "statistic",
    "comparison",
    "difference",
    "effect",
    "factor",
    "level",
    "interaction",
    "response",
    "shows",
    "suggests",
    "indicates",
    "confirms",
    "reports",
    "finds",
    "proposes",
    "extends",
    "improves",
    "reduces",
    "increases",
    "describes",
    "considers",
    "examines",
    "compares",
    "combines",
    "applies",
    "uses",
    "requires",
    "allows",
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "its",
    "their",
    "our",
    "which",
    "where",
    "when",
    "while",
    "because",
    "although",
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "can",
    "could",
    "may",
    "might",
    "must",
    "should",
    "would",
    "will",
    "of",
    "to",
    "in",
    "on",
    "for",
    "with",
    "by",
    "from",
    "into",
    "over",
    "under",
    "between",
    "among",
    "through",
    "about",
    "across",
    "after",
    "and",
    "or",
    "but",
    "not",
    "also",
    "only",
    "often",
    "usually",
    "typically",
    "rarely",
    "further",
    "more",
    "less",
    "most",
    "least",
    "simple",
    "complex",
    "large",
    "small",
    "fast",
    "slow",
    "robust",
    "sensitive",
    "effective",
    "efficient",
    "general",
    "specific",
    "new",
    "recent",
    "early",
    "classic",
    "standard",
    "common",
    "different",
    "similar",
    "related",
    "relevant",
    "important",
    "first",
    "second",
    "final",
    "main",
    "key",
    "central",
    "basic",
    "initial",
    "additional",
    "alternative",
    "practical",
)

PAGE_LOCATORS = ("p. {a}", "pp. {a}–{b}", "p. {a}", "chap. {c}", "pp. {a}-{b}")


# --------------------------------------------------------------------------- generation

_USABLE_NAME = re.compile(r"[A-ZÀ-ÞĀ-ſ][^\W\d_]*(?:[-' ][A-ZÀ-Þ]?[^\W\d_]+)*")


def usable_entries(bibliography: Any) -> list[Any]:
    """Entries a human would cite in author-year form: plain surnames and a 4-digit year."""
    out = []
    for entry in bibliography.entries:
        if not entry.names or not re.fullmatch(r"\d{4}", entry.year):
            continue
        families = [n.family for n in entry.names]
        if all(_USABLE_NAME.fullmatch(f) and len(f) > 1 for f in families[:2]):
            out.append(entry)
    return out


def author_text(entry: Any, narrative: bool, et_al_min: int = 3) -> str:
    """The APA form of an entry's authors: X / X & Y (X and Y in running text) / X et al."""
    names = [n.family for n in entry.names]
    total = len(names) + (1 if entry.others else 0)
    if total >= et_al_min or entry.others:
        return f"{names[0]} et al."
    if total == 1:
        return names[0]
    return f"{names[0]} {'and' if narrative else '&'} {names[1]}"


def misspell(name: str, rng: random.Random) -> str:
    """Swap two adjacent, different interior letters (Stützle → Stüztle)."""
    spots = [
        i
        for i in range(1, len(name) - 2)
        if name[i].isalpha() and name[i + 1].isalpha() and name[i] != name[i + 1]
    ]
    if not spots:
        return name + "e"
    i = rng.choice(spots)
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


class Generator:
    """Build an article of `words` words citing `works` works of `entries`."""

    def __init__(
        self, entries: list[Any], letters: dict[str, str], seed: int, error_rate: float = 0.02
    ) -> None:
        self.entries = entries
        self.letters = letters
        self.rng = random.Random(seed)
        self.error_rate = error_rate
        self.planted = Counter()  # what the generator meant to write, for the sanity check

    def work(self, narrative: bool) -> tuple[str, str]:
        """Return (authors, year text) for one cited work, sometimes deliberately wrong."""
        rng = self.rng
        entry = rng.choice(self.entries)
        authors = author_text(entry, narrative)
        year = entry.year + self.letters.get(entry.key, "")
        roll = rng.random()
        if roll < self.error_rate / 2:
            year = str(int(entry.year) + rng.choice((-3, -2, -1, 1, 2, 3)))
            self.planted["wrong year"] += 1
        elif roll < self.error_rate:
            first = entry.names[0].family
            authors = authors.replace(first, misspell(first, rng), 1)
            self.planted["misspelled"] += 1
        else:
            self.planted["correct"] += 1
        return authors, year

    def locator(self) -> str:
        rng = self.rng
        a = rng.randint(2, 400)
        return rng.choice(PAGE_LOCATORS).format(a=a, b=a + rng.randint(1, 20), c=rng.randint(1, 12))

    def citation(self) -> tuple[str, bool, int]:
        """Return (text, narrative?, number of works) for one citation event."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.35:  # narrative: Smith et al. (2020) / Smith and Lee (2020, p. 4)
            authors, year = self.work(narrative=True)
            inside = year + (f", {self.locator()}" if rng.random() < 0.15 else "")
            return f"{authors} ({inside})", True, 1
        if roll < 0.75:  # single parenthetical, maybe prefixed or with a locator
            authors, year = self.work(narrative=False)
            prefix = rng.choice(("", "", "", "see ", "e.g., ", "cf. "))
            tail = f", {self.locator()}" if rng.random() < 0.2 else ""
            return f"({prefix}{authors}, {year}{tail})", False, 1
        # a group of 2-4 works separated by ';'
        count = rng.choice((2, 2, 2, 3, 3, 4))
        parts = []
        for _ in range(count):
            authors, year = self.work(narrative=False)
            tail = f", {self.locator()}" if rng.random() < 0.1 else ""
            parts.append(f"{authors}, {year}{tail}")
        prefix = rng.choice(("", "", "see ", "e.g., "))
        return f"({prefix}{'; '.join(parts)})", False, count

    def words(self, count: int) -> list[str]:
        return [self.rng.choice(FILLER) for _ in range(count)]

    def article(self, words: int, works: int, title: str) -> tuple[str, int]:
        """Return (text, citation works written): chapters of one-line paragraphs."""
        rng = self.rng
        per_work = max(8, words // max(works, 1))
        lines = [title, ""]
        written_words = 0
        written_works = 0
        chapter = 0
        paragraph: list[str] = []
        while written_words < words or written_works < works:
            if written_words // 20000 >= chapter:
                chapter += 1
                if paragraph:
                    lines += [" ".join(paragraph), ""]
                    paragraph = []
                lines += [f"Chapter {chapter}", ""]
            body = self.words(rng.randint(per_work // 2, per_work + per_work // 2))
            written_words += len(body)
            sentence = body[0].capitalize() + " " + " ".join(body[1:])
            if written_works < works:
                text, narrative, count = self.citation()
                written_works += count
                if narrative:
                    cut = rng.randint(1, max(1, len(body) - 2))
                    sentence = (
                        body[0].capitalize()
                        + " "
                        + " ".join(body[1:cut])
                        + " as "
                        + text
                        + " "
                        + " ".join(body[cut:])
                    )
                else:
                    sentence = sentence + " " + text
            paragraph.append(sentence.strip() + ".")
            if len(paragraph) >= rng.randint(4, 9):
                lines += [" ".join(paragraph), ""]
                paragraph = []
        if paragraph:
            lines.append(" ".join(paragraph))
        return "\n".join(lines) + "\n", written_works


def generate(bib_path: Path, out: Path, words: int, works: int, seed: int) -> dict[str, Any]:
    """Write a generated article for `bib_path` to `out`; return facts about it."""
    from citeproof.bib import loader as bibliography
    from citeproof.citations import year_letters as suffixes

    bib = bibliography.parse(bib_path.read_text(encoding="utf-8"), str(bib_path))
    entries = usable_entries(bib)
    letters = dict(suffixes.assign(bib.entries, "title"))
    generator = Generator(entries, letters, seed)
    text, written = generator.article(words, works, f"A generated book citing {bib_path.name}")
    out.write_text(text, encoding="utf-8")
    return {
        "path": out,
        "words": len(text.split()),
        "works": written,
        "planted": dict(generator.planted),
        "usable_entries": len(entries),
        "entries": len(bib.entries),
        "bytes": len(text.encode("utf-8")),
    }


# --------------------------------------------------------------------------- measuring


def clear_citeproof_caches() -> None:
    """Empty every lru_cache in citeproof's modules, so each run starts cold."""
    for name, module in list(sys.modules.items()):
        if name == "citeproof" or name.startswith("citeproof."):
            for value in list(vars(module).values()):
                clear = getattr(value, "cache_clear", None)
                if callable(clear):
                    clear()


@dataclass
class Timing:
    """Medians of wall-clock and CPU time (this process's user+sys) over the runs."""

    wall: float
    cpu: float
    walls: list[float]
    cpus: list[float]
    value: Any = None


def timed(fn: Callable[[], Any], runs: int, cold: bool = True) -> Timing:
    """Time `runs` calls (citeproof caches cleared first when `cold`).

    CPU time is reported beside wall time because the machine may be shared: other
    processes stretch wall time but hardly this process's CPU time.
    """
    walls, cpus = [], []
    value = None
    for _ in range(runs):
        if cold:
            clear_citeproof_caches()
        # Every run starts from the same heap: the last result dropped and the garbage
        # collected, so a run (the baseline's parse, which collects as it goes) never pays
        # for what an earlier one left behind.
        value = None
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        value = fn()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return Timing(statistics.median(walls), statistics.median(cpus), walls, cpus, value)


def run_cli(argv: list[str]) -> int:
    """Run citeproof's CLI in this process with stdout and stderr sent to a null sink."""
    from citeproof import cli

    with (
        open(os.devnull, "w", encoding="utf-8") as sink,
        contextlib.redirect_stdout(sink),
        contextlib.redirect_stderr(sink),
    ):
        return cli.main(argv)


def baseline_parse(text: str) -> Any:
    import bibtexparser

    return bibtexparser.parse_string(text)


def quiet_bibtexparser() -> None:
    import logging

    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL + 1)


def measure_case(
    label: str, article: Path, bib: Path, cache_dir: Path, runs: int
) -> dict[str, Any]:
    """(a) baseline, (b) cold check, (c) warm re-run with the cache on disk.

    (a) and (b) alternate run by run, so a change in the machine's load hits both alike.
    """
    text = bib.read_text(encoding="utf-8")
    quiet_bibtexparser()
    cold_args = ["check", str(article), "--bib", str(bib), "--no-cache"]
    base_runs, cold_runs = [], []
    for _ in range(runs):
        # Only the entry count is kept: a parsed library held across runs would grow the
        # heap that every later collection pass walks.
        base_runs.append(timed(lambda: len(baseline_parse(text).entries), 1))
        cold_runs.append(timed(lambda: run_cli(cold_args), 1))
    warm_args = ["check", str(article), "--bib", str(bib), "--cache-dir", str(cache_dir)]
    run_cli(warm_args)  # fills the cache; not timed
    warm = timed(lambda: run_cli(warm_args), runs)
    # (c') the article edited between runs: the whole-result cache misses, the parsed bib
    # and its bib-only analyses are still served from the cache.
    edited = article.with_name(article.stem + ".edited" + article.suffix)
    original = article.read_text(encoding="utf-8")
    edits = iter(range(1_000_000))

    def edited_run() -> int:
        edited.write_text(original + f"\nEdited {next(edits)}.\n", encoding="utf-8")
        return run_cli(["check", str(edited), "--bib", str(bib), "--cache-dir", str(cache_dir)])

    edited_run()  # the first edited run stores nothing new for the bib; not timed
    warm_edited = timed(edited_run, runs)
    return {
        "label": label,
        "baseline": merge(base_runs),
        "cold": merge(cold_runs),
        "warm": warm,
        "warm_edited": warm_edited,
        "baseline_entries": base_runs[-1].value,
        "exit": cold_runs[-1].value,
        "warm_exit": warm.value,
    }


def merge(timings: list[Timing]) -> Timing:
    walls = [w for t in timings for w in t.walls]
    cpus = [c for t in timings for c in t.cpus]
    return Timing(statistics.median(walls), statistics.median(cpus), walls, cpus, timings[-1].value)


def breakdown(article: Path, bib: Path, cache_dir: Path, runs: int) -> dict[str, Any]:
    """Time each pipeline stage by calling the modules directly.

    The stages run with cyclic garbage collection paused, as `api.check_documents` runs
    them: with it on, every stage would pay for collector passes over the whole heap the
    earlier stages left (which the check itself never pays).
    """
    from citeproof import collection

    with collection.paused():
        return _breakdown(article, bib, cache_dir, runs)


def _breakdown(article: Path, bib: Path, cache_dir: Path, runs: int) -> dict[str, Any]:
    import bibtexparser

    from citeproof import report
    from citeproof.bib import loader as bibliography
    from citeproof.citations.extract import find_citations
    from citeproof.citations.resolve import build_index, resolve_all
    from citeproof.config import Config
    from citeproof.manuscript import document
    from citeproof.references.formatter import entry_formatter
    from citeproof.rules import RULES, Context, DocumentCheck, is_selected
    from citeproof.rules import run as run_rules

    config = Config(articles=(str(article),), bib=str(bib), use_cache=False)
    stages: dict[str, Timing] = {}
    bib_bytes = bib.read_bytes()

    stages["read article (document.read)"] = timed(lambda: document.read(str(article)), runs)
    doc = document.read(str(article))

    def bib_document() -> Any:
        text, encoding, note = document.decode(document.read_bytes(str(bib)), str(bib))
        return document.from_text(str(bib), text, markdown=False, encoding=encoding, note=note)

    stages["bib text + line index for locating (api)"] = timed(bib_document, runs)
    bib_doc = bib_document()
    text = bib_bytes.decode("utf-8")
    quiet_bibtexparser()
    split = timed(lambda: bibtexparser.parse_string(text, parse_stack=[]), runs)
    parse = timed(lambda: bibliography.load_cached(str(bib), None, False), runs)
    stages["bibliography.load (total)"] = parse
    stages["  of which bibtexparser split (parse_stack=[])"] = split
    stages["  of which citeproof fields/names/LaTeX"] = Timing(
        parse.wall - split.wall, parse.cpu - split.cpu, [], []
    )
    bib_parsed = parse.value

    found = timed(lambda: find_citations(doc), runs)
    stages["extract.find_citations"] = found
    citations = tuple(found.value)
    from citeproof.api import resolve_style

    stages["style inference (api.resolve_style)"] = timed(
        lambda: resolve_style(config, [(doc, citations)], bib_parsed), runs
    )
    indexed = timed(lambda: build_index(bib_parsed, config), runs)
    stages["resolve.build_index"] = indexed
    index = indexed.value
    resolved = timed(lambda: resolve_all(citations, index), runs)
    stages["resolve.resolve_all"] = resolved
    resolutions = resolved.value

    def fresh_context() -> Any:
        """A context with an empty memo, so a rule timed alone pays for its own analyses."""
        return Context(
            config=config,
            checks=(DocumentCheck(doc, citations, resolutions),),
            bibliography=bib_parsed,
            bib_document=bib_doc,
            format_entries=entry_formatter(config, bib_doc),
        )

    ruled = timed(lambda: run_rules(fresh_context()), runs)
    stages["rules.run (all selected)"] = ruled
    per_rule = {}
    for rule in RULES:
        if rule.check is not None and is_selected(rule.code, (), (), rule.default_enabled):
            # The rule's own check over a fresh context: not `rules.run`, whose suppression
            # pass and sorting every rule would otherwise be charged for.
            per_rule[f"{rule.code} {rule.name}"] = timed(
                lambda r=rule: list(r.check(fresh_context())), runs
            )
    from citeproof.api import check_documents

    checked = check_documents([doc], bib_parsed, bib_doc, config)
    stages["report.render_text"] = timed(
        lambda: report.render_text(checked.report, checked.sources), runs
    )
    stages["report.render_json"] = timed(lambda: report.render_json(checked.report), runs)
    stages["warm: bibliography.load_cached (cache hit)"] = timed(
        lambda: bibliography.load_cached(str(bib), str(cache_dir), True), runs
    )
    statuses = Counter(r.status.value for r in resolutions)  # printed most common first
    codes = Counter(d.code for d in checked.report.diagnostics)
    # Only the times are kept: the stages' results (a parsed bib, thousands of citations)
    # held to the end would slow every later collection pass, the next case's baseline too.
    for timing in (*stages.values(), *per_rule.values()):
        timing.value = None
    return {
        "stages": stages,
        "per_rule": per_rule,
        "citations": len(citations),
        "statuses": statuses,
        "codes": dict(sorted(codes.items())),
        "malformed": sum(1 for c in citations if c.malformed),
    }


def memory(article: Path, bib: Path) -> dict[str, Any]:
    """Peak memory of a cold check: tracemalloc here, and maxrss in fresh child processes."""
    clear_citeproof_caches()
    tracemalloc.start()
    run_cli(["check", str(article), "--bib", str(bib), "--no-cache"])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    child = child_run(["--child-check", str(article), str(bib)])
    base = child_run(["--child-baseline", str(bib)])
    return {"tracemalloc_peak": peak, "child": child, "child_baseline": base}


def child_run(args: list[str]) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def child_main(argv: list[str]) -> None:
    """Run one measured job in a fresh process and print its time and maxrss as JSON."""
    start, cpu = time.perf_counter(), time.process_time()
    if argv[0] == "--child-check":
        code = run_cli(["check", argv[1], "--bib", argv[2], "--no-cache"])
    else:
        quiet_bibtexparser()
        baseline_parse(Path(argv[1]).read_text(encoding="utf-8"))
        code = 0
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        json.dumps(
            {"seconds": elapsed, "cpu": cpu, "maxrss_mib": peak_rss_kib() / 1024, "exit": code}
        )
    )


def peak_rss_kib() -> float:
    """This process's peak resident set size in KiB.

    VmHWM belongs to the process's own address space; ru_maxrss is not used first because on
    Linux a child started by fork+exec inherits the parent's high-water mark in it.
    """
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return float(line.split()[1])
    return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def startup(runs: int) -> dict[str, Any]:
    """Median wall and CPU time of `citeproof --version` vs `python -c pass`, fresh processes."""
    script = shutil.which("citeproof", path=str(Path(sys.executable).parent))
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -m citeproof --version": [sys.executable, "-m", "citeproof", "--version"],
    }
    if script:
        commands["citeproof --version (console script)"] = [script, "--version"]
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):  # interleaved, so drift affects every command alike
        for name, command in commands.items():
            before = children_cpu()
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True)
            walls[name].append(time.perf_counter() - start)
            cpus[name].append(children_cpu() - before)
    return {
        "runs": runs,
        "medians": {name: statistics.median(values) for name, values in walls.items()},
        "cpu": {name: statistics.median(values) for name, values in cpus.items()},
    }


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# --------------------------------------------------------------------------- report


def machine() -> dict[str, str]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    import bibtexparser

    load = " / ".join(f"{value:.1f}" for value in os.getloadavg())
    return {
        "nproc": str(os.cpu_count()),
        "arch": platform.machine(),
        "cpu": cpu,
        "load": load,
        "python": platform.python_version(),
        "bibtexparser": bibtexparser.__version__,
        "date": datetime.date.today().isoformat(),
    }


def fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def both(t: Timing) -> str:
    return f"{fmt_s(t.wall)} (CPU {fmt_s(t.cpu)})"


def ratio(a: Timing, b: Timing) -> str:
    """a/b on CPU time (robust on a shared machine), with the wall-time ratio beside it."""
    return f"**{a.cpu / b.cpu:.2f}×** (wall {a.wall / b.wall:.2f}×)"


def print_report(facts: dict[str, Any]) -> None:
    out = io.StringIO()
    w = lambda line="": print(line, file=out)  # noqa: E731
    m = facts["machine"]
    w(
        f"machine: {m['nproc']} CPUs, {m['arch']}, {m['cpu']}; Python {m['python']}; "
        f"bibtexparser {m['bibtexparser']}; {m['date']}"
    )
    w(f"load average (1/5/15 min) at start: {m['load']}; at end: {facts['load_end']}")
    w(f"runs per timing: {facts['runs']} (median); start-up: median of {facts['startup']['runs']}")
    w()
    for case in facts["cases"]:
        g = case["article"]
        w(
            f"- {case['label']}: {g['words']:,} words, {g['works']:,} cited works "
            f"({g['planted'].get('wrong year', 0)} wrong years, "
            f"{g['planted'].get('misspelled', 0)} misspellings planted), "
            f"bib {case['entries']:,} entries"
        )
    w()
    cases = facts["cases"]
    w("| measure | " + " | ".join(c["label"] for c in cases) + " | target |")
    w("|---|" + "---|" * len(cases) + "---|")
    row = lambda name, values, target: w(f"| {name} | {' | '.join(values)} | {target} |")  # noqa: E731
    row("(a) bibtexparser.parse_string (baseline)", [both(c["baseline"]) for c in cases], "—")
    row("(b) cold check, --no-cache (CLI, in-process)", [both(c["cold"]) for c in cases], "")
    row("(b)/(a)", [ratio(c["cold"], c["baseline"]) for c in cases], "≤ 1.3×")
    row("(c) warm re-run, unchanged (result cache)", [both(c["warm"]) for c in cases], "≤ 0.5 s")
    row("(c)/(a)", [ratio(c["warm"], c["baseline"]) for c in cases], "")
    row(
        "(c') warm, article edited (bib caches only)",
        [both(c["warm_edited"]) for c in cases],
        "",
    )
    row(
        "exit code (cold / warm)",
        [f"{c['exit']} / {c['warm_exit']}" for c in cases],
        "1 (errors planted)",
    )
    mem = facts["memory"]
    child, alone = mem["child"], mem["child_baseline"]
    w()
    w("| (e) memory and a fresh process, cold check of the book × iridia-10k | value |")
    w("|---|---|")
    w(
        f"| tracemalloc peak (Python allocations), in-process | "
        f"{mem['tracemalloc_peak'] / 2**20:.0f} MiB |"
    )
    w(f"| peak RSS (VmHWM), fresh process, whole check | {child['maxrss_mib']:.0f} MiB |")
    memory_ratio = child["maxrss_mib"] / alone["maxrss_mib"]
    w(
        f"| peak RSS, fresh process, bibtexparser.parse_string only | "
        f"{alone['maxrss_mib']:.0f} MiB (check = **{memory_ratio:.2f}×**) |"
    )
    w(
        f"| fresh process, whole check (imports included) | {fmt_s(child['seconds'])} "
        f"(CPU {fmt_s(child['cpu'])}) |"
    )
    w(
        f"| fresh process, bibtexparser.parse_string only | {fmt_s(alone['seconds'])} "
        f"(CPU {fmt_s(alone['cpu'])}); check = **{child['cpu'] / alone['cpu']:.2f}×** on CPU |"
    )
    walls, cpus = facts["startup"]["medians"], facts["startup"]["cpu"]
    base_wall, base_cpu = walls["python -c pass"], cpus["python -c pass"]
    w()
    w("| (f) start-up, fresh process | wall (median) | ratio | CPU (median) | ratio |")
    w("|---|---|---|---|---|")
    for name in walls:
        w(
            f"| `{name}` | {fmt_s(walls[name])} | **{walls[name] / base_wall:.2f}×** | "
            f"{fmt_s(cpus[name])} | {cpus[name] / max(base_cpu, 1e-9):.2f}× |"
        )
    for case in cases:
        b = case["breakdown"]
        top = [
            t
            for k, t in b["stages"].items()
            if not k.startswith(("  ", "warm", "report.render_json"))
        ]
        total_cpu = sum(t.cpu for t in top)
        w()
        w(
            f"Where the time goes — {case['label']} (stages called directly; median CPU time; "
            f"top-level stages sum to {fmt_s(total_cpu)}, (b) took {fmt_s(case['cold'].cpu)}):"
        )
        w()
        w("| stage | CPU | share of (b) | wall |")
        w("|---|---|---|---|")
        for name, t in b["stages"].items():
            share = t.cpu / case["cold"].cpu * 100
            w(f"| {name} | {fmt_s(t.cpu)} | {share:.0f}% | {fmt_s(t.wall)} |")
        w()
        ranked = sorted(b["per_rule"].items(), key=lambda kv: -kv[1].cpu)
        w(
            "rules run alone (CPU): "
            + ", ".join(
                f"{name.split()[0]} {fmt_s(t.cpu)}" for name, t in ranked if t.cpu >= 0.0005
            )
            + "; the rest < 1 ms"
        )
        w()
        w(
            f"citations found: {b['citations']:,} (malformed {b['malformed']}); statuses: "
            + ", ".join(f"{k} {v:,}" for k, v in b["statuses"].most_common())
        )
        w("diagnostics by code: " + ", ".join(f"{k} {v:,}" for k, v in b["codes"].items()))
    print(out.getvalue(), end="")


def _jsonable(value: Any) -> Any:
    if isinstance(value, Timing):
        return {"wall": value.wall, "cpu": value.cpu, "walls": value.walls, "cpus": value.cpus}
    return str(value)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0].startswith("--child-"):
        child_main(argv)
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run per timing")
    parser.add_argument("--bigbib-dir", type=Path, default=DEFAULT_BIGBIB)
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    options = parser.parse_args(argv)
    runs = 1 if options.quick else 3
    big = options.bigbib_dir / "iridia-10k.bib"
    real = options.bigbib_dir / "iridia-references.bib"
    for path in (big, real):
        if not path.is_file():
            print(f"bench: {path} not found (pass --bigbib-dir)", file=sys.stderr)
            return 2

    facts: dict[str, Any] = {"machine": machine(), "runs": runs, "cases": []}
    with tempfile.TemporaryDirectory(prefix="citeproof-bench-") as tmp:
        folder = Path(tmp)
        os.environ["CITEPROOF_CACHE_DIR"] = str(folder / "cache")  # never the user's cache
        previous = os.getcwd()
        os.chdir(folder)  # no pyproject.toml [tool.citeproof] found from here
        try:
            plans = [
                ("book × iridia-10k", big, folder / "book.txt", 200_000, 5_000, SEED),
                (
                    "article × iridia-references",
                    real,
                    folder / "article.txt",
                    50_000,
                    1_250,
                    SEED + 1,
                ),
                # What most runs look like: an ordinary paper against a large shared bib.
                ("paper × iridia-10k", big, folder / "paper.txt", 8_000, 60, SEED + 2),
            ]
            for label, bib, out, words, works, seed in plans:
                generated = generate(bib, out, words, works, seed)
                print(
                    f"bench: generated {out.name} ({generated['words']:,} words, "
                    f"{generated['works']:,} works) for {bib.name}; measuring…",
                    file=sys.stderr,
                )
                case = measure_case(label, out, bib, folder / f"cache-{out.stem}", runs)
                case["article"] = generated
                case["entries"] = generated["entries"]
                case["breakdown"] = breakdown(out, bib, folder / f"cache-{out.stem}", runs)
                facts["cases"].append(case)
            print("bench: memory and start-up…", file=sys.stderr)
            facts["memory"] = memory(folder / "book.txt", big)
            facts["startup"] = startup(3 if options.quick else 10)
        finally:
            os.chdir(previous)
    facts["load_end"] = " / ".join(f"{value:.1f}" for value in os.getloadavg())
    print_report(facts)
    if options.json:
        options.json.write_text(json.dumps(facts, default=_jsonable, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
