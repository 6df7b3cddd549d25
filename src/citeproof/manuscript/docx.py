"""Read a Word (.docx) manuscript into a Document: one line per paragraph, in reading order.

Body paragraphs (table cells included, in document order) come first, then footnotes, then
endnotes. The Document's text is the paragraphs joined by "\\n", so a finding's line is the
paragraph number (1-based, over that reading order) and its column the position in the
paragraph, and the text reporter shows the paragraph as the excerpt. Tracked changes read as
accepted: inserted text kept, deleted text dropped; field codes (a reference manager's
hidden instructions) are not text. python-docx opens the package; the paragraph text is
read from the XML because python-docx does not resolve tracked changes.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator

from ..errors import InputError

DOCX_SUFFIXES = frozenset({".docx", ".docm"})
#: Word formats python-docx cannot open: the reader names them instead of failing later.
LEGACY_WORD_SUFFIXES = frozenset({".doc", ".dot", ".rtf"})

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_NOTES = ("footnotes", "endnotes")
#: Elements whose text is not part of the accepted document: deletions (tracked), moved-away
#: text, field instructions, nested paragraphs (text boxes, read as their own paragraphs).
_SKIPPED = frozenset(
    (
        *(W + n for n in ("del", "moveFrom", "delText", "instrText", "delInstrText", "p")),
        "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
    )
)
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
#: Run content that stands for a character.
_CHARACTERS = {
    W + "tab": "\t",
    W + "ptab": "\t",
    # A line break inside a paragraph: a space keeps the paragraph one line.
    W + "br": " ",
    W + "cr": " ",
    W + "noBreakHyphen": "-",
    W + "softHyphen": "\u00ad",
}
#: Compound-file (OLE2) signature: a Word 97-2003 .doc, or a .docx encrypted with a password,
#: which Word stores inside such a container.
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_text(path: str, data: bytes) -> str:
    """Return the text of the .docx at `path` (its bytes given), one paragraph a line.

    `manuscript.document.read` builds the Document from it; unreadable → InputError.
    """
    text = "\n".join(_paragraphs(path, data))
    if not text.strip():
        raise InputError(f"{path}: the Word document holds no text")
    return text


def _paragraphs(path: str, data: bytes) -> list[str]:
    if data.startswith(_OLE_SIGNATURE):
        raise InputError(
            f"{path}: an encrypted .docx or a Word 97-2003 .doc, which cannot be read: "
            "remove the password or save it as .docx"
        )
    import io

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    try:
        word = docx.Document(io.BytesIO(data))
        body = word.element.body
        found = [_text(p) for p in body_paragraphs(body)]
        for part in _note_parts(word):
            root = etree.fromstring(part.blob)  # type: ignore[attr-defined]
            found.extend(_text(p) for p in _note_paragraphs(root))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise InputError(f"{path}: not a readable .docx (corrupt or not Word): {exc}") from None
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{path}: corrupt .docx (bad XML: {exc})") from None
    return found


def body_paragraphs(body: object) -> Iterator[object]:
    """Every paragraph of the body in document order, those in tables and text boxes too."""
    for paragraph in body.iter(W + "p"):  # type: ignore[attr-defined]
        # A text box is stored twice (DrawingML and a VML fallback): read the first only.
        if not any(a.tag == _FALLBACK for a in paragraph.iterancestors()):
            yield paragraph


def _note_parts(word: object) -> list[object]:
    """The footnotes part, then the endnotes part, when the document has them."""
    rels = word.part.rels.values()  # type: ignore[attr-defined]
    parts = {}
    for rel in rels:
        kind = rel.reltype.rsplit("/", 1)[-1]
        if kind in _NOTES and not rel.is_external:
            parts[kind] = rel.target_part
    return [parts[kind] for kind in _NOTES if kind in parts]


def _note_paragraphs(root: object) -> Iterable[object]:
    for note in root.iter(W + "footnote", W + "endnote"):  # type: ignore[attr-defined]
        # Separators are the rule lines Word draws above the notes, not notes.
        if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        yield from note.iter(W + "p")


def _text(paragraph: object) -> str:
    """The paragraph's accepted text: insertions kept, deletions and field codes dropped."""
    return "".join(text for text, _ in pieces(paragraph))


def pieces(element: object) -> Iterator[tuple[str, object | None]]:
    """The accepted text of a paragraph in reading order, piece by piece: each `w:t`'s text
    with its element, and each character-like element (tab, break …) with None.

    `docx_edit` writes fixes through the same walk, so what it edits is what was read.
    """
    for child in element:  # type: ignore[attr-defined]
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == W + "t":
            yield child.text or "", child
        elif tag in _CHARACTERS:
            yield _CHARACTERS[tag], None
        else:
            yield from pieces(child)
