"""The records of the name-variant check (occurrences, spellings, variants, the scanned
article and evidence), how a form is folded to its keys, which capitalised words are
ordinary words rather than names, and the regions of an article (quotations, code, the
reference list) whose words are evidence only.
"""

from __future__ import annotations

import bisect
import enum
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

from .. import data
from ..model import Entry, Name, Span
from .fold import strip_marks

# --------------------------------------------------------------------------- records


class Source(enum.Enum):
    """Where a spelling was seen; only TEXT and CITATION occurrences are ever reported."""

    TEXT = "text"
    CITATION = "citation"
    QUOTE = "quote"  # quotation marks or indented code: the article's, but verbatim
    REFERENCE_LIST = "reference list"
    AUTHOR = "author"
    TITLE = "title"


_ARTICLE = frozenset({Source.TEXT, Source.CITATION, Source.QUOTE})
_TARGETS = frozenset({Source.TEXT, Source.CITATION})


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One capitalised word (or a run of them) and the facts that decide what it may join.

    `start`/`end` are offsets in the article for article sources, -1 for the bibliography;
    `key` is the bib entry for AUTHOR and TITLE. `neighbours` are the folded keys of the
    capitalised words right next to it (a given name before a surname). `foreign` marks a
    title (or reference) not in English; `protected` a citation another rule already reports.
    """

    form: str
    source: Source
    start: int = -1
    end: int = -1
    key: str = ""
    sentence_start: bool = False
    neighbours: tuple[str, ...] = ()
    foreign: bool = False
    protected: bool = False

    @property
    def target(self) -> bool:
        return self.source in _TARGETS and not self.protected


@dataclass(frozen=True, slots=True)
class Spelling:
    """One spelling of a name with the evidence for it."""

    form: str
    in_article: int
    authors: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    in_reference_list: int = 0

    @property
    def attested(self) -> bool:
        return bool(self.authors or self.titles or self.in_reference_list)


class Reason(enum.Enum):
    """Why the preferred spelling won (the first rule that separates it from the written one)."""

    BIBLIOGRAPHY = "bibliography"
    DIACRITICS = "diacritics"
    MAJORITY = "majority"
    CAPITALS = "capitals"
    FIRST = "first"


@dataclass(frozen=True, slots=True)
class Variant:
    """An article occurrence that departs from its group's preferred spelling."""

    occurrence: Occurrence
    written: Spelling
    preferred: Spelling
    spellings: tuple[Spelling, ...]  # every spelling of the group, preferred first
    difference: str  # how the written form differs from the preferred one
    reason: Reason


@dataclass(frozen=True, slots=True)
class AuthorVariant:
    """One bib author written differently in `entry` than in the entries in `elsewhere`."""

    entry: Entry
    written: Name
    suggested: Name
    elsewhere: tuple[str, ...]
    difference: str


@dataclass(frozen=True, slots=True)
class Article:
    """An article's capitalised words, counted by spelling in one regex pass.

    Where each one stands (citation? quotation? which line?) is looked up only for the few
    spellings that turn out to be variants; what the grouping needs — how often, whether
    ever mid-sentence, which capitalised word stands next to it — comes from the same pass.
    The typed reference list is evidence, so its words are kept apart, one by one.
    """

    text: str
    counts: Mapping[str, int]  # each capitalised word as written → uses outside the list
    mid: frozenset[str]  # words seen right after a lower-case word or a comma
    pairs: Mapping[tuple[str, str], int]  # adjacent capitalised words ("Klaus", "Iohannes")
    cited: frozenset[str]  # words inside citations
    words: frozenset[str]  # whitespace-separated tokens: see `_is_ordinary`
    reference: tuple[Occurrence, ...]  # the words of the typed reference list
    regions: _Regions


@dataclass(frozen=True, slots=True)
class Evidence:
    """A bibliography's author names and title words, and the runs of capitalised title words."""

    occurrences: tuple[Occurrence, ...]
    runs: tuple[Occurrence, ...]  # "Berners Lee" in a title: kept only if a joined word matches
    words: frozenset[str]


# --------------------------------------------------------------------------- folding

_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_HYPHENS = "\\-\u2010\u2011"
_APOSTROPHES = "'\u2019"
_WORD = re.compile(rf"[^\W_][{_MARKS}]*(?:[^\W_][{_MARKS}]*|[{_HYPHENS}{_APOSTROPHES}](?=[^\W_]))*")
_SEPARATORS = re.compile(rf"[\s{_HYPHENS}{_APOSTROPHES}]+")
_NOT_KEY = re.compile(r"[\W_]+")
_POSSESSIVE = ("\u2019s", "'s", "\u2019S", "'S")
_TYPOGRAPHY = str.maketrans({"\u2019": "'", "\u2010": "-", "\u2011": "-", "\u00a0": " "})


@lru_cache(maxsize=1 << 16)
def fold(form: str) -> str:
    """Fold a spelling to its matching key: no case, diacritics, spaces, hyphens or apostrophes."""
    return _NOT_KEY.sub("", strip_marks(form).casefold())


@lru_cache(maxsize=1 << 16)
def _surface(form: str) -> str:
    """Normalise what is not spelling (composition, typographic apostrophes and hyphens)."""
    return unicodedata.normalize("NFC", form).translate(_TYPOGRAPHY)


def ocr_key(folded: str) -> str:
    """Map letters that OCR and hurried typing confuse to one symbol (I/l at the start only)."""
    head, tail = folded[:1], folded[1:]
    head = {"i": "l", "1": "l", "0": "o"}.get(head, head)
    for old, new in (("rn", "m"), ("cl", "d"), ("vv", "w"), ("0", "o"), ("1", "l")):
        tail = tail.replace(old, new)
    return head + tail


def _marks(form: str) -> int:
    """Count the letters that carry a diacritic (the richer spelling wins a tie)."""
    return sum(1 for ch in form if not ch.isascii() and strip_marks(ch) != ch)


def _inner_capitals(form: str) -> int:
    return sum(1 for part in _SEPARATORS.split(form) for ch in part[1:] if ch.isupper())


def _separators(form: str) -> str:
    return "".join(_SEPARATORS.findall(form))


# --------------------------------------------------------------------------- ordinary words


#: Capitalised words that are not names: sentence openers, titles and roles, calendar words,
#: and the generic words of institutions and headings. Lower-case uses found in the article
#: and in titles extend this per run.
COMMON_WORDS = data.words("capitalised_common_words")

_FOREIGN_WORDS = data.words("foreign_function_words")
_ENGLISH_WORDS = data.words("english_function_words")


def is_foreign(text: str) -> bool:
    """Guess whether a title or reference is not in English (its words are then weak evidence)."""
    foreign = english = 0
    for word in re.findall(r"[^\W\d_]+", text.casefold()):
        if word in _FOREIGN_WORDS:
            foreign += 1
        elif word in _ENGLISH_WORDS:
            english += 1
    return foreign > english


def _is_ordinary(form: str, tokens: Sequence[AbstractSet[str]]) -> bool:
    """A word (every part of a compound) that is also written in lower case, or is common.

    `tokens` are the texts' whitespace-separated tokens, punctuation attached: a word is
    looked up bare and with the punctuation that most often clings to it, which is much
    cheaper than cutting every token clean.
    """
    for part in _SEPARATORS.split(form):
        if not part or fold(part) in _COMMON:
            continue
        word = part.lower()
        if word == part or not _used(word, tokens):  # "0rbán": no lower case to compare
            return False
    return True


def _used(word: str, tokens: Sequence[AbstractSet[str]]) -> bool:
    """Whether `word` is among the token sets, bare or with clinging punctuation."""
    variants = (word, *[word + p for p in _TRAILING], *[p + word for p in _LEADING])
    return any(not found.isdisjoint(variants) for found in tokens)


_TRAILING = (",", ".", ";", ":", ")", "?", "!", "”", "’", '"', "'s", "’s")
_LEADING = ("(", "“", '"', "‘")
_COMMON = frozenset(COMMON_WORDS)

_QUOTES = re.compile(
    r"(?=[“„«\"‘])(?:"
    r"“[^“”\n]*(?:\n(?![ \t]*\n)[^“”\n]*)*”"
    r"|„[^„“”\n]*(?:\n(?![ \t]*\n)[^„“”\n]*)*[“”]"
    r"|«[^«»\n]*(?:\n(?![ \t]*\n)[^«»\n]*)*»"
    r"|(?<![\w\"])\"[^\"\n]*(?:\n(?![ \t]*\n)[^\"\n]*)*\"(?!\w)"
    r"|(?<![\w‘’'])‘[^‘\n]*?’(?!\w))"
)
_LONGEST_QUOTE = 2000
_PARAGRAPH = re.compile(r"\n[ \t]*\n")


class _Regions:
    """What an article offset is part of: the reference list, a citation, a quotation, code.

    Quotations are found paragraph by paragraph, on demand: most offsets are never asked.
    """

    def __init__(
        self, text: str, citations: Iterable[tuple[Span, bool]], reference_list: Span | None
    ):
        self.text, self.reference_list = text, reference_list
        self.citations = sorted((s.start, s.end, p) for s, p in citations)
        self.citation_starts = [c[0] for c in self.citations]
        self.paragraphs: list[int] | None = None  # paragraph starts, found on first need
        self.quotes: dict[int, list[tuple[int, int]]] = {}
        self.foreign_lines: dict[int, bool] = {}

    def classify(self, start: int) -> tuple[Source, bool]:
        """Return the source of an article offset and whether it is protected."""
        ref = self.reference_list
        if ref is not None and ref.start <= start < ref.end:
            return Source.REFERENCE_LIST, False
        at = bisect.bisect_right(self.citation_starts, start) - 1
        if at >= 0 and start < self.citations[at][1]:
            return Source.CITATION, self.citations[at][2]
        if self._verbatim(start) or self._quoted(start):
            return Source.QUOTE, False
        return Source.TEXT, False

    def _verbatim(self, offset: int) -> bool:
        """A line indented like a code block (program output such as "#> Cramer's V")."""
        line = self.text.rfind("\n", 0, offset) + 1
        return self.text.startswith(("    ", "\t"), line)

    def _quoted(self, offset: int) -> bool:
        if self.paragraphs is None:
            self.paragraphs = [0, *(m.end() for m in _PARAGRAPH.finditer(self.text))]
        at = bisect.bisect_right(self.paragraphs, offset) - 1
        begin = self.paragraphs[at]
        quotes = self.quotes.get(begin)
        if quotes is None:
            stop = self.paragraphs[at + 1] if at + 1 < len(self.paragraphs) else len(self.text)
            quotes = self.quotes[begin] = [
                (m.start(), m.end())
                for m in _QUOTES.finditer(self.text, begin, stop)
                if m.end() - m.start() <= _LONGEST_QUOTE
            ]
        return any(start < offset < end for start, end in quotes)

    def foreign(self, offset: int) -> bool:
        """Whether the reference-list line at `offset` is not in English."""
        line_start = self.text.rfind("\n", 0, offset) + 1
        cached = self.foreign_lines.get(line_start)
        if cached is None:
            line_end = self.text.find("\n", offset)
            cached = is_foreign(self.text[line_start : line_end if line_end >= 0 else None])
            self.foreign_lines[line_start] = cached
        return cached
