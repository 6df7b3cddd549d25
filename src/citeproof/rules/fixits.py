"""Machine-applicable edits for CP1xx findings, built only where the fix is certain."""

from __future__ import annotations

import re

from ..model import Citation, Document, Edit, Span


def _letters(text: str) -> list[str]:
    return [c for c in text if c.isalnum()]


def punctuation_edit(document: Document, citation: Citation, written: str) -> Edit | None:
    """Rewrite a malformed citation as `written` when only punctuation and spacing change.

    Safety principle: if the letters and digits stay the same, in the same order, the fix
    cannot change which work is cited, only its form ('Nazar; 2024' → 'Nazar, 2024').
    The span may stop inside the citation's parentheses; then the replacement does too.
    """
    span = citation.span
    original = document.text[span.start : span.end]
    replacement = written
    if not original.startswith("(") and replacement.startswith("("):
        replacement = replacement[1:]
    if not original.endswith(")") and replacement.endswith(")"):
        replacement = replacement[:-1]
    if replacement == original or _letters(replacement) != _letters(original):
        return None
    return Edit(span, replacement, safe=True)


def surname_edit(document: Document, citation: Citation, cited: str, expected: str) -> Edit | None:
    """Replace the misspelt surname `cited` by the entry's `expected` spelling.

    Only when the surname occurs once, as a whole word, in the citation: with two matches it is
    not certain which one is meant, and the fix is left to the author.
    """
    span = citation.span
    original = document.text[span.start : span.end]
    matches = list(re.finditer(rf"(?<!\w){re.escape(cited)}(?!\w)", original))
    if len(matches) != 1 or not expected or cited == expected:
        return None
    match = matches[0]
    return Edit(Span(span.start + match.start(), span.start + match.end()), expected, safe=True)
