"""Write fixes back into a Word (.docx) manuscript, only where its text is plain.

A fix replaces characters of one paragraph. It is written only when those characters lie
inside one text element (`w:t`) of a run that stands directly in the paragraph: then no
formatting boundary, tracked change, field, hyperlink or note reference is crossed, nothing but
the cited text changes, and the run keeps its formatting. Any other edit is not fixable here
and is left to the author (the caller reports it). Line numbers are the reader's
(`manuscript/docx.py`): body paragraphs in document order, then footnotes and endnotes, which
are never edited.
"""

from __future__ import annotations

import bisect
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from ..model import Edit
from . import docx as reader

_W = reader.W
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@dataclass(frozen=True, slots=True)
class _Piece:
    """A stretch of one paragraph's text: the `w:t` it comes from when it may be edited."""

    start: int
    end: int
    element: Any  # the w:t (an lxml element), or None for text that must not be edited


class Plain:
    """The editable text of a .docx: its body paragraphs split into plain and other pieces."""

    def __init__(self, data: bytes, text: str) -> None:
        import docx

        self.word = docx.Document(io.BytesIO(data))
        paragraphs = list(reader.body_paragraphs(self.word.element.body))
        self.pieces = [_pieces(p) for p in paragraphs]
        lines = text.split("\n")
        self.starts = [0]
        for line in lines[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)
        self.lengths = [len(line) for line in lines]

    def locate(self, edit: Edit) -> tuple[_Piece, int, int] | None:
        """The plain piece holding the edit, with the edit's offsets in its text, or None."""
        line = bisect.bisect_right(self.starts, edit.span.start) - 1
        if line < 0 or line >= len(self.pieces):
            return None  # a footnote or endnote, or past the text
        start = edit.span.start - self.starts[line]
        end = edit.span.end - self.starts[line]
        if end > self.lengths[line]:
            return None  # the edit runs into the next paragraph
        for piece in self.pieces[line]:
            if piece.element is not None and piece.start <= start and end <= piece.end:
                return piece, start - piece.start, end - piece.start
        return None

    def apply(self, edits: Iterable[Edit]) -> bytes:
        """Write `edits` (each locatable, none overlapping) and return the new package."""
        placed = [(self.locate(e), e) for e in edits]
        # Last first within each text element, so earlier offsets stay valid.
        for where, edit in sorted(placed, key=lambda p: -p[1].span.start):
            if where is None:
                raise ValueError("an edit outside plain text was passed to apply")
            piece, start, end = where
            element = piece.element
            old = element.text or ""
            new = old[:start] + edit.replacement + old[end:]
            element.text = new
            if new != new.strip():
                element.set(_XML_SPACE, "preserve")
        out = io.BytesIO()
        self.word.save(out)
        return out.getvalue()


def _pieces(paragraph: Any) -> list[_Piece]:
    """Split a paragraph's accepted text (the reader's own walk) into pieces; a `w:t` may be
    edited only when its run stands directly in the paragraph (see the module docstring)."""
    found: list[_Piece] = []
    offset = 0
    for text, element in reader.pieces(paragraph):
        run = element.getparent() if element is not None else None  # type: ignore[attr-defined]
        plain = run is not None and run.tag == _W + "r" and run.getparent() is paragraph
        found.append(_Piece(offset, offset + len(text), element if plain else None))
        offset += len(text)
    return found


def open_plain(data: bytes, text: str, path: str) -> Plain | None:
    """The editable view of a .docx whose text is exactly `text`, else None (not fixable)."""
    try:
        if reader.read_text(path, data) != text:
            return None
    except InputError:
        return None  # unreadable now: nothing is written
    return Plain(data, text)


def fixable(plain: Plain | None, edits: Sequence[Edit]) -> bool:
    """True when every edit lies in plain text of one run."""
    return plain is not None and all(plain.locate(e) is not None for e in edits)
