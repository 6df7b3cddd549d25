"""Golden files: whole reports pinned on purpose. Rewrite with CITEPROOF_UPDATE_GOLDEN=1."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from citeproof.cli import main

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
UPDATE = os.environ.get("CITEPROOF_UPDATE_GOLDEN") == "1"

CASES = [
    pytest.param(
        "rutte-nato",
        ["check", "article/rutte-nato.txt", "--bib", "references.bib", "--format", "json"],
        1,
        id="rutte-nato",
    ),
    pytest.param(
        "den-haag-fm",
        [
            "check",
            "article/den-haag-fm.txt",
            "--bib",
            "references.bib",
            "--format",
            "json",
        ],
        0,
        id="den-haag-fm",
    ),
]


def _compare(case: str, name: str, actual: str) -> None:
    expected_path = HERE / case / name
    if UPDATE or not expected_path.exists():
        expected_path.parent.mkdir(parents=True, exist_ok=True)
        expected_path.write_text(actual, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"wrote new golden file {expected_path}; review and commit it")
    assert actual == expected_path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("case", "argv", "exit_code"), CASES)
def test_golden_json(case, argv, exit_code, capsys, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(argv) == exit_code
    out = capsys.readouterr().out
    json.loads(out)
    _compare(case, "expected.json", out)


@pytest.mark.parametrize(("case", "argv", "exit_code"), CASES)
def test_golden_text(case, argv, exit_code, capsys, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main([a for a in argv if a not in ("--format", "json")]) == exit_code
    _compare(case, "expected.txt", capsys.readouterr().out)
