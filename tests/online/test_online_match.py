"""Similarity of a source's record with a bib entry."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from online_payloads import entry

from citeproof.model import Entry, Name
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


# --- Authors, one by one: misspelt surnames against the registry's -----------------------


def person(text: str) -> Name:
    """'Given|von|Last' (von optional), '=Corporate Name' for a corporate author."""
    if text.startswith("="):
        return Name(last=text[1:], literal=True)
    parts = text.split("|")
    if len(parts) == 2:
        return Name(first=parts[0], last=parts[1])
    return Name(first=parts[0], von=parts[1], last=parts[2])


def authored(*names: str, others: bool = False) -> Entry:
    return replace(entry("k", "A title"), names=tuple(person(n) for n in names), others=others)


def registry(*authors: str, given: tuple[str, ...] = (), source: str = "Crossref") -> Record:
    return Record(source, "10.1/x", "A title", authors=authors, given=given, years=(2020,))


def spelling(mismatches) -> list[tuple[str, int, str, str]]:
    return [
        (m.field, m.position, m.ours, m.theirs)
        for m in mismatches
        if m.field in ("author-spelling", "author-diacritics")
    ]


@pytest.mark.parametrize(
    ("ours", "theirs", "suggested"),
    [
        pytest.param("Anna|Marcheti", "Marchetti", "Marchetti", id="it-dropped-double"),
        pytest.param("Jan|Kowalsky", "Kowalski", "Kowalski", id="pl-y-for-i"),
        pytest.param("Karl|Schmdit", "Schmidt", "Schmidt", id="de-transposition"),
        pytest.param("Luis|Rodriguze", "Rodriguez", "Rodriguez", id="es-transposition"),
        pytest.param("Yuki|Nakamrua", "Nakamura", "Nakamura", id="ja-transposition"),
        pytest.param("Nikos|Papadopolous", "Papadopoulos", "Papadopoulos", id="el-two-edits"),
        pytest.param("Reza|Mohamadi", "Mohammadi", "Mohammadi", id="fa-dropped-double"),
        pytest.param("Chidi|Okonkow", "Okonkwo", "Okonkwo", id="ig-transposition"),
        pytest.param("Olga|lvanova", "Ivanova", "Ivanova", id="ru-l-for-capital-i"),
        pytest.param("Eva|Hofrnann", "Hofmann", "Hofmann", id="de-rn-for-m"),
        pytest.param("Pieter|Jannsen", "Janssen", "Janssen", id="nl-doubled-wrong-letter"),
        pytest.param("Karl|Ot", "Ott", "Ott", id="short-dropped-double"),
        pytest.param("Ali|Kahn", "Khan", "Khan", id="short-transposition"),
        pytest.param("Tom|Wiliams", "Williams", "Williams", id="en-dropped-double"),
        pytest.param("Ivan|Horvat", "Hrovat", "Hrovat", id="hr-transposition"),
        pytest.param("Ana|Ferreria", "Ferreira", "Ferreira", id="pt-transposition"),
        pytest.param("Mehmet|Yilmza", "Yilmaz", "Yilmaz", id="tr-transposition"),
        pytest.param("Stefan|van der|Wallt", "van der Walt", "van der Walt", id="particle-kept"),
        pytest.param("S.|Wlat", "Stefan van der Walt", "Walt", id="display-name"),
        pytest.param("Juan|Nunez-Iglessias", "Nunez-Iglesias", "Nunez-Iglesias", id="hyphenated"),
    ],
)
def test_misspelt_surname_is_reported_with_the_registrys_spelling(
    ours: str, theirs: str, suggested: str
) -> None:
    found = compare(authored(ours), registry(theirs))
    assert spelling(found) == [("author-spelling", 1, person(ours).family, suggested)]
    assert all(m.field != "author" for m in found)  # the same person, misspelt


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        pytest.param("Hans|Muller", "Müller", id="de-umlaut"),
        pytest.param("Hans|Mueller", "Müller", id="de-umlaut-transliterated"),
        pytest.param("Antonín|Dvorak", "Dvořák", id="cs-hacek-and-acute"),
        pytest.param("Antonín|Dvořak", "Dvořák", id="cs-one-mark-missing"),
        pytest.param("Johann|Strauss", "Strauß", id="de-eszett"),
        pytest.param("Søren|Sorensen", "Sørensen", id="da-o-slash"),
        pytest.param("Peter|Kjaer", "Kjær", id="da-ae"),
        pytest.param("Paul|Erdos", "Erdős", id="hu-double-acute"),
        pytest.param("María|Sanchez", "Sánchez", id="es-acute"),
        pytest.param("Lech|Walesa", "Wałęsa", id="pl-stroke-ogonek"),
        pytest.param("Ali|Ozturk", "Öztürk", id="tr-umlauts"),
    ],
)
def test_missing_diacritics_are_reported(ours: str, theirs: str) -> None:
    found = compare(authored(ours), registry(theirs))
    assert spelling(found) == [("author-diacritics", 1, person(ours).family, theirs)]


@pytest.mark.parametrize(
    ("ours", "theirs", "given"),
    [
        pytest.param(("J.|Smith",), ("Smith",), ("John",), id="initial-for-given"),
        pytest.param(("John|Smith",), ("Smith",), ("J. R.",), id="given-for-initials"),
        pytest.param(("John R.|Smith",), ("Smith",), ("John",), id="extra-middle-initial"),
        pytest.param(("J. R. R.|Tolkien",), ("Tolkien",), ("John Ronald Reuel",), id="initials"),
        pytest.param(("Hans|Müller",), ("Muller",), ("Hans",), id="registry-drops-marks"),
        pytest.param(("Antonín|Dvořák",), ("Dvořak",), (), id="registry-drops-one-mark"),
        pytest.param(("Johann|Strauß",), ("Strauss",), (), id="registry-writes-ss"),
        pytest.param(("Hans|Müller",), ("Mueller",), (), id="registry-transliterates"),
        pytest.param(("Hans|Mueller",), ("Muller",), (), id="registry-drops-the-long-umlaut"),
        pytest.param(("Hans|Mu\u0308ller",), ("Müller",), (), id="decomposed-marks"),
        pytest.param(("S.|Van Der|Walt",), ("van der Walt",), (), id="particle-case"),
        pytest.param(("S.|Walt",), ("van der Walt",), (), id="particle-dropped-by-us"),
        pytest.param(("S.|van der|Walt",), ("Walt",), (), id="particle-dropped-by-them"),
        pytest.param(("Juan|Nunez-Iglesias",), ("Nunez Iglesias",), (), id="hyphen-or-space"),
        pytest.param(("Juan|Nunez",), ("Nunez Iglesias",), (), id="compound-shortened"),
        pytest.param(("Gabriel|García Márquez",), ("García",), (), id="compound-shortened-2"),
        pytest.param(("Conan|O'Brien",), ("O’Brien",), (), id="apostrophe-form"),
        pytest.param(("Wei|Zhang",), ("Zhang",), ("Wei",), id="cjk-as-given-family"),
        pytest.param(("Zhang|Wei",), ("Zhang",), ("Wei",), id="cjk-swapped-in-bib"),
        pytest.param(("Wei|Zhang",), ("Wei",), ("Zhang",), id="cjk-swapped-in-record"),
        pytest.param(("Zhang|Wei",), ("Zhang",), (), id="cjk-swapped-no-given"),
        pytest.param(
            ("=World Health Organization",), ("World Health Organisation",), (), id="corporate"
        ),
        pytest.param(("A.|Smith", "B.|Jones"), ("Smith", "Jones", "Brown"), (), id="longer"),
        pytest.param(("A.|Smith", "B.|Jones", "C.|Brown"), ("Smith", "Jones"), (), id="shorter"),
    ],
)
def test_same_names_written_otherwise_are_silent(
    ours: tuple[str, ...], theirs: tuple[str, ...], given: tuple[str, ...]
) -> None:
    assert compare(authored(*ours), registry(*theirs, given=given)) == ()


@pytest.mark.parametrize(
    ("theirs",),
    [
        pytest.param(("Stefan van der Walt",), id="display-name"),
        pytest.param(("Zhang Wei",), id="family-first-display-name"),
        pytest.param(("Wei Zhang",), id="given-first-display-name"),
    ],
)
def test_openalex_display_names_are_silent_when_same(theirs: tuple[str, ...]) -> None:
    ours = "Stefan|van der|Walt" if "Walt" in theirs[0] else "Wei|Zhang"
    assert compare(authored(ours), registry(*theirs, source="OpenAlex")) == ()


def test_given_name_of_a_display_name_is_not_taken_for_a_misspelt_surname() -> None:
    # "Marta" is one edit from "Marti", but it is this display name's given name
    found = compare(authored("Anna|Marti"), registry("Marta Rossi", source="OpenAlex"))
    assert [m.field for m in found] == ["author"]
    assert spelling(compare(authored("Anna|Marti"), registry("Marta Rossi"))) == []
    # "René" is "Rene" with a mark, but it is the given name of this display name
    found = compare(authored("Paul|Rene"), registry("René Dupont", source="OpenAlex"))
    assert [m.field for m in found] == ["author"]


@pytest.mark.parametrize(
    ("ours", "theirs", "given", "expected"),
    [
        pytest.param(("J.|Smith",), ("Jones",), (), ("author",), id="another-person"),
        pytest.param(("J.|Smith",), ("Jones", "Smith"), (), ("author-order",), id="order"),
        pytest.param(("X.|Lin",), ("Li",), (), ("author",), id="short-names-differ"),
        pytest.param(("X.|Wu",), ("Xu",), (), ("author",), id="two-letter-names"),
        pytest.param(("X.|Zhang",), ("Zheng",), (), ("author",), id="short-changed-letter"),
        pytest.param(("X.|Wan",), ("Wang",), (), (), id="short-dropped-letter-as-before"),
        pytest.param(
            ("A.|Li", "B.|Tang"), ("Li", "Tong"), (), (), id="short-co-author-changed-letter"
        ),
        pytest.param(("J.|Novak",), ("Nowakowski",), (), ("author",), id="not-near"),
        pytest.param(("J.|Schmidt",), ("Schmitz",), (), (), id="existing-threshold-kept"),
        pytest.param(("Li|Lin",), ("Li",), ("Wei",), ("author",), id="given-is-their-surname"),
        pytest.param(("A.|Smith", "B.|Jones"), ("Smith", "Brown"), (), (), id="later-differs"),
    ],
)
def test_different_people_keep_the_first_author_check(
    ours: tuple[str, ...], theirs: tuple[str, ...], given: tuple[str, ...], expected: tuple
) -> None:
    found = compare(authored(*ours), registry(*theirs, given=given))
    assert tuple(m.field for m in found) == expected


def test_every_author_is_checked_at_its_position() -> None:
    ours = ("Anna|Marcheti", "Jan|Dvorak", "Li|Wang", "Karl|Schmdit")
    theirs = ("Marchetti", "Dvořák", "Wang", "Schmidt", "Brown")
    assert spelling(compare(authored(*ours, others=True), registry(*theirs))) == [
        ("author-spelling", 1, "Marcheti", "Marchetti"),
        ("author-diacritics", 2, "Dvorak", "Dvořák"),
        ("author-spelling", 4, "Schmdit", "Schmidt"),
    ]


def test_authors_are_aligned_by_best_match_when_the_order_differs() -> None:
    found = compare(authored("Paolo|Rossi", "Anna|Marcheti"), registry("Marchetti", "Rossi"))
    assert [m.field for m in found] == ["author-order", "author-spelling"]
    assert spelling(found) == [("author-spelling", 2, "Marcheti", "Marchetti")]


def test_registry_listing_an_extra_author_shifts_no_one() -> None:
    ours = ("A.|Smith", "B.|Jonse")
    theirs = ("Smith", "Brown", "Jones")
    assert spelling(compare(authored(*ours, others=True), registry(*theirs))) == [
        ("author-spelling", 2, "Jonse", "Jones")
    ]


def test_ambiguous_near_surnames_are_not_guessed() -> None:
    # "Chen" is one edit from both "Chan" and "Cheng", neither at its position
    found = compare(authored("X.|Smith", "Y.|Chen"), registry("Smith", "Brown", "Chan", "Cheng"))
    assert spelling(found) == []


def test_an_exact_name_wins_over_a_near_one() -> None:
    found = compare(authored("A.|Hansen", "B.|Hanson"), registry("Hanson", "Hansen"))
    assert spelling(found) == []
    assert [m.field for m in found] == ["author-order"]


@given(st.from_regex(r"[A-Z][a-z]{7,14}", fullmatch=True), st.data())
def test_any_single_edit_of_a_long_surname_is_reported(surname: str, data) -> None:
    at = data.draw(st.integers(min_value=1, max_value=len(surname) - 1))
    letter = data.draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz"))
    misspelt = surname[:at] + letter + surname[at + 1 :]
    found = compare(authored(f"Ann|{misspelt}"), registry(surname))
    if misspelt.lower() == surname.lower():
        assert found == ()
    else:
        assert spelling(found) == [("author-spelling", 1, misspelt, surname)]


@given(
    st.from_regex(r"[A-Z][a-z]{1,14}", fullmatch=True),
    st.sampled_from(["", "J.", "John", "J. R.", "John Ronald", "JR"]),
    st.sampled_from(["", "Jane", "J.", "Jean-Paul"]),
)
def test_given_names_never_make_a_finding(surname: str, ours: str, theirs: str) -> None:
    assert compare(authored(f"{ours}|{surname}"), registry(surname, given=(theirs,))) == ()


def test_long_lists_shifted_by_an_extra_author_are_paired_throughout() -> None:
    surnames = [f"Author{chr(97 + i % 26)}{chr(97 + i // 26)}son" for i in range(400)]
    ours = [f"A.|{s}" for s in surnames]
    ours[250] = "A.|" + surnames[250].replace("son", "sno")
    theirs = (*surnames[:5], "Interloper", *surnames[5:])
    assert spelling(compare(authored(*ours), registry(*theirs))) == [
        ("author-spelling", 251, surnames[250].replace("son", "sno"), surnames[250])
    ]
    reordered = tuple(reversed(surnames))  # same people, far from their places: silent
    assert spelling(compare(authored(*(f"A.|{s}" for s in surnames)), registry(*reordered))) == []
