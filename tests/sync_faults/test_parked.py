"""Changes of a newer version (an unknown table or column, a newer schema)
are never dropped: pulled by an older device, they are kept aside (parked)
and applied by its first sync after an upgrade; refused by an older server,
they are kept (rejected_changes) and offered again until it takes them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

import chenu_desktop.sync.apply as merge_core
from chenu_desktop.domain.changes import ROW_COLUMN, Change, decode_value
from chenu_desktop.domain.hlc import HybridLogicalClock
from chenu_desktop.plugin_host import PluginHost
from chenu_desktop.store.models import OutboxEntry, ParkedChange
from chenu_desktop.sync.account import current_account
from sync_server import changelog, judging
from tests.support.snapshot import snapshot
from tests.sync_faults.conftest import (
    Device,
    InProcessServer,
    in_process_server,
    outbox_size,
    rejected_count,
    signed_in_device,
)

NEWER_NODE = "00000000000000fe"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[InProcessServer]:
    running = in_process_server(tmp_path / "server")
    yield running
    running.close()


def logged_by_a_newer_version(server: InProcessServer, changes: list[Change]) -> None:
    """What the log holds once a newer server took these from a newer client
    (this server's own push would refuse them, rightly: it cannot merge them)."""
    with server.app.state.engine.begin() as conn:
        changelog.append(conn, changes, changelog.new_push_id())


def parked(device: Device) -> dict[tuple[str, str], tuple[object, str]]:
    """{(table, column): (value, reason)} of the changes kept aside."""
    with device.store.engine.connect() as conn:
        rows = conn.execute(select(ParkedChange.__table__)).all()
    return {(row.table_name, row.column_name): (decode_value(row.value), row.reason) for row in rows}


def test_changes_of_a_newer_version_are_parked_and_replayed_after_an_upgrade(
    server: InProcessServer, plugins: PluginHost, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    device = signed_in_device(tmp_path / "laptop", server.url, plugins, server.remotes())
    try:
        thread_id = device.add_thread("Plain")
        device.sync()
        account = current_account(device.store)
        assert account is not None
        workspace = account.personal_workspace_id
        title_stamp = snapshot(device.store)["threads"][thread_id]["field_clocks"]["title"][0]
        newer = HybridLogicalClock(NEWER_NODE)
        logged_by_a_newer_version(
            server,
            [
                Change(newer.now(), NEWER_NODE, workspace, "threads", thread_id, "mood", "sunny", title_stamp, schema=2),
                Change(newer.now(), NEWER_NODE, workspace, "moodboards", "board-1", ROW_COLUMN, {"name": "Spring"}, schema=2),
                Change(newer.now(), NEWER_NODE, workspace, "threads", thread_id, "title", "Renamed", title_stamp, schema=2),
            ],
        )

        assert device.sync().pulled == 3
        kept = parked(device)
        assert kept.keys() == {("threads", "mood"), ("moodboards", ROW_COLUMN), ("threads", "title")}
        assert kept["threads", "mood"][0] == "sunny"
        assert kept["moodboards", ROW_COLUMN][0] == {"name": "Spring"}
        assert all("schema 2" in reason for _, reason in kept.values())
        assert device.services.threads.get(thread_id).title == "Plain"
        assert device.sync().pulled == 0  # pulled once: the cursor moved past them

        # An upgrade that reads schema 2 (but still knows no `mood`, no `moodboards`).
        monkeypatch.setattr(merge_core, "SYNC_SCHEMA_VERSION", 2)
        device.sync()
        assert device.services.threads.get(thread_id).title == "Renamed"
        still = parked(device)
        assert still.keys() == {("threads", "mood"), ("moodboards", ROW_COLUMN)}  # not understood yet: kept
        assert (still["threads", "mood"][0], still["moodboards", ROW_COLUMN][0]) == ("sunny", {"name": "Spring"})
    finally:
        device.close()


def test_changes_an_older_server_refuses_are_kept_and_sent_again_after_its_upgrade(
    server: InProcessServer, plugins: PluginHost, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    device = signed_in_device(tmp_path / "laptop", server.url, plugins, server.remotes())
    try:
        thread_id = device.add_thread("Plain")
        device.sync()
        account = current_account(device.store)
        assert account is not None
        with device.store.write() as tx:  # this device is the newer version: it writes schema 2
            change = Change(device.store.clock.now(), device.store.node_id, account.personal_workspace_id, "threads", thread_id, "title", "From a newer version", schema=2)
            tx.conn.execute(OutboxEntry.__table__.insert().values(change.to_row()))

        for _ in range(2):  # refused, kept, and offered again at every sync
            report = device.sync()
            assert report.rejected == 1 and "upgraded" in report.rejections[0]
            assert rejected_count(device.store) == 1 and outbox_size(device.store) == 0
        assert snapshot(server.app.state.store)["threads"][thread_id]["title"] == "Plain"

        monkeypatch.setattr(judging, "SYNC_SCHEMA_VERSION", 2)  # the server is upgraded
        monkeypatch.setattr(merge_core, "SYNC_SCHEMA_VERSION", 2)
        assert device.sync().rejected == 0
        assert rejected_count(device.store) == 0
        assert snapshot(server.app.state.store)["threads"][thread_id]["title"] == "From a newer version"
    finally:
        device.close()
