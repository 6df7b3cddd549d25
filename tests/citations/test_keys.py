"""Key-based citations: LaTeX's \\cite family and pandoc's [@key], resolved by key."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from citeproof.api import check_texts
from citeproof.citations.keys import find_key_citations
from citeproof.cli import main
from citeproof.manuscript.document import from_text
from citeproof.model import Kind

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "real"

BIB = """@article{smith2020, author = {Smith, Ann and Jones, Bo}, title = {On things},
  journal = {J}, year = {2020}}
@article{doe2019, author = {Doe, Jo}, title = {Other}, journal = {J}, year = {2019}}
@article{lee2018, author = {Lee, Kim}, title = {Third}, journal = {J}, year = {2018}}
"""


def keys_of(path: str, text: str) -> list[tuple[str, str, str, str]]:
    found = find_key_citations(from_text(path, text))
    return [(c.key, c.kind.value, c.prefix, c.locator) for c in found.citations]


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        pytest.param(
            "a.tex", r"\citep{smith2020}", [("smith2020", "parenthetical", "", "")], id="citep"
        ),
        pytest.param(
            "a.tex", r"\citet{smith2020}", [("smith2020", "narrative", "", "")], id="citet"
        ),
        pytest.param(
            "a.tex",
            r"\citep[see][p.~4]{smith2020, doe2019}",
            [
                ("smith2020", "parenthetical", "see", "p.~4"),
                ("doe2019", "parenthetical", "see", "p.~4"),
            ],
            id="multi_key_pre_post",
        ),
        pytest.param(
            "a.tex",
            r"\parencite[12]{doe2019}",
            [("doe2019", "parenthetical", "", "12")],
            id="biblatex_postnote",
        ),
        pytest.param(
            "a.tex", r"\textcite{doe2019}", [("doe2019", "narrative", "", "")], id="textcite"
        ),
        pytest.param(
            "a.tex",
            r"\autocite*{doe2019}",
            [("doe2019", "parenthetical", "", "")],
            id="autocite_star",
        ),
        pytest.param("a.tex", r"\nocite{*}", [("*", "parenthetical", "", "")], id="nocite_all"),
        pytest.param("a.tex", r"% \cite{gone}" + "\nText.", [], id="comment_skipped"),
        pytest.param(
            "a.tex",
            r"50\% \cite{doe2019}",
            [("doe2019", "parenthetical", "", "")],
            id="escaped_percent_not_comment",
        ),
        pytest.param(
            "a.tex", "\\begin{verbatim}\n\\cite{gone}\n\\end{verbatim}", [], id="verbatim_skipped"
        ),
        pytest.param("a.tex", r"\emph{smith2020}", [], id="other_command"),
        pytest.param(
            "a.md",
            "As [@doe2019] shows.",
            [("doe2019", "parenthetical", "", "")],
            id="pandoc_bracket",
        ),
        pytest.param(
            "a.md",
            "As [see @smith2020, p. 4; @doe2019] shows.",
            [("smith2020", "parenthetical", "see", "p. 4"), ("doe2019", "parenthetical", "", "")],
            id="pandoc_group",
        ),
        pytest.param(
            "a.md",
            "Shown [-@doe2019].",
            [("doe2019", "parenthetical", "", "")],
            id="pandoc_suppress_author",
        ),
        pytest.param(
            "a.md",
            "@doe2019 [p. 3] says.",
            [("doe2019", "narrative", "", "p. 3")],
            id="pandoc_narrative_locator",
        ),
        pytest.param(
            "a.md",
            "As @doe2019.",
            [("doe2019", "narrative", "", "")],
            id="key_ends_before_full_stop",
        ),
        pytest.param("a.md", "Write to jo@doe2019.org.", [], id="email_not_citation"),
        pytest.param("a.md", r"An escaped \@doe2019.", [], id="escaped_at"),
        pytest.param("a.md", "Code `@doe2019` here.", [], id="code_skipped"),
        pytest.param("a.md", "See @fig:map and [@sec:intro].", [], id="crossref_labels"),
        # pandoc reads such a bracket as text holding a narrative citation.
        pytest.param(
            "a.md",
            "A [plain bracket] and [@doe2019 and text; no key].",
            [("doe2019", "narrative", "", "")],
            id="bracket_items_without_keys",
        ),
        pytest.param("a.txt", "Mail @doe2019 on social media.", [], id="pandoc_only_in_markdown"),
    ],
)
def test_key_citations_found(path: str, text: str, expected: list) -> None:
    assert keys_of(path, text) == expected


def codes(checked) -> list[tuple[str, tuple[str, ...]]]:
    return [(d.code, d.keys) for d in checked.report.diagnostics]


def test_unknown_key_is_cp109_with_near_miss() -> None:
    checked = check_texts(r"Shown \citep{smtih2020, doe2019, lee2018}.", BIB, article_path="a.tex")
    (finding,) = [d for d in checked.report.diagnostics if d.code == "CP109"]
    assert finding.keys == ("smith2020",)
    assert (finding.start.line, finding.start.column) == (1, 14)
    assert "smith2020" in finding.message
    # smith2020 is uncited: the unknown key did not resolve to it.
    assert ("CP201", ("smith2020",)) in codes(checked)


def test_key_with_other_case_is_unknown_but_suggested_first() -> None:
    checked = check_texts("As [@Doe2019].", BIB, article_path="a.md")
    (finding,) = [d for d in checked.report.diagnostics if d.code == "CP109"]
    assert finding.keys == ("doe2019",)


def test_nocite_all_cites_every_entry() -> None:
    checked = check_texts(r"Shown \citep{doe2019}. \nocite{*}", BIB, article_path="a.tex")
    assert codes(checked) == []


def test_mixed_keys_and_author_year_are_both_checked() -> None:
    text = "As [@doe2019] and (Smith & Jones, 2020) and (Lee, 2017) show."
    checked = check_texts(text, BIB, article_path="a.md")
    found = codes(checked)
    assert [c for c, _ in found] == ["CP103"]
    kinds = [r.citation.kind for r in checked.report.files[0].resolutions]
    assert kinds == [Kind.PARENTHETICAL] * 3


def test_bib_found_from_the_document(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no configured bib: the document's own declaration serves
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "paper.tex").write_text(
        "\\citet{smith2020} \\citep{doe2019,lee2018}\n\\bibliography{refs}\n", encoding="utf-8"
    )
    (tmp_path / "paper.md").write_text(
        "---\ntitle: T\nbibliography:\n  - refs.bib\n---\n[@smith2020; @doe2019; @lee2018]\n",
        encoding="utf-8",
    )
    for name in ("paper.tex", "paper.md"):
        code = main(["check", str(tmp_path / name), "--no-cache", "--format", "json"])
        out = json.loads(capsys.readouterr().out)
        assert (code, out["diagnostics"]) == (0, []), name


def test_declared_bib_missing_is_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "paper.tex").write_text("\\cite{a}\n\\bibliography{nothere}\n", encoding="utf-8")
    code = main(["check", str(tmp_path / "paper.tex"), "--no-cache"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("citeproof: error:") and "nothere.bib" in err
    assert len(err.strip().splitlines()) == 1


def test_real_pandoc_markdown_checked_from_its_keys(tmp_path: Path) -> None:
    """A fixture in pandoc Markdown built from a real corpus bib: every key resolves."""
    folder = CORPUS / "bayestestr"
    if not folder.is_dir():
        pytest.skip("shared corpus not available")
    bib = (folder / "references.bib").read_text(encoding="utf-8")
    paper = (folder / "paper.md").read_text(encoding="utf-8")
    checked = check_texts(paper, bib, article_path="paper.md")
    resolutions = checked.report.files[0].resolutions
    keyed = [r for r in resolutions if r.citation.key]
    assert len(keyed) >= 8
    assert all(r.status.value == "resolved" for r in keyed)
    assert not [d for d in checked.report.diagnostics if d.code == "CP109"]
    shutil.copy(folder / "references.bib", tmp_path / "references.bib")
    (tmp_path / "paper.md").write_text(
        "As shown [@kruschke2018bayesian; see @ludecke2019see, p. 2] and @kruschke2018bayesianx.\n",
        encoding="utf-8",
    )
    checked = check_texts(
        (tmp_path / "paper.md").read_text(encoding="utf-8"), bib, article_path="paper.md"
    )
    unknown = [d for d in checked.report.diagnostics if d.code == "CP109"]
    assert [d.keys for d in unknown] == [("kruschke2018bayesian",)]
