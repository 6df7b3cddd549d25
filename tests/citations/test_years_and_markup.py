"""Years, inline markup and malformed citations (#12): each class with its own examples.

Every case runs the whole pipeline (article text + bib → codes and resolved keys) or the
extractor alone where only the reading is at stake. The names, years and sentences here are
this file's own; they are not drawn from the corpus, the sample or the generator's pools.
"""

from __future__ import annotations

import pytest

from citeproof.api import check_texts
from citeproof.citations.extract import find_citations
from citeproof.config import Config
from citeproof.manuscript.document import from_text

BIB = {
    "pell": "@book{pell1962, author = {Pell, Oswin}, title = {Tidal mills of the Severn},"
    " publisher = {P}, year = {1962}, origdate = {1871}}",
    "pell_orig": "@book{pell1962, author = {Pell, Oswin}, title = {Tidal mills of the Severn},"
    " publisher = {P}, year = {1962}, origyear = {1871}}",
    "rask": "@article{rask, author = {Rask, Dagny}, title = {Moor burning}, journal = {J},"
    " pubstate = {inpress}}",
    "rask_forth": "@article{rask, author = {Rask, Dagny}, title = {Moor burning}, journal = {J},"
    " year = {forthcoming}}",
    "rask_prep": "@article{rask, author = {Rask, Dagny}, title = {Moor burning}, journal = {J},"
    " pubstate = {inpreparation}}",
    "wen_a": "@article{wena, author = {Wen, Lian}, title = {Alpha tides}, journal = {J}, year = {2011a}}",
    "wen_b": "@article{wenb, author = {Wen, Lian}, title = {Beta tides}, journal = {J}, year = {2011b}}",
    "wen_c": "@article{wenc, author = {Wen, Lian}, title = {Gamma tides}, journal = {J}, year = {2011c}}",
    "ost_a": "@misc{osta, author = {Ostrowski, Jan}, title = {Amber trade}, howpublished = {Leaflet}}",
    "ost_b": "@misc{ostb, author = {Ostrowski, Jan}, title = {Baltic ports}, howpublished = {Leaflet}}",
    "tavi": "@article{tavi, author = {Tavares, Rita and Nkemelu, Obi}, title = {Soil crusts},"
    " journal = {J}, year = {1988}}",
    "tavi_etal": "@article{tavietal, author = {Tavares, Rita and Nkemelu, Obi and Dahl, Siri},"
    " title = {Crust cover}, journal = {J}, year = {1991}}",
    "hume": "@article{hume, author = {Humeau, Paul}, title = {Marl pits}, journal = {J}, year = {1997}}",
    "hume2": "@article{hume2, author = {Humeau, Paul}, title = {Chalk pits}, journal = {J}, year = {2004}}",
}


def run(text: str, *bib: str, style: str = "apa", path: str = "article.txt"):
    """Check `text` against the named entries; return (codes, [(status, keys)])."""
    checked = check_texts(
        text + "\n",
        "\n".join(BIB[name] for name in bib),
        Config(style=style, use_cache=False),
        article_path=path,
    )
    codes = sorted(
        d.code for d in checked.report.diagnostics if d.severity.value in ("error", "warning")
    )
    found = [(r.status.value, r.keys) for f in checked.report.files for r in f.resolutions]
    return codes, found, checked.report


# ------------------------------------------------------------------ republished works

REPUBLISHED = [
    pytest.param("Mills ground grain (Pell, 1871/1962).", "apa", id="apa_slash"),
    pytest.param("Pell (1871/1962) mapped the mills.", "apa", id="apa_slash_narrative"),
    pytest.param("Mills ground grain (Pell [1871] 1962).", "chicago", id="chicago_brackets"),
    pytest.param("Pell ([1871] 1962) mapped the mills.", "chicago", id="chicago_narrative"),
    pytest.param("Mills ground grain (Pell, 1962 [1871]).", "harvard", id="harvard_after"),
    pytest.param("Mills ground grain (Pell, 1962).", "apa", id="edition_year_alone"),
]


@pytest.mark.parametrize(("text", "style"), REPUBLISHED)
@pytest.mark.parametrize("bib", ["pell", "pell_orig"])
def test_republished_work_resolves_by_edition_and_original_year(text, style, bib) -> None:
    codes, found, _ = run(text, bib, style=style)
    assert codes == []
    assert found == [("resolved", ("pell1962",))]


def test_republished_original_year_must_agree_with_origdate() -> None:
    codes, found, _ = run("Mills ground grain (Pell, 1875/1962).", "pell")
    assert codes == ["CP103"]
    assert found[0][0] == "year-mismatch"


def test_a_later_year_in_brackets_is_not_an_original() -> None:
    """'1962 [1990]' cannot be a reprint of 1990: read as the year 1962 plus a note."""
    citations = find_citations(from_text("a.txt", "Mills ground grain (Pell, 1962 [1990]).\n"))
    assert all(c.original_year == "" for c in citations)


def test_a_bracket_inside_a_republished_year_does_not_split_the_group() -> None:
    citations = find_citations(
        from_text("a.txt", "Mills ground grain (Pell [1871] 1962; Wen 2011a).\n")
    )
    assert [(c.authors, c.year, c.original_year) for c in citations] == [
        (("Pell",), "1962", "1871"),
        (("Wen",), "2011", ""),
    ]


# ---------------------------------------------------------------- unpublished works


@pytest.mark.parametrize(
    ("text", "bib"),
    [
        pytest.param("Burning dries peat (Rask, in press).", "rask", id="in_press_pubstate"),
        pytest.param("Burning dries peat (Rask, forthcoming).", "rask", id="forthcoming_pubstate"),
        pytest.param("Rask (forthcoming) burns moors.", "rask", id="forthcoming_narrative"),
        pytest.param(
            "Burning dries peat (Rask, in press).", "rask_forth", id="in_press_for_year_word"
        ),
    ],
)
def test_unpublished_state_matches_year_word_or_pubstate(text, bib) -> None:
    codes, found, _ = run(text, bib, style="chicago")
    assert "CP106" not in codes
    assert found == [("resolved", ("rask",))]


def test_in_press_is_not_a_work_in_preparation() -> None:
    codes, _, _ = run("Burning dries peat (Rask, in press).", "rask_prep")
    assert "CP103" in codes


# --------------------------------------------------------------------- year letters


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        pytest.param("Tides rose (Wen, 2011a, b).", ["wena", "wenb"], id="short_b"),
        pytest.param("Tides rose (Wen, 2011a, b, c).", ["wena", "wenb", "wenc"], id="short_bc"),
        pytest.param("Wen (2011a, c) measured tides.", ["wena", "wenc"], id="narrative_short"),
        pytest.param(
            "Tides rose (Wen 2011b, c; Pell, 1962).",
            ["wenb", "wenc", "pell1962"],
            id="then_next_work",
        ),
    ],
)
def test_short_year_letters_are_separate_works(text, keys) -> None:
    _, found, _ = run(text, "wen_a", "wen_b", "wen_c", "pell")
    assert [k for _, ks in found for k in ks] == keys
    assert all(status == "resolved" for status, _ in found)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Tides rose (Wen, 2011a, a view shared widely).", id="prose_after_letter"),
        pytest.param("Tides rose (Wen, 2011b, a).", id="letter_not_in_order"),
        pytest.param("Tides rose (Wen, 2011, b).", id="unlettered_year"),
    ],
)
def test_a_lone_letter_that_does_not_continue_a_lettered_year_is_not_a_work(text) -> None:
    citations = find_citations(from_text("a.txt", text + "\n"))
    assert len(citations) == 1


@pytest.mark.parametrize(
    ("text", "style"),
    [
        pytest.param("Amber came by sea (Ostrowski, n.d.-a; Ostrowski, n.d.-b).", "apa", id="apa"),
        pytest.param(
            "Amber came by sea (Ostrowski, n.d.a; Ostrowski, n.d.b).", "harvard", id="harvard"
        ),
    ],
)
def test_lettered_no_date_forms(text, style) -> None:
    codes, found, _ = run(text, "ost_a", "ost_b", style=style)
    assert codes == []
    assert found == [("resolved", ("osta",)), ("resolved", ("ostb",))]


# ------------------------------------------------------------------- inline markup

MARKUP = [
    pytest.param("Crusts form fast (Tavares *et al.*, 1991).", "article.md", id="star_et_al"),
    pytest.param("Crusts form fast (Tavares _et al._, 1991).", "article.md", id="underscore_et_al"),
    pytest.param("**Tavares** et al. (1991) saw crusts.", "article.md", id="bold_name"),
    pytest.param("Crusts form fast (Tavares\n*et al.*, 1991).", "article.md", id="wrapped"),
    pytest.param("Crusts form fast (Tavares <i>et al.</i>, 1991).", "article.txt", id="html_tags"),
    pytest.param("Crusts form fast (Tavares *et al.*, 1991).", "article.txt", id="plain_text"),
]


@pytest.mark.parametrize(("text", "path"), MARKUP)
def test_emphasis_inside_a_citation_is_read_through(text, path) -> None:
    codes, found, report = run(text, "tavi_etal", path=path)
    assert codes == []
    assert found == [("resolved", ("tavietal",))]
    citation = report.files[0].resolutions[0].citation
    # The span is in the original text, markers included.
    assert text[citation.span.start : citation.span.end] == citation.text
    assert citation.text.startswith(("Tavares", "**Tavares"))
    assert citation.text.rstrip(")").endswith("1991")


def test_underscores_inside_words_are_kept() -> None:
    """snake_case is not emphasis: 'data_Smith (2020)' must not become 'dataSmith'."""
    citations = find_citations(from_text("a.md", "See run_Tavares (1991) for the code.\n"))
    assert all(c.authors[0] != "Tavares" for c in citations)


def test_spans_after_markup_map_back_to_the_original_text() -> None:
    text = "A *b* c **d** (Tavares & Nkemelu, 1988) and _e_ Humeau (1997).\n"
    citations = find_citations(from_text("a.md", text))
    assert [c.text for c in citations] == ["Tavares & Nkemelu, 1988", "Humeau (1997)"]
    for citation in citations:
        assert text[citation.span.start : citation.span.end] == citation.text
        assert citation.group is not None
        assert text[citation.group.start] in "(H"


# ---------------------------------------------------------------- malformed citations

MALFORMED = [
    pytest.param("Marl was dug (Humeau, 199).", "year has three digits", id="three_digits"),
    pytest.param("Marl was dug (Humeau 199).", "year has three digits", id="three_digits_no_comma"),
    pytest.param("Marl was dug (Humeau, 19977).", "year has five digits", id="five_digits"),
    pytest.param("Marl was dug (Humeau. 1997).", "period between author and year", id="period"),
    pytest.param(
        "Marl was dug (Humeau; 1997).", "semicolon between author and year", id="semicolon"
    ),
    pytest.param("Marl was dug (Humeau, ).", "missing year", id="empty_year"),
    pytest.param(
        "Humeau (1997 dug marl pits by hand.", "unclosed parenthesis", id="unclosed_narrative"
    ),
    pytest.param(
        "Marl was dug (Humeau, 1997. Then chalk.", "unclosed parenthesis", id="unclosed_group"
    ),
]


@pytest.mark.parametrize(("text", "reason"), MALFORMED)
def test_each_malformed_citation_is_one_cp106_naming_its_entry(text, reason) -> None:
    codes, found, report = run(text, "hume")
    assert codes == ["CP106"]
    assert found == [("resolved", ("hume",))]
    (diagnostic,) = report.diagnostics
    assert reason in diagnostic.message and "resolves to hume" in diagnostic.message
    assert diagnostic.suggestion is not None and "1997" in diagnostic.suggestion


def test_doubled_period_after_et_al() -> None:
    codes, _found, report = run("Crusts form fast (Tavares et al.. 1991).", "tavi_etal")
    assert codes == ["CP106"]
    assert "doubled period" in report.diagnostics[0].message


def test_chicago_et_al_period_is_not_malformed() -> None:
    codes, _found, _ = run("Crusts form fast (Tavares et al. 1991).", "tavi_etal", style="chicago")
    assert "CP106" not in codes


def test_malformed_year_picks_the_entry_one_slip_away() -> None:
    """Two works by the author: '20044' is 2004 with a digit doubled, not 1997."""
    codes, found, report = run("Chalk was dug (Humeau, 20044).", "hume", "hume2")
    assert codes == ["CP106", "CP201"]
    assert found == [("resolved", ("hume2",))]
    assert "2004" in (report.diagnostics[0].suggestion or "")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Plots were many (n = 199).", id="count"),
        pytest.param("Plots were many (Table 2, 199 plots).", id="count_in_prose"),
        pytest.param("The walls fell (Rome, 199).", id="no_entry_for_the_name"),
        pytest.param("It closed in May. 1997 was dry (Humeau, 1997).", id="sentence_end"),
        pytest.param("The survey ended (in Lyon. 1997 saw more).", id="prose_period"),
        pytest.param("In the decade (1990 onwards, rain fell.", id="unclosed_without_names"),
    ],
)
def test_prose_that_resembles_a_malformed_citation_is_silent(text) -> None:
    codes, _, _ = run(text, "hume")
    assert "CP106" not in codes and "CP101" not in codes


# --------------------------------------------------------------- co-author mismatches


def test_a_wrong_co_author_is_an_author_list_mismatch() -> None:
    codes, found, _ = run("Crusts were thin (Tavares & Lindqvist, 1988).", "tavi")
    assert codes == ["CP105"]
    assert found == [("author-list-mismatch", ("tavi",))]


def test_a_misspelt_co_author_is_a_misspelling() -> None:
    codes, _found, _ = run("Crusts were thin (Tavares & Nkemleu, 1988).", "tavi")
    assert codes == ["CP104"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Marl was dug Humeau, 1997). Then chalk.", id="apa"),
        pytest.param("Marl was dug by Humeau 1997) and chalk later.", id="chicago"),
    ],
)
def test_a_closing_bracket_without_an_opening_one(text) -> None:
    codes, found, report = run(text, "hume")
    assert codes == ["CP106"]
    assert found == [("resolved", ("hume",))]
    assert "opening" in report.diagnostics[0].message


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Items: 1) marl 2) chalk in 1997) done.", id="list_items"),
        pytest.param("Rome fell in Italy, 1997) and more.", id="no_entry_for_the_name"),
        pytest.param("Marl was dug (see Humeau, 1997)). Then.", id="doubled_closing_bracket"),
    ],
)
def test_a_stray_closing_bracket_in_prose_is_silent(text) -> None:
    codes, _, _ = run(text, "hume")
    assert "CP106" not in codes and "CP101" not in codes


@pytest.mark.parametrize(
    ("text", "year", "original"),
    [
        pytest.param("Shown by Pell ([1871]\r\n1962) too.\r\n", "1962", "1871", id="crlf_wrap"),
        pytest.param("Shown (Pell, 1962\n[1871]) too.\n", "1962", "1871", id="harvard_wrap"),
        pytest.param("Shown (Rask,\nin press) too.\n", "in press", "", id="in_press_wrap"),
    ],
)
def test_year_forms_wrapped_across_a_line(text, year, original) -> None:
    (citation,) = find_citations(from_text("a.txt", text))
    assert (citation.year, citation.original_year) == (year, original)


def test_year_forms_never_span_a_paragraph_break() -> None:
    assert find_citations(from_text("a.txt", "Shown (Pell [1871]\n\n1962) too.\n")) == []


def test_a_three_digit_number_far_from_every_year_of_the_author_is_not_a_citation() -> None:
    """'(Humeau, 160)' is a page or a count, not a slip of 1997: nothing is reported."""
    codes, found, _ = run("Marl was dug (Humeau, 160).", "hume")
    assert codes == [] and found == []


def test_a_five_digit_year_far_from_every_year_is_still_malformed_once() -> None:
    codes, found, _ = run("Marl was dug (Humeau, 20231).", "hume")
    assert codes == ["CP106"]
    assert found == [("year-mismatch", ("hume",))]
