"""Normalise a manuscript's text for matching, keeping a map back to the original offsets.

Word processors and PDFs leave characters a reader never sees but a matcher does: soft
hyphens and zero-width characters inside names, no-break and thin spaces between author and
year, typographic ligatures ("ﬁ"), right-to-left marks, decomposed accents (NFD). `view`
returns the text with those normalised (invisible characters dropped, special spaces made
plain, ligatures spelled out, each base letter and its combining marks composed to NFC) and,
for every character of it, the range of the original text it came from, so findings made on
the normalised text are reported at their place in the original.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from .. import data
from ..model import Document, Position, Span


@dataclass(frozen=True, slots=True)
class View:
    """`document` holds the normalised text; `starts[i]`/`ends[i]` the original range of its
    character i (`starts` has one more item: the original length)."""

    document: Document
    original: Document
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def span(self, span: Span) -> Span:
        """Map a span of the normalised text to the original text."""
        start = self.starts[span.start]
        end = self.ends[span.end - 1] if span.end > span.start else start
        return Span(start, max(start, end))

    def position(self, position: Position) -> Position:
        """Map a line:column of the normalised text to the original text."""
        starts = self.document.line_starts
        line = min(max(position.line, 1), len(starts))
        offset = min(starts[line - 1] + position.column - 1, len(self.document.text))
        return self.original.position(self.starts[offset])


@functools.cache
def _code_points(name: str) -> frozenset[str]:
    return frozenset(chr(int(entry.split()[0][2:], 16)) for entry in data.entries(name))


@functools.cache
def _odd() -> re.Pattern[str]:
    """One character that normalising changes: invisible, a special space, a ligature."""
    chars = sorted(_code_points("invisible_characters") | _code_points("space_characters"))
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "\ufb00-\ufb06]")


def normalise(text: str) -> tuple[str, tuple[int, ...], tuple[int, ...]] | None:
    """Return (normalised text, starts, ends), or None when the text needs no change."""
    if text.isascii():
        return None
    composed = unicodedata.is_normalized("NFC", text)
    first = _odd().search(text)
    if composed and first is None:
        return None
    if composed:
        return _replace_odd(text)
    invisible = _code_points("invisible_characters")
    spaces = _code_points("space_characters")
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        end = index + 1
        if char in invisible:
            index = end
            continue
        if char in spaces:
            unit = " "
        elif "\ufb00" <= char <= "\ufb06":  # Latin ligatures: NFKC spells them out ("ﬁ" → "fi")
            unit = unicodedata.normalize("NFKC", char)
        else:
            # A letter and the combining marks after it compose as one unit (NFD → NFC).
            while end < length and unicodedata.combining(text[end]):
                end += 1
            unit = unicodedata.normalize("NFC", text[index:end])
        for piece in unit:
            pieces.append(piece)
            starts.append(index)
            ends.append(end)
        index = end
    starts.append(length)
    return "".join(pieces), tuple(starts), tuple(ends)


def _replace_odd(text: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """`normalise` for NFC text: copy the runs between odd characters whole (fast on books)."""
    invisible = _code_points("invisible_characters")
    spaces = _code_points("space_characters")
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    last = 0
    for match in _odd().finditer(text):
        index = match.start()
        pieces.append(text[last:index])
        starts.extend(range(last, index))
        ends.extend(range(last + 1, index + 1))
        char = text[index]
        unit = (
            ""
            if char in invisible
            else " "
            if char in spaces
            else unicodedata.normalize("NFKC", char)
        )
        pieces.append(unit)
        starts.extend([index] * len(unit))
        ends.extend([index + 1] * len(unit))
        last = index + 1
    pieces.append(text[last:])
    starts.extend(range(last, len(text)))
    ends.extend(range(last + 1, len(text) + 1))
    starts.append(len(text))
    return "".join(pieces), tuple(starts), tuple(ends)


def view(document: Document) -> View | None:
    """The normalised view of `document`, or None when its text needs no normalising."""
    from .document import from_text

    result = normalise(document.text)
    if result is None:
        return None
    text, starts, ends = result
    normalised = from_text(document.path, text, encoding=document.encoding, note=document.note)
    return View(normalised, document, starts, ends)
