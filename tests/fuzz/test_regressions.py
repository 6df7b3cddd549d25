"""Minimised inputs that once crashed `citeproof check`, one test per crash class.

Each test states the class of input, not only the instance the fuzzer found; the input is
inline so that the test reads on its own. The property is the fuzzer's (see harness.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .harness import assert_property, run, write_case


def _check(tmp_path: Path, article: str, bib: str | None = None) -> None:
    argv = write_case(tmp_path, article.encode(), None if bib is None else bib.encode())
    assert_property(run(argv, tmp_path))


@pytest.mark.parametrize(
    "article",
    [
        pytest.param("—2024b.\n—O. 2024c\n", id="dash_items_without_author"),
        pytest.param(
            "References\n\n———. 2019a. A title. Press.\n\n———. 2019b. Another. Press.\n",
            id="repeated_em_dash_items",
        ),
    ],
)
def test_typed_list_items_without_a_lettered_author(tmp_path: Path, article: str) -> None:
    """CP407 audited a same-year group whose items the style gives no letter (no author
    could be read): the typed-list audit must not assume every item has an expected letter."""
    _check(tmp_path, article)
