"""Minimised inputs that once crashed `citeproof check`, one test per crash class.

Each test states the class of input, not only the instance the fuzzer found; the input is
inline so that the test reads on its own. The property is the fuzzer's (see harness.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .harness import assert_property, run, run_limited, write_case


def _check(tmp_path: Path, article: str, bib: str | None = None) -> None:
    argv = write_case(tmp_path, article.encode(), None if bib is None else bib.encode())
    assert_property(run(argv, tmp_path))


@pytest.mark.parametrize(
    "article",
    [
        pytest.param("—2024b.\n—O. 2024c\n", id="dash_items_without_author"),
        pytest.param(
            "References\n\n———. 2019a. A title. Press.\n\n———. 2019b. Another. Press.\n",
            id="repeated_em_dash_items",
        ),
    ],
)
def test_typed_list_items_without_a_lettered_author(tmp_path: Path, article: str) -> None:
    """CP407 audited a same-year group whose items the style gives no letter (no author
    could be read): the typed-list audit must not assume every item has an expected letter."""
    _check(tmp_path, article)


def test_typed_list_author_with_no_letters(tmp_path: Path) -> None:
    """CP404 compared first authors by their collated forms; a name made only of
    punctuation ("&.") has none, and `max()` of nothing raised."""
    _check(tmp_path, "References\n\nSmith, A. (2020). On things. J, 1, 1–2.\n\n&. (2020). Amp.\n")


@pytest.mark.parametrize(
    "config",
    [
        pytest.param(b"\xff\xfe", id="not_utf8"),
        pytest.param(b'et-al-min = "three"\n', id="string_for_int"),
        pytest.param(b"articles = 5\n", id="int_for_list"),
        pytest.param(b"select = [1, 2]\n", id="ints_in_list"),
        pytest.param(b"online = 5\n", id="int_for_table"),
        pytest.param(b'bib = ["a", "b"]\n', id="list_for_string"),
        pytest.param(b"style = 3\n", id="int_for_string"),
    ],
)
def test_config_of_wrong_encoding_or_type(tmp_path: Path, config: bytes) -> None:
    """A config file is user input like any other: bytes that are not UTF-8 and values of
    the wrong TOML type are one `citeproof: error:` line (exit 2), never a crash."""
    argv = write_case(tmp_path, b"Text (Smith, 2020).\n", b"@misc{k, title={T}}\n", config)
    outcome = run(argv, tmp_path)
    assert_property(outcome)
    assert outcome.code == 2


def test_exponential_string_macros_stay_bounded(tmp_path: Path) -> None:
    """`@string{a1 = a0 # a0}` doubles per level: 27 levels were 2^27 copies (minutes, GBs).
    A join's size is known before it is built; past the loader's bound it stays unexpanded."""
    import time

    from citeproof.bib.expand import MAX_FIELD
    from citeproof.bib.loader import parse

    levels = ['@string{a0 = "ab"}'] + [
        f"@string{{a{i} = a{i - 1} # a{i - 1}}}" for i in range(1, 28)
    ]
    bib = "\n".join(
        [
            *levels,
            "@preamble{ a27 # a27 }",
            "@misc{k, author = {Smith, A.}, title = a27 # a27, year = {2020}}",
        ]
    )
    started = time.perf_counter()
    entry = parse(bib, "r.bib").entries[0]
    assert len(entry.title) <= MAX_FIELD
    _check(tmp_path, "Text (Smith, 2020).\n", bib)
    assert time.perf_counter() - started < 20


def _check_limited(tmp_path: Path, article: str) -> None:
    argv = write_case(tmp_path, article.encode(), None)
    assert_property(run_limited(argv, tmp_path))


_CHICAGO_LIST = (
    "As shown by Birrer and Amara (2018).\n\nReferences\n\n"
    "Birrer, Simon, and Adam Amara. 2018. “Lenstronomy.” Physics of the Dark Universe 22: 189–201.\n\n"
)


def test_typed_list_name_of_a_huge_word(tmp_path: Path) -> None:
    """A list item whose author is one 180,000-character run without spaces: the name-variant
    search built every one-letter deletion of it (quadratic memory, MemoryError under 2 GiB).
    Keys longer than any name are left out of the search."""
    item = (
        "Birrer, Simon, Tommaso Treu, C. E. Rusu, V. Bonvin, C. D. Fassnacht,"
        + "@misc{" * 30_000
        + " J. H. H. Chan, A. Agnello, et al. 2019. “H0LiCOW.” MNRAS 484 (4): 4726–53.\n\n"
        "Birrer, Simon, Cyril Welschen, Adam Amara, and Alexandre Refregier. 2017. “Line of"
        " sight.” JCAP 2017 (04): 049.\n"
    )
    _check_limited(tmp_path, _CHICAGO_LIST + item)


def test_text_word_longer_than_any_name(tmp_path: Path) -> None:
    """A capitalised, hyphenated "word" of 27,000 characters in the text, with a bib: the
    search for the bib evidence a name can meet (names/evidence.py) tried every way to cut
    its key into title words, the square of its length, past the time limit. Spellings
    longer than any name are left out of that search, as the grouping leaves them out."""
    word = "-".join(["Abcdefgh"] * 3000)
    article = f"As {word} said (Doe, 2020). Then {word} left.\n"
    bib = "@book{doe2020, author = {Doe, Jane}, title = {T}, year = 2020}\n"
    argv = write_case(tmp_path, article.encode(), bib.encode())
    assert_property(run_limited(argv, tmp_path))


def test_typed_list_item_with_thousands_of_authors(tmp_path: Path) -> None:
    """An item whose author list runs to thousands of names (a citation pasted 8,000 times
    into it): every pair of co-authors was recorded, quadratic time past the time limit.
    Shared author lists are now found per entry."""
    article = (
        "Text (Papamakarios, Sterratt, and Murray 2019).\n\nReferences\n\n"
        "Papamakarios, George, and Iain Murray. 2016. “Fast ϵ-Free Inference.” In NeurIPS 29,"
        " 1028–36.\n\n"
        "Papamakarios, George, Dav"
        + "(Smith, 2020) "
        * 8_000
        + "id Sterratt, and Iain Murray. 2019. “Sequential Neural Likelihood.” PMLR 89: 837–48.\n\n"
        "Paszke, Adam, Sam Gross, Francisco Massa, et al. 2019. “PyTorch.” In NeurIPS 32.\n"
    )
    _check_limited(tmp_path, article)


@pytest.mark.parametrize(
    "number",
    [
        pytest.param(2702, id="bib_findings_on_one_long_line"),
        pytest.param(6074, id="name_with_thousands_of_combining_marks"),
    ],
)
def test_campaign_case(tmp_path: Path, number: int) -> None:
    """Campaign cases (seed 20261207) replayed from the campaign's generator, where the input
    is hundreds of kB and hand-made reductions did not reach the code the same way.

    2702 (a hostile bib with one 260,000-character line holding 38,000 unparsable blocks):
    each CP203 finding copied the whole line to measure it (28 s, past the limit); the
    line's length is now read from the line starts. 6074 (mlr3's article with "Smith & "
    pasted 20,000 times and 14,000 combining accents on the last "Smith", no bib): CP301
    quoted the 14,000-mark "spelling" in each of 20,000 findings (gigabytes of JSON,
    MemoryError); spellings longer than any name are not names.
    """
    import importlib.util
    import sys

    root = Path(__file__).resolve().parents[2]
    shared = root.parent / "shared"
    if not (shared / "corpus" / "real").is_dir():
        pytest.skip("../shared/corpus/real is absent")
    spec = importlib.util.spec_from_file_location("bench_fuzz", root / "bench" / "fuzz.py")
    fuzz = importlib.util.module_from_spec(spec)
    sys.modules["bench_fuzz"] = fuzz  # dataclasses look their module up there
    try:
        spec.loader.exec_module(fuzz)
    finally:
        del sys.modules["bench_fuzz"]
    case = fuzz.make_case(number, 20261207, fuzz.sources(shared))
    argv = fuzz.write(case, tmp_path)
    outcome = run_limited(argv, tmp_path)
    assert_property(outcome)
