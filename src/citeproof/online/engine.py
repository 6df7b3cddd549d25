"""Verify bib entries against the sources, one entry per worker thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import replace

from ..config import Config
from ..model import Bibliography, Entry
from .http import Client, LookupFailed
from .links import check_link, urls_of
from .match import Query, best_match, compare
from .results import (
    Candidate,
    EntryVerification,
    LinkResult,
    LinkState,
    Outcome,
    Record,
    Verification,
)
from .settings import Settings
from .sources import build, doi_from_url, normalise_doi

#: entry types whose works Crossref and OpenAlex index (BibTeX and biblatex names)
SCHOLARLY_TYPES = frozenset(
    {
        "article",
        "inproceedings",
        "conference",
        "incollection",
        "inbook",
        "book",
        "mvbook",
        "bookinbook",
        "collection",
        "proceedings",
        "phdthesis",
        "mastersthesis",
        "thesis",
        "techreport",
        "report",
    }
)
#: an @article without any of these is a newspaper or magazine piece, not a journal article
JOURNAL_FIELDS = ("volume", "number", "issue", "pages", "issn", "eid")
#: biblatex's marker of a newspaper or magazine piece
NEWS_SUBTYPES = frozenset({"newspaper", "magazine"})
#: identifiers that make any entry searchable
IDENTIFIER_FIELDS = ("eprint", "arxiv", "pmid", "isbn")

Progress = Callable[[int, int, str], None]


def searchable(entry: Entry) -> bool:
    """Whether the entry describes a work a scholarly index could find by its metadata."""
    if not entry.title.strip():
        return False
    if any(entry.fields.get(name) for name in IDENTIFIER_FIELDS):
        return True
    if entry.entry_type.lower() not in SCHOLARLY_TYPES:
        return False
    if entry.fields.get("entrysubtype", "").lower() in NEWS_SUBTYPES:
        return False
    if entry.entry_type.lower() == "article":
        return any(entry.fields.get(name) for name in JOURNAL_FIELDS)
    return True


def entry_doi(entry: Entry) -> str | None:
    """The entry's DOI: its doi field, else a doi.org URL in its url field."""
    return normalise_doi(entry.fields.get("doi", "")) or doi_from_url(entry.fields.get("url", ""))


class Verifier:
    """Look entries up with one Client and the configured sources (thread-safe)."""

    def __init__(self, settings: Settings, client: Client) -> None:
        self.settings = settings
        self.client = client
        self.lookups, self.searches = build(settings, client)
        self._refused: dict[str, str] = {}  # source name → why it is off for this run
        self._used: set[str] = set()
        self._lock = threading.Lock()

    def verify(self, entry: Entry) -> EntryVerification:
        """Verify one entry; failed look-ups become `unverified` reasons, never exceptions."""
        doi = entry_doi(entry)
        links: tuple[LinkResult, ...] = ()
        if self.settings.links:
            links = tuple(check_link(self.client, url) for url in urls_of(entry.fields, doi))
        base = EntryVerification(
            key=entry.key,
            path=entry.path,
            line=entry.line,
            outcome=Outcome.SKIPPED,
            doi=doi,
            links=links,
        )
        if doi:
            return self._verify_doi(entry, doi, base)
        if not searchable(entry):
            return replace(base, no_identifier=True)
        accepted, closest, searched, failures = self._search(Query.from_entry(entry))
        if accepted is not None:
            return self._found(entry, base, accepted.record, "search", accepted.confidence)
        if searched:
            return replace(
                base,
                outcome=Outcome.NOT_FOUND,
                searched=searched,
                closest=closest,
                unverified=failures,
            )
        return replace(base, unverified=failures)

    def _verify_doi(self, entry: Entry, doi: str, base: EntryVerification) -> EntryVerification:
        failures: list[str] = []
        settled = False
        for source in self.lookups:
            try:
                record = source.lookup(self.client, doi)
            except LookupFailed as exc:
                failures.append(f"{source.name}: {exc.reason}")
                continue
            if record is not None:
                return self._found(entry, base, record, "doi", 1.0)
            settled = settled or source.authoritative
        if not settled:
            return replace(base, unverified=tuple(failures))
        suggested = None
        if searchable(entry):
            accepted, _, _, _ = self._search(Query.from_entry(entry))
            if accepted is not None and accepted.record.doi and accepted.record.doi != doi:
                suggested = accepted.record.doi
        return replace(base, outcome=Outcome.NOT_FOUND, doi_not_found=True, suggested_doi=suggested)

    def _found(
        self, entry: Entry, base: EntryVerification, record: Record, via: str, confidence: float
    ) -> EntryVerification:
        mismatches = compare(entry, record)
        suggested = record.doi if via == "search" and not base.doi else None
        return replace(
            base,
            outcome=Outcome.MISMATCH if mismatches else Outcome.VERIFIED,
            via=via,
            record=record,
            confidence=confidence,
            mismatches=mismatches,
            suggested_doi=suggested,
        )

    def _search(
        self, query: Query
    ) -> tuple[Candidate | None, Candidate | None, tuple[str, ...], tuple[str, ...]]:
        """Search each source in turn until one has a confident match.

        Returns (match, closest candidate, sources that answered, failure reasons).
        """
        searched: list[str] = []
        failures: list[str] = []
        closest: Candidate | None = None
        for source in self.searches:
            with self._lock:
                refused = self._refused.get(source.name)
                self._used.add(source.name)
            if refused is not None:
                failures.append(f"{source.name}: {refused}")
                continue
            try:
                records = source.search(self.client, query)
            except LookupFailed as exc:
                if exc.kind == "refused":
                    with self._lock:
                        self._refused[source.name] = exc.reason
                failures.append(f"{source.name}: {exc.reason}")
                continue
            searched.append(source.name)
            accepted, best = best_match(query, records, self.settings.threshold)
            if accepted is not None:
                return accepted, accepted, tuple(searched), tuple(failures)
            if best is not None and (closest is None or best.confidence > closest.confidence):
                closest = best
        return None, closest, tuple(searched), tuple(failures)

    def notes(self) -> list[str]:
        """Run-level remarks: missing contact address or key, sources that refused."""
        found: list[str] = []
        settings = self.settings
        with self._lock:
            used = set(self._used)
            refused = dict(self._refused)
        if settings.offline:
            found.append("offline: answers came from the cache only; nothing was sent")
        if not settings.mailto and any(s.name == "Crossref" for s in self.lookups + self.searches):
            found.append(
                "no contact address configured, so Crossref's public pool and its "
                "lower rate apply (set mailto in [tool.citeproof.online] or "
                "CITEPROOF_MAILTO)"
            )
        if "OpenAlex" in used and not settings.openalex_key:
            found.append(
                "OpenAlex searched without an API key (required since February 2026 "
                "for most use): results only where it still answers; set openalex-key "
                "or CITEPROOF_OPENALEX_KEY"
            )
        found.extend(f"{name} skipped for this run: {why}" for name, why in refused.items())
        return found


def run(
    bibliography: Bibliography,
    config: Config,
    keys: Collection[str] | None = None,
    progress: Progress | None = None,
    settings: Settings | None = None,
) -> Verification:
    """Verify the entries of `bibliography` (those in `keys`, if given), concurrently."""
    settings = settings or Settings.from_config(config)
    entries = [e for e in bibliography.entries if keys is None or e.key in keys]
    started = time.monotonic()
    results: list[EntryVerification | None] = [None] * len(entries)
    with Client(settings) as client:
        verifier = Verifier(settings, client)
        pool = ThreadPoolExecutor(
            max_workers=settings.workers, thread_name_prefix="citeproof-verify"
        )
        try:
            futures = {pool.submit(verifier.verify, entry): i for i, entry in enumerate(entries)}
            for done, future in enumerate(as_completed(futures), start=1):
                index = futures[future]
                results[index] = future.result()
                if progress is not None:
                    progress(done, len(entries), entries[index].key)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        notes = verifier.notes()
        final = [r for r in results if r is not None]
        if client.requests_sent and not client.network_reached and not settings.offline:
            final = [_unreachable(r) for r in final]
            notes.append(
                "no server answered during this run: is the network down? "
                "(DNS failures are not reported as broken links)"
            )
        return Verification(
            path=bibliography.path,
            results=tuple(final),
            notes=tuple(notes),
            requests=client.requests_sent,
            cached=client.cached,
            seconds=time.monotonic() - started,
            offline=settings.offline,
        )


def _unreachable(result: EntryVerification) -> EntryVerification:
    """With no server reachable at all, a DNS failure says nothing about the link itself."""
    if not any(link.failure == "dns" and link.state is LinkState.BROKEN for link in result.links):
        return result
    links = tuple(
        replace(link, state=LinkState.UNKNOWN) if link.failure == "dns" else link
        for link in result.links
    )
    return replace(result, links=links)
