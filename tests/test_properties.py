"""Properties that hold for any input: the checker never crashes, spans and positions stay in
the text, and the JSON output keeps its contract.

Articles mix arbitrary text with citation-ish fragments (names, years, brackets, `;`, `&`,
"et al.", newlines, NBSP, combining marks); bibliographies mix valid entries with garbage.
The default run is small (about 60 examples); the `slow` variant runs 1000.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citeproof import api, report
from citeproof.cli import main
from citeproof.config import STYLES, Config
from citeproof.errors import CiteproofError
from citeproof.model import Document, Position

ARTICLE_PATH = "article.txt"
BIB_PATH = "references.bib"

SURNAMES = [
    "Smith",
    "Jones",
    "Lau",
    "Orbán",
    "Orban",
    "Müller",
    "van der Berg",
    "Van der Berg",
    "O'Neil",
    "O’Neil",
    "De Souza",
    "López-Ibáñez",
    "Stützle",
    "World Health Organization",
    "Reuters",
    "Ng",
    "IEEE",
    "Ștefan",
    "Dörr",
    "Zhang",
    "Al-Farsi",
    "ter Haar",
]
YEARS = [
    "2020",
    "2020a",
    "2020b",
    "2024c",
    "1999",
    "n.d.",
    "in press",
    "2019–2020",
    "2019-2020",
    "20201",
    "2020 ",
    "1600",
    "3000",
    "forthcoming",
]
# Names both the articles and the entries use often, so that many citations resolve.
CORE = ["Smith", "Jones", "Lau", "Orbán", "van der Berg", "World Health Organization"]
surnames = st.one_of(st.sampled_from(CORE), st.sampled_from(SURNAMES))
# Years the generated entries carry, so that many citations resolve or nearly resolve.
LIKELY_YEARS = ["2020", "2020", "2020", "2020a", "2020b", "2024", "2024b", "1999", *YEARS]
PIECES = [
    "(",
    ")",
    "[",
    "]",
    ";",
    ",",
    ", ",
    "&",
    " & ",
    " and ",
    " et al.",
    " et al",
    "et. al.",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\t",
    "\u00a0",
    "\u202f",
    "\u0301",
    "\u0308",
    "\u200b",
    "p. 4",
    ", pp. 3–5",
    ", p.",
    "see ",
    "e.g., ",
    "cf. ",
    "’s",
    "'s",
    ".",
    "[Source: Reuters]",
    "References\n",
    "Bibliography\n",
    "# Heading\n",
    "`code`",
    "http://example.org/a(2020)",
    "Chapter 2",
    "Table 1",
    "€",
    "🙂",
    "\ufeff",
    "\x00",
    "\\",
    "{",
    "}",
    "@",
]


@st.composite
def citations(draw: st.DrawFn) -> str:
    """A citation-shaped string: well-formed, or broken in a small way."""
    names = draw(st.lists(surnames, min_size=1, max_size=4))
    joiner = draw(st.sampled_from([" & ", " and ", ", ", " ", "; "]))
    authors = joiner.join(names) + draw(st.sampled_from(["", "", " et al.", " et al", ","]))
    year = draw(st.sampled_from(LIKELY_YEARS))
    locator = draw(st.sampled_from(["", "", ", p. 12", ", pp. 3-5", ": 7", ", chap. 2"]))
    form = draw(st.integers(0, 5))
    if form == 0:
        return f"({authors}, {year}{locator})"
    if form == 1:
        return f"{authors} ({year}{locator})"
    if form == 2:
        other = draw(surnames)
        return f"({authors}, {year}; {other}, {draw(st.sampled_from(YEARS))})"
    if form == 3:
        return f"({authors} {year}"  # unclosed
    if form == 4:
        return f"[{authors}; {year}]"
    return f"({authors}, {year}, {draw(st.sampled_from(YEARS))})"


fragments = st.one_of(
    st.text(max_size=30),
    st.sampled_from(SURNAMES),
    st.sampled_from(YEARS),
    st.sampled_from(PIECES),
    citations(),
)
articles = st.lists(fragments, max_size=40).map("".join)


#: Author field values and the surnames a citation of them writes.
PEOPLE: dict[str, tuple[str, ...]] = {
    "Smith, Ann": ("Smith",),
    "Jones, Bo": ("Jones",),
    "Lau, Stuart": ("Lau",),
    "Orb{\\'a}n, Viktor": ("Orbán",),
    "van der Berg, Jan": ("van der Berg",),
    "{World Health Organization}": ("World Health Organization",),
    "Ann Smith": ("Smith",),
    'M{\\"u}ller, K.': ("Müller",),
    "de la Fuente, Juan": ("de la Fuente",),
    "Stützle, Thomas": ("Stützle",),
    "{\\c{S}}tefan, A.": ("Ştefan",),
    "Ng, A. and Lee, B.": ("Ng", "Lee"),
    "Dörr, Ute": ("Dörr",),
    "O'Neil, C.": ("O'Neil",),
    "others": (),
}
ENTRY_YEARS = {
    "{2020}": "2020",
    "2020": "2020",
    "{2024}": "2024",
    "{2020a}": "2020a",
    "{2020b}": "2020b",
    "{2024b}": "2024b",
    "{n.d.}": "n.d.",
    "{in press}": "in press",
    "{}": "",
    "{20x}": "20x",
    '"1999"': "1999",
}


@st.composite
def entry_records(draw: st.DrawFn) -> tuple[str, tuple[str, ...], str]:
    """A syntactically valid BibTeX entry, with the surnames and year a citation of it uses."""
    key = draw(st.from_regex(r"[a-z][a-z0-9:_-]{0,10}", fullmatch=True))
    kind = draw(
        st.sampled_from(
            [
                "article",
                "book",
                "misc",
                "inproceedings",
                "online",
                "proceedings",
                "incollection",
                "ARTICLE",
            ]
        )
    )
    people = draw(st.lists(st.sampled_from(sorted(PEOPLE)), max_size=4))
    fields = []
    if people:
        fields.append(f"author = {{{' and '.join(people)}}}")
    year = ""
    if draw(st.integers(0, 3)):
        raw = draw(st.sampled_from(sorted(ENTRY_YEARS)))
        year = ENTRY_YEARS[raw]
        fields.append(f"year = {raw}")
    if draw(st.booleans()):
        fields.append("date = {" + draw(st.sampled_from(["2021-03-04", "2021", "bad"])) + "}")
    fields.append(
        "title = {"
        + draw(
            st.sampled_from(["Things", "The {NumPy} array", "A \\emph{b} c", "$x^2$ and {\\&}", ""])
        )
        + "}"
    )
    if draw(st.booleans()):
        fields.append("journal = {" + draw(st.sampled_from(["Reuters", "J", "Nature"])) + "}")
    if draw(st.integers(0, 3)) == 0:
        fields.append("crossref = {" + draw(st.sampled_from(["smith", "missing", "a"])) + "}")
    if draw(st.booleans()):
        fields.append("month = " + draw(st.sampled_from(["feb", "{March}", "13", "mar # jun"])))
    separator = draw(st.sampled_from([", ", ",\n  ", ","]))
    text = f"@{kind}{{{key}, {separator.join(fields)}}}\n"
    surnames = tuple(name for person in people for name in PEOPLE[person])
    return text, surnames, year or "n.d."


entries = entry_records().map(lambda record: record[0])

garbage = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "@article{",
            "}",
            "{",
            "@book{k,",
            "title = {unclosed",
            '@string{a = "x"}',
            '@string{and = " and "}',
            '@preamble{"\\newcommand{\\x}{y}"}',
            "#",
            "@comment{x}",
            "% comment\n",
            "@article{nokey, }",
            "@article{, title={T}}",
            '@article(k, title="T")',
            "author = a # and # b",
            "\n",
            "@misc{dup, title={A}}",
            "@misc{dup, title={B}}",
            "@xdata{base, year = {2001}}",
            "@misc{child, xdata = {base}, title={C}}",
            "\\",
            "@",
            "@@",
            "@article{k, author = {{Unbalanced}, title = {T}}",
        ]
    ),
)
bibs = st.lists(st.one_of(entries, garbage), max_size=12).map("\n".join)


@st.composite
def cite_record(draw: st.DrawFn, surnames: tuple[str, ...], year: str) -> str:
    """A citation of a known entry: right, or slightly wrong (year, letter, names, form)."""
    names = list(surnames)
    if draw(st.integers(0, 4)) == 0:  # a wrong or missing co-author, or swapped order
        names = draw(st.permutations(names)) if len(names) > 1 else [*names, "Jones"]
    narrative = draw(st.booleans())
    if len(names) >= 3 and draw(st.booleans()):
        authors = f"{names[0]} et al."
    else:
        authors = (
            (" and " if narrative else " & ").join(names)
            if len(names) <= 2
            else (", ".join(names[:-1]) + ", & " + names[-1])
        )
    cited_year = draw(st.sampled_from([year, year, year, year.rstrip("ab"), year + "c", "2019"]))
    if narrative:
        return f"{authors} ({cited_year})"
    return (
        f"({draw(st.sampled_from(['', 'see ', 'e.g., ']))}{authors}, {cited_year}"
        f"{draw(st.sampled_from(['', ', p. 4']))})"
    )


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, str]:
    """An (article, bib) pair whose article often cites the bib's own entries."""
    parts = draw(
        st.lists(st.one_of(entry_records(), garbage.map(lambda g: (g, (), ""))), max_size=12)
    )
    bib = "\n".join(part[0] for part in parts)
    citable = [(surnames, year) for _, surnames, year in parts if surnames]
    pieces = fragments
    if citable:
        own = st.sampled_from(citable).flatmap(lambda record: cite_record(*record))
        pieces = st.one_of(fragments, own, own)
    separators = st.sampled_from([" ", " ", ". ", "; ", "\n", "\n\n", "\u00a0"])
    article = "".join(draw(st.lists(st.tuples(pieces, separators).map("".join), max_size=30)))
    return article, bib


# ---------------------------------------------------------------- the properties


def _raw_line_length(document: Document, line: int) -> int:
    starts = document.line_starts
    end = starts[line] if line < len(starts) else len(document.text)
    return end - starts[line - 1]


def _assert_position_inside(document: Document, position: Position, what: str) -> None:
    lines = len(document.line_starts)
    assert 1 <= position.line <= lines, f"{what}: line {position.line} of {lines}"
    limit = _raw_line_length(document, position.line) + 1
    assert 1 <= position.column <= limit, (
        f"{what}: column {position.column} on line {position.line} (length {limit - 1})"
    )


def _expect_properties(article: str, bib: str, config: Config) -> None:
    try:
        checked = api.check_texts(article, bib, config, ARTICLE_PATH, BIB_PATH)
    except CiteproofError:
        # Only acceptable when the bib has no entry at all (documented "cannot run").
        from citeproof.bib.loader import parse

        assert not parse(bib, BIB_PATH).entries
        return
    result = checked.report
    documents = {ARTICLE_PATH: checked.sources[ARTICLE_PATH], BIB_PATH: checked.sources[BIB_PATH]}
    assert documents[ARTICLE_PATH].text == article

    for file in result.files:
        text = file.document.text
        for resolution in file.resolutions:
            citation = resolution.citation
            span = citation.span
            assert 0 <= span.start <= span.end <= len(text), (span, len(text))
            assert text[span.start : span.end] == citation.text
            if citation.group is not None:
                assert 0 <= citation.group.start <= citation.group.end <= len(text)
                assert citation.group.start <= span.start and span.end <= citation.group.end

    for diagnostic in result.diagnostics:
        assert diagnostic.path in documents, diagnostic.path
        document = documents[diagnostic.path]
        _assert_position_inside(document, diagnostic.start, f"{diagnostic.code} start")
        _assert_position_inside(document, diagnostic.end, f"{diagnostic.code} end")
        assert (diagnostic.start.line, diagnostic.start.column) <= (
            diagnostic.end.line,
            diagnostic.end.column,
        )

    data = json.loads(report.render_json(result))
    _assert_json_contract(data)
    cited = [r.citation for f in result.files for r in f.resolutions]
    assert [c["text"] for c in data["citations"]] == [c.text for c in cited]
    report.render_text(result, checked.sources)  # must not raise either


def _assert_json_contract(data: dict) -> None:
    assert data["version"] == 1
    assert set(data) >= {"version", "citations", "diagnostics", "summary"}
    for citation in data["citations"]:
        assert set(citation) >= {
            "file",
            "line",
            "column",
            "end_line",
            "end_column",
            "text",
            "kind",
            "authors",
            "year",
            "keys",
        }
        assert isinstance(citation["authors"], list) and isinstance(citation["keys"], list)
        assert citation["kind"] in {"parenthetical", "narrative"}
    for diagnostic in data["diagnostics"]:
        assert set(diagnostic) >= {
            "file",
            "line",
            "column",
            "end_line",
            "end_column",
            "code",
            "name",
            "severity",
            "message",
        }
        assert diagnostic["severity"] in {"error", "warning", "info"}
    summary = data["summary"]
    assert set(summary) >= {"files", "citations", "errors", "warnings", "infos"}
    assert summary["citations"] == len(data["citations"])
    for severity, count in (("error", "errors"), ("warning", "warnings"), ("info", "infos")):
        assert summary[count] == sum(1 for d in data["diagnostics"] if d["severity"] == severity)


configs = st.builds(
    Config,
    style=st.sampled_from(STYLES),
    et_al_min=st.one_of(st.none(), st.integers(2, 6)),
    suffix_order=st.sampled_from([None, "title", "date"]),
)


@settings(max_examples=60, deadline=None)
@given(pair=documents(), config=configs)
def test_check_texts_properties(pair: tuple[str, str], config: Config) -> None:
    _expect_properties(*pair, config)


@settings(max_examples=30, deadline=None)
@given(article=articles, bib=bibs)
def test_check_texts_properties_unrelated_inputs(article: str, bib: str) -> None:
    _expect_properties(article, bib, Config())


@pytest.mark.slow
@settings(max_examples=1000, deadline=None)
@given(pair=documents(), config=configs)
def test_check_texts_properties_many(pair: tuple[str, str], config: Config) -> None:
    _expect_properties(*pair, config)


@settings(max_examples=40, deadline=None)
@given(article=st.text(), bib=st.text())
def test_check_texts_on_plain_random_text(article: str, bib: str) -> None:
    _expect_properties(article, bib, Config())


# ---------------------------------------------------------------- the CLI on random files


file_pairs = st.one_of(
    documents().map(lambda pair: (pair[0].encode("utf-8"), pair[1].encode("utf-8"))),
    documents().map(lambda pair: (pair[0].encode("cp1252", "replace"), pair[1].encode("utf-8"))),
    st.tuples(st.binary(max_size=200), bibs.map(lambda text: text.encode("utf-8"))),
    st.tuples(articles.map(lambda text: text.encode("utf-8")), st.binary(max_size=200)),
)


@pytest.fixture(scope="module")
def cli_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli-properties")


def _run_cli(folder: Path, article: bytes, bib: bytes, extra: list[str]) -> None:
    (folder / "article.txt").write_bytes(article)
    (folder / "references.bib").write_bytes(bib)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(
            [
                "check",
                str(folder / "article.txt"),
                "--bib",
                str(folder / "references.bib"),
                "--format",
                "json",
                *extra,
            ]
        )
    stdout, stderr = out.getvalue(), err.getvalue()
    assert code in (0, 1, 2)
    assert "Traceback" not in stdout and "Traceback" not in stderr
    if code == 2:
        assert stdout == ""
        assert len(stderr.splitlines()) == 1, stderr
    else:
        data = json.loads(stdout)  # stdout holds one JSON document and nothing else
        _assert_json_contract(data)
        assert code == (1 if data["summary"]["errors"] else 0)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    files=file_pairs,
    extra=st.sampled_from(
        [[], ["--no-cache"], ["--style", "chicago"], ["--select", "CP1"], ["--ignore", "CP2"]]
    ),
)
def test_cli_json_on_random_files(
    cli_folder: Path, files: tuple[bytes, bytes], extra: list[str]
) -> None:
    _run_cli(cli_folder, *files, extra)


@pytest.mark.slow
@settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(files=file_pairs, extra=st.sampled_from([[], ["--no-cache"]]))
def test_cli_json_on_random_files_many(
    cli_folder: Path, files: tuple[bytes, bytes], extra: list[str]
) -> None:
    _run_cli(cli_folder, *files, extra)
