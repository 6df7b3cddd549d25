"""Read the reference list typed at the end of an article into records, with no bib at all.

Each item is parsed best-effort: authors, year and letter, title, container, full date,
volume / issue / pages, DOI and URL, and the *pattern* it is typed in (where the year
sits, whether the date comes before the outlet), which CP405 compares across the list.
From the records, `to_bibliography` builds a Bibliography so `check` runs without a bib,
and `to_bibtex` writes a starting bib for `citeproof extract-refs`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..model import Bibliography, Document, Entry, Name, Span
from ..names.fold import PARTICLES as _PARTICLES
from ..names.fold import key as name_key
from ..references.csl import SMALL_WORDS
from .reference_section import find_reference_list, split_items

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
_ET_AL = re.compile(r",?\s*\bet\.?\s*al\.?,?", re.IGNORECASE)
_INITIALS = re.compile(r"^(?:(?:[A-Z][a-z]?\.\s?-?\s?)*[A-Z][a-z]?\.?|[A-Z]{1,3})$")
_PAGES = r"(?P<pages>[A-Za-z]?\d[\w–-]*)"
_APA_VOLUME = re.compile(rf",\s(?P<volume>\d+[A-Z]?)(?:\((?P<issue>[^)]+)\))?(?:,\s{_PAGES})?")
_CHICAGO_VOLUME = re.compile(
    rf"\s(?P<volume>\d+[A-Z]?)(?:\s\((?P<issue>[^)]+)\))?(?::\s{_PAGES})?(?=[.,]|$)"
)
_TITLE_END = re.compile(r"[.?!](?=\s+(?:[A-Z0-9“\"‘(\[]|https?:)|\s*$)")


@dataclass(frozen=True, slots=True)
class TypedItem:
    """One reference item as typed in the article, parsed without a bib.

    `pattern` is where the year sits: "parenthesised" (APA, Harvard: "Smith, J. (2020)."),
    "after-authors" (Chicago author-date: "Smith, John. 2020."), "end" (notes-bibliography,
    MLA, news items: the date after the title), or "" when no year was found.
    `date_first` is True when a full date comes before the outlet ("May 2, 2024. Reuters.").
    `uncertain` lists why the parse may be wrong (for extract-refs' comments).
    """

    span: Span
    text: str
    names: tuple[Name, ...]
    others: bool
    year: str
    suffix: str
    title: str
    container: str = ""
    month: int = 0
    day: int = 0
    volume: str = ""
    issue: str = ""
    pages: str = ""
    publisher: str = ""
    place: str = ""
    booktitle: str = ""
    series: str = ""
    editors: tuple[Name, ...] = ()
    doi: str = ""
    url: str = ""
    title_quoted: bool = False
    pattern: str = ""
    date_first: bool | None = None
    ditto: bool = False
    uncertain: tuple[str, ...] = ()

    @property
    def first_author(self) -> str:
        """The first author's family name as typed ("" when none)."""
        return self.names[0].family if self.names else ""

    @property
    def signature(self) -> tuple[str, bool | None]:
        """What CP405 compares: the year's place, and the date's place against the outlet."""
        return self.pattern, self.date_first


@dataclass(frozen=True, slots=True)
class TypedList:
    """The article's typed reference list: where it is and its parsed items."""

    span: Span
    items: tuple[TypedItem, ...]


# --------------------------------------------------------------------------- finding


def read(document: Document) -> TypedList | None:
    """Find and parse the reference list typed in a document, or None when it has none."""
    span = find_reference_list(document)
    if span is None:
        return None
    items: list[TypedItem] = []
    previous: TypedItem | None = None
    for item_span in split_items(document, span):
        item = parse_item(document.text[item_span.start : item_span.end], item_span, previous)
        items.append(item)
        previous = item
    return TypedList(span, tuple(items)) if items else None


# --------------------------------------------------------------------------- one item


_NO_SPAN = Span(0, 0)


def parse_item(text: str, span: Span = _NO_SPAN, previous: TypedItem | None = None) -> TypedItem:
    """Parse one typed reference item (any common author-date or notes style)."""
    flat = " ".join(text.split())
    uncertain: list[str] = []
    rest = flat
    ditto = False
    author_text = ""
    ditto_match = _DITTO.match(rest)
    if ditto_match and not rest[:1].isalnum():
        ditto = True
        rest = rest[ditto_match.end() :]
    year = suffix = ""
    pattern = ""
    date_text = ""
    body = rest
    found = _find_year(rest, ditto)
    if found is not None:
        kind, match = found
        author_text = rest[: match.start()] if not ditto else ""
        year = _clean_year(match.group("year"))
        suffix = (match.group("suffix") or "").lower()
        date_text = match.groupdict().get("date") or ""
        body = rest[match.end() :].strip()
        pattern = kind
    else:
        cut = _author_end(rest) if not ditto else 0
        author_text = rest[:cut]
        body = rest[cut:].lstrip(". ").strip()
        pattern = "end"
    if ditto:
        names, others = (previous.names, previous.others) if previous else ((), False)
        if previous is None:
            uncertain.append("repeats the authors of an item before it, but there is none")
    else:
        names, others = parse_authors(author_text)
        if not names and not others:
            uncertain.append("no authors recognised")

    doi_match = _DOI.search(body)
    doi = doi_match.group("doi").rstrip(".,;)") if doi_match else ""
    url_match = _URL.search(body)
    url = url_match.group().rstrip(".,;)") if url_match else ""
    body_wo_url = " ".join(_URL.sub(" ", body).split()) if url_match else body

    title, after, quoted = _split_title(body_wo_url)
    title = _tidy_title(title)
    if not title:
        uncertain.append("no title recognised")

    month = day = 0
    date_first: bool | None = None
    container = volume = issue = pages = publisher = place = booktitle = ""
    editors: tuple[Name, ...] = ()
    if date_text:
        month, day = _month_day(date_text)
    segments = _segments(after)
    if pattern == "end" or not year:
        for index, segment in enumerate(segments):
            date = _date_in(segment)
            if date is None:
                continue
            y, s, m, d = date
            if not year:
                year, suffix = y, s
            month, day = month or m, day or d
            outlet_before = any(_is_outlet(seg) for seg in segments[:index])
            outlet_after = any(_is_outlet(seg) for seg in segments[index + 1 :])
            if outlet_before or outlet_after:
                date_first = not outlet_before
            segments = segments[:index] + segments[index + 1 :]
            break
    if not year:
        uncertain.append("no year recognised")
        year = "n.d."
    series = next((s for s in segments if re.search(r"\bSeries\b", s)), "")
    if segments and re.match(r"^In:?\s", segments[0]):
        booktitle, editors, publisher, place, pages = _chapter(segments)
    elif segments:
        head = segments[0]
        apa = _APA_VOLUME.search(head)
        chicago = _CHICAGO_VOLUME.search(head)
        match_volume = apa or chicago
        if match_volume is not None and match_volume.start() > 0:
            container = head[: match_volume.start()].strip(" ,")
            volume = match_volume.group("volume")
            issue = match_volume.group("issue") or ""
            pages = (match_volume.group("pages") or "").rstrip(".")
        elif _is_outlet(head):
            container = head.strip(" ,")
        if container and ":" in container and not volume:
            place_text, _, publisher_text = container.partition(":")
            if len(place_text.split()) <= 3 and publisher_text.strip():  # "Amsterdam: Elsevier"
                place, publisher, container = place_text.strip(), publisher_text.strip(), ""
        tail = [s for s in segments[1:] if not _date_in(s) and not s.lower().startswith("edited")]
        if not container and not publisher and tail:
            publisher, place = _publisher(tail[-1])
        elif not container and not publisher:
            publisher, place = _publisher(head)
        if not container and not publisher:
            uncertain.append("no container or publisher recognised")
    else:
        uncertain.append("no container or publisher recognised")
    pages = pages.replace("-", "–")
    return TypedItem(
        span=span,
        text=flat,
        names=tuple(names),
        others=others,
        year=year,
        suffix=suffix,
        title=title,
        container=container,
        month=month,
        day=day,
        volume=volume,
        issue=issue,
        pages=pages,
        publisher=publisher,
        place=place,
        booktitle=booktitle,
        series=series,
        editors=editors,
        doi=doi,
        url=""
        if doi
        and url_match is not None
        and doi_match is not None
        and url_match.start() == doi_match.start()
        else url,
        title_quoted=quoted,
        pattern=pattern,
        date_first=date_first,
        ditto=ditto,
        uncertain=tuple(uncertain),
    )


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


# --------------------------------------------------------------------------- names


def parse_authors(text: str, given_first: bool = False) -> tuple[tuple[Name, ...], bool]:
    """Split a typed author list into Names: "Surname, I. I., & Surname, I." (APA),
    "Surname, Given, Given Surname, and Given Surname" (Chicago), corporate names whole."""
    others = bool(_ET_AL.search(text)) or "…" in text
    text = _ET_AL.sub("", text)
    text = re.sub(r"\s*…\s*", ", ", text).strip(" ,;")
    if text.endswith(".") and not _INITIALS.match(text.rsplit(None, 1)[-1].split(",")[-1]):
        text = text[:-1].rstrip(" ,;")
    if not text:
        return (), others
    # Join words ("and", "&") become separators; keep a comma-free corporate name whole.
    pieces = [p.strip() for p in re.split(r"\s*,\s*|\s+(?:and|&)\s+|\s*;\s*", text) if p.strip()]
    pieces = [re.sub(r"^(?:and|&)\s+", "", p) for p in pieces]
    if len(pieces) == 1:
        return (_single(pieces[0], given_first),), others
    names: list[Name] = []
    index = 0
    # APA / Harvard invert every name ("Almgren, A. S., Beckner, V. E."); Chicago and MLA
    # only the first ("Almgren, A. S., V. E. Beckner"): the third piece tells them apart.
    inverted_all = (
        len(pieces) > 1
        and _initials_given(pieces[1])
        and not (
            len(pieces) > 2
            and len(pieces[2].split()) > 1
            and _INITIALS.match(pieces[2].split()[0]) is not None
        )
    )
    first = True
    while index < len(pieces):
        piece = pieces[index]
        following = pieces[index + 1] if index + 1 < len(pieces) else None
        if (
            not given_first
            and (first or inverted_all)
            and following is not None
            and _is_given(following)
            and _is_family(piece)
        ):
            names.append(_name(family=piece, given=following))
            index += 2
        elif piece.lower() in ("the",) and names:
            index += 1  # "StarKiller Microphysics Development Team, the, ..."
        else:
            names.append(_single(piece, given_first=True))
            index += 1
        first = False
    return tuple(names), others


def _initials_given(piece: str) -> bool:
    """Initials, perhaps followed by a dropping particle: "A. S.", "S. van der"."""
    words = piece.split()
    while len(words) > 1 and words[-1].lower() in _PARTICLES:
        words = words[:-1]
    return _INITIALS.match("".join(words)) is not None


def _is_given(piece: str) -> bool:
    """Initials ("J. K.", "P.-C.") or one or two capitalised given names ("Ann", "Mary Jo")."""
    compact = piece.replace(" ", "")
    if _INITIALS.match(compact):
        return True
    words = piece.split()
    while len(words) > 1 and words[-1].lower() in _PARTICLES:
        words = words[:-1]  # APA puts a dropping particle last: "Zanna, L. del"
    if _INITIALS.match("".join(words)):
        return True
    return (
        1 <= len(words) <= 3
        and all(
            w[:1].isupper() and (w.rstrip(".").isalpha() or _INITIALS.match(w) or "-" in w)
            for w in words
        )
        and not any(
            w.lower() in ("university", "team", "collaboration", "institute", "press")
            for w in words
        )
    )


def _is_family(piece: str) -> bool:
    words = piece.split()
    if not words or len(words) > 4:
        return False
    return all(w[:1].isupper() or w.lower() in _PARTICLES for w in words)


def _single(piece: str, given_first: bool) -> Name:
    """One name with no comma: "Given Family" (Chicago's later authors) or a corporate name."""
    words = piece.split()
    if len(words) >= 2 and given_first and _looks_personal(words):
        cut = len(words) - 1
        while cut > 1 and words[cut - 1].lower() in _PARTICLES:
            cut -= 1
        given = " ".join(words[:cut])
        family_words = words[cut:]
        von = [w for w in family_words[:-1] if w.lower() in _PARTICLES]
        return _name(family=" ".join(family_words[len(von) :]), given=given, von=" ".join(von))
    if len(words) == 1 and given_first:
        return Name(last=piece)
    return Name(last=piece, literal=True)


def _looks_personal(words: Sequence[str]) -> bool:
    """Tell "Mattan S. Ben-Shachar" from "R Core Team" or "Event Horizon Telescope"."""
    corporate = {
        "team",
        "collaboration",
        "group",
        "consortium",
        "project",
        "university",
        "institute",
        "organization",
        "organisation",
        "association",
        "society",
        "agency",
        "office",
        "committee",
        "council",
        "foundation",
        "inc",
        "ltd",
        "department",
        "ministry",
        "bank",
        "developers",
        "contributors",
        "core",
    }
    if any(w.lower().strip(".,") in corporate for w in words) or len(words) > 5:
        return False
    given = words[:-1]
    return all(w[:1].isupper() or w.lower() in _PARTICLES for w in words) and any(
        _INITIALS.match(w) or (w[:1].isupper() and w[1:].islower()) for w in given
    )


def _name(family: str, given: str, von: str = "") -> Name:
    """Build a Name, moving leading lower-case particles of the family name into von."""
    given_words = given.split()
    trailing: list[str] = []
    while len(given_words) > 1 and given_words[-1].lower() in _PARTICLES:
        trailing.insert(0, given_words.pop())
    given = " ".join(given_words)
    von = " ".join([*trailing, von]).strip()
    words = family.split()
    particles = []
    while len(words) > 1 and words[0].lower() in _PARTICLES and words[0][:1].islower():
        particles.append(words.pop(0))
    return Name(first=given.strip(), von=" ".join([von, *particles]).strip(), last=" ".join(words))


# --------------------------------------------------------------------------- matching


def match(
    items: Sequence[TypedItem], entries: Sequence[Entry], prefer: Iterable[str] = ()
) -> dict[int, str]:
    """Pair typed items with bib entries: first author and year, then letter and title.

    Of two entries equally good (one work entered twice), one in `prefer` (the cited keys)
    wins."""
    preferred = frozenset(prefer)
    from rapidfuzz import fuzz

    from ..names.fold import name_forms

    by_name: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.names:
            for form in name_forms(entry.names[0]):
                by_name.setdefault(name_key(form), []).append(entry)
    pairs: dict[int, str] = {}
    used: set[str] = set()
    for index, item in enumerate(items):
        candidates: list[Entry] = []
        if item.names:
            seen: set[str] = set()
            for form in _item_forms(item.names[0]):
                for entry in by_name.get(name_key(form), ()):
                    if entry.key not in seen:
                        seen.add(entry.key)
                        candidates.append(entry)
        dated = [e for e in candidates if _same_year(e.year, item.year)] or candidates
        title = _fold(item.title)
        if not dated and title:
            dated = [
                e
                for e in entries
                if _same_year(e.year, item.year) and fuzz.ratio(_fold(e.title), title) >= 85
            ]
        if not dated:
            continue
        scores = {e.key: _score(e, item, title, used, preferred) for e in dated}
        best = max(dated, key=lambda e: scores[e.key])
        plausible = len(dated) == 1 or scores[best.key] >= 40 or not title
        if plausible and (candidates or fuzz.ratio(_fold(best.title), title) >= 85):
            pairs[index] = best.key
            used.add(best.key)
    return pairs


def _score(
    entry: Entry, item: TypedItem, title: str, used: set[str], preferred: frozenset[str]
) -> float:
    """How well an entry fits an item: title likeness, the letter, not yet taken, cited."""
    from rapidfuzz import fuzz

    value = fuzz.ratio(_fold(entry.title), title) if title else 0.0
    if item.suffix and entry.suffix == item.suffix:
        value += 20
    if entry.key in used:
        value -= 50
    if entry.key in preferred:
        value += 5
    return value


def _item_forms(name: Name) -> list[str]:
    forms = [name.family, name.last]
    if name.literal:
        forms.append(re.sub(r"\s*\([^)]*\)", "", name.last))
    return [f for f in dict.fromkeys(forms) if f]


def _same_year(entry_year: str, item_year: str) -> bool:
    from ..citations.resolve import normalise_year

    return normalise_year(entry_year) == normalise_year(item_year)


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", plain.casefold()).split())


def fold_title(text: str) -> str:
    """Compare titles up to case, marks, punctuation and spacing."""
    return _fold(text)


# --------------------------------------------------------------------------- output


def to_entries(typed: TypedList, path: str) -> tuple[Entry, ...]:
    """Turn parsed items into Entry records (keys like lau2024a), located in the article."""
    entries: list[Entry] = []
    keys: set[str] = set()
    for item in typed.items:
        key = _key(item, keys)
        keys.add(key)
        fields = _fields(item)
        role = "author" if item.names else "none"
        entries.append(
            Entry(
                key=key,
                entry_type=_entry_type(item),
                fields=fields,
                names=item.names,
                names_role=role,
                others=item.others,
                year=item.year,
                suffix=item.suffix,
                line=0,
                end_line=0,
                path=path,
            )
        )
    return tuple(entries)


def to_bibliography(document: Document) -> Bibliography | None:
    """Build a Bibliography from the article's own typed list, so `check` runs without a bib.

    Entries are located at their item's lines in the article and `path` is the article's,
    which is how the CP4xx rules know the list was not checked against a real bib.
    """
    typed = read(document)
    if typed is None:
        return None
    entries = []
    for entry, item in zip(to_entries(typed, document.path), typed.items, strict=True):
        start = document.position(item.span.start).line
        end = document.position(max(item.span.end - 1, item.span.start)).line
        entries.append(
            Entry(
                entry.key,
                entry.entry_type,
                entry.fields,
                entry.names,
                entry.names_role,
                entry.others,
                entry.year,
                entry.suffix,
                start,
                end,
                document.path,
            )
        )
    return Bibliography(document.path, tuple(entries))


def _key(item: TypedItem, taken: set[str]) -> str:
    """A BibTeX key as people write them: first author's surname, year, letter."""
    base = item.names[0].last if item.names else (item.title.split() or ["anon"])[0]
    plain = unicodedata.normalize("NFKD", base)
    plain = "".join(c for c in plain if c.isascii() and c.isalnum()).lower() or "anon"
    year = item.year if item.year[:1].isdigit() else "nd"
    key = f"{plain}{year[:4]}{item.suffix}"
    if key not in taken:
        return key
    for letter in "abcdefghijklmnopqrstuvwxyz":
        if f"{key}{letter}" not in taken:
            return f"{key}{letter}"
    return f"{key}{len(taken)}"


def _entry_type(item: TypedItem) -> str:
    if item.booktitle:
        return "incollection"
    if item.container and (item.volume or item.pages):
        return "article"
    if item.container and item.month:
        return "article"  # a dated news or magazine item
    if item.container:
        return "online" if item.url else "article"
    if item.publisher:
        return "book"
    return "misc"


def _fields(item: TypedItem) -> dict[str, str]:
    fields: dict[str, str] = {}
    if item.title:
        fields["title"] = item.title
    if item.container:
        fields["journal"] = item.container
        if item.month and not item.volume:
            fields["entrysubtype"] = "newspaper"
    if item.booktitle:
        fields["booktitle"] = item.booktitle
    if item.editors:
        fields["editor"] = " and ".join(_bib_name(n) for n in item.editors)
    for name in ("volume", "pages", "publisher", "series", "doi", "url"):
        value = getattr(item, name)
        if value:
            fields[name] = value
    if item.issue:
        fields["number"] = item.issue
    if item.place:
        fields["address"] = item.place
    fields["year"] = f"{item.year}{item.suffix}" if item.year[:1].isdigit() else item.year
    if item.month:
        fields["month"] = _MONTH_NAMES[item.month - 1].capitalize()
    if item.day:
        fields["day"] = str(item.day)
    from ..references.csl import detect_language

    language = detect_language(item.title) if item.title else None
    if language:
        fields["langid"] = _LANGIDS.get(language, language)
    return fields


_LANGIDS = {
    "nl-NL": "dutch",
    "de-DE": "ngerman",
    "fr-FR": "french",
    "es-ES": "spanish",
    "it-IT": "italian",
    "pt-PT": "portuguese",
}


_BIB_SPECIALS = re.compile(r"([&%$#_])")


def _bib_value(text: str) -> str:
    """Escape a value for BibTeX and balance its braces."""
    text = _BIB_SPECIALS.sub(r"\\\1", text)
    return text.replace("{", "(").replace("}", ")")


def _protect_title(title: str) -> str:
    """Brace the capitals a style must not recase.

    A title typed in sentence case ("Stroking the ego: Hungary’s Orbán…") has only proper
    nouns in capitals: brace every capitalised word after the first. A title typed in title
    case ("The Changing Role of NATO’s Secretary General") is recased by the style, so only
    acronyms and mixed-case words (NATO’s, iPhone) are braced.
    """
    words = title.split(" ")
    content = [w.strip("“”‘’\"'()[],.:;?!") for w in words[1:]]
    title_case = all(
        w[:1].isupper()
        for w in content
        if len(w) >= 3 and w[:1].isalpha() and w.lower() not in SMALL_WORDS
    )
    out = []
    for index, word in enumerate(words):
        escaped = _bib_value(word)
        capitals = sum(c.isupper() for c in word)
        protect = (
            capitals >= 2
            or (capitals == 1 and not word[:1].isupper())
            or (capitals and not title_case)
        )
        if index > 0 and protect:
            core = re.match(r"^([“‘\"(]*)(.*?)([”’\"),.:;?!]*)$", escaped)
            if core is not None and core.group(2):
                escaped = f"{core.group(1)}{{{core.group(2)}}}{core.group(3)}"
        out.append(escaped)
    return " ".join(out)


def _bib_name(name: Name) -> str:
    if name.literal:
        return "{" + _bib_value(name.last) + "}"
    family = f"{name.von} {name.last}".strip() if name.von else name.last
    parts = [_bib_value(family)]
    if name.jr:
        parts.append(_bib_value(name.jr))
    if name.first:
        parts.append(_bib_value(name.first))
    return ", ".join(parts)


_MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def to_bibtex(typed: TypedList, document: Document) -> str:
    """Write the parsed list as BibTeX, a comment on each entry whose parse was uncertain."""
    lines = [
        f"% Extracted by citeproof from the reference list of {document.path}",
        f"% (lines {document.position(typed.span.start).line}–"
        f"{document.position(max(typed.span.end - 1, 0)).line}). Best effort: check each "
        "entry against its source.",
        "",
    ]
    for entry, item in zip(to_entries(typed, document.path), typed.items, strict=True):
        line = document.position(item.span.start).line
        if item.uncertain:
            lines.append(f"% uncertain (line {line}): {'; '.join(item.uncertain)}")
            lines.append(f"%   {item.text[:160]}")
        lines.append(f"@{entry.entry_type}{{{entry.key},")
        body: list[tuple[str, str]] = []
        if item.names:
            body.append(
                (
                    "author",
                    " and ".join(_bib_name(n) for n in item.names)
                    + (" and others" if item.others else ""),
                )
            )
        for name in (
            "title",
            "journal",
            "booktitle",
            "editor",
            "series",
            "entrysubtype",
            "langid",
            "volume",
            "number",
            "pages",
            "publisher",
            "address",
            "year",
            "month",
            "day",
            "doi",
            "url",
        ):
            value = entry.fields.get(name)
            if not value:
                continue
            if name == "title":
                body.append((name, _protect_title(value)))
            elif name == "month":
                body.append((name, _MONTH_MACROS[item.month - 1]))
            elif name == "editor":
                body.append((name, value))
            else:
                body.append((name, value if name in ("doi", "url") else _bib_value(value)))
        width = max(len(name) for name, _ in body) if body else 0
        for name, value in body:
            rendered = value if name == "month" else "{" + value + "}"
            lines.append(f"  {name:<{width}} = {rendered},")
        lines.append("}")
        lines.append("")
    return "\n".join(lines)


# --------------------------------------------------------------------------- helpers


def describe_pattern(signature: tuple[str, bool | None]) -> str:
    """Say in words how an item is typed (for CP405 messages)."""
    pattern, date_first = signature
    words = {
        "parenthesised": "year in parentheses after the authors (APA / Harvard)",
        "after-authors": "year after the authors, set off by periods (Chicago author-date)",
        "end": "date after the title",
    }.get(pattern, "no recognisable year")
    if pattern == "end" and date_first is not None:
        words += ", before the outlet" if date_first else ", after the outlet"
    return words


def letters_in(items: Iterable[TypedItem], pairs: Mapping[int, str]) -> dict[str, str]:
    """Return entry key → the letter its typed item gives its year (pinned by the article)."""
    out: dict[str, str] = {}
    for index, item in enumerate(items):
        key = pairs.get(index)
        if key is not None and item.suffix:
            out[key] = item.suffix
    return out


__all__ = [
    "TypedItem",
    "TypedList",
    "describe_pattern",
    "fold_title",
    "letters_in",
    "match",
    "parse_authors",
    "parse_item",
    "read",
    "to_bibliography",
    "to_bibtex",
    "to_entries",
]
