"""The server dies (kill -9) in the middle of a sync, or is restored from a
backup: the devices lose nothing, duplicate nothing, and converge."""

from __future__ import annotations

import json
import subprocess
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, make_url, select

import chenu_desktop.sync.engine as sync_engine
from chenu_desktop.plugin_host import PluginHost
from chenu_desktop.store import Store
from chenu_desktop.store.synced import SYNCED_TABLES
from chenu_desktop.sync.errors import ServerUnreachable
from tests.support.postgres import create_database
from tests.support.server_process import server_command, server_environment
from tests.sync_faults.conftest import (
    SPHERE,
    Device,
    LiveServer,
    assert_converged,
    outbox_size,
    quick_remote,
    server_state,
    signed_in_device,
    sync_until_quiet,
    thread_titles,
)

IMPORTED = 1000
"""Threads imported at once: a thread and an event each, 2 001 changes with the audit row."""
PUSH_BATCH = 300
"""Seven batches rather than the real 1000 a batch: the same steps, in less time."""


@dataclass
class KillPlan:
    """When to kill the server (kill -9), seen from the device's requests."""

    server: LiveServer
    path: str = ""
    nth: int = 0
    moment: str = ""
    seen: int = 0
    fired: bool = False

    def arm(self, path: str, nth: int, moment: str) -> None:
        """Kill at the `nth` request to `path`: "in_flight" (while the server
        works on it), "answer_lost" (once it answered, the answer never
        arriving) or "after_answer" (the answer arrives, the next call fails)."""
        self.path, self.nth, self.moment, self.seen, self.fired = path, nth, moment, 0, False

    def transport(self) -> httpx.BaseTransport:
        return KillingTransport(self)


class KillingTransport(httpx.BaseTransport):
    def __init__(self, plan: KillPlan) -> None:
        self.plan = plan
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        plan = self.plan
        if plan.fired or not plan.path or not request.url.path.endswith(plan.path):
            return self.inner.handle_request(request)
        plan.seen += 1
        if plan.seen < plan.nth:
            return self.inner.handle_request(request)
        plan.fired = True
        if plan.moment == "in_flight":
            killer = threading.Timer(0.05, plan.server.kill)
            killer.start()
            try:
                return self.inner.handle_request(request)
            finally:
                killer.join()
        response = self.inner.handle_request(request)
        response.read()
        plan.server.kill()
        if plan.moment == "answer_lost":
            raise httpx.ReadError("the server died before its answer arrived", request=request)
        return response

    def close(self) -> None:
        self.inner.close()


def import_threads(device: Device, count: int, tmp_path: Path) -> None:
    source = tmp_path / f"{device.data_dir.name}-import.json"
    source.write_text(json.dumps([{"title": f"Thread {i}", "founding_intent": "imported", "sphere_id": SPHERE} for i in range(count)]))
    assert device.services.threads.import_file(source).imported == count


def synced_rows(store: Store) -> int:
    with store.engine.connect() as conn:
        return sum(conn.execute(select(func.count()).select_from(spec.table)).scalar_one() for spec in SYNCED_TABLES.values())


# ------------------------------------------------------------------ kill -9 mid-push


@pytest.mark.slow
def test_server_killed_mid_push_loses_and_duplicates_nothing(
    running_server: LiveServer, plugins: PluginHost, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sync_engine, "PUSH_BATCH", PUSH_BATCH)
    plan = KillPlan(running_server)
    laptop = signed_in_device(tmp_path / "laptop", running_server.url, plugins, quick_remote(plan.transport))
    desktop = None
    try:
        import_threads(laptop, IMPORTED, tmp_path)
        pending = outbox_size(laptop.store)
        assert pending > 5 * PUSH_BATCH

        # The second batch is committed, but the server dies before answering.
        plan.arm("/sync/push", 2, "answer_lost")
        with pytest.raises(ServerUnreachable):
            laptop.sync()
        assert outbox_size(laptop.store) == pending - PUSH_BATCH  # only the answered batch left the outbox
        running_server.start_again()

        # Killed again while it works on a batch: committed or not, no matter.
        plan.arm("/sync/push", 2, "in_flight")
        with pytest.raises(ServerUnreachable):
            laptop.sync()
        running_server.start_again()

        laptop.sync()
        assert outbox_size(laptop.store) == 0
        desktop = signed_in_device(tmp_path / "desktop", running_server.url, plugins)
        desktop.sync()
        server = server_state(running_server.database_url)
        assert len(server["threads"]) == IMPORTED
        assert len(server["thread_events"]) == IMPORTED
        assert_converged([laptop, desktop], server)
    finally:
        for device in filter(None, (laptop, desktop)):
            device.close()


# ------------------------------------------------------------------ restart between pull pages


@pytest.mark.slow
def test_server_restarted_between_pull_pages_resumes_where_it_stopped(
    sqlite_server: LiveServer, plugins: PluginHost, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sync_engine, "PUSH_BATCH", 100)  # small pushes: pages end where pushes end
    monkeypatch.setattr(sync_engine, "PULL_PAGE", 100)
    plan = KillPlan(sqlite_server)
    laptop = signed_in_device(tmp_path / "laptop", sqlite_server.url, plugins)
    desktop = signed_in_device(tmp_path / "desktop", sqlite_server.url, plugins, quick_remote(plan.transport))
    try:
        desktop.sync()  # the desktop has a cursor: it pulls the log page by page from now on
        before = synced_rows(desktop.store)
        import_threads(laptop, 300, tmp_path)
        sent = laptop.sync().pushed
        assert sent == 601

        plan.arm("/sync/pull", 3, "after_answer")
        with pytest.raises(ServerUnreachable):
            desktop.sync()
        applied = synced_rows(desktop.store) - before  # one row per change: every change here makes a row
        assert 0 < applied < sent  # some pages were applied, and kept
        sqlite_server.start_again()

        assert desktop.sync().pulled == sent - applied  # no page again, none skipped
        assert_converged([laptop, desktop], server_state(sqlite_server.database_url))
    finally:
        laptop.close()
        desktop.close()


# ------------------------------------------------------------------ restore from a backup


def backup(server: LiveServer, target: Path) -> None:
    """`chenu-server backup PATH`, as the admin runs it, while the server serves."""
    done = subprocess.run(
        [*server_command(), "backup", str(target)],
        env=server_environment(server.database_url, server.workdir / "data"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def restore(server: LiveServer, copy: Path, database_url: str) -> None:
    """Stop the server, `chenu-server restore` the backup (SQLite: over its file;
    PostgreSQL: into a new database), start it again."""
    server.stop()
    target = database_url
    if make_url(database_url).get_backend_name() != "sqlite":
        target = create_database(database_url, f"restored_{uuid.uuid4().hex[:12]}")
    done = subprocess.run(
        [*server_command(), "restore", str(copy), "--force"],
        env=server_environment(target, server.workdir / "data"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    server.start_again(target)


@pytest.mark.slow
def test_server_restored_from_a_backup_gets_back_what_it_lost(
    running_server: LiveServer, plugins: PluginHost, tmp_path: Path
) -> None:
    laptop = signed_in_device(tmp_path / "laptop", running_server.url, plugins)
    desktop = signed_in_device(tmp_path / "desktop", running_server.url, plugins)
    newcomer = None
    try:
        first = laptop.add_thread("Before the backup")
        second = laptop.add_thread("Also before")
        sync_until_quiet([laptop, desktop])
        copy = tmp_path / "backup.db"
        backup(running_server, copy)

        # After the backup: the server takes these, then forgets them.
        laptop.services.threads.edit(first, title="Renamed after the backup")
        third = laptop.add_thread("After the backup")
        laptop.sync()
        fourth = desktop.add_thread("Desktop, after the backup")
        desktop.sync()
        laptop.sync()
        desktop.services.threads.edit(second, title="Edited offline, sent after the restore")

        restore(running_server, copy, running_server.database_url)
        assert set(thread_titles(server_state(running_server.database_url))) == {first, second}

        assert laptop.sync().resent > 0
        assert desktop.sync().resent > 0
        sync_until_quiet([laptop, desktop])
        newcomer = signed_in_device(tmp_path / "newcomer", running_server.url, plugins)
        newcomer.sync()

        server = server_state(running_server.database_url)
        assert thread_titles(server) == {
            first: "Renamed after the backup",
            second: "Edited offline, sent after the restore",
            third: "After the backup",
            fourth: "Desktop, after the backup",
        }
        assert_converged([laptop, desktop, newcomer], server)
    finally:
        for device in filter(None, (laptop, desktop, newcomer)):
            device.close()
