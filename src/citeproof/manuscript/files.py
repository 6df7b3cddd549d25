"""Find the manuscripts in folders: by extension, minus gitignore-style excludes.

`citeproof check DIR` checks every manuscript under DIR. The `exclude` setting holds
gitignore-style patterns: a pattern without "/" matches a file or folder name at any depth
("drafts", "*.old.md"), one with "/" matches the path relative to the folder given
("notes/*.md"), a trailing "/" matches folders only, "**" spans folders, and "!" re-includes;
the last pattern that matches decides, as in git.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from ..errors import InputError
from .docx import DOCX_SUFFIXES
from .latex import LATEX_SUFFIXES

#: Suffixes of the manuscripts a folder is searched for (plain text, Markdown, LaTeX, Word).
MANUSCRIPT_SUFFIXES = frozenset(
    {".txt", ".md", ".markdown", ".qmd", ".rmd", *LATEX_SUFFIXES, *DOCX_SUFFIXES}
)


def expand(paths: Sequence[str], exclude: Sequence[str] = ()) -> list[str]:
    """Return `paths` with each folder replaced by the manuscripts in it, in sorted order.

    Files named explicitly are kept as given (the user chose them); a folder that holds no
    manuscript is an InputError, as a missing file is.
    """
    found: list[str] = []
    for path in paths:
        if not os.path.isdir(path):
            found.append(path)
            continue
        inside = _walk(Path(path), [_Pattern(p) for p in exclude])
        if not inside:
            raise InputError(
                f"{path}: no manuscript in this folder (looked for "
                f"{', '.join(sorted(MANUSCRIPT_SUFFIXES))})"
            )
        found.extend(inside)
    return found


def _walk(root: Path, patterns: list[_Pattern]) -> list[str]:
    found = []
    for folder, folders, files in os.walk(root):
        relative_folder = Path(folder).relative_to(root)
        # Hidden folders (.git, .venv, .cache) hold tool state, never manuscripts.
        folders[:] = sorted(
            name
            for name in folders
            if not name.startswith(".")
            and not _excluded((relative_folder / name).as_posix(), True, patterns)
        )
        for name in sorted(files):
            # "~$paper.docx" is Word's lock file for an open document, not a manuscript.
            if name.startswith(("~$", ".")) or Path(name).suffix.lower() not in MANUSCRIPT_SUFFIXES:
                continue
            if not _excluded((relative_folder / name).as_posix(), False, patterns):
                found.append(str(Path(folder) / name))
    return found


class _Pattern:
    """One gitignore-style line, compiled to a regular expression over relative paths."""

    def __init__(self, line: str) -> None:
        self.negated = line.startswith("!")
        text = line[1:] if self.negated else line
        self.folders_only = text.endswith("/")
        # A "/" at the start or in the middle anchors the pattern to the folder given.
        anchored = "/" in text.rstrip("/")
        body = _translate(text.strip("/"))
        self.regex = re.compile(("" if anchored else r"(?:.*/)?") + body + r"\Z")

    def matches(self, relative: str, is_folder: bool) -> bool:
        return (is_folder or not self.folders_only) and self.regex.match(relative) is not None


def _translate(pattern: str) -> str:
    """A glob to a regex where "*" and "?" stay within one folder and "**" spans folders."""
    out = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            out.append(r"(?:.*/)?")
            index += 3
        elif pattern.startswith("**", index):
            out.append(r".*")
            index += 2
        elif pattern[index] == "*":
            out.append(r"[^/]*")
            index += 1
        elif pattern[index] == "?":
            out.append(r"[^/]")
            index += 1
        elif pattern[index] == "[" and "]" in pattern[index + 2 :]:
            end = pattern.index("]", index + 2)
            inner = pattern[index + 1 : end]
            inner = "^" + inner[1:] if inner.startswith("!") else inner
            out.append(f"[{inner.replace(chr(92), chr(92) * 2)}]")
            index = end + 1
        else:
            out.append(re.escape(pattern[index]))
            index += 1
    return "".join(out)


def _excluded(relative: str, is_folder: bool, patterns: list[_Pattern]) -> bool:
    excluded = False
    for pattern in patterns:
        if pattern.matches(relative, is_folder):
            excluded = not pattern.negated
    return excluded
