"""--fix, --unsafe-fixes, --diff: safe edits from the findings, written atomically."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from citeproof import fixes
from citeproof.cli import main
from citeproof.errors import CiteproofError
from citeproof.model import Edit, Span

BIB = """\
@article{nazar2024, author = {Nazar, Ali}, title = {Talks}, journal = {J}, year = {2024}}
@article{johnson2020, author = {Johnson, Ann}, title = {Things}, journal = {J}, year = {2020}}
@article{lau2024a, author = {Lau, Stuart}, title = {Stroking the ego}, year = {2024a}}
@article{lau2024b, author = {Lau, Stuart}, title = {In race}, year = {2024b}}
@article{orban2020, author = {Kov, Ede}, title = {Orbán speaks}, journal = {J}, year = {2020}}
"""
ARTICLE = (
    "Talks went on (Nazar; 2024). As Jonhson (2020) showed, it is so.\n"
    "Orban spoke (Kov, 2020) and (Lau, 2024a) and (Lau, 2024b) agree (Lau, 2024).\n"
)
SAFE = (
    "Talks went on (Nazar, 2024). As Johnson (2020) showed, it is so.\n"
    "Orban spoke (Kov, 2020) and (Lau, 2024a) and (Lau, 2024b) agree (Lau, 2024).\n"
)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["check", "a.txt", "--bib", "refs.bib", "--format", "concise", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_diff_prints_and_writes_nothing(folder: Path, capsys) -> None:
    code, out, _ = run(capsys, "--diff")
    assert code == 1
    assert out.startswith("--- a/a.txt\n+++ b/a.txt\n")
    assert "+Talks went on (Nazar, 2024). As Johnson (2020)" in out
    assert "+Orbán" not in out  # a name variant is not a safe fix
    assert (folder / "a.txt").read_text(encoding="utf-8") == ARTICLE
    assert not (folder / "a.txt.bak").exists()


def test_fix_applies_safe_fixes_keeps_mode_and_backup_and_rechecks(folder: Path, capsys) -> None:
    (folder / "a.txt").chmod(0o640)
    code, out, err = run(capsys, "--fix")
    assert (folder / "a.txt").read_text(encoding="utf-8") == SAFE
    assert (folder / "a.txt.bak").read_text(encoding="utf-8") == ARTICLE
    assert stat.S_IMODE((folder / "a.txt").stat().st_mode) == 0o640
    assert "fixed 2 findings" in err
    # Re-checked: the ambiguous (Lau, 2024) is still reported (a missing letter is never
    # guessed), the fixed ones are gone.
    assert code == 1
    assert "CP102" in out and "CP106" not in out and "CP104" not in out
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_unsafe_fixes_add_name_variants_but_never_a_year_letter(folder: Path, capsys) -> None:
    run(capsys, "--fix", "--unsafe-fixes", "--no-backup")
    text = (folder / "a.txt").read_text(encoding="utf-8")
    assert text.startswith("Talks went on (Nazar, 2024).")
    assert "Orbán spoke" in text
    assert text.endswith("agree (Lau, 2024).\n")
    assert not (folder / "a.txt.bak").exists()


def test_a_clean_file_is_not_rewritten(folder: Path, capsys) -> None:
    (folder / "a.txt").write_text("As (Nazar, 2024) said.\n", encoding="utf-8")
    before = (folder / "a.txt").stat().st_mtime_ns
    run(capsys, "--fix")
    assert (folder / "a.txt").stat().st_mtime_ns == before
    assert not (folder / "a.txt.bak").exists()


def test_windows_line_ends_are_kept(folder: Path, capsys) -> None:
    (folder / "a.txt").write_bytes(ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    run(capsys, "--fix")
    assert (folder / "a.txt").read_bytes() == SAFE.replace("\n", "\r\n").encode("utf-8")


def test_a_file_changed_since_the_check_is_not_touched(folder: Path, capsys, monkeypatch) -> None:
    from citeproof import api

    real = api.check

    def check_then_edit(*args, **kwargs):
        checked = real(*args, **kwargs)
        (folder / "a.txt").write_text(ARTICLE + "Someone typed this.\n", encoding="utf-8")
        return checked

    monkeypatch.setattr(api, "check", check_then_edit)
    code, _, err = run(capsys, "--fix")
    assert code == 2
    assert "changed since it was checked" in err
    assert (folder / "a.txt").read_text(encoding="utf-8").endswith("Someone typed this.\n")
    assert not (folder / "a.txt.bak").exists()


def test_stdin_cannot_be_fixed(folder: Path, capsys, monkeypatch) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode())))
    assert main(["check", "-", "--bib", "refs.bib", "--fix"]) == 2
    assert "need article files" in capsys.readouterr().err


def test_overlapping_edits_first_wins_and_apply_is_exact() -> None:
    from citeproof.manuscript.document import from_text
    from citeproof.model import Diagnostic, Position, Severity

    document = from_text("a.txt", "abcdef\n")

    def finding(start: int, end: int, new: str, safe: bool = True) -> Diagnostic:
        return Diagnostic(
            "CP106",
            "malformed-citation",
            Severity.ERROR,
            "a.txt",
            Position(1, start + 1),
            Position(1, end + 1),
            "m",
            edits=(Edit(Span(start, end), new, safe),),
        )

    found = [finding(0, 2, "X"), finding(1, 3, "Y"), finding(4, 5, "Z"), finding(5, 6, "W", False)]
    (plan,) = fixes.plan(found, {"a.txt": document})
    assert plan.after == "XcdZf\n"
    assert len(plan.fixed) == 2 and len(plan.skipped) == 2
    (unsafe,) = fixes.plan(found, {"a.txt": document}, unsafe=True)
    assert unsafe.after == "XcdZW\n"


def test_write_refuses_a_text_that_does_not_map_back(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_bytes(b"one\rtwo\n")  # a lone CR: the checked text is not the file's
    plan = fixes.FilePlan(str(target), "one\ntwo\n", "ONE\ntwo\n", (), ())
    with pytest.raises(CiteproofError, match="not fixable"):
        fixes.write(plan, fixes.fingerprint(str(target)))
    assert target.read_bytes() == b"one\rtwo\n"


def _word(folder: Path, build) -> Path:
    """A .docx built by `build(document)` with python-docx (skips where it is absent)."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    build(document)
    path = folder / "a.docx"
    document.save(str(path))
    return path


def _word_text(path: Path) -> list[str]:
    import docx

    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_a_word_fix_in_one_plain_run_is_written(folder: Path, capsys) -> None:
    """The citation lies inside one run: the run's text changes, nothing else does."""

    def build(document) -> None:
        document.add_paragraph("Background.")
        paragraph = document.add_paragraph()
        paragraph.add_run("Talks went on ").bold = True
        paragraph.add_run("(Nazar; 2024). It is so.")

    path = _word(folder, build)
    code = main(["check", "a.docx", "--bib", "refs.bib", "--format", "concise", "--fix"])
    _, err = capsys.readouterr()
    assert "fixed 1 finding" in err
    assert _word_text(path) == ["Background.", "Talks went on (Nazar, 2024). It is so."]
    import docx

    runs = docx.Document(str(path)).paragraphs[1].runs
    assert [r.bold for r in runs] == [True, None]  # formatting kept
    assert (folder / "a.docx.bak").exists()
    assert code == 0  # re-checked: nothing left at error level


def test_a_word_fix_across_formatting_is_left_to_the_author(folder: Path, capsys) -> None:
    """The citation spans two runs (part of it italic): not plain, so never rewritten."""

    def build(document) -> None:
        paragraph = document.add_paragraph("Talks went on (Nazar")
        paragraph.add_run("; 2024").italic = True
        paragraph.add_run(").")

    path = _word(folder, build)
    before = path.read_bytes()
    code = main(["check", "a.docx", "--bib", "refs.bib", "--format", "concise", "--fix"])
    out, err = capsys.readouterr()
    assert code == 1 and "CP106" in out
    assert "fixed 0 findings" in err and "1 fix not applied" in err
    assert path.read_bytes() == before
    assert not (folder / "a.docx.bak").exists()


def test_a_word_fix_inside_a_tracked_insertion_is_left_to_the_author(folder: Path, capsys) -> None:
    """Text inside a tracked change (w:ins) is the reviewer's to accept, not ours to edit."""
    from docx.oxml.ns import qn

    def build(document) -> None:
        paragraph = document.add_paragraph("Talks went on ")
        run = paragraph.add_run("(Nazar; 2024).")
        insertion = paragraph._p.makeelement(qn("w:ins"), {qn("w:id"): "1", qn("w:author"): "R"})
        run._r.addprevious(insertion)
        insertion.append(run._r)

    path = _word(folder, build)
    before = path.read_bytes()
    code = main(["check", "a.docx", "--bib", "refs.bib", "--format", "concise", "--diff"])
    out, err = capsys.readouterr()
    assert code == 0 and out == ""
    assert "1 fix not applied" in err
    assert path.read_bytes() == before
