"""SARIF (validated against the official 2.1.0 schema), GitHub annotations, --output, --statistics."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from citeproof.cli import main

ROOT = Path(__file__).resolve().parents[2]
_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))
# The vendored copy (from ../shared/schemas) keeps the log's root schema under
# definitions/Root and nothing at its top level, which would accept any JSON at all; validate
# against that root explicitly (draft-07 ignores a $ref's siblings, the definitions stay).
SCHEMA = {**_SCHEMA, "$ref": "#/definitions/Root"}

BIB = """\
@article{smith2020, author = {Smith, Ann}, title = {Things}, journal = {J}, year = {2020}}
@misc{unc2001, author = {Uncited, Ura}, title = {Never cited}, year = {2001}}
"""
# A missing reference (error), an uncited entry (warning, in the bib), and a message with
# the characters GitHub's workflow commands must escape (',' ':' and a newline-free '%').
ARTICLE = "As shown (Smith, 2020). Then (Doe, 2019) said 100% of it.\n"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "my article.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["check", "my article.txt", "--bib", "refs.bib", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_sarif_is_valid_and_carries_every_finding(folder: Path, capsys) -> None:
    code, out, _ = run(capsys, "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    jsonschema.validate(log, SCHEMA)
    _, plain, _ = run(capsys, "--format", "json")
    expected = json.loads(plain)["diagnostics"]
    results = log["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        (d["code"], {"error": "error", "warning": "warning", "info": "note"}[d["severity"]])
        for d in expected
    ]
    first = results[0]["locations"][0]["physicalLocation"]
    assert first["artifactLocation"]["uri"] == "my%20article.txt"
    assert first["region"]["startLine"] == expected[0]["line"]
    assert first["region"]["startColumn"] == expected[0]["column"]
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_of_a_clean_check_is_valid_and_empty(folder: Path, capsys) -> None:
    (folder / "my article.txt").write_text("As shown (Smith, 2020).\n", encoding="utf-8")
    code, out, _ = run(capsys, "--format", "sarif", "--ignore", "CP201")
    assert code == 0
    log = json.loads(out)
    jsonschema.validate(log, SCHEMA)
    assert log["runs"][0]["results"] == []


def test_a_broken_sarif_log_fails_the_schema() -> None:
    """The vendored schema really constrains: a level outside SARIF's four is rejected."""
    result = {"message": {"text": "m"}, "level": "fatal"}
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [result]}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"version": "2.1.0"}, SCHEMA)  # no runs


def test_github_annotations(folder: Path, capsys) -> None:
    code, out, _ = run(capsys, "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("::error file=my article.txt,line=1,col=31,")
    assert "title=CP101 missing-reference::" in lines[0]
    assert "100%25" not in lines[0]  # the message is the finding's, not the article's text
    assert any(line.startswith("::warning file=refs.bib,line=2,col=1,") for line in lines)
    assert all(line.startswith("::") and "\n" not in line for line in lines)


def test_github_escapes_properties_and_data() -> None:
    from citeproof.model import Diagnostic, Position, Report, Severity
    from citeproof.report import render_github

    d = Diagnostic(
        "CP101",
        "missing-reference",
        Severity.INFO,
        "a,b:c.txt",
        Position(3, 4),
        Position(3, 9),
        "50% off\nnext",
        "x",
    )
    out = render_github(Report((), (d,)))
    assert out == (
        "::notice file=a%2Cb%3Ac.txt,line=3,col=4,endLine=3,endColumn=9,"
        "title=CP101 missing-reference::50%25 off next (help: x)\n"
    )


@pytest.mark.parametrize("output_format", ["text", "concise", "json", "sarif", "github"])
def test_output_file_for_every_format(folder: Path, capsys, output_format: str) -> None:
    code, out, _ = run(capsys, "--format", output_format, "--color", "always", "-o", "r.out")
    assert code == 1
    assert out == ""
    written = (folder / "r.out").read_text(encoding="utf-8")
    assert "CP101" in written
    assert "\x1b[" not in written  # a file never gets colour
    _, shown, _ = run(capsys, "--format", output_format, "--color", "never")
    assert written == shown


def test_output_to_a_missing_folder_is_one_error_line(folder: Path, capsys) -> None:
    code, _, err = run(capsys, "--output", "no/such/dir/r.sarif", "--format", "sarif")
    assert code == 2
    # Notes (such as the inferred style) may precede it; the failure itself is one line.
    lines = [line for line in err.splitlines() if not line.startswith("note: ")]
    assert len(lines) == 1 and lines[0].startswith("citeproof: error: ")


def test_statistics_counts_per_code(folder: Path, capsys) -> None:
    (folder / "my article.txt").write_text(
        "(Doe, 2019) and (Roe, 2018) and (Smith, 2020).\n", encoding="utf-8"
    )
    code, out, _ = run(capsys, "--statistics")
    assert code == 1
    rows = [line.split("\t") for line in out.splitlines()]
    assert rows == [
        ["2", "CP101", "missing-reference", "error"],
        ["1", "CP201", "uncited-reference", "warning"],
    ]


def test_sarif_carries_fixes_safe_and_unsafe(folder: Path, capsys) -> None:
    bib = BIB + "@book{orb2020, author = {Kov, Ede}, title = {Orbán speaks}, year = {2020}}\n"
    (folder / "refs.bib").write_text(bib, encoding="utf-8")
    (folder / "my article.txt").write_text(
        "As shown (Smith; 2020). Orban spoke (Kov, 2020).\n", encoding="utf-8"
    )
    _, out, _ = run(capsys, "--format", "sarif")
    log = json.loads(out)
    jsonschema.validate(log, SCHEMA)
    fixes = {r["ruleId"]: r["fixes"][0] for r in log["runs"][0]["results"] if "fixes" in r}
    assert set(fixes) == {"CP106", "CP301"}
    separator = fixes["CP106"]["artifactChanges"][0]["replacements"][0]
    assert separator["insertedContent"]["text"] == "Smith, 2020"
    assert separator["deletedRegion"] == {
        "startLine": 1,
        "startColumn": 11,
        "endLine": 1,
        "endColumn": 22,
    }
    assert fixes["CP106"]["properties"]["safe"] is True
    assert fixes["CP301"]["properties"]["safe"] is False
