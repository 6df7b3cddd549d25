"""Surname keys, exact-spelling comparison and near-miss scoring."""

from __future__ import annotations

import pytest

from citeproof.model import Name
from citeproof.names.fold import is_near_miss, key, name_forms, same_spelling


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("Orbán", "Orban", id="diacritic"),
        pytest.param("O’Shea", "O'Shea", id="apostrophe"),
        pytest.param("van der Berg", "Van der Berg", id="particle-case"),
        pytest.param("Foreman-Mackey", "Foreman Mackey", id="hyphen-space"),
        pytest.param("Łukasz", "Lukasz", id="special-letter"),
        pytest.param(
            "The Event Horizon Telescope Collaboration",
            "Event Horizon Telescope Collaboration et. al.",
            id="corporate-the-etal",
        ),
    ],
)
def test_keys_fold_case_marks_and_punctuation(a, b) -> None:
    assert key(a) == key(b)


@pytest.mark.parametrize(
    ("cited", "written", "same"),
    [
        pytest.param("Orban", "Orbán", False, id="dropped-diacritic"),
        pytest.param("Van der Berg", "van der Berg", True, id="sentence-start-particle"),
        pytest.param("O’Shea", "O'Shea", True, id="typographic-apostrophe"),
        pytest.param("Mcdonald", "McDonald", False, id="inner-case"),
        pytest.param("Smith", "Smith", True, id="equal"),
    ],
)
def test_same_spelling(cited, written, same) -> None:
    assert same_spelling(cited, written) is same


@pytest.mark.parametrize(
    ("a", "b", "near"),
    [
        pytest.param("lohannes", "iohannis", True, id="i-l-swap-plus-vowel"),
        pytest.param("iohannes", "iohannis", True, id="one-vowel"),
        pytest.param("smiht", "smith", True, id="transposition"),
        pytest.param("hansen", "jansen", False, id="different-first-letter"),
        pytest.param("lee", "lea", False, id="too-short"),
        pytest.param("smith", "jones", False, id="unrelated"),
        pytest.param("schmidt", "schmitt", True, id="one-letter"),
    ],
)
def test_near_miss(a, b, near) -> None:
    assert is_near_miss(a, b) is near


def test_name_forms_include_dropped_particle_and_given_first_order() -> None:
    forms = name_forms(Name(first="Stéfan", von="van der", last="Walt"))
    assert "van der Walt" in forms and "Walt" in forms
    corporate = name_forms(Name(last="World Health Organization", literal=True))
    assert corporate == ("World Health Organization",)
