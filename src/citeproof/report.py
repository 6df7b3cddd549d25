"""Render a Report: human text in the style of ruff, or the JSON contract."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from .model import Diagnostic, Document, Report, Severity

_CONTEXT = 60  # characters shown either side of a span on long (paragraph) lines


def to_json(report: Report) -> dict[str, Any]:
    """Build the version-1 JSON document (see README: lines/columns 1-based, end exclusive)."""
    citations = []
    for file in report.files:
        document = file.document
        for resolution in file.resolutions:
            citation = resolution.citation
            start = document.position(citation.span.start)
            end = document.position(citation.span.end)
            citations.append(
                {
                    "file": document.path,
                    "line": start.line,
                    "column": start.column,
                    "end_line": end.line,
                    "end_column": end.column,
                    "text": citation.text,
                    "kind": citation.kind.value,
                    "authors": list(citation.authors),
                    "year": citation.year + citation.suffix,
                    "keys": list(resolution.keys),
                }
            )
    diagnostics = [_diagnostic_json(d) for d in report.diagnostics]
    return {
        "version": 1,
        "citations": citations,
        "diagnostics": diagnostics,
        "summary": {
            "files": len(report.files),
            "citations": len(citations),
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "infos": report.count(Severity.INFO),
            **(
                {
                    "style": {
                        "name": report.style.name,
                        "inferred": report.style.inferred,
                        "evidence": report.style.evidence,
                    }
                }
                if report.style is not None
                else {}
            ),
        },
    }


def _diagnostic_json(diagnostic: Diagnostic) -> dict[str, Any]:
    data: dict[str, Any] = {
        "file": diagnostic.path,
        "line": diagnostic.start.line,
        "column": diagnostic.start.column,
        "end_line": diagnostic.end.line,
        "end_column": diagnostic.end.column,
        "code": diagnostic.code,
        "name": diagnostic.name,
        "severity": diagnostic.severity.value,
        "message": diagnostic.message,
    }
    if diagnostic.suggestion:
        data["suggestion"] = diagnostic.suggestion
    if diagnostic.keys:
        data["keys"] = list(diagnostic.keys)
    return data


def render_json(report: Report) -> str:
    """Serialise to_json() with one citation or diagnostic per line.

    Readable and diff-friendly like an indented dump, but each item goes through json's C
    encoder (indent= falls back to the pure-Python one: 0.3 s for 12,000 findings).
    """
    data = to_json(report)
    parts = ['{"version": 1,']
    for name in ("citations", "diagnostics"):
        items = data[name]
        if not items:
            parts.append(f' "{name}": [],')
            continue
        parts.append(f' "{name}": [')
        parts.append(",\n".join("  " + _compact(item) for item in items))
        parts.append(" ],")
    parts.append(f' "summary": {_compact(data["summary"])}}}')
    return "\n".join(parts) + "\n"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


Styler = Callable[..., str]


def plain(text: str, **_: Any) -> str:
    return text


_SEVERITY_COLOUR = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def render_text(
    report: Report,
    sources: Mapping[str, Document],
    style: Styler = plain,
    *,
    summary: bool = True,
    subject: str | None = None,
) -> str:
    """Render diagnostics with their source line and underline, then a summary line.

    `sources` maps a path to its Document so each finding can show its line; `style` is
    click.style when colour is wanted and a no-op otherwise. `subject` replaces "N citations
    in M files checked" in the summary (for `verify`); `summary=False` is --quiet.
    """
    out: list[str] = []
    for diagnostic in report.diagnostics:
        out.extend(_render_one(diagnostic, sources.get(diagnostic.path), style))
        out.append("")
    if summary:
        out.append(_summary(report, style, subject))
    elif out:
        out.pop()  # no blank line after the last finding when no summary follows
    return "\n".join(out) + "\n" if out else ""


def render_concise(
    report: Report, style: Styler = plain, *, summary: bool = True, subject: str | None = None
) -> str:
    """One line per finding, `file:line:col: CODE severity: message`, for editors and grep."""
    out = []
    for diagnostic in report.diagnostics:
        where = f"{diagnostic.path}:{diagnostic.start.line}:{diagnostic.start.column}:"
        colour = _SEVERITY_COLOUR[diagnostic.severity]
        message = " ".join(diagnostic.message.split())  # one line, whatever the message holds
        out.append(
            f"{style(where, bold=True)} {style(diagnostic.code, fg=colour, bold=True)} "
            f"{style(diagnostic.severity.value, fg=colour)}: {message}"
        )
    if summary:
        out.append(_summary(report, style, subject))
    return "\n".join(out) + "\n" if out else ""


def _render_one(diagnostic: Diagnostic, document: Document | None, style: Styler) -> list[str]:
    where = f"{diagnostic.path}:{diagnostic.start.line}:{diagnostic.start.column}:"
    colour = _SEVERITY_COLOUR[diagnostic.severity]
    head = (
        f"{style(where, bold=True)} {style(diagnostic.code, fg=colour, bold=True)} "
        f"{style(diagnostic.severity.value, fg=colour)}: {diagnostic.message}"
    )
    lines = [head]
    if document is not None and diagnostic.start.line <= len(document.line_starts):
        lines.extend(_excerpt(diagnostic, document, style))
    if diagnostic.suggestion:
        # '=' sits under the gutter's '|', whose column grows with the line number's digits.
        pad = " " * len(str(diagnostic.start.line))
        lines.append(f"{pad} {style('= help:', fg='cyan', bold=True)} {diagnostic.suggestion}")
    return lines


def _excerpt(diagnostic: Diagnostic, document: Document, style: Styler) -> list[str]:
    """Show the line (windowed around the span when long) with the span underlined."""
    line_no = diagnostic.start.line
    text = document.line_text(line_no).replace("\t", " ")
    start = diagnostic.start.column - 1
    end = diagnostic.end.column - 1 if diagnostic.end.line == line_no else len(text)
    end = max(end, start + 1)
    left = max(0, start - _CONTEXT)
    right = min(len(text), end + _CONTEXT)
    prefix = "…" if left > 0 else ""
    shown = prefix + text[left:right] + ("…" if right < len(text) else "")
    gutter = str(line_no)
    pad = " " * len(gutter)
    caret_at = len(prefix) + start - left
    width = min(end, right) - start
    colour = _SEVERITY_COLOUR[diagnostic.severity]
    carets = style("^" * max(width, 1), fg=colour, bold=True)
    return [
        f"{pad} |",
        f"{style(gutter, fg='blue')} | {shown}",
        f"{pad} | {' ' * caret_at}{carets}",
    ]


def _summary(report: Report, style: Styler, subject: str | None = None) -> str:
    citations = sum(len(f.resolutions) for f in report.files)
    errors, warnings, infos = (report.count(s) for s in Severity)
    files = len(report.files)
    in_files = f"{files} file{'s' if files != 1 else ''}"
    checked = (
        subject
        if subject is not None
        else f"{citations} citation{'s' if citations != 1 else ''} in {in_files} checked"
        if citations
        else f"{in_files} checked, no author-year citations found"
    )
    if not report.diagnostics:
        return style(f"All clear: {checked}, no problems found.", fg="green", bold=True)
    parts = [
        f"{errors} error{'s' if errors != 1 else ''}",
        f"{warnings} warning{'s' if warnings != 1 else ''}",
    ]
    if infos:
        parts.append(f"{infos} info{'s' if infos != 1 else ''}")
    colour = "red" if errors else "yellow" if warnings else "blue"
    return style(f"Found {', '.join(parts)} ({checked}).", fg=colour, bold=True)
