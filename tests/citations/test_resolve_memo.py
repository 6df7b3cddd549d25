"""The resolver's shortcuts give the answers of the plain definitions they replace.

Resolution groups an author's entries by year once per run and caches pure functions of
citation and entry values. On a generated bibliography (shared surnames, repeated and
unpublished years, further years, original years, particles, organisations) and every
citation form drawn from it, the grouped year filter must equal testing each entry, the
cached author-list checks must equal a fresh computation, and resolving a whole article at
once must equal resolving each citation on a fresh index.
"""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from citeproof.bib.loader import parse
from citeproof.citations import resolve as resolver
from citeproof.citations.resolve import build_index, normalise_year, resolve, resolve_all
from citeproof.config import Config
from citeproof.model import Citation, Entry, Kind, Span

_SURNAMES = ("Smith", "Dorigo", "van der Berg", "Müller", "Birattari", "Lee", "Stützle")
_GIVEN = ("Ann", "M.", "Bo", "Karl", "T.")
_YEARS = ("2019", "2020", "2020", "2021", "in press", "forthcoming", "n.d.", "2010--2015")
_PUBSTATES = ("", "", "", "inpress", "forthcoming", "submitted")
_CITED_YEARS = ("2019", "2020", "2021", "2022", "in press", "forthcoming", "n.d.", "2010-2015")


def _bib(seed: int) -> str:
    rng = random.Random(seed)
    blocks = []
    for number in range(120):
        people = rng.sample(_SURNAMES, rng.randint(1, 4))
        authors = " and ".join(f"{name}, {rng.choice(_GIVEN)}" for name in people)
        if rng.random() < 0.1:
            authors += " and others"
        if rng.random() < 0.05:
            authors = "{World Health Organization}"
        fields = [f"author = {{{authors}}}", f"title = {{Work {number}}}"]
        fields.append(f"year = {{{rng.choice(_YEARS)}}}")
        pubstate = rng.choice(_PUBSTATES)
        if pubstate:
            fields.append(f"pubstate = {{{pubstate}}}")
        if rng.random() < 0.1:
            fields.append(f"origdate = {{{rng.choice(('1776', '1800'))}}}")
        blocks.append(f"@article{{w{number}, {', '.join(fields)}}}")
    return "\n".join(blocks)


def _citations(seed: int) -> list[Citation]:
    rng = random.Random(seed + 1)
    found = []
    position = 0
    for _ in range(400):
        authors = tuple(rng.sample((*_SURNAMES, "World Health Organization"), rng.randint(1, 3)))
        if rng.random() < 0.1:
            authors = (f"{rng.choice(_GIVEN)} {authors[0]}", *authors[1:])
        year = rng.choice(_CITED_YEARS)
        text = f"{', '.join(authors)}, {year}"
        found.append(
            Citation(
                span=Span(position, position + len(text)),
                text=text,
                kind=rng.choice((Kind.PARENTHETICAL, Kind.NARRATIVE)),
                authors=authors,
                et_al=rng.random() < 0.3,
                year=year,
                suffix=rng.choice(("", "", "a", "b")),
                original_year=rng.choice(("", "", "1776", "1800")),
            )
        )
        position += len(text) + 2
    return found


def _plain_year_matches(entry: Entry, year: str, original: str) -> bool:
    """The year test as first written: each of the entry's dates compared one by one."""
    if original:
        known = resolver.original_year(entry)
        if known and known != original:
            return False
    if normalise_year(entry.year) == year or any(
        normalise_year(other) == year for other in entry.also_years
    ):
        return True
    pubstate = normalise_year(entry.fields.get("pubstate", ""))
    entry_word = normalise_year(entry.year)
    for words, states in resolver._UNPUBLISHED:
        if year in words and (pubstate in states or entry_word in words):
            return True
    return False


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_grouped_year_filter_equals_testing_each_entry(seed: int) -> None:
    index = build_index(parse(_bib(seed), "gen.bib"), Config())
    original_years = ("", "1776", "1800")
    for candidates in (*index.by_first.values(), index.entries):
        for cited in _CITED_YEARS:
            year = normalise_year(cited)
            for original in original_years:
                plain = [e for e in candidates if _plain_year_matches(e, year, original)]
                assert resolver._dated(candidates, year, original, index) == plain
                assert [e for e in candidates if resolver._year_matches(e, year, original)] == plain


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cached_author_checks_equal_fresh_ones(seed: int) -> None:
    index = build_index(parse(_bib(seed), "gen.bib"), Config())
    cached = [
        (resolver._author_fit(c, e, index), resolver._misspelling(c, e))
        for c in _citations(seed)[:60]
        for e in index.entries
    ]
    for function in (resolver._list_fit, resolver._misspelt, resolver._matches):
        function.cache_clear()
    fresh = [
        (
            resolver._list_fit.__wrapped__(
                c.authors, c.et_al, e.names, e.others, index.et_al_threshold
            ),
            resolver._misspelt.__wrapped__(c.authors, e.names),
        )
        for c in _citations(seed)[:60]
        for e in index.entries
    ]
    assert cached == fresh


_ORGANISATIONS = """
@misc{fao, author = {{Food and Agriculture Organization}}, title = {Stocks}, year = {2020}}
@misc{who, author = {{World Health Organization}}, title = {Report}, year = {2021}}
"""
_ORGANISATION_FORMS = (("Food", "Agriculture Organization"), ("World Health Organization",))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_resolving_an_article_equals_resolving_each_citation_afresh(seed: int) -> None:
    """The run's memo (candidates grouped by year) is shared by every citation of an
    article: each must resolve as it would on an index of its own."""
    bibliography = parse(_bib(seed) + _ORGANISATIONS, "gen.bib")
    rng = random.Random(seed)
    citations = [
        replace(c, authors=rng.choice(_ORGANISATION_FORMS), year=rng.choice(("2020", "2021")))
        if rng.random() < 0.1
        else c
        for c in _citations(seed)
    ]
    together = resolve_all(citations, build_index(bibliography, Config()))
    alone = tuple(resolve(c, build_index(bibliography, Config())) for c in citations)
    assert together == alone
    assert len({r.status for r in together}) >= 4  # the set exercises several outcomes
    joined = [r for r in together if r.citation.authors[0] == "Food and Agriculture Organization"]
    assert len(joined) >= 2  # an organisation's name read whole, more than once


def test_outlets_built_on_demand_list_each_entry_per_outlet_field_in_file_order() -> None:
    bib = """
    @article{a, author = {Gray, A.}, title = {One}, journal = {Nature}, year = {2020}}
    @article{b, author = {Lund, B.}, title = {Two}, journal = {The Nature}, year = {2021}}
    @book{c, author = {Berg, C.}, title = {Three}, publisher = {Reuters}, year = {2019}}
    @article{d, author = {Ng, D.}, title = {Four}, journal = {NATURE}, booktitle = {Nature},
      year = {2018}}
    """
    index = build_index(parse(bib, "outlets.bib"), Config())
    expected = [
        entry.key
        for entry in index.entries
        for field_name in resolver._OUTLET_FIELDS
        if resolver.key(entry.fields.get(field_name, "")) == "nature"
    ]
    assert [e.key for e in index.by_outlet.get("nature")] == expected == ["a", "b", "d", "d"]
    assert [e.key for e in index.by_outlet.get("reuters")] == ["c"]
    assert index.by_outlet.get("") == index.by_outlet.get("unknown") == ()


def _plain_organisation_whole(entry: Entry) -> Entry:
    """`_organisation_whole` as first written: every test on the normalised name list."""
    import re

    from citeproof.model import Name

    if len(entry.names) < 2 or entry.others:
        return entry
    raw = " ".join(entry.fields.get(entry.names_role, "").split())
    pieces = re.split(r"\s+and\s+", raw)
    if (
        "," in raw
        or len(pieces) != len(entry.names)
        or resolver._ORGANISATION_NOUNS.isdisjoint(raw.split())
    ):
        return entry
    for piece in pieces:
        words = piece.split()
        if any(
            words[i] in resolver._FUNCTION
            and words[i - 1][:1].isupper()
            and words[i + 1][:1].isupper()
            for i in range(1, len(words) - 1)
        ):
            return replace(entry, names=(Name(last=raw, literal=True),))
    return entry


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_organisations_read_whole_as_by_the_plain_tests(seed: int) -> None:
    rng = random.Random(seed)
    words = ("Board", "of", "Health", "Welfare", "National", "John", "Peter", "Ann,", "Smith")
    nouns = sorted(resolver._ORGANISATION_NOUNS)[:5]
    blocks = []
    for number in range(200):
        people = [
            " ".join(rng.choice((*words, *nouns)) for _ in range(rng.randint(1, 4)))
            for _ in range(rng.randint(1, 3))
        ]
        blocks.append(f"@misc{{o{number}, author = {{{'  and '.join(people)}}}, year = {{2020}}}}")
    entries = parse("\n".join(blocks), "orgs.bib").entries
    read = [resolver._organisation_whole(e) for e in entries]
    assert read == [_plain_organisation_whole(e) for e in entries]
    assert sum(r is not e for r, e in zip(read, entries, strict=True)) >= 3  # some read whole


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_first_author_tables_equal_folding_each_entry_s_forms(seed: int) -> None:
    """The index folds each distinct first author's forms once; the tables must be those of
    folding every entry's forms afresh."""
    from citeproof.names.fold import name_forms

    bib = _bib(seed) + "@article{g, author = {Ann Smith}, title = {Given first}, year = {2020}}"
    bibliography = parse(bib, "gen.bib")
    index = build_index(bibliography, Config())
    family: dict[str, list[str]] = {}
    given: dict[str, list[str]] = {}
    for entry in index.entries:
        if not entry.names:
            continue
        first = entry.names[0]
        for form in name_forms(first):
            table = given if first.first and form.startswith(first.first + " ") else family
            keys = table.setdefault(resolver.key(form), [])
            if not keys or keys[-1] != entry.key:
                keys.append(entry.key)
    assert {k: [e.key for e in v] for k, v in index.by_first.items()} == family
    assert {k: [e.key for e in v] for k, v in index.by_given_first.items()} == given
    assert given  # "Given Family" forms occur
