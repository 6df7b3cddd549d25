"""Surname normalisation and near-miss scoring for matching cited names to entries.

Candidates are found on a folded key (case, diacritics, apostrophes, hyphens and spaces
ignored); the exact spelling is then compared separately so a dropped diacritic is still
reported (CP104) while the citation resolves.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import OSA  # Levenshtein plus adjacent transpositions, in C

from .. import data
from ..model import Name

#: Letters NFKD does not decompose into a base letter plus marks.
_SPECIAL_LETTERS = str.maketrans(dict(data.table("special_letters")["letters"]))
#: Lower-case name particles ("van der Berg", "de Silva", "ibn Sina", "'t Hooft"), shared by
#: every module that reads names out of running text or typed reference lists.
PARTICLES = data.words("name_particles")
_NOT_KEY = re.compile(r"[^0-9a-z]+")
_SPACES = re.compile(r"\s+")
_ET_AL_TAIL = re.compile(r"\s*,?\s*\bet\.?\s*al\.?\s*$", re.IGNORECASE)
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


@lru_cache(maxsize=65536)
def strip_marks(text: str) -> str:
    """Remove diacritics and map special letters to ASCII look-alikes, keeping case."""
    text = text.translate(_SPECIAL_LETTERS)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def key(name: str) -> str:
    """Fold a name to a matching key: no case, marks, punctuation, spaces or leading 'the'."""
    plain = _ET_AL_TAIL.sub("", strip_marks(name).strip())
    plain = _LEADING_THE.sub("", plain)
    return _NOT_KEY.sub("", plain.casefold())


def canonical(name: str) -> str:
    """Normalise typography only (quotes, dashes, spaces) so equal spellings compare equal."""
    return _SPACES.sub(" ", name.translate(_SPECIAL_LETTERS)).strip()


def same_spelling(cited: str, written: str) -> bool:
    """True when a cited surname is spelled exactly as the entry's, up to typography.

    The case of a leading particle is free ("Van der Berg" at a sentence start cites
    "van der Berg"), as are a leading "The" and an "et al." that a corporate name carries.
    """
    a = _LEADING_THE.sub("", _ET_AL_TAIL.sub("", canonical(cited)))
    b = _LEADING_THE.sub("", _ET_AL_TAIL.sub("", canonical(written)))
    if a == b:
        return True
    return a[:1].casefold() == b[:1].casefold() and a[1:] == b[1:]


def name_forms(name: Name) -> tuple[str, ...]:
    """Return every way a citation may write this name: with and without particles, and
    for names BibTeX split oddly (corporate names written "Collaboration, The Event
    Horizon Telescope") the given-first order too."""
    forms = [name.family]
    if name.von and name.last:
        forms.append(name.last)
    if name.first and not name.literal:
        forms.append(f"{name.first} {name.family}")
    if name.literal:
        # An organisation's name may open with an abbreviation written with periods
        # ("U.S. Department of …"), which a citation reader takes for a person's initials:
        # the rest of the name names it too.
        opening = _DOTTED_ABBREVIATION.match(name.family)
        if opening is not None and opening.end() < len(name.family):
            forms.append(name.family[opening.end() :])
    return tuple(dict.fromkeys(f for f in forms if f))


#: Letters with periods opening a name: "U.S. ", "U. K. ".
_DOTTED_ABBREVIATION = re.compile(r"(?:[^\W\d_]\.\s?){1,4}\s+")


def is_near_miss(cited_key: str, entry_key: str) -> bool:
    """True when two different name keys are close enough to be one misspelled name.

    One edit for names up to 5 letters, two up to 10, three beyond; a swap of adjacent
    letters and an I/l confusion count as one edit. Short keys (≤3) must match exactly.
    """
    if cited_key == entry_key or min(len(cited_key), len(entry_key)) <= 3:
        return False

    longest = max(len(cited_key), len(entry_key))
    allowed = 1 if longest <= 5 else 2 if longest <= 10 else 3
    if abs(len(cited_key) - len(entry_key)) > allowed:
        return False
    # OCR confusions: 'l' for 'I' folds to 'l' vs 'i'; treat them as equal before counting.
    a, b = cited_key.replace("l", "i"), entry_key.replace("l", "i")
    distance = min(
        OSA.distance(cited_key, entry_key, score_cutoff=allowed + 1),
        OSA.distance(a, b, score_cutoff=allowed + 1),
    )
    if distance > allowed:
        return False
    # Keep the first letter unless the difference is an I/l swap: Hansen is not Jansen.
    return cited_key[0] == entry_key[0] or (a[0] == b[0] and distance <= 1)
