"""Key-based citations: LaTeX's `\\cite` family and pandoc Markdown's `[@key]`.

They name bib entries by key, so they resolve by key alone: a key the bib lacks is an
unknown key (CP109, with near-miss suggestions); `\\nocite{*}` cites every entry. The finder
works on `Document.masked`, so comments, verbatim and code are never read; it returns the
spans it consumed, so the author-year finder does not read the same text again.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from .. import data
from ..manuscript.document import MARKDOWN_SUFFIXES
from ..model import Bibliography, Citation, Document, Kind, Resolution, Span, Status

#: `\nocite{*}`: every entry of the bib is part of the references.
ALL_KEYS = "*"

# \cmd*[pre][post]{a,b}; the optional arguments may hold one level of braces ("p.~{4}").
_LATEX_CITE = re.compile(
    r"\\(?P<cmd>[A-Za-z]+\*?)\s*"
    r"(?P<opts>(?:\[(?:[^\[\]{}]|\{[^{}]*\})*\]\s*){0,2})"
    r"\{(?P<keys>[^{}]*)\}"
)
_OPTION = re.compile(r"\[((?:[^\[\]{}]|\{[^{}]*\})*)\]")
# A pandoc key starts with a letter, digit or "_" and may hold internal punctuation
# (":.#$%&-+?<>~/"), never at its end, so "@smith2020." ends the key before the full stop.
_KEY = r"(?:\{(?P<braced>[^{}\s]+)\}|(?P<key>\w+(?:[:.#$%&\-+?<>~/]+\w+)*))"
# "@" starts a citation only after a non-word, non-backslash character: "a@b.org" is an
# e-mail address and "\@" an escaped at sign (pandoc's own rule).
_PANDOC_KEY = re.compile(r"(?<![\w\\@])(?P<minus>-?)@" + _KEY)
_BRACKET = re.compile(r"\[(?P<body>[^\[\]]*)\]")
# "@key [p. 33]": the locator of a narrative citation follows in brackets.
_NARRATIVE_LOCATOR = re.compile(r"[ \t]?\[(?P<body>[^\[\]@]*)\]")


@dataclass(frozen=True, slots=True)
class KeyCitations:
    """The key-based citations of a document and the spans of text they were read from."""

    citations: tuple[Citation, ...]
    spans: tuple[Span, ...]


@functools.cache
def _commands() -> dict[str, Kind | None]:
    """LaTeX citation command → its kind (None: silent, `\\nocite`), from the data table."""
    table = data.table("citation_commands")
    kinds: dict[str, Kind | None] = {}
    for name in table["narrative"]:
        kinds[name] = Kind.NARRATIVE
    for name in table["parenthetical"]:
        kinds[name] = Kind.PARENTHETICAL
    for name in table["silent"]:
        kinds[name] = None
    return kinds


def find_key_citations(document: Document) -> KeyCitations:
    """Find the key-based citations of a document.

    A LaTeX citation command (`\\citep{key}`) is unambiguous wherever it appears (a .tex
    file, raw LaTeX in Markdown, a plain-text export), so it is read in every format. The
    pandoc syntax is read in Markdown only: elsewhere "@name" is a handle, not a citation.
    """
    latex = _latex(document)
    if Path(document.path).suffix.lower() not in MARKDOWN_SUFFIXES:
        return latex
    pandoc = _pandoc(document)
    return KeyCitations(
        tuple(sorted((*latex.citations, *pandoc.citations), key=lambda c: c.span.start)),
        tuple(sorted((*latex.spans, *pandoc.spans), key=lambda s: s.start)),
    )


def _latex(document: Document) -> KeyCitations:
    citations: list[Citation] = []
    spans: list[Span] = []
    commands = _commands()
    masked, text = document.masked, document.text
    for match in _LATEX_CITE.finditer(masked):
        command = match.group("cmd")
        if command not in commands:
            continue
        kind = commands[command] or Kind.PARENTHETICAL
        options = [o.group(1).strip() for o in _OPTION.finditer(match.group("opts"))]
        # natbib/biblatex: one optional argument is the postnote, two are pre- and postnote.
        prefix, locator = (options[0], options[1]) if len(options) == 2 else ("", "".join(options))
        group = Span(match.start(), match.end())
        spans.append(group)
        offset = match.start("keys")
        for raw in match.group("keys").split(","):
            key = raw.strip()
            start = offset + len(raw) - len(raw.lstrip())
            offset += len(raw) + 1
            # Only \nocite gives "*" its meaning (every entry); elsewhere it names no key.
            if not key or (key == ALL_KEYS and command != "nocite"):
                continue
            span = Span(start, start + len(key))
            citations.append(_citation(text, span, group, kind, key, prefix, locator))
    return KeyCitations(tuple(citations), tuple(spans))


def _pandoc(document: Document) -> KeyCitations:
    citations: list[Citation] = []
    spans: list[Span] = []
    masked, text = document.masked, document.text
    taken: list[Span] = []
    for bracket in _BRACKET.finditer(masked):
        body_start = bracket.start("body")
        items = bracket.group("body").split(";")
        keyed = [_PANDOC_KEY.search(item) for item in items]
        # pandoc reads a bracket as a citation only when every ";" item holds a key.
        if not items or any(k is None for k in keyed):
            continue
        group = Span(bracket.start(), bracket.end())
        spans.append(group)
        taken.append(group)
        offset = body_start
        for item, key_match in zip(items, keyed, strict=True):
            assert key_match is not None
            key = key_match.group("braced") or key_match.group("key")
            if _is_cross_reference(key):
                offset += len(item) + 1
                continue
            start, end = offset + key_match.start(), offset + key_match.end()
            prefix = item[: key_match.start()].strip()
            locator = item[key_match.end() :].strip().lstrip(",").strip()
            citations.append(
                _citation(text, Span(start, end), group, Kind.PARENTHETICAL, key, prefix, locator)
            )
            offset += len(item) + 1
    for key_match in _PANDOC_KEY.finditer(masked):
        if any(s.start <= key_match.start() < s.end for s in taken):
            continue
        key = key_match.group("braced") or key_match.group("key")
        if _is_cross_reference(key):
            continue
        end = key_match.end()
        locator = ""
        following = _NARRATIVE_LOCATOR.match(masked, end)
        if following is not None:
            locator, end = following.group("body").strip(), following.end()
        span = Span(key_match.start(), end)
        spans.append(span)
        citations.append(_citation(text, span, span, Kind.NARRATIVE, key, "", locator))
    citations.sort(key=lambda c: c.span.start)
    spans.sort(key=lambda s: s.start)
    return KeyCitations(tuple(citations), tuple(spans))


def _is_cross_reference(key: str) -> bool:
    """pandoc-crossref labels ("@fig:map", "[@sec:intro]") share the syntax but name no entry."""
    head, colon, _ = key.partition(":")
    return bool(colon) and head.lower() in data.words("cross_reference_prefixes")


def _citation(
    text: str,
    span: Span,
    group: Span,
    kind: Kind,
    key: str,
    prefix: str,
    locator: str,
) -> Citation:
    return Citation(
        span=span,
        text=text[span.start : span.end],
        kind=kind,
        authors=(),
        et_al=False,
        year="",
        group=group,
        prefix=prefix,
        locator=locator,
        key=key,
    )


def blank(masked: str, spans: tuple[Span, ...]) -> str:
    """Return `masked` with `spans` blanked (newlines kept), for the author-year finder."""
    if not spans:
        return masked
    chars = list(masked)
    for span in spans:
        for index in range(span.start, span.end):
            if chars[index] != "\n":
                chars[index] = " "
    return "".join(chars)


def resolve_keys(
    citations: tuple[Citation, ...], bibliography: Bibliography | None
) -> tuple[Resolution, ...]:
    """Resolve each key citation by its key; an unknown key carries near-miss suggestions."""
    entries = () if bibliography is None else (*bibliography.entries, *bibliography.shadowed)
    keys = list(dict.fromkeys(entry.key for entry in entries))
    known = set(keys)
    folded: dict[str, str] = {}
    for key in keys:
        folded.setdefault(key.casefold(), key)
    resolutions = []
    for citation in citations:
        if citation.key == ALL_KEYS:
            resolutions.append(Resolution(citation, Status.RESOLVED, tuple(keys)))
        elif citation.key in known:
            resolutions.append(Resolution(citation, Status.RESOLVED, (citation.key,)))
        else:
            near = difflib.get_close_matches(citation.key, keys, n=3, cutoff=0.75)
            # A key differing only in case is the likeliest meaning: biber and pandoc match
            # keys case-sensitively, so it is still unknown, but it leads the suggestions.
            same = folded.get(citation.key.casefold())
            if same is not None:
                near = [same, *(k for k in near if k != same)][:3]
            resolutions.append(
                Resolution(citation, Status.UNKNOWN_KEY, (), {"suggestions": tuple(near)})
            )
    return tuple(resolutions)
