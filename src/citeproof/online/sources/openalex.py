"""OpenAlex `works?search=`: a second search index, good for works Crossref lacks.

OpenAlex documents a limit of 10 requests per second (and a daily budget); since February
2026 it requires a free API key (`api_key=`) for most use and no longer has a `mailto`
polite pool. Without a key we still ask (gently: 1 request/s), and stop asking for the
rest of the run at the first refusal, saying why.
"""

from __future__ import annotations

from typing import Any

from ..http import Client, LookupFailed
from ..match import Query
from ..results import Record
from ..settings import Settings
from .fields import normalise_doi

KEY_LIMITS = (10.0, 3)  # requests/s, concurrent — with an API key
ANONYMOUS_LIMITS = (1.0, 1)
PER_PAGE = 5


class SourceUnavailable(LookupFailed):
    """The source refuses this client for the whole run (an API key is needed)."""


class OpenAlex:
    name = "OpenAlex"
    authoritative = False

    def __init__(self, settings: Settings, client: Client) -> None:
        self.base = settings.openalex_url
        self.params = {"api_key": settings.openalex_key} if settings.openalex_key else {}
        self.keyless = not settings.openalex_key
        rate, concurrency = ANONYMOUS_LIMITS if self.keyless else KEY_LIMITS
        client.limiters.configure(
            self.base, settings.rate or rate, settings.concurrency or concurrency
        )

    def lookup(self, client: Client, doi: str) -> Record | None:
        raise NotImplementedError  # not in the look-up chain

    def search(self, client: Client, query: Query) -> list[Record]:
        """Return OpenAlex's best few candidates for the entry's title."""
        params = {**self.params, "search": query.title, "per-page": str(PER_PAGE)}
        reply = client.get(f"{self.base}/works", params=params)
        if reply.status in (401, 403) or (reply.status == 400 and self.keyless):
            hint = " (set openalex-key or CITEPROOF_OPENALEX_KEY)" if self.keyless else ""
            raise SourceUnavailable(f"refused, HTTP {reply.status}{hint}", "refused")
        if reply.status != 200:
            raise LookupFailed(f"HTTP {reply.status}", "http")
        data = reply.json()
        try:
            return [parse_work(item) for item in data["results"]]
        except (KeyError, TypeError, AttributeError, ValueError):
            raise LookupFailed("unexpected response shape", "malformed") from None


def parse_work(work: dict[str, Any]) -> Record:
    """Turn an OpenAlex work object into a Record (authors as display names)."""
    authors = []
    for authorship in work.get("authorships") or []:
        author = authorship.get("author") or {}
        name = author.get("display_name") or authorship.get("raw_author_name") or ""
        if name:
            authors.append(str(name))
    location = work.get("primary_location") or {}
    venue = ((location.get("source") or {}).get("display_name")) or ""
    year = work.get("publication_year")
    return Record(
        source="OpenAlex",
        doi=normalise_doi(str(work.get("doi") or "")),
        title=str(work.get("title") or work.get("display_name") or ""),
        authors=tuple(authors),
        years=(int(year),) if year else (),
        venue=str(venue),
        kind=str(work.get("type") or ""),
        retracted=bool(work.get("is_retracted")),
    )
