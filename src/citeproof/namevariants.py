"""Find one name spelled several ways: in the article, its citations and its bibliography.

The article's body text and citations are the targets. The bibliography (author names and the
capitalised words of titles), the article's own typed reference list, quotations and indented
code are evidence only: they vote for a spelling but are never reported.

Spellings are compared as distinct forms, never occurrence by occurrence, and candidate pairs
come only from hash blocks — the folded key (case, diacritics, spacing), an OCR key (I/l, rn/m,
0/O …) and the one-deletion neighbourhood of the folded key — confirmed with rapidfuzz. The
pass is linear in the text plus a small cost per distinct name.

Two spellings are one name when they differ the way people and OCR slip and names do not
inflect: diacritics, capitals inside the word, spacing or hyphenation, an OCR confusion, or one
edit inside the word (never at its first or last letter, which is where Hansen/Jansen and
Petrov/Petrova differ). One edit is also how two real names differ, so an edit needs
corroboration: the same given name next to both (Klaus Iohannes / Klaus Iohannis), or, for a
doubled or swapped letter, one lone spelling against a well-used one.
"""

from __future__ import annotations

import bisect
import enum
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

from rapidfuzz.distance import OSA, Indel, Levenshtein

from .model import Entry, Name, Span, fast_pickle
from .names import PARTICLES as _PARTICLES
from .names import strip_marks

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


@fast_pickle
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


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Capitalised words that are not names: sentence openers, titles and roles, calendar words,
#: and the generic words of institutions and headings. Lower-case uses found in the article
#: and in titles extend this per run.
COMMON_WORDS = _words("""
a about above according across after afterwards again against all almost also although
always among an and another any anyone anything are around as at back be because been before
being below besides between beyond both but by can could despite did do does during each
either else even ever every few first for from further furthermore had has have having he
hence her here hers herself him himself his how however i if in indeed instead into is it
its itself just last later least less like many may me meanwhile might more moreover most
much must my neither never nevertheless next no none nonetheless nor not nothing now of
often on once one only or other others otherwise our out over overall perhaps rather second
several she should similarly since so some still such than that the their theirs them then
there thereby therefore these they third this those though through throughout thus to today
together too under unless until upon us very was we well were what whatever when whenever
where whereas whether which while who whom whose why will with within without would yet you
your additionally consequently finally importantly notably recently specifically especially
previously currently likewise accordingly alternatively ultimately clearly certainly
interestingly surprisingly unfortunately fortunately generally typically usually monday
tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december spring summer autumn winter president
presidential prime minister ministers ministry secretary general chief director professor
doctor dr mr mrs ms sir lord lady king queen prince princess pope saint st senator governor
mayor chancellor chairman chair chairwoman commissioner ambassador deputy vice foreign
defence defense affairs interior finance justice council commission committee union party
republic kingdom state states united nations national international federal central north
south east west northern southern eastern western north-east cold war world university
institute department journal press review office agency team group centre center association
society foundation conference summit alliance organization organisation army navy force
forces court parliament government congress senate house assembly bank fund program
programme project series volume chapter section part table figure fig appendix summary
introduction conclusion conclusions abstract methods method results discussion references
acknowledgements acknowledgments statement need background overview data software
""")

_FOREIGN_WORDS = _words("""
de het een van voor op bij naar niet wordt mag om zijn en met uit worden ook maar nieuwe der
die das und ein eine mit für von zu im auf nicht ist den dem des sich wird le la les du et
une pour sur dans est au aux ou qui el los las del y para por con una se su il lo gli della
di e per che os do da dos das em um uma não
""")
_ENGLISH_WORDS = _words("""
the of and a an to in for on with by from at as its his her their how what who why can will
not be are was were into after about against between than that this these new or is
""")


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

# --------------------------------------------------------------------------- scanning

_OPENERS = frozenset(" \t\u00a0\r\u202f“\"‘'([{*_#>«„•·-–—")
_TERMINAL = frozenset(".!?:;…")
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
    """Match a capitalised word as (word, before, after): `before` is the character ahead of
    it when that makes it mid-sentence, `after` the capitalised word one space on.

    The optional look-behind sits after the first letter so `re` can still skip ahead by
    the first letter's class; this keeps the pass as fast as a bare word search.
    """
    head, tail = _capitalised_parts()
    return re.compile(
        rf"({head}(?:(?<=([\w,)”’])[ \u00a0].))?{tail})"
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
    mid = frozenset({word for word, before, _ in found if before})
    pairs = Counter([(word, after) for word, _, after in found if after])
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
    given = tuple(
        fold(w) for w in _WORD.findall(name.first) if len(fold(w)) > 1 and _is_capitalised(w)
    )
    family = [w for w in _WORD.findall(name.last) if _is_capitalised(w)]
    for word in family:
        yield Occurrence(_surface(word), Source.AUTHOR, key=key, neighbours=given)
    if len(family) > 1 and " ".join(family) == " ".join(name.last.split()):
        yield Occurrence(_surface(" ".join(family)), Source.AUTHOR, key=key, neighbours=given)


# --------------------------------------------------------------------------- grouping


class _Forms:
    """Every spelling with what the grouping needs; article occurrences are placed on demand."""

    def __init__(self, article: Article, evidence: Evidence):
        self.article = article
        self.raw: dict[str, list[str]] = defaultdict(list)  # spelling → the words as written
        self.in_body: dict[str, int] = defaultdict(int)
        for raw, count in article.counts.items():
            word = raw[:-2] if raw.endswith(_POSSESSIVE) else raw
            if len(word) > 1 and _is_capitalised(word):
                form = _surface(word)
                self.raw[form].append(raw)
                self.in_body[form] += count
        self.evidence: dict[str, list[Occurrence]] = defaultdict(list)
        for occurrence in (*evidence.occurrences, *article.reference):
            self.evidence[occurrence.form].append(occurrence)
        self.partners: dict[str, list[str]] | None = None  # built on first need
        self.placed: dict[str, list[Occurrence]] = {}
        self.runs: dict[str, str] = {}  # "Berners Lee" → the regex that finds it
        self.run_words: dict[str, tuple[str, str]] = {}
        self._add_runs(evidence)

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*self.raw, *self.evidence, *self.runs]))

    def count(self, form: str) -> int:
        return self.in_body.get(form, 0) + len(self.evidence.get(form, ()))

    def mid(self, form: str) -> bool:
        """Whether the article ever uses the spelling mid-sentence or in a citation."""
        raws = self.raw.get(form, ()) or self.run_words.get(form, ())[:1]
        return any(r in self.article.mid or r in self.article.cited for r in raws)

    def neighbours(self, form: str) -> set[str]:
        """The folded capitalised words seen right next to the spelling (given names …)."""
        if self.partners is None:
            self.partners = defaultdict(list)
            for first, second in self.article.pairs:
                if not first.endswith(_POSSESSIVE):
                    self.partners[first].append(second)
                    self.partners[second].append(first)
        near = {n for o in self.evidence.get(form, ()) for n in o.neighbours}
        for raw in self.raw.get(form, ()):
            for partner in self.partners.get(raw, ()):
                partner = partner[:-2] if partner.endswith(_POSSESSIVE) else partner
                if _is_capitalised(partner):
                    near.add(fold(partner))
        return near

    def _add_runs(self, evidence: Evidence) -> None:
        """Add "Berners Lee" as a spelling where a single word joins its letters (Berners-Lee)."""
        joined = {
            fold(f)
            for f in [*self.raw, *self.evidence]
            if "-" in f or "'" in f or f[1:] != f[1:].lower()
        }
        if not joined:
            return
        for run in evidence.runs:
            if fold(run.form) in joined:
                self.evidence[run.form].append(run)
        halves = {key[:cut] for key in joined for cut in range(2, len(key) - 1)}
        halves |= {key[cut:] for key in joined for cut in range(2, len(key) - 1)}
        by_key: dict[str, list[str]] = defaultdict(list)
        for raw in self.article.counts:
            if fold(raw) in halves:
                by_key[fold(raw)].append(raw)
        for key in joined:  # split each joined word in two and look for the pair in the text
            for cut in range(2, len(key) - 1):
                for first in by_key.get(key[:cut], ()):
                    for second in by_key.get(key[cut:], ()):
                        count = self.article.pairs.get((first, second), 0)
                        if count and not first.endswith(_POSSESSIVE):
                            self._add_run(first, second, count)

    def _add_run(self, first: str, second: str, count: int) -> None:
        second = second[:-2] if second.endswith(_POSSESSIVE) else second
        form = _surface(f"{first} {second}")
        self.in_body[form] += count
        self.runs[form] = (
            rf"(?<![\w{_MARKS}{_HYPHENS}{_APOSTROPHES}]){re.escape(first)}"
            rf"[ \u00a0]{re.escape(second)}(?![\w{_MARKS}])"
        )
        self.run_words[form] = (first, second)

    def first(self, form: str) -> int:
        """Roughly where a spelling is first used (for the last tie-break)."""
        starts = [self.article.text.find(raw) for raw in self.raw.get(form, ())]
        if form in self.runs:
            found = re.search(self.runs[form], self.article.text)
            starts.append(found.start() if found else -1)
        return min((s for s in starts if s >= 0), default=1 << 62)

    def place(self, forms: Iterable[str]) -> None:
        """Find where the article uses these spellings, in one pass over the text."""
        wanted = [f for f in forms if f not in self.placed]
        raws = {raw: form for form in wanted for raw in self.raw.get(form, ())}
        for form in wanted:
            self.placed[form] = []
        text = self.article.text
        if raws:
            # No look-behind in front: `re` then skips ahead by the trie's first letters, and
            # the rare match inside a longer word is dropped here.
            pattern = re.compile(
                rf"(?:{_alternation(raws)})"
                rf"(?![\w{_MARKS}]|[{_HYPHENS}{_APOSTROPHES}]\w)"
            )
            for match in pattern.finditer(text):
                start = match.start()
                if start and (
                    text[start - 1].isalnum()
                    or text[start - 1] in "-'’\u2010\u2011"
                    or unicodedata.combining(text[start - 1])
                ):
                    continue
                word = match.group()
                end = start + len(word) - (2 if word.endswith(_POSSESSIVE) else 0)
                self.placed[raws[word]].append(self._occurrence(raws[word], start, end))
        for form in wanted:
            if form in self.runs:
                for match in re.finditer(self.runs[form], text):
                    self.placed[form].append(self._occurrence(form, match.start(), match.end()))

    def _occurrence(self, form: str, start: int, end: int) -> Occurrence:
        # Sentence starts and neighbours were already counted per spelling by the scan.
        source, protected = self.article.regions.classify(start)
        return Occurrence(form, source, start, end, protected=protected)

    def occurrences(self, form: str) -> list[Occurrence]:
        """Every occurrence of a spelling: in the article (placed now if need be) and elsewhere."""
        self.place((form,))
        return [
            o for o in self.placed[form] if o.source is not Source.REFERENCE_LIST
        ] + self.evidence.get(form, [])

    def spelling(self, form: str) -> Spelling:
        items = self.evidence.get(form, ())
        return Spelling(
            form,
            in_article=self.in_body.get(form, 0),
            authors=tuple(dict.fromkeys(o.key for o in items if o.source is Source.AUTHOR)),
            titles=tuple(dict.fromkeys(o.key for o in items if o.source is Source.TITLE)),
            in_reference_list=sum(1 for o in items if o.source is Source.REFERENCE_LIST),
        )


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        parent = self.parent.setdefault(item, item)
        while parent != item:
            grand = self.parent[parent]
            self.parent[item] = grand
            item, parent = parent, grand
        return item

    def union(self, a: str, b: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[root_b] = root_a

    def groups(self) -> list[list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for item in self.parent:
            found[self.find(item)].append(item)
        return list(found.values())


#: The longest key `deletion_pairs` looks at. A key's deletion neighbourhood costs memory
#: quadratic in its length (a 40,000-letter "word" is 1.6 GB), and no person's or body's
#: name comes near this many letters; a longer run of letters is not a name to match.
MAX_NAME_LENGTH = 100


def deletion_pairs(keys: Iterable[str], min_length: int) -> set[tuple[str, str]]:
    """Return pairs of keys one inner edit apart, via their one-deletion neighbourhoods.

    Two keys within one substitution, insertion, deletion or adjacent swap share a key with
    one letter deleted, so bucketing by those finds every such pair without comparing all.
    Only inner letters are deleted: an edit at the first or last letter is no slip (see
    `classify_edit`).
    """
    buckets: dict[str, str | list[str]] = {}
    for key in keys:
        if not min_length <= len(key) <= MAX_NAME_LENGTH:
            continue
        for deleted in (key, *[key[:i] + key[i + 1 :] for i in range(1, len(key) - 1)]):
            bucket = buckets.setdefault(deleted, key)
            if bucket is key:
                continue
            if isinstance(bucket, str):
                buckets[deleted] = [bucket, key]
            else:
                bucket.append(key)
    pairs: set[tuple[str, str]] = set()
    for bucket in buckets.values():
        if isinstance(bucket, str):
            continue
        unique = sorted(set(bucket))
        for i, a in enumerate(unique):
            for b in unique[i + 1 :]:
                if OSA.distance(a, b, score_cutoff=1) <= 1:
                    pairs.add((a, b))
    return pairs


def classify_edit(a: str, b: str) -> str | None:
    """Name a one-edit difference between folded keys, or None where names legitimately differ.

    Edits at the first letter (Hansen/Jansen) or touching the last letter (Petrov/Petrova,
    Kowalski/Kowalska, Russia/Russian) are not spelling slips, so they are refused.
    """
    if a.startswith(b) or b.startswith(a):
        return None
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        last = len(a) - 1
        if len(diffs) == 1 and 0 < diffs[0] < last:
            return "substituted"
        if (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and diffs[0] > 0
            and diffs[1] < last
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        ):
            return "transposed"
        return None
    long, short = (a, b) if len(a) > len(b) else (b, a)
    if len(long) - len(short) != 1:
        return None
    index = next((i for i in range(len(short)) if long[i] != short[i]), len(short))
    if long[:index] + long[index + 1 :] != short or not 0 < index < len(long) - 1:
        return None
    doubled = long[index - 1] == long[index] or long[index + 1] == long[index]
    return "doubled" if doubled else "dropped"


#: Shortest folded key for which an OCR confusion, a doubled/swapped letter, or any other
#: one-letter edit may count as a variant.
MIN_OCR, MIN_MEDIUM, MIN_WEAK = 5, 5, 6
_MEDIUM = frozenset({"doubled", "transposed"})
_OCR_PAIRS = (("rn", "m"), ("cl", "d"), ("vv", "w"), ("0", "o"), ("1", "l"))


@dataclass(frozen=True, slots=True)
class _Facts:
    """What decides the links a folded key may take."""

    name: bool  # not an ordinary word
    count: int
    attested: bool
    neighbours: frozenset[str]
    strict: bool  # False: may only join by case, diacritics or spacing


class _Keys:
    """Spellings by folded key; what a key may join is worked out only when asked."""

    def __init__(self, forms: _Forms, ordinary: Sequence[AbstractSet[str]]):
        self.source, self.ordinary = forms, ordinary
        self.forms: dict[str, list[str]] = defaultdict(list)
        for form in forms:
            key = fold(form)
            # A "spelling" longer than any name (a word with thousands of combining marks)
            # is not a name; quoted in a finding per occurrence, it made gigabytes of output.
            if key and len(form) <= MAX_NAME_LENGTH:
                self.forms[key].append(form)
        self._facts: dict[str, _Facts] = {}

    def main(self, key: str) -> str:
        """The key's most used spelling, to stand for it in a link."""
        return max(self.forms[key], key=self.source.count)

    def facts(self, key: str) -> _Facts:
        found = self._facts.get(key)
        if found is None:
            forms, spellings = self.source, self.forms[key]
            if _is_ordinary(spellings[0], self.ordinary):
                found = _Facts(False, 0, False, frozenset(), False)
            else:
                evidence = [o for form in spellings for o in forms.evidence.get(form, ())]
                # A word seen only at sentence starts may be an ordinary word ("Route"); one
                # seen only in a title in another language may be that language's ("Turkije").
                strict = any(map(forms.mid, spellings)) or any(not o.foreign for o in evidence)
                near = {n for form in spellings for n in forms.neighbours(form)}
                found = _Facts(
                    True,
                    sum(map(forms.count, spellings)),
                    bool(evidence),
                    frozenset(
                        n
                        for n in near
                        if n != key and n not in _COMMON and not _used(n, self.ordinary)
                    ),
                    strict,
                )
            self._facts[key] = found
        return found


def _link(keys: _Keys, a: str, b: str, kind: str) -> bool:
    """Decide whether two folded keys joined by an OCR confusion or one edit are one name."""
    first, second = keys.facts(a), keys.facts(b)
    if not (first.name and second.name and first.strict and second.strict):
        return False
    if first.attested and second.attested:
        return False  # both spellings in the sources: maybe two people; stay silent
    if kind == "ocr":
        return True
    if first.neighbours & second.neighbours:
        return min(len(a), len(b)) >= (MIN_MEDIUM if kind in _MEDIUM else MIN_WEAK)
    return kind in _MEDIUM and any(
        lone.count == 1 and not lone.attested and used.count >= 3
        for lone, used in ((first, second), (second, first))
    )


def _same_letters(forms: _Forms, a: str, b: str) -> bool:
    """Decide whether two spellings with the same letters (case, diacritics, spacing aside)
    are one name.

    Diacritics always are. Capitals are when the article itself uses both or an author
    name (not a title, which bib tools re-case) vouches for one. Spacing and hyphenation
    are when the same name stands next to both or an author name is written so —
    "Monte-Carlo rejection" is grammar, not a misspelling — and a closed CamelCase form
    (DynamicalSystems) is a different name from the words it is made of.
    """
    sep_a, sep_b = _separators(a), _separators(b)
    by_author = any(
        o.source is Source.AUTHOR for form in (a, b) for o in forms.evidence.get(form, ())
    )
    if sep_a == sep_b:
        if strip_marks(a) == strip_marks(b):
            return True
        return by_author or bool(forms.in_body.get(a) and forms.in_body.get(b))
    if not sep_a or not sep_b:
        return False
    return by_author or bool(forms.neighbours(a) & forms.neighbours(b))


def _ocr_buckets(keys: Iterable[str]) -> list[list[str]]:
    """Group keys that are equal once OCR confusions are undone (only keys that have one)."""
    plain: set[str] = set()
    confusable: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        if len(key) < MIN_OCR:
            continue
        mapped = (
            ocr_key(key) if key[0] in "il10" or any(old in key for old, _ in _OCR_PAIRS) else key
        )
        if mapped == key:
            plain.add(key)
        else:
            confusable[mapped].append(key)
    return [
        ([mapped] if mapped in plain else []) + group
        for mapped, group in confusable.items()
        if len(group) > 1 or mapped in plain
    ]


def _name_groups(forms: _Forms, keys: _Keys) -> list[list[str]]:
    """Return groups of spellings that write one name."""
    union = _UnionFind()
    for key, key_forms in keys.forms.items():
        if len(key_forms) > 1 and keys.facts(key).name:
            for i, form in enumerate(key_forms):
                for other in key_forms[:i]:
                    if _same_letters(forms, other, form):
                        union.union(other, form)
    for bucket in _ocr_buckets(keys.forms):
        for other in bucket[1:]:
            if _link(keys, bucket[0], other, "ocr"):
                union.union(keys.main(bucket[0]), keys.main(other))
    for a, b in deletion_pairs(keys.forms, MIN_MEDIUM):
        if ocr_key(a) == ocr_key(b):
            continue
        kind = classify_edit(a, b)
        if kind is not None and _link(keys, a, b, kind):
            union.union(keys.main(a), keys.main(b))
    return union.groups()


def _rank(spelling: Spelling, attested: bool) -> tuple:
    return (
        attested,
        _marks(spelling.form),
        spelling.in_article
        + spelling.in_reference_list
        + len(spelling.authors)
        + len(spelling.titles),
        _inner_capitals(spelling.form),
    )


def _choose(
    forms: _Forms | _LowerForms, group_forms: Sequence[str]
) -> tuple[list[Spelling], dict[str, bool], dict[str, tuple]]:
    """Rank a group's spellings: attested, then diacritics, then majority, then capitals,
    then the one used first."""
    spellings = {form: forms.spelling(form) for form in group_forms}
    exact = {form for form, s in spellings.items() if s.attested}
    # A source that writes a name without its diacritics vouches for the accented form too.
    attested = {form: form in exact or strip_marks(form) in exact for form in group_forms}
    ranks = {form: _rank(spellings[form], attested[form]) for form in group_forms}
    best = max(ranks.values())
    tied = [form for form in group_forms if ranks[form] == best]
    if len(tied) > 1:  # only now is it worth finding where each is first used
        first = {form: forms.first(form) for form in tied}
        ranks.update({form: (*ranks[form], -first[form]) for form in tied})
        last = -(1 << 62)
        ranks.update({form: (*ranks[form], last) for form in group_forms if form not in first})
    ordered = sorted(group_forms, key=lambda f: ranks[f], reverse=True)
    return [spellings[f] for f in ordered], {f: f in exact for f in group_forms}, ranks


def _reason(preferred: tuple, written: tuple) -> Reason:
    reasons = (Reason.BIBLIOGRAPHY, Reason.DIACRITICS, Reason.MAJORITY, Reason.CAPITALS)
    for reason, a, b in zip(reasons, preferred, written, strict=False):
        if a != b:
            return reason
    return Reason.FIRST


def describe_difference(written: str, preferred: str) -> str:
    """Say how one spelling differs from another, in the reader's terms."""
    if strip_marks(written) == strip_marks(preferred):
        mine, theirs = _nfc_letters(written), _nfc_letters(preferred)
        if len(mine) != len(theirs):
            return "diacritics differ"
        pairs = [f"'{w}' for '{p}'" for w, p in zip(mine, theirs, strict=True) if w != p]
        return "diacritics differ: " + ", ".join(pairs)
    if written.casefold() == preferred.casefold():
        return "capitals differ"
    if fold(written) == fold(preferred):
        if _SEPARATORS.sub("", written) == _SEPARATORS.sub("", preferred):
            return "spacing or hyphenation differs"
        return "spacing and letters differ: " + _edits(written, preferred)
    if ocr_key(fold(written)) == ocr_key(fold(preferred)):
        return "letters confused as in OCR or hurried typing: " + _edits(written, preferred)
    return _edits(written, preferred)


def _trimmed(a: str, b: str) -> tuple[str, str]:
    """Drop the common start and end of two spellings, leaving the part that differs."""
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    return a[start : len(a) - end], b[start : len(b) - end]


def _nfc_letters(form: str) -> list[str]:
    return list(unicodedata.normalize("NFC", form))


def _edits(written: str, preferred: str) -> str:
    a, b = _nfc_letters(written), _nfc_letters(preferred)
    mine, theirs = _trimmed("".join(a), "".join(b))
    if mine and theirs and len(mine) + len(theirs) == 3:  # rn/m, cl/d, vv/w
        return f"'{mine}' for '{theirs}'"
    if len(a) == len(b) and OSA.distance(a, b) == 1 and Levenshtein.distance(a, b) == 2:
        index = next(i for i in range(len(a)) if a[i] != b[i])
        return f"'{a[index]}{a[index + 1]}' for '{b[index]}{b[index + 1]}' (letters swapped)"
    described = []
    for op in Levenshtein.editops(a, b):
        if op.tag == "replace":
            described.append(f"'{a[op.src_pos]}' for '{b[op.dest_pos]}'")
        elif op.tag == "insert":
            described.append(f"'{b[op.dest_pos]}' missing")
        else:
            described.append(f"extra '{a[op.src_pos]}'")
    return ", ".join(described) if described else "spelled differently"


def _variants(forms: _Forms | _LowerForms, groups: Iterable[Sequence[str]]) -> list[Variant]:
    """Report every target occurrence whose spelling is not its group's preferred one."""
    flagged: list[tuple[str, Spelling, Spelling, tuple[Spelling, ...], str, Reason]] = []
    for group_forms in groups:
        if len(group_forms) < 2:
            continue
        spellings, exact, ranks = _choose(forms, group_forms)
        preferred = spellings[0]
        by_form = {s.form: s for s in spellings}
        for form in group_forms:
            if form != preferred.form and not exact[form]:
                flagged.append(
                    (
                        form,
                        by_form[form],
                        preferred,
                        tuple(spellings),
                        describe_difference(form, preferred.form),
                        _reason(ranks[preferred.form], ranks[form]),
                    )
                )
    forms.place(form for form, *_ in flagged)
    found = [
        Variant(occurrence, written, preferred, spellings, difference, reason)
        for form, written, preferred, spellings, difference, reason in flagged
        for occurrence in forms.occurrences(form)
        if occurrence.target
    ]
    found.sort(key=lambda v: v.occurrence.start)
    return found


def _ordinary(article: Article, evidence: Evidence) -> tuple[frozenset[str], ...]:
    """The token sets that tell an ordinary word (see `_is_ordinary`)."""
    return article.words, evidence.words


def find_name_variants(article: Article, evidence: Evidence) -> list[Variant]:
    """Return the article occurrences that spell a name differently from its preferred form."""
    forms = _Forms(article, evidence)
    return _variants(forms, _name_groups(forms, _Keys(forms, _ordinary(article, evidence))))


# --------------------------------------------------------------------------- terms (CP302)

#: Hyphenated words whose closed form is another word (re-sign / resign).
_DISTINCT_CLOSED = frozenset(
    (
        "resign",
        "recover",
        "recreation",
        "reform",
        "recount",
        "repress",
        "coop",
        "release",
        "resort",
        "resent",
        "reserve",
        "refuse",
        "remark",
        "redress",
        "represent",
        "reside",
        "unionized",
        "retreat",
        "recollect",
    )
)


def find_term_variants(article: Article, evidence: Evidence) -> list[Variant]:
    """Return terms of ordinary words written several ways (Secretary General/-General).

    Capitalised terms may differ in spacing or hyphenation; lower-case words only between a
    hyphenated and a closed form (e-mail/email) or in diacritics (naïve/naive): a spaced
    lower-case pair is often grammar (a follow-up / to follow up).
    """
    ordinary = _ordinary(article, evidence)
    forms = _Forms(article, evidence)
    by_key: dict[str, list[str]] = defaultdict(list)
    for form in forms:
        if _separators(form) and _is_ordinary(form, ordinary):
            by_key[fold(form)].append(form)
    groups = [g for g in by_key.values() if len({_SEPARATORS.sub("", f) for f in g}) == 1]
    lower = _LowerForms(article)
    return _variants(forms, groups) + _variants(lower, lower.groups())


class _LowerForms:
    """Lower-case words that have a hyphenated or accented sibling, with their occurrences."""

    _WORDS = re.compile(
        rf"(?<![\w{_MARKS}{_HYPHENS}])[^\W\d_A-Z][\w{_MARKS}]*"
        rf"(?:[{_HYPHENS}][\w{_MARKS}]+)+|(?<![\w{_MARKS}{_HYPHENS}])"
        rf"[^\W\d_A-Z]*[^\W\d_\x00-\x7f][\w{_MARKS}]*"
    )

    def __init__(self, article: Article):
        self.article = article
        # Only hyphenated or accented words can have a sibling; their plain twins are found
        # by a targeted search afterwards.
        special = {w for w in self._WORDS.findall(article.text) if w[:1].islower()}
        by_plain: dict[str, set[str]] = defaultdict(set)
        for word in special:
            by_plain[strip_marks(word).replace("-", "").replace("\u2010", "")].add(word)
        self.by_plain: dict[str, list[str]] = {}
        for plain, words in by_plain.items():
            if plain in _DISTINCT_CLOSED:
                continue
            plain_use = rf"(?<![\w-]){plain}(?![\w-])"
            if _used(plain, (article.words,)) and re.search(plain_use, article.text):
                words.add(plain)
            if len(words) > 1:
                self.by_plain[plain] = sorted(words)

    def groups(self) -> list[list[str]]:
        return list(self.by_plain.values())

    def place(self, forms: Iterable[str]) -> None:
        """Nothing to prepare: lower-case words are looked up one by one (there are few)."""

    def first(self, form: str) -> int:
        found = self.article.text.find(form)
        return found if found >= 0 else 1 << 62

    def occurrences(self, form: str) -> list[Occurrence]:
        text, regions = self.article.text, self.article.regions
        pattern = rf"(?<![\w{_MARKS}{_HYPHENS}]){re.escape(form)}(?![\w{_MARKS}]|[{_HYPHENS}]\w)"
        found = []
        for match in re.finditer(pattern, text):
            source, protected = regions.classify(match.start())
            found.append(
                Occurrence(_surface(form), source, match.start(), match.end(), protected=protected)
            )
        return found

    def spelling(self, form: str) -> Spelling:
        items = self.occurrences(form)
        return Spelling(
            form,
            in_article=sum(1 for o in items if o.source in _ARTICLE),
            in_reference_list=sum(1 for o in items if o.source is Source.REFERENCE_LIST),
        )


# --------------------------------------------------------------------------- authors (CP202)


@dataclass(frozen=True, slots=True)
class _Person:
    """One way a bib author is written: family name and given names (initials as letters)."""

    family: str
    given: tuple[str, ...]
    name: Name


def _given(first: str) -> tuple[str, ...]:
    """Split given names into words, an initial kept as its bare letter ("R.C." → R, C)."""
    tokens: list[str] = []
    for word in first.replace(".", ". ").split():
        bare = word.strip("-.,")
        if not bare:
            continue
        initial = len(bare) == 1 or (word.endswith(".") and len(bare) <= 2)
        tokens.append(bare[:1] if initial else bare)
    return tuple(tokens)


def _given_difference(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[bool, str | None]:
    """Compare given names word by word: (one person?, how a full given name differs)."""
    difference = None
    for x, y in zip(a, b, strict=False):  # extra middle names are no difference
        if x == y:
            continue
        if len(x) == 1 or len(y) == 1:
            if fold(x)[:1] != fold(y)[:1]:
                return False, None
        elif fold(x) == fold(y) or _near_given(fold(x), fold(y)):
            difference = f"given name '{x}' vs '{y}'"
        else:
            return False, None
    return True, difference


def _near_given(a: str, b: str) -> bool:
    """Stuart/Stewart, Jonathan/Johnathan; never Daniel/Daniela or Christian/Christina."""
    if min(len(a), len(b)) < 4 or a[0] != b[0] or a[-1] != b[-1]:
        return False
    if a.startswith(b) or b.startswith(a):
        return False
    return OSA.distance(a, b, score_cutoff=2) <= 2 and Indel.normalized_similarity(a, b) >= 0.75


def _family_difference(a: str, b: str, same_given: bool) -> str | None:
    """Describe how two family names differ if they can be one person's, else None."""
    fa, fb = fold(a), fold(b)
    one_name = (
        fa == fb
        or (min(len(fa), len(fb)) >= MIN_OCR and ocr_key(fa) == ocr_key(fb))
        or (
            same_given
            and min(len(fa), len(fb)) >= MIN_MEDIUM
            and classify_edit(fa, fb) is not None
            and OSA.distance(fa, fb, score_cutoff=1) <= 1
        )
    )
    return describe_difference(a, b) if one_name else None


def _person_difference(a: _Person, b: _Person) -> str | None:
    """Describe how two spellings of one author differ, or None if they may be two people."""
    if a.family == b.family:
        return _given_difference(a.given, b.given)[1]
    full = a.given and b.given and all(len(w) > 1 for w in (*a.given, *b.given))
    if (
        full
        and fold(a.family) != fold(b.family)
        and fold("".join(a.given) + a.family) == fold("".join(b.given) + b.family)
    ):
        return "split differently into given and family names"
    same_person, given = _given_difference(a.given, b.given)
    if not same_person:
        return None
    same_given = bool(
        a.given and b.given and len(a.given[0]) > 1 and fold(a.given[0]) == fold(b.given[0])
    )
    family = _family_difference(a.family, b.family, same_given)
    if family is None:
        return None
    return f"family name: {family}" + (f"; {given}" if given else "")


def find_author_variants(entries: Sequence[Entry]) -> list[AuthorVariant]:
    """Return bib entries that write an author differently from the author's other entries.

    Initials against full given names ("A. S." / "Ann S.") are one spelling, not a variant;
    two spellings that share an entry's author list are two people.
    """
    people: dict[tuple[str, tuple[str, ...]], _Person] = {}
    entries_of: dict[tuple[str, tuple[str, ...]], list[Entry]] = defaultdict(list)
    # Which entries each person is in: "the same author list" is a shared entry. (Pairs of
    # co-authors would cost the square of an author list's length, and a typed list or a
    # bib may hold an entry with thousands of names.)
    lists_of: dict[tuple[str, tuple[str, ...]], set[int]] = defaultdict(set)
    for number, entry in enumerate(entries):
        for name in entry.names:
            family = _surface(" ".join(name.family.split()))
            if not family:
                continue
            ident = (family, () if name.literal else _given(_surface(name.first)))
            people.setdefault(ident, _Person(ident[0], ident[1], name))
            if not entries_of[ident] or entries_of[ident][-1] is not entry:
                entries_of[ident].append(entry)
            lists_of[ident].add(number)
    idents = list(people)
    # Blocks: same folded family, same OCR key, one edit apart, same letters split differently.
    buckets: dict[str, list[int]] = defaultdict(list)
    by_family: dict[str, list[int]] = defaultdict(list)
    for index, (family, given) in enumerate(idents):
        key = fold(family)
        by_family[key].append(index)
        buckets["o:" + ocr_key(key)].append(index)
        buckets["w:" + fold("".join(given) + family)].append(index)
    buckets.update({"f:" + key: members for key, members in by_family.items()})
    for a, b in deletion_pairs(by_family, MIN_MEDIUM):
        buckets[f"d:{a}|{b}"] = by_family[a] + by_family[b]
    union = _UnionFind()
    seen: set[tuple[int, int]] = set()
    for bucket in buckets.values():
        for i, x in enumerate(bucket):
            for y in bucket[i + 1 :]:
                pair = (min(x, y), max(x, y))
                if pair in seen:
                    continue
                seen.add(pair)
                if not lists_of[idents[x]].isdisjoint(lists_of[idents[y]]):
                    continue
                if _person_difference(people[idents[x]], people[idents[y]]):
                    union.union(str(x), str(y))
    found: list[AuthorVariant] = []
    for group in union.groups():
        members = [int(i) for i in group]
        if len(members) < 2:
            continue
        # The accented spelling first (a bib more often loses a diacritic than invents one),
        # a family name that keeps its particle and all its words (Córdova Rosado), then the
        # spelling most entries use, then the earliest.
        best = max(
            members,
            key=lambda i: (
                _marks(idents[i][0]) + sum(map(_marks, idents[i][1])),
                not _particle_in_given(idents[i][1]),
                len(entries_of[idents[i]]),
                len(idents[i][0].split()),
                -entries_of[idents[i]][0].line,
            ),
        )
        preferred = people[idents[best]]
        elsewhere = tuple(e.key for e in entries_of[idents[best]])
        for member in members:
            person = people[idents[member]]
            difference = _person_difference(person, preferred) if member != best else None
            if difference is None:
                continue  # the same spelling up to initials, or linked only through others
            suggested = _suggest(person, preferred, difference)
            for entry in entries_of[idents[member]]:
                found.append(AuthorVariant(entry, person.name, suggested, elsewhere, difference))
    found.sort(key=lambda v: (v.entry.line, v.entry.key))
    return found


def _particle_in_given(given: tuple[str, ...]) -> bool:
    """A particle at the end of the given names ("Bemmel, Ilse van") belongs to the family."""
    return bool(given) and given[-1].casefold() in _PARTICLES


def _suggest(person: _Person, preferred: _Person, difference: str) -> Name:
    """Write this person's name taking from `preferred` only the parts that truly differ."""
    name, better = person.name, preferred.name
    if difference.startswith("split"):
        return better
    first = better.first if _given_difference(person.given, preferred.given)[1] else name.first
    von, last = (
        (better.von, better.last) if person.family != preferred.family else (name.von, name.last)
    )
    return Name(first=first, von=von, last=last, jr=name.jr, literal=name.literal)
