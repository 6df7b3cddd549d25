"""CP202 for the cited entries of a large bib: the whole bib's variants, for less work.

`find_author_variants(entries, cited)` follows the groups of the cited entries' authors
instead of working out every group; its answer must be exactly the whole-bib answer
filtered to the cited entries, whichever entries are cited — including groups that reach a
cited entry only through uncited spellings (a chain of links), and entries that sit in
several groups.
"""

from __future__ import annotations

import random

import pytest

from citeproof.bib.loader import parse
from citeproof.names.author_variants import find_author_variants

FAMILIES = ["Lindqvist", "Okonkwo", "Marchetti", "Haddad", "Nakamura", "Fitzgerald", "Dubois"]
GIVEN = ["Anna", "Anne", "Tomas", "Tomás", "Li", "Wei", "Wen", "Jonathan", "Johnathan", "Maria"]


def _spellings(family: str, rng: random.Random) -> list[str]:
    """A family name and the ways a bib slips on it (accent, OCR, one edit, a split)."""
    i = rng.randrange(1, len(family) - 2)
    return [
        family,
        family[:i] + family[i + 1] + family[i] + family[i + 2 :],  # swapped letters
        family[:i] + family[i + 1 :],  # a dropped letter
        family.replace("e", "é", 1),
        family.replace("l", "I", 1),
        f"{family[:3]} {family[3:]}",
    ]


def _bib(seed: int, count: int = 160) -> str:
    rng = random.Random(seed)
    out = []
    for number in range(count):
        authors = []
        for _ in range(rng.choice((1, 2, 2, 3))):
            family = rng.choice(_spellings(rng.choice(FAMILIES), rng))
            given = rng.choice(GIVEN)
            given = given[0] + "." if rng.random() < 0.3 else given
            authors.append(f"{family}, {given}")
        out.append(
            f"@article{{e{number}, author = {{{' and '.join(authors)}}}, "
            f"title = {{Study {number}}}, year = {{{2000 + number % 20}}}}}"
        )
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("seed", range(6))
def test_cited_variants_are_the_whole_bibs_filtered(seed: int) -> None:
    entries = parse(_bib(seed), "refs.bib").entries
    whole = find_author_variants(entries)
    assert whole, "the generated bib must hold variants for the comparison to mean something"
    rng = random.Random(seed)
    keys = [e.key for e in entries]
    for size in (1, 3, 10, 40, len(keys)):
        cited = frozenset(rng.sample(keys, size))
        expected = [v for v in whole if v.entry.key in cited]
        assert find_author_variants(entries, cited) == expected, (seed, size)


def test_a_group_whose_preferred_spelling_only_uncited_entries_write() -> None:
    """The cited entry drops a letter; the spelling it should take (accented, the most
    used) is written only by uncited entries, which must still be found and weighed."""
    bib = "\n".join(
        [
            "@article{a, author = {Lindqvist, Anna}, title = {A}, year = 2020}",
            "@article{b, author = {Lindqvíst, Anna}, title = {B}, year = 2021}",
            "@article{c, author = {Lindqvíst, Anna}, title = {C}, year = 2022}",
            "@article{d, author = {Lindqvst, Anna}, title = {D}, year = 2023}",
        ]
    )
    entries = parse(bib, "refs.bib").entries
    whole = [v for v in find_author_variants(entries) if v.entry.key == "d"]
    assert [str(v.suggested.last) for v in whole] == ["Lindqvíst"]
    assert find_author_variants(entries, {"d"}) == whole


def test_a_group_reached_through_an_uncited_persons_own_block() -> None:
    """d links to c (near given names, one family), and c to z only through the block of
    c's full name split differently ("Qvist, Jonathan Lind"), which d is not in. z, the
    most used spelling, leads the group, and d, linked to z only through c, is then no
    variant of it: missing z would wrongly report d against c."""
    d = "@article{d, author = {Lindqvist, Johnathan}, title = {D}, year = 2020}"
    c = [
        f"@article{{c{i}, author = {{Lindqvist, Jonathan}}, title = {{C}}, year = 2021}}"
        for i in (1, 2)
    ]
    z = [
        f"@article{{z{i}, author = {{Qvist, Jonathan Lind}}, title = {{Z}}, year = 2022}}"
        for i in (1, 2, 3)
    ]
    without_z = parse("\n".join([d, *c]), "refs.bib").entries
    assert [v.entry.key for v in find_author_variants(without_z, {"d"})] == ["d"]
    entries = parse("\n".join([d, *c, *z]), "refs.bib").entries
    whole = [v for v in find_author_variants(entries) if v.entry.key == "d"]
    assert whole == []
    assert find_author_variants(entries, {"d"}) == whole
