"""Word lists and tables kept as data, each file headed by what it is for and what earns a
word its place there.

Text files (`*.txt`) hold one entry per line; a line starting with `#` is a comment and blank
lines are skipped. TOML files hold tables. Each file is read once per process (cached).
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources
from typing import Any


def _text(filename: str) -> str:
    return resources.files(__name__).joinpath(filename).read_text(encoding="utf-8")


@functools.cache
def words(name: str) -> frozenset[str]:
    """Return the entries of data/<name>.txt as a set."""
    return frozenset(entries(name))


@functools.cache
def entries(name: str) -> tuple[str, ...]:
    """Return the entries of data/<name>.txt in file order."""
    lines = (line.strip() for line in _text(f"{name}.txt").splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@functools.cache
def table(name: str) -> dict[str, Any]:
    """Return data/<name>.toml parsed (callers copy what they keep, never mutate it)."""
    return tomllib.loads(_text(f"{name}.toml"))


def source(filename: str) -> str:
    """Return the text of data/<filename>, for cache keys that must change with it."""
    return _text(filename)
