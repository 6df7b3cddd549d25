"""bench/memory.py, the benchmarks' peak-RSS helper: parsing, the per-measure reset, children."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CLEAR_REFS = Path("/proc/self/clear_refs")


@pytest.fixture(scope="module")
def memory():
    spec = importlib.util.spec_from_file_location("bench_memory", ROOT / "bench" / "memory.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_memory"] = module  # dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules["bench_memory"]


STATUS = """Name:\tpython3
VmPeak:\t  312456 kB
VmHWM:\t   51200 kB
VmRSS:\t   20480 kB
"""


def test_status_lines_are_read_in_mib(memory) -> None:
    assert memory.parse_status_mib(STATUS) == 50.0
    assert memory.parse_status_mib(STATUS, "VmRSS") == 20.0
    assert memory.parse_status_mib("Name:\tpython3\n") is None
    assert memory.parse_status_mib("VmHWM:\t   lots kB\n") is None
    # A field whose name only begins with the one asked for is another field.
    assert memory.parse_status_mib("VmHWMx:\t 1024 kB\n") is None


def _clear_refs_writable() -> bool:
    try:
        with CLEAR_REFS.open("w", encoding="ascii") as handle:
            handle.write("5")
    except OSError:
        return False
    return True


def _touch(megabytes: int) -> bytearray:
    block = bytearray(megabytes * 2**20)
    block[::4096] = b"x" * len(block[::4096])  # every page written, so every page resident
    return block


@pytest.mark.skipif(not _clear_refs_writable(), reason="/proc/self/clear_refs is not writable")
def test_a_measure_reports_its_own_peak(memory) -> None:
    peak = memory.Peak()
    with peak.measure():
        block = _touch(50)
        del block
    assert peak.exact
    assert peak.rise_mib >= 40
    first = peak.mib
    # A later, smaller measure starts from a reset peak, so it does not inherit the first
    # one's; the Peak keeps the larger of the two.
    quiet = memory.Peak()
    with quiet.measure():
        pass
    assert quiet.rise_mib < 10
    assert quiet.mib < first - 30
    with peak.measure():
        pass
    assert peak.mib == first
    assert str(peak) == f"{first:.0f} MiB"


def test_a_refused_reset_is_reported_as_the_process_peak(memory, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(memory, "CLEAR_REFS", tmp_path / "absent" / "clear_refs")
    peak = memory.Peak()
    with peak.measure():
        pass
    assert not peak.exact
    assert peak.mib == pytest.approx(memory.peak_rss_mib(), abs=1)
    assert str(peak).endswith("(process peak)")


def test_a_command_reports_its_own_peak_not_the_parents(memory, tmp_path) -> None:
    report = tmp_path / "peak.json"
    command = [
        sys.executable,
        "-c",
        "b = bytearray(64 * 2**20); b[::4096] = b'x' * (b.__len__() // 4096)",
    ]
    done = subprocess.run(memory.child_command(report, command, cli=False), check=False)
    assert done.returncode == 0
    peak = memory.read_child_report(report)
    assert 60 <= peak.main_mib < 200


def test_the_cli_child_reports_its_peak_and_exit_code(memory, tmp_path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("As shown (Smith, 2020).\n", encoding="utf-8")
    bib = tmp_path / "r.bib"
    bib.write_text("@article{s, author = {Smith, Ann}, title = {T}, year = {2021}}\n")
    report = tmp_path / "peak.json"
    args = ["check", str(article), "--bib", str(bib), "--no-cache", "--format", "json"]
    done = subprocess.run(
        memory.child_command(report, args, cli=True), capture_output=True, check=False
    )
    assert done.returncode == 1, done.stderr  # the year differs: an error-severity finding
    assert b'"CP' in done.stdout  # the CLI's own output passes through untouched
    peak = memory.read_child_report(report)
    assert 10 < peak.main_mib < 1000
