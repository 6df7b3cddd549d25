"""Match each citation against the bibliography: facts only, no messages.

A citation names authors and a year (maybe with a letter). We look entries up by the folded
key of the first cited surname, then narrow by year, by the co-author list and by the
letter. What is left decides the status; near misses (a misspelled name, a wrong year,
swapped authors) are told apart from a reference that is simply missing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .. import data
from ..config import Config
from ..model import Bibliography, Citation, Entry, Kind, Name, Resolution, Status
from ..names.fold import is_near_miss, key, name_forms, same_spelling
from . import year_letters as suffixes

_YEAR_NOISE = re.compile(r"[\s\u00a0]+")
_DASHES = re.compile(r"[‐‑‒–—−]")
_ET_AL_IN_NAME = re.compile(r"\bet\.?\s*al\.?\s*$", re.IGNORECASE)
# A group author with its abbreviation: "World Health Organization [WHO]" (APA's first
# citation), "World Health Organization (WHO)" (Harvard's).
_WITH_ABBREVIATION = re.compile(r"(?P<full>.*\S)\s*(?:\[(?P<abbr>[^\]]+)\]|\((?P<abbr2>[^)]+)\))")
# Prepositions and articles inside an organisation's name ("Board of Health").
_FUNCTION = data.words("corporate_function_words") - {"and", "und"}
_ORGANISATION_NOUNS = data.words("corporate_name_words")
# Fields that give a group author's short form ("shortauthor = {WHO}").
_SHORT_FIELDS = ("shortauthor", "shorthand")
_OUTLET_FIELDS = (
    "journal",
    "journaltitle",
    "publisher",
    "organization",
    "institution",
    "booktitle",
    "howpublished",
    "school",
)


@dataclass(frozen=True, slots=True)
class Index:
    """Entries looked up by the keys of every form of their first author's name."""

    entries: tuple[Entry, ...]
    by_first: Mapping[str, tuple[Entry, ...]]
    by_given_first: Mapping[str, tuple[Entry, ...]]
    by_initial: Mapping[str, tuple[str, ...]]
    by_outlet: Outlets
    letters: Mapping[str, str]
    et_al_threshold: int
    letter_order: str = "title"
    #: Keys of the entries the article's own typed reference list contains, when it has one:
    #: citeproc letters and disambiguates only among the works a document lists.
    listed: frozenset[str] | None = None
    listing: str | None = None
    #: Short forms of group authors (folded key → the name as the entry writes it), from the
    #: bib's `shortauthor`/`shorthand` and from "Full Name [ABBR]" citations seen earlier.
    aliases: Mapping[str, str] | None = None
    #: Candidate lists grouped by every year their entries answer to, filled as citations
    #: meet them (see `_dated`): a working memo of this run, not part of the index's value.
    by_year: dict[int, tuple[tuple[Entry, ...], dict[str, list[Entry]]]] = field(
        default_factory=dict, compare=False, repr=False
    )


def build_index(bibliography: Bibliography | None, config: Config) -> Index:
    """Index a bibliography once per run; every citation is then resolved against it."""
    entries = tuple(map(_organisation_whole, bibliography.entries if bibliography else ()))
    by_first: dict[str, list[Entry]] = defaultdict(list)
    by_given_first: dict[str, list[Entry]] = defaultdict(list)
    shadowed = bibliography.shadowed if bibliography else ()
    for entry in (*entries, *shadowed):
        if entry.names:
            for given_first, form_key in _first_author_keys(entry.names[0]):
                # "Given Family" forms only count when no family form matches (below).
                bucket = (by_given_first if given_first else by_first)[form_key]
                if not bucket or bucket[-1] is not entry:
                    bucket.append(entry)
    aliases: dict[str, str | None] = {}
    for entry in entries:
        for field_name in _SHORT_FIELDS:
            value = entry.fields.get(field_name)
            short = key(value) if value else ""
            if short and entry.names and short not in by_first:
                full = entry.names[0].family
                # One short form naming two different authors settles nothing.
                aliases[short] = full if aliases.get(short, full) == full else None
    return Index(
        entries=entries,
        aliases={k: v for k, v in aliases.items() if v},
        by_first={k: tuple(v) for k, v in by_first.items() if k},
        by_given_first={k: tuple(v) for k, v in by_given_first.items() if k},
        by_initial=_by_initial(by_first),
        by_outlet=Outlets((*entries, *shadowed)),
        letters=suffixes.assign(entries, config.letter_order),
        et_al_threshold=config.et_al_threshold,
        letter_order=config.letter_order,
    )


class Outlets:
    """Entries by the folded name of their journal, publisher or other outlet.

    Only a citation whose first author no entry has asks it (to tell "(Reuters, 2024)", an
    outlet cited as an author, from a missing work), so the table is built on that first
    question, not for every run: most articles never ask.
    """

    __slots__ = ("_entries", "_table")

    def __init__(self, entries: tuple[Entry, ...]) -> None:
        self._entries = entries
        self._table: dict[str, tuple[Entry, ...]] | None = None

    def get(self, name_key: str, default: tuple[Entry, ...] = ()) -> tuple[Entry, ...]:
        """The entries published in the outlet whose folded name is `name_key`."""
        if self._table is None:
            folded: dict[str, str] = {}  # outlets repeat across a bib: fold each value once
            table: dict[str, list[Entry]] = defaultdict(list)
            for entry in self._entries:
                for field_name in _OUTLET_FIELDS:
                    value = entry.fields.get(field_name)
                    if value:
                        name = folded.get(value)
                        if name is None:
                            name = folded[value] = key(value)
                        table[name].append(entry)
            self._table = {k: tuple(v) for k, v in table.items() if k}
        return self._table.get(name_key, default)


@lru_cache(maxsize=65536)
def _forms(name: Name) -> tuple[str, ...]:
    """`name_forms`, cached: a bibliography names its prolific authors entry after entry."""
    return name_forms(name)


@lru_cache(maxsize=65536)
def _first_author_keys(name: Name) -> tuple[tuple[bool, str], ...]:
    """For each form of a first author's name: whether it is a "Given Family" form, and
    its folded key (cached, as `_forms`)."""
    return tuple(
        (bool(name.first) and form.startswith(name.first + " "), key(form)) for form in _forms(name)
    )


def _organisation_whole(entry: Entry) -> Entry:
    """Read a single-braced organisation name that BibTeX split at "and" as one author.

    `author = {National Board of Health and Welfare}` is two "people" to BibTeX; a name
    list without commas whose pieces hold an organisation noun and a preposition or
    article between capitalised words ("Board of Health") is an organisation's, and
    citations name it whole ("John of Salisbury and Peter Abelard" stays two people).
    """
    if len(entry.names) < 2 or entry.others:
        return entry
    # Cheap tests first: people's names are mostly "Family, Given", or hold no noun that
    # only organisations' names hold.
    written = entry.fields.get(entry.names_role, "")
    if "," in written or _ORGANISATION_NOUNS.isdisjoint(written.split()):
        return entry
    raw = " ".join(written.split())
    pieces = re.split(r"\s+and\s+", raw)
    if len(pieces) != len(entry.names):
        return entry
    for piece in pieces:
        words = piece.split()
        if any(
            words[i] in _FUNCTION and words[i - 1][:1].isupper() and words[i + 1][:1].isupper()
            for i in range(1, len(words) - 1)
        ):
            return replace(entry, names=(Name(last=raw, literal=True),))
    return entry


def _by_initial(keys: Iterable[str]) -> dict[str, tuple[str, ...]]:
    buckets: dict[str, list[str]] = defaultdict(list)
    for name_key in keys:
        if name_key:
            buckets[name_key[0]].append(name_key)
    return {initial: tuple(names) for initial, names in buckets.items()}


MIN_TITLE_KEY = 12  # shorter titles ("Report") cannot be told apart reliably in a list


def for_document(index: Index, reference_list: str | None) -> Index:
    """Narrow the index to the works the article's typed reference list contains.

    Without a list every entry counts. With one, an entry counts when its title appears in
    the list (compared on folded keys); letters are then assigned among those entries only,
    as a renderer does for the works a document cites.
    """
    if not reference_list:
        return index
    folded = key(reference_list)
    listed = frozenset(
        e.key
        for e in index.entries
        if len(title := key(e.title)) < MIN_TITLE_KEY or title[:60] in folded
    )
    if not listed:
        return index
    letters = dict(
        suffixes.assign((e for e in index.entries if e.key in listed), index.letter_order)
    )
    for entry in index.entries:  # letters pinned by the source hold whatever is listed
        if entry.suffix:
            letters[entry.key] = entry.suffix
    return replace(index, letters=letters, listed=listed, listing=reference_list)


def resolve_all(citations: Iterable[Citation], index: Index) -> tuple[Resolution, ...]:
    """Resolve every citation against the index, in text order.

    APA introduces a group author's abbreviation at its first citation, "(World Health
    Organization [WHO], 2020)", and uses "(WHO, 2020)" afterwards: once such a citation
    resolves, its abbreviation names that author in the rest of the document.
    """
    resolutions = []
    for citation in sorted(citations, key=lambda c: (c.span.start, c.span.end)):
        resolution = resolve(citation, index)
        resolutions.append(resolution)
        learnt = _abbreviation_learnt(resolution, index)
        if learnt is not None:
            index = replace(index, aliases={**(index.aliases or {}), learnt[0]: learnt[1]})
    return tuple(resolutions)


def _abbreviation_learnt(resolution: Resolution, index: Index) -> tuple[str, str] | None:
    """Return (key of ABBR, full name) when a "Full Name [ABBR]" citation resolved."""
    if resolution.status is not Status.RESOLVED or not resolution.citation.authors:
        return None
    match = _WITH_ABBREVIATION.fullmatch(resolution.citation.authors[0])
    if match is None:
        return None
    short = key(match.group("abbr") or match.group("abbr2") or "")
    if not short or short in index.by_first or (index.aliases or {}).get(short):
        return None
    entry = next((e for e in index.entries if e.key == resolution.keys[0]), None)
    if entry is None or not entry.names:
        return None
    return short, entry.names[0].family


def _as_cited(written: str, index: Index) -> str:
    """The first author a citation means: the full name of "Full Name [ABBR]" when the
    whole is no entry's author, and the group author a known short form stands for."""
    if _lookup(written, index):
        return written
    match = _WITH_ABBREVIATION.fullmatch(written)
    if match is not None:
        full = match.group("full")
        abbreviation = match.group("abbr") or match.group("abbr2") or ""
        short = key(abbreviation)
        if _lookup(full, index):
            return full
        # The list or bib may name the group by its short form only ("HELCOM (2018) State of
        # the Baltic Sea"): then the abbreviation the citation gives is the author meant.
        if abbreviation and _lookup(abbreviation, index):
            return abbreviation
        if not (index.aliases or {}).get(short):
            return full
        return (index.aliases or {})[short]
    return (index.aliases or {}).get(key(written), written)


@lru_cache(maxsize=4096)
def normalise_year(year: str) -> str:
    """Compare years up to spacing, dash style and case ("2010 – 2015" = "2010-2015")."""
    folded = _DASHES.sub("-", _YEAR_NOISE.sub("", year)).casefold().replace("n.d", "nd")
    return re.sub(r"-+", "-", folded).rstrip(".")


def resolve(citation: Citation, index: Index) -> Resolution:
    """Resolve one citation to the entry (or entries) it can mean, with the reason why."""
    if not citation.authors:
        return Resolution(citation, Status.MISSING, ())
    meant = _as_cited(citation.authors[0], index)
    if meant != citation.authors[0]:
        named = replace(citation, authors=(meant, *citation.authors[1:]))
        return replace(resolve(named, index), citation=citation)
    candidates = _lookup(citation.authors[0], index)
    if not candidates and citation.kind is Kind.NARRATIVE and len(citation.authors) >= 3:
        # Running text may put a place or topic before a list of people ("as in Norway,
        # Lund and Berg (2019)"): when no entry has the first word as an author and the
        # rest of the list names an entry exactly, the first word was not an author.
        rest = resolve(replace(citation, authors=citation.authors[1:]), index)
        if rest.status is Status.RESOLVED:
            return replace(rest, citation=citation)
    if not candidates and len(citation.authors) >= 2:
        # An organisation's own name may hold "and" ("Food and Agriculture Organization of
        # the United Nations", "Arts and Humanities Research Council"), which reads as two
        # authors; when no entry has the first cited name as an author, the cited names
        # joined by "and" are tried as one name, and kept when the bib attests it.
        for count in range(2, len(citation.authors) + 1):
            joined = " and ".join(citation.authors[:count])
            if _lookup(_as_cited(joined, index), index):
                # The resolution carries the name as read whole, so reports show one author.
                return resolve(
                    replace(citation, authors=(joined, *citation.authors[count:])), index
                )
    if not candidates:
        return _without_first_author(citation, index)
    if not well_formed_year(citation.year):
        return _by_authors_alone(citation, candidates, index)
    year = normalise_year(citation.year)
    dated = _dated(candidates, year, citation.original_year, index)
    if not dated:
        fitting = [e for e in candidates if _author_fit(citation, e, index) is None]
        best = fitting or list(candidates)
        return Resolution(
            citation,
            Status.YEAR_MISMATCH,
            tuple(e.key for e in best) if len(best) == 1 else (),
            {"candidates": _describe(best, index)},
        )
    fitting = [e for e in dated if _author_fit(citation, e, index) is None]
    pool = fitting or dated
    return _choose(citation, pool, index)


#: biblatex `pubstate` values of a work not yet published, by the word a citation uses in
#: place of its year. APA writes "in press" where Chicago and Harvard write "forthcoming" for
#: the same state (accepted, not yet out), so the two words are one class; a manuscript still
#: "in preparation" or "in review"/"submitted" is a different state.
_UNPUBLISHED = (
    (frozenset({"inpress", "forthcoming"}), frozenset({"inpress", "forthcoming", "accepted"})),
    (frozenset({"inpreparation"}), frozenset({"inpreparation"})),
    (frozenset({"inreview", "underreview", "submitted"}), frozenset({"submitted", "inreview"})),
)


def well_formed_year(year: str) -> bool:
    """False for a year that cannot be compared: empty, or a number of other than 4 digits
    ("(Smith, )", "(Smith, 197)", "(Smith, 20199)"); such a citation is malformed (CP106)."""
    return bool(year) and not (year.isdigit() and len(year) != 4)


def _year_matches(entry: Entry, year: str, original: str = "") -> bool:
    """True when the entry bears the cited (normalised) year; a republished work's original
    year ("1776/1976") must then agree with the entry's origdate/origyear when it has one."""
    return _original_agrees(entry, original) and year in _entry_years(entry)


def _original_agrees(entry: Entry, original: str) -> bool:
    """False when a cited original year ("1776" of "1776/1976") contradicts the entry's."""
    if original:
        known = original_year(entry)
        if known and known != original:
            return False
    return True


def _entry_years(entry: Entry) -> frozenset[str]:
    """Every normalised year a citation may give for this entry (see `_year_keys`)."""
    return _year_keys(entry.year, entry.also_years, entry.fields.get("pubstate", ""))


def _dated(candidates: tuple[Entry, ...], year: str, original: str, index: Index) -> list[Entry]:
    """The candidates bearing the cited year, in their order (as `_year_matches` filters).

    A prolific first author has dozens of entries and is cited over and over: each
    candidate list is grouped once by the years its entries answer to, so a citation meets
    only the entries of its year. The memo is keyed by the list's identity and holds the
    list itself, so an identity is never reused for another list while it is remembered.
    """
    held = index.by_year.get(id(candidates))
    if held is None or held[0] is not candidates:
        grouped: dict[str, list[Entry]] = defaultdict(list)
        for entry in candidates:
            for answered in _entry_years(entry):
                grouped[answered].append(entry)
        held = index.by_year[id(candidates)] = (candidates, grouped)
    return [e for e in held[1].get(year, ()) if _original_agrees(e, original)]


@lru_cache(maxsize=65536)
def _year_keys(year: str, also_years: tuple[str, ...], pubstate: str) -> frozenset[str]:
    """Every normalised year a citation may give for an entry with these dates: its year,
    its further years, and, for a work not yet published (by its pubstate, or by the word
    in its year field), every word of that state's class.

    A pure function of a few short strings that bibliographies repeat (years), cached so a
    citation meeting many candidates compares each with one set look-up.
    """
    own = normalise_year(year)
    keys = {own, *(normalise_year(other) for other in also_years)}
    state = normalise_year(pubstate)
    for words, states in _UNPUBLISHED:
        if state in states or own in words:
            keys |= words
    return frozenset(keys)


def original_year(entry: Entry) -> str:
    """The year a republished work first appeared (biblatex origdate, or origyear), or ""."""
    match = re.match(
        r"\s*(\d{4})", entry.fields.get("origdate") or entry.fields.get("origyear", "")
    )
    return match.group(1) if match else ""


def _by_authors_alone(citation: Citation, candidates: Sequence[Entry], index: Index) -> Resolution:
    """Resolve a citation whose year is malformed by its authors alone: the malformed form is
    reported once (CP106), naming the entry meant when only one of the author's entries fits
    by its authors and, when digits were written, by a year they are one slip away from: a
    number far from every year of the author ("(Smith, 160)", a page) names no entry."""
    authored = [e for e in candidates if _author_fit(citation, e, index) is None]
    fitting = authored or list(candidates)
    if citation.year:
        fitting = [e for e in fitting if _one_slip(citation.year, e.year)]
    if len(fitting) == 1:
        entry = fitting[0]
        return Resolution(
            citation,
            Status.RESOLVED,
            (entry.key,),
            {"year": year_with_letter(entry, index.letters)},
        )
    best = fitting or authored or list(candidates)
    keys = (best[0].key,) if len(best) == 1 else ()  # as a plain year mismatch names it
    return Resolution(citation, Status.YEAR_MISMATCH, keys, {"candidates": _describe(best, index)})


def _one_slip(written: str, year: str) -> bool:
    """True when `written` is `year` with one digit dropped, added or changed."""
    if abs(len(written) - len(year)) > 1:
        return False
    if len(written) == len(year):
        return sum(a != b for a, b in zip(written, year, strict=True)) == 1
    short, long_ = sorted((written, year), key=len)
    return any(long_[:cut] + long_[cut + 1 :] == short for cut in range(len(long_)))


def same_work(entries: Sequence[Entry]) -> bool:
    """True when entries are one work entered twice: same DOI, or same title and year."""
    dois = {e.fields.get("doi", "").casefold().strip() for e in entries}
    if len(dois) == 1 and "" not in dois:
        return True
    titles = {(key(e.title), e.year) for e in entries}
    return len(titles) == 1 and len(next(iter(titles))[0]) >= MIN_TITLE_KEY


_LISTING_FIELDS = ("journal", "booktitle", "publisher", "volume", "number", "pages", "doi")


def _best_listed(entries: Sequence[Entry], listing: str | None) -> Entry:
    """Of several copies of one work, pick the one the typed reference list shows best:
    each field (and author surname, case kept) found in the list counts for it, each
    missing one against it. Without a list, or on a tie, the first in the file."""
    if not listing:
        return entries[0]
    text = listing.replace("--", "–")

    def score(entry: Entry) -> int:
        values = [entry.fields.get(f, "").replace("--", "–") for f in _LISTING_FIELDS]
        values += [n.family for n in entry.names]
        return sum(1 if v in text else -1 for v in values if v)

    return max(entries, key=score)  # max keeps the first of equals


def _lookup(cited: str, index: Index) -> tuple[Entry, ...]:
    """Entries whose first author the cited name denotes, given names it carries included."""
    found = index.by_first.get(key(cited)) or index.by_given_first.get(key(cited))
    if found:
        return found
    words = cited.split()
    for cut in range(1, len(words)):
        tail = index.by_first.get(key(" ".join(words[cut:])))
        if tail:
            head = words[:cut]
            return tuple(e for e in tail if _given_fits(head, e.names[0].first)) or ()
    return ()


def _given_fits(head: Sequence[str], first: str) -> bool:
    """True when words written before a surname fit the person's given names or initials
    ("Ann S." or "A. S." for "Ann S."; citeproc adds them to tell people apart)."""
    initials = [w[0].casefold() for w in re.split(r"[\s.\-]+", first) if w]
    written = [w[0].casefold() for w in re.split(r"[\s.\-]+", " ".join(head)) if w]
    return bool(written) and written == initials[: len(written)]


@lru_cache(maxsize=65536)
def _matches(cited: str, name: Name) -> bool:
    """True when a cited name string denotes this bib name (particles, given names aside).

    Pure in its two arguments, both of which a long article repeats (its authors are cited
    many times, their entries are met as candidates again and again): cached.
    """
    forms = {key(form) for form in _forms(name)}
    if key(cited) in forms:
        return True
    words = cited.split()
    return any(
        key(" ".join(words[cut:])) in forms and _given_fits(words[:cut], name.first)
        for cut in range(1, len(words))
    )


def _choose(citation: Citation, pool: Sequence[Entry], index: Index) -> Resolution:
    """Pick among entries matching authors and year, by the citation's letter."""
    if citation.suffix:
        lettered = [e for e in pool if index.letters.get(e.key) == citation.suffix]
        if not lettered:
            known = sorted(filter(None, (index.letters.get(e.key, "") for e in pool)))
            keys = (pool[0].key,) if len(pool) == 1 else ()
            return Resolution(
                citation,
                Status.UNKNOWN_SUFFIX,
                keys,
                {"candidates": _describe(pool, index), "letters": known},
            )
        pool = lettered
    if len(pool) > 1 and index.listed is not None:
        pool = [e for e in pool if e.key in index.listed] or pool
    if len(pool) > 1 and same_work(pool):
        pool = [_best_listed(pool, index.listing)]
    if len(pool) > 1:
        return Resolution(
            citation,
            Status.AMBIGUOUS,
            tuple(e.key for e in pool),
            {"candidates": _describe(pool, index)},
        )
    entry = pool[0]
    misspelled = _misspelling(citation, entry)
    if misspelled:
        return Resolution(
            citation,
            Status.AUTHOR_MISSPELLED,
            (entry.key,),
            {"cited": misspelled[0], "expected": misspelled[1]},
        )
    problem = _author_fit(citation, entry, index)
    if problem is not None:
        return Resolution(
            citation,
            Status.AUTHOR_LIST_MISMATCH,
            (entry.key,),
            {"problem": problem, "expected": _cited_form(entry, index)},
        )
    return Resolution(citation, Status.RESOLVED, (entry.key,))


def _without_first_author(citation: Citation, index: Index) -> Resolution:
    """No entry's first author matches: look for swapped authors, then a misspelling."""
    year = normalise_year(citation.year)
    cited = {key(a) for a in citation.authors}
    if len(cited) > 1:
        # Swapped authors: an entry whose first author is another of the cited names.
        others = {e.key: e for a in citation.authors[1:] for e in index.by_first.get(key(a), ())}
        swapped = [
            e
            for e in others.values()
            if _year_matches(e, year, citation.original_year)
            and cited == {key(n.family) for n in e.names}
        ]
        if len(swapped) == 1:
            return Resolution(
                citation,
                Status.AUTHOR_LIST_MISMATCH,
                (swapped[0].key,),
                {
                    "problem": "authors in another order than the entry's",
                    "expected": _cited_form(swapped[0], index),
                },
            )
    first = key(citation.authors[0])
    near = sorted(
        {e.key: e for k in _near_keys(first, index) for e in index.by_first[k]}.values(),
        key=lambda e: e.key,
    )
    if near:
        dated = [e for e in near if _year_matches(e, year, citation.original_year)] or near
        if citation.suffix:
            dated = [e for e in dated if index.letters.get(e.key) == citation.suffix] or dated
        spelled = dated[0].names[0].family
        return Resolution(
            citation,
            Status.AUTHOR_MISSPELLED,
            tuple(e.key for e in dated) if len(dated) == 1 else (),
            {
                "cited": citation.authors[0],
                "expected": spelled,
                "candidates": _describe(dated, index),
                "year_differs": not any(
                    _year_matches(e, year, citation.original_year) for e in dated
                ),
            },
        )
    outlets = index.by_outlet.get(first, ())
    return Resolution(citation, Status.MISSING, (), {"outlet_of": _describe(outlets, index)})


def _near_keys(first: str, index: Index) -> list[str]:
    """First-author keys that are near misses of `first`, compared within its initial's
    bucket only (a near miss keeps its first letter, or swaps I and l)."""
    if not first:
        return []
    initials = {first[0]} | ({"i", "l"} if first[0] in "il" else set())
    return [
        k
        for initial in initials
        for k in index.by_initial.get(initial, ())
        if is_near_miss(first, k)
    ]


def _author_fit(citation: Citation, entry: Entry, index: Index) -> str | None:
    """Say how the cited author list disagrees with the entry's, or None if it fits."""
    return _list_fit(
        citation.authors, citation.et_al, entry.names, entry.others, index.et_al_threshold
    )


@lru_cache(maxsize=65536)
def _list_fit(
    cited: tuple[str, ...],
    et_al: bool,
    names: tuple[Name, ...],
    others: bool,
    et_al_threshold: int,
) -> str | None:
    """`_author_fit` on the only values it reads: a pure function, cached because an article
    cites the same author list against the same candidate entries many times."""
    for position, surname in enumerate(cited):
        if position >= len(names):
            return f"cites {len(cited)} authors; the entry has {len(names)}"
        if not _matches(surname, names[position]):
            if any(_matches(surname, n) for n in names):
                return "authors in another order than the entry's"
            return f"'{surname}' is not author {position + 1} of the entry"
    total = len(names) + (1 if others else 0)
    if et_al:
        if names[0].literal and _ET_AL_IN_NAME.search(names[0].last):
            return None  # the corporate name itself ends in "et al." (as EHT papers do)
        if total <= len(cited):
            return f"'et al.' but the entry has only {_count(len(names))}"
        if len(cited) == 1 and total < et_al_threshold and not others and not names[0].literal:
            return (
                f"'et al.' shortens {_count(total)}; the style uses it from "
                f"{et_al_threshold} authors"
            )
        return None
    if total > len(cited):
        if others and len(cited) == len(names):
            return "the entry ends in 'and others': cite it with 'et al.'"
        return f"omits {_count(total - len(cited), 'co-author')}"
    return None


def _misspelling(citation: Citation, entry: Entry) -> tuple[str, str] | None:
    """Return (cited, expected) for the first cited surname spelled unlike the entry's.

    The first author is already matched (up to spelling) when we get here. A co-author is a
    misspelling only when the two names are a plausible slip of each other; a wholly other
    name in that place is a wrong co-author, which the author-list check reports (CP105).
    """
    return _misspelt(citation.authors, entry.names)


@lru_cache(maxsize=65536)
def _misspelt(authors: tuple[str, ...], names: tuple[Name, ...]) -> tuple[str, str] | None:
    """`_misspelling` on the only values it reads (pure, cached: citations repeat)."""
    for position, (surname, name) in enumerate(zip(authors, names, strict=False)):
        words = surname.split()
        tails = [" ".join(words[cut:]) for cut in range(len(words))]
        if any(same_spelling(tail, form) for tail in tails for form in _forms(name)):
            continue
        if position == 0 or any(
            is_near_miss(key(tail), key(form)) for tail in tails for form in _forms(name)
        ):
            return surname, name.family
        return None
    return None


def _count(number: int, noun: str = "author") -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def cited_form(entry: Entry, et_al_threshold: int) -> str:
    """How a citation names this entry's authors under the style's et-al rule."""
    names = [n.family for n in entry.names]
    total = len(names) + (1 if entry.others else 0)
    if not names:
        return entry.fields.get("title", entry.key)
    return join_authors(names, et_al=total >= et_al_threshold or entry.others)


def join_authors(names: Sequence[str], et_al: bool = False) -> str:
    """Write surnames as an author-year citation does: "A", "A & B", "A, B, & C", "A et al."."""
    if et_al:
        return f"{names[0]} et al."
    if len(names) <= 2:
        return " & ".join(names)
    return ", ".join(names[:-1]) + f", & {names[-1]}"


def _cited_form(entry: Entry, index: Index) -> str:
    return cited_form(entry, index.et_al_threshold)


def year_with_letter(entry: Entry, letters: Mapping[str, str]) -> str:
    """The year as a citation must write it, letter included ("2024a")."""
    return f"{entry.year}{letters.get(entry.key, '')}"


def _describe(entries: Iterable[Entry], index: Index) -> tuple[dict[str, str], ...]:
    return tuple(
        {
            "key": e.key,
            "year": year_with_letter(e, index.letters),
            "title": e.title,
            "authors": _cited_form(e, index),
        }
        for e in entries
    )
