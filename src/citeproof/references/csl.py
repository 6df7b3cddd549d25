"""Entry → CSL-JSON, built the way pandoc's biblatex reader builds it, minus its known flaws.

pandoc's reader is the reference for every field mapping (types, containers, publishers,
numbers, dates, names), so citeproof's list matches what pandoc users get. It differs on
purpose where pandoc is wrong (docs/refs.md): it reads our already-resolved fields
(`@preamble` macros, `#` joins, crossref), keeps month and day when the year carries a
letter (`year = {2024a}`) or the month is spelled out, does not lowercase a title that is
already in sentence case (proper nouns stay), and tags a title's language when `langid` is
missing but the title is plainly not English, so no English case rules touch it.

Case handling needs the braces of the raw BibTeX (`{NATO}` is protected), which decoded
fields no longer have: `RawFields` re-reads the few title and name fields from the bib text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import data
from ..bib.latex_decode import decode
from ..bib.name_parts import parse_names
from ..model import Entry, Name
from .rich_text import (
    _from_plain,
    _join,
    _Node,
    _rich,
    _smart,
    markup,
    sentence_case,
)
from .rich_text import _parse_tex as _parse_tex  # re-exported for callers of csl
from .rich_text import in_sentence_case as in_sentence_case  # re-exported

# pandoc's getTypeAndGenre (Text.Pandoc.Citeproc.BibTeX), verbatim.
TYPES: dict[str, str] = dict(data.table("csl_types")["types"])
_ARTICLE_LIKE = frozenset({"article", "periodical", "suppperiodical", "review"})
_CHAPTER_LIKE = frozenset({"inbook", "incollection", "inproceedings", "inreference", "bookinbook"})
_BOOK_NUMBERED = frozenset(
    {
        "book",
        "collection",
        "proceedings",
        "reference",
        "mvbook",
        "mvcollection",
        "mvproceedings",
        "mvreference",
        "bookinbook",
        "inbook",
        "incollection",
        "inproceedings",
        "inreference",
        "suppbook",
        "suppcollection",
    }
)
# biblatex localisation keys as pandoc resolves them for English (biblatexStringMap).
_KEYS: dict[str, str] = {
    "mathesis": "Master’s thesis",
    "phdthesis": "PhD thesis",
    "candthesis": "Candidate thesis",
    "techreport": "technical report",
    "resreport": "research report",
    "software": "computer software",
    "datacd": "CD-ROM",
    "audiocd": "audio CD",
    "inpress": "in press",
    "inpreparation": "in preparation",
    "submitted": "submitted",
    "forthcoming": "forthcoming",
    "prepublished": "pre-published",
    "patent": "patent",
    "jourser": "series",
    "newseries": "new series",
    "oldseries": "old series",
}
# pandoc's toIETF for the babel / polyglossia names a langid holds.
LANGUAGES: dict[str, str] = dict(data.table("languages")["languages"])
_IETF = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$")
_MONTHS = {
    name: number
    for number, names in enumerate(data.table("month_names")["months"], start=1)
    for name in names
}
_EDTF_PART = re.compile(r"^\s*(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*[~?%]?\s*$")
_INITIALS = re.compile(r"(?<=\b[A-Z]\.)(?=[A-Z]\.)")
_AND = re.compile(r"\s+and\s+")


@dataclass(frozen=True, slots=True)
class Options:
    """How items are built: `english` when the style's locale is English (pandoc then
    sentence-cases English titles, as CSL styles expect them)."""

    english: bool = True
    detect_language: bool = True
    keep_sentence_case: bool = True


# --------------------------------------------------------------------------- raw fields


class RawFields:
    """The raw (undecoded) values of an entry's fields, re-read from the bib text on demand."""

    def __init__(self, text: str | None, entries: Iterable[Entry] = ()) -> None:
        self._lines = text.split("\n") if text else []
        self._by_key = {entry.key: entry for entry in entries}
        self._cache: dict[str, dict[str, str]] = {}

    def of(self, entry: Entry) -> dict[str, str]:
        """Return field name → raw value for one entry (its crossref parent's fields merged)."""
        if not self._lines:
            return {}
        found = self._cache.get(entry.key)
        if found is None:
            block = "\n".join(self._lines[entry.line - 1 : entry.end_line])
            found = scan_fields(block)
            parent = self._by_key.get(entry.fields.get("crossref", "").strip())
            if parent is not None and parent is not entry:
                for name, value in self.of(parent).items():
                    if name == "title" and parent.entry_type in _BOOK_PARENTS:
                        found.setdefault("booktitle", value)
                    elif name not in ("crossref", "title"):
                        found.setdefault(name, value)
            self._cache[entry.key] = found
        return found


_BOOK_PARENTS = frozenset(
    {
        "book",
        "mvbook",
        "proceedings",
        "mvproceedings",
        "collection",
        "mvcollection",
        "reference",
        "mvreference",
        "periodical",
    }
)
_FIELD_NAME = re.compile(r"[\s,]*([A-Za-z][\w:+.-]*)\s*=\s*")
_BRACES = re.compile(r"[{}]")
_QUOTE_OR_BRACE = re.compile(r'[{}"]')


def scan_fields(block: str) -> dict[str, str]:
    """Read `name = {value}` / `name = "value"` pairs of one BibTeX block, braces kept.

    Values joined with `#` or given as macros are left out: the decoded field (resolved by
    the loader) is used for them instead.
    """
    start = block.find("{")
    paren = block.find("(")
    if start < 0 or (0 <= paren < start):
        start = paren
    if start < 0:
        return {}
    comma = block.find(",", start)
    if comma < 0:
        return {}
    fields: dict[str, str] = {}
    position = comma + 1
    length = len(block)
    while position < length:
        match = _FIELD_NAME.match(block, position)
        if match is None:
            break
        name = match.group(1).lower()
        position = match.end()
        simple = True
        value_parts: list[str] = []
        while position < length:
            char = block[position]
            if char == "{":
                end = _balanced(block, position + 1)
                value_parts.append(block[position + 1 : end])
                position = end + 1
            elif char == '"':
                end = _quoted(block, position + 1)
                value_parts.append(block[position + 1 : end])
                position = end + 1
            else:
                bare = re.match(r"[^\s,#}]*", block[position:])
                width = bare.end() if bare else 0
                simple = simple and block[position : position + width].isdigit()
                value_parts.append(block[position : position + width])
                position += max(width, 1)
            rest = re.match(r"\s*#\s*", block[position:])
            if rest is None:
                break
            simple = False
            position += rest.end()
        if simple and len(value_parts) == 1:
            fields.setdefault(name, value_parts[0])
    return fields


def _balanced(text: str, start: int) -> int:
    depth = 1
    for match in _BRACES.finditer(text, start):
        if match.group() == "{":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return match.start()
    return len(text)


def _quoted(text: str, start: int) -> int:
    depth = 0
    for match in _QUOTE_OR_BRACE.finditer(text, start):
        char = match.group()
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            return match.start()
    return len(text)


# --------------------------------------------------------------------------- language

_STOPWORDS: dict[str, frozenset[str]] = {
    language: frozenset(words) for language, words in data.table("title_stop_words").items()
}
_DETECTED_IETF = {
    "nl": "nl-NL",
    "de": "de-DE",
    "fr": "fr-FR",
    "es": "es-ES",
    "it": "it-IT",
    "pt": "pt-PT",
}


def detect_language(title: str) -> str | None:
    """Return the IETF tag of a title plainly not in English, or None.

    Conservative: at least two distinct function words of one language, more than of any
    other, and fewer English ones. A wrong guess would cost a title its English casing.
    """
    words = {w.casefold() for w in re.findall(r"[^\W\d_]+", title)}
    if len(words) < 3:
        return None
    scores = {lang: len(words & stop) for lang, stop in _STOPWORDS.items()}
    best = max((lang for lang in scores if lang != "en"), key=lambda lang: scores[lang])
    others = sorted((score for lang, score in scores.items() if lang != best), reverse=True)
    if scores[best] >= 2 and scores[best] > others[0] and scores["en"] < scores[best]:
        return _DETECTED_IETF[best]
    return None


def language_of(entry: Entry, options: Options) -> tuple[str | None, bool]:
    """Return the entry's IETF language (or None) and whether it was detected, not given."""
    fields = entry.fields
    langid = (fields.get("langid") or fields.get("hyphenation") or "").strip().lower()
    if langid:
        if langid == "english":
            variant = fields.get("langidopts", "").replace(" ", "").lower()
            if variant in ("variant=british", "variant=uk"):
                return "en-GB", False
        return LANGUAGES.get(langid, langid if _IETF.match(langid) else None), False
    language = fields.get("language", "").strip().lower()
    if language:
        tag = LANGUAGES.get(language.split(",")[0].strip())
        if tag:
            return tag, False
    if options.detect_language:
        detected = detect_language(entry.title)
        if detected:
            return detected, True
    return None, False


# --------------------------------------------------------------------------- dates


def parse_edtf(text: str) -> dict[str, Any] | None:
    """Parse a biblatex `date` (EDTF: 2024-02-23, 2020/2021, 2020-05/2020-07) to a CSL date."""
    parts = []
    for piece in text.split("/"):
        if not piece.strip() or piece.strip() == "..":
            continue
        match = _EDTF_PART.match(piece)
        if match is None:
            return None
        numbers = [int(g) for g in match.groups() if g is not None]
        parts.append(numbers)
    if not parts:
        return None
    date: dict[str, Any] = {"date-parts": parts}
    if "~" in text or "?" in text:
        date["circa"] = True
    return date


def month_number(text: str) -> int | None:
    """Read a month given as a number, an abbreviation or a name (English and a few others)."""
    value = text.strip().strip(".").casefold()
    if value.isdigit():
        number = int(value)
        return number if 1 <= number <= 12 else None
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c))
    return _MONTHS.get(plain) or _MONTHS.get(plain[:3])


def issued(entry: Entry) -> tuple[dict[str, Any] | None, str | None]:
    """Return the CSL `issued` date and a `status` for entries dated "in press" and the like."""
    fields = entry.fields
    date = fields.get("date", "").strip()
    if date:
        parsed = parse_edtf(date)
        if parsed is not None:
            return parsed, None
        return {"literal": date}, None
    year = entry.year
    if year == "n.d." or not year:
        return None, None
    if not year.isdigit():
        if year.strip().lower() == "forthcoming":
            return {"literal": year}, "forthcoming"
        return {"literal": year}, None
    parts = [int(year)]
    month = month_number(fields.get("month", "")) if fields.get("month") else None
    if month:
        parts.append(month)
        day = fields.get("day", "").strip()
        if day.isdigit() and 1 <= int(day) <= 31:
            parts.append(int(day))
    return {"date-parts": [parts]}, None


# --------------------------------------------------------------------------- names


def csl_name(name: Name, useprefix: bool = False) -> dict[str, str]:
    """Turn a Name into a CSL name: particles dropping (biblatex's default, as pandoc)."""
    if name.literal:
        return {"literal": _smart(name.last)}
    out: dict[str, str] = {}
    last, von, first = name.last, name.von, name.first
    if von and von[:1].isupper():
        if not first and " " not in von:
            # "{W}es {M}c{K}inney": BibTeX reads a braced capital as lower case, so the
            # given name lands in von; biblatex (and pandoc) read it as a given name.
            first, von = von, ""
        else:
            # "Van der Walt, Stefan": biblatex keeps a capitalised prefix in the family
            # name; only lower-case words are particles.
            last, von = f"{von} {last}", ""
    if last:
        out["family"] = _smart(_unparsed(last))
    if first:
        out["given"] = _smart(_INITIALS.sub(" ", first))
    if von:
        out["non-dropping-particle" if useprefix else "dropping-particle"] = _smart(von)
    if name.jr:
        out["suffix"] = _smart(name.jr)
    return out


WORD_JOINER = "\u2060"


def _unparsed(family: str) -> str:
    """Keep a braced family name whole ("{de Silva}"): citeproc would split a leading
    lower-case word off as a particle; an invisible word joiner after it prevents that
    (references.py removes it from the output)."""
    words = family.split(" ")
    if len(words) > 1 and words[0][:1].islower():
        return words[0] + WORD_JOINER + " " + " ".join(words[1:])
    return family


def _names(entry: Entry, raw: Mapping[str, str], role: str, useprefix: bool) -> list[dict] | None:
    if entry.names_role == role:
        names, others = entry.names, entry.others
    else:
        source = raw.get(role) or entry.fields.get(role, "")
        if not source.strip():
            return None
        names, others = parse_names(" ".join(source.split()))
    out = [csl_name(name, useprefix) for name in names]
    if others:
        out.append({"literal": "others"})  # citeproc renders it as "et al."
    return out or None


# --------------------------------------------------------------------------- the item


def _text(entry: Entry, name: str) -> str | None:
    value = entry.fields.get(name, "").strip()
    return _smart(value) if value else None


def _list_field(entry: Entry, raw: Mapping[str, str], name: str) -> str | None:
    """A biblatex literal list (publisher, location): "A and B" becomes "A; B" (an "and"
    inside braces is part of a name)."""
    source = raw.get(name)
    if source is not None and ("{" in source or "\\" in source):
        parts = [_smart(decode(part)) for part in split_and(" ".join(source.split()))]
        return "; ".join(part for part in parts if part) or None
    value = _text(entry, name)
    return "; ".join(_AND.split(value)) if value else None


def split_and(text: str) -> list[str]:
    """Split raw BibTeX text at " and " outside braces."""
    parts: list[str] = []
    depth = 0
    start = 0
    index = 0
    lowered = text.lower()
    while index < len(text):
        char = text[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and lowered.startswith(" and ", index):
            parts.append(text[start:index])
            index += 5
            start = index
            continue
        index += 1
    parts.append(text[start:])
    return [part.strip() for part in parts]


def _options(entry: Entry) -> dict[str, str]:
    out = {}
    for part in entry.fields.get("options", "").split(","):
        key, _, value = part.partition("=")
        if key.strip():
            out[key.strip().lower()] = value.strip().lower() or "true"
    return out


def to_csl(
    entry: Entry, raw: Mapping[str, str] | None = None, options: Options = Options()
) -> dict[str, Any]:
    """Build one CSL-JSON item from an entry (raw field values, when given, keep braces).

    The steps add their variables to the item in pandoc's order: type and genre, language,
    names, dates, titles, numbers, publication facts, links and identifiers, notes.
    """
    raw = raw or {}
    entry_type = entry.entry_type.lower()
    item: dict[str, Any] = {"id": entry.key, "type": _csl_type(entry, entry_type)}
    _add_genre(item, entry, entry_type)
    language, _ = language_of(entry, options)
    if language:
        item["language"] = language
    english = options.english and (language is None or language.lower().startswith("en"))
    opts = _options(entry)
    _add_names(item, entry, raw, useprefix=opts.get("useprefix") == "true")
    status = _add_dates(item, entry)
    _add_titles(item, entry, raw, entry_type, english, options)
    _add_numbers(item, entry, entry_type)
    _add_publication(item, entry, raw, entry_type)
    _add_links(item, entry, entry_type, opts)
    _add_notes(item, entry, entry_type, status)
    return item


def _csl_type(entry: Entry, entry_type: str) -> str:
    """The CSL type: pandoc's table, refined by the entry's subtype and event fields."""
    fields = entry.fields
    subtype = fields.get("entrysubtype", "").strip().lower()
    csl_type = TYPES.get(entry_type, "")
    if entry_type in ("article", "periodical", "suppperiodical") and subtype in (
        "magazine",
        "newspaper",
    ):
        csl_type = f"article-{subtype}"
    if entry_type == "unpublished" and any(
        f in fields for f in ("eventdate", "eventtitle", "venue")
    ):
        csl_type = "speech"
    return csl_type


def _add_genre(item: dict[str, Any], entry: Entry, entry_type: str) -> None:
    fields = entry.fields
    genre = fields.get("type", "").strip()
    if genre:
        item["genre"] = _KEYS.get(genre.lower(), genre)
    elif entry_type == "mastersthesis":
        item["genre"] = _KEYS["mathesis"]
    elif entry_type == "phdthesis":
        item["genre"] = _KEYS["phdthesis"]


def _add_names(item: dict[str, Any], entry: Entry, raw: Mapping[str, str], useprefix: bool) -> None:
    fields = entry.fields
    for role, variable in (
        ("author", "author"),
        ("editor", "editor"),
        ("translator", "translator"),
        ("bookauthor", "container-author"),
    ):
        names = _names(entry, raw, role, useprefix)
        if names:
            if role == "editor" and fields.get("editortype", "").lower() == "director":
                variable = "director"
            item[variable] = names


def _add_dates(item: dict[str, Any], entry: Entry) -> str | None:
    """Add the issued and other dates; return the publication status the date implied."""
    fields = entry.fields
    date, status = issued(entry)
    if date:
        item["issued"] = date
    for field_name, variable in (
        ("urldate", "accessed"),
        ("eventdate", "event-date"),
        ("origdate", "original-date"),
    ):
        value = fields.get(field_name, "").strip()
        if value:
            item[variable] = parse_edtf(value) or {"literal": value}
    return status


def _add_titles(
    item: dict[str, Any],
    entry: Entry,
    raw: Mapping[str, str],
    entry_type: str,
    english: bool,
    options: Options,
) -> None:
    """Add title, volume title, container, series, event and original titles."""
    fields = entry.fields

    def title(name: str) -> list[_Node] | None:
        nodes = _rich(entry, raw, name)
        if nodes and english:
            nodes = sentence_case(nodes, keep_proper=options.keep_sentence_case)
        return nodes

    chapter_like = entry_type in _CHAPTER_LIKE
    periodical = entry_type == "periodical"
    has_main = "maintitle" in fields
    if periodical and "issuetitle" in fields:
        main = _join([title("issuetitle"), title("issuesubtitle")], ":")
    elif has_main and not chapter_like:
        main = _join(
            [_join([title("maintitle"), title("mainsubtitle")], ":"), title("maintitleaddon")], "."
        )
        item["volume-title"] = markup(
            _join([_join([title("title"), title("subtitle")], ":"), title("titleaddon")], ".") or []
        )
    else:
        main = _join([_join([title("title"), title("subtitle")], ":"), title("titleaddon")], ".")
    if main:
        item["title"] = markup(main)
    if has_main and chapter_like and "booktitle" in fields:
        item["volume-title"] = markup(title("booktitle") or [])

    container: list[_Node] | None = None
    if periodical:
        container = _rich(entry, raw, "title")
    elif chapter_like and has_main:
        container = _join([title("maintitle"), title("mainsubtitle")], ":")
    elif chapter_like and "booktitle" in fields:
        container = _join(
            [_join([title("booktitle"), title("booksubtitle")], ":"), title("booktitleaddon")], "."
        )
    elif "journaltitle" in fields or "journal" in fields:
        name = "journaltitle" if "journaltitle" in fields else "journal"
        container = _join([_rich(entry, raw, name), _rich(entry, raw, "journalsubtitle")], ":")
    if container:
        item["container-title"] = markup(container)
    series = title("series")
    if series:
        text = markup(series)
        item["collection-title"] = f"{_ordinal(text)} series" if text.isdigit() else text
    for name, variable in (("eventtitle", "event"), ("origtitle", "original-title")):
        nodes = title(name)
        if nodes:
            item[variable] = markup(nodes)


def _add_numbers(item: dict[str, Any], entry: Entry, entry_type: str) -> None:
    """Add volume, number or issue, pages and the other numbered variables."""
    volume, part = _text(entry, "volume"), _text(entry, "part")
    if volume or part:
        item["volume"] = f"{volume}.{part}" if volume and part else volume or part
    number = _text(entry, "number")
    if number:
        if entry_type in _BOOK_NUMBERED:
            item["collection-number"] = number
        elif entry_type in _ARTICLE_LIKE:
            issue = _text(entry, "issue")
            item["issue"] = f"{number}, {issue}" if issue else number
        else:
            item["number"] = number
    elif entry_type in _ARTICLE_LIKE and _text(entry, "issue"):
        item["issue"] = _text(entry, "issue")
    for name, variable in (
        ("pages", "page"),
        ("pagetotal", "number-of-pages"),
        ("volumes", "number-of-volumes"),
        ("chapter", "chapter-number"),
        ("edition", "edition"),
        ("version", "version"),
    ):
        number_text = _text(entry, name)
        if number_text:
            item[variable] = number_text.replace("–", "-") if name == "pages" else number_text


def _add_publication(
    item: dict[str, Any], entry: Entry, raw: Mapping[str, str], entry_type: str
) -> None:
    """Add publisher, places and venue."""
    publishers = [
        _text(entry, name) if name == "howpublished" else _list_field(entry, raw, name)
        for name in ("school", "institution", "organization", "howpublished", "publisher")
    ]
    publisher = _join([_from_plain(p) for p in publishers if p], ";")
    if publisher:
        item["publisher"] = markup(publisher)
    place = _list_field(entry, raw, "address") or (
        _list_field(entry, raw, "location") if entry_type != "patent" else None
    )
    if place:
        item["publisher-place"] = place
    if entry_type == "patent" and _text(entry, "location"):
        item["jurisdiction"] = _list_field(entry, raw, "location")
    venue = _text(entry, "venue")
    if venue:
        item["event-place"] = venue


def _add_links(
    item: dict[str, Any], entry: Entry, entry_type: str, opts: Mapping[str, str]
) -> None:
    """Add the URL (or an eprint's) and the identifiers, as the entry's options allow."""
    fields = entry.fields
    url = fields.get("url", "").strip()
    if url and (entry_type == "online" or opts.get("url") != "false"):
        item["URL"] = url
    else:
        prefix = _EPRINT_URLS.get(
            (fields.get("eprinttype") or fields.get("archiveprefix") or "").strip().lower()
        )
        eprint = fields.get("eprint", "").strip()
        if prefix and eprint:
            item["URL"] = prefix + eprint
    for name, variable in (
        ("doi", "DOI"),
        ("isbn", "ISBN"),
        ("issn", "ISSN"),
        ("pmid", "PMID"),
        ("pmcid", "PMCID"),
        ("library", "call-number"),
    ):
        value = fields.get(name, "").strip()
        if value and not (name == "doi" and opts.get("doi") == "false"):
            item[variable] = value


def _add_notes(item: dict[str, Any], entry: Entry, entry_type: str, status: str | None) -> None:
    """Add note and addendum, and the publication status."""
    fields = entry.fields
    periodical = entry_type == "periodical"
    notes = [] if periodical else [_text(entry, "note")]
    notes.append(_text(entry, "addendum"))
    note = _join([_from_plain(n) for n in notes if n], ".")
    if note:
        item["note"] = markup(note)
    pubstate = fields.get("pubstate", "").strip()
    if pubstate:
        item["status"] = _KEYS.get(pubstate.lower(), pubstate)
    elif status:
        item["status"] = status


_EPRINT_URLS = {
    "arxiv": "https://arxiv.org/abs/",
    "jstor": "https://www.jstor.org/stable/",
    "pubmed": "https://www.ncbi.nlm.nih.gov/pubmed/",
    "googlebooks": "https://books.google.com?id=",
}


def _ordinal(number: str) -> str:
    value = int(number)
    if 10 <= value % 100 <= 20:
        return f"{value}th"
    return str(value) + {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")


def items(
    entries: Sequence[Entry],
    bib_text: str | None = None,
    options: Options = Options(),
    all_entries: Sequence[Entry] | None = None,
) -> list[dict[str, Any]]:
    """Build CSL-JSON items for entries; `bib_text` (the .bib source) lets titles keep their
    protective braces, `all_entries` lets crossref children find their parents' raw fields."""
    raw = RawFields(bib_text, all_entries if all_entries is not None else entries)
    return [to_csl(entry, raw.of(entry), options) for entry in entries]
