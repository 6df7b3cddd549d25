"""DOIs and Crossref/CSL field values, read the same way by every source."""

from __future__ import annotations

import re
from urllib.parse import unquote

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
