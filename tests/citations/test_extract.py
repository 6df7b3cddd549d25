"""Citation extraction: every form the checker must read, exact spans, and non-citations."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citeproof.citations.extract import find_citations
from citeproof.manuscript.document import from_text
from citeproof.model import Citation, Kind

ROOT = Path(__file__).resolve().parents[2]
P, N = Kind.PARENTHETICAL, Kind.NARRATIVE


def cites(text: str, path: str = "article.txt") -> list[Citation]:
    return find_citations(from_text(path, text))


def summary(citation: Citation) -> tuple:
    """The fields a table row pins: span text, authors, year, suffix, kind."""
    return (citation.text, citation.authors, citation.year, citation.suffix, citation.kind)


def check_spans(text: str, citations: list[Citation]) -> None:
    for citation in citations:
        assert text[citation.span.start : citation.span.end] == citation.text
        if citation.group is not None:
            assert citation.group.start <= citation.span.start
            assert citation.span.end <= citation.group.end


FORMS = [
    pytest.param(
        "It holds (Smith, 2020).", [("Smith, 2020", ("Smith",), "2020", "", P)], id="apa_single"
    ),
    pytest.param(
        "It holds (Smith 2020).", [("Smith 2020", ("Smith",), "2020", "", P)], id="chicago_single"
    ),
    pytest.param(
        "As (Smith & Jones, 2020).",
        [("Smith & Jones, 2020", ("Smith", "Jones"), "2020", "", P)],
        id="apa_two",
    ),
    pytest.param(
        "As (Smith and Jones 2020).",
        [("Smith and Jones 2020", ("Smith", "Jones"), "2020", "", P)],
        id="chicago_two",
    ),
    pytest.param(
        "As (Smith, Jones, & Lee, 2020).",
        [("Smith, Jones, & Lee, 2020", ("Smith", "Jones", "Lee"), "2020", "", P)],
        id="apa_three",
    ),
    pytest.param(
        "As (Smith, Jones, and Lee 2020).",
        [("Smith, Jones, and Lee 2020", ("Smith", "Jones", "Lee"), "2020", "", P)],
        id="chicago_three",
    ),
    pytest.param(
        "As (Smith et al., 2020).",
        [("Smith et al., 2020", ("Smith",), "2020", "", P)],
        id="apa_et_al",
    ),
    pytest.param(
        "As (Smith et al. 2020).",
        [("Smith et al. 2020", ("Smith",), "2020", "", P)],
        id="chicago_et_al",
    ),
    pytest.param(
        "As (Smith et. al., 2020).",
        [("Smith et. al., 2020", ("Smith",), "2020", "", P)],
        id="sloppy_et_al",
    ),
    pytest.param(
        "As (Smith, 2020, p. 12).",
        [("Smith, 2020, p. 12", ("Smith",), "2020", "", P)],
        id="locator_page",
    ),
    pytest.param(
        "As (Smith, 2020: 12–14).",
        [("Smith, 2020: 12–14", ("Smith",), "2020", "", P)],
        id="locator_colon",
    ),
    pytest.param(
        "As (Smith 2018, sec. 3).",
        [("Smith 2018, sec. 3", ("Smith",), "2018", "", P)],
        id="locator_section",
    ),
    pytest.param(
        "As (Badia et al., 2018, Section 3).",
        [("Badia et al., 2018, Section 3", ("Badia",), "2018", "", P)],
        id="locator_section_word",
    ),
    pytest.param(
        "As (Smith 2020, pp. 3–4).",
        [("Smith 2020, pp. 3–4", ("Smith",), "2020", "", P)],
        id="locator_pages",
    ),
    pytest.param(
        "As (see Smith, 2020).", [("Smith, 2020", ("Smith",), "2020", "", P)], id="prefix_see"
    ),
    pytest.param(
        "As (cf. Smith 2020).", [("Smith 2020", ("Smith",), "2020", "", P)], id="prefix_cf"
    ),
    pytest.param(
        "As (e.g., Smith, 2020; Jones & Lee, 2021).",
        [
            ("Smith, 2020", ("Smith",), "2020", "", P),
            ("Jones & Lee, 2021", ("Jones", "Lee"), "2021", "", P),
        ],
        id="group_prefix",
    ),
    pytest.param(
        "As (Smith, 2019, 2020).",
        [("Smith, 2019", ("Smith",), "2019", "", P), ("2020", ("Smith",), "2020", "", P)],
        id="collapsed_years",
    ),
    pytest.param(
        "As (Smith, 2020a, 2020b).",
        [("Smith, 2020a", ("Smith",), "2020", "a", P), ("2020b", ("Smith",), "2020", "b", P)],
        id="collapsed_suffixes",
    ),
    pytest.param("As (Smith, n.d.).", [("Smith, n.d.", ("Smith",), "n.d.", "", P)], id="no_date"),
    pytest.param(
        "As (Smith, in press).", [("Smith, in press", ("Smith",), "in press", "", P)], id="in_press"
    ),
    pytest.param(
        "As (Jong et al., in review).",
        [("Jong et al., in review", ("Jong",), "in review", "", P)],
        id="in_review",
    ),
    pytest.param(
        "As (Met Office, 2010 - 2015).",
        [("Met Office, 2010 - 2015", ("Met Office",), "2010 - 2015", "", P)],
        id="year_range",
    ),
    pytest.param(
        "As (Jones et al., 2001--).",
        [("Jones et al., 2001--", ("Jones",), "2001--", "", P)],
        id="open_range",
    ),
    pytest.param(
        "Then Smith (2020) said.", [("Smith (2020)", ("Smith",), "2020", "", N)], id="narrative"
    ),
    pytest.param(
        "Then Smith and Jones (2020) said.",
        [("Smith and Jones (2020)", ("Smith", "Jones"), "2020", "", N)],
        id="narrative_and",
    ),
    pytest.param(
        "Then Smith & Jones (2020) said.",
        [("Smith & Jones (2020)", ("Smith", "Jones"), "2020", "", N)],
        id="narrative_ampersand",
    ),
    pytest.param(
        "Then Smith, Jones, and Lee (2020) said.",
        [("Smith, Jones, and Lee (2020)", ("Smith", "Jones", "Lee"), "2020", "", N)],
        id="narrative_three",
    ),
    pytest.param(
        "Then Smith et al. (2020) said.",
        [("Smith et al. (2020)", ("Smith",), "2020", "", N)],
        id="narrative_et_al",
    ),
    pytest.param(
        "Then Smith (2020, p. 4) said.",
        [("Smith (2020, p. 4)", ("Smith",), "2020", "", N)],
        id="narrative_locator",
    ),
    pytest.param(
        "Then Cole and Voytek (2018a, 2018b) said.",
        [
            ("Cole and Voytek (2018a, 2018b)", ("Cole", "Voytek"), "2018", "a", N),
            ("2018b", ("Cole", "Voytek"), "2018", "b", N),
        ],
        id="narrative_collapsed",
    ),
    pytest.param(
        "In Smith's (2020) view.",
        [("Smith's (2020)", ("Smith",), "2020", "", N)],
        id="possessive_s",
    ),
    pytest.param(
        "In Jones’ (2020) view.",
        [("Jones’ (2020)", ("Jones",), "2020", "", N)],
        id="possessive_apostrophe",
    ),
    pytest.param(
        "Using Cohen’s (1988) d.",
        [("Cohen’s (1988)", ("Cohen",), "1988", "", N)],
        id="possessive_curly",
    ),
    pytest.param(
        "As (World Health Organization, 2021).",
        [("World Health Organization, 2021", ("World Health Organization",), "2021", "", P)],
        id="corporate",
    ),
    pytest.param(
        "As (NOS, 2024).", [("NOS, 2024", ("NOS",), "2024", "", P)], id="corporate_acronym"
    ),
    pytest.param(
        "We used R Core Team (2020).",
        [("R Core Team (2020)", ("R Core Team",), "2020", "", N)],
        id="r_core_team",
    ),
    pytest.param(
        "As (Event Horizon Telescope Collaboration et. al., 2019a).",
        [
            (
                "Event Horizon Telescope Collaboration et. al., 2019a",
                ("Event Horizon Telescope Collaboration",),
                "2019",
                "a",
                P,
            )
        ],
        id="eht",
    ),
    pytest.param(
        "From LSST Dark Energy Science Collaboration (LSST DESC) et al. (2021) on.",
        [
            (
                "LSST Dark Energy Science Collaboration (LSST DESC) et al. (2021)",
                ("LSST Dark Energy Science Collaboration (LSST DESC)",),
                "2021",
                "",
                N,
            )
        ],
        id="corporate_acronym_in_brackets",
    ),
    pytest.param(
        "As (StarKiller Microphysics Development Team et al. 2020).",
        [
            (
                "StarKiller Microphysics Development Team et al. 2020",
                ("StarKiller Microphysics Development Team",),
                "2020",
                "",
                P,
            )
        ],
        id="starkiller",
    ),
    pytest.param(
        "Data from International Energy Agency - IEA (2020) show.",
        [
            (
                "International Energy Agency - IEA (2020)",
                ("International Energy Agency - IEA",),
                "2020",
                "",
                N,
            )
        ],
        id="iea",
    ),
    pytest.param(
        "As (Ann S. Almgren et al. 2013; K. Kelley 2020).",
        [
            ("Ann S. Almgren et al. 2013", ("Almgren",), "2013", "", P),
            ("K. Kelley 2020", ("Kelley",), "2020", "", P),
        ],
        id="initials_added",
    ),
    pytest.param(
        "As (Masahiro Suzuki and Matsuo 2023).",
        [("Masahiro Suzuki and Matsuo 2023", ("Masahiro Suzuki", "Matsuo"), "2023", "", P)],
        id="given_name_added",
    ),
    pytest.param(
        "As (Lüdecke, Makowski, et al., 2020).",
        [("Lüdecke, Makowski, et al., 2020", ("Lüdecke", "Makowski"), "2020", "", P)],
        id="citeproc_co_author_et_al",
    ),
    pytest.param(
        "As (van der Berg, 2018).",
        [("van der Berg, 2018", ("van der Berg",), "2018", "", P)],
        id="particle",
    ),
    pytest.param(
        "Van der Berg (2018) said.",
        [("Van der Berg (2018)", ("Van der Berg",), "2018", "", N)],
        id="particle_sentence_start",
    ),
    pytest.param(
        "As (de Silva et al. 2020).",
        [("de Silva et al. 2020", ("de Silva",), "2020", "", P)],
        id="particle_de",
    ),
    pytest.param(
        "As (Sądowski et al., 2013; O’Shea 2004; D'Aquino, 2021).",
        [
            ("Sądowski et al., 2013", ("Sądowski",), "2013", "", P),
            ("O’Shea 2004", ("O’Shea",), "2004", "", P),
            ("D'Aquino, 2021", ("D'Aquino",), "2021", "", P),
        ],
        id="diacritics_apostrophes",
    ),
    pytest.param(
        "As (Foreman-Mackey et al. 2017).",
        [("Foreman-Mackey et al. 2017", ("Foreman-Mackey",), "2017", "", P)],
        id="hyphenated",
    ),
    pytest.param(
        "As (Smith and\nJones, 2020) and Lee et\nal. (2021).",
        [
            ("Smith and\nJones, 2020", ("Smith", "Jones"), "2020", "", P),
            ("Lee et\nal. (2021)", ("Lee",), "2021", "", N),
        ],
        id="hard_wrap",
    ),
    pytest.param(
        "As (e.g.\u00a0Smith\u00a02020) and (Lee\u202f2021).",
        [
            ("Smith\u00a02020", ("Smith",), "2020", "", P),
            ("Lee\u202f2021", ("Lee",), "2021", "", P),
        ],
        id="non_breaking_spaces",
    ),
    pytest.param(
        "As (Stone et al. (2020), White, Stone, and Gammie (2016)).",
        [
            ("Stone et al. (2020)", ("Stone",), "2020", "", N),
            ("White, Stone, and Gammie (2016)", ("White", "Stone", "Gammie"), "2016", "", N),
        ],
        id="nested_narratives",
    ),
    pytest.param(
        "Arrays [SKA; Dewdney et al. (2009)] exist.",
        [("Dewdney et al. (2009)", ("Dewdney",), "2009", "", N)],
        id="narrative_in_square_brackets",
    ),
    pytest.param(
        "As (the package (Lüdecke, Ben-Shachar, et al., 2020)).",
        [("Lüdecke, Ben-Shachar, et al., 2020", ("Lüdecke", "Ben-Shachar"), "2020", "", P)],
        id="double_closing",
    ),
    pytest.param(
        "As (Baydin et al., 2019; e.g., Metropolis et al., 1953).",
        [
            ("Baydin et al., 2019", ("Baydin",), "2019", "", P),
            ("Metropolis et al., 1953", ("Metropolis",), "1953", "", P),
        ],
        id="prefix_mid_group",
    ),
    pytest.param(
        "The algorithm[4] (Foreman-Mackey et al. 2017; Ambikasaran 2015).",
        [
            ("Foreman-Mackey et al. 2017", ("Foreman-Mackey",), "2017", "", P),
            ("Ambikasaran 2015", ("Ambikasaran",), "2015", "", P),
        ],
        id="footnote_glued",
    ),
    pytest.param(
        "| JMVAE (Suzuki et al., 2016)   | ✓ |",
        [("Suzuki et al., 2016", ("Suzuki",), "2016", "", P)],
        id="table_cell",
    ),
    pytest.param(
        "  Ours      Aguila et al. (2023)   Sejnova et al. (2024)",
        [
            ("Aguila et al. (2023)", ("Aguila",), "2023", "", N),
            ("Sejnova et al. (2024)", ("Sejnova",), "2024", "", N),
        ],
        id="table_columns",
    ),
    pytest.param(
        "As [Smith, 2020] and [see Jones 2019].",
        [("Smith, 2020", ("Smith",), "2020", "", P), ("Jones 2019", ("Jones",), "2019", "", P)],
        id="square_brackets",
    ),
    pytest.param(
        "As (NS, Skilling 2004) and (as in Polychord, Handley, Hobson, and Lasenby 2015).",
        [
            ("Skilling 2004", ("Skilling",), "2004", "", P),
            ("Handley, Hobson, and Lasenby 2015", ("Handley", "Hobson", "Lasenby"), "2015", "", P),
        ],
        id="capitalised_prefixes",
    ),
    pytest.param(
        "As (similar to NoGUTS, Griffiths & Wales, 2019).",
        [("Griffiths & Wales, 2019", ("Griffiths", "Wales"), "2019", "", P)],
        id="camel_case_prefix",
    ),
    pytest.param(
        "Tests [such as the ROPE, Kruschke & Liddell (2018); the MAP].",
        [("Kruschke & Liddell (2018)", ("Kruschke", "Liddell"), "2018", "", N)],
        id="acronym_prefix",
    ),
    pytest.param(
        "Arrays (xarray, 2018) and (mackelab.org 2017).",
        [
            ("xarray, 2018", ("xarray",), "2018", "", P),
            ("mackelab.org 2017", ("mackelab.org",), "2017", "", P),
        ],
        id="lower_case_authors",
    ),
    pytest.param(
        "Following Smith (2020), we follow the rules.",
        [("Smith (2020)", ("Smith",), "2020", "", N)],
        id="sentence_opener_dropped",
    ),
    pytest.param(
        "In Smith et al. (2020) and The Astropy Collaboration (2013).",
        [
            ("Smith et al. (2020)", ("Smith",), "2020", "", N),
            ("Astropy Collaboration (2013)", ("Astropy Collaboration",), "2013", "", N),
        ],
        id="stop_words_dropped",
    ),
    pytest.param(
        "(Smith, 2020) opens the line.", [("Smith, 2020", ("Smith",), "2020", "", P)], id="at_start"
    ),
]


@pytest.mark.parametrize(("text", "expected"), FORMS)
def test_forms(text: str, expected: list[tuple]) -> None:
    found = cites(text)
    assert [summary(citation) for citation in found] == expected
    check_spans(text, found)


DETAILS = [
    pytest.param(
        "As (e.g., Smith, 2020).",
        {"prefix": "e.g.,", "group_text": "(e.g., Smith, 2020)"},
        id="prefix_and_group",
    ),
    pytest.param("As (Smith, 2020, p. 12).", {"locator": "p. 12"}, id="locator"),
    pytest.param(
        "Then Smith (2020, p. 4) said.",
        {"locator": "p. 4", "group_text": "Smith (2020, p. 4)"},
        id="narrative_group_is_span",
    ),
    pytest.param("As (Smith et al., 2020).", {"et_al": True, "possessive": False}, id="et_al_flag"),
    pytest.param(
        "In Smith's (2020) view.", {"possessive": True, "et_al": False}, id="possessive_flag"
    ),
    pytest.param("As (Smith, 2020).", {"collapsed": False, "malformed": None}, id="plain_flags"),
]


@pytest.mark.parametrize(("text", "fields"), DETAILS)
def test_details(text: str, fields: dict) -> None:
    (citation,) = cites(text)
    for name, value in fields.items():
        if name == "group_text":
            assert citation.group is not None
            assert text[citation.group.start : citation.group.end] == value
        else:
            assert getattr(citation, name) == value, name


def test_collapsed_item_carries_authors() -> None:
    first, second = cites("As (Smith, 2019, 2020).")
    assert second.collapsed and not first.collapsed
    assert second.authors == ("Smith",) and second.text == "2020"
    assert first.group == second.group


MALFORMED = [
    pytest.param(
        "As (Nazar; 2024).",
        "Nazar; 2024",
        ("Nazar",),
        "2024",
        "semicolon between author and year",
        id="semicolon_between_author_and_year",
    ),
    pytest.param(
        "As (Smith, 2020 and the sentence goes on.",
        "Smith, 2020",
        ("Smith",),
        "2020",
        "unclosed parenthesis",
        id="unbalanced",
    ),
    pytest.param(
        "As (Smith, 20201).",
        "Smith, 20201",
        ("Smith",),
        "20201",
        "year has five digits",
        id="five_digit_year",
    ),
    pytest.param("As (Smith, ).", "Smith,", ("Smith",), "", "missing year", id="missing_year"),
    pytest.param(
        "As (Smith 2020 p. 4).",
        "Smith 2020 p. 4",
        ("Smith",),
        "2020",
        "no comma before the locator",
        id="locator_without_comma",
    ),
]


@pytest.mark.parametrize("text", ["As (Smith 2020, Jones 2021).", "As (Smith 2020 Jones 2021)."])
def test_works_without_semicolon(text: str) -> None:
    first, second = cites(text)
    assert (first.text, first.malformed) == ("Smith 2020", None)
    assert (second.text, second.authors, second.prefix) == ("Jones 2021", ("Jones",), "")
    assert second.malformed == "works not separated by a semicolon"


@pytest.mark.parametrize(("text", "span", "authors", "year", "reason"), MALFORMED)
def test_malformed(text: str, span: str, authors: tuple, year: str, reason: str) -> None:
    (citation,) = cites(text)
    assert (citation.text, citation.authors, citation.year, citation.malformed) == (
        span,
        authors,
        year,
        reason,
    )


def test_unclosed_group_stops_at_sentence_end() -> None:
    found = cites("As (Smith, 2020 shows. Later Trump 2024 won (Jones, 2021).")
    assert [c.text for c in found] == ["Smith, 2020", "Jones, 2021"]
    assert found[1].malformed is None


NOT_CITATIONS = [
    pytest.param("It happened (in 2022).", id="in_year"),
    pytest.param("It happened (March 2024).", id="month_year"),
    pytest.param("It happened (May 2024).", id="may_year"),
    pytest.param("It happened (Spring 2020).", id="season_year"),
    pytest.param("Before the 2024 election.", id="bare_year"),
    pytest.param("The war (1990–1995) ended.", id="year_range_alone"),
    pytest.param("Frederick the Great (1712–1786) ruled.", id="life_dates"),
    pytest.param("A sample (N = 1,204) was drawn.", id="sample_size"),
    pytest.param("An interval (95% CI 0.71–0.93).", id="confidence_interval"),
    pytest.param("As shown (see Table 2).", id="see_table"),
    pytest.param("As shown (Figure 3, 2020).", id="figure_and_year"),
    pytest.param("Funded (grant StG 2012-313553).", id="grant_number"),
    pytest.param("At PyCon 2016 we met.", id="conference"),
    pytest.param("Images in JPEG 2000 format.", id="format_name"),
    pytest.param("Requires Python (3.8) or later.", id="version"),
    pytest.param("It was (2020) alone.", id="year_alone"),
    pytest.param("as shown in . Aggregated results", id="latex_leftover"),
    pytest.param("A depth (2000 m) and (p < 0.05).", id="units_and_p"),
    pytest.param("In (2020) and The (2020) and However (2020).", id="stop_words"),
    pytest.param("Use (version 2020.1) in (the 1990s).", id="decimal_and_decade"),
    pytest.param("Since (circa 2020) and (e.g., 2020) and (before 2020).", id="lower_case_words"),
    pytest.param("Code: lyapunovspectrum(ds, 2000; dt = 2.0)", id="function_call"),
    pytest.param("See (LLVM, https://llvm.org/2020) for it.", id="url_in_group"),
    pytest.param("Visit (https://example.org/Smith, 2020/x) now.", id="url_in_plain_text"),
    pytest.param("the period (2010–2020) and (Table 1, 2019).", id="period_and_table"),
    pytest.param("During (Tokyo 2020 Olympics) it rained.", id="event_name"),
    pytest.param("Dates (26 April 2024) and (April 26, 2024).", id="dates"),
]


@pytest.mark.parametrize("text", NOT_CITATIONS)
def test_not_citations(text: str) -> None:
    assert cites(text) == []


def test_reference_list_is_skipped() -> None:
    text = (
        "Body cites (Smith, 2020).\n\nReferences\n\n"
        "Smith, J. (2020). A title. Journal, 1(2), 3–4.\n\n"
        "Jones, K. (2019). Cited as Jones (2019) nowhere. Press.\n"
    )
    assert [c.text for c in cites(text)] == ["Smith, 2020"]


def test_markdown_code_and_links_are_masked() -> None:
    text = (
        "Prose (Smith, 2020) and `code (Jones, 2021)` and [Lee (2019)](https://x.org/(Kim, "
        "2018)).\n\n```\n(Fenced, 2017)\n```\n"
    )
    assert [c.text for c in cites(text, "paper.md")] == ["Smith, 2020", "Lee (2019)"]


SAMPLE_EXPECTED = [
    ("Hendrickson", "2014", ""),
    ("Gray", "2024", ""),
    ("Hekster", "2023", ""),
    ("Nuttall", "2024", ""),
    ("Lau", "2024", ""),
    ("Hickman", "2023", ""),
    ("Lau", "2024", "c"),
    ("Lau", "2024", "b"),
    ("Kayali", "2024", ""),
    ("NOS", "2024", ""),
    ("Nazar", "2024", ""),
    ("Gyori", "2024", ""),
    ("Reuters", "2024", ""),
    ("Lau", "2024", "a"),
]


def _sample(name: str) -> str:
    path = ROOT / "article" / name
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    return path.read_text(encoding="utf-8")


def test_sample_article() -> None:
    text = _sample("rutte-nato.txt")
    found = cites(text)
    assert [(c.authors[0], c.year, c.suffix) for c in found] == SAMPLE_EXPECTED
    assert found[1].authors == ("Gray", "James")
    malformed = [c for c in found if c.malformed]
    assert [(c.text, c.authors, c.year) for c in malformed] == [("Nazar; 2024", ("Nazar",), "2024")]
    assert all(c.kind is P for c in found)
    reference_list_start = text.index("Gray, Andrew & William James.")
    assert all(c.span.end < reference_list_start for c in found)
    check_spans(text, found)


def test_news_piece_has_no_citations() -> None:
    assert cites(_sample("den-haag-fm.txt")) == []


def test_offsets_refer_to_original_text_with_crlf_free_input() -> None:
    text = "Ünïcödé prose — (Müller & Ørsted, 2020) ✓."
    (citation,) = cites(text)
    assert citation.text == "Müller & Ørsted, 2020"
    assert text[citation.span.start : citation.span.end] == citation.text


PATHOLOGICAL = [
    pytest.param("(" * 100_000, id="open_brackets"),
    pytest.param(")" * 100_000, id="close_brackets"),
    pytest.param("Smith " * 20_000 + "(2020)", id="long_name_run"),
    pytest.param("Smith and " * 10_000 + "Jones (2020)", id="long_and_run"),
    pytest.param("(" + "Smith, " * 15_000 + "2020)", id="long_comma_list"),
    pytest.param("(" + "2020, " * 20_000 + ")", id="many_years"),
    pytest.param("Smith (" + "2020, " * 20_000 + ")", id="many_narrative_years"),
    pytest.param("(" + "Smith et al. " * 10_000 + "2020)", id="many_et_al"),
    pytest.param("(Smith 2020 " * 10_000, id="unclosed_repeats"),
    pytest.param("a (2020) " * 12_000, id="many_bare_years"),
    pytest.param("(" * 30_000 + "Smith 2020" + ")" * 30_000, id="deep_nesting"),
    pytest.param("A. " * 30_000 + "Smith (2020)", id="many_initials"),
    pytest.param("(Smith, )" * 10_000, id="many_missing_years"),
    pytest.param("x" * 100_000 + " (Smith, 2020)", id="one_long_word"),
    pytest.param("( Smith " * 20_000 + "2020 ) " * 20_000, id="nested_years_outside_in"),
    pytest.param("Smith (" * 20_000 + "2020) " * 20_000, id="nested_narratives"),
    pytest.param("(" * 20_000 + "Smith 2020" + " Lee 2021)" * 20_000, id="nested_works"),
]


@pytest.mark.parametrize("text", PATHOLOGICAL)
def test_pathological_line_is_fast(text: str) -> None:
    started = time.process_time()
    found = cites(text, "line.md")
    assert time.process_time() - started < 2.0
    check_spans(text, found)


def test_long_article_is_fast() -> None:
    paragraph = (
        "Prior work (Smith et al., 2020; Jones & Lee, 2019a, 2019b) and Brown (2018) showed that "
        "the 2024 results (N = 1,204) hold (see Table 2), as Ann S. Almgren et al. (2013) and "
        "the R Core Team (2020) noted (e.g., van der Berg, 2018, p. 4; Nazar; 2024). "
    )
    text = "\n\n".join([paragraph * 4] * 300)  # about 200,000 words, 6,000 citations
    started = time.process_time()
    found = cites(text)
    elapsed = time.process_time() - started
    assert len(found) == 300 * 4 * 8
    assert elapsed < 1.5


CITATION_BITS = st.sampled_from(
    [
        "Smith",
        "Jones",
        "van der Berg",
        "O’Shea",
        "R Core Team",
        "NOS",
        "et al.",
        "et. al.",
        "and",
        "&",
        ",",
        ";",
        ":",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\u00a0",
        "(",
        ")",
        "[",
        "]",
        "2020",
        "2019a",
        "n.d.",
        "in press",
        "2010 - 2015",
        "20201",
        "p. 4",
        "see",
        "e.g.,",
        "’s",
        ".",
        "-",
        "`",
        "https://x.org/2020",
        "Table",
        "The",
        "(Smith, 2020)",
        "Lee (2019)",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(CITATION_BITS | st.text(max_size=4), max_size=50), st.sampled_from(["a.txt", "a.md"])
)
def test_any_text_gives_consistent_citations(pieces: list[str], path: str) -> None:
    text = "".join(pieces)
    found = cites(text, path)
    check_spans(text, found)
    for citation in found:
        assert citation.span.start < citation.span.end
        assert citation.year or citation.malformed == "missing year"
        assert citation.authors
    assert [c.span.start for c in found] == sorted(c.span.start for c in found)
