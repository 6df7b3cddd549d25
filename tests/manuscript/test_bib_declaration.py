"""The bib a manuscript names for itself."""

from __future__ import annotations

import pytest

from citeproof.manuscript.bib_declaration import declared
from citeproof.manuscript.document import from_text


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        pytest.param("p/a.tex", "\\bibliography{refs}", ["p/refs.bib"], id="bibtex_no_ext"),
        pytest.param("p/a.tex", "\\bibliography{a,b.bib}", ["p/a.bib", "p/b.bib"], id="several"),
        pytest.param("a.tex", "\\addbibresource[location=local]{x.bib}", ["x.bib"], id="biblatex"),
        pytest.param("a.tex", "% \\bibliography{old}\n", [], id="commented_out"),
        pytest.param("a.md", "---\nbibliography: refs.bib\n---\nText", ["refs.bib"], id="yaml"),
        pytest.param(
            "a.md",
            "---\nbibliography: [a.bib, 'b.bib']\n---\n",
            ["a.bib", "b.bib"],
            id="yaml_flow_list",
        ),
        pytest.param(
            "a.md",
            '---\nbibliography:\n  - "a.bib"\n  - b.bib\ntitle: x\n---\n',
            ["a.bib", "b.bib"],
            id="yaml_block_list",
        ),
        pytest.param("a.md", "Text\nbibliography: refs.bib\n", [], id="not_front_matter"),
        pytest.param("a.txt", "No declaration here.", [], id="none"),
    ],
)
def test_declared_bibs(path: str, text: str, expected: list[str]) -> None:
    assert declared(from_text(path, text)) == expected
