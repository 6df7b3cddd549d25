"""How well a source's record matches a bib entry: normalised title, authors' surnames, year.

Pure functions (rapidfuzz for string similarity). `score` weighs a search candidate;
`compare` lists the fields where a record identified by DOI disagrees with the entry;
`align_authors` pairs the entry's authors with the record's to find misspelt surnames.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from ..model import Entry, Name
from .results import Candidate, Mismatch, Record

#: weights of the three signals in a search match's confidence
WEIGHTS = {"title": 0.6, "author": 0.25, "year": 0.15}
#: a search candidate is never accepted below this title similarity, whatever else matches
MIN_TITLE = 0.85
#: below this title similarity a record found by DOI is a different work (if authors differ too)
OTHER_WORK_TITLE = 0.6
TITLE_OK = 0.9
AUTHOR_OK = 0.85
VENUE_OK = {"journal": 0.8, "booktitle": 0.6}
STOPWORDS = frozenset({"of", "the", "and", "for", "in", "on", "a", "an", "de", "la", "und", "&"})


@dataclass(frozen=True, slots=True)
class Query:
    """What a search looks for, taken from an entry."""

    title: str
    surname: str = ""
    year: str = ""

    @classmethod
    def from_entry(cls, entry: Entry) -> Query:
        surname = entry.names[0].family if entry.names and entry.names_role == "author" else ""
        year = entry.year if entry.year.isdigit() else ""
        return cls(title=entry.title, surname=surname, year=year)

    @property
    def text(self) -> str:
        return " ".join(part for part in (self.title, self.surname, self.year) if part)


def normalise(text: str) -> str:
    """Fold case and accents, drop punctuation and braces, collapse spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("ß", "ss")
    text = re.sub(r"<[^>]+>", " ", text)  # Crossref titles may carry JATS/MathML tags
    text = re.sub(r"[\W_]+", " ", text)
    return " ".join(text.split())


def title_similarity(ours: str, record: Record) -> float:
    """Similarity (0..1) of our title with the record's, with or without subtitles."""
    if not ours or not record.title:
        return 0.0
    our_forms = {normalise(ours), normalise(re.split(r"[:.?!]\s", ours, maxsplit=1)[0])}
    their_forms = {normalise(record.title)}
    if record.subtitle:
        their_forms.add(normalise(f"{record.title} {record.subtitle}"))
    return max(fuzz.ratio(a, b) / 100 for a in our_forms if a for b in their_forms if b)


def _surname_key(name: str) -> list[str]:
    return normalise(name.replace("-", " ")).split()


def author_similarity(ours: str, theirs: str) -> float:
    """Similarity (0..1) of our first author's surname with the record's first author.

    `theirs` may be a family name ("van der Walt") or a full display name ("Stefan van der
    Walt"): a name whose final words spell the other name entirely counts as equal.
    """
    a, b = _surname_key(ours), _surname_key(theirs)
    if not a or not b:
        return 0.0
    joined_a, joined_b = "".join(a), "".join(b)
    for short, long in ((joined_a, b), (joined_b, a)):
        if any("".join(long[i:]) == short for i in range(len(long))):
            return 1.0
    return max(fuzz.ratio(joined_a, joined_b), fuzz.ratio(joined_a, "".join(b[-1:]))) / 100


def year_score(ours: str, years: tuple[int, ...]) -> float | None:
    """1 for a year the record gives, 0.5 one year off (online vs print), 0 otherwise."""
    if not ours.isdigit() or not years:
        return None
    distance = min(abs(int(ours) - year) for year in years)
    return 1.0 if distance == 0 else 0.5 if distance == 1 else 0.0


def score(query: Query, record: Record) -> float:
    """The confidence (0..1) that `record` is the work `query` describes."""
    signals: dict[str, float] = {"title": title_similarity(query.title, record)}
    if query.surname and record.authors:
        signals["author"] = author_similarity(query.surname, record.first_author)
    year = year_score(query.year, record.years)
    if year is not None:
        signals["year"] = year
    total = sum(WEIGHTS[name] for name in signals)
    return sum(WEIGHTS[name] * value for name, value in signals.items()) / total


def best_match(
    query: Query, records: list[Record], threshold: float
) -> tuple[Candidate | None, Candidate | None]:
    """Return (the accepted match or None, the closest candidate whatever its score)."""
    ranked = sorted(
        (Candidate(record, round(score(query, record), 3)) for record in records),
        key=lambda c: c.confidence,
        reverse=True,
    )
    if not ranked:
        return None, None
    best = ranked[0]
    accepted = (
        best.confidence >= threshold and title_similarity(query.title, best.record) >= MIN_TITLE
    )
    return (best if accepted else None), best


def venue_similarity(ours: str, record: Record) -> float:
    """Similarity of our journal/booktitle with the record's venue (abbreviations allowed)."""
    mine = normalise(ours)
    best = 0.0
    for theirs in (record.venue, *record.venue_short):
        other = normalise(theirs)
        if not other:
            continue
        if mine == other or _abbreviates(mine, other) or _abbreviates(other, mine):
            return 1.0
        best = max(best, fuzz.token_set_ratio(mine, other) / 100)
    return best


def _abbreviates(short: str, long: str) -> bool:
    """'j mach learn res' abbreviates 'journal of machine learning research'."""
    words = [w for w in short.split() if w not in STOPWORDS]
    full = [w for w in long.split() if w not in STOPWORDS]
    return (
        len(words) == len(full)
        and words != full
        and all(f.startswith(w) for w, f in zip(words, full, strict=True))
    )


# --- Authors, one by one -------------------------------------------------------------------
#
# A record found by DOI (or a confident search) names the work's authors as the registry
# holds them. Each of the entry's authors is paired with one of the record's, by the same
# surname first and by a near one after; a near surname is a misspelling worth reporting, a
# surname without any close counterpart is left to the first-author check in `compare`.

#: letters that no Unicode decomposition strips to ASCII, as ASCII text writes them
SPECIAL_LETTERS = str.maketrans(
    {"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
#: the other common transliteration of umlauts and rings (Müller → Mueller, Ørsted → Oersted)
LONG_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "å": "aa", "ø": "oe"})
#: glyphs that OCR and tired eyes confuse: capital I with small l, "rn" with "m"
LOOKALIKES = (("I", "l"), ("rn", "m"))
#: below this many letters a changed, added or dropped letter is as often another surname
#: as a slip (Wang/Yang, Zhang/Zheng, Wan/Wang, Li/Lin): only slips that keep the letters —
#: two swapped, a double dropped or added, a look-alike glyph — count as misspellings there
ANY_EDIT_FROM = 6
#: from this many letters two edits are still a misspelling (Marcheti → Marchetti is one)
TWO_EDITS_FROM = 8
#: a near surname is sought this many places either side of its own (an identical one
#: anywhere): further off, long lists are not one list reordered
NEAR_WINDOW = 12

ALIGNED = "same"  # the same surname, written alike (case, hyphens and particles aside)
SWAPPED = "swapped"  # our given name is the record's surname: family/given order swapped
DIACRITICS = "diacritics"  # the registry's marks are missing from ours (Muller for Müller)
SPELLING = "spelling"  # a small edit apart (Marcheti for Marchetti)


@dataclass(frozen=True, slots=True)
class AuthorPair:
    """One of the entry's authors paired with one of the record's (positions 0-based)."""

    position: int
    ours: str  # our surname as the bib writes it (particles included)
    their_position: int
    theirs: str  # the record's spelling of the surname (the matched part of a display name)
    relation: str  # ALIGNED | SWAPPED | DIACRITICS | SPELLING

    @property
    def reported(self) -> bool:
        return self.relation in (DIACRITICS, SPELLING)


@functools.lru_cache(maxsize=65536)
def _letters(text: str) -> str:
    """Lower-case letters only, marks kept: case, spaces, hyphens and apostrophes do not
    make a surname another one ("Van der Walt", "van der Walt", "Vanderwalt")."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFC", text).lower())


@functools.lru_cache(maxsize=65536)
def _fold(text: str, long_transliteration: bool = False) -> str:
    """`_letters` with every mark stripped (after umlauts written long, if asked)."""
    text = _letters(text)
    if long_transliteration:
        text = text.translate(LONG_TRANSLITERATION)
    text = unicodedata.normalize("NFKD", text.translate(SPECIAL_LETTERS))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=65536)
def _folds(text: str) -> frozenset[str]:
    return frozenset((_fold(text), _fold(text, long_transliteration=True)))


def _stripped_of(theirs: str, ours: str) -> bool:
    """Whether `theirs` is `ours` with some of its marks dropped (a registry that keeps ASCII
    only): ours is then the better spelling, never to be "corrected" to theirs."""
    a, b = _letters(ours), _letters(theirs)
    if b in _folds(ours) or b == re.sub(r"([aou])e", r"\1", _fold(ours)):
        return True  # marks dropped, or an umlaut written long (Mueller) then dropped (Muller)
    return len(a) == len(b) and all(x == y or _fold(x) == y for x, y in zip(a, b, strict=True))


def _squeezed(text: str) -> str:
    return re.sub(r"(.)\1+", r"\1", text)


def _edits(ours: str, theirs: str) -> int | None:
    """The edits between two surnames if they are near enough to be one misspelt, else None.

    Distances are counted on the folded forms with transpositions as one edit (OSA); a
    look-alike glyph or a doubled letter counts as one edit whatever the length, and a
    transposition is the only other slip in a short surname.
    """
    a, b = _fold(ours), _fold(theirs)
    longest = max(len(a), len(b))
    if _squeezed(a) == _squeezed(b) or _glyphs(ours) == _glyphs(theirs):
        return 1
    if longest < ANY_EDIT_FROM:
        swapped = sorted(a) == sorted(b) and OSA.distance(a, b, score_cutoff=1) == 1
        return 1 if swapped else None
    allowed = 2 if longest >= TWO_EDITS_FROM else 1
    distance = OSA.distance(a, b, score_cutoff=allowed)
    return distance if distance <= allowed else None


@functools.lru_cache(maxsize=65536)
def _glyphs(text: str) -> str:
    for confused, standard in LOOKALIKES:
        text = text.replace(confused, standard)
    return _fold(text)


@dataclass(frozen=True, slots=True)
class _Span:
    """Consecutive words of a record's author string that may be the surname."""

    text: str  # as the registry writes it
    edge: bool  # the whole string or a final part of it (where a display name keeps it)
    rest: tuple[str, ...]  # the other words (a display name's given names)


@functools.lru_cache(maxsize=65536)
def _spans(theirs: str) -> tuple[_Span, ...]:
    """Every run of consecutive words of `theirs` (hyphens separate words too)."""
    words = list(re.finditer(r"[^\s\-‐–]+", theirs))
    spans = []
    for i in range(len(words)):
        for j in range(i + 1, len(words) + 1):
            text = theirs[words[i].start() : words[j - 1].end()]
            rest = tuple(w.group() for w in words[:i] + words[j:])
            spans.append(_Span(text, j == len(words), rest))
    return tuple(spans)


@functools.lru_cache(maxsize=65536)
def _initials(given: str) -> frozenset[str]:
    return frozenset(_fold(word)[:1] for word in re.split(r"[\s\-.]+", given) if _fold(word))


def _relation(name: Name, theirs: str, their_given: str = "") -> tuple[str, str, int] | None:
    """How `name` relates to the record's author `theirs`: (relation, their spelling, edits).

    The same surname anywhere in `theirs` (a compound shortened, a particle dropped, a display
    name in either order) pairs them; so does our given name standing where their surname is
    (family and given swapped, as CJK names often are), if their given name, when the record
    has it, is our surname. A surname differing in marks or by a small edit pairs them only
    where a display name keeps its surname, so that a given name is never taken for a
    misspelt surname.
    """
    ours = [form for form in (name.family, name.last) if _letters(form)]
    spans = _spans(theirs)
    for form in ours:
        for span in spans:
            if _letters(form) == _letters(span.text):
                return ALIGNED, span.text, 0
    initials = _initials(name.first)
    # where a display name keeps its surname: at its end, or at its start before our given
    # names; only there may a near spelling be a misspelt surname rather than a given name
    surnames = [
        span
        for span in spans
        if span.edge or (initials and all(_initials(word) <= initials for word in span.rest))
    ]
    for form in ours:
        for span in surnames:
            if _folds(form) & _folds(span.text) or _stripped_of(span.text, form):
                relation = ALIGNED if _stripped_of(span.text, form) else DIACRITICS
                return relation, span.text, 0
    # only a bare surname (as Crossref lists it) can stand for our given name: a display
    # name holds given names anyway, and sharing one makes nobody the same person
    if (
        _letters(name.first)
        and _letters(name.first) == _letters(theirs)
        and (not _letters(their_given) or _folds(their_given) & _folds(name.last))
    ):
        return SWAPPED, theirs, 0
    best: tuple[str, str, int] | None = None
    for form in ours:
        for span in surnames:
            edits = _edits(form, span.text)
            if edits is not None and (best is None or edits < best[2]):
                best = (SPELLING, span.text, edits)
    if best:
        return best
    # a compound surname the registry shortened ("García Márquez" for its "García") is the
    # same one; our parts count from a capitalised word, never a lone particle
    for part in _spans(name.last):
        if part.text[:1].isupper() and any(_letters(part.text) == _letters(s.text) for s in spans):
            return ALIGNED, theirs, 0
    return None


def _given(record: Record, position: int) -> str:
    return record.given[position] if position < len(record.given) else ""


def align_authors(entry: Entry, record: Record) -> tuple[AuthorPair, ...]:
    """Pair the entry's authors with the record's: same surnames first, then near ones.

    Lists of different lengths ("and others", a registry listing more authors) pair what they
    can; corporate authors are left out (their names are not surnames). A near surname pairs
    at its own position, or elsewhere (within NEAR_WINDOW places) only when it is the one
    near candidate on both sides.
    """
    if entry.names_role != "author" or not record.authors:
        return ()
    ours = [(i, n) for i, n in enumerate(entry.names) if not n.literal and _letters(n.last)]
    pairs: list[AuthorPair] = []
    used_ours: set[int] = set()
    used_theirs: set[int] = set()
    relations: dict[tuple[int, int], tuple[str, str, int]] = {}

    def take(i: int, j: int) -> None:
        relation, spelling, _ = relations[i, j]
        name = entry.names[i]
        pairs.append(AuthorPair(i, name.family, j, spelling, relation))
        used_ours.add(i)
        used_theirs.add(j)

    # the same person at the same place is paired first, as the greedy pass below would, so
    # that long identical lists (hundreds of authors) cost one comparison per author
    for i, name in ours:
        if i < len(record.authors):
            rel = _relation(name, record.authors[i], _given(record, i))
            if rel is not None and rel[0] != SPELLING:
                relations[i, i] = rel
                take(i, i)
    # the same surname elsewhere is found through an index of every key a record author
    # offers; a near one is sought within NEAR_WINDOW places, so that a list of thousands
    # of authors costs thousands of comparisons, not millions
    index: dict[str, set[int]] = {}
    for j, theirs in enumerate(record.authors):
        if j not in used_theirs:
            for span in _spans(theirs):
                for key in (_letters(span.text), *_folds(span.text)):
                    index.setdefault(key, set()).add(j)
    for i, name in ours:
        if i in used_ours:
            continue
        keys = {_letters(name.first)} | {_letters(s.text) for s in _spans(name.last)}
        for form in (name.family, name.last):
            keys |= {_letters(form), *_folds(form)}
        nearby = range(max(0, i - NEAR_WINDOW), min(len(record.authors), i + NEAR_WINDOW + 1))
        for j in set().union(*(index.get(key, set()) for key in keys), nearby):
            if j not in used_theirs:
                rel = _relation(name, record.authors[j], _given(record, j))
                if rel is not None:
                    relations[i, j] = rel

    exact = sorted((abs(i - j), i, j) for (i, j), rel in relations.items() if rel[0] != SPELLING)
    for _, i, j in exact:
        if i not in used_ours and j not in used_theirs:
            take(i, j)
    near = sorted(
        (rel[2], abs(i - j), i, j)
        for (i, j), rel in relations.items()
        if rel[0] == SPELLING and i not in used_ours and j not in used_theirs
    )
    for _, _, i, j in near:
        if i in used_ours or j in used_theirs:
            continue
        rivals = [
            (a, b)
            for a, b in relations
            if relations[a, b][0] == SPELLING
            and (a == i) != (b == j)
            and a not in used_ours
            and b not in used_theirs
        ]
        if i == j or not rivals:
            take(i, j)
    return tuple(sorted(pairs, key=lambda pair: pair.position))


def compare(entry: Entry, record: Record) -> tuple[Mismatch, ...]:
    """List where `record` (taken to be this entry's work) disagrees with the entry."""
    title_sim = title_similarity(entry.title, record) if entry.title and record.title else None
    author = entry.names[0].family if entry.names and entry.names_role == "author" else ""
    author_sim = (
        author_similarity(author, record.first_author) if author and record.authors else None
    )
    pairs = align_authors(entry, record)
    first = next((pair for pair in pairs if pair.position == 0), None)
    # a first author paired with the record's (however spelt) is the same person; only an
    # unpaired one is judged by the overall similarity of the two first surnames
    first_ok = first is not None and first.their_position == 0
    if (
        title_sim is not None
        and title_sim < OTHER_WORK_TITLE
        and not first_ok
        and (author_sim or 0) < AUTHOR_OK
    ):
        who = record.first_author or "?"
        return (Mismatch("doi", entry.title, f"{record.title} ({who}, {record.year or 'n.d.'})"),)
    found: list[Mismatch] = []
    if first is not None and not first_ok:
        found.append(Mismatch("author-order", author, record.first_author))
    elif first is None and author_sim is not None and author_sim < AUTHOR_OK:
        later = any(author_similarity(author, name) >= AUTHOR_OK for name in record.authors[1:])
        found.append(Mismatch("author-order" if later else "author", author, record.first_author))
    found.extend(
        Mismatch(f"author-{pair.relation}", pair.ours, pair.theirs, pair.position + 1)
        for pair in pairs
        if pair.reported
    )
    if entry.year.isdigit() and record.years and int(entry.year) not in record.years:
        found.append(Mismatch("year", entry.year, str(record.year)))
    if title_sim is not None and title_sim < TITLE_OK:
        full = f"{record.title}: {record.subtitle}" if record.subtitle else record.title
        found.append(Mismatch("title", entry.title, full))
    for field in ("journal", "booktitle"):
        ours = entry.fields.get(field, "")
        if ours and record.venue:
            if venue_similarity(ours, record) < VENUE_OK[field]:
                found.append(Mismatch("venue", ours, record.venue))
            break
    return tuple(found)
