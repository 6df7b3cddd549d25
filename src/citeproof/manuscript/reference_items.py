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
from functools import lru_cache

from ..model import Bibliography, Document, Entry, Name, Span
from ..names.fold import key as name_key
from ..references.rich_text import SMALL_WORDS
from .reference_authors import (
    parse_authors,
)
from .reference_fields import (
    _APA_VOLUME,
    _CHICAGO_VOLUME,
    _DITTO,
    _DOI,
    _MONTH_NAMES,
    _URL,
    _author_end,
    _chapter,
    _clean_year,
    _date_in,
    _find_year,
    _is_outlet,
    _month_day,
    _publisher,
    _segments,
    _split_title,
    _tidy_title,
)
from .reference_section import reference_list_in, split_text_items


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
    return _typed_list(document.text)


@lru_cache(maxsize=16)
def _typed_list(text: str) -> TypedList | None:
    """The typed list of `text`, parsed once per text (style inference and the
    reference-list rules both read it; its records are immutable, so they are shared)."""
    span = reference_list_in(text)
    if span is None:
        return None
    items: list[TypedItem] = []
    previous: TypedItem | None = None
    for item_span in split_text_items(text, span):
        item = parse_item(text[item_span.start : item_span.end], item_span, previous)
        items.append(item)
        previous = item
    return TypedList(span, tuple(items)) if items else None


# --------------------------------------------------------------------------- one item


_NO_SPAN = Span(0, 0)


def parse_item(text: str, span: Span = _NO_SPAN, previous: TypedItem | None = None) -> TypedItem:
    """Parse one typed reference item (any common author-date or notes style).

    The steps: the authors and year at the head, the links, the title, a date among the
    segments after it (notes styles put it late), then the container or publisher. Each
    step notes in `uncertain` what it could not recognise.
    """
    flat = " ".join(text.split())
    uncertain: list[str] = []
    ditto, pattern, author_text, year, suffix, date_text, body = _read_head(flat)
    names, others = _item_authors(author_text, ditto, previous, uncertain)
    doi, url, body = _links(body)
    title, after, quoted = _split_title(body)
    title = _tidy_title(title)
    if not title:
        uncertain.append("no title recognised")
    month, day = _month_day(date_text) if date_text else (0, 0)
    segments = _segments(after)
    date_first: bool | None = None
    if pattern == "end" or not year:
        year, suffix, month, day, date_first, segments = _date_among(
            segments, year, suffix, month, day
        )
    if not year:
        uncertain.append("no year recognised")
        year = "n.d."
    series = next((s for s in segments if re.search(r"\bSeries\b", s)), "")
    source = _source(segments, uncertain)
    return TypedItem(
        span=span,
        text=flat,
        names=tuple(names),
        others=others,
        year=year,
        suffix=suffix,
        title=title,
        container=source.container,
        month=month,
        day=day,
        volume=source.volume,
        issue=source.issue,
        pages=source.pages.replace("-", "–"),
        publisher=source.publisher,
        place=source.place,
        booktitle=source.booktitle,
        series=series,
        editors=source.editors,
        doi=doi,
        url=url,
        title_quoted=quoted,
        pattern=pattern,
        date_first=date_first,
        ditto=ditto,
        uncertain=tuple(uncertain),
    )


def _read_head(flat: str) -> tuple[bool, str, str, str, str, str, str]:
    """Split off the head: (ditto?, pattern, author text, year, suffix, date text, body).

    A leading dash ("———. 2020.") repeats the previous item's authors; the year follows the
    authors in brackets or between full stops, or (notes styles, pattern "end") comes later.
    """
    rest = flat
    ditto = False
    ditto_match = _DITTO.match(rest)
    if ditto_match and not rest[:1].isalnum():
        ditto = True
        rest = rest[ditto_match.end() :]
    found = _find_year(rest, ditto)
    if found is None:
        cut = _author_end(rest) if not ditto else 0
        return ditto, "end", rest[:cut], "", "", "", rest[cut:].lstrip(". ").strip()
    kind, match = found
    return (
        ditto,
        kind,
        rest[: match.start()] if not ditto else "",
        _clean_year(match.group("year")),
        (match.group("suffix") or "").lower(),
        match.groupdict().get("date") or "",
        rest[match.end() :].strip(),
    )


def _item_authors(
    author_text: str, ditto: bool, previous: TypedItem | None, uncertain: list[str]
) -> tuple[tuple[Name, ...], bool]:
    """The item's authors: its own, or the previous item's when it repeats them with a dash."""
    if ditto:
        if previous is None:
            uncertain.append("repeats the authors of an item before it, but there is none")
            return (), False
        return previous.names, previous.others
    names, others = parse_authors(author_text)
    if not names and not others:
        uncertain.append("no authors recognised")
    return names, others


def _links(body: str) -> tuple[str, str, str]:
    """Return (DOI, URL, body without URLs); a URL that is the DOI's own link is not kept."""
    doi_match = _DOI.search(body)
    doi = doi_match.group("doi").rstrip(".,;)") if doi_match else ""
    url_match = _URL.search(body)
    url = url_match.group().rstrip(".,;)") if url_match else ""
    if doi and url_match is not None and doi_match is not None:
        url = "" if url_match.start() == doi_match.start() else url
    body = " ".join(_URL.sub(" ", body).split()) if url_match else body
    return doi, url, body


def _date_among(
    segments: list[str], year: str, suffix: str, month: int, day: int
) -> tuple[str, str, int, int, bool | None, list[str]]:
    """Take the first date from the segments after the title (notes styles date late).

    Returns (year, suffix, month, day, date before the outlet?, the other segments); the
    first value already known wins.
    """
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
        date_first = not outlet_before if outlet_before or outlet_after else None
        return year, suffix, month, day, date_first, segments[:index] + segments[index + 1 :]
    return year, suffix, month, day, None, segments


@dataclass(slots=True)
class _Source:
    """Where an item was published, as read from the segments after its title."""

    container: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    publisher: str = ""
    place: str = ""
    booktitle: str = ""
    editors: tuple[Name, ...] = ()


def _source(segments: list[str], uncertain: list[str]) -> _Source:
    """Read a chapter ("In: Editors (Eds.), Book…"), a journal with volume/issue/pages, or a
    publisher with its place, from the segments after the title."""
    source = _Source()
    if segments and re.match(r"^In:?\s", segments[0]):
        (
            source.booktitle,
            source.editors,
            source.publisher,
            source.place,
            source.pages,
        ) = _chapter(segments)
        return source
    if not segments:
        uncertain.append("no container or publisher recognised")
        return source
    head = segments[0]
    match_volume = _APA_VOLUME.search(head) or _CHICAGO_VOLUME.search(head)
    if match_volume is not None and match_volume.start() > 0:
        source.container = head[: match_volume.start()].strip(" ,")
        source.volume = match_volume.group("volume")
        source.issue = match_volume.group("issue") or ""
        source.pages = (match_volume.group("pages") or "").rstrip(".")
    elif _is_outlet(head):
        source.container = head.strip(" ,")
    if source.container and ":" in source.container and not source.volume:
        place_text, _, publisher_text = source.container.partition(":")
        if len(place_text.split()) <= 3 and publisher_text.strip():  # "Amsterdam: Elsevier"
            source.place, source.publisher = place_text.strip(), publisher_text.strip()
            source.container = ""
    tail = [s for s in segments[1:] if not _date_in(s) and not s.lower().startswith("edited")]
    if not source.container and not source.publisher and tail:
        source.publisher, source.place = _publisher(tail[-1])
    elif not source.container and not source.publisher:
        source.publisher, source.place = _publisher(head)
    if not source.container and not source.publisher:
        uncertain.append("no container or publisher recognised")
    return source


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
