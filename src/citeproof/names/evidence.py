"""Only the bibliography evidence an article's names can meet.

The whole evidence of a bibliography — every author name and capitalised title word as an
`Occurrence`, with its neighbours and language — is the bulk of a large check (10,000 titles),
yet the name grouping reports only spellings the article writes, and a spelling joins
another only through links that need both to be names: the same folded key, an OCR
confusion, a capital I put for an l, or one edit (see `variants._name_groups`). The evidence
of a spelling can therefore change a finding only if a chain of such possible links reaches
a spelling of the article. A spelling that is an ordinary word (written in lower case in the
article or a title, or common) takes no link at all and stops a chain.

So the bibliography is first read into a `Vocabulary` — its spellings by folded key and the
entries that write each, with no `Occurrence` built — once per bibliography; then, per
article, the keys that possible links connect to the article's names are found, and
occurrences are built for those spellings only, in the order `scan_bibliography` gives them.
The grouping sees, component by component, exactly what the whole evidence would show it:
`tests/names/test_evidence.py` compares the findings of both on generated articles.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from ..model import Entry
from .edits import MAX_NAME_LENGTH, MIN_MEDIUM, MIN_OCR, _UnionFind, deletion_keys, ocr_bucket
from .occurrences import (
    _alternation,
    _author_occurrences,
    _capitalised_word,
    _entry_foreign,
    _is_capitalised,
    _title_occurrences,
    _tokens,
    family_forms,
)
from .spellings import (
    _POSSESSIVE,
    Article,
    Evidence,
    Occurrence,
    _is_ordinary,
    _surface,
    fold,
)
from .variants import _capital_i_for_l

_TITLE_FIELDS = ("title", "booktitle")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """A bibliography's spellings, without their occurrences: what `evidence_for` searches.

    `forms` maps a folded key to the distinct spellings with that key. Which entries write a
    spelling is looked up only for the few spellings an article needs: family names through
    `by_family` (a family name as written → its entries) and `families` (a spelling → the
    family names that give it); title words by searching `titles`, the titles joined, whose
    entry `title_starts` tells, for the words `title_words` says give the spelling.
    """

    entries: tuple[Entry, ...]
    forms: dict[str, list[str]]
    by_family: dict[str, list[int]]
    families: dict[str, list[str]]
    title_words: dict[str, list[str]]
    titles: str
    title_starts: tuple[list[int], list[int]]  # where each title starts, and its entry
    title_keys: frozenset[str]  # the folded keys title words give
    words: frozenset[str]
    ocr: dict[str, list[str]]  # the key with OCR confusions undone → the keys
    deletions: dict[str, list[str]]  # a key with one letter (not the first) deleted → keys


def vocabulary(entries: Iterable[Entry]) -> Vocabulary:
    """Read a bibliography's spellings: one regex pass over its titles, one parse per
    distinct family name."""
    entries = tuple(entries)
    by_family: dict[str, list[int]] = defaultdict(list)
    titles: list[str] = []
    starts: list[int] = []
    owners: list[int] = []
    offset = 0
    for index, entry in enumerate(entries):
        for name in entry.names:
            by_family[name.last].append(index)
        for field_name in _TITLE_FIELDS:
            title = entry.fields.get(field_name, "")
            if title:
                titles.append(title)
                starts.append(offset)
                owners.append(index)
                offset += len(title) + 1
    text = "\n".join(titles)  # a line break ends a word as the end of a title does
    families: dict[str, list[str]] = defaultdict(list)
    for family in by_family:
        for form in family_forms(family):
            families[form].append(family)
    title_words: dict[str, list[str]] = defaultdict(list)
    for word in set(_capitalised_word().findall(text)):
        form = _title_form(word)
        if form is not None:
            title_words[form].append(word)
    forms: dict[str, list[str]] = defaultdict(list)
    for form in dict.fromkeys([*families, *title_words]):
        if len(form) <= MAX_NAME_LENGTH:  # longer ones never join a group (`_Keys`)
            forms[fold(form)].append(form)
    title_keys = frozenset(
        key for key, spellings in forms.items() if any(f in title_words for f in spellings)
    )
    words = _tokens(text)
    return Vocabulary(
        entries,
        dict(forms),
        dict(by_family),
        dict(families),
        dict(title_words),
        text,
        (starts, owners),
        title_keys,
        words,
        *_link_indexes(forms),
    )


def _title_form(word: str) -> str | None:
    """The spelling a title word gives as evidence (as `_title_occurrences` reads it)."""
    if word.endswith(_POSSESSIVE):
        word = word[:-2]
    if len(word) < 2 or not _is_capitalised(word):
        return None
    return _surface(word)


def _link_indexes(forms: dict[str, list[str]]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Index the keys by what a link joins them on (whether a key is an ordinary word,
    which takes no link, depends on the article too: `_needed` asks that of the few keys
    it reaches, which is cheaper than asking it of every key here)."""
    ocr: dict[str, list[str]] = defaultdict(list)
    deletions: dict[str, list[str]] = defaultdict(list)
    for key in forms:
        if len(key) >= MIN_OCR:
            ocr[ocr_bucket(key)].append(key)
        if MIN_MEDIUM <= len(key) <= MAX_NAME_LENGTH:
            for deleted in deletion_keys(key):
                deletions[deleted].append(key)
    return dict(ocr), dict(deletions)


def _mended(form: str) -> str | None:
    """The folded key of the spelling with an inner capital I read as l (see
    `variants._capital_i_for_l`), if it has one."""
    if "I" not in form[1:]:
        return None  # the common case, told without a walk through the letters
    mended = _capital_i_for_l(form)
    return fold(mended) if mended else None


# --------------------------------------------------------------------------- per article


def evidence_for(vocabulary: Vocabulary, article: Article) -> Evidence:
    """The evidence `scan_bibliography` would give, cut to the spellings `article` can meet."""
    article_forms = _article_forms(article, vocabulary)
    keys = _needed(vocabulary, article_forms, (article.words, vocabulary.words))
    wanted = {form for key in keys for form in vocabulary.forms.get(key, ())}
    families = {f for form in wanted for f in vocabulary.families.get(form, ())}
    authors = {i for family in families for i in vocabulary.by_family[family]}
    in_titles = _title_entries(
        vocabulary, (w for f in wanted for w in vocabulary.title_words.get(f, ()))
    )
    titles = {i for entries in in_titles.values() for i in entries}
    titles |= _run_entries(vocabulary, keys, article_forms)
    occurrences: list[Occurrence] = []
    runs: list[Occurrence] = []
    for index in sorted(authors | titles):
        entry = vocabulary.entries[index]
        if index in authors:
            for name in entry.names:
                if name.last in families:
                    occurrences.extend(
                        o for o in _author_occurrences(name, entry.key) if o.form in wanted
                    )
        if index in titles:
            for field_name in _TITLE_FIELDS:
                title = entry.fields.get(field_name, "")
                if not title:
                    continue
                found = _title_occurrences(title, entry.key, _entry_foreign(entry, title))
                for occurrence in found:
                    if " " not in occurrence.form:
                        if occurrence.form in wanted:
                            occurrences.append(occurrence)
                    elif fold(occurrence.form) in keys:
                        runs.append(occurrence)
    return Evidence(tuple(occurrences), tuple(runs), vocabulary.words)


def _title_entries(vocabulary: Vocabulary, words: Iterable[str]) -> dict[str, set[int]]:
    """The entries whose titles hold each of `words`, in one search of all titles.

    A plain search: a word found inside a longer one only costs reading that title again
    (a superset of the entries is safe; `evidence_for` reads each of them exactly).
    """
    words = set(words)
    found: dict[str, set[int]] = defaultdict(set)
    if not words:
        return found
    starts, owners = vocabulary.title_starts
    for match in re.finditer(_alternation(words), vocabulary.titles):
        found[match.group()].add(owners[bisect.bisect_right(starts, match.start()) - 1])
    return found


def _article_forms(article: Article, vocabulary: Vocabulary) -> dict[str, list[str]]:
    """The article's spellings by folded key, as `variants._Forms` reads them: its words,
    its typed reference list, and the runs of two words that a joined bib spelling may
    turn into a spelling of its own ("Berners Lee" for Berners-Lee)."""
    forms: dict[str, list[str]] = defaultdict(list)
    # A spelling longer than any name never joins a group (`variants._Keys`), and its
    # one-letter neighbourhood or its splits would cost the square of its length.
    # (The length is the spelling's, as `_Keys` measures it: composing marks shortens it.)
    for raw in article.counts:
        word = raw[:-2] if raw.endswith(_POSSESSIVE) else raw
        if len(word) > 1 and _is_capitalised(word):
            form = _surface(word)
            if len(form) <= MAX_NAME_LENGTH:
                forms[fold(form)].append(form)
    for occurrence in article.reference:
        if len(occurrence.form) <= MAX_NAME_LENGTH:
            forms[fold(occurrence.form)].append(occurrence.form)
    for first, second in article.pairs:
        second = second[:-2] if second.endswith(_POSSESSIVE) else second
        form = _surface(f"{first} {second}")
        if len(form) > MAX_NAME_LENGTH:
            continue
        key = fold(form)
        if key in vocabulary.forms:  # else only an article spelling can join it: see above
            forms[key].append(form)
    return forms


def _needed(
    vocabulary: Vocabulary,
    article_forms: dict[str, list[str]],
    ordinary: Sequence[AbstractSet[str]],
) -> set[str]:
    """The keys whose evidence can change a finding: those a chain of possible links joins
    to a name the article writes, in a cluster that holds two spellings or more (a lone
    spelling is never reported) or a joined spelling (which may gain a run's spelling)."""
    judged: dict[str, bool] = {}

    def may_link(key: str) -> bool:
        found = judged.get(key)
        if found is None:
            found = judged[key] = not all(
                _is_ordinary(form, ordinary) for form in _spellings(vocabulary, article_forms, key)
            )
        return found

    clusters = _UnionFind()
    reached: set[str] = set()
    # Buckets already followed, with the key that followed them: each bucket is followed
    # once (n keys sharing one would otherwise cost n² steps); a later key of it is joined
    # to that first key, which was joined to every member.
    expanded: dict[str, str] = {}
    pending = [key for key in article_forms if may_link(key)]
    while pending:
        key = pending.pop()
        if key in reached:
            continue
        reached.add(key)
        clusters.find(key)
        spellings = _spellings(vocabulary, article_forms, key)
        for other in _possible_links(vocabulary, key, spellings, expanded):
            if other != key and may_link(other):
                clusters.union(key, other)
                if other not in reached:
                    pending.append(other)
    needed: set[str] = set()
    for cluster in clusters.groups():
        spellings = {s for key in cluster for s in _spellings(vocabulary, article_forms, key)}
        if len(spellings) > 1 or any(map(_joined, spellings)):
            needed.update(cluster)
    return needed


def _spellings(
    vocabulary: Vocabulary, article_forms: dict[str, list[str]], key: str
) -> tuple[str, ...]:
    return (*article_forms.get(key, ()), *vocabulary.forms.get(key, ()))


def _joined(form: str) -> bool:
    """A spelling whose words a run of title words may write apart (`_Forms._add_runs`)."""
    return "-" in form or "'" in form or form[1:] != form[1:].lower()


def _possible_links(
    vocabulary: Vocabulary, key: str, spellings: Sequence[str], expanded: dict[str, str]
) -> Iterator[str]:
    """Every bib key a link of `variants._name_groups` could join to `key` (a superset).

    A bucket (an OCR key, a one-deletion key) already followed from another key gives only
    that key: it was joined to every member then, so `key` joins them through it.
    """
    yield key
    if len(key) >= MIN_OCR:
        yield from _bucket(expanded, "o:" + ocr_bucket(key), key, vocabulary.ocr)
    # A capital I put for an l links a slip to the l spelling only when no source writes
    # the slip (`variants._look_alike_links`), so only an article's spelling can be the
    # slip: the link is followed from it, never back from a bib spelling.
    for form in spellings:
        mended = _mended(form)
        if mended is not None:
            yield mended
    if MIN_MEDIUM <= len(key) <= MAX_NAME_LENGTH:
        for deleted in deletion_keys(key):
            yield from _bucket(expanded, "d:" + deleted, key, vocabulary.deletions)


def _bucket(
    expanded: dict[str, str], name: str, key: str, index: dict[str, list[str]]
) -> Iterator[str]:
    """The members of an index bucket the first time it is followed, then its first key."""
    first = expanded.get(name)
    if first is None:
        expanded[name] = key
        yield from index.get(name[2:], ())
    elif first != key:
        yield first


def _run_entries(
    vocabulary: Vocabulary, keys: AbstractSet[str], article_forms: dict[str, list[str]]
) -> set[int]:
    """The entries whose titles may hold a run of words ("Berners Lee") with a reached key.

    A run is evidence only for a key some joined spelling has (a hyphen, an apostrophe or an
    inner capital: `variants._Forms._add_runs`); its key is the keys of its two or three
    title words put together, so only entries whose titles write each of those words can
    hold it.
    """
    joined = {key for key in keys if any(map(_joined, _spellings(vocabulary, article_forms, key)))}
    splits = [parts for key in joined for parts in _splits(key, vocabulary.title_keys)]
    by_word = _title_entries(
        vocabulary,
        (w for parts in splits for part in parts for w in _title_words(vocabulary, part)),
    )
    found: set[int] = set()
    for parts in splits:
        holding = [
            {i for w in _title_words(vocabulary, part) for i in by_word.get(w, ())}
            for part in parts
        ]
        found |= set.intersection(*holding)
    return found


def _title_words(vocabulary: Vocabulary, key: str) -> list[str]:
    """The title words (as written) whose spelling has the folded key `key`."""
    return [
        w for form in vocabulary.forms.get(key, ()) for w in vocabulary.title_words.get(form, ())
    ]


def _splits(key: str, title_keys: AbstractSet[str]) -> Iterator[tuple[str, ...]]:
    """Every way to cut a key into two or three keys that title words give (each cut
    point is tried only after a part before it is such a key: linear in the key's length
    but for the rare parts that are)."""
    for i in range(1, len(key)):
        head = key[:i]
        if head not in title_keys:
            continue
        rest = key[i:]
        if rest in title_keys:
            yield head, rest
        for j in range(1, len(rest)):
            middle = rest[:j]
            if middle in title_keys and rest[j:] in title_keys:
                yield head, middle, rest[j:]
