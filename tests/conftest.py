"""Shared fixtures: where the repository, the sample article and ../shared live."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "real"
BIGBIB = SHARED / "corpus" / "bigbib"


@pytest.fixture(autouse=True)
def _isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep every test's parse cache out of the user's real cache folder."""
    monkeypatch.setenv("CITEPROOF_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture(autouse=True)
def _internal_errors_raise(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the CLI's last-resort guard re-raise, so a test that hits a bug fails loudly
    instead of passing on a tidy 'internal error' line and exit 2."""
    monkeypatch.setenv("CITEPROOF_INTERNAL_ERRORS", "raise")


def need_corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus/real is absent")
    return CORPUS
