"""Hypothesis strategies for hostile articles, bibs and configs: the fuzzer's inputs.

Each strategy builds bytes, because users hand us files, not strings: the same text may
arrive as UTF-8, UTF-8 with a BOM, UTF-16 with a BOM or Latin-1, with LF, CRLF or CR line
ends, and with NUL, control and bidi characters. The pieces are chosen for structure, not
for volume: every shape of author-year citation, every shape of typed reference-list item
(APA, Chicago, Harvard, repeated-author dashes, items missing author, year or title) and
BibTeX's awkward corners (braces, `@string`/`@preamble`/`@comment`, `#` joins, `crossref`
and `xdata` loops, name lists with `and`/`others`/braces/commas). `bench/fuzz.py` reuses
the constant tables (HOSTILE_*) for its file mutations.
"""

from __future__ import annotations

from hypothesis import strategies as st

SURNAMES = [
    "Smith",
    "Lau",
    "Orbán",
    "van der Berg",
    "O’Neil",
    "López-Ibáñez",
    "World Health Organization",
    "Ng",
    "Ştefan",
    "al-Farsi",
    "De la Cruz",
    "ÆSIR",
    "Ⅻ",
    "İnce",
]
YEARS = ["2020", "2020a", "2020b", "2024c", "n.d.", "in press", "2019–2020", "20201", "0000"]

#: Characters that break naive text handling: controls, bidi overrides, joiners, BOMs,
#: NUL, surrogate-free astral characters, combining marks, line and paragraph separators.
HOSTILE_CHARS = [
    "\x00",
    "\x01",
    "\x07",
    "\x0b",
    "\x0c",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u200b",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202e",
    "\u2066",
    "\u2069",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\ufffd",
    "\u0301",
    "\u0308\u0308\u0308",
    "\U0001f642",
    "\U000e0041",
    "\u00a0",
    "\u2014",
    "\u2013",
    "\u2e3a",
    "\t",
    "\r",
    "\r\n",
    "\n\n",
]

#: Typed reference-list items of every shape the parser may meet (one line each).
HOSTILE_ITEMS = [
    "Smith, A. (2020). On things. J, 1, 1–2.",
    "Smith, Ann. 2020. “On Things.” J 1: 1–2.",
    "Smith, A. 2020a. On things. Press.",
    "———. 2019. Another. Press.",
    "———. 2019a. Another.",
    "——. n.d. “Untitled.”",
    "—2024b.",
    "—O. 2024c",
    "— “In race for top jobs.” POLITICO. March 04, 2024b.",
    "———, and B. Jones. 2020b. Joint.",
    "Smith, A., & Jones, B. (2020, March 4). T. https://example.org/(a)",
    "Smith, A., Jones, B., … Zed, Z. (2020). Many.",
    "World Health Organization. (2020). Report.",
    "(2020). No author.",
    "Smith, A. (n.d.). Undated.",
    "Smith, A. (in press). Forthcoming.",
    "Smith, A. (2020).",
    "Smith, A. ().",
    "Smith, A. (2020a, 2020b). Two years.",
    ". . 2020.",
    "Smith, A. 2020. .",
    "van der Berg, J. 1999. “Quote with no end.",
    "[1] Smith, A. 2020. Numbered.",
    "1. Smith, A. (2020). Numbered.",
    "- Smith, A. (2020). Bulleted.",
    "Smith, A. (2020). Title. In: Doe, J. (eds) Book. Press, London.",
    "SMITH, A. 2020. Capitals.",
    "Smith A 2020 No punctuation",
    "et al. (2020). Only et al.",
    "&. (2020). Ampersand.",
]
HEADINGS = ["References", "Bibliography", "Works Cited", "# References", "REFERENCES", ""]

#: BibTeX constructions that stress the loader.
HOSTILE_BIB = [
    '@string{a = "x"}',
    '@string{and = " and "}',
    "@string{s1 = s0 # s0}",
    '@string{s0 = "ab"}',
    '@string{loop = loop # "x"}',
    '@preamble{"\\newcommand{\\x}{y}"}',
    "@preamble{ a # a }",
    "@comment{x}",
    "@comment{ @article{hidden, title={T}} }",
    "% comment\n",
    "@article{",
    "}",
    "{{{{",
    "}}}}",
    "@book{k,",
    "title = {unclosed",
    "@article{nokey, }",
    "@article{, title={T}}",
    '@article(k, title="T")',
    "@misc{dup, title={A}}",
    "@misc{dup, title={B}}",
    "@misc{c1, crossref = {c2}, title={C1}}",
    "@misc{c2, crossref = {c1}, title={C2}}",
    "@misc{self, crossref = {self}}",
    "@xdata{x1, xdata = {x2}}",
    "@xdata{x2, xdata = {x1}}",
    "@misc{child, xdata = {x1}, title={C}}",
    "@article{k, author = {{Unbalanced}, title = {T}}",
    "@article{k, author = a # and # b}",
    "@article{k, author = {and and and}, year = {2020}}",
    "@article{k, author = {others}, year = {2020}}",
    "@article{k, author = {, , ,}, year = {2020}}",
    "@article{k, author = {{\\relax Ch}ristoph and {van} der {Berg}, J.}}",
    "@article{k, author = {Smith, Jr., John, III}, year = {2020}}",
    "@article{k, author = {{\\'{}}}, year = {2020}}",
    "@article{k, title = {\\}, year = {2020}}",
    "@article{k, title = {$x^{2$}, year = {2020}}",
    "@article{k, month = 13, day = {99}, date = {2020-99-99}, year = {-1}}",
    "@article{k, year = {99999999999999999999}}",
    "@",
    "@@",
    "\\",
    "#",
]


def _encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-8-sig":
        return b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass")
    if encoding == "utf-16":
        return text.encode("utf-16")  # with its BOM
    if encoding == "latin-1":
        return text.encode("latin-1", "replace")
    return text.encode("utf-8", "surrogatepass")


ENCODINGS = ["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "latin-1"]
NEWLINES = ["\n", "\n", "\r\n", "\r"]


@st.composite
def encoded(draw: st.DrawFn, texts: st.SearchStrategy[str]) -> bytes:
    """A text as a file: some line ending, some encoding."""
    text = draw(texts)
    newline = draw(st.sampled_from(NEWLINES))
    if newline != "\n":
        text = text.replace("\n", newline)
    return _encode(text, draw(st.sampled_from(ENCODINGS)))


@st.composite
def citations(draw: st.DrawFn) -> str:
    """An author-year citation of some shape: parenthetical, narrative, grouped, broken."""
    names = draw(st.lists(st.sampled_from(SURNAMES), min_size=1, max_size=4))
    joiner = draw(st.sampled_from([" & ", " and ", ", ", ", & ", " "]))
    authors = joiner.join(names) + draw(st.sampled_from(["", " et al.", " et al", "’s"]))
    year = draw(st.sampled_from(YEARS))
    locator = draw(st.sampled_from(["", ", p. 4", ", pp. 3–5", ": 7", ", chap. 2"]))
    prefix = draw(st.sampled_from(["", "see ", "e.g., ", "cf. "]))
    form = draw(st.integers(0, 7))
    if form == 0:
        return f"({prefix}{authors}, {year}{locator})"
    if form == 1:
        return f"{authors} ({year}{locator})"
    if form == 2:
        more = draw(st.sampled_from(SURNAMES))
        return f"({prefix}{authors}, {year}; {more}, {draw(st.sampled_from(YEARS))})"
    if form == 3:
        return f"({authors} {year}"
    if form == 4:
        return f"[{authors}; {year}]"
    if form == 5:
        return f"({authors}, {year}, {draw(st.sampled_from(YEARS))})"
    if form == 6:
        return f"{authors} ({year}, {draw(st.sampled_from(YEARS))})"
    return f"({authors}; {year})"


body_pieces = st.one_of(
    citations(),
    citations(),
    st.sampled_from(HOSTILE_CHARS),
    st.sampled_from(SURNAMES),
    st.sampled_from(YEARS),
    st.text(max_size=20),
    st.sampled_from([" ", ". ", "\n", "\n\n", "(", ")", ";", "&", "[Source: Reuters]"]),
)
long_lines = st.builds(
    lambda piece, count: piece * count,
    st.sampled_from(["(Smith, 2020) ", "a", "(", "Smith & ", "—", "\u0301"]),
    st.integers(1_000, 20_000),
)


@st.composite
def typed_lists(draw: st.DrawFn) -> str:
    """A reference list typed at the article's end: a heading and items of every shape."""
    heading = draw(st.sampled_from(HEADINGS))
    items = draw(
        st.lists(
            st.one_of(
                st.sampled_from(HOSTILE_ITEMS),
                st.builds(
                    lambda item, char: item + char,
                    st.sampled_from(HOSTILE_ITEMS),
                    st.sampled_from(HOSTILE_CHARS),
                ),
            ),
            max_size=12,
        )
    )
    gap = draw(st.sampled_from(["\n\n", "\n"]))
    return (heading + "\n\n" if heading else "") + gap.join(items) + "\n"


@st.composite
def article_texts(draw: st.DrawFn) -> str:
    """A body of text with citations and hostile characters, often ending in a typed list."""
    body = "".join(draw(st.lists(body_pieces, max_size=30)))
    if draw(st.integers(0, 9)) == 0:
        body += draw(long_lines)
    if draw(st.booleans()):
        body += "\n\n" + draw(typed_lists())
    return body


@st.composite
def entries(draw: st.DrawFn) -> str:
    """A BibTeX entry, often valid, with names, years and values of awkward shapes."""
    key = draw(st.sampled_from(["smith2020", "lau2024a", "k", "dup", "c1", "x1", "a:b-c_d"]))
    kind = draw(st.sampled_from(["article", "book", "misc", "online", "ARTICLE", "xdata"]))
    person = st.sampled_from(
        [
            "Smith, Ann",
            "Ann Smith",
            "Lau, S.",
            "Orb{\\'a}n, Viktor",
            "van der Berg, Jan",
            "{World Health Organization}",
            "{{Braced}} {Twice}",
            "Smith, Jr., John",
            "others",
            "",
            ",",
            "{",
            "and",
        ]
    )
    people = draw(st.lists(person, max_size=5))
    fields = []
    if people or draw(st.booleans()):
        joiner = draw(st.sampled_from([" and ", " AND ", " and  ", "and", " and\n"]))
        fields.append(f"author = {{{joiner.join(people)}}}")
    for name, values in (
        ("year", ["{2020}", "2020", "{2020a}", '"1999"', "{n.d.}", "{}", "a # b", "{2020"]),
        ("title", ["{Things}", "{The {NumPy} array}", '"A " # a # " b"', "{\\emph{x}}", "{}"]),
        ("crossref", ["{c1}", "{c2}", "{self}", "{missing}", "{" + key + "}"]),
        ("xdata", ["{x1}", "{x2}", "{x1, x2}"]),
        ("month", ["feb", "{March}", "13", "mar # jun"]),
        ("journal", ["{Reuters}", "{J}", "a"]),
    ):
        if draw(st.integers(0, 2)) == 0:
            fields.append(f"{name} = {draw(st.sampled_from(values))}")
    separator = draw(st.sampled_from([", ", ",\n  ", ",", ",,"]))
    close = draw(st.sampled_from(["}", "}", "}", "", "}}", ")"]))
    return f"@{kind}{{{key}, {separator.join(fields)}{close}\n"


@st.composite
def bib_texts(draw: st.DrawFn) -> str:
    """A bibliography: entries mixed with hostile constructions and characters."""
    parts = draw(
        st.lists(
            st.one_of(
                entries(),
                entries(),
                st.sampled_from(HOSTILE_BIB),
                st.sampled_from(HOSTILE_CHARS),
                st.text(max_size=20),
            ),
            max_size=14,
        )
    )
    return "\n".join(parts)


CONFIG_PIECES = [
    "",
    "[tool.citeproof]\n",
    'style = "apa"\n',
    'style = "vancouver"\n',
    "style = 3\n",
    "et_al_min = -1\n",
    "et_al_min = 0\n",
    'et_al_min = "three"\n',
    "et-al-min = 99999999999999999999\n",
    "et-al-min = -3\n",
    'et-al-min = "x"\n',
    "et-al-min = 2.5\n",
    'cache = "no"\n',
    "cache-dir = 5\n",
    "online = 5\n",
    "select = {a = 1}\n",
    "article = 7\n",
    'select = ["CP1"]\n',
    'select = "CP1"\n',
    "select = [1, 2]\n",
    'ignore = ["CP", ""]\n',
    'suffix_order = "random"\n',
    "articles = 5\n",
    'articles = ["missing.txt"]\n',
    'bib = ["a", "b"]\n',
    'bib = "/dev/null"\n',
    "unknown_key = true\n",
    "[citeproof]\n",
    "[[tool.citeproof]]\n",
    "= broken\n",
    'style = "apa\n',
    "\x00\n",
    "[tool.citeproof.online]\ntimeout = -5\n",
]
configs = st.lists(st.sampled_from(CONFIG_PIECES), max_size=6).map("".join)


@st.composite
def cases(draw: st.DrawFn) -> tuple[bytes, bytes | None, bytes | None]:
    """An (article, bib or None, config or None) triple of files as bytes."""
    article = draw(encoded(article_texts()))
    bib = draw(st.one_of(st.none(), encoded(bib_texts())))
    config = draw(st.one_of(st.none(), st.none(), st.none(), encoded(configs)))
    return article, bib, config
