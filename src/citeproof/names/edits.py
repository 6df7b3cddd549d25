"""How two spellings of a name differ: one-deletion candidate pairs, the kind of edit
(doubled, swapped, OCR confusion, accent …) and its description for a message.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz.distance import OSA, Levenshtein

from .fold import strip_marks
from .occurrences import (
    scan_article as scan_article,
)
from .occurrences import (
    scan_bibliography as scan_bibliography,
)
from .spellings import (
    _SEPARATORS,
    fold,
    ocr_key,
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


def deletion_keys(key: str) -> list[str]:
    """A key and its one-deletion neighbourhood past the first letter (see deletion_pairs)."""
    return [key, *[key[:i] + key[i + 1 :] for i in range(1, len(key))]]


def ocr_bucket(key: str) -> str:
    """The key with the OCR confusions it holds undone (itself when it holds none)."""
    if key[0] in "il10" or any(old in key for old, _ in _OCR_PAIRS):
        return ocr_key(key)
    return key


def deletion_pairs(keys: Iterable[str], min_length: int) -> set[tuple[str, str]]:
    """Return pairs of keys one edit apart past their first letter, via their one-deletion
    neighbourhoods.

    Two keys within one substitution, insertion, deletion or adjacent swap share a key with
    one letter deleted, so bucketing by those finds every such pair without comparing all.
    The first letter is never deleted: an edit there is no slip (Hansen/Jansen). The last
    letter is, so that `classify_edit` can tell an inflected ending (Petrov/Petrova) from a
    slipped one (Ehrlich/Ehrlick).
    """
    buckets: dict[str, str | list[str]] = {}
    for key in keys:
        if not min_length <= len(key) <= MAX_NAME_LENGTH:
            continue
        for deleted in deletion_keys(key):
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


#: The letters grammatical endings are made of in the languages names are inflected in:
#: vowels (Kowalski/Kowalska, Petrov/Petrova, Novák/Nováka) and the consonants of plural,
#: genitive, adjective and case endings (-s: Kallas/Kalla, Sweden/Swedes; -n: Russia/Russian;
#: -m: Latin and Baltic accusatives; -t: Hungarian accusatives, Orbán/Orbánt). A last letter
#: added, dropped or exchanged within this class may be an inflection; any other change of
#: the last letter (Ehrlich/Ehrlick, Nightingale/Nightingalc) is a slip of the pen or of OCR.
_ENDING_LETTERS = frozenset("aeiouy" + "snmt")


def classify_edit(a: str, b: str) -> str | None:
    """Name a one-edit difference between folded keys, or None where names legitimately differ.

    An edit at the first letter is how two names differ (Hansen/Jansen), so it is refused.
    At the last letter, an edit that could be an inflection is refused (see
    `_ENDING_LETTERS`); one that no grammar makes — a consonant exchanged for another, a
    swapped pair, a doubled or undoubled final letter (Nuttall/Nuttal) — is a slip.
    A changed digit is never a slip of spelling: digits number different things (Cyp1a1/
    Cyp1a2, Apollo11/Apollo13); OCR's 0/O and 1/l are `ocr_key`'s.
    """
    if any(x.isdigit() for x in "".join(_trimmed(a, b))):
        return None
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        last = len(a) - 1
        if len(diffs) == 1 and diffs[0] > 0:
            if diffs[0] == last and {a[last], b[last]} <= _ENDING_LETTERS:
                return None  # an ending exchanged: Kowalski/Kowalska, Sweden/Swedes
            return "substituted"
        if (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and diffs[0] > 0
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        ):
            return "transposed"
        return None
    long, short = (a, b) if len(a) > len(b) else (b, a)
    if len(long) - len(short) != 1:
        return None
    index = next((i for i in range(len(short)) if long[i] != short[i]), len(short))
    if long[:index] + long[index + 1 :] != short or index == 0:
        return None
    doubled = long[index - 1] == long[index] or (
        index + 1 < len(long) and long[index + 1] == long[index]
    )
    if doubled:
        return "doubled"
    if index == len(long) - 1 and long[index] in _ENDING_LETTERS:
        return None  # a suffix: Petrov/Petrova, Kallas/Kalla, Russia/Russian
    return "dropped"


_VOWELS = frozenset("aeiouy")


def vowel_exchanged(a: str, b: str) -> bool:
    """Whether two keys of one length differ in one vowel put for another (Jensen/Jansen)."""
    diffs = [(x, y) for x, y in zip(a, b, strict=False) if x != y]
    return len(a) == len(b) and len(diffs) == 1 and set(diffs[0]) <= _VOWELS


#: Shortest folded key for which an OCR confusion, a doubled/swapped letter, or any other
#: one-letter edit may count as a variant.
MIN_OCR, MIN_MEDIUM, MIN_WEAK = 5, 5, 6
#: Shortest folded key for which one vowel put for another counts as a slip on the balance of
#: evidence alone: short names vary so between families and languages (Jensen/Jansen,
#: Hansen/Hanson, Meyer/Mayer, Andersen/Anderson), long ones rarely (Nightingale).
MIN_VOWEL = 9
_MEDIUM = frozenset({"doubled", "transposed"})
_OCR_PAIRS = (("rn", "m"), ("cl", "d"), ("vv", "w"), ("0", "o"), ("1", "l"))


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
