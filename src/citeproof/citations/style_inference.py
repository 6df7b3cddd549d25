"""Infer the author-date style a manuscript follows from how it writes its citations.

Users rarely say which style they write in; the manuscript says it. The three styles
citeproof knows differ in four visible habits (APA 7, Chicago 17 author-date and Harvard
(Cite Them Right), as their manuals give them):

- a comma between author and year in parentheses: APA and Harvard "(Smith, 2020)",
  Chicago "(Smith 2020)";
- the word joining two authors in parentheses: APA "&", Chicago and Harvard "and";
- "et al." for a work of exactly three authors: APA shortens it, Chicago and Harvard name
  all three (they shorten from four);
- the typed list: the year in parentheses after the authors (APA, Harvard) or set off by
  full stops (Chicago).

Each citation or list item that shows a habit is one piece of evidence for the styles that
have it; the style with the most in-text evidence wins, the typed list's on a tie, then
APA (the default). Evidence
against the winner, when it is a real share of the whole, means the manuscript mixes
styles (CP110).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..model import Bibliography, Citation, Document, Kind

#: The styles in the order a tie is broken: APA first (the default, and the most common).
STYLES = ("apa", "harvard", "chicago")
TITLES = {"apa": "APA 7", "chicago": "Chicago 17 author-date", "harvard": "Harvard"}

#: Each habit: what it says in words, and the styles that write it.
HABITS: dict[str, tuple[str, frozenset[str]]] = {
    "comma": ("a comma before the year", frozenset({"apa", "harvard"})),
    "no-comma": ("no comma before the year", frozenset({"chicago"})),
    "ampersand": ("'&' between authors", frozenset({"apa"})),
    "and": ("'and' between authors in parentheses", frozenset({"chicago", "harvard"})),
    "et-al-3": ("'et al.' for three authors", frozenset({"apa"})),
    "three-named": ("three authors named in full", frozenset({"chicago", "harvard"})),
    "list-bracketed": ("list items with the year in parentheses", frozenset({"apa", "harvard"})),
    "list-bare": ("list items with the year between full stops", frozenset({"chicago"})),
}
#: Against the winning style, evidence is a mixture (not a slip) from this many pieces on,
#: and when it is at least this share of all the evidence: one odd citation is a typo that
#: other rules report; a fifth of them written another way is a second style.
MIXED_AT_LEAST = 2
MIXED_SHARE = 0.2

_AND = re.compile(r"\s(?:&|and)\s")


@dataclass(frozen=True, slots=True)
class Evidence:
    """One habit seen once: which habit, in which document, at which text."""

    habit: str
    path: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class StyleInference:
    """The style a set of documents follows, and the evidence it rests on."""

    style: str
    evidence: tuple[Evidence, ...]

    def against(self, style: str | None = None) -> tuple[Evidence, ...]:
        """The evidence no manuscript in `style` (default: the inferred one) would show."""
        chosen = style or self.style
        return tuple(e for e in self.evidence if chosen not in HABITS[e.habit][1])

    def of(self, path: str) -> str:
        """The style one document's own habits point to (several may be checked together)."""
        return choose(e.habit for e in self.evidence if e.path == path)

    def mixed(self, path: str) -> tuple[Evidence, ...]:
        """The evidence in `path` against its own majority style, when it is a mixture.

        A document is judged against itself: in a run over several articles, one written
        consistently in another style than the rest is not a mixture (a note says so).
        """
        own = [e for e in self.evidence if e.path == path]
        chosen = self.of(path)
        odd = tuple(e for e in own if chosen not in HABITS[e.habit][1])
        if len(odd) >= MIXED_AT_LEAST and len(odd) >= MIXED_SHARE * len(own):
            return odd
        return ()

    def explain(self) -> str:
        """Say why, in a line: "Chicago 17 author-date: 12 with no comma before the year…"."""
        counts: dict[str, int] = {}
        for item in self.evidence:
            counts[item.habit] = counts.get(item.habit, 0) + 1
        if not counts:
            default = TITLES[self.style]
            return f"{default}, the default: nothing in the manuscript shows a style's habits"
        shown = sorted(
            counts.items(),
            key=lambda pair: (self.style not in HABITS[pair[0]][1], -pair[1], pair[0]),
        )
        parts = []
        for habit, count in shown:
            example = next(e.text for e in self.evidence if e.habit == habit)
            parts.append(f"{count}× {HABITS[habit][0]} (e.g. '{' '.join(example.split())}')")
        return f"{TITLES[self.style]}: " + "; ".join(parts)


def infer(
    documents: Sequence[tuple[Document, Sequence[Citation]]],
    bibliography: Bibliography | None,
) -> StyleInference:
    """Infer the style of the documents' citations (and typed lists) together."""
    # Only a citation shortening one author with "et al." asks how many authors its work
    # has: the bibliography is counted for those (surname, year) pairs alone.
    wanted = {_count_key(c) for _, citations in documents for c in citations if _et_al_one(c)}
    author_counts = _author_counts(bibliography, wanted)
    evidence: list[Evidence] = []
    for document, citations in documents:
        for citation in citations:
            evidence.extend(_citation_evidence(document, citation, author_counts))
        evidence.extend(_list_evidence(document))
    return StyleInference(choose(e.habit for e in evidence), tuple(evidence))


def choose(habits: Iterable[str]) -> str:
    """The style the most in-text habits belong to; the typed list's on a tie, then APA,
    Harvard, Chicago.

    The citations come first: they are what is resolved with the style's rules, and a list
    pasted from a reference manager in another style must not outvote them (the mixture is
    CP110's to report).
    """
    text = dict.fromkeys(STYLES, 0)
    listed = dict.fromkeys(STYLES, 0)
    for habit in habits:
        votes = listed if habit.startswith("list-") else text
        for style in HABITS[habit][1]:
            votes[style] += 1
    return max(STYLES, key=lambda style: (text[style], listed[style], -STYLES.index(style)))


def _citation_evidence(
    document: Document, citation: Citation, author_counts: dict[tuple[str, str], set[int]]
) -> list[Evidence]:
    """The habits one citation shows (none for a slip, a guess or a repeated year)."""
    if citation.malformed or citation.tentative or citation.collapsed:
        return []

    def seen(habit: str) -> Evidence:
        span = citation.span
        return Evidence(habit, document.path, span.start, span.end, citation.text)

    found: list[Evidence] = []
    text = citation.text
    year_at = _year_position(citation)
    names = text[:year_at] if year_at >= 0 else ""
    if citation.kind is Kind.PARENTHETICAL and year_at > 0:
        # The year's own punctuation: a comma (APA, Harvard) or only a space (Chicago). A
        # narrative "Smith (2020)" is written alike in every style and says nothing.
        before = names.rstrip()
        if before.endswith(","):
            found.append(seen("comma"))
        elif before[-1:].isalpha() or before.endswith("al."):
            found.append(seen("no-comma"))
        if len(citation.authors) >= 2:
            joiner = _AND.findall(names)
            if joiner:
                found.append(seen("ampersand" if "&" in joiner[-1] else "and"))
    if _et_al_one(citation) and author_counts.get(_count_key(citation), set()) == {3}:
        found.append(seen("et-al-3"))
    elif not citation.et_al and len(citation.authors) == 3:
        found.append(seen("three-named"))
    return found


def _list_evidence(document: Document) -> list[Evidence]:
    """The year's place in each item of the document's typed reference list."""
    from ..manuscript.reference_items import read

    typed = read(document)
    if typed is None:
        return []
    habit = {"parenthesised": "list-bracketed", "after-authors": "list-bare"}
    return [
        Evidence(
            habit[item.pattern],
            document.path,
            item.span.start,
            item.span.end,
            item.text if len(item.text) <= 40 else item.text[:39] + "…",
        )
        for item in typed.items
        if item.pattern in habit and not item.ditto
    ]


def _year_position(citation: Citation) -> int:
    """Where the cited year starts in the citation's text (-1 when it is not there)."""
    year = citation.year.strip()
    if not year:
        return -1
    found = citation.text.find(year)
    if found < 0:  # a republished "1776/1976" written "[1776] 1976": its first digits
        found = citation.text.find(_digits(year)) if _digits(year) else -1
    return found


def _et_al_one(citation: Citation) -> bool:
    """True for "Smith et al.": one author named, the rest shortened."""
    return citation.et_al and len(citation.authors) == 1


def _count_key(citation: Citation) -> tuple[str, str]:
    return _fold(citation.authors[0]), _digits(citation.year)


def _author_counts(
    bibliography: Bibliography | None, wanted: set[tuple[str, str]]
) -> dict[tuple[str, str], set[int]]:
    """(first author's folded surname, year) → the author counts of the entries so named,
    for the pairs `wanted` (entries of other years are passed over unfolded)."""
    counts: dict[tuple[str, str], set[int]] = {}
    if bibliography is None or not wanted:
        return counts
    years = {year for _, year in wanted}
    for entry in bibliography.entries:
        if not entry.names or entry.others:
            continue
        year = _digits(entry.year)
        if year not in years:
            continue
        first = entry.names[0]
        surname = " ".join(part for part in (first.von, first.last) if part)
        for form in {surname, first.last}:
            key = (_fold(form), year)
            if key in wanted:
                counts.setdefault(key, set()).add(len(entry.names))
    return counts


@lru_cache(maxsize=65536)
def _fold(name: str) -> str:
    """Compare surnames without case or diacritics ("Müller" = "muller").

    Cached: a bibliography repeats its authors' surnames. An ASCII name has no marks to
    remove (decomposition leaves it as it is), so only its case is folded.
    """
    if name.isascii():
        return name.casefold()
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=4096)
def _digits(year: str) -> str:
    """The first four digits of a year ("2020a" → "2020"); cached, as years repeat."""
    return "".join(ch for ch in year if ch.isdigit())[:4]
