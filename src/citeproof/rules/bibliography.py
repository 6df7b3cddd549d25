"""CP2xx: the bibliography itself — entries never cited, blocks that cannot be loaded."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import BibProblem, Diagnostic, Entry, Severity
from . import citeform
from .base import Example, Rule
from .context import Context

_TWO = """@article{smith2020, author = {Smith, Ann}, title = {On things}, year = {2020}}
@article{doe2019, author = {Doe, Jo}, title = {Other things}, year = {2019}}"""


def _bib_path(context: Context) -> str:
    assert context.bibliography is not None
    return context.bibliography.path


def _check_uncited(context: Context) -> Iterable[Diagnostic]:
    if context.bibliography is None or not context.checks:
        return
    if any(c.document.path == context.bibliography.path for c in context.checks):
        return  # the bib was read from the article's own list: CP403 reports uncited items
    if not any(c.citations for c in context.checks):
        return  # no author-year citation at all (another citation system?): a note says so
    cited = context.cited_keys()
    # A crossref parent (a proceedings volume) is part of its children's references.
    parents = {e.fields.get("crossref", "").casefold() for e in context.bibliography.entries}
    # Name the manuscripts when few; a batch of hundreds is counted, not listed.
    paths = [check.document.path for check in context.checks]
    articles = ", ".join(paths) if len(paths) <= 3 else f"any of the {len(paths)} manuscripts"
    for entry in context.bibliography.entries:
        if entry.key in cited or entry.key.casefold() in parents:
            continue
        start, end = context.bib_line_span(entry.line)
        yield UNCITED_REFERENCE.at(
            _bib_path(context),
            start,
            end,
            f"{entry.key} ({citeform.describe(entry, context.config)}) is never cited in "
            f"{articles}",
            f"cite {entry.key} where it is used, or remove it from the bibliography",
            [entry.key],
        )


def _problems(context: Context, kind: str) -> Iterable[BibProblem]:
    if context.bibliography is None:
        return ()
    return (p for p in context.bibliography.problems if p.kind == kind)


def _check_unparsable(context: Context) -> Iterable[Diagnostic]:
    for problem in _problems(context, "unparsable"):
        start, end = context.bib_line_span(problem.line)
        yield UNPARSABLE_ENTRY.at(
            _bib_path(context),
            start,
            end,
            problem.message,
            "fix the entry's syntax (braces, commas, quotes); the rest of the file was checked",
            _keys(problem),
        )


def _check_duplicate(context: Context) -> Iterable[Diagnostic]:
    for problem in _problems(context, "duplicate-key"):
        start, end = context.bib_line_span(problem.line)
        yield DUPLICATE_KEY.at(
            _bib_path(context),
            start,
            end,
            problem.message,
            f"rename or remove the second '{problem.key}'; the first entry with this key was used",
            _keys(problem),
        )


def _check_crossref(context: Context) -> Iterable[Diagnostic]:
    for problem in _problems(context, "bad-crossref"):
        start, end = context.bib_line_span(problem.line)
        yield MISSING_CROSSREF.at(
            _bib_path(context),
            start,
            end,
            problem.message,
            "add the parent entry or correct the crossref key",
            _keys(problem),
        )


def _check_repeated_field(context: Context) -> Iterable[Diagnostic]:
    # Checking an article, only entries it cites matter; the bib alone: all of them.
    cited = context.cited_keys() if context.checks else None
    for problem in _problems(context, "repeated-field"):
        if cited is not None and problem.key not in cited:
            continue
        start, end = context.bib_line_span(problem.line)
        yield REPEATED_FIELD.at(
            _bib_path(context),
            start,
            end,
            problem.message,
            "keep the one value the entry should have",
            _keys(problem),
        )


def _check_expansion_limit(context: Context) -> Iterable[Diagnostic]:
    # Always reported, cited or not: a cut macro is a hostile or broken bib, not one entry.
    for problem in _problems(context, "expansion-limit"):
        start, end = context.bib_line_span(problem.line)
        yield EXPANSION_LIMIT.at(
            _bib_path(context),
            start,
            end,
            problem.message,
            "define the macro without doubling or referring to itself, or write the text out",
            _keys(problem),
        )


def _keys(problem: BibProblem) -> tuple[str, ...]:
    return (problem.key,) if problem.key else ()


def _check_duplicate_work(context: Context) -> Iterable[Diagnostic]:
    from ..citations.resolve import MIN_TITLE_KEY, same_work
    from ..names.fold import key

    if context.bibliography is None:
        return
    groups: dict[tuple[str, ...], list[Entry]] = {}
    for entry in context.bibliography.entries:
        doi = entry.fields.get("doi", "").casefold().strip()
        title = key(entry.title)
        if doi:
            groups.setdefault(("doi", doi), []).append(entry)
        elif len(title) >= MIN_TITLE_KEY:
            groups.setdefault(("title", title, entry.year), []).append(entry)
    for members in groups.values():
        if len(members) < 2 or not same_work(members):
            continue
        first, *others = members
        for entry in others:
            start, end = context.bib_line_span(entry.line)
            how = "DOI" if first.fields.get("doi") else "title and year"
            yield DUPLICATE_ENTRY.at(
                _bib_path(context),
                start,
                end,
                f"{entry.key} is the same work as {first.key} (line {first.line}): same {how}",
                f"keep one entry and cite it by one key; remove {entry.key} or merge it "
                f"into {first.key}",
                [entry.key, first.key],
            )


UNCITED_REFERENCE = Rule(
    "CP201",
    "uncited-reference",
    Severity.WARNING,
    "An entry is never cited in the article(s); reported at the entry's line in the bib.",
    _check_uncited,
    (
        Example("As shown (Smith, 2020).", _TWO, fires=True),
        Example("As shown (Smith, 2020; Doe, 2019).", _TWO, fires=False),
    ),
)
UNPARSABLE_ENTRY = Rule(
    "CP203",
    "unparsable-entry",
    Severity.ERROR,
    "A block of the bib file cannot be parsed; the rest of the file is still loaded and checked.",
    _check_unparsable,
    (
        Example(
            "As shown (Smith, 2020).", _TWO + "\n@article{broken, title = {Unclosed\n", fires=True
        ),
        Example("As shown (Smith, 2020; Doe, 2019).", _TWO, fires=False),
    ),
)
DUPLICATE_KEY = Rule(
    "CP204",
    "duplicate-key",
    Severity.ERROR,
    "Two entries share a key; the first is used and the second reported.",
    _check_duplicate,
    (
        Example(
            "As shown (Smith, 2020).",
            _TWO + "\n@book{smith2020, author = {Smith, Ann}, title = {Again}, year = {2021}}",
            fires=True,
        ),
        Example("As shown (Smith, 2020; Doe, 2019).", _TWO, fires=False),
    ),
)
MISSING_CROSSREF = Rule(
    "CP205",
    "missing-crossref",
    Severity.WARNING,
    "An entry's crossref/xdata names a key the bib does not have, so it inherits nothing.",
    _check_crossref,
    (
        Example(
            "As shown (Smith, 2020).",
            "@inproceedings{smith2020, author = {Smith, Ann}, title = {T}, year = {2020},"
            " crossref = {nowhere}}",
            fires=True,
        ),
        Example(
            "As shown (Smith, 2020).",
            "@inproceedings{smith2020, author = {Smith, Ann}, title = {T}, crossref = {p}}\n"
            "@proceedings{p, title = {Proc}, year = {2020}}",
            fires=False,
        ),
    ),
)

DUPLICATE_ENTRY = Rule(
    "CP206",
    "duplicate-entry",
    Severity.INFO,
    "One work is entered twice under different keys (same DOI, or same title and year).",
    _check_duplicate_work,
    (
        Example(
            "As shown (Smith, 2020).",
            _TWO.replace("On things", "On things that matter")
            + "\n@book{smith2020b, author = {Smith, Ann}, title = {On Things That Matter},"
            " year = {2020}}",
            fires=True,
        ),
        Example("As shown (Smith, 2020; Doe, 2019).", _TWO, fires=False),
    ),
)

REPEATED_FIELD = Rule(
    "CP207",
    "repeated-field",
    Severity.INFO,
    "An entry gives a field twice; BibTeX keeps the first value, biber and pandoc the last.",
    _check_repeated_field,
    (
        Example(
            "As shown (Smith, 2021).",
            "@article{smith2020, author = {Smith, Ann}, title = {T}, year = {2020}, year = {2021}}",
            fires=True,
        ),
        Example("As shown (Smith, 2020; Doe, 2019).", _TWO, fires=False),
    ),
)

EXPANSION_LIMIT = Rule(
    "CP208",
    "expansion-limit",
    Severity.WARNING,
    "A macro, @preamble command or crossref/xdata chain expands past a bound or into itself; "
    "its text is kept unexpanded.",
    _check_expansion_limit,
    (
        Example(
            "As shown (Smith, 2020).",
            '@string{a0 = "ab"}\n'
            + "\n".join(f"@string{{a{i} = a{i - 1} # a{i - 1}}}" for i in range(1, 22))
            + "\n@article{smith2020, author = {Smith, Ann}, title = a21, year = {2020}}",
            fires=True,
        ),
        Example(
            "As shown (Smith, 2020).",
            '@preamble{"\\newcommand{\\x}{\\x\\x}"}\n'
            "@article{smith2020, author = {Smith, Ann}, title = {A \\x}, year = {2020}}",
            fires=True,
        ),
        Example(
            "As shown (Smith, 2020).",
            '@string{pub = "Springer"}\n@string{ser = pub # " Series"}\n'
            "@article{smith2020, author = {Smith, Ann}, title = {T}, publisher = ser, "
            "year = {2020}}",
            fires=False,
        ),
    ),
)

RULES = (
    UNCITED_REFERENCE,
    UNPARSABLE_ENTRY,
    DUPLICATE_KEY,
    MISSING_CROSSREF,
    DUPLICATE_ENTRY,
    REPEATED_FIELD,
    EXPANSION_LIMIT,
)
