"""Catalogue meta-tests: codes unique and ordered, every rule documented and exemplified."""

from __future__ import annotations

import re

import pytest

from citeproof.api import check_texts
from citeproof.config import Config
from citeproof.rules import RULES, is_selected

CODE = re.compile(r"^CP[1-5]\d\d$")
NAME = re.compile(r"^[a-z]+(?:-[a-z]+)*$")


def test_codes_are_unique_and_ordered() -> None:
    codes = [rule.code for rule in RULES]
    assert codes == sorted(codes)
    assert len(set(codes)) == len(codes)
    assert len({rule.name for rule in RULES}) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_is_well_formed(rule) -> None:
    assert CODE.match(rule.code)
    assert NAME.match(rule.name)
    assert rule.summary and rule.summary[0].isupper()
    assert rule.check is not None, "a rule without a check is not in the catalogue"
    assert any(e.fires for e in rule.examples), "needs an example that fires"
    assert any(not e.fires for e in rule.examples), "needs an example that does not fire"


EXAMPLES = [
    pytest.param(rule, example, id=f"{rule.code}-{'fires' if example.fires else 'quiet'}-{i}")
    for rule in RULES
    if not rule.code.startswith("CP5")
    for i, example in enumerate(rule.examples)
]


@pytest.mark.parametrize(("rule", "example"), EXAMPLES)
def test_example(rule, example) -> None:
    config = Config(select=(rule.code,)).with_options(**dict(example.options))
    checked = check_texts(example.article, example.bib, config)
    codes = [d.code for d in checked.report.diagnostics]
    if example.fires:
        assert rule.code in codes, f"{rule.code} did not fire on {example.article!r}"
    else:
        assert rule.code not in codes, f"{rule.code} fired on {example.article!r}"


@pytest.mark.parametrize(
    ("code", "select", "ignore", "expected"),
    [
        pytest.param("CP101", (), (), True, id="default"),
        pytest.param("CP101", ("CP1",), (), True, id="selected-prefix"),
        pytest.param("CP201", ("CP1",), (), False, id="not-selected"),
        pytest.param("CP104", ("CP1",), ("CP104",), False, id="longer-ignore-wins"),
        pytest.param("CP104", ("CP104",), ("CP1",), True, id="longer-select-wins"),
        pytest.param("CP201", (), ("CP2",), False, id="ignored"),
    ],
)
def test_selection_longest_prefix_wins(code, select, ignore, expected) -> None:
    assert is_selected(code, select, ignore) is expected


def test_off_by_default_rule_needs_explicit_selection() -> None:
    assert is_selected("CP302", (), (), default=False) is False
    assert is_selected("CP302", ("CP302",), (), default=False) is True
