"""Link checks: is an entry's URL still there?

Only http(s) URLs. HEAD first (no body); anything but a success is tried again with GET
(many servers refuse HEAD), so a 404/410, DNS failure or TLS error is only reported after a
second attempt. Redirects are followed up to the configured cap; bodies are never read
beyond the cap; no cookies, credentials or contact address are sent.
"""

from __future__ import annotations

import re

from .http import Client, LookupFailed
from .results import LinkResult, LinkState
from .sources import doi_from_url

#: what makes a link "broken" rather than merely unchecked
BROKEN_STATUSES = frozenset({404, 410})
BROKEN_FAILURES = frozenset({"dns", "tls"})
_URL = re.compile(r"https?://[^\s{}<>\"']+", re.IGNORECASE)


def urls_of(fields: dict[str, str] | object, doi: str | None) -> list[str]:
    """The http(s) URLs an entry gives (url, howpublished, note), minus its own DOI link."""
    found: list[str] = []
    get = getattr(fields, "get", None)
    if get is None:
        return found
    for name in ("url", "howpublished", "note"):
        for url in _URL.findall(get(name, "") or ""):
            url = url.rstrip(".,;)")
            own = doi_from_url(url)
            if doi and own and own.lower() == doi.lower():
                continue
            if url not in found:
                found.append(url)
    return found


def check_link(client: Client, url: str) -> LinkResult:
    """Check one http(s) URL: OK, BROKEN (404/410, DNS, TLS, twice) or UNKNOWN (why)."""
    try:
        head = client.probe("HEAD", url)
        if head.status < 400:
            return LinkResult(url, LinkState.OK, f"HTTP {head.status}", head.status)
    except LookupFailed as exc:
        if exc.kind in ("offline", "rate-limited", "invalid"):
            return LinkResult(url, LinkState.UNKNOWN, exc.reason, failure=exc.kind)
    try:
        reply = client.probe("GET", url)
    except LookupFailed as exc:
        state = LinkState.BROKEN if exc.kind in BROKEN_FAILURES else LinkState.UNKNOWN
        return LinkResult(url, state, exc.reason, failure=exc.kind)
    if reply.status < 400:
        return LinkResult(url, LinkState.OK, f"HTTP {reply.status}", reply.status)
    state = LinkState.BROKEN if reply.status in BROKEN_STATUSES else LinkState.UNKNOWN
    return LinkResult(url, state, f"HTTP {reply.status}", reply.status)
