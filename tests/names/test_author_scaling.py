"""CP202's candidate pairs come from blocks, not from all pairs of a family or author list.

A family of thousands of entries and an entry of 10,000 co-authors must be checked in
about linear time, and the blocking must still find the variants a full comparison finds.
"""

from __future__ import annotations

import random
import time
from itertools import combinations

from citeproof.bib.loader import parse
from citeproof.names.author_variants import (
    _given,
    _Person,
    _person_difference,
    _surface,
    find_author_variants,
)

SYLLABLES = [c + v for c in "bcdfghjklmnprstwxyz" for v in "aeiou"]


def given_names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 3)))).capitalize()
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def family_bib(count: int, seed: int = 1) -> str:
    names = given_names(random.Random(seed), count)
    return "\n".join(
        f"@article{{w{i}, author = {{Wang, {given}}}, title = {{Study {i}}}, year = {{2020}}}}"
        for i, given in enumerate(names)
    )


def test_blocks_find_what_comparing_every_pair_finds() -> None:
    # A small family, with initials, no given names and near given names, is compared in
    # full by brute force: every person the full comparison links must be reported.
    bib = family_bib(300, seed=3)
    bib += (
        "\n@article{i1, author = {Wang, B.}, title = {I}, year = {2020}}"
        "\n@article{n1, author = {Wang}, title = {N}, year = {2020}}"
        "\n@article{s1, author = {Wáng, Bobo}, title = {S}, year = {2020}}"
    )
    entries = parse(bib, "f.bib").entries
    people = {}
    for entry in entries:
        name = entry.names[0]
        family = _surface(" ".join(name.family.split()))
        people[entry.key] = _Person(family, _given(_surface(name.first)), name)
    linked = {
        key
        for a, b in combinations(people, 2)
        if _person_difference(people[a], people[b])
        for key in (a, b)
    }
    assert len(linked) > 10  # the generated names are dense enough to hold variants
    reported = {variant.entry.key for variant in find_author_variants(entries)}
    # Each group reports all but its preferred spelling: every reported entry is linked,
    # and every linked entry is reported or is the spelling its group prefers.
    assert reported <= linked
    assert len(reported) >= len(linked) // 2


def test_one_family_of_thousands_is_fast() -> None:
    entries = parse(family_bib(8000), "w.bib").entries
    started = time.process_time()
    find_author_variants(entries)
    assert time.process_time() - started < 3.0


def test_ten_thousand_co_authors_are_fast() -> None:
    rng = random.Random(5)
    families = [rng.choice(SYLLABLES).capitalize() + rng.choice(SYLLABLES) for _ in range(800)]
    authors = " and ".join(f"{rng.choice(families)}, {given}" for given in given_names(rng, 10_000))
    bib = f"@article{{big, author = {{{authors}}}, title = {{T}}, year = {{2020}}}}"
    entries = parse(bib, "c.bib").entries
    started = time.process_time()
    # Co-authors of one entry are two people, never one spelled twice.
    assert find_author_variants(entries) == []
    assert time.process_time() - started < 2.0
