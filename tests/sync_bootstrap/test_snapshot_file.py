"""The snapshot as a file: the server keeps it while nothing changes and
never hands one person's to another; the device checks it before loading
(a file cut short, damaged or of someone else is refused with the store
untouched), and an empty store loads it without the write-ahead log into
the same rows as the usual load.

The server runs in this process (its ASGI app), on SQLite and on PostgreSQL;
the devices run the real engine, `Remote` and store."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from chenu_desktop.store import STORE_FILE
from chenu_desktop.sync.errors import SyncError
from chenu_desktop.sync.state import ROLES_KEY
from sync_server.models import User
from tests.server.helpers import auth_headers
from tests.sync_bootstrap.conftest import (
    SERVER_URL,
    SNAPSHOT_PATH,
    Device,
    InProcessServer,
    Wire,
)
from tests.sync_bootstrap.test_bootstrap import some_work

THREADS = 3000
Tamper = Callable[[bytes], bytes]


class TamperingWire(Wire):
    """A wire that hands the device the next snapshot changed by `tamper`
    (as a broken connection, a bad disk or a wrong server would)."""

    def __init__(self, app: FastAPI, tamper: Tamper) -> None:
        super().__init__(app)
        self.tamper: Tamper | None = tamper

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if request.url.path != SNAPSHOT_PATH or self.tamper is None:
            return response
        content, self.tamper = self.tamper(response.content), None
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        return httpx.Response(response.status_code, headers=headers, content=content, request=request)


def many_threads(server: InProcessServer, person: User, count: int = THREADS) -> None:
    """Threads written on the server itself (logged, as a push would)."""
    rows = [{"workspace_id": person.personal_workspace_id, "title": f"Thread {n}", "sphere_id": "personal",
             "founding_intent": "Why " * 20} for n in range(count)]
    with server.app.state.store.write() as tx:
        tx.writer.insert_many("threads", rows)


def download(server: InProcessServer, person: User) -> bytes:
    wire = Wire(server.app)
    server.wires.append(wire)
    with httpx.Client(transport=wire, base_url=SERVER_URL) as http:
        response = http.get(SNAPSHOT_PATH, headers=auth_headers(server.app, person))
    assert response.status_code == 200, response.text
    return response.content


def meta_and_titles(content: bytes) -> tuple[dict[str, str], list[str]]:
    conn = sqlite3.connect(":memory:")
    conn.deserialize(content)
    meta = dict(conn.execute("SELECT key, value FROM snapshot_meta").fetchall())
    return meta, sorted(title for (title,) in conn.execute("SELECT title FROM threads"))


def wal_bytes(device: Device) -> int:
    wal = device.data_dir / f"{STORE_FILE}-wal"
    return wal.stat().st_size if wal.exists() else 0


def test_an_empty_store_loads_the_rows_once_and_the_same_as_the_usual_load(server: InProcessServer) -> None:
    ana = server.person("ana@example.com")
    laptop = server.device("laptop", ana)
    some_work(laptop)
    laptop.sync()
    many_threads(server, ana)
    quick, usual = server.device("quick", ana), server.device("usual", ana)

    # Another program holds the usual device's store open (the CLI, a reader):
    # its store cannot leave WAL, so it loads the usual way.
    with closing(sqlite3.connect(usual.data_dir / STORE_FILE)) as other:
        other.execute("SELECT count(*) FROM threads").fetchone()
        usual_report = usual.sync()
    quick_report = quick.sync()

    assert quick.state() == usual.state() == server.state()  # rows and field clocks
    assert quick_report.pulled == usual_report.pulled >= THREADS
    for key in (ROLES_KEY, "sync_cursor"):
        assert quick.store.get_meta(key) == usual.store.get_meta(key)
    with closing(sqlite3.connect(quick.data_dir / STORE_FILE)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # back to WAL for everyday writes
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    # The usual load went through the log (written twice); the empty store's did not.
    assert wal_bytes(quick) * 4 < wal_bytes(usual)

    laptop.services.threads.add("personal", "After the first sync", "Why")
    laptop.sync()
    quick.sync()
    assert quick.state() == server.state()


def cut_short(content: bytes) -> bytes:
    return content[: len(content) // 2]


def damaged(content: bytes) -> bytes:
    page = int.from_bytes(content[16:18], "big")  # the page size, from the file's header
    broken = bytearray(content)
    for n in range(1, len(content) // page):
        broken[n * page : n * page + 64] = b"\xff" * 64  # every page's b-tree header
    return bytes(broken)


def not_sqlite(_: bytes) -> bytes:
    return b"<html>a proxy's error page</html>" * 100


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (cut_short, "damaged or cut short|not a sound snapshot"),
        (damaged, "damaged or cut short|not a sound snapshot"),
        (not_sqlite, "not a sound snapshot"),
    ],
    ids=["cut short", "damaged", "not sqlite"],
)
def test_a_broken_file_is_refused_and_the_store_is_left_as_it_was(server: InProcessServer, tamper: Tamper, message: str) -> None:
    ana = server.person("ana@example.com")
    laptop = server.device("laptop", ana)
    some_work(laptop)
    laptop.sync()
    desktop = server.device("desktop", ana)
    before = desktop.state()
    desktop.wire = TamperingWire(server.app, tamper)
    server.wires.append(desktop.wire)

    with pytest.raises(SyncError, match=message):
        desktop.sync()

    assert desktop.state() == before
    assert desktop.cursor() is None
    assert not list(desktop.data_dir.glob(".snapshot-*"))  # the download is not left behind
    desktop.sync()  # the next sync gets a sound file
    assert desktop.state() == server.state()


def test_another_persons_snapshot_is_refused(server: InProcessServer) -> None:
    ana, bob = server.person("ana@example.com"), server.person("bob@example.com")
    many_threads(server, bob, 10)
    bobs = download(server, bob)
    desktop = server.device("desktop", ana)
    before = desktop.state()
    desktop.wire = TamperingWire(server.app, lambda _: bobs)  # a wrong or mixed-up server
    server.wires.append(desktop.wire)

    with pytest.raises(SyncError, match="someone else's workspaces"):
        desktop.sync()

    assert desktop.state() == before and desktop.cursor() is None
    assert bob.personal_workspace_id not in (desktop.store.get_meta(ROLES_KEY) or "")


def test_the_server_sends_the_same_file_until_the_workspace_changes(server: InProcessServer) -> None:
    ana, bob = server.person("ana@example.com"), server.person("bob@example.com")
    many_threads(server, ana, 5)
    first = download(server, ana)
    assert download(server, ana) == first  # nothing changed: the file kept

    with server.app.state.store.write() as tx:
        tx.writer.insert("threads", {"workspace_id": ana.personal_workspace_id, "title": "Later", "sphere_id": "personal"})
    later = download(server, ana)

    (meta, titles), (later_meta, later_titles) = meta_and_titles(first), meta_and_titles(later)
    assert "Later" in later_titles and "Later" not in titles  # a change made since is in the next file
    assert later_meta["cursor"] != meta["cursor"]
    cache = Path(server.app.state.settings.server_data_dir) / "snapshots"
    assert len(list(cache.glob("*.sqlite3"))) == 1  # only the newest file of a person is kept

    # Another account asking meanwhile gets its own rows, never Ana's file.
    bobs_meta, bobs_titles = meta_and_titles(download(server, bob))
    assert bobs_titles == [] and json.loads(bobs_meta["workspaces"]) == {bob.personal_workspace_id: "owner"}
    assert len(list(cache.glob("*.sqlite3"))) == 2


def test_a_server_that_cannot_write_its_snapshot_says_so(server: InProcessServer) -> None:
    ana = server.person("ana@example.com")
    Path(server.app.state.settings.server_data_dir).mkdir(parents=True, exist_ok=True)
    (Path(server.app.state.settings.server_data_dir) / "snapshots").write_text("a file where the folder should be")
    wire = Wire(server.app)
    server.wires.append(wire)
    with httpx.Client(transport=wire, base_url=SERVER_URL) as http:
        response = http.get(SNAPSHOT_PATH, headers=auth_headers(server.app, ana))
    assert response.status_code == 503
    assert "cannot write its snapshot file" in response.json()["detail"]


def test_a_database_put_back_from_a_copy_and_written_on_gets_a_new_file(server: InProcessServer, tmp_path: Path) -> None:
    """The same epoch and sequence numbers, other changes (an admin copied an
    older database file back): the kept file is not sent for them."""
    engine = server.app.state.engine
    if engine.dialect.name != "sqlite":
        pytest.skip("a database file copied back: SQLite")
    ana = server.person("ana@example.com")
    database = Path(engine.url.database)
    with closing(sqlite3.connect(database)) as live, closing(sqlite3.connect(tmp_path / "copy.db")) as copy:
        live.backup(copy)
    with server.app.state.store.write() as tx:
        tx.writer.insert("threads", {"workspace_id": ana.personal_workspace_id, "title": "Before the copy went back", "sphere_id": "personal"})
    assert meta_and_titles(download(server, ana))[1] == ["Before the copy went back"]

    with closing(sqlite3.connect(tmp_path / "copy.db")) as copy, closing(sqlite3.connect(database)) as live:
        copy.backup(live)
    with server.app.state.store.write() as tx:
        tx.writer.insert("threads", {"workspace_id": ana.personal_workspace_id, "title": "Written since", "sphere_id": "personal"})

    assert meta_and_titles(download(server, ana))[1] == ["Written since"]
