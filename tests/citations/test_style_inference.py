"""Style inference (#12 item 5): the manuscript's own habits name its style when no one does.

Every example sentence here is written for this test, one per habit and style, and run
through the whole pipeline (check_texts with no style named).
"""

from __future__ import annotations

import json

import pytest

from citeproof.api import check_against_typed_list, check_texts
from citeproof.cli import main
from citeproof.config import Config, from_table
from citeproof.manuscript.document import from_text
from citeproof.report import to_json

BIB = """
@article{abara2016, author = {Abara, Chidi and Sundqvist, Elin}, title = {Salt marsh edges},
  journal = {Coastal Notes}, year = {2016}}
@article{mori2012, author = {Mori, Haruto}, title = {Tidal creeks}, journal = {Estuaries},
  year = {2012}}
@article{vidal2019, author = {Vidal, Inés and Kowalski, Piotr and Achterberg, Fenna},
  title = {Three hands on one marsh}, journal = {Wetlands}, year = {2019}}
@article{rask2021snow, author = {Rask, Oda}, title = {Winter marsh ice}, journal = {Ice},
  year = {2021}, month = {feb}}
@article{rask2021rain, author = {Rask, Oda}, title = {Autumn floods}, journal = {Ice},
  year = {2021}, month = {oct}}
"""

#: (style, manuscript): each written as its manual writes in-text citations.
MANUSCRIPTS = [
    pytest.param(
        "apa",
        "Marsh edges retreat (Abara & Sundqvist, 2016; Mori, 2012). Three teams agree "
        "(Vidal et al., 2019), and Mori (2012) measured the creeks.",
        id="apa_ampersand_comma_et_al_from_three",
    ),
    pytest.param(
        "chicago",
        "Marsh edges retreat (Abara and Sundqvist 2016; Mori 2012). Three teams agree "
        "(Vidal, Kowalski, and Achterberg 2019), and Mori (2012) measured the creeks.",
        id="chicago_no_comma_and_three_named",
    ),
    pytest.param(
        "harvard",
        "Marsh edges retreat (Abara and Sundqvist, 2016; Mori, 2012). Three teams agree "
        "(Vidal, Kowalski and Achterberg, 2019), and Mori (2012) measured the creeks.",
        id="harvard_and_with_comma_three_named",
    ),
    pytest.param(
        "chicago",
        "Ice came early (Rask 2021a) and floods late (Rask 2021b).",
        id="chicago_single_authors_only",
    ),
]


def run(text: str, **options):
    return check_texts(text + "\n", BIB, Config(use_cache=False, **options))


@pytest.mark.parametrize(("style", "text"), MANUSCRIPTS)
def test_the_style_is_inferred_from_the_citations(style: str, text: str) -> None:
    checked = run(text)
    assert checked.report.style is not None
    assert (checked.report.style.name, checked.report.style.inferred) == (style, True)
    assert any("style inferred" in note for note in checked.report.notes)
    assert not [d.code for d in checked.report.diagnostics if d.code != "CP201"]


def test_the_inferred_style_decides_how_letters_resolve() -> None:
    """Chicago letters by date: 2021a is the February work; APA letters by title."""
    chicago = run("Ice came early (Rask 2021a) and floods late (Rask 2021b).")
    apa = run("Ice came early (Rask, 2021a) and floods late (Rask, 2021b).")
    keys = [[r.keys for r in f.resolutions] for f in (chicago.report.files[0], apa.report.files[0])]
    assert keys == [
        [("rask2021snow",), ("rask2021rain",)],
        [("rask2021rain",), ("rask2021snow",)],
    ]


def test_the_inferred_style_decides_the_et_al_threshold() -> None:
    """Three authors named in full is right in Harvard (et al. from four), so no CP105."""
    checked = run("Three teams agree (Vidal, Kowalski and Achterberg, 2019; Mori, 2012).")
    assert checked.report.style.name == "harvard"
    assert "CP105" not in [d.code for d in checked.report.diagnostics]


def test_a_named_style_is_kept_and_says_so() -> None:
    checked = run("Ice came early (Rask 2021a) and floods late (Rask 2021b).", style="apa")
    assert checked.report.style is not None
    assert (checked.report.style.name, checked.report.style.inferred) == ("apa", False)
    assert not any("style inferred" in note for note in checked.report.notes)
    summary = to_json(checked.report)["summary"]["style"]
    assert summary == {"name": "apa", "inferred": False, "evidence": None}


def test_json_summary_says_inferred_and_why() -> None:
    checked = run("Marsh edges retreat (Abara and Sundqvist 2016; Mori 2012).")
    summary = to_json(checked.report)["summary"]["style"]
    assert summary["name"] == "chicago" and summary["inferred"] is True
    assert "no comma before the year" in summary["evidence"]


def test_nothing_to_go_on_is_apa_by_default() -> None:
    checked = run("Marshes are wet, as Mori (2012) showed.")
    assert checked.report.style.name == "apa" and checked.report.style.inferred


def test_the_typed_list_layout_is_evidence() -> None:
    """Only narrative citations (no habit) but a Chicago list: the list decides."""
    text = (
        "Mori (2012) mapped creeks that Abara and Sundqvist (2016) later dated.\n\n"
        "References\n\n"
        "Abara, Chidi, and Elin Sundqvist. 2016. “Salt Marsh Edges.” Coastal Notes.\n\n"
        "Mori, Haruto. 2012. “Tidal Creeks.” Estuaries.\n"
    )
    checked = check_against_typed_list([from_text("a.txt", text)], Config(use_cache=False))
    assert checked.report.style.name == "chicago"
    assert "year between full stops" in checked.report.style.evidence


# ------------------------------------------------------------------------ CP110 mixed styles

MIXED = [
    pytest.param(
        "Edges retreat (Abara & Sundqvist, 2016; Mori, 2012), creeks silt (Mori 2012) and "
        "ice forms (Rask 2021a; Rask 2021b).",
        id="comma_and_no_comma",
    ),
    pytest.param(
        "Edges retreat (Abara & Sundqvist, 2016), creeks silt (Abara and Sundqvist 2016; "
        "Vidal, Kowalski, and Achterberg 2019), and ice forms (Mori, 2012).",
        id="apa_and_chicago_groups",
    ),
]


@pytest.mark.parametrize("text", MIXED)
def test_a_manuscript_mixing_styles_gets_one_cp110(text: str) -> None:
    codes = [d.code for d in run(text).report.diagnostics]
    assert codes.count("CP110") == 1


@pytest.mark.parametrize(
    "text",
    [
        # One slip among many is a typo, not a second style (CP106 and friends report it).
        "A (Mori, 2012). B (Abara & Sundqvist, 2016). C (Vidal et al., 2019). "
        "D (Rask, 2021a). E (Rask, 2021b). F (Mori 2012).",
        # Narrative citations look alike in every style: no evidence either way.
        "Mori (2012) and Abara and Sundqvist (2016) agree with Vidal et al. (2019) "
        "(Mori, 2012; Rask, 2021a; Rask, 2021b).",
    ],
    ids=["one_slip", "narrative_and_in_prose"],
)
def test_consistent_manuscripts_get_no_cp110(text: str) -> None:
    assert "CP110" not in [d.code for d in run(text).report.diagnostics]


def test_a_config_without_style_leaves_it_to_inference(tmp_path) -> None:
    assert from_table({}, root=tmp_path).style is None
    assert from_table({"style": "Chicago"}, root=tmp_path).style == "chicago"


def test_cli_note_on_stderr_and_json_on_stdout(tmp_path, monkeypatch, capsys) -> None:
    (tmp_path / "citeproof.toml").write_text("", encoding="utf-8")
    (tmp_path / "paper.txt").write_text(
        "Marsh edges retreat (Abara and Sundqvist 2016; Mori 2012).\n", encoding="utf-8"
    )
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    main(["check", "paper.txt", "--bib", "refs.bib", "--no-cache", "--format", "json"])
    captured = capsys.readouterr()
    assert json.loads(captured.out)["summary"]["style"]["name"] == "chicago"
    assert "note: paper.txt: style inferred" in captured.err and "Chicago" in captured.err
    main(["check", "paper.txt", "--bib", "refs.bib", "--no-cache", "--style", "chicago"])
    assert "style inferred" not in capsys.readouterr().err


def test_articles_in_different_styles_are_each_consistent() -> None:
    """Checked together, an APA and a Chicago article get no CP110, and a note says so."""
    from citeproof.api import check_documents
    from citeproof.bib.loader import parse

    apa = from_text("apa.txt", "Edges (Abara & Sundqvist, 2016; Mori, 2012).\n")
    chicago = from_text("chicago.txt", "Edges (Abara and Sundqvist 2016; Mori 2012; Rask 2021a).\n")
    checked = check_documents([apa, chicago], parse(BIB, "refs.bib"), None, Config(use_cache=False))
    assert "CP110" not in [d.code for d in checked.report.diagnostics]
    assert any("follow different styles" in note for note in checked.report.notes)


def test_the_citations_outvote_a_list_in_another_style() -> None:
    """Chicago citations over an APA-typed list: the citations decide, CP110 tells."""
    text = (
        "Creeks silt (Mori 2012) and edges retreat (Abara and Sundqvist 2016).\n\n"
        "References\n\n"
        "Abara, C., & Sundqvist, E. (2016). Salt marsh edges. Coastal Notes.\n\n"
        "Mori, H. (2012). Tidal creeks. Estuaries.\n\n"
        "Rask, O. (2021a). Autumn floods. Ice.\n\n"
        "Rask, O. (2021b). Winter marsh ice. Ice.\n"
    )
    checked = check_against_typed_list([from_text("a.txt", text)], Config(use_cache=False))
    assert checked.report.style.name == "chicago"
    assert [d.code for d in checked.report.diagnostics].count("CP110") == 1


def test_author_counts_for_the_wanted_pairs_equal_counting_the_whole_bib() -> None:
    """Only "A et al." citations ask how many authors a work has, so the bib is counted for
    their (surname, year) pairs alone; those counts must be the whole bib's."""
    import unicodedata

    from citeproof.bib.loader import parse
    from citeproof.citations import style_inference

    bib = parse(
        BIB
        + """
    @article{m1, author = {M{\\"u}ller, A. and Berg, B. and Lund, C.}, title = {One}, year = {2019a}}
    @article{m2, author = {Muller, D. and Berg, B.}, title = {Two}, year = {2019}}
    @article{v1, author = {van der Berg, E. and Ng, F. and Ode, G.}, title = {Three}, year = {2020}}
    @article{v2, author = {Berg, H. and others}, title = {Four}, year = {2020}}
    """,
        "counts.bib",
    )

    def fold(name: str) -> str:
        decomposed = unicodedata.normalize("NFKD", name.casefold())
        return "".join(ch for ch in decomposed if not unicodedata.combining(ch))

    whole: dict[tuple[str, str], set[int]] = {}
    for entry in bib.entries:
        if entry.names and not entry.others:
            first = entry.names[0]
            for form in {first.family, first.last}:
                year = "".join(ch for ch in entry.year if ch.isdigit())[:4]
                whole.setdefault((fold(form), year), set()).add(len(entry.names))
    wanted = {*whole, ("berg", "2020"), ("nobody", "2019"), ("muller", "1999")}
    counted = style_inference._author_counts(bib, wanted)
    assert {k: counted.get(k, set()) for k in wanted} == {k: whole.get(k, set()) for k in wanted}
    assert counted[("muller", "2019")] == {2, 3} and counted[("van der berg", "2020")] == {3}
    assert style_inference._author_counts(bib, set()) == {}
