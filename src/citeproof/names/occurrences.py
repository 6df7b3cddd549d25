"""Where capitalised words occur: one regex pass over the article (counts, neighbours,
citations, the typed reference list) and the author names and title words of the
bibliography, as the evidence the name-variant grouping weighs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from operator import itemgetter

from ..model import Entry, Name, Span
from .spellings import (
    _APOSTROPHES,
    _HYPHENS,
    _MARKS,
    _POSSESSIVE,
    _WORD,
    Article,
    Evidence,
    Occurrence,
    Source,
    _Regions,
    _surface,
    fold,
    is_foreign,
)

# --------------------------------------------------------------------------- scanning

_OPENERS = frozenset(" \t\u00a0\r\u202f“\"‘'([{*_#>«„•·-–—")
_TERMINAL = frozenset(".!?:;…")


def _sentence_start(text: str, start: int) -> bool:
    """Tell whether a word opens a sentence, a paragraph, a heading or a list item."""
    if start >= 2 and text[start - 1] == " ":
        previous = text[start - 2]
        if previous.isalnum() or previous in ",)”’":
            return False
    index = start - 1
    crossed_line = False
    limit = max(-1, start - 200)
    while index > limit:
        ch = text[index]
        if ch == "\n":
            crossed_line = True
        elif ch not in _OPENERS:
            break
        index -= 1
    if index <= limit:
        return True
    ch = text[index]
    return ch in _TERMINAL or (crossed_line and not (ch.islower() or ch == ","))


def _is_capitalised(word: str) -> bool:
    """A name-shaped word: every hyphen part starts upper-case and has a lower-case letter."""
    for part in word.translate(_ONE_HYPHEN).split("-"):
        head = part[:1]
        if not (head.isupper() or (head in ("0", "1") and part[1:2].islower())):
            return False
        if part == part.upper():  # no lower-case letter: an acronym or a number
            return False
    return True


_ONE_HYPHEN = str.maketrans("\u2010\u2011", "--")


@lru_cache(maxsize=1)
def _capitalised_parts() -> tuple[str, str]:
    """Regex parts of a word that starts upper-case (or with 0/1, for OCR slips as "0rbán").

    Only such words can be names, so the scan never loops in Python over the many
    lower-case words; `re` has no upper-case class, so one is built from the BMP once. The
    look-behind follows the first letter so that `re` can skip ahead by that class.
    """
    upper = "".join(chr(c) for c in range(0x10000) if chr(c).isupper())
    head = rf"[{upper}01](?<![\w{_MARKS}{_HYPHENS}{_APOSTROPHES}].)"
    tail = rf"[\w{_MARKS}]*(?:[{_HYPHENS}{_APOSTROPHES}][\w{_MARKS}]+)*"
    return head, tail


@lru_cache(maxsize=1)
def _capitalised_word() -> re.Pattern[str]:
    return re.compile("".join(_capitalised_parts()))


def _neighbours(text: str, start: int, end: int) -> tuple[str, ...]:
    """Fold the capitalised words right before and after a word (one space between)."""
    found = []
    if start >= 2 and text[start - 1] in " \u00a0":
        before = _capitalised_word_before().search(text, max(0, start - 80), start - 1)
        if before is not None and _is_capitalised(before.group()):
            found.append(fold(before.group()))
    if text[end : end + 1] in (" ", "\u00a0"):
        after = _capitalised_word().match(text, end + 1)
        if (
            after is not None
            and not after.group().endswith(_POSSESSIVE)
            and _is_capitalised(after.group())
        ):
            found.append(fold(after.group()))
    return tuple(found)


@lru_cache(maxsize=1)
def _capitalised_word_before() -> re.Pattern[str]:
    return re.compile(_capitalised_word().pattern + r"\Z")


@lru_cache(maxsize=1)
def _in_context() -> re.Pattern[str]:
    """Match a capitalised word as (word, before, wrapped, after): `before` (or `wrapped`,
    across a CRLF line break) is the character ahead of it when that makes it mid-sentence,
    `after` the capitalised word one space on.

    The optional look-behind sits after the first letter so `re` can still skip ahead by
    the first letter's class; this keeps the pass as fast as a bare word search.
    """
    head, tail = _capitalised_parts()
    # A line break inside a paragraph ("… the method\nHollingdrake devised …") is a space
    # of wrapped text: a word after a lower-case word and a line break is mid-sentence too.
    return re.compile(
        rf"({head}(?:(?<=([\w,)”’])[ \u00a0\n].)|(?<=([\w,)”’])\r\n.))?{tail})"
        rf"(?:(?=[ \u00a0]({head}{tail})))?"
    )


def scan_article(
    text: str, reference_list: Span | None = None, citations: Iterable[tuple[Span, bool]] = ()
) -> Article:
    """Count the article's capitalised words; `citations` are (span, protected) pairs."""
    citations = list(citations)
    body = text
    if reference_list is not None:
        blank = " " * (reference_list.end - reference_list.start)
        body = text[: reference_list.start] + blank + text[reference_list.end :]
    found = _in_context().findall(body)
    counts = Counter(map(itemgetter(0), found))
    mid = frozenset({word for word, before, wrapped, _ in found if before or wrapped})
    pairs = Counter([(word, after) for word, _, _, after in found if after])
    cited_text = "\n".join(text[span.start : span.end] for span, _ in citations)
    cited = frozenset(_capitalised_word().findall(cited_text))
    regions = _Regions(text, citations, reference_list)
    reference = () if reference_list is None else tuple(_reference_occurrences(text, regions))
    return Article(text, counts, mid, pairs, cited, _tokens(text), reference, regions)


def _tokens(text: str) -> frozenset[str]:
    """The whitespace-separated tokens of a text, and the parts of hyphenated ones."""
    tokens = set(text.split())
    tokens.update(part for token in [t for t in tokens if "-" in t] for part in token.split("-"))
    return frozenset(tokens)


def _reference_occurrences(text: str, regions: _Regions) -> Iterator[Occurrence]:
    """The words of the typed reference list: evidence, like the bibliography's."""
    span = regions.reference_list
    assert span is not None
    for match in _capitalised_word().finditer(text, span.start, span.end):
        word, start = match.group(), match.start()
        if word.endswith(_POSSESSIVE):
            word = word[:-2]
        if len(word) > 1 and _is_capitalised(word):
            end = start + len(word)
            yield Occurrence(
                _surface(word),
                Source.REFERENCE_LIST,
                start,
                end,
                "",
                _sentence_start(text, start),
                _neighbours(text, start, end),
                regions.foreign(start),
            )


def _alternation(words: Iterable[str]) -> str:
    """Write a regex that matches any of `words`, as a trie so `re` never tries them in turn."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        if "" in node:
            return f"(?:{'|'.join(branches)})?"
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

    return build(trie)


def scan_bibliography(entries: Iterable[Entry]) -> Evidence:
    """Collect the evidence of a bibliography: author names and the words of titles."""
    occurrences: list[Occurrence] = []
    runs: list[Occurrence] = []
    words: set[str] = set()
    for entry in entries:
        for name in entry.names:
            occurrences.extend(_author_occurrences(name, entry.key))
        for field_name in ("title", "booktitle"):
            title = entry.fields.get(field_name, "")
            if title:
                found = _title_occurrences(title, entry.key, _entry_foreign(entry, title))
                occurrences.extend(o for o in found if " " not in o.form)
                runs.extend(o for o in found if " " in o.form)
                words.update(_tokens(title))
    return Evidence(tuple(occurrences), tuple(runs), frozenset(words))


def _title_occurrences(title: str, key: str, foreign: bool) -> list[Occurrence]:
    """A title's capitalised words, and its runs of two or three of them.

    Neighbours come from the adjacent matches of the same scan (what `_neighbours` finds
    by searching around each word): the bib's titles are the bulk of a large check.
    """
    found: list[Occurrence] = []
    run: list[Occurrence] = []
    previous_end = -10
    matches = list(_capitalised_word().finditer(title))
    groups = [m.group() for m in matches]
    shaped = [_is_capitalised(g) for g in groups]
    last = len(matches) - 1
    for index, match in enumerate(matches):
        word, start = groups[index], match.start()
        possessive = word.endswith(_POSSESSIVE)
        word = word[:-2] if possessive else word
        if len(word) < 2 or not (shaped[index] if not possessive else _is_capitalised(word)):
            run, previous_end = [], -10
            continue
        end = start + len(word)
        neighbours = []
        if (
            index > 0
            and start >= 2
            and title[start - 1] in " \u00a0"
            and matches[index - 1].end() == start - 1
            and shaped[index - 1]
        ):
            neighbours.append(fold(groups[index - 1]))
        if (
            index < last
            and title[end : end + 1] in (" ", "\u00a0")
            and matches[index + 1].start() == end + 1
            and not groups[index + 1].endswith(_POSSESSIVE)
            and shaped[index + 1]
        ):
            neighbours.append(fold(groups[index + 1]))
        occurrence = _title_word(title, word, start, key, foreign, tuple(neighbours))
        found.append(occurrence)
        if not (start - previous_end == 1 and title[previous_end] in " \u00a0"):
            run = []
        run.append(occurrence)
        for size in (2, 3):
            if len(run) >= size:
                found.append(
                    Occurrence(
                        " ".join(o.form for o in run[-size:]),
                        Source.TITLE,
                        key=key,
                        foreign=foreign,
                    )
                )
        previous_end = -10 if possessive else start + len(word)
    return found


def _title_word(
    title: str,
    word: str,
    start: int,
    key: str,
    foreign: bool,
    neighbours: tuple[str, ...] | None = None,
) -> Occurrence:
    return Occurrence(
        _surface(word),
        Source.TITLE,
        key=key,
        foreign=foreign,
        sentence_start=start == 0 or _sentence_start(title, start),
        neighbours=(
            neighbours if neighbours is not None else _neighbours(title, start, start + len(word))
        ),
    )


def _entry_foreign(entry: Entry, title: str) -> bool:
    language = (entry.fields.get("langid") or entry.fields.get("language") or "").casefold()
    if language:
        return not language.startswith(("en", "american", "british", "australian", "canadian"))
    return is_foreign(title)


def _author_occurrences(name: Name, key: str) -> Iterator[Occurrence]:
    """An author's family name, whole and word by word, with the given names as neighbours.

    Given names are not evidence of their own: "Bárbara" the author says nothing about
    "Santa Barbara" in the text.
    """
    given = _given_keys(name.first)
    for form in family_forms(name.last):
        yield Occurrence(form, Source.AUTHOR, key=key, neighbours=given)


@lru_cache(maxsize=1 << 16)
def _given_keys(first: str) -> tuple[str, ...]:
    """The folded given names that stand beside an author's family name (one parse per
    distinct given name: a large bib repeats them)."""
    return tuple(fold(w) for w in _WORD.findall(first) if len(fold(w)) > 1 and _is_capitalised(w))


@lru_cache(maxsize=1 << 16)
def family_forms(last: str) -> tuple[str, ...]:
    """The spellings a family name gives as evidence: its capitalised words, and the whole
    name when it is made of several ("Berners Lee")."""
    family = [w for w in _WORD.findall(last) if _is_capitalised(w)]
    forms = [_surface(word) for word in family]
    if len(family) > 1 and " ".join(family) == " ".join(last.split()):
        forms.append(_surface(" ".join(family)))
    return tuple(forms)
