"""The HTTP cache (requests-cache over SQLite) cannot run code or hang, whatever is planted."""

from __future__ import annotations

import os
import pickle
import sqlite3
import stat
import threading
from pathlib import Path

import pytest

from citeproof.online.http import Client
from citeproof.online.settings import Settings

OTHER_UID = 65534


class _Mkdir:
    """Unpickling this calls os.mkdir(marker): the proof that a pickle would run code."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self) -> tuple:
        return os.mkdir, (self.marker,)


def fetch(server, make_config, timeout: float = 20) -> tuple[int, bytes, bool]:
    """GET one URL through a fresh Client, in a thread, failing (not hanging) past `timeout`."""
    settings = Settings.from_config(make_config(), environ={})
    answer: list[tuple[int, bytes, bool]] = []

    def go() -> None:
        with Client(settings) as client:
            reply = client.get(server.url_for("/crossref/works/10.1000/x"))
            answer.append((reply.status, reply.body, reply.from_cache))

    worker = threading.Thread(target=go, daemon=True)
    worker.start()
    worker.join(timeout)
    assert answer, "the client hung or failed"
    return answer[0]


@pytest.fixture
def database(server, tmp_path: Path) -> Path:
    server.expect_request("/crossref/works/10.1000/x").respond_with_json({"ok": 1})
    return tmp_path / "cache" / "online" / "http.sqlite"


def test_responses_are_stored_as_json_and_served(server, make_config, database: Path) -> None:
    assert fetch(server, make_config)[2] is False
    status, body, from_cache = fetch(server, make_config)
    assert (status, from_cache) == (200, True) and b'"ok"' in body
    with sqlite3.connect(database) as connection:
        values = [row[0] for row in connection.execute("SELECT value FROM responses")]
    assert values and all(isinstance(v, str | bytes) for v in values)
    for value in values:
        text = value.decode() if isinstance(value, bytes) else value
        assert text.lstrip().startswith("{")  # JSON, not a pickle stream (b"\x80...")
    assert stat.S_IMODE(database.parent.stat().st_mode) == 0o700


def test_planted_pickle_row_never_runs(server, make_config, database: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    fetch(server, make_config)
    payload = pickle.dumps(_Mkdir(marker), protocol=pickle.HIGHEST_PROTOCOL)
    with sqlite3.connect(database) as connection:
        assert connection.execute("UPDATE responses SET value = ?", (payload,)).rowcount >= 1
    status, body, from_cache = fetch(server, make_config)
    assert (status, from_cache) == (200, False) and b'"ok"' in body  # a miss, asked again
    assert not marker.exists()


def _plant_fifo(path: Path) -> None:
    os.mkfifo(path)


def _plant_dev_zero(path: Path) -> None:
    os.symlink("/dev/zero", path)


def _plant_garbage(path: Path) -> None:
    path.write_bytes(b"this is not a database" * 100)


def _plant_foreign(path: Path) -> None:
    sqlite3.connect(path).close()
    os.chown(path, OTHER_UID, OTHER_UID)


@pytest.mark.parametrize(
    "plant",
    [
        pytest.param(_plant_fifo, id="fifo"),
        pytest.param(_plant_dev_zero, id="symlink_to_dev_zero"),
        pytest.param(_plant_garbage, id="garbage"),
        pytest.param(
            _plant_foreign,
            id="another_users_file",
            marks=pytest.mark.skipif(os.getuid() != 0, reason="needs root"),
        ),
    ],
)
@pytest.mark.parametrize("suffix", ["", "-journal"])
def test_planted_database_file_is_replaced(
    server, make_config, database: Path, plant, suffix: str
) -> None:
    database.parent.mkdir(parents=True, mode=0o700)
    target = database.with_name(database.name + suffix)
    plant(target)
    status, body, _ = fetch(server, make_config)
    assert status == 200 and b'"ok"' in body
    assert stat.S_ISCHR(os.stat("/dev/zero").st_mode)
    info = os.lstat(database)
    assert stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid()
    assert fetch(server, make_config)[2] is True  # the rebuilt cache works


def test_folder_of_another_user_means_no_cache(server, make_config, database: Path) -> None:
    if os.getuid() != 0:
        pytest.skip("needs root to give a folder away")
    database.parent.mkdir(parents=True)
    os.chown(database.parent, OTHER_UID, OTHER_UID)
    assert fetch(server, make_config)[:1] == (200,)
    assert fetch(server, make_config)[2] is False  # nothing cached, nothing written
    assert list(database.parent.iterdir()) == []
