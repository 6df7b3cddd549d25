"""Year-suffix letters (2024a, 2024b…): one assignment used by the check and the reference list.

Works by the same authors in the same year are told apart by a letter. A letter the source
pins (`year = {2024a}`) decides which work it means; the others get the remaining letters
in the style's order: by title, ignoring a leading article (APA, Chicago and Harvard, as
pandoc's citeproc does), or by date for houses that letter by date.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

from ..model import Entry
from ..names.fold import key as name_key
from ..names.fold import strip_marks

_LEADING_ARTICLE = re.compile(r"^(?:the|an|a)\s+", re.IGNORECASE)
_LEADING_MARKS = re.compile(r"^[\W_]+")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_MONTHS = {
    name: index
    for index, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}


def author_year_key(entry: Entry) -> tuple[tuple[str, ...], str]:
    """The group an entry's letter is unique within: its full author list and its year."""
    return tuple(name_key(n.family) for n in entry.names) + (
        ("others",) if entry.others else ()
    ), entry.year


def title_sort_key(entry: Entry) -> str:
    """Sort by title as the styles do: case, marks and a leading A/An/The ignored."""
    title = _LEADING_MARKS.sub("", strip_marks(entry.title))
    return _LEADING_ARTICLE.sub("", title).casefold()


def date_sort_key(entry: Entry) -> tuple[int, int, str]:
    """Sort by month and day of publication within the year, then by title."""
    fields = entry.fields
    month, day = 0, 0
    date = fields.get("date", "")
    match = re.match(r"\d{4}-(\d{1,2})(?:-(\d{1,2}))?", date)
    if match:
        month, day = int(match.group(1)), int(match.group(2) or 0)
    else:
        raw_month = fields.get("month", "").strip().casefold()
        month = int(raw_month) if raw_month.isdigit() else _MONTHS.get(raw_month[:3], 0)
        raw_day = fields.get("day", "").strip()
        day = int(raw_day) if raw_day.isdigit() else 0
    return month, day, title_sort_key(entry)


def assign(entries: Iterable[Entry], order: str = "title") -> Mapping[str, str]:
    """Return entry key → year letter for every entry that shares authors and year with
    another, or whose letter the source pins. Pinned letters are kept; the rest fill the
    unused letters in `order` ("title" or "date")."""
    groups: dict[tuple, list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry.names or entry.suffix:
            # A work without author or editor is cited by its title: no letter tells it apart.
            groups[author_year_key(entry)].append(entry)
    sort_key = date_sort_key if order == "date" else title_sort_key
    letters: dict[str, str] = {}
    for members in groups.values():
        pinned = {e.key: e.suffix for e in members if e.suffix}
        if len(members) < 2:
            letters.update(pinned)
            continue
        letters.update(pinned)
        free = iter(letter for letter in _LETTERS if letter not in pinned.values())
        for entry in sorted((e for e in members if not e.suffix), key=sort_key):
            letters[entry.key] = next(free, "")
    return letters


def expected(entries: Iterable[Entry], order: str = "title") -> Mapping[str, str]:
    """Return the letters the style's rule alone would give (pins ignored), for CP407."""
    unpinned = [_without_suffix(e) for e in entries]
    return assign(unpinned, order)


def _without_suffix(entry: Entry) -> Entry:
    from dataclasses import replace

    return replace(entry, suffix="")
