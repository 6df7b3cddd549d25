"""CP301 on 31 real JOSS papers (two renderings each): no alarm on a consistently used spelling.

Every finding here is judged in docs/accuracy.md ("Name variants (CP301)"); this test pins that
list, so a new finding — most likely a false alarm — fails until it is judged there.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from citeproof.api import check_texts
from citeproof.config import Config

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus" / "real"
PAPERS = sorted(p.name for p in CORPUS.iterdir() if p.is_dir()) if CORPUS.is_dir() else []

#: (paper, spelling) CP301 reports in both renderings; each is a spelling the paper itself
#: writes two ways (see docs/accuracy.md).
EXPECTED = {("eukulele", "EUKZoo"), ("exoplanet", "AstroPy")}


def findings(paper: str, style: str) -> list[tuple[str, str]]:
    folder = CORPUS / paper
    article = (folder / f"article.{style}.txt").read_text(encoding="utf-8")
    bib = (folder / "references.bib").read_text(encoding="utf-8")
    checked = check_texts(article, bib, Config(select=("CP301",)))
    return [
        (re.match(r"'([^']+)'", d.message).group(1), d.message)  # type: ignore[union-attr]
        for d in checked.report.diagnostics
        if d.code == "CP301"
    ]


@pytest.mark.skipif(not PAPERS, reason="../shared/corpus/real is absent")
@pytest.mark.parametrize("style", ["apa", "chicago"])
def test_only_inconsistent_spellings_are_reported(style: str) -> None:
    found = {(paper, form): message for paper in PAPERS for form, message in findings(paper, style)}
    assert set(found) == EXPECTED
    for message in found.values():
        # The other spelling is used in the paper's own text, not only in a title.
        elsewhere = message.split(" — elsewhere ", 1)[1]
        assert re.search(r"\(\d+× in the text", elsewhere), message
