"""The author part of a citation: the words before a year read as surnames, 'et al.',
corporate authors and possessives, with the article's own vocabulary (its lexicon) as evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import data
from ..names.fold import PARTICLES as _PARTICLES

_INITIAL = re.compile(r"[^\W\d_]\.(?:-?[^\W\d_]\.)*")
_CAMEL = re.compile(r"[a-zà-ÿ][A-ZÀ-Þ]{2}")
_LOWER_WORD = re.compile(r"(?<![\w'’\-])[^\W\d_A-Z][^\W\d_]*(?![\w'’\-])")
_ABBREVIATIONS = frozenset({"Inc.", "Ltd.", "Jr.", "Sr.", "Co.", "Corp.", "St.", "Bros."})
_MONTHS = data.words("capitalised_month_names")
# Capitalised words that open sentences or label things and are never a cited surname here.
_STOP = data.words("citation_stop_words")
# Words that make a two-word name a corporate author rather than "Given Surname".
_CORPORATE = data.words("corporate_name_words")
# Prefix words after which a leading name in a long list is still a cited author.
_CITE_PREFIX_WORDS = frozenset({"see", "also", "cf", "cf.", "e.g.", "e.g.,", "i.e.", "by", "and"})
# Lower-case function words inside an organisation's name ("Council of the European Union").
_FUNCTION = data.words("corporate_function_words")
# Words that join the names of an organisation across "and" once it is shown corporate.
_JOINERS = frozenset({"and", "und", "&"})
# "Name and colleagues (2016)": nouns that stand for the other authors, as "et al." does.
_ET_AL_NOUNS = data.words("et_al_nouns")
# Lower-case words that precede a bare year in brackets without being its author.
_LOWER_STOP = data.words("lowercase_year_stop_words")
_WINDOW = 160
_LEXICON_LOOKUPS = 32
_WORD_CHARS = "'’.-_"
_NARRATIVE_TAIL = frozenset(".’')")
# A parenthetical name may also end in APA's bracketed abbreviation: "(Full Name [ABBR], 2020)".
_SEGMENT_TAIL = _NARRATIVE_TAIL | {"]"}
_MAX_NAME_WORDS = 10

_CAP, _ACRO, _INIT, _PART, _LETTER, _FUNC = range(6)


@dataclass(slots=True)
class _Token:
    """A word ("w"), number ("n"), spaced dash ("d"), column gap ("g") or punctuation ("p")."""

    kind: str
    text: str
    start: int
    end: int


@dataclass(slots=True)
class _Name:
    """One author as written, and the index of the token just before it (read backwards)."""

    start: int
    end: int
    author: str
    before: int
    possessive: bool = False
    corporate: bool = False  # holds a function word inside an organisation's name


@dataclass(slots=True)
class _Names:
    """A parsed name list: where it lies and what it says."""

    start: int
    end: int
    authors: tuple[str, ...]
    et_al: bool
    possessive: bool
    tentative: bool = False


class _Lexicon:
    """Which words the article also uses in lower case: looked up lazily, then read at once."""

    __slots__ = ("_answers", "_masked", "_words")

    def __init__(self, masked: str) -> None:
        self._masked = masked
        self._words: frozenset[str] | None = None
        self._answers: dict[str, bool] = {}

    def is_common(self, word: str) -> bool:
        """Tell whether `word` also occurs in lower case, so it is an ordinary word here."""
        lowered = word.lower()
        if self._words is not None:
            return lowered in self._words
        answer = self._answers.get(lowered)
        if answer is None:
            if len(self._answers) >= _LEXICON_LOOKUPS:
                self._words = frozenset(_LOWER_WORD.findall(self._masked))
                return lowered in self._words
            answer = self._answers[lowered] = self._find(lowered)
        return answer

    def _find(self, lowered: str) -> bool:
        masked = self._masked
        index = masked.find(lowered)
        while index != -1:
            end = index + len(lowered)
            if (index == 0 or not masked[index - 1].isalnum()) and (
                end == len(masked) or not masked[end].isalnum()
            ):
                return True
            index = masked.find(lowered, end)
        return False


def _names_in(masked: str, start: int, end: int, lexicon: _Lexicon) -> _Names | None:
    """Parse the name list that ends a parenthetical segment (before its year)."""
    index = end - 1
    while index > start and masked[index].isspace() and end - index < 8:
        index -= 1
    if index > start and masked[index] == ",":
        index -= 1
        while index > start and masked[index].isspace() and end - index < 8:
            index -= 1
    if index < start or not (masked[index].isalpha() or masked[index] in _SEGMENT_TAIL):
        return None  # cheap rejection: "2020, 2020", "(N = 2000)", "(see Table 2, 2020)"
    tokens = _Tokens(masked, max(start, end - _WINDOW), end)
    first = 1 if tokens[0] is not None and tokens[0].text == "," else 0
    names = _parse_names(tokens, first, lexicon, narrative=False)
    word = tokens[first]
    if names is None and word is not None and tokens[first + 1] is None:
        # A lower-case software or web author that fills the segment: "(xarray, 2018)".
        opener = masked[start - 1 : start]
        glued = opener in "([" and start >= 2 and not masked[start - 2].isspace()
        if (
            word.kind == "w"
            and word.text.islower()
            and word.text not in _LOWER_STOP
            and (opener in "([;" and not glued)
        ):
            # With a comma or a dot ("mackelab.org") it is a name; bare, "(xarray 2018)"
            # is one only if the bibliography has such an author (the caller decides).
            sure = first == 1 or "." in word.text.rstrip(".")
            return _Names(word.start, word.end, (word.text,), False, False, tentative=not sure)
    if names is not None and start >= 1 and masked[start - 1] == "(":
        return _introduced(masked, start, names, lexicon)
    return names


def _introduced(masked: str, start: int, names: _Names, lexicon: _Lexicon) -> _Names:
    """Read APA's narrative group author, "World Health Organization (WHO, 2020)".

    An abbreviation alone at the head of a bracket, right after capitalised words whose
    initials spell it, is introduced by them: the citation's author is "Full Name [ABBR]"
    (the span stays inside the bracket), so the abbreviation is learnt as in "(Full Name
    [ABBR], 2020)".
    """
    if len(names.authors) != 1 or names.et_al or masked[start : names.start].strip():
        return names
    abbreviation = names.authors[0]
    if " " in abbreviation or not _tool_like(abbreviation):
        return names
    full = _names_before(masked, start - 1, lexicon)
    if full is None or len(full.authors) != 1 or full.et_al:
        return names
    initials = "".join(word[0] for word in full.authors[0].split() if word[0].isupper())
    capitals = "".join(letter for letter in abbreviation if letter.isupper())
    if len(initials) < 2 or initials.casefold() != capitals.casefold():
        return names
    return _Names(names.start, names.end, (f"{full.authors[0]} [{abbreviation}]",), False, False)


def _names_before(masked: str, position: int, lexicon: _Lexicon) -> _Names | None:
    """Parse the name list just before a narrative citation's bracket."""
    index = position - 1
    while index >= 0 and masked[index].isspace() and position - index < 8:
        index -= 1
    if index < 0 or not (masked[index].isalpha() or masked[index] in _NARRATIVE_TAIL):
        return None  # cheap rejection: "(2020)" after a digit, a bracket or punctuation
    if masked[index] == ")" and not masked[index - 1 : index].isupper():
        return None  # only "(LSST DESC) et al." style acronyms end in a bracket
    floor = _paragraph_start(masked, max(0, position - _WINDOW), position)
    return _parse_names(_Tokens(masked, floor, position), 0, lexicon, narrative=True)


def _paragraph_start(masked: str, lower: int, position: int) -> int:
    """Return where the paragraph holding `position` starts, or `lower` if it starts earlier."""
    newline = masked.rfind("\n", lower, position)
    while newline != -1:
        previous = masked.rfind("\n", lower, newline)
        if previous != -1 and not masked[previous + 1 : newline].strip():
            return newline + 1
        newline = previous
    return lower


class _Tokens:
    """The tokens of masked[start:end], read backwards from the end only as far as needed.

    `tokens[0]` is the last token, `tokens[1]` the one before, and so on; None past the start.
    Name lists are parsed right to left, and most stop within a few tokens, so reading lazily
    keeps the cost independent of the window's size.
    """

    __slots__ = ("_floor", "_items", "_position", "_text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self._text = text
        self._floor = start
        self._position = end
        self._items: list[_Token] = []

    def __getitem__(self, index: int) -> _Token | None:
        items = self._items
        while len(items) <= index:
            token = self._read()
            if token is None:
                return None
            items.append(token)
        return items[index]

    def _read(self) -> _Token | None:
        text, floor = self._text, self._floor
        end = position = self._position
        while position > floor and text[position - 1].isspace():
            position -= 1
        if end - position >= 2 or (end > position and text[position] == "\t"):
            run = text[position:end]
            if "\n" not in run:
                self._position = position
                return _Token("g", run, position, end)  # a table's column gap
        if position <= floor:
            self._position = position
            return None
        char = text[position - 1]
        if char.isalnum() or (char in _WORD_CHARS and char != "-"):
            start = position - 1
            while start > floor and (text[start - 1].isalnum() or text[start - 1] in _WORD_CHARS):
                start -= 1
            lead = start
            while start < position and not text[start].isalnum():
                start += 1  # a word begins with a letter or digit: "‘tidy", "-foo"
            if start - lead == 1 and text[lead:position] in _PARTICLES:
                start = lead  # an elided particle keeps its apostrophe: "van ’t Hof"
            if start < position:
                self._position = start
                kind = "w" if text[start].isalpha() or text[start] in "'’" else "n"
                return _Token(kind, text[start:position], start, position)
        self._position = position - 1
        spaced = (
            char in "-–"
            and position - 2 >= floor
            and text[position - 2].isspace()
            and position < len(text)
            and text[position].isspace()
        )
        return _Token("d" if spaced else "p", char, position - 1, position)


@lru_cache(maxsize=65536)
def _classify(word: str) -> int | None:
    """Say what kind of name word `word` is, or None when it cannot be part of a name.

    A pure function of the word (an article repeats its cited names): cached.
    """
    if word in _PARTICLES:
        return _PART
    if _INITIAL.fullmatch(word) and word[0].isupper():
        return _INIT
    core = word
    if core.endswith("."):
        if core not in _ABBREVIATIONS:
            return None
        core = core[:-1]
    if not core[0].isupper():
        return _CAP if _glued_particle(core) else None
    if len(core) == 1:
        return _LETTER
    if not all(ch.isalpha() or ch in "'’-" for ch in core):
        return None
    if core.isupper():
        return _ACRO
    if _CAMEL.search(core):
        # Mixed case ("OpenSSF", "NoGUTS") marks an organisation's or a tool's name, read
        # like an acronym: a whole author alone, and a tool heading a list is dropped.
        return _ACRO
    return _CAP


_GLUED = re.compile(r"([^\W\d_]+)([-'’])([^\W\d_].*)")


def _glued_particle(word: str) -> bool:
    """Tell whether `word` is a lower-case particle glued to a capitalised surname.

    Arabic, French, Italian and Irish surnames write the particle joined by a hyphen or an
    elision mark: "al-Khatib", "el-Amin", "d'Aubigny", "d’Orléans-Vautrin", "l’Estrange".
    The particle is a known one, or one letter before an apostrophe (an elided article).
    """
    match = _GLUED.fullmatch(word)
    if match is None:
        return False
    prefix, mark, rest = match.groups()
    if not rest[0].isupper():
        return False
    if prefix not in _PARTICLES and not (len(prefix) == 1 and mark != "-"):
        return False
    return _classify(rest) == _CAP


def _tool_like(author: str) -> bool:
    """Tell whether a one-word name is written as tools and acronyms are ("ROPE", "NoGUTS")."""
    return " " not in author and (author.isupper() or _CAMEL.search(author) is not None)


def _is_et(token: _Token | None) -> bool:
    return token is not None and token.kind == "w" and token.text in ("et", "et.")


def _is_al(token: _Token | None) -> bool:
    return token is not None and token.kind == "w" and token.text in ("al.", "al")


def _text_of(token: _Token | None) -> str:
    return token.text if token is not None else ""


def _parse_names(tokens: _Tokens, first: int, lexicon: _Lexicon, narrative: bool) -> _Names | None:
    """Read a name list backwards from token `first`: "A", "A and B", "A, B, & C", "A et al."."""
    index = first
    et_al = False
    comma_et_al = False
    possessive = False
    closing = tokens[index]
    if closing is not None and closing.kind == "w" and _is_et(tokens[index + 1]):
        # "et al." and, before a narrative bracket, its possessive "et al.’s" / "et al.'s".
        base = _possessive_base(closing.text) if narrative else None
        if _is_al(closing) or base in ("al.", "al"):
            et_al = True
            possessive = base is not None and not _is_al(closing)
            index += 2
            if _text_of(tokens[index]) == ",":
                comma_et_al = True
                index += 1
    elif closing is not None and _text_of(tokens[index + 1]) == "and":
        # "Kowalczyk and colleagues (2016)": the noun stands for the co-authors ("et al.").
        base = (_possessive_base(closing.text) if narrative else None) or closing.text
        if closing.kind == "w" and base in _ET_AL_NOUNS:
            et_al = True
            possessive = base != closing.text
            index += 2
    last = _parse_one(tokens, index, lexicon, possessive_ok=narrative and not et_al)
    if last is None:
        return None
    names = [last]
    index = last.before
    if et_al:
        if comma_et_al:
            index = _more_names(tokens, index, names, lexicon)
    elif _text_of(tokens[index]) in _JOINERS:
        joined = index + 1
        serial = _text_of(tokens[joined]) == ","
        if serial:
            joined += 1
        other = _parse_one(tokens, joined, lexicon, possessive_ok=False)
        if other is not None and other.corporate and not serial:
            # A name holding a preposition is an organisation's, and runs on across "and":
            # "Centre for Disease Prevention and Control", "Department of Health and Care".
            names[0] = _Name(
                other.start,
                last.end,
                f"{other.author} {_text_of(tokens[index])} {last.author}",
                other.before,
                last.possessive,
                corporate=True,
            )
            other = None
            index = names[0].before
        if other is not None and _text_of(tokens[index]) == "und":
            other = None  # German "und" joins an organisation's words, not authors, here
        if other is not None:
            names.append(other)
            index = _more_names(tokens, other.before, names, lexicon)
            before = tokens[index]
            if (
                len(names) >= 3
                and (not serial or len(names) >= 4)
                and before is not None
                and (
                    before.kind == "w"
                    and before.text.islower()
                    and before.text not in _CITE_PREFIX_WORDS
                )
                and (not narrative or serial or _tool_like(names[-1].author))
            ):
                # "(as in Polychord, Handley, Hobson, and Lasenby 2015)", "the ROPE, A & B".
                # In running text "We follow A, B and C (1989)" is Harvard's three authors
                # (no serial comma); a tool heading such a list is written in capitals.
                names.pop()
    names.reverse()
    if len(names) == 1 and not et_al and names[0].author in _MONTHS:
        return None
    return _Names(
        start=names[0].start,
        end=names[-1].end,
        authors=tuple(name.author for name in names),
        et_al=et_al,
        possessive=possessive or names[-1].possessive,
    )


def _more_names(tokens: _Tokens, index: int, names: list[_Name], lexicon: _Lexicon) -> int:
    """Extend a name list leftwards over ", Name" pairs; return the index before the list."""
    while _text_of(tokens[index]) == ",":
        name = _parse_one(tokens, index + 1, lexicon, possessive_ok=False)
        if name is None:
            break
        names.append(name)
        index = name.before
    return index


def _possessive_base(word: str) -> str | None:
    for ending in ("’s", "'s"):
        if word.endswith(ending) and len(word) > 2:
            return word[:-2]
    for ending in ("s’", "s'"):
        if word.endswith(ending) and len(word) > 2:
            return word[:-1]
    return None


_Word = tuple[int, int, str]  # token index, class, text (possessive mark removed)


def _parse_one(tokens: _Tokens, index: int, lexicon: _Lexicon, possessive_ok: bool) -> _Name | None:
    """Read one author name ending at token `index`: "Smith", "van der Berg", "Ann S. Almgren"."""
    last = tokens[index]
    if last is None:
        return None
    words: list[_Word] = []  # right to left while reading
    possessive = False
    if last.text in _CLOSERS:
        group = _acronym_in_parens(tokens, index)
        if group is None:
            return None
        words.extend(group)
        index += len(group)
    else:
        if last.kind != "w":
            return None
        word = last.text
        base = _possessive_base(word) if possessive_ok else None
        if base is not None and _classify(base) in (_CAP, _ACRO):
            word = base
            possessive = True
        kind = _classify(word)
        if kind not in (_CAP, _ACRO):
            return None
        words.append((index, kind, word))
        index += 1
    while len(words) < 12:
        token = tokens[index]
        if token is None:
            break
        if token.kind == "w":
            kind = _classify(token.text)
            if kind is None and _inside_organisation(tokens, index):
                kind = _FUNC
            if kind is None:
                break
            words.append((index, kind, token.text))
            index += 1
        elif token.kind == "d":
            joined = tokens[index + 1]
            if joined is None or joined.kind != "w" or _classify(joined.text) not in (_CAP, _ACRO):
                break
            words.append((index, _PART, token.text))
            index += 1
        elif token.text in _CLOSERS:
            group = _acronym_in_parens(tokens, index)
            if group is None:
                break
            words.extend(group)
            index += len(group)
        else:
            break
    words.reverse()
    if len(words) > _MAX_NAME_WORDS:
        words = words[-_MAX_NAME_WORDS:]
    # Sentence openers, labels and stray joiners are not part of a name: "In Smith", "The ...".
    while words and (words[0][2] in _STOP or _kind(tokens, words[0][0]) != "w"):
        words.pop(0)
    corporate = False
    if any(kind == _FUNC for _, kind, _ in words):
        words = _organisation(words, lexicon)
        corporate = any(kind == _FUNC for _, kind, _ in words)
    if not words or (words[-1][1] not in (_CAP, _ACRO) and words[-1][2] not in _CLOSERS):
        return None
    if len(words) == 2 and _given_and_surname(words) and lexicon.is_common(words[0][2]):
        words.pop(0)  # "Following Smith (2020)": an ordinary word opening the sentence
    first_token = tokens[words[0][0]]
    last_token = tokens[words[-1][0]]
    assert first_token is not None and last_token is not None
    return _Name(
        start=first_token.start,
        end=last_token.end,
        author=_author(words),
        before=words[0][0] + 1,
        possessive=possessive,
        corporate=corporate,
    )


def _inside_organisation(tokens: _Tokens, index: int) -> bool:
    """Tell whether the lower-case word at `index` may join an organisation's name: a
    preposition or article between capitalised words ("Council of the European Union")."""
    token = tokens[index]
    left = tokens[index + 1]
    if token is None or token.text not in _FUNCTION or token.text in _JOINERS:
        return False
    if left is None or left.kind != "w":
        return False
    return (left.text in _FUNCTION and left.text not in _JOINERS) or (
        _classify(left.text) in (_CAP, _ACRO)
    )


def _organisation(words: list[_Word], lexicon: _Lexicon) -> list[_Word]:
    """Keep the function words of a name only when it reads as an organisation's.

    An organisation's name puts a generic noun before its first preposition ("European
    Institute for Inland Waterways", "Council of the Baltic Fisheries"), or, in another
    language, a head word the article never writes in lower case ("Stichting voor ...");
    otherwise the capitalised words before the preposition are running text ("Results of
    Smith", where "results" occurs elsewhere) and the name is what follows the last
    function word. A "the" after a word other than a preposition opens the name
    ("Following the Council of Europe").
    """
    for position in range(len(words) - 1, 0, -1):
        if words[position][2].lower() == "the" and words[position - 1][1] != _FUNC:
            words = words[position + 1 :]
            break
    while words and words[0][1] == _FUNC:
        words = words[1:]
    functions = [position for position, (_, kind, _) in enumerate(words) if kind == _FUNC]
    if functions and not _organisation_head(words[: functions[0]], words[functions[0]], lexicon):
        words = words[functions[-1] + 1 :]
    return words


def _organisation_head(head: list[_Word], function: _Word, lexicon: _Lexicon) -> bool:
    """Tell whether the words before an organisation's first preposition can head its name."""
    if any(word in _CORPORATE for _, _, word in head):
        return True
    # A proper noun not listed: capitalised words the article never uses in lower case,
    # before a preposition ("of", "für", "voor"), not "the"/"on", which follow verbs.
    return (
        function[2] not in ("the", "on")
        and all(kind in (_CAP, _ACRO) and word not in _STOP for _, kind, word in head)
        and not any(lexicon.is_common(word) for _, _, word in head)
    )


def _kind(tokens: _Tokens, index: int) -> str:
    token = tokens[index]
    return token.kind if token is not None else ""


_CLOSERS = {")": "(", "]": "["}


def _acronym_in_parens(tokens: _Tokens, index: int) -> list[_Word] | None:
    """Read "(LSST DESC)" or APA's "[WMO]" backwards from its bracket when a corporate
    name precedes it: "World Meteorological Organization [WMO]" (APA), "... (WMO)" (Harvard)."""
    closer = _text_of(tokens[index])
    inner: list[_Word] = [(index, _PART, closer)]
    position = index + 1
    while True:
        token = tokens[position]
        if (
            token is None
            or token.kind != "w"
            or _classify(token.text) not in (_ACRO, _CAP, _LETTER)
        ):
            break
        inner.append((position, _PART, token.text))
        position += 1
    if len(inner) < 2 or _text_of(tokens[position]) != _CLOSERS[closer]:
        return None
    named = tokens[position + 1]
    if named is None or named.kind != "w" or _classify(named.text) not in (_CAP, _ACRO):
        return None
    inner.append((position, _PART, _CLOSERS[closer]))
    return inner


def _given_and_surname(words: list[_Word]) -> bool:
    """Tell whether a two-word name reads "Given Surname" rather than "van Berg" or "Met Office"."""
    return (
        len(words) == 2
        and words[0][1] == _CAP
        and words[1][1] == _CAP
        and words[0][2].lower() not in _PARTICLES
        and words[0][2].lower() not in ("mac", "mc", "st", "san", "santa", "saint")
        and not any(word in _CORPORATE for _, _, word in words)
    )


def _author(words: list[_Word]) -> str:
    """Return the name as cited, without initials ("Ann S. Almgren" -> "Almgren").

    Two plain words stay whole ("Masahiro Suzuki", "Lawry Aguila", "Çaǧan Şengül"): they are
    as often a compound or literal family name in the bib as a given name citeproc added,
    and the resolver matches both "Family" and "Given Family" forms.
    """
    initials = [position for position, (_, kind, _) in enumerate(words) if kind == _INIT]
    if initials and initials[-1] + 1 < len(words):
        words = words[initials[-1] + 1 :]
    pieces: list[str] = []
    for position, (_, _, word) in enumerate(words):
        if position and word not in _CLOSERS and pieces[-1] not in _CLOSERS.values():
            pieces.append(" ")
        pieces.append(word)
    return "".join(pieces)
