"""What every rule's check function receives: the pipeline's facts, no messages yet."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from ..config import Config
from ..model import (
    Bibliography,
    Citation,
    Diagnostic,
    Document,
    Entry,
    Position,
    Resolution,
    Span,
)

if TYPE_CHECKING:
    from ..citations.style_inference import StyleInference

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class DocumentCheck:
    """One article with its citations and their resolutions (same order)."""

    document: Document
    citations: tuple[Citation, ...]
    resolutions: tuple[Resolution, ...]
    #: The reference list typed at the end of the article, found once per check.
    reference_list: Span | None = None


@dataclass(frozen=True, slots=True)
class Context:
    config: Config
    checks: tuple[DocumentCheck, ...]
    bibliography: Bibliography | None
    #: The bib file's text, to place bib diagnostics on their line.
    bib_document: Document | None = None
    #: Results of online verification (citeproof.online), when it ran.
    verifications: tuple[Any, ...] = ()
    #: Analyses computed once per run and shared by rules. Names starting "bib." depend on
    #: the bibliography alone: api keeps those in the on-disk cache with the parsed bib.
    memo: dict[str, Any] = field(default_factory=dict)
    #: Formats entries as `citeproof refs` prints them (entries, year letters → text by key),
    #: set by the pipeline; rules never import the formatting stage. None: no suggestions.
    format_entries: Callable[[Sequence[Entry], Mapping[str, str] | None], dict[str, str]] | None = (
        None
    )
    #: How the manuscript's own habits place it among the styles (citations.style_inference),
    #: set by the pipeline for CP110; None when no one computed it.
    style: StyleInference | None = None

    #: Every finding of the other rules, before suppression: set by `rules.run` for the rules
    #: that judge findings (Rule.judges_findings), which run last.
    findings: tuple[Diagnostic, ...] = ()

    def cached(self, name: str, compute: Callable[[], T]) -> T:
        """Return the analysis `name`, computing it on first use ("bib." names persist)."""
        if name not in self.memo:
            self.memo[name] = compute()
        return self.memo[name]

    def cited_keys(self) -> frozenset[str]:
        """Every key some citation resolved to (or may mean, when ambiguous)."""
        return frozenset(k for check in self.checks for r in check.resolutions for k in r.keys)

    def bib_line_span(self, line: int) -> tuple[Position, Position]:
        """Underline a whole bib line (an entry's `@type{key,` line) for a bib finding."""
        document = self.bib_document
        if document is None or not 1 <= line <= len(document.line_starts):
            return Position(line, 1), Position(line, 1)
        # The length without copying the line: a bib may hold thousands of findings on one
        # long line, and a copy per finding would cost their product.
        text, starts = document.text, document.line_starts
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(text)
        while end > start and text[end - 1] in "\r\n":
            end -= 1
        return Position(line, 1), Position(line, end - start + 1)
