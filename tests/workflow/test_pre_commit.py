"""The pre-commit hook, installed from this repository by the real `pre-commit` package.

Slow (pre-commit builds the hook's virtual environment, installing citeproof and its
dependencies from the package index), so it runs in .ci/run's slow suite. It installs the
hook at this repository's HEAD commit: what is committed is what gets tested.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

BIB = "@book{smith2020, author = {Smith, Ann}, title = {Things}, year = {2020}}\n"
PYPROJECT = '[tool.citeproof]\narticles = ["paper.md"]\nbib = "refs.bib"\n'


def git(folder: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=folder, env=env, capture_output=True, text=True, timeout=600
    )


@pytest.mark.slow
def test_hook_fails_a_bad_commit_and_passes_a_good_one(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if head.returncode != 0:
        pytest.skip("not a git checkout")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "CITEPROOF_CACHE_DIR": str(tmp_path / "cache"),
        # the hook's own environment, not the test's: no internal-error re-raising there
        "CITEPROOF_INTERNAL_ERRORS": "",
    }
    # pre-commit runs from the test's interpreter; its `git commit` hook script finds it there.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    repo = tmp_path / "paper"
    repo.mkdir()
    assert git(repo, "init", "-q", env=env).returncode == 0
    (repo / "refs.bib").write_text(BIB, encoding="utf-8")
    (repo / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (repo / "paper.md").write_text("As shown (Doe, 2019).\n", encoding="utf-8")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {ROOT}\n  rev: {head.stdout.strip()}\n  hooks:\n  - id: citeproof\n",
        encoding="utf-8",
    )
    install = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert install.returncode == 0, install.stderr
    git(repo, "add", "-A", env=env)
    bad = git(repo, "commit", "-qm", "bad citation", env=env)
    assert bad.returncode != 0, bad.stdout + bad.stderr
    assert "CP101" in bad.stdout + bad.stderr
    assert git(repo, "rev-parse", "HEAD", env=env).returncode != 0  # nothing committed

    (repo / "paper.md").write_text("As shown (Smith, 2020).\n", encoding="utf-8")
    git(repo, "add", "-A", env=env)
    good = git(repo, "commit", "-qm", "good citation", env=env)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "citeproof" in good.stdout + good.stderr  # the hook ran (and passed)
    assert git(repo, "rev-parse", "HEAD", env=env).returncode == 0
