"""Inline suppression comments: `<!-- citeproof: ignore CP104 -->` (Markdown, HTML) and
`% citeproof: ignore CP104` (LaTeX, BibTeX) alone on a line silence those codes on the next.

A directive must fill its line (apart from spaces), so a comment quoted inside a sentence, or
a `%` that belongs to the prose ("50% citeproof: …" is not at the start), is never one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Document

_CODES = r"(?P<codes>CP\d{1,3}(?:\s*[,\s]\s*CP\d{1,3})*)"
_DIRECTIVE = re.compile(
    rf"^[ \t]*(?:<!--[ \t]*citeproof:[ \t]*ignore[ \t]+{_CODES}[ \t,]*-->"
    rf"|%+[ \t]*citeproof:[ \t]*ignore[ \t]+{_CODES.replace('codes', 'tex')}[ \t,]*)[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Suppression:
    """Codes (or code prefixes such as CP1) silenced on `target_line`, from the comment at
    `line` (1-based), whose text spans [start, end) of the document."""

    line: int
    target_line: int
    codes: tuple[str, ...]
    start: int
    end: int


def find_suppressions(document: Document) -> tuple[Suppression, ...]:
    """Every suppression directive of the document, in order."""
    found = []
    for match in _DIRECTIVE.finditer(document.text):
        codes = match.group("codes") or match.group("tex")
        line = document.position(match.start()).line
        start = match.start() + len(match.group()) - len(match.group().lstrip())
        end = match.start() + len(match.group().rstrip())
        found.append(
            Suppression(
                line=line,
                target_line=line + 1,
                codes=tuple(code.upper() for code in re.findall(r"CP\d+", codes, re.I)),
                start=start,
                end=end,
            )
        )
    return tuple(found)


def silences(suppression: Suppression, code: str) -> bool:
    """Whether the directive names `code` or a prefix of it (CP1 silences every CP1xx)."""
    return any(code.startswith(prefix) for prefix in suppression.codes)
