"""The CLI contract, through `citeproof.cli.main(argv)`: exit codes, stdout/stderr separation.

0 = no error-severity finding, 1 = error findings, 2 = cannot run (one line on stderr, no
traceback). JSON goes to stdout only. Inputs are never modified.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from citeproof import __version__
from citeproof.cli import main

ROOT = Path(__file__).resolve().parents[1]

BIB = """\
@article{smith2020, author = {Smith, Ann and Jones, Bo}, title = {Things}, journal = {J},
  year = {2020}}
@book{lee2019, author = {Lee, Cy}, title = {A book}, publisher = {P}, year = {2019}}
"""
UNCITED = "@misc{unc2001, author = {Uncited, Ura}, title = {Never cited}, year = {2001}}\n"
CLEAN = "As shown (Smith & Jones, 2020). Lee (2019) agrees.\n"
WITH_ERROR = "As shown (Doe, 2019). Lee (2019) agrees (Smith & Jones, 2020).\n"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder (no [tool.citeproof] above it) with the fixture files, made current."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "uncited.bib").write_text(BIB + UNCITED, encoding="utf-8")
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "error.txt").write_text(WITH_ERROR, encoding="utf-8")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_no_traceback(*streams: str) -> None:
    for stream in streams:
        assert "Traceback" not in stream


def codes_in_json(out: str) -> set[str]:
    return {d["code"] for d in json.loads(out)["diagnostics"]}


# ---------------------------------------------------------------- exit 0 and 1


def test_clean_article_exits_0(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", "clean.txt", "--bib", "refs.bib")
    assert code == 0
    assert out
    assert_no_traceback(out, err)


def test_error_finding_exits_1(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", "error.txt", "--bib", "refs.bib")
    assert code == 1
    assert "CP101" in out
    assert_no_traceback(out, err)


def test_warning_only_exits_0(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "clean.txt", "--bib", "uncited.bib", "--format", "json")
    assert code == 0
    assert "CP201" in codes_in_json(out)


# ---------------------------------------------------------------- exit 2: cannot run


def _binary(folder: Path) -> str:
    (folder / "binary.txt").write_bytes(b"PK\x03\x04\x00\x00\x08\x00" + bytes(range(256)) * 4)
    return "binary.txt"


def _empty(folder: Path) -> str:
    (folder / "empty.txt").write_bytes(b"")
    return "empty.txt"


def _directory(folder: Path) -> str:
    (folder / "chapter").mkdir()
    return "chapter"


def _broken_bib(folder: Path) -> str:
    (folder / "broken.bib").write_text(
        "@article{x, author = {A}, title = {T}\n@book{\n@misc{y, title = {\n", encoding="utf-8"
    )
    return "broken.bib"


@pytest.mark.parametrize(
    ("make_article", "make_bib"),
    [
        pytest.param(lambda f: "missing.txt", lambda f: "refs.bib", id="missing-article"),
        pytest.param(_directory, lambda f: "refs.bib", id="directory-article"),
        pytest.param(_empty, lambda f: "refs.bib", id="empty-article"),
        pytest.param(_binary, lambda f: "refs.bib", id="binary-article"),
        pytest.param(lambda f: "clean.txt", lambda f: "missing.bib", id="missing-bib"),
        pytest.param(lambda f: "clean.txt", _broken_bib, id="bib-only-syntax-errors"),
    ],
)
def test_cannot_run_on_bad_input_exits_2(
    workdir: Path, capsys: pytest.CaptureFixture[str], make_article, make_bib
) -> None:
    article, bib = make_article(workdir), make_bib(workdir)
    bad = article if article != "clean.txt" else bib
    code, out, err = run(capsys, "check", article, "--bib", bib)
    assert code == 2
    assert_no_traceback(out, err)
    lines = err.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {lines!r}"
    assert bad in lines[0]
    assert out == ""


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        pytest.param(("--style", "mla"), "mla", id="unknown-style"),
        pytest.param(("--bogus-option",), "--bogus-option", id="unknown-option"),
    ],
)
def test_bad_option_exits_2_with_one_line(
    workdir: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], named: str
) -> None:
    code, out, err = run(capsys, "check", "clean.txt", "--bib", "refs.bib", *argv)
    assert code == 2
    assert_no_traceback(out, err)
    lines = err.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {lines!r}"
    assert named in lines[0]
    assert out == ""


def test_bad_option_is_never_exit_1(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """click's own usage errors must not leak its exit code 1 ("errors found")."""
    code, _, _ = run(capsys, "check", "clean.txt", "--bib", "refs.bib", "--et-al-min", "x")
    assert code == 2


# ---------------------------------------------------------------- JSON and selection


def test_json_goes_to_stdout_only(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", "error.txt", "--bib", "uncited.bib", "--format", "json")
    assert code == 1
    data = json.loads(out)  # the whole of stdout is one JSON document
    assert data["version"] == 1
    assert data["summary"]["errors"] >= 1
    assert "{" not in err  # notes may go to stderr, JSON never does


def test_select_prefix_keeps_only_those_codes(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, "check", "error.txt", "--bib", "uncited.bib", "--format", "json")
    assert {"CP101", "CP201"} <= codes_in_json(out)
    _, out, _ = run(
        capsys, "check", "error.txt", "--bib", "uncited.bib", "--format", "json", "--select", "CP1"
    )
    codes = codes_in_json(out)
    assert "CP101" in codes
    assert all(code.startswith("CP1") for code in codes)


def test_ignore_drops_a_code(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "check",
        "clean.txt",
        "--bib",
        "uncited.bib",
        "--format",
        "json",
        "--ignore",
        "CP201",
    )
    assert code == 0
    assert "CP201" not in codes_in_json(out)


def test_ignore_an_error_code_changes_the_exit_code(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "check", "error.txt", "--bib", "refs.bib", "--format", "json", "--ignore", "CP101"
    )
    assert "CP101" not in codes_in_json(out)
    assert code == 0


# ---------------------------------------------------------------- other commands


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--version")
    assert code == 0
    assert __version__ in out
    assert_no_traceback(out, err)


def test_rules_lists_every_code(capsys: pytest.CaptureFixture[str]) -> None:
    from citeproof.rules import RULES

    code, out, _ = run(capsys, "rules")
    assert code == 0
    listed = set(re.findall(r"^(CP\d{3})\b", out, flags=re.M))
    assert listed == {rule.code for rule in RULES}


# ---------------------------------------------------------------- the repository's sample


def test_sample_without_citations(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = run(
        capsys, "check", "article/den-haag-fm.txt", "--bib", "references.bib", "--select", "CP1"
    )
    assert code == 0
    assert "no author-year citations found" in err
    assert_no_traceback(out, err)


# ---------------------------------------------------------------- inputs and encodings


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_inputs_are_never_modified(
    workdir: Path, capsys: pytest.CaptureFixture[str], output_format: str
) -> None:
    files = [workdir / "error.txt", workdir / "uncited.bib"]
    before = {f: (f.read_bytes(), f.stat().st_mtime_ns) for f in files}
    for _ in range(2):  # the second run reads the parse cache
        run(capsys, "check", "error.txt", "--bib", "uncited.bib", "--format", output_format)
    after = {f: (f.read_bytes(), f.stat().st_mtime_ns) for f in files}
    assert after == before
    assert sorted(p.name for p in workdir.iterdir()) == sorted(
        ["refs.bib", "uncited.bib", "clean.txt", "error.txt"]
    )


def test_cp1252_article_is_read_with_a_note(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "legacy.txt").write_bytes(
        "Müller’s view (Smith & Jones, 2020) – and Lee (2019).\n".encode("cp1252")
    )
    code, out, err = run(capsys, "check", "legacy.txt", "--bib", "refs.bib", "--format", "json")
    assert code == 0
    assert "legacy.txt" in err and "cp1252" in err
    data = json.loads(out)
    assert {c["text"] for c in data["citations"]} >= {"Smith & Jones, 2020"}
    assert_no_traceback(out, err)


def test_crlf_and_bom_article(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "win.txt").write_bytes(
        b"\xef\xbb\xbfFirst line.\r\nAs shown (Smith & Jones, 2020).\r\nLee (2019) agrees.\r\n"
    )
    code, out, _ = run(capsys, "check", "win.txt", "--bib", "refs.bib", "--format", "json")
    assert code == 0
    first = json.loads(out)["citations"][0]
    assert (first["line"], first["column"]) == (2, 11)


def test_no_article_configured_exits_2(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", "--bib", "refs.bib")
    assert code == 2
    assert len(err.splitlines()) == 1
    assert_no_traceback(out, err)


def test_cache_dir_option_is_used(
    workdir: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = tmp_path_factory.mktemp("own-cache")
    code, _, _ = run(capsys, "check", "clean.txt", "--bib", "refs.bib", "--cache-dir", str(cache))
    assert code == 0
    assert any(cache.iterdir())
    code, _, _ = run(capsys, "check", "clean.txt", "--bib", "refs.bib", "--cache-dir", str(cache))
    assert code == 0


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file"
)
def test_unreadable_article_exits_2(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = workdir / "secret.txt"
    target.write_text(CLEAN, encoding="utf-8")
    target.chmod(0)
    try:
        code, out, err = run(capsys, "check", "secret.txt", "--bib", "refs.bib")
    finally:
        target.chmod(0o644)
    assert code == 2
    assert len(err.splitlines()) == 1 and "secret.txt" in err
    assert_no_traceback(out, err)


def test_version_in_a_fresh_process() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "citeproof", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert __version__ in result.stdout
    assert result.stderr == ""
