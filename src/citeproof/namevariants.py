"""Find one name spelled several ways: in the article, its citations and its bibliography.

The article's body text and citations are the targets. The bibliography (author names and the
capitalised words of titles), the article's own typed reference list and quotations are
evidence only: they vote for a spelling but are never reported.

Spellings are compared as distinct forms, never occurrence by occurrence, and candidate pairs
come only from hash blocks — the folded key (case, diacritics, spacing), an OCR key (I/l, rn/m,
0/O …) and the one-deletion neighbourhood of the folded key — then are confirmed with
rapidfuzz. The pass is linear in the text plus a small cost per distinct name.

A pair of spellings is one name when the difference is one that people and OCR make and that
names do not inflect by: diacritics, capitals inside the word, spacing or hyphenation, an OCR
confusion, or one edit inside the word (never its first or last letter, which is where
Hansen/Jansen and Petrov/Petrova differ). One edit is also how two real names differ, so an
edit needs corroboration: the same given name next to both (Klaus Iohannes / Klaus Iohannis),
or, for a doubled or swapped letter, one lone spelling against a well-used one.
"""

from __future__ import annotations

import bisect
import enum
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import AbstractSet, Iterable, Iterator, Mapping, Sequence

from rapidfuzz.distance import OSA, Indel, Levenshtein

from .model import Entry, Name, Span
from .names import strip_marks

# --------------------------------------------------------------------------- records


class Source(enum.Enum):
    """Where a spelling was seen; only TEXT and CITATION occurrences are ever reported."""

    TEXT = "text"
    CITATION = "citation"
    QUOTE = "quote"
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
class Scan:
    """What one pass over a text yields: capitalised occurrences and lower-case words."""

    names: tuple[Occurrence, ...]
    #: lower-case word forms → their start offsets (article) or empty (bibliography)
    words: Mapping[str, tuple[int, ...]]
    #: where the reportable regions are, to classify a lower-case word's offset later
    regions: "_Regions | None" = None


# --------------------------------------------------------------------------- folding

_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_HYPHENS = "-\u2010\u2011"
_APOSTROPHES = "'\u2019"
_WORD = re.compile(
    rf"[^\W_][{_MARKS}]*(?:[^\W_][{_MARKS}]*|[{_HYPHENS}{_APOSTROPHES}](?=[^\W_]))*")
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


# --------------------------------------------------------------------------- ordinary words

#: Capitalised words that are not names: sentence openers, titles and roles, calendar words,
#: and the generic words of institutions and headings. Lower-case uses found in the article
#: and in titles extend this per run.
COMMON_WORDS = frozenset("""
a about above according across after afterwards again against all almost also although always
among an and another any anyone anything are around as at back be because been before being
below besides between beyond both but by can could despite did do does during each either
else even ever every few first for from further furthermore had has have having he hence her
here hers herself him himself his how however i if in indeed instead into is it its itself
just last later least less like many may me meanwhile might more moreover most much must my
neither never nevertheless next no none nonetheless nor not nothing now of often on once one
only or other others otherwise our out over overall perhaps rather second several she should
similarly since so some still such than that the their theirs them then there thereby
therefore these they third this those though through throughout thus to today together too
under unless until upon us very was we well were what whatever when whenever where whereas
whether which while who whom whose why will with within without would yet you your
additionally consequently finally importantly notably recently specifically especially
previously currently likewise accordingly alternatively ultimately clearly certainly
interestingly surprisingly unfortunately fortunately generally typically usually
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december spring summer autumn winter
president presidential prime minister ministers ministry secretary general chief director
professor doctor dr mr mrs ms sir lord lady king queen prince princess pope saint st senator
governor mayor chancellor chairman chair chairwoman commissioner ambassador deputy vice
foreign defence defense affairs interior finance justice council commission committee union
party republic kingdom state states united nations national international federal central
north south east west northern southern eastern western north-east cold war world university
institute department journal press review office agency team group centre center
association society foundation conference summit alliance organization organisation army navy
force forces court parliament government congress senate house assembly bank fund program
programme project series volume chapter section part table figure fig appendix summary
introduction conclusion conclusions abstract methods method results discussion references
acknowledgements acknowledgments statement need background overview data software
""".split())

_FOREIGN_WORDS = frozenset("""
de het een van voor op bij naar niet wordt mag om zijn en met uit worden ook maar nieuwe
der die das und ein eine mit für von zu im auf nicht ist den dem des sich wird
le la les du et une pour sur dans est au aux ou qui
el los las del y para por con una se su
il lo gli della di e per che
os do da dos das em um uma não
""".split())
_ENGLISH_WORDS = frozenset("""
the of and a an to in for on with by from at as its his her their how what who why can will
not be are was were into after about against between than that this these new or is
""".split())


def is_foreign(text: str) -> bool:
    """Guess whether a title or reference is not in English (its words are then weak evidence)."""
    foreign = english = 0
    for word in re.findall(r"[^\W\d_]+", text.casefold()):
        if word in _FOREIGN_WORDS:
            foreign += 1
        elif word in _ENGLISH_WORDS:
            english += 1
    return foreign > english


# --------------------------------------------------------------------------- scanning

_OPENERS = frozenset(" \t\u00a0\r\u202f“\"‘'([{*_#>«„•·-–—")
_TERMINAL = frozenset(".!?:;…")
_QUOTES = re.compile(
    r"“(?:[^“”\n]|\n(?![ \t]*\n)){1,1500}?”"
    r"|„(?:[^„“”\n]|\n(?![ \t]*\n)){1,1500}?[“”]"
    r"|«(?:[^«»\n]|\n(?![ \t]*\n)){1,1500}?»"
    r"|(?<![\w\"])\"(?:[^\"\n]|\n(?![ \t]*\n)){1,1500}?\"(?!\w)"
    r"|(?<![\w‘’'])‘(?:[^‘\n]|\n(?![ \t]*\n)){1,1500}?’(?!\w)"
)


def _sentence_start(text: str, start: int) -> bool:
    """Tell whether a word opens a sentence, a paragraph, a heading or a list item."""
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
    return ch in _TERMINAL or crossed_line and not (ch.islower() or ch == ",")


@dataclass(frozen=True, slots=True)
class _Regions:
    """Sorted, disjoint article regions that change what an occurrence counts as."""

    citations: tuple[tuple[int, int, bool], ...]  # start, end, protected
    quotes: tuple[tuple[int, int], ...]
    reference_list: Span | None

    def classify(self, start: int) -> tuple[Source, bool]:
        """Return the source of an article offset and whether it is protected."""
        ref = self.reference_list
        if ref is not None and ref.start <= start < ref.end:
            return Source.REFERENCE_LIST, False
        at = bisect.bisect_right(self.citations, (start, 1 << 62, True)) - 1
        if at >= 0 and self.citations[at][0] <= start < self.citations[at][1]:
            return Source.CITATION, self.citations[at][2]
        at = bisect.bisect_right(self.quotes, (start, 1 << 62)) - 1
        if at >= 0 and self.quotes[at][0] <= start < self.quotes[at][1]:
            return Source.QUOTE, False
        return Source.TEXT, False


def _is_capitalised(word: str) -> bool:
    """A name-shaped word: every hyphen part starts upper-case and has a lower-case letter."""
    for part in re.split(f"[{_HYPHENS}]", word):
        head = part[:1]
        if not (head.isupper() or head in "01" and part[1:2].islower()):
            return False
        if not any(ch.islower() for ch in part):
            return False
    return True


def _tokens(text: str) -> Iterator[tuple[str, int, int, str]]:
    """Yield (word, start, end, shape) with shape 'cap', 'low' or 'other' (acronyms, numbers)."""
    for match in _WORD.finditer(text):
        word, start, end = match.group(), match.start(), match.end()
        head = word[0]
        if head.islower():
            yield word, start, end, "low"
            continue
        if word.endswith(_POSSESSIVE):
            word, end = word[:-2], end - 2
        if len(word) > 1 and _is_capitalised(word):
            yield word, start, end, "cap"
        else:
            yield word, start, end, "other"


def _adjacent(text: str, end: int, start: int) -> bool:
    return start - end == 1 and text[end] in " \u00a0"


def _names_in(text: str, make: "_Maker") -> tuple[list[Occurrence], dict[str, list[int]]]:
    """Scan one text: capitalised words with neighbours, runs of them, lower-case words."""
    words: dict[str, list[int]] = defaultdict(list)
    caps: list[tuple[str, int, int]] = []
    runs: list[list[int]] = []  # indices into caps of adjacent capitalised words
    previous_end = -10
    for word, start, end, shape in _tokens(text):
        if shape == "low":
            words[word].append(start)
        elif shape == "cap":
            if previous_end >= 0 and _adjacent(text, previous_end, start):
                runs[-1].append(len(caps))
            else:
                runs.append([len(caps)])
            caps.append((word, start, end))
        previous_end = end if shape == "cap" else -10
    occurrences: list[Occurrence] = []
    for run in runs:
        folded = [fold(caps[i][0]) for i in run]
        for position, index in enumerate(run):
            word, start, end = caps[index]
            neighbours = tuple(folded[j] for j in (position - 1, position + 1) if 0 <= j < len(run))
            occurrences.append(make(text, word, start, end, neighbours))
        for size in (2, 3):  # spaced compounds ("Berners Lee"), kept only if matched later
            for first in range(len(run) - size + 1):
                start, end = caps[run[first]][1], caps[run[first + size - 1]][2]
                form = " ".join(caps[i][0] for i in run[first : first + size])
                occurrences.append(make(text, form, start, end, ()))
    return occurrences, words


class _Maker:
    """Build Occurrences for one text (article or title) with its source rules."""

    def __init__(self, regions: _Regions | None = None, source: Source = Source.TEXT,
                 key: str = "", foreign: bool = False):
        self.regions, self.source, self.key, self.foreign = regions, source, key, foreign
        self.reference_lines: dict[int, bool] = {}

    def __call__(self, text: str, form: str, start: int, end: int,
                 neighbours: tuple[str, ...]) -> Occurrence:
        source, protected, foreign = self.source, False, self.foreign
        if self.regions is not None:
            source, protected = self.regions.classify(start)
            if source is Source.REFERENCE_LIST:
                foreign = self._foreign_line(text, start)
        if self.source is Source.TITLE:
            return Occurrence(_surface(form), source, key=self.key, foreign=foreign,
                              sentence_start=start == 0 or _sentence_start(text, start),
                              neighbours=neighbours)
        return Occurrence(_surface(form), source, start, end, "", _sentence_start(text, start),
                          neighbours, foreign, protected)

    def _foreign_line(self, text: str, offset: int) -> bool:
        line_start = text.rfind("\n", 0, offset) + 1
        cached = self.reference_lines.get(line_start)
        if cached is None:
            line_end = text.find("\n", offset)
            cached = is_foreign(text[line_start : line_end if line_end >= 0 else len(text)])
            self.reference_lines[line_start] = cached
        return cached


def scan_article(text: str, reference_list: Span | None = None,
                 citations: Iterable[tuple[Span, bool]] = ()) -> Scan:
    """Collect the article's name occurrences; `citations` are (span, protected) pairs."""
    quotes = tuple((m.start(), m.end()) for m in _QUOTES.finditer(text))
    regions = _Regions(tuple(sorted((s.start, s.end, p) for s, p in citations)), quotes,
                       reference_list)
    occurrences, words = _names_in(text, _Maker(regions))
    return Scan(tuple(occurrences), {w: tuple(s) for w, s in words.items()}, regions)


def scan_bibliography(entries: Iterable[Entry]) -> Scan:
    """Collect the evidence of a bibliography: author names and the words of titles."""
    occurrences: list[Occurrence] = []
    words: dict[str, tuple[int, ...]] = {}
    for entry in entries:
        for name in entry.names:
            occurrences.extend(_author_occurrences(name, entry.key))
        for field_name in ("title", "booktitle"):
            title = entry.fields.get(field_name, "")
            if not title:
                continue
            foreign = _entry_foreign(entry, title)
            found, title_words = _names_in(title, _Maker(source=Source.TITLE, key=entry.key,
                                                         foreign=foreign))
            occurrences.extend(found)
            words.update(dict.fromkeys(title_words, ()))
    return Scan(tuple(occurrences), words)


def _entry_foreign(entry: Entry, title: str) -> bool:
    language = (entry.fields.get("langid") or entry.fields.get("language") or "").casefold()
    if language:
        return not language.startswith(("en", "american", "british", "australian", "canadian"))
    return is_foreign(title)


def _author_occurrences(name: Name, key: str) -> Iterator[Occurrence]:
    """An author's family name (whole and word by word) and full given names, as evidence."""
    given = [w for w, _, _, shape in _tokens(name.first) if shape == "cap" and len(fold(w)) > 1]
    family = [w for w, _, _, shape in _tokens(name.last) if shape == "cap"]
    given_keys = tuple(fold(w) for w in given)
    family_keys = tuple(fold(w) for w in family)
    for word in family:
        yield Occurrence(_surface(word), Source.AUTHOR, key=key, neighbours=given_keys)
    if len(family) > 1 and " ".join(family) == " ".join(name.last.split()):
        yield Occurrence(_surface(" ".join(family)), Source.AUTHOR, key=key)
    if not name.literal:
        for word in given:
            yield Occurrence(_surface(word), Source.AUTHOR, key=key, neighbours=family_keys)


def ordinary_words(*scans: Scan) -> frozenset[str]:
    """Return the folded keys of words that are not names: written in lower case, or common."""
    lower = {fold(word) for scan in scans for word in scan.words}
    return frozenset(lower | {fold(word) for word in COMMON_WORDS})


# --------------------------------------------------------------------------- grouping


class _Forms:
    """Occurrences grouped by spelling, with the counts the decisions need."""

    def __init__(self, occurrences: Iterable[Occurrence]):
        self.by_form: dict[str, list[Occurrence]] = defaultdict(list)
        for occurrence in occurrences:
            self.by_form[occurrence.form].append(occurrence)

    def spelling(self, form: str) -> Spelling:
        items = self.by_form[form]
        return Spelling(
            form,
            in_article=sum(1 for o in items if o.source in _ARTICLE),
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


def deletion_pairs(keys: Iterable[str], min_length: int) -> set[tuple[str, str]]:
    """Return pairs of keys at most one edit apart, via their one-deletion neighbourhoods.

    Two keys within one substitution, insertion, deletion or adjacent swap share a key with
    one letter deleted, so bucketing by those finds every such pair without comparing all.
    """
    buckets: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        if len(key) < min_length:
            continue
        buckets[key].append(key)
        for index in range(len(key)):
            buckets[key[:index] + key[index + 1 :]].append(key)
    pairs: set[tuple[str, str]] = set()
    for bucket in buckets.values():
        if len(bucket) < 2:
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
        if (len(diffs) == 2 and diffs[1] == diffs[0] + 1 and 0 < diffs[0] and diffs[1] < last
                and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]):
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


class _Keys:
    """Per folded key: the facts that decide which links it may take."""

    def __init__(self, forms: _Forms, ordinary: AbstractSet[str]):
        self.forms: dict[str, list[str]] = defaultdict(list)
        for form in forms.by_form:
            self.forms[fold(form)].append(form)
        self.count: dict[str, int] = {}
        self.attested: dict[str, bool] = {}
        self.neighbours: dict[str, set[str]] = {}
        self.loose: set[str] = set()  # may only join by case, diacritics or spacing
        self.name: set[str] = set()
        for key, key_forms in self.forms.items():
            items = [o for form in key_forms for o in forms.by_form[form]]
            parts = [fold(p) for p in _SEPARATORS.split(key_forms[0]) if p]
            if not key or all(part in ordinary for part in parts):
                continue
            self.name.add(key)
            self.count[key] = len(items)
            self.attested[key] = any(o.source not in _ARTICLE for o in items)
            self.neighbours[key] = {n for o in items for n in o.neighbours
                                    if n not in ordinary and n != key}
            # A word seen only at sentence starts may be an ordinary word ("Route"), and one
            # seen only in a title in another language may be that language's word
            # ("Turkije"): such words join a group only by case, diacritics or spacing.
            if not any(o.source is Source.CITATION or o.source in _ARTICLE and not o.sentence_start
                       or o.source not in _ARTICLE and not o.foreign for o in items):
                self.loose.add(key)

    def strict(self, key: str) -> bool:
        return key in self.name and key not in self.loose


def _link(keys: _Keys, a: str, b: str, kind: str) -> bool:
    """Decide whether two folded keys joined by a one-edit `kind` are one name."""
    if keys.attested[a] and keys.attested[b]:
        return False  # two spellings both in the sources: maybe two people; stay silent
    shared = keys.neighbours[a] & keys.neighbours[b]
    if shared:
        return min(len(a), len(b)) >= (MIN_MEDIUM if kind in ("doubled", "transposed") else MIN_WEAK)
    if kind not in ("doubled", "transposed") or min(len(a), len(b)) < MIN_MEDIUM:
        return False
    for lone, used in ((a, b), (b, a)):
        if keys.count[lone] == 1 and not keys.attested[lone] and keys.count[used] >= 3:
            return True
    return False


def _name_groups(forms: _Forms, keys: _Keys) -> list[list[str]]:
    """Return groups of folded keys that spell one name."""
    union = _UnionFind()
    for key in keys.name:
        union.find(key)
    strict = [key for key in keys.name if keys.strict(key)]
    by_ocr: dict[str, list[str]] = defaultdict(list)
    for key in strict:
        if len(key) >= MIN_OCR:
            by_ocr[ocr_key(key)].append(key)
    for bucket in by_ocr.values():
        for other in bucket[1:]:
            union.union(bucket[0], other)
    for a, b in deletion_pairs(strict, MIN_MEDIUM):
        if ocr_key(a) == ocr_key(b):
            continue
        kind = classify_edit(a, b)
        if kind is not None and _link(keys, a, b, kind):
            union.union(a, b)
    return union.groups()


def _compound_keys(forms: _Forms) -> set[str]:
    """Folded keys of single words that join parts: Berners-Lee, O'Shea, McDonald."""
    found = set()
    for form in forms.by_form:
        if " " in form:
            continue
        if any(ch in form for ch in "-'") or _inner_capitals(form):
            found.add(fold(form))
    return found


def _drop_unmatched_runs(occurrences: Sequence[Occurrence]) -> list[Occurrence]:
    """Keep a spaced run of words only when some single word spells the same letters."""
    singles = _Forms(o for o in occurrences if " " not in o.form)
    compounds = _compound_keys(singles)
    kept = []
    for occurrence in occurrences:
        if " " not in occurrence.form or fold(occurrence.form) in compounds:
            kept.append(occurrence)
    return kept


def _rank(spelling: Spelling, attested: bool, first: int) -> tuple:
    return (attested, _marks(spelling.form),
            spelling.in_article + spelling.in_reference_list + len(spelling.authors)
            + len(spelling.titles), _inner_capitals(spelling.form), -first)


def _choose(forms: _Forms, group_forms: Sequence[str]) -> tuple[list[Spelling], dict[str, bool],
                                                                 dict[str, tuple]]:
    """Rank a group's spellings: attested, then diacritics, then majority, then capitals."""
    spellings = {form: forms.spelling(form) for form in group_forms}
    exact = {form for form, s in spellings.items() if s.attested}
    plain = {strip_marks(form) for form in exact}
    # A source that writes a name without its diacritics vouches for the accented form too.
    attested = {form: form in exact or strip_marks(form) in plain for form in group_forms}
    first = {form: min((o.start for o in forms.by_form[form] if o.start >= 0), default=1 << 62)
             for form in group_forms}
    ranks = {form: _rank(spellings[form], attested[form], first[form]) for form in group_forms}
    ordered = sorted(group_forms, key=lambda f: ranks[f], reverse=True)
    return [spellings[f] for f in ordered], {f: f in exact for f in group_forms}, ranks


def _reason(preferred: tuple, written: tuple) -> Reason:
    for reason, a, b in zip((Reason.BIBLIOGRAPHY, Reason.DIACRITICS, Reason.MAJORITY,
                             Reason.CAPITALS), preferred, written):
        if a != b:
            return reason
    return Reason.FIRST


def describe_difference(written: str, preferred: str) -> str:
    """Say how one spelling differs from another, in the reader's terms."""
    if strip_marks(written) == strip_marks(preferred):
        pairs = [f"'{w}' for '{p}'" for w, p in zip(_nfc_letters(written), _nfc_letters(preferred))
                 if w != p]
        detail = ", ".join(pairs) if len(_nfc_letters(written)) == len(_nfc_letters(preferred)) else ""
        return f"diacritics differ{': ' + detail if detail else ''}"
    if written.casefold() == preferred.casefold():
        return "capitals differ"
    if fold(written) == fold(preferred):
        return "spacing or hyphenation differs"
    if ocr_key(fold(written)) == ocr_key(fold(preferred)):
        return "letters confused as in OCR or hurried typing: " + _edits(written, preferred)
    return _edits(written, preferred)


def _nfc_letters(form: str) -> list[str]:
    return list(unicodedata.normalize("NFC", form))


def _edits(written: str, preferred: str) -> str:
    a, b = _nfc_letters(written), _nfc_letters(preferred)
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


def _variants(forms: _Forms, groups: Iterable[Sequence[str]]) -> list[Variant]:
    """Report every target occurrence whose spelling is not its group's preferred one."""
    found: list[Variant] = []
    for group_forms in groups:
        if len(group_forms) < 2:
            continue
        spellings, exact, ranks = _choose(forms, group_forms)
        preferred = spellings[0]
        by_form = {s.form: s for s in spellings}
        for form in group_forms:
            if form == preferred.form or exact[form]:
                continue
            difference = describe_difference(form, preferred.form)
            reason = _reason(ranks[preferred.form], ranks[form])
            for occurrence in forms.by_form[form]:
                if occurrence.target:
                    found.append(Variant(occurrence, by_form[form], preferred, tuple(spellings),
                                         difference, reason))
    found.sort(key=lambda v: v.occurrence.start)
    return found


def find_name_variants(occurrences: Sequence[Occurrence],
                       ordinary: AbstractSet[str]) -> list[Variant]:
    """Return the article occurrences that spell a name differently from its preferred form."""
    forms = _Forms(_drop_unmatched_runs(occurrences))
    keys = _Keys(forms, ordinary)
    groups = []
    for group in _name_groups(forms, keys):
        group_forms = [form for key in group for form in keys.forms[key]]
        groups.append(group_forms)
    return _variants(forms, groups)


# --------------------------------------------------------------------------- terms (CP302)

#: Hyphenated words whose closed form is another word (re-sign / resign).
_DISTINCT_CLOSED = frozenset(
    "resign recover recreation reform recount repress coop release resort resent reserve "
    "refuse remark redress represent reside unionized retreat recollect".split())


def find_term_variants(occurrences: Sequence[Occurrence], words: Mapping[str, Sequence[int]],
                       regions: _Regions | None, ordinary: AbstractSet[str],
                       evidence_words: Iterable[str] = ()) -> list[Variant]:
    """Return terms of ordinary words written several ways (Secretary General/-General).

    Capitalised terms may differ in spacing or hyphenation; lower-case words only between a
    hyphenated and a closed form (e-mail/email) or in diacritics (naïve/naive), since a
    spaced lower-case pair is often grammar (a follow-up / to follow up).
    """
    kept = _drop_unmatched_runs(occurrences)
    forms = _Forms(o for o in kept if _is_term(o.form, ordinary))
    by_key: dict[str, list[str]] = defaultdict(list)
    for form in forms.by_form:
        by_key[fold(form)].append(form)
    groups = [g for g in by_key.values() if len({_SEPARATORS.sub("", f) for f in g}) == 1]
    lower = _Forms(_lower_occurrences(words, regions, evidence_words))
    lower_keys: dict[str, list[str]] = defaultdict(list)
    for form in lower.by_form:
        lower_keys[fold(form)].append(form)
    lower_groups = [g for g in lower_keys.values() if len(g) > 1 and _lower_variant(g)]
    return _variants(forms, groups) + _variants(lower, lower_groups)


def _is_term(form: str, ordinary: AbstractSet[str]) -> bool:
    parts = [p for p in _SEPARATORS.split(form) if p]
    return len(parts) > 1 and all(fold(p) in ordinary for p in parts)


def _lower_variant(group: Sequence[str]) -> bool:
    spaced = {f for f in group if "-" in f}
    if spaced and all(fold(f) in _DISTINCT_CLOSED for f in group if "-" not in f):
        return False
    return len({_SEPARATORS.sub("", f) for f in group}) == 1 or bool(spaced)


def _lower_occurrences(words: Mapping[str, Sequence[int]], regions: _Regions | None,
                       evidence_words: Iterable[str]) -> Iterator[Occurrence]:
    """Occurrences of lower-case words that have a hyphenated or accented sibling."""
    keys: dict[str, set[str]] = defaultdict(set)
    evidence = set(evidence_words)
    for word in (*words, *evidence):
        keys[fold(word)].add(word)
    for key, group in keys.items():
        if len(group) < 2 or not any("-" in w or not w.isascii() for w in group):
            continue
        for word in group:
            for start in words.get(word, ()):
                source, protected = (regions.classify(start) if regions is not None
                                     else (Source.TEXT, False))
                yield Occurrence(_surface(word), source, start, start + len(word),
                                 protected=protected)
            if word in evidence:
                yield Occurrence(_surface(word), Source.TITLE, key="")


# --------------------------------------------------------------------------- authors (CP202)

_INITIALS = re.compile(r"^(?:[^\W\d_]{1,2}\.|[^\W\d_])(?:-?(?:[^\W\d_]{1,2}\.|[^\W\d_]))*$")


def _given(first: str) -> tuple[str, ...]:
    """Split given names into words, an initial kept as its bare letter ("R.C." → R, C)."""
    tokens: list[str] = []
    for word in first.replace(".", ". ").split():
        if _INITIALS.match(word) and len(word.rstrip(".")) <= 2 and (
                word.endswith(".") or len(word) == 1):
            tokens.append(word.rstrip(".")[:1])
        else:
            tokens.append(word)
    return tuple(tokens)


def _given_difference(a: tuple[str, ...], b: tuple[str, ...]) -> str | None | bool:
    """Compare given names: True if compatible (same or initials), a description of a near
    variant, or None if they belong to different people."""
    difference: str | None = None
    for x, y in zip(a, b):
        if len(x) == 1 or len(y) == 1:
            if fold(x)[:1] != fold(y)[:1]:
                return None
            continue
        if x == y:
            continue
        if fold(x) == fold(y) or _near_given(fold(x), fold(y)):
            difference = f"given name '{x}' vs '{y}'"
            continue
        return None
    return difference or True


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
    if fa == fb:
        return describe_difference(a, b)
    if min(len(fa), len(fb)) >= MIN_OCR and ocr_key(fa) == ocr_key(fb):
        return describe_difference(a, b)
    if same_given and OSA.distance(fa, fb, score_cutoff=1) <= 1 and min(len(fa), len(fb)) >= MIN_MEDIUM:
        if classify_edit(fa, fb) is not None:
            return describe_difference(a, b)
    return None


@dataclass(frozen=True, slots=True)
class _Person:
    family: str
    given: tuple[str, ...]
    name: Name

    @property
    def label(self) -> str:
        return f"{self.family}, {' '.join(self.given)}" if self.given else self.family


def find_author_variants(entries: Sequence[Entry]) -> list[AuthorVariant]:
    """Return bib entries that write an author differently from the author's other entries.

    Initials against full given names ("A. S." / "Ann S.") are one spelling, not a variant.
    """
    people: dict[tuple[str, tuple[str, ...]], _Person] = {}
    entries_of: dict[tuple[str, tuple[str, ...]], list[Entry]] = defaultdict(list)
    together: set[frozenset[tuple[str, tuple[str, ...]]]] = set()
    for entry in entries:
        ids = []
        for name in entry.names:
            family = _surface(" ".join(name.family.split()))
            if not family:
                continue
            ident = (family, () if name.literal else _given(_surface(name.first)))
            people.setdefault(ident, _Person(ident[0], ident[1], name))
            if not entries_of[ident] or entries_of[ident][-1] is not entry:
                entries_of[ident].append(entry)
            ids.append(ident)
        if len(ids) > 1:
            for i, a in enumerate(ids):
                for b in ids[i + 1 :]:
                    together.add(frozenset((a, b)))
    idents = list(people)
    buckets: dict[str, list[int]] = defaultdict(list)
    for index, (family, given) in enumerate(idents):
        key = fold(family)
        buckets["f:" + key].append(index)
        buckets["o:" + ocr_key(key)].append(index)
        buckets["w:" + fold(" ".join(given)) + key].append(index)
    for a, b in deletion_pairs({fold(f) for f, _ in idents}, MIN_MEDIUM):
        buckets["d:" + a + "|" + b] = [i for i, (f, _) in enumerate(idents) if fold(f) in (a, b)]
    union = _UnionFind()
    descriptions: dict[tuple[int, int], str] = {}
    seen: set[tuple[int, int]] = set()
    for bucket in buckets.values():
        for i, x in enumerate(bucket):
            for y in bucket[i + 1 :]:
                pair = (min(x, y), max(x, y))
                if pair in seen:
                    continue
                seen.add(pair)
                description = _person_difference(people[idents[x]], people[idents[y]])
                if description and frozenset((idents[x], idents[y])) not in together:
                    union.union(str(x), str(y))
                    descriptions[pair] = description
    found: list[AuthorVariant] = []
    for group in union.groups():
        if len(group) < 2:
            continue
        members = [int(i) for i in group]
        best = max(members, key=lambda i: (len(entries_of[idents[i]]), _marks(idents[i][0]),
                                           sum(len(w) for w in idents[i][1]),
                                           -entries_of[idents[i]][0].line))
        preferred = people[idents[best]]
        for member in members:
            if member == best:
                continue
            person = people[idents[member]]
            suggested, difference = _suggest(person, preferred)
            if suggested is None:
                continue
            elsewhere = tuple(e.key for e in entries_of[idents[best]])
            for entry in entries_of[idents[member]]:
                found.append(AuthorVariant(entry, person.name, suggested, elsewhere, difference))
    found.sort(key=lambda v: (v.entry.line, v.entry.key))
    return found


def _person_difference(a: _Person, b: _Person) -> str | None:
    """Describe how two spellings of one author differ, or None if they are two people."""
    if a.family == b.family:
        given = _given_difference(a.given, b.given)
        return given if isinstance(given, str) else None
    if a.given and b.given and fold(a.family + "".join(a.given)) == fold(b.family + "".join(b.given)) \
            and fold(a.family) != fold(b.family) and all(len(w) > 1 for w in a.given + b.given):
        return "split differently into given and family names"
    given = _given_difference(a.given, b.given)
    if given is None:
        return None
    same_given = bool(a.given and b.given and len(a.given[0]) > 1 and fold(a.given[0]) == fold(b.given[0]))
    family = _family_difference(a.family, b.family, same_given)
    if family is None:
        return None
    return f"family name: {family}" + (f"; {given}" if isinstance(given, str) else "")


def _suggest(person: _Person, preferred: _Person) -> tuple[Name | None, str]:
    """Write this person's name with only the parts that truly differ taken from `preferred`."""
    description = _person_difference(person, preferred)
    if description is None:
        return None, ""
    name = person.name
    if description.startswith("split"):
        return preferred.name, description
    first = name.first
    given = _given_difference(person.given, preferred.given)
    if isinstance(given, str):
        first = preferred.name.first
    if person.family != preferred.family:
        return Name(first=first, von=preferred.name.von, last=preferred.name.last,
                    jr=name.jr, literal=name.literal), description
    return Name(first=first, von=name.von, last=name.last, jr=name.jr,
                literal=name.literal), description
