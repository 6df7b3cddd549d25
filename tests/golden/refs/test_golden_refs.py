"""Golden reference lists of the sample article, pinned whole. Rewrite with
CITEPROOF_UPDATE_GOLDEN=1 after checking the difference by eye.

One pandoc run per style (a module-scoped fixture); every format is rendered from it.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from citeproof.cli import main
from citeproof.config import Config
from citeproof.references import formatter as references
from citeproof.references import pandoc

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
UPDATE = os.environ.get("CITEPROOF_UPDATE_GOLDEN") == "1"

needs_pandoc = pytest.mark.skipif(pandoc.available() is None, reason="no pandoc >= 3.1 found")

CASES = [
    pytest.param("apa", "text", "rutte-nato.apa.txt", id="apa"),
    pytest.param("chicago", "text", "rutte-nato.chicago.txt", id="chicago-author-date"),
    pytest.param("harvard", "text", "rutte-nato.harvard.txt", id="harvard"),
    pytest.param("apa", "markdown", "rutte-nato.apa.md", id="apa-markdown"),
    pytest.param("apa", "html", "rutte-nato.apa.html", id="apa-html"),
    pytest.param("apa", "rtf", "rutte-nato.apa.rtf", id="apa-rtf"),
]


@pytest.fixture(scope="module")
def built() -> dict[str, references.ReferenceList]:
    config = Config(
        articles=(str(ROOT / "article" / "rutte-nato.txt"),),
        bib=str(ROOT / "references.bib"),
        use_cache=False,
    )
    return {style: references.build(config, style=style) for style in ("apa", "chicago", "harvard")}


def _compare(name: str, actual: str) -> None:
    expected_path = HERE / name
    if UPDATE or not expected_path.exists():
        expected_path.write_text(actual, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"wrote new golden file {expected_path}; review and commit it")
    assert actual == expected_path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("style", "to", "name"), CASES)
@needs_pandoc
def test_golden_refs(built, style, to, name) -> None:
    output = references.render(built[style], to)
    assert isinstance(output, str)
    _compare(name, output)


@pytest.mark.parametrize("style", ["apa", "chicago", "harvard"])
@needs_pandoc
def test_lau_letters_are_the_articles(built, style) -> None:
    """The Lau items carry 2024a/b/c exactly as the article cites them, listed a, b, c."""
    lau = [e for e in built[style].entries if e.key.startswith("lau")]
    assert [(e.key, e.letter) for e in lau] == [
        ("lau2024a", "a"),
        ("lau2024b", "b"),
        ("lau2024c", "c"),
    ]
    assert all(f"2024{e.letter}" in e.text for e in lau)
    assert not built[style].notes


@needs_pandoc
def test_docx_has_hanging_indents_and_italics(built) -> None:
    docx = pytest.importorskip("docx")
    data = references.render(built["apa"], "docx")
    assert isinstance(data, bytes)
    paragraphs = [p for p in docx.Document(io.BytesIO(data)).paragraphs if p.text]
    assert len(paragraphs) == 12
    first = paragraphs[0]
    assert first.paragraph_format.first_line_indent < 0 < first.paragraph_format.left_indent
    assert any(run.italic and run.text == "Reuters" for run in first.runs)


@needs_pandoc
def test_cli_prints_the_apa_list(capsys, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["refs", "article/rutte-nato.txt", "--bib", "references.bib"]) == 0
    captured = capsys.readouterr()
    assert captured.out == (HERE / "rutte-nato.apa.txt").read_text(encoding="utf-8")
    assert captured.err == ""


def test_style_handed_to_pandoc_has_no_disambiguation() -> None:
    style = references.find_style("apa")
    original = Path(style.path).read_text(encoding="utf-8")
    assert "disambiguate-add-year-suffix" in original
    stripped = references.without_disambiguation(style)
    assert "disambiguate-add-" not in stripped and "givenname-disambiguation-rule" not in stripped
    assert len(original) - len(stripped) < 300


def test_missing_pandoc_is_one_line_and_exit_2(capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("CITEPROOF_PANDOC", str(tmp_path / "no-such-pandoc"))
    assert main(["refs", "article/rutte-nato.txt", "--bib", "references.bib"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("citeproof: error: formatting references needs pandoc >= 3.1")
    assert "\n" not in err


@needs_pandoc
def test_extracted_bib_formats_to_the_same_list(tmp_path, capsys, monkeypatch) -> None:
    """extract-refs → refs gives the same APA list as the hand-made references.bib."""
    monkeypatch.chdir(ROOT)
    extracted = tmp_path / "extracted.bib"
    assert main(["extract-refs", "article/rutte-nato.txt", "--output", str(extracted)]) == 0
    capsys.readouterr()
    assert main(["refs", "article/rutte-nato.txt", "--bib", str(extracted), "--no-cache"]) == 0
    # Equal up to letter case: only the hand-made bib can brace a proper noun inside a
    # title-cased book title ("Post-{Cold War}"), which APA's sentence case then keeps.
    expected = (HERE / "rutte-nato.apa.txt").read_text(encoding="utf-8")
    assert capsys.readouterr().out.casefold() == expected.casefold()
