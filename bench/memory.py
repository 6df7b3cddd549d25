"""Peak resident memory (RSS) for the benchmarks: this process, one measurement, children.

- `peak_rss_mib()`: this process's peak RSS so far (VmHWM of /proc/self/status, falling
  back to getrusage's ru_maxrss where /proc is absent).
- `Peak.measure()`: the peak of one in-process measurement. Linux lets a process reset its
  own high-water mark by writing "5" to /proc/self/clear_refs; after that VmHWM is the peak
  since the reset. Where the reset is refused, the figure is the peak of the whole process
  so far and is printed with "(process peak)".
- `children_peak_rss_mib()`: the largest peak among the waited-for child processes
  (RUSAGE_CHILDREN). Linux carries ru_maxrss across execve, so a child reports at least
  the RSS of the process that forked it at that moment: a fair figure when a small process
  forks it, an inflated one when a large one does.
- Run as a script, this module is that small process: `memory.py REPORT --cli ARGS…` runs
  citeproof's CLI here and writes its own VmHWM and its children's peak to REPORT (JSON);
  `memory.py REPORT --exec COMMAND…` runs any command (pandoc) and writes its peak, read
  with os.wait4 (ru_maxrss of the command and its descendants, the largest process; at
  least this wrapper's ~10 MiB, carried across execve). `child_command` and
  `read_child_report` build and read these.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

STATUS = Path("/proc/self/status")
CLEAR_REFS = Path("/proc/self/clear_refs")
#: "5" resets the process's peak RSS (VmHWM) to its current RSS (Linux >= 4.0, proc(5)).
RESET_PEAK = "5"


def parse_status_mib(status: str, field: str = "VmHWM") -> float | None:
    """The value of a `field:   1234 kB` line of /proc/<pid>/status, in MiB (None if absent)."""
    for line in status.splitlines():
        name, _, value = line.partition(":")
        if name == field:
            parts = value.split()
            if len(parts) == 2 and parts[1] == "kB" and parts[0].isdigit():
                return int(parts[0]) / 1024
            return None
    return None


def _status(field: str) -> float | None:
    try:
        return parse_status_mib(STATUS.read_text(encoding="ascii"), field)
    except OSError:
        return None


def _maxrss_mib(who: int) -> float:
    """ru_maxrss in MiB: kilobytes on Linux, bytes on macOS."""
    value = resource.getrusage(who).ru_maxrss
    return value / 2**20 if sys.platform == "darwin" else value / 1024


def peak_rss_mib() -> float:
    """This process's peak RSS so far, in MiB: VmHWM, else ru_maxrss."""
    peak = _status("VmHWM")
    return peak if peak is not None else _maxrss_mib(resource.RUSAGE_SELF)


def current_rss_mib() -> float | None:
    """This process's RSS now, in MiB (None without /proc)."""
    return _status("VmRSS")


def children_peak_rss_mib() -> float:
    """The largest peak RSS among this process's terminated, waited-for descendants, in MiB.

    A maximum over all children so far, not the sum of those running together; Linux
    carries ru_maxrss across execve, so each child counts at least its parent's RSS at the
    moment it was spawned.
    """
    return _maxrss_mib(resource.RUSAGE_CHILDREN)


def reset_peak() -> bool:
    """Reset this process's VmHWM to its current RSS; False where the system refuses."""
    try:
        with CLEAR_REFS.open("w", encoding="ascii") as handle:
            handle.write(RESET_PEAK)
    except OSError:
        return False
    return _status("VmHWM") is not None


@dataclass
class Peak:
    """Peak RSS of one in-process measure; measuring it again keeps the largest.

    The peak is of the whole process during the measure: the interpreter, the imports and
    what the process already holds are in it. `start_mib` is the RSS when the largest
    measure began, so `rise_mib` is what the measure added (at most: memory freed earlier
    and kept by the allocator is reused without a rise). `exact` is False when a reset
    failed: `mib` is then the process's peak since it started.
    """

    mib: float = 0.0
    start_mib: float | None = None
    exact: bool = True
    measured: bool = False

    @contextlib.contextmanager
    def measure(self) -> Iterator[Peak]:
        reset = reset_peak()
        start = current_rss_mib() if reset else None
        try:
            yield self
        finally:
            peak = peak_rss_mib()
            self.exact = self.exact and reset
            if not self.measured or peak > self.mib:
                self.mib, self.start_mib = peak, start
            self.measured = True

    @property
    def rise_mib(self) -> float | None:
        if not self.exact or self.start_mib is None:
            return None
        return self.mib - self.start_mib

    def __str__(self) -> str:
        if not self.measured:
            return "not measured"
        # The rise is not printed: the allocator keeps memory freed by earlier measures
        # resident, so a measure that reuses it rises by little while its peak is right.
        return f"{self.mib:.0f} MiB" + ("" if self.exact else " (process peak)")


# --------------------------------------------------------------------------- child processes


@dataclass(frozen=True)
class ChildPeak:
    """Peak RSS of a measured subprocess: its own, and the largest of its descendants'."""

    main_mib: float
    children_mib: float

    def __str__(self) -> str:
        text = f"{self.main_mib:.0f} MiB"
        if self.children_mib:
            text += f"; largest child process {self.children_mib:.0f} MiB"
        return text


def child_command(report: Path, command: Sequence[str], cli: bool) -> list[str]:
    """The command line that runs `command` under this module, writing its peak to `report`.

    With `cli`, `command` is citeproof's arguments (`check FILE --bib BIB`), run by
    `citeproof.cli.main` in the child, which reads its own VmHWM. Otherwise `command` is
    any program, and its peak comes from os.wait4.
    """
    mode = "--cli" if cli else "--exec"
    return [sys.executable, str(Path(__file__).resolve()), str(report), mode, *command]


def read_child_report(report: Path) -> ChildPeak:
    """Read what a child run by `child_command` wrote (it must have finished)."""
    data = json.loads(report.read_text(encoding="utf-8"))
    return ChildPeak(data["main_mib"], data["children_mib"])


def _run_cli(report: Path, args: list[str]) -> int:
    """Run citeproof's CLI in this process, then write its peak and its children's."""
    from citeproof.cli import main

    try:
        return main(args)
    finally:
        sys.stdout.flush()
        payload = {"main_mib": peak_rss_mib(), "children_mib": children_peak_rss_mib()}
        report.write_text(json.dumps(payload), encoding="utf-8")


def _run_exec(report: Path, command: list[str]) -> int:
    """Run `command` as a child of this small process; write its peak from os.wait4."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - replaced by the command
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    peak = usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 1024)
    report.write_text(json.dumps({"main_mib": peak, "children_mib": 0.0}), encoding="utf-8")
    return os.waitstatus_to_exitcode(status)


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] not in ("--cli", "--exec"):
        print("usage: memory.py REPORT (--cli ARGS… | --exec COMMAND…)", file=sys.stderr)
        return 2
    report, mode, rest = Path(argv[0]), argv[1], argv[2:]
    return _run_cli(report, rest) if mode == "--cli" else _run_exec(report, rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
