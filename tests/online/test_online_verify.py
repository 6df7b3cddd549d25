"""End to end: verify() against a real HTTP server on 127.0.0.1, then the CP5xx rules."""

from __future__ import annotations

import time

import pytest
from online_payloads import (
    bibliography,
    crossref_list,
    crossref_single,
    crossref_work,
    csl_item,
    entry,
    openalex_list,
    openalex_work,
    retraction_notice,
)
from werkzeug import Request, Response

from citeproof.model import Severity
from citeproof.online import LinkState, Outcome, verify
from citeproof.rules import Context, run
from citeproof.rules.online import RULES

DOI = "10.1234/jt.2020.001"
TITLE = "Measuring citation accuracy in policy articles"


def findings(config, verification):
    context = Context(
        config=config, checks=(), bibliography=None, verifications=verification.results
    )
    return run(context, RULES)


def codes(diagnostics) -> list[str]:
    return [d.code for d in diagnostics]


def serve_work(server, doi=DOI, **work) -> None:
    body = crossref_single(crossref_work(doi, work.pop("title", TITLE), **work))
    server.expect_request(f"/crossref/works/{doi}").respond_with_json(body)


def test_matching_work_is_verified_politely(server, make_config) -> None:
    serve_work(server)
    config = make_config()
    result = verify(bibliography(entry("smith2020", TITLE, doi=DOI, journal="J. Test.")), config)
    (entry_result,) = result.results
    assert entry_result.outcome is Outcome.VERIFIED
    assert entry_result.via == "doi" and entry_result.record.source == "Crossref"
    assert findings(config, result) == []
    request, _ = server.log[0]
    assert request.args["mailto"] == "editor@example.org"
    assert request.headers["User-Agent"].startswith("citeproof/")
    assert "mailto:editor@example.org" in request.headers["User-Agent"]


def test_doi_given_as_doi_org_url(server, make_config) -> None:
    serve_work(server)
    result = verify(bibliography(entry("s", TITLE, url=f"https://doi.org/{DOI}")), make_config())
    assert result.results[0].outcome is Outcome.VERIFIED
    assert len(server.log) == 1  # the doi.org link is the DOI, not a link to check


def test_year_mismatch_is_an_error_naming_both_values(server, make_config) -> None:
    serve_work(server, year=2021)
    config = make_config()
    result = verify(bibliography(entry("smith2020", TITLE, year="2020", doi=DOI)), config)
    (diagnostic,) = findings(config, result)
    assert (diagnostic.code, diagnostic.severity) == ("CP501", Severity.ERROR)
    assert "2020" in diagnostic.message and "2021" in diagnostic.message
    assert diagnostic.suggestion == "year = {2021}"
    where = (diagnostic.path, diagnostic.start.line, diagnostic.keys)
    assert where == ("refs.bib", 1, ("smith2020",))


def test_title_and_venue_differences_are_warnings(server, make_config) -> None:
    serve_work(server, title="Measuring citation accuracy in economics", journal="Nature")
    config = make_config()
    result = verify(bibliography(entry("s", TITLE, doi=DOI, journal="Science")), config)
    found = {(d.code, d.severity) for d in findings(config, result)}
    assert found == {("CP501", Severity.WARNING)}
    assert {m.field for m in result.results[0].mismatches} == {"title", "venue"}


def test_first_author_mismatch_is_an_error(server, make_config) -> None:
    serve_work(server, authors=(("Ana", "Jones"), ("Li", "Wei")))
    config = make_config()
    result = verify(bibliography(entry("s", TITLE, authors=("Smith",), doi=DOI)), config)
    (diagnostic,) = findings(config, result)
    assert diagnostic.severity is Severity.ERROR and "Jones" in diagnostic.message


def test_doi_of_another_work(server, make_config) -> None:
    serve_work(
        server, title="Deep learning for protein folding", authors=(("Ana", "Jones"),), year=2018
    )
    config = make_config()
    result = verify(bibliography(entry("s", TITLE, doi=DOI)), config)
    (diagnostic,) = findings(config, result)
    assert (diagnostic.code, diagnostic.severity) == ("CP501", Severity.ERROR)
    assert "another work" in diagnostic.message
    assert result.results[0].mismatches[0].field == "doi"


def test_doi_unknown_everywhere_is_doi_not_found(server, make_config) -> None:
    server.expect_request(f"/crossref/works/{DOI}").respond_with_data(
        "Resource not found.", status=404, content_type="text/plain"
    )
    server.expect_request(f"/doi/{DOI}").respond_with_data(
        "<html><body>DOI Not Found</body></html>", status=404, content_type="text/html"
    )
    config = make_config()
    result = verify(bibliography(entry("s", TITLE, doi=DOI)), config)
    assert result.results[0].outcome is Outcome.NOT_FOUND
    assert codes(findings(config, result)) == ["CP502"]


def test_datacite_doi_is_verified_by_content_negotiation(server, make_config) -> None:
    doi = "10.5281/zenodo.3086002"
    server.expect_request(f"/crossref/works/{doi}").respond_with_data(
        "Resource not found.", status=404
    )
    server.expect_request(
        f"/doi/{doi}", headers={"Accept": "application/vnd.citationstyles.csl+json"}
    ).respond_with_json(
        csl_item(doi, "Rockhound: Download geophysical models"),
        content_type="application/vnd.citationstyles.csl+json",
    )
    config = make_config()
    rockhound = entry(
        "rockhound",
        "Rockhound: Download geophysical models",
        authors=("Uieda",),
        year="2019",
        entry_type="misc",
        doi=doi,
    )
    result = verify(bibliography(rockhound), config)
    assert result.results[0].outcome is Outcome.VERIFIED
    assert result.results[0].record.source == "doi.org"
    assert findings(config, result) == []


def test_retraction_notice_is_an_error(server, make_config) -> None:
    serve_work(server, **{"updated-by": [retraction_notice("10.1234/jt.retraction.7")]})
    config = make_config()
    result = verify(bibliography(entry("s", TITLE, doi=DOI)), config)
    (diagnostic,) = findings(config, result)
    assert (diagnostic.code, diagnostic.severity) == ("CP504", Severity.ERROR)
    assert "10.1234/jt.retraction.7" in diagnostic.message and "2021-05-03" in diagnostic.message


def test_correction_notice_is_only_information(server, make_config) -> None:
    notice = retraction_notice("10.1234/jt.corr.1", kind="correction", source="publisher")
    serve_work(server, **{"updated-by": [notice]})
    config = make_config()
    result = verify(bibliography(entry("s", TITLE, doi=DOI)), config)
    assert [(d.code, d.severity) for d in findings(config, result)] == [("CP504", Severity.INFO)]


def test_entry_without_doi_found_by_search(server, make_config) -> None:
    item = crossref_work(DOI, TITLE)
    server.expect_request("/crossref/works").respond_with_json(crossref_list([item]))
    config = make_config()
    article = entry("s", TITLE, journal="Journal of Testing", volume="12")
    result = verify(bibliography(article), config)
    (entry_result,) = result.results
    assert entry_result.outcome is Outcome.VERIFIED and entry_result.via == "search"
    assert entry_result.confidence == pytest.approx(1.0)
    (diagnostic,) = findings(config, result)
    assert (diagnostic.code, diagnostic.severity) == ("CP506", Severity.INFO)
    assert diagnostic.suggestion == f"doi = {{{DOI}}}"
    request, _ = server.log[0]
    assert (
        TITLE in request.args["query.bibliographic"]
        and "Smith" in request.args["query.bibliographic"]
    )


def test_search_falls_back_to_openalex(server, make_config) -> None:
    server.expect_request("/crossref/works").respond_with_json(
        crossref_list([crossref_work("10.9/other", "An unrelated study of soil")])
    )
    server.expect_request(
        "/openalex/works", query_string={"search": TITLE, "per-page": "5", "api_key": "test-key"}
    ).respond_with_json(openalex_list([openalex_work(DOI, TITLE)]))
    config = make_config()
    result = verify(bibliography(entry("s", TITLE, volume="3")), config)
    assert result.results[0].record.source == "OpenAlex"
    assert codes(findings(config, result)) == ["CP506"]


def test_fabricated_entry_found_nowhere(server, make_config) -> None:
    server.expect_request("/crossref/works").respond_with_json(
        crossref_list([crossref_work("10.9/a", "Songbird navigation and magnetic fields")])
    )
    server.expect_request("/openalex/works").respond_with_json(openalex_list([]))
    config = make_config()
    fake = entry(
        "quill2021",
        "Quantum lattice effects in migratory songbird navigation",
        authors=("Quill",),
        year="2021",
        journal="Nature",
        volume="590",
    )
    result = verify(bibliography(fake), config)
    assert result.results[0].outcome is Outcome.NOT_FOUND
    assert result.results[0].searched == ("Crossref", "OpenAlex")
    (diagnostic,) = findings(config, result)
    assert (diagnostic.code, diagnostic.severity) == ("CP503", Severity.WARNING)
    assert "possibly fabricated" in diagnostic.message


def test_news_item_has_no_identifier_to_verify(server, make_config) -> None:
    config = make_config()
    news = entry(
        "gray2024", "Dutch PM Rutte in strong position", journal="Reuters", entrysubtype="newspaper"
    )
    result = verify(bibliography(news), config)
    assert result.results[0].no_identifier and server.log == []
    (diagnostic,) = findings(config, result)
    assert (diagnostic.code, diagnostic.severity) == ("CP507", Severity.INFO)
    assert "no identifier" in diagnostic.message


def test_retry_after_is_honoured(server, make_config) -> None:
    server.expect_oneshot_request(f"/crossref/works/{DOI}").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "1"}
    )
    serve_work(server)
    started = time.monotonic()
    result = verify(bibliography(entry("s", TITLE, doi=DOI)), make_config())
    assert time.monotonic() - started >= 0.9
    assert result.results[0].outcome is Outcome.VERIFIED
    assert len(server.log) == 2


def test_retry_after_of_hours_is_not_waited_out(server, make_config) -> None:
    server.expect_request(f"/crossref/works/{DOI}").respond_with_data(
        "come back later", status=429, headers={"Retry-After": "7200"}
    )
    config = make_config(sources=["crossref"], concurrency=1)
    started = time.monotonic()
    result = verify(
        bibliography(entry("a", TITLE, doi=DOI), entry("b", TITLE, doi=DOI, line=9)), config
    )
    assert time.monotonic() - started < 2
    assert all(r.outcome is Outcome.SKIPPED for r in result.results)
    assert all("rate-limited" in r.unverified[0] for r in result.results)
    assert len(server.log) == 1  # the second entry did not even ask
    assert set(codes(findings(config, result))) == {"CP507"}


def test_server_error_then_success(server, make_config) -> None:
    server.expect_oneshot_request(f"/crossref/works/{DOI}").respond_with_data("oops", status=500)
    serve_work(server)
    result = verify(bibliography(entry("s", TITLE, doi=DOI)), make_config())
    assert result.results[0].outcome is Outcome.VERIFIED and len(server.log) == 2


def test_persistent_server_error_becomes_could_not_verify(server, make_config) -> None:
    server.expect_request(f"/crossref/works/{DOI}").respond_with_data("oops", status=503)
    server.expect_request(f"/doi/{DOI}").respond_with_data("oops", status=502)
    config = make_config()
    result = verify(bibliography(entry("s", TITLE, doi=DOI)), config)
    assert result.results[0].outcome is Outcome.SKIPPED
    assert len(server.log) == 6  # 1 + 2 retries, twice
    (diagnostic,) = findings(config, result)
    assert diagnostic.code == "CP507" and "HTTP 503" in diagnostic.message


def _slow(request: Request) -> Response:
    time.sleep(1.0)
    return Response("{}", content_type="application/json")


def test_read_timeout_becomes_could_not_verify(server, make_config) -> None:
    server.expect_request(f"/crossref/works/{DOI}").respond_with_handler(_slow)
    config = make_config(timeout=0.2, retries=1, sources=["crossref"])
    started = time.monotonic()
    result = verify(bibliography(entry("s", TITLE, doi=DOI)), config)
    assert time.monotonic() - started < 1.5
    assert "timeout" in result.results[0].unverified[0]
    assert codes(findings(config, result)) == ["CP507"]


def test_malformed_json_becomes_could_not_verify(server, make_config) -> None:
    server.expect_request(f"/crossref/works/{DOI}").respond_with_data(
        '{"status": "ok", "message": {"DOI": ', content_type="application/json"
    )
    config = make_config(sources=["crossref"])
    result = verify(bibliography(entry("s", TITLE, doi=DOI)), config)
    assert "malformed JSON" in result.results[0].unverified[0]


def test_unexpected_shape_becomes_could_not_verify(server, make_config) -> None:
    server.expect_request(f"/crossref/works/{DOI}").respond_with_json({"status": "ok"})
    result = verify(bibliography(entry("s", TITLE, doi=DOI)), make_config(sources=["crossref"]))
    assert "unexpected response" in result.results[0].unverified[0]


def test_oversized_body_is_not_read(server, make_config) -> None:
    server.expect_request(f"/crossref/works/{DOI}").respond_with_data(
        '{"message": "' + "x" * 200_000 + '"}', content_type="application/json"
    )
    config = make_config(max_bytes=10_000, sources=["crossref"])
    result = verify(bibliography(entry("s", TITLE, doi=DOI)), config)
    assert "too large" in result.results[0].unverified[0]


def test_links_ok_broken_and_head_refused(server, make_config) -> None:
    server.expect_request("/page", method="HEAD").respond_with_data("", status=405)
    server.expect_request("/page", method="GET").respond_with_data("<html>ok</html>")
    server.expect_request("/gone").respond_with_data("", status=404)
    config = make_config()
    news = entry(
        "n",
        "Rutte backed",
        entry_type="online",
        url=server.url_for("/page"),
        note=f"See also {server.url_for('/gone')}.",
    )
    result = verify(bibliography(news), config)
    states = {link.url.rsplit("/", 1)[-1]: link.state for link in result.results[0].links}
    assert states == {"page": LinkState.OK, "gone": LinkState.BROKEN}
    gone = [r for r, _ in server.log if r.path == "/gone"]
    assert [r.method for r in gone] == ["HEAD", "GET"]  # reported after a retry
    assert sorted(codes(findings(config, result))) == ["CP505", "CP507"]


def test_redirect_loop_is_not_followed_forever(server, make_config) -> None:
    server.expect_request("/loop").respond_with_data(
        "", status=302, headers={"Location": server.url_for("/loop")}
    )
    config = make_config(max_redirects=3)
    result = verify(
        bibliography(entry("n", "x", entry_type="online", url=server.url_for("/loop"))), config
    )
    (link,) = result.results[0].links
    assert link.state is LinkState.UNKNOWN and "redirects" in link.reason
    assert len(server.log) <= 2 * 2 * 4  # HEAD and GET, one retry each, 4 hops at most


def test_dns_failure_is_a_broken_link_when_the_network_works(server, make_config) -> None:
    serve_work(server)
    config = make_config()
    dead = entry("d", TITLE, doi=DOI, url="http://no-such-host.invalid/article")
    result = verify(bibliography(dead), config)
    (link,) = result.results[0].links
    assert link.state is LinkState.BROKEN and link.failure == "dns"
    assert "CP505" in codes(findings(config, result))


def test_no_network_at_all_is_never_a_finding(tmp_path) -> None:
    from citeproof.config import Config

    online = {
        "crossref-url": "http://crossref.invalid",
        "openalex-url": "http://openalex.invalid",
        "doi-url": "http://doi.invalid",
        "backoff": 0.01,
        "timeout": 1.0,
    }
    config = Config(cache_dir=str(tmp_path), online=online)
    entries = (
        entry("a", TITLE, doi=DOI),
        entry("b", TITLE, volume="2", line=8),
        entry("c", "news", entry_type="online", url="https://news.invalid/x", line=15),
    )
    started = time.monotonic()
    result = verify(bibliography(*entries), config)
    assert time.monotonic() - started < 5
    assert all(r.outcome is Outcome.SKIPPED for r in result.results)
    assert result.results[2].links[0].state is LinkState.UNKNOWN
    assert {d.severity for d in findings(config, result)} == {Severity.INFO}
    assert any("network" in note for note in result.notes)


def test_second_run_is_served_from_the_cache(server, make_config) -> None:
    serve_work(server)
    server.expect_request("/crossref/works").respond_with_json(
        crossref_list([crossref_work("10.1234/b", "Second paper on caching")])
    )
    server.expect_request("/gone").respond_with_data("", status=404)
    config = make_config()
    bib = bibliography(
        entry("a", TITLE, doi=DOI, url=server.url_for("/gone")),
        entry("b", "Second paper on caching", volume="1", line=9),
    )
    first = verify(bib, config)
    sent = len(server.log)
    assert sent == first.requests > 0
    second = verify(bib, config)
    assert len(server.log) == sent and second.requests == 0
    assert second.cached > 0
    assert [r.outcome for r in second.results] == [r.outcome for r in first.results]
    assert second.results[0].links == first.results[0].links


@pytest.mark.parametrize("cache", [True, False], ids=["cache", "no-cache"])
def test_offline_sends_nothing(server, make_config, cache) -> None:
    serve_work(server)
    config = make_config(cache=cache, offline=True)
    bib = bibliography(
        entry("a", TITLE, doi=DOI, url=server.url_for("/page")),
        entry("b", "Another title here", volume="1", line=9),
    )
    result = verify(bib, config)
    assert server.log == [] and result.requests == 0
    assert all(r.outcome is Outcome.SKIPPED for r in result.results)
    assert all("offline" in r.unverified[0] for r in result.results)


def test_offline_answers_from_a_warm_cache(server, make_config) -> None:
    serve_work(server)
    bib = bibliography(entry("a", TITLE, doi=DOI))
    verify(bib, make_config())
    sent = len(server.log)
    result = verify(bib, make_config(offline=True))
    assert len(server.log) == sent
    assert result.results[0].outcome is Outcome.VERIFIED


def test_openalex_without_key_is_used_where_it_answers_and_said_so(server, make_config) -> None:
    server.expect_request("/crossref/works").respond_with_json(crossref_list([]))
    server.expect_request("/openalex/works").respond_with_data(
        '{"error": "API key required"}', status=401
    )
    config = make_config(openalex_key=None, workers=1)
    result = verify(
        bibliography(
            entry("a", TITLE, volume="1"),
            entry("b", "Another title of a paper", volume="2", line=8),
        ),
        config,
    )
    assert all(r.outcome is Outcome.NOT_FOUND for r in result.results)
    assert any("API key" in note for note in result.notes)
    assert any("OpenAlex skipped" in note for note in result.notes)
    openalex = [r for r, _ in server.log if r.path == "/openalex/works"]
    assert len(openalex) == 1 and "api_key" not in openalex[0].args


def test_only_the_given_keys_are_verified(server, make_config) -> None:
    serve_work(server)
    bib = bibliography(entry("a", TITLE, doi=DOI), entry("b", "x", doi="10.1/zzz", line=9))
    result = verify(bib, make_config(), keys={"a"})
    assert [r.key for r in result.results] == ["a"]


def test_progress_is_reported_per_entry(server, make_config) -> None:
    seen = []
    bib = bibliography(*(entry(f"n{i}", "news", entry_type="online", line=i) for i in range(3)))
    verify(bib, make_config(), progress=lambda done, total, key: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
