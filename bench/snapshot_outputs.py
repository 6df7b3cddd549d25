"""Snapshot every CLI output on the sample, the seed, the corpus and the benchmark case.

Run: python bench/snapshot_outputs.py OUT_DIR [--corpus DIR] [--seed DIR] [--bigbib-dir DIR]

A refactor that claims "behaviour unchanged" runs this before and after and compares the two
folders with `diff -r`: every stdout, stderr and exit code must be byte-identical. The CLI
runs in this process through `citeproof.cli.main` (process start-up would dominate otherwise)
with the parse cache off, from a folder without a pyproject.toml so no [tool.citeproof]
configuration leaks in (except for the repository's own sample, which runs from the root on
purpose: that is how the README invokes it).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def run(argv: list[str]) -> tuple[int, str, str]:
    """Run the CLI in-process; return (exit code, stdout, stderr)."""
    from citeproof import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


def record(out_dir: Path, name: str, argv: list[str]) -> None:
    """Write the outputs of one CLI run to OUT_DIR/name.{out,err,rc}."""
    code, stdout, stderr = run(argv)
    # Paths of temporary folders differ between runs; print them as a fixed token.
    stdout = stdout.replace(os.getcwd(), "<cwd>")
    stderr = stderr.replace(os.getcwd(), "<cwd>")
    (out_dir / f"{name}.out").write_text(stdout, encoding="utf-8")
    (out_dir / f"{name}.err").write_text(stderr, encoding="utf-8")
    (out_dir / f"{name}.rc").write_text(f"{code}\n", encoding="utf-8")


def check_runs(out_dir: Path, name: str, article: str, bib: str, extra: list[str]) -> None:
    """`check` in text and JSON, and `refs`, with the given extra options."""
    base = [article, "--bib", bib, "--no-cache", *extra]
    record(out_dir, f"{name}.check.text", ["check", *base])
    record(out_dir, f"{name}.check.json", ["check", *base, "--format", "json"])
    style = [o for o in extra if o != "--style"]
    refs = ["refs", article, "--bib", bib, "--no-cache"]
    if style:
        refs += ["--style", style[0]]
    record(out_dir, f"{name}.refs", refs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "real")
    parser.add_argument("--seed", type=Path, default=SHARED / "seed")
    parser.add_argument("--bigbib-dir", type=Path, default=SHARED / "corpus" / "bigbib")
    parser.add_argument("--skip-bench", action="store_true", help="leave out the book case")
    options = parser.parse_args(argv)
    out_dir: Path = options.out.resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    corpus, seed, bigbib = (p.resolve() for p in (options.corpus, options.seed, options.bigbib_dir))

    with tempfile.TemporaryDirectory(prefix="citeproof-snap-") as tmp:
        folder = Path(tmp)
        os.environ["CITEPROOF_CACHE_DIR"] = str(folder / "cache")  # never the user's cache
        previous = os.getcwd()
        try:
            # The repository's sample, run as the README runs it: from the root.
            os.chdir(ROOT)
            record(out_dir, "rules", ["rules"])
            record(out_dir, "sample.check.default", ["check", "--no-cache"])
            record(out_dir, "sample.check.json", ["check", "--no-cache", "--format", "json"])
            record(out_dir, "sample.refs.default", ["refs", "--no-cache"])
            os.chdir(folder)
            sample, sample_bib = str(ROOT / "article/rutte-nato.txt"), str(ROOT / "references.bib")
            for style in ([], ["--style", "chicago"]):
                tag = "sample" + ("" if not style else ".chicago")
                check_runs(out_dir, tag, sample, sample_bib, style)
            for article in sorted(seed.glob("*.txt")):
                for style in ([], ["--style", "chicago"]):
                    tag = f"seed.{article.stem}" + ("" if not style else ".chicago")
                    check_runs(out_dir, tag, str(article), sample_bib, style)
                record(
                    out_dir,
                    f"seed.{article.stem}.extract-refs",
                    ["extract-refs", str(article)],
                )
                record(out_dir, f"seed.{article.stem}.refs-own-list", ["refs", str(article)])
            for paper in sorted(p for p in corpus.iterdir() if p.is_dir()):
                bib = str(paper / "references.bib")
                for style in ("apa", "chicago"):
                    article = paper / f"article.{style}.txt"
                    if not article.is_file():
                        continue
                    for extra in ([], ["--style", style]):
                        tag = f"corpus.{paper.name}.{style}" + ("" if not extra else ".styled")
                        check_runs(out_dir, tag, str(article), bib, extra)
            if not options.skip_bench:
                sys.path.insert(0, str(ROOT / "bench"))
                import bench_check

                book = folder / "book.txt"
                big = bigbib / "iridia-10k.bib"
                bench_check.generate(big, book, 200_000, 5_000, bench_check.SEED)
                record(
                    out_dir,
                    "bench.book.check.text",
                    ["check", str(book), "--bib", str(big), "--no-cache"],
                )
                record(
                    out_dir,
                    "bench.book.check.json",
                    ["check", str(book), "--bib", str(big), "--no-cache", "--format", "json"],
                )
                (out_dir / "bench.book.article").write_text(
                    book.read_text(encoding="utf-8"), encoding="utf-8"
                )
        finally:
            os.chdir(previous)
    print(f"snapshot: {len(list(out_dir.iterdir()))} files in {out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
