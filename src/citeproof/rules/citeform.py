"""How the configured style writes a citation, in one place for every message and suggestion.

A finding that teaches a citation ("write (Smith & Jones, 2019)") must teach the style's own
form: the word joining the last two authors, the comma before it, "et al." only from the
style's threshold (Config.et_al_threshold), and what separates the authors from the year.
Sources: APA 7 ("&" in parentheses, "and" in running text, serial comma); Chicago 17
author-date ("and", no comma before the year); Harvard as Cite Them Right writes it ("and",
no serial comma, a comma before the year). pandoc's citeproc with the same CSL styles
prints these forms.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..config import Config
from ..model import Citation, Entry, Kind

#: The word joining the last two names: (in parentheses, in running text).
JOINER = {"apa": ("&", "and"), "chicago": ("and", "and"), "harvard": ("and", "and")}
#: Whether a comma precedes that word from three names on.
SERIAL_COMMA = {"apa": True, "chicago": True, "harvard": False}
#: What separates the authors from the year inside parentheses.
YEAR_SEPARATOR = {"apa": ", ", "chicago": " ", "harvard": ", "}
#: Styles outside the tables (a CSL style `refs` may use) are written as APA writes them.
FALLBACK = "apa"


def _style(config: Config) -> str:
    return config.style if config.style in JOINER else FALLBACK


def join(names: Sequence[str], config: Config, *, et_al: bool, narrative: bool = False) -> str:
    """Write surnames as the style's citation does: "A", "A & B", "A, B, & C", "A et al."."""
    if et_al or len(names) == 1:
        return f"{names[0]} et al." if et_al else names[0]
    style = _style(config)
    word = JOINER[style][1 if narrative else 0]
    if len(names) == 2:
        return f"{names[0]} {word} {names[1]}"
    comma = "," if SERIAL_COMMA[style] else ""
    return ", ".join(names[:-1]) + f"{comma} {word} {names[-1]}"


def entry_authors(entry: Entry, config: Config, *, narrative: bool = False) -> str | None:
    """The entry's authors as a citation names them ("et al." from the style's threshold);
    None for an entry without authors."""
    names = [name.family for name in entry.names]
    if not names:
        return None
    total = len(names) + (1 if entry.others else 0)
    et_al = entry.others or total >= config.et_al_threshold
    return join(names, config, et_al=et_al, narrative=narrative)


def cite(citation: Citation, authors: str, year: str, config: Config) -> str:
    """Write a citation in the same form (narrative or parenthetical) as `citation`."""
    locator = f", {citation.locator}" if citation.locator else ""
    if citation.kind is Kind.NARRATIVE:
        return f"{authors} ({year}{locator})"
    return f"({authors}{YEAR_SEPARATOR[_style(config)]}{year}{locator})"


def describe(entry: Entry, config: Config) -> str:
    """An entry named as its citation reads inside parentheses: "Smith & Jones, 2019"."""
    authors = entry_authors(entry, config) or entry.fields.get("title", "")[:30]
    return f"{authors}{YEAR_SEPARATOR[_style(config)]}{entry.year}{entry.suffix}"
