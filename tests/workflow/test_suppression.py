"""Inline suppression: a `citeproof: ignore` comment silences codes on the next line only."""

from __future__ import annotations

import pytest

from citeproof.api import check_texts
from citeproof.config import Config

BIB = """\
@book{smith2020, author = {Smith, Ann}, title = {Things}, year = {2020}}
@book{lee2019, author = {Lee, Cy}, title = {A book}, year = {2019}}
"""


def findings(article: str, bib: str = BIB, path: str = "a.md", **options) -> list[tuple]:
    config = Config().with_options(**options) if options else Config()
    checked = check_texts(article, bib, config, article_path=path)
    return [(d.code, d.path, d.start.line, d.severity.value) for d in checked.report.diagnostics]


@pytest.mark.parametrize(
    ("article", "path", "expected"),
    [
        pytest.param(
            "(Smith, 2020) (Lee, 2019).\n<!-- citeproof: ignore CP101 -->\nAs (Doe, 2019).\n",
            "a.md",
            [],
            id="markdown-silences-next-line",
        ),
        pytest.param(
            "(Smith, 2020) (Lee, 2019).\n% citeproof: ignore CP101\nAs (Doe, 2019).\n",
            "a.tex",
            [],
            id="latex-comment",
        ),
        pytest.param(
            "(Smith, 2020) (Lee, 2019).\n<!-- citeproof: ignore CP1 -->\nAs (Doe, 2019).\n",
            "a.md",
            [],
            id="prefix-silences-the-family",
        ),
        pytest.param(
            "(Smith, 2020) (Lee, 2019).\n<!-- citeproof: ignore CP104, CP101 -->\n"
            "As (Doe, 2019).\n",
            "a.md",
            [],
            id="several-codes",
        ),
        pytest.param(
            "(Smith, 2020) (Lee, 2019).\n<!-- citeproof: ignore CP101 -->\n\nAs (Doe, 2019).\n",
            "a.md",
            [("CP303", "a.md", 2, "info"), ("CP101", "a.md", 4, "error")],
            id="only-the-very-next-line",
        ),
        pytest.param(
            "(Smith, 2020) (Lee, 2019).\n<!-- citeproof: ignore CP104 -->\nAs (Doe, 2019).\n",
            "a.md",
            [("CP303", "a.md", 2, "info"), ("CP101", "a.md", 3, "error")],
            id="another-code-is-not-silenced",
        ),
        pytest.param(
            "(Smith, 2020) (Lee, 2019) and 50% citeproof: ignore CP101\nAs (Doe, 2019).\n",
            "a.txt",
            [("CP101", "a.txt", 2, "error")],
            id="not-alone-on-its-line",
        ),
    ],
)
def test_suppression(article: str, path: str, expected: list[tuple]) -> None:
    got = findings(article, path=path)
    assert sorted(got, key=lambda f: f[2]) == expected


def test_a_bib_comment_silences_an_uncited_entry() -> None:
    bib = (
        BIB
        + "% citeproof: ignore CP201\n@book{old1999, author = {Old, O}, title = {T}, year = {1999}}\n"
    )
    assert findings("(Smith, 2020) (Lee, 2019).\n", bib) == []
    loud = BIB + "@book{old1999, author = {Old, O}, title = {T}, year = {1999}}\n"
    assert [f[0] for f in findings("(Smith, 2020) (Lee, 2019).\n", loud)] == ["CP201"]


def test_unused_suppression_can_be_ignored() -> None:
    article = "(Smith, 2020) (Lee, 2019).\n<!-- citeproof: ignore CP101 -->\nFine.\n"
    assert [f[0] for f in findings(article)] == ["CP303"]
    assert findings(article, ignore=("CP303",)) == []


def test_suppression_through_the_cli(tmp_path, monkeypatch, capsys) -> None:
    from citeproof.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "a.md").write_text(
        "(Smith, 2020) (Lee, 2019).\n\n<!-- citeproof: ignore CP101 -->\nAs (Doe, 2019).\n",
        encoding="utf-8",
    )
    assert main(["check", "a.md", "--bib", "refs.bib", "--format", "concise"]) == 0
    assert "CP101" not in capsys.readouterr().out
