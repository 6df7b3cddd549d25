"""Plain records that flow through the pipeline.

document → citations → resolutions → diagnostics → report. Every record is a frozen
dataclass: stages build new records, they never mutate the ones they receive.
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Kind(enum.Enum):
    PARENTHETICAL = "parenthetical"
    NARRATIVE = "narrative"


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range [start, end) of code-point offsets into a Document's text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and column (columns count Unicode code points)."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Document:
    """An input text and where its lines start, so offsets map back to line:column.

    `text` is the decoded text exactly as read (newlines kept as they were).
    `masked` is the same text with regions that must not be searched for citations
    (Markdown code, front matter, URLs) blanked to spaces, keeping every offset valid.
    """

    path: str
    text: str
    line_starts: tuple[int, ...]
    masked: str
    encoding: str = "utf-8"
    note: str | None = None

    def position(self, offset: int) -> Position:
        """Return the 1-based line and column of a code-point offset."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return Position(index + 1, offset - self.line_starts[index] + 1)

    def line_text(self, line: int) -> str:
        """Return line `line` (1-based) without its line break."""
        start = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")


@dataclass(frozen=True, slots=True)
class Name:
    """A person's name split the BibTeX way, or a corporate name kept whole.

    For a corporate author (`{World Health Organization}`) `literal` is True and the whole
    name is in `last`.
    """

    first: str = ""
    von: str = ""
    last: str = ""
    jr: str = ""
    literal: bool = False

    @property
    def family(self) -> str:
        """The family name as cited: particles included ("van der Berg")."""
        return f"{self.von} {self.last}".strip() if self.von else self.last

    def __str__(self) -> str:
        parts = [self.family]
        if self.jr:
            parts.append(self.jr)
        if self.first:
            parts.append(self.first)
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Entry:
    """One bibliography entry with the fields the checker needs, LaTeX already decoded.

    `year` is the four-digit (or otherwise) year without any letter, "n.d." when the
    entry has none; `suffix` is a letter the source pins (`year = {2024a}`), else "".
    `names` are the authors, or the editors when there is no author (`names_role` says
    which). `line` is 1-based, in the bib file.
    """

    key: str
    entry_type: str
    fields: Mapping[str, str]
    names: tuple[Name, ...]
    names_role: str  # "author" | "editor" | "none"
    others: bool  # the name list ended in "and others"
    year: str
    suffix: str
    line: int
    end_line: int
    path: str
    #: Further years given by a repeated `year` field (BibTeX keeps the first value, biber
    #: and pandoc the last): a citation of either year still finds the entry.
    also_years: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return self.fields.get("title", "")


@dataclass(frozen=True, slots=True)
class BibProblem:
    """Something in the bib file that could not be loaded as given (a finding, not an error)."""

    # "unparsable" | "duplicate-key" | "repeated-field" | "bad-crossref" | "no-key"
    # | "expansion-limit"
    kind: str
    line: int
    end_line: int
    message: str
    key: str | None = None


@dataclass(frozen=True, slots=True)
class Bibliography:
    """Loaded entries (the first definition of each key) and the problems met loading them.

    `shadowed` holds later definitions of a key already defined: BibTeX ignores them but
    pandoc uses the last one, so a citation that means one still resolves (CP204 reports it).
    """

    path: str
    entries: tuple[Entry, ...]
    problems: tuple[BibProblem, ...] = ()
    shadowed: tuple[Entry, ...] = ()

    def by_key(self) -> dict[str, Entry]:
        return {entry.key: entry for entry in self.entries}


@dataclass(frozen=True, slots=True)
class Citation:
    """One cited work as written in the text.

    A group "(A, 2020; B, 2021)" yields one Citation per work. `span` covers this work's own
    segment (from its first name, or its year when the name is collapsed, to the end of the
    year or locator); `group` covers the whole group including brackets. For a narrative
    citation `span` is "Smith et al. (2020)".

    `authors` are the surnames as written ("van der Berg", "World Health Organization"),
    `et_al` whether "et al." followed, `year` the year text without suffix ("2020", "n.d.",
    "in press"), `suffix` its letter. `malformed` names what breaks the form, if anything
    (the citation is still resolved).
    """

    span: Span
    text: str
    kind: Kind
    authors: tuple[str, ...]
    et_al: bool
    year: str
    suffix: str = ""
    group: Span | None = None
    prefix: str = ""
    locator: str = ""
    possessive: bool = False
    collapsed: bool = False
    malformed: str | None = None
    #: A form that is a citation only if an entry bears it out: a lower-case name with no
    #: comma, "(xarray 2018)", reads like "(circa 2018)" too. Dropped unless it resolves.
    tentative: bool = False
    #: A republished work's original year ("1776" of "1776/1976" or "[1776] 1976"); `year`
    #: is then the year of the edition cited.
    original_year: str = ""
    #: For a key-based citation (`\citep{key}`, `[@key]`): the bib key it names, which
    #: resolves by key alone ("*" for `\nocite{*}`, every entry). "" for author-year.
    key: str = ""


class Status(enum.Enum):
    RESOLVED = "resolved"
    AMBIGUOUS = "ambiguous"
    YEAR_MISMATCH = "year-mismatch"
    AUTHOR_MISSPELLED = "author-misspelled"
    AUTHOR_LIST_MISMATCH = "author-list-mismatch"
    UNKNOWN_SUFFIX = "unknown-suffix"
    MISSING = "missing"
    UNKNOWN_KEY = "unknown-key"


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a citation resolved to: facts only; rules turn them into messages."""

    citation: Citation
    status: Status
    keys: tuple[str, ...]
    detail: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Edit:
    """A machine-applicable replacement of `span` by `replacement` (for --fix / --diff).

    `safe` edits keep the meaning of the text for certain (only punctuation changes, or a
    surname takes the one spelling its entry gives); unsafe ones (a name variant in the prose)
    need --unsafe-fixes, since the variant may be a different person.
    """

    span: Span
    replacement: str
    safe: bool = True


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    name: str
    severity: Severity
    path: str
    start: Position
    end: Position
    message: str
    suggestion: str | None = None
    keys: tuple[str, ...] = ()
    edits: tuple[Edit, ...] = ()

    def sort_key(self) -> tuple:
        return (self.path, self.start.line, self.start.column, self.code)


@dataclass(frozen=True, slots=True)
class FileReport:
    """One checked article: its citations, each with the keys it resolved to."""

    document: Document
    resolutions: tuple[Resolution, ...]


@dataclass(frozen=True, slots=True)
class StyleChoice:
    """The citation style a check applied: named by the user, or inferred (and why)."""

    name: str
    inferred: bool
    evidence: str | None = None


@dataclass(frozen=True, slots=True)
class Report:
    """Everything a reporter needs: per-file citations, sorted diagnostics, and notes
    (facts about the run that are not findings, e.g. an encoding fallback)."""

    files: tuple[FileReport, ...]
    diagnostics: tuple[Diagnostic, ...]
    notes: tuple[str, ...] = ()
    #: The style the check applied (None: a report not about citations, e.g. verify's).
    style: StyleChoice | None = None

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)

    @property
    def exit_code(self) -> int:
        """0 when no error-severity diagnostic, else 1."""
        return 1 if any(d.severity is Severity.ERROR for d in self.diagnostics) else 0
