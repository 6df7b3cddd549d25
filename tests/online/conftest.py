"""Fixtures for the online tests: a real HTTP server on 127.0.0.1 and short timeouts.

No test touches the internet: every base URL points at the local server (or at a `.invalid`
host, which never resolves).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from citeproof.config import Config


@pytest.fixture(scope="session")
def _local_server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def server(_local_server: HTTPServer) -> Iterator[HTTPServer]:
    _local_server.clear()
    _local_server.no_handler_status_code = 418  # not retried (500 would be), and loud
    yield _local_server
    _local_server.clear()


@pytest.fixture(autouse=True)
def _no_online_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "CITEPROOF_CROSSREF_URL",
        "CITEPROOF_OPENALEX_URL",
        "CITEPROOF_DOI_URL",
        "CITEPROOF_MAILTO",
        "CITEPROOF_OPENALEX_KEY",
    ):
        monkeypatch.delenv(name, raising=False)


FAST = {
    "timeout": 1.0,
    "connect-timeout": 1.0,
    "retries": 2,
    "backoff": 0.01,
    "max-wait": 3.0,
    "rate": 1000,
    "concurrency": 8,
    "link-rate": 1000,
    "link-concurrency": 8,
    "mailto": "editor@example.org",
    "openalex-key": "test-key",
}


@pytest.fixture
def make_config(server: HTTPServer, tmp_path: Path) -> Callable[..., Config]:
    """Config whose services all live on the test server, with fast timeouts and backoffs."""

    def make(cache: bool = True, **online: Any) -> Config:
        table = {
            "crossref-url": server.url_for("/crossref"),
            "openalex-url": server.url_for("/openalex"),
            "doi-url": server.url_for("/doi"),
            **FAST,
        }
        table.update({key.replace("_", "-"): value for key, value in online.items()})
        table = {k: v for k, v in table.items() if v is not None}
        return Config(cache_dir=str(tmp_path / "cache"), use_cache=cache, online=table)

    return make
