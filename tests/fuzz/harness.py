"""Run the real CLI in-process on files and check the fuzzing property.

The property for every input: the exit code is 0, 1 or 2; on 0/1 with `--format json`
stdout is one valid JSON document; on 2 the last line of stderr is one
`citeproof: error: …` line; and no exception escapes `main` (a traceback is a failure even
if a later last-resort guard would have caught it).
"""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

from citeproof.cli import main


@dataclass(frozen=True, slots=True)
class Outcome:
    code: int
    stdout: str
    stderr: str


def run(argv: list[str], cwd: Path) -> Outcome:
    """Call `citeproof.cli.main(argv)` in `cwd` (so no outer config is found) with stdout
    and stderr captured."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return Outcome(code, out.getvalue(), err.getvalue())


def write_case(folder: Path, article: bytes, bib: bytes | None, config: bytes | None = None):
    """Write a case's files; return the `check` argv for them (JSON output, no cache)."""
    folder.mkdir(parents=True, exist_ok=True)
    article_path = folder / "article.txt"
    article_path.write_bytes(article)
    argv = ["check", "--format", "json", "--no-cache", str(article_path)]
    if bib is not None:
        bib_path = folder / "references.bib"
        bib_path.write_bytes(bib)
        argv += ["--bib", str(bib_path)]
    if config is not None:
        (folder / "citeproof.toml").write_bytes(config)
        argv += ["--config", str(folder / "citeproof.toml")]
    return argv


def assert_property(outcome: Outcome) -> None:
    """Fail unless the outcome keeps the CLI's contract (see the module docstring)."""
    assert outcome.code in (0, 1, 2), outcome
    assert "Traceback" not in outcome.stderr, outcome.stderr
    if outcome.code in (0, 1):
        json.loads(outcome.stdout)
    else:
        lines = outcome.stderr.strip().splitlines()
        assert lines, "exit 2 with nothing on stderr"
        assert lines[-1].startswith("citeproof: error:"), outcome.stderr


#: Bounds of a case run in its own process: the campaign's (bench/fuzz.py) time limit and
#: address-space limit, so that a blow-up is a failure here rather than a swapping machine.
LIMIT_SECONDS = 20
LIMIT_BYTES = 2 * 2**30


def run_limited(argv: list[str], cwd: Path) -> Outcome:
    """Run `python -m citeproof argv` in `cwd` under the time and address-space limits."""
    import resource
    import subprocess
    import sys

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))

    done = subprocess.run(
        [sys.executable, "-m", "citeproof", *argv],
        cwd=cwd,
        capture_output=True,
        timeout=LIMIT_SECONDS,
        preexec_fn=limit,
    )
    return Outcome(
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )
