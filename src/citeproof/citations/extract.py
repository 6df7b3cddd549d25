"""Find author-year citations in an article: "(Smith et al., 2020; Lee 2019a)", "Smith (2020)".

The scan is driven by years: one pass over the masked text finds brackets, paragraph breaks
and year-like tokens ("2020", "2019a", "2010 - 2015", "n.d.", "in press"), pairing brackets
with a stack. Each bracket group that directly holds a year is then parsed on its own: a
group that starts with the year is a narrative citation whose names precede the bracket; any
other group is a parenthetical group whose works are found by reading tokens backwards from
each year, lazily and within a bounded window. Everything is linear in the text, so a long
article or a pathological line costs little.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from ..manuscript.markdown import blank_urls
from ..manuscript.reference_section import find_reference_list
from ..model import Citation, Document, Kind, Span
from .author_names import (
    _WINDOW,
    _Lexicon,
    _Names,
    _names_before,
    _names_in,
)

_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_SEGMENT_LIMIT = 300
_NEXT_WORK_LIMIT = 80
_UNCLOSED_LIMIT = 300
_SPACE = r"[ \t\u00a0\u202f]"
# Space that may wrap onto the next line, but never across a paragraph break.
_GAP = rf"(?:{_SPACE}*\r?\n{_SPACE}*|{_SPACE}+)"
# Separate simple patterns scan much faster than one alternation; each leads with digits or a
# literal so the regex engine can skip ahead, and the look-behinds sit after the match.
# Brackets and paragraph breaks end groups; two scans (merged by the sort that follows)
# run faster than one alternation, and never meet: a break holds no bracket.
_BRACKETS = (re.compile(r"[()\[\]]"), re.compile(rf"\n{_SPACE}*\n"))
_NUMERIC_YEAR = re.compile(
    rf"""
    (?P<year>{_YEAR})(?<![\w/.\-–—]....)
    (?:(?P<rsep>{_SPACE}?[-–—]{_SPACE}?)(?P<year2>{_YEAR})|(?P<ongoing>-{{1,2}}|[–—])(?=\s*[)\];,]))?
    (?P<suffix>[a-rt-z](?!\w))?
    (?!\w|[.,/][0-9]|[-–—][0-9])
    """,
    re.X,
)
_FIVE_DIGIT_YEAR = re.compile(r"(?P<bad>(?:19|20)\d{3})(?<![\w/.\-].....)(?!\w|[.,/][0-9])")
# "n.d.-a" (APA, Chicago) and "n.d.a" (Harvard) letter undated works alike.
# A year of three digits, "(Jurić, 197)": only the first three digits of a plausible year,
# and only where a work ends (a bracket or a semicolon follows), so counts and pages in
# prose ("(n = 197 plots)") are not read; the citation is kept only when an entry by the
# named authors bears it out (tentative).
_THREE_DIGIT_YEAR = re.compile(
    r"(?P<bad>1[5-9]\d|20\d)(?<![\w/.,\-–—]...)(?!\w|[.,/\-–—]\d)(?=[ \t]*[)\];])"
)
_NO_DATE = re.compile(rf"(?P<nd>n\.{_SPACE}?d\.)(?<![\w.]....)(?:-?(?P<ndsuffix>[a-z])(?!\w))?")
# A lettered year's further letters written alone, "2020a, b" (APA 8.19, Harvard): a letter
# counts only when it continues a lettered year in alphabetical order and the work ends
# right after it, so "(Lund, 2020a, a review)" stays prose.
_SHORT_LETTER = re.compile(rf",{_SPACE}*(?P<letter>[a-z])(?=\s*[,;)\]])")
# A republished work: "1776/1976" (APA), "[1776] 1976" (Chicago), "1976 [1776]" (Harvard).
# The bracketed or slashed-off year is the original; it must precede the edition's year.
_REPUBLISHED = re.compile(
    rf"""
    (?<![\w/.\-–—])
    (?:(?P<a_orig>{_YEAR})/(?P<a_year>{_YEAR})
      |\[(?P<c_orig>{_YEAR})\]{_GAP}(?P<c_year>{_YEAR})
      |(?P<h_year>{_YEAR}){_GAP}\[(?P<h_orig>{_YEAR})\])
    (?P<suffix>[a-z](?!\w))?
    (?!\w|[.,/][0-9]|[-–—][0-9])
    """,
    re.X,
)
# Words that stand for a year ("in press", "forthcoming"), found by a literal search each.
_YEAR_WORDS = ("press", "review", "preparation", "orthcoming")
_WORD_CHAR = re.compile(r"\w")
_WORD_YEAR_HEAD = re.compile(rf"(?:(?<![\w.])[Ii]n{_GAP}|(?<![\w.])[Ff])\Z")
_LOCATOR = re.compile(
    rf"""
    (?P<sep>{_SPACE}*[,:]\s*|\s+)
    (?P<loc>
      (?:(?P<kw>(?:pp?|pg|sec|secs|ch|chap|chaps|chs|fig|figs|para|paras|vol|vols|no|nos|fn|nn?
                  |eq|eqs|tab|col|cols|ll?|art|app|suppl)\.
              |(?:pages?|sections?|chapters?|tables?|figures?|appendix|equations?|notes?|lines?
                  |part|volume|paragraphs?)(?=\s)
              |§§?)
         \s*)?
      (?P<num>\d+[a-z]?(?:[.\-–—:]\d+[a-z]?)*|[ivxl]+(?![\w]))
      (?:{_SPACE}*(?:,|and|&){_SPACE}*\d{{1,4}}(?:[\-–—]\d+)?(?![\w.,]\d))*
      (?:{_SPACE}*f{{1,2}}\.)?
    )
    """,
    re.X | re.I,
)
# Inline emphasis around words of a citation: Markdown's "*", "_", "**", "__" where they open
# or close a run (not inside a word, as in snake_case, nor standing alone, as a bullet or a
# product sign), and the HTML emphasis tags.
_MARKUP = re.compile(
    r"</?(?:i|em|b|strong)>"
    r"|(?<![\w*_])[*_]{1,3}(?=[^\W_]|\()"
    r"|(?<=[^\W_]|[.,)])[*_]{1,3}(?![\w*_])"
)
_ITEM_SEPARATOR = re.compile(r"\s*[,;]\s*")
_COLLAPSE_SEPARATOR = re.compile(r"\s*,\s*")
_WHITESPACE = re.compile(r"\s+")
_SENTENCE_MARK = re.compile(r"[.!?](?=\s)|\n")
_RUNS_ON = re.compile(r"[ \t]+[a-z]")


@dataclass(slots=True)
class _Year:
    """A year-like token: its span (suffix included) and how it reads."""

    start: int
    end: int
    year: str
    suffix: str
    malformed: str | None = None
    usable: bool = True
    original: str = ""
    tentative: bool = False


@dataclass(slots=True)
class _Group:
    """A bracket group and the year tokens directly inside it."""

    open: int
    char: str
    close: int | None = None
    limit: int = 0
    years: list[_Year] = field(default_factory=list)


@dataclass(slots=True)
class _Work:
    """One parsed work while its group is being read."""

    start: int
    end: int
    names: _Names
    year: _Year
    locator: str
    prefix: str
    collapsed: bool = False
    malformed: str | None = None
    tentative: bool = False


def find_citations(document: Document, reference_list: Span | bool | None = True) -> list[Citation]:
    """Return every author-year citation outside the reference list, in text order.

    `reference_list` is the list's span when the caller found it already (None: the
    article has none); by default it is looked for here.
    """
    text = document.text
    # Markdown masking already blanked URLs; plain text gets the same treatment here.
    masked = blank_urls(document.masked) if document.masked is document.text else document.masked
    if reference_list is True:
        reference_list = find_reference_list(document)
    if isinstance(reference_list, Span):
        masked = (
            masked[: reference_list.start]
            + _blank(masked[reference_list.start : reference_list.end])
            + masked[reference_list.end :]
        )
    original = text
    masked, text, shifts = _strip_markup(masked, text)
    groups, empty_groups = _scan(masked, text)
    lexicon = _Lexicon(masked)
    citations: list[Citation] = []
    for group in groups:
        citations.extend(_read_group(masked, text, group, lexicon))
    for group in empty_groups:
        citations.extend(_read_missing_year(masked, text, group, lexicon))
    if shifts:
        citations = [_in_original(citation, original, shifts) for citation in citations]
    citations.sort(key=lambda citation: (citation.span.start, citation.span.end))
    return citations


def _strip_markup(masked: str, text: str) -> tuple[str, str, list[tuple[int, int]]]:
    """Remove inline emphasis markers ("*et al.*", "**Smith**", "<i>et al.</i>") so that a
    marked-up citation reads as a plain one; return the texts and, for each removed run,
    (offset in the stripped text where it was, characters removed so far)."""
    if "*" not in masked and "_" not in masked and "<" not in masked:
        return masked, text, []
    shifts: list[tuple[int, int]] = []
    kept_masked: list[str] = []
    kept_text: list[str] = []
    position = removed = 0
    for match in _MARKUP.finditer(masked):
        kept_masked.append(masked[position : match.start()])
        kept_text.append(text[position : match.start()])
        removed += match.end() - match.start()
        shifts.append((match.end() - removed, removed))
        position = match.end()
    if not shifts:
        return masked, text, []
    kept_masked.append(masked[position:])
    kept_text.append(text[position:])
    return "".join(kept_masked), "".join(kept_text), shifts


def _original_offset(offset: int, shifts: list[tuple[int, int]], end: bool = False) -> int:
    """Map an offset of the stripped text back to the original (an end stays before the
    markers that follow it, a start after the markers that precede it)."""
    if end and offset > 0:
        return _original_offset(offset - 1, shifts) + 1
    index = bisect.bisect_right(shifts, offset, key=lambda shift: shift[0]) - 1
    return offset + (shifts[index][1] if index >= 0 else 0)


def _in_original(citation: Citation, text: str, shifts: list[tuple[int, int]]) -> Citation:
    span = Span(
        _original_offset(citation.span.start, shifts),
        _original_offset(citation.span.end, shifts, end=True),
    )
    group = citation.group
    if group is not None:
        group = Span(
            _original_offset(group.start, shifts), _original_offset(group.end, shifts, end=True)
        )
    return replace(citation, span=span, text=text[span.start : span.end], group=group)


def _blank(segment: str) -> str:
    return "".join(ch if ch == "\n" else " " for ch in segment)


def _scan(masked: str, text: str) -> tuple[list[_Group], list[_Group]]:
    """Pair brackets and attach each year token to its innermost group (one linear pass)."""
    years = _years(masked)
    # The brackets of "[1776] 1976" belong to the year token, not to the group structure.
    inside = {offset for year in years if year.original for offset in range(year.start, year.end)}
    events: list[tuple[int, int, _Year | None]] = [
        (match.start(), 0, None)
        for pattern in _BRACKETS
        for match in pattern.finditer(masked)
        if match.start() not in inside
    ]
    events.extend((year.start, 1, year) for year in years)
    events.sort(key=lambda event: event[0])
    stack: list[_Group] = []
    with_years: list[_Group] = []
    trailing_comma: list[_Group] = []
    loose: _Year | None = None  # the last year outside every bracket
    boundary = 0  # the last bracket or paragraph break
    for start, _, year in events:
        if year is not None:
            if stack:
                group = stack[-1]
                if not group.years:
                    with_years.append(group)
                group.years.append(year)
            else:
                loose = year
            continue
        char = masked[start]
        # "Okafor, 2019)": a closing bracket right after a year, none open before it, is a
        # citation whose "(" is missing (kept only if an entry bears it out).
        if (
            char == ")"
            and not stack
            and loose is not None
            and loose.start > boundary
            and not masked[loose.end : start].strip()
        ):
            with_years.append(
                _Group(open=boundary, char="", close=start, limit=start, years=[loose])
            )
        boundary = start
        if char in "([":
            stack.append(_Group(open=start, char=char))
        elif char in ")]":
            opener = "(" if char == ")" else "["
            for depth in range(len(stack) - 1, max(len(stack) - 4, -1), -1):
                if stack[depth].char == opener:
                    for unclosed in stack[depth + 1 :]:
                        unclosed.limit = start
                    group = stack[depth]
                    group.close = start
                    del stack[depth:]
                    if not group.years and _ends_with_comma(masked, text, group.open, start):
                        trailing_comma.append(group)
                    break
        else:
            for unclosed in stack:
                unclosed.limit = start
            stack.clear()
    for unclosed in stack:
        unclosed.limit = len(masked)
    return with_years, trailing_comma


def _years(masked: str) -> list[_Year]:
    """Find every year-like token: 2020, 2019a, 2010 - 2015, 2001--, n.d., in press, 20201,
    1776/1976, [1776] 1976, and the short letters of "2020a, b"."""
    republished = _republished(masked)
    found = [_numeric_year(match) for match in _NUMERIC_YEAR.finditer(masked)]
    if republished:
        inside = {offset for token in republished for offset in range(token.start, token.end)}
        found = [year for year in found if year.start not in inside] + republished
    found.extend(_short_letters(masked, found))
    found.extend(
        _Year(match.start(), match.end(), match.group(), "", malformed="year has five digits")
        for match in _FIVE_DIGIT_YEAR.finditer(masked)
    )
    found.extend(
        _Year(
            match.start(),
            match.end(),
            match.group(),
            "",
            malformed="year has three digits",
            tentative=True,
        )
        for match in _THREE_DIGIT_YEAR.finditer(masked)
    )
    if "n." in masked:
        found.extend(
            _Year(match.start(), match.end(), "n.d.", match.group("ndsuffix") or "")
            for match in _NO_DATE.finditer(masked)
        )
    for word_start, word_end, word in _year_words(masked):
        head = _WORD_YEAR_HEAD.search(masked, max(0, word_start - 8), word_start)
        if head is None or (head.group().endswith(("F", "f")) != (word == "orthcoming")):
            continue
        start = head.start()
        written = _WHITESPACE.sub(" ", masked[start:word_end])
        found.append(_Year(start, word_end, written, ""))
    return found


def _year_words(masked: str) -> list[tuple[int, int, str]]:
    """Every (start, end, word) where a word of `_YEAR_WORDS` ends a word, in text order.

    One fast literal search per word instead of a regex alternation that stops at every
    "p", "r" and "o" of the text. Two such matches never overlap (each ends a word and
    holds only letters), so the union, sorted, is what a single scan would find.
    """
    found = []
    for word in _YEAR_WORDS:
        start = masked.find(word)
        while start != -1:
            end = start + len(word)
            if not _WORD_CHAR.match(masked, end):
                found.append((start, end, word))
            start = masked.find(word, start + 1)
    found.sort()
    return found


def _republished(masked: str) -> list[_Year]:
    """Find republished works' years; the original must come before the edition."""
    if "/" not in masked and "[" not in masked:
        return []
    found = []
    for match in _REPUBLISHED.finditer(masked):
        kind = "a" if match.group("a_year") else "c" if match.group("c_year") else "h"
        year, original = match.group(f"{kind}_year"), match.group(f"{kind}_orig")
        if int(original) < int(year):
            found.append(
                _Year(
                    match.start(), match.end(), year, match.group("suffix") or "", original=original
                )
            )
    return found


def _short_letters(masked: str, years: list[_Year]) -> list[_Year]:
    """Read "2020a, b, c": each further letter is another work of the same year."""
    found = []
    for year in years:
        previous = year
        while previous.suffix and year.year[:1].isdigit():
            match = _SHORT_LETTER.match(masked, previous.end)
            if match is None or match.group("letter") <= previous.suffix:
                break
            previous = _Year(
                match.start("letter"),
                match.end("letter"),
                year.year,
                match.group("letter"),
                original=year.original,
            )
            found.append(previous)
    return found


def _ends_with_comma(masked: str, text: str, open_: int, close: int) -> bool:
    """Tell whether a group's text ends with a comma before its bracket: "(Smith, )"."""
    index = close - 1
    while index > open_ and index > close - 40 and masked[index].isspace():
        index -= 1
    return (
        index > open_
        and masked[index] == ","
        and text[index] == ","
        and (text[index + 1 : close].isspace() or index + 1 == close)
    )


def _numeric_year(match: re.Match[str]) -> _Year:
    """Describe a numeric year token: its text, suffix letter, and whether it is plausible."""
    year = match.group("year")
    usable = True
    if match.group("year2"):
        span = int(match.group("year2")) - int(year)
        usable = 0 < span <= 20  # longer ranges are life dates or periods, not works
        separator = match.group("rsep").replace("\u00a0", " ").replace("\u202f", " ")
        year = f"{year}{separator}{match.group('year2')}"
    elif match.group("ongoing"):
        year += match.group("ongoing")
    return _Year(match.start(), match.end(), year, match.group("suffix") or "", usable=usable)


def _unclosed_end(masked: str, group: _Group) -> int:
    """End an unclosed group at its sentence's end, a line break, or a length limit."""
    limit = min(group.limit, group.open + _UNCLOSED_LIMIT)
    for match in _SENTENCE_MARK.finditer(masked, group.open + 1, limit):
        if match.group() == "\n":
            return match.start()
        word = masked[max(group.open, match.start() - 6) : match.start()].split()
        last = word[-1] if word else ""
        if last.endswith(("al", "e.g", "i.e", "cf", "pp", "p", "n.d", "vs", "ed", "eds", "no")):
            continue
        if len(last) == 1 and last.isupper():
            continue  # an initial
        return match.start()
    return limit


def _read_group(masked: str, text: str, group: _Group, lexicon: _Lexicon) -> list[Citation]:
    """Turn one bracket group that holds years into citations."""
    if not group.char:
        return _read_unopened(masked, text, group, lexicon)
    content_end = group.close if group.close is not None else _unclosed_end(masked, group)
    years = [year for year in group.years if year.end <= content_end]
    if not years:
        return []
    first = years[0]
    if (
        group.char == "("
        and first.start - group.open <= 8
        and (not masked[group.open + 1 : first.start].strip())
    ):
        narrative = _read_narrative(masked, text, group, years, content_end, lexicon)
        if narrative is not None:
            return narrative
    return _read_parenthetical(masked, text, group, years, content_end, lexicon)


def _read_narrative(
    masked: str, text: str, group: _Group, years: list[_Year], content_end: int, lexicon: _Lexicon
) -> list[Citation] | None:
    """Read "Smith et al. (2020, p. 4)"; None when the group is not a bare year list."""
    items = [years[0]]
    position = years[0].end
    for year in years[1:]:
        if not _ITEM_SEPARATOR.fullmatch(masked, position, year.start):
            break
        items.append(year)
        position = year.end
    locator, malformed, after = _locator(masked, position, content_end)
    # "Okafor (2019 argued that…": a bracket never closed, its sentence running on in lower
    # case right after the year, is a narrative citation missing its ")".
    runs_on = group.close is None and _RUNS_ON.match(masked, after, content_end)
    if (content_end - after > 8 or masked[after:content_end].strip()) and not runs_on:
        return None
    if not all(item.usable for item in items):
        return []
    names = _names_before(masked, group.open, lexicon)
    if names is None:
        return []
    closed = group.close is not None
    end = group.close + 1 if group.close is not None else after
    reason = items[0].malformed or malformed or (None if closed else "unclosed parenthesis")
    span = Span(names.start, end)
    citations = [
        Citation(
            span=span,
            text=text[span.start : span.end],
            kind=Kind.NARRATIVE,
            authors=names.authors,
            et_al=names.et_al,
            year=items[0].year,
            suffix=items[0].suffix,
            original_year=items[0].original,
            group=span,
            locator=locator if len(items) == 1 else "",
            possessive=names.possessive,
            malformed=reason,
            tentative=items[0].tentative,
        )
    ]
    for index, item in enumerate(items[1:], start=2):
        last = index == len(items)
        item_end = after if last and locator else item.end
        citations.append(
            Citation(
                span=Span(item.start, item_end),
                text=text[item.start : item_end],
                kind=Kind.NARRATIVE,
                authors=names.authors,
                et_al=names.et_al,
                year=item.year,
                suffix=item.suffix,
                original_year=item.original,
                group=span,
                locator=locator if last else "",
                possessive=names.possessive,
                collapsed=True,
                malformed=item.malformed or (malformed if last else None),
            )
        )
    return citations


def _read_parenthetical(
    masked: str, text: str, group: _Group, years: list[_Year], content_end: int, lexicon: _Lexicon
) -> list[Citation]:
    """Read each work of "(see Smith, 2020; Lee & Kim 2019a, 2019b, p. 4)"."""
    works: list[_Work] = []
    content_start = group.open + 1
    for position, year in enumerate(years):
        following = years[position + 1].start if position + 1 < len(years) else None
        previous = works[-1] if works else None
        lower = previous.end if previous is not None else content_start
        if year.start < lower:
            continue
        if previous is not None and _COLLAPSE_SEPARATOR.fullmatch(masked, previous.end, year.start):
            locator, malformed, end = _locator(masked, year.end, content_end)
            if year.usable and _follows_well(masked, end, content_end, following):
                works.append(
                    _Work(
                        year.start,
                        end,
                        previous.names,
                        year,
                        locator,
                        "",
                        collapsed=True,
                        malformed=year.malformed or malformed,
                    )
                )
            continue
        segment_start = _segment_start(masked, lower, year.start)
        names = _names_in(masked, segment_start, year.start, lexicon)
        reason: str | None = None
        tentative = year.tentative
        if names is None:
            names = _semicolon_names(masked, segment_start, year.start, lower, lexicon)
            reason = "semicolon between author and year"
        if names is None:
            found = _period_names(masked, segment_start, year.start, lexicon)
            if found is None:
                continue
            names, reason = found
            tentative = True
        if not year.usable:
            continue
        locator, malformed, end = _locator(masked, year.end, content_end)
        if not _follows_well(masked, end, content_end, following):
            continue
        prefix = _WHITESPACE.sub(" ", masked[segment_start : names.start]).strip()
        if reason is not None:
            prefix = ""
        elif previous is not None and segment_start == previous.end and prefix in ("", ","):
            prefix = ""  # "(Smith 2020, Jones 2021)": works must be separated by semicolons
            reason = "works not separated by a semicolon"
        works.append(
            _Work(
                names.start,
                end,
                names,
                year,
                locator,
                prefix,
                malformed=reason or year.malformed or malformed,
                tentative=tentative,
            )
        )
    if not works:
        return []
    closed = group.close is not None
    group_span = Span(group.open, group.close + 1 if group.close is not None else works[-1].end)
    citations = []
    for work in works:
        reason = work.malformed
        if reason is None and not closed:
            reason = "unclosed parenthesis" if group.char == "(" else "unclosed bracket"
        citations.append(
            Citation(
                span=Span(work.start, work.end),
                text=text[work.start : work.end],
                kind=Kind.PARENTHETICAL,
                authors=work.names.authors,
                et_al=work.names.et_al,
                year=work.year.year,
                suffix=work.year.suffix,
                original_year=work.year.original,
                group=group_span,
                prefix=work.prefix,
                locator=work.locator,
                collapsed=work.collapsed,
                malformed=reason,
                tentative=work.names.tentative or work.tentative,
            )
        )
    return citations


def _read_unopened(masked: str, text: str, group: _Group, lexicon: _Lexicon) -> list[Citation]:
    """Read "Okafor, 2019)": names then a year then a ")" that nothing opened."""
    assert group.close is not None
    year = group.years[0]
    if not year.usable:
        return []
    lower = max(group.open, year.start - _WINDOW)
    names = _names_in(masked, lower, year.start, lexicon)
    if names is None:
        return []
    span = Span(names.start, year.end)
    return [
        Citation(
            span=span,
            text=text[span.start : span.end],
            kind=Kind.PARENTHETICAL,
            authors=names.authors,
            et_al=names.et_al,
            year=year.year,
            suffix=year.suffix,
            group=Span(names.start, group.close + 1),
            malformed=year.malformed or "closing parenthesis without an opening one",
            tentative=True,
            original_year=year.original,
        )
    ]


def _read_missing_year(masked: str, text: str, group: _Group, lexicon: _Lexicon) -> list[Citation]:
    """Report "(Smith, )": a name list and a comma, then the bracket closes."""
    assert group.close is not None
    if group.close - group.open > _WINDOW:
        return []
    comma = masked.rindex(",", group.open, group.close)
    names = _names_in(masked, group.open + 1, comma + 1, lexicon)
    if names is None or masked[group.open + 1 : names.start].strip():
        return []
    span = Span(names.start, comma + 1)
    return [
        Citation(
            span=span,
            text=text[span.start : span.end],
            kind=Kind.PARENTHETICAL,
            authors=names.authors,
            et_al=names.et_al,
            year="",
            group=Span(group.open, group.close + 1),
            malformed="missing year",
        )
    ]


def _segment_start(masked: str, lower: int, year_start: int) -> int:
    """Return where this work's segment starts: after the last top-level ';' or at `lower`."""
    lower = max(lower, year_start - _SEGMENT_LIMIT)  # a bound keeps long groups linear
    semicolon = masked.rfind(";", lower, year_start)
    if semicolon == -1:
        return lower
    if (
        masked.rfind(")", semicolon, year_start) == -1
        and masked.rfind("]", semicolon, year_start) == -1
    ):
        return semicolon + 1
    depth = 0  # a nested group follows the semicolon, which may sit inside it
    for index in range(year_start - 1, lower - 1, -1):
        char = masked[index]
        if char in ")]":
            depth += 1
        elif char in "([":
            depth -= 1
        elif char == ";" and depth == 0:
            return index + 1
    return lower


def _semicolon_names(
    masked: str, segment_start: int, year_start: int, lower: int, lexicon: _Lexicon
) -> _Names | None:
    """Recover "(Nazar; 2024)": names, a semicolon, then the year with nothing between."""
    if segment_start <= lower or masked[segment_start - 1] != ";":
        return None
    if masked[segment_start:year_start].strip():
        return None
    previous_start = _segment_start(masked, lower, segment_start - 1)
    names = _names_in(masked, previous_start, segment_start - 1, lexicon)
    if names is None or masked[previous_start : names.start].strip():
        return None
    return names


def _period_names(
    masked: str, segment_start: int, year_start: int, lexicon: _Lexicon
) -> tuple[_Names, str] | None:
    """Recover "(García-Márquez. 2006)" and "(McAllister et al.. 2013)": names that fill the
    segment, then a stray period before the year. Such a form reads like the end of a
    sentence too, so the caller keeps it only when an entry bears it out (tentative)."""
    head = masked[segment_start:year_start].rstrip()
    if not head.endswith(".") or year_start - (segment_start + len(head)) > 2:
        return None
    period = segment_start + len(head) - 1
    names = _names_in(masked, segment_start, period, lexicon)
    if names is None or masked[segment_start : names.start].strip():
        return None
    if names.et_al and head[:-1].endswith("al."):
        return names, "doubled period after 'et al.'"
    if names.et_al:
        return None  # "et al. 2013" is Chicago's form: the period is the abbreviation's
    return names, "period between author and year"


def _locator(masked: str, position: int, limit: int) -> tuple[str, str | None, int]:
    """Read a locator after a year: (text, malformed reason, end offset)."""
    match = _LOCATOR.match(masked, position, limit)
    if match is None:
        return "", None, position
    keyword = match.group("kw")
    separator = match.group("sep")
    number = match.group("num")
    if keyword is None:
        if not number[:1].isdigit() or not any(mark in separator for mark in ",:"):
            return "", None, position
        head = re.match(r"\d+", number)
        if head is not None and len(head.group()) >= 4 and re.fullmatch(_YEAR, head.group()[:4]):
            return "", None, position  # a further year, not a page
    malformed = None
    if not any(mark in separator for mark in ",:"):
        malformed = "no comma before the locator"
    return _WHITESPACE.sub(" ", match.group("loc")), malformed, match.end()


def _follows_well(masked: str, end: int, content_end: int, following: int | None) -> bool:
    """Accept what follows a work: a separator, the bracket, a lower-case suffix, or the next
    work when a semicolon is missing ("(Smith 2020 Jones 2021)"), but not "(Tokyo 2020 Games)"."""
    rest = masked[end : min(content_end, end + 8)].lstrip()
    if not rest:
        return True
    head = rest[0]
    if head in ",;:)]." or head.islower():
        return True
    return head.isupper() and following is not None and following - end < _NEXT_WORK_LIMIT
