"""The 10,000-entry benchmark runs within a 1 GB address space (issue 13, item 4).

`bench/bench_check.py` measures time and peak memory; this slow test holds the bound: the
book-length benchmark article (generated, seeded) checked against the 10,000-entry bib in a
child process whose address space is limited to 1 GB (`RLIMIT_AS`, what `ulimit -v` sets)
ends with its findings (exit 1: errors are planted), never a MemoryError or a traceback.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIGBIB = ROOT.parent / "shared" / "corpus" / "bigbib"

LIMIT_BYTES = 1_000_000 * 1024  # `ulimit -v 1000000` counts KiB

CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from citeproof.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _bench_check():
    spec = importlib.util.spec_from_file_location("bench_check", ROOT / "bench" / "bench_check.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_check"] = module  # dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
        return module
    finally:
        del sys.modules["bench_check"]


@pytest.mark.slow
def test_the_10k_benchmark_runs_within_1_gb(tmp_path: Path) -> None:
    bib = BIGBIB / "iridia-10k.bib"
    if not bib.is_file():
        pytest.skip("../shared/corpus/bigbib is absent")
    bench = _bench_check()
    bench.quiet_bibtexparser()
    book = tmp_path / "book.txt"
    facts = bench.generate(bib, book, 200_000, 5_000, bench.SEED)
    assert facts["words"] > 200_000
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD.format(limit=LIMIT_BYTES),
            "check",
            str(book),
            "--bib",
            str(bib),
            "--no-cache",
            "--format",
            "concise",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr, done.stderr
    assert done.returncode == 1, done.stderr
    # The planted errors are found: wrong years (CP103) and misspelled authors (CP104).
    assert ": CP103 error:" in done.stdout and ": CP104 error:" in done.stdout
