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

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from .author_variants import (
    find_author_variants as find_author_variants,
)
from .edits import (
    _MEDIUM,
    MAX_NAME_LENGTH,
    MIN_MEDIUM,
    MIN_OCR,
    MIN_VOWEL,
    MIN_WEAK,
    _UnionFind,
    classify_edit,
    deletion_pairs,
    describe_difference,
    ocr_bucket,
    vowel_exchanged,
)
from .fold import strip_marks
from .occurrences import (
    _alternation,
    _is_capitalised,
)
from .occurrences import (
    scan_article as scan_article,
)
from .occurrences import (
    scan_bibliography as scan_bibliography,
)
from .spellings import (
    _APOSTROPHES,
    _ARTICLE,
    _COMMON,
    _HYPHENS,
    _MARKS,
    _POSSESSIVE,
    _SEPARATORS,
    Article,
    Evidence,
    Occurrence,
    Reason,
    Source,
    Spelling,
    Variant,
    _inner_capitals,
    _is_ordinary,
    _marks,
    _separators,
    _surface,
    _used,
    fold,
    ocr_key,
)

# Re-exported: names the rules and tests know from this module, now defined below it.
from .spellings import AuthorVariant as AuthorVariant
from .spellings import is_foreign as is_foreign

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


@dataclass(frozen=True, slots=True)
class _Facts:
    """What decides the links a folded key may take."""

    name: bool  # not an ordinary word
    count: int
    attested: bool
    neighbours: frozenset[str]
    strict: bool  # False: may only join by case, diacritics or spacing
    vouched: bool = False  # an author name or the typed reference list writes it so

    @property
    def lone(self) -> bool:
        """Written once in the article and nowhere in the sources."""
        return self.count == 1 and not self.attested

    @property
    def well_used(self) -> bool:
        """Written three times or more, or the way an author or the typed list writes it (a
        title alone does not vouch for a word: it may be another name or a place)."""
        return self.count >= _WELL_USED or self.vouched


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
                    any(o.source in _VOUCHING for o in evidence),
                )
            self._facts[key] = found
        return found


#: How often a spelling must be written to outweigh a lone spelling one edit away.
_WELL_USED = 3
_VOUCHING = frozenset({Source.AUTHOR, Source.REFERENCE_LIST})


def _link(keys: _Keys, a: str, b: str, kind: str) -> bool:
    """Decide whether two folded keys joined by an OCR confusion or one edit are one name.

    One edit is also how two real names differ, so it needs corroboration: the same given
    name next to both (Klaus Iohannes / Klaus Iohannis), or the balance of evidence — a
    spelling written once and vouched for by no source, against one written three times or
    more or vouched for by an author name (Stroustrup ×6 / Stroustup ×1). Two spellings each
    used several times, or each attested, are two people; so are two spellings that stand
    next to different capitalised words (Karin Berg / Karen Smith) — different given names —
    and a short name with one vowel put for another (see MIN_VOWEL).
    """
    first, second = keys.facts(a), keys.facts(b)
    if not (first.name and second.name):
        return False
    if not (first.strict and second.strict):
        return _slip_at_sentence_start(first, second, a, b, kind)
    if first.attested and second.attested:
        return False  # both spellings in the sources: maybe two people; stay silent
    if kind == "ocr":
        return True
    if min(len(a), len(b)) < (MIN_MEDIUM if kind in _MEDIUM else MIN_WEAK):
        return False
    if first.neighbours & second.neighbours:
        return True
    if min(len(a), len(b)) < MIN_VOWEL and vowel_exchanged(a, b):
        return False  # short names vary so between families: see MIN_VOWEL
    return any(
        lone.lone and used.well_used and not (lone.neighbours and used.neighbours)
        for lone, used in ((first, second), (second, first))
    )


#: The slips a spelling seen only at sentence starts may be: typing slips inside the word.
_INNER_SLIPS = frozenset({"dropped", "doubled", "transposed"})


def _slip_at_sentence_start(first: _Facts, second: _Facts, a: str, b: str, kind: str) -> bool:
    """Decide a link where one spelling is only ever seen opening a sentence.

    There a capital proves nothing: the word may be an ordinary one ("Latter", "Turned").
    An exchanged letter or a changed ending is how ordinary words and inflections differ
    from names (Warner/Warned, Turner/Turned), so only a typing slip strictly inside the
    word counts — a letter dropped, doubled or two swapped, the last letter untouched —
    written once, against a spelling the article uses mid-sentence at least three times or
    that an author name or the typed list vouches for ("Stroustup." against Stroustrup ×6).
    """
    if kind not in _INNER_SLIPS or a[-1] != b[-1] or a[0] != b[0]:
        return False
    if min(len(a), len(b)) < MIN_WEAK:
        return False
    return any(
        lone.lone and not lone.strict and used.strict and used.well_used
        for lone, used in ((first, second), (second, first))
    )


def _capital_i_for_l(form: str) -> str | None:
    """The spelling with each upper-case I inside a lower-case word read as an l, if any.

    No word of any language writes a capital I after a lower-case letter and before another
    (or at the word's end): it is an l as a sans-serif font or OCR shows it (KaIlas, NuttalI).
    """
    letters = list(form)
    changed = False
    for i in range(1, len(letters)):
        if (
            letters[i] == "I"
            and letters[i - 1].islower()
            and (i + 1 == len(letters) or letters[i + 1].islower())
        ):
            letters[i] = "l"
            changed = True
    return "".join(letters) if changed else None


def _look_alike_links(keys: _Keys) -> Iterator[tuple[str, str]]:
    """Pair each key written with an inner capital I with the key of the l spelling.

    The capital I is evidence enough that the word is a slip, even at a sentence start
    where an ordinary word could hide; the l spelling must be a name the article uses
    mid-sentence or a source attests, and used more than the slip (or attested).
    """
    for key, key_forms in keys.forms.items():
        for form in key_forms:
            mended = _capital_i_for_l(form)
            other = fold(mended) if mended else None
            if not other or other == key or other not in keys.forms:
                continue
            slip, sound = keys.facts(key), keys.facts(other)
            if not (slip.name and sound.name and sound.strict) or slip.attested:
                continue
            if sound.attested or sound.count > slip.count:
                yield key, other


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
        mapped = ocr_bucket(key)
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
    for a, b in _look_alike_links(keys):
        union.union(keys.main(a), keys.main(b))
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
