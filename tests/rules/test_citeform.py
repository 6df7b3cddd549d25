"""How each style writes the authors and year of a citation in messages (rules/citeform)."""

from __future__ import annotations

import pytest

from citeproof.config import Config
from citeproof.rules.citeform import join

NAMES = {1: ["Lee"], 2: ["Smith", "Jones"], 3: ["Kim", "Park", "Choi"]}


@pytest.mark.parametrize(
    ("style", "count", "et_al", "narrative", "written"),
    [
        pytest.param("apa", 1, False, False, "Lee", id="one"),
        pytest.param("apa", 2, False, False, "Smith & Jones", id="apa_two_parenthetical"),
        pytest.param("apa", 2, False, True, "Smith and Jones", id="apa_two_narrative"),
        pytest.param("apa", 3, False, False, "Kim, Park, & Choi", id="apa_three"),
        pytest.param("apa", 3, True, False, "Kim et al.", id="apa_et_al"),
        pytest.param("chicago", 2, False, False, "Smith and Jones", id="chicago_two"),
        pytest.param("chicago", 3, False, False, "Kim, Park, and Choi", id="chicago_three"),
        pytest.param("harvard", 3, False, False, "Kim, Park and Choi", id="harvard_three"),
        pytest.param("mla", 2, False, False, "Smith & Jones", id="other_style_as_apa"),
    ],
)
def test_join(style: str, count: int, et_al: bool, narrative: bool, written: str) -> None:
    assert join(NAMES[count], Config(style=style), et_al=et_al, narrative=narrative) == written
