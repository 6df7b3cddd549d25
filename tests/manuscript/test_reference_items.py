"""typedlist: typed reference items parsed without a bib, and the extract-refs round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from citeproof import api
from citeproof.bib import loader as bibliography
from citeproof.config import Config
from citeproof.manuscript import document
from citeproof.manuscript import reference_items as typedlist
from citeproof.model import Name

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "article" / "rutte-nato.txt"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Lüdecke, D., Ben-Shachar, M. S., Patil, I., & Makowski, D. (2020). Extracting, "
            "computing and exploring the parameters of statistical models using R. Journal of "
            "Open Source Software, 5(53), 2445. https://doi.org/10.21105/joss.02445",
            {
                "first_author": "Lüdecke",
                "year": "2020",
                "pattern": "parenthesised",
                "container": "Journal of Open Source Software",
                "volume": "5",
                "issue": "53",
                "pages": "2445",
                "doi": "10.21105/joss.02445",
                "count": 4,
            },
            id="apa-article",
        ),
        pytest.param(
            "Lüdecke, Daniel, Mattan S. Ben-Shachar, Indrajeet Patil, and Dominique Makowski. "
            "2020. “Extracting, Computing and Exploring the Parameters of Statistical Models "
            "Using R.” Journal of Open Source Software 5 (53): 2445. "
            "https://doi.org/10.21105/joss.02445.",
            {
                "first_author": "Lüdecke",
                "year": "2020",
                "pattern": "after-authors",
                "title_quoted": True,
                "container": "Journal of Open Source Software",
                "volume": "5",
                "issue": "53",
                "count": 4,
            },
            id="chicago-article",
        ),
        pytest.param(
            "Lau, Stuart. “Stroking the ego: Hungary’s Orbán gives his nod to Sweden’s NATO "
            "bid.” February 23, 2024a. POLITICO.",
            {
                "first_author": "Lau",
                "year": "2024",
                "suffix": "a",
                "month": 2,
                "day": 23,
                "container": "POLITICO",
                "pattern": "end",
                "date_first": True,
                "title": "Stroking the ego: Hungary’s Orbán gives his nod to Sweden’s NATO bid",
            },
            id="news-date-first",
        ),
        pytest.param(
            "Hickman, Joel. “Who Should Be NATO’s Next Secretary General.?” CEPA. June 5, 2023.",
            {
                "title": "Who Should Be NATO’s Next Secretary General?",
                "container": "CEPA",
                "month": 6,
                "day": 5,
                "date_first": False,
            },
            id="stray-period",
        ),
        pytest.param(
            "Hendrickson, R.C. (2014). The Changing Role of NATO’s Secretary General. In: "
            "Mayer, S. (eds) NATO’s Post-Cold War Politics. New Security Challenges Series. "
            "Palgrave Macmillan, London.",
            {
                "first_author": "Hendrickson",
                "booktitle": "NATO’s Post-Cold War Politics",
                "publisher": "Palgrave Macmillan",
                "place": "London",
                "series": "New Security Challenges Series",
                "pattern": "parenthesised",
            },
            id="springer-chapter",
        ),
        pytest.param(
            "Kruschke, J. K. (2015). Doing Bayesian data analysis: A tutorial with R, JAGS, and "
            "Stan (2. ed). Elsevier, Academic Press.",
            {
                "title": "Doing Bayesian data analysis: A tutorial with R, JAGS, and Stan (2. ed)",
                "year": "2015",
            },
            id="apa-book",
        ),
        pytest.param(
            "Wolf, Levi J. n.d. “Spatially-Encouraged Spectral Clustering.” "
            "https://doi.org/10.31219/osf.io/yzt2p.",
            {"year": "n.d.", "pattern": "after-authors", "doi": "10.31219/osf.io/yzt2p"},
            id="chicago-undated",
        ),
        pytest.param(
            "Jones, E., Oliphant, T., Peterson, P.others. (2001--). SciPy: Open source "
            "scientific tools for Python. http://www.scipy.org/",
            {"year": "2001–", "pattern": "parenthesised", "url": "http://www.scipy.org/"},
            id="open-range",
        ),
    ],
)
def test_parse_item(text: str, expected: dict) -> None:
    item = typedlist.parse_item(text)
    for name, value in expected.items():
        actual = len(item.names) if name == "count" else getattr(item, name)
        assert actual == value, name


def test_ditto_repeats_the_previous_authors() -> None:
    first = typedlist.parse_item("Kruschke, John K. 2010. “What to Believe.” Trends 14 (7): 1.")
    again = typedlist.parse_item(
        "———. 2015. Doing Bayesian Data Analysis. Amsterdam: Elsevier.", previous=first
    )
    assert again.ditto and again.names == first.names and again.year == "2015"
    assert again.pattern == "after-authors"
    assert (again.publisher, again.place) == ("Elsevier", "Amsterdam")


@pytest.mark.parametrize(
    ("text", "names", "others"),
    [
        pytest.param(
            "Gray, Andrew & William James",
            [Name("Andrew", "", "Gray"), Name("William", "", "James")],
            False,
            id="chicago-ampersand",
        ),
        pytest.param(
            "Almgren, A. S., V. E. Beckner, and M. Zingale",
            [Name("A. S.", "", "Almgren"), Name("V. E.", "", "Beckner"), Name("M.", "", "Zingale")],
            False,
            id="chicago-initials",
        ),
        pytest.param(
            "Almgren, A. S., Beckner, V. E., & Zingale, M.",
            [Name("A. S.", "", "Almgren"), Name("V. E.", "", "Beckner"), Name("M.", "", "Zingale")],
            False,
            id="apa-initials",
        ),
        pytest.param(
            "Walt, S. van der, & Millman, J.",
            [Name("S.", "van der", "Walt"), Name("J.", "", "Millman")],
            False,
            id="apa-dropping-particle",
        ),
        pytest.param("NOS", [Name(last="NOS", literal=True)], False, id="corporate"),
        pytest.param(
            "R Core Team", [Name(last="R Core Team", literal=True)], False, id="corporate-words"
        ),
        pytest.param(
            "Bryan, Greg L., Michael L. Norman, et al",
            [Name("Greg L.", "", "Bryan"), Name("Michael L.", "", "Norman")],
            True,
            id="et-al",
        ),
    ],
)
def test_parse_authors(text: str, names: list[Name], others: bool) -> None:
    assert typedlist.parse_authors(text) == (tuple(names), others)


def test_sample_list_is_read_whole() -> None:
    typed = typedlist.read(document.read(str(SAMPLE)))
    assert typed is not None and len(typed.items) == 12
    patterns = [item.signature for item in typed.items]
    assert patterns.count(("end", False)) == 10
    assert patterns[3] == ("parenthesised", None)  # Hendrickson, typed APA-like
    assert patterns[6] == ("end", True)  # Lau 2024a, date before the outlet
    assert [item.suffix for item in typed.items if item.first_author == "Lau"] == ["a", "b", "c"]


def test_match_pairs_the_sample_with_its_bib() -> None:
    typed = typedlist.read(document.read(str(SAMPLE)))
    bib = bibliography.load(str(ROOT / "references.bib"))
    assert typed is not None
    pairs = typedlist.match(typed.items, bib.entries)
    assert sorted(pairs.values()) == sorted(e.key for e in bib.entries)
    assert pairs[6] == "lau2024a" and pairs[7] == "lau2024b" and pairs[8] == "lau2024c"


def test_to_bibliography_locates_entries_in_the_article() -> None:
    article = document.read(str(SAMPLE))
    bib = typedlist.to_bibliography(article)
    assert bib is not None and bib.path == article.path
    lau = bib.by_key()["lau2024a"]
    assert (lau.year, lau.suffix, lau.line) == ("2024", "a", 50)
    assert lau.fields["month"] == "February" and lau.fields["day"] == "23"
    assert typedlist.to_bibliography(document.from_text("a.txt", "No list here.")) is None


def _findings(bib_text: str, bib_path: str) -> list[tuple]:
    checked = api.check_texts(
        SAMPLE.read_text(encoding="utf-8"),
        bib_text,
        Config(),
        article_path="article/rutte-nato.txt",
        bib_path=bib_path,
    )
    return [
        (d.code, d.path, d.start, d.end, d.message, d.keys)
        for d in checked.report.diagnostics
        if d.path == "article/rutte-nato.txt"
    ]


def test_extracted_bib_gives_the_same_findings_as_the_hand_made_one() -> None:
    article = document.read(str(SAMPLE))
    typed = typedlist.read(article)
    assert typed is not None
    extracted = typedlist.to_bibtex(typed, article)
    assert "uncertain" not in extracted
    parsed = bibliography.parse(extracted, "extracted.bib")
    assert not parsed.problems and len(parsed.entries) == 12
    hand_made = (ROOT / "references.bib").read_text(encoding="utf-8")
    assert _findings(extracted, "extracted.bib") == _findings(hand_made, "references.bib")


def test_uncertain_entries_carry_a_comment() -> None:
    text = (
        "As shown (Smith, 2020).\n\nReferences\n\nSmith, A. (2020). On things. J, 1, 1–2.\n\n"
        "Zzz, Q. (2019). Something.\n"
    )
    article = document.from_text("a.txt", text)
    typed = typedlist.read(article)
    assert typed is not None
    bibtex = typedlist.to_bibtex(typed, article)
    assert "% uncertain (line 7): no container or publisher recognised" in bibtex
    assert "@article{smith2020," in bibtex


def test_extract_refs_command(tmp_path, capsys, monkeypatch) -> None:
    from citeproof.cli import main

    monkeypatch.chdir(ROOT)
    assert main(["extract-refs", "article/rutte-nato.txt"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n@") == 12 and "@article{lau2024a," in out
    empty = tmp_path / "none.txt"
    empty.write_text("An article without a list.\n", encoding="utf-8")
    assert main(["extract-refs", str(empty)]) == 2
    assert "no reference list" in capsys.readouterr().err


def test_a_list_is_found_and_parsed_once_per_text() -> None:
    """Extraction, style inference, the reference-list rules and the formatter all ask for
    the typed list: one search and one parse per text serve them all, and a changed text
    (after a fix) is read afresh."""
    from citeproof.manuscript import reference_section
    from citeproof.manuscript.document import from_text
    from citeproof.manuscript.reference_items import read

    text = "Body (Doe, 2020).\n\nReferences\n\nDoe, J. (2020). A title. Publisher.\n"
    first, again = from_text("a.txt", text), from_text("b.txt", text)
    assert read(first) is read(again) is not None
    assert reference_section.find_reference_list(first) is reference_section.find_reference_list(
        again
    )
    edited = from_text("a.txt", text.replace("A title", "Another title"))
    assert read(edited) is not read(first)
    assert read(edited).items[0].text != read(first).items[0].text
