"""The fields of a typed reference read from its text: the year after the authors, the
title (quoted or not), the segments after it, dates, outlet, chapter and publisher; with
the patterns APA and Chicago reference lists follow.
"""

from __future__ import annotations

import re

from ..model import Name
from .reference_authors import (
    _INITIALS,
    parse_authors,
)

_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_NO_YEAR = r"n\.\s?d\.|in press|in review|forthcoming|submitted|s\.\s?d\."
_PAREN_YEAR = re.compile(
    rf"\s?\((?P<year>{_YEAR}(?:\s?[–-]+\s?(?:{_YEAR})?)?|{_NO_YEAR})(?:-?(?P<suffix>[a-z]))?"
    rf"(?:,\s*(?P<date>[^()]{{1,40}}))?\)\.?",
    re.IGNORECASE,
)
_DOT_YEAR = re.compile(
    rf"(?:^|\.)\s+(?P<year>{_YEAR}(?:\s?[–-]+\s?(?:{_YEAR})?)?|n\.\s?d|in press|in review|"
    rf"forthcoming|submitted|s\.\s?d)(?:\.?-?(?P<suffix>[a-z]))?\.(?=\s|$)",
    re.IGNORECASE,
)
_DITTO = re.compile(r"^\s*(?:[—–]{1,}|-{2,}|_{3,})\s*[.,]?\s*")
_LETTER = r"(?P<suffix>[a-z])?\b"
_MDY = re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}}),?\s+(?P<year>{_YEAR}){_LETTER}")
_DMY = re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})\s+(?P<year>{_YEAR}){_LETTER}")
_MY = re.compile(rf"\b(?P<month>{_MONTH})\s+(?P<year>{_YEAR}){_LETTER}")
_DOI = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|\bdoi:\s*)(?P<doi>10\.\d{4,9}/\S+)", re.I)
_URL = re.compile(r"https?://\S+")
_QUOTES = {"“": "”", '"': '"', "‘": "’", "«": "»", "„": "“", "'": "'"}
_PAGES = r"(?P<pages>[A-Za-z]?\d[\w–-]*)"
_APA_VOLUME = re.compile(rf",\s(?P<volume>\d+[A-Z]?)(?:\((?P<issue>[^)]+)\))?(?:,\s{_PAGES})?")
_CHICAGO_VOLUME = re.compile(
    rf"\s(?P<volume>\d+[A-Z]?)(?:\s\((?P<issue>[^)]+)\))?(?::\s{_PAGES})?(?=[.,]|$)"
)
_TITLE_END = re.compile(r"[.?!](?=\s+(?:[A-Z0-9“\"‘(\[]|https?:)|\s*$)")


def _find_year(text: str, ditto: bool) -> tuple[str, re.Match[str]] | None:
    """Locate the year that follows the authors: "(2020)." or ". 2020." (no quote before it)."""
    best: tuple[str, re.Match[str]] | None = None
    paren = _PAREN_YEAR.search(text)
    if paren is not None and _names_before(text, paren.start(), ditto):
        best = ("parenthesised", paren)
    dotted = _DOT_YEAR.search(text)
    if ditto and dotted is None:
        dotted = re.match(
            rf"\s*(?P<year>{_YEAR}|n\.\s?d|in press|in review|forthcoming)"
            r"(?:\.?-?(?P<suffix>[a-z]))?\.(?=\s|$)",
            text,
            re.I,
        )
    if (
        dotted is not None
        and _names_before(text, dotted.start(), ditto)
        and (best is None or dotted.start() < best[1].start())
    ):
        best = ("after-authors", dotted)
    return best


def _names_before(text: str, position: int, ditto: bool) -> bool:
    """True when text[:position] can be an author list (no quotes, not too long)."""
    head = text[:position]
    if ditto:
        return not head.strip(" .")
    if not head.strip() or len(head) > 2500:
        return False
    return not any(q in head for q in '“”"«»') and not _URL.search(head)


def _clean_year(year: str) -> str:
    value = " ".join(year.split())
    if re.fullmatch(r"n\.\s?d\.?", value, re.I):
        return "n.d."
    return re.sub(r"(\d)\s?[–-]+\s?(?=\d|$)", r"\1–", value)


def _author_end(text: str) -> int:
    """Where the authors end in an item typed without a year after them ("Smith, John. “T”")."""
    quote = re.search(r"[“\"«‘]", text)
    limit = quote.start() if quote else len(text)
    for match in re.finditer(r"\.(?=\s)", text[:limit] + " "):
        before = text[: match.start()].split()
        word = before[-1] if before else ""
        bare = word.rstrip(".")
        if (
            len(bare.strip("(),")) >= 2
            and not _INITIALS.match(bare + ".")
            and bare.lower() not in ("al", "jr", "sr", "st", "eds", "ed", "dr")
        ):
            return match.end()
    return limit


def _split_title(body: str) -> tuple[str, str, bool]:
    """Split the text after the year into (title, rest, quoted)."""
    body = body.strip()
    if body[:1] in _QUOTES and body[:1] != "'":
        close = _QUOTES[body[0]]
        end = body.find(close, 1)
        if body[0] == "‘":
            end = _closing_single(body)
        if end > 0:
            return body[1:end], body[end + 1 :].lstrip(" .,"), True
    for match in _TITLE_END.finditer(body):
        before = body[: match.start()].split()
        last = before[-1] if before else ""
        if re.fullmatch(r"[A-Z]", last) and len(before) > 1 and not before[-2][:1].islower():
            continue  # an initial ("J. K."), not the end of the title
        if last.lower() in ("al", "vs", "ed", "eds", "no", "vol", "pp", "st"):
            continue
        if re.match(r"\s+[IVX]+\.\s", body[match.end() :]) or re.fullmatch(r"[IVX]+", last):
            continue  # "Results. IV. Imaging…": a part number inside the title
        end = match.end() if body[match.start()] in "?!" else match.start()
        return body[:end], body[match.end() :].strip(), False
    return body.rstrip("."), "", False


def _closing_single(body: str) -> int:
    """Find the ’ that closes a title opened with ‘ (an apostrophe inside a word does not)."""
    for match in re.finditer("’", body):
        after = body[match.end() : match.end() + 1]
        if not after.isalpha():
            return match.start()
    return -1


def _tidy_title(title: str) -> str:
    """Drop list punctuation around a title: a trailing "." or ",", a "." next to a "?"."""
    title = title.strip().rstrip(",").strip()
    title = re.sub(r"\.\s*([?!])$", r"\1", title)
    title = re.sub(r"([?!])\s*\.$", r"\1", title)
    if title.endswith(".") and not re.search(r"\b[A-Z]\.$|\.\.\.$|…$", title):
        title = title[:-1]
    return title.strip()


def _segments(text: str) -> list[str]:
    """Split what follows the title into its ". "-separated parts (initials kept whole)."""
    parts: list[str] = []
    start = 0
    for match in re.finditer(r"\.(?:\s+|$)", text):
        word = text[start : match.start()].split()
        last = word[-1] if word else ""
        if _INITIALS.match(last + ".") and len(last) <= 2 and match.end() < len(text):
            continue
        part = text[start : match.start()].strip(" ,")
        if part:
            parts.append(part)
        start = match.end()
    tail = text[start:].strip(" .,")
    if tail:
        parts.append(tail)
    return parts


def _date_in(segment: str) -> tuple[str, str, int, int] | None:
    """Return (year, letter, month, day) when a segment is (or ends in) a date."""
    for pattern in (_MDY, _DMY, _MY):
        match = pattern.search(segment)
        if match is not None:
            month = _month_number(match.group("month"))
            day = int(match.groupdict().get("day") or 0)
            return match.group("year"), (match.group("suffix") or ""), month, day
    bare = re.fullmatch(rf"\s*(?:\w+,\s*)?(?P<year>{_YEAR})(?P<suffix>[a-z])?\s*", segment)
    if bare is not None:
        return bare.group("year"), bare.group("suffix") or "", 0, 0
    return None


def _month_number(text: str) -> int:
    value = text.strip(".").lower()
    for index, name in enumerate(_MONTH_NAMES, start=1):
        if name.startswith(value[:3]):
            return index
    return 0


def _month_day(text: str) -> tuple[int, int]:
    """Read "February 23" / "23 February" / "Spring" inside APA's "(2024, February 23)"."""
    match = re.search(rf"(?P<month>{_MONTH})(?:\s+(?P<day>\d{{1,2}}))?", text)
    if match is None:
        match = re.search(rf"(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})", text)
    if match is None:
        return 0, 0
    return _month_number(match.group("month")), int(match.group("day") or 0)


def _is_outlet(segment: str) -> bool:
    """An outlet name: short, capitalised, not a date, not a URL."""
    segment = segment.strip()
    if not segment or _date_in(segment) or _URL.search(segment):
        return False
    words = segment.split()
    return len(words) <= 8 and segment[:1].isupper()


def _chapter(segments: list[str]) -> tuple[str, tuple[Name, ...], str, str, str]:
    """Read "In: Editor (eds) Book. Series. Publisher, Place." or APA "In E. Editor (Ed.),
    Book (pp. 1–10). Publisher." or Chicago "In Book, edited by E. Editor, 1–10."."""
    head = re.sub(r"^In:?\s+", "", segments[0])
    editors: tuple[Name, ...] = ()
    booktitle = head
    pages = ""
    eds = re.match(r"(?P<names>.+?)\s*\((?:eds?|Eds?)\.?\)\.?,?\s*(?P<book>.*)$", head)
    if eds is not None:
        editors = parse_authors(eds.group("names"))[0]
        booktitle = eds.group("book")
        if not booktitle and len(segments) > 1:
            booktitle = segments[1]
            segments = segments[1:]
    edited = re.match(
        r"(?P<book>.+?),\s+edited by\s+(?P<names>[^,]+(?:,\s*and\s[^,]+)?)"
        r"(?:,\s*(?P<pages>[\d–-]+))?$",
        booktitle,
    )
    if edited is not None:
        booktitle = edited.group("book")
        editors = parse_authors(edited.group("names"), given_first=True)[0]
        pages = edited.group("pages") or ""
    page_match = re.search(r"\s*\((?:pp?\.\s*)?(?P<pages>[\d–-]+)\)$", booktitle)
    if page_match is not None:
        pages = page_match.group("pages")
        booktitle = booktitle[: page_match.start()]
    publisher = place = ""
    rest = [s for s in segments[1:] if not re.search(r"\bSeries\b", s)]
    if rest:
        publisher, place = _publisher(rest[-1])
    return booktitle.strip(" ,"), editors, publisher, place, pages


def _publisher(segment: str) -> tuple[str, str]:
    """Read "Place: Publisher" (Chicago) or "Publisher, Place" (the sample) or "Publisher"."""
    segment = segment.strip(" .,")
    if ":" in segment:
        place, _, publisher = segment.partition(":")
        if len(place.split()) <= 3:
            return publisher.strip(), place.strip()
    if "," in segment:
        publisher, _, place = segment.rpartition(",")
        if len(place.split()) <= 2 and place.strip()[:1].isupper():
            return publisher.strip(), place.strip()
    return segment, ""
