"""Crossref REST API: `works/{doi}` look-ups and `works?query.bibliographic=` searches.

Etiquette (https://www.crossref.org/documentation/retrieve-metadata/rest-api/tips-for-using-the-crossref-rest-api/):
send a `mailto` (parameter and User-Agent) to be served from the "polite" pool. Limits as
Crossref announced them for December 2025: anonymous ("public") requests 5 per second with
1 concurrent; requests with a contact address ("polite") 10 per second with 3 concurrent.
The defaults below are those figures; the `rate` and `concurrency` settings override them.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from ..http import Client, LookupFailed
from ..match import Query
from ..results import RETRACTION_KINDS, Notice, Record
from ..settings import Settings
from .fields import date_of, first_text, normalise_doi, year_of

PUBLIC_LIMITS = (5.0, 1)  # requests/s, concurrent — no contact address
POLITE_LIMITS = (10.0, 3)  # with a mailto
ROWS = 5


class Crossref:
    name = "Crossref"
    authoritative = False  # Crossref is one registration agency among several

    def __init__(self, settings: Settings, client: Client) -> None:
        self.base = settings.crossref_url
        self.params = {"mailto": settings.mailto} if settings.mailto else {}
        rate, concurrency = POLITE_LIMITS if settings.mailto else PUBLIC_LIMITS
        client.limiters.configure(
            self.base, settings.rate or rate, settings.concurrency or concurrency
        )

    def lookup(self, client: Client, doi: str) -> Record | None:
        """Return Crossref's record of `doi`, or None if Crossref does not know it."""
        reply = client.get(f"{self.base}/works/{quote(doi, safe='/:;()')}", params=self.params)
        if reply.status in (404, 410):
            return None
        if reply.status != 200:
            raise LookupFailed(f"HTTP {reply.status}", "http")
        data = reply.json()
        try:
            return parse_work(data["message"])
        except (KeyError, TypeError, AttributeError, ValueError):
            raise LookupFailed("unexpected response shape", "malformed") from None

    def search(self, client: Client, query: Query) -> list[Record]:
        """Return Crossref's best few candidates for a bibliographic query."""
        params = {**self.params, "query.bibliographic": query.text, "rows": str(ROWS)}
        reply = client.get(f"{self.base}/works", params=params)
        if reply.status != 200:
            raise LookupFailed(f"HTTP {reply.status}", "http")
        data = reply.json()
        try:
            return [parse_work(item) for item in data["message"]["items"]]
        except (KeyError, TypeError, AttributeError, ValueError):
            raise LookupFailed("unexpected response shape", "malformed") from None


def parse_work(work: dict[str, Any]) -> Record:
    """Turn a Crossref work (the `message` of works/{doi}, or a search item) into a Record."""
    people = [
        (str(a.get("family") or a.get("name") or ""), str(a.get("given") or ""))
        for a in work.get("author", [])
        if isinstance(a, dict)
    ]
    people = [(family, given) for family, given in people if family]
    years = []
    for key in ("issued", "published", "published-print", "published-online", "posted"):
        year = year_of(work.get(key))
        if year is not None and year not in years:
            years.append(year)
    notices = tuple(
        Notice(
            kind=str(u.get("type", "")).lower().replace("-", "_"),
            doi=normalise_doi(str(u.get("DOI", ""))),
            date=date_of(u.get("updated")),
            source=u.get("source"),
        )
        for u in work.get("updated-by", [])
        if isinstance(u, dict)
    )
    notice_of = next(
        (str(u.get("type", "")).lower() for u in work.get("update-to", []) if isinstance(u, dict)),
        "",
    )
    title = first_text(work.get("title"))
    retracted = any(n.kind in RETRACTION_KINDS for n in notices) or title.upper().startswith(
        ("RETRACTED:", "RETRACTED ARTICLE:")
    )
    return Record(
        source="Crossref",
        doi=normalise_doi(str(work.get("DOI", ""))),
        title=title,
        subtitle=first_text(work.get("subtitle")),
        authors=tuple(family for family, _ in people),
        given=tuple(given for _, given in people),
        years=tuple(years),
        venue=first_text(work.get("container-title")),
        venue_short=tuple(str(v) for v in work.get("short-container-title", []) if v),
        kind=str(work.get("type", "")),
        notices=notices,
        retracted=retracted,
        notice_of=notice_of,
    )
