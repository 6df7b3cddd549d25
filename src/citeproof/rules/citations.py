"""CP1xx: each citation in the text against the reference entries."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from ..citations.resolve import well_formed_year
from ..model import Citation, Diagnostic, Document, Entry, Kind, Resolution, Severity, Status
from . import citeform, fixits
from .base import Example, Rule
from .citeform import entry_authors
from .context import Context

_BIB_SMITH_JONES = """@article{smith2020, author = {Smith, Ann and Jones, Bo}, title = {On things},
  journal = {J}, year = {2020}}"""
_BIB_LAU = """@article{lau2024a, author = {Lau, Stuart}, title = {Stroking the ego}, year = {2024a}}
@article{lau2024b, author = {Lau, Stuart}, title = {In race}, year = {2024b}}"""


def _each(context: Context, statuses: set[Status]) -> Iterable[tuple[Document, Resolution]]:
    for check in context.checks:
        for resolution in check.resolutions:
            if resolution.status in statuses:
                yield check.document, resolution


def _at(
    rule: Rule,
    document: Document,
    citation: Citation,
    message: str,
    suggestion: str | None = None,
    keys: Iterable[str] = (),
) -> Diagnostic:
    return rule.at(
        document.path,
        document.position(citation.span.start),
        document.position(citation.span.end),
        message,
        suggestion,
        keys,
    )


def _written(citation: Citation) -> str:
    return " ".join(citation.text.split())


def _candidates(detail: Mapping[str, object], field: str = "candidates") -> list[dict[str, str]]:
    value = detail.get(field, ())
    return list(value) if isinstance(value, (list, tuple)) else []


def _short(title: str, width: int = 40) -> str:
    return title if len(title) <= width else title[: width - 1].rstrip() + "…"


def _list(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + f" and {items[-1]}"


def cite_as(context: Context, citation: Citation, key: str, authors: str, year: str) -> str:
    """Write entry `key` as the style cites it, in the form (narrative or parenthetical) of
    the text's citation; `authors` serves when the entry names no author."""
    entries = context.cached("entries.by_key", lambda: _by_key(context))
    entry = entries.get(key)
    narrative = citation.kind is Kind.NARRATIVE
    written = entry_authors(entry, context.config, narrative=narrative) if entry else None
    return citeform.cite(citation, written or authors, year, context.config)


def _by_key(context: Context) -> dict[str, Entry]:
    bibliography = context.bibliography
    if bibliography is None:
        return {}
    # A key defined twice resolves to its later definition (pandoc's rule), as in resolve.
    return {entry.key: entry for entry in (*bibliography.entries, *bibliography.shadowed)}


def _named(candidate: Mapping[str, str]) -> dict[str, str]:
    return {"key": candidate["key"], "authors": candidate["authors"], "year": candidate["year"]}


def _check_missing(context: Context) -> Iterable[Diagnostic]:
    for document, resolution in _each(context, {Status.MISSING}):
        citation = resolution.citation
        if not citation.authors:
            continue
        if _secondary(document, citation):
            continue
        name = citation.authors[0]
        outlets = _candidates(resolution.detail, "outlet_of")
        message = f"no reference entry for '{name}' ({citation.year}{citation.suffix})"
        if outlets:
            keys = [o["key"] for o in outlets]
            message += f": '{name}' is the outlet of {_list(keys)}, not an author"
            examples = _list(
                [cite_as(context, citation, o["key"], o["authors"], o["year"]) for o in outlets[:3]]
            )
            suggestion = (
                f"cite the article meant by its authors, e.g. {examples}, "
                f"or add an entry whose author is {name}"
            )
            yield _at(MISSING_REFERENCE, document, citation, message, suggestion, keys)
        else:
            suggestion = (
                f"add an entry for {name} {citation.year}{citation.suffix} to the "
                "bibliography, or correct the citation"
            )
            yield _at(MISSING_REFERENCE, document, citation, message, suggestion)


#: "(Freud, 1900, as cited in Jones, 2010)": a work known through another. APA, Chicago and
#: Harvard list only the work that cites it, so the primary needs no entry of its own.
_CITED_IN = re.compile(r"[\s,;]*(?:as\s+|qtd\.?\s+)?(?:cited|quoted|qtd\.?)\s+in\b", re.I)


def _secondary(document: Document, citation: Citation) -> bool:
    """True when the citation is followed, in its brackets, by "as cited in" (or quoted in)."""
    return _CITED_IN.match(document.text, citation.span.end) is not None


def _check_ambiguous(context: Context) -> Iterable[Diagnostic]:
    for document, resolution in _each(context, {Status.AMBIGUOUS}):
        citation = resolution.citation
        candidates = _candidates(resolution.detail)
        described = [f"{c['key']} ({c['year']}, “{_short(c['title'])}”)" for c in candidates]
        message = (
            f"'{_written(citation)}' matches {len(candidates)} entries: {'; '.join(described)}"
        )
        lettered = [c for c in candidates if c["year"] != citation.year]
        if lettered and len(lettered) == len(candidates):
            options = " or ".join(
                cite_as(context, citation, c["key"], c["authors"], c["year"]) for c in candidates
            )
            suggestion = f"add the letter of the work meant: {options}"
        else:
            suggestion = (
                "the entries share authors and year but carry no letter: give them "
                "year letters (2020a, 2020b) or cite a distinguishing co-author"
            )
        yield _at(AMBIGUOUS_CITATION, document, citation, message, suggestion, resolution.keys)


def _check_year(context: Context) -> Iterable[Diagnostic]:
    for document, resolution in _each(context, {Status.YEAR_MISMATCH}):
        citation = resolution.citation
        if not well_formed_year(citation.year):
            continue  # an empty or misshapen year is one finding, CP106, not also a mismatch
        candidates = _candidates(resolution.detail)
        years = "; ".join(f"{c['key']} is {c['year']}" for c in candidates)
        message = (
            f"no entry by {citation.authors[0]} from {citation.year}{citation.suffix}: {years}"
        )
        suggestion = None
        if len(candidates) == 1:
            suggestion = f"write {cite_as(context, citation, **_named(candidates[0]))}"
        yield _at(
            YEAR_MISMATCH, document, citation, message, suggestion, [c["key"] for c in candidates]
        )


def _check_spelling(context: Context) -> Iterable[Diagnostic]:
    for document, resolution in _each(context, {Status.AUTHOR_MISSPELLED}):
        citation = resolution.citation
        detail = resolution.detail
        cited, expected = str(detail["cited"]), str(detail["expected"])
        candidates = _candidates(detail)
        keys = list(resolution.keys) or [c["key"] for c in candidates]
        where = _list(keys) if keys else "the bibliography"
        message = f"'{cited}' does not match the spelling '{expected}' in {where}"
        if detail.get("year_differs") and candidates:
            message += (
                f" (and no {expected} entry is from {citation.year}: "
                + ", ".join(f"{c['key']} is {c['year']}" for c in candidates)
                + ")"
            )
        found = _at(AUTHOR_MISSPELLED, document, citation, message, f"write '{expected}'", keys)
        # A fix only when one work is meant and its year agrees: otherwise the near miss may
        # be a citation of some other work, and the rewrite would hide that.
        if len(keys) == 1 and not detail.get("year_differs"):
            edit = fixits.surname_edit(document, citation, cited, expected)
            found = replace(found, edits=(edit,)) if edit else found
        yield found


def _check_author_list(context: Context) -> Iterable[Diagnostic]:
    for document, resolution in _each(context, {Status.AUTHOR_LIST_MISMATCH}):
        citation = resolution.citation
        detail = resolution.detail
        key = resolution.keys[0]
        message = f"'{_written(citation)}' names the authors of {key} wrongly: {detail['problem']}"
        year = f"{citation.year}{citation.suffix}"
        yield _at(
            AUTHOR_LIST_MISMATCH,
            document,
            citation,
            message,
            f"write {cite_as(context, citation, key, str(detail['expected']), year)}",
            resolution.keys,
        )


def _check_malformed(context: Context) -> Iterable[Diagnostic]:
    for check in context.checks:
        for resolution in check.resolutions:
            citation = resolution.citation
            if not citation.malformed:
                continue
            message = f"malformed citation '{_written(citation)}': {citation.malformed}"
            if len(resolution.keys) == 1:
                message += f"; it resolves to {resolution.keys[0]}"
            suggestion = None
            edit = None
            # A misshapen year is replaced by the year of the entry it resolves to.
            entry_year = resolution.detail.get("year")
            year = (
                citation.year + citation.suffix
                if well_formed_year(citation.year)
                else str(entry_year or "")
            )
            if citation.original_year and year:
                year = f"{citation.original_year}/{year}"
            if citation.authors and year:
                narrative = citation.kind is Kind.NARRATIVE
                authors = citeform.join(
                    citation.authors, context.config, et_al=citation.et_al, narrative=narrative
                )
                written = citeform.cite(citation, authors, year, context.config)
                suggestion = f"write {written}"
                if len(resolution.keys) == 1:
                    edit = fixits.punctuation_edit(check.document, citation, written)
            found = _at(
                MALFORMED_CITATION, check.document, citation, message, suggestion, resolution.keys
            )
            yield replace(found, edits=(edit,)) if edit else found


def _check_suffix(context: Context) -> Iterable[Diagnostic]:
    for document, resolution in _each(context, {Status.UNKNOWN_SUFFIX}):
        citation = resolution.citation
        in_use = resolution.detail.get("letters", ())
        letters = [str(letter) for letter in in_use] if isinstance(in_use, (list, tuple)) else []
        candidates = _candidates(resolution.detail)
        if letters:
            known = f"the letters in use are {', '.join(letters)}"
        else:
            known = "no letter is needed: " + ", ".join(
                f"{c['key']} is {c['year']}" for c in candidates
            )
        message = (
            f"no entry by {citation.authors[0]} from {citation.year} carries the letter "
            f"'{citation.suffix}': {known}"
        )
        suggestion = None
        if len(candidates) == 1:
            suggestion = f"write {cite_as(context, citation, **_named(candidates[0]))}"
        yield _at(UNKNOWN_YEAR_SUFFIX, document, citation, message, suggestion, resolution.keys)


def _check_source_notes(context: Context) -> Iterable[Diagnostic]:
    from ..manuscript.source_notes import find_source_notes
    from ..names.fold import key

    entries = context.bibliography.entries if context.bibliography else ()
    for check in context.checks:
        document = check.document
        for note in find_source_notes(document):
            wanted = key(note.source)
            matches = [
                e.key
                for e in entries
                if wanted
                and any(
                    key(v) and (key(v) in wanted or wanted in key(v))
                    for v in (
                        *(n.family for n in e.names),
                        e.fields.get("journal", ""),
                        e.fields.get("publisher", ""),
                        e.fields.get("organization", ""),
                        e.title,
                    )
                )
            ]
            start, end = document.position(note.span.start), document.position(note.span.end)
            if matches:
                message = (
                    f"source note names '{note.source}', which matches {_list(matches)}; "
                    "it is not an author-year citation"
                )
                suggestion = "cite the entry in author-year form where the text relies on it"
            else:
                message = (
                    f"source note names '{note.source}', which is not an author-year "
                    "citation and matches no reference entry"
                )
                suggestion = "add a reference entry for this source if the text relies on it"
            yield SOURCE_NOTE.at(document.path, start, end, message, suggestion, matches)


def _check_unknown_key(context: Context) -> Iterable[Diagnostic]:
    for document, resolution in _each(context, {Status.UNKNOWN_KEY}):
        citation = resolution.citation
        near = [str(k) for k in _sequence(resolution.detail.get("suggestions"))]
        message = f"no bib entry has the key '{citation.key}'"
        if near:
            message += f"; did you mean {_list([repr(k) for k in near]).replace(' and ', ' or ')}?"
            suggestion = f"cite by an existing key, e.g. {near[0]}"
        else:
            suggestion = (
                f"add an entry with the key '{citation.key}' to the bib, or correct the key"
            )
        yield _at(UNKNOWN_KEY, document, citation, message, suggestion, near[:1])


def _sequence(value: object) -> tuple[object, ...]:
    return tuple(value) if isinstance(value, (list, tuple)) else ()


def _rule(
    code: str,
    name: str,
    severity: Severity,
    summary: str,
    check: Callable[[Context], Iterable[Diagnostic]],
    *examples: Example,
) -> Rule:
    return Rule(code, name, severity, summary, check, tuple(examples))


MISSING_REFERENCE = _rule(
    "CP101",
    "missing-reference",
    Severity.ERROR,
    "No entry matches the cited authors at all (outlets named instead of authors are pointed out).",
    _check_missing,
    Example(
        "As shown (Reuters, 2024).",
        """@article{gray2024, author = {Gray, Andrew},
      title = {T}, journal = {Reuters}, year = {2024}}""",
        fires=True,
    ),
    Example("As shown (Doe, 2019).", _BIB_SMITH_JONES, fires=True),
    Example("As shown (Smith & Jones, 2020).", _BIB_SMITH_JONES, fires=False),
    Example("As shown (Smith & Jones, 2019).", _BIB_SMITH_JONES, fires=False),
)
AMBIGUOUS_CITATION = _rule(
    "CP102",
    "ambiguous-citation",
    Severity.ERROR,
    "Several entries match the citation (2024 where 2024a and 2024b exist).",
    _check_ambiguous,
    Example("Stated (Lau, 2024).", _BIB_LAU, fires=True),
    Example("Stated (Lau, 2024a).", _BIB_LAU, fires=False),
)
YEAR_MISMATCH = _rule(
    "CP103",
    "year-mismatch",
    Severity.ERROR,
    "The authors match an entry but no entry of theirs has the cited year.",
    _check_year,
    Example("Smith and Jones (2019) argue.", _BIB_SMITH_JONES, fires=True),
    Example("Smith and Jones (2020) argue.", _BIB_SMITH_JONES, fires=False),
)
AUTHOR_MISSPELLED = _rule(
    "CP104",
    "author-misspelled",
    Severity.ERROR,
    "A cited surname is a near miss of an entry's: a typo, a dropped diacritic, an I/l swap.",
    _check_spelling,
    Example(
        "As Orban (2020) said.",
        "@book{o, author = {Orbán, Viktor}, title = {T}, year = 2020}",
        fires=True,
    ),
    Example("As Smiht and Jones (2020) argue.", _BIB_SMITH_JONES, fires=True),
    Example(
        "As Orbán (2020) said.",
        "@book{o, author = {Orbán, Viktor}, title = {T}, year = 2020}",
        fires=False,
    ),
)
AUTHOR_LIST_MISMATCH = _rule(
    "CP105",
    "author-list-mismatch",
    Severity.WARNING,
    "First author and year match, but the co-authors, their order or 'et al.' disagree.",
    _check_author_list,
    Example("Shown (Smith, 2020).", _BIB_SMITH_JONES, fires=True),
    Example("Shown (Jones & Smith, 2020).", _BIB_SMITH_JONES, fires=True),
    Example("Shown (Smith et al., 2020).", _BIB_SMITH_JONES, fires=True),
    Example("Shown (Smith & Brown, 2020).", _BIB_SMITH_JONES, fires=True),
    Example("Shown (Smith & Jones, 2020).", _BIB_SMITH_JONES, fires=False),
)
MALFORMED_CITATION = _rule(
    "CP106",
    "malformed-citation",
    Severity.ERROR,
    "A citation-like string breaks the form: (Nazar; 2024), unbalanced brackets, a bad year.",
    _check_malformed,
    Example("Shown (Smith & Jones; 2020).", _BIB_SMITH_JONES, fires=True),
    Example("Shown (Smith & Jones. 2020).", _BIB_SMITH_JONES, fires=True),
    Example("Shown (Smith & Jones, 202).", _BIB_SMITH_JONES, fires=True),
    Example("Shown (Smith & Jones, ).", _BIB_SMITH_JONES, fires=True),
    Example("Smith and Jones (2020 argue it.", _BIB_SMITH_JONES, fires=True),
    Example("Shown (Smith & Jones, 2020).", _BIB_SMITH_JONES, fires=False),
    Example("Shown (n = 202).", _BIB_SMITH_JONES, fires=False),
)
UNKNOWN_YEAR_SUFFIX = _rule(
    "CP107",
    "unknown-year-suffix",
    Severity.ERROR,
    "A year letter (2024d) that no entry of that author and year carries.",
    _check_suffix,
    Example("Stated (Lau, 2024c).", _BIB_LAU, fires=True),
    Example("Stated (Lau, 2024b).", _BIB_LAU, fires=False),
)

SOURCE_NOTE = _rule(
    "CP108",
    "source-note",
    Severity.INFO,
    "A bracketed note names a source ('[Source: …]') instead of an author-year citation.",
    _check_source_notes,
    Example("Rutte spoke. [Source: Den Haag FM interview coverage]", _BIB_SMITH_JONES, fires=True),
    Example("Rutte spoke (Smith & Jones, 2020).", _BIB_SMITH_JONES, fires=False),
)
UNKNOWN_KEY = _rule(
    "CP109",
    "unknown-key",
    Severity.ERROR,
    "A key-based citation (\\citep{key}, [@key]) names a key no bib entry has.",
    _check_unknown_key,
    Example("As shown \\citep{smtih2020}.", _BIB_SMITH_JONES, fires=True),
    Example("As shown \\citep[see][p.~4]{smith2020}.", _BIB_SMITH_JONES, fires=False),
)

RULES = (
    MISSING_REFERENCE,
    AMBIGUOUS_CITATION,
    YEAR_MISMATCH,
    AUTHOR_MISSPELLED,
    AUTHOR_LIST_MISMATCH,
    MALFORMED_CITATION,
    UNKNOWN_YEAR_SUFFIX,
    SOURCE_NOTE,
    UNKNOWN_KEY,
)
