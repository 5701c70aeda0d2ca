"""The round trips a sync makes, and the ones it may skip safely.

- A push that carries the device's cursor learns whether anything but itself
  was logged since: when not, the device needs no pull (one round trip, not
  two); when another device wrote meanwhile, it still pulls, and gets it.
- A device whose clock offset was measured a moment ago does not ask the
  server for its time before pushing; a clock set back or forward since is
  not trusted, and is refused as before.
- A pull of several pages asks for the next page while it applies one; a
  sync stopped by an error keeps the pages applied and drops the one asked
  for, and the next sync goes on from there.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from chenu_desktop.plugin_host import PluginHost
from chenu_desktop.services import ServiceContext, Services
from chenu_desktop.store import STORE_FILE, Store
from chenu_desktop.store.database import Transaction
from chenu_desktop.sync import engine as sync_engine
from chenu_desktop.sync.account import open_remote
from chenu_desktop.sync.engine import SyncEngine
from chenu_desktop.sync.errors import ClockTooFarOff, ServerRefused
from chenu_desktop.sync.remote import Remote
from chenu_desktop.sync.state import CURSOR_KEY
from tests.support.snapshot import snapshot
from tests.sync_faults.conftest import (
    Device,
    InProcessServer,
    assert_converged,
    in_process_server,
    outbox_size,
    quick_remote,
    signed_in_device,
)

PUSH, PULL, HEALTH = "POST /api/v1/sync/push", "GET /api/v1/sync/pull", "GET /api/v1/health"


class Recording(httpx.BaseTransport):
    """Passes every request to the in-process server and notes `METHOD /path`."""

    def __init__(self, inner: httpx.BaseTransport, seen: list[str]) -> None:
        self.inner, self.seen = inner, seen

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(f"{request.method} {request.url.path}")
        return self.inner.handle_request(request)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[InProcessServer]:
    running = in_process_server(tmp_path / "server")
    yield running
    running.close()


def recorded(server: InProcessServer, seen: list[str], wall: Callable[[], float] = time.time) -> Callable[..., Remote]:
    return quick_remote(lambda: Recording(server.transport, seen), wall=wall)


def device(server: InProcessServer, plugins: PluginHost, path: Path, seen: list[str]) -> Device:
    made = signed_in_device(path, server.url, plugins, recorded(server, seen))
    made.sync()
    return made


def test_a_push_with_nothing_else_logged_since_needs_no_pull(server: InProcessServer, plugins: PluginHost, tmp_path: Path) -> None:
    seen: list[str] = []
    a, b = device(server, plugins, tmp_path / "a", seen), device(server, plugins, tmp_path / "b", seen)
    a.sync()  # A's cursor past B's sign-in
    try:
        thread_id = a.add_thread("Only mine since")
        seen.clear()
        report = a.sync()
        assert report.pushed >= 1
        assert PULL not in seen and seen.count(PUSH) == 1
        cursor = a.store.get_meta(CURSOR_KEY)

        b.sync()
        assert snapshot(b.store)["threads"][thread_id]["title"] == "Only mine since"
        seen.clear()
        a.sync()  # nothing to send: a pull, which finds nothing new (the cursor was right)
        assert seen == [PULL]
        assert a.store.get_meta(CURSOR_KEY) == cursor
        assert_converged([a, b], snapshot(server.app.state.store))
    finally:
        a.close()
        b.close()


def test_a_push_after_another_devices_change_still_pulls_it(server: InProcessServer, plugins: PluginHost, tmp_path: Path) -> None:
    seen: list[str] = []
    a, b = device(server, plugins, tmp_path / "a", seen), device(server, plugins, tmp_path / "b", seen)
    a.sync()
    try:
        theirs = b.add_thread("Written on B")
        b.sync()
        mine = a.add_thread("Written on A meanwhile")
        seen.clear()
        a.sync()
        assert seen == [PUSH, PULL]
        threads = snapshot(a.store)["threads"]
        assert threads[theirs]["title"] == "Written on B" and threads[mine]["title"] == "Written on A meanwhile"
        b.sync()
        assert_converged([a, b], snapshot(server.app.state.store))
    finally:
        a.close()
        b.close()


def test_a_push_with_a_cursor_not_of_this_server_is_refused_whole(server: InProcessServer, plugins: PluginHost, tmp_path: Path) -> None:
    seen: list[str] = []
    a = device(server, plugins, tmp_path / "a", seen)
    try:
        a.add_thread("Kept on the device")
        account, remote = open_remote(a.data_dir, a.store, recorded(server, seen))
        try:
            with pytest.raises(ServerRefused, match="not a cursor this server gave") as refused:
                SyncEngine(a.store, remote, personal_workspace_id=account.personal_workspace_id)._send([], "bm90IG91cnM")
            assert refused.value.status == 422
        finally:
            remote.close()
        assert outbox_size(a.store) > 0
        a.sync()
        assert outbox_size(a.store) == 0
        assert_converged([a], snapshot(server.app.state.store))
    finally:
        a.close()


def test_a_recent_clock_offset_spares_asking_the_server_for_its_time(
    server: InProcessServer, plugins: PluginHost, tmp_path: Path
) -> None:
    seen: list[str] = []
    a = device(server, plugins, tmp_path / "a", seen)  # its first sync measured and kept the offset
    try:
        a.add_thread("Stamped on a known offset")
        seen.clear()
        a.sync()  # a new Remote, as every sync of the window makes
        assert HEALTH not in seen
        assert outbox_size(a.store) == 0
    finally:
        a.close()


@pytest.mark.parametrize("skew_s", [-600, 600], ids=["set-back", "set-forward"])
def test_a_clock_changed_since_the_offset_was_kept_is_asked_again_and_refused(
    server: InProcessServer, plugins: PluginHost, tmp_path: Path, skew_s: float
) -> None:
    seen: list[str] = []
    a = device(server, plugins, tmp_path / "a", seen)  # the offset is measured and kept: about 0
    data_dir = a.data_dir
    a.close()
    store = Store.open(data_dir / STORE_FILE, wall=lambda: time.time_ns() // 1_000_000 + round(skew_s * 1000))
    try:
        account, remote = open_remote(data_dir, store, recorded(server, seen, wall=lambda: time.time() + skew_s))
        try:
            Services(ServiceContext(store, plugins, account.personal_workspace_id)).threads.add("personal", "Waiting", "intent")
            waiting = outbox_size(store)
            seen.clear()
            with pytest.raises(ClockTooFarOff, match="10 minutes"):
                SyncEngine(store, remote, personal_workspace_id=account.personal_workspace_id).run()
            assert seen == [HEALTH]
            assert outbox_size(store) == waiting
        finally:
            remote.close()
    finally:
        store.close()


def test_a_pull_asks_for_the_next_page_while_applying_one_and_an_error_keeps_the_pages_before(
    server: InProcessServer, plugins: PluginHost, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sync_engine, "PUSH_BATCH", 10)  # small pushes: pages end where pushes end
    monkeypatch.setattr(sync_engine, "PULL_PAGE", 10)
    seen: list[str] = []
    a, b = device(server, plugins, tmp_path / "a", seen), device(server, plugins, tmp_path / "b", seen)
    try:
        titles = {a.add_thread(f"Thread {n}"): f"Thread {n}" for n in range(12)}
        a.sync()
        pages: list[int] = []

        def fail_on_second_page(tx: Transaction) -> None:
            if tx.synced:
                pages.append(len(tx.synced))
                if len(pages) == 2:
                    raise OSError("disk on fire")

        b.store.commit_observers.append(fail_on_second_page)
        seen.clear()
        with pytest.raises(OSError, match="disk on fire"):
            b.sync()
        assert seen == [PULL] * 3  # the third page was asked for before the second was applied, then dropped
        assert len(pages) == 2
        assert not [t for t in threading.enumerate() if t.name.startswith("chenu-pull-ahead")]
        kept = snapshot(b.store)["threads"]
        assert 0 < len(set(kept) & set(titles)) < len(titles)  # the first two pages stayed

        b.store.commit_observers.remove(fail_on_second_page)
        b.sync()  # on from the second page's end: none again, none skipped
        assert {row_id: snapshot(b.store)["threads"][row_id]["title"] for row_id in titles} == titles
        assert_converged([a, b], snapshot(server.app.state.store))
    finally:
        a.close()
        b.close()
