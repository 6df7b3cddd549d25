"""Entry → CSL-JSON, built the way pandoc's biblatex reader builds it, minus its known flaws.

pandoc's reader is the reference for every field mapping (types, containers, publishers,
numbers, dates, names), so citeproof's list matches what pandoc users get. It differs on
purpose where pandoc is wrong (docs/refs.md): it reads our already-resolved fields
(`@preamble` macros, `#` joins, crossref), keeps month and day when the year carries a
letter (`year = {2024a}`) or the month is spelled out, does not lowercase a title that is
already in sentence case (proper nouns stay), and tags a title's language when `langid` is
missing but the title is plainly not English, so no English case rules touch it.

Case handling needs the braces of the raw BibTeX (`{NATO}` is protected), which decoded
fields no longer have: `RawFields` re-reads the few title and name fields from the bib text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import data
from ..bib.latex_decode import decode
from ..bib.name_parts import parse_names
from ..model import Entry, Name

# pandoc's getTypeAndGenre (Text.Pandoc.Citeproc.BibTeX), verbatim.
TYPES: dict[str, str] = dict(data.table("csl_types")["types"])
_ARTICLE_LIKE = frozenset({"article", "periodical", "suppperiodical", "review"})
_CHAPTER_LIKE = frozenset({"inbook", "incollection", "inproceedings", "inreference", "bookinbook"})
_BOOK_NUMBERED = frozenset(
    {
        "book",
        "collection",
        "proceedings",
        "reference",
        "mvbook",
        "mvcollection",
        "mvproceedings",
        "mvreference",
        "bookinbook",
        "inbook",
        "incollection",
        "inproceedings",
        "inreference",
        "suppbook",
        "suppcollection",
    }
)
# biblatex localisation keys as pandoc resolves them for English (biblatexStringMap).
_KEYS: dict[str, str] = {
    "mathesis": "Master’s thesis",
    "phdthesis": "PhD thesis",
    "candthesis": "Candidate thesis",
    "techreport": "technical report",
    "resreport": "research report",
    "software": "computer software",
    "datacd": "CD-ROM",
    "audiocd": "audio CD",
    "inpress": "in press",
    "inpreparation": "in preparation",
    "submitted": "submitted",
    "forthcoming": "forthcoming",
    "prepublished": "pre-published",
    "patent": "patent",
    "jourser": "series",
    "newseries": "new series",
    "oldseries": "old series",
}
# pandoc's toIETF for the babel / polyglossia names a langid holds.
LANGUAGES: dict[str, str] = dict(data.table("languages")["languages"])
_IETF = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$")
_MONTHS = {
    name: number
    for number, names in enumerate(data.table("month_names")["months"], start=1)
    for name in names
}
_EDTF_PART = re.compile(r"^\s*(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*[~?%]?\s*$")
_INITIALS = re.compile(r"(?<=\b[A-Z]\.)(?=[A-Z]\.)")
_AND = re.compile(r"\s+and\s+")


@dataclass(frozen=True, slots=True)
class Options:
    """How items are built: `english` when the style's locale is English (pandoc then
    sentence-cases English titles, as CSL styles expect them)."""

    english: bool = True
    detect_language: bool = True
    keep_sentence_case: bool = True


# --------------------------------------------------------------------------- raw fields


class RawFields:
    """The raw (undecoded) values of an entry's fields, re-read from the bib text on demand."""

    def __init__(self, text: str | None, entries: Iterable[Entry] = ()) -> None:
        self._lines = text.split("\n") if text else []
        self._by_key = {entry.key: entry for entry in entries}
        self._cache: dict[str, dict[str, str]] = {}

    def of(self, entry: Entry) -> dict[str, str]:
        """Return field name → raw value for one entry (its crossref parent's fields merged)."""
        if not self._lines:
            return {}
        found = self._cache.get(entry.key)
        if found is None:
            block = "\n".join(self._lines[entry.line - 1 : entry.end_line])
            found = scan_fields(block)
            parent = self._by_key.get(entry.fields.get("crossref", "").strip())
            if parent is not None and parent is not entry:
                for name, value in self.of(parent).items():
                    if name == "title" and parent.entry_type in _BOOK_PARENTS:
                        found.setdefault("booktitle", value)
                    elif name not in ("crossref", "title"):
                        found.setdefault(name, value)
            self._cache[entry.key] = found
        return found


_BOOK_PARENTS = frozenset(
    {
        "book",
        "mvbook",
        "proceedings",
        "mvproceedings",
        "collection",
        "mvcollection",
        "reference",
        "mvreference",
        "periodical",
    }
)
_FIELD_NAME = re.compile(r"[\s,]*([A-Za-z][\w:+.-]*)\s*=\s*")
_BRACES = re.compile(r"[{}]")
_QUOTE_OR_BRACE = re.compile(r'[{}"]')


def scan_fields(block: str) -> dict[str, str]:
    """Read `name = {value}` / `name = "value"` pairs of one BibTeX block, braces kept.

    Values joined with `#` or given as macros are left out: the decoded field (resolved by
    the loader) is used for them instead.
    """
    start = block.find("{")
    paren = block.find("(")
    if start < 0 or (0 <= paren < start):
        start = paren
    if start < 0:
        return {}
    comma = block.find(",", start)
    if comma < 0:
        return {}
    fields: dict[str, str] = {}
    position = comma + 1
    length = len(block)
    while position < length:
        match = _FIELD_NAME.match(block, position)
        if match is None:
            break
        name = match.group(1).lower()
        position = match.end()
        simple = True
        value_parts: list[str] = []
        while position < length:
            char = block[position]
            if char == "{":
                end = _balanced(block, position + 1)
                value_parts.append(block[position + 1 : end])
                position = end + 1
            elif char == '"':
                end = _quoted(block, position + 1)
                value_parts.append(block[position + 1 : end])
                position = end + 1
            else:
                bare = re.match(r"[^\s,#}]*", block[position:])
                width = bare.end() if bare else 0
                simple = simple and block[position : position + width].isdigit()
                value_parts.append(block[position : position + width])
                position += max(width, 1)
            rest = re.match(r"\s*#\s*", block[position:])
            if rest is None:
                break
            simple = False
            position += rest.end()
        if simple and len(value_parts) == 1:
            fields.setdefault(name, value_parts[0])
    return fields


def _balanced(text: str, start: int) -> int:
    depth = 1
    for match in _BRACES.finditer(text, start):
        if match.group() == "{":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return match.start()
    return len(text)


def _quoted(text: str, start: int) -> int:
    depth = 0
    for match in _QUOTE_OR_BRACE.finditer(text, start):
        char = match.group()
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            return match.start()
    return len(text)


# --------------------------------------------------------------------------- rich text
# A title is a small tree: text, protected groups ({NATO}), and styled runs (\emph{...}).


@dataclass(slots=True)
class _Node:
    kind: str  # "text" | "nocase" | "i" | "b" | "sc" | "sup" | "sub" | "span"
    text: str = ""
    children: list[_Node] | None = None

    def plain(self) -> str:
        if self.children is None:
            return self.text
        return "".join(child.plain() for child in self.children)


_STYLE_COMMANDS = {
    "emph": "i",
    "textit": "i",
    "textsl": "i",
    "mkbibemph": "i",
    "textbf": "b",
    "mkbibbold": "b",
    "textsc": "sc",
    "textsuperscript": "sup",
    "mkbibsuperscript": "sup",
    "textsubscript": "sub",
    "mkbibsubscript": "sub",
    "textnormal": "span",
    "textrm": "span",
    "textup": "span",
    "mbox": "span",
    "text": "span",
    "textsf": "span",
    "texttt": "span",
    "textmd": "span",
}
_STYLE_SWITCHES = {
    "em": "i",
    "it": "i",
    "itshape": "i",
    "sl": "i",
    "slshape": "i",
    "bf": "b",
    "bfseries": "b",
    "sc": "sc",
    "scshape": "sc",
    "rm": "span",
    "sf": "span",
    "tt": "span",
    "upshape": "span",
}
_SYMBOL_WORDS = frozenset(
    {
        "textendash",
        "textemdash",
        "textquoteright",
        "textquoteleft",
        "textquotedblleft",
        "textquotedblright",
        "ldots",
        "dots",
        "ss",
        "o",
        "O",
        "l",
        "L",
        "ae",
        "AE",
        "oe",
        "OE",
        "aa",
        "AA",
        "i",
        "j",
    }
)
_TOKEN = re.compile(r"\\[a-zA-Z]+\*?|\\.|[{}$]|[^\\{}$]+", re.DOTALL)
_ACCENT_OR_ARG = re.compile(r"^\\(?:['`^\"~=.]|[uvHckdbrt])$|^\\[a-zA-Z]+$")


def _parse_tex(raw: str) -> list[_Node]:
    """Parse raw BibTeX text into nodes; leaf text is decoded with latex.decode."""
    tokens = _TOKEN.findall(raw)
    nodes, _ = _parse_until(tokens, 0, closing=False)
    return nodes


def _parse_until(tokens: list[str], index: int, closing: bool) -> tuple[list[_Node], int]:
    out: list[_Node] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            out.extend(_text_node("".join(pending)))
            pending.clear()

    while index < len(tokens):
        token = tokens[index]
        if token == "}":
            if closing:
                flush()
                return out, index + 1
            index += 1
            continue
        if token == "{":
            flush()
            switch = tokens[index + 1] if index + 1 < len(tokens) else ""
            name = switch[1:].rstrip("*") if switch.startswith("\\") else ""
            if name in _STYLE_SWITCHES:
                children, index = _parse_until(tokens, index + 2, closing=True)
                out.append(_Node(_STYLE_SWITCHES[name], children=_strip_lead(children)))
            elif switch.startswith("\\") and name not in _STYLE_COMMANDS and name:
                # {\'e} or {\ss}: a special character, kept whole for the decoder.
                group, index = _raw_group(tokens, index + 1)
                out.append(_Node("nocase", children=_text_node(group)))
            else:
                children, index = _parse_until(tokens, index + 1, closing=True)
                out.append(_Node("nocase", children=children))
            continue
        if token == "$":
            end = index + 1
            while end < len(tokens) and tokens[end] != "$":
                end += 1
            pending.append("$" + "".join(tokens[index + 1 : end]) + "$")
            index = end + 1
            continue
        if token.startswith("\\"):
            name = token[1:].rstrip("*")
            if name in _STYLE_COMMANDS and index + 1 < len(tokens) and tokens[index + 1] == "{":
                flush()
                children, index = _parse_until(tokens, index + 2, closing=True)
                out.append(_Node(_STYLE_COMMANDS[name], children=children))
                continue
            if _ACCENT_OR_ARG.match(token) and index + 1 < len(tokens) and tokens[index + 1] == "{":
                group, index = _raw_group(tokens, index + 2)
                pending.append(token + "{" + group + "}")
                continue
            pending.append(token)
            index += 1
            if name in _SYMBOL_WORDS and index < len(tokens) and tokens[index][:1].isspace():
                tokens[index] = "{}" + tokens[index].lstrip()  # TeX eats the space after it
            continue
        pending.append(token)
        index += 1
    flush()
    return out, index


def _text_node(raw: str) -> list[_Node]:
    """Decode raw text, keeping the spaces at its ends (decode trims them; they separate
    this text from the groups around it)."""
    text = _smart(decode(raw))
    lead = " " if raw[:1].isspace() or raw[:1] == "~" else ""
    trail = " " if raw[-1:].isspace() or raw[-1:] == "~" else ""
    if not text:
        return [_Node("text", " ")] if lead or trail else []
    return [_Node("text", lead + text + trail)]


def _raw_group(tokens: list[str], index: int) -> tuple[str, int]:
    """Collect the raw text of a group up to its closing brace (index just after it)."""
    depth = 1
    parts: list[str] = []
    while index < len(tokens):
        token = tokens[index]
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == 0:
                return "".join(parts), index + 1
        parts.append(token)
        index += 1
    return "".join(parts), index


def _strip_lead(children: list[_Node]) -> list[_Node]:
    if children and children[0].kind == "text":
        children[0].text = children[0].text.lstrip()
    return children


def _smart(text: str) -> str:
    """Read quotes as LaTeX does (and pandoc with it): a lone ' is always a right quote ’."""
    return text.replace("'", "’") if "'" in text else text


def _from_plain(text: str) -> list[_Node]:
    return [_Node("text", text)] if text else []


# --------------------------------------------------------------------------- case


class _CaseState:
    """citeproc's case-transform state, plus where we are in the title and which of its
    sentences must keep their capitals."""

    __slots__ = ("keep", "pos", "st")

    def __init__(self, keep: list[bool]) -> None:
        self.st = "start"
        self.pos = 0
        self.keep = keep


def sentence_case(nodes: list[_Node], keep_proper: bool = False) -> list[_Node]:
    """Sentence-case English title nodes as pandoc's biblatex reader does.

    citeproc's `withSentenceCase` over pandoc inlines: a capitalised word (Xxxx) is
    lowercased unless it starts a sentence; protected groups and small caps are left alone
    but still move the state; the last word is treated as never starting a sentence.
    With `keep_proper`, a sentence of the title that is already in sentence case keeps its
    capitals (they are proper nouns); only its first letter is capitalised.
    """
    atoms = _atoms(nodes)
    text = _decision_text(atoms)
    state = _CaseState(_keep_flags(text) if keep_proper else [False] * (len(text) + 1))
    last = atoms[-1] if atoms else None
    if (
        last is not None
        and last[0] == "str"
        and len(atoms) > 1
        and not any(_word_break(c) for c in last[1])
    ):
        done = [_case_atom(atom, state) for atom in atoms[:-1]]
        if state.st in ("wordend", "sentence", "start"):
            state.st = "lastword"
        done.append(_case_atom(last, state))
    else:
        done = [_case_atom(atom, state) for atom in atoms]
    return _rebuild(done)


_PROTECTED = ("nocase", "sc", "sup", "sub")


def _decision_text(atoms: list[tuple[str, Any]]) -> str:
    """The title as the case transform walks it, protected groups masked with "§"."""
    out: list[str] = []
    for kind, value in atoms:
        if kind in ("str", "space"):
            out.append(value)
        elif value.kind in _PROTECTED:
            out.append("§" * len(value.plain()))
        else:
            out.append(_decision_text(_atoms(value.children or [])))
    return "".join(out)


def _keep_flags(text: str) -> list[bool]:
    """Per character: does it sit in a sentence (colon- or period-delimited) of the title
    that is already in sentence case?"""
    flags: list[bool] = []
    start = 0
    for match in [*re.finditer(r"[.:?!](?=\s)", text), None]:
        end = match.end() if match is not None else len(text)
        keep = _is_sentence_case(text[start:end])
        flags.extend([keep] * (end - start))
        start = end
    flags.append(False)
    return flags


def _is_sentence_case(sentence: str) -> bool:
    """Most content words in lower case (≥ 3, more than capitalised ones): the capitals
    left are proper nouns. Words in protected groups, all-capital and mixed-case words and
    small words do not count."""
    lower = upper = 0
    for word in sentence.split()[1:]:
        bare = word.strip("()[]\"“”‘’'.,;:!?")
        if (
            "§" in bare
            or len(bare) < 3
            or not bare[:1].isalpha()
            or bare.isupper()
            or bare.lower() in SMALL_WORDS
            or any(c.isupper() for c in bare[1:])
            or any(c.isdigit() for c in bare)
        ):
            continue
        if bare[0].islower():
            lower += 1
        else:
            upper += 1
    return lower >= 3 and lower > upper


def _atoms(nodes: list[_Node]) -> list[tuple[str, Any]]:
    """Split text nodes into pandoc-like Str / Space atoms; groups stay whole."""
    atoms: list[tuple[str, Any]] = []
    for node in nodes:
        if node.kind == "text":
            for piece in re.split(r"(\s+)", node.text):
                if not piece:
                    continue
                atoms.append(("space", " ") if piece.isspace() else ("str", piece))
        else:
            atoms.append(("node", node))
    return atoms


def _case_atom(atom: tuple[str, Any], state: _CaseState) -> tuple[str, Any]:
    kind, value = atom
    if kind == "space":
        _step(" ", state)
        return atom
    if kind == "str":
        return kind, "".join(_case_chunk(chunk, state) for chunk in _chunks(value))
    node: _Node = value
    if node.kind in _PROTECTED:
        _step(node.plain(), state)
        return atom
    children = [_case_atom(child, state) for child in _atoms(node.children or [])]
    return kind, _Node(node.kind, children=_rebuild(children))


def _rebuild(atoms: list[tuple[str, Any]]) -> list[_Node]:
    out: list[_Node] = []
    for kind, value in atoms:
        if kind == "node":
            out.append(value)
        elif out and out[-1].kind == "text":
            out[-1].text += value
        else:
            out.append(_Node("text", value))
    return out


def _chunks(text: str) -> list[str]:
    """Group characters as citeproc's splitUp: ASCII alphanumerics, other alphanumerics,
    spaces, and single other characters."""
    chunks: list[str] = []
    previous = ""
    for char in text:
        if chunks and _same_type(previous, char):
            chunks[-1] += char
        else:
            chunks.append(char)
        previous = char
    return chunks


def _same_type(a: str, b: str) -> bool:
    if a.isalnum() and b.isalnum():
        return a.isascii() == b.isascii()
    return a.isspace() and b.isspace()


def _word_break(char: str) -> bool:
    return char.isspace() or char in "-/\u2013\u2014"


def _step(text: str, state: _CaseState) -> None:
    if not text:
        return
    state.pos += len(text)
    char = text[-1]
    if char in ".?!:":
        state.st = "punct-end"
    elif char.isalnum():
        state.st = "wordchar"
    elif char.isspace() and state.st == "punct-end":
        state.st = "sentence"
    elif _word_break(char):
        state.st = "wordend"
    else:
        state.st = "punct"


def _case_chunk(chunk: str, state: _CaseState) -> str:
    before = state.st
    keep = state.keep[min(state.pos, len(state.keep) - 1)]
    _step(chunk, state)
    if not chunk.isalnum():
        return chunk
    capitalised = chunk[0].isupper() and all(c.islower() for c in chunk[1:])
    starts = before in ("start", "sentence")
    if capitalised and not starts:
        return chunk if keep else chunk.lower()
    if starts and (capitalised or all(c.islower() for c in chunk)):
        lowered = chunk.lower()
        return lowered[:1].upper() + lowered[1:]
    return chunk


#: Words a title-cased English title leaves in lower case (CSL's list, plus prepositions).
SMALL_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "and",
        "but",
        "or",
        "nor",
        "for",
        "so",
        "yet",
        "as",
        "at",
        "by",
        "in",
        "of",
        "off",
        "on",
        "per",
        "to",
        "up",
        "via",
        "from",
        "into",
        "onto",
        "over",
        "with",
        "upon",
        "than",
        "that",
        "this",
        "about",
        "after",
        "among",
        "under",
        "until",
        "versus",
        "vs",
        "without",
        "within",
        "between",
        "through",
        "during",
        "against",
        "along",
        "across",
        "toward",
        "towards",
    }
)


def in_sentence_case(nodes: Sequence[_Node]) -> bool:
    """Tell whether any sentence of a title is already in sentence case, so that
    `sentence_case(..., keep_proper=True)` keeps capitals pandoc would lowercase."""
    text = _decision_text(_atoms(list(nodes)))
    return any(_keep_flags(text))


# --------------------------------------------------------------------------- language

_STOPWORDS: dict[str, frozenset[str]] = {
    language: frozenset(words) for language, words in data.table("title_stop_words").items()
}
_DETECTED_IETF = {
    "nl": "nl-NL",
    "de": "de-DE",
    "fr": "fr-FR",
    "es": "es-ES",
    "it": "it-IT",
    "pt": "pt-PT",
}


def detect_language(title: str) -> str | None:
    """Return the IETF tag of a title plainly not in English, or None.

    Conservative: at least two distinct function words of one language, more than of any
    other, and fewer English ones. A wrong guess would cost a title its English casing.
    """
    words = {w.casefold() for w in re.findall(r"[^\W\d_]+", title)}
    if len(words) < 3:
        return None
    scores = {lang: len(words & stop) for lang, stop in _STOPWORDS.items()}
    best = max((lang for lang in scores if lang != "en"), key=lambda lang: scores[lang])
    others = sorted((score for lang, score in scores.items() if lang != best), reverse=True)
    if scores[best] >= 2 and scores[best] > others[0] and scores["en"] < scores[best]:
        return _DETECTED_IETF[best]
    return None


def language_of(entry: Entry, options: Options) -> tuple[str | None, bool]:
    """Return the entry's IETF language (or None) and whether it was detected, not given."""
    fields = entry.fields
    langid = (fields.get("langid") or fields.get("hyphenation") or "").strip().lower()
    if langid:
        if langid == "english":
            variant = fields.get("langidopts", "").replace(" ", "").lower()
            if variant in ("variant=british", "variant=uk"):
                return "en-GB", False
        return LANGUAGES.get(langid, langid if _IETF.match(langid) else None), False
    language = fields.get("language", "").strip().lower()
    if language:
        tag = LANGUAGES.get(language.split(",")[0].strip())
        if tag:
            return tag, False
    if options.detect_language:
        detected = detect_language(entry.title)
        if detected:
            return detected, True
    return None, False


# --------------------------------------------------------------------------- markup


def _has_lowercase_word(text: str) -> bool:
    """pandoc's test for keeping a brace group protected: a word in it starts lower case."""
    return any(word[:1].islower() for word in re.split(r"[\W_]+", text) if word)


def markup(nodes: Sequence[_Node]) -> str:
    """Serialise nodes in the HTML-like markup CSL-JSON strings carry."""
    out: list[str] = []
    for node in nodes:
        if node.kind == "text":
            text = node.text
            if "<" in text:  # HTML emphasis typed into a title ($\\less$em$\\greater$)
                text = re.sub(r"<(/?)(?:em|i)>", r"<\1i>", text)
            out.append(text)
            continue
        inner = markup(node.children or [])
        if not inner:
            continue
        if node.kind == "nocase":
            # As pandoc's reader: protection is kept only where a style's title case could
            # change something, i.e. around a word that starts in lower case ({de}, {iPhone}).
            # Fewer spans also keep citeproc's run short on big lists.
            if _has_lowercase_word(node.plain()):
                out.append(f'<span class="nocase">{inner}</span>')
            else:
                out.append(inner)
        elif node.kind == "sc":
            out.append(f'<span style="font-variant:small-caps;">{inner}</span>')
        elif node.kind in ("i", "b", "sup", "sub"):
            out.append(f"<{node.kind}>{inner}</{node.kind}>")
        else:
            out.append(inner)
    return "".join(out)


def _rich(entry: Entry, raw: Mapping[str, str], name: str) -> list[_Node] | None:
    """Nodes for a field: from its raw value when known (braces matter), else decoded text."""
    value = raw.get(name)
    if value is not None and value.strip():
        nodes = _parse_tex(" ".join(value.split()))
        if _clean(nodes):
            return nodes
    decoded = entry.fields.get(name, "").strip()
    return _from_plain(decoded) if decoded else None


def _clean(nodes: list[_Node]) -> bool:
    return bool("".join(node.plain() for node in nodes).strip())


def _join(parts: Sequence[list[_Node] | None], separator: str) -> list[_Node] | None:
    """pandoc's concatWith: join with "sep " unless the text already ends in punctuation."""
    out: list[_Node] = []
    for part in parts:
        if not part:
            continue
        if out:
            tail = "".join(node.plain() for node in out).rstrip()
            out.append(_Node("text", " " if tail[-1:] in "!?.,:;" else separator + " "))
        out.extend(part)
    return out or None


# --------------------------------------------------------------------------- dates


def parse_edtf(text: str) -> dict[str, Any] | None:
    """Parse a biblatex `date` (EDTF: 2024-02-23, 2020/2021, 2020-05/2020-07) to a CSL date."""
    parts = []
    for piece in text.split("/"):
        if not piece.strip() or piece.strip() == "..":
            continue
        match = _EDTF_PART.match(piece)
        if match is None:
            return None
        numbers = [int(g) for g in match.groups() if g is not None]
        parts.append(numbers)
    if not parts:
        return None
    date: dict[str, Any] = {"date-parts": parts}
    if "~" in text or "?" in text:
        date["circa"] = True
    return date


def month_number(text: str) -> int | None:
    """Read a month given as a number, an abbreviation or a name (English and a few others)."""
    value = text.strip().strip(".").casefold()
    if value.isdigit():
        number = int(value)
        return number if 1 <= number <= 12 else None
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c))
    return _MONTHS.get(plain) or _MONTHS.get(plain[:3])


def issued(entry: Entry) -> tuple[dict[str, Any] | None, str | None]:
    """Return the CSL `issued` date and a `status` for entries dated "in press" and the like."""
    fields = entry.fields
    date = fields.get("date", "").strip()
    if date:
        parsed = parse_edtf(date)
        if parsed is not None:
            return parsed, None
        return {"literal": date}, None
    year = entry.year
    if year == "n.d." or not year:
        return None, None
    if not year.isdigit():
        if year.strip().lower() == "forthcoming":
            return {"literal": year}, "forthcoming"
        return {"literal": year}, None
    parts = [int(year)]
    month = month_number(fields.get("month", "")) if fields.get("month") else None
    if month:
        parts.append(month)
        day = fields.get("day", "").strip()
        if day.isdigit() and 1 <= int(day) <= 31:
            parts.append(int(day))
    return {"date-parts": [parts]}, None


# --------------------------------------------------------------------------- names


def csl_name(name: Name, useprefix: bool = False) -> dict[str, str]:
    """Turn a Name into a CSL name: particles dropping (biblatex's default, as pandoc)."""
    if name.literal:
        return {"literal": _smart(name.last)}
    out: dict[str, str] = {}
    last, von, first = name.last, name.von, name.first
    if von and von[:1].isupper():
        if not first and " " not in von:
            # "{W}es {M}c{K}inney": BibTeX reads a braced capital as lower case, so the
            # given name lands in von; biblatex (and pandoc) read it as a given name.
            first, von = von, ""
        else:
            # "Van der Walt, Stefan": biblatex keeps a capitalised prefix in the family
            # name; only lower-case words are particles.
            last, von = f"{von} {last}", ""
    if last:
        out["family"] = _smart(_unparsed(last))
    if first:
        out["given"] = _smart(_INITIALS.sub(" ", first))
    if von:
        out["non-dropping-particle" if useprefix else "dropping-particle"] = _smart(von)
    if name.jr:
        out["suffix"] = _smart(name.jr)
    return out


WORD_JOINER = "\u2060"


def _unparsed(family: str) -> str:
    """Keep a braced family name whole ("{de Silva}"): citeproc would split a leading
    lower-case word off as a particle; an invisible word joiner after it prevents that
    (references.py removes it from the output)."""
    words = family.split(" ")
    if len(words) > 1 and words[0][:1].islower():
        return words[0] + WORD_JOINER + " " + " ".join(words[1:])
    return family


def _names(entry: Entry, raw: Mapping[str, str], role: str, useprefix: bool) -> list[dict] | None:
    if entry.names_role == role:
        names, others = entry.names, entry.others
    else:
        source = raw.get(role) or entry.fields.get(role, "")
        if not source.strip():
            return None
        names, others = parse_names(" ".join(source.split()))
    out = [csl_name(name, useprefix) for name in names]
    if others:
        out.append({"literal": "others"})  # citeproc renders it as "et al."
    return out or None


# --------------------------------------------------------------------------- the item


def _text(entry: Entry, name: str) -> str | None:
    value = entry.fields.get(name, "").strip()
    return _smart(value) if value else None


def _list_field(entry: Entry, raw: Mapping[str, str], name: str) -> str | None:
    """A biblatex literal list (publisher, location): "A and B" becomes "A; B" (an "and"
    inside braces is part of a name)."""
    source = raw.get(name)
    if source is not None and ("{" in source or "\\" in source):
        parts = [_smart(decode(part)) for part in split_and(" ".join(source.split()))]
        return "; ".join(part for part in parts if part) or None
    value = _text(entry, name)
    return "; ".join(_AND.split(value)) if value else None


def split_and(text: str) -> list[str]:
    """Split raw BibTeX text at " and " outside braces."""
    parts: list[str] = []
    depth = 0
    start = 0
    index = 0
    lowered = text.lower()
    while index < len(text):
        char = text[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and lowered.startswith(" and ", index):
            parts.append(text[start:index])
            index += 5
            start = index
            continue
        index += 1
    parts.append(text[start:])
    return [part.strip() for part in parts]


def _options(entry: Entry) -> dict[str, str]:
    out = {}
    for part in entry.fields.get("options", "").split(","):
        key, _, value = part.partition("=")
        if key.strip():
            out[key.strip().lower()] = value.strip().lower() or "true"
    return out


def to_csl(
    entry: Entry, raw: Mapping[str, str] | None = None, options: Options = Options()
) -> dict[str, Any]:
    """Build one CSL-JSON item from an entry (raw field values, when given, keep braces)."""
    raw = raw or {}
    fields = entry.fields
    entry_type = entry.entry_type.lower()
    subtype = fields.get("entrysubtype", "").strip().lower()
    item: dict[str, Any] = {"id": entry.key}
    csl_type = TYPES.get(entry_type, "")
    if entry_type in ("article", "periodical", "suppperiodical") and subtype in (
        "magazine",
        "newspaper",
    ):
        csl_type = f"article-{subtype}"
    if entry_type == "unpublished" and any(
        f in fields for f in ("eventdate", "eventtitle", "venue")
    ):
        csl_type = "speech"
    item["type"] = csl_type

    genre = fields.get("type", "").strip()
    if genre:
        item["genre"] = _KEYS.get(genre.lower(), genre)
    elif entry_type == "mastersthesis":
        item["genre"] = _KEYS["mathesis"]
    elif entry_type == "phdthesis":
        item["genre"] = _KEYS["phdthesis"]

    language, _ = language_of(entry, options)
    if language:
        item["language"] = language
    english = options.english and (language is None or language.lower().startswith("en"))
    opts = _options(entry)
    useprefix = opts.get("useprefix") == "true"

    for role, variable in (
        ("author", "author"),
        ("editor", "editor"),
        ("translator", "translator"),
        ("bookauthor", "container-author"),
    ):
        names = _names(entry, raw, role, useprefix)
        if names:
            if role == "editor" and fields.get("editortype", "").lower() == "director":
                variable = "director"
            item[variable] = names

    date, status = issued(entry)
    if date:
        item["issued"] = date
    for field_name, variable in (
        ("urldate", "accessed"),
        ("eventdate", "event-date"),
        ("origdate", "original-date"),
    ):
        value = fields.get(field_name, "").strip()
        if value:
            item[variable] = parse_edtf(value) or {"literal": value}

    def title(name: str) -> list[_Node] | None:
        nodes = _rich(entry, raw, name)
        if nodes and english:
            nodes = sentence_case(nodes, keep_proper=options.keep_sentence_case)
        return nodes

    chapter_like = entry_type in _CHAPTER_LIKE
    periodical = entry_type == "periodical"
    has_main = "maintitle" in fields
    if periodical and "issuetitle" in fields:
        main = _join([title("issuetitle"), title("issuesubtitle")], ":")
    elif has_main and not chapter_like:
        main = _join(
            [_join([title("maintitle"), title("mainsubtitle")], ":"), title("maintitleaddon")], "."
        )
        item["volume-title"] = markup(
            _join([_join([title("title"), title("subtitle")], ":"), title("titleaddon")], ".") or []
        )
    else:
        main = _join([_join([title("title"), title("subtitle")], ":"), title("titleaddon")], ".")
    if main:
        item["title"] = markup(main)
    if has_main and chapter_like and "booktitle" in fields:
        item["volume-title"] = markup(title("booktitle") or [])

    container: list[_Node] | None = None
    if periodical:
        container = _rich(entry, raw, "title")
    elif chapter_like and has_main:
        container = _join([title("maintitle"), title("mainsubtitle")], ":")
    elif chapter_like and "booktitle" in fields:
        container = _join(
            [_join([title("booktitle"), title("booksubtitle")], ":"), title("booktitleaddon")], "."
        )
    elif "journaltitle" in fields or "journal" in fields:
        name = "journaltitle" if "journaltitle" in fields else "journal"
        container = _join([_rich(entry, raw, name), _rich(entry, raw, "journalsubtitle")], ":")
    if container:
        item["container-title"] = markup(container)
    series = title("series")
    if series:
        text = markup(series)
        item["collection-title"] = f"{_ordinal(text)} series" if text.isdigit() else text
    for name, variable in (("eventtitle", "event"), ("origtitle", "original-title")):
        nodes = title(name)
        if nodes:
            item[variable] = markup(nodes)

    volume, part = _text(entry, "volume"), _text(entry, "part")
    if volume or part:
        item["volume"] = f"{volume}.{part}" if volume and part else volume or part
    number = _text(entry, "number")
    if number:
        if entry_type in _BOOK_NUMBERED:
            item["collection-number"] = number
        elif entry_type in _ARTICLE_LIKE:
            issue = _text(entry, "issue")
            item["issue"] = f"{number}, {issue}" if issue else number
        else:
            item["number"] = number
    elif entry_type in _ARTICLE_LIKE and _text(entry, "issue"):
        item["issue"] = _text(entry, "issue")
    for name, variable in (
        ("pages", "page"),
        ("pagetotal", "number-of-pages"),
        ("volumes", "number-of-volumes"),
        ("chapter", "chapter-number"),
        ("edition", "edition"),
        ("version", "version"),
    ):
        number_text = _text(entry, name)
        if number_text:
            item[variable] = number_text.replace("–", "-") if name == "pages" else number_text

    publishers = [
        _text(entry, name) if name == "howpublished" else _list_field(entry, raw, name)
        for name in ("school", "institution", "organization", "howpublished", "publisher")
    ]
    publisher = _join([_from_plain(p) for p in publishers if p], ";")
    if publisher:
        item["publisher"] = markup(publisher)
    place = _list_field(entry, raw, "address") or (
        _list_field(entry, raw, "location") if entry_type != "patent" else None
    )
    if place:
        item["publisher-place"] = place
    if entry_type == "patent" and _text(entry, "location"):
        item["jurisdiction"] = _list_field(entry, raw, "location")
    venue = _text(entry, "venue")
    if venue:
        item["event-place"] = venue

    url = fields.get("url", "").strip()
    if url and (entry_type == "online" or opts.get("url") != "false"):
        item["URL"] = url
    else:
        prefix = _EPRINT_URLS.get(
            (fields.get("eprinttype") or fields.get("archiveprefix") or "").strip().lower()
        )
        eprint = fields.get("eprint", "").strip()
        if prefix and eprint:
            item["URL"] = prefix + eprint
    for name, variable in (
        ("doi", "DOI"),
        ("isbn", "ISBN"),
        ("issn", "ISSN"),
        ("pmid", "PMID"),
        ("pmcid", "PMCID"),
        ("library", "call-number"),
    ):
        value = fields.get(name, "").strip()
        if value and not (name == "doi" and opts.get("doi") == "false"):
            item[variable] = value
    notes = [] if periodical else [_text(entry, "note")]
    notes.append(_text(entry, "addendum"))
    note = _join([_from_plain(n) for n in notes if n], ".")
    if note:
        item["note"] = markup(note)
    pubstate = fields.get("pubstate", "").strip()
    if pubstate:
        item["status"] = _KEYS.get(pubstate.lower(), pubstate)
    elif status:
        item["status"] = status
    return item


_EPRINT_URLS = {
    "arxiv": "https://arxiv.org/abs/",
    "jstor": "https://www.jstor.org/stable/",
    "pubmed": "https://www.ncbi.nlm.nih.gov/pubmed/",
    "googlebooks": "https://books.google.com?id=",
}


def _ordinal(number: str) -> str:
    value = int(number)
    if 10 <= value % 100 <= 20:
        return f"{value}th"
    return str(value) + {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")


def items(
    entries: Sequence[Entry],
    bib_text: str | None = None,
    options: Options = Options(),
    all_entries: Sequence[Entry] | None = None,
) -> list[dict[str, Any]]:
    """Build CSL-JSON items for entries; `bib_text` (the .bib source) lets titles keep their
    protective braces, `all_entries` lets crossref children find their parents' raw fields."""
    raw = RawFields(bib_text, all_entries if all_entries is not None else entries)
    return [to_csl(entry, raw.of(entry), options) for entry in entries]
