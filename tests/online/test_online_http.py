"""The HTTP client on its own: limits, privacy, cache hygiene, settings."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from online_payloads import bibliography, crossref_single, crossref_work, entry, openalex_list
from werkzeug import Request, Response

from citeproof.config import Config
from citeproof.errors import ConfigError
from citeproof.online import verify
from citeproof.online.http import Client, HostLimiter, RateLimited, retry_after
from citeproof.online.settings import Settings
from citeproof.online.sources.crossref import POLITE_LIMITS, PUBLIC_LIMITS


def test_limiter_spaces_requests() -> None:
    limiter = HostLimiter(rate=50, concurrency=4)
    started = time.monotonic()
    for _ in range(6):
        with limiter.slot(max_wait=5):
            pass
    assert time.monotonic() - started >= 5 / 50 * 0.95


def test_limiter_refuses_a_pause_beyond_max_wait() -> None:
    limiter = HostLimiter(rate=10, concurrency=1)
    limiter.pause(3600)
    with pytest.raises(RateLimited), limiter.slot(max_wait=60):
        pass


def test_concurrency_cap_per_host(server, make_config) -> None:
    in_flight, peak, lock = [0], [0], threading.Lock()

    def handler(request: Request) -> Response:
        with lock:
            in_flight[0] += 1
            peak[0] = max(peak[0], in_flight[0])
        time.sleep(0.05)
        with lock:
            in_flight[0] -= 1
        doi = request.path.split("/works/", 1)[1]
        return Response(
            __import__("json").dumps(crossref_single(crossref_work(doi, "T"))),
            content_type="application/json",
        )

    server.expect_request("/crossref/works/10.1000/a").respond_with_handler(handler)
    for i in range(8):
        server.expect_request(f"/crossref/works/10.1000/{i}").respond_with_handler(handler)
    config = make_config(concurrency=2)
    bib = bibliography(*(entry(f"e{i}", "T", doi=f"10.1000/{i}", line=i) for i in range(8)))
    verify(bib, config)
    assert peak[0] == 2


def test_rate_limit_per_host(server, make_config) -> None:
    for i in range(6):
        server.expect_request(f"/crossref/works/10.1000/{i}").respond_with_json(
            crossref_single(crossref_work(f"10.1000/{i}", "T"))
        )
    bib = bibliography(*(entry(f"e{i}", "T", doi=f"10.1000/{i}", line=i) for i in range(6)))
    started = time.monotonic()
    verify(bib, make_config(rate=20))
    assert time.monotonic() - started >= 5 / 20 * 0.95


def test_retry_after_parsing() -> None:
    assert retry_after("120") == 120
    assert retry_after(None) is None and retry_after("soon") is None
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past


def test_link_checks_send_no_cookie_and_no_contact_address(server, make_config) -> None:
    server.expect_request("/a").respond_with_data("ok", headers={"Set-Cookie": "session=abc"})
    server.expect_request("/b").respond_with_data("ok")
    news = entry("n", "x", entry_type="online", url=server.url_for("/a"), note=server.url_for("/b"))
    verify(bibliography(news), make_config())
    for request, _ in server.log:
        assert "Cookie" not in request.headers
        assert "mailto" not in request.headers["User-Agent"]
        assert "Authorization" not in request.headers


def test_contact_address_and_key_are_not_stored_in_the_cache(
    server, make_config, tmp_path: Path
) -> None:
    server.expect_request("/crossref/works/10.1000/a").respond_with_json(
        crossref_single(crossref_work("10.1000/a", "T"))
    )
    server.expect_request("/openalex/works").respond_with_json(openalex_list([]))
    server.expect_request("/crossref/works").respond_with_json({"message": {"items": []}})
    bib = bibliography(entry("a", "T", doi="10.1000/a"), entry("b", "Some title", volume="1"))
    verify(bib, make_config(openalex_key="secret-key-123"))
    stored = b"".join(p.read_bytes() for p in (tmp_path / "cache").rglob("*") if p.is_file())
    assert stored and b"secret-key-123" not in stored and b"editor@example.org" not in stored


def test_crossref_limits_follow_the_contact_address(server) -> None:
    config = Config(use_cache=False, online={"crossref-url": server.url_for("/crossref")})
    from citeproof.online.sources.crossref import Crossref

    for mailto, expected in ((None, PUBLIC_LIMITS), ("me@example.org", POLITE_LIMITS)):
        settings = Settings.from_config(
            config.with_options(online={**config.online, **({"mailto": mailto} if mailto else {})}),
            environ={},
        )
        client = Client(settings)
        Crossref(settings, client)
        limiter = client.limiters.get(f"127.0.0.1:{server.port}")
        assert (limiter.rate, limiter.concurrency) == expected
        client.session.close()


def test_settings_precedence_and_validation() -> None:
    env = {"CITEPROOF_MAILTO": "env@example.org", "CITEPROOF_CROSSREF_URL": "http://127.0.0.1:9/"}
    settings = Settings.from_config(Config(), environ=env)
    assert settings.mailto == "env@example.org"
    assert settings.crossref_url == "http://127.0.0.1:9"
    configured = Settings.from_config(Config(online={"mailto": "cfg@example.org"}), environ=env)
    assert configured.mailto == "cfg@example.org"
    with pytest.raises(ConfigError, match="unknown"):
        Settings.from_config(Config(online={"crossref": "x"}), environ={})
    with pytest.raises(ConfigError, match="timeout"):
        Settings.from_config(Config(online={"timeout": "soon"}), environ={})
    with pytest.raises(ConfigError):
        Settings.from_config(Config(online={"sources": ["dblp"]}), environ={})
