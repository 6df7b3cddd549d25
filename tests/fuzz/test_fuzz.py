"""The fuzzer's fixed-seed slice: about 200 hostile cases through the real CLI, in-process.

The property (harness.assert_property): exit 0/1 with one JSON document on stdout, or exit 2
with one `citeproof: error:` line; never an exception out of `main`, never a traceback. The
examples are derandomised, so a run is reproducible and a failure is a regression, and each
case gets an explicit time bound instead of hypothesis' deadline (the first case pays for
imports). The long campaign is `bench/fuzz.py`; see docs/reliability.md.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from .harness import assert_property, run, write_case
from .strategies import cases

#: Seconds one case may take in-process (a case takes well under one second on a laptop; the
#: bound is loose so that a slow CI machine does not flake, yet catches a hang or a blow-up).
CASE_SECONDS = 20.0

SLICE = settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SLICE
@given(case=cases())
def test_check_never_crashes(case: tuple[bytes, bytes | None, bytes | None]) -> None:
    article, bib, config = case
    with tempfile.TemporaryDirectory() as folder:
        argv = write_case(Path(folder), article, bib, config)
        started = time.perf_counter()
        outcome = run(argv, Path(folder))
        elapsed = time.perf_counter() - started
    assert_property(outcome)
    assert elapsed < CASE_SECONDS, f"{elapsed:.1f} s"
