"""A seeded generator of manuscripts + bibs whose truth is known by construction (issue #12).

`generate(seed, style=..., errors=...)` builds a BibTeX file (authors from many languages,
particles, hyphenated names, corporate authors, 1–8 authors, n.d. / in press / forthcoming,
republished works, lettered same-author-same-year works) and a manuscript in one citation
style citing every entry in the forms that style's manual lists, laid out in one of several
ways (wrapped at ~72 columns, one paragraph per line, CRLF, Markdown). It records the exact
span and key(s) of every citation and, when `errors` is true, injects one finding of every
CP1xx code, CP201 and CP301 at a recorded place. `evaluate` runs the check through the public
API and compares.

Everything is derived from `random.Random(seed)` and the pools in `pools.toml`, so a seed
always gives the same case; the truth is never read back from the checker.
"""

from __future__ import annotations

import random
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

STYLES = ("apa", "chicago", "harvard")
LAYOUTS = ("wrapped", "lines", "crlf", "markdown")

#: Form classes a manuscript can use. "core" (parenthetical, narrative, 1–8 authors, et al.,
#: groups with ";", prefixes) is always on; the others can be switched off one by one, so a
#: failing class can be measured on its own.
FORMS = (
    "three_authors",
    "locator",
    "possessive",
    "possessive_etal",
    "and_colleagues",
    "letters",
    "letters_short",
    "letters_unpinned",
    "corporate",
    "corporate_abbr",
    "particle",
    "curly_particle",
    "nodate",
    "inpress",
    "republished",
    "emphasis",
)
#: Injected error classes (code + variant).
ERRORS = (
    "CP101",
    "CP102",
    "CP103",
    "CP104",
    "CP105-coauthor",
    "CP105-etal",
    "CP106-shortyear",
    "CP106-nocomma-shortyear",
    "CP106-period",
    "CP106-double-period",
    "CP106-empty-year",
    "CP106-unbalanced",
    "CP106-semicolon",
    "CP107",
    "CP201",
    "CP301-swap",
    "CP301-drop",
    "CP301-double",
    "CP301-edit",
    "CP301-lookalike",
    "CP301-diacritics",
)
TRAPS = ("traps",)


@cache
def pools() -> dict:
    """The invented name and sentence pools."""
    return tomllib.loads((Path(__file__).with_name("pools.toml")).read_text("utf-8"))


# --------------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Person:
    given: str
    family: str
    particle: str = ""

    @property
    def cited(self) -> str:
        """The surname as cited in running text (particle kept lower-case, mid-sentence)."""
        if not self.particle:
            return self.family
        joiner = "" if self.particle.endswith(("'", "’", "-")) else " "
        return f"{self.particle}{joiner}{self.family}"

    @property
    def bibtex(self) -> str:
        if self.particle:
            joiner = "" if self.particle.endswith(("'", "’", "-")) else " "
            return f"{{{self.particle}{joiner}{self.family}}}, {self.given}"
        return (
            f"{{{self.family}}}, {self.given}"
            if " " in self.family
            else (f"{self.family}, {self.given}")
        )


@dataclass(frozen=True)
class Corporate:
    name: str
    short: str = ""
    braces: str = "double"

    @property
    def cited(self) -> str:
        return self.name

    @property
    def bibtex(self) -> str:
        return f"{{{self.name}}}" if self.braces == "double" else self.name


@dataclass
class Work:
    key: str
    authors: list
    year: str  # "2019", "n.d.", "in press", "forthcoming"
    title: str
    letter: str = ""
    orig: str = ""  # original year of a republished work
    kind: str = "article"
    pubstate: bool = False
    month: str = ""
    pinned: bool = True  # the letter is written in the bib's year field

    @property
    def corporate(self) -> bool:
        return isinstance(self.authors[0], Corporate)


@dataclass(frozen=True)
class TruthCitation:
    """One cited work (or a letter-collapsed run "2020a, b") at a span of the article."""

    start: int
    end: int
    keys: tuple[str, ...]
    form: str


@dataclass(frozen=True)
class Expected:
    """A finding the check must report: its code, where (span in the article) or which key."""

    code: str
    start: int
    end: int
    keys: tuple[str, ...] = ()
    variant: str = ""
    example: str = ""


@dataclass
class Case:
    seed: int
    style: str
    layout: str
    article: str
    bib: str
    article_path: str
    citations: tuple[TruthCitation, ...]
    expected: tuple[Expected, ...]
    forms: tuple[str, ...]
    errors: tuple[str, ...]


# --------------------------------------------------------------------------------- helpers


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _distance(a: str, b: str) -> int:
    """Damerau–Levenshtein (optimal string alignment) distance."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def far_apart(names: Iterable[str], minimum: int = 3) -> bool:
    """True when no two names are within `minimum - 1` edits (diacritics and case folded)."""
    folded = [_fold(n) for n in names]
    return all(_distance(a, b) >= minimum for i, a in enumerate(folded) for b in folded[i + 1 :])


class Builder:
    """Appends text while recording spans of what is placed into it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, text: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start, self.length

    def text(self) -> str:
        return "".join(self.parts)


# ------------------------------------------------------------------------- citation forms


def _and(style: str) -> str:
    return "&" if style == "apa" else "and"


def _names(work: Work, style: str, *, narrative: bool, full: bool = False) -> str:
    """The author part of a citation in the given style (et al. by the style's threshold)."""
    names = [a.cited for a in work.authors]
    if len(names) == 1:
        return names[0]
    threshold = 3 if style == "apa" else 4
    if len(names) >= threshold and not full:
        return f"{names[0]} et al."
    joiner = "and" if narrative else _and(style)
    if len(names) == 2:
        return f"{names[0]} {joiner} {names[1]}"
    # Chicago: "A, B, and C"; Harvard (Cite Them Right): "A, B and C".
    serial = "," if style in ("chicago", "apa") else ""
    return f"{', '.join(names[:-1])}{serial} {joiner} {names[-1]}"


def _year(work: Work, style: str) -> str:
    if work.orig:
        if style == "chicago":
            return f"[{work.orig}] {work.year}"
        return f"{work.orig}/{work.year}"
    return work.year + work.letter


def _sep(style: str) -> str:
    """Between the author part and the year inside parentheses."""
    return " " if style == "chicago" else ", "


def _locator(rng: random.Random, style: str) -> str:
    kind = rng.choice(["p", "pp", "chap"])
    page = rng.randint(3, 240)
    if style == "chicago":
        return {"p": f"{page}", "pp": f"{page}–{page + 3}", "chap": f"chap. {rng.randint(1, 12)}"}[
            kind
        ]
    return {
        "p": f"p. {page}",
        "pp": f"pp. {page}–{page + 3}",
        "chap": f"chap. {rng.randint(1, 12)}",
    }[kind]


# ------------------------------------------------------------------------------ the bib


def _sort_title(title: str) -> str:
    """A title as reference lists alphabetise it: a leading article does not count."""
    head, _, rest = title.partition(" ")
    return (rest if head.lower() in ("a", "an", "the") else title).lower()


def _bib_entry(work: Work) -> str:
    authors = " and ".join(a.bibtex for a in work.authors)
    fields = [f"  author = {{{authors}}}", f"  title = {{{work.title}}}"]
    if work.year == "n.d.":
        pass  # no date at all: the style writes n.d.
    elif work.year in ("in press", "forthcoming") and work.pubstate:
        # biblatex's way; BibTeX users more often type the words into the year field
        fields.append(f"  pubstate = {{{'inpress' if work.year == 'in press' else 'forthcoming'}}}")
    else:
        # a letter is pinned in the year field, as bib tools write it ("2003a"), or left to
        # the style
        fields.append(f"  year = {{{work.year}{work.letter if work.pinned else ''}}}")
    if work.month:
        fields.append(f"  month = {work.month}")
    if work.orig:
        fields.append(f"  origdate = {{{work.orig}}}")
    if work.corporate and work.authors[0].short:
        fields.append(f"  shortauthor = {{{work.authors[0].short}}}")
    if work.kind == "book":
        fields.append(f"  publisher = {{{work.title.split()[0]} Press}}")
        return "@book{" + work.key + ",\n" + ",\n".join(fields) + "\n}\n"
    fields.append("  journal = {Journal of Hydrological Sciences}")
    return "@article{" + work.key + ",\n" + ",\n".join(fields) + "\n}\n"


def _key(work_authors: list, year: str, letter: str, used: set[str]) -> str:
    head = work_authors[0]
    base = "".join(
        c for c in _fold(head.family if isinstance(head, Person) else head.name) if c.isalpha()
    )[:12]
    year_part = "".join(c for c in year if c.isalnum())
    key = f"{base}{year_part}{letter}"
    n = 2
    while key in used:
        key = f"{base}{year_part}{letter}x{n}"
        n += 1
    used.add(key)
    return key


# --------------------------------------------------------------------------- generation


def generate(
    seed: int,
    *,
    style: str = "apa",
    errors: bool | Iterable[str] = False,
    forms: Iterable[str] | None = None,
    layout: str | None = None,
    traps: bool = True,
) -> Case:
    """Build one manuscript + bib for `seed` in `style`, with truth known by construction.

    `errors`: False (clean), True (one of every class in ERRORS) or an iterable of classes.
    `forms`: the optional form classes to use (default: all of FORMS; "core" is always on).
    `layout`: one of LAYOUTS (default: chosen by the seed).
    """
    rng = random.Random(f"{seed}:{style}")
    data = pools()
    forms = tuple(FORMS if forms is None else forms)
    error_set = tuple(ERRORS if errors is True else (() if errors is False else errors))
    layout = layout or rng.choice(LAYOUTS)
    if "emphasis" in forms and layout != "markdown":
        # Emphasis is Markdown markup; in plain text the asterisks would be literal.
        forms = tuple(f for f in forms if f != "emphasis")

    # --- pick authors: far apart from each other, from the absent pool and the prose people.
    people_pool = [Person(g, s) for g, s in data["people"]]
    absent = list(data["absent"])
    plain = [Person(g, f, p) for g, f, p in data["authors"] if not p]
    particled = [Person(g, f, p) for g, f, p in data["authors"] if p]
    if "particle" not in forms:
        particled = [p for p in particled if "’" in p.cited and "curly_particle" in forms]
    if "curly_particle" not in forms:
        particled = [p for p in particled if "’" not in p.cited]
        plain = [p for p in plain if "’" not in p.family]
    rng.shuffle(plain)
    rng.shuffle(particled)
    # names with a curly apostrophe first when that class is on, so every case has some
    candidates = sorted(particled[:3] + plain, key=lambda p: "’" not in p.cited)
    if "curly_particle" not in forms:
        candidates = particled[:3] + plain
    chosen: list[Person] = []
    taken = [p.family for p in people_pool] + absent
    for person in candidates:
        if all(_distance(_fold(person.family), _fold(t)) >= 3 for t in taken):
            chosen.append(person)
            taken.append(person.family)
        if len(chosen) >= 40:
            break
    authors = chosen
    used_keys: set[str] = set()
    works: list[Work] = []

    titles: set[str] = set()

    def title() -> str:
        """A title no other work of the case has (two works with one title are one work)."""
        while True:
            text = f"{rng.choice(data['title_heads'])} {rng.choice(data['title_tails'])}"
            if text not in titles:
                titles.add(text)
                return text

    def new_work(team: list, year: str, letter: str = "", orig: str = "", kind: str = "") -> Work:
        work = Work(
            _key(
                team,
                year if year[0].isdigit() else year.replace(".", "").replace(" ", ""),
                letter,
                used_keys,
            ),
            team,
            year,
            title(),
            letter,
            orig,
            kind or rng.choice(["article", "article", "book"]),
        )
        works.append(work)
        return work

    pool = list(reversed(authors))  # particled names first, so they are surely cited

    def team(size: int) -> list:
        picked = [pool.pop() for _ in range(min(size, len(pool)))]
        return picked

    def year() -> str:
        return str(rng.randint(1968, 2024))

    # core works: 1, 2, 3, 4–8 authors
    core = [new_work(team(n), year()) for n in (1, 1, 2, 2, 4, rng.randint(5, 8))]
    if "three_authors" in forms:
        # APA shortens three authors to "et al."; Chicago and Harvard list all three
        three = new_work(team(3), year())
    if error_set:
        # two single-author works by plain names carry the injected citation errors, so each
        # code is measured apart from particle handling (particles have their own classes)
        bare = [a for a in pool if not a.particle and "'" not in a.cited and "’" not in a.cited]
        for person in bare[-2:]:
            pool.remove(person)
            core.append(new_work([person], year()))
    extra: dict[str, list[Work]] = {}
    if (
        "letters" in forms
        or "letters_short" in forms
        or "CP102" in error_set
        or "CP107" in error_set
    ):
        solo = team(1)
        y = year()
        extra["letters"] = [new_work(solo, y, letter) for letter in "ab"]
    if "letters_unpinned" in forms:
        # Same author, same year, letters not in the bib: the style letters them (APA and
        # Harvard by title, Chicago by date). Title order and date order disagree here, so
        # the letters the manuscript uses depend on its style.
        solo = team(1)
        y = year()
        pair = [new_work(solo, y), new_work(solo, y)]
        by_title = sorted(pair, key=lambda w: _sort_title(w.title))
        by_title[0].month, by_title[1].month = "oct", "mar"
        order = sorted(pair, key=lambda w: w.month == "oct") if style == "chicago" else by_title
        for letter, work in zip("ab", order, strict=True):
            work.letter = letter
            work.pinned = False
        extra["letters_unpinned"] = order
    if "corporate" in forms:
        plain_corps = [Corporate(n, "", b) for n, s, b in data["corporate"] if not s]
        extra["corporate"] = [new_work([c], year()) for c in rng.sample(plain_corps, 2)]
    if "corporate_abbr" in forms:
        abbr = [Corporate(n, s, b) for n, s, b in data["corporate"] if s]
        extra["corporate_abbr"] = [new_work([rng.choice(abbr)], year())]
    if "nodate" in forms:
        extra["nodate"] = [new_work(team(1), "n.d.")]
    if "inpress" in forms:
        extra["inpress"] = [new_work(team(1), rng.choice(["in press", "forthcoming"]))]
        extra["inpress"][0].pubstate = rng.random() < 0.5
    if "republished" in forms:
        original = str(rng.randint(1750, 1900))
        extra["republished"] = [
            new_work(team(1), str(rng.randint(1960, 2020)), orig=original, kind="book")
        ]
    if "CP201" in error_set:
        extra["uncited"] = [new_work(team(1), year())]
    if "CP105-coauthor" in error_set:
        extra["coauthor"] = [new_work(team(2), year())]

    # --- the manuscript
    out = Builder()
    citations: list[TruthCitation] = []
    expected: list[Expected] = []
    md = layout == "markdown"
    if md:
        out.add("# Water, records and institutions\n\n")
    else:
        out.add("Water, records and institutions\n\n")

    def sentence_with(
        template: str, slot: str, pieces: list[tuple[str, tuple | None, str]]
    ) -> None:
        """Write a template whose slot is filled by pieces: (text, keys or None, form)."""
        before, after = template.split(slot)
        out.add(before)
        for text, keys, form in pieces:
            start, end = out.add(text)
            if keys is not None:
                citations.append(TruthCitation(start, end, tuple(keys), form))
        out.add(after + " ")

    def paren(items: list[tuple[str, tuple | None, str]], prefix: str = "") -> list:
        """Pieces of a parenthetical group: '(' prefix item; item ')'."""
        pieces: list = [("(" + prefix, None, "")]
        for i, item in enumerate(items):
            if i:
                pieces.append(("; ", None, ""))
            pieces.append(item)
        pieces.append((")", None, ""))
        return pieces

    def tagged(work: Work, form: str) -> str:
        """Core citations of a name with a particle or apostrophe count as those classes."""
        if form in ("parenthetical", "narrative"):
            people = [a for a in work.authors if isinstance(a, Person)]
            if any("’" in a.cited for a in people):
                return "curly_particle"
            if any(a.particle or "'" in a.cited for a in people):
                return "particle"
        return form

    def plain(works: list[Work], need: int = 1) -> list[Work]:
        """Works without particles or apostrophes (those names have their own classes)."""
        found = [w for w in works if tagged(w, "narrative") == "narrative"]
        return found if len(found) >= need else works

    def p_item(
        work: Work, form: str = "parenthetical", locator: str = "", names: str | None = None
    ) -> tuple:
        form = tagged(work, form)
        text = f"{names or _names(work, style, narrative=False)}{_sep(style)}{_year(work, style)}"
        if locator:
            text += f", {locator}"
        return (text, (work.key,), form)

    def n_item(
        work: Work, form: str = "narrative", names: str | None = None, possessive: bool = False
    ) -> tuple:
        form = tagged(work, form)
        who = names or _names(work, style, narrative=True)
        if possessive:
            who += "’s" if rng.random() < 0.5 else "'s"
        return (f"{who} ({_year(work, style)})", (work.key,), form)

    def para_end() -> None:
        out.parts[-1] = out.parts[-1].rstrip(" ")
        out.length = sum(len(p) for p in out.parts)
        out.add("\n\n")

    paren_t = list(data["parenthetical"])
    narr_t = list(data["narrative"])

    def pt() -> str:
        return rng.choice(paren_t)

    def nt() -> str:
        return rng.choice(narr_t)

    # core: each core work cited parenthetically and narratively; a group with a prefix
    for work in core:
        sentence_with(pt(), "{p}", paren([p_item(work)]))
        sentence_with(nt(), "{n}", [n_item(work)])
    if "three_authors" in forms:
        sentence_with(pt(), "{p}", paren([p_item(three, "three_authors")]))
        sentence_with(nt(), "{n}", [n_item(three, "three_authors")])
    para_end()
    group = rng.sample(plain(core, 2), 2)
    prefix = rng.choice(["see ", "e.g., ", "see also "])
    sentence_with(pt(), "{p}", paren([p_item(w) for w in group], prefix=prefix))
    if "locator" in forms:
        sentence_with(
            pt(), "{p}", paren([p_item(rng.choice(plain(core)), "locator", _locator(rng, style))])
        )
    if "possessive" in forms:
        # a plain surname: particles have their own classes
        few = plain([w for w in core if len(w.authors) <= 2])
        sentence_with(
            rng.choice(data["possessive"]),
            "{n}",
            [n_item(rng.choice(few), "possessive", possessive=True)],
        )
    if "possessive_etal" in forms:
        many = plain([w for w in core if len(w.authors) >= 4])
        sentence_with(
            rng.choice(data["possessive"]),
            "{n}",
            [n_item(many[0], "possessive_etal", possessive=True)],
        )
    if "and_colleagues" in forms:
        many = plain([w for w in core if len(w.authors) >= 4])
        work = rng.choice(many)
        words = rng.choice(["and colleagues", "and co-workers"])
        sentence_with(
            nt(), "{n}", [n_item(work, "and_colleagues", names=f"{work.authors[0].cited} {words}")]
        )
    if "emphasis" in forms:
        many = plain([w for w in core if len(w.authors) >= 4])
        work = many[0]
        em = f"{work.authors[0].cited} *et al.*"
        sentence_with(pt(), "{p}", paren([p_item(work, "emphasis", names=em)]))
        sentence_with(nt(), "{n}", [n_item(work, "emphasis", names=em)])
    para_end()
    if "letters" in extra:
        # cited even when the class is off: they exist for CP102/CP107 and must not be CP201
        for w in extra["letters"]:
            form = "letters" if "letters" in forms else "parenthetical"
            sentence_with(pt(), "{p}", paren([p_item(w, form)]))
    if "letters_unpinned" in forms:
        for w in extra["letters_unpinned"]:
            sentence_with(pt(), "{p}", paren([p_item(w, "letters_unpinned")]))
            sentence_with(nt(), "{n}", [n_item(w, "letters_unpinned")])
    if "letters_short" in forms:
        a, b = extra["letters"]
        text = f"{a.authors[0].cited}{_sep(style)}{a.year}{a.letter}, {b.letter}"
        sentence_with(pt(), "{p}", paren([(text, (a.key, b.key), "letters_short")]))
    if "corporate" in forms:
        for w in extra["corporate"]:
            sentence_with(pt(), "{p}", paren([p_item(w, "corporate")]))
            sentence_with(nt(), "{n}", [n_item(w, "corporate")])
    if "corporate_abbr" in forms:
        w = extra["corporate_abbr"][0]
        corp = w.authors[0]
        sentence_with(
            pt(), "{p}", paren([p_item(w, "corporate_abbr", names=f"{corp.name} [{corp.short}]")])
        )
        sentence_with(pt(), "{p}", paren([p_item(w, "corporate_abbr", names=corp.short)]))
        sentence_with(nt(), "{n}", [n_item(w, "corporate_abbr", names=corp.short)])
    for form in ("nodate", "inpress", "republished"):
        if form in forms:
            w = extra[form][0]
            sentence_with(pt(), "{p}", paren([p_item(w, form)]))
            sentence_with(nt(), "{n}", [n_item(w, form)])
    para_end()

    # prose about people, mentioned consistently
    cp301 = [e for e in error_set if e.startswith("CP301")]
    # one person per misspelling class, so misspellings never compete for one name; the
    # diacritics class needs a name that has diacritics to lose
    accented = [p for p in people_pool if _fold(p.family) != p.family.lower()]
    rng.shuffle(accented)
    unaccented = [p for p in people_pool if p not in accented]
    rng.shuffle(unaccented)
    targets: dict[str, Person] = {}
    for err in cp301:
        targets[err] = (accented if err == "CP301-diacritics" else unaccented).pop()
    mentioned = list(targets.values()) + unaccented[:2] + accented[:1]
    rng.shuffle(mentioned)
    for person in mentioned:
        out.add(
            rng.choice(data["person_first"]).replace("{person}", f"{person.given} {person.family}")
            + " "
        )
        for template in rng.sample(data["person_again"], 4):
            out.add(template.replace("{surname}", person.family) + " ")
        para_end()
    if traps:
        # capitalised common words one edit apart are words, not a misspelt name
        for pair in rng.sample(data["common_traps"], 2):
            out.add(" ".join(pair) + " ")
        para_end()
        if md:
            # code is never prose: a near-miss of a person's name inside a fenced block
            person = mentioned[-1]
            near = person.family[:2] + person.family[3:]
            out.add(f'```\nrecords <- read_gauges("{near}")  # {near} notebooks\n```\n\n')
        for pair in rng.sample(data["traps"], 2):
            for given, family in pair:
                out.add(
                    rng.choice(data["person_first"]).replace("{person}", f"{given} {family}") + " "
                )
                for template in rng.sample(data["person_again"], 2):
                    out.add(template.replace("{surname}", family) + " ")
            para_end()

    # --- injected errors, each in its own sentence, location recorded
    def inject(code: str, variant: str, pieces: list, template: str, slot: str) -> None:
        before, after = template.split(slot)
        out.add(before)
        start = out.length
        for text, _keys, _form in pieces:
            out.add(text)
        end = out.length
        example = out.text()[start:end]
        out.add(after + " ")
        expected.append(Expected(code, start, end, (), variant, example))

    # errors are injected on plain names, so each code is measured apart from particle handling
    singles = plain([w for w in core if len(w.authors) == 1], 2)
    singles = [w for w in singles if tagged(w, "narrative") == "narrative"] or singles
    for err in error_set:
        code = err.partition("-")[0]
        if code == "CP101":
            fake = rng.choice(absent)
            inject(code, err, paren([(f"{fake}{_sep(style)}{year()}", None, "")]), pt(), "{p}")
        elif code == "CP102":
            w = extra["letters"][0]
            inject(
                code,
                err,
                paren([(f"{w.authors[0].cited}{_sep(style)}{w.year}", None, "")]),
                pt(),
                "{p}",
            )
        elif code == "CP103":
            w = singles[0]
            wrong = str(int(w.year) + rng.choice([-3, 2, 5]))
            inject(
                code,
                err,
                paren([(f"{w.authors[0].cited}{_sep(style)}{wrong}", None, "")]),
                pt(),
                "{p}",
            )
        elif code == "CP104":
            w = max(singles, key=lambda w: len(w.authors[0].family))
            name = w.authors[0].cited
            i = len(name) // 2
            typo = name[:i] + name[i + 1] + name[i] + name[i + 2 :]
            inject(
                code, err, paren([(f"{typo}{_sep(style)}{_year(w, style)}", None, "")]), pt(), "{p}"
            )
        elif err == "CP105-coauthor":
            w = extra["coauthor"][0]
            other = next(
                (a.cited for w2 in plain(core) for a in w2.authors[1:] if a not in w.authors),
                singles[1].authors[0].cited,
            )
            names = f"{w.authors[0].cited} {_and(style)} {other}"
            inject(
                "CP105",
                err,
                paren([(f"{names}{_sep(style)}{_year(w, style)}", None, "")]),
                pt(),
                "{p}",
            )
        elif err == "CP105-etal":
            w = [w for w in core if len(w.authors) >= 4][-1]
            inject(
                "CP105",
                err,
                paren([(f"{w.authors[0].cited}{_sep(style)}{_year(w, style)}", None, "")]),
                pt(),
                "{p}",
            )
        elif code == "CP106":
            w = singles[rng.randrange(len(singles))]
            name, y = w.authors[0].cited, w.year
            big = plain([x for x in core if len(x.authors) >= 4])[0]
            forms106 = {
                "CP106-shortyear": f"({name}, {y[:3]})",
                "CP106-nocomma-shortyear": f"({name} {y[:3]})",
                "CP106-period": f"({name}. {y})",
                "CP106-double-period": f"({big.authors[0].cited} et al.. {big.year})",
                "CP106-empty-year": f"({name}, )",
                "CP106-semicolon": f"({name}; {y})",
            }
            if err == "CP106-unbalanced":
                template = "In a later survey {n} found the same pattern in the lowland catchments."
                inject(code, err, [(f"{name} ({y}", None, "")], template, "{n}")
            else:
                inject(code, err, [(forms106[err], None, "")], pt(), "{p}")
        elif code == "CP107":
            w = extra["letters"][0]
            inject(
                code,
                err,
                paren([(f"{w.authors[0].cited}{_sep(style)}{w.year}c", None, "")]),
                pt(),
                "{p}",
            )
        elif code == "CP201":
            w = extra["uncited"][0]
            expected.append(Expected(code, -1, -1, (w.key,), err, w.key))
        elif code == "CP301":
            pass  # below, after the prose exists
    para_end()

    # CP301: one misspelt mention of a person the prose names four times consistently
    for err in cp301:
        target = targets[err]
        wrong = _misspell(target.family, err, rng)
        template = rng.choice(data["person_again"])
        before, after = template.split("{surname}")
        out.add(before)
        start, end = out.add(wrong)
        out.add(after + " ")
        expected.append(Expected("CP301", start, end, (), err, wrong))
        # one further correct mention keeps the majority clear after several misspellings
        out.add(rng.choice(data["person_again"]).replace("{surname}", target.family) + " ")
    if cp301:
        para_end()

    # CP201 entries are uncited: make sure the core citing loops above did not cite them
    text = out.text().rstrip("\n") + "\n"
    bib = "\n".join(_bib_entry(w) for w in works)
    article, citations, expected = _layout(text, layout, citations, expected, rng)
    return Case(
        seed=seed,
        style=style,
        layout=layout,
        article=article,
        bib=bib,
        article_path="article.md" if md else "article.txt",
        citations=tuple(citations),
        expected=tuple(expected),
        forms=forms,
        errors=error_set,
    )


LOOKALIKE = {
    "l": "I",
    "I": "l",
    "m": "rn",
    "O": "0",
    "o": "0",
    "e": "c",
    "c": "e",
    "i": "l",
    "u": "v",
}


def _misspell(word: str, variant: str, rng: random.Random) -> str:
    """One misspelling of `word` of the given class, never touching the first letter."""
    # inside the word only: never the first or last letter, never next to a hyphen or space
    inner = [i for i in range(1, len(word) - 1) if word[i - 1 : i + 2].isalpha()]
    if variant == "CP301-swap":
        i = rng.choice(
            [
                i
                for i in inner
                if i + 2 < len(word) and word[i + 1].isalpha() and word[i] != word[i + 1]
            ]
        )
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if variant == "CP301-drop":
        i = rng.choice(inner)
        return word[:i] + word[i + 1 :]
    if variant == "CP301-double":
        i = rng.choice([i for i in inner if word[i].isalpha()])
        return word[:i] + word[i] + word[i:]
    if variant == "CP301-edit":
        i = rng.choice([i for i in inner if word[i].isalpha()])
        vowels = "aeiou"
        swap = (
            rng.choice([v for v in vowels if v != word[i]])
            if word[i] in vowels
            else rng.choice([c for c in "tnrsk" if c != word[i]])
        )
        return word[:i] + swap + word[i + 1 :]
    if variant == "CP301-lookalike":
        spots = [i for i, c in enumerate(word) if c in "lI"]
        if spots:
            i = rng.choice(spots)
            return word[:i] + LOOKALIKE[word[i]] + word[i + 1 :]
        # Every name gets a real look-alike slip (a name with none of these letters would
        # come back unchanged and count as a miss): m/rn, o/0, e/c, i/l, u/v.
        spots = [i for i in inner if word[i] in LOOKALIKE]
        if not spots:
            raise ValueError(f"{word!r} has no letter with a look-alike")
        i = rng.choice(spots)
        return word[:i] + LOOKALIKE[word[i]] + word[i + 1 :]
    if variant == "CP301-diacritics":
        folded = "".join(
            c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)
        )
        if folded == word:
            raise ValueError(f"{word!r} has no diacritics to lose")
        return unicodedata.normalize("NFC", folded)
    raise ValueError(variant)


def _layout(
    text: str,
    layout: str,
    citations: list[TruthCitation],
    expected: list[Expected],
    rng: random.Random,
) -> tuple[str, list[TruthCitation], list[Expected]]:
    """Lay the paragraphs out; spans follow every inserted character."""
    if layout in ("lines", "markdown"):
        return text, citations, expected
    # wrapped at ~72 columns: a space becomes a newline (same length, spans unchanged)
    chars = list(text)
    column = 0
    last_space = -1
    for i, c in enumerate(chars):
        if c == "\n":
            column, last_space = 0, -1
            continue
        column += 1
        if c == " ":
            last_space = i
        if column > 72 and last_space >= 0:
            chars[last_space] = "\n"
            column = i - last_space
            last_space = -1
    wrapped = "".join(chars)
    if layout == "wrapped":
        return wrapped, citations, expected
    # CRLF: every "\n" becomes "\r\n"; an offset moves by the newlines before it
    newlines = [i for i, c in enumerate(wrapped) if c == "\n"]

    def move(offset: int) -> int:
        if offset < 0:
            return offset
        import bisect

        return offset + bisect.bisect_left(newlines, offset)

    crlf = wrapped.replace("\n", "\r\n")
    return (
        crlf,
        [TruthCitation(move(c.start), move(c.end), c.keys, c.form) for c in citations],
        [
            Expected(e.code, move(e.start), move(e.end), e.keys, e.variant, e.example)
            for e in expected
        ],
    )


# ---------------------------------------------------------------------------- evaluation


@dataclass
class Outcome:
    """How the check fared on one case."""

    case: Case
    truth: int = 0
    found: int = 0  # truth citations found with their exact key(s)
    resolutions: int = 0
    correct: int = 0  # resolutions that overlap a truth citation and carry its key(s)
    on_errors: int = 0  # resolutions on an injected error (judged by its finding instead)
    missed: list = field(default_factory=list)  # TruthCitation not found (with what was found)
    spurious: list = field(default_factory=list)  # resolutions matching no truth
    expected_hit: list = field(default_factory=list)
    expected_missed: list = field(default_factory=list)
    false_alarms: list = field(default_factory=list)  # error/warning diagnostics not expected

    @property
    def exact(self) -> bool:
        return not (self.missed or self.spurious or self.expected_missed or self.false_alarms)


def run_check(case: Case, *, name_style: bool = True):
    """Run the check on a case through the public API.

    With `name_style` false the configuration names no style, as a user who does not know
    they must say it (the check should then infer the manuscript's style).
    """
    from citeproof.api import check_texts
    from citeproof.config import Config

    config = Config(style=case.style, use_cache=False) if name_style else Config(use_cache=False)
    return check_texts(case.article, case.bib, config, article_path=case.article_path)


def evaluate(case: Case, checked=None, *, name_style: bool = True) -> Outcome:
    """Compare the check's citations and findings with the case's truth."""
    checked = checked or run_check(case, name_style=name_style)
    outcome = Outcome(case)
    document = checked.report.files[0].document
    resolutions = [r for f in checked.report.files for r in f.resolutions]
    outcome.resolutions = len(resolutions)
    outcome.truth = len(case.citations)
    error_spans = [(e.start, e.end) for e in case.expected if e.start >= 0]

    def overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
        return a0 < b1 and b0 < a1

    used = set()
    for truth in case.citations:
        hits = [
            (i, r)
            for i, r in enumerate(resolutions)
            if overlaps(r.citation.span.start, r.citation.span.end, truth.start, truth.end)
        ]
        keys = {k for _, r in hits for k in r.keys}
        statuses = {r.status.value for _, r in hits}
        if hits and keys == set(truth.keys) and statuses == {"resolved"}:
            outcome.found += 1
            for i, _ in hits:
                used.add(i)
        else:
            outcome.missed.append(
                (
                    truth,
                    case.article[truth.start : truth.end],
                    [(r.citation.text, r.status.value, r.keys) for _, r in hits],
                )
            )
            for i, r in hits:
                if r.keys and set(r.keys) <= set(truth.keys):
                    used.add(i)
    for i, r in enumerate(resolutions):
        if i in used:
            outcome.correct += 1
            continue
        s = r.citation.span
        if any(overlaps(s.start, s.end, a, b) for a, b in error_spans):
            outcome.on_errors += 1
            continue  # a citation carrying an injected error: judged by its finding
        outcome.spurious.append((r.citation.text, r.status.value, r.keys))

    def offset(diagnostic) -> int:
        line = diagnostic.start.line
        return document.line_starts[line - 1] + diagnostic.start.column - 1

    diagnostics = [
        d for d in checked.report.diagnostics if d.severity.value in ("error", "warning")
    ]
    matched: set[int] = set()
    for exp in case.expected:
        hit = None
        for i, d in enumerate(diagnostics):
            if i in matched or d.code != exp.code:
                continue
            if exp.start < 0:
                if set(exp.keys) & set(d.keys):
                    hit = i
                    break
            elif d.path == document.path and exp.start - 2 <= offset(d) <= exp.end + 1:
                hit = i
                break
        if hit is None:
            codes_here = [
                d.code
                for d in diagnostics
                if exp.start >= 0
                and d.path == document.path
                and exp.start - 2 <= offset(d) <= exp.end + 1
            ]
            outcome.expected_missed.append((exp, codes_here))
        else:
            matched.add(hit)
            outcome.expected_hit.append(exp)
    for i, d in enumerate(diagnostics):
        if i not in matched:
            outcome.false_alarms.append((d.code, d.start.line, d.start.column, d.message[:160]))
    return outcome
