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


# --------------------------------------------- wrapped prose whose lines open with a citation

#: Paragraphs of prose wrapped at a fixed width, where some lines happen to begin with a
#: narrative citation: none of them is a reference list, whatever the line ending.
WRAPPED_PROSE = [
    pytest.param(
        "Soil moisture was logged hourly (Abernathy & Quispe, 2011). We adopt\n"
        "Abernathy and Quispe (2011) as the baseline for the drier plots and\n"
        "extend it to the slopes sampled by\n"
        "Tanaka-Weiss et al. (2003) during the long drought of that decade.\n",
        id="line_after_a_mid_sentence_break",
    ),
    pytest.param(
        "Grazing pressure fell after the fences were moved (Oyelaran, 1998).\n"
        "Oyelaran (1998) attributes the change to the new water points.\n"
        "Lindqvist and Aho (2004) report the same pattern in the north.\n",
        id="one_sentence_per_line_lowercase_verb_after_the_date",
    ),
    pytest.param(
        "Herders moved their flocks twice a year, a habit first recorded by\n"
        "Ferreira, Mbeki and Castellanos (1987). Those records were later\n"
        "digitised and extended by\n"
        "Ferreira et al. (1993). The series now covers three decades.\n",
        id="three_authors_after_a_dangling_by",
    ),
]


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("prose", WRAPPED_PROSE)
def test_wrapped_prose_is_not_a_reference_list(prose: str, newline: str) -> None:
    doc = document(prose.replace("\n", newline))
    assert find_reference_list(doc) is None


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_wrapped_prose_before_a_real_list_stays_out_of_it(newline: str) -> None:
    """The list after the prose is found (headless and headed), and only the list."""
    prose = WRAPPED_PROSE[0].values[0]
    items = (
        "Abernathy, R., & Quispe, L. (2011). Hourly soil moisture on terraces. Soil Use, 4(2), "
        "11–19.\n"
        "Tanaka-Weiss, M., Brandt, O., & Ilunga, P. (2003). Drought and slope. Hydrology "
        "Press.\n"
    )
    for heading in ("", "References\n\n"):
        text = (prose + "\n" + heading + items).replace("\n", newline)
        doc = document(text)
        found = span_text(doc, find_reference_list(doc))
        assert found is not None and found.startswith("Abernathy, R.,"), heading
        assert found.endswith("Hydrology Press."), heading


def test_an_item_wrapped_before_a_name_stays_one_item() -> None:
    """A line break after "In" (mid-sentence) does not open an item at the editor's name."""
    block = (
        "Okonjo, A. (2015). Rivers and towns. In\n"
        "Halvorsen, B. (Ed.), Water in cities (pp. 3–20). Fjord Press.\n"
        "Petrakis, C. (2018). Wells. Journal of Aquifers, 2(1), 1–9.\n"
    )
    doc = document("Prose citing (Okonjo, 2015) and (Petrakis, 2018).\n\nReferences\n\n" + block)
    found = find_reference_list(doc)
    assert found is not None
    starts = [span_text(doc, item)[:8] for item in split_items(doc, found)]
    assert starts == ["Okonjo, ", "Petrakis"]


@pytest.mark.parametrize(
    "item",
    [
        "Oyelaran, T. (1998). Fences and water points. Range Journal, 3, 4–9.",
        "Oyelaran, T. (1998) Fences and water points. Range Journal, 3, 4–9.",
        "Oyelaran, Tunde. 1998. “Fences and water points.” Range Journal 3: 4–9.",
        "Oyelaran, Tunde. 1998. Fences (revisited 2004) in dry lands. Range Journal 3.",
    ],
    ids=["apa", "harvard", "chicago", "chicago_bracketed_year_in_title"],
)
def test_item_starts_are_still_items(item: str) -> None:
    assert looks_like_item(item)


def test_items_ending_in_a_link_still_split() -> None:
    """A link or DOI ends an item even with no full stop after it, so the next line opens one."""
    block = (
        "Okonjo, A. (2015). Rivers and towns. Urban Water, 3, 1–9. https://doi.org/10.1/abc\n"
        "Petrakis, C. (2018). Wells. Journal of Aquifers, 2(1), 1–9. doi:10.2/xyz\n"
        "Quist, D. (2020). Pumps. https://example.org/pumps\n"
    )
    doc = document("Prose (Okonjo, 2015; Petrakis, 2018; Quist, 2020).\n\n" + block)
    found = find_reference_list(doc)
    assert found is not None
    starts = [span_text(doc, item)[:6] for item in split_items(doc, found)]
    assert starts == ["Okonjo", "Petrak", "Quist,"]
