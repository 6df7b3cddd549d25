"""What online verification found, as plain records (facts only: rules turn them into messages).

This module imports nothing from requests, so `citeproof.rules.online` and the reporters can
read verification results without paying for the HTTP stack.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Outcome(enum.Enum):
    VERIFIED = "verified"
    MISMATCH = "mismatch"
    NOT_FOUND = "not found"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class Notice:
    """An update a registry lists for a work: Crossref `updated-by` (retraction, correction…)."""

    kind: str  # Crossref update type, lower case: "retraction", "correction", …
    doi: str | None = None
    date: str | None = None  # ISO date of the notice
    source: str | None = None  # "publisher" | "retraction-watch" | …


@dataclass(frozen=True, slots=True)
class Record:
    """A work as one source describes it.

    `authors` are family names where the source splits names (Crossref, CSL-JSON), full display
    names otherwise (OpenAlex); `given` then holds the given names, author by author ("" where
    the source has none), and is empty for display names. `years` holds every publication
    year the source gives (issued, print, online), the canonical one first.
    """

    source: str  # "Crossref" | "OpenAlex" | "doi.org"
    doi: str | None
    title: str
    subtitle: str = ""
    authors: tuple[str, ...] = ()
    given: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    venue: str = ""
    venue_short: tuple[str, ...] = ()
    kind: str = ""
    notices: tuple[Notice, ...] = ()
    retracted: bool = False
    notice_of: str = ""  # this DOI is itself a notice ("retraction") about another work

    @property
    def year(self) -> int | None:
        return self.years[0] if self.years else None

    @property
    def first_author(self) -> str:
        return self.authors[0] if self.authors else ""


@dataclass(frozen=True, slots=True)
class Mismatch:
    """One field where the bib and the source disagree (`field`: year, author, author-order,
    author-spelling, author-diacritics, title, venue, or doi when the DOI points to another
    work altogether). `position` is the author's place in the entry (1-based) for the
    per-author fields, else 0."""

    field: str
    ours: str
    theirs: str
    position: int = 0


@dataclass(frozen=True, slots=True)
class Candidate:
    """A search result with how well it matches the entry (0..1)."""

    record: Record
    confidence: float


class LinkState(enum.Enum):
    OK = "ok"
    BROKEN = "broken"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class LinkResult:
    url: str
    state: LinkState
    reason: str  # "HTTP 404", "DNS failure", "too many redirects", …
    status: int | None = None
    failure: str = ""  # transport failure kind: "dns" | "tls" | "connect" | "timeout" | …


@dataclass(frozen=True, slots=True)
class EntryVerification:
    """Everything verification learned about one bib entry."""

    key: str
    path: str
    line: int
    outcome: Outcome
    via: str = ""  # "doi" | "search" | ""
    record: Record | None = None
    confidence: float | None = None
    doi: str | None = None  # the entry's own DOI, normalised
    mismatches: tuple[Mismatch, ...] = ()
    doi_not_found: bool = False
    searched: tuple[str, ...] = ()  # sources searched without a confident match
    closest: Candidate | None = None
    suggested_doi: str | None = None
    links: tuple[LinkResult, ...] = ()
    unverified: tuple[str, ...] = ()  # why a look-up failed ("Crossref: timeout")
    no_identifier: bool = False

    @property
    def retraction(self) -> bool:
        return self.record is not None and self.record.retracted


@dataclass(frozen=True, slots=True)
class Verification:
    """The result of one run: per-entry results (bib order) and run-level notes."""

    path: str
    results: tuple[EntryVerification, ...]
    notes: tuple[str, ...] = ()
    requests: int = 0  # requests that went to the network
    cached: int = 0  # answers served from the cache
    seconds: float = 0.0
    offline: bool = False

    def count(self, outcome: Outcome) -> int:
        return sum(1 for result in self.results if result.outcome is outcome)


RETRACTION_KINDS = frozenset({"retraction", "withdrawal", "removal", "partial_retraction"})
CONCERN_KINDS = frozenset({"expression_of_concern"})
CORRECTION_KINDS = frozenset({"correction", "erratum", "corrigendum", "addendum", "clarification"})


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def evidence(result: EntryVerification) -> str:
    """Summarise in one line what a result rests on (for the per-entry table)."""
    parts: list[str] = []
    record = result.record
    if record is not None:
        if result.retraction:
            parts.append("RETRACTED")
        if result.mismatches:
            parts.extend(
                f"{m.field}: bib {_short(m.ours, 40)!r} vs {record.source} {_short(m.theirs, 40)!r}"
                for m in result.mismatches
            )
        else:
            who = record.first_author or "?"
            parts.append(f"{_short(record.title)!r} ({who}, {record.year or 'n.d.'})")
        if result.via == "search" and record.doi and not result.doi:
            parts.append(f"DOI {record.doi}")
    elif result.doi_not_found:
        parts.append(f"DOI {result.doi} not registered")
        if result.suggested_doi:
            parts.append(f"found as {result.suggested_doi}")
    elif result.outcome is Outcome.NOT_FOUND:
        parts.append("not in " + " or ".join(result.searched))
        if result.closest is not None:
            parts.append(
                f"closest {result.closest.confidence:.2f}: "
                f"{_short(result.closest.record.title, 40)!r}"
            )
    if result.no_identifier:
        parts.append("no identifier to verify")
    parts.extend(result.unverified)
    for link in result.links:
        if link.state is LinkState.OK:
            parts.append(f"link ok ({link.reason})")
        elif link.state is LinkState.BROKEN:
            parts.append(f"link broken ({link.reason})")
        else:
            parts.append(f"link unchecked ({link.reason})")
    return "; ".join(parts)


def render_table(verification: Verification) -> str:
    """Render the per-entry table as aligned plain-text columns, with a summary line."""
    header = ("entry", "line", "status", "source", "match", "evidence")
    rows = [header]
    for result in verification.results:
        source = result.record.source if result.record else "-"
        if result.via == "doi":
            match = "doi"
        elif result.confidence is not None:
            match = f"{result.confidence:.2f}"
        else:
            match = "-"
        status = result.outcome.value
        rows.append((result.key, str(result.line), status, source, match, evidence(result)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
        + "  "
        + row[-1]
        for row in rows
    ]
    lines.append(summary(verification))
    lines.extend(f"note: {note}" for note in verification.notes)
    return "\n".join(line.rstrip() for line in lines)


def summary(verification: Verification) -> str:
    """Return the one-line count of outcomes, requests and time."""
    counts = ", ".join(f"{verification.count(o)} {o.value}" for o in Outcome)
    mode = " (offline: cache only)" if verification.offline else ""
    return (
        f"{len(verification.results)} entries: {counts}; {verification.requests} requests, "
        f"{verification.cached} from cache, {verification.seconds:.1f} s{mode}"
    )


def to_json(verification: Verification) -> list[dict[str, object]]:
    """The per-entry results as JSON-ready dicts (the `entries` of `verify --format json`)."""
    entries: list[dict[str, object]] = []
    for result in verification.results:
        record = result.record
        entries.append(
            {
                "key": result.key,
                "file": result.path,
                "line": result.line,
                "status": result.outcome.value,
                "via": result.via or None,
                "confidence": result.confidence,
                "doi": result.doi,
                "record": None
                if record is None
                else {
                    "source": record.source,
                    "doi": record.doi,
                    "title": record.title,
                    "authors": list(record.authors),
                    "year": record.year,
                    "venue": record.venue,
                    "retracted": record.retracted,
                    "notices": [
                        {"type": n.kind, "doi": n.doi, "date": n.date, "source": n.source}
                        for n in record.notices
                    ],
                },
                "mismatches": [
                    {
                        "field": m.field,
                        "bib": m.ours,
                        "source": m.theirs,
                        "position": m.position or None,
                    }
                    for m in result.mismatches
                ],
                "suggested_doi": result.suggested_doi,
                "links": [
                    {
                        "url": link.url,
                        "state": link.state.value,
                        "reason": link.reason,
                        "status": link.status,
                    }
                    for link in result.links
                ],
                "unverified": list(result.unverified),
                "evidence": evidence(result),
            }
        )
    return entries
