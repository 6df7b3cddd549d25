"""CP110: a manuscript whose citations follow two author-date styles at once.

The habits each style has (comma before the year, "&" or "and", "et al." from three or
four authors, the typed list's year) are read by citations.style_inference; the pipeline
hands the result to the rules in `Context.style`.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Diagnostic, Severity
from .base import Example, Rule
from .context import Context


def _check_mixed(context: Context) -> Iterable[Diagnostic]:
    from ..citations.style_inference import HABITS, TITLES

    inference = context.style
    if inference is None:
        return
    for check in context.checks:
        document = check.document
        odd = inference.mixed(document.path)
        if not odd:
            continue
        # Counted in citations (and list items), not in habits: one citation may show two.
        odd_places = {e.start for e in odd}
        kept = {e.start for e in inference.evidence if e.path == document.path} - odd_places
        habits = sorted({HABITS[e.habit][0] for e in odd})
        first = min(odd, key=lambda e: e.start)
        shown = list({e.start: e for e in sorted(odd, key=lambda e: e.start)}.values())[:3]
        examples = ", ".join(f"'{' '.join(e.text.split())}'" for e in shown)
        message = (
            f"the citations mix styles: {_count(len(kept))} as "
            f"{TITLES[inference.of(document.path)]} "
            f"writes them, {_count(len(odd_places))} otherwise ({'; '.join(habits)}: {examples})"
        )
        suggestion = (
            f"write every citation in one style; the check applied "
            f"{TITLES[context.config.style or inference.style]} (choose with --style)"
        )
        start, end = document.position(first.start), document.position(first.end)
        yield MIXED_CITATION_STYLE.at(document.path, start, end, message, suggestion)


def _count(number: int) -> str:
    return f"{number} {'is' if number == 1 else 'are'} written"


_BIB = """@article{okafor2019, author = {Okafor, Ngozi and Lindqvist, Sara}, title = {T},
  journal = {J}, year = {2019}}
@article{berg2017, author = {Berg, Tove and Haddad, Rami}, title = {U}, journal = {J},
  year = {2017}}
@article{quispe2020, author = {Quispe, Rosa}, title = {V}, journal = {J}, year = {2020}}
@article{tanaka2021, author = {Tanaka, Emi}, title = {W}, journal = {J}, year = {2021}}"""

MIXED_CITATION_STYLE = Rule(
    "CP110",
    "mixed-citation-style",
    Severity.WARNING,
    "The citations follow two styles at once (comma or none before the year, '&' or 'and').",
    _check_mixed,
    (
        Example(
            "Dry years (Okafor & Lindqvist, 2019) and wet ones (Berg and Haddad 2017) alike "
            "(Quispe, 2020; Tanaka 2021).",
            _BIB,
            fires=True,
        ),
        Example(
            "Dry years (Okafor & Lindqvist, 2019) and wet ones (Berg & Haddad, 2017) alike "
            "(Quispe, 2020; Tanaka, 2021).",
            _BIB,
            fires=False,
        ),
        Example(
            "Dry years (Okafor and Lindqvist 2019) and wet ones (Berg and Haddad 2017) alike "
            "(Quispe 2020; Tanaka 2021).",
            _BIB,
            fires=False,
        ),
    ),
)

RULES = (MIXED_CITATION_STYLE,)
