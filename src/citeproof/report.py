"""Render a Report: text in the style of ruff, the JSON contract, SARIF, GitHub annotations."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
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
    styled = _Styled(style)
    for diagnostic in report.diagnostics:
        out.extend(_render_one(diagnostic, sources.get(diagnostic.path), styled))
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


class _Styled:
    """The styler, with the pieces every finding repeats (severity labels, the help marker)
    styled once per report rather than once per finding."""

    def __init__(self, style: Styler) -> None:
        self.style = style
        # severity -> (colour, styled label)
        self.severity = {
            severity: (colour, style(severity.value, fg=colour))
            for severity, colour in _SEVERITY_COLOUR.items()
        }
        self.help = style("= help:", fg="cyan", bold=True)


def _render_one(diagnostic: Diagnostic, document: Document | None, styled: _Styled) -> list[str]:
    style = styled.style
    where = f"{diagnostic.path}:{diagnostic.start.line}:{diagnostic.start.column}:"
    colour, label = styled.severity[diagnostic.severity]
    head = (
        f"{style(where, bold=True)} {style(diagnostic.code, fg=colour, bold=True)} "
        f"{label}: {diagnostic.message}"
    )
    lines = [head]
    if document is not None and diagnostic.start.line <= len(document.line_starts):
        lines.extend(_excerpt(diagnostic, document, style, colour))
    if diagnostic.suggestion:
        # '=' sits under the gutter's '|', whose column grows with the line number's digits.
        pad = " " * len(str(diagnostic.start.line))
        lines.append(f"{pad} {styled.help} {diagnostic.suggestion}")
    return lines


def _excerpt(diagnostic: Diagnostic, document: Document, style: Styler, colour: str) -> list[str]:
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


# --- CI formats -------------------------------------------------------------------------------

#: SARIF's `level` for each severity (SARIF 2.1.0 §3.27.10: error, warning, note, none).
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/citeproof/citeproof"


def to_sarif(
    report: Report,
    rules: Sequence[Any],
    version: str,
    sources: Mapping[str, Document] | None = None,
) -> dict[str, Any]:
    """Build a SARIF 2.1.0 log: one run, the rule catalogue as the driver's rules.

    Columns count Unicode code points (as every citeproof position does), which SARIF lets a
    run declare with `columnKind` instead of its UTF-16 default. A finding's edits become a
    SARIF `fix` (when `sources` gives its document, to place them), marked safe or unsafe.
    """
    sources = sources or {}
    index = {rule.code: i for i, rule in enumerate(rules)}
    descriptors = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
        }
        for rule in rules
    ]
    results = []
    for diagnostic in report.diagnostics:
        result: dict[str, Any] = {
            "ruleId": diagnostic.code,
            "level": _SARIF_LEVEL[diagnostic.severity],
            "message": {"text": _with_help(diagnostic)},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(diagnostic.path)},
                        "region": {
                            "startLine": diagnostic.start.line,
                            "startColumn": diagnostic.start.column,
                            "endLine": max(diagnostic.end.line, diagnostic.start.line),
                            "endColumn": max(diagnostic.end.column, 1),
                        },
                    }
                }
            ],
        }
        if diagnostic.code in index:
            result["ruleIndex"] = index[diagnostic.code]
        if diagnostic.keys:
            result["properties"] = {"keys": list(diagnostic.keys)}
        document = sources.get(diagnostic.path)
        if diagnostic.edits and document is not None:
            result["fixes"] = [_sarif_fix(diagnostic, document)]
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "citeproof",
                        "version": version,
                        "informationUri": INFORMATION_URI,
                        "rules": descriptors,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render_sarif(
    report: Report,
    rules: Sequence[Any],
    version: str,
    sources: Mapping[str, Document] | None = None,
) -> str:
    """Serialise to_sarif() (indented: SARIF logs are read by tools and, rarely, by people)."""
    log = to_sarif(report, rules, version, sources)
    return json.dumps(log, ensure_ascii=False, indent=1) + "\n"


def _sarif_fix(diagnostic: Diagnostic, document: Document) -> dict[str, Any]:
    safe = all(edit.safe for edit in diagnostic.edits)
    replacements = []
    for edit in diagnostic.edits:
        start, end = document.position(edit.span.start), document.position(edit.span.end)
        replacements.append(
            {
                "deletedRegion": {
                    "startLine": start.line,
                    "startColumn": start.column,
                    "endLine": end.line,
                    "endColumn": end.column,
                },
                "insertedContent": {"text": edit.replacement},
            }
        )
    return {
        "description": {"text": diagnostic.suggestion or "apply the fix"},
        "artifactChanges": [
            {"artifactLocation": {"uri": _uri(diagnostic.path)}, "replacements": replacements}
        ],
        "properties": {"safe": safe},
    }


def _uri(path: str) -> str:
    """A relative URI reference for a file path: '/' separators, spaces and '%' escaped."""
    return urllib.parse.quote(path.replace("\\", "/"), safe="/:")


def _with_help(diagnostic: Diagnostic) -> str:
    text = " ".join(diagnostic.message.split())
    return f"{text} (help: {diagnostic.suggestion})" if diagnostic.suggestion else text


#: GitHub's workflow command for each severity.
_GITHUB_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _github_data(text: str) -> str:
    """Escape a workflow command's message as the runner unescapes it (%, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    """Escape a property value: as the message, plus the ':' and ',' that delimit properties."""
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report) -> str:
    """One workflow command per finding: `::error file=…,line=…,col=…::message`."""
    out = []
    for d in report.diagnostics:
        properties = ",".join(
            f"{name}={_github_property(str(value))}"
            for name, value in (
                ("file", d.path),
                ("line", d.start.line),
                ("col", d.start.column),
                ("endLine", max(d.end.line, d.start.line)),
                ("endColumn", d.end.column),
                ("title", f"{d.code} {d.name}"),
            )
        )
        out.append(f"::{_GITHUB_COMMAND[d.severity]} {properties}::{_github_data(_with_help(d))}")
    return "\n".join(out) + "\n" if out else ""


def render_statistics(report: Report) -> str:
    """Count the findings per code, most frequent first, as `ruff --statistics` does."""
    counts: dict[str, int] = {}
    first: dict[str, Diagnostic] = {}
    for d in report.diagnostics:
        counts[d.code] = counts.get(d.code, 0) + 1
        first.setdefault(d.code, d)
    if not counts:
        return ""
    width = len(str(max(counts.values())))
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return "".join(
        f"{count:>{width}}\t{code}\t{first[code].name}\t{first[code].severity.value}\n"
        for code, count in rows
    )
