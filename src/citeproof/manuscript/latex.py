"""Read a LaTeX article: blank what holds no citation (comments, verbatim), keep offsets.

The Document keeps the source text as written, so every finding points at the `.tex` line
and column; `masked` blanks comments (`%` to the end of the line, `\\%` excepted), verbatim
environments and `\\verb` spans, so neither finder reads text that LaTeX does not print.
"""

from __future__ import annotations

import re

LATEX_SUFFIXES = frozenset({".tex", ".ltx", ".latex"})

#: Environments whose body is printed (or dropped) verbatim: a "%" or "\cite" inside them is
#: not LaTeX markup, so they are blanked whole.
_VERBATIM = re.compile(
    r"\\begin\{(verbatim\*?|Verbatim\*?|lstlisting|minted|comment|alltt)\}.*?"
    r"(?:\\end\{\1\}|\Z)",
    re.S,
)
_VERB = re.compile(r"\\verb\*?([^A-Za-z\s*])[^\n]*?\1")
# A "%" starts a comment unless escaped; an even run of backslashes before it is itself
# escaped text ("\\%" is a line break then a comment).
_COMMENT = re.compile(r"(?<!\\)(?:\\\\)*%[^\n]*")


def _blank(text: str) -> str:
    return "".join(c if c == "\n" else " " for c in text)


def mask(text: str) -> str:
    """Return `text` with comments, verbatim environments and `\\verb` spans blanked."""
    from .markdown import blank_urls

    masked = _VERBATIM.sub(lambda m: _blank(m.group()), text)
    masked = _VERB.sub(lambda m: _blank(m.group()), masked)
    masked = _COMMENT.sub(_blank_comment, masked)
    return blank_urls(masked)


def _blank_comment(match: re.Match[str]) -> str:
    """Keep the escaped backslashes before the "%", blank the comment itself."""
    found = match.group()
    cut = found.index("%")
    return found[:cut] + _blank(found[cut:])
