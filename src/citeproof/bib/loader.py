"""Load a BibTeX/biblatex file into a Bibliography; the only module that imports bibtexparser.

bibtexparser 2.x splits the file into blocks (and keeps unparsable ones as data). Everything
after the split is done here, in one pass and without per-field objects, because its own
middlewares are either incomplete (string references joined with `#` stay unresolved) or
slow (its LaTeX decoding costs 20x the parse):

    split (bibtexparser) -> @string macros -> field values resolved (`#`, macros, months)
    -> crossref / xdata inheritance -> names split -> LaTeX decoded -> Entry records
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import logging
import os
import re
import sys
from collections.abc import Callable, Iterable

import bibtexparser
from bibtexparser import model as bp
from bibtexparser.exceptions import ParsingException

from .. import cache, collection, data
from ..errors import CiteproofError, InputError
from ..manuscript.document import decode as decode_bytes
from ..manuscript.document import from_text, read_bytes
from ..model import Bibliography, BibProblem, Document, Entry, Name
from .expand import Macros, preamble_expander, resolve
from .latex_decode import decode, decode_marked
from .name_parts import parse_names

# Part of the cache key (with a hash of this code, see loader_version): bump it when a change
# outside these modules (say, in document.py's decoding) alters what parse() produces.
LOADER_VERSION = "1"


# Fields kept verbatim (only TeX escapes of special characters undone): dashes and braces
# are part of a URL or DOI, not typography.
VERBATIM_FIELDS = frozenset({"url", "doi", "eprint", "file", "pdf", "urlraw", "verba"})
_VERBATIM_ESCAPE = re.compile(r"\\([_%&#$~{}])(?:\{\})?")

# fmt: off
# Not inherited from a crossref / xdata parent (biblatex's defaults).
_NOT_INHERITED = frozenset({
    "crossref", "xref", "xdata", "ids", "entryset", "label", "shorthand", "shorthandintro",
    "sortkey", "presort", "options", "related", "relatedoptions", "relatedtype", "execute",
})
# A book-like parent gives its title to the child's booktitle, not to its title (biblatex).
_BOOK_LIKE = frozenset({
    "book", "mvbook", "proceedings", "mvproceedings", "collection", "mvcollection",
    "reference", "mvreference", "periodical",
})
_TITLE_FIELDS = frozenset({
    "title", "subtitle", "titleaddon", "shorttitle", "sorttitle", "indextitle", "indexsorttitle",
})
# fmt: on

_YEAR = re.compile(r"(\d{3,4})([a-z]?)")
_DATE_YEAR = re.compile(r"\s*(\d{4})(?!\d)")
_NO_DATE = frozenset({"n.d.", "nd", "n.d", "n. d.", "s.d.", "sd", "o.j.", "no date", "undated"})
_BLOCK_HEAD = re.compile(r"@\s*(\w*)\s*[{(]\s*([^\s,{}()=\"#]*)\s*(=)?")
_RAW_FIELDS = tuple[str, str, dict[str, str], int, int]  # key, type, fields, line, end_line
_ALSO_YEAR = "\x00also-year"  # carries a repeated year from _read to _build, then removed


def load(path: str) -> Bibliography:
    """Read and parse a bib file; a missing, unreadable, empty or binary file raises InputError."""
    return parse(_read_text(read_bytes(path), path), path)


def load_cached(
    path: str, cache_dir: str | None = None, use_cache: bool = True, data: bytes | None = None
) -> Bibliography:
    """Load a bib file, reusing the parse stored for the same bytes by an earlier run.

    `data` is the file's bytes when the caller has read them already.
    """
    if data is None:
        data = read_bytes(path)
    if not use_cache:
        return parse(_read_text(data, path), path)
    digest = hashlib.sha256()
    for part in (loader_version(), path):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(data)
    key = digest.hexdigest()
    directory = cache.directory(cache_dir) / "bib"
    source = os.path.abspath(path)
    stored = cache.read(directory, source, key, codec())
    if isinstance(stored, Bibliography):
        return stored
    bibliography = parse(_read_text(data, path), path)
    cache.write(directory, source, key, bibliography, codec())
    return bibliography


def load_file(
    path: str, cache_dir: str | None, use_cache: bool, data: bytes | None = None
) -> tuple[Bibliography, Document]:
    """Load the bib (through the on-disk parse cache) and its text for locating findings.

    `data` is the file's bytes when the caller has read them already. A file with nothing
    usable in it cannot be checked against: that is a CiteproofError, not a finding.
    """
    if data is None:
        data = read_bytes(path)
    text, encoding, note = decode_bytes(data, path)
    if not text.strip():
        raise CiteproofError(f"{path}: bibliography file is empty")
    bib_document = from_text(path, text, markdown=False, encoding=encoding, note=note)
    bibliography = load_cached(path, cache_dir, use_cache, data)
    if not bibliography.entries and bibliography.problems:
        first = bibliography.problems[0]
        raise CiteproofError(
            f"{path}:{first.line}: no entry could be read "
            f"({len(bibliography.problems)} unparsable block(s)): {first.message}"
        )
    if not bibliography.entries:
        raise CiteproofError(f"{path}: no BibTeX entries found")
    return bibliography, bib_document


@functools.cache
def codec() -> cache.Codec:
    """The records a cached parse may hold, and nothing else."""
    return cache.Codec((Bibliography, Entry, Name, BibProblem))


@functools.cache
def loader_version() -> str:
    """Identify everything a parse depends on, so that a cached parse is never stale.

    LOADER_VERSION alone would rely on people remembering to bump it; the source of the
    modules that shape the result, the record layout and the versions of the libraries are
    hashed as well (reading them once per process costs well under a millisecond).
    """
    digest = hashlib.sha256(LOADER_VERSION.encode())
    digest.update(codec().signature().encode())
    for module in (
        __name__,
        f"{__package__}.expand",
        f"{__package__}.name_parts",
        f"{__package__}.latex_decode",
    ):
        source = getattr(sys.modules.get(module), "__file__", None)
        try:
            with open(source or "", "rb") as handle:
                digest.update(handle.read())
        except OSError:
            digest.update(module.encode())
    # The LaTeX tables the decoding reads are data files: a changed word changes the parse.
    digest.update(data.source("latex_commands.toml").encode())
    for distribution in ("bibtexparser", "pylatexenc"):
        try:
            digest.update(importlib.metadata.version(distribution).encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(b"?")
    return f"{LOADER_VERSION}-{digest.hexdigest()[:16]}"


def _read_text(data: bytes, path: str) -> str:
    """Decode a bib file's bytes (UTF-8, BOM-marked UTF-16, else cp1252), newlines made '\\n'."""
    if not data.strip():
        raise InputError(f"{path}: file is empty")
    text = decode_bytes(data, path)[0]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def parse(text: str, path: str) -> Bibliography:
    """Parse BibTeX text into a Bibliography; problems in the text become BibProblems."""
    # Parsing allocates a few hundred thousand objects and (almost) no reference cycles, so
    # cyclic garbage collection passes during it are pure cost (measured: 10-25% of a parse).
    with collection.paused():
        return _parse(text, path)


def _parse(text: str, path: str) -> Bibliography:
    """Parse with garbage collection already paused (see parse)."""
    if "\r" in text:  # line ends as in load(), so no value keeps a '\r'
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    problems: list[BibProblem] = []
    # bibtexparser's blocks live only inside _read: pylatexenc (the rare decoding fallback)
    # leaves reference cycles holding the frames above it, and a Library held by one of
    # those frames would then wait for a garbage collection (measured: 20 ms on iridia).
    macros = Macros(problems)
    records, shadowed, preamble = _read(text, problems, macros)
    records = _inherit(records, problems)
    expand = preamble_expander(preamble, macros)
    entries = _build(records, path, expand)
    problems.sort(key=lambda problem: problem.line)
    return Bibliography(path, entries, tuple(problems), _build(shadowed, path, expand))


def _read(
    text: str, problems: list[BibProblem], expansion: Macros
) -> tuple[list[_RAW_FIELDS], list[_RAW_FIELDS], list[tuple[int, str]]]:
    """Split the text with bibtexparser and resolve every entry's raw field values.

    Returns the records (first definition of each key), the later definitions of keys
    already seen, and the @preamble texts with their lines.
    """
    # bibtexparser logs every failed block; here they are data (BibProblem), not log noise.
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL + 1)
    try:
        library = bibtexparser.parse_string(text, parse_stack=[])
    except (ParsingException, RecursionError, IndexError, ValueError) as exc:
        # bibtexparser raises only on its own internal errors; report the file, keep going.
        end = text.count("\n") + 1
        problems.append(BibProblem("unparsable", 1, end, f"cannot parse: {exc}"))
        return [], [], []

    macros = expansion.values
    blocks: list[bp.Entry] = []
    preamble: list[tuple[int, str]] = []
    for block in library.blocks:
        kind = type(block)
        if kind is bp.Entry:
            blocks.append(block)  # type: ignore[arg-type]
        elif kind is bp.String:
            _define(block, expansion)  # type: ignore[arg-type]
        elif kind is bp.Preamble:
            line = (block.start_line or 0) + 1
            preamble.append((line, resolve(block.value, expansion)))  # type: ignore[attr-defined]
        elif isinstance(block, (bp.DuplicateBlockKeyBlock, bp.DuplicateFieldKeyBlock)):
            # Not failures for us: duplicate entry keys are reported below, a redefined
            # @string overrides (as in BibTeX), and a repeated field keeps its first value.
            inner = block.ignore_error_block
            if isinstance(inner, bp.Entry):
                blocks.append(inner)
            elif isinstance(inner, bp.String):
                _define(inner, expansion)
        elif isinstance(block, bp.ParsingFailedBlock):
            problems.append(_failed(block))

    records: list[_RAW_FIELDS] = []
    shadowed: list[_RAW_FIELDS] = []
    seen: dict[str, int] = {}
    joined: dict[str, str] = {}
    literal: dict[str, str] = {}
    for block in blocks:
        key = block.key
        line = (block.start_line or 0) + 1
        end_line = line + (block.raw or "").count("\n")
        if not key:
            problems.append(
                BibProblem(
                    "no-key", line, end_line, f"@{block.entry_type} entry without a citation key"
                )
            )
            continue
        if " " in key or "\n" in key or "\t" in key:
            problems.append(
                BibProblem(
                    "unparsable",
                    line,
                    end_line,
                    f"@{block.entry_type} entry key '{key}' contains white space",
                    key,
                )
            )
            continue
        if key in seen:
            problems.append(
                BibProblem(
                    "duplicate-key",
                    line,
                    end_line,
                    f"duplicate key '{key}' (first on line {seen[key]}); BibTeX uses the "
                    "first definition, pandoc the last",
                    key,
                )
            )
        target = shadowed if key in seen else records
        seen.setdefault(key, line)
        fields: dict[str, str] = {}
        repeated: dict[str, str] = {}
        for field in block.fields:
            name = field.key.lower()
            if not name:
                continue
            if name in fields:
                repeated.setdefault(name, field.value)
                continue
            value = field.value
            # A braced, quoted or numeric value is a pure function of its text, and the same
            # text recurs across a bib (years, journals, publishers, a paper entered twice):
            # resolved once. Joins and macros are not memoised here: each use is charged
            # against the expansion budget.
            resolved = literal.get(value)
            if resolved is not None:
                fields[name] = resolved
                continue
            # _resolve, inlined: this loop runs for every field of the file.
            first = value[:1]
            if "#" in value:
                resolved = joined.get(value)  # the same join recurs (`springer # ", " # ...`)
                if resolved is None:
                    resolved = joined[value] = expansion.join(value, line)
                if len(resolved) > len(value):
                    resolved = expansion.charge(value, resolved, line)
            elif (first == "{" and value[-1:] == "}") or (first == '"' and value[-1:] == '"'):
                resolved = literal[value] = _squeezed(value[1:-1])
                fields[name] = resolved
                continue
            elif value.isdigit():
                fields[name] = literal[value] = value
                continue
            else:
                resolved = macros.get(value.lower(), value)
                if len(resolved) > len(value):
                    resolved = expansion.charge(value, resolved, line)
            fields[name] = _squeezed(resolved)
        for name, value in repeated.items():
            again = resolve(value, expansion)
            problems.append(
                BibProblem(
                    "repeated-field",
                    line,
                    end_line,
                    f"{key} gives the field '{name}' twice ('{fields[name]}', then '{again}'); "
                    "BibTeX keeps the first, biber and pandoc the last",
                    key,
                )
            )
            if name == "year" and again != fields[name]:
                fields[_ALSO_YEAR] = again
        target.append((key, block.entry_type, fields, line, end_line))
    return records, shadowed, preamble


def _squeezed(text: str) -> str:
    """Collapse runs of white space (a value's line breaks and indentation) to one space."""
    if "\n" in text or "  " in text or "\t" in text or text[:1] == " " or text[-1:] == " ":
        return " ".join(text.split())
    return text


def _define(block: bp.String, expansion: Macros) -> None:
    """Record an @string macro (names are case-insensitive; its value may use earlier ones)."""
    if isinstance(block.value, str) and block.key:
        # Spaces are kept as written: `@string{and = " and "}` is joined into author lists.
        line = (block.start_line or 0) + 1
        expansion.define(block.key.strip().lower(), block.value, line)


def _failed(block: bp.ParsingFailedBlock) -> BibProblem:
    """Describe a block bibtexparser could not split as a one-line BibProblem."""
    raw = block.raw or ""
    line = (block.start_line or 0) + 1
    end_line = line + raw.rstrip().count("\n")
    head = _BLOCK_HEAD.match(raw)
    entry_type = head.group(1).lower() if head else ""
    key = head.group(2) if head and head.group(2) and not head.group(3) else None
    if head is not None and head.group(3):
        return BibProblem(
            "no-key",
            line,
            end_line,
            f"@{entry_type} entry without a citation key (fields start at once)",
        )
    reason = getattr(block.error, "abort_reason", None) or str(block.error)
    reason = " ".join(reason.split()).rstrip(".")
    what = f"@{entry_type} block" + (f" '{key}'" if key else "")
    return BibProblem("unparsable", line, end_line, f"unparsable {what}: {reason}", key)


#: The longest chain of crossref / xdata parents followed (biber allows far fewer in
#: practice: a chapter, its book, its series).
MAX_INHERITANCE = 16


class _Parents:
    """Entries by key for crossref / xdata look-ups, with each child's merged fields memoised.

    A small class rather than nested closures: a recursive closure is a reference cycle, and
    everything it holds would wait for the garbage collector.
    """

    def __init__(self, records: list[_RAW_FIELDS], problems: list[BibProblem]) -> None:
        self.records = records
        self.by_key = {record[0]: record for record in records}
        self.by_lower: dict[str, _RAW_FIELDS] | None = None
        self.done: dict[str, dict[str, str]] = {}
        self.reported: set[str] = set()
        self.problems = problems

    def find(self, key: str) -> _RAW_FIELDS | None:
        """Look a parent up as BibTeX does: keys compare case-insensitively."""
        found = self.by_key.get(key)
        if found is not None:
            return found
        if self.by_lower is None:  # built on the first key written in another case
            self.by_lower = {}
            for record in self.records:
                self.by_lower.setdefault(record[0].lower(), record)
        return self.by_lower.get(key.lower())

    def merged(self, record: _RAW_FIELDS, visiting: frozenset[str]) -> dict[str, str]:
        """Return the record's fields completed from its xdata sources and crossref parent."""
        key, _, fields, line, end_line = record
        if key in self.done:
            return self.done[key]
        if "crossref" not in fields and "xdata" not in fields:
            return fields
        result = dict(fields)
        if len(visiting) > MAX_INHERITANCE:  # generated, not written: stop rather than recurse
            self.cut(
                record,
                f"{key} inherits through a chain of more than {MAX_INHERITANCE} "
                "crossref / xdata parents; the rest of the chain is not followed",
            )
            return result
        visiting = visiting | {key}
        for parent_key in _keys(fields.get("xdata", "")):
            parent = self.find(parent_key)
            if parent is None:
                message = f"xdata refers to missing entry '{parent_key}'"
                self.problems.append(BibProblem("bad-crossref", line, end_line, message, key))
            elif parent[0] in visiting:
                self.loop(record, "xdata", parent[0])
            else:
                for name, value in self.merged(parent, visiting).items():
                    if name not in result and name not in _NOT_INHERITED:
                        result[name] = value
        parent_key = fields.get("crossref", "").strip()
        if parent_key:
            parent = self.find(parent_key)
            if parent is None:
                message = f"crossref to missing entry '{parent_key}'"
                self.problems.append(BibProblem("bad-crossref", line, end_line, message, key))
            elif parent[0] in visiting:
                self.loop(record, "crossref", parent[0])
            else:
                book_like = parent[1] in _BOOK_LIKE
                parent_fields = self.merged(parent, visiting)
                # BibTeX copies the parent's booktitle; biblatex maps a book-like parent's
                # title to the child's booktitle. Both apply, BibTeX's first.
                if book_like and "booktitle" not in parent_fields and "title" in parent_fields:
                    result.setdefault("booktitle", parent_fields["title"])
                for name, value in parent_fields.items():
                    if name in result or name in _NOT_INHERITED:
                        continue
                    if book_like and name in _TITLE_FIELDS:
                        continue
                    result[name] = value
        self.done[key] = result
        return result

    def loop(self, record: _RAW_FIELDS, field: str, parent: str) -> None:
        """Report a crossref / xdata chain that leads back to an entry already on it."""
        how = "itself" if parent == record[0] else f"'{parent}', which inherits from it"
        self.cut(
            record,
            f"the {field} of {record[0]} leads back to {how} (a loop); the loop is not followed",
        )

    def cut(self, record: _RAW_FIELDS, message: str) -> None:
        """Report a chain of inheritance left unfollowed, once per entry."""
        if record[0] in self.reported:
            return
        self.reported.add(record[0])
        self.problems.append(
            BibProblem("expansion-limit", record[3], record[4], message, record[0])
        )


def _inherit(records: list[_RAW_FIELDS], problems: list[BibProblem]) -> list[_RAW_FIELDS]:
    """Give children the fields they lack from their crossref / xdata parents (in any order)."""
    parents = _Parents(records, problems)
    out: list[_RAW_FIELDS] = []
    for record in records:
        if record[1] == "xdata":  # biblatex data containers: inherited from, never cited
            continue
        fields = record[2]
        if "crossref" in fields or "xdata" in fields:  # most entries inherit nothing
            fields = parents.merged(record, frozenset())
            record = (record[0], record[1], fields, record[3], record[4])
        out.append(record)
    return out


def _keys(text: str) -> Iterable[str]:
    """Split a comma-separated key list (xdata = {a, b})."""
    return [key for key in (part.strip() for part in text.split(",")) if key]


def _build(
    records: list[_RAW_FIELDS], path: str, expand: Callable[[str], str] | None = None
) -> tuple[Entry, ...]:
    """Decode fields and names and build the Entry records, sharing work across repeats."""
    decoded: dict[str, str] = {}
    name_cache: dict[str, Name] = {}
    lists: dict[str, tuple[tuple[Name, ...], bool]] = {}
    entries: list[Entry] = []
    for key, entry_type, fields, line, end_line in records:
        # Names are split from the raw LaTeX, before the field is decoded in place below.
        role = "author" if fields.get("author") else "editor" if fields.get("editor") else "none"
        if role == "none":
            names: tuple[Name, ...] = ()
            others = False
        else:
            source = fields[role]
            parsed = lists.get(source)
            if parsed is None:
                parsed = lists[source] = parse_names(source, decode, name_cache)
            names, others = parsed
            if not names and not others:
                role = "none"
        # The dicts are this parse's own, so values are decoded in place (no copy per entry).
        for name, value in fields.items():
            if name in VERBATIM_FIELDS:
                if "\\" in value:
                    fields[name] = _VERBATIM_ESCAPE.sub(r"\1", value)
                continue
            # Each distinct value is decoded (or found to need none) once: most values recur
            # as the same string object (see _read), whose hash is computed once too.
            text = decoded.get(value)
            if text is None:
                text = decoded[value] = _decoded(value, expand)
            if text is not value:
                fields[name] = text
        year, suffix = _year(fields)
        also = fields.pop(_ALSO_YEAR, None)
        also_years = (_year({"year": also})[0],) if also else ()
        entries.append(
            Entry(
                key,
                entry_type,
                fields,
                names,
                role,
                others,
                year,
                suffix,
                line,
                end_line,
                path,
                also_years,
            )
        )
    return tuple(entries)


def _decoded(value: str, expand: Callable[[str], str] | None) -> str:
    """A field value with its LaTeX decoded (the value itself when it has none)."""
    # latex.needs_decoding, inlined: eight substring tests in C, run once per distinct value.
    if not (
        "\\" in value
        or "{" in value
        or "}" in value
        or "~" in value
        or "$" in value
        or "`" in value
        or "--" in value
        or "''" in value
    ):
        return value
    return decode_marked(expand(value) if expand else value)


def _year(fields: dict[str, str]) -> tuple[str, str]:
    """Return (year, pinned suffix letter) from `year`, else biblatex `date`, else "n.d."."""
    text = fields.get("year", "")
    if len(text) == 4 and text.isdigit():  # the common case, before any regex
        return text, ""
    text = text.strip()
    if text:
        match = _YEAR.fullmatch(text)
        if match is not None:
            return match.group(1), match.group(2)
        if text.lower() in _NO_DATE:
            return "n.d.", ""
        date = _DATE_YEAR.match(fields.get("date", ""))
        if date is not None:
            return date.group(1), ""
        return text, ""
    date = _DATE_YEAR.match(fields.get("date", ""))
    if date is not None:
        return date.group(1), ""
    return "n.d.", ""
