"""Rule selectors as ruff reads them: codes, prefixes, rule names, ALL, comma-separated.

The catalogue decides what a selector may name, so this lives with the rules; the command
line resolves the configured and typed selectors here before a check runs.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from ..config import ALL
from ..errors import ConfigError


def parse_selectors(values: Iterable[str], origin: str = "--select") -> tuple[str, ...]:
    """Turn selectors into code prefixes, as ruff reads them.

    Each value may hold several selectors separated by commas; a selector is a code
    ("CP104"), a code prefix ("CP1"), a rule name ("missing-reference") or ALL. Anything else
    is a ConfigError naming it with the nearest known selector: a typo must never switch the
    check off silently.
    """
    values = list(values)
    if not values:
        return ()  # the catalogue is imported only when there is something to look up
    from . import RULES

    codes = [rule.code for rule in RULES]
    names = {rule.name: rule.code for rule in RULES}
    prefixes: list[str] = []
    for value in values:
        if not isinstance(value, str):
            raise ConfigError(f"{origin}: expected rule codes as strings, got {value!r}")
        for part in value.split(","):
            selector = part.strip()
            if not selector:
                continue
            if selector.upper() == ALL:
                prefixes.append(codes[0][:2])  # every code shares its family letters
            elif selector.lower() in names:
                prefixes.append(names[selector.lower()])
            elif any(code.startswith(selector.upper()) for code in codes):
                prefixes.append(selector.upper())
            else:
                near = difflib.get_close_matches(
                    selector.upper(), codes, n=1, cutoff=0.5
                ) or difflib.get_close_matches(selector.lower(), list(names), n=1, cutoff=0.6)
                hint = f"; did you mean {near[0]!r}?" if near else f"; {_code_ranges(codes)}"
                raise ConfigError(
                    f"{origin}: unknown rule selector {selector!r}{hint} "
                    "(expected a code such as CP104, a prefix such as CP1, a rule name, or ALL)"
                )
    return tuple(prefixes)


def _code_ranges(codes: list[str]) -> str:
    """The catalogue's codes as ranges by family, for a selector nothing resembles."""
    families: dict[str, list[str]] = {}
    for code in codes:
        families.setdefault(code[:3], []).append(code)
    spans = [f"{f[0]}–{f[-1]}" if len(f) > 1 else f[0] for f in families.values()]
    return "the codes are " + ", ".join(spans)
