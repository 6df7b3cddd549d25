"""Metadata sources: one small module each, one interface.

A source looks a DOI up (`lookup`: the Record, or None when the source does not know the
DOI) and/or searches by bibliographic data (`search`: candidate Records). Either raises
`LookupFailed` when it cannot answer. Adding DBLP, arXiv or PubMed is a new module here plus
a line in `build`.
"""

from __future__ import annotations

from typing import Protocol

from ..http import Client
from ..match import Query
from ..results import Record
from ..settings import Settings
from .fields import date_of, doi_from_url, first_text, normalise_doi, year_of

__all__ = ["Source", "build", "date_of", "doi_from_url", "first_text", "normalise_doi", "year_of"]


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
