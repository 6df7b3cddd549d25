"""Accuracy on real published papers (../shared/corpus/real): extraction and resolution
scored against pandoc's exact ground truth, and no false alarm on a clean paper.

Skipped when ../shared is absent.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

from citeproof import api
from citeproof.config import Config
from citeproof.model import Severity

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "real"

STYLES = ("apa", "chicago")
#: Each rendering checked with its style named, and with none (inferred from the article, as
#: a user who does not know they must say it gets): the expectations are the same.
RUNS = [
    pytest.param(style, named, id=f"{style}-{'named' if named else 'inferred'}")
    for style in STYLES
    for named in (True, False)
]
TARGET = 0.99
#: Findings reviewed by hand as true defects of these published papers or their bibs
#: (judged one by one in docs/accuracy.md); anything else is a false alarm.
REVIEWED = Path(__file__).resolve().parent / "data" / "corpus_true_findings.tsv"


def reviewed() -> dict[tuple[str, str, str], str]:
    rows = {}
    for line in REVIEWED.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            paper, code, subject, judgement = line.split("\t")
            rows[(paper, code, subject)] = judgement
    return rows


def subject(diagnostic, sources) -> str:
    """What a finding is about, stable across styles: the bib key, or the text flagged."""
    if diagnostic.path.endswith(".bib"):
        return diagnostic.keys[0] if diagnostic.keys else str(diagnostic.start.line)
    document = sources[diagnostic.path]
    start = document.line_starts[diagnostic.start.line - 1] + diagnostic.start.column - 1
    end = document.line_starts[diagnostic.end.line - 1] + diagnostic.end.column - 1
    return document.text[start:end]


def papers() -> list[Path]:
    return (
        sorted(p for p in CORPUS.iterdir() if (p / "references.bib").is_file())
        if CORPUS.is_dir()
        else []
    )


@dataclass
class Score:
    truth: int = 0
    found: int = 0
    spans: int = 0
    keys: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    wrong_keys: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    wrong_style: list[str] = field(default_factory=list)
    true_findings: set[tuple[str, str, str]] = field(default_factory=set)


@cache
def score(style: str, named: bool = True) -> Score:
    result = Score()
    allowed = reviewed()
    for paper in papers():
        truth = json.loads((paper / f"truth.{style}.json").read_text(encoding="utf-8"))
        article = str(paper / f"article.{style}.txt")
        config = Config(
            articles=(article,),
            bib=str(paper / "references.bib"),
            style=style if named else None,
            use_cache=False,
        )
        checked = api.check(config)
        applied = checked.report.style
        if not named and (applied is None or applied.name != style):
            result.wrong_style.append(f"{paper.name}: {applied}")
        ours = {}
        for file in checked.report.files:
            for resolution in file.resolutions:
                c = resolution.citation
                ours[(c.span.start, c.span.end)] = (c.text, resolution.keys)
        expected = {(t["offset"], t["end_offset"]): t for t in truth["citations"]}
        result.truth += len(expected)
        result.found += len(ours)
        for span, item in expected.items():
            if span not in ours:
                result.misses.append(f"{paper.name}: {item['text']!r}")
                continue
            result.spans += 1
            if list(ours[span][1]) == item["keys"] or (not item["keys"] and not ours[span][1]):
                result.keys += 1
            else:
                result.wrong_keys.append(
                    f"{paper.name}: {item['text']!r} → {list(ours[span][1])} (truth {item['keys']})"
                )
        result.extras += [
            f"{paper.name}: {text!r}" for span, (text, _) in ours.items() if span not in expected
        ]
        uncited = set(truth["uncited_bib_keys"])
        manual_missing = {
            (t["offset"], t["end_offset"]) for t in truth["citations"] if not t["keys"]
        }
        for d in checked.report.diagnostics:
            if d.severity is Severity.INFO:
                continue
            if d.code == "CP201" and set(d.keys) <= uncited:
                continue
            found = (paper.name, d.code, subject(d, checked.sources))
            if found in allowed:
                result.true_findings.add(found)
                continue
            if d.code == "CP101":
                document = checked.sources[d.path]
                start = document.line_starts[d.start.line - 1] + d.start.column - 1
                if any(s <= start < e for s, e in manual_missing):
                    continue
            result.false_alarms.append(
                f"{paper.name}:{d.start.line}:{d.start.column} {d.code} {d.message}"
            )
    return result


def _report(s: Score) -> str:
    return "\n".join(
        [
            "misses:",
            *s.misses,
            "extras:",
            *s.extras,
            "wrong keys:",
            *s.wrong_keys,
            "false alarms:",
            *s.false_alarms,
        ]
    )


pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/real is absent")


@pytest.mark.parametrize(("style", "named"), RUNS)
def test_extraction_recall_and_precision(style, named) -> None:
    s = score(style, named)
    recall, precision = s.spans / s.truth, s.spans / max(s.found, 1)
    print(f"\n{style}: recall {recall:.4f} precision {precision:.4f}\n{_report(s)}")
    assert recall >= TARGET and precision >= TARGET, _report(s)


@pytest.mark.parametrize(("style", "named"), RUNS)
def test_key_accuracy(style, named) -> None:
    s = score(style, named)
    accuracy = s.keys / s.truth
    print(f"\n{style}: key accuracy {accuracy:.4f} ({s.keys}/{s.truth})")
    assert accuracy >= TARGET, "\n".join(s.wrong_keys)


@pytest.mark.parametrize(("style", "named"), RUNS)
def test_only_true_findings_on_published_papers(style, named) -> None:
    s = score(style, named)
    counts = Counter(line.split()[1] for line in s.false_alarms)
    assert not s.false_alarms, f"{dict(counts)}\n" + "\n".join(s.false_alarms)


@pytest.mark.parametrize("style", STYLES)
def test_the_rendering_style_is_inferred(style) -> None:
    """Without --style, each paper's rendering is recognised as the style it was rendered in."""
    s = score(style, named=False)
    assert not s.wrong_style, "\n".join(s.wrong_style)


def test_reviewed_findings_are_all_still_found() -> None:
    """The reviewed list stays honest: every entry in it is a finding the check still makes."""
    found = score("apa").true_findings | score("chicago").true_findings
    stale = set(reviewed()) - found
    assert not stale, f"no longer found (remove from {REVIEWED.name}): {sorted(stale)}"
