"""The pipelines as plain functions: read → extract → resolve → rules → Report.

`check_texts` is a pure function of (article texts, bib text, config), so a batch of
manuscripts can be checked as independent tasks; `check` adds the file I/O around it.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from . import cache, collection
from .config import DEFAULT_STYLE, Config
from .errors import ConfigError
from .manuscript import document as documents
from .model import (
    Bibliography,
    Citation,
    Diagnostic,
    Document,
    FileReport,
    Report,
    Status,
    StyleChoice,
)
from .rules import Context, DocumentCheck
from .rules import run as run_rules

if TYPE_CHECKING:
    from .citations.style_inference import StyleInference
    from .manuscript.normalise import View

#: A tentative citation (a form that reads as prose too) is kept when an entry bears it out:
#: its first author and year name one work, whether or not the rest of the author list is
#: written as the style wants ("(Nanzyo et al.. 2017)" for a three-author work in Chicago).
_BORNE_OUT = frozenset({Status.RESOLVED, Status.AUTHOR_LIST_MISMATCH})

#: --verbose only (the CLI shows it on stderr with -v); never the user's channel.
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Checked:
    """A finished check: the report plus every source text, for reporters that show lines."""

    report: Report
    sources: dict[str, Document]


def check(
    config: Config,
    *,
    online: bool = False,
    read: Sequence[Document] | None = None,
    jobs: int | None = None,
) -> Checked:
    """Check the configured article(s) against the configured bibliography.

    `read`, when given, holds the articles already read (from stdin, say), used in place
    of reading `config.articles`. A folder among the articles stands for the manuscripts in
    it. With a folder or `jobs`, each manuscript is checked on its own against the bib (in
    `jobs` processes) and only uncited entries are judged over the whole set; see
    `check_each`.
    """
    if read is None and not config.articles:
        raise ConfigError("no article to check: name one, or set 'articles' in [tool.citeproof]")
    if read is None:
        from .manuscript.files import expand

        paths = expand(config.articles, config.exclude)
        folders = any(os.path.isdir(path) for path in config.articles)
        if (folders or jobs is not None) and not online:
            return check_each(replace(config, articles=tuple(paths)), jobs or 1)
        articles = [documents.read(path) for path in paths]
    else:
        articles = list(read)
    if not config.bib:
        declared = _declared_bib(articles)
        if declared is None:
            return check_against_typed_list(articles, config)
        config = replace(config, bib=declared)
    assert config.bib is not None
    bib_bytes = documents.read_bytes(config.bib)
    results = None if online or not config.use_cache else _ResultCache(config, articles, bib_bytes)
    if results is not None:
        stored = results.read()
        log.info("result cache: %s", "hit" if stored is not None else "miss")
        if stored is not None:
            return stored
    loaded = load_bibliography(config.bib, config, bib_bytes)
    bibliography, bib_document = loaded.bibliography, loaded.document
    verifications: tuple = ()
    notes: tuple[str, ...] = ()
    if online:
        from . import online as online_checks

        verification = online_checks.verify(bibliography, config)
        verifications = tuple(verification.results)
        notes = tuple(f"online: {note}" for note in verification.notes)
    checked = check_documents(
        articles, bibliography, bib_document, config, verifications, loaded.memo
    )
    loaded.save()
    if notes:
        report = checked.report
        checked = Checked(replace(report, notes=report.notes + notes), checked.sources)
    if results is not None:
        results.write(checked)
    return checked


#: The rule judged over the whole set of manuscripts in `check_each`, not file by file.
_UNCITED = "CP201"


def check_each(config: Config, jobs: int = 1) -> Checked:
    """Check each of `config.articles` on its own against the bib, in `jobs` processes.

    A journal's batch is many independent manuscripts: each is checked as if alone (so the
    result of one never depends on which others share the run), and the output is the
    same, in the same order, whatever `jobs` is. Uncited entries (CP201) are judged over
    the whole set; a finding about the shared bib, met by every file, is reported once.
    """
    paths = list(config.articles)
    bib = config.bib
    if bib is None and paths:
        bib = _declared_bib([documents.read(paths[0])])
    shared = bib is not None
    per_file = replace(
        config, bib=bib, ignore=(*config.ignore, _UNCITED) if shared else config.ignore
    )
    tasks = [(path, per_file) for path in paths]
    if jobs > 1 and len(tasks) > 1:
        from concurrent.futures import ProcessPoolExecutor

        workers = min(jobs, len(tasks))
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(
                pool.map(_check_file, tasks, chunksize=max(1, len(tasks) // (workers * 4)))
            )
    else:
        results = [_check_file(task) for task in tasks]
    files = tuple(f for r in results for f in r.report.files)
    diagnostics = list(dict.fromkeys(d for r in results for d in r.report.diagnostics))
    sources = {path: doc for r in results for path, doc in r.sources.items()}
    if shared and bib is not None:
        loaded = load_bibliography(bib, config)
        context = Context(
            config=config,
            checks=tuple(
                DocumentCheck(f.document, tuple(r.citation for r in f.resolutions), f.resolutions)
                for f in files
            ),
            bibliography=loaded.bibliography,
            bib_document=loaded.document,
        )
        from .rules import RULES

        diagnostics += run_rules(context, [rule for rule in RULES if rule.code == _UNCITED])
    diagnostics.sort(key=Diagnostic.sort_key)
    notes = tuple(dict.fromkeys(n for r in results for n in r.report.notes))
    return Checked(Report(files, tuple(diagnostics), notes), sources)


def _check_file(task: tuple[str, Config]) -> Checked:
    """One manuscript of a batch (a top-level function, so worker processes can run it)."""
    path, config = task
    return check(replace(config, articles=(path,)), read=[documents.read(path)])


def _declared_bib(articles: Sequence[Document]) -> str | None:
    """The bib the manuscripts name themselves (`\\bibliography{…}`, `bibliography:`).

    The first declaration wins: one bib serves the whole check, as with `--bib`.
    """
    from .manuscript.bib_declaration import declared

    for article in articles:
        for path in declared(article):
            if not os.path.isfile(path):
                raise ConfigError(
                    f"{article.path}: the bibliography it names, {path}, does not exist: "
                    "pass --bib FILE"
                )
            return path
    return None


class _ResultCache:
    """The whole result of an unchanged check, as ruff caches per-file results.

    Keyed by the article texts, the bib's bytes, the configuration and citeproof's own code,
    so any change to any of them computes afresh (then the parsed-bib cache still helps).
    """

    def __init__(self, config: Config, articles: Sequence[Document], bib_bytes: bytes) -> None:
        assert config.bib is not None
        digest = hashlib.sha256(_code_version().encode())
        digest.update(repr(config).encode())
        for article in articles:
            digest.update(f"\0{article.path}\0{article.encoding}\0".encode())
            digest.update(article.text.encode("utf-8", "surrogatepass"))
        digest.update(b"\0" + bib_bytes)
        self.key = digest.hexdigest()
        self.folder = cache.directory(config.cache_dir) / "results"
        paths = [os.path.abspath(p) for p in (*config.articles, config.bib)]
        self.source = "\0".join(paths)

    def read(self) -> Checked | None:
        stored = cache.read(self.folder, self.source, self.key, _result_codec())
        return stored if isinstance(stored, Checked) else None

    def write(self, checked: Checked) -> None:
        cache.write(self.folder, self.source, self.key, checked, _result_codec())


@functools.cache
def _result_codec() -> cache.Codec:
    """Every record a finished check holds, and nothing else, for the result cache."""
    from . import model

    return cache.Codec(
        (
            Checked,
            model.Report,
            model.FileReport,
            model.Document,
            model.Resolution,
            model.Citation,
            model.Span,
            model.Diagnostic,
            model.Position,
            model.Edit,
            model.StyleChoice,
        ),
        (model.Kind, model.Status, model.Severity),
    )


@functools.cache
def _memo_codec() -> cache.Codec:
    """Every record the bib-only analyses ("bib." memo names) hold, for the derived cache."""
    from . import model
    from .names import spellings as nv

    return cache.Codec(
        (nv.Evidence, nv.Occurrence, nv.AuthorVariant, model.Entry, model.Name),
        (nv.Source,),
    )


@functools.cache
def _code_version() -> str:
    """Hash citeproof's own source, so a result computed by other code is never reused."""
    digest = hashlib.sha256()
    package = os.path.dirname(__file__)
    for folder, _, files in sorted(os.walk(package)):
        for name in sorted(f for f in files if f.endswith((".py", ".txt", ".toml"))):
            with open(os.path.join(folder, name), "rb") as handle:
                digest.update(name.encode() + b"\0" + handle.read())
    return digest.hexdigest()


@dataclass(slots=True)
class LoadedBib:
    """A loaded bibliography, its text (to place findings) and its bib-only analyses.

    `memo` starts with what an earlier run stored for the same bytes; `save` writes it back
    when rules added to it, so a warm run skips those analyses.
    """

    bibliography: Bibliography
    document: Document
    memo: dict
    memo_key: str | None = None
    memo_dir: str | None = None
    stored: int = 0

    def save(self) -> None:
        """Store the bib-only analyses ("bib." names) if this run added any."""
        lasting = {name: value for name, value in self.memo.items() if name.startswith("bib.")}
        if self.memo_key is None or len(lasting) <= self.stored:
            return
        cache.write(
            cache.directory(self.memo_dir) / "derived",
            os.path.abspath(self.bibliography.path),
            self.memo_key,
            lasting,
            _memo_codec(),
        )
        self.stored = len(lasting)


def load_bibliography(path: str, config: Config, data: bytes | None = None) -> LoadedBib:
    """Load the bib (through the on-disk parse cache) and its text for locating findings.

    `data` is the file's bytes when the caller has read them already.
    """
    from .bib import loader as bib_loader

    if data is None:
        data = documents.read_bytes(path)
    bibliography, bib_document = bib_loader.load_file(
        path, config.cache_dir, config.use_cache, data
    )
    loaded = LoadedBib(bibliography, bib_document, {})
    if config.use_cache:
        digest = hashlib.sha256(_derived_version().encode())
        digest.update(data)
        loaded.memo_key, loaded.memo_dir = digest.hexdigest(), config.cache_dir
        stored = cache.read(
            cache.directory(config.cache_dir) / "derived",
            os.path.abspath(path),
            loaded.memo_key,
            _memo_codec(),
        )
        if isinstance(stored, dict):
            loaded.memo, loaded.stored = stored, len(stored)
    return loaded


@functools.cache
def _derived_version() -> str:
    """Identify the code bib-only analyses come from, so a stored one is never stale."""
    from .bib import loader as bib_loader

    digest = hashlib.sha256(bib_loader.loader_version().encode())
    names = ("variants", "spellings", "occurrences", "edits", "author_variants", "fold")
    for module in (*(f"names.{name}" for name in names), "rules.names"):
        source = getattr(sys.modules.get(f"{__package__}.{module}"), "__file__", None)
        if source is None:
            source = os.path.join(os.path.dirname(__file__), *module.split(".")) + ".py"
        try:
            with open(source, "rb") as handle:
                digest.update(handle.read())
        except OSError:
            digest.update(module.encode())
    from . import data

    for filename in (  # the word lists and tables the name analyses read
        "special_letters.toml",
        "capitalised_common_words.txt",
        "foreign_function_words.txt",
        "english_function_words.txt",
        "name_particles.txt",
    ):
        digest.update(data.source(filename).encode())
    return digest.hexdigest()


def check_against_typed_list(articles: Sequence[Document], config: Config) -> Checked:
    """With no bib, check each article against the reference list typed at its end (the way
    editors receive most manuscripts); findings about the list point into the article."""
    from .manuscript.reference_items import to_bibliography

    reports = []
    for article in articles:
        bibliography = to_bibliography(article)
        if bibliography is None:
            raise ConfigError(
                f"{article.path}: no bibliography given and no reference list "
                "found in the article: pass --bib FILE or set 'bib' in "
                "[tool.citeproof]"
            )
        reports.append(check_documents([article], bibliography, article, config))
    if len(reports) == 1:
        return reports[0]
    merged = Report(
        files=tuple(f for r in reports for f in r.report.files),
        diagnostics=tuple(
            sorted((d for r in reports for d in r.report.diagnostics), key=Diagnostic.sort_key)
        ),
        notes=tuple(n for r in reports for n in r.report.notes),
        # Each article was checked alone; the first one's style stands for the run (each
        # inferred style is in the notes).
        style=reports[0].report.style,
    )
    return Checked(merged, {p: d for r in reports for p, d in r.sources.items()})


def check_documents(
    articles: Sequence[Document],
    bibliography: Bibliography | None,
    bib_document: Document | None,
    config: Config,
    verifications: tuple = (),
    memo: dict | None = None,
) -> Checked:
    """Run extraction, resolution and the rule catalogue over documents already read."""
    with collection.paused():  # millions of records, no cycles: see citeproof.collection
        return _check_documents(articles, bibliography, bib_document, config, verifications, memo)


def _check_documents(
    articles: Sequence[Document],
    bibliography: Bibliography | None,
    bib_document: Document | None,
    config: Config,
    verifications: tuple,
    memo: dict | None,
) -> Checked:
    from .citations.extract import find_citations
    from .citations.keys import blank, find_key_citations, resolve_keys
    from .citations.resolve import build_index, for_document, resolve_all
    from .manuscript.normalise import view as normalised_view
    from .manuscript.reference_section import find_reference_list

    views: dict[str, View] = {}
    found = []
    for original in articles:
        # Matching reads the normalised text (no soft hyphens, plain spaces, NFC); findings
        # are mapped back to the original text below.
        view = normalised_view(original)
        article = original if view is None else view.document
        if view is not None:
            views[original.path] = view
        listing = find_reference_list(article)
        # Key-based citations (\cite{key}, [@key]) resolve by key; the author-year finder
        # reads the rest of the text, so a document may mix both systems.
        keyed = find_key_citations(article)
        searched = replace(article, masked=blank(article.masked, keyed.spans))
        found.append((article, listing, keyed, tuple(find_citations(searched, listing))))
    # The style decides how citations resolve ('et al.' threshold, year-letter order), so it
    # is settled from the citations themselves before anything is resolved.
    inferred = config.style is None
    config, style = resolve_style(config, [(a, c) for a, _, _, c in found], bibliography)
    index = build_index(bibliography, config)
    checks = []
    for article, listing, keyed, citations in found:
        listed_text = article.text[listing.start : listing.end] if listing else None
        resolutions = resolve_all(citations, for_document(index, listed_text))
        if any(c.tentative for c in citations):
            kept = [
                (c, r)
                for c, r in zip(citations, resolutions, strict=True)
                if not c.tentative or r.status in _BORNE_OUT
            ]
            citations = tuple(c for c, _ in kept)
            resolutions = tuple(r for _, r in kept)
        if keyed.citations:
            pairs = sorted(
                (
                    *zip(citations, resolutions, strict=True),
                    *zip(keyed.citations, resolve_keys(keyed.citations, bibliography), strict=True),
                ),
                key=lambda pair: (pair[0].span.start, pair[0].span.end),
            )
            citations = tuple(c for c, _ in pairs)
            resolutions = tuple(r for _, r in pairs)
        checks.append(DocumentCheck(article, citations, resolutions, listing))
    from .references.formatter import entry_formatter

    context = Context(
        config=config,
        style=style,
        checks=tuple(checks),
        bibliography=bibliography,
        bib_document=bib_document,
        verifications=verifications,
        memo=memo if memo is not None else {},
        format_entries=entry_formatter(config, bib_document),
    )
    diagnostics = tuple(_to_original(d, views) for d in run_rules(context))
    notes = [f"{a.path}: {a.note}" for a in articles if a.note]
    notes += [
        f"{c.document.path}: no author-year citations found" for c in checks if not c.citations
    ]
    choice = StyleChoice(
        config.style or DEFAULT_STYLE, inferred, style.explain() if inferred else None
    )
    if inferred:
        where = f"{articles[0].path}: " if len(articles) == 1 else ""
        notes.append(f"{where}style inferred (no --style or 'style' setting): {choice.evidence}")
    own = {
        a.path: style.of(a.path) for a in articles if any(e.path == a.path for e in style.evidence)
    }
    if inferred and len(set(own.values())) > 1:
        # One run applies one style; articles written in different ones are best checked
        # one at a time (or with --style), and the user should know which style was used.
        listed = ", ".join(f"{path} {name}" for path, name in own.items())
        notes.append(
            f"the articles follow different styles ({listed}); {choice.name} was applied to "
            "all: check them separately or pass --style"
        )
    report = Report(
        files=tuple(_file_report(c, views.get(c.document.path)) for c in checks),
        diagnostics=diagnostics,
        notes=tuple(notes),
        style=choice,
    )
    sources = {a.path: a for a in articles}  # the original texts, for excerpts
    if bib_document is not None:
        sources[bib_document.path] = bib_document
    return Checked(report, sources)


def resolve_style(
    config: Config,
    found: Sequence[tuple[Document, Sequence[Citation]]],
    bibliography: Bibliography | None,
) -> tuple[Config, StyleInference]:
    """Return the config with a concrete style, and how the manuscript's habits place it.

    A style named on the command line or in the config is the user's word and is kept;
    otherwise the manuscript's own habits decide (citations.style_inference).
    """
    from .citations.style_inference import infer

    inference = infer(found, bibliography)
    if config.style is not None:
        return config, inference
    return replace(config, style=inference.style), inference


def _to_original(diagnostic: Diagnostic, views: dict[str, View]) -> Diagnostic:
    """Place a finding made on a normalised text at its place in the original text."""
    view = views.get(diagnostic.path)
    if view is None:
        return diagnostic
    return replace(
        diagnostic,
        start=view.position(diagnostic.start),
        end=view.position(diagnostic.end),
        edits=tuple(replace(e, span=view.span(e.span)) for e in diagnostic.edits),
    )


def _file_report(check: DocumentCheck, view: View | None) -> FileReport:
    """The file's citations, spans and text taken from the original document."""
    if view is None:
        return FileReport(check.document, check.resolutions)
    text = view.original.text
    resolutions = []
    for resolution in check.resolutions:
        citation = resolution.citation
        span = view.span(citation.span)
        citation = replace(
            citation,
            span=span,
            text=text[span.start : span.end],
            group=None if citation.group is None else view.span(citation.group),
        )
        resolutions.append(replace(resolution, citation=citation))
    return FileReport(view.original, tuple(resolutions))


def check_texts(
    article: str,
    bib: str,
    config: Config | None = None,
    article_path: str = "article.txt",
    bib_path: str = "references.bib",
) -> Checked:
    """Check an article text against a bib text, no files involved (tests, batch jobs)."""
    from .bib import loader as bib_loader

    config = config or Config()
    document = documents.from_text(article_path, article)
    bib_document = documents.from_text(bib_path, bib, markdown=False)
    bibliography = bib_loader.parse(bib, bib_path)
    return check_documents([document], bibliography, bib_document, config)


def describe_entries(config: Config) -> dict[str, str]:
    """Each bib key → 'Authors (year). Title.' for reports that show the matched entry."""
    if not config.bib:
        return {}
    bibliography = load_bibliography(config.bib, config).bibliography
    described = {}
    for entry in bibliography.entries:
        names = "; ".join(str(name) for name in entry.names) or "(no author)"
        described[entry.key] = f"{entry.key}: {names} ({entry.year}{entry.suffix}). {entry.title}"
    return described
