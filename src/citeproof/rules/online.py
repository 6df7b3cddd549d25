"""CP5xx: online verification. Each check reads `context.verifications`
(`citeproof.online.EntryVerification` records) and reports at the entry's line in the bib."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..model import Diagnostic, Severity
from ..online.results import (
    CONCERN_KINDS,
    CORRECTION_KINDS,
    RETRACTION_KINDS,
    EntryVerification,
    LinkState,
    Outcome,
    Verification,
)
from .base import Example, Rule
from .context import Context

#: CP501's severity by field: wrong year or first author misattributes the work (error), and
#: so does a misspelt author surname at any position, the registry's spelling being the
#: author's own; title and venue differences are often style or abbreviation (warning), and
#: so are missing diacritics (Muller for Müller), which ASCII-only bibs drop on purpose
MISMATCH_SEVERITY = {
    "doi": Severity.ERROR,
    "year": Severity.ERROR,
    "author": Severity.ERROR,
    "author-spelling": Severity.ERROR,
    "author-diacritics": Severity.WARNING,
    "author-order": Severity.WARNING,
    "title": Severity.WARNING,
    "venue": Severity.WARNING,
}
#: a near miss below this similarity says nothing useful about the entry
CLOSEST_WORTH_SHOWING = 0.5
FIELD_TEXT = {"author": "first author", "author-order": "author order", "venue": "venue"}


def _results(context: Context) -> Iterator[EntryVerification]:
    """The per-entry results, whether the context holds them or whole Verification runs."""
    for item in context.verifications:
        if isinstance(item, Verification):
            yield from item.results
        elif isinstance(item, EntryVerification):
            yield item


def _at(
    context: Context,
    rule: Rule,
    result: EntryVerification,
    message: str,
    suggestion: str | None = None,
    severity: Severity | None = None,
) -> Diagnostic:
    start, end = context.bib_line_span(result.line)
    return rule.at(
        result.path, start, end, message, suggestion, keys=(result.key,), severity=severity
    )


def _check_mismatch(context: Context) -> Iterable[Diagnostic]:
    for result in _results(context):
        if result.record is None:
            continue
        source = result.record.source
        how = "by DOI" if result.via == "doi" else f"match {result.confidence:.2f}"
        for m in result.mismatches:
            if m.field == "doi":
                message = (
                    f"DOI {result.doi} points to another work in {source}: "
                    f"{m.theirs!r}; the bib says {m.ours!r}"
                )
                suggestion = "check the DOI"
            elif m.field == "author-order":
                message = (
                    f"author order differs from {source} ({how}): bib's first author "
                    f"{m.ours!r}, {source}'s {m.theirs!r}"
                )
                suggestion = None
            elif m.field in ("author-spelling", "author-diacritics"):
                how_differs = (
                    "lacks the diacritics of" if m.field == "author-diacritics" else "misspells"
                )
                message = (
                    f"{result.key}: author {m.position}'s surname {m.ours!r} {how_differs} "
                    f"{source}'s {m.theirs!r} ({how})"
                )
                suggestion = f"write {m.theirs!r}"
            else:
                label = FIELD_TEXT.get(m.field, m.field)
                message = (
                    f"{label} differs from {source} ({how}): bib {m.ours!r}, {source} {m.theirs!r}"
                )
                suggestion = f"{m.field} = {{{m.theirs}}}" if m.field == "year" else None
            yield _at(context, CP501, result, message, suggestion, MISMATCH_SEVERITY.get(m.field))


def _check_doi_not_found(context: Context) -> Iterable[Diagnostic]:
    for result in _results(context):
        if result.doi_not_found:
            suggestion = (
                f"the work appears under doi = {{{result.suggested_doi}}}"
                if result.suggested_doi
                else "check the DOI for typos"
            )
            yield _at(
                context,
                CP502,
                result,
                f"DOI {result.doi} is not registered (doi.org answers 404)",
                suggestion,
            )


def _check_not_found(context: Context) -> Iterable[Diagnostic]:
    for result in _results(context):
        if result.outcome is not Outcome.NOT_FOUND or result.doi_not_found:
            continue
        message = (
            f"not found in {' or '.join(result.searched)}: possibly fabricated, or "
            "simply not indexed; check this reference by hand"
        )
        if result.closest is not None and result.closest.confidence >= CLOSEST_WORTH_SHOWING:
            record = result.closest.record
            message += (
                f" (closest: {record.title!r}, {record.first_author or '?'} "
                f"{record.year or 'n.d.'}, similarity {result.closest.confidence:.2f})"
            )
        if result.unverified:
            message += f"; not searched: {'; '.join(result.unverified)}"
        yield _at(context, CP503, result, message)


def _check_retracted(context: Context) -> Iterable[Diagnostic]:
    for result in _results(context):
        record = result.record
        if record is None:
            continue
        reported = False
        for notice in record.notices:
            if notice.kind in RETRACTION_KINDS:
                severity = Severity.ERROR
            elif notice.kind in CONCERN_KINDS:
                severity = Severity.WARNING
            elif notice.kind in CORRECTION_KINDS:
                severity = Severity.INFO
            else:
                continue
            details = ", ".join(
                part
                for part in (
                    f"notice {notice.doi}" if notice.doi else "",
                    notice.date or "",
                    f"source: {notice.source}" if notice.source else "",
                )
                if part
            )
            word = notice.kind.replace("_", " ")
            yield _at(
                context,
                CP504,
                result,
                f"{record.source} lists a {word} for this work"
                + (f" ({details})" if details else ""),
                None,
                severity,
            )
            reported = reported or severity is Severity.ERROR
        if record.retracted and not reported:
            yield _at(context, CP504, result, f"{record.source} marks this work as retracted")


def _check_broken_link(context: Context) -> Iterable[Diagnostic]:
    for result in _results(context):
        for link in result.links:
            if link.state is LinkState.BROKEN:
                yield _at(
                    context, CP505, result, f"broken link {link.url}: {link.reason} (after a retry)"
                )


def _check_doi_available(context: Context) -> Iterable[Diagnostic]:
    for result in _results(context):
        if result.via == "search" and result.suggested_doi and not result.doi:
            source = result.record.source if result.record else "search"
            yield _at(
                context,
                CP506,
                result,
                f"DOI available: {result.suggested_doi} ({source} match, "
                f"confidence {result.confidence:.2f})",
                f"doi = {{{result.suggested_doi}}}",
            )


def _check_could_not_verify(context: Context) -> Iterable[Diagnostic]:
    for result in _results(context):
        reasons: list[str] = []
        if result.outcome is Outcome.SKIPPED:
            if result.no_identifier:
                reasons.append(
                    "no identifier to verify (no DOI, and not a kind of work "
                    "Crossref or OpenAlex index)"
                )
            elif result.unverified:
                reasons.append("could not verify: " + "; ".join(result.unverified))
        reasons.extend(
            f"could not check link {link.url}: {link.reason}"
            for link in result.links
            if link.state is LinkState.UNKNOWN
        )
        if reasons:
            yield _at(context, CP507, result, "; ".join(reasons))


CP501 = Rule(
    "CP501",
    "metadata-mismatch",
    Severity.ERROR,
    "Bib metadata differ from the registry's: year, first author or a misspelt author "
    "surname (error), title, venue or an author's missing diacritics (warning), or the DOI "
    "names another work (error).",
    _check_mismatch,
    examples=(
        Example(
            "(Pedregosa et al., 2012)",
            "@article{sk, author={Pedregosa, F.}, "
            "title={Scikit-learn: Machine Learning in Python}, year={2012}, "
            "journal={JMLR}, doi={10.5555/1953048.2078195}}",
            fires=True,
        ),
        Example(
            "(Pedregosa et al., 2011)",
            "@article{sk, author={Pedregosa, F.}, "
            "title={Scikit-learn: Machine Learning in Python}, year={2011}, "
            "journal={JMLR}, doi={10.5555/1953048.2078195}}",
            fires=False,
        ),
        Example(
            "(Pedregossa et al., 2011)",
            "@article{sk, author={Pedregossa, F.}, "
            "title={Scikit-learn: Machine Learning in Python}, year={2011}, "
            "journal={JMLR}, doi={10.5555/1953048.2078195}}",
            fires=True,
        ),
    ),
)
CP502 = Rule(
    "CP502",
    "doi-not-found",
    Severity.ERROR,
    "The entry's DOI is registered nowhere (Crossref and doi.org do not know it).",
    _check_doi_not_found,
    examples=(
        Example(
            "(Smith, 2020)",
            "@article{s, author={Smith, J.}, title={A study}, "
            "year={2020}, doi={10.9999/does-not-exist}}",
            fires=True,
        ),
        Example(
            "(Uieda, 2018)",
            "@article{u, author={Uieda, Leonardo}, title={Verde}, "
            "year={2018}, doi={10.21105/joss.00957}}",
            fires=False,
        ),
    ),
)
CP503 = Rule(
    "CP503",
    "not-found-anywhere",
    Severity.WARNING,
    "No DOI, and no confident match in Crossref or OpenAlex: possibly fabricated (never "
    "stated as fact).",
    _check_not_found,
    examples=(
        Example(
            "(Quill, 2021)",
            "@article{q, author={Quill, Ada}, title={Quantum lattice "
            "effects in migratory songbird navigation}, journal={Nature}, volume={590}, "
            "year={2021}}",
            fires=True,
        ),
        Example(
            "(Reuters, 2024)",
            "@online{r, author={Reuters}, title={Rutte backed}, year={2024}}",
            fires=False,
        ),
    ),
)
CP504 = Rule(
    "CP504",
    "retracted-work",
    Severity.ERROR,
    "The registry lists a retraction (error), an expression of concern (warning) or a "
    "correction (info) for the cited work (Crossref update-to / updated-by).",
    _check_retracted,
    examples=(
        Example(
            "(Wakefield et al., 1998)",
            "@article{w, author={Wakefield, A. J.}, "
            "title={Ileal-lymphoid-nodular hyperplasia, non-specific colitis, and pervasive "
            "developmental disorder in children}, journal={The Lancet}, year={1998}, "
            "doi={10.1016/S0140-6736(97)11096-0}}",
            fires=True,
        ),
        Example(
            "(Uieda, 2018)",
            "@article{u, author={Uieda, Leonardo}, title={Verde}, "
            "year={2018}, doi={10.21105/joss.00957}}",
            fires=False,
        ),
    ),
)
CP505 = Rule(
    "CP505",
    "broken-link",
    Severity.WARNING,
    "The entry's URL is gone (HTTP 404/410, DNS failure or TLS error, after a retry).",
    _check_broken_link,
    examples=(
        Example(
            "(Lau, 2024)",
            "@online{l, author={Lau, Stuart}, title={Stroking the ego}, "
            "year={2024}, url={https://www.politico.eu/no-such-page-404}}",
            fires=True,
        ),
        Example(
            "(Lau, 2024)",
            "@online{l, author={Lau, Stuart}, title={Stroking the ego}, "
            "year={2024}, url={https://www.politico.eu/}}",
            fires=False,
        ),
    ),
)
CP506 = Rule(
    "CP506",
    "doi-available",
    Severity.INFO,
    "The entry has no DOI, but a confident match in Crossref or OpenAlex has one.",
    _check_doi_available,
    examples=(
        Example(
            "(Pedregosa et al., 2011)",
            "@article{sk, author={Pedregosa, F.}, "
            "title={Scikit-learn: Machine Learning in Python}, year={2011}, "
            "journal={JMLR}, volume={12}}",
            fires=True,
        ),
        Example(
            "(Uieda, 2018)",
            "@article{u, author={Uieda, Leonardo}, title={Verde}, "
            "year={2018}, doi={10.21105/joss.00957}}",
            fires=False,
        ),
    ),
)
CP507 = Rule(
    "CP507",
    "could-not-verify",
    Severity.INFO,
    "An entry (or its link) could not be verified: no identifier to verify, offline, "
    "time-out, rate limit, malformed answer.",
    _check_could_not_verify,
    examples=(
        Example(
            "(NOS, 2024)",
            "@online{nos, author={NOS}, title={Turkije is om}, year={2024}}",
            fires=True,
        ),
        Example(
            "(Uieda, 2018)",
            "@article{u, author={Uieda, Leonardo}, title={Verde}, "
            "year={2018}, doi={10.21105/joss.00957}}",
            fires=False,
        ),
    ),
)

RULES: tuple[Rule, ...] = (CP501, CP502, CP503, CP504, CP505, CP506, CP507)
