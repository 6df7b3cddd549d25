"""Folders of manuscripts: discovery, excludes, --jobs, uncited entries over the whole set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citeproof.cli import main
from citeproof.manuscript.files import expand

BIB = """@article{smith2020, author = {Smith, Ann and Jones, Bo}, title = {On things},
  journal = {J}, year = {2020}}
@article{doe2019, author = {Doe, Jo}, title = {Other}, journal = {J}, year = {2019}}
@article{lee2018, author = {Lee, Kim}, title = {Third}, journal = {J}, year = {2018}}
@article{doe2019, author = {Doe, Jo}, title = {Again}, journal = {J}, year = {2019}}
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "batch"
    (root / "sub").mkdir(parents=True)
    (root / "drafts").mkdir()
    (root / ".git").mkdir()
    (root / "a.txt").write_text("As shown (Smith & Jones, 2020).\n", encoding="utf-8")
    (root / "sub" / "b.md").write_text("As [@doe2019] and (Doe, 2018) show.\n", encoding="utf-8")
    (root / "sub" / "c.tex").write_text(
        "\\citet{smith2020} and \\cite{smtih2020}.\n", encoding="utf-8"
    )
    (root / "drafts" / "old.txt").write_text("Cites (Lee, 2018).\n", encoding="utf-8")
    (root / ".git" / "x.txt").write_text("(Lee, 2018)\n", encoding="utf-8")
    (root / "refs.bib").write_text(BIB, encoding="utf-8")
    (root / "notes.pdf").write_bytes(b"%PDF")
    (root / "~$a.docx").write_bytes(b"lock")
    return root


def names(paths: list[str], root: Path) -> list[str]:
    return [Path(p).relative_to(root).as_posix() for p in paths]


@pytest.mark.parametrize(
    ("exclude", "expected"),
    [
        pytest.param((), ["a.txt", "drafts/old.txt", "sub/b.md", "sub/c.tex"], id="all"),
        pytest.param(("drafts/",), ["a.txt", "sub/b.md", "sub/c.tex"], id="folder"),
        pytest.param(("*.md", "*.tex"), ["a.txt", "drafts/old.txt"], id="suffix_any_depth"),
        pytest.param(("sub/*.md",), ["a.txt", "drafts/old.txt", "sub/c.tex"], id="anchored"),
        pytest.param(
            ("/b.md",),
            ["a.txt", "drafts/old.txt", "sub/b.md", "sub/c.tex"],
            id="anchored_to_root_only",
        ),
        pytest.param(
            ("**/*.txt", "!a.txt"), ["a.txt", "sub/b.md", "sub/c.tex"], id="negation_last_wins"
        ),
    ],
)
def test_manuscripts_found_by_extension_minus_excludes(
    folder: Path, exclude: tuple[str, ...], expected: list[str]
) -> None:
    assert names(expand([str(folder)], exclude), folder) == expected


def run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, dict]:
    code = main(["check", *argv, "--no-cache", "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_folder_checked_with_uncited_over_the_set(folder: Path, capsys) -> None:
    code, out = run(capsys, str(folder), "--bib", str(folder / "refs.bib"))
    found = [
        (d["code"], Path(d["file"]).name, tuple(d.get("keys", ()))) for d in out["diagnostics"]
    ]
    codes = [c for c, _, _ in found]
    # lee2018 is cited only in drafts/old.txt: cited over the set, so no CP201 at all.
    assert "CP201" not in codes
    # The duplicate key is a finding about the shared bib: reported once, not once per file.
    assert codes.count("CP204") == 1
    assert ("CP109", "c.tex", ("smith2020",)) in found
    assert any(c == "CP103" and f == "b.md" for c, f, _ in found)
    assert code == 1


def test_uncited_reported_once_over_the_set(folder: Path, capsys) -> None:
    _, out = run(capsys, str(folder), "--bib", str(folder / "refs.bib"), "--jobs", "1")
    assert [d["code"] for d in out["diagnostics"]].count("CP201") == 0
    (folder / "drafts" / "old.txt").write_text("No citation here.\n", encoding="utf-8")
    _code, out = run(capsys, str(folder), "--bib", str(folder / "refs.bib"))
    uncited = [d for d in out["diagnostics"] if d["code"] == "CP201"]
    assert [d["keys"] for d in uncited] == [["lee2018"]]


def test_jobs_give_identical_stably_ordered_output(folder: Path, capsys) -> None:
    outputs = []
    for jobs in ("1", "2", "3"):
        main(
            [
                "check",
                str(folder),
                "--bib",
                str(folder / "refs.bib"),
                "--no-cache",
                "--format",
                "json",
                "--jobs",
                jobs,
            ]
        )
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] == outputs[2]
    places = [(d["file"], d["line"], d["column"]) for d in json.loads(outputs[0])["diagnostics"]]
    assert len(places) >= 3 and places == sorted(places)


def test_exclude_from_config(folder: Path, capsys) -> None:
    (folder.parent / "citeproof.toml").write_text(
        'exclude = ["drafts/", "*.tex"]\n', encoding="utf-8"
    )
    _code, out = run(capsys, str(folder), "--bib", str(folder / "refs.bib"))
    checked = {Path(d["file"]).name for d in out["diagnostics"]}
    assert "c.tex" not in checked and "old.txt" not in checked
    assert [d["keys"] for d in out["diagnostics"] if d["code"] == "CP201"] == [["lee2018"]]


def test_exclude_must_be_strings(folder: Path, capsys) -> None:
    (folder.parent / "citeproof.toml").write_text("exclude = 3\n", encoding="utf-8")
    code = main(["check", str(folder), "--bib", str(folder / "refs.bib"), "--no-cache"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("citeproof: error:") and "exclude" in err


def test_empty_folder_is_one_error_line(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    code = main(["check", str(tmp_path / "empty"), "--bib", str(tmp_path / "refs.bib")])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("citeproof: error:") and "no manuscript" in err
