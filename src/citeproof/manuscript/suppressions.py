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
    """Every suppression directive of the document, in order.

    The same matches as `_DIRECTIVE.finditer(text)`, found faster: a directive starts at the
    beginning of a line whose first non-blank characters are '%' or '<!--', so the pattern is
    tried only at those lines (found with substring searches) instead of at every position
    of the text (a 5 MB bib: 27 ms, against 3 ms).
    """
    text = document.text
    found = []
    after = 0  # matches never overlap: a directive's code list may run onto the next line
    for line_start in _marked_lines(text):
        if line_start < after:
            continue
        match = _DIRECTIVE.match(text, line_start)
        if match is None:
            continue
        after = match.end()
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


def _marked_lines(text: str) -> list[int]:
    """The starts of the lines whose first non-blank characters are '%' or '<!--', in order.

    Only a line's first marker can follow nothing but blanks, so the search moves on to the
    next line after it (linear in the text, however many markers one long line holds).
    """
    starts = set()
    for marker in ("%", "<!--"):
        at = text.find(marker)
        while at != -1:
            line_start = text.rfind("\n", 0, at) + 1
            if not text[line_start:at].strip(" \t"):
                starts.add(line_start)
            line_end = text.find("\n", at)
            if line_end == -1:
                break
            at = text.find(marker, line_end + 1)
    return sorted(starts)


def silences(suppression: Suppression, code: str) -> bool:
    """Whether the directive names `code` or a prefix of it (CP1 silences every CP1xx)."""
    return any(code.startswith(prefix) for prefix in suppression.codes)
