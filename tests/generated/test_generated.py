"""Property tests on generated manuscripts: the check finds exactly what was injected (#12).

Each generated case knows its truth by construction (generator.py): the span and key(s) of
every citation and the code and place of every injected finding. The tests below ask, per
form class and per injected error class, that the check agrees with that truth on a few
seeds in every style. Classes the current code gets wrong are strict xfails naming the
failure; a fix flips them to XPASS, which fails, so the fixer removes the mark.
"""

from __future__ import annotations

import functools

import pytest

from .generator import ERRORS, FORMS, LAYOUTS, STYLES, Outcome, _distance, evaluate, generate

SEEDS = (1, 2)


@functools.cache
def outcome(
    seed: int, style: str, errors: bool, forms: tuple[str, ...] | None, layout: str | None
) -> Outcome:
    """One evaluated case, shared by the tests that look at different parts of it."""
    return evaluate(generate(seed, style=style, errors=errors, forms=forms, layout=layout))


def xfail(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=f"#12: {reason}")


# ------------------------------------------------------------------- the generator itself


def test_generator_is_deterministic_per_seed() -> None:
    a = generate(7, style="chicago", errors=True)
    b = generate(7, style="chicago", errors=True)
    c = generate(8, style="chicago", errors=True)
    assert (a.article, a.bib, a.citations, a.expected) == (
        b.article,
        b.bib,
        b.citations,
        b.expected,
    )
    assert a.article != c.article


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_truth_spans_hold_the_cited_year(style: str, layout: str) -> None:
    """Every recorded citation span contains a year (or n.d. / in press / forthcoming)."""
    case = generate(3, style=style, errors=True, layout=layout)
    assert case.citations
    for citation in case.citations:
        text = " ".join(case.article[citation.start : citation.end].split())
        assert any(ch.isdigit() for ch in text) or any(
            w in text for w in ("n.d.", "in press", "forthcoming")
        ), text
    for expected in case.expected:
        if expected.start >= 0:
            placed = case.article[expected.start : expected.end]
            assert " ".join(placed.split()) == " ".join(expected.example.split())


def test_injected_misspellings_are_one_slip_away() -> None:
    """CP301 injections differ from the person's spelling by one edit, a look-alike or diacritics."""
    case = generate(4, style="apa", errors=[e for e in ERRORS if e.startswith("CP301")])
    for expected in case.expected:
        wrong = expected.example
        assert any(
            _distance(wrong, right) <= 2 and wrong != right
            for right in case.article.split()
            if right[:1] == wrong[:1]
        )


def test_traps_are_in_every_case() -> None:
    """Clean cases carry two pairs of close but different names, and the common-word pairs."""
    from .generator import pools

    data = pools()
    for seed in SEEDS:
        case = generate(seed, style="harvard")
        text = " ".join(case.article.split())  # wrapped layouts break lines anywhere
        pairs = [p for p in data["traps"] if all(f"{g} {f}" in text for g, f in p)]
        assert len(pairs) == 2, seed
        words = [p for p in data["common_traps"] if all(s in text for s in p)]
        assert len(words) == 2, seed


# ------------------------------------------------------------------ core forms, all layouts


@pytest.mark.parametrize(
    "layout",
    [
        "wrapped",
        "lines",
        "markdown",
        "crlf",
    ],
)
def test_core_forms_are_found_exactly(layout: str) -> None:
    """Parenthetical, narrative, 1, 2 and 4–8 authors, et al., groups with prefixes; traps."""
    for style in STYLES:
        for seed in SEEDS:
            result = outcome(seed, style, False, (), layout)
            assert result.exact, (style, seed, result.missed, result.spurious, result.false_alarms)


@pytest.mark.parametrize("style", ["chicago", "harvard"])
def test_core_forms_are_exact_without_naming_the_style(style: str) -> None:
    """A user who does not say the style still gets an exact check on the core forms."""
    for seed in SEEDS:
        result = evaluate(generate(seed, style=style, forms=(), layout="lines"), name_style=False)
        assert result.exact, (seed, result.missed, result.false_alarms)


def test_chicago_letters_resolve_without_naming_the_style() -> None:
    for seed in SEEDS:
        case = generate(seed, style="chicago", forms=("letters_unpinned",), layout="lines")
        result = evaluate(case, name_style=False)
        assert result.exact, (seed, result.missed, result.false_alarms)


# ---------------------------------------------------- each form class (every-form manuscripts)

FAILING_FORMS = {}


def _form_param(form: str):
    return pytest.param(form, marks=xfail(FAILING_FORMS[form])) if form in FAILING_FORMS else form


@pytest.mark.parametrize("form", [_form_param(f) for f in FORMS])
def test_every_citation_of_a_form_class_is_found_with_its_key(form: str) -> None:
    """In manuscripts using every form class, each citation of this class resolves to its key."""
    for style in STYLES:
        for seed in SEEDS:
            result = outcome(seed, style, False, None, "markdown")
            of_form = [m for m in result.missed if m[0].form == form]
            assert any(c.form == form for c in result.case.citations), (style, seed)
            assert not of_form, (style, seed, of_form)


def test_clean_manuscripts_with_every_form_are_silent() -> None:
    for style in STYLES:
        for seed in SEEDS:
            result = outcome(seed, style, False, None, "markdown")
            assert not result.false_alarms, (style, seed, result.false_alarms)
            assert not result.spurious, (style, seed, result.spurious)


# ------------------------------------------------ each injected error (all-errors manuscripts)

FAILING_ERRORS = {}


def _error_param(error: str):
    return (
        pytest.param(error, marks=xfail(FAILING_ERRORS[error]))
        if error in FAILING_ERRORS
        else error
    )


@pytest.mark.parametrize("error", [_error_param(e) for e in ERRORS])
def test_each_injected_error_is_found_at_its_place(error: str) -> None:
    for style in STYLES:
        for seed in SEEDS:
            result = outcome(seed, style, True, (), "lines")
            missed = [m for m in result.expected_missed if m[0].variant == error]
            assert any(e.variant == error for e in result.case.expected)
            assert not missed, (style, seed, missed)


def test_error_manuscripts_report_nothing_but_the_injected_findings() -> None:
    for style in STYLES:
        for seed in SEEDS:
            result = outcome(seed, style, True, (), "lines")
            assert not result.false_alarms, (style, seed, result.false_alarms)
            assert not result.missed, (style, seed, result.missed)


# -------------------------------------------------- the isolated matrix (slow: one class a case)


@pytest.mark.slow
@pytest.mark.parametrize("form", [_form_param(f) for f in FORMS])
def test_isolated_form_class_is_exact(form: str) -> None:
    """Each form class alone on top of the core: found, and no false alarm, seeds 1–3."""
    layout = "markdown" if form == "emphasis" else "lines"
    for style in STYLES:
        for seed in (1, 2, 3):
            result = outcome(seed, style, False, (form,), layout)
            of_form = [m for m in result.missed if m[0].form == form]
            assert not of_form, (style, seed, of_form)


@pytest.mark.slow
@pytest.mark.parametrize("error", [_error_param(e) for e in ERRORS])
def test_isolated_error_class_is_found(error: str) -> None:
    for style in STYLES:
        for seed in (1, 2, 3):
            result = outcome(seed, style, (error,), (), "lines")
            assert not result.expected_missed, (style, seed, result.expected_missed)
