"""Render a Report as one self-contained HTML page: the article with every citation marked.

No script, no external resource: the page works offline and a Content-Security-Policy forbids
loading or running anything, so nothing in the user's text can act even if it slipped through.
Every user-supplied string (article, messages, bib titles, paths) goes through html.escape.
Links in the side list jump to each finding with plain `#fragment` anchors; the matched entry
of a citation is shown on hover (its `title`).
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .model import Diagnostic, Document, Report, Severity, Status

_RANK = {Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}
_CLASS = {0: "ok", 1: "info", 2: "warn", 3: "err"}

_CSS = """
body{font:15px/1.55 system-ui,sans-serif;margin:0;display:flex;color:#1d2433}
nav{width:30%;min-width:18em;height:100vh;overflow:auto;position:sticky;top:0;
 background:#f4f6fa;border-right:1px solid #d5dae3;padding:0 1em;box-sizing:border-box}
main{flex:1;padding:0 2em 50vh;max-width:60em}
h1{font-size:1.3em}h2{font-size:1.1em;margin-top:1.5em}
.line{white-space:pre-wrap;margin:0;min-height:1.2em}
.cite{border-radius:3px;padding:0 1px;cursor:help}
.cite.ok{background:#dff3e3;border-bottom:2px solid #3a9d4f}
.cite.info{background:#e3edfb;border-bottom:2px solid #3b6fc4}
.cite.warn{background:#fff3cd;border-bottom:2px solid #d49b00}
.cite.err{background:#fde2e1;border-bottom:2px solid #c8321f}
.variant{text-decoration:underline wavy #d49b00;background:#fff8e1}
.flag.err{background:#fde2e1}.flag.warn{background:#fff3cd}.flag.info{background:#e3edfb}
.note{margin:.3em 0 .6em 2em;padding:.3em .6em;border-left:4px solid;font-size:.9em}
.note.err{border-color:#c8321f;background:#fdf0ef}.note.warn{border-color:#d49b00;background:#fffaeb}
.note.info{border-color:#3b6fc4;background:#f0f5fd}
.note .help{color:#37506f}
.code{font-family:ui-monospace,monospace;font-weight:600}
a.anchor{scroll-margin-top:30vh}
a.anchor:target + span, .note:target{outline:3px solid #7a4cc2}
nav ol{padding-left:1.2em}nav li{margin:.35em 0;font-size:.9em}
nav li.err::marker{color:#c8321f}nav li.warn::marker{color:#d49b00}
.summary span{margin-right:1em}
"""


@dataclass(frozen=True, slots=True)
class _Mark:
    start: int
    end: int
    css: str
    title: str | None = None


def _offset(document: Document, line: int, column: int) -> int:
    if not 1 <= line <= len(document.line_starts):
        return len(document.text)
    return min(document.line_starts[line - 1] + column - 1, len(document.text))


def render_html(
    report: Report,
    sources: Mapping[str, Document],
    entries: Mapping[str, str] | None = None,
    *,
    title: str = "citeproof report",
) -> str:
    """The whole report as one HTML page; `entries` describes each bib key for the hover."""
    entries = entries or {}
    numbered = list(enumerate(report.diagnostics))
    articles = {f.document.path for f in report.files}
    body = [f"<h1>{html.escape(title)}</h1>", _summary(report)]
    for file in report.files:
        body.append(_article(file.document, file.resolutions, numbered, entries))
    rest = [(i, d) for i, d in numbered if d.path not in articles]
    uncited = [(i, d) for i, d in rest if d.code == "CP201"]
    others = [(i, d) for i, d in rest if d.code != "CP201"]
    if uncited:
        body.append("<h2>Uncited entries</h2>")
        body.extend(_note(i, d) for i, d in uncited)
    if others:
        body.append("<h2>Other findings (bibliography)</h2>")
        body.extend(_note(i, d) for i, d in others)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style></head>\n<body>\n"
        f"{_side_list(numbered, articles)}\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body></html>\n"
    )


def _summary(report: Report) -> str:
    citations = sum(len(f.resolutions) for f in report.files)
    parts = [f"<span>{citations} citations</span>"]
    for severity in Severity:
        parts.append(
            f'<span class="flag {_CLASS[_RANK[severity]]}">'
            f"{report.count(severity)} {severity.value}</span>"
        )
    return f'<p class="summary">{"".join(parts)}</p>'


def _side_list(numbered: Sequence[tuple[int, Diagnostic]], articles: set[str]) -> str:
    """Every finding, linked to its place in the article (or to its note, for the bib)."""
    items = []
    for i, d in numbered:
        target = f"a-{i}" if d.path in articles else f"d-{i}"
        css = _CLASS[_RANK[d.severity]]
        where = f"{d.path}:{d.start.line}:{d.start.column}"
        items.append(
            f'<li class="{css}"><a href="#{target}" data-code="{d.code}">'
            f'<span class="code">{html.escape(d.code)}</span> {html.escape(where)}</a>'
            f"<br>{html.escape(_short(d.message))}</li>"
        )
    listing = "\n".join(items) if items else "<li>No findings.</li>"
    return f"<nav><h2>Findings</h2><ol>\n{listing}\n</ol></nav>"


def _short(text: str, width: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _note(i: int, d: Diagnostic) -> str:
    css = _CLASS[_RANK[d.severity]]
    help_ = (
        f'<br><span class="help">help: {html.escape(d.suggestion)}</span>' if d.suggestion else ""
    )
    return (
        f'<div class="note {css}" id="d-{i}"><span class="code">{html.escape(d.code)}'
        f"</span> {html.escape(d.severity.value)}: {html.escape(d.message)}{help_}</div>"
    )


def _article(
    document: Document,
    resolutions: Sequence,
    numbered: Sequence[tuple[int, Diagnostic]],
    entries: Mapping[str, str],
) -> str:
    here = [(i, d) for i, d in numbered if d.path == document.path]
    spans = {
        i: (
            _offset(document, d.start.line, d.start.column),
            _offset(document, d.end.line, d.end.column),
        )
        for i, d in here
    }
    marks: list[_Mark] = []
    for resolution in resolutions:
        span = resolution.citation.span
        worst = max(
            (
                _RANK[d.severity]
                for i, d in here
                if spans[i][0] < span.end and span.start < spans[i][1]
            ),
            default=0,
        )
        if worst == 0 and resolution.status is not Status.RESOLVED:
            worst = _RANK[Severity.WARNING]
        described = [entries.get(k, k) for k in resolution.keys] or ["no matching entry"]
        marks.append(_Mark(span.start, span.end, f"cite {_CLASS[worst]}", "\n".join(described)))
    for i, d in here:
        start, end = spans[i]
        if d.code == "CP301":
            marks.append(_Mark(start, max(end, start), "variant"))
    anchors: dict[int, list[int]] = {}
    for i, _ in here:
        anchors.setdefault(spans[i][0], []).append(i)
    notes_by_line: dict[int, list[int]] = {}
    for i, d in here:
        notes_by_line.setdefault(min(d.start.line, len(document.line_starts)), []).append(i)
    by_number = dict(here)
    out = [f"<h2>{html.escape(document.path)}</h2>", "<article>"]
    text = document.text
    for number, line_start in enumerate(document.line_starts, start=1):
        line_end = (
            document.line_starts[number] - 1 if number < len(document.line_starts) else len(text)
        )
        out.append(
            '<p class="line">'
            + _line(text, line_start, max(line_end, line_start), marks, anchors)
            + "</p>"
        )
        out.extend(_note(i, by_number[i]) for i in notes_by_line.get(number, ()))
    out.append("</article>")
    return "\n".join(out)


def _line(
    text: str, start: int, end: int, marks: Sequence[_Mark], anchors: Mapping[int, list[int]]
) -> str:
    """One line as HTML: each stretch of text wrapped in the marks covering it."""
    inside = [m for m in marks if m.start < end and start < m.end]
    points = sorted(
        {start, end}
        | {p for m in inside for p in (m.start, m.end) if start < p < end}
        | {p for p in anchors if start <= p <= end}
    )
    pieces = []
    for a, b in itertools.pairwise(points):
        for i in anchors.get(a, ()):
            pieces.append(f'<a class="anchor" id="a-{i}"></a>')
        segment = html.escape(text[a:b].rstrip("\r"))
        for m in inside:
            if m.start <= a and b <= m.end:
                title = f' title="{html.escape(m.title)}"' if m.title else ""
                segment = f'<span class="{m.css}"{title}>{segment}</span>'
        pieces.append(segment)
    # A finding at the very end of the line (or on an empty line) still gets its anchor.
    pieces.extend(f'<a class="anchor" id="a-{i}"></a>' for i in anchors.get(end, ()))
    return "".join(pieces)
