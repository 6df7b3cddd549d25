"""Run pandoc's citeproc (the reference CSL processor) on CSL-JSON: one process per call.

pandoc is found on PATH (or at $CITEPROOF_PANDOC), else the binary the `pypandoc-binary`
wheel ships. Nothing else in citeproof starts a process, and no other module knows pandoc's
command line or its JSON AST.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CiteproofError

MIN_VERSION = (3, 1)
DEFAULT_TIMEOUT = 600.0
_NOCITE_ALL = b"---\nnocite: '@*'\n---\n"
_VERSION = re.compile(r"pandoc(?:\.exe)?\s+(\d+)\.(\d+)(?:\.(\d+))?")


class PandocError(CiteproofError):
    """pandoc is missing, too old, timed out or failed."""


@dataclass(frozen=True, slots=True)
class Pandoc:
    """A usable pandoc binary and its version."""

    path: str
    version: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Rendered:
    """One bibliography entry as citeproc rendered it: pandoc inlines (JSON AST)."""

    key: str
    inlines: list[Any]


def candidates() -> list[str]:
    """Return the pandoc binaries to try, in order: $CITEPROOF_PANDOC, PATH, pypandoc's."""
    explicit = os.environ.get("CITEPROOF_PANDOC")
    if explicit:
        return [explicit]
    found = []
    on_path = shutil.which("pandoc")
    if on_path:
        found.append(on_path)
    bundled = _bundled()
    if bundled:
        found.append(bundled)
    return found


def _bundled() -> str | None:
    """Locate the binary inside the pypandoc-binary wheel without importing pypandoc."""
    spec = importlib.util.find_spec("pypandoc")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        for name in ("pandoc", "pandoc.exe"):
            path = Path(folder) / "files" / name
            if path.is_file():
                return str(path)
    return None


def version_of(path: str) -> tuple[int, ...] | None:
    """Return a binary's pandoc version, or None when it does not run as pandoc."""
    try:
        done = subprocess.run([path, "--version"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = _VERSION.search(done.stdout.decode("utf-8", "replace"))
    if done.returncode != 0 or match is None:
        return None
    return tuple(int(part) for part in match.groups() if part is not None)


def find() -> Pandoc:
    """Return the first pandoc ≥ 3.1 available, or raise PandocError saying how to get one."""
    tried: list[str] = []
    for path in candidates():
        version = version_of(path)
        if version is None:
            tried.append(f"{path} (does not run)")
        elif version < MIN_VERSION:
            tried.append(f"{path} ({'.'.join(map(str, version))}, too old)")
        else:
            return Pandoc(path, version)
    where = "; tried " + ", ".join(tried) if tried else ""
    raise PandocError(
        "formatting references needs pandoc >= 3.1: install citeproof[refs] "
        f"(pypandoc-binary) or put pandoc on PATH{where}"
    )


def available() -> Pandoc | None:
    """Return a usable pandoc, or None (for callers that can do without)."""
    try:
        return find()
    except PandocError:
        return None


def citeproc(
    items: Sequence[dict[str, Any]],
    style: str,
    *,
    pandoc: Pandoc | None = None,
    style_xml: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> list[Rendered]:
    """Render CSL-JSON items as a bibliography with one pandoc run; entries in style order.

    `style_xml`, when given, is the style's text to use instead of the file at `style`
    (citeproof passes the style with citation disambiguation switched off).
    """
    if not items:
        return []
    binary = pandoc or find()
    # A bibliography *file* is read straight into citeproc's references; CSL-JSON given as
    # the input document takes a detour through metadata that turns literal dates
    # ("in review", "2010 - 2015") into "n.d.". pandoc picks the reader by the extension.
    with tempfile.TemporaryDirectory(prefix="citeproof-") as folder:
        path = os.path.join(folder, "references.json")
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(list(items), handle, ensure_ascii=False)
        if style_xml is not None:
            style = os.path.join(folder, "style.csl")
            with open(style, "w", encoding="utf-8") as handle:
                handle.write(style_xml)
        return _bibliography(binary, path, style, timeout)


def run_bib(
    bib_path: str, style: str, *, pandoc: Pandoc | None = None, timeout: float = DEFAULT_TIMEOUT
) -> list[Rendered]:
    """Render every entry of a .bib file with pandoc's own BibTeX reader (for benchmarks)."""
    return _bibliography(pandoc or find(), bib_path, style, timeout)


def _bibliography(binary: Pandoc, path: str, style: str, timeout: float) -> list[Rendered]:
    """Run pandoc once over a bibliography file, rendering every entry (`nocite: @*`)."""
    args = [
        binary.path,
        "--from=markdown",
        "--to=json",
        "--citeproc",
        f"--csl={style}",
        f"--bibliography={path}",
    ]
    document = _run(args, _NOCITE_ALL, timeout)
    return list(_entries(document.get("blocks", [])))


def _run(args: list[str], data: bytes, timeout: float) -> dict[str, Any]:
    """Run pandoc once and parse its JSON output; failures become PandocError."""
    try:
        done = subprocess.run(args, input=data, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise PandocError(f"pandoc did not finish within {timeout:g} s") from None
    except OSError as exc:
        raise PandocError(f"cannot run pandoc ({args[0]}): {exc.strerror or exc}") from None
    if done.returncode != 0:
        message = " ".join(done.stderr.decode("utf-8", "replace").split())[:300]
        raise PandocError(f"pandoc failed (exit {done.returncode}): {message}")
    try:
        parsed = json.loads(done.stdout)
    except ValueError as exc:
        raise PandocError(f"pandoc gave unreadable output: {exc}") from None
    if not isinstance(parsed, dict):
        raise PandocError("pandoc gave unexpected output")
    return parsed


def _entries(blocks: list[Any]) -> Any:
    """Yield each `ref-KEY` div of citeproc's bibliography with its inlines."""
    for block in blocks:
        if block.get("t") != "Div":
            continue
        (identifier, classes, _), content = block["c"]
        if "csl-entry" in classes and identifier.startswith("ref-"):
            inlines: list[Any] = []
            for inner in content:
                if inner.get("t") in ("Para", "Plain"):
                    if inlines:
                        inlines.append({"t": "Space"})
                    inlines.extend(inner["c"])
            yield Rendered(identifier[4:], inlines)
        else:
            yield from _entries(content)
