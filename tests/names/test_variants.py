"""Unit tests for citeproof.names.variants: records built directly, no pipeline."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from citeproof.model import Entry, Name, Span
from citeproof.names import variants as nv


def entry(key: str, *names: Name, title: str = "A title", line: int = 1, **fields: str) -> Entry:
    return Entry(
        key=key,
        entry_type="article",
        fields={"title": title, **fields},
        names=names,
        names_role="author",
        others=False,
        year="2024",
        suffix="",
        line=line,
        end_line=line,
        path="references.bib",
    )


def variants(
    text: str,
    *entries: Entry,
    reference_list: Span | None = None,
    citations: tuple[tuple[Span, bool], ...] = (),
) -> list[nv.Variant]:
    article = nv.scan_article(text, reference_list, citations)
    return nv.find_name_variants(article, nv.scan_bibliography(entries))


def flagged(text: str, *entries: Entry, **options: object) -> list[tuple[str, str]]:
    """(written, preferred) for every reported occurrence, in text order."""
    return [(v.occurrence.form, v.preferred.form) for v in variants(text, *entries, **options)]


NUTTALL = entry(
    "nuttall2024",
    Name(first="Clare", last="Nuttall"),
    title="BUCHAREST BLOG: Can Romania’s Klaus Iohannis take the Nato helm?",
)
LAU = entry(
    "lau2024a",
    Name(first="Stuart", last="Lau"),
    title="Stroking the ego: Hungary’s Orbán gives his nod to Sweden’s NATO bid",
)
NOS = entry(
    "nos2024",
    Name(last="NOS", literal=True),
    title="Turkije is om: Rutte mag van Ankara NAVO-chef worden",
)


# --------------------------------------------------------------------------- folding


@pytest.mark.parametrize(
    ("form", "key"),
    [
        pytest.param("Orbán", "orban", id="acute"),
        pytest.param("Erdoğan", "erdogan", id="breve"),
        pytest.param("Ceaușescu", "ceausescu", id="comma-below"),
        pytest.param("Ceauşescu", "ceausescu", id="cedilla"),
        pytest.param("Berners-Lee", "bernerslee", id="hyphen"),
        pytest.param("O’Shea", "oshea", id="apostrophe"),
        pytest.param("Łukasz", "lukasz", id="stroke"),
        pytest.param("Orba\u0301n", "orban", id="decomposed"),
    ],
)
def test_fold(form: str, key: str) -> None:
    assert nv.fold(form) == key


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        pytest.param("lohannes", "iohannes", True, id="I-l-at-start"),
        pytest.param("bemstein", "bernstein", True, id="rn-m"),
        pytest.param("0rban", "orban", True, id="zero-O"),
        pytest.param("keiler", "keller", False, id="inner-i-l-is-no-ocr-slip"),
        pytest.param("hansen", "jansen", False, id="H-J"),
    ],
)
def test_ocr_key(a: str, b: str, same: bool) -> None:
    assert (nv.ocr_key(a) == nv.ocr_key(b)) is same


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        pytest.param("iohannes", "iohannis", "substituted", id="Iohannes-Iohannis"),
        pytest.param("szijjarto", "szijarto", "doubled", id="doubled-letter"),
        pytest.param("stoltenberg", "stotenberg", "dropped", id="dropped-letter"),
        pytest.param("stoltenberg", "stoltenbreg", "transposed", id="swapped-letters"),
        pytest.param("hansen", "jansen", None, id="first-letter"),
        pytest.param("petrov", "petrova", None, id="feminine-ending"),
        pytest.param("kowalski", "kowalska", None, id="last-letter"),
        pytest.param("kallas", "kalla", None, id="dropped-last-letter"),
        pytest.param("russia", "russian", None, id="derived-word"),
        pytest.param("hamburg", "homburg", "substituted", id="inner-vowel"),
    ],
)
def test_classify_edit(a: str, b: str, kind: str | None) -> None:
    assert nv.classify_edit(a, b) == kind
    assert nv.classify_edit(b, a) == kind


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="abeilnorst", min_size=5, max_size=9), max_size=40, unique=True))
def test_deletion_pairs_find_every_inner_one_edit_pair(keys: list[str]) -> None:
    """The blocking never misses a pair that an inner edit separates (checked against all pairs)."""
    expected = {
        tuple(sorted(p))
        for p in itertools.combinations(keys, 2)
        if OSA.distance(*p) == 1 and nv.classify_edit(*p) is not None
    }
    found = {pair for pair in nv.deletion_pairs(keys, 5) if nv.classify_edit(*pair) is not None}
    assert found == expected


@pytest.mark.parametrize(
    ("title", "foreign"),
    [
        pytest.param("Rutte bezoekt Erdogan in de hoop op steun voor NAVO-baan", True, id="dutch"),
        pytest.param("Turkije is om: Rutte mag van Ankara NAVO-chef worden", True, id="dutch-2"),
        pytest.param("Wordt Mark Rutte de nieuwe NAVO-topman?", True, id="dutch-3"),
        pytest.param("Can Romania’s Klaus Iohannis take the Nato helm?", False, id="english"),
        pytest.param(
            "Charles de Gaulle and the making of the Fifth Republic",
            False,
            id="english-with-particle",
        ),
    ],
)
def test_is_foreign(title: str, foreign: bool) -> None:
    assert nv.is_foreign(title) is foreign


@pytest.mark.parametrize(
    ("written", "preferred", "expected"),
    [
        pytest.param("Orban", "Orbán", "diacritics differ: 'a' for 'á'", id="diacritic"),
        pytest.param("Mcdonald", "McDonald", "capitals differ", id="case"),
        pytest.param("Berners Lee", "Berners-Lee", "spacing or hyphenation differs", id="space"),
        pytest.param(
            "Bemstein",
            "Bernstein",
            "letters confused as in OCR or hurried typing: 'm' for 'rn'",
            id="rn-m",
        ),
        pytest.param("Iohannes", "Iohannis", "'e' for 'i'", id="letter"),
        pytest.param("Stoltenbreg", "Stoltenberg", "'re' for 'er' (letters swapped)", id="swap"),
    ],
)
def test_describe_difference(written: str, preferred: str, expected: str) -> None:
    assert nv.describe_difference(written, preferred) == expected


# --------------------------------------------------------------------------- scanning


def test_scan_counts_words_and_their_context() -> None:
    article = nv.scan_article("Then Klaus Iohannes spoke. Rutte’s bid, and Rutte won.")
    assert article.counts["Iohannes"] == 1
    assert article.counts["Rutte’s"] == 1 and article.counts["Rutte"] == 1
    assert "Iohannes" in article.mid and "Then" not in article.mid
    assert article.pairs[("Klaus", "Iohannes")] == 1
    assert "spoke." in article.words


def test_regions_tell_quotes_citations_code_and_the_reference_list() -> None:
    text = (
        "Orbán said “Orban wins” (Orban, 2020).\n\n    #> Orban output\n\nLau, Stuart. Orban. 2024."
    )
    citation = Span(text.index("Orban, 2020"), text.index("Orban, 2020") + 11)
    reference = Span(text.index("Lau,"), len(text))
    regions = nv.scan_article(text, reference, [(citation, True)]).regions
    assert regions.classify(text.index("Orbán")) == (nv.Source.TEXT, False)
    assert regions.classify(text.index("Orban wins")) == (nv.Source.QUOTE, False)
    assert regions.classify(citation.start) == (nv.Source.CITATION, True)
    assert regions.classify(text.index("Orban output")) == (nv.Source.QUOTE, False)
    assert regions.classify(text.index("Orban. 2024")) == (nv.Source.REFERENCE_LIST, False)


def test_bibliography_evidence_takes_family_names_and_title_words() -> None:
    evidence = nv.scan_bibliography([NUTTALL, entry("b", Name(first="Tim", last="Berners-Lee"))])
    forms = {(o.form, o.source) for o in evidence.occurrences}
    assert ("Iohannis", nv.Source.TITLE) in forms
    assert ("Berners-Lee", nv.Source.AUTHOR) in forms
    assert ("Tim", nv.Source.AUTHOR) not in forms  # given names are neighbours, not evidence
    assert ("BUCHAREST", nv.Source.TITLE) not in forms  # all capitals: an acronym or a shout
    iohannis = next(o for o in evidence.occurrences if o.form == "Iohannis")
    assert iohannis.neighbours == ("klaus",)


# --------------------------------------------------------------------------- names (CP301)

SAMPLE_LIKE = (
    "His only opponent is Klaus Iohannes, the current Romanian president. Iohannes announced "
    "his candidacy in March. Support came before Lohannes announced his bid. It is expected "
    "that Iohannis will withdraw. The question is what Orban would request.\n\n"
    "Lau, Stuart. “Stroking the ego: Hungary’s Orbán gives his nod.” 2024.\n\n"
    "Nuttall, Clare. “Can Romania’s Klaus Iohannis take the Nato helm?.” 2024.\n"
)


def test_the_sample_slips_are_found_and_nothing_else() -> None:
    reference = Span(SAMPLE_LIKE.index("Lau, Stuart"), len(SAMPLE_LIKE))
    found = variants(SAMPLE_LIKE, NUTTALL, LAU, reference_list=reference)
    assert [(v.occurrence.form, v.preferred.form) for v in found] == [
        ("Iohannes", "Iohannis"),
        ("Iohannes", "Iohannis"),
        ("Lohannes", "Iohannis"),
        ("Orban", "Orbán"),
    ]
    orban = found[-1]
    assert orban.reason is nv.Reason.BIBLIOGRAPHY
    assert orban.preferred.titles == ("lau2024a",) and orban.preferred.in_reference_list == 1
    assert SAMPLE_LIKE[orban.occurrence.start : orban.occurrence.end] == "Orban"
    lohannes = found[2]
    assert {s.form: s.in_article for s in lohannes.spellings} == {
        "Iohannis": 1,
        "Iohannes": 2,
        "Lohannes": 1,
    }


@pytest.mark.parametrize(
    ("text", "entries", "expected"),
    [
        pytest.param(
            "Erdoğan spoke; later Erdoğan agreed, and then Erdogan left.",
            (),
            [("Erdogan", "Erdoğan")],
            id="accented-form-wins",
        ),
        pytest.param(
            "Under Ceaușescu, and after Ceaușescu, before Ceauşescu fell.",
            (),
            [("Ceauşescu", "Ceaușescu")],
            id="comma-below-vs-cedilla",
        ),
        pytest.param(
            "We met Szijjarto, then Szijjarto again; later Szijjarto agreed but Szijarto left.",
            (),
            [("Szijarto", "Szijjarto")],
            id="doubled-letter",
        ),
        pytest.param(
            "Under Jens Stoltenberg it grew; Jens Stotenberg left.",
            (),
            [("Stotenberg", "Stoltenberg")],
            id="dropped-letter-with-given-name",
        ),
        pytest.param(
            "As Bemstein showed.",
            (entry("b", Name(first="Basil", last="Bernstein")),),
            [("Bemstein", "Bernstein")],
            id="rn-m",
        ),
        pytest.param(
            "The premier, Viktor 0rbán, objected.", (LAU,), [("0rbán", "Orbán")], id="zero-for-O"
        ),
        pytest.param(
            "As Berners Lee put it.",
            (entry("b", Name(first="Tim", last="Berners-Lee")),),
            [("Berners Lee", "Berners-Lee")],
            id="spacing",
        ),
        pytest.param(
            "As Mcdonald put it.",
            (entry("m", Name(first="Ann", last="McDonald")),),
            [("Mcdonald", "McDonald")],
            id="capitals",
        ),
    ],
)
def test_variant_kinds(
    text: str, entries: tuple[Entry, ...], expected: list[tuple[str, str]]
) -> None:
    assert flagged(text, *entries) == expected


@pytest.mark.parametrize(
    ("text", "entries"),
    [
        pytest.param(
            "Ivan Petrov met Anna Petrova; Petrov spoke and Petrova answered.",
            (),
            id="Petrov-Petrova",
        ),
        pytest.param(
            "Hansen and Jansen disagree; Hansen says yes and Jansen says no.",
            (),
            id="Hansen-Jansen",
        ),
        pytest.param(
            "Jan Novák and Eva Nováková agree; Novák wrote and Nováková edited.",
            (),
            id="Novak-Novakova",
        ),
        pytest.param(
            "Kaja Kallas met Vijay Kalla; Kallas spoke and Kalla listened.", (), id="Kallas-Kalla"
        ),
        pytest.param(
            "Russia and the Russian army; Romania and Romanian troops; NATO and NATO’s "
            "summit; Rutte and Rutte’s bid.",
            (),
            id="inflections",
        ),
        pytest.param(
            "As Hamer argued, the vote failed. Later, Hamer agreed, and Hamer won. "
            "Hammer blows followed.",
            (),
            id="ordinary-word-at-sentence-start",
        ),
        pytest.param("Rutte visited Türkiye, and Türkiye agreed.", (NOS,), id="foreign-title-word"),
        pytest.param("NATO agreed, and NATO’s allies too.", (NUTTALL,), id="acronym"),
        pytest.param(
            "Viktor Orbán spoke, and Orbán won. The essay “Why Orban Wins” disagrees.",
            (),
            id="quoted-title",
        ),
        pytest.param("Jensen and Jansen are both cited; Jensen first.", (), id="Jensen-Jansen"),
        pytest.param(
            "The Monte-Carlo rejection step.",
            (entry("s", Name(last="Sisson"), title="Sequential Monte Carlo"),),
            id="compound-modifier",
        ),
        pytest.param(
            "We use DynamicalSystems throughout.",
            (entry("f", Name(last="Faust"), title="Dynamical Systems"),),
            id="camel-case-software-name",
        ),
        pytest.param(
            "UC Santa Barbara hosted us.",
            (entry("g", Name(first="Bárbara", last="Rojas")),),
            id="given-name",
        ),
        pytest.param(
            "RockHound loads data.",
            (entry("r", Name(last="Uieda"), title="Rockhound: Download models"),),
            id="case-only-against-a-title",
        ),
    ],
)
def test_traps_stay_silent(text: str, entries: tuple[Entry, ...]) -> None:
    assert flagged(text, *entries) == []


def test_a_spelling_the_sources_use_is_never_reported() -> None:
    both = (
        entry("a", Name(last="Erdogan"), title="Erdogan"),
        entry("b", Name(last="Erdoğan"), title="Erdoğan"),
    )
    assert flagged("Erdogan spoke; Erdoğan agreed.", *both) == []


def test_a_citation_another_rule_reports_is_left_alone() -> None:
    text = "As Orban (2020) said, Orbán won."
    span = Span(3, 15)
    assert flagged(text, citations=((span, True),)) == []
    assert flagged(text, citations=((span, False),)) == [("Orban", "Orbán")]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Rutte",
                "Stoltenberg",
                "Kallas",
                "Iohannis",
                "Orbán",
                "Erdoğan",
                "Szijjarto",
                "Hendrickson",
                "Nuttall",
                "Berners-Lee",
                "McDonald",
                "Türkiye",
            ]
        ),
        min_size=1,
        max_size=30,
    ),
    st.sampled_from(["{} spoke.", "Then {} agreed", "(see {})", "as {} said,", "“{}”"]),
)
def test_consistent_names_are_never_reported(names: list[str], template: str) -> None:
    """However names are mixed and placed, spelling each one way never raises a finding."""
    text = " ".join(template.format(name) for name in names)
    assert flagged(text, NUTTALL, LAU) == []


# --------------------------------------------------------------------------- terms (CP302)


def test_terms_spacing_and_lower_case_hyphenation() -> None:
    text = (
        "A new Secretary General was named; the Secretary-General has changed. "
        "Send an e-mail, or an email. He has build-up good relations and will build up more."
    )
    found = nv.find_term_variants(nv.scan_article(text), nv.scan_bibliography(()))
    assert [(v.occurrence.form, v.preferred.form) for v in found] == [
        ("Secretary-General", "Secretary General"),
        ("email", "e-mail"),
    ]


def test_terms_ignore_its_and_it_is() -> None:
    text = "Its aim is clear; it's clear; its scope too."
    assert nv.find_term_variants(nv.scan_article(text), nv.scan_bibliography(())) == []


# --------------------------------------------------------------------------- authors (CP202)


def author_variants(*entries: Entry) -> list[tuple[str, str, str]]:
    return [
        (v.entry.key, str(v.written), str(v.suggested)) for v in nv.find_author_variants(entries)
    ]


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        pytest.param(
            [
                Name(first="Stuart", last="Lau"),
                Name(first="Stuart", last="Lau"),
                Name(first="Stewart", last="Lau"),
            ],
            [("e2", "Lau, Stewart", "Lau, Stuart")],
            id="given-name",
        ),
        pytest.param(
            [
                Name(first="Daniel", last="Lüdecke"),
                Name(first="Daniel", last="Ludecke"),
                Name(first="D.", last="Ludecke"),
            ],
            [("e1", "Ludecke, Daniel", "Lüdecke, Daniel"), ("e2", "Ludecke, D.", "Lüdecke, D.")],
            id="diacritics-win-over-majority",
        ),
        pytest.param(
            [
                Name(first="Ana", last="Lawry Aguila"),
                Name(first="Ana Lawry", last="Aguila"),
                Name(first="Ana", last="Lawry Aguila"),
            ],
            [("e1", "Aguila, Ana Lawry", "Lawry Aguila, Ana")],
            id="split",
        ),
        pytest.param(
            [Name(first="Ilse van", last="Bemmel"), Name(first="Ilse", von="van", last="Bemmel")],
            [("e0", "Bemmel, Ilse van", "van Bemmel, Ilse")],
            id="particle-in-given",
        ),
        pytest.param(
            [Name(first="Javier", von="del", last="Campo"), Name(first="Javier", last="Del Campo")],
            [("e1", "Del Campo, Javier", "del Campo, Javier")],
            id="particle-case",
        ),
        pytest.param(
            [
                Name(first="Tatiana", last="Ilyina"),
                Name(first="Tatiana", last="Ilyina"),
                Name(first="Tatiana", last="Ilynia"),
            ],
            [("e2", "Ilynia, Tatiana", "Ilyina, Tatiana")],
            id="swapped-letters",
        ),
        pytest.param(
            [Name(first="A. S.", last="Almgren"), Name(first="Ann S.", last="Almgren")],
            [],
            id="initials-are-no-variant",
        ),
        pytest.param(
            [Name(first="R.C.", last="Hendrickson"), Name(first="R. C.", last="Hendrickson")],
            [],
            id="initial-spacing",
        ),
        pytest.param(
            [Name(first="Wei", last="Zhang"), Name(first="Wen", last="Zhang")],
            [],
            id="short-given-names-differ",
        ),
        pytest.param(
            [Name(first="Christian", last="Meyer"), Name(first="Christina", last="Meyer")],
            [],
            id="Christian-Christina",
        ),
        pytest.param(
            [Name(first="Ivan", last="Petrov"), Name(first="Ivana", last="Petrova")],
            [],
            id="Petrov-Petrova",
        ),
        pytest.param(
            [Name(first="Lars", last="Hansen"), Name(first="Lars", last="Jansen")],
            [],
            id="first-letter",
        ),
    ],
)
def test_author_variants(names: list[Name], expected: list[tuple[str, str, str]]) -> None:
    entries = [entry(f"e{i}", name, line=10 * i + 1) for i, name in enumerate(names)]
    assert author_variants(*entries) == expected


def test_two_spellings_in_one_author_list_are_two_people() -> None:
    both = entry("e0", Name(first="Anne", last="Smith"), Name(first="Anna", last="Smith"))
    other = entry("e1", Name(first="Anne", last="Smith"))
    assert author_variants(both, other) == []
