"""Reading article text: encodings, BOMs, line ends, bad input, offset → line:column."""

from __future__ import annotations

import codecs

import pytest

from citeproof.errors import InputError
from citeproof.manuscript.document import from_text, read


@pytest.mark.parametrize(
    ("data", "encoding", "noted"),
    [
        pytest.param("Smith (2020) — café\n".encode(), "utf-8", False, id="utf8"),
        pytest.param(codecs.BOM_UTF8 + "café (2020)".encode(), "utf-8-sig", False, id="utf8-bom"),
        pytest.param("café (2020)".encode("utf-16"), "utf-16", False, id="utf16-bom"),
        pytest.param("café (2020)".encode("cp1252"), "cp1252", True, id="cp1252-fallback"),
    ],
)
def test_encodings(tmp_path, data, encoding, noted) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    document = read(str(path))
    assert "caf" in document.text
    assert document.encoding == encoding
    assert (document.note is not None) is noted
    assert not document.text.startswith("\ufeff")


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        pytest.param(lambda p: None, "no such file", id="missing"),
        pytest.param(lambda p: p.mkdir(), "is a directory", id="directory"),
        pytest.param(lambda p: p.write_bytes(b""), "empty", id="empty"),
        pytest.param(lambda p: p.write_bytes(b"  \n\n"), "empty", id="blank"),
        pytest.param(lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00"), "binary", id="binary"),
    ],
)
def test_bad_input_is_one_line_error(tmp_path, setup, message) -> None:
    path = tmp_path / "a.txt"
    setup(path)
    with pytest.raises(InputError) as error:
        read(str(path))
    text = str(error.value)
    assert message in text and str(path) in text and "\n" not in text


def test_crlf_is_normalised_so_columns_ignore_carriage_returns(tmp_path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"One.\r\nSmith (2020) said.\r\n")
    document = read(str(path))
    assert "\r" not in document.text
    assert document.position(document.text.index("Smith")).line == 2


def test_positions_are_one_based_code_points() -> None:
    document = from_text("a.txt", "é\nab Smith (2020)\n")
    offset = document.text.index("Smith")
    position = document.position(offset)
    assert (position.line, position.column) == (2, 4)
    assert document.position(0).column == 1
    assert document.line_text(2) == "ab Smith (2020)"


def test_input_file_is_never_written(tmp_path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"Smith (2020).\r\n")
    before = path.stat().st_mtime_ns, path.read_bytes()
    read(str(path))
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before


def test_lone_carriage_returns_are_line_breaks_for_findings_too() -> None:
    """A bib with a lone '\r' places its findings on lines the document has (fuzz finding)."""
    from citeproof import api

    bib = (
        "\r0\n@article{a, title = {Things}, crossref = {smith}}\n\n\r0\n@article{a, title = {T}}\n"
    )
    checked = api.check_texts("", bib)
    document = checked.sources["references.bib"]
    assert checked.report.diagnostics
    for diagnostic in checked.report.diagnostics:
        assert 1 <= diagnostic.start.line <= len(document.line_starts)
