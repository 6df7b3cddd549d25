"""BibTeX name splitting (citeproof.bib.name_parts), table-driven after pybtex's parse_name_test.

Expected parts are given decoded (pybtex's table gives raw LaTeX words; the split is the same).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citeproof.bib.name_parts import is_von, parse_name, parse_names, split_name_list
from citeproof.model import Name

# (raw name, (first, von, last, jr))
PYBTEX_NAMES = [
    pytest.param(
        "A. E.                   Siegman", ("A. E.", "", "Siegman", ""), id="initials_spaces"
    ),
    pytest.param("A. G. W. Cameron", ("A. G. W.", "", "Cameron", ""), id="three_initials"),
    pytest.param("A. Hoenig", ("A.", "", "Hoenig", ""), id="initial"),
    pytest.param("A. J. Van Haagen", ("A. J. Van", "", "Haagen", ""), id="capital_Van_is_first"),
    pytest.param("Adam H. Lewenberg", ("Adam H.", "", "Lewenberg", ""), id="middle_initial"),
    pytest.param(
        "Addison-Wesley Publishing Company",
        ("Addison-Wesley Publishing", "", "Company", ""),
        id="unbraced_company",
    ),
    pytest.param("Advogato (Raph Levien)", ("Advogato (Raph", "", "Levien)", ""), id="parens"),
    pytest.param(
        "Andrea de Leeuw van Weenen",
        ("Andrea", "de Leeuw van", "Weenen", ""),
        id="von_runs_to_last_lowercase",
    ),
    pytest.param("Andreas Geyer-Schulz", ("Andreas", "", "Geyer-Schulz", ""), id="hyphen_last"),
    pytest.param(r"Andr{\'e} Heck", ("André", "", "Heck", ""), id="accent_first"),
    pytest.param(
        r"Anne Br{\"u}ggemann-Klein", ("Anne", "", "Brüggemann-Klein", ""), id="accent_hyphen_last"
    ),
    pytest.param("Anonymous", ("", "", "Anonymous", ""), id="single_word"),
    pytest.param("B. Hamilton Kelly", ("B. Hamilton", "", "Kelly", ""), id="two_first"),
    pytest.param(
        "B. V. Venkata Krishna Sastry", ("B. V. Venkata Krishna", "", "Sastry", ""), id="long_first"
    ),
    pytest.param(r"Benedict L{\o}fstedt", ("Benedict", "", "Løfstedt", ""), id="o_slash"),
    pytest.param(r"Bogus{\l}aw Jackowski", ("Bogusław", "", "Jackowski", ""), id="l_stroke"),
    pytest.param(
        r"Christina A. L.\ Thiele", ("Christina A. L.", "", "Thiele", ""), id="control_space"
    ),
    pytest.param("D. Men'shikov", ("D.", "", "Men'shikov", ""), id="apostrophe"),
    pytest.param(r"Darko \v{Z}ubrini{\'c}", ("Darko", "", "Žubrinić", ""), id="caron_unbraced"),
    pytest.param(r"Dunja Mladeni{\'c}", ("Dunja", "", "Mladenić", ""), id="acute_c"),
    pytest.param("Edwin V. {Bell, II}", ("Edwin V.", "", "Bell, II", ""), id="braced_comma"),
    pytest.param("Frank G. {Bennett, Jr.}", ("Frank G.", "", "Bennett, Jr.", ""), id="braced_jr"),
    pytest.param(
        r"Fr{\'e}d{\'e}ric Boulanger", ("Frédéric", "", "Boulanger", ""), id="two_accents"
    ),
    pytest.param("Ford, Jr., Henry", ("Henry", "", "Ford", "Jr."), id="jr_form"),
    pytest.param("mr Ford, Jr., Henry", ("Henry", "mr", "Ford", "Jr."), id="jr_form_von"),
    pytest.param("Fukui Rei", ("Fukui", "", "Rei", ""), id="two_words"),
    pytest.param(r"G. Gr{\"a}tzer", ("G.", "", "Grätzer", ""), id="umlaut"),
    pytest.param(
        "Gilbert van den Dobbelsteen", ("Gilbert", "van den", "Dobbelsteen", ""), id="van_den"
    ),
    pytest.param(r"Gy{\"o}ngyi Bujdos{\'o}", ("Gyöngyi", "", "Bujdosó", ""), id="hungarian"),
    pytest.param(r"Herbert Vo{\ss}", ("Herbert", "", "Voß", ""), id="eszett"),
    pytest.param(r"J. Vesel{\'y}", ("J.", "", "Veselý", ""), id="acute_y"),
    pytest.param(
        r"Javier Rodr\'{\i}guez Laguna",
        ("Javier Rodríguez", "", "Laguna", ""),
        id="accented_dotless_i",
    ),
    pytest.param(r"Ji\v{r}\'{\i} Vesel{\'y}", ("Jiří", "", "Veselý", ""), id="czech"),
    pytest.param(r"Ji\v{r}{\'\i} Vesel{\'y}", ("Jiří", "", "Veselý", ""), id="czech_braced"),
    pytest.param(
        r"Ji\v{r}{\'{\i}}Zlatu{\v{s}}ka", ("", "", "JiříZlatuška", ""), id="no_space_one_word"
    ),
    pytest.param("Jim Hef{}feron", ("Jim", "", "Hefferon", ""), id="empty_group"),
    pytest.param(r"J{\"o}rg Knappen", ("Jörg", "", "Knappen", ""), id="umlaut_first"),
    pytest.param(r"J{\'e}r\^ome Laurens", ("Jérôme", "", "Laurens", ""), id="mixed_accents"),
    pytest.param(r"J{{\"o}}rg Knappen", ("Jörg", "", "Knappen", ""), id="double_braces"),
    pytest.param(r"M. D{\'{\i}}az", ("M.", "", "Díaz", ""), id="acute_braced_i"),
    pytest.param("M/iche/al /O Searc/oid", ("M/iche/al /O", "", "Searc/oid", ""), id="slashes"),
    pytest.param("Marina Yu. Nikulina", ("Marina Yu.", "", "Nikulina", ""), id="yu"),
    pytest.param("Onofrio de Bari", ("Onofrio", "de", "Bari", ""), id="de"),
    pytest.param(
        "Paco La                  Bruna", ("Paco La", "", "Bruna", ""), id="capital_La_is_first"
    ),
    pytest.param(r"Pavel \v{S}eve\v{c}ek", ("Pavel", "", "Ševeček", ""), id="carons"),
    pytest.param(r"Petr Ol{\v{s}}{\'a}k", ("Petr", "", "Olšák", ""), id="nested_accent"),
    pytest.param(r"Primo\v{z} Peterlin", ("Primož", "", "Peterlin", ""), id="caron_end"),
    pytest.param("Prof. Alban Grimm", ("Prof. Alban", "", "Grimm", ""), id="title"),
    pytest.param(r"Rafa{\l}\.Zbikowski", ("", "", "RafałŻbikowski", ""), id="dot_accent"),
    pytest.param("T. L. (Frank) Pappas", ("T. L. (Frank)", "", "Pappas", ""), id="nickname"),
    pytest.param(
        "TUG 2004 conference", ("TUG 2004", "", "conference", ""), id="last_word_never_von"
    ),
    pytest.param(
        r"TUG {\sltt xDVIx} Driver Standards Committee",
        ("TUG", "xDVIx", "Driver Standards Committee", ""),
        id="special_char_lowercase_is_von",
    ),
    pytest.param(r"University of M{\"u}nster", ("University", "of", "Münster", ""), id="of"),
    pytest.param("Walter van der Laan", ("Walter", "van der", "Laan", ""), id="van_der"),
    pytest.param("Wendy G.                  McKay", ("Wendy G.", "", "McKay", ""), id="mc"),
    pytest.param(r"W{\l}odek Bzyl", ("Włodek", "", "Bzyl", ""), id="l_stroke_first"),
    pytest.param(r"\LaTeX Project Team", ("LaTeX Project", "", "Team", ""), id="command_first"),
    pytest.param(
        r"{TUG} {Working} {Group} on a {\TeX} {Directory}                  {Structure}",
        ("TUG Working Group", "on a", "TeX Directory Structure", ""),
        id="braced_words_with_von",
    ),
    pytest.param(
        r"{\LaTeX} project team", ("LaTeX", "project", "team", ""), id="special_char_first"
    ),
    pytest.param(
        "Johansen Kyle, Derik Mamania M.",
        ("Derik Mamania M.", "", "Johansen Kyle", ""),
        id="comma_two_word_last",
    ),
    pytest.param(
        "Johannes Adam Ferdinand Alois Josef Maria Marko d'Aviano Pius von und zu Liechtenstein",
        (
            "Johannes Adam Ferdinand Alois Josef Maria Marko",
            "d'Aviano Pius von und zu",
            "Liechtenstein",
            "",
        ),
        id="liechtenstein",
    ),
    pytest.param(r"Brand\~{a}o, F", ("F", "", "Brandão", ""), id="tilde_accent_not_separator"),
    pytest.param(
        "Chong, B. M., Specia, L., & Mitkov, R.",
        ("Specia L. & Mitkov R.", "", "Chong", "B. M."),
        id="too_many_commas",
    ),
    pytest.param(
        "LeCun, Y. ,      Bottou,   L . , Bengio, Y. ,  Haffner ,  P",
        ("Bottou L . Bengio Y. Haffner P", "", "LeCun", "Y."),
        id="too_many_commas_sloppy",
    ),
]

ISSUE_NAMES = [
    pytest.param("van der Berg, Anna", ("Anna", "van der", "Berg", ""), id="von_comma_form"),
    pytest.param("Anna van der Berg", ("Anna", "van der", "Berg", ""), id="von_first_form"),
    pytest.param("Smith, Jr., John", ("John", "", "Smith", "Jr."), id="jr"),
    pytest.param("Jean de La Fontaine", ("Jean", "de", "La Fontaine", ""), id="la_fontaine"),
    pytest.param("de La Fontaine, Jean", ("Jean", "de", "La Fontaine", ""), id="la_fontaine_comma"),
    pytest.param("Ludwig von Beethoven", ("Ludwig", "von", "Beethoven", ""), id="beethoven"),
    pytest.param("von Beethoven", ("", "von", "Beethoven", ""), id="von_without_first"),
    pytest.param("Jean-Paul Sartre", ("Jean-Paul", "", "Sartre", ""), id="hyphenated_first"),
    pytest.param("Aristotle", ("", "", "Aristotle", ""), id="aristotle"),
    pytest.param("D.~E. Knuth", ("D. E.", "", "Knuth", ""), id="tie_separates"),
    pytest.param(r"\'{A}lvarez, Segundo", ("Segundo", "", "Álvarez", ""), id="accent_unbraced"),
    pytest.param(r"{\'A}lvaro Fialho", ("Álvaro", "", "Fialho", ""), id="special_capital"),
    pytest.param(
        r"\'{E}mile Zola", ("Émile", "", "Zola", ""), id="unbraced_capital_accent_not_von"
    ),
    pytest.param(r"Pedro Alfaro-Fern{\'a}ndez", ("Pedro", "", "Alfaro-Fernández", ""), id="alfaro"),
    pytest.param(r"Nu\~nez, Ana", ("Ana", "", "Nuñez", ""), id="tilde_accent_unbraced"),
    pytest.param("  Stützle,   Thomas  ", ("Thomas", "", "Stützle", ""), id="unicode_spaces"),
    pytest.param(
        r"L{\'o}pez-Ib{\'a}{\~n}ez, Manuel", ("Manuel", "", "López-Ibáñez", ""), id="lopez_ibanez"
    ),
    pytest.param(
        r"{\o}stergaard, Jens", ("Jens", "", "østergaard", ""), id="foreign_letter_lowercase_alone"
    ),
    pytest.param("{van} Berg, Anna", ("Anna", "", "van Berg", ""), id="braced_particle_protected"),
]


@pytest.mark.parametrize(("raw", "parts"), PYBTEX_NAMES + ISSUE_NAMES)
def test_parse_name(raw: str, parts: tuple[str, str, str, str]) -> None:
    name = parse_name(raw)
    assert (name.first, name.von, name.last, name.jr) == parts
    assert name.literal is False


@pytest.mark.parametrize(
    ("raw", "last"),
    [
        pytest.param("{World Health Organization}", "World Health Organization", id="who"),
        pytest.param("{NOS}", "NOS", id="acronym"),
        pytest.param("{Barnes and Noble, Inc.}", "Barnes and Noble, Inc.", id="and_comma_inside"),
        pytest.param("{Jim Hef{}feron}", "Jim Hefferon", id="pybtex_braced_whole"),
        pytest.param(
            r"{Kristoffer H\o{}gsbro Rose}", "Kristoffer Høgsbro Rose", id="letter_inside"
        ),
        pytest.param(r"{{\LaTeX\,3} Project Team}", "LaTeX 3 Project Team", id="nested"),
        pytest.param(
            r"{Organisation for Economic Co-operation and Development ({OECD})}",
            "Organisation for Economic Co-operation and Development (OECD)",
            id="oecd",
        ),
    ],
)
def test_literal_names(raw: str, last: str) -> None:
    assert parse_name(raw) == Name(last=last, literal=True)


@pytest.mark.parametrize(
    ("text", "count", "others"),
    [
        pytest.param("A. Aho and J. Hopcroft and J. Ullman", 3, False, id="three"),
        pytest.param("Aho, A. AND Hopcroft, J.", 2, False, id="upper_and"),
        pytest.param("Smith, J. and others", 1, True, id="and_others"),
        pytest.param("others", 0, True, id="only_others"),
        pytest.param("{Barnes and Noble, Inc.} and Smith, J.", 2, False, id="braced_and"),
        pytest.param("Anderson, A. and Sandberg, B.", 2, False, id="and_inside_word"),
        pytest.param("A. Aho\nand J. Hopcroft", 2, False, id="newline_around_and"),
        pytest.param("", 0, False, id="empty"),
        pytest.param("  ", 0, False, id="blank"),
        pytest.param("Band, A. and Andy Sand", 2, False, id="and_substrings"),
    ],
)
def test_parse_names(text: str, count: int, others: bool) -> None:
    names, has_others = parse_names(text)
    assert len(names) == count
    assert has_others is others


def test_parse_names_uses_cache() -> None:
    cache: dict[str, Name] = {}
    first, _ = parse_names("Smith, J. and Doe, A.", cache=cache)
    second, _ = parse_names("Doe, A. and Smith, J.", cache=cache)
    assert first[0] is second[1]
    assert len(cache) == 2


def test_split_name_list_keeps_braced_and() -> None:
    assert split_name_list("{Barnes and Noble} and Smith") == ["{Barnes and Noble}", "Smith"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        pytest.param("van", True, id="lower"),
        pytest.param("Van", False, id="upper"),
        pytest.param("{van}", False, id="braced_group_skipped"),
        pytest.param(r"{\'e}cole", True, id="special_lower"),
        pytest.param(r"{\'E}cole", False, id="special_upper"),
        pytest.param(r"{\o}", True, id="foreign_lower"),
        pytest.param(r"{\O}", False, id="foreign_upper"),
        pytest.param(r"{\ss}", True, id="eszett"),
        pytest.param(r"\'{A}lvarez", False, id="unbraced_accent_upper"),
        pytest.param(r"\'{a}lvarez", True, id="unbraced_accent_lower"),
        pytest.param("d'Aviano", True, id="apostrophe"),
        pytest.param("(Frank)", False, id="paren"),
        pytest.param("2004", False, id="digits"),
    ],
)
def test_is_von(word: str, expected: bool) -> None:
    assert is_von(word) is expected


@given(st.text(alphabet=st.sampled_from(list("{}\\,~ aAnNdDvV'\"-.o")), min_size=1))
def test_parse_names_never_raises(text: str) -> None:
    names, _ = parse_names(text)
    assert all(isinstance(name, Name) for name in names)
