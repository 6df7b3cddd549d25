"""Benchmark `citeproof verify` against a local rate-limited server (127.0.0.1 only).

The server plays Crossref's `works/{doi}` and enforces 10 requests per second as a strict
sliding one-second window, answering 429 (Retry-After: 1) to any request above it. 500
entries with DOIs are verified twice with the default polite-pool settings (a mailto is set,
so the Crossref defaults are 10 requests/s, 3 concurrent): the cold run should approach
the allowed rate (>= 80%) without a single 429; the warm run is served from the HTTP cache
and should take under 2 s with zero requests. Beside each run's time, its peak RSS
(bench/memory.py: this process's VmHWM reset before the run; the server's threads live in
this process and are counted in it).

Run:  python bench/bench_verify.py [--entries 500] [--rate 10]
"""

from __future__ import annotations

import argparse
import collections
import datetime
import json
import os
import platform
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from memory import Peak

from citeproof.config import Config
from citeproof.model import Bibliography, Entry, Name
from citeproof.online import Outcome, verify


class Window:
    """A strict limit: at most `rate` accepted requests in any rolling one-second window."""

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self.accepted: collections.deque[float] = collections.deque()
        self.refused = 0
        self.total = 0
        self.lock = threading.Lock()

    def admit(self) -> bool:
        now = time.monotonic()
        with self.lock:
            self.total += 1
            while self.accepted and self.accepted[0] <= now - 1.0:
                self.accepted.popleft()
            if len(self.accepted) >= self.rate:
                self.refused += 1
                return False
            self.accepted.append(now)
            return True


def work(doi: str, index: int) -> dict:
    """A Crossref works/{doi} body (the fields citeproof reads, shaped like the real API)."""
    return {
        "status": "ok",
        "message-type": "work",
        "message-version": "1.0.0",
        "message": {
            "DOI": doi,
            "type": "journal-article",
            "title": [f"Benchmark study number {index}"],
            "author": [
                {"given": "Jane", "family": "Smith", "sequence": "first", "affiliation": []}
            ],
            "issued": {"date-parts": [[2020, 3]]},
            "published-print": {"date-parts": [[2020, 3]]},
            "container-title": ["Journal of Benchmarks"],
            "short-container-title": ["J. Bench."],
            "publisher": "Bench Press",
            "volume": "7",
            "issue": "2",
            "page": f"{index}-{index + 9}",
            "reference-count": 0,
            "is-referenced-by-count": index % 17,
            "URL": f"https://doi.org/{doi}",
        },
    }


def serve(window: Window) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if not window.admit():
                self._send(429, b"Too Many Requests", "text/plain", {"Retry-After": "1"})
                return
            doi = self.path.split("?", 1)[0].split("/works/", 1)[1]
            index = int(doi.rsplit(".", 1)[1])
            self._send(200, json.dumps(work(doi, index)).encode(), "application/json", {})

        def _send(self, status: int, body: bytes, kind: str, headers: dict[str, str]) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=500)
    parser.add_argument("--rate", type=int, default=10, help="the server's limit, requests/s")
    args = parser.parse_args()
    window = Window(args.rate)
    server = serve(window)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    entries = tuple(
        Entry(
            key=f"e{i}",
            entry_type="article",
            fields={
                "title": f"Benchmark study number {i}",
                "doi": f"10.5555/bench.{i}",
                "journal": "Journal of Benchmarks",
            },
            names=(Name(first="Jane", last="Smith"),),
            names_role="author",
            others=False,
            year="2020",
            suffix="",
            line=1 + 8 * i,
            end_line=7 + 8 * i,
            path="bench.bib",
        )
        for i in range(args.entries)
    )
    bibliography = Bibliography(path="bench.bib", entries=entries)
    with tempfile.TemporaryDirectory() as cache:
        config = Config(
            cache_dir=cache,
            online={
                "crossref-url": base,
                "sources": ["crossref"],
                "mailto": "bench@example.org",
                "links": False,
            },
        )
        cold_peak, warm_peak = Peak(), Peak()
        with cold_peak.measure():
            cold = verify(bibliography, config)
        cold_total, cold_429 = window.total, window.refused
        with warm_peak.measure():
            warm = verify(bibliography, config)
    server.shutdown()
    verified = cold.count(Outcome.VERIFIED)
    rate = cold.requests / cold.seconds
    print(
        f"machine: {os.cpu_count()} CPUs (nproc), {platform.machine()}, "
        f"Python {platform.python_version()}, {datetime.date.today().isoformat()}"
    )
    print(f"server limit: {args.rate} requests/s (strict sliding 1 s window, 429 above)")
    print(
        f"cold run: {len(entries)} entries, {verified} verified, {cold.requests} requests in "
        f"{cold.seconds:.1f} s = {rate:.2f} requests/s ({100 * rate / args.rate:.0f}% of the "
        f"limit), 429 received: {cold_429} (server saw {cold_total}); peak RSS {cold_peak}"
    )
    print(
        f"warm run: {warm.seconds:.2f} s, {warm.requests} requests, {warm.cached} from cache, "
        f"{warm.count(Outcome.VERIFIED)} verified; peak RSS {warm_peak}"
    )
    ok = (
        cold_429 == 0
        and rate >= 0.8 * args.rate
        and warm.seconds < 2
        and warm.requests == 0
        and verified == len(entries)
    )
    print("PASS" if ok else "FAIL")


if __name__ == "__main__":
    main()
