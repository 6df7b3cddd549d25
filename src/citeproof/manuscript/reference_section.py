"""Find the reference list typed at the end of an article, with or without a heading.

Citations inside the list are not citations, and the list itself is audited against the
bibliography later, so both stages need to know where it is and where each item starts.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import data
from ..model import Document, Span
from ..names.fold import PARTICLES as _PARTICLES

_HEADINGS = data.words("reference_list_headings")
_HEADING_MARKS = " \t\r#*_:=\u00a0"  # \r: a CRLF file's lines keep it
_HEADING_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[ivx]+\.)\s+")
_HEADING_LIMIT = 60
_UNDERLINE = re.compile(r"^\s*(?:=+|-+)\s*$")
#: A blank line, in LF and CRLF files alike (a CRLF file's blank line is "\r\n").
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\u00a0]*\n")
_YEAR = re.compile(
    r"(?<!\d)(?:1[5-9]\d\d|20\d\d)(?!\d)|\bn\.\s?d\.|\b(?:in press|forthcoming)\b", re.I
)
_DITTO = re.compile(r"^\s*(?:[—–]+|-{2,}|_{3,})")
_FOOTNOTE = re.compile(r"^\s*\[\d+\]")
_EVIDENCE = re.compile(
    r"\(\s*(?:1[5-9]\d\d|20\d\d)[a-z]?\s*\)"  # APA (2020)
    r"|[.,]\s*(?:1[5-9]\d\d|20\d\d)[a-z]?\s*[.,]"  # Chicago ". 2020."
    r"|[“”\"«»]|\bdoi\b|https?://|\bRetrieved\b|\bIn:|\b(?:vol|pp|ed|eds)\.|\d+\(\d+\)"
    r"|\b(?:[A-Z][a-z]+\.?\s+\d{1,2},\s+(?:1[5-9]|20)\d\d)"
    r"|\b(?:Press|University|Journal|Proceedings)\b",
)
_NOT_NAMES = data.words("reference_list_not_names")
_ITEM_HEAD_LIMIT = 120
_ET_AL = re.compile(r"\s+et\.?\s+al\.?(?=[\s,(]|$)")
_HEAD_END = re.compile(r",|\.(?:\s|$)|\s*\(|\s+(?=(?:1[5-9]\d\d|20\d\d)[a-z]?[.,])")
_ACRONYM_IN_PARENS = re.compile(r"\s*\([A-Z][A-Z0-9 &.\-]*\)")
_YEAR_START = re.compile(r"(?:1[5-9]\d\d|20\d\d|n\.\s?d\.)")
#: The first bracketed date of a line and what follows it: an item goes on with a period, a
#: title or a quote ("(2019). Title", "(2019) Title"); a narrative citation goes on with the
#: sentence's lower-case verb or preposition ("(2019) in treating", "(2019) showed").
_DATE_THEN = re.compile(r"\((?:1[5-9]\d\d|20\d\d|n\.\s?d\.)[^()]{0,30}\)\s*(\S?)")
#: The last word of a line that ends in a link or identifier ("https://doi.org/10.1/x").
_LINK_END = re.compile(r"(?:https?://|doi:|www\.)\S*$|\S*/\S*$", re.I)


def find_reference_list(document: Document) -> Span | None:
    """Return the span of the article's trailing reference list, or None when it has none."""
    return reference_list_in(document.text)


@lru_cache(maxsize=16)
def reference_list_in(text: str) -> Span | None:
    """The list's span in `text`, searched once per text: extraction, style inference, the
    reference-list rules and the formatter all ask for it."""
    paragraphs = _paragraphs(text)
    if not paragraphs:
        return None
    headed = _after_heading(text, paragraphs)
    if headed is not None:
        return headed
    return _headless(text, paragraphs)


def split_items(document: Document, span: Span) -> list[Span]:
    """Return one span per reference item in `span` (a paragraph, or a line in a single block)."""
    return split_text_items(document.text, span)


def split_text_items(text: str, span: Span) -> list[Span]:
    """`split_items` on the text itself."""
    paragraphs = [
        (max(s, span.start), min(e, span.end))
        for s, e in _paragraphs(text)
        if s < span.end and e > span.start
    ]
    items: list[Span] = []
    for start, end in paragraphs:
        lines = _lines(text, start, end)
        if len(paragraphs) > 1 or len(lines) == 1:
            items.append(_strip(text, start, end))
            continue
        # One block of lines: a line that starts like an item opens a new item.
        current: tuple[int, int] | None = None
        previous = ""
        for line_start, line_end in lines:
            line = text[line_start:line_end]
            if current is None or _opens_item(previous, line):
                if current is not None:
                    items.append(_strip(text, *current))
                current = (line_start, line_end)
            else:
                current = (current[0], line_end)
            previous = line
        if current is not None:
            items.append(_strip(text, *current))
    return [item for item in items if item.end > item.start]


def looks_like_item(paragraph: str) -> bool:
    """Tell whether a paragraph reads like a reference item (name start, a year, a title)."""
    if len(paragraph) > 3000 or not _YEAR.search(paragraph):
        return False
    first_line = paragraph.lstrip().split("\n", 1)[0]
    if not _starts_like_item(first_line):
        return False
    return bool(_EVIDENCE.search(paragraph)) or bool(_DITTO.match(first_line))


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Split text into (start, end) of blank-line-separated blocks, whitespace trimmed."""
    blocks: list[tuple[int, int]] = []
    last = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        blocks.append((last, match.start()))
        last = match.end() - 1
    blocks.append((last, len(text)))
    result = []
    for start, end in blocks:
        span = _strip(text, start, end)
        if span.end > span.start:
            result.append((span.start, span.end))
    return result


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    lines = []
    position = start
    while position < end:
        newline = text.find("\n", position, end)
        stop = end if newline == -1 else newline
        if text[position:stop].strip():
            lines.append((position, stop))
        position = stop + 1
    return lines


def _strip(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def _is_heading(line: str) -> bool:
    """Tell whether a line is a reference-list heading: "References", "## Bibliography:"."""
    if len(line) > _HEADING_LIMIT:
        return False
    title = line.strip(_HEADING_MARKS).lower()
    title = _HEADING_NUMBER.sub("", title)  # "7. References"
    return " ".join(title.split()) in _HEADINGS


def _after_heading(text: str, paragraphs: list[tuple[int, int]]) -> Span | None:
    """Find the last reference heading followed by items and return the items' span."""
    for index in range(len(paragraphs) - 1, -1, -1):
        start, end = paragraphs[index]
        lines = _lines(text, start, end)
        heading_line = None
        # The heading is the paragraph's first line ("References"), perhaps underlined.
        if lines and _is_heading(text[lines[0][0] : lines[0][1]]):
            heading_line = 0
            if len(lines) > 1 and _UNDERLINE.match(text[lines[1][0] : lines[1][1]]):
                heading_line = 1
        if heading_line is None:
            continue
        body: list[tuple[int, int]] = []
        if heading_line + 1 < len(lines):
            body.append((lines[heading_line + 1][0], end))
        for later in paragraphs[index + 1 :]:
            first_line = text[later[0] : later[1]].split("\n", 1)[0]
            if _FOOTNOTE.match(first_line) or _is_heading(first_line):
                break
            body.append(later)
        while body and not looks_like_item(text[body[-1][0] : body[-1][1]]):
            body.pop()
        if body:
            return Span(body[0][0], body[-1][1])
    return None


def _headless(text: str, paragraphs: list[tuple[int, int]]) -> Span | None:
    """Find a trailing run of item-like paragraphs after at most a little web residue."""
    paragraphs = [unit for block in paragraphs for unit in _units(text, *block)]
    index = len(paragraphs) - 1
    residue = 0
    while index >= 0 and not looks_like_item(text[paragraphs[index][0] : paragraphs[index][1]]):
        start, end = paragraphs[index]
        residue += end - start
        if residue > 1500:
            return None
        index -= 1
    last = index
    while index >= 0 and looks_like_item(text[paragraphs[index][0] : paragraphs[index][1]]):
        index -= 1
    first = index + 1
    if last < 0 or last - first + 1 < 2:
        return None
    return Span(paragraphs[first][0], paragraphs[last][1])


def _units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a block whose lines each open an item (a list typed one item per line)."""
    lines = _lines(text, start, end)
    if len(lines) < 2:
        return [(start, end)]
    units: list[tuple[int, int]] = []
    previous = ""
    for line_start, line_end in lines:
        line = text[line_start:line_end]
        if units and not _opens_item(previous, line):
            units[-1] = (units[-1][0], line_end)
        else:
            units.append((line_start, line_end))
        previous = line
    return units


def _opens_item(previous: str, line: str) -> bool:
    """Tell whether `line`, after `previous` in one block of lines, opens a new item.

    Wrapped prose breaks lines anywhere, so a line may happen to begin with a narrative
    citation ("Conteh and Dubreuil (2019) in treating…"); what tells it from an item is the
    flow: an item follows a line that ended the previous item, where prose follows a line
    that stopped mid-sentence (on a word, a comma, a dash, "&").
    """
    return not line[:1].isspace() and _starts_like_item(line) and not _ends_mid_sentence(previous)


def _ends_mid_sentence(line: str) -> bool:
    """Tell whether a line stops inside a sentence: on a word or a joining mark.

    A reference item ends with a period, a closing bracket or quote, a page number or a
    link; a line ending on a letter (not a link) or on ",;:&-" leaves its sentence open.
    """
    stripped = line.rstrip()
    if not stripped:
        return False
    last = stripped[-1]
    if last in ",;&-–":
        return True
    return last.isalpha() and _LINK_END.search(stripped) is None


def _starts_like_item(line: str) -> bool:
    """Tell whether a line opens a reference item: "Surname, Given", a ditto dash or "NOS."."""
    if _DITTO.match(line):
        return True
    head = _ET_AL.sub(" etal", line.strip()[:_ITEM_HEAD_LIMIT])
    position = 0
    while True:
        cut = _HEAD_END.search(head, position)
        if cut is None:
            return False
        # A parenthesised acronym belongs to a corporate name: "LSST ... (LSST DESC), Abolfathi".
        acronym = _ACRONYM_IN_PARENS.match(head, cut.start())
        if acronym is None:
            break
        position = acronym.end()
    words = head[: cut.start()].split()
    if not words or len(words) > 8 or words[0].lower() in _NOT_NAMES:
        return False
    date = _DATE_THEN.search(head)
    first_year = _YEAR.search(head)
    if (
        date is not None
        and first_year is not None
        and first_year.start() == date.start() + 1  # the line's first date is this one
        and date.group(1)[:1].islower()
    ):
        # "Conteh and Dubreuil (2019) in treating…": a narrative citation opening a line of
        # prose, not an item ("(2019). Title" or "(2019) Title" goes on with the title).
        return False
    mark = cut.group().strip()
    rest = head[cut.end() :].lstrip()
    if not rest:
        return False
    if len(words) == 1 and mark == "." and words[0][:1].islower():
        # A lower-case software or web name used as author: "xarray. (2018)", "mackelab.org."
        return rest[0] in '(“"' or rest[:1].isdigit()
    for word in words:
        bare = word.strip("&’'-()")
        if not bare or bare.lower() in _PARTICLES or bare in ("and", "etal"):
            continue
        if not (bare[0].isupper() and all(ch.isalpha() or ch in "’'-&." for ch in bare)):
            return False
    if mark == ",":
        # "Surname, Given", "Surname, G." or a corporate name continuing with a name or "the".
        first_rest = rest.split(None, 1)[0].strip(",")
        return rest[0].isupper() or rest[0] == "&" or first_rest.lower() in _PARTICLES | {"the"}
    if mark in ("(", ""):
        return bool(_YEAR_START.match(rest))
    # "NOS. “Title”" or "R Core Team. 2020." – a short corporate name ending in a period.
    return len(words) <= 6 and (rest[0] in "“\"‘'(" or rest[:1].isdigit() or rest[0].isupper())
