"""The rule catalogue: one RULES tuple, ordered by code; selection by code prefix.

Rules are grouped by what they iterate over: citations against entries (CP1xx), the
bibliography (CP2xx), document consistency (CP3xx), reference lists (CP4xx), online
verification (CP5xx).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..model import Diagnostic
from .base import Example, Rule
from .bibliography import RULES as _BIBLIOGRAPHY
from .citations import RULES as _CITATIONS
from .context import Context, DocumentCheck
from .names import RULES as _NAMES
from .online import RULES as _ONLINE
from .reference_list import RULES as _REFLIST
from .style import RULES as _STYLE
from .suppression import RULES as _SUPPRESSION
from .suppression import configured, suppress

RULES: tuple[Rule, ...] = tuple(
    sorted(
        (*_CITATIONS, *_STYLE, *_BIBLIOGRAPHY, *_ONLINE, *_NAMES, *_REFLIST, *_SUPPRESSION),
        key=lambda rule: rule.code,
    )
)

__all__ = ["RULES", "Context", "DocumentCheck", "Example", "Rule", "by_code", "is_selected", "run"]


def by_code() -> dict[str, Rule]:
    return {rule.code: rule for rule in RULES}


def is_selected(
    code: str, select: Sequence[str], ignore: Sequence[str], default: bool = True
) -> bool:
    """Decide whether `code` runs: the longest matching prefix of --select/--ignore wins."""
    best_select = max((len(p) for p in select if code.startswith(p.upper())), default=-1)
    best_ignore = max((len(p) for p in ignore if code.startswith(p.upper())), default=-1)
    if best_select < 0 and best_ignore < 0:
        return default and not select
    return best_select > best_ignore


def run(context: Context, rules: Iterable[Rule] = RULES) -> list[Diagnostic]:
    """Run every selected rule over the context and return the diagnostics sorted by place.

    Findings silenced by an inline `citeproof: ignore` comment are dropped; the rules that
    judge findings (unused suppressions) run last, over everything the others found; then
    the config's per-file-ignores and severity overrides apply.
    """
    config = context.config
    found: list[Diagnostic] = []
    judges = []
    for rule in rules:
        if rule.check is None:
            continue
        if not is_selected(rule.code, config.select, config.ignore, rule.default_enabled):
            continue
        if rule.judges_findings:
            judges.append(rule)
            continue
        found.extend(rule.check(context))
    kept = suppress(context, found)
    if judges:
        judged = replace(context, findings=tuple(found))
        for rule in judges:
            kept.extend(rule.check(judged))  # type: ignore[misc]
    found = configured(context, kept)
    found.sort(key=Diagnostic.sort_key)
    return found
