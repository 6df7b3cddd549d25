"""find_suppressions tries its pattern only at marked lines: the same directives as a scan of
every position (`_DIRECTIVE.finditer`), on generated texts full of near-directives."""

from __future__ import annotations

import random
import re

import pytest

from citeproof.manuscript.document import from_text
from citeproof.manuscript.suppressions import _DIRECTIVE, Suppression, find_suppressions

# Pieces of directives, broken directives, directives spanning lines, and prose.
_BLANKS = ("", " ", "\t", "  ", "x ", "50")
_OPEN = ("%", "%%", "<!--", "<!-- ", "<", "% ", "")
_WORDS = ("citeproof: ignore ", "CITEPROOF:ignore\t", "citeproof: ", "ignore ", "")
_CODES = ("CP101", "cp2", "CP1", "CP1234", "X1")
_SEPARATORS = (", ", ",", " ", "\n", ",\n", ";")
_CLOSE = ("", " -->", "-->", ",", " %", " x", "\r")


def _line(rng: random.Random) -> str:
    codes = rng.choice(_CODES)
    for _ in range(rng.randint(0, 3)):
        codes += rng.choice(_SEPARATORS) + rng.choice(_CODES)
    return (
        rng.choice(_BLANKS)
        + rng.choice(_OPEN)
        + rng.choice(_WORDS)
        + codes
        + rng.choice(_CLOSE)
        + rng.choice(("", " 10% more", " <!-- x"))
    )


def _reference(text: str) -> list[tuple[int, int, int, tuple[str, ...]]]:
    """The directives as a plain scan of every position finds them (line, start, end, codes)."""
    document = from_text("a.md", text, markdown=False)
    found = []
    for match in _DIRECTIVE.finditer(text):
        codes = match.group("codes") or match.group("tex")
        found.append(
            (
                document.position(match.start()).line,
                match.start() + len(match.group()) - len(match.group().lstrip()),
                match.start() + len(match.group().rstrip()),
                tuple(code.upper() for code in re.findall(r"CP\d+", codes, re.I)),
            )
        )
    return found


def _found(text: str) -> list[tuple[int, int, int, tuple[str, ...]]]:
    document = from_text("a.md", text, markdown=False)
    return [(s.line, s.start, s.end, s.codes) for s in find_suppressions(document)]


@pytest.mark.parametrize("seed", range(40))
def test_same_directives_as_a_full_scan(seed: int) -> None:
    rng = random.Random(seed)
    texts = ["\n".join(_line(rng) for _ in range(rng.randint(0, 60))) for _ in range(25)]
    found = 0
    for text in texts:
        expected = _reference(text)
        assert _found(text) == expected, text
        found += len(expected)
    assert found  # the generator does make directives


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        pytest.param("% citeproof: ignore CP101\nx", [1], id="first-line"),
        pytest.param("x\n  \t<!-- citeproof: ignore CP1 -->\ny", [2], id="indented-html"),
        pytest.param("50% citeproof: ignore CP101\n", [], id="percent-in-prose"),
        pytest.param("a % b %\n% citeproof: ignore CP2", [2], id="second-marker-of-a-line"),
        pytest.param(
            "% citeproof: ignore CP101,\n% CP102\n% citeproof: ignore CP3\n",
            [1, 3],
            id="directive-whose-codes-run-onto-the-next-line",
        ),
    ],
)
def test_directive_lines(text: str, lines: list[int]) -> None:
    document = from_text("a.tex", text, markdown=False)
    assert [s.line for s in find_suppressions(document)] == lines
    assert all(isinstance(s, Suppression) for s in find_suppressions(document))
