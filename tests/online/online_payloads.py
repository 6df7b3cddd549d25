"""Response bodies shaped like the real APIs' (Crossref REST, OpenAlex, doi.org CSL-JSON).

Field names, nesting and value types follow the services' documented JSON: Crossref's
`{"status": "ok", "message-type": "work", "message": {...}}` and `work-list`, OpenAlex's
`{"meta": {...}, "results": [...]}`, and CSL-JSON from DOI content negotiation.
"""

from __future__ import annotations

from typing import Any

from citeproof.model import Bibliography, Entry, Name


def _date(year: int, month: int = 3, day: int | None = None) -> dict[str, Any]:
    parts = [year, month] + ([day] if day else [])
    return {"date-parts": [parts]}


def crossref_work(
    doi: str,
    title: str,
    authors: tuple[tuple[str, str], ...] = (("Jane", "Smith"),),
    year: int = 2020,
    journal: str = "Journal of Testing",
    **extra: Any,
) -> dict[str, Any]:
    """A Crossref `work` message, as in api.crossref.org/works/{doi}."""
    work: dict[str, Any] = {
        "indexed": {
            "date-parts": [[2025, 1, 7]],
            "date-time": "2025-01-07T10:12:31Z",
            "timestamp": 1736244751000,
        },
        "reference-count": 31,
        "publisher": "Test Academic Press",
        "issue": "3",
        "license": [
            {
                "start": {
                    "date-parts": [[year, 3, 1]],
                    "date-time": f"{year}-03-01T00:00:00Z",
                    "timestamp": 0,
                },
                "content-version": "vor",
                "delay-in-days": 0,
                "URL": "https://creativecommons.org/licenses/by/4.0/",
            }
        ],
        "content-domain": {"domain": [], "crossmark-restriction": False},
        "short-container-title": ["J. Test."],
        "published-print": _date(year),
        "DOI": doi,
        "type": "journal-article",
        "created": {
            "date-parts": [[year, 1, 15]],
            "date-time": f"{year}-01-15T08:00:00Z",
            "timestamp": 0,
        },
        "page": "101-117",
        "source": "Crossref",
        "is-referenced-by-count": 12,
        "title": [title],
        "prefix": doi.split("/")[0],
        "volume": "12",
        "author": [
            {
                "given": given,
                "family": family,
                "sequence": "first" if i == 0 else "additional",
                "affiliation": [],
            }
            for i, (given, family) in enumerate(authors)
        ],
        "member": "9999",
        "container-title": [journal],
        "language": "en",
        "deposited": {
            "date-parts": [[year, 2, 1]],
            "date-time": f"{year}-02-01T00:00:00Z",
            "timestamp": 0,
        },
        "score": 1,
        "resource": {"primary": {"URL": f"https://publisher.example/{doi}"}},
        "issued": _date(year),
        "references-count": 31,
        "journal-issue": {"issue": "3", "published-print": _date(year)},
        "URL": f"https://doi.org/{doi}",
        "ISSN": ["1234-5678"],
        "issn-type": [{"type": "print", "value": "1234-5678"}],
        "published": _date(year),
    }
    work.update(extra)
    return work


def crossref_single(work: dict[str, Any]) -> dict[str, Any]:
    return {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": work}


def crossref_list(items: list[dict[str, Any]], terms: str = "") -> dict[str, Any]:
    return {
        "status": "ok",
        "message-type": "work-list",
        "message-version": "1.0.0",
        "message": {
            "facets": {},
            "total-results": len(items),
            "items": items,
            "items-per-page": 5,
            "query": {"start-index": 0, "search-terms": terms},
        },
    }


def retraction_notice(
    doi: str,
    date: tuple[int, int, int] = (2021, 5, 3),
    kind: str = "retraction",
    source: str = "retraction-watch",
) -> dict[str, Any]:
    """One `updated-by` item (Crossref, with Retraction Watch data since 2023)."""
    return {
        "updated": {
            "date-parts": [list(date)],
            "date-time": "2021-05-03T00:00:00Z",
            "timestamp": 1620000000000,
        },
        "DOI": doi,
        "type": kind,
        "source": source,
        "label": kind.title(),
        "record-id": 31415,
    }


def openalex_work(
    doi: str | None,
    title: str,
    names: tuple[str, ...] = ("Jane Smith",),
    year: int = 2020,
    venue: str = "Journal of Testing",
    retracted: bool = False,
) -> dict[str, Any]:
    """An OpenAlex work object, as in api.openalex.org/works?search=."""
    return {
        "id": "https://openalex.org/W2741809807",
        "doi": f"https://doi.org/{doi}" if doi else None,
        "title": title,
        "display_name": title,
        "publication_year": year,
        "publication_date": f"{year}-03-01",
        "ids": {"openalex": "https://openalex.org/W2741809807"},
        "language": "en",
        "primary_location": {
            "is_oa": False,
            "landing_page_url": "https://publisher.example/x",
            "pdf_url": None,
            "source": {
                "id": "https://openalex.org/S137773608",
                "display_name": venue,
                "issn_l": "1234-5678",
                "issn": ["1234-5678"],
                "type": "journal",
            },
            "license": None,
            "version": "publishedVersion",
        },
        "type": "article",
        "authorships": [
            {
                "author_position": "first" if i == 0 else "middle",
                "author": {
                    "id": f"https://openalex.org/A{5000 + i}",
                    "display_name": name,
                    "orcid": None,
                },
                "institutions": [],
                "countries": [],
                "is_corresponding": i == 0,
                "raw_author_name": name,
                "raw_affiliation_strings": [],
            }
            for i, name in enumerate(names)
        ],
        "cited_by_count": 7,
        "is_retracted": retracted,
        "is_paratext": False,
        "relevance_score": 612.3,
    }


def openalex_list(works: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "meta": {
            "count": len(works),
            "db_response_time_ms": 23,
            "page": 1,
            "per_page": 5,
            "groups_count": None,
        },
        "results": works,
        "group_by": [],
    }


def csl_item(
    doi: str,
    title: str,
    family: str = "Uieda",
    given: str = "Leonardo",
    year: int = 2019,
    publisher: str = "Zenodo",
) -> dict[str, Any]:
    """CSL-JSON from doi.org content negotiation for a DataCite DOI."""
    return {
        "type": "dataset",
        "id": f"https://doi.org/{doi}",
        "DOI": doi,
        "URL": f"https://zenodo.org/record/{doi.rsplit('.', 1)[-1]}",
        "author": [{"family": family, "given": given}],
        "issued": {"date-parts": [[year]]},
        "publisher": publisher,
        "title": title,
        "version": "v1.0",
        "language": "en",
        "abstract": "A dataset.",
        "copyright": "Creative Commons Attribution 4.0 International",
    }


def entry(
    key: str,
    title: str = "",
    authors: tuple[str, ...] = ("Smith",),
    year: str = "2020",
    entry_type: str = "article",
    line: int = 1,
    **fields: str,
) -> Entry:
    """An Entry as citeproof.bib.loader would load it."""
    names = tuple(Name(first="Jane", last=author) for author in authors)
    return Entry(
        key=key,
        entry_type=entry_type,
        fields={"title": title, **fields},
        names=names,
        names_role="author" if names else "none",
        others=False,
        year=year,
        suffix="",
        line=line,
        end_line=line + 6,
        path="refs.bib",
    )


def bibliography(*entries: Entry) -> Bibliography:
    return Bibliography(path="refs.bib", entries=tuple(entries))
