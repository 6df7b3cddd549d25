"""Titles as small trees of text, protected groups and styled runs: LaTeX parsed, case
changed the way pandoc does (sentence case, small words), and written back as CSL markup.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import data
from ..bib.latex_decode import decode
from ..model import Entry

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
SMALL_WORDS = data.words("title_small_words")


def in_sentence_case(nodes: Sequence[_Node]) -> bool:
    """Tell whether any sentence of a title is already in sentence case, so that
    `sentence_case(..., keep_proper=True)` keeps capitals pandoc would lowercase."""
    text = _decision_text(_atoms(list(nodes)))
    return any(_keep_flags(text))


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
