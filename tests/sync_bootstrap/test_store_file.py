"""A ready store file (snapshot format 2): the server builds the desktop's
own schema at the revision the device asks for, and an empty device adopts
it whole, keeping its own state (node id, account, anything that does not
replicate) and never taking the file's: a schema changed on the way (a
trigger slipped in) is not adopted, device-local rows slipped in are
replaced by the device's own.

The server runs in this process (its ASGI app), on SQLite and PostgreSQL;
the devices run the real engine, `Remote` and store."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import httpx
import pytest

from chenu_desktop.store import STORE_FILE, Store
from chenu_desktop.store.schema_head import SCHEMA_HEAD
from chenu_desktop.sync.errors import SyncError
from chenu_desktop.sync.snapshot_file import store_schema_of
from chenu_desktop.sync.state import ACCOUNT_KEY, CURSOR_KEY
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
from tests.sync_bootstrap.test_snapshot_file import TamperingWire, many_threads


def schema_of(path: Path) -> object:
    with closing(sqlite3.connect(path)) as conn:
        return store_schema_of(conn)


def fresh_store_schema(tmp_path: Path) -> object:
    """The schema of a store just made by this version (its migrations)."""
    store = Store.open(tmp_path / "fresh" / STORE_FILE)
    store.close()
    return schema_of(tmp_path / "fresh" / STORE_FILE)


def last_snapshot(device: Device) -> tuple[httpx.Request, bytes]:
    return next((request, response.content) for path, request, response in reversed(device.wire.seen) if path == SNAPSHOT_PATH)


def meta_of(content: bytes) -> dict[str, str]:
    conn = sqlite3.connect(":memory:")
    conn.deserialize(content)
    return dict(conn.execute("SELECT key, value FROM snapshot_meta").fetchall())


def rewritten(content: bytes, *statements: str) -> bytes:
    """The file with `statements` run on it (what a wrong or hostile server could send)."""
    conn = sqlite3.connect(":memory:")
    conn.deserialize(content)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    return conn.serialize()


def laptop_with_work(server: InProcessServer, ana: User) -> Device:
    laptop = server.device("laptop", ana)
    some_work(laptop)
    laptop.services.memory.add("Ask the bank about the loan")
    laptop.sync()
    many_threads(server, ana, 200)
    return laptop


def test_the_server_builds_the_store_schema_the_device_asks_for_and_only_that(server: InProcessServer, tmp_path: Path) -> None:
    ana = server.person("ana@example.com")
    many_threads(server, ana, 5)
    wire = Wire(server.app)
    server.wires.append(wire)
    with httpx.Client(transport=wire, base_url=SERVER_URL) as http:
        def get(store_schema: str | None) -> bytes:
            params = {"store_schema": store_schema} if store_schema else None
            response = http.get(SNAPSHOT_PATH, params=params, headers=auth_headers(server.app, ana))
            assert response.status_code == 200, response.text
            return response.content

        store_file, other_revision, rows_only = get(SCHEMA_HEAD), get("0001"), get(None)
        assert get(SCHEMA_HEAD) == store_file  # both formats are kept side by side: the same file again

    assert meta_of(store_file)["format"] == "2" and meta_of(store_file)["store_schema"] == SCHEMA_HEAD
    assert meta_of(other_revision)["format"] == meta_of(rows_only)["format"] == "1"  # a revision it does not build: rows only
    (tmp_path / "file.sqlite3").write_bytes(store_file)
    assert schema_of(tmp_path / "file.sqlite3") == fresh_store_schema(tmp_path)  # the desktop's schema, to the letter
    with closing(sqlite3.connect(tmp_path / "file.sqlite3")) as conn:
        assert conn.execute("SELECT count(*) FROM threads").fetchone()[0] == 5
        assert conn.execute("SELECT count(*) FROM sync_meta").fetchone()[0] == 0  # no device's state in it
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file, nothing beside it


def test_an_empty_device_adopts_the_store_file_and_keeps_its_own_state(server: InProcessServer, tmp_path: Path) -> None:
    ana = server.person("ana@example.com")
    laptop = laptop_with_work(server, ana)
    desktop = server.device("desktop", ana)
    desktop.store.set_meta("window_layout", "two columns")  # this device's own, not synced
    node, account = desktop.store.node_id, desktop.store.get_meta(ACCOUNT_KEY)

    desktop.sync()

    request, content = last_snapshot(desktop)
    assert request.url.params["store_schema"] == SCHEMA_HEAD and meta_of(content)["format"] == "2"
    assert desktop.state() == server.state()
    assert desktop.store.get_meta("node_id") == node and desktop.store.get_meta(ACCOUNT_KEY) == account
    assert desktop.store.get_meta("window_layout") == "two columns"
    assert desktop.store.get_meta(CURSOR_KEY) == meta_of(content)["cursor"]
    assert [m.content for m in desktop.services.memory.search("bank")] == ["Ask the bank about the loan"]  # search index made here
    store_path = desktop.data_dir / STORE_FILE
    assert schema_of(store_path) == fresh_store_schema(tmp_path)  # no snapshot_meta left behind
    with closing(sqlite3.connect(store_path)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]

    desktop.services.threads.add("personal", "Written on the desktop", "Why")  # its own node id stamps it
    desktop.sync()
    laptop.sync()
    assert laptop.state() == desktop.state() == server.state()


def test_a_store_file_with_a_trigger_slipped_in_is_not_adopted(server: InProcessServer) -> None:
    ana = server.person("ana@example.com")
    laptop_with_work(server, ana)
    desktop = server.device("desktop", ana)
    node = desktop.store.node_id
    evil = "CREATE TRIGGER evil AFTER INSERT ON threads BEGIN UPDATE sync_meta SET value = 'evil' WHERE key = 'node_id'; END"
    desktop.wire = TamperingWire(server.app, lambda content: rewritten(content, evil))
    server.wires.append(desktop.wire)

    desktop.sync()

    assert desktop.state() == server.state()  # the rows are the server's, copied as rows
    with closing(sqlite3.connect(desktop.data_dir / STORE_FILE)) as conn:
        assert conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name = 'evil'").fetchall() == []
    assert desktop.store.get_meta("node_id") == node


def test_device_state_slipped_into_a_store_file_is_replaced_by_the_devices_own(server: InProcessServer) -> None:
    ana = server.person("ana@example.com")
    laptop_with_work(server, ana)
    desktop = server.device("desktop", ana)
    node, account = desktop.store.node_id, desktop.store.get_meta(ACCOUNT_KEY)
    desktop.wire = TamperingWire(server.app, lambda content: rewritten(
        content,
        "INSERT INTO sync_meta (key, value) VALUES ('node_id', 'someone else'), ('account', '{}'), ('window_layout', 'theirs')",
        "INSERT INTO outbox (hlc, node, workspace_id, table_name, row_id, column_name, value, base_hlc, schema)"
        " VALUES ('0', 'x', 'w', 'threads', 'r', 'title', '\"pushed by nobody\"', NULL, 1)",
    ))
    server.wires.append(desktop.wire)

    desktop.sync()

    assert desktop.state() == server.state()
    assert desktop.store.get_meta("node_id") == node and desktop.store.get_meta(ACCOUNT_KEY) == account
    assert desktop.store.get_meta("window_layout") is None
    with closing(sqlite3.connect(desktop.data_dir / STORE_FILE)) as conn:
        assert conn.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0


@pytest.mark.parametrize("server", ["sqlite"], indirect=True)
def test_a_store_file_of_someone_else_is_refused_before_anything_is_adopted(server: InProcessServer) -> None:
    ana, bob = server.person("ana@example.com"), server.person("bob@example.com")
    many_threads(server, bob, 10)
    wire = Wire(server.app)
    server.wires.append(wire)
    with httpx.Client(transport=wire, base_url=SERVER_URL) as http:
        bobs = http.get(SNAPSHOT_PATH, params={"store_schema": SCHEMA_HEAD}, headers=auth_headers(server.app, bob)).content
    desktop = server.device("desktop", ana)
    before = desktop.state()
    desktop.wire = TamperingWire(server.app, lambda _: bobs)
    server.wires.append(desktop.wire)

    with pytest.raises(SyncError, match="someone else's workspaces"):
        desktop.sync()
    assert desktop.state() == before and desktop.cursor() is None
