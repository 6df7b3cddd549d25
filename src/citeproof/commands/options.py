"""Shared option handling: CLI values override [tool.citeproof]."""

from __future__ import annotations

import os
from typing import Any

from .. import config as config_module


def common_config(
    config_file: str | None,
    *,
    articles: tuple[str, ...] = (),
    bib: str | None = None,
    no_cache: bool = False,
    **options: Any,
) -> config_module.Config:
    """Load the config file (found from the working folder up) and apply CLI options."""
    config = config_module.load(os.getcwd(), config_file)
    changes: dict[str, Any] = {k: v for k, v in options.items() if v not in (None, ())}
    if articles:
        changes["articles"] = tuple(articles)
    if bib:
        changes["bib"] = bib
    if no_cache:
        changes["use_cache"] = False
    if "style" in changes:
        changes["style"] = changes["style"].lower()
    return config.with_options(**changes)
