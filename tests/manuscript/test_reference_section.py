"""Reference-list detection with and without a heading, and splitting it into items."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citeproof.manuscript.document import from_text
from citeproof.manuscript.reference_section import find_reference_list, looks_like_item, split_items
from citeproof.model import Document, Span

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "real"

BODY = (
    "Intro cites (Smith, 2020) and Jones (2019).\n\nA second paragraph with more prose in 2021.\n\n"
)
APA_ITEMS = (
    "Jones, K. (2019). Another title. Press.\n\n"
    "Smith, J., & Lee, A. (2020). A title. Journal of Things, 1(2), 3–4. "
    "https://doi.org/10.1/x\n"
)


def document(text: str, path: str = "article.txt") -> Document:
    return from_text(path, text)


def span_text(doc: Document, span: Span | None) -> str | None:
    return None if span is None else doc.text[span.start : span.end]


HEADINGS = [
    "References",
    "REFERENCES",
    "# References",
    "## Bibliography",
    "**Works Cited**",
    "Literature",
    "Sources:",
    "Referenties",
    "7. References",
    "References\n==========",
]


@pytest.mark.parametrize("heading", HEADINGS)
def test_heading_variants(heading: str) -> None:
    doc = document(BODY + heading + "\n\n" + APA_ITEMS)
    assert span_text(doc, find_reference_list(doc)) == APA_ITEMS.rstrip()


def test_headless_list_with_web_residue() -> None:
    items = (
        "Gray, Andrew & William James. “Dutch PM Rutte in strong position.” Reuters. "
        "February 22, 2024.\n\n"
        "Lau, Stuart. “Stroking the ego.” February 23, 2024a. POLITICO.\n\n"
        "— “In race for top EU, NATO jobs.” POLITICO. March 04, 2024b.\n\n"
        "NOS. “Turkije is om.” NOS. April 29, 2024."
    )
    doc = document(BODY + "\n" + items + "\n\nShare this on social media")
    found = find_reference_list(doc)
    assert span_text(doc, found) == items
    assert found is not None
    assert [span_text(doc, item)[:12] for item in split_items(doc, found)] == [
        "Gray, Andrew",
        "Lau, Stuart.",
        "— “In race f",
        "NOS. “Turkij",
    ]


def test_footnotes_after_the_list_are_not_items() -> None:
    doc = document(
        BODY + "References\n\n" + APA_ITEMS + "\n[1] Corresponding author\n\n"
        "[2] https://github.com/x/y\n"
    )
    assert span_text(doc, find_reference_list(doc)) == APA_ITEMS.rstrip()


NO_LIST = [
    pytest.param("Just prose (Smith, 2020).\n\nMore prose.\n", id="prose_only"),
    pytest.param(
        "However, In 2020 the minister said so.\n\nMeanwhile, Thierry Breton spoke "
        "about it in 2021.\n",
        id="comma_sentences",
    ),
    pytest.param("References\n\nNone were used.\n", id="empty_heading"),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize("text", NO_LIST)
def test_no_reference_list(text: str) -> None:
    assert find_reference_list(document(text)) is None


ITEM_STARTS = [
    pytest.param("Hendrickson, R.C. (2014). The Changing Role. Palgrave.", True, id="apa_initials"),
    pytest.param("van der Berg, A. (2018). Title. Press.", True, id="particle"),
    pytest.param("de Silva, Brian. 2020. “PySINDy.” Journal 5 (49): 2104.", True, id="chicago"),
    pytest.param("R Core Team. (2020). R: A language. Vienna.", True, id="corporate_apa"),
    pytest.param(
        "Event Horizon Telescope Collaboration et. al. 2019a. “First M87.” 875 (1): L4.",
        True,
        id="corporate_et_al",
    ),
    pytest.param(
        "LSST Dark Energy Science Collaboration (LSST DESC), Abolfathi, B. (2021). "
        "The LSST DESC DC2. ApJS, 253(1), 31.",
        True,
        id="acronym_in_brackets",
    ),
    pytest.param(
        "xarray. (2018). Xarray: N-d labeled arrays. https://xarray.pydata.org/",
        True,
        id="lower_case_software",
    ),
    pytest.param("——— 2019. “Another title.” Journal 3.", True, id="ditto_dashes"),
    pytest.param("The next few months will reveal if he succeeds, as in 2024.", False, id="prose"),
    pytest.param("Smith, Jones and others argued this.", False, id="no_year"),
]


@pytest.mark.parametrize(("paragraph", "expected"), ITEM_STARTS)
def test_looks_like_item(paragraph: str, expected: bool) -> None:
    assert looks_like_item(paragraph) is expected


def test_split_items_one_per_line_in_a_single_block() -> None:
    items = (
        "Smith, J. (2020). A title. Press.\n"
        "    continued on an indented line.\n"
        "Jones, K. (2019). Another. Press.\n"
    )
    doc = document(BODY + "References\n\n" + items)
    found = find_reference_list(doc)
    assert found is not None
    assert [span_text(doc, item) for item in split_items(doc, found)] == [
        "Smith, J. (2020). A title. Press.\n    continued on an indented line.",
        "Jones, K. (2019). Another. Press.",
    ]


def test_split_items_one_per_paragraph() -> None:
    doc = document(BODY + "References\n\n" + APA_ITEMS)
    found = find_reference_list(doc)
    assert found is not None
    assert len(split_items(doc, found)) == 2


def _seed(name: str) -> Document:
    path = ROOT / "article" / name
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    return document(path.read_text(encoding="utf-8"), str(path))


def test_sample_article_list() -> None:
    doc = _seed("rutte-nato.txt")
    found = find_reference_list(doc)
    assert found is not None
    listed = span_text(doc, found)
    assert listed is not None
    assert listed.startswith("Gray, Andrew & William James.")
    assert listed.endswith("BNE IntelliNews. March 26, 2024.")
    items = split_items(doc, found)
    assert len(items) == 12
    assert span_text(doc, items[7]).startswith("— “In race for top EU")


def test_news_piece_has_no_list() -> None:
    assert find_reference_list(_seed("den-haag-fm.txt")) is None


def _corpus_cases() -> list:
    if not CORPUS.is_dir():
        return [pytest.param(None, None, marks=pytest.mark.skip(reason="corpus absent"))]
    return [
        pytest.param(paper, style, id=f"{paper.name}-{style}")
        for paper in sorted(CORPUS.iterdir())
        if paper.is_dir()
        for style in ("apa", "chicago")
    ]


@pytest.mark.parametrize(("paper", "style"), _corpus_cases())
def test_corpus_lists_with_and_without_heading(paper: Path, style: str) -> None:
    text = (paper / f"article.{style}.txt").read_text(encoding="utf-8")
    truth_file = paper / f"truth.{style}.json"
    truth = json.loads(truth_file.read_text(encoding="utf-8"))["reference_list"]
    doc = document(text)
    assert find_reference_list(doc) == Span(truth["offset"], truth["end_offset"])
    items = split_items(doc, Span(truth["offset"], truth["end_offset"]))
    assert len(items) == text[truth["offset"] : truth["end_offset"]].count("\n\n") + 1
    # The same list with its heading removed must still be found.
    headless = text.replace("\n\nReferences\n\n", "\n\n", 1)
    shift = len(text) - len(headless)
    assert find_reference_list(document(headless)) == Span(
        truth["offset"] - shift, truth["end_offset"] - shift
    )


def test_headless_list_one_item_per_line() -> None:
    items = (
        "Smith, J. (2020). A title. Press.\n"
        "Jones, K. (2019). Another title. Journal, 1(2).\n"
        "   continued here.\n"
        "Lee, A. 2018. “Title.” Press."
    )
    doc = document(BODY + items + "\n\nShare this on social media\n")
    found = find_reference_list(doc)
    assert span_text(doc, found) == items
    assert found is not None
    assert len(split_items(doc, found)) == 3


def test_heading_directly_followed_by_items() -> None:
    doc = document(BODY + "References\n" + APA_ITEMS)
    assert span_text(doc, find_reference_list(doc)) == APA_ITEMS.rstrip()
