"""The on-disk cache of parsed bib files (citeproof.cache, bibliography.load_cached)."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from citeproof import cache
from citeproof.bib import loader as bib
from citeproof.errors import InputError
from citeproof.model import Bibliography

BIB = '@book{k, author = {M{\\"u}ller, K.}, title = {T}, year = 2020}\n'


@pytest.fixture
def bib_file(tmp_path: Path) -> Path:
    path = tmp_path / "refs.bib"
    path.write_text(BIB, encoding="utf-8")
    return path


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def stored_files(folder: Path) -> list[Path]:
    """The parsed-bib cache files under a cache directory."""
    folder = folder / "bib"
    return sorted(folder.glob("*.msgpack")) if folder.is_dir() else []


def forbid_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any real parse fail, so a passing load proves the cache answered."""

    def boom(text: str, path: str) -> Bibliography:
        raise AssertionError("parsed although cached")

    monkeypatch.setattr(bib, "parse", boom)


def test_second_load_comes_from_cache(
    bib_file: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = bib.load_cached(str(bib_file), str(cache_dir), True)
    assert first == bib.load(str(bib_file))
    assert len(stored_files(cache_dir)) == 1
    forbid_parse(monkeypatch)
    assert bib.load_cached(str(bib_file), str(cache_dir), True) == first


def test_changed_file_is_reparsed_and_replaces_entry(bib_file: Path, cache_dir: Path) -> None:
    bib.load_cached(str(bib_file), str(cache_dir), True)
    bib_file.write_text(BIB.replace("2020", "2021"), encoding="utf-8")
    assert bib.load_cached(str(bib_file), str(cache_dir), True).entries[0].year == "2021"
    assert len(stored_files(cache_dir)) == 1  # one file per source: the cache does not grow


def test_loader_version_change_invalidates(
    bib_file: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bib.load_cached(str(bib_file), str(cache_dir), True)
    monkeypatch.setattr(bib, "loader_version", lambda: "another-loader")
    calls: list[str] = []
    real_parse = bib.parse

    def counting(text: str, path: str) -> Bibliography:
        calls.append(path)
        return real_parse(text, path)

    monkeypatch.setattr(bib, "parse", counting)
    bib.load_cached(str(bib_file), str(cache_dir), True)
    assert calls == [str(bib_file)]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"not msgpack at all", id="garbage"),
        pytest.param(b"citeproof-cache 2 wrong-key\n\x90", id="other_key"),
        pytest.param(pickle.dumps(("other-format", "key", 42)), id="foreign_tuple"),
        pytest.param(pickle.dumps({"a": 1}), id="foreign_object"),
    ],
)
def test_corrupt_cache_is_rebuilt(bib_file: Path, cache_dir: Path, damage: bytes) -> None:
    expected = bib.load_cached(str(bib_file), str(cache_dir), True)
    (stored,) = stored_files(cache_dir)
    stored.write_bytes(damage)
    assert bib.load_cached(str(bib_file), str(cache_dir), True) == expected
    assert cache.read(cache_dir / "bib", os.path.abspath(bib_file), "anything", bib.codec()) is None
    (rebuilt,) = stored_files(cache_dir)
    assert rebuilt.read_bytes() != damage


def test_truncated_cache_is_rebuilt(bib_file: Path, cache_dir: Path) -> None:
    expected = bib.load_cached(str(bib_file), str(cache_dir), True)
    (stored,) = stored_files(cache_dir)
    stored.write_bytes(stored.read_bytes()[:40])
    assert bib.load_cached(str(bib_file), str(cache_dir), True) == expected


def test_unusable_cache_dir_still_loads(bib_file: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    loaded = bib.load_cached(str(bib_file), str(blocker / "cache"), True)
    assert loaded.entries[0].names[0].last == "Müller"


def test_no_cache_writes_nothing(bib_file: Path, cache_dir: Path) -> None:
    assert bib.load_cached(str(bib_file), str(cache_dir), False).entries
    assert not cache_dir.exists()


def test_env_var_overrides_default(
    bib_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_dir = tmp_path / "from-env"
    monkeypatch.setenv(cache.ENV_VAR, str(env_dir))
    bib.load_cached(str(bib_file), None, True)
    assert len(stored_files(env_dir)) == 1
    assert cache.directory(None) == env_dir
    assert cache.directory(str(tmp_path / "explicit")) == tmp_path / "explicit"


def test_default_dir_is_user_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.ENV_VAR, raising=False)
    assert "citeproof" in str(cache.directory(None))


def test_same_bytes_other_path_keeps_its_own_path(
    bib_file: Path, tmp_path: Path, cache_dir: Path
) -> None:
    other = tmp_path / "copy.bib"
    other.write_bytes(bib_file.read_bytes())
    bib.load_cached(str(bib_file), str(cache_dir), True)
    loaded = bib.load_cached(str(other), str(cache_dir), True)
    assert loaded.path == str(other) and loaded.entries[0].path == str(other)


def test_no_temporary_files_left(bib_file: Path, cache_dir: Path) -> None:
    bib.load_cached(str(bib_file), str(cache_dir), True)
    assert [p.name for p in (cache_dir / "bib").iterdir() if p.name.startswith(".tmp")] == []


def test_missing_file_still_raises(tmp_path: Path, cache_dir: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        bib.load_cached(str(tmp_path / "absent.bib"), str(cache_dir), True)


def test_loader_version_tracks_constant_and_code(monkeypatch: pytest.MonkeyPatch) -> None:
    current = bib.loader_version()
    assert current.startswith(bib.LOADER_VERSION + "-")
    monkeypatch.setattr(bib, "LOADER_VERSION", "changed")
    bib.loader_version.cache_clear()
    try:
        assert bib.loader_version() != current
    finally:
        monkeypatch.undo()
        bib.loader_version.cache_clear()
    assert bib.loader_version() == current


def test_model_signature_names_fields() -> None:
    signature = cache.model_signature(Bibliography)
    assert signature == "Bibliography(path,entries,problems,shadowed)"


def test_write_then_read_roundtrip(tmp_path: Path) -> None:
    codec = cache.Codec(())
    folder = tmp_path / "cache" / "part"
    cache.write(folder, "source", "key-1", {"value": [1, 2]}, codec)
    assert cache.read(folder, "source", "key-1", codec) == {"value": [1, 2]}
    assert cache.read(folder, "source", "key-2", codec) is None
    assert cache.read(folder, "other-source", "key-1", codec) is None
