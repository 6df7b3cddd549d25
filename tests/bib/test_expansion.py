"""Bounded expansion of @string macros, `#` joins, @preamble commands and crossref chains.

Hostile constructions from issue 13 ("a billion laughs in BibTeX") must finish fast, in
little memory, with one CP208 finding naming the macro and its line.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable

import pytest

from citeproof.bib.expand import MAX_DEPTH, MAX_EXPANSION, MAX_FIELD
from citeproof.bib.loader import parse
from citeproof.model import Bibliography

CITING = "@article{smith2020, author = {Smith, Ann}, title = {T}, year = {2020}}"


def doubling(levels: int) -> str:
    """`@string{a<i> = a<i-1> # a<i-1>}` for `levels` levels: 2^levels copies of the seed."""
    lines = ['@string{a0 = "ab"}']
    lines += [f"@string{{a{i} = a{i - 1} # a{i - 1}}}" for i in range(1, levels + 1)]
    lines.append(f"@misc{{k, author = {{Doe, Jo}}, title = a{levels} # a{levels}, year = 2020}}")
    return "\n".join([*lines, CITING])


def self_expanding_preamble(uses: int) -> str:
    """A @preamble command whose body is itself, twice, used `uses` times in a title."""
    title = "A " + "\\x " * uses + "b"
    return (
        '@preamble{"\\newcommand{\\x}{\\x\\x}"}\n'
        f"@misc{{k, author = {{Doe, Jo}}, title = {{{title}}}, year = 2020}}\n" + CITING
    )


def measured(build: Callable[[], Bibliography]) -> tuple[Bibliography, float, int]:
    """Run `build`; return its result, its wall time and its tracemalloc peak in bytes."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = build()
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, elapsed, peak


def limits(bibliography: Bibliography) -> list[str]:
    return [p.message for p in bibliography.problems if p.kind == "expansion-limit"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(doubling(27), id="string_doubling_27_levels"),
        pytest.param(self_expanding_preamble(30), id="self_expanding_preamble"),
    ],
)
def test_hostile_expansion_is_fast_small_and_reported_once(text: str) -> None:
    parse(text, "warm.bib")  # imports and regex compilation are not what is measured
    bibliography, elapsed, peak = measured(lambda: parse(text, "h.bib"))
    assert elapsed < 1.0
    assert peak < 200 * 1024 * 1024
    assert len(limits(bibliography)) == 1
    # The citing entry next to the hostile one is loaded as usual.
    assert bibliography.by_key()["smith2020"].title == "T"


def test_doubling_names_the_first_macro_past_the_bound_and_keeps_the_field_unexpanded() -> None:
    bibliography = parse(doubling(27), "h.bib")
    (problem,) = [p for p in bibliography.problems if p.kind == "expansion-limit"]
    # "ab" doubled 19 times is 2^20 characters, the first value over a million.
    assert "'a19'" in problem.message
    assert problem.line == 20
    entry = bibliography.by_key()["k"]
    assert entry.title == "a27 # a27"
    assert len(entry.title) < MAX_FIELD


def test_macro_within_the_bound_still_expands() -> None:
    bibliography = parse(doubling(18), "ok.bib")  # 2^19 characters per use, twice: 1,048,576
    assert limits(bibliography)  # the join of two uses passes the bound
    small = parse(doubling(10), "small.bib")
    assert not limits(small)
    assert small.by_key()["k"].title == "ab" * 2**11


def test_self_expanding_preamble_command_is_left_as_written() -> None:
    bibliography = parse(self_expanding_preamble(3), "p.bib")
    (message,) = limits(bibliography)
    assert "'\\x'" in message and "(line 1)" in message


def test_mutually_recursive_preamble_commands_are_reported() -> None:
    text = (
        '@preamble{"\\newcommand{\\a}{\\b} \\newcommand{\\b}{\\a} \\newcommand{\\c}{C}"}\n'
        "@misc{k, title = {\\a and \\c}, year = 2020}"
    )
    bibliography = parse(text, "p.bib")
    assert len(limits(bibliography)) == 2
    assert "C" in bibliography.by_key()["k"].title  # the sound definition is still used


def test_preamble_expansion_past_the_field_bound_keeps_the_value() -> None:
    text = (
        '@preamble{"\\newcommand{\\y}{' + "\\z" * 100 + '}\\newcommand{\\z}{ab}"}\n'
        "@misc{k, title = {A " + "\\y" * 4000 + " b}, year = 2020}"
    )
    bibliography = parse(text, "p.bib")
    (message,) = limits(bibliography)
    assert "\\z" in message
    assert len(bibliography.by_key()["k"].title) < MAX_FIELD


def test_macro_chain_deeper_than_the_bound() -> None:
    lines = ['@string{m0 = "x"}']
    lines += [f'@string{{m{i} = m{i - 1} # "y"}}' for i in range(1, MAX_DEPTH + 20)]
    lines.append(f"@misc{{k, title = m{MAX_DEPTH + 19}, year = 2020}}")
    lines.append(f"@misc{{j, title = m{MAX_DEPTH - 1}, year = 2020}}")
    bibliography = parse("\n".join(lines), "d.bib")
    (problem,) = [p for p in bibliography.problems if p.kind == "expansion-limit"]
    assert f"'m{MAX_DEPTH}'" in problem.message
    assert bibliography.by_key()["k"].title == f"m{MAX_DEPTH + 19}"
    assert bibliography.by_key()["j"].title == "x" + "y" * (MAX_DEPTH - 1)


def test_whole_bib_budget() -> None:
    size = MAX_FIELD - 10
    count = MAX_EXPANSION // size + 5
    text = f'@string{{big = "{"a" * size}"}}\n' + "\n".join(
        f'@misc{{k{i}, title = big # "{i}", year = 2020}}' for i in range(count)
    )
    bibliography = parse(text, "b.bib")
    (message,) = limits(bibliography)
    assert "'big'" in message
    titles = [entry.title for entry in bibliography.entries]
    assert sum(len(title) for title in titles) <= MAX_EXPANSION + len(text)
    assert titles[0].startswith("aaa") and titles[-1] == f'big # "{count - 1}"'


@pytest.mark.parametrize(
    "text, key",
    [
        pytest.param(
            "@inproceedings{a, author = {Smith, Ann}, title = {T}, crossref = {b}}\n"
            "@proceedings{b, title = {P}, crossref = {a}, year = {2020}}",
            "b",
            id="two_entry_loop",
        ),
        pytest.param("@misc{c, title = {S}, crossref = {c}}", "c", id="crossref_to_itself"),
        pytest.param(
            "@misc{c, title = {S}, xdata = {d}}\n@xdata{d, xdata = {c}, note = {N}}",
            "d",
            id="xdata_loop",
        ),
    ],
)
def test_inheritance_loops_are_findings(text: str, key: str) -> None:
    bibliography = parse(text, "x.bib")
    problems = [p for p in bibliography.problems if p.kind == "expansion-limit"]
    assert [p.key for p in problems] == [key]
    assert "loop" in problems[0].message


def test_ordinary_macros_and_crossrefs_raise_nothing() -> None:
    text = (
        '@string{pub = "Springer"}\n@string{ser = pub # " Series"}\n'
        "@inproceedings{a, author = {Smith, Ann}, title = {T}, crossref = {p}, publisher = ser}\n"
        "@proceedings{p, title = {Proc}, year = {2020}}"
    )
    bibliography = parse(text, "o.bib")
    assert not bibliography.problems
    assert bibliography.by_key()["a"].fields["publisher"] == "Springer Series"
