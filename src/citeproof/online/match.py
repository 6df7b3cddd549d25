"""How well a source's record matches a bib entry: normalised title, first-author surname, year.

Pure functions (rapidfuzz for string similarity). `score` weighs a search candidate;
`compare` lists the fields where a record identified by DOI disagrees with the entry.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..model import Entry
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


def compare(entry: Entry, record: Record) -> tuple[Mismatch, ...]:
    """List where `record` (taken to be this entry's work) disagrees with the entry."""
    title_sim = title_similarity(entry.title, record) if entry.title and record.title else None
    author = entry.names[0].family if entry.names and entry.names_role == "author" else ""
    author_sim = (
        author_similarity(author, record.first_author) if author and record.authors else None
    )
    if title_sim is not None and title_sim < OTHER_WORK_TITLE and (author_sim or 0) < AUTHOR_OK:
        who = record.first_author or "?"
        return (Mismatch("doi", entry.title, f"{record.title} ({who}, {record.year or 'n.d.'})"),)
    found: list[Mismatch] = []
    if author_sim is not None and author_sim < AUTHOR_OK:
        later = any(author_similarity(author, name) >= AUTHOR_OK for name in record.authors[1:])
        found.append(Mismatch("author-order" if later else "author", author, record.first_author))
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
