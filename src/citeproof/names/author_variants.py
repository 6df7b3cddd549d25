"""One author written two ways in the bibliography (CP202): the same person's given names
or family name differing by initials, accents or one slip across entries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz.distance import OSA, Indel

from ..model import Entry, Name
from .edits import (
    MIN_MEDIUM,
    MIN_OCR,
    _UnionFind,
    classify_edit,
    deletion_pairs,
    describe_difference,
)
from .fold import PARTICLES as _PARTICLES
from .occurrences import (
    scan_article as scan_article,
)
from .occurrences import (
    scan_bibliography as scan_bibliography,
)
from .spellings import (
    AuthorVariant,
    _marks,
    _surface,
    fold,
    ocr_key,
)

# --------------------------------------------------------------------------- authors (CP202)


@dataclass(frozen=True, slots=True)
class _Person:
    """One way a bib author is written: family name and given names (initials as letters)."""

    family: str
    given: tuple[str, ...]
    name: Name


def _given(first: str) -> tuple[str, ...]:
    """Split given names into words, an initial kept as its bare letter ("R.C." → R, C)."""
    tokens: list[str] = []
    for word in first.replace(".", ". ").split():
        bare = word.strip("-.,")
        if not bare:
            continue
        initial = len(bare) == 1 or (word.endswith(".") and len(bare) <= 2)
        tokens.append(bare[:1] if initial else bare)
    return tuple(tokens)


def _given_difference(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[bool, str | None]:
    """Compare given names word by word: (one person?, how a full given name differs)."""
    difference = None
    for x, y in zip(a, b, strict=False):  # extra middle names are no difference
        if x == y:
            continue
        if len(x) == 1 or len(y) == 1:
            if fold(x)[:1] != fold(y)[:1]:
                return False, None
        elif fold(x) == fold(y) or _near_given(fold(x), fold(y)):
            difference = f"given name '{x}' vs '{y}'"
        else:
            return False, None
    return True, difference


def _near_given(a: str, b: str) -> bool:
    """Stuart/Stewart, Jonathan/Johnathan; never Daniel/Daniela or Christian/Christina."""
    if min(len(a), len(b)) < 4 or a[0] != b[0] or a[-1] != b[-1]:
        return False
    if a.startswith(b) or b.startswith(a):
        return False
    return OSA.distance(a, b, score_cutoff=2) <= 2 and Indel.normalized_similarity(a, b) >= 0.75


def _family_difference(a: str, b: str, same_given: bool) -> str | None:
    """Describe how two family names differ if they can be one person's, else None."""
    fa, fb = fold(a), fold(b)
    one_name = (
        fa == fb
        or (min(len(fa), len(fb)) >= MIN_OCR and ocr_key(fa) == ocr_key(fb))
        or (
            same_given
            and min(len(fa), len(fb)) >= MIN_MEDIUM
            and classify_edit(fa, fb) is not None
            and OSA.distance(fa, fb, score_cutoff=1) <= 1
        )
    )
    return describe_difference(a, b) if one_name else None


def _person_difference(a: _Person, b: _Person) -> str | None:
    """Describe how two spellings of one author differ, or None if they may be two people."""
    if a.family == b.family:
        return _given_difference(a.given, b.given)[1]
    full = a.given and b.given and all(len(w) > 1 for w in (*a.given, *b.given))
    if (
        full
        and fold(a.family) != fold(b.family)
        and fold("".join(a.given) + a.family) == fold("".join(b.given) + b.family)
    ):
        return "split differently into given and family names"
    same_person, given = _given_difference(a.given, b.given)
    if not same_person:
        return None
    same_given = bool(
        a.given and b.given and len(a.given[0]) > 1 and fold(a.given[0]) == fold(b.given[0])
    )
    family = _family_difference(a.family, b.family, same_given)
    if family is None:
        return None
    return f"family name: {family}" + (f"; {given}" if given else "")


def find_author_variants(entries: Sequence[Entry]) -> list[AuthorVariant]:
    """Return bib entries that write an author differently from the author's other entries.

    Initials against full given names ("A. S." / "Ann S.") are one spelling, not a variant;
    two spellings that share an entry's author list are two people.
    """
    people: dict[tuple[str, tuple[str, ...]], _Person] = {}
    entries_of: dict[tuple[str, tuple[str, ...]], list[Entry]] = defaultdict(list)
    # Which entries each person is in: "the same author list" is a shared entry. (Pairs of
    # co-authors would cost the square of an author list's length, and a typed list or a
    # bib may hold an entry with thousands of names.)
    lists_of: dict[tuple[str, tuple[str, ...]], set[int]] = defaultdict(set)
    for number, entry in enumerate(entries):
        for name in entry.names:
            family = _surface(" ".join(name.family.split()))
            if not family:
                continue
            ident = (family, () if name.literal else _given(_surface(name.first)))
            people.setdefault(ident, _Person(ident[0], ident[1], name))
            if not entries_of[ident] or entries_of[ident][-1] is not entry:
                entries_of[ident].append(entry)
            lists_of[ident].add(number)
    idents = list(people)
    # Blocks: same folded family, same OCR key, one edit apart, same letters split differently.
    buckets: dict[str, list[int]] = defaultdict(list)
    by_family: dict[str, list[int]] = defaultdict(list)
    for index, (family, given) in enumerate(idents):
        key = fold(family)
        by_family[key].append(index)
        buckets["o:" + ocr_key(key)].append(index)
        buckets["w:" + fold("".join(given) + family)].append(index)
    buckets.update({"f:" + key: members for key, members in by_family.items()})
    for a, b in deletion_pairs(by_family, MIN_MEDIUM):
        buckets[f"d:{a}|{b}"] = by_family[a] + by_family[b]
    union = _UnionFind()
    seen: set[tuple[int, int]] = set()
    given_keys: dict[int, tuple[str, tuple[str, ...]]] = {}
    # Links are made in the order of the blocks and of the people in each block, as if
    # every pair of every block were compared, so groups come out in one stable order.
    links: list[tuple[int, int, int, int, int]] = []
    done: set[tuple[int, ...]] = set()
    for number, (name, bucket) in enumerate(buckets.items()):
        # A block with the same people as an earlier one has no pair left to compare (the
        # OCR key of a family is usually its folded key's block again).
        members = tuple(bucket)
        if len(members) < 2 or members in done:
            continue
        done.add(members)
        # Within a "w:" block the full names are equal up to spacing, however the given and
        # family names are split, so every pair is a candidate; elsewhere a pair can be one
        # person only if their first given names agree (see _given_blocks).
        if name.startswith("w:"):
            pairs: Iterable[tuple[int, int]] = _capped_pairs(bucket)
        else:
            pairs = _given_blocks(bucket, idents, given_keys)
        position: dict[int, int] | None = None
        for x, y in pairs:
            pair = (x, y) if x < y else (y, x)
            if pair in seen:
                continue
            seen.add(pair)
            if not lists_of[idents[x]].isdisjoint(lists_of[idents[y]]):
                continue
            if _person_difference(people[idents[x]], people[idents[y]]):
                if position is None:
                    position = {member: place for place, member in enumerate(bucket)}
                first, second = sorted((x, y), key=position.__getitem__)
                links.append((number, position[first], position[second], first, second))
    links.sort()
    for *_, first, second in links:
        union.union(str(first), str(second))
    found: list[AuthorVariant] = []
    for group in union.groups():
        members = [int(i) for i in group]
        if len(members) < 2:
            continue
        # The accented spelling first (a bib more often loses a diacritic than invents one),
        # a family name that keeps its particle and all its words (Córdova Rosado), then the
        # spelling most entries use, then the earliest.
        best = max(
            members,
            key=lambda i: (
                _marks(idents[i][0]) + sum(map(_marks, idents[i][1])),
                not _particle_in_given(idents[i][1]),
                len(entries_of[idents[i]]),
                len(idents[i][0].split()),
                -entries_of[idents[i]][0].line,
            ),
        )
        preferred = people[idents[best]]
        elsewhere = tuple(e.key for e in entries_of[idents[best]])
        for member in members:
            person = people[idents[member]]
            difference = _person_difference(person, preferred) if member != best else None
            if difference is None:
                continue  # the same spelling up to initials, or linked only through others
            suggested = _suggest(person, preferred, difference)
            for entry in entries_of[idents[member]]:
                found.append(AuthorVariant(entry, person.name, suggested, elsewhere, difference))
    found.sort(key=lambda v: (v.entry.line, v.entry.key))
    return found


#: The most people one candidate block may hold. Blocks are built so that every pair in
#: them could be one person (same family key, compatible first given names); a block
#: larger than this is thousands of people sharing a family name and a first given name,
#: which is no longer evidence of a variant. Only pairs inside such blocks are skipped.
MAX_BLOCK = 2_000


def _capped_pairs(members: Sequence[int]) -> Iterator[tuple[int, int]]:
    """Every pair of a block, or none if the block is larger than MAX_BLOCK."""
    if len(members) > MAX_BLOCK:
        return
    for i, x in enumerate(members):
        for y in members[i + 1 :]:
            yield x, y


def _given_blocks(
    bucket: Sequence[int],
    idents: Sequence[tuple[str, tuple[str, ...]]],
    cache: dict[int, tuple[str, tuple[str, ...]]],
) -> Iterable[tuple[int, int]]:
    """Return the pairs of a family block whose first given names could be one person's.

    `_given_difference` refuses a pair at its first given name unless the two are equal, an
    initial and a name with that first letter, or full names equal when folded or near
    (same first and last letter, at most two edits). So the candidates are: a person with no
    given name against everyone; an initial against every name with its letter; full names
    that share a key of their two-deletion neighbourhood (with their first and last letter).
    Every pair `_person_difference` can link is among them; the rest are never compared.
    """
    if len(bucket) < 2:
        return ()
    bare: list[int] = []
    initials: dict[str, list[int]] = defaultdict(list)
    by_letter: dict[str, list[int]] = defaultdict(list)
    near: dict[str, list[int]] = defaultdict(list)
    for index in bucket:
        keys = cache.get(index)
        if keys is None:
            keys = cache[index] = _first_given_keys(idents[index][1])
        letter, deleted = keys
        if letter == "\0":
            bare.append(index)
            continue
        by_letter[letter].append(index)
        if not deleted:
            initials[letter].append(index)
        for key in deleted:
            near[key].append(index)
    # One set of (smaller, larger) pairs: near names share many keys, and each pair is
    # compared once.
    pairs: set[tuple[int, int]] = set()
    everyone = sorted(bucket)
    for index in bare:
        pairs.update((min(index, other), max(index, other)) for other in everyone if other != index)
    for letter, members in initials.items():
        candidates = by_letter[letter]
        if len(candidates) > MAX_BLOCK:
            continue
        for index in members:
            pairs.update(
                (min(index, other), max(index, other)) for other in candidates if other != index
            )
    for members in near.values():
        if 1 < len(members) <= MAX_BLOCK:
            pairs.update(combinations(sorted(members), 2))
    return pairs


def _first_given_keys(given: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """The first given name's folded first letter and, for a full name, its near-match keys.

    "\\0" marks a person without given names; an initial has no keys (it matches by letter).
    """
    if not given:
        return "\0", ()
    word = given[0]
    folded = fold(word)
    if len(word) == 1:
        return folded[:1], ()
    if len(folded) < 4:  # too short for `_near_given`: only an equal folded name matches
        return folded[:1], ("=" + folded,)
    edge = folded[0] + folded[-1] + ":"
    keys = {edge + folded}
    for i in range(len(folded)):
        once = folded[:i] + folded[i + 1 :]
        keys.add(edge + once)
        for j in range(i, len(once)):
            keys.add(edge + once[:j] + once[j + 1 :])
    return folded[:1], tuple(keys)


def _particle_in_given(given: tuple[str, ...]) -> bool:
    """A particle at the end of the given names ("Bemmel, Ilse van") belongs to the family."""
    return bool(given) and given[-1].casefold() in _PARTICLES


def _suggest(person: _Person, preferred: _Person, difference: str) -> Name:
    """Write this person's name taking from `preferred` only the parts that truly differ."""
    name, better = person.name, preferred.name
    if difference.startswith("split"):
        return better
    first = better.first if _given_difference(person.given, preferred.given)[1] else name.first
    von, last = (
        (better.von, better.last) if person.family != preferred.family else (name.von, name.last)
    )
    return Name(first=first, von=von, last=last, jr=name.jr, literal=name.literal)
