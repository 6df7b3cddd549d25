"""The HTTP client: one session, polite headers, per-host limits, retries, a cache, capped bodies.

Every request goes through `Client`, which owns one `requests.Session` (a requests-cache
`CachedSession` unless the cache is off). The session's transport adapter is where a request
really leaves the machine, so the rate limit, the concurrency cap, the circuit breaker, the
request count and the body cap all live there: answers served from the cache skip all of it,
and `--offline` is enforced there (the adapter refuses to send anything).
"""

from __future__ import annotations

import email.utils
import json
import os
import random
import threading
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.cookiejar import DefaultCookiePolicy
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter

from .. import __version__, cache
from .settings import Settings

#: statuses worth another attempt (after Retry-After or a backoff)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: statuses the cache keeps: successes, permanent redirects, and "not found"/"gone" (so a
#: warm or --offline run knows a DOI is unregistered or a link dead without asking again)
CACHEABLE = (200, 203, 300, 301, 308, 404, 410)
#: transport failures that say "this host cannot be reached", for the circuit breaker
CONNECT_FAILURES = frozenset({"dns", "connect", "connect-timeout", "tls"})
#: consecutive transport failures after which a host is skipped for the rest of the run
BREAKER_THRESHOLD = 2
FAILURE_TEXT = {
    "dns": "DNS failure",
    "connect": "connection failed",
    "connect-timeout": "connect timeout",
    "tls": "TLS error",
    "timeout": "read timeout",
    "error": "request failed",
}
TRUNCATED_HEADER = "X-Citeproof-Truncated"


class LookupFailed(Exception):
    """A request that produced no usable answer; `reason` is a short phrase for the user."""

    def __init__(self, reason: str, kind: str = "error") -> None:
        super().__init__(reason)
        self.reason = reason
        self.kind = kind


class RateLimited(LookupFailed):
    """The service asked us to wait longer than we are willing to."""


class NotCached(LookupFailed):
    """--offline and the answer is not in the cache."""


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    url: str
    body: bytes
    from_cache: bool
    truncated: bool = False

    def json(self) -> Any:
        """Return the body parsed as JSON, or raise LookupFailed."""
        if self.truncated:
            raise LookupFailed("response too large", "too-large")
        try:
            return json.loads(self.body)
        except ValueError:
            raise LookupFailed("malformed JSON", "malformed") from None


#: servers count requests when they arrive, and arrivals jitter: keep 5% under the rate so
#: even a strict sliding one-second window never sees one request too many
RATE_MARGIN = 1.05


class HostLimiter:
    """Space requests to one host at least 1/rate s apart and cap how many run at once."""

    def __init__(self, rate: float, concurrency: int) -> None:
        self.rate = rate
        self.concurrency = max(1, concurrency)
        self._interval = RATE_MARGIN / rate
        self._slots = threading.BoundedSemaphore(self.concurrency)
        self._lock = threading.Lock()
        self._next = 0.0

    def pause(self, seconds: float) -> None:
        """Hold every request to this host for `seconds` (a 429's Retry-After)."""
        with self._lock:
            self._next = max(self._next, time.monotonic() + seconds)

    @contextmanager
    def slot(self, max_wait: float) -> Iterator[None]:
        """Wait for a free slot; raise RateLimited if the host is paused beyond `max_wait`."""
        with self._slots:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next)
                if start - now > max_wait:
                    raise RateLimited(
                        f"rate-limited, skipped (asked to wait {start - now:.0f} s)", "rate-limited"
                    )
                self._next = start + self._interval
            if start > now:
                time.sleep(start - now)
            yield


class Limiters:
    """One HostLimiter per host (`netloc`); hosts nobody configured get the link defaults."""

    def __init__(self, default_rate: float, default_concurrency: int) -> None:
        self._default = (default_rate, default_concurrency)
        self._limits: dict[str, tuple[float, int]] = {}
        self._limiters: dict[str, HostLimiter] = {}
        self._lock = threading.Lock()

    def configure(self, url: str, rate: float, concurrency: int) -> None:
        """Set a host's limits; two services on one host (a test server) share the stricter."""
        host = urlsplit(url).netloc.lower()
        with self._lock:
            old = self._limits.get(host)
            self._limits[host] = (
                (min(rate, old[0]), min(concurrency, old[1])) if old else (rate, concurrency)
            )

    def get(self, host: str) -> HostLimiter:
        with self._lock:
            limiter = self._limiters.get(host)
            if limiter is None:
                limiter = HostLimiter(*self._limits.get(host, self._default))
                self._limiters[host] = limiter
            return limiter


class _Transport(HTTPAdapter):
    """The adapter every request leaves through; the Client decides whether and when."""

    def __init__(self, client: Client) -> None:
        super().__init__(pool_connections=16, pool_maxsize=16, max_retries=0)
        self._client = client

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: Any = True,
        cert: Any = None,
        proxies: Mapping[str, str] | None = None,
    ) -> requests.Response:
        return self._client._transmit(
            self, request, timeout=timeout, verify=verify, cert=cert, proxies=proxies
        )

    def transmit(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        return super().send(request, stream=True, **kwargs)


def user_agent(mailto: str | None) -> str:
    """The User-Agent for API calls: citeproof, its version and a contact address if known."""
    contact = f"mailto:{mailto}" if mailto else "no contact address configured"
    return f"citeproof/{__version__} ({contact})"


#: link checks go to arbitrary sites: they are not told the user's contact address
LINK_USER_AGENT = f"citeproof/{__version__} (reference link check)"


#: The HTTP cache's SQLite file and the companions SQLite may create beside it.
_DB_NAME = "http.sqlite"
_DB_COMPANIONS = ("", "-journal", "-wal", "-shm")


def _cached_session(settings: Settings) -> requests.Session | None:
    """A requests-cache session over a SQLite file that is safe to read, else None.

    The same rules as citeproof's own cache (see `citeproof.cache`): the folder must be a real
    directory of ours (created 0700), the database and its journals regular files of ours —
    anything else planted at those names (a FIFO, a device, a symlink, someone else's file)
    is removed, and if that fails the run goes on without the HTTP cache. Responses are
    stored as JSON, never pickled (requests-cache's default), so a planted row cannot run
    code; a row that does not decode is a miss. A database SQLite cannot open is rebuilt.
    """
    import logging
    import sqlite3

    import requests_cache

    # A row that does not decode is a miss, not news: requests-cache logs it at ERROR level,
    # which Python's last-resort handler would print on stderr.
    logging.getLogger("requests_cache").setLevel(logging.CRITICAL + 1)
    folder = settings.cache_path
    if not cache.usable_folder(folder, create=True):
        return None
    database = folder / _DB_NAME
    for suffix in _DB_COMPANIONS:
        if not cache.safe_or_removed(folder / f"{_DB_NAME}{suffix}"):
            return None
    for attempt in range(2):
        try:
            return requests_cache.CachedSession(
                str(database),
                backend="sqlite",
                serializer="json",
                expire_after=timedelta(days=settings.cache_days),
                allowable_codes=CACHEABLE,
                allowable_methods=("GET", "HEAD"),
                # neither the contact address (parameter, User-Agent) nor the API key is part
                # of a cache key, and requests-cache redacts ignored parameters and headers
                # in what it stores
                ignored_parameters=("mailto", "api_key", "Authorization", "User-Agent"),
                match_headers=("Accept",),
                only_if_cached=settings.offline,
                stale_if_error=settings.offline,
            )
        except sqlite3.DatabaseError:  # not a database, or a damaged one: start afresh
            if attempt or not cache.remove(database):
                return None
    return None


class Client:
    """The one HTTP client of a verification run (thread-safe; use as a context manager)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.limiters = Limiters(settings.link_rate, settings.link_concurrency)
        self.requests_sent = 0
        self.cached = 0
        self.network_reached = False  # some server answered during this run
        self._failures: dict[str, tuple[int, str]] = {}
        self._lock = threading.Lock()
        self._random = random.Random()
        self._env_proxies: dict[str, str] = {}
        self._proxy_memo: dict[str, dict[str, str]] = {}
        self.session = self._make_session()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.session.close()

    def _make_session(self) -> requests.Session:
        settings = self.settings
        session: requests.Session | None = None
        if settings.use_cache:
            session = _cached_session(settings)
        if session is None:
            session = requests.Session()
        transport = _Transport(self)
        session.mount("http://", transport)
        session.mount("https://", transport)
        session.max_redirects = settings.max_redirects
        session.headers["User-Agent"] = user_agent(settings.mailto)
        session.headers["Accept"] = "application/json"
        # Nothing is sent but the request: no cookies kept between requests.
        session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
        # requests would re-read the environment (proxies, ~/.netrc, CA bundle) on every
        # request, which costs more than a cache hit; read it once here instead, and never
        # send ~/.netrc credentials.
        session.trust_env = False
        session.verify = (
            os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
        )
        self._env_proxies = {k: v for k, v in urllib.request.getproxies().items() if k != "no"}
        session.proxies.update(self._env_proxies)  # redirect hops use the scheme's proxy
        return session

    def _proxies(self, url: str) -> dict[str, str] | None:
        """The proxies for a URL's host from the environment (NO_PROXY honoured), memoised."""
        if not self._env_proxies:
            return None
        host = urlsplit(url).netloc.lower()
        with self._lock:
            known = self._proxy_memo.get(host)
        if known is None:
            known = requests.utils.get_environ_proxies(url)
            with self._lock:
                self._proxy_memo[host] = known
        return known

    # -- the public calls ------------------------------------------------------------------

    def get(
        self,
        url: str,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Reply:
        """GET an API URL with retries; return any final status (the caller reads 404)."""
        return self._send("GET", url, params=params, headers=headers, retries=self.settings.retries)

    def probe(self, method: str, url: str) -> Reply:
        """Send a link-check request (HEAD or GET) with one retry on 429/5xx/failures."""
        headers = {"User-Agent": LINK_USER_AGENT, "Accept": "*/*"}
        return self._send(
            method, url, params=None, headers=headers, retries=min(1, self.settings.retries)
        )

    # -- retries, backoff, Retry-After -----------------------------------------------------

    def _send(
        self,
        method: str,
        url: str,
        params: Mapping[str, str] | None,
        headers: Mapping[str, str] | None,
        retries: int,
    ) -> Reply:
        settings = self.settings
        host = urlsplit(url).netloc.lower()
        timeout = (min(settings.connect_timeout, settings.timeout), settings.timeout)
        attempt = 0
        while True:
            try:
                response = self.session.request(
                    method,
                    url,
                    params=params,
                    headers=headers,
                    timeout=timeout,
                    allow_redirects=True,
                    proxies=self._proxies(url),
                )
            except requests.exceptions.TooManyRedirects:
                raise LookupFailed(
                    f"too many redirects (more than {settings.max_redirects})", "redirects"
                ) from None
            except requests.exceptions.InvalidURL as exc:
                raise LookupFailed(f"invalid URL ({exc})", "invalid") from None
            except requests.exceptions.RequestException as exc:
                kind = classify(exc)
                if attempt < retries and not self._host_down(host):
                    time.sleep(self._backoff(attempt))
                    attempt += 1
                    continue
                tries = f" after {attempt + 1} attempts" if attempt else ""
                raise LookupFailed(
                    f"{FAILURE_TEXT.get(kind, kind)} ({host}){tries}", kind
                ) from None
            if (
                settings.offline
                and response.status_code == 504
                and getattr(response, "reason", "") == "Not Cached"
            ):
                raise NotCached("offline: not in the cache", "offline")
            from_cache = bool(getattr(response, "from_cache", False))
            if from_cache:
                with self._lock:
                    self.cached += 1
            status = response.status_code
            if status in RETRY_STATUSES:
                wait = retry_after(response.headers.get("Retry-After"))
                if wait is not None and wait > settings.max_wait:
                    # never wait out a Retry-After of hours: skip, and skip the host's other
                    # requests too (the limiter refuses slots beyond max_wait)
                    self.limiters.get(host).pause(wait)
                    raise RateLimited(
                        f"rate-limited, skipped (Retry-After {wait:.0f} s)", "rate-limited"
                    )
                if attempt < retries:
                    if wait is not None or status == 429:
                        # hold the whole host, not just this thread
                        self.limiters.get(host).pause(
                            wait if wait is not None else self._backoff(attempt)
                        )
                    else:
                        time.sleep(self._backoff(attempt))
                    attempt += 1
                    continue
                if status == 429:
                    raise RateLimited(
                        f"rate-limited (HTTP 429, {attempt + 1} attempts)", "rate-limited"
                    )
                raise LookupFailed(f"HTTP {status} ({attempt + 1} attempts)", "http")
            return Reply(
                status=status,
                url=response.url,
                body=response.content or b"",
                from_cache=from_cache,
                truncated=TRUNCATED_HEADER in response.headers,
            )

    def _host_down(self, host: str) -> bool:
        with self._lock:
            return self._failures.get(host, (0, ""))[0] >= BREAKER_THRESHOLD

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with jitter: half fixed, half random, capped at max_wait."""
        delay = min(self.settings.max_wait, self.settings.backoff * 2**attempt)
        with self._lock:
            return delay / 2 + self._random.uniform(0, delay / 2)

    # -- the transport: where a request really goes out -----------------------------------

    def _transmit(
        self, adapter: _Transport, request: requests.PreparedRequest, **kwargs: Any
    ) -> requests.Response:
        if self.settings.offline:
            raise NotCached("offline: not in the cache", "offline")
        host = urlsplit(request.url or "").netloc.lower()
        with self._lock:
            count, kind = self._failures.get(host, (0, ""))
        if count >= BREAKER_THRESHOLD:
            # the host failed twice in a row at the transport level: do not make every
            # remaining entry wait out its own timeouts
            raise LookupFailed(f"{FAILURE_TEXT.get(kind, kind)} ({host}; host skipped)", kind)
        with self.limiters.get(host).slot(self.settings.max_wait):
            with self._lock:
                self.requests_sent += 1
            started = time.monotonic()
            try:
                response = adapter.transmit(request, **kwargs)
            except requests.exceptions.RequestException as exc:
                kind = classify(exc)
                if kind in CONNECT_FAILURES:
                    with self._lock:
                        self._failures[host] = (self._failures.get(host, (0, ""))[0] + 1, kind)
                raise
            with self._lock:
                self._failures.pop(host, None)
                self.network_reached = True
            self._read_body(request, response, started)
        return response

    def _read_body(
        self, request: requests.PreparedRequest, response: requests.Response, started: float
    ) -> None:
        """Read at most max_bytes of the body (streamed), within an overall deadline."""
        settings = self.settings
        cap = settings.max_bytes
        deadline = started + settings.connect_timeout + 2 * settings.timeout
        chunks: list[bytes] = []
        complete = True
        length = response.headers.get("Content-Length", "")
        if request.method == "HEAD":
            pass
        elif length.isdigit() and int(length) > cap:
            complete = False  # do not read a body we would throw away
        else:
            size = 0
            try:
                for chunk in response.iter_content(64 * 1024):
                    if size + len(chunk) > cap:
                        chunks.append(chunk[: cap - size])
                        complete = False
                        break
                    chunks.append(chunk)
                    size += len(chunk)
                    if time.monotonic() > deadline:
                        response.close()
                        raise requests.exceptions.ReadTimeout("body took too long")
            except requests.exceptions.RequestException:
                response.close()
                raise
        if complete:
            response._content_consumed = True  # close() then returns the connection to the pool
        response.close()
        response._content = b"".join(chunks)
        response._content_consumed = True
        if not complete:
            response.headers[TRUNCATED_HEADER] = str(cap)


def classify(exc: requests.exceptions.RequestException) -> str:
    """Name the kind of a transport failure: dns, tls, connect, connect-timeout, timeout."""
    if isinstance(exc, requests.exceptions.SSLError):
        return "tls"
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return "connect-timeout"
    if isinstance(exc, requests.exceptions.Timeout):
        return "timeout"
    text = repr(exc)
    if isinstance(exc, requests.exceptions.ConnectionError):
        if (
            "NameResolutionError" in text
            or "Name or service not known" in text
            or "nodename nor servname" in text
            or "getaddrinfo" in text
        ):
            return "dns"
        if "Read timed out" in text or "ReadTimeoutError" in text:
            return "timeout"
        return "connect"
    return "error"


def retry_after(value: str | None) -> float | None:
    """Parse a Retry-After header (seconds or an HTTP date) into seconds from now."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
