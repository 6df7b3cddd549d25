"""One author written two ways in the bibliography (CP202): the same person's given names
or family name differing by initials, accents or one slip across entries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
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


def _ident(name: Name) -> tuple[str, tuple[str, ...]] | None:
    """A bib name as (family, given names), or None when it has no family name."""
    family = _surface(" ".join(name.family.split()))
    if not family:
        return None
    return family, () if name.literal else _given(_surface(name.first))


def find_author_variants(
    entries: Sequence[Entry], cited: Collection[str] | None = None
) -> list[AuthorVariant]:
    """Return bib entries that write an author differently from the author's other entries.

    Initials against full given names ("A. S." / "Ann S.") are one spelling, not a variant;
    two spellings that share an entry's author list are two people.

    `cited` (entry keys), when given, keeps only the variants of those entries: exactly the
    whole-bib result filtered to them, for less work. A variant depends on its whole group
    (which spelling is preferred, which entries use it), so pairs are compared in the blocks
    of the cited entries' authors and of every person linked to them in turn.
    """
    # Each person (one way of writing an author) by number, in order of first appearance.
    idents: list[tuple[str, tuple[str, ...]]] = []
    people: list[_Person] = []
    entries_of: list[list[Entry]] = []
    # Which entries each person is in: "the same author list" is a shared entry. (Pairs of
    # co-authors would cost the square of an author list's length, and a typed list or a
    # bib may hold an entry with thousands of names.)
    lists_of: list[set[int]] = []
    number_of: dict[tuple[str, tuple[str, ...]], int] = {}
    # The same people recur across a bib (iridia: 28,000 names, 4,600 Name objects: the
    # loader shares one per distinct raw name), so each Name object is turned into its
    # person once. Keyed by id(): every Name stays alive in `entries` meanwhile, and an id
    # costs nothing to hash where a Name's fields would.
    person_of: dict[int, int | None] = {}
    for number, entry in enumerate(entries):
        for name in entry.names:
            person = person_of.get(id(name), -1)
            if person == -1:
                ident = _ident(name)
                if ident is None:
                    person = None
                elif ident in number_of:
                    person = number_of[ident]
                else:
                    person = number_of[ident] = len(idents)
                    idents.append(ident)
                    people.append(_Person(ident[0], ident[1], name))
                    entries_of.append([])
                    lists_of.append(set())
                person_of[id(name)] = person
            if person is None:
                continue
            listed = entries_of[person]
            if not listed or listed[-1] is not entry:
                listed.append(entry)
            lists_of[person].add(number)
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
    # Candidate pairs: every pair of a "w:" block (full names equal up to spacing, however
    # they are split); elsewhere only pairs whose first given names agree (_GivenIndex),
    # within a family and across the families an OCR key or one edit brings together.
    pairs = _BlockPairs(idents, by_family)

    def linked(pair: tuple[int, int]) -> bool:
        x, y = pair
        return lists_of[x].isdisjoint(lists_of[y]) and bool(
            _person_difference(people[x], people[y])
        )

    if cited is None:
        candidates: set[tuple[int, int]] = set()
        for block, bucket in buckets.items():
            if len(bucket) >= 2:
                candidates.update(pairs.of(block, bucket))
        linked_pairs = [pair for pair in candidates if linked(pair)]
    else:
        start = [i for i, listed in enumerate(entries_of) if any(e.key in cited for e in listed)]
        linked_pairs = _reachable_links(start, buckets, pairs, linked)
    order = _BlockOrder(buckets)
    links = [order.first(x, y) for x, y in linked_pairs]
    # Links are made in the order in which comparing every pair of every block in turn
    # would meet them, so the groups come out as they always have.
    links.sort()
    union = _UnionFind()
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
                len(entries_of[i]),
                len(idents[i][0].split()),
                -entries_of[i][0].line,
            ),
        )
        preferred = people[best]
        elsewhere = tuple(e.key for e in entries_of[best])
        for member in members:
            person = people[member]
            difference = _person_difference(person, preferred) if member != best else None
            if difference is None:
                continue  # the same spelling up to initials, or linked only through others
            suggested = _suggest(person, preferred, difference)
            for entry in entries_of[member]:
                found.append(AuthorVariant(entry, person.name, suggested, elsewhere, difference))
    if cited is not None:  # groups no cited author is in may be partial: never reported
        found = [v for v in found if v.entry.key in cited]
    found.sort(key=lambda v: (v.entry.line, v.entry.key))
    return found


#: The most people one candidate block may hold. Blocks are built so that every pair in
#: them could be one person (same family key, compatible first given names); a block
#: larger than this is thousands of people sharing a family name and a first given name,
#: which is no longer evidence of a variant. Only pairs inside such blocks are skipped.
MAX_BLOCK = 2_000


#: Blocks this small are paired in full: indexing their given names costs more than
#: comparing every pair (the candidates are a superset either way).
SMALL_BLOCK = 24


def _capped_pairs(members: Sequence[int]) -> Iterator[tuple[int, int]]:
    """Every pair of a block, or none if the block is larger than MAX_BLOCK."""
    if len(members) > MAX_BLOCK:
        return
    for i, x in enumerate(members):
        for y in members[i + 1 :]:
            yield x, y


class _GivenIndex:
    """The people of one family block by their first given name, to pair only compatible ones.

    `_given_difference` refuses a pair at its first given name unless the two are equal, an
    initial and a name with that first letter, or full names equal when folded or near
    (same first and last letter, at most two edits). So the candidates are: a person with no
    given name against everyone; an initial against every name with its letter; full names
    that share a key of their two-deletion neighbourhood (with their first and last letter).
    Every pair `_person_difference` can link is among them; the rest are never compared.
    """

    def __init__(
        self,
        members: Sequence[int],
        idents: Sequence[tuple[str, tuple[str, ...]]],
        cache: dict[int, tuple[str, tuple[str, ...]]],
    ) -> None:
        self.members = sorted(members)
        self.bare: list[int] = []
        self.initials: dict[str, list[int]] = defaultdict(list)
        self.by_letter: dict[str, list[int]] = defaultdict(list)
        self.near: dict[str, list[int]] = defaultdict(list)
        self.keys: dict[int, tuple[str, ...]] = {}
        self.idents = idents
        self.cache = cache
        self.built = False

    def _build(self) -> None:
        """Index the people by their first given name (on first use: small blocks need none)."""
        if self.built:
            return
        self.built = True
        for index in self.members:
            keys = self.cache.get(index)
            if keys is None:
                keys = self.cache[index] = _first_given_keys(self.idents[index][1])
            letter, deleted = keys
            if letter == "\0":
                self.bare.append(index)
                continue
            self.by_letter[letter].append(index)
            self.keys[index] = deleted
            if not deleted:
                self.initials[letter].append(index)
            for key in deleted:
                self.near[key].append(index)

    def within(self) -> set[tuple[int, int]]:
        """Candidate pairs inside the block, each as (smaller, larger)."""
        if len(self.members) <= SMALL_BLOCK:
            return set(combinations(self.members, 2))
        self._build()
        pairs: set[tuple[int, int]] = set()
        for index in self.bare:
            pairs.update(_ordered(index, other) for other in self.members if other != index)
        for letter, members in self.initials.items():
            everyone = self.by_letter[letter]
            if len(everyone) > MAX_BLOCK:
                continue
            for index in members:
                pairs.update(_ordered(index, other) for other in everyone if other != index)
        for members in self.near.values():
            if 1 < len(members) <= MAX_BLOCK:
                pairs.update(combinations(members, 2))  # members are in ascending order
        return pairs

    def across(self, other: _GivenIndex) -> set[tuple[int, int]]:
        """Candidate pairs of one person from this block and one from `other`."""
        if len(self.members) * len(other.members) <= SMALL_BLOCK * SMALL_BLOCK:
            return {_ordered(x, y) for x in self.members for y in other.members}
        self._build()
        other._build()
        pairs: set[tuple[int, int]] = set()
        for one, two in ((self, other), (other, self)):
            for index in one.bare:
                pairs.update(_ordered(index, person) for person in two.members)
            for letter, members in one.initials.items():
                everyone = two.by_letter.get(letter, ())
                if len(everyone) > MAX_BLOCK:
                    continue
                for index in members:
                    pairs.update(_ordered(index, person) for person in everyone)
        for index, keys in self.keys.items():
            for key in keys:
                matches = other.near.get(key, ())
                if len(matches) <= MAX_BLOCK:
                    pairs.update(_ordered(index, person) for person in matches)
        return pairs


class _BlockPairs:
    """The candidate pairs of one block (see find_author_variants), each as (smaller, larger).

    Family blocks index their people by first given name on first use, shared by every
    block that pairs that family with another.
    """

    def __init__(
        self, idents: Sequence[tuple[str, tuple[str, ...]]], by_family: dict[str, list[int]]
    ) -> None:
        self.idents = idents
        self.by_family = by_family
        self.index_of: dict[str, _GivenIndex] = {}
        self.given_keys: dict[int, tuple[str, tuple[str, ...]]] = {}

    def family(self, key: str) -> _GivenIndex:
        found = self.index_of.get(key)
        if found is None:
            found = self.index_of[key] = _GivenIndex(
                self.by_family[key], self.idents, self.given_keys
            )
        return found

    def of(self, block: str, bucket: Sequence[int]) -> set[tuple[int, int]]:
        if block.startswith("w:"):
            return set(_capped_pairs(sorted(bucket)))
        if block.startswith("f:"):
            return self.family(block[2:]).within()
        if block.startswith("o:"):
            pairs: set[tuple[int, int]] = set()
            families = sorted({fold(self.idents[i][0]) for i in bucket})
            for i, a in enumerate(families):
                for b in families[i + 1 :]:
                    pairs.update(self.family(a).across(self.family(b)))
            return pairs
        a, b = block[2:].split("|", 1)
        return self.family(a).across(self.family(b))


def _reachable_links(
    start: Iterable[int],
    buckets: dict[str, list[int]],
    pairs: _BlockPairs,
    linked: Callable[[tuple[int, int]], bool],
) -> list[tuple[int, int]]:
    """The linked pairs of every block holding a person linked, in any number of steps, to
    one of `start`: all the links of their groups (and possibly some of other groups).

    Every candidate pair lies in a block holding both people, so following each reached
    person's blocks finds every link of theirs; a pair is compared once, however many blocks
    hold it.
    """
    blocks_of: dict[int, list[str]] = defaultdict(list)
    for block, bucket in buckets.items():
        if len(bucket) >= 2:
            for member in bucket:
                blocks_of[member].append(block)
    reached = set(start)
    waiting = list(reached)
    neighbours: dict[int, list[int]] = defaultdict(list)
    done: set[str] = set()
    compared: set[tuple[int, int]] = set()
    found: list[tuple[int, int]] = []

    def reach(person: int) -> None:
        """Mark `person` and everyone already linked to them as reached."""
        stack = [person]
        while stack:
            current = stack.pop()
            if current in reached:
                continue
            reached.add(current)
            waiting.append(current)
            stack.extend(neighbours[current])

    while waiting:
        person = waiting.pop()
        for block in blocks_of[person]:
            if block in done:
                continue
            done.add(block)
            for pair in pairs.of(block, buckets[block]):
                if pair in compared:
                    continue
                compared.add(pair)
                if not linked(pair):
                    continue
                found.append(pair)
                x, y = pair
                neighbours[x].append(y)
                neighbours[y].append(x)
                if x in reached:
                    reach(y)
                elif y in reached:
                    reach(x)
    return found


def _ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


class _BlockOrder:
    """Where comparing every pair of every block in turn would first meet a pair."""

    def __init__(self, buckets: dict[str, list[int]]) -> None:
        self.number: dict[str, int] = {}
        self.place: dict[str, dict[int, int]] = {}
        self.of: dict[int, list[str]] = defaultdict(list)
        self.buckets = buckets
        for number, (name, bucket) in enumerate(buckets.items()):
            self.number[name] = number
            if not name.startswith("d:"):
                for member in bucket:
                    self.of[member].append(name)

    def _place(self, name: str, member: int) -> int:
        places = self.place.get(name)
        if places is None:
            places = self.place[name] = {m: i for i, m in enumerate(self.buckets[name])}
        return places[member]

    def first(self, x: int, y: int) -> tuple[int, int, int, int, int]:
        """(block number, places in it, the earlier person, the later) of the first block."""
        shared = set(self.of[x]) & set(self.of[y])
        families = sorted(name[2:] for name in self.of[x] + self.of[y] if name[:2] == "f:")
        if len(families) == 2 and families[0] != families[1]:
            name = f"d:{families[0]}|{families[1]}"
            if name in self.number:
                shared.add(name)
        best = None
        for name in shared:
            px, py = self._place(name, x), self._place(name, y)
            first, second = (x, y) if px < py else (y, x)
            option = (self.number[name], min(px, py), max(px, py), first, second)
            if best is None or option < best:
                best = option
        assert best is not None  # every candidate pair shares a block
        return best


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
