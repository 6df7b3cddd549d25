"""Bracketed source notes ("[Source: Den Haag FM interview coverage]").

News pieces often name their source in a note instead of an author-year citation. Such a
note is not a citation, but an editor wants to know it is there and whether the
bibliography holds the source it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Document, Span

_NOTE = re.compile(
    r"[\[(]\s*(?P<label>Sources?|Bron(?:nen)?|Quellen?|Fuentes?|Via|Credit)\s*:\s*"
    r"(?P<source>[^\]\)\n]{2,200}?)\s*[\])]",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class SourceNote:
    span: Span
    source: str


def find_source_notes(document: Document) -> list[SourceNote]:
    """Return every bracketed "Source: …" note in the searchable text."""
    return [
        SourceNote(Span(m.start(), m.end()), m.group("source").strip())
        for m in _NOTE.finditer(document.masked)
    ]
