"""`names.evidence` gives the name grouping exactly what the whole bib evidence would.

CP301 no longer reads every title and author of the bibliography into occurrences: it keeps
only the spellings a chain of possible links joins to a name the article writes. These tests
hold that cut to its promise — the findings with the cut evidence equal the findings with the
whole evidence — on each way a bib spelling can reach an article's name (same letters, an
OCR confusion, a capital I for an l, one edit, a chain of edits through spellings only the
bib writes, a run of title words against a joined name) and on seeded random articles drawn
from a bib's own names with slips put in.
"""

from __future__ import annotations

import importlib.util
import random
import sys
from functools import cache
from pathlib import Path

import pytest

from citeproof.bib import loader
from citeproof.names import evidence, variants


@cache
def _generator():
    """The seeded manuscript generator of tests/generated (a package there, a file here)."""
    path = Path(__file__).resolve().parents[1] / "generated" / "generator.py"
    spec = importlib.util.spec_from_file_location("_evidence_generator", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def _findings(article_text: str, bib_text: str) -> tuple[list, list]:
    """The name variants with the whole evidence and with the cut evidence."""
    entries = loader.parse(bib_text, "refs.bib").entries
    article = variants.scan_article(article_text)
    whole = variants.find_name_variants(article, variants.scan_bibliography(entries))
    cut = variants.find_name_variants(
        article, evidence.evidence_for(evidence.vocabulary(entries), article)
    )
    return whole, cut


def _entry(key: str, author: str, title: str, booktitle: str = "") -> str:
    extra = f", booktitle = {{{booktitle}}}" if booktitle else ""
    return f"@article{{{key}, author = {{{author}}}, title = {{{title}}}, year = 2020{extra}}}\n"


_FILLER = "".join(
    _entry(f"f{i}", f"{name}, Ann", f"Notes on {topic} in {place}")
    for i, (name, topic, place) in enumerate(
        [
            ("Halvorsen", "Glaciers", "Norway"),
            ("Marchetti", "Harbours", "Genoa"),
            ("Okonkwo", "Markets", "Lagos"),
            ("Villanueva", "Rivers", "Quito"),
        ]
    )
)

# (article, bib): each reaches an article spelling through one kind of link, and each has a
# finding with the whole evidence (asserted below, so that the comparison means something).
CLASSES = {
    "diacritics against a title": (
        "Later Orban spoke, and the vote followed.",
        _entry("a", "Lau, Stuart", "Why Orbán's party won in Hungary"),
    ),
    "OCR I/l at the start": (
        "Then Lohannis announced his bid to lead the alliance.",
        _entry("a", "Nuttall, Clare", "Can Klaus Iohannis take the helm?"),
    ),
    "capital I for l": (
        "The plan of KaIlas was met with doubt by the others.",
        _entry("a", "Kallas, Kaja", "Estonia and the north"),
    ),
    # Too short for an edit or OCR link: only the capital I read as l joins the two.
    "capital I for l in a short name": (
        "As HalI noted, the plan failed.",
        _entry("a", "Hall, Stuart", "Representation"),
    ),
    "one edit, corroborated by an author name": (
        "As Stroustup wrote, and as the others agreed.",
        _entry("a", "Stroustrup, Bjarne", "The design of a language"),
    ),
    "a joined name against a run of article words": (
        "As Berners Lee argued, the web was meant to be open.",
        _entry("a", "Berners-Lee, Tim", "Weaving the Web"),
    ),
    "capitals inside the name": (
        "As Mcdonald put it, names matter.",
        _entry("a", "McDonald, Ann", "Names and their owners"),
    ),
    "a chain through spellings only the bib writes": (
        "We met Szijarto in the morning.",
        _entry("a", "Szijjarto, Peter", "Hungary's foreign policy")
        + _entry("b", "Szijjartó, Péter", "Diplomacy in Budapest")
        + _entry("c", "Szijjártó, Péter", "A minister's view"),
    ),
}


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_each_kind_of_link_sees_the_same_findings(name: str) -> None:
    article, bib = CLASSES[name]
    whole, cut = _findings(article, bib + _FILLER)
    assert whole, f"{name}: the example must have a finding for the comparison to mean something"
    assert cut == whole


def test_a_run_of_title_words_is_kept() -> None:
    """A title that writes a joined name apart ("Berners Lee") vouches for the article's
    spelling: without that title the article's "Berners Lee" is a finding, with it none."""
    article = "As Berners Lee argued, the web was meant to be open."
    author = _entry("a", "Berners-Lee, Tim", "Weaving the Web")
    title = _entry("b", "Doe, Jane", "Talking with Berners Lee about the Web")
    whole, cut = _findings(article, author + _FILLER)
    assert cut == whole and len(whole) == 1
    whole, cut = _findings(article, author + title + _FILLER)
    assert cut == whole == []


def test_unrelated_bib_spellings_are_left_out() -> None:
    """The cut keeps only spellings that can meet the article's names: a bib of unrelated
    names gives no occurrence, and a bib name the article writes once, alone, needs none
    (a lone spelling is never reported)."""
    entries = loader.parse(_FILLER + _entry("x", "Stroustrup, B", "C"), "refs.bib").entries
    vocabulary = evidence.vocabulary(entries)
    unrelated = variants.scan_article("Nothing here names anyone at all, said Zimmerman.")
    assert evidence.evidence_for(vocabulary, unrelated).occurrences == ()
    alone = variants.scan_article("As Okonkwo showed, markets clear.")
    assert evidence.evidence_for(vocabulary, alone).occurrences == ()
    slip = variants.scan_article("As Okonkow showed, markets clear; Okonkwo agreed.")
    kept = evidence.evidence_for(vocabulary, slip).occurrences
    assert {o.form for o in kept} == {"Okonkwo"}


def test_ordinary_words_stop_a_chain() -> None:
    """An ordinary word (written in lower case in a title) takes no link, so a bib spelling
    one edit from it is not evidence for the article."""
    bib = _entry("a", "Doe, Jane", "Models: the model and the Modes of change")
    whole, cut = _findings("Models were fitted; Modes varied.", bib)
    assert cut == whole == []


def _slipped(name: str, rng: random.Random) -> str:
    """One typing slip strictly inside a name (dropped, doubled or two letters swapped)."""
    i = rng.randrange(1, len(name) - 2)
    return rng.choice(
        [
            name[:i] + name[i + 1 :],
            name[:i] + name[i] + name[i:],
            name[:i] + name[i + 1] + name[i] + name[i + 2 :],
        ]
    )


@pytest.mark.parametrize("seed", range(8))
def test_random_articles_from_a_generated_bib(seed: int) -> None:
    """Articles that write a generated bib's names — some with slips, some with given
    names beside them, some several times — see the same findings either way."""
    case = _generator().generate(seed, errors=True)
    entries = loader.parse(case.bib, "refs.bib").entries
    rng = random.Random(seed)
    families = sorted({n.last for e in entries for n in e.names if n.last[:1].isupper()})
    sentences = []
    for family in rng.sample(families, min(len(families), 25)):
        written = _slipped(family, rng) if len(family) > 5 and rng.random() < 0.3 else family
        given = rng.choice(["", "Anna ", "Tomás ", "Li "])
        sentences.extend([f"Then {given}{written} spoke about it."] * rng.choice([1, 1, 3]))
    rng.shuffle(sentences)
    article = case.article + "\n\n" + " ".join(sentences) + "\n"
    whole, cut = _findings(article, case.bib)
    assert cut == whole


@pytest.mark.slow
def test_the_corpus_sees_the_same_findings() -> None:
    root = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "real"
    if not root.is_dir():
        pytest.skip("../shared/corpus/real is absent")
    compared = 0
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        bibs = sorted(folder.glob("*.bib"))
        for article in sorted(folder.glob("*.txt")):
            whole, cut = _findings(article.read_text(encoding="utf-8"), bibs[0].read_text())
            assert cut == whole, article
            compared += 1
    assert compared > 30
