"""Similarity of a source's record with a bib entry."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from online_payloads import entry

from citeproof.online.match import (
    Query,
    author_similarity,
    best_match,
    compare,
    normalise,
    score,
    title_similarity,
    venue_similarity,
)
from citeproof.online.results import Record


def record(
    title: str = "A title",
    authors: tuple[str, ...] = ("Smith",),
    years=(2020,),
    venue: str = "",
    subtitle: str = "",
    venue_short: tuple[str, ...] = (),
) -> Record:
    return Record(
        "Crossref",
        "10.1/x",
        title,
        subtitle=subtitle,
        authors=authors,
        years=years,
        venue=venue,
        venue_short=venue_short,
    )


@pytest.mark.parametrize(
    ("ours", "theirs", "same"),
    [
        pytest.param("van der Walt", "van der Walt", True, id="particles"),
        pytest.param("Van der Walt", "Stefan van der Walt", True, id="display-name"),
        pytest.param("Walt", "van der Walt", True, id="particle-dropped"),
        pytest.param("Schönberger", "Schonberger", True, id="diacritics"),
        pytest.param("Nunez-Iglesias", "Nunez Iglesias", True, id="hyphen"),
        pytest.param("Smith", "Jones", False, id="different"),
        pytest.param("Li", "Lin", False, id="short-names"),
    ],
)
def test_author_similarity(ours: str, theirs: str, same: bool) -> None:
    assert (author_similarity(ours, theirs) >= 0.85) is same


@pytest.mark.parametrize(
    ("ours", "theirs", "same"),
    [
        pytest.param(
            "J. Mach. Learn. Res.", "Journal of Machine Learning Research", True, id="abbrev"
        ),
        pytest.param("The Lancet", "Lancet", True, id="article"),
        pytest.param("Nature", "Science", False, id="different"),
    ],
)
def test_venue_similarity(ours: str, theirs: str, same: bool) -> None:
    assert (venue_similarity(ours, record(venue=theirs)) >= 0.8) is same


def test_title_with_or_without_subtitle() -> None:
    theirs = record("Scikit-learn", subtitle="Machine Learning in Python")
    assert title_similarity("Scikit-learn: Machine Learning in {P}ython", theirs) == 1.0
    assert title_similarity("Scikit-learn", theirs) == 1.0


def test_normalise_folds_case_accents_markup() -> None:
    assert normalise("Étude <i>in vitro</i>: the CASE!") == "etude in vitro the case"


def test_best_match_needs_title_and_confidence() -> None:
    query = Query("Measuring citation accuracy", "Smith", "2020")
    good = record("Measuring citation accuracy")
    wrong_people = record("Measuring citation accuracy", authors=("Jones",), years=(2011,))
    accepted, closest = best_match(query, [wrong_people, good], threshold=0.85)
    assert accepted is not None and accepted.record is good
    accepted, closest = best_match(query, [wrong_people], threshold=0.85)
    assert accepted is None and closest is not None and closest.confidence < 0.85


def test_online_first_year_is_not_a_mismatch() -> None:
    paper = entry("s", "A title", year="2019")
    assert compare(paper, record(years=(2020, 2019))) == ()


@given(
    st.text(min_size=1).filter(lambda t: normalise(t)),
    st.from_regex(r"[A-Z][a-z]{2,12}", fullmatch=True),
    st.integers(min_value=1800, max_value=2100),
)
def test_a_record_matches_its_own_description(title: str, surname: str, year: int) -> None:
    assert score(Query(title, surname, str(year)), record(title, (surname,), (year,))) == 1.0
