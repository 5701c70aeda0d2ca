"""A new device's first `chenu sync`, killed (SIGKILL) at moments spread over
its run against a real server (uvicorn, SQLite and PostgreSQL), holds all of
the snapshot or none of it, and the next sync completes it."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from chenu_desktop.store import STORE_FILE
from tests.server.conftest import clone_postgres, postgres_template  # noqa: F401 - the session's cluster
from tests.sync_client.devices import Device, LiveServer, Person

THREADS = 2000
KILL_POINTS = (0.8, 0.9)
"""When to kill, as fractions of an uninterrupted first sync (from the start of
`chenu` to its exit): late, about where the snapshot loads."""


@pytest.fixture(params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LiveServer]:
    workdir = tmp_path / "server"
    if request.param == "sqlite":
        database_url = f"sqlite:///{tmp_path / 'server.db'}"
    else:
        database_url = clone_postgres(request.getfixturevalue("postgres_template"))
    live = LiveServer(database_url, workdir)
    live.start()
    try:
        yield live
    finally:
        live.stop()


def new_device(server: LiveServer, person: Person, data_dir: Path) -> Device:
    device = Device(data_dir)
    device.login(server, person)
    return device


def held(device: Device) -> tuple[int, bool]:
    """(threads, has a pull cursor) as the store stands after a kill."""
    with closing(sqlite3.connect(device.data_dir / STORE_FILE, timeout=30)) as conn:
        threads = conn.execute("SELECT count(*) FROM threads").fetchone()[0]
        cursor = conn.execute("SELECT value FROM sync_meta WHERE key = 'sync_cursor'").fetchone()
    return threads, cursor is not None


@pytest.mark.slow
def test_a_first_sync_killed_at_any_moment_loads_all_of_the_snapshot_or_nothing(server: LiveServer, tmp_path: Path) -> None:
    ana = server.register("ana")
    laptop = new_device(server, ana, tmp_path / "laptop")
    items = [{"title": f"Thread {n}", "founding_intent": "Why", "sphere_id": "personal"} for n in range(THREADS)]
    (tmp_path / "threads.json").write_text(json.dumps(items))
    laptop("threads", "import", str(tmp_path / "threads.json"))
    laptop.sync()

    timed = new_device(server, ana, tmp_path / "timed")
    started = time.monotonic()
    assert timed.sync()["pulled"] >= THREADS
    whole = time.monotonic() - started

    expected = laptop.state()
    assert timed.state() == expected
    outcomes = []
    for n, point in enumerate(KILL_POINTS):
        device = new_device(server, ana, tmp_path / f"killed-{n}")
        syncing = subprocess.Popen([*device.command, "sync"], env=device.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(whole * point)
        syncing.send_signal(signal.SIGKILL)
        syncing.wait(60)
        outcomes.append((point, syncing.returncode, *held(device)))
        assert outcomes[-1][2:] in {(0, False), (THREADS, True)}, f"half loaded: (point, exit, threads, cursor) {outcomes}"

        device.sync()
        assert device.state() == expected, f"(point, exit, threads, cursor) {outcomes}"
