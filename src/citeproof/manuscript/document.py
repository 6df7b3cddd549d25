"""Read article text robustly and map offsets back to 1-based line:column."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import InputError
from ..model import Document
from .docx import DOCX_SUFFIXES, LEGACY_WORD_SUFFIXES
from .latex import LATEX_SUFFIXES

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".qmd", ".rmd"})


def line_starts(text: str) -> tuple[int, ...]:
    """Return the offset at which each line of `text` starts.

    Lines end at '\n', '\r\n' or a lone '\r', as the bib parser and editors count them, so a
    finding in text that still holds a '\r' (an old Mac file, a stray byte, text handed to
    `check_texts`) is placed on a line the document has; offsets are those of `text` itself.
    """
    starts = [0]
    find = text.find
    index = find("\n")
    while index != -1:
        starts.append(index + 1)
        index = find("\n", index + 1)
    if "\r" in text:
        lone = [m.start() + 1 for m in _LONE_CR.finditer(text)]
        if lone:
            return tuple(sorted((*starts, *lone)))
    return tuple(starts)


_LONE_CR = re.compile(r"\r(?!\n)")


def from_text(
    path: str,
    text: str,
    *,
    markdown: bool | None = None,
    encoding: str = "utf-8",
    note: str | None = None,
) -> Document:
    """Build a Document from text already in memory (Markdown decided by suffix if not given)."""
    if markdown is None:
        markdown = Path(path).suffix.lower() in MARKDOWN_SUFFIXES
    if markdown:
        from .markdown import mask

        masked = mask(text)
    elif Path(path).suffix.lower() in LATEX_SUFFIXES:
        from .latex import mask as mask_latex

        masked = mask_latex(text)
    else:
        masked = text
    return Document(
        path=path,
        text=text,
        line_starts=line_starts(text),
        masked=masked,
        encoding=encoding,
        note=note,
    )


def decode(data: bytes, path: str) -> tuple[str, str, str | None]:
    """Decode bytes as UTF-8 (BOM optional) or BOM-marked UTF-16, else cp1252 with a note.

    Returns (text, encoding, note). Raises InputError for binary data.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", path), "utf-8-sig", None
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return _strict(data, "utf-16", path), "utf-16", None
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: binary file (contains NUL bytes), not a text article")
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise InputError(f"{path}:{line}: not valid UTF-8 or cp1252 text") from None
        return text, "cp1252", f"not valid UTF-8 (first bad byte on line {line}); read as cp1252"


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{path}:{line}: invalid {encoding} text despite its byte-order mark"
        ) from None


def read_bytes(path: str) -> bytes:
    """Read a file's bytes, turning every OS failure into a one-line InputError."""
    target = Path(path)
    if not target.exists():
        raise InputError(f"{path}: no such file")
    if target.is_dir():
        raise InputError(f"{path}: is a directory, expected a file")
    try:
        return target.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def read(path: str) -> Document:
    """Read an article file into a Document; empty, binary or undecodable files raise InputError."""
    suffix = Path(path).suffix.lower()
    if suffix in LEGACY_WORD_SUFFIXES:
        raise InputError(
            f"{path}: {suffix} files cannot be read: save the manuscript as .docx (or as text)"
        )
    data = read_bytes(path)
    if not data.strip():
        raise InputError(f"{path}: file is empty")
    if suffix in DOCX_SUFFIXES:
        from .docx import read_text

        return from_text(path, read_text(path, data), markdown=False)
    text, encoding, note = decode(data, path)
    # Normalise Windows line ends so columns never count '\r'; offsets refer to this text.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return from_text(path, text, encoding=encoding, note=note)
