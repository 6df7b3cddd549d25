"""Resolution of citations against entries: each status, with the facts rules rely on."""

from __future__ import annotations

import pytest

from citeproof.bib.loader import parse
from citeproof.citations.resolve import build_index, resolve
from citeproof.config import Config
from citeproof.model import Citation, Kind, Span, Status

BIB = r"""
@article{smith2020, author = {Smith, Ann and Jones, Bo}, title = {Things}, year = {2020}}
@article{smith2021, author = {Smith, Ann and Jones, Bo and Lee, Cy}, title = {More}, year = {2021}}
@article{lau2024a, author = {Lau, Stuart}, title = {Stroking the ego}, year = {2024a}, month = feb}
@article{lau2024b, author = {Lau, Stuart}, title = {In race}, year = {2024b}, month = mar}
@article{lau2024c, author = {Lau, Stuart}, title = {Romania's president}, year = {2024c}, month = mar}
@article{kip1, author = {Kipping, D. M.}, title = {Efficient sampling}, year = {2013}, month = nov}
@article{kip2, author = {Kipping, D. M.}, title = {Parametrizing eccentricity}, year = {2013}, month = jul}
@book{orban2019, author = {Orb{\'a}n, Viktor}, title = {Speeches}, year = {2019}}
@book{walt2011, author = {van der Walt, St{\'e}fan and Colbert, S. Chris and Varoquaux, Ga{\"e}l},
  title = {The NumPy array}, year = {2011}}
@misc{who2021, author = {{World Health Organization}}, title = {Report}, year = {2021}}
@article{news, author = {Gray, Andrew}, title = {News}, journal = {Reuters}, year = {2024}}
@article{many, author = {Zed, A. and Young, B. and Xu, C. and Wu, D.}, title = {Big}, year = {2018}}
@article{etal, author = {Ng, A. and others}, title = {Open}, year = {2017}}
"""


def cite(authors, year, suffix="", et_al=False, kind=Kind.PARENTHETICAL) -> Citation:
    text = f"{', '.join(authors)}{' et al.' if et_al else ''}, {year}{suffix}"
    return Citation(
        span=Span(0, len(text)),
        text=text,
        kind=kind,
        authors=tuple(authors),
        et_al=et_al,
        year=year,
        suffix=suffix,
    )


@pytest.fixture(scope="module")
def index():
    return build_index(parse(BIB, "refs.bib"), Config())


@pytest.mark.parametrize(
    ("citation", "status", "keys"),
    [
        pytest.param(
            cite(["Smith", "Jones"], "2020"), Status.RESOLVED, ("smith2020",), id="two-authors"
        ),
        pytest.param(
            cite(["Smith"], "2021", et_al=True), Status.RESOLVED, ("smith2021",), id="et-al-apa-3"
        ),
        pytest.param(
            cite(["Lau"], "2024", "c"), Status.RESOLVED, ("lau2024c",), id="pinned-letter"
        ),
        pytest.param(
            cite(["Lau"], "2024"),
            Status.AMBIGUOUS,
            ("lau2024a", "lau2024b", "lau2024c"),
            id="ambiguous",
        ),
        pytest.param(cite(["Lau"], "2024", "d"), Status.UNKNOWN_SUFFIX, (), id="unknown-letter"),
        pytest.param(
            cite(["Smith", "Jones"], "2019"), Status.YEAR_MISMATCH, ("smith2020",), id="wrong-year"
        ),
        pytest.param(
            cite(["Orban"], "2019"),
            Status.AUTHOR_MISSPELLED,
            ("orban2019",),
            id="dropped-diacritic",
        ),
        pytest.param(
            cite(["Smiht", "Jones"], "2020"), Status.AUTHOR_MISSPELLED, ("smith2020",), id="typo"
        ),
        pytest.param(
            cite(["Smith"], "2020"),
            Status.AUTHOR_LIST_MISMATCH,
            ("smith2020",),
            id="missing-coauthor",
        ),
        pytest.param(
            cite(["Smith"], "2020", et_al=True),
            Status.AUTHOR_LIST_MISMATCH,
            ("smith2020",),
            id="et-al-for-two",
        ),
        pytest.param(
            cite(["Jones", "Smith"], "2020"),
            Status.AUTHOR_LIST_MISMATCH,
            ("smith2020",),
            id="swapped",
        ),
        pytest.param(
            cite(["Walt", "Colbert", "Varoquaux"], "2011"),
            Status.RESOLVED,
            ("walt2011",),
            id="dropped-particle",
        ),
        pytest.param(
            cite(["van der Walt"], "2011", et_al=True),
            Status.RESOLVED,
            ("walt2011",),
            id="particle",
        ),
        pytest.param(
            cite(["Van der Walt"], "2011", et_al=True),
            Status.RESOLVED,
            ("walt2011",),
            id="particle-capitalised",
        ),
        pytest.param(
            cite(["World Health Organization"], "2021"),
            Status.RESOLVED,
            ("who2021",),
            id="corporate",
        ),
        pytest.param(cite(["Reuters"], "2024"), Status.MISSING, (), id="outlet-not-author"),
        pytest.param(cite(["Doe"], "2019"), Status.MISSING, (), id="missing"),
        pytest.param(
            cite(["Zed"], "2018", et_al=True), Status.RESOLVED, ("many",), id="four-et-al"
        ),
        pytest.param(cite(["Ng"], "2017", et_al=True), Status.RESOLVED, ("etal",), id="and-others"),
        pytest.param(
            cite(["Ng"], "2017"),
            Status.AUTHOR_LIST_MISMATCH,
            ("etal",),
            id="and-others-needs-et-al",
        ),
    ],
)
def test_resolve(index, citation, status, keys) -> None:
    resolution = resolve(citation, index)
    assert resolution.status is status
    assert resolution.keys == keys


def test_outlet_hint_names_the_entries(index) -> None:
    resolution = resolve(cite(["Reuters"], "2024"), index)
    assert [c["key"] for c in resolution.detail["outlet_of"]] == ["news"]


@pytest.mark.parametrize(
    ("style", "status"),
    [("apa", Status.RESOLVED), ("chicago", Status.AUTHOR_LIST_MISMATCH)],
)
def test_et_al_threshold_follows_style(style, status) -> None:
    index = build_index(parse(BIB, "refs.bib"), Config(style=style))
    assert resolve(cite(["Smith"], "2021", et_al=True), index).status is status


@pytest.mark.parametrize(
    ("style", "order", "a_key"),
    [
        pytest.param("apa", None, "kip1", id="apa-by-title"),
        pytest.param("chicago", None, "kip2", id="chicago-by-date"),
        pytest.param("apa", "date", "kip2", id="house-by-date"),
    ],
)
def test_unpinned_letters_follow_the_style(style, order, a_key) -> None:
    index = build_index(parse(BIB, "refs.bib"), Config(style=style, suffix_order=order))
    assert resolve(cite(["Kipping"], "2013", "a"), index).keys == (a_key,)


# An organisation's own name may hold "and", which the citation finder reads as two authors;
# the bib decides: the names joined by "and" are one author when an entry has that name.
_ORGANISATIONS_WITH_AND = """
@report{fao2016, author = {{Food and Agriculture Organization of the United Nations}},
  shortauthor = {FAO}, title = {Groundwater governance}, year = {2016}}
@report{ahrc2012, author = {{Arts and Humanities Research Council}}, title = {Review},
  year = {2012}}
@report{hse2019, author = {{Health and Safety Executive}}, title = {Statistics}, year = {2019}}
@article{ng2019, author = {Ng, Wei and Okafor, Ada}, title = {Two people}, year = {2019}}
"""


@pytest.mark.parametrize(
    ("article", "key"),
    [
        (
            "Governance (Food and Agriculture Organization of the United Nations [FAO], 2016).",
            "fao2016",
        ),
        ("Funding (Arts and Humanities Research Council, 2012) grew.", "ahrc2012"),
        ("The Health and Safety Executive (2019) counted them.", "hse2019"),
        ("Two people wrote it (Ng & Okafor, 2019).", "ng2019"),
    ],
)
def test_organisation_names_holding_and_are_one_author(article: str, key: str) -> None:
    from citeproof.api import check_texts

    checked = check_texts(article, _ORGANISATIONS_WITH_AND, Config(style="apa"))
    resolutions = checked.report.files[0].resolutions
    assert [r.keys for r in resolutions] == [(key,)]
    assert all(r.status is Status.RESOLVED for r in resolutions)
    cited = [d for d in checked.report.diagnostics if d.code.startswith("CP1")]
    assert cited == []


def test_two_authors_stay_two_when_no_organisation_has_the_joined_name() -> None:
    from citeproof.api import check_texts

    checked = check_texts("Shown before (Ng and Lund, 2019).", _ORGANISATIONS_WITH_AND)
    (resolution,) = checked.report.files[0].resolutions
    assert resolution.citation.authors == ("Ng", "Lund")
    assert resolution.status is not Status.RESOLVED


# "Full Name (ABBR)" / "Full Name [ABBR]" where the bib (or the typed list) names the group by
# its short form only: the abbreviation the citation itself gives is the author meant.
_SHORT_FORM_ONLY = """
@report{icrc2019, author = {{ICRC}}, title = {Annual report}, year = {2019}}
@report{oecd2020, author = {{OECD}}, title = {Skills outlook}, year = {2020}}
"""


@pytest.mark.parametrize(
    "article",
    [
        "Aid rose (International Committee of the Red Cross [ICRC], 2019).",
        "The International Committee of the Red Cross (ICRC) (2019) reported it.",
        "Skills lag (Organisation for Economic Co-operation and Development (OECD), 2020).",
    ],
)
def test_a_group_named_by_its_short_form_only_resolves_from_the_full_citation(
    article: str,
) -> None:
    from citeproof.api import check_texts

    checked = check_texts(article, _SHORT_FORM_ONLY, Config(style="harvard"))
    (resolution,) = checked.report.files[0].resolutions
    assert resolution.status is Status.RESOLVED, resolution
    assert not [d for d in checked.report.diagnostics if d.code.startswith("CP1")]


def test_a_malformed_citation_is_kept_when_only_its_author_list_departs_from_the_style() -> None:
    """A doubled period reads like a sentence end too, so the form is tentative; an entry with
    that first author and year bears it out even when 'et al.' is used below the style's
    threshold (three authors in Chicago), and both findings are reported."""
    from citeproof.api import check_texts

    bib = """@book{nanzyo2017, author = {Nanzyo, Masami and Takahashi, Tadashi and Kanno, H.},
      title = {Soils}, year = {2017}}"""
    checked = check_texts("Soils differ (Nanzyo et al.. 2017).", bib, Config(style="chicago"))
    codes = sorted(d.code for d in checked.report.diagnostics)
    assert codes == ["CP105", "CP106"]


def test_an_organisation_opening_with_a_dotted_abbreviation_is_cited_without_it() -> None:
    """'U.S. Department of …' reads 'U.S.' as initials; the rest of the name names it."""
    from citeproof.api import check_texts

    bib = """@report{hhs2019, author = {{U.S. Department of Health and Human Services}},
      title = {Guidelines}, year = {2019}}
    @report{ukmo2020, author = {{U. K. Met Office}}, title = {Climate}, year = {2020}}"""
    article = (
        "Policy followed (U.S. Department of Health and Human Services, 2019). "
        "The U. K. Met Office (2020) agreed."
    )
    checked = check_texts(article, bib, Config(style="apa"))
    assert [r.keys for r in checked.report.files[0].resolutions] == [("hhs2019",), ("ukmo2020",)]
    assert checked.report.diagnostics == ()


@pytest.mark.parametrize(
    "article",
    [
        "Dreams matter (Freud, 1900, as cited in Jones, 2010).",
        "Dreams matter (Freud 1900, quoted in Jones 2010).",
        "Dreams matter (Freud, 1900, cited in Jones, 2010).",
    ],
)
def test_a_work_known_only_through_another_needs_no_entry(article: str) -> None:
    """APA, Chicago and Harvard list only the citing work of a secondary citation."""
    from citeproof.api import check_texts

    bib = "@book{jones2010, author = {Jones, Ernest}, title = {Freud}, year = {2010}}"
    checked = check_texts(article, bib, Config(style="apa"))
    assert [d.code for d in checked.report.diagnostics] == []


def test_a_missing_work_is_still_reported_when_not_cited_through_another() -> None:
    from citeproof.api import check_texts

    bib = "@book{jones2010, author = {Jones, Ernest}, title = {Freud}, year = {2010}}"
    checked = check_texts("Dreams (Freud, 1900; Jones, 2010).", bib, Config(style="apa"))
    assert [d.code for d in checked.report.diagnostics] == ["CP101"]
