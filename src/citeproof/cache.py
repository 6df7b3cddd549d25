"""A small on-disk cache of parsed inputs, so an unchanged bib file is not parsed again.

One pickle file per source (named by a hash of its absolute path) holds the key it was built
for and the value; a file built for other bytes, another loader version or another model
layout is simply rebuilt and replaced. Any failure to read or write the cache is silent: the
cache only ever saves time, it never changes a result.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

ENV_VAR = "CITEPROOF_CACHE_DIR"
_FORMAT = f"citeproof-cache-1/py{sys.version_info[0]}.{sys.version_info[1]}"
# What unpickling a damaged, truncated or foreign file can raise.
_UNREADABLE = (
    OSError,
    EOFError,
    pickle.UnpicklingError,
    AttributeError,
    ImportError,
    IndexError,
    TypeError,
    ValueError,
    KeyError,
    MemoryError,
    RecursionError,
)


def directory(override: str | None = None) -> Path:
    """Return the cache directory: `override`, else $CITEPROOF_CACHE_DIR, else the user cache."""
    chosen = override or os.environ.get(ENV_VAR)
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_cache_dir("citeproof"))


def model_signature(*classes: type) -> str:
    """Describe the dataclasses' names and fields, so a changed model invalidates old pickles."""
    return ";".join(
        f"{cls.__qualname__}({','.join(field.name for field in dataclasses.fields(cls))})"
        for cls in classes
    )


def _file(folder: Path, source: str) -> Path:
    """The cache file of one source (an absolute path, say)."""
    name = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()[:40]
    return folder / f"{name}.pickle"


def read(folder: Path, source: str, key: str) -> object | None:
    """Return the value cached for `source` if it was stored under `key`, else None."""
    try:
        with open(_file(folder, source), "rb") as handle:
            stored = pickle.load(handle)
    except _UNREADABLE:
        return None
    if isinstance(stored, tuple) and len(stored) == 3 and stored[0] == _FORMAT and stored[1] == key:
        return stored[2]
    return None


def write(folder: Path, source: str, key: str, value: object) -> None:
    """Store `value` for `source` under `key` atomically (temp file + os.replace); never raise."""
    target = _file(folder, source)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pickle")
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "wb") as handle:
            pickle.dump((_FORMAT, key, value), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, target)
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        with contextlib.suppress(OSError):
            os.unlink(temporary)
