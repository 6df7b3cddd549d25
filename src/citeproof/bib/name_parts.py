"""Split BibTeX name lists into first / von / last / jr the way BibTeX and pybtex do.

Splitting works on the raw LaTeX (braces decide what is one word and what is protected);
each part is decoded to Unicode, and its protective braces removed, only afterwards. One
deliberate difference from BibTeX is documented in is_von.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..model import Name
from .latex_decode import decode as _decode

_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_AND_OR_BRACE = re.compile(r"[{}]|\s+and\s+", re.IGNORECASE)
_COMMA_OR_BRACE = re.compile(r"[{}]|,")
# Words are separated by white space or '~' (but '\~' is an accent, not a separator).
_SPACE = re.compile(r"(?:\s|(?<!\\)~)+")
_SPACE_OR_BRACE = re.compile(r"[{}]|(?:\s|(?<!\\)~)+")
_CONTROL_SPACE = re.compile(r"\\(?=\s)")

# BibTeX's "foreign letters": inside a special character their case is the command's case.
# fmt: off
_FOREIGN = {
    "i": True, "j": True, "oe": True, "ae": True, "aa": True, "o": True, "l": True, "ss": True,
    "OE": False, "AE": False, "AA": False, "O": False, "L": False,
}
# fmt: on
_SPECIAL_HEAD = re.compile(r"\\([a-zA-Z]+|.)")
# An accent command at brace level 0 (`\'{A}lvarez`): its letter decides the case.
_ACCENT_AT = re.compile(
    r"\\(?:['\"`^~=.]|[uvHckbdr](?![a-zA-Z]))\s*\{?\s*(?:\\([ij])(?![a-zA-Z])|([^\W\d_]))"
)
_FOREIGN_AT = re.compile(r"\\(oe|OE|ae|AE|aa|AA|ss|[ijoOlL])(?![a-zA-Z])")


def _split_level0(text: str, pattern: re.Pattern[str]) -> list[str]:
    """Split `text` at matches of `pattern` (which also matches single braces) at brace level 0."""
    parts: list[str] = []
    start = 0
    depth = 0
    for match in pattern.finditer(text):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            if depth:
                depth -= 1
        elif depth == 0:
            parts.append(text[start : match.start()])
            start = match.end()
    parts.append(text[start:])
    return parts


def _split_and(text: str) -> list[str]:
    """Split a name list at ' and ' (any case, any white space) outside braces."""
    return _split_level0(text, _AND_OR_BRACE) if "{" in text else _AND.split(text)


def split_name_list(text: str) -> list[str]:
    """Split an author/editor field at ' and ' outside braces; empty names are dropped."""
    parts = _split_and(text)
    return [part for part in (p.strip() for p in parts) if part]


def _words(part: str) -> list[str]:
    """Split one comma-separated part of a name into words outside braces."""
    words = _split_level0(part, _SPACE_OR_BRACE) if "{" in part else _SPACE.split(part)
    return [word for word in words if word]


def _special_is_lower(word: str, start: int) -> bool:
    """Case of a BibTeX special character `{\\...}` whose backslash is at `start`."""
    head = _SPECIAL_HEAD.match(word, start)
    if head is None:
        return False
    name = head.group(1)
    if name in _FOREIGN:
        return _FOREIGN[name]
    # Skip the control sequence, then the first letter (at any depth) decides.
    depth = 1
    for char in word[head.end() :]:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return False
        elif char.isalpha():
            return char.islower()
    return False


def is_von(word: str) -> bool:
    """Return whether `word` starts in lower case the way BibTeX decides it (a "von" particle).

    One deliberate difference: BibTeX skips an accent written at brace level 0 and reads the
    next letter, so `\\'{A}lvarez` would be a particle ("l"); here the accented letter counts.
    """
    first = word[0]
    if first.isalpha():
        return first.islower()
    depth = 0
    index = 0
    length = len(word)
    while index < length:
        char = word[index]
        if char == "{":
            if depth == 0 and index + 1 < length and word[index + 1] == "\\":
                return _special_is_lower(word, index + 1)
            depth += 1
        elif char == "}":
            if depth:
                depth -= 1
        elif depth == 0:
            if char == "\\":
                # Not BibTeX (see above): an accent or foreign letter without its own
                # braces (`\'{A}lvarez`, `\o{}`) decides by its letter.
                accent = _ACCENT_AT.match(word, index)
                if accent is not None:
                    letter = accent.group(1) or accent.group(2)
                    return letter.islower()
                foreign = _FOREIGN_AT.match(word, index)
                if foreign is not None:
                    return _FOREIGN[foreign.group(1)]
            elif char.isalpha():
                return char.islower()
        index += 1
    return False


def _literal(word: str) -> str | None:
    """Return the inside of a word that is one whole brace group (`{World Health Organization}`)."""
    if len(word) < 2 or word[0] != "{" or word[-1] != "}" or word[1:2] == "\\":
        return None
    depth = 0
    for index, char in enumerate(word):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and index != len(word) - 1:
                return None
    return word[1:-1]


def _split_von_last(words: list[str]) -> tuple[list[str], list[str]]:
    """Split "von Last" words: von runs to the last lower-case word before the final word."""
    if len(words) < 2:
        return [], words
    head = words[:-1]
    cut = 0
    for index in range(len(head) - 1, -1, -1):
        if is_von(head[index]):
            cut = index + 1
            break
    return head[:cut], head[cut:] + words[-1:]


def parse_name(text: str, decode: Callable[[str], str] = _decode) -> Name:
    """Split one raw BibTeX name into a Name, decoding each part only after the split."""
    text = text.strip()
    tex = "{" in text or "\\" in text
    split_words: Callable[[str], list[str]]
    if tex:
        if "\\" in text:
            text = _CONTROL_SPACE.sub(" ", text)  # pybtex reads "L.\ Thiele" as "L. Thiele"
        parts = _split_level0(text, _COMMA_OR_BRACE) if "{" in text else text.split(",")
        split_words = _words
    else:  # the common case: no grouping, so plain string splitting is exact
        if "~" in text:
            text = text.replace("~", " ")
        parts = text.split(",")
        split_words = str.split
    jr: list[str] = []
    if len(parts) == 1:
        words = split_words(text)
        if tex and len(words) == 1:
            inner = _literal(words[0])
            if inner is not None:
                return Name(last=decode(inner), literal=True)
        position = len(words)
        for index, word in enumerate(words):
            initial = word[0]
            if initial.islower() if initial.isalpha() else is_von(word):
                position = index
                break
        first, von_last = words[:position], words[position:]
        if not von_last and first:
            von_last.append(first.pop())
        von, last = _split_von_last(von_last)
    else:
        if len(parts) > 3:  # too many commas: pybtex keeps the rest together as first names
            parts = [*parts[:2], " ".join(part.strip() for part in parts[2:])]
        von, last = _split_von_last(split_words(parts[0]))
        first = split_words(parts[-1])
        if len(parts) == 3:
            jr = split_words(parts[1])
    if not tex and not ("--" in text or "$" in text or "`" in text or "''" in text):
        return Name(" ".join(first), " ".join(von), " ".join(last), " ".join(jr))
    return Name(
        decode(" ".join(first)) if first else "",
        decode(" ".join(von)) if von else "",
        decode(" ".join(last)) if last else "",
        decode(" ".join(jr)) if jr else "",
    )


def parse_names(
    text: str, decode: Callable[[str], str] = _decode, cache: dict[str, Name] | None = None
) -> tuple[tuple[Name, ...], bool]:
    """Split a raw name list into Names and whether it ended in "and others".

    `cache` (raw name -> Name) lets a caller share work across a whole file, where the same
    people recur many times.
    """
    names: list[Name] = []
    others = False
    if cache is None:
        cache = {}
    for raw in _split_and(text):
        name = cache.get(raw)
        if name is None:
            stripped = raw.strip()
            if not stripped:
                continue
            if len(stripped) == 6 and stripped.lower() == "others":
                others = True
                continue
            name = cache[raw] = parse_name(stripped, decode)
        names.append(name)
    return tuple(names), others
