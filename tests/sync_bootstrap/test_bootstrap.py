"""A new device's first sync loads the server's snapshot, then pulls the log
from its watermark: it ends with exactly the server's rows (field clocks
included), misses nothing committed meanwhile, repeats nothing, keeps the
edits it had not pushed, and a failure part-way leaves its store untouched.

The server runs in this process (its ASGI app), on SQLite and on PostgreSQL;
the devices run the real engine, `Remote` and store."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from chenu_desktop.domain.clock import utc_now
from chenu_desktop.domain.hlc import wall_clock_ms
from chenu_desktop.domain.identity import WORKSPACE_TEAM
from chenu_desktop.domain.ids import uuid7
from chenu_desktop.store.models import Conflict
from chenu_desktop.store.synced import SYNCED_TABLES
from chenu_desktop.sync.bootstrap import bootstrap
from chenu_desktop.sync.outbox import pending_count, read_outbox
from tests.sync_bootstrap.conftest import SNAPSHOT_PATH, Device, InProcessServer

SPHERE = "personal"


def some_work(device: Device, count: int = 6) -> list[str]:
    """Threads made, renamed, paused, noted and deleted: every kind of row
    (field-merged and append-only), fields with clocks of their own."""
    threads = device.services.threads
    ids = [threads.add(SPHERE, f"Thread {i}", f"Intent {i}", tags=["work"]).id for i in range(count)]
    threads.edit(ids[0], title="Renamed")
    threads.edit(ids[1], status="paused", tags=["work", "later"])
    threads.note(ids[2], "a note")
    threads.delete(ids[3])
    return ids


def snapshot_rows(device: Device) -> dict[str, list[dict[str, Any]]]:
    """The rows of the last snapshot this device downloaded, by synced table."""
    content = next(response.content for path, _, response in reversed(device.wire.seen) if path == SNAPSHOT_PATH)
    conn = sqlite3.connect(":memory:")
    conn.deserialize(content)
    conn.row_factory = sqlite3.Row
    tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'") if name in SYNCED_TABLES]
    return {name: [dict(row) for row in conn.execute(f'SELECT * FROM "{name}"')] for name in tables}


def test_a_new_device_holds_exactly_the_servers_rows_from_one_snapshot(server: InProcessServer) -> None:
    ana = server.person("ana@example.com")
    laptop = server.device("laptop", ana)
    some_work(laptop)
    laptop.sync()

    desktop = server.device("desktop", ana)
    report = desktop.sync()

    held = desktop.state()
    assert held == server.state() == laptop.state()
    assert desktop.wire.paths().count(SNAPSHOT_PATH) == 1
    assert desktop.wire.pulled_changes() == []  # the log after the watermark: nothing, all came in the snapshot
    assert report.pulled == sum(len(rows) for rows in held.values())
    again = desktop.sync()
    assert (again.pulled, desktop.wire.paths().count(SNAPSHOT_PATH)) == (0, 1)


def test_a_change_committed_after_the_snapshot_is_pulled_once_from_its_watermark(server: InProcessServer) -> None:
    ana = server.person("ana@example.com")
    laptop = server.device("laptop", ana)
    ids = some_work(laptop)
    laptop.sync()
    desktop = server.device("desktop", ana)

    def meanwhile() -> None:  # the snapshot has left the server; the desktop has not loaded it yet
        laptop.services.threads.edit(ids[0], title="Renamed while the snapshot travelled")
        laptop.sync()

    desktop.wire.after(SNAPSHOT_PATH, meanwhile)
    desktop.sync()

    assert desktop.state()["threads"][ids[0]]["title"] == "Renamed while the snapshot travelled"
    assert desktop.state() == server.state() == laptop.state()
    last_push = laptop.wire.requests("/api/v1/sync/push")[-1]["changes"]
    pulled = desktop.wire.pulled_changes()
    assert sorted(key(c) for c in pulled) == sorted(key(c) for c in last_push)  # that push, once, and nothing else
    assert not {c["row_id"] for c in pulled if c["column"] == "*"} & {row["id"] for rows in snapshot_rows(desktop).values() for row in rows}


def key(change: dict[str, Any]) -> tuple[str, str, str, str, str]:
    return (change["hlc"], change["node"], change["table"], change["row_id"], change["column"])


def test_a_device_keeps_the_edits_it_has_not_pushed_when_it_loads_a_snapshot(server: InProcessServer) -> None:
    """Rows the device holds merge field by field, like pulled changes: its
    newer values stay (and wait in the outbox), the server's newer ones come
    in, and a value its writer had not seen is kept as a conflict."""
    ana = server.person("ana@example.com")
    laptop = server.device("laptop", ana)
    desktop = server.device("desktop", ana)
    thread_id = laptop.services.threads.add(SPHERE, "Plan", "Why").id
    other_id = laptop.services.threads.add(SPHERE, "Other", "Why").id
    laptop.sync()
    desktop.sync()
    laptop.services.threads.edit(thread_id, title="Laptop title")
    laptop.services.threads.edit(other_id, title="Other, renamed")
    laptop.sync()
    desktop.services.threads.edit(thread_id, title="Desktop title", status="paused")  # later, not pushed
    with desktop.store.engine.connect() as conn:
        waiting = pending_count(conn)

    loaded = bootstrap(desktop.store, desktop.remote(), utc_now())

    assert loaded is not None and loaded.cursor == desktop.cursor()
    thread, other = (desktop.state()["threads"][i] for i in (thread_id, other_id))
    assert (thread["title"], thread["status"], other["title"]) == ("Desktop title", "paused", "Other, renamed")
    with desktop.store.engine.connect() as conn:
        assert pending_count(conn) == waiting
        assert {c.column for c in read_outbox(conn).changes if c.row_id == thread_id} >= {"title", "status"}
        lost = conn.execute(select(Conflict.lost_value).where(Conflict.row_id == thread_id)).scalars().all()
    assert [json.loads(value) for value in lost] == ["Laptop title"]
    assert loaded.conflicts == 1

    desktop.sync()
    laptop.sync()
    assert laptop.state() == desktop.state() == server.state()
    assert laptop.state()["threads"][thread_id]["status"] == "paused"


def test_an_edit_made_while_the_snapshot_travels_is_kept(server: InProcessServer) -> None:
    """The window edits while a background sync downloads: the edit is in
    the device's rows when the snapshot loads, and wins (it is the newer)."""
    ana = server.person("ana@example.com")
    laptop = server.device("laptop", ana)
    laptop.services.threads.add(SPHERE, "From the laptop", "Why")
    laptop.sync()
    desktop = server.device("desktop", ana)
    mine = desktop.services.threads.add(SPHERE, "Made on the desktop", "Why").id
    desktop.wire.after(SNAPSHOT_PATH, lambda: desktop.services.threads.edit(mine, title="Renamed mid-sync"))

    desktop.sync()
    assert desktop.state()["threads"][mine]["title"] == "Renamed mid-sync"
    assert any(row["id"] == mine for row in snapshot_rows(desktop)["threads"])  # the server had the row already
    desktop.sync()
    laptop.sync()
    assert laptop.state() == desktop.state() == server.state()
    assert server.state()["threads"][mine]["title"] == "Renamed mid-sync"


def test_an_edit_right_after_the_first_sync_wins_over_rows_stamped_ahead(server: InProcessServer) -> None:
    """The laptop's clock ran 3 minutes fast when it made its rows. The new
    device's next edit must still come after them, or it would lose on every
    other device: loading a snapshot moves its clock past the stamps loaded."""
    ana = server.person("ana@example.com")
    laptop = server.device("laptop", ana, wall=lambda: wall_clock_ms() + 180_000)
    thread_id = laptop.services.threads.add(SPHERE, "Stamped ahead", "Why").id
    laptop.sync()
    desktop = server.device("desktop", ana)
    desktop.sync()

    desktop.services.threads.edit(thread_id, title="Edited on the new device")
    desktop.sync()
    laptop.sync()
    assert laptop.state()["threads"][thread_id]["title"] == "Edited on the new device"
    assert laptop.state() == desktop.state() == server.state()


def test_the_rows_of_a_workspace_left_during_the_first_sync_leave_the_device(server: InProcessServer) -> None:
    ana, bob = server.person("ana@example.com"), server.person("bob@example.com")
    team = uuid7()
    bobs = server.device("bob", bob)
    with bobs.store.write() as tx:
        tx.writer.insert("workspaces", {"id": team, "workspace_id": team, "name": "Team", "kind": WORKSPACE_TEAM, "owner_id": bob.id})
    server.add_member(team, bob, "owner")
    bobs.sync()
    bobs.store.set_meta("current_workspace", team)
    bobs.services.threads.add(SPHERE, "Team plan", "Why")
    bobs.sync()
    server.add_member(team, ana, "viewer")
    desktop = server.device("desktop", ana)
    desktop.wire.after(SNAPSHOT_PATH, lambda: server.remove_member(team, ana))

    desktop.sync()

    assert any(row["workspace_id"] == team for row in snapshot_rows(desktop)["threads"])
    assert not [row for rows in desktop.state().values() for row in rows.values() if row["workspace_id"] == team]
    assert team not in json.loads(desktop.store.get_meta("workspace_roles") or "{}")


def test_a_load_that_fails_part_way_leaves_the_store_as_it_was(server: InProcessServer) -> None:
    ana = server.person("ana@example.com")
    laptop = server.device("laptop", ana)
    some_work(laptop)
    laptop.sync()
    desktop = server.device("desktop", ana)
    before = desktop.state()
    # The disk fails once the threads are in (workspaces load after them).
    with desktop.store.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TRIGGER fail_midway BEFORE INSERT ON workspaces BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END")

    with pytest.raises(IntegrityError, match="disk I/O error"):
        desktop.sync()
    assert desktop.state() == before
    assert desktop.cursor() is None

    with desktop.store.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER fail_midway")
    desktop.sync()
    assert desktop.state() == server.state()
    assert desktop.wire.paths().count(SNAPSHOT_PATH) == 2


def test_a_server_without_snapshots_is_pulled_from_the_start(server: InProcessServer) -> None:
    ana = server.person("ana@example.com")
    laptop = server.device("laptop", ana)
    some_work(laptop)
    laptop.sync()
    desktop = server.device("desktop", ana)
    desktop.wire.missing.add(SNAPSHOT_PATH)  # a server from before snapshots: 404

    desktop.sync()
    assert desktop.state() == server.state()
    assert desktop.wire.pulled_changes()
