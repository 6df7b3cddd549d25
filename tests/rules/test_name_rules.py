"""CP202, CP301, CP302 through the whole pipeline: the sample article and the rules' examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from citeproof.api import check_texts
from citeproof.config import Config
from citeproof.model import Diagnostic, Span
from citeproof.rules import RULES
from citeproof.rules.names import AUTHOR_VARIANT, NAME_VARIANT, TERM_VARIANT

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "article" / "rutte-nato.txt"
BIB = ROOT / "references.bib"


def run(article: str, bib: str, *codes: str, **paths: str) -> list[Diagnostic]:
    checked = check_texts(article, bib, Config(select=codes), **paths)
    return [d for d in checked.report.diagnostics if d.code in codes]


@pytest.fixture(scope="module")
def sample() -> tuple[str, str]:
    if not (ARTICLE.is_file() and BIB.is_file()):
        pytest.skip("the sample article or its references.bib is absent")
    return ARTICLE.read_text(encoding="utf-8"), BIB.read_text(encoding="utf-8")


def test_rules_are_in_the_catalogue() -> None:
    codes = {rule.code: rule for rule in RULES}
    assert codes["CP202"] is AUTHOR_VARIANT
    assert codes["CP301"] is NAME_VARIANT
    assert codes["CP302"] is TERM_VARIANT and not TERM_VARIANT.default_enabled


EXAMPLES = [
    pytest.param(rule, example, id=f"{rule.code}-{'fires' if example.fires else 'quiet'}-{i}")
    for rule in (AUTHOR_VARIANT, NAME_VARIANT, TERM_VARIANT)
    for i, example in enumerate(rule.examples)
]


@pytest.mark.parametrize(("rule", "example"), EXAMPLES)
def test_example(rule, example) -> None:
    found = run(example.article, example.bib, rule.code)
    assert bool(found) is example.fires, [d.message for d in found]


def test_sample_flags_the_four_slips_and_nothing_else(sample: tuple[str, str]) -> None:
    article, bib = sample
    found = run(article, bib, "CP301", article_path="article/rutte-nato.txt")
    located = [(d.start.line, d.start.column, d.end.column, d.suggestion) for d in found]
    assert located == [
        (17, 476, 484, "write 'Iohannis'"),
        (19, 271, 279, "write 'Iohannis'"),
        (21, 82, 90, "write 'Iohannis'"),
        (35, 235, 240, "write 'Orbán'"),
    ]
    lines = article.splitlines()
    assert [lines[d.start.line - 1][d.start.column - 1 : d.end.column - 1] for d in found] == [
        "Iohannes",
        "Iohannes",
        "Lohannes",
        "Orban",
    ]
    assert [d.keys for d in found] == [("nuttall2024",)] * 3 + [("lau2024a",)]
    assert all(d.path == "article/rutte-nato.txt" and d.severity.value == "warning" for d in found)


def test_sample_messages_count_the_other_spellings(sample: tuple[str, str]) -> None:
    found = run(*sample, "CP301")
    lohannes = found[2].message
    assert lohannes.startswith(
        "'Lohannes' — elsewhere 'Iohannis' (1× in the text, in the title of nuttall2024"
    )
    assert "'Iohannes' (2× in the text)" in lohannes
    assert "'L' for 'I'" in lohannes
    assert "sources use (nuttall2024)" in lohannes
    assert "keeps its diacritics" in found[3].message


def test_sample_findings_carry_their_fix(sample: tuple[str, str]) -> None:
    article, bib = sample
    for diagnostic in run(article, bib, "CP301"):
        (edit,) = diagnostic.edits
        assert isinstance(edit.span, Span)
        assert edit.replacement in ("Iohannis", "Orbán")
        assert article[edit.span.start : edit.span.end] in ("Iohannes", "Lohannes", "Orban")


def test_sample_bibliography_has_no_author_variant(sample: tuple[str, str]) -> None:
    assert run(*sample, "CP202") == []


def test_sample_terms_when_selected(sample: tuple[str, str]) -> None:
    found = run(*sample, "CP302")
    # Line 9 writes "Secretary-General" once against "Secretary General" in the text and in two
    # titles; the same spelling inside the POLITICO quotation on line 25 is left alone.
    assert [(d.start.line, d.suggestion) for d in found] == [(9, "write 'Secretary General'")]


def test_terms_are_off_by_default(sample: tuple[str, str]) -> None:
    checked = check_texts(*sample, Config())
    assert not any(d.code == "CP302" for d in checked.report.diagnostics)


def test_author_variant_is_reported_at_the_entry_line() -> None:
    bib = (
        "@article{lau2024a, author = {Lau, Stuart}, title = {One}, year = {2024a}}\n\n"
        "@article{lau2024b,\n  author = {Lau, Stewart},\n  title = {Two},\n"
        "  year = {2024b}\n}\n"
    )
    (found,) = run("As shown (Lau, 2024a; Lau, 2024b).", bib, "CP202", bib_path="refs.bib")
    assert (found.path, found.start.line, found.start.column) == ("refs.bib", 3, 1)
    assert found.end.line == 3 and found.end.column == len("@article{lau2024b,") + 1
    assert found.keys == ("lau2024b", "lau2024a")
    assert found.suggestion.startswith("write 'Lau, Stuart'")
    assert "'Lau, Stewart'" in found.message and "lau2024a" in found.message
