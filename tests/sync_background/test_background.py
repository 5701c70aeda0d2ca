"""Background sync against a real server on 127.0.0.1 (a uvicorn subprocess on
SQLite) with real signed-in data dirs; the asyncio loop is the test's own
(`asyncio.run`), standing in for the window's qasync loop."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest

from chenu_desktop.domain.hlc import wall_clock_ms
from chenu_desktop.plugin_host.manager import PluginHost
from chenu_desktop.services import ServiceContext, Services, open_context
from chenu_desktop.store import STORE_FILE, Store
from chenu_desktop.sync.account import sign_in
from chenu_desktop.sync.background import BackgroundSync, data_dir_sync, for_data_dir
from chenu_desktop.sync.credentials import Tokens, TokenVault
from chenu_desktop.sync.engine import Progress, SyncReport
from chenu_desktop.sync.outbox import pending_count
from chenu_desktop.sync.remote import Remote
from chenu_desktop.sync.state import CURRENT_WORKSPACE_KEY
from tests.support.server_process import (
    Server,
    restart,
    start_server,
    stop,
    wait_until_ready,
)

PASSWORD = "correct horse battery staple"
WAIT_S = 60.0
SLOW_CLOCK_S = 120
QUICK = {"debounce_s": 0.3, "interval_s": 120.0, "retry_initial_s": 0.1, "retry_max_s": 0.5}
"""Small delays; the timer is out of the way unless a test is about it."""


# ------------------------------------------------------------ fixtures and helpers


@dataclass
class Hosted:
    server: Server
    database_url: str
    workdir: Path


@pytest.fixture(scope="module")
def hosted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hosted]:
    """One server for the module (on SQLite it migrates its own file at start)."""
    workdir = tmp_path_factory.mktemp("server")
    database_url = f"sqlite:///{workdir / 'server.db'}"
    hosted = Hosted(start_server(database_url, workdir), database_url, workdir)
    wait_until_ready(hosted.server)
    yield hosted
    stop(hosted.server)


@pytest.fixture
def server(hosted: Hosted) -> Server:
    if hosted.server.process.poll() is not None:  # a test stopped it and failed before starting it again
        hosted.server = restart(hosted.server, hosted.database_url, hosted.workdir)
        wait_until_ready(hosted.server)
    return hosted.server


@pytest.fixture
def email(server: Server) -> str:
    """A fresh account per test, so no test sees another's threads."""
    address = f"user-{uuid.uuid4().hex[:10]}@example.org"
    answer = httpx.post(f"{server.url}/api/v1/auth/register", json={"email": address, "password": PASSWORD}, timeout=30)
    assert answer.status_code == 201, answer.text
    return address


def signed_in(data_dir: Path, server: Server, email: str) -> Path:
    data_dir.mkdir(parents=True)
    store = Store.open(data_dir / STORE_FILE)
    try:
        sign_in(data_dir, store, server.url, email, PASSWORD)
    finally:
        store.close()
    return data_dir


def sync_blocking(data_dir: Path) -> SyncReport:
    """A plain `chenu sync`-style run of another device."""
    return data_dir_sync(data_dir)(lambda _progress: None)


def thread_titles(data_dir: Path) -> set[str]:
    ctx = open_context(data_dir)
    try:
        return {thread.title for thread in Services(ctx).threads.list()}
    finally:
        ctx.close()


def outbox_size(store: Store) -> int:
    with store.engine.connect() as conn:
        return pending_count(conn)


async def until(condition: Callable[[], bool], what: str) -> None:
    deadline = asyncio.get_running_loop().time() + WAIT_S
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            pytest.fail(f"still waiting for {what} after {WAIT_S:.0f} s")
        await asyncio.sleep(0.02)


async def stop_cleanly(background: BackgroundSync) -> None:
    await background.stop()
    assert asyncio.all_tasks() == {asyncio.current_task()}, "stop() left a task behind"
    assert not [t for t in threading.enumerate() if t.name.startswith("chenu-sync")], "stop() left its worker thread"


def run(scenario: Coroutine[Any, Any, None]) -> None:
    asyncio.run(scenario)


class Recorder:
    """What the callbacks delivered, in order, with the thread they ran on."""

    def __init__(self) -> None:
        self.events: list[tuple[str, Any, int]] = []

    def state(self, state: str, message: str | None) -> None:
        self.events.append(("state", (state, message), threading.get_ident()))

    def progress(self, progress: Progress) -> None:
        self.events.append(("progress", progress, threading.get_ident()))

    def report(self, report: SyncReport) -> None:
        self.events.append(("report", report, threading.get_ident()))

    def callbacks(self) -> dict[str, Any]:
        return {"on_state": self.state, "on_progress": self.progress, "on_report": self.report}

    def of(self, kind: str) -> list[Any]:
        return [value for event, value, _ in self.events if event == kind]

    @property
    def states(self) -> list[str]:
        return [state for state, _ in self.of("state")]

    @property
    def current(self) -> tuple[str, str | None] | None:
        states = self.of("state")
        return states[-1] if states else None


def counted(run_sync: Callable[[Any], SyncReport], runs: list[int]) -> Callable[[Any], SyncReport]:
    def wrapper(progress: Any) -> SyncReport:
        runs.append(1)
        return run_sync(progress)

    return wrapper


# ------------------------------------------------------------ tests


def test_a_burst_of_local_writes_makes_one_sync_and_reaches_the_other_device(server: Server, email: str, tmp_path: Path) -> None:
    laptop = signed_in(tmp_path / "laptop", server, email)
    desktop = signed_in(tmp_path / "desktop", server, email)
    ctx = open_context(laptop)
    services = Services(ctx)
    runs: list[int] = []
    seen = Recorder()

    async def scenario() -> None:
        background = BackgroundSync(counted(data_dir_sync(laptop, ctx.store), runs), **QUICK, **seen.callbacks())
        background.start()
        await until(lambda: len(seen.of("report")) == 1, "the sync at start")
        for number in range(20):
            services.threads.add("personal", f"Burst {number}", "written in a burst")
            background.notify_local_write()
            await asyncio.sleep(0.01)  # the window's loop runs between two edits
        await until(lambda: len(seen.of("report")) == 2, "the sync after the burst")
        await asyncio.sleep(3 * QUICK["debounce_s"])  # room for a stray extra sync to show up
        await stop_cleanly(background)

    try:
        run(scenario())
        assert len(runs) == 2, "the sync at start, then exactly one for the 20 writes"
        assert seen.of("report")[1].pushed >= 20
        assert outbox_size(ctx.store) == 0
        assert seen.states == ["syncing", "idle", "syncing", "idle"]
    finally:
        ctx.close()
    sync_blocking(desktop)
    assert thread_titles(desktop) == {f"Burst {number}" for number in range(20)}


def test_the_loop_keeps_running_during_a_sync_and_progress_arrives_on_its_thread(server: Server, email: str, tmp_path: Path) -> None:
    laptop = signed_in(tmp_path / "laptop", server, email)
    ctx = open_context(laptop)
    services = Services(ctx)
    for number in range(30):
        services.threads.add("personal", f"Offline {number}", "made before the window synced")
    waiting = outbox_size(ctx.store)
    inner = data_dir_sync(laptop, ctx.store)
    in_worker, release = threading.Event(), threading.Event()
    released: list[bool] = []
    seen = Recorder()

    def held_sync(progress: Any) -> SyncReport:
        """The sync holds in its worker thread until the loop has ticked: with a
        blocked loop it could not tick, and the hold would time out."""
        in_worker.set()
        released.append(release.wait(WAIT_S))
        return inner(progress)

    async def scenario() -> None:
        loop_thread = threading.get_ident()
        background = BackgroundSync(held_sync, **QUICK, **seen.callbacks())
        background.start()
        await until(in_worker.is_set, "the sync to start in its worker")
        stopping = asyncio.ensure_future(background.stop())  # it waits for the sync under way
        heartbeats = 0
        for _ in range(5):
            await asyncio.sleep(0.01)
            heartbeats += 1
        assert heartbeats == 5 and not stopping.done()
        release.set()
        await stopping
        await stop_cleanly(background)  # already stopped: only checks nothing is left
        assert {thread for _, _, thread in seen.events} == {loop_thread}

    try:
        run(scenario())
        assert released == [True]
        assert len(seen.of("report")) == 1, "stop() let the sync under way finish"
        assert outbox_size(ctx.store) == 0
    finally:
        ctx.close()
    progress = seen.of("progress")
    pushes = [p for p in progress if p.phase == "push"]
    assert pushes[0] == Progress("push", 0, waiting)
    assert pushes[-1] == Progress("push", waiting, waiting)
    assert progress[-1].phase == "done"
    kinds = [kind for kind, _, _ in seen.events]
    assert kinds.index("report") > max(i for i, kind in enumerate(kinds) if kind == "progress"), "progress comes before the report"


def test_an_edit_in_the_window_after_a_sync_wins_everywhere_even_on_a_slow_device_clock(
    server: Server, email: str, tmp_path: Path
) -> None:
    """The laptop's clock is 2 minutes slow. The background sync shares the
    window's store, so the offset it measures and the stamps it receives
    correct the window's clock: an edit made after the desktop's is stamped
    later, and wins on both devices (stamped 2 minutes early, it would lose on
    the desktop and survive only on the laptop)."""
    laptop = signed_in(tmp_path / "laptop", server, email)
    desktop = signed_in(tmp_path / "desktop", server, email)
    other = open_context(desktop)
    try:
        thread_id = Services(other).threads.add("personal", "Desktop title", "edited on both devices").id
    finally:
        other.close()
    sync_blocking(desktop)
    slow = SLOW_CLOCK_S
    store = Store.open(laptop / STORE_FILE, wall=lambda: wall_clock_ms() - slow * 1000)
    ctx = ServiceContext(store, PluginHost.load(), store.get_meta(CURRENT_WORKSPACE_KEY) or "")
    seen = Recorder()

    async def scenario() -> None:
        background = for_data_dir(
            laptop, store=store, remote_factory=partial(Remote, wall=lambda: time.time() - slow), **QUICK, **seen.callbacks()
        )
        background.start()
        await until(lambda: len(seen.of("report")) == 1, "the sync at start")
        Services(ctx).threads.edit(thread_id, title="Laptop title, written later")
        background.notify_local_write()
        await until(lambda: len(seen.of("report")) == 2, "the sync after the edit")
        await stop_cleanly(background)

    try:
        run(scenario())
        assert Services(ctx).threads.get(thread_id).title == "Laptop title, written later"
    finally:
        ctx.close()
    sync_blocking(desktop)
    assert thread_titles(desktop) == {"Laptop title, written later"}


def test_the_timer_brings_other_devices_changes_without_any_local_write(server: Server, email: str, tmp_path: Path) -> None:
    laptop = signed_in(tmp_path / "laptop", server, email)
    desktop = signed_in(tmp_path / "desktop", server, email)
    ctx = open_context(laptop)
    seen = Recorder()

    async def scenario() -> None:
        background = for_data_dir(laptop, store=ctx.store, **{**QUICK, "interval_s": 0.3}, **seen.callbacks())
        background.start()
        await until(lambda: seen.current == ("idle", None), "the sync at start")
        other = open_context(desktop)
        try:
            Services(other).threads.add("personal", "From the desktop", "arrives by the timer")
        finally:
            other.close()
        await asyncio.to_thread(sync_blocking, desktop)
        await until(lambda: "From the desktop" in {t.title for t in Services(ctx).threads.list()}, "the timer's sync")
        await stop_cleanly(background)

    try:
        run(scenario())
    finally:
        ctx.close()


def test_offline_then_reconnects_by_itself_when_the_server_is_back(hosted: Hosted, server: Server, email: str, tmp_path: Path) -> None:
    laptop = signed_in(tmp_path / "laptop", server, email)
    desktop = signed_in(tmp_path / "desktop", server, email)
    ctx = open_context(laptop)
    seen = Recorder()

    async def scenario() -> None:
        background = for_data_dir(laptop, store=ctx.store, **QUICK, **seen.callbacks())
        background.start()
        await until(lambda: seen.current == ("idle", None), "the sync at start")
        await asyncio.to_thread(stop, server)
        Services(ctx).threads.add("personal", "Written offline", "kept until the server is back")
        background.notify_local_write()
        await until(lambda: seen.current is not None and seen.current[0] == "offline", "the offline state")
        assert "unreachable" in (seen.current[1] or "")
        assert outbox_size(ctx.store) > 0
        hosted.server = restart(server, hosted.database_url, hosted.workdir)  # same address
        await asyncio.to_thread(wait_until_ready, hosted.server)
        await until(lambda: seen.current == ("idle", None), "the reconnection")
        await stop_cleanly(background)

    try:
        run(scenario())
        assert outbox_size(ctx.store) == 0
    finally:
        ctx.close()
    states = seen.states
    assert states[-1] == "idle" and "offline" in states
    sync_blocking(desktop)
    assert thread_titles(desktop) == {"Written offline"}


def test_a_revoked_session_is_an_error_that_asks_to_sign_in_again_without_retrying_in_a_loop(
    server: Server, email: str, tmp_path: Path
) -> None:
    laptop = signed_in(tmp_path / "laptop", server, email)
    ctx = open_context(laptop)
    Services(ctx).threads.add("personal", "Not lost", "stays in the outbox")
    waiting = outbox_size(ctx.store)
    vault = TokenVault(laptop, ctx.store.node_id)
    tokens = vault.load()
    assert tokens is not None
    # The session is revoked on the server (signed out from elsewhere), and the
    # device's access token has run out since: it must refresh, and cannot.
    assert httpx.post(f"{server.url}/api/v1/auth/logout", json={"refresh_token": tokens.refresh_token}).status_code < 300
    vault.save(Tokens(tokens.access_token, tokens.refresh_token, access_expires_at=0.0))
    runs: list[int] = []
    seen = Recorder()

    async def scenario() -> None:
        background = BackgroundSync(counted(data_dir_sync(laptop, ctx.store), runs), **QUICK, **seen.callbacks())
        background.start()
        await until(lambda: seen.current is not None and seen.current[0] == "error", "the error state")
        await asyncio.sleep(10 * QUICK["retry_initial_s"])  # room for retries a hot loop would make
        assert len(runs) == 1
        background.sync_now()  # a later request tries again
        await until(lambda: len(runs) == 2 and seen.current is not None and seen.current[0] == "error", "the second try")
        await stop_cleanly(background)

    try:
        run(scenario())
        assert outbox_size(ctx.store) == waiting
    finally:
        ctx.close()
    assert "sign in again" in ((seen.current or ("", ""))[1] or "")
    assert seen.states == ["syncing", "error", "syncing", "error"]


def test_an_unexpected_failure_is_an_error_state_and_the_task_carries_on(server: Server, email: str, tmp_path: Path) -> None:
    laptop = signed_in(tmp_path / "laptop", server, email)
    inner = data_dir_sync(laptop)
    failures = [OSError("disk on fire")]
    seen = Recorder()

    def failing_once(progress: Any) -> SyncReport:
        if failures:
            raise failures.pop()
        return inner(progress)

    async def scenario() -> None:
        background = BackgroundSync(failing_once, **QUICK, **seen.callbacks())
        background.start()
        await until(lambda: seen.current is not None and seen.current[0] == "error", "the error state")
        assert "disk on fire" in (seen.current[1] or "")
        background.sync_now()
        await until(lambda: seen.current == ("idle", None), "the next sync")
        await stop_cleanly(background)

    run(scenario())
    assert seen.states == ["syncing", "error", "syncing", "idle"]
