"""doi.org content negotiation: CSL-JSON for DOIs of any registration agency (DataCite, …).

doi.org answers 404 for a DOI no agency registered, so its "not found" is authoritative.
No limit is published for doi.org itself; DataCite, where most non-Crossref DOIs resolve,
documents 3,000 requests per 5 minutes per IP (10/s): the default stays at half of that.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from ..http import Client, LookupFailed
from ..match import Query
from ..results import Record
from ..settings import Settings
from .fields import first_text, normalise_doi, year_of

LIMITS = (5.0, 2)  # requests/s, concurrent
CSL_JSON = "application/vnd.citationstyles.csl+json"


class DoiOrg:
    name = "doi.org"
    authoritative = True

    def __init__(self, settings: Settings, client: Client) -> None:
        self.base = settings.doi_url
        client.limiters.configure(
            self.base, settings.rate or LIMITS[0], settings.concurrency or LIMITS[1]
        )

    def lookup(self, client: Client, doi: str) -> Record | None:
        """Return the registration agency's CSL-JSON record of `doi`, or None if unregistered."""
        reply = client.get(f"{self.base}/{quote(doi, safe='/:;()')}", headers={"Accept": CSL_JSON})
        if reply.status in (404, 410):
            return None
        if reply.status != 200:
            raise LookupFailed(f"HTTP {reply.status}", "http")
        try:
            data = reply.json()
        except LookupFailed as exc:
            if exc.kind == "malformed":
                raise LookupFailed(
                    "the DOI resolves, but its agency gave no CSL-JSON", "no-metadata"
                ) from None
            raise
        try:
            return parse_csl(data)
        except (KeyError, TypeError, AttributeError, ValueError):
            raise LookupFailed("unexpected response shape", "malformed") from None

    def search(self, client: Client, query: Query) -> list[Record]:
        raise NotImplementedError  # doi.org cannot search


def parse_csl(item: dict[str, Any]) -> Record:
    """Turn a CSL-JSON item into a Record."""
    if not isinstance(item, dict):
        raise TypeError("CSL-JSON item is not an object")
    people = [
        (str(a.get("family") or a.get("literal") or a.get("name") or ""), str(a.get("given") or ""))
        for a in item.get("author", [])
        if isinstance(a, dict)
    ]
    people = [(family, given) for family, given in people if family]
    years = [
        y
        for y in (year_of(item.get(k)) for k in ("issued", "published-print", "published-online"))
        if y is not None
    ]
    return Record(
        source="doi.org",
        doi=normalise_doi(str(item.get("DOI", ""))),
        title=first_text(item.get("title")),
        authors=tuple(family for family, _ in people),
        given=tuple(given for _, given in people),
        years=tuple(dict.fromkeys(years)),
        venue=first_text(item.get("container-title")),
        kind=str(item.get("type", "")),
    )
