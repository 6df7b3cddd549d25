"""Configuration, finished: .citeproof.toml, per-file-ignores, severity overrides, `config`."""

from __future__ import annotations

from pathlib import Path

import pytest

from citeproof.cli import main

BIB = """\
@book{smith2020, author = {Smith, Ann}, title = {Things}, year = {2020}}
@book{unc2001, author = {Uncited, Ura}, title = {Never}, year = {2001}}
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "d.md").write_text("See (Doe, 2019) (Smith, 2020).\n", "utf-8")
    (tmp_path / "final.md").write_text("See (Doe, 2019) (Smith, 2020).\n", "utf-8")
    (tmp_path / "refs.bib").write_text(BIB, "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def stats(capsys, *argv: str) -> tuple[int, list[list[str]], str]:
    code = main(["check", "--format", "concise", "-q", *argv])
    out, err = capsys.readouterr()
    return code, [line.split(" ")[:3] for line in out.splitlines()], err


def test_hidden_file_is_found_first_and_per_file_ignores_apply(folder: Path, capsys) -> None:
    (folder / "citeproof.toml").write_text('style = "mla"\n', "utf-8")  # would be an error
    (folder / ".citeproof.toml").write_text(
        'articles = ["drafts/d.md", "final.md"]\nbib = "refs.bib"\n'
        '[per-file-ignores]\n"drafts/*.md" = ["CP1"]\n"*.bib" = "CP201"\n',
        "utf-8",
    )
    code, rows, _ = stats(capsys)
    assert rows == [["final.md:1:6:", "CP101", "error:"]]
    assert code == 1


def test_severity_override(folder: Path, capsys) -> None:
    (folder / ".citeproof.toml").write_text(
        'articles = ["final.md"]\nbib = "refs.bib"\n[severity]\nCP101 = "warning"\ncp201 = "info"\n',
        "utf-8",
    )
    code, rows, _ = stats(capsys)
    assert rows == [
        ["final.md:1:6:", "CP101", "warning:"],
        ["refs.bib:2:1:", "CP201", "info:"],
    ]
    assert code == 0  # no error left


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        pytest.param(
            '[severity]\nCP101 = "fatal"\n',
            "severity.CP101 must be one of error, warning, info",
            id="severity-value",
        ),
        pytest.param('[severity]\nE501 = "info"\n', "'E501' is not a rule code", id="severity-key"),
        pytest.param(
            '[per-file-ignores]\n"*.md" = ["E501"]\n',
            "per-file-ignores.'*.md' must be a list of codes",
            id="pfi-code",
        ),
        pytest.param(
            'per-file-ignores = ["CP1"]\n', "'per-file-ignores' must be a table", id="pfi-type"
        ),
    ],
)
def test_bad_values_name_the_key_and_what_is_allowed(
    folder: Path, capsys, toml: str, message: str
) -> None:
    (folder / ".citeproof.toml").write_text(
        'articles = ["final.md"]\nbib = "refs.bib"\n' + toml, "utf-8"
    )
    code, _, err = stats(capsys)
    assert code == 2
    assert err.startswith("citeproof: error: .citeproof.toml: ") and message in err
    assert err.count("\n") == 1


def test_config_command_shows_each_origin(folder: Path, capsys) -> None:
    (folder / "citeproof.toml").write_text(
        'articles = ["final.md"]\nbib = "refs.bib"\n[severity]\nCP201 = "info"\n', "utf-8"
    )
    assert main(["config", "--style", "chicago"]) == 0
    lines = dict(line.split(" = ", 1) for line in capsys.readouterr().out.splitlines()[1:])
    assert lines["articles"] == '["final.md"]  # citeproof.toml'
    assert lines["style"] == '"chicago"  # command line'
    assert lines["severity"] == '{"CP201" = "info"}  # citeproof.toml'
    assert lines["cache"] == "true  # default"
