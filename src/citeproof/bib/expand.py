"""Expand BibTeX macros within bounds: @string macros, `#` joins and @preamble commands.

Expansion can grow exponentially in the size of a file (`@string{a1 = a0 # a0}` doubles per
level, a "billion laughs" in BibTeX), so every expansion is bounded: the size of a join is
known from its parts before it is built, a macro chain has a depth limit, and the whole bib
a budget. A macro cut at a bound is one finding (BibProblem "expansion-limit") at its line;
the values built on it keep their unexpanded text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..model import BibProblem

# fmt: off
MONTHS: dict[str, str] = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May",
    "jun": "June", "jul": "July", "aug": "August", "sep": "September", "oct": "October",
    "nov": "November", "dec": "December",
}
# fmt: on

_BRACE = re.compile(r"[{}]")
_QUOTED_END = re.compile(r'[{}"]')
_BARE = re.compile(r'[^\s#{}"]+')
_FLAT_PART = re.compile(r'"[^"]*"?|[^\s#"]+')
_DEFINITION = re.compile(
    r"\\(?:(?:provide|new|renew)command\*?\s*(?:\{\s*\\([a-zA-Z]+)\s*\}|\\([a-zA-Z]+))"
    r"\s*(?:\[(\d)\])?|\\def\s*\\([a-zA-Z]+))\s*\{"
)


def resolve(value: object, expansion: Macros, final: bool = True) -> str:
    """Turn a raw field value ({...}, "...", number, macro, or a `#` join of those) into text."""
    if not isinstance(value, str):
        return ""
    if "#" in value:
        text = expansion.join(value, 0)
    else:
        first = value[:1]
        if (first == "{" and value[-1:] == "}") or (
            first == '"' and value[-1:] == '"' and len(value) > 1
        ):
            text = value[1:-1]
        elif value.isdigit():
            return value
        else:
            # An undefined macro keeps its name as text (`year = 2024a`, `month = March`).
            text = expansion.values.get(value.lower(), value)
    if not final:
        return text
    if (
        "\n" in text
        or "  " in text
        or "\t" in text
        or "\r" in text
        or text[:1] == " "
        or text[-1:] == " "
    ):
        return " ".join(text.split())
    return text


def _pieces(value: str, macros: dict[str, str], names: list[str] | None = None) -> list[str]:
    """Resolve a `#` join part by part; `#` inside braces or quotes is just a character.

    Returns the parts' texts unjoined (macro values are shared, never copied), so the size of
    the join is known before it is built. `names` collects the bare words met (macro names).
    """
    if "{" not in value and "}" not in value:
        # Without braces no part can hide a '#' or a '"' (the common `Aho #and# Hopcroft`).
        if '"' not in value:
            texts = []
            for part in value.split("#"):
                bare = part.strip()
                if bare.isdigit():
                    texts.append(bare)
                    continue
                lower = bare.lower()
                if names is not None:
                    names.append(lower)
                texts.append(macros.get(lower, bare))
            return texts
        texts = []
        for part in _FLAT_PART.findall(value):
            if part[0] == '"':
                texts.append(part[1:-1] if len(part) > 1 and part[-1] == '"' else part[1:])
            elif part.isdigit():
                texts.append(part)
            else:
                if names is not None:
                    names.append(part.lower())
                texts.append(macros.get(part.lower(), part))
        return texts
    out: list[str] = []
    index = 0
    length = len(value)
    while index < length:
        char = value[index]
        if char.isspace() or char == "#":
            index += 1
        elif char == "{":
            end = closing(value, index + 1, _BRACE)
            out.append(value[index + 1 : end])
            index = end + 1
        elif char == '"':
            end = closing(value, index + 1, _QUOTED_END, quote=True)
            out.append(value[index + 1 : end])
            index = end + 1
        else:
            match = _BARE.match(value, index)
            if match is None:  # a stray '}' or '"': keep it, as bibtexparser would
                out.append(char)
                index += 1
                continue
            token = match.group()
            if token.isdigit():
                out.append(token)
            else:
                if names is not None:
                    names.append(token.lower())
                out.append(macros.get(token.lower(), token))
            index = match.end()
    return out


#: The longest text one macro or one field may expand to. Joins can double a macro at each
#: level (`@string{a1 = a0 # a0}`: 27 levels make 2^27 copies), so unbounded expansion is a
#: denial of service by a small file. No real field comes near a million characters
#: (BibTeX's own buffer holds 20,000); the size of a join is summed from its parts before it
#: is built, so nothing larger than this bound is ever materialised.
MAX_FIELD = 1_000_000
#: The longest chain of macros defined from macros. Real bibs nest two or three deep
#: (`@string{j = pub # " Journal"}`); a chain of hundreds is generated, not written.
MAX_DEPTH = 100
#: The characters all expansions of one bib may add to its text (each use of a macro counts,
#: since every later pass reads every field). Real bibs add well under a megabyte (their
#: journal names); the bound keeps a file of many 1 MB expansions from costing gigabytes.
MAX_EXPANSION = 16_000_000


class Macros:
    """The @string macros of one bib and the bounds on what expanding them may produce.

    A macro (or @preamble command) cut at a bound is reported once, at its line, and every
    value built on it keeps its unexpanded text: a wrong expansion would be worse than none.
    """

    def __init__(self, problems: list[BibProblem]) -> None:
        self.values: dict[str, str] = dict(MONTHS)
        self.depth: dict[str, int] = {}
        self.lines: dict[str, int] = {}
        self.cut: dict[str, str] = {}  # macro -> the cut macro it is built on (itself if cut)
        self.reported: set[str] = set()
        self.spent = 0
        self.problems = problems

    def define(self, name: str, raw: str, line: int) -> None:
        """Define an @string macro from its raw value, unless it passes a bound."""
        self.lines[name] = line
        if "#" not in raw:
            text = resolve(raw, self, final=False)
            first = raw[:1]
            literal = first in '{"' or raw.isdigit()
            depth = 1 if literal else self.depth.get(raw.lower(), 0) + 1
            root = None if literal else self.cut.get(raw.lower())
            texts = [text]
        else:
            names: list[str] = []
            texts = _pieces(raw, self.values, names)
            depth = 1 + max((self.depth.get(used, 0) for used in names), default=0)
            root = next((self.cut[used] for used in names if used in self.cut), None)
        self.values.pop(name, None)
        if root is not None:  # built on a cut macro: cut too, reported with that macro
            self.cut[name] = root
            return
        size = sum(len(text) for text in texts)
        reason = None
        if size > MAX_FIELD:
            reason = f"expands to {size:,} characters, more than the {MAX_FIELD:,} a value may have"
        elif depth > MAX_DEPTH:
            reason = f"is built from a chain of {depth} macros, deeper than {MAX_DEPTH}"
        elif self.spent + size - len(raw) > MAX_EXPANSION:
            reason = f"would take the bib's expansions past {MAX_EXPANSION:,} characters in all"
        if reason is not None:
            self.cut[name] = name
            message = f"@string macro '{name}' (line {line}) {reason}"
            self.report(name, message + "; the values built on it keep their unexpanded text", line)
            return
        self.cut.pop(name, None)  # a redefinition within the bounds replaces a cut one
        self.spent += max(0, size - len(raw))
        self.depth[name] = depth
        self.values[name] = texts[0] if len(texts) == 1 else "".join(texts)

    def join(self, value: str, line: int) -> str:
        """Resolve a `#` join, or keep its unexpanded text if it passes a bound."""
        names: list[str] | None = [] if self.cut else None
        texts = _pieces(value, self.values, names)
        if names:
            root = next((self.cut[used] for used in names if used in self.cut), None)
            if root is not None:
                return value
        size = sum(len(text) for text in texts)
        if size > MAX_FIELD:
            culprit = self._largest(value)
            self.report(
                culprit,
                f"a value using macro '{culprit}' (line {self.lines.get(culprit, line)}) "
                f"joins to {size:,} characters, more than the {MAX_FIELD:,} a value may have; "
                "the value keeps its unexpanded text",
                self.lines.get(culprit, line),
            )
            return value
        return "".join(texts)

    def charge(self, raw: str, text: str, line: int, command: tuple[str, int] | None = None) -> str:
        """Count what a field's expansion adds against the bib's budget; past it, keep `raw`.

        `command` names the @preamble command (and its line) that expanded it, if one did.
        """
        added = len(text) - len(raw)
        if self.spent + added <= MAX_EXPANSION:
            self.spent += added
            return text
        if command is None:
            culprit = self._largest(raw)
            where = self.lines.get(culprit, line)
            what = f"macro '{culprit}'"
        else:
            culprit, where = command
            what = f"@preamble command '{culprit}'"
        self.report(
            culprit,
            f"{what} (line {where}) would take the bib's expansions past "
            f"{MAX_EXPANSION:,} characters in all; values using it from here on keep their "
            "unexpanded text",
            where,
        )
        return raw

    def _largest(self, raw: str) -> str:
        """Name the macro contributing most to a raw value (the one to report)."""
        names: list[str] = []
        if "#" in raw:
            _pieces(raw, self.values, names)
        else:
            names.append(raw.strip().lower())
        return max(names, key=lambda used: len(self.values.get(used, "")), default=raw)

    def report(self, name: str, message: str, line: int) -> None:
        """Add one finding per cut macro, however many values use it."""
        if name in self.reported:
            return
        self.reported.add(name)
        self.problems.append(BibProblem("expansion-limit", line, line, message))


def closing(value: str, start: int, pattern: re.Pattern[str], quote: bool = False) -> int:
    """Index of the '}' (or '"' at brace level 0) closing a part opened before `start`."""
    depth = 0 if quote else 1
    for match in pattern.finditer(value, start):
        char = match.group()
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and not quote:
                return match.start()
            depth = max(depth, 0)
        elif depth == 0:  # '"' closing a quoted part
            return match.start()
    return len(value)


def preamble_expander(
    preamble: list[tuple[int, str]], expansion: Macros
) -> Callable[[str], str] | None:
    """Return a function expanding the simple macros the @preamble defines, if it defines any.

    Bibliographies define commands such as `\\rpackage[1]{{#1}}` in @preamble and use them in
    titles; expanding them keeps their text instead of guessing. A command defined in terms
    of itself (directly or through others) would expand forever: it is reported and left
    as written. An expansion past MAX_FIELD keeps the value as written.
    """
    definitions: dict[str, tuple[int, str]] = {}
    lines: dict[str, int] = {}
    for line, text in preamble:
        for match in _DEFINITION.finditer(text):
            count = int(match.group(3) or 0)
            end = closing(text, match.end(), _BRACE)
            if count <= 1:
                name = match.group(1) or match.group(2) or match.group(4)
                definitions[name] = (count, text[match.end() : end])
                lines[name] = line + text.count("\n", 0, match.start())
    if not definitions:
        return None
    for name in _recursive(definitions):
        del definitions[name]
        expansion.report(
            "\\" + name,
            f"@preamble command '\\{name}' (line {lines[name]}) is defined in terms of itself; "
            "it is left as written",
            lines[name],
        )
    if not definitions:
        return None
    names = "|".join(re.escape(name) for name in sorted(definitions, key=len, reverse=True))
    pattern = re.compile(
        rf"\\(?P<name>{names})(?![a-zA-Z])(?:\s*\{{(?P<arg>(?:[^{{}}]|\{{[^{{}}]*\}})*)\}})?"
    )

    def replace(match: re.Match[str]) -> str:
        count, body = definitions[match.group("name")]
        argument = match.group("arg")
        if count == 0:
            return "{" + body + "}" + ("" if argument is None else "{" + argument + "}")
        return "{" + body.replace("#1", argument or "") + "}"

    widest = max(len(body) + 2 for _, body in definitions.values())
    takes_argument = any(count for count, _ in definitions.values())
    alone = {
        name: re.compile(
            rf"\\{re.escape(name)}(?![a-zA-Z])(?:\s*\{{(?P<arg>(?:[^{{}}]|\{{[^{{}}]*\}})*)\}})?"
        )
        for name in definitions
    }

    def growth(value: str) -> tuple[int, str]:
        """Bound what one round adds to `value`, and name the command adding most."""
        most = (0, "")
        total = 0
        for name, (count, body) in definitions.items():
            if count == 0:
                added = len(alone[name].findall(value)) * (len(body) + 2)
            else:
                copies = body.count("#1")
                added = sum(
                    len(body) + 2 + copies * len(match.group("arg") or "")
                    for match in alone[name].finditer(value)
                )
            total += added
            most = max(most, (added, name))
        return total, most[1]

    def expand(value: str) -> str:
        original = value
        for _ in range(4):  # definitions may use one another; a few rounds are plenty
            if "\\" not in value or pattern.search(value) is None:
                break
            # Bound the round's result before building it: cheaply from the number of
            # backslashes first, by counting each command's uses only if that is too coarse.
            coarse = value.count("\\") * (widest + (len(value) if takes_argument else 0))
            if len(value) + coarse > MAX_FIELD:
                added, name = growth(value)
                if len(value) + added > MAX_FIELD:
                    expansion.report(
                        "\\" + name,
                        f"@preamble command '\\{name}' (line {lines[name]}) expands a value "
                        f"past the {MAX_FIELD:,} characters a value may have; the value keeps "
                        "its unexpanded text",
                        lines[name],
                    )
                    return original
            value = pattern.sub(replace, value)
        if len(value) > len(original):
            first = pattern.search(original)
            name = first.group("name") if first else next(iter(definitions))
            return expansion.charge(original, value, 0, ("\\" + name, lines[name]))
        return value

    return expand


def _recursive(definitions: dict[str, tuple[int, str]]) -> list[str]:
    """Name the commands whose expansion reaches themselves again (a cycle of definitions)."""
    uses: dict[str, set[str]] = {}
    for name, (_, body) in definitions.items():
        uses[name] = {word for word in re.findall(r"\\([a-zA-Z]+)", body) if word in definitions}
    cyclic = []
    for name in definitions:
        seen: set[str] = set()
        stack = list(uses[name])
        while stack:
            used = stack.pop()
            if used == name:
                cyclic.append(name)
                break
            if used not in seen:
                seen.add(used)
                stack.extend(uses[used])
    return cyclic
