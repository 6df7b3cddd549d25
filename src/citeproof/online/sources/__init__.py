"""Metadata sources: one small module each, one interface.

A source looks a DOI up (`lookup`: the Record, or None when the source does not know the
DOI) and/or searches by bibliographic data (`search`: candidate Records). Either raises
`LookupFailed` when it cannot answer. Adding DBLP, arXiv or PubMed is a new module here plus
a line in `build`.
"""

from __future__ import annotations

import re
from typing import Protocol
from urllib.parse import unquote

from ..http import Client
from ..match import Query
from ..results import Record
from ..settings import Settings


class Source(Protocol):
    name: str
    #: its "not found" settles whether a DOI is registered at all (doi.org covers every agency)
    authoritative: bool

    def lookup(self, client: Client, doi: str) -> Record | None: ...

    def search(self, client: Client, query: Query) -> list[Record]: ...


def build(settings: Settings, client: Client) -> tuple[list[Source], list[Source]]:
    """Return the (DOI look-up chain, search chain) for these settings, in order."""
    from .crossref import Crossref
    from .doi import DoiOrg
    from .openalex import OpenAlex

    lookups: list[Source] = []
    searches: list[Source] = []
    if "crossref" in settings.sources:
        crossref = Crossref(settings, client)
        lookups.append(crossref)
        searches.append(crossref)
    if "doi" in settings.sources:
        lookups.append(DoiOrg(settings, client))
    if "openalex" in settings.sources:
        searches.append(OpenAlex(settings, client))
    return lookups, searches


_DOI = re.compile(r"10\.\d{4,9}/\S+", re.IGNORECASE)


def normalise_doi(text: str) -> str | None:
    """Return the bare DOI in `text` (a DOI, doi: form or doi.org URL), or None."""
    text = unquote(text.strip())
    match = _DOI.search(text)
    return match.group(0).rstrip(".,;") if match else None


def doi_from_url(url: str) -> str | None:
    """Return the DOI of a doi.org / dx.doi.org URL, or None for any other URL."""
    if re.match(r"https?://(dx\.)?doi\.org/", url.strip(), re.IGNORECASE):
        return normalise_doi(url)
    return None


def year_of(date: object) -> int | None:
    """The year of a Crossref/CSL date ({"date-parts": [[2020, 5]]}), or None."""
    if not isinstance(date, dict):
        return None
    parts = date.get("date-parts") or [[None]]
    try:
        year = parts[0][0]
        return int(year) if year is not None else None
    except (IndexError, TypeError, ValueError):
        return None


def date_of(date: object) -> str | None:
    """An ISO date (yyyy[-mm[-dd]]) from a Crossref/CSL date, or None."""
    if not isinstance(date, dict):
        return None
    try:
        parts = [int(p) for p in (date.get("date-parts") or [[]])[0] if p is not None]
    except (TypeError, ValueError):
        return None
    return "-".join(f"{p:04d}" if i == 0 else f"{p:02d}" for i, p in enumerate(parts)) or None


def first_text(value: object) -> str:
    """The first string of a Crossref list field (or the string itself)."""
    if isinstance(value, list):
        return next((str(v) for v in value if v), "")
    return str(value) if value else ""
