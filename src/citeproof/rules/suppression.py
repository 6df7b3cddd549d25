"""CP303 and inline suppression: `<!-- citeproof: ignore CP104 -->` / `% citeproof: ignore
CP104` on the line before silences those codes on the next line; one that silences nothing
is reported, so stale directives do not pile up (ruff's RUF100)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import PurePath

from ..manuscript.suppressions import Suppression, find_suppressions, silences
from ..model import Diagnostic, Document, Severity
from .base import Example, Rule
from .context import Context


def _documents(context: Context) -> list[Document]:
    documents = [check.document for check in context.checks]
    if context.bib_document is not None:
        documents.append(context.bib_document)
    return documents


def _directives(context: Context) -> dict[str, tuple[Suppression, ...]]:
    """The directives of every document, by path, found once per run (suppressing and
    judging unused directives both need them; a document is searched once, not per use)."""
    return context.cached("suppression-directives", lambda: _find_directives(context))


def _find_directives(context: Context) -> dict[str, tuple[Suppression, ...]]:
    found = {}
    for document in _documents(context):
        directives = find_suppressions(document)
        if directives:
            found[document.path] = directives
    return found


def _codes_by_line(findings: Iterable[Diagnostic]) -> dict[tuple[str, int], set[str]]:
    """The codes found on each (path, line), so each directive looks up its line, not every
    finding."""
    codes: dict[tuple[str, int], set[str]] = {}
    for d in findings:
        codes.setdefault((d.path, d.start.line), set()).add(d.code)
    return codes


def _used(suppression: Suppression, path: str, codes: dict[tuple[str, int], set[str]]) -> bool:
    found = codes.get((path, suppression.target_line), ())
    return any(silences(suppression, code) for code in found)


def suppress(context: Context, findings: list[Diagnostic]) -> list[Diagnostic]:
    """Drop the findings a directive on the line before silences."""
    directives = _directives(context)
    if not directives:
        return findings
    kept = []
    for d in findings:
        here = directives.get(d.path, ())
        if any(s.target_line == d.start.line and silences(s, d.code) for s in here):
            continue
        kept.append(d)
    return kept


def configured(context: Context, findings: list[Diagnostic]) -> list[Diagnostic]:
    """Apply the config's per-file-ignores (glob → code prefixes) and severity overrides.

    A glob is matched against the file's path relative to the config file's folder, from the
    right as pathlib does, so '*.md' names every Markdown file and 'drafts/*.md' those in
    any folder called drafts.
    """
    config = context.config
    if not config.per_file_ignores and not config.severity:
        return findings
    severities = {code: Severity(value) for code, value in config.severity}
    kept = []
    for d in findings:
        relative = PurePath(os.path.relpath(os.path.abspath(d.path), os.path.abspath(config.root)))
        if any(
            (relative.match(glob) or PurePath(d.path).match(glob))
            and any(d.code.startswith(prefix) for prefix in prefixes)
            for glob, prefixes in config.per_file_ignores
        ):
            continue
        severity = severities.get(d.code)
        kept.append(replace(d, severity=severity) if severity else d)
    return kept


def _check_unused(context: Context) -> Iterable[Diagnostic]:
    directives_by_path = _directives(context)
    if not directives_by_path:
        return
    by_path = {document.path: document for document in _documents(context)}
    codes = _codes_by_line(context.findings)
    for path, directives in directives_by_path.items():
        document = by_path[path]
        for s in directives:
            if _used(s, path, codes):
                continue
            codes = ", ".join(s.codes)
            yield UNUSED_SUPPRESSION.at(
                path,
                document.position(s.start),
                document.position(s.end),
                f"this suppression of {codes} silences nothing on line {s.target_line}",
                "remove the comment (or move it to the line just before the finding)",
            )


_BIB = "@book{smith2020, author = {Smith, Ann}, title = {Things}, year = {2020}}"
_BOTH = (("select", ("CP101", "CP303")),)

UNUSED_SUPPRESSION = Rule(
    "CP303",
    "unused-suppression",
    Severity.INFO,
    "A `citeproof: ignore` comment silences no finding on the next line.",
    _check_unused,
    (
        Example("<!-- citeproof: ignore CP101 -->\nAs shown (Smith, 2020).", _BIB, fires=True),
        Example("% citeproof: ignore CP101\nAs shown (Smith, 2020).", _BIB, fires=True),
        Example("<!-- citeproof: ignore CP101 -->\nAs shown (Doe, 2019).", _BIB, False, _BOTH),
        Example("As shown (Smith, 2020). 100% citeproof: ignore CP101", _BIB, fires=False),
    ),
    judges_findings=True,
)

RULES = (UNUSED_SUPPRESSION,)
