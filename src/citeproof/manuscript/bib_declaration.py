"""Find the bibliography a manuscript names for itself, for a check run without `--bib`.

LaTeX declares it with `\\bibliography{refs}` (BibTeX adds ".bib") or biblatex's
`\\addbibresource{refs.bib}`; pandoc Markdown with `bibliography:` in its YAML front matter
(a string or a list). Paths are as written, relative to the manuscript's folder.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model import Document
from .latex import LATEX_SUFFIXES

_LATEX = re.compile(r"\\(?:bibliography|addbibresource)\s*(?:\[[^\]]*\])?\{([^{}]+)\}")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_YAML_KEY = re.compile(r"^bibliography:[ \t]*(.*)$", re.M)
_YAML_ITEM = re.compile(r"^[ \t]+-[ \t]+(.+)$")


def declared(document: Document) -> list[str]:
    """Return the bib paths `document` declares, resolved against its folder, in order."""
    suffix = Path(document.path).suffix.lower()
    names = _latex(document.masked) if suffix in LATEX_SUFFIXES else _front_matter(document.text)
    folder = Path(document.path).parent
    return [str(folder / name) for name in names]


def _latex(masked: str) -> list[str]:
    found = []
    for match in _LATEX.finditer(masked):
        for name in match.group(1).split(","):
            name = name.strip()
            if name:  # BibTeX's \bibliography names files without their extension
                found.append(name if name.lower().endswith(".bib") else name + ".bib")
    return found


def _front_matter(text: str) -> list[str]:
    block = _FRONT_MATTER.match(text)
    if block is None:
        return []
    lines = block.group(1).split("\n")
    for index, line in enumerate(lines):
        key = _YAML_KEY.match(line)
        if key is None:
            continue
        value = key.group(1).strip()
        if value.startswith("[") and value.endswith("]"):
            return [_unquote(v) for v in value[1:-1].split(",") if v.strip()]
        if value:
            return [_unquote(value)]
        items = []
        for following in lines[index + 1 :]:
            item = _YAML_ITEM.match(following)
            if item is None:
                break
            items.append(_unquote(item.group(1)))
        return items
    return []


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value
