"""The command-line conventions of issue #16, one row per behaviour.

Each row runs `citeproof.cli.main(argv)` in a fresh folder holding the fixture files (plus a
citeproof.toml when the row gives one), with the row's environment and stdin, and asserts the
exit code and a pattern that must (and one that must not) appear on the named stream.
"""

from __future__ import annotations

import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from citeproof.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "article" / "rutte-nato.txt"

BIB = """\
@article{smith2020, author = {Smith, Ann and Jones, Bo}, title = {Things}, journal = {J},
  year = {2020}}
@book{lee2019, author = {Lee, Cy}, title = {A book}, publisher = {P}, year = {2019}}
"""
UNCITED = "@misc{unc2001, author = {Uncited, Ura}, title = {Never cited}, year = {2001}}\n"
FILES = {
    "refs.bib": BIB,
    "uncited.bib": BIB + UNCITED,
    "clean.txt": "As shown (Smith & Jones, 2020). Lee (2019) agrees.\n",
    "error.txt": "As shown (Doe, 2019). Lee (2019) agrees (Smith & Jones, 2020).\n",
    "info.txt": "As shown (Smith & Jones, 2020). Lee (2019) agrees [Source: Daily Planet].\n",
    "two.txt": "As shown (Smith, 2020). Lee (2019) agrees.\n",
    "styled.bib": "@article{smith2019, author = {Smith, Ann and Jones, Bo}, title = {Two},\n"
    "  year = {2019}}\n@article{kim2021, author = {Kim, A and Park, B and Choi, C},\n"
    "  title = {Three}, year = {2021}}\n@book{lee2018, author = {Lee, Cy}, title = {One},\n"
    "  year = {2018}}\n",
    "lee.txt": "Lee (2018) agrees.\n",
    "years.txt": "Lee (2018) agrees. Smith and Jones (2018) show it (Kim et al., 2020).\n",
}
ANSI = r"\x1b\["
JSON_101 = r'"code": "CP101"'
JSON_201 = r'"code": "CP201"'
EVERYTHING = ("error.txt", "--bib", "uncited.bib", "--format", "json")


@dataclass(frozen=True)
class Row:
    argv: tuple[str, ...]
    code: int
    stream: str  # "out" or "err"
    expect: str = ""  # a regex that must match the stream
    absent: str | None = None  # a regex that must not match it
    env: dict[str, str] = field(default_factory=dict)
    stdin: bytes | None = None
    toml: str | None = None  # citeproof.toml's text
    pyproject: str | None = None  # pyproject.toml's text
    tty: bool = False  # whether stdout claims to be a terminal


def row(id: str, *argv: str, **fields: object) -> object:
    return pytest.param(Row(argv=argv, **fields), id=id)  # type: ignore[arg-type]


ROWS = [
    # 1. Selectors: comma-separated and repeated; codes, prefixes, names, ALL; typos are errors.
    row("select-comma", "check", *EVERYTHING, "--select", "CP101,CP201", code=1, stream="out",
        expect=f"(?s){JSON_101}.*{JSON_201}"),
    row("select-comma-spaces", "check", *EVERYTHING, "--select", "CP201, CP101", code=1,
        stream="out", expect=f"(?s){JSON_101}.*{JSON_201}"),
    row("select-repeated", "check", *EVERYTHING, "--select", "CP101", "--select", "CP201",
        code=1, stream="out", expect=f"(?s){JSON_101}.*{JSON_201}"),
    row("select-prefix", "check", *EVERYTHING, "--select", "CP2", code=0, stream="out",
        expect=JSON_201, absent=JSON_101),
    row("select-name", "check", *EVERYTHING, "--select", "missing-reference", code=1,
        stream="out", expect=JSON_101, absent=JSON_201),
    row("select-all", "check", *EVERYTHING, "--select", "ALL", code=1, stream="out",
        expect=f"(?s){JSON_101}.*{JSON_201}"),
    row("select-lowercase-code", "check", *EVERYTHING, "--select", "cp201", code=0,
        stream="out", expect=JSON_201),
    row("select-unknown-code", "check", *EVERYTHING, "--select", "CP999", code=2,
        stream="err", expect=r"^citeproof: error: --select: unknown rule selector 'CP999'; "
        r"did you mean 'CP109'\?"),
    row("select-unknown-suggests", "check", *EVERYTHING, "--select", "CP14", code=2,
        stream="err", expect=r"'CP14'; did you mean 'CP104'\?"),
    row("select-unknown-word", "check", *EVERYTHING, "--select", "XYZ", code=2, stream="err",
        expect=r"unknown rule selector 'XYZ'"),
    row("select-name-typo", "check", *EVERYTHING, "--select", "missing-referenc", code=2,
        stream="err", expect=r"did you mean 'missing-reference'\?"),
    row("select-one-bad-in-list", "check", *EVERYTHING, "--select", "CP101,CP9", code=2,
        stream="err", expect=r"'CP9'"),
    row("ignore-unknown", "check", *EVERYTHING, "--ignore", "CP2O1", code=2, stream="err",
        expect=r"--ignore: unknown rule selector 'CP2O1'; did you mean 'CP201'\?"),
    row("longest-prefix-wins", "check", *EVERYTHING, "--select", "CP1", "--ignore", "CP101",
        code=0, stream="out", expect=r'"diagnostics": \[\]'),
    row("config-select-comma", "check", *EVERYTHING, code=1, stream="out",
        toml='select = ["CP101,CP201"]\n', expect=f"(?s){JSON_101}.*{JSON_201}"),
    row("config-select-unknown", "check", *EVERYTHING, code=2, stream="err",
        toml='select = ["CP1,CP99"]\n', expect=r"citeproof\.toml: select: unknown rule selector "
        r"'CP99'"),
    row("cli-select-replaces-config", "check", *EVERYTHING, "--select", "CP2", code=0,
        stream="out", toml='select = ["CP1"]\n', expect=JSON_201, absent=JSON_101),
    row("extend-select-adds", "check", *EVERYTHING, "--extend-select", "CP201", code=1,
        stream="out", toml='select = ["CP1"]\n', expect=f"(?s){JSON_101}.*{JSON_201}"),
    row("extend-ignore-adds", "check", *EVERYTHING, "--extend-ignore", "CP101", code=0,
        stream="out", toml='ignore = ["CP201"]\n', expect=r'"diagnostics": \[\]'),
    row("extend-select-unknown", "check", *EVERYTHING, "--extend-select", "CP7", code=2,
        stream="err", expect=r"--extend-select: unknown rule selector 'CP7'"),
    # 2. Colour: --color, NO_COLOR, FORCE_COLOR; none when not a terminal.
    row("colour-on-terminal", "check", "error.txt", "--bib", "refs.bib", code=1, stream="out",
        tty=True, expect=ANSI),
    row("no-color-on-terminal", "check", "error.txt", "--bib", "refs.bib", code=1,
        stream="out", tty=True, env={"NO_COLOR": "1"}, expect="CP101", absent=ANSI),
    row("no-colour-through-a-pipe", "check", "error.txt", "--bib", "refs.bib", code=1,
        stream="out", expect="CP101", absent=ANSI),
    row("force-color-through-a-pipe", "check", "error.txt", "--bib", "refs.bib", code=1,
        stream="out", env={"FORCE_COLOR": "1"}, expect=ANSI),
    row("color-always", "check", "error.txt", "--bib", "refs.bib", "--color", "always", code=1,
        stream="out", expect=ANSI),
    row("color-always-beats-no-color", "check", "error.txt", "--bib", "refs.bib", "--color",
        "always", code=1, stream="out", env={"NO_COLOR": "1"}, expect=ANSI),
    row("color-never-beats-force-color", "check", "error.txt", "--bib", "refs.bib", "--color",
        "never", code=1, stream="out", tty=True, env={"FORCE_COLOR": "1"}, expect="CP101",
        absent=ANSI),
    row("color-bad-value", "check", "error.txt", "--bib", "refs.bib", "--color", "sometimes",
        code=2, stream="err", expect=r"^citeproof: error: .*'sometimes'"),
    # 3. Exit policy and verbosity.
    row("warnings-pass-by-default", "check", "clean.txt", "--bib", "uncited.bib", code=0,
        stream="out", expect="CP201"),
    row("fail-on-warning", "check", "clean.txt", "--bib", "uncited.bib", "--fail-on",
        "warning", code=1, stream="out", expect="CP201"),
    row("fail-on-warning-ignores-infos", "check", "info.txt", "--bib", "refs.bib", "--fail-on",
        "warning", code=0, stream="out", expect="CP108"),
    row("fail-on-info", "check", "info.txt", "--bib", "refs.bib", "--fail-on", "info", code=1,
        stream="out", expect="CP108"),
    row("exit-zero", "check", "error.txt", "--bib", "refs.bib", "--exit-zero", code=0,
        stream="out", expect="CP101"),
    row("quiet-drops-summary", "check", "error.txt", "--bib", "refs.bib", "--quiet", code=1,
        stream="out", expect="CP101", absent=r"Found \d|All clear"),
    row("quiet-drops-notes", "check", "error.txt", "--bib", "refs.bib", "-q", "--online",
        "--offline", code=1, stream="err", expect=r"^$"),
    row("quiet-clean-prints-nothing", "check", "clean.txt", "--bib", "refs.bib", "-q", code=0,
        stream="out", expect=r"^$"),
    row("verbose-says-config-and-style", "check", "error.txt", "--bib", "refs.bib", "-v",
        "--style", "chicago", code=1, stream="err", toml="", expect=r"(?s)config: citeproof\.toml"
        r".*style: chicago \('et al\.' from 4 authors; unpinned year letters by date\)"),
    row("verbose-not-on-stdout", "check", "error.txt", "--bib", "refs.bib", "-v", code=1,
        stream="out", expect="CP101", absent="citeproof: "),
    # 4. Formats for editors: concise, stdin, `rule CODE`.
    row("concise", "check", "error.txt", "--bib", "refs.bib", "--format", "concise", code=1,
        stream="out", expect=r"(?m)\Aerror\.txt:1:11: CP101 error: no reference entry for "
        r"'Doe' \(2019\)$", absent=r"\||help:"),
    row("concise-quiet-one-line-each", "check", *EVERYTHING[:3], "--format", "concise", "-q",
        code=1, stream="out", expect=r"\A(?:[^\n]+:\d+:\d+: CP\d{3} (?:error|warning|info): "
        r"[^\n]+\n)+\Z"),
    row("stdin-with-filename", "check", "-", "--stdin-filename", "paper.md", "--bib",
        "refs.bib", code=1, stream="out", stdin=FILES["error.txt"].encode(),
        expect=r"^paper\.md:1:11: CP101"),
    row("stdin-markdown-by-name", "check", "-", "--stdin-filename", "paper.md", "--bib",
        "refs.bib", "--select", "CP1", code=0, stream="out", stdin=b"Shown `(Doe, 2019)` in code (Lee, 2019).\n",
        expect="All clear"),
    row("stdin-text-by-name", "check", "-", "--stdin-filename", "paper.txt", "--bib",
        "refs.bib", "--select", "CP1", code=1, stream="out", stdin=b"Shown `(Doe, 2019)` in code (Lee, 2019).\n",
        expect="CP101"),
    row("stdin-without-filename", "check", "-", "--bib", "refs.bib", code=1, stream="out",
        stdin=FILES["error.txt"].encode(), expect=r"^<stdin>:1:11: CP101"),
    row("stdin-empty", "check", "-", "--bib", "refs.bib", code=2, stream="err", stdin=b"",
        expect=r"^citeproof: error: <stdin>: stdin is empty$"),
    row("stdin-filename-without-dash", "check", "error.txt", "--stdin-filename", "x.md",
        "--bib", "refs.bib", code=2, stream="err", expect="--stdin-filename needs '-'"),
    row("rule-by-code", "rule", "CP104", code=0, stream="out",
        expect=r"(?s)\ACP104 author-misspelled\n.*severity: error.*fires when: .*why: .*"
        r"example 1 \(fires\).*\(does not fire\)"),
    row("rule-by-name", "rule", "missing-reference", code=0, stream="out",
        expect=r"\ACP101 missing-reference"),
    row("rule-off-by-default", "rule", "cp302", code=0, stream="out",
        expect="off by default"),
    row("rule-unknown", "rule", "CP14", code=2, stream="err",
        expect=r"^citeproof: error: no rule 'CP14'; did you mean 'CP104'\?"),
    # 5. Output files.
    row("refs-output-folder-missing", "refs", "error.txt", "--bib", "refs.bib", "-o",
        "/nonexistent/dir/refs.docx", "--to", "docx", code=2, stream="err",
        expect=r"^citeproof: error: /nonexistent/dir/refs\.docx: cannot write [^\n]*\n\Z"),
    row("refs-output-is-a-folder", "refs", "error.txt", "--bib", "refs.bib", "-o", ".",
        code=2, stream="err", expect=r"^citeproof: error: .*'\.' is a directory"),
    row("extract-refs-output-folder-missing", "extract-refs", str(SAMPLE), "-o",
        "/nonexistent/x.bib", code=2, stream="err",
        expect=r"^citeproof: error: /nonexistent/x\.bib: cannot write [^\n]*\n\Z"),
    row("refs-docx-by-extension", "refs", "error.txt", "--bib", "refs.bib", "-o", "r.docx",
        code=0, stream="err", expect=r"wrote 2 references .* to r\.docx"),
    row("refs-to-contradicts-extension", "refs", "error.txt", "--bib", "refs.bib", "-o",
        "r.docx", "--to", "text", code=2, stream="err",
        expect=r"^citeproof: error: --to text contradicts the extension of r\.docx"),
    # 6. Precedence: the command line wins; each command validates what it uses.
    row("cli-style-beats-config", "check", "error.txt", "--bib", "refs.bib", "--style", "apa",
        code=1, stream="out", toml='style = "mla"\n', expect="CP101"),
    row("check-refuses-config-style-it-cannot-use", "check", "error.txt", "--bib",
        "refs.bib", code=2, stream="err", toml='style = "mla"\n',
        expect=r"^citeproof: error: citeproof\.toml: unknown style 'mla'"),
    row("refs-takes-csl-style-from-config", "refs", "error.txt", "--bib", "refs.bib", code=0,
        stream="out", toml='style = "mla"\n', expect=r"Smith, Ann, and Bo Jones"),
    row("refs-style-option", "refs", "error.txt", "--bib", "refs.bib", "--style", "mla",
        code=0, stream="out", toml='style = "mla"\n', expect=r"Smith, Ann, and Bo Jones"),
    row("cli-et-al-min-beats-config", "check", "clean.txt", "--bib", "refs.bib",
        "--et-al-min", "3", code=0, stream="out", toml="et-al-min = 1\n", expect="All clear"),
    row("bad-cli-value-not-blamed-on-config", "check", "clean.txt", "--bib", "refs.bib",
        "--et-al-min", "1", code=2, stream="err", toml="",
        expect=r"^citeproof: error: et-al-min must be at least 2"),
    # 7. Consistency.
    row("verify-each-entry-once", "verify", "refs.bib", "--offline", code=0, stream="out",
        expect="smith2020", absent=r"(?s)smith2020.*smith2020"),
    row("verify-notes-on-stderr", "verify", "refs.bib", "--offline", code=0, stream="err",
        expect=r"(?m)^note: offline"),
    row("verify-no-notes-on-stdout", "verify", "refs.bib", "--offline", code=0, stream="out",
        expect=r"CP507", absent=r"(?m)^note:"),
    row("verify-summary-like-check", "verify", "refs.bib", "--offline", code=0, stream="out",
        expect=r"(?m)^Found 0 errors, 0 warnings, 2 infos \(2 entries of refs\.bib verified\)\.\n\Z"),
    row("verify-concise", "verify", "refs.bib", "--offline", "--format", "concise", code=0,
        stream="out", expect=r"\Arefs\.bib:1:1: CP507 info: [^\n]+\nrefs\.bib:3:1: CP507 info: "
        r"[^\n]+\nFound 0 errors, 0 warnings, 2 infos \(2 entries of refs\.bib verified\)\.\n\Z"),
    row("verify-fail-on-info", "verify", "refs.bib", "--offline", "--fail-on", "info", code=1,
        stream="out", expect="CP507"),
    row("no-arguments-shows-usage", code=2, stream="err",
        expect=r"(?s)\AUsage: citeproof .*\nCommands:\n.*check .*verify"),
    row("command-did-you-mean", "chek", code=2, stream="err",
        expect=r"^citeproof: error: no such command 'chek'; did you mean 'check'\?"),
    row("help-full-summaries", "--help", code=0, stream="out",
        expect=r"(?s)Commands:.*check\s+Check ARTICLES.*verify\s+Verify",
        absent=r"[a-z]\.\.\.$"),
    row("help-line-under-gutter", "check", "error.txt", "--bib", "refs.bib", code=1,
        stream="out", expect=r"(?m)^  \|\n1 \| .*\n  \| +\^+\n  = help: "),
    row("unknown-key-citeproof-toml", "check", "clean.txt", "--bib", "refs.bib", code=2,
        stream="err", toml='colour = "red"\n',
        expect=r"citeproof\.toml: unknown key\(s\) in the top-level table: 'colour'",
        absent=r"tool\.citeproof"),
    row("unknown-key-pyproject", "check", "clean.txt", "--bib", "refs.bib", code=2,
        stream="err", pyproject='[tool.citeproof]\nselekt = ["CP1"]\n',
        expect=r"pyproject\.toml: unknown key\(s\) in \[tool\.citeproof\]: 'selekt' "
        r"\(did you mean 'select'\?\)"),
    # 8. Citations in messages are written as the configured style writes them.
    row("cp201-two-authors-apa", "check", "lee.txt", "--bib", "styled.bib", code=0,
        stream="out", expect=r"CP201 warning: smith2019 \(Smith & Jones, 2019\) is never",
        absent=r"Smith et al\."),
    row("cp201-et-al-from-threshold-apa", "check", "lee.txt", "--bib", "styled.bib", code=0,
        stream="out", expect=r"kim2021 \(Kim et al\., 2021\)"),
    row("cp201-chicago", "check", "lee.txt", "--bib", "styled.bib", "--style", "chicago",
        code=0, stream="out", expect=r"smith2019 \(Smith and Jones 2019\).*\n(?s:.*)"
        r"kim2021 \(Kim, Park, and Choi 2021\)"),
    row("cp201-harvard-no-serial-comma", "check", "lee.txt", "--bib", "styled.bib", "--style",
        "harvard", code=0, stream="out", expect=r"kim2021 \(Kim, Park and Choi, 2021\)"),
    row("cp103-apa-narrative-joins-with-and", "check", "years.txt", "--bib", "styled.bib",
        code=1, stream="out", expect=r"help: write Smith and Jones \(2019\)$"),
    row("cp103-apa-parenthetical-et-al", "check", "years.txt", "--bib", "styled.bib", code=1,
        stream="out", expect=r"help: write \(Kim et al\., 2021\)$"),
    row("cp103-chicago-no-et-al-below-four", "check", "years.txt", "--bib", "styled.bib",
        "--style", "chicago", code=1, stream="out",
        expect=r"help: write \(Kim, Park, and Choi 2021\)$"),
]  # fmt: skip


@pytest.mark.parametrize("case", ROWS)
def test_cli_convention(
    case: Row,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    if case.toml is not None:
        (tmp_path / "citeproof.toml").write_text(case.toml, encoding="utf-8")
    if case.pyproject is not None:
        (tmp_path / "pyproject.toml").write_text(case.pyproject, encoding="utf-8")
    for name in ("NO_COLOR", "FORCE_COLOR", "CITEPROOF_MAILTO", "CITEPROOF_OPENALEX_KEY"):
        monkeypatch.delenv(name, raising=False)
    for name in ("CROSSREF", "OPENALEX", "DOI"):  # nothing may leave the machine
        monkeypatch.setenv(f"CITEPROOF_{name}_URL", "http://127.0.0.1:9")
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    if case.stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(case.stdin)))
    if case.tty:
        monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code = main(list(case.argv))
    out, err = capsys.readouterr()
    text = out if case.stream == "out" else err
    assert "Traceback" not in out + err
    assert code == case.code, (out, err)
    assert re.search(case.expect, text, re.MULTILINE), text
    if case.absent is not None:
        assert not re.search(case.absent, text, re.MULTILINE), text


def test_docx_by_extension_is_a_word_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert main(["refs", "error.txt", "--bib", "refs.bib", "-o", "r.docx"]) == 0
    assert (tmp_path / "r.docx").read_bytes()[:2] == b"PK"  # a zip: Word's format
    assert main(["refs", "error.txt", "--bib", "refs.bib", "-o", "r.html"]) == 0
    assert (tmp_path / "r.html").read_text(encoding="utf-8").lstrip().startswith("<")


def test_verbose_reports_the_result_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    argv = ["check", "error.txt", "--bib", "refs.bib", "-v", "--cache-dir", str(tmp_path / "c")]
    assert main(argv) == 1
    assert "result cache: miss" in capsys.readouterr().err
    assert main(argv) == 1
    assert "result cache: hit" in capsys.readouterr().err


def test_internal_error_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The last-resort guard: a bug becomes one line asking for a report; --debug re-raises."""
    from citeproof import api

    monkeypatch.chdir(tmp_path)
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.delenv("CITEPROOF_INTERNAL_ERRORS", raising=False)
    monkeypatch.delenv("CITEPROOF_DEBUG", raising=False)

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("simulated\nbug")

    monkeypatch.setattr(api, "check", broken)
    assert main(["check", "error.txt", "--bib", "refs.bib"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "citeproof: error: internal error while running 'check' on error.txt, refs.bib: "
        "RuntimeError: simulated bug; please report this bug (rerun with --debug for the "
        "traceback)\n"
    )
    with pytest.raises(RuntimeError):
        main(["--debug", "check", "error.txt", "--bib", "refs.bib"])
    monkeypatch.setenv("CITEPROOF_DEBUG", "1")
    with pytest.raises(RuntimeError):
        main(["check", "error.txt", "--bib", "refs.bib"])


def test_every_rule_has_a_rationale_and_no_stale_one() -> None:
    """`citeproof rule CODE` explains why: one rationale per catalogue code, none left over."""
    from citeproof.rules import RULES
    from citeproof.rules.rationale import RATIONALE

    assert set(RATIONALE) == {rule.code for rule in RULES}
    assert all(len(text.split()) >= 8 for text in RATIONALE.values())
