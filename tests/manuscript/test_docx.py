"""Word manuscripts: built here with python-docx (no binary files checked in)."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from citeproof.cli import main
from citeproof.errors import InputError
from citeproof.manuscript.document import read

ROOT = Path(__file__).resolve().parents[2]
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BIB = """@article{smith2020, author = {Smith, Ann and Jones, Bo}, title = {On things},
  journal = {J}, year = {2020}}
@article{doe2019, author = {Doe, Jo}, title = {Other}, journal = {J}, year = {2019}}
"""


def _run(tag: str, text: str) -> OxmlElement:
    """A tracked insertion or deletion (w:ins / w:del) holding one run of `text`."""
    change = OxmlElement(tag)
    change.set(qn("w:id"), "1")
    change.set(qn("w:author"), "Editor")
    run = OxmlElement("w:r")
    inner = OxmlElement("w:delText" if tag == "w:del" else "w:t")
    inner.text = text
    inner.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(inner)
    change.append(run)
    return change


def _add_notes(document: docx.document.Document, kind: str, notes: list[str]) -> None:
    """Add a footnotes or endnotes part, with Word's separator note first."""
    tag = kind[:-1]
    body = "".join(
        f'<w:{tag} w:id="{i + 1}"><w:p><w:r><w:t xml:space="preserve">{note}</w:t></w:r></w:p>'
        f"</w:{tag}>"
        for i, note in enumerate(notes)
    )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{kind} xmlns:w="{W_NS}">'
        f'<w:{tag} w:type="separator" w:id="0"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>'
        f"{body}</w:{kind}>"
    )
    content_type = f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml"
    part = Part(PackURI(f"/word/{kind}.xml"), content_type, xml.encode(), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES if kind == "footnotes" else RT.ENDNOTES)


@pytest.fixture
def manuscript(tmp_path: Path) -> Path:
    """Body text, a table, a tracked change, a footnote and an endnote."""
    document = docx.Document()
    document.add_paragraph("Introduction")
    changed = document.add_paragraph("As shown ")
    changed._p.append(_run("w:del", "(Smiht, 2020)"))
    changed._p.append(_run("w:ins", "(Smith & Jones, 2020)"))
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Cell without citation"
    table.cell(0, 1).text = "Cell citing (Doe, 2018)."
    document.add_paragraph("Closing line.")
    _add_notes(document, "footnotes", ["See also (Doe, 2019)."])
    _add_notes(document, "endnotes", ["An endnote (Lee, 2001)."])
    path = tmp_path / "paper.docx"
    document.save(str(path))
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    return path


def test_reading_order_tracked_changes_and_notes(manuscript: Path) -> None:
    document = read(str(manuscript))
    assert document.text.split("\n") == [
        "Introduction",
        "As shown (Smith & Jones, 2020)",
        "Cell without citation",
        "Cell citing (Doe, 2018).",
        "Closing line.",
        "See also (Doe, 2019).",
        "An endnote (Lee, 2001).",
    ]


def test_locations_are_paragraph_and_column(manuscript: Path, capsys) -> None:
    code = main(
        [
            "check",
            str(manuscript),
            "--bib",
            str(manuscript.parent / "refs.bib"),
            "--no-cache",
            "--format",
            "json",
        ]
    )
    found = json.loads(capsys.readouterr().out)["diagnostics"]
    places = sorted((d["code"], d["line"], d["column"]) for d in found)
    # (Doe, 2018) in the table cell: paragraph 4, column 14; (Lee, 2001) in the endnote, column 13.
    assert places == [("CP101", 7, 13), ("CP103", 4, 14)]
    assert code == 1


def test_sample_article_as_docx_gives_the_same_findings(tmp_path: Path, capsys) -> None:
    text = (ROOT / "article" / "rutte-nato.txt").read_text(encoding="utf-8")
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    converted = tmp_path / "rutte-nato.docx"
    document.save(str(converted))
    runs = {}
    for article in (str(ROOT / "article" / "rutte-nato.txt"), str(converted)):
        main(
            [
                "check",
                article,
                "--bib",
                str(ROOT / "references.bib"),
                "--no-cache",
                "--format",
                "json",
            ]
        )
        found = json.loads(capsys.readouterr().out)["diagnostics"]
        runs[article] = [
            (d["code"], d["line"], d["column"], d["message"].replace(article, "ARTICLE"))
            for d in found
        ]
    txt, word = runs.values()
    assert txt and txt == word


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        pytest.param("old.doc", b"\xd0\xcf\x11\xe0 legacy", ".doc files", id="doc_suffix"),
        pytest.param(
            "locked.docx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64,
            "encrypted",
            id="encrypted",
        ),
        pytest.param(
            "broken.docx", b"PK\x03\x04 not really a zip", "not a readable", id="corrupt_zip"
        ),
        pytest.param(
            "text.docx", b"plain text saved as docx", "not a readable", id="text_named_docx"
        ),
    ],
)
def test_unreadable_word_files_are_one_error_line(
    tmp_path: Path, capsys, name: str, data: bytes, says: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=says):
        read(str(path))
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    code = main(["check", str(path), "--bib", str(tmp_path / "refs.bib"), "--no-cache"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("citeproof: error:") and len(err.strip().splitlines()) == 1


def test_zip_without_word_document_is_an_error(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "empty.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(InputError):
        read(str(path))
