"""Benchmark `citeproof refs` against pandoc reading the same bib itself: fidelity and speed.

Run: python bench/bench_refs.py [--styles apa chicago] [--speed-entries 2000] [--no-speed]
                                [--json FILE]

Fidelity: for every bib of ../shared/corpus/real and the sample's references.bib, all
entries are formatted twice with the same CSL style and pandoc binary: by citeproof (our
parse → CSL-JSON → pandoc's citeproc, letters set by `suffixes.assign`) and by pandoc
reading the .bib with its own biblatex reader (`--bibliography x.bib`, `nocite: @*`).
Both outputs go through the same plain-text writer and are compared entry by entry after
whitespace normalisation. Each difference is classified as one of the deliberate
improvements of docs/refs.md, or as "unclassified" (a bug to look at); all are listed.

Speed: the first N entries (default 2,000) of the IRIDIA bib, with every @string, the
@preamble and the crossref parents they need, formatted end to end by citeproof (read, parse,
CSL-JSON, one pandoc run, letters, text) against one `pandoc --citeproc -t plain` run on the
same file. The target is citeproof ≤ 1.2× pandoc. Beside each time, its peak RSS
(bench/memory.py): pandoc's own, read with os.wait4 by a small wrapper process; citeproof's
in this process (VmHWM reset before the run), and that of the pandoc it runs, from
RUSAGE_CHILDREN: a maximum over every child so far, so exact only when it rose during the
run, otherwise printed as an upper bound ("≤").
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from memory import Peak, child_command, children_peak_rss_mib, read_child_report  # noqa: E402

from citeproof.bib import loader as bibliography  # noqa: E402
from citeproof.config import Config  # noqa: E402
from citeproof.model import Entry  # noqa: E402
from citeproof.references import csl, pandoc  # noqa: E402
from citeproof.references import formatter as references  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "real"
BIGBIB = ROOT.parent / "shared" / "corpus" / "bigbib" / "iridia-references.bib"
_AAS = {
    "aj",
    "actaa",
    "araa",
    "apj",
    "apjl",
    "apjs",
    "ao",
    "apss",
    "aap",
    "aapr",
    "aaps",
    "azh",
    "baas",
    "jcap",
    "jrasc",
    "memras",
    "mnras",
    "na",
    "nar",
    "pra",
    "prb",
    "prc",
    "prd",
    "pre",
    "prl",
    "pasa",
    "pasp",
    "pasj",
    "qjras",
    "skytel",
    "solphys",
    "nat",
    "procspie",
    "physrep",
    "icarus",
}
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


@dataclass
class Difference:
    bib: str
    key: str
    category: str
    ours: str
    theirs: str


@dataclass
class StyleResult:
    style: str
    entries: int = 0
    identical: int = 0
    differences: list[Difference] = field(default_factory=list)

    @property
    def fraction(self) -> float:
        return self.identical / self.entries if self.entries else 1.0


def normalise(text: str) -> str:
    """Compare up to whitespace (non-breaking spaces included) and Unicode composition."""
    return " ".join(unicodedata.normalize("NFC", text).replace("\u00a0", " ").split())


def bibs() -> list[Path]:
    found = sorted(CORPUS.glob("*/references.bib")) if CORPUS.is_dir() else []
    return [*found, ROOT / "references.bib"]


# --------------------------------------------------------------------------- fidelity


def ours(path: Path, style: str) -> tuple[dict[str, str], dict[str, Entry]]:
    """citeproof's rendering of every entry of a bib: key → plain text."""
    config = Config(bib=str(path), use_cache=False)
    built = references.build(config, all_entries=True, style=style)
    parsed = bibliography.load(str(path))
    return ({e.key: references.render_plain(e.runs) for e in built.entries}, parsed.by_key())


def theirs(path: Path, style: references.Style) -> dict[str, str]:
    """pandoc's own rendering of the same bib (its biblatex reader)."""
    rendered = pandoc.run_bib(str(path), style.path)
    return {r.key: references.render_plain(references.runs_of(r.inlines)) for r in rendered}


def classify(entry: Entry | None, mine: str, their: str, bib_text: str) -> str:
    """Name the deliberate improvement a difference comes from, or "unclassified"."""
    if (
        entry is None
        or len(re.findall(r"@\w+\s*\{\s*" + re.escape(entry.key) + r"\s*,", bib_text)) > 1
    ):
        return "duplicate key: citeproof keeps the first entry, as BibTeX does"
    strip_letters = re.compile(r"(?<=\d{4})[a-z](?![a-z])|(?<=n\.d\.)-?[a-z]\b")
    if strip_letters.sub("", mine) == strip_letters.sub("", their):
        return "year letters: citeproof's assignment, not citeproc's sort"
    if re.sub(r"\s+(?=[.,;])", "", their) == mine:
        return "whitespace inside a DOI or URL trimmed"
    if len(their) > len(mine) + 200 and ("…" in mine or "et al." in mine):
        return "et al.: the style's rule kept (pandoc lists every name to tell citations apart)"
    fields = entry.fields
    raw_block = "\n".join(bib_text.split("\n")[entry.line - 1 : entry.end_line])
    names = re.findall(r"^\s*([A-Za-z][\w:+.-]*)\s*=", raw_block, re.M)
    if len({n.lower() for n in names}) < len(names):
        return "duplicate field: citeproof keeps the first value, as BibTeX does"
    month_ours = re.search(rf"\b(?:{_MONTHS})\b", mine)
    month_theirs = re.search(rf"\b(?:{_MONTHS})\b", their)
    if month_ours and not month_theirs and (entry.suffix or fields.get("month", "")):
        return "dates: month and day kept (lettered year, or month spelled out)"
    if mine.casefold() == their.casefold():
        _, detected = csl.language_of(entry, csl.Options())
        if detected:
            return "language: non-English title detected, its case kept"
        title = csl._parse_tex(fields.get("title", ""))
        if csl.in_sentence_case(title):
            return "case: title already in sentence case, proper nouns kept"
        return "unclassified"
    journal = re.search(r"journal\s*=\s*[{\"]?\s*\\([a-zA-Z]+)\s*[}\"]?\s*,", raw_block, re.I)
    if journal and journal.group(1).lower() in _AAS:
        return "journal macros (\\apj, \\mnras…) expanded; pandoc drops the journal"
    if re.search(
        r"\bAND\b",
        re.search(r"author\s*=\s*(.*)", raw_block, re.I | re.S).group(1)
        if re.search(r"author\s*=", raw_block, re.I)
        else "",
    ):
        return "names: 'AND' splits names, as in BibTeX"
    if '"' in fields.get("title", "") or "<em>" in mine or "\\less" in their:
        return "quotes and markup typed into a title"
    if "@preamble" in bib_text.lower() and "\\" in raw_block:
        return "preamble macros expanded"
    if mine == their.replace("--", "–"):
        return "LaTeX: citeproof's decoder (pandoc's reader drops or garbles it)"
    if entry.others:
        return "and others: rendered et al."
    if any(mark in raw_block for mark in ("\\", "$", "--")) and _only_symbols_differ(mine, their):
        return "LaTeX: citeproof's decoder (pandoc's reader drops or garbles it)"
    if "issue" in fields and "number" not in fields and fields["issue"] in mine:
        return "fields pandoc ignores: issue without number"
    if (
        "date" not in fields
        and re.search(r"\d{4}\s?[–-]\s?\d{4}|\d{4}–", mine + their)
        and not fields.get("year", "").isdigit()
    ):
        return "dates: year ranges and literal years"
    return "unclassified"


def _only_symbols_differ(mine: str, their: str) -> bool:
    """True when the texts differ only in non-letters or in a few characters."""
    a = re.sub(r"[^a-zA-Z0-9]", "", unicodedata.normalize("NFKD", mine))
    b = re.sub(r"[^a-zA-Z0-9]", "", unicodedata.normalize("NFKD", their))
    if a == b:
        return True
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(mine, their) <= 12


def fidelity(styles: list[str]) -> list[StyleResult]:
    results = []
    for name in styles:
        style = references.find_style(name)
        result = StyleResult(name)
        for path in bibs():
            bib_text = path.read_text(encoding="utf-8", errors="replace")
            mine, entries = ours(path, name)
            their = theirs(path, style)
            label = path.parent.name if path.parent != ROOT else "sample"
            for key, text in their.items():
                result.entries += 1
                own = mine.get(key)
                if own is not None and normalise(own) == normalise(text):
                    result.identical += 1
                    continue
                category = classify(
                    entries.get(key), normalise(own or ""), normalise(text), bib_text
                )
                result.differences.append(Difference(label, key, category, own or "", text))
        results.append(result)
    return results


# --------------------------------------------------------------------------- speed


def make_bib(count: int, target: Path) -> int:
    """Write the first `count` entries of the IRIDIA bib (with every @string, the @preamble
    and the crossref parents they use) to `target`; return the number of entries written."""
    text = BIGBIB.read_text(encoding="utf-8", errors="replace")
    blocks = re.split(r"\n(?=@)", text)
    head = [b for b in blocks if re.match(r"@(?:string|preamble|comment)", b, re.I)]
    entries = [
        b
        for b in blocks
        if re.match(r"@\w+\s*\{", b) and not re.match(r"@(?:string|preamble|comment)", b, re.I)
    ]
    by_key = {}
    for block in entries:
        match = re.match(r"@\w+\s*\{\s*([^,\s]+)", block)
        if match:
            by_key[match.group(1)] = block
    chosen: dict[str, str] = {}
    for block in entries:
        if len(chosen) >= count:
            break
        key = re.match(r"@\w+\s*\{\s*([^,\s]+)", block)
        if key is None or re.match(r"@proceedings", block, re.I):
            continue
        chosen[key.group(1)] = block
        parent = re.search(r"crossref\s*=\s*[{\"]([^}\"]+)", block, re.I)
        if parent and parent.group(1) in by_key:
            chosen.setdefault(parent.group(1), by_key[parent.group(1)])
    target.write_text(
        "\n".join(head) + "\n\n" + "\n\n".join(chosen.values()) + "\n", encoding="utf-8"
    )
    return len(chosen)


def speed(count: int, style_name: str = "apa") -> dict[str, Any]:
    style = references.find_style(style_name)
    binary = pandoc.find()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.bib"
        written = make_bib(count, path)
        command = [
            binary.path,
            "--citeproc",
            f"--csl={style.path}",
            f"--bibliography={path}",
            "--to=plain",
            "--wrap=none",
        ]
        report = Path(folder) / "pandoc-peak.json"
        start = time.perf_counter()
        done = subprocess.run(
            child_command(report, command, cli=False),
            input=b"---\nnocite: '@*'\n---\n",
            capture_output=True,
            check=True,
        )
        pandoc_seconds = time.perf_counter() - start
        pandoc_peak = read_child_report(report).main_mib
        ours_peak = Peak()
        children_before = children_peak_rss_mib()
        with ours_peak.measure():
            start = time.perf_counter()
            built = references.build(
                Config(bib=str(path), use_cache=False),
                all_entries=True,
                style=style_name,
                pandoc_binary=binary,
            )
            output = references.render(built, "text")
            ours_seconds = time.perf_counter() - start
        children_after = children_peak_rss_mib()
    return {
        "entries": written,
        "style": style.title,
        "pandoc_seconds": round(pandoc_seconds, 2),
        "citeproof_seconds": round(ours_seconds, 2),
        "ratio": round(ours_seconds / pandoc_seconds, 3),
        "pandoc_peak_rss": f"{pandoc_peak:.0f} MiB",
        "citeproof_peak_rss": str(ours_peak),
        # RUSAGE_CHILDREN only grows: unchanged, it bounds this run's pandoc from above.
        "citeproof_pandoc_peak_rss": (
            f"{children_after:.0f} MiB"
            if children_after > children_before
            else f"≤ {children_after:.0f} MiB"
        ),
        "pandoc_entries": done.stdout.decode("utf-8", "replace").count("\n\n") + 1,
        "citeproof_entries": len(built.entries),
        "output_chars": len(output),
    }


# --------------------------------------------------------------------------- report


def _clip(text: str, width: int = 400) -> str:
    """Keep a listed entry readable (some list 200 authors)."""
    return text if len(text) <= width else text[: width - 1] + "…"


def report(results: list[StyleResult], timing: dict[str, Any] | None) -> str:
    version = pandoc.find()
    lines = [f"pandoc {'.'.join(map(str, version.version))} ({version.path})", ""]
    lines += ["| style | entries | identical | fraction |", "|---|---|---|---|"]
    for result in results:
        lines.append(
            f"| {result.style} | {result.entries} | {result.identical} | {result.fraction:.1%} |"
        )
    for result in results:
        counts = Counter(d.category for d in result.differences)
        lines += [
            "",
            f"### {result.style}: {len(result.differences)} differences, "
            f"{sum(d.category == 'unclassified' for d in result.differences)} unclassified",
            "",
            "| category | count |",
            "|---|---|",
        ]
        lines += [f"| {category} | {count} |" for category, count in counts.most_common()]
        lines += [""]
        for difference in sorted(result.differences, key=lambda d: (d.category, d.bib, d.key)):
            lines += [
                f"- **{difference.category}** — {difference.bib}/{difference.key}",
                f"  - citeproof: {_clip(normalise(difference.ours))}",
                f"  - pandoc:    {_clip(normalise(difference.theirs))}",
            ]
    if timing:
        lines += [
            "",
            "### speed",
            "",
            "| entries | style | pandoc alone | peak RSS | citeproof | peak RSS "
            "(its pandoc) | ratio |",
            "|---|---|---|---|---|---|---|",
            f"| {timing['entries']} | {timing['style']} | {timing['pandoc_seconds']} s | "
            f"{timing['pandoc_peak_rss']} | {timing['citeproof_seconds']} s | "
            f"{timing['citeproof_peak_rss']} ({timing['citeproof_pandoc_peak_rss']}) | "
            f"{timing['ratio']}× |",
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--styles", nargs="+", default=["apa", "chicago"])
    parser.add_argument("--speed-entries", type=int, default=2000)
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--json", type=Path, help="Also write the results as JSON here.")
    options = parser.parse_args(argv)
    results = fidelity(options.styles)
    timing = None if options.no_speed or not BIGBIB.is_file() else speed(options.speed_entries)
    sys.stdout.write(report(results, timing))
    if options.json:
        options.json.write_text(
            json.dumps(
                {
                    "fidelity": [
                        {
                            "style": r.style,
                            "entries": r.entries,
                            "identical": r.identical,
                            "differences": [d.__dict__ for d in r.differences],
                        }
                        for r in results
                    ],
                    "speed": timing,
                },
                ensure_ascii=False,
                indent=2,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
