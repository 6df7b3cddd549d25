"""Odd characters are normalised for matching; spans stay in the original text."""

from __future__ import annotations

import pytest

from citeproof.api import check_texts
from citeproof.manuscript.normalise import normalise

BIB = """@article{smith2020, author = {Smith, Ann and Jones, Bo}, title = {T}, year = {2020}}
@article{o2019, author = {\\"{O}zil, Jo}, title = {V}, year = {2019}}
@article{fi2018, author = {Fischer, Jo}, title = {W}, year = {2018}}
"""


@pytest.mark.parametrize(
    ("written", "key"),
    [
        pytest.param("(Smi\u00adth & Jones, 2020)", "smith2020", id="soft_hyphen"),
        pytest.param("(Smith\u200b & Jones, 2020)", "smith2020", id="zero_width_space"),
        pytest.param("(Smith & Jones,\u00a02020)", "smith2020", id="no_break_space"),
        pytest.param("(Smith & Jones,\u20092020)", "smith2020", id="thin_space"),
        pytest.param("(Smith & Jones, \u200f2020)", "smith2020", id="rtl_mark"),
        pytest.param("(O\u0308zil, 2019)", "o2019", id="nfd_umlaut"),
        pytest.param(
            "(\ufb01scher, 2018)".replace("\ufb01scher", "Fi\u200dscher"),
            "fi2018",
            id="zero_width_joiner",
        ),
        pytest.param("(Fischer,\u202f2018)", "fi2018", id="narrow_no_break_space"),
    ],
)
def test_odd_characters_resolve_with_original_spans(written: str, key: str) -> None:
    article = f"As shown {written} here.\n"
    checked = check_texts(article, BIB)
    (resolution,) = checked.report.files[0].resolutions
    citation = resolution.citation
    assert resolution.keys == (key,)
    assert article[citation.span.start : citation.span.end] == citation.text
    assert citation.text.startswith(written[1:3])  # the original characters, not normalised
    assert not [d for d in checked.report.diagnostics if d.code.startswith("CP1")]


def test_ligature_spelled_out_and_mapped_back() -> None:
    text, starts, ends = normalise("e\ufb03cient (Fischer,\u00a02018)")
    assert text == "efficient (Fischer, 2018)"
    assert starts[:5] == (0, 1, 1, 1, 2) and ends[1:4] == (2, 2, 2)
    assert starts[-1] == len("e\ufb03cient (Fischer,\u00a02018)")


def test_plain_text_needs_no_view() -> None:
    assert normalise("Plain ASCII (Smith, 2020).") is None
    assert normalise("Already NFC: Özil, Orbán’s “quote”.") is None


def test_findings_point_into_the_original_text() -> None:
    # A year mismatch after an invisible character: the column counts the original text.
    article = "\u200b\u200bAs shown (Smith & Jones, 2019).\n"
    checked = check_texts(article, BIB)
    (finding,) = [d for d in checked.report.diagnostics if d.code == "CP103"]
    assert (finding.start.line, finding.start.column) == (1, article.index("Smith") + 1)
    assert finding.end.column == article.index(")") + 1


@pytest.mark.parametrize(
    "written",
    [
        pytest.param("As “Smith and Jones (2020)” argue.", id="double_quotes_around"),
        pytest.param("‘(Smith & Jones, 2020)’", id="single_quotes_around"),
        pytest.param("As (O’Brien, 2020) says.", id="typographic_apostrophe"),
        pytest.param("As (O'Brien, 2020) says.", id="straight_apostrophe"),
    ],
)
def test_smart_quotes_need_no_normalising(written: str) -> None:
    """The finders read typographic quotes as they are, so they are left in the text."""
    bib = BIB + "@article{ob2020, author = {O'Brien, Ann}, title = {X}, year = {2020}}\n"
    checked = check_texts(written, bib)
    (resolution,) = checked.report.files[0].resolutions
    assert resolution.keys in (("smith2020",), ("ob2020",))
