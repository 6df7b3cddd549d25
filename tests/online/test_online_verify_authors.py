"""End to end: every author's surname against the registry's, through verify() and CP501.

A real HTTP server on 127.0.0.1 answers with Crossref-, OpenAlex- and CSL-JSON-shaped
records; the bib entries carry misspelt, unmarked or merely differently written surnames.
"""

from __future__ import annotations

from dataclasses import replace

from online_payloads import (
    bibliography,
    crossref_list,
    crossref_single,
    crossref_work,
    csl_item,
    entry,
    openalex_list,
    openalex_work,
)

from citeproof.model import Name, Severity
from citeproof.online import Outcome, verify
from citeproof.online.results import to_json
from citeproof.rules import Context, run
from citeproof.rules.online import RULES

DOI = "10.1234/jt.2021.007"
TITLE = "Coalition bargaining over the NATO secretary generalship"


def findings(config, verification):
    context = Context(
        config=config, checks=(), bibliography=None, verifications=verification.results
    )
    return run(context, RULES)


def people(key: str, *names: tuple[str, str], **fields: str):
    """An entry whose authors are (given, family) pairs."""
    article = entry(key, TITLE, year="2021", **fields)
    return replace(article, names=tuple(Name(first=g, last=f) for g, f in names))


def serve(server, *authors: tuple[str, str]) -> None:
    work = crossref_work(DOI, TITLE, authors=authors, year=2021)
    server.expect_request(f"/crossref/works/{DOI}").respond_with_json(crossref_single(work))


def test_misspelt_surnames_found_by_doi_are_reported_author_by_author(server, make_config):
    serve(server, ("Anna", "Marchetti"), ("Antonín", "Dvořák"), ("Wei", "Zhang"))
    config = make_config()
    bib = people("marchetti2021", ("A.", "Marcheti"), ("A.", "Dvorak"), ("W.", "Zhang"), doi=DOI)
    result = verify(bibliography(bib), config)
    assert result.results[0].outcome is Outcome.MISMATCH
    spelt, marks = findings(config, result)
    assert (spelt.code, spelt.severity, spelt.keys) == ("CP501", Severity.ERROR, ("marchetti2021",))
    assert spelt.suggestion == "write 'Marchetti'"
    assert "marchetti2021" in spelt.message and "author 1" in spelt.message
    assert (marks.code, marks.severity) == ("CP501", Severity.WARNING)
    assert marks.suggestion == "write 'Dvořák'" and "author 2" in marks.message
    (as_json,) = to_json(result)
    assert [(m["field"], m["position"]) for m in as_json["mismatches"]] == [
        ("author-spelling", 1),
        ("author-diacritics", 2),
    ]


def test_names_written_otherwise_verify_cleanly(server, make_config):
    serve(server, ("J. R. R.", "Tolkien"), ("Hans", "Muller"), ("Wei", "Zhang"), ("S.", "Walt"))
    config = make_config()
    bib = people(
        "t",
        ("John Ronald Reuel", "Tolkien"),  # full given names against initials
        ("H.", "Müller"),  # the registry dropped the umlaut; the bib keeps it
        ("Zhang", "Wei"),  # family and given swapped in the bib
        ("Stefan", "van der Walt"),  # particle the registry left out
        doi=DOI,
    )
    result = verify(bibliography(bib), config)
    assert result.results[0].outcome is Outcome.VERIFIED
    assert findings(config, result) == []


def test_a_different_first_author_is_still_another_person(server, make_config):
    serve(server, ("Ana", "Jones"), ("Anna", "Marchetti"))
    config = make_config()
    result = verify(bibliography(people("s", ("J.", "Smith"), doi=DOI)), config)
    (diagnostic,) = findings(config, result)
    assert diagnostic.severity is Severity.ERROR and diagnostic.suggestion is None
    assert [m.field for m in result.results[0].mismatches] == ["author"]


def test_display_names_from_an_openalex_search_are_checked(server, make_config):
    server.expect_request("/crossref/works").respond_with_json(
        crossref_list([crossref_work("10.9/other", "An unrelated study of soil")])
    )
    names = ("Anna Marchetti", "Jan van den Berg", "Søren Sørensen")
    server.expect_request("/openalex/works").respond_with_json(
        openalex_list([openalex_work(DOI, TITLE, names=names, year=2021)])
    )
    config = make_config()
    bib = people("m", ("A.", "Marcheti"), ("J.", "Berg"), ("S.", "Sorensen"), volume="3")
    result = verify(bibliography(bib), config)
    assert result.results[0].record.source == "OpenAlex"
    by_code = {(d.code, d.suggestion) for d in findings(config, result)}
    assert by_code == {
        ("CP501", "write 'Marchetti'"),
        ("CP501", "write 'Sørensen'"),
        ("CP506", f"doi = {{{DOI}}}"),
    }


def test_datacite_record_by_content_negotiation(server, make_config):
    doi = "10.5281/zenodo.3086002"
    server.expect_request(f"/crossref/works/{doi}").respond_with_data("Not found.", status=404)
    server.expect_request(f"/doi/{doi}").respond_with_json(
        csl_item(doi, TITLE, family="Uieda", given="Leonardo", year=2021),
        content_type="application/vnd.citationstyles.csl+json",
    )
    config = make_config()
    result = verify(bibliography(people("u", ("Leonardo", "Ueida"), doi=doi)), config)
    (diagnostic,) = findings(config, result)
    assert diagnostic.suggestion == "write 'Uieda'" and diagnostic.severity is Severity.ERROR
