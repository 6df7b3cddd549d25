"""The year scan's fast forms find what the plain patterns they replace find.

Three scans were rewritten for speed: the three-digit year pattern tests its left context
after the digits (so the regex engine can skip to a digit), the words standing for a year
are found by a literal search each instead of one alternation, and brackets and paragraph
breaks by a scan each. On generated text dense in the characters those patterns care
about, each must find exactly the matches of the plain pattern.
"""

from __future__ import annotations

import random
import re

import pytest

from citeproof.citations import extract

# The patterns as first written.
_PLAIN_THREE_DIGIT_YEAR = re.compile(
    r"(?<![\w/.,\-–—])(?P<bad>1[5-9]\d|20\d)(?!\w|[.,/\-–—]\d)(?=[ \t]*[)\];])"
)
_PLAIN_WORD_YEAR = re.compile(r"(?P<word>(?:press|review|preparation|orthcoming))(?!\w)")
_PLAIN_BRACKETS = re.compile(r"[()\[\]]|\n[ \t\u00a0\u202f]*\n")

_PIECES = (
    "197", "2019", "20", "150", "1", "9", "a", "x", "_", " ", "  ", "\t", "\n", ")", "]", ";",
    ",", ".", "/", "-", "–", "—", "(", "p", "in ", "In\n", "press", "review", "preview",
    "preparation", "orthcoming", "Forthcoming", "pressé", "é", "2", "0", "[", "\n\n", " \n",
    "\u00a0",
)  # fmt: skip


def _text(seed: int) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(_PIECES) for _ in range(4000))


@pytest.mark.parametrize("seed", range(8))
def test_three_digit_years_match_the_plain_pattern(seed: int) -> None:
    text = _text(seed)
    plain = [m.span() for m in _PLAIN_THREE_DIGIT_YEAR.finditer(text)]
    assert [m.span() for m in extract._THREE_DIGIT_YEAR.finditer(text)] == plain
    assert plain  # the generated text holds such years


@pytest.mark.parametrize("seed", range(8))
def test_year_words_match_the_plain_alternation(seed: int) -> None:
    text = _text(seed)
    plain = [(m.start(), m.end(), m.group()) for m in _PLAIN_WORD_YEAR.finditer(text)]
    assert extract._year_words(text) == plain
    assert len({word for _, _, word in plain}) == 4  # every word occurs


@pytest.mark.parametrize("seed", range(8))
def test_bracket_and_break_scans_find_the_plain_alternation(seed: int) -> None:
    text = _text(seed)
    plain = [m.start() for m in _PLAIN_BRACKETS.finditer(text)]
    assert sorted(m.start() for p in extract._BRACKETS for m in p.finditer(text)) == plain
    assert any(text[start] == "\n" for start in plain)  # paragraph breaks occur
