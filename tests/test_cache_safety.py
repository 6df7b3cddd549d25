"""The on-disk cache cannot run code, hang, or change a result, whatever is planted in it.

Runs go through real `citeproof check` processes (a hang then fails by timeout instead of
stalling the suite) over the repository's sample article and bib, and every output is
compared with a `--no-cache` run of the same files.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import pickle
import re
import stat
import subprocess
import sys
from pathlib import Path

import msgpack
import pytest

from citeproof import cache, cli
from citeproof.bib import loader as bib
from citeproof.model import Bibliography

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "article" / "rutte-nato.txt"
BIB = ROOT / "references.bib"
CHECK = ["check", str(ARTICLE), "--bib", str(BIB), "--format", "json"]
TIMEOUT = 60
OTHER_UID = 65534  # "nobody"
as_root = pytest.mark.skipif(os.getuid() != 0, reason="needs root to give a file away")


class _Mkdir:
    """Unpickling this calls os.mkdir(marker): the proof that a pickle would run code."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self) -> tuple:
        return os.mkdir, (self.marker,)


def evil_pickle(marker: Path) -> bytes:
    return pickle.dumps(_Mkdir(marker), protocol=pickle.HIGHEST_PROTOCOL)


def run(
    *extra: str, timeout: float = TIMEOUT, fresh_process: bool = False
) -> subprocess.CompletedProcess[str]:
    """One `citeproof check`: in this process, or in a fresh one where a hang must become a
    timeout (FIFOs, devices) or runs must overlap."""
    if not fresh_process:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main([*CHECK, *extra])
        return subprocess.CompletedProcess(CHECK, code, out.getvalue(), err.getvalue())
    env = {k: v for k, v in os.environ.items() if k != cache.ENV_VAR}
    return subprocess.run(
        [sys.executable, "-m", "citeproof", *CHECK, *extra],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


@pytest.fixture(scope="module")
def reference() -> tuple[int, str]:
    done = run("--no-cache")
    assert done.returncode in (0, 1), done.stderr
    assert done.stdout.startswith("{")
    return done.returncode, done.stdout


@pytest.fixture(scope="module")
def layout(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, bytes]:
    """Every cache file a run of the sample writes (relative path → its header line)."""
    scout = tmp_path_factory.mktemp("scout") / "cache"
    assert run("--cache-dir", str(scout)).returncode in (0, 1)
    found = {
        path.relative_to(scout): path.read_bytes().split(b"\n", 1)[0] + b"\n"
        for path in scout.rglob("*")
        if path.is_file()
    }
    assert {p.parts[0] for p in found} == {"bib", "derived", "results"}
    return found


def same_as_reference(done: subprocess.CompletedProcess[str], reference: tuple[int, str]) -> None:
    assert "Traceback" not in done.stderr
    assert (done.returncode, done.stdout) == reference


def plant(folder: Path, layout: dict[Path, bytes], payload: bytes, headed: bool) -> None:
    for relative, header in layout.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        target.write_bytes((header if headed else b"") + payload)


def test_a_live_pickle_payload_does_run_code(tmp_path: Path) -> None:
    """The payload below is real: unpickling it makes the marker (so the tests can fail)."""
    marker = tmp_path / "ran"
    pickle.loads(evil_pickle(marker))
    assert marker.is_dir()


@pytest.mark.parametrize("headed", [False, True], ids=["bare", "behind_our_header"])
@pytest.mark.parametrize("when", ["cold", "replacing"])
def test_planted_pickle_never_runs(
    tmp_path: Path, layout: dict[Path, bytes], reference: tuple[int, str], when: str, headed: bool
) -> None:
    folder, marker = tmp_path / "cache", tmp_path / "ran"
    if when == "replacing":
        run("--cache-dir", str(folder))
        assert all((folder / relative).is_file() for relative in layout)
    plant(folder, layout, evil_pickle(marker), headed)
    same_as_reference(run("--cache-dir", str(folder)), reference)
    assert not marker.exists()
    # the planted files were rebuilt: a further run still answers the same
    same_as_reference(run("--cache-dir", str(folder)), reference)
    assert not marker.exists()


def test_fifo_at_a_cache_file_never_blocks(
    tmp_path: Path, layout: dict[Path, bytes], reference: tuple[int, str]
) -> None:
    folder = tmp_path / "cache"
    for relative in layout:
        (folder / relative).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.mkfifo(folder / relative)
    same_as_reference(run("--cache-dir", str(folder), timeout=30, fresh_process=True), reference)


def test_symlink_to_dev_zero_is_not_followed(
    tmp_path: Path, layout: dict[Path, bytes], reference: tuple[int, str]
) -> None:
    folder = tmp_path / "cache"
    for relative in layout:
        (folder / relative).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.symlink("/dev/zero", folder / relative)
    same_as_reference(run("--cache-dir", str(folder), timeout=30, fresh_process=True), reference)
    assert stat.S_ISCHR(os.stat("/dev/zero").st_mode)


@pytest.mark.parametrize("damage", ["truncated", "empty", "flipped"])
def test_damaged_files_are_rebuilt(
    tmp_path: Path, layout: dict[Path, bytes], reference: tuple[int, str], damage: str
) -> None:
    folder = tmp_path / "cache"
    run("--cache-dir", str(folder))
    for relative in layout:
        path = folder / relative
        data = path.read_bytes()
        if damage == "truncated":
            data = data[: len(data) * 2 // 3]
        elif damage == "empty":
            data = b""
        else:
            middle = len(data) // 2
            data = data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]
        path.write_bytes(data)
    same_as_reference(run("--cache-dir", str(folder)), reference)


def test_cache_folders_and_files_are_private(tmp_path: Path) -> None:
    folder = tmp_path / "deep" / "cache"
    run("--cache-dir", str(folder))
    for path in [folder, *folder.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path} is {oct(mode)}"
    assert stat.S_IMODE((tmp_path / "deep").stat().st_mode) == 0o700


@as_root
def test_another_users_file_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: tuple[int, str]
) -> None:
    folder = tmp_path / "cache"
    stored = bib.load_cached(str(BIB), str(folder), True)
    (path,) = (folder / "bib").iterdir()
    assert cache.read(folder / "bib", str(BIB), _key_of(path), bib.codec()) == stored
    os.chown(path, OTHER_UID, OTHER_UID)
    assert cache.read(folder / "bib", str(BIB), _key_of(path), bib.codec()) is None
    parsed: list[str] = []
    real_parse = bib.parse

    def counting(text: str, source: str) -> Bibliography:
        parsed.append(source)
        return real_parse(text, source)

    monkeypatch.setattr(bib, "parse", counting)
    assert bib.load_cached(str(BIB), str(folder), True) == stored
    assert parsed == [str(BIB)]
    for other in folder.rglob("*"):
        os.chown(other, OTHER_UID, OTHER_UID, follow_symlinks=False)
    same_as_reference(run("--cache-dir", str(folder)), reference)


@as_root
def test_another_users_folder_is_not_used(tmp_path: Path, reference: tuple[int, str]) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    os.chown(folder, OTHER_UID, OTHER_UID)
    same_as_reference(run("--cache-dir", str(folder)), reference)
    assert list(folder.iterdir()) == []


def test_symlinked_folder_is_not_used(tmp_path: Path, reference: tuple[int, str]) -> None:
    folder, elsewhere = tmp_path / "cache", tmp_path / "elsewhere"
    folder.mkdir(mode=0o700)
    elsewhere.mkdir(mode=0o700)
    for part in ("bib", "derived", "results"):
        (elsewhere / part).mkdir()
        os.symlink(elsewhere / part, folder / part)
    same_as_reference(run("--cache-dir", str(folder)), reference)
    assert [p for p in elsewhere.rglob("*") if p.is_file()] == []


@pytest.mark.parametrize(
    "count", [5, pytest.param(20, marks=pytest.mark.slow)], ids=["five", "twenty"]
)
def test_concurrent_runs_share_one_cache(
    tmp_path: Path, reference: tuple[int, str], count: int
) -> None:
    folder = tmp_path / "cache"
    env = {k: v for k, v in os.environ.items() if k != cache.ENV_VAR}
    command = [sys.executable, "-m", "citeproof", *CHECK, "--cache-dir", str(folder)]
    runs = [
        subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
        )
        for _ in range(count)
    ]
    outputs = []
    for process in runs:
        stdout, stderr = process.communicate(timeout=120)
        assert "Traceback" not in stderr
        outputs.append((process.returncode, stdout))
    assert outputs == [reference] * count
    assert not [p for p in folder.rglob(".tmp-*")]
    same_as_reference(run("--cache-dir", str(folder)), reference)


# --------------------------------------------------------------------------- the codec


def _key_of(path: Path) -> str:
    return path.read_bytes().split(b"\n", 1)[0].split(b" ")[2].decode()


def _hostile_payloads() -> list:
    """msgpack payloads as `Codec` writes them (fields whose type the class fixes are bare
    arrays; the top-level value is a one-key map tagged with its class's registry index)."""
    codec = bib.codec()
    tags = {cls.__name__: codec._tags[cls] for cls in codec.records}
    name = ("A", "", "B", "", False)
    entry = [
        "k", "book", ("title", "T"), (name,), "author", False,
        "2020", "", 1, 1, "refs.bib", (),
    ]  # fmt: skip

    def bibliography(*entries: object) -> dict:
        return {tags["Bibliography"]: ("refs.bib", tuple(entries), (), ())}

    def with_field(index: int, value: object) -> dict:
        changed = list(entry)
        changed[index] = value
        return bibliography(tuple(changed))

    deep: object = ()
    for _ in range(5000):
        deep = (deep,)
    return [
        pytest.param(bibliography(tuple(entry)), True, id="valid"),
        pytest.param({99: ()}, False, id="unregistered_tag"),
        pytest.param({"Bibliography": ()}, False, id="tag_by_name"),
        pytest.param(bibliography(tuple(entry[:-1])), False, id="arity"),
        pytest.param(with_field(6, 2020), False, id="year_is_int"),
        pytest.param(with_field(3, ("Smith",)), False, id="name_is_str"),
        pytest.param(with_field(3, (("A", "", "B", "", 0),)), False, id="name_flag_is_int"),
        pytest.param(with_field(3, ({tags["Name"]: name},)), False, id="tagged_where_bare"),
        pytest.param(with_field(2, ("title", 1)), False, id="field_value_int"),
        pytest.param(with_field(2, ("title",)), False, id="odd_dict"),
        pytest.param(with_field(5, 1), False, id="bool_is_int"),
        pytest.param(with_field(11, ("2021", 2022)), False, id="year_list_item_int"),
        pytest.param({tags["Bibliography"]: ("p", (), (), ()), 0: ()}, False, id="two_keys"),
        pytest.param({-1: "ab"}, False, id="dict_of_a_string"),
        pytest.param(with_field(0, {cache._SAME: 0}), False, id="reference_before_string"),
        pytest.param(with_field(0, {cache._STRING: 5}), False, id="long_string_not_a_string"),
        pytest.param(with_field(10, {cache._STRING: "x" * 5000}), True, id="long_string"),
        pytest.param(msgpack.ExtType(1, b"x"), False, id="extension_type"),
        pytest.param(deep, False, id="deep_nesting"),
    ]


@pytest.mark.parametrize(("payload", "valid"), _hostile_payloads())
def test_only_well_formed_registered_records_decode(
    tmp_path: Path, payload: object, valid: bool
) -> None:
    folder = tmp_path / "cache" / "bib"
    cache.write(folder, "src", "key", Bibliography("x", ()), bib.codec())
    (path,) = folder.iterdir()
    header = path.read_bytes().split(b"\n", 1)[0] + b"\n"
    try:
        data = msgpack.packb(payload, use_bin_type=True)
    except ValueError:  # nesting deeper than msgpack packs: hand-build the bytes
        data = b"\x91" * 5000 + b"\x90"
    path.write_bytes(header + data)
    result = cache.read(folder, "src", "key", bib.codec())
    assert isinstance(result, Bibliography) if valid else result is None


def test_codec_round_trips_and_rejects_unregistered(tmp_path: Path) -> None:
    loaded = bib.load(str(BIB))
    codec = bib.codec()
    assert codec.decode(codec.encode(loaded)) == loaded
    with pytest.raises(TypeError):
        codec.encode(tmp_path)  # a Path is not a registered record
    folder = tmp_path / "cache" / "part"
    cache.write(folder, "src", "key", tmp_path, codec)
    assert not folder.exists() or list(folder.iterdir()) == []


def test_oversized_file_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "big"
    path.write_bytes(b"x" * 100)
    assert cache.read_bytes(path, limit=99) is None
    assert cache.read_bytes(path, limit=100) == b"x" * 100


def test_no_pickle_anywhere_in_the_package() -> None:
    """No module of citeproof imports a code-capable serialiser."""
    serialiser = re.compile(r"^\s*(?:import|from)\s+(?:c?pickle|marshal|shelve|dill)\b", re.M)
    package = Path(cache.__file__).parent
    offenders = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if serialiser.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_every_cache_answers_a_warm_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A field whose value strays from its annotation would make its cache miss forever."""
    from citeproof import api
    from citeproof.config import Config
    from citeproof.manuscript import document as documents
    from citeproof.names import variants as nv

    # CP302 (off by default) gathers the whole bib's name evidence, which is then stored;
    # CP301 alone reads only the part an article's names can meet, per article.
    config = dataclasses.replace(
        Config(),
        articles=(str(ARTICLE),),
        bib=str(BIB),
        cache_dir=str(tmp_path / "cache"),
        select=("CP202", "CP301", "CP302"),
    )
    checked = api.check(config)
    articles = [documents.read(str(ARTICLE))]
    assert api._ResultCache(config, articles, BIB.read_bytes()).read() == checked
    loaded = api.load_bibliography(str(BIB), config)
    entries = loaded.bibliography.entries
    assert loaded.memo == {
        "bib.names-evidence": nv.scan_bibliography(entries),
        "bib.author-variants": nv.find_author_variants(entries),
    }

    def no_parse(text: str, source: str) -> Bibliography:
        raise AssertionError("parsed although cached")

    monkeypatch.setattr(bib, "parse", no_parse)
    assert bib.load_cached(str(BIB), config.cache_dir, True) == loaded.bibliography
