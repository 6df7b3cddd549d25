"""Fuzz campaign: mutate real articles and bibs, run `citeproof check` on each, check the contract.

Sources: the sample (article/*.txt with references.bib), ../shared/seed, every corpus paper
under ../shared/corpus/real (both renderings, with its bib), and hostile constructions built
from the tables in tests/fuzz/strategies.py. Each case picks a source, applies 1-6 structural
mutations (hostile characters, typed-list items, BibTeX constructions, slices deleted or
repeated, lines swapped, line ends, encodings, very long lines, truncation), and is run with
its bib or without one (the check then uses the article's own typed list), sometimes with a
hostile config file, sometimes with a cold cache instead of --no-cache.

The property for every case: exit code in {0, 1, 2}; on 0/1 stdout is one JSON document; on
2 the last line of stderr starts with `citeproof: error:`; no `Traceback` anywhere; the run
ends within --timeout seconds (default 20) under an address-space limit (--memory, default
2 GiB). A failing case's files and outcome are saved under OUT/failures/<case>/.

Two ways to run a case: `--mode fork` (default) forks a process that has already imported
citeproof and calls `citeproof.cli.main(argv)` in it (the real CLI without the interpreter's
start-up, ~10x faster); `--mode exec` starts `python -m citeproof` afresh for each case.
Either way the case runs in its own process, limited and timed by the parent.

    python bench/fuzz.py --cases 10000 --seed 1 --jobs 2 --out /tmp/fuzz-1
    python bench/fuzz.py --cases 500 --seed 2 --jobs 2 --mode exec --out /tmp/fuzz-2

Cases are numbered; case i of seed s is the same on every run, so `--start`/`--cases` split
a campaign into chunks and `--only i` replays one case.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The shared seed and corpus folders (override with --shared when running from a copy).
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from tests.fuzz import strategies as tables  # noqa: E402

# --------------------------------------------------------------------------- sources


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    article: bytes
    bib: bytes | None


def sources(shared: Path = SHARED) -> list[Source]:
    """Every article we can mutate, paired with its bib when it has one."""
    found = []
    sample_bib = (ROOT / "references.bib").read_bytes()
    for path in sorted((ROOT / "article").glob("*.txt")):
        found.append(Source(f"sample/{path.name}", path.read_bytes(), sample_bib))
    seed = shared / "seed"
    for path in sorted(seed.glob("*.txt")) if seed.is_dir() else ():
        found.append(Source(f"seed/{path.name}", path.read_bytes(), sample_bib))
    corpus = shared / "corpus" / "real"
    for folder in sorted(p for p in corpus.iterdir() if p.is_dir()) if corpus.is_dir() else ():
        bib = folder / "references.bib"
        for article in sorted(folder.glob("article.*.txt")):
            found.append(
                Source(
                    f"corpus/{folder.name}/{article.name}",
                    article.read_bytes(),
                    bib.read_bytes() if bib.is_file() else None,
                )
            )
    return found


def hostile(rng: random.Random) -> Source:
    """A small article and bib assembled only from the hostile tables."""
    body = " ".join(
        rng.choice(
            [
                *tables.HOSTILE_CHARS,
                "(Smith, 2020)",
                "Lau (2024a)",
                "(see Orbán et al., 2019, p. 4; Ng, n.d.)",
                "(Smith & Lau 2020",
                "[van der Berg; 1999]",
            ]
        )
        for _ in range(rng.randint(0, 30))
    )
    items = [rng.choice(tables.HOSTILE_ITEMS) for _ in range(rng.randint(0, 12))]
    heading = rng.choice(tables.HEADINGS)
    article = body + "\n\n" + (heading + "\n\n" if heading else "") + "\n\n".join(items)
    bib = "\n".join(rng.choice(tables.HOSTILE_BIB) for _ in range(rng.randint(0, 20)))
    return Source("hostile", article.encode(), bib.encode())


# --------------------------------------------------------------------------- mutations


def _decode(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def _spot(rng: random.Random, text: str) -> int:
    return rng.randint(0, len(text))


def m_insert_char(rng, text, kind):
    at = _spot(rng, text)
    return text[:at] + rng.choice(tables.HOSTILE_CHARS) * rng.choice([1, 1, 2, 50]) + text[at:]


def m_insert_line(rng, text, kind):
    lines = text.split("\n")
    pool = tables.HOSTILE_BIB if kind == "bib" else tables.HOSTILE_ITEMS + tables.HEADINGS
    for _ in range(rng.randint(1, 4)):
        lines.insert(rng.randint(0, len(lines)), rng.choice(pool))
    return "\n".join(lines)


def m_delete_slice(rng, text, kind):
    a = _spot(rng, text)
    return text[:a] + text[a + rng.choice([1, 2, 10, 100, 1000]) :]


def m_repeat_slice(rng, text, kind):
    a = _spot(rng, text)
    piece = text[a : a + rng.choice([1, 5, 40, 400])]
    return text[:a] + piece * rng.choice([2, 3, 20]) + text[a:]


def m_swap_lines(rng, text, kind):
    lines = text.split("\n")
    if len(lines) > 1:
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def m_replace_chars(rng, text, kind):
    chars = list(text)
    for _ in range(rng.randint(1, 20)):
        if chars:
            chars[rng.randrange(len(chars))] = rng.choice("{}()[]@#,;&\"'\\%$—–. \n")
    return "".join(chars)


def m_dashes(rng, text, kind):
    """Repeat-author dashes where names start lines (Chicago's "———. 2019.")."""
    lines = text.split("\n")
    for i in rng.sample(range(len(lines)), min(len(lines), rng.randint(1, 8))):
        lines[i] = rng.choice(["———. ", "—", "— ", "——, and "]) + lines[i][rng.randint(0, 12) :]
    return "\n".join(lines)


def m_long_line(rng, text, kind):
    at = _spot(rng, text)
    unit = rng.choice(["(Smith, 2020) ", "a", "(", "{", "Smith & ", "—", "\u0301", "@misc{"])
    return text[:at] + unit * rng.randint(2_000, 40_000) + text[at:]


def m_truncate(rng, text, kind):
    return text[: _spot(rng, text)]


def m_braces(rng, text, kind):
    at = _spot(rng, text)
    return text[:at] + rng.choice(["{", "}", "{{", "}}", "\\{", "{\\'", "#", " # "]) + text[at:]


def m_years(rng, text, kind):
    import re

    return re.sub(
        r"\b(1[89]|20)\d\d\b",
        lambda m: rng.choice([m.group(0), m.group(0) + "a", "n.d.", "0000", m.group(0) + "z"]),
        text,
        count=rng.randint(1, 30),
    )


def m_bib_loops(rng, text, kind):
    """Crossref/xdata loops, string macros and `#` joins added to existing entries."""
    import re

    # Bounded quantifiers: the text may hold a 40,000-character run of "@misc{".
    head = r"@\w{1,20}\s{0,3}\{\s{0,3}([^,\s{}@]{1,60})\s{0,3},"
    keys = re.findall(head, text) or ["k"]
    extra = rng.choice(
        [
            f"crossref = {{{rng.choice(keys)}}},",
            f"xdata = {{{rng.choice(keys)}}},",
            "author = a # { and } # b,",
            "title = s1 # s1,",
            "author = {others},",
            "year = {2020} # {a},",
        ]
    )
    return re.sub(f"({head})", lambda m: m.group(1) + " " + extra, text, count=3)


MUTATIONS = [
    m_insert_char,
    m_insert_char,
    m_insert_line,
    m_insert_line,
    m_delete_slice,
    m_repeat_slice,
    m_swap_lines,
    m_replace_chars,
    m_dashes,
    m_long_line,
    m_truncate,
    m_braces,
    m_years,
    m_bib_loops,
]


def mutate(rng: random.Random, data: bytes, kind: str) -> tuple[bytes, list[str]]:
    """Apply 1-6 mutations, then maybe change line ends and the encoding."""
    text = _decode(data)
    applied = []
    for _ in range(rng.randint(1, 6)):
        operator = rng.choice(MUTATIONS)
        text = operator(rng, text, kind)
        applied.append(operator.__name__)
    newline = rng.choice(["\n"] * 6 + ["\r\n", "\r"])
    if newline != "\n":
        text = text.replace("\n", newline)
        applied.append(f"newline={newline!r}")
    encoding = rng.choice(["utf-8"] * 8 + ["utf-8-sig", "utf-16", "latin-1", "cp1252"])
    if encoding != "utf-8":
        applied.append(f"encoding={encoding}")
    if encoding == "utf-8-sig":
        return b"\xef\xbb\xbf" + _encode(text), applied
    if encoding in ("utf-16", "latin-1", "cp1252"):
        return text.encode(encoding, "replace"), applied
    return _encode(text), applied


# --------------------------------------------------------------------------- cases


@dataclass(slots=True)
class Case:
    number: int
    source: str
    article: bytes
    bib: bytes | None
    config: bytes | None
    cache: bool
    mutations: list[str] = field(default_factory=list)


def make_case(number: int, seed: int, pool: list[Source]) -> Case:
    """Case `number` of campaign `seed`: the same bytes on every run."""
    rng = random.Random(f"{seed}:{number}")
    source = hostile(rng) if rng.random() < 0.2 else rng.choice(pool)
    applied: list[str] = []
    article = source.article
    if rng.random() < 0.9:
        article, done = mutate(rng, article, "article")
        applied += [f"article:{m}" for m in done]
    bib = source.bib if rng.random() < 0.6 else None
    if bib is not None and rng.random() < 0.6:
        bib, done = mutate(rng, bib, "bib")
        applied += [f"bib:{m}" for m in done]
    config = None
    if rng.random() < 0.08:
        config = "".join(rng.choice(tables.CONFIG_PIECES) for _ in range(rng.randint(1, 4)))
        config = config.encode("utf-8", "surrogateescape")
    return Case(number, source.name, article, bib, config, rng.random() < 0.2, applied)


def write(case: Case, folder: Path) -> list[str]:
    """Write the case's files into `folder`; return the check's argv."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "article.txt").write_bytes(case.article)
    argv = ["check", "--format", "json", "article.txt"]
    if case.bib is not None:
        (folder / "references.bib").write_bytes(case.bib)
        argv += ["--bib", "references.bib"]
    if case.config is not None:
        (folder / "citeproof.toml").write_bytes(case.config)
        argv += ["--config", "citeproof.toml"]
    argv += ["--cache-dir", str(folder / "cache")] if case.cache else ["--no-cache"]
    return argv


# --------------------------------------------------------------------------- running


@dataclass(slots=True)
class Result:
    number: int
    source: str
    code: int
    seconds: float
    peak_rss_kib: int
    failure: str | None
    error: str = ""  # on exit 2: the error line's gist, for the summary's tally


def judge(code: int, stdout: bytes, stderr: bytes, timed_out: bool) -> str | None:
    """Why the outcome breaks the contract, or None when it keeps it."""
    if timed_out:
        return "hang"
    err = stderr.decode("utf-8", "replace")
    if "Traceback" in err:
        return "traceback"
    if code not in (0, 1, 2):
        return f"exit {code}"
    if code in (0, 1):
        try:
            json.loads(stdout)
        except ValueError:
            return "bad json"
    else:
        lines = err.strip().splitlines()
        if not lines or not lines[-1].startswith("citeproof: error:"):
            return "bad error line"
    return None


def _limit(memory: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


def _child(argv: list[str], folder: Path, memory: int, mode: str) -> None:
    """In the forked process: run the case with stdout/stderr to files; never return."""
    try:
        os.chdir(folder)
        out = os.open("stdout", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        err = os.open("stderr", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(out, 1)
        os.dup2(err, 2)
        _limit(memory)
        if mode == "exec":
            os.execv(sys.executable, [sys.executable, "-m", "citeproof", *argv])
        from citeproof.cli import main

        code = main(argv)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    except SystemExit as exc:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(exc.code if isinstance(exc.code, int) else 2)
    except BaseException:
        import traceback

        traceback.print_exc()
        sys.stderr.flush()
        os._exit(70)


def campaign(args: argparse.Namespace) -> dict:
    pool = sources(Path(args.shared))
    out = Path(args.out)
    failures = out / "failures"
    failures.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="citeproof-fuzz-"))
    numbers = (
        [args.only] if args.only is not None else list(range(args.start, args.start + args.cases))
    )
    if args.mode == "fork":
        # Import everything a check uses once, so each forked case starts warm.
        import citeproof.api
        import citeproof.cli
        import citeproof.commands.check
        import citeproof.rules  # noqa: F401
    env_cache = os.environ.setdefault("CITEPROOF_CACHE_DIR", str(work / "user-cache"))
    del env_cache
    results: list[Result] = []
    running: dict[int, tuple[Case, Path, float]] = {}
    pending = list(reversed(numbers))
    started = time.perf_counter()
    while pending or running:
        while pending and len(running) < args.jobs:
            case = make_case(pending.pop(), args.seed, pool)
            folder = work / str(case.number)
            argv = write(case, folder)
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                _child(argv, folder, args.memory, args.mode)
            running[pid] = (case, folder, time.perf_counter())
        pid, status, usage = os.wait4(-1, os.WNOHANG)
        now = time.perf_counter()
        if pid == 0:
            for other, (case, _folder, begun) in list(running.items()):
                if now - begun > args.timeout:
                    os.kill(other, signal.SIGKILL)
                    _, status, usage = os.wait4(other, 0)
                    results.append(
                        _finish(case, running.pop(other), status, usage, now, True, failures)
                    )
            time.sleep(0.002)
            continue
        case = running[pid][0]
        results.append(_finish(case, running.pop(pid), status, usage, now, False, failures))
        done = len(results)
        if args.progress and done % args.progress == 0:
            bad = sum(1 for r in results if r.failure)
            print(f"{done}/{len(numbers)} cases, {bad} failing", file=sys.stderr, flush=True)
    elapsed = time.perf_counter() - started
    shutil.rmtree(work, ignore_errors=True)
    return summarise(args, results, elapsed, len(pool))


def _finish(case, entry, status, usage, now, timed_out, failures: Path) -> Result:
    _, folder, begun = entry
    code = os.waitstatus_to_exitcode(status)
    stdout = (folder / "stdout").read_bytes() if (folder / "stdout").exists() else b""
    stderr = (folder / "stderr").read_bytes() if (folder / "stderr").exists() else b""
    failure = judge(code, stdout, stderr, timed_out)
    if failure:
        saved = failures / f"{case.number:06d}"
        shutil.rmtree(saved, ignore_errors=True)
        shutil.copytree(folder, saved, ignore=shutil.ignore_patterns("cache"))
        (saved / "case.json").write_text(
            json.dumps(
                {
                    "case": case.number,
                    "source": case.source,
                    "mutations": case.mutations,
                    "code": code,
                    "failure": failure,
                    "stderr_tail": stderr.decode("utf-8", "replace")[-3000:],
                },
                indent=2,
            )
        )
    shutil.rmtree(folder, ignore_errors=True)
    gist = ""
    if code == 2:
        import re

        # Bounded before the regex: an error line may quote a long input line, and `\S*`
        # scans are quadratic on a long run without spaces.
        last = (stderr.decode("utf-8", "replace").strip().splitlines() or [""])[-1][:200]
        gist = re.sub(r"\S*(article\.txt|references\.bib|citeproof\.toml)\S*", "FILE", last)
        gist = re.sub(r"\(.*", "", gist)[:70]
    return Result(case.number, case.source, code, now - begun, usage.ru_maxrss, failure, gist)


def summarise(args: argparse.Namespace, results: list[Result], elapsed: float, sources: int):
    times = sorted(r.seconds for r in results)
    codes: dict[str, int] = {}
    kinds: dict[str, int] = {}
    errors: dict[str, int] = {}
    for r in results:
        if r.error:
            errors[r.error] = errors.get(r.error, 0) + 1
        codes[str(r.code)] = codes.get(str(r.code), 0) + 1
        if r.failure:
            kinds[r.failure] = kinds.get(r.failure, 0) + 1

    def pct(p: float) -> float:
        return round(times[min(len(times) - 1, int(p * len(times)))], 3) if times else 0.0

    slowest = max(results, key=lambda r: r.seconds, default=None)
    return {
        "seed": args.seed,
        "mode": args.mode,
        "start": args.start,
        "cases": len(results),
        "jobs": args.jobs,
        "sources": sources,
        "elapsed_seconds": round(elapsed, 1),
        "exit_codes": dict(sorted(codes.items())),
        "failures": kinds,
        "error_lines": dict(sorted(errors.items(), key=lambda kv: -kv[1])[:15]),
        "failing_cases": [r.number for r in results if r.failure],
        "seconds": {"p50": pct(0.5), "p99": pct(0.99), "max": times[-1] if times else 0},
        "slowest": asdict(slowest) if slowest else None,
        "peak_rss_mib": round(max((r.peak_rss_kib for r in results), default=0) / 1024, 1),
        "timeout_seconds": args.timeout,
        "memory_limit_mib": args.memory // 2**20,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--start", type=int, default=0, help="first case number")
    parser.add_argument("--only", type=int, help="replay this one case number")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--mode", choices=("fork", "exec"), default="fork")
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument("--memory", type=int, default=2 * 2**30, help="RLIMIT_AS in bytes")
    parser.add_argument("--out", default="fuzz-out")
    parser.add_argument("--shared", default=str(SHARED), help="folder with seed/ and corpus/")
    parser.add_argument("--progress", type=int, default=500, help="report every N cases")
    args = parser.parse_args()
    summary = campaign(args)
    Path(args.out, "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary, indent=2))
    return 1 if summary["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
