"""Author names of every shape (issue #12): organisations with function words, group authors
with abbreviations, glued and elided particles, possessives after "et al.", "and colleagues",
mixed-case names and Harvard's three authors in running text. Every example is our own.
"""

from __future__ import annotations

import pytest

from citeproof.api import check_texts
from citeproof.bib.loader import parse
from citeproof.citations.extract import find_citations
from citeproof.citations.resolve import build_index, resolve_all
from citeproof.config import Config
from citeproof.manuscript.document import from_text
from citeproof.model import Status


def read(text: str) -> list[tuple[tuple[str, ...], bool, str, bool]]:
    """(authors, et al., year, possessive) of each citation found without a bib."""
    return [
        (c.authors, c.et_al, c.year, c.possessive) for c in find_citations(from_text("a.txt", text))
    ]


@pytest.mark.parametrize(
    ("text", "authors"),
    [
        pytest.param(
            "Storms were rated (Office for National Statistics, 2017).",
            ("Office for National Statistics",),
            id="preposition_for",
        ),
        pytest.param(
            "Data came from the Royal Society of Chemistry (2015).",
            ("Royal Society of Chemistry",),
            id="narrative_leading_the",
        ),
        pytest.param(
            "We used the charter (Court of the Hanseatic League, 1990).",
            ("Court of the Hanseatic League",),
            id="of_the",
        ),
        pytest.param(
            "As stated (Agency for Toxic Substances and Disease Registry, 2004).",
            ("Agency for Toxic Substances and Disease Registry",),
            id="and_inside_an_organisation",
        ),
        pytest.param(
            "Norms differ (Instituut voor Bodemkunde, 2008).",
            ("Instituut voor Bodemkunde",),
            id="foreign_head_never_lower_case",
        ),
        pytest.param(
            "Following the Bureau of Meteorology (2011), we averaged.",
            ("Bureau of Meteorology",),
            id="the_after_a_sentence_opener",
        ),
        pytest.param(
            "The results of this study differ. Results of Hartmann (2003) agree.",
            ("Hartmann",),
            id="running_text_before_of_is_not_a_name",
        ),
        pytest.param(
            "We compare Lindqvist and Moreau (2010).",
            ("Lindqvist", "Moreau"),
            id="two_people_stay_two",
        ),
        pytest.param(
            "Kept whole (Bundesamt für Strahlenschutz und Umwelt, 2012).",
            ("Bundesamt für Strahlenschutz und Umwelt",),
            id="german_und_inside",
        ),
    ],
)
def test_organisation_names_are_read_whole(text: str, authors: tuple[str, ...]) -> None:
    assert [found[0] for found in read(text)] == [authors]


@pytest.mark.parametrize(
    ("text", "authors"),
    [
        pytest.param("Wells dried (el-Masri, 2014).", ("el-Masri",), id="el_hyphen"),
        pytest.param("As d'Arcy (1999) noted.", ("d'Arcy",), id="d_straight"),
        pytest.param("As (l’Hermite-Vidal, 1988) showed.", ("l’Hermite-Vidal",), id="l_curly"),
        pytest.param("Peat (ten ’t Velde, 2001).", ("ten ’t Velde",), id="curly_elided_article"),
        pytest.param("Peat (van 't Riet, 2001).", ("van 't Riet",), id="straight_elided_article"),
    ],
)
def test_glued_and_elided_particles(text: str, authors: tuple[str, ...]) -> None:
    assert [found[0] for found in read(text)] == [authors]


@pytest.mark.parametrize(
    "text",
    [
        "Our pre-Columbian (1400) sites.",  # "pre" is no particle
        "The e-Mobility (2020) trials.",  # one letter before a hyphen is no elision
    ],
)
def test_glued_prefixes_that_are_not_particles(text: str) -> None:
    assert read(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Takahashi et al.’s (2012) cores.", (("Takahashi",), True, "2012", True), id="curly"
        ),
        pytest.param(
            "O'Neill et al.'s (2007) survey.", (("O'Neill",), True, "2007", True), id="straight"
        ),
        pytest.param(
            "Brandão and colleagues (2019) sampled.",
            (("Brandão",), True, "2019", False),
            id="and_colleagues",
        ),
        pytest.param(
            "Osei and co-workers (2005) sampled.",
            (("Osei",), True, "2005", False),
            id="and_co_workers",
        ),
        pytest.param(
            "Brandão and colleagues’ (2019) map.",
            (("Brandão",), True, "2019", True),
            id="and_colleagues_possessive",
        ),
        pytest.param(
            "Brandão and Colleagues (2019) map.",
            (("Brandão", "Colleagues"), False, "2019", False),
            id="capitalised_colleagues_is_a_name",
        ),
    ],
)
def test_et_al_forms(text: str, expected: tuple) -> None:
    assert read(text) == [expected]


@pytest.mark.parametrize(
    ("text", "authors"),
    [
        pytest.param(
            "We follow Abara, Lindholm and Quispe (1994) here.",
            ("Abara", "Lindholm", "Quispe"),
            id="harvard_three_after_lower_case_word",
        ),
        pytest.param(
            "Tools [such as the GLUE, Beven and Binley (1992)].",
            ("Beven", "Binley"),
            id="acronym_heading_a_list_is_a_tool",
        ),
        pytest.param(
            "Mapped with GeoNode (2016) and (GeoNode, 2016).",
            ("GeoNode",),
            id="mixed_case_organisation",
        ),
    ],
)
def test_lists_and_mixed_case(text: str, authors: tuple[str, ...]) -> None:
    assert {found[0] for found in read(text)} == {authors}


BIB = r"""
@report{unep, author = {{United Nations Environment Programme}}, shortauthor = {UNEP},
  title = {Frontiers}, year = {2016}}
@report{iea, author = {{International Energy Agency}}, title = {Outlook}, year = {2018}}
@report{nhc, author = {National Council for Housing and Planning}, title = {Plan}, year = {2003}}
"""


def resolved(text: str) -> list[tuple[tuple[str, ...], Status, tuple[str, ...]]]:
    index = build_index(parse(BIB, "refs.bib"), Config())
    found = find_citations(from_text("a.txt", text))
    return [(r.citation.authors, r.status, r.keys) for r in resolve_all(found, index)]


def test_short_author_from_the_bib() -> None:
    assert resolved("Reefs bleach (UNEP, 2016).") == [(("UNEP",), Status.RESOLVED, ("unep",))]


def test_abbreviation_learnt_from_the_first_citation() -> None:
    text = (
        "Early (IEA, 2018). Demand grows (International Energy Agency [IEA], 2018). "
        "Supply lags (IEA, 2018), as Harvard writes it (International Energy Agency (IEA), 2018)."
    )
    statuses = [(status, keys) for _, status, keys in resolved(text)]
    assert statuses == [
        (Status.MISSING, ()),  # before it is introduced, the abbreviation names nobody
        (Status.RESOLVED, ("iea",)),
        (Status.RESOLVED, ("iea",)),
        (Status.RESOLVED, ("iea",)),
    ]


def test_single_braced_organisation_with_and_is_one_author() -> None:
    text = "Zoning (National Council for Housing and Planning, 2003)."
    assert resolved(text) == [
        (("National Council for Housing and Planning",), Status.RESOLVED, ("nhc",))
    ]


def test_people_with_and_stay_two_authors() -> None:
    bib = "@article{k, author = {Karimi, Lale and Ortega, Tomas}, title = {T}, year = {2010}}"
    checked = check_texts("Shown by Karimi and Ortega (2010).\n", bib, Config(use_cache=False))
    assert [d.code for d in checked.report.diagnostics] == []


def test_a_place_before_a_list_of_people_is_not_an_author() -> None:
    bib = "@article{k, author = {Okonjo, Ada and Vidal, Rui}, title = {T}, year = {2011}}"
    text = "Wells failed as in Malawi, Okonjo and Vidal (2011) report.\n"
    checked = check_texts(text, bib, Config(style="harvard", use_cache=False))
    assert [d.code for d in checked.report.diagnostics] == []
    assert [r.keys for f in checked.report.files for r in f.resolutions] == [("k",)]


def test_people_named_with_of_in_the_bib_stay_people() -> None:
    bib = "@book{j, author = {John of Ashby and Peter Marsh}, title = {Letters}, year = {1190}}"
    index = build_index(parse(bib, "refs.bib"), Config())
    assert len(index.entries[0].names) == 2


def test_narrative_group_author_introduces_its_abbreviation() -> None:
    bib = "@report{ipbes, author = {{Intergovernmental Science Policy Platform}}, title = {T}, year = {2019}}"
    text = (
        "The Intergovernmental Science Policy Platform (ISPP, 2019) warned; "
        "pollinators decline (ISPP, 2019). Soils too (SPQR, 2019).\n"
    )
    checked = check_texts(text, bib, Config(style="apa", use_cache=False))
    statuses = [(r.status, r.keys) for f in checked.report.files for r in f.resolutions]
    assert statuses == [
        (Status.RESOLVED, ("ipbes",)),
        (Status.RESOLVED, ("ipbes",)),
        (Status.MISSING, ()),  # an abbreviation nobody introduced stays missing
    ]


def test_abbreviation_not_spelled_by_the_words_before_stays_alone() -> None:
    assert read("Trials with Novel Methods (NASA, 2001).") == [(("NASA",), False, "2001", False)]
