"""CP4xx: the reference list typed in the article, against the bib, the text and its style.

Every finding sits on the list item it is about (CP402 on the first citation of the work
the list lacks). When `check` runs on the article's own list (no bib), the list cannot
disagree with itself, so CP401, CP402 and CP406 stay quiet; the rest still apply.
Suggestions show the item as `citeproof refs` formats it, when pandoc is available.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..citations import year_letters as suffixes
from ..config import DEFAULT_STYLE, Config
from ..manuscript.reference_items import (
    TypedItem,
    TypedList,
    describe_pattern,
    fold_title,
    match,
    read,
)
from ..model import Diagnostic, Document, Entry, Severity, Span
from ..names.fold import key as name_key
from . import citeform
from .base import Example, Rule
from .context import Context, DocumentCheck


@dataclass(frozen=True, slots=True)
class _Audit:
    """One article's typed list paired with the bib: the facts every CP4xx rule uses."""

    check: DocumentCheck
    typed: TypedList
    entries: tuple[Entry, ...]
    pairs: Mapping[int, str]  # item index → entry key
    cited: frozenset[str]
    derived: bool  # the bibliography was made from this very list (check without a bib)


def _audits(context: Context) -> tuple[_Audit, ...]:
    """Pair each article's typed list with the bib, once per run for all CP4xx rules."""
    return context.cached("run.reflist-audits", lambda: tuple(_each_audit(context)))


def _each_audit(context: Context) -> Iterable[_Audit]:
    for check in context.checks:
        typed = read(check.document)
        if typed is None:
            continue
        bibliography = context.bibliography
        entries = bibliography.entries if bibliography else ()
        derived = bibliography is not None and bibliography.path == check.document.path
        cited = frozenset(k for r in check.resolutions for k in r.keys)
        if derived:
            pairs = {i: e.key for i, e in enumerate(entries) if i < len(typed.items)}
        else:
            pairs = match(typed.items, entries, prefer=cited)
        yield _Audit(check, typed, entries, pairs, cited, derived)


def _at(
    rule: Rule,
    document: Document,
    span: Span,
    message: str,
    suggestion: str | None = None,
    keys: Iterable[str] = (),
) -> Diagnostic:
    end = max(span.end, span.start)
    return rule.at(
        document.path,
        document.position(span.start),
        document.position(end),
        message,
        suggestion,
        keys,
    )


def _label(item: TypedItem, config: Config) -> str:
    """How to name an item in a message: "Lau 2024a" (authors as the style cites them)."""
    if item.names:
        total = len(item.names) + (1 if item.others else 0)
        et_al = item.others or total >= config.et_al_threshold
        authors = citeform.join([n.family for n in item.names], config, et_al=et_al)
        return f"{authors} {item.year}{item.suffix}"
    return item.text[:40]


def _short(title: str, width: int = 40) -> str:
    return title if len(title) <= width else title[: width - 1].rstrip() + "…"


def _formatted(
    context: Context, entries: Sequence[Entry], letters: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Entries as `citeproof refs` would print them in the configured style (one pandoc
    run), or nothing when pandoc or the style files are not installed."""
    if not entries or context.format_entries is None:
        return {}
    return context.format_entries(entries, letters)


def _suggest(formatted: Mapping[str, str], key: str | None, fallback: str) -> str:
    text = formatted.get(key or "")
    return f"write it as `citeproof refs` does: {text}" if text else fallback


# --------------------------------------------------------------------------- CP401–CP403


def _check_not_in_bib(context: Context) -> Iterable[Diagnostic]:
    if context.bibliography is None:
        return
    for audit in _audits(context):
        if audit.derived:
            continue
        for index, item in enumerate(audit.typed.items):
            if index not in audit.pairs:
                yield _at(
                    LISTED_NOT_IN_BIB,
                    audit.check.document,
                    item.span,
                    f"the list has {_label(item, context.config)} (“{_short(item.title)}”), "
                    "which is not in the bibliography",
                    "add an entry for it to the bib (`citeproof extract-refs` drafts "
                    "one), or remove the item if the work is not used",
                )


def _check_not_listed(context: Context) -> Iterable[Diagnostic]:
    if context.bibliography is None:
        return
    for audit in _audits(context):
        if audit.derived:
            continue
        listed = set(audit.pairs.values())
        by_key = {e.key: e for e in audit.entries}
        missing = [by_key[k] for k in sorted(audit.cited) if k in by_key and k not in listed]
        if not missing:
            continue
        formatted = _formatted(context, missing)
        for entry in missing:
            first = next((r.citation for r in audit.check.resolutions if entry.key in r.keys), None)
            span = (
                first.span
                if first is not None
                else Span(audit.typed.span.start, audit.typed.span.start)
            )
            yield _at(
                BIB_ENTRY_NOT_LISTED,
                audit.check.document,
                span,
                f"{entry.key} is cited here but the reference list has no item for it",
                _suggest(formatted, entry.key, "add it to the reference list"),
                [entry.key],
            )


def _check_not_cited(context: Context) -> Iterable[Diagnostic]:
    for audit in _audits(context):
        if not audit.check.citations:
            continue
        for index, item in enumerate(audit.typed.items):
            key = audit.pairs.get(index)
            if key is None or key in audit.cited:
                continue
            yield _at(
                LISTED_NOT_CITED,
                audit.check.document,
                item.span,
                f"{_label(item, context.config)} (“{_short(item.title)}”) is in the reference "
                "list but never cited in the text",
                "cite it where it is used, or remove it from the list",
                [key],
            )


# --------------------------------------------------------------------------- CP404


def out_of_order(previous: TypedItem, item: TypedItem) -> bool:
    """True when `item` must come before `previous` in any author-date style.

    Only what all styles agree on is judged: first authors alphabetically (a name with a
    leading particle may file under either word: "de Silva", "Walt, S. van der"); for the
    same authors, years ascending, then letters. Styles differ on co-authors, given names
    and undated works, so those never count.
    """
    before = _family_forms(previous.names[0])
    after = _family_forms(item.names[0])
    if not before or not after:
        # A name with no letter or digit left after collation ("&.", "—") has no place in
        # any alphabet, so no order can be judged against it.
        return False
    if not before & after:
        return max(after) < min(before)
    if _people(previous) != _people(item):
        return False
    if not (item.year[:1].isdigit() and previous.year[:1].isdigit()):
        return False
    if item.year != previous.year:
        return item.year < previous.year
    return bool(item.suffix and previous.suffix and item.suffix < previous.suffix)


def _people(item: TypedItem) -> list[tuple[str, str]]:
    """The author list as surnames and first initials: "the same authors" for CP404."""
    return [(_collate(n.last), _collate(n.first)[:1]) for n in item.names]


def _family_forms(name) -> set[str]:
    forms = {_collate(name.family or name.last), _collate(name.last)}
    if name.literal:
        forms.add(_collate(re.sub(r"^the\s+", "", name.last, flags=re.I)))
    return {form for form in forms if form}


def _collate(text: str) -> str:
    """Compare names as reference lists sort them: case, marks and punctuation ignored; a
    space sorts first ("de Silva" before "Delahunt")."""
    from ..names.fold import strip_marks

    kept = "".join(ch for ch in strip_marks(text).casefold() if ch.isalnum() or ch.isspace())
    return " ".join(kept.split())


def _check_order(context: Context) -> Iterable[Diagnostic]:
    for audit in _audits(context):
        items = audit.typed.items
        for index in range(1, len(items)):
            previous, item = items[index - 1], items[index]
            if not item.names or not previous.names or not out_of_order(previous, item):
                continue
            key = audit.pairs.get(index)
            yield _at(
                LIST_ORDER,
                audit.check.document,
                item.span,
                f"{_label(item, context.config)} is out of order: it belongs before "
                f"{_label(previous, context.config)} "
                "(first authors alphabetically; the same authors by year, then letter)",
                "move the item to its place, or print the list with `citeproof refs`",
                [key] if key else [],
            )


# --------------------------------------------------------------------------- CP405


def _check_style(context: Context) -> Iterable[Diagnostic]:
    for audit in _audits(context):
        items = [item for item in audit.typed.items if item.pattern]
        if len(items) < 3:
            continue
        counts: dict[tuple, int] = {}
        for item in items:
            counts[item.signature] = counts.get(item.signature, 0) + 1
        majority, most = max(counts.items(), key=lambda pair: pair[1])
        if most * 2 <= len(items):
            continue  # no pattern dominates: nothing to be inconsistent with
        odd = [
            (i, item)
            for i, item in enumerate(audit.typed.items)
            if item.pattern and item.signature != majority
        ]
        if not odd:
            continue
        by_key = {e.key: e for e in audit.entries}
        wanted = [by_key[k] for i, _ in odd if (k := audit.pairs.get(i)) in by_key]
        formatted = _formatted(context, wanted, _letters_in_use(audit))
        for index, item in odd:
            key = audit.pairs.get(index)
            yield _at(
                INCONSISTENT_STYLE,
                audit.check.document,
                item.span,
                f"{_label(item, context.config)} is typed with the "
                f"{describe_pattern(item.signature)}; "
                f"{most} of {len(items)} items use the {describe_pattern(majority)}",
                _suggest(formatted, key, "type it like the other items"),
                [key] if key else [],
            )


# --------------------------------------------------------------------------- CP406


def _differences(item: TypedItem, entry: Entry) -> list[str]:
    from rapidfuzz import fuzz

    from ..citations.resolve import normalise_year
    from ..names.fold import canonical, name_forms, same_spelling

    found: list[str] = []
    years = {normalise_year(y) for y in (entry.year, *entry.also_years)}
    if item.year[:1].isdigit() and normalise_year(item.year) not in years:
        found.append(f"year {item.year} (the bib: {entry.year})")
    for position, (typed, name) in enumerate(zip(item.names, entry.names, strict=False)):
        written = _compose(canonical(typed.family or typed.last))
        forms = {_compose(canonical(form)) for form in name_forms(name)}
        if not written or any(same_spelling(written, form) for form in forms):
            continue
        if name_key(written) in {name_key(f) for f in forms}:
            found.append(f"the name '{written}' (the bib: '{name.family}')")
        elif position == 0 and not (typed.literal or name.literal):
            # Co-authors may be cut or reordered by a style; the first author may not.
            found.append(f"the first author '{written}' (the bib: '{name.family}')")
    title, bib_title = fold_title(item.title), fold_title(entry.title)
    prefix = title.startswith(bib_title) or bib_title.startswith(title)
    if (
        title
        and bib_title
        and not prefix
        and fuzz.ratio(title, bib_title) < 90
        and fuzz.token_set_ratio(title, bib_title) < 90
    ):
        found.append(f"the title “{_short(item.title, 50)}” (the bib: “{_short(entry.title, 50)}”)")
    return found


def _compose(text: str) -> str:
    """Normalise to composed form; a dotless ı under an accent is an i (a renderer's slip)."""
    import unicodedata

    return unicodedata.normalize("NFC", re.sub(r"ı(?=[\u0300-\u036f])", "i", text))


def _check_differs(context: Context) -> Iterable[Diagnostic]:
    if context.bibliography is None:
        return
    for audit in _audits(context):
        if audit.derived:
            continue
        by_key = {e.key: e for e in audit.entries}
        # A key defined twice: the list may show either definition (pandoc uses the last).
        later = {e.key: e for e in context.bibliography.shadowed}
        found = []
        for index, item in enumerate(audit.typed.items):
            entry = by_key.get(audit.pairs.get(index, ""))
            if entry is None:
                continue
            differences = _differences(item, entry)
            if differences and entry.key in later and not _differences(item, later[entry.key]):
                continue
            if differences:
                found.append((item, entry, differences))
        if not found:
            continue
        formatted = _formatted(context, [entry for _, entry, _ in found], _letters_in_use(audit))
        for item, entry, differences in found:
            yield _at(
                LIST_DIFFERS_FROM_BIB,
                audit.check.document,
                item.span,
                f"the list's item for {entry.key} differs from the bib in "
                + "; ".join(differences),
                _suggest(formatted, entry.key, "correct the item or the bib entry"),
                [entry.key],
            )


# --------------------------------------------------------------------------- CP407


def _letters_in_use(audit: _Audit) -> dict[str, str]:
    """Entry key → the letter the article's list (else the bib) pins for it."""
    by_key = {e.key: e for e in audit.entries}
    letters = {key: e.suffix for key, e in by_key.items() if e.suffix}
    for index, item in enumerate(audit.typed.items):
        key = audit.pairs.get(index)
        if key is not None and item.suffix:
            letters[key] = item.suffix
    return letters


def _check_suffix_order(context: Context) -> Iterable[Diagnostic]:
    order = context.config.letter_order
    named = context.config.style or DEFAULT_STYLE  # the pipeline resolves it before rules run
    style = {"apa": "APA", "chicago": "Chicago", "harvard": "Harvard"}.get(named, named)
    for audit in _audits(context):
        by_key = {e.key: e for e in audit.entries}
        in_use = _letters_in_use(audit)
        listed = [by_key[k] for k in dict.fromkeys(audit.pairs.values()) if k in by_key]
        groups: dict[tuple, list[Entry]] = {}
        for entry in listed:
            groups.setdefault(suffixes.author_year_key(entry), []).append(entry)
        item_of = {key: audit.typed.items[i] for i, key in audit.pairs.items()}
        for members in groups.values():
            if len(members) < 2 or not all(in_use.get(e.key) for e in members):
                continue
            expected = suffixes.expected(members, order)
            # The audit compares letters only where the style itself gives one: a listed
            # item with no author (or a name the list parser could not read) gets no letter
            # from the style, so its group has no expected order to hold the list to.
            if not all(expected.get(e.key) for e in members):
                continue
            if all(expected[e.key] == in_use[e.key] for e in members):
                continue
            by_date = suffixes.expected(members, "date" if order == "title" else "title")
            how = (
                ("by date" if order == "title" else "by title")
                if all(by_date.get(e.key) == in_use[e.key] for e in members)
                else "in another order"
            )
            ordered = sorted(members, key=lambda e: in_use[e.key])
            year = members[0].year
            relabel = ", ".join(
                f"{year}{in_use[e.key]} → {year}{expected[e.key]}"
                for e in ordered
                if expected.get(e.key) != in_use[e.key]
            )
            first = members[0].names[0].family if members[0].names else members[0].key
            for entry in ordered:
                if expected.get(entry.key) == in_use[entry.key]:
                    continue
                item = item_of.get(entry.key)
                if item is None:
                    continue
                yield _at(
                    SUFFIX_ORDER_RULE,
                    audit.check.document,
                    item.span,
                    f"{first} {', '.join(year + in_use[e.key] for e in ordered)} are "
                    f"lettered {how}; {style} letters same-author, same-year works by "
                    f"{order}: “{_short(entry.title)}” would be {year}{expected[entry.key]}, "
                    f"not {year}{in_use[entry.key]}",
                    f"to follow the style, re-letter the citations in the text and the items "
                    f"in the list alike: {relabel}; or keep the letters (`citeproof refs` "
                    "keeps the ones the text uses, so text and list agree)",
                    [e.key for e in ordered],
                )


# --------------------------------------------------------------------------- catalogue

_LIST_BIB = """@article{smith2020, author = {Smith, Ann}, title = {On things}, journal = {J},
  volume = {1}, pages = {1--2}, year = {2020}}
@article{doe2019, author = {Doe, Jo}, title = {Other things}, journal = {K}, volume = {2},
  pages = {3--4}, year = {2019}}"""
_LIST = """References

Doe, J. (2019). Other things. K, 2, 3–4.

Smith, A. (2020). On things. J, 1, 1–2.
"""
_TEXT = "As shown (Smith, 2020) and (Doe, 2019).\n\n"
_NEWS_BIB = """@article{lau2024a, author = {Lau, Stuart}, title = {Stroking the ego},
  journal = {POLITICO}, entrysubtype = {newspaper}, year = {2024a}, month = feb, day = {23}}
@article{lau2024b, author = {Lau, Stuart}, title = {In race for top jobs},
  journal = {POLITICO}, entrysubtype = {newspaper}, year = {2024b}, month = mar, day = {4}}"""
_NEWS_TEXT = "As reported (Lau, 2024a; Lau, 2024b).\n\n"
_NEWS_DATE_ORDER = """Lau, Stuart. “Stroking the ego.” POLITICO. February 23, 2024a.

— “In race for top jobs.” POLITICO. March 04, 2024b.
"""
_NEWS_TITLE_ORDER = """Lau, Stuart. “In race for top jobs.” POLITICO. March 04, 2024a.

— “Stroking the ego.” POLITICO. February 23, 2024b.
"""
_NEWS_TITLE_BIB = (
    _NEWS_BIB.replace("2024a", "2024x").replace("2024b", "2024a").replace("2024x", "2024b")
)

LISTED_NOT_IN_BIB = Rule(
    "CP401",
    "listed-not-in-bib",
    Severity.WARNING,
    "An item of the article's reference list matches no bib entry.",
    _check_not_in_bib,
    (
        Example(_TEXT + _LIST, _LIST_BIB.split("\n@")[0], fires=True),
        Example(_TEXT + _LIST, _LIST_BIB, fires=False),
    ),
)
BIB_ENTRY_NOT_LISTED = Rule(
    "CP402",
    "bib-entry-not-listed",
    Severity.ERROR,
    "A cited work's bib entry has no item in the article's reference list.",
    _check_not_listed,
    (
        Example(
            _TEXT + "References\n\nSmith, A. (2020). On things. J, 1, 1–2.\n\n"
            "Zed, Z. (2018). Unrelated work. Q, 3, 5–6.\n",
            _LIST_BIB,
            fires=True,
        ),
        Example(_TEXT + _LIST, _LIST_BIB, fires=False),
    ),
)
LISTED_NOT_CITED = Rule(
    "CP403",
    "listed-not-cited",
    Severity.WARNING,
    "An item of the reference list is never cited in the text.",
    _check_not_cited,
    (
        Example("As shown (Smith, 2020).\n\n" + _LIST, _LIST_BIB, fires=True),
        Example(_TEXT + _LIST, _LIST_BIB, fires=False),
    ),
)
LIST_ORDER = Rule(
    "CP404",
    "list-order",
    Severity.WARNING,
    "The reference list is not in the style's order (authors, then year, then letter).",
    _check_order,
    (
        Example(
            _TEXT + "References\n\nSmith, A. (2020). On things. J, 1, 1–2.\n\n"
            "Doe, J. (2019). Other things. K, 2, 3–4.\n",
            _LIST_BIB,
            fires=True,
        ),
        Example(_TEXT + _LIST, _LIST_BIB, fires=False),
    ),
)
INCONSISTENT_STYLE = Rule(
    "CP405",
    "inconsistent-style",
    Severity.WARNING,
    "Items of the reference list are typed in different patterns (where the year or date sits).",
    _check_style,
    (
        Example(
            _TEXT + "References\n\nDoe, J. (2019). Other things. K, 2, 3–4.\n\n"
            "Roe, R. (2018). Third things. L, 3, 5–6.\n\n"
            "Smith, Ann. 2020. “On Things.” J 1: 1–2.\n",
            _LIST_BIB + "\n@article{roe2018, author = {Roe, Rita}, title = {Third things}, "
            "journal = {L}, year = {2018}}",
            fires=True,
        ),
        Example(_TEXT + _LIST, _LIST_BIB, fires=False),
    ),
)
LIST_DIFFERS_FROM_BIB = Rule(
    "CP406",
    "list-differs-from-bib",
    Severity.WARNING,
    "A list item disagrees with its bib entry: year, spelling of a name, or title.",
    _check_differs,
    (
        Example(
            _TEXT + _LIST.replace("Smith, A. (2020). On things.", "Smyth, A. (2020). On things."),
            _LIST_BIB,
            fires=True,
        ),
        Example(_TEXT + _LIST, _LIST_BIB, fires=False),
    ),
)
SUFFIX_ORDER_RULE = Rule(
    "CP407",
    "suffix-order",
    Severity.WARNING,
    "Year letters pinned by the article or bib follow another order than the style's rule.",
    _check_suffix_order,
    (
        Example(_NEWS_TEXT + _NEWS_DATE_ORDER, _NEWS_BIB, fires=True),
        Example(_NEWS_TEXT + _NEWS_TITLE_ORDER, _NEWS_TITLE_BIB, fires=False),
    ),
)

RULES = (
    LISTED_NOT_IN_BIB,
    BIB_ENTRY_NOT_LISTED,
    LISTED_NOT_CITED,
    LIST_ORDER,
    INCONSISTENT_STYLE,
    LIST_DIFFERS_FROM_BIB,
    SUFFIX_ORDER_RULE,
)
