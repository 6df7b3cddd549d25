"""CP202, CP301, CP302: one person, one spelling — across the article, its citations and the bib."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ..model import Diagnostic, Edit, Severity, Span, Status
from ..names import evidence as bib_evidence
from ..names import variants as nv
from ..names.fold import strip_marks
from .base import Example, Rule
from .context import Context, DocumentCheck


def _scan(check: DocumentCheck) -> nv.Article:
    """Scan one article; citations CP104 already reports as misspelled are not reported again."""
    citations = [(r.citation.span, r.status is Status.AUTHOR_MISSPELLED) for r in check.resolutions]
    return nv.scan_article(check.document.masked, check.reference_list, citations)


def _evidence(context: Context) -> nv.Evidence:
    entries = context.bibliography.entries if context.bibliography else ()
    return context.cached("bib.names-evidence", lambda: nv.scan_bibliography(entries))


def _keys(spelling: nv.Spelling) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*spelling.authors, *spelling.titles)))


def _listed(keys: Iterable[str], limit: int = 3) -> str:
    keys = list(keys)
    shown = ", ".join(keys[:limit])
    return shown + (f" and {len(keys) - limit} more" if len(keys) > limit else "")


def _where(spelling: nv.Spelling) -> str:
    """Say where a spelling was seen: '1× in the text, in the title of nuttall2024'."""
    places = []
    if spelling.in_article:
        places.append(f"{spelling.in_article}× in the text")
    if spelling.authors:
        places.append(f"as an author of {_listed(spelling.authors)}")
    if spelling.titles:
        places.append(f"in the title of {_listed(spelling.titles)}")
    if spelling.in_reference_list:
        places.append("in the reference list")
    return ", ".join(places)


def _why(variant: nv.Variant) -> str:
    """Explain why the preferred spelling was chosen over the written one."""
    preferred, written = variant.preferred, variant.written
    p = preferred.form
    if variant.reason is nv.Reason.BIBLIOGRAPHY:
        source = _listed(_keys(preferred)) or "the reference list"
        accents = " and keeps its diacritics" if strip_marks(p) == written.form else ""
        return f"'{p}' is the spelling the sources use ({source}){accents}"
    if variant.reason is nv.Reason.DIACRITICS:
        return f"'{p}' keeps the diacritics that '{written.form}' drops"
    if variant.reason is nv.Reason.MAJORITY:
        return f"'{p}' is the article's majority spelling"
    if variant.reason is nv.Reason.CAPITALS:
        return f"'{p}' keeps the inner capital"
    return f"neither spelling is in the sources or more frequent; '{p}' comes first"


def _message(variant: nv.Variant, noun: str) -> str:
    written = variant.written
    others = [s for s in variant.spellings if s.form != written.form]
    elsewhere = " and ".join(f"'{s.form}' ({_where(s)})" for s in others)
    count = f" ({written.in_article}× in the text)" if written.in_article > 1 else ""
    return (
        f"'{written.form}'{count} — elsewhere {elsewhere}: the same {noun} spelled another "
        f"way ({variant.difference}); {_why(variant)}"
    )


def _report(
    rule: Rule, check: DocumentCheck, variants: Iterable[nv.Variant], noun: str
) -> Iterable[Diagnostic]:
    document = check.document
    messages: dict[str, str] = {}  # every occurrence of one spelling gets the same message
    for variant in variants:
        occurrence = variant.occurrence
        preferred = variant.preferred.form
        message = messages.get(occurrence.form)
        if message is None:
            message = messages[occurrence.form] = _message(variant, noun)
        diagnostic = rule.at(
            document.path,
            document.position(occurrence.start),
            document.position(occurrence.end),
            message,
            f"write '{preferred}'",
            _keys(variant.preferred),
        )
        yield replace(
            diagnostic, edits=(Edit(Span(occurrence.start, occurrence.end), preferred, safe=False),)
        )


def _evidence_for(context: Context, article: nv.Article) -> nv.Evidence:
    """The bib's evidence the article's names can meet (`names.evidence`), or the whole of
    it when another rule has already gathered that."""
    whole = context.memo.get("bib.names-evidence")
    if whole is not None:
        return whole
    entries = context.bibliography.entries if context.bibliography else ()
    vocabulary = context.cached("names.vocabulary", lambda: bib_evidence.vocabulary(entries))
    return bib_evidence.evidence_for(vocabulary, article)


def _check_names(context: Context) -> Iterable[Diagnostic]:
    for check in context.checks:
        article = _scan(check)
        variants = nv.find_name_variants(article, _evidence_for(context, article))
        yield from _report(NAME_VARIANT, check, variants, "name")


def _check_terms(context: Context) -> Iterable[Diagnostic]:
    evidence = _evidence(context)
    for check in context.checks:
        variants = nv.find_term_variants(_scan(check), evidence)
        yield from _report(TERM_VARIANT, check, variants, "term")


def _check_authors(context: Context) -> Iterable[Diagnostic]:
    if context.bibliography is None:
        return
    # Checking an article, only spellings that reach its reference list matter: an
    # uncited entry's variant is bib hygiene, not a defect of this article.
    cited = context.cited_keys() if context.checks else None
    entries = context.bibliography.entries
    if (
        "bib.author-variants" not in context.memo
        and cited is not None
        and (len(cited) * _FEW_CITED < len(entries))
    ):
        # An article citing a small part of a large bib: only the groups of its authors are
        # worked out (the same variants as the whole bib's, for those entries).
        variants = context.cached(
            "author-variants.cited", lambda: nv.find_author_variants(entries, cited)
        )
    else:
        variants = context.cached("bib.author-variants", lambda: nv.find_author_variants(entries))
    for variant in variants:
        entry = variant.entry
        if cited is not None and entry.key not in cited:
            continue
        start, end = context.bib_line_span(entry.line)
        verb = "has" if len(variant.elsewhere) == 1 else "have"
        message = (
            f"{entry.key} writes the author '{variant.written}', but "
            f"{_listed(variant.elsewhere)} {verb} '{variant.suggested}' "
            f"({variant.difference})"
        )
        yield AUTHOR_VARIANT.at(
            context.bibliography.path,
            start,
            end,
            message,
            _author_fix(variant),
            (entry.key, *variant.elsewhere),
        )


#: Below one cited entry in this many, CP202 follows the cited authors' groups instead of
#: working out (and storing, for later runs) every group of the bib: following groups costs
#: a little more per person, so it pays only when it skips most of them.
_FEW_CITED = 4


def _author_fix(variant: nv.AuthorVariant) -> str:
    """Suggest the spelling the other entries use; unless only diacritics differ (the bare
    form is the usual loss), the bib cannot prove which is right, so say so."""
    written, suggested = str(variant.written), str(variant.suggested)
    if strip_marks(written) == strip_marks(suggested):
        return f"write '{suggested}'"
    others = len(variant.elsewhere)
    return (
        f"write '{suggested}' as {others} other entr{'y does' if others == 1 else 'ies do'}, "
        f"or correct {'it' if others == 1 else 'them'} if '{written}' is right"
    )


def _bib(*entries: str) -> str:
    return "\n".join(entries)


_NUTTALL = (
    "@article{nuttall2024, author = {Nuttall, Clare}, year = {2024}, title = {BUCHAREST "
    "BLOG: Can Romania's Klaus Iohannis take the Nato helm?}}"
)
_LAU = (
    "@article{lau2024a, author = {Lau, Stuart}, year = {2024}, title = {Stroking the ego: "
    "Hungary's Orb{\\'a}n gives his nod to Sweden's NATO bid}}"
)
_NOS = (
    "@article{nos2024, author = {{NOS}}, year = {2024}, "
    "title = {Turkije is om: Rutte mag van Ankara NAVO-chef worden}}"
)
_NAZAR = (
    "@article{nazar2024, author = {Nazar, Mitra}, year = {2024}, "
    "title = {Rutte bezoekt Erdogan in de hoop op steun voor NAVO-baan}}"
)
_PLAIN = "@book{doe2020, author = {Doe, Jane}, title = {A book}, year = {2020}}"

AUTHOR_VARIANT = Rule(
    "CP202",
    "author-variant",
    Severity.WARNING,
    "The same author is spelled differently across bib entries (initials are not a variant).",
    _check_authors,
    (
        Example(
            "As shown (Lau, 2024a; Lau, 2024b).",
            _bib(
                "@article{lau2024a, author = {Lau, Stuart}, title = {One}, year = {2024a}}",
                "@article{lau2024b, author = {Lau, Stewart}, title = {Two}, year = {2024b}}",
            ),
            fires=True,
        ),
        Example(
            "As shown (Lüdecke, 2020; Ludecke, 2021).",
            _bib(
                '@article{l1, author = {L{\\"u}decke, Daniel}, title = {One}, year = {2020}}',
                "@article{l2, author = {Ludecke, Daniel}, title = {Two}, year = {2021}}",
            ),
            fires=True,
        ),
        Example(
            "As shown (Lawry Aguila et al., 2023; Aguila et al., 2023).",
            _bib(
                "@article{a1, author = {Lawry Aguila, Ana and Chapman, J}, title = {A}, year = 2023}",  # noqa: E501
                "@article{a2, author = {Aguila, Ana Lawry and Altmann, A}, title = {B}, year = 2023}",  # noqa: E501
            ),
            fires=True,
        ),
        Example(
            "As shown (Almgren et al., 2010; Almgren et al., 2013).",
            _bib(
                "@article{a2010, author = {Almgren, A. S. and Bell, J. B.}, title = {A}, year = 2010}",  # noqa: E501
                "@article{a2013, author = {Almgren, Ann S. and Bell, John B.}, title = {B},"
                " year = 2013}",
            ),
            fires=False,
        ),
        Example(
            "As shown (Zhang, 2020; Zhang, 2021).",
            _bib(
                "@article{z1, author = {Zhang, Wei}, title = {One}, year = {2020}}",
                "@article{z2, author = {Zhang, Wen}, title = {Two}, year = {2021}}",
            ),
            fires=False,
        ),
        Example(
            "As shown (Petrov, 2020; Petrova, 2021).",
            _bib(
                "@article{p1, author = {Petrov, Ivan}, title = {One}, year = {2020}}",
                "@article{p2, author = {Petrova, Ivana}, title = {Two}, year = {2021}}",
            ),
            fires=False,
        ),
    ),
)

NAME_VARIANT = Rule(
    "CP301",
    "name-variant",
    Severity.WARNING,
    "A name in the text is spelled differently from its other uses or its sources "
    "(Iohannes/Iohannis, Orban/Orbán).",
    _check_names,
    (
        # Small edit, corroborated by the same given name: Klaus Iohannes / Klaus Iohannis.
        Example(
            "His rival is Klaus Iohannes, the president (Nuttall, 2024).", _NUTTALL, fires=True
        ),
        # OCR / typing confusion I/l.
        Example("Then Lohannis announced his bid (Nuttall, 2024).", _NUTTALL, fires=True),
        # OCR confusion rn/m against an author name.
        Example(
            "As Bemstein showed, and as confirmed later (Bernstein, 2020).",
            "@book{b, author = {Bernstein, Basil}, title = {Class}, year = {2020}}",
            fires=True,
        ),
        # OCR confusion 0/O.
        Example("The premier, Viktor 0rbán, objected (Lau, 2024).", _LAU, fires=True),
        # A dropped diacritic against a title.
        Example("The question is what Orban would request (Lau, 2024).", _LAU, fires=True),
        # A dropped diacritic within the text: the accented form wins.
        Example("Erdoğan spoke; later Erdoğan agreed, and then Erdogan left.", _PLAIN, fires=True),
        # Romanian comma-below ș against a cedilla ş: the majority wins.
        Example("Under Ceaușescu, and after Ceaușescu, before Ceauşescu fell.", _PLAIN, fires=True),
        # A doubled letter dropped once against a well-used spelling.
        Example(
            "We met Szijjarto, then Szijjarto again; later Szijjarto agreed but Szijarto left.",
            _PLAIN,
            fires=True,
        ),
        # A dropped letter, corroborated by the given name.
        Example(
            "Under Jens Stoltenberg the alliance grew; Jens Stotenberg left in 2024.",
            _PLAIN,
            fires=True,
        ),
        # Two letters swapped once against a well-used spelling.
        Example(
            "We asked Stoltenberg, then Stoltenberg, then Stoltenberg; finally Stoltenbreg agreed.",
            _PLAIN,
            fires=True,
        ),
        # Spacing and hyphenation of a compound name.
        Example(
            "As Berners Lee put it (Berners-Lee, 1999).",
            "@book{b, author = {Berners-Lee, Tim}, title = {Weaving the Web}, year = 1999}",
            fires=True,
        ),
        # Capitals inside a name.
        Example(
            "As Mcdonald put it (McDonald, 2020).",
            "@book{m, author = {McDonald, Ann}, title = {Names}, year = 2020}",
            fires=True,
        ),
        # Traps: each of these must stay silent.
        Example(
            "Ivan Petrov met Anna Petrova; Petrov spoke and Petrova answered.", _PLAIN, fires=False
        ),
        Example(
            "Hansen and Jansen disagree; Hansen says yes and Jansen says no.", _PLAIN, fires=False
        ),
        Example(
            "Jan Novák and Eva Nováková agree; Novák wrote and Nováková edited.",
            _PLAIN,
            fires=False,
        ),
        Example(
            "Kaja Kallas met Vijay Kalla; Kallas spoke and Kalla listened.", _PLAIN, fires=False
        ),
        Example(
            "Russia and the Russian army; Romania and Romanian troops; NATO and NATO's "
            "summit; Rutte and Rutte's bid.",
            _PLAIN,
            fires=False,
        ),
        Example(
            "As Hamer argued, the vote failed. Later, Hamer agreed, and Hamer won. "
            "Hammer blows followed.",
            _PLAIN,
            fires=False,
        ),
        Example("Rutte visited Türkiye, and Türkiye agreed (NOS, 2024).", _NOS, fires=False),
        Example("NATO agreed, and NATO's allies too (Nuttall, 2024).", _NUTTALL, fires=False),
        Example(
            "Viktor Orbán spoke, and Orbán won. The essay “Why Orban Wins” disagrees.",
            _PLAIN,
            fires=False,
        ),
        Example("Rutte met Erdogan in Ankara (Nazar, 2024).", _NAZAR, fires=False),
        Example("The president Klaus Iohannis spoke (Nuttall, 2024).", _NUTTALL, fires=False),
    ),
)

TERM_VARIANT = Rule(
    "CP302",
    "term-variant",
    Severity.INFO,
    "A term is written several ways (Secretary General / Secretary-General); off by default.",
    _check_terms,
    (
        Example(
            "A new Secretary General was named; the Secretary-General has changed.",
            _PLAIN,
            fires=True,
        ),
        Example("Send an e-mail, or an email.", _PLAIN, fires=True),
        Example(
            "A new Secretary General was named; the Secretary General has changed.",
            _PLAIN,
            fires=False,
        ),
        Example("He has build-up good relations, and will build up more.", _PLAIN, fires=False),
    ),
    default_enabled=False,
)

RULES = (AUTHOR_VARIANT, NAME_VARIANT, TERM_VARIANT)
