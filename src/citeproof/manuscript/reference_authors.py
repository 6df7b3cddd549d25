"""The authors of a typed reference: "Surname, I., & Other, J." (APA) or "Surname, Given,
and Given Other" (Chicago) split into Name records, corporate authors kept whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Name
from ..names.fold import PARTICLES as _PARTICLES

_ET_AL = re.compile(r",?\s*\bet\.?\s*al\.?,?", re.IGNORECASE)
_INITIALS = re.compile(r"^(?:(?:[A-Z][a-z]?\.\s?-?\s?)*[A-Z][a-z]?\.?|[A-Z]{1,3})$")
# --------------------------------------------------------------------------- names


def parse_authors(text: str, given_first: bool = False) -> tuple[tuple[Name, ...], bool]:
    """Split a typed author list into Names: "Surname, I. I., & Surname, I." (APA),
    "Surname, Given, Given Surname, and Given Surname" (Chicago), corporate names whole."""
    others = bool(_ET_AL.search(text)) or "…" in text
    text = _ET_AL.sub("", text)
    text = re.sub(r"\s*…\s*", ", ", text).strip(" ,;")
    if text.endswith(".") and not _INITIALS.match(text.rsplit(None, 1)[-1].split(",")[-1]):
        text = text[:-1].rstrip(" ,;")
    if not text:
        return (), others
    # Join words ("and", "&") become separators; keep a comma-free corporate name whole.
    pieces = [p.strip() for p in re.split(r"\s*,\s*|\s+(?:and|&)\s+|\s*;\s*", text) if p.strip()]
    pieces = [re.sub(r"^(?:and|&)\s+", "", p) for p in pieces]
    if len(pieces) == 1:
        return (_single(pieces[0], given_first),), others
    names: list[Name] = []
    index = 0
    # APA / Harvard invert every name ("Almgren, A. S., Beckner, V. E."); Chicago and MLA
    # only the first ("Almgren, A. S., V. E. Beckner"): the third piece tells them apart.
    inverted_all = (
        len(pieces) > 1
        and _initials_given(pieces[1])
        and not (
            len(pieces) > 2
            and len(pieces[2].split()) > 1
            and _INITIALS.match(pieces[2].split()[0]) is not None
        )
    )
    first = True
    while index < len(pieces):
        piece = pieces[index]
        following = pieces[index + 1] if index + 1 < len(pieces) else None
        if (
            not given_first
            and (first or inverted_all)
            and following is not None
            and _is_given(following)
            and _is_family(piece)
        ):
            names.append(_name(family=piece, given=following))
            index += 2
        elif piece.lower() in ("the",) and names:
            index += 1  # "StarKiller Microphysics Development Team, the, ..."
        else:
            names.append(_single(piece, given_first=True))
            index += 1
        first = False
    return tuple(names), others


def _initials_given(piece: str) -> bool:
    """Initials, perhaps followed by a dropping particle: "A. S.", "S. van der"."""
    words = piece.split()
    while len(words) > 1 and words[-1].lower() in _PARTICLES:
        words = words[:-1]
    return _INITIALS.match("".join(words)) is not None


def _is_given(piece: str) -> bool:
    """Initials ("J. K.", "P.-C.") or one or two capitalised given names ("Ann", "Mary Jo")."""
    compact = piece.replace(" ", "")
    if _INITIALS.match(compact):
        return True
    words = piece.split()
    while len(words) > 1 and words[-1].lower() in _PARTICLES:
        words = words[:-1]  # APA puts a dropping particle last: "Zanna, L. del"
    if _INITIALS.match("".join(words)):
        return True
    return (
        1 <= len(words) <= 3
        and all(
            w[:1].isupper() and (w.rstrip(".").isalpha() or _INITIALS.match(w) or "-" in w)
            for w in words
        )
        and not any(
            w.lower() in ("university", "team", "collaboration", "institute", "press")
            for w in words
        )
    )


def _is_family(piece: str) -> bool:
    words = piece.split()
    if not words or len(words) > 4:
        return False
    return all(w[:1].isupper() or w.lower() in _PARTICLES for w in words)


def _single(piece: str, given_first: bool) -> Name:
    """One name with no comma: "Given Family" (Chicago's later authors) or a corporate name."""
    words = piece.split()
    if len(words) >= 2 and given_first and _looks_personal(words):
        cut = len(words) - 1
        while cut > 1 and words[cut - 1].lower() in _PARTICLES:
            cut -= 1
        given = " ".join(words[:cut])
        family_words = words[cut:]
        von = [w for w in family_words[:-1] if w.lower() in _PARTICLES]
        return _name(family=" ".join(family_words[len(von) :]), given=given, von=" ".join(von))
    if len(words) == 1 and given_first:
        return Name(last=piece)
    return Name(last=piece, literal=True)


def _looks_personal(words: Sequence[str]) -> bool:
    """Tell "Mattan S. Ben-Shachar" from "R Core Team" or "Event Horizon Telescope"."""
    corporate = {
        "team",
        "collaboration",
        "group",
        "consortium",
        "project",
        "university",
        "institute",
        "organization",
        "organisation",
        "association",
        "society",
        "agency",
        "office",
        "committee",
        "council",
        "foundation",
        "inc",
        "ltd",
        "department",
        "ministry",
        "bank",
        "developers",
        "contributors",
        "core",
    }
    if any(w.lower().strip(".,") in corporate for w in words) or len(words) > 5:
        return False
    given = words[:-1]
    return all(w[:1].isupper() or w.lower() in _PARTICLES for w in words) and any(
        _INITIALS.match(w) or (w[:1].isupper() and w[1:].islower()) for w in given
    )


def _name(family: str, given: str, von: str = "") -> Name:
    """Build a Name, moving leading lower-case particles of the family name into von."""
    given_words = given.split()
    trailing: list[str] = []
    while len(given_words) > 1 and given_words[-1].lower() in _PARTICLES:
        trailing.insert(0, given_words.pop())
    given = " ".join(given_words)
    von = " ".join([*trailing, von]).strip()
    words = family.split()
    particles = []
    while len(words) > 1 and words[0].lower() in _PARTICLES and words[0][:1].islower():
        particles.append(words.pop(0))
    return Name(first=given.strip(), von=" ".join([von, *particles]).strip(), last=" ".join(words))
