"""Apply the findings' machine-applicable edits to the articles: --fix, --unsafe-fixes, --diff.

A reporter over edits, not a second checker: the rules attach `Edit`s to their diagnostics
and this module only chooses, applies and writes them. Writes are atomic (a temporary file in
the same folder, then a rename, keeping the file's permissions), keep a backup unless told not
to, and never touch a file whose bytes changed since the check read them.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import CiteproofError
from .manuscript import docx_edit
from .manuscript.document import decode
from .manuscript.docx import DOCX_SUFFIXES
from .model import Diagnostic, Document, Edit

BACKUP_SUFFIX = ".bak"


@dataclass(frozen=True, slots=True)
class FilePlan:
    """The fixed text of one file, with the findings it fixes and the ones it cannot."""

    path: str
    before: str
    after: str
    fixed: tuple[Diagnostic, ...]
    #: Findings with an edit that could not be applied here (overlap, unsafe, unfixable file).
    skipped: tuple[Diagnostic, ...]
    #: Of those, the ones a Word file cannot take: their text is not plain (see docx_edit).
    not_plain: tuple[Diagnostic, ...] = ()


def fingerprint(path: str) -> str | None:
    """A digest of the file's bytes as read now (None when it cannot be read)."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def plan(
    diagnostics: Iterable[Diagnostic], sources: Mapping[str, Document], *, unsafe: bool = False
) -> list[FilePlan]:
    """Choose the edits to make: safe ones (and unsafe ones with `unsafe`), never overlapping.

    Edits of one finding are applied together or not at all; when two findings' edits
    overlap, the first (by place) wins and the second waits for the next run.
    """
    by_path: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        if d.edits:
            by_path.setdefault(d.path, []).append(d)
    plans = []
    for path, found in sorted(by_path.items()):
        document = sources.get(path)
        if document is None:
            continue
        taken: list[Edit] = []
        fixed, skipped = [], []
        for d in found:
            wanted = all(e.safe for e in d.edits) or unsafe
            if not wanted or any(_overlap(e, t) for e in d.edits for t in taken):
                skipped.append(d)
                continue
            taken.extend(d.edits)
            fixed.append(d)
        if _is_word(path) and fixed:
            # A Word file is fixed only where the text to change is plain (see docx_edit).
            plain = _word_text(path, document.text)
            refused = [d for d in fixed if not docx_edit.fixable(plain, d.edits)]
            fixed = [d for d in fixed if d not in refused]
            skipped.extend(refused)
            taken = [e for d in fixed for e in d.edits]
            if refused:
                plans.append(
                    FilePlan(
                        path,
                        document.text,
                        apply(document.text, taken),
                        tuple(fixed),
                        tuple(skipped),
                        tuple(refused),
                    )
                )
                continue
        if fixed:
            after = apply(document.text, taken)
            plans.append(FilePlan(path, document.text, after, tuple(fixed), tuple(skipped)))
    return plans


def _is_word(path: str) -> bool:
    return Path(path).suffix.lower() in DOCX_SUFFIXES


def _word_text(path: str, text: str) -> docx_edit.Plain | None:
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    return docx_edit.open_plain(data, text, path)


def _overlap(a: Edit, b: Edit) -> bool:
    return a.span.start < b.span.end and b.span.start < a.span.end


def apply(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits (offsets into `text`), last first so offsets stay valid."""
    for edit in sorted(edits, key=lambda e: e.span.start, reverse=True):
        text = text[: edit.span.start] + edit.replacement + text[edit.span.end :]
    return text


def unified_diff(plans: Iterable[FilePlan]) -> str:
    """The plans as one unified diff (a/ and b/ prefixes, as git apply reads)."""
    out: list[str] = []
    for p in plans:
        out.extend(
            difflib.unified_diff(
                p.before.splitlines(keepends=True),
                p.after.splitlines(keepends=True),
                p.path if os.path.isabs(p.path) else f"a/{p.path}",
                p.path if os.path.isabs(p.path) else f"b/{p.path}",
            )
        )
    return "".join(line if line.endswith("\n") else line + "\n" for line in out)


def write(plan: FilePlan, expected: str | None, *, backup: bool = True) -> None:
    """Write the fixed text over the file, atomically; raise CiteproofError when unsafe to.

    `expected` is the fingerprint taken before the check read the file: if the bytes differ
    now, someone edited the file meanwhile and writing would lose their change.
    """
    path = Path(plan.path)
    try:
        data = path.read_bytes()
        mode = path.stat().st_mode
    except OSError as exc:
        raise CiteproofError(f"{plan.path}: cannot read ({exc.strerror or exc})") from None
    if expected is None or hashlib.sha256(data).hexdigest() != expected:
        raise CiteproofError(f"{plan.path}: changed since it was checked; not fixed")
    if _is_word(plan.path):
        plain = docx_edit.open_plain(data, plan.before, plan.path)
        edits = [e for d in plan.fixed for e in d.edits]
        if not docx_edit.fixable(plain, edits):
            raise CiteproofError(
                f"{plan.path}: its text cannot be mapped back exactly; not fixable"
            )
        assert plain is not None
        encoded = plain.apply(edits)
    else:
        encoded = _encode_like(data, plan.before, plan.after, plan.path)
    if backup:
        try:
            shutil.copy2(path, str(path) + BACKUP_SUFFIX)
        except OSError as exc:
            raise CiteproofError(
                f"{plan.path}: cannot write the backup ({exc.strerror or exc}); not fixed"
            ) from None
    folder = path.parent
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise CiteproofError(f"{plan.path}: cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(encoded)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode & 0o7777)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise CiteproofError(f"{plan.path}: cannot write ({exc.strerror or exc})") from None


def _encode_like(data: bytes, before: str, after: str, path: str) -> bytes:
    """Encode the fixed text as the original was: same encoding, BOM and line ends.

    The check reads a normalised text (Windows line ends as '\\n'); the fix is written back
    only when that text maps onto the file exactly, else the file is reported as not fixable.
    """
    text, encoding, _ = decode(data, path)
    crlf = "\r\n" in text
    if (text.replace("\r\n", "\n") if crlf else text) != before or "\r" in text.replace("\r\n", ""):
        raise CiteproofError(f"{path}: its text cannot be mapped back exactly; not fixable")
    if crlf:
        after = after.replace("\n", "\r\n")
    if encoding == "utf-8-sig":
        return b"\xef\xbb\xbf" + after.encode("utf-8")
    return after.encode(encoding)


def fix_articles(
    diagnostics: Iterable[Diagnostic],
    articles: Mapping[str, Document],
    fingerprints: Mapping[str, str | None],
    *,
    unsafe: bool = False,
    backup: bool = True,
) -> list[FilePlan]:
    """Plan and write the fixes of the articles (never the bib); return what was written."""
    plans = plan(diagnostics, articles, unsafe=unsafe)
    for p in plans:
        if p.fixed:
            write(p, fingerprints.get(p.path), backup=backup)
    return plans
