"""Online verification: every bib entry checked against Crossref, OpenAlex, doi.org and its links.

This is the only package that imports requests (lazily: importing `citeproof.online` costs
nothing; `verify` loads the HTTP stack). The records live in `results`; rules in
`citeproof.rules.online` turn them into CP5xx diagnostics.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from .results import (
    Candidate,
    EntryVerification,
    LinkResult,
    LinkState,
    Mismatch,
    Notice,
    Outcome,
    Record,
    Verification,
    render_table,
    summary,
)

if TYPE_CHECKING:
    from ..config import Config
    from ..model import Bibliography

__all__ = [
    "Candidate",
    "EntryVerification",
    "LinkResult",
    "LinkState",
    "Mismatch",
    "Notice",
    "Outcome",
    "Record",
    "Verification",
    "render_table",
    "summary",
    "verify",
]


def verify(
    bibliography: Bibliography,
    config: Config,
    keys: Collection[str] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> Verification:
    """Verify the bibliography's entries (only `keys`, if given) online.

    Settings come from `config.online` (see `citeproof.online.settings`), `config.use_cache`
    and `config.cache_dir`. A failed look-up never raises: it becomes a reason in the entry's
    result. `progress(done, total, key)` is called after each entry. Raises ConfigError for
    unusable settings.
    """
    from .engine import run

    return run(bibliography, config, keys, progress)
