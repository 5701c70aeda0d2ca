"""Live sync: a device hears of another device's change from the server's
event stream and pulls it at once, long before its polling timer would
fire; when the stream drops it polls and reconnects by itself, and never
shows the person an error for it. A real server on 127.0.0.1 (a uvicorn
subprocess on SQLite), real signed-in data dirs, the test's own asyncio
loop standing in for the window's."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import pytest

from chenu_desktop.services import Services, open_context
from chenu_desktop.sync.background import BackgroundSync, data_dir_sync, for_data_dir
from chenu_desktop.sync.live import live_changes_for
from tests.support.server_process import Server
from tests.sync_background.test_background import (
    Hosted,
    Recorder,
    counted,
    restart,
    run,
    signed_in,
    stop,
    stop_cleanly,
    sync_blocking,
    until,
    wait_until_ready,
)

NEVER_S = 600.0
"""The polling interval in these tests: whatever arrives sooner came by the event stream."""
LIVE = {"debounce_s": 0.3, "interval_s": NEVER_S, "retry_initial_s": 0.1, "retry_max_s": 0.5}
ARRIVES_WITHIN_S = 5.0


def titles(ctx: object) -> set[str]:
    return {thread.title for thread in Services(ctx).threads.list()}  # type: ignore[arg-type]


def edit_and_push(data_dir: Path, title: str) -> None:
    """Another device adds a thread and syncs it, as `chenu threads add` then `chenu sync`."""
    other = open_context(data_dir)
    try:
        Services(other).threads.add("personal", title, "made on the other device")
    finally:
        other.close()
    sync_blocking(data_dir)


def no_live_thread_left() -> bool:
    return not [t for t in threading.enumerate() if t.name == "chenu live changes"]


def test_another_device_s_change_arrives_at_once_without_waiting_for_the_timer(server: Server, email: str, tmp_path: Path) -> None:
    laptop = signed_in(tmp_path / "laptop", server, email)
    desktop = signed_in(tmp_path / "desktop", server, email)
    ctx = open_context(desktop)
    seen = Recorder()
    live: list[bool] = []

    async def scenario() -> None:
        background = for_data_dir(desktop, store=ctx.store, live=live_changes_for(desktop, ctx.store), on_live=live.append, **LIVE, **seen.callbacks())
        background.start()
        await until(lambda: live == [True] and seen.current == ("idle", None), "the stream to open")
        for n in range(3):
            title = f"Live {n}"
            await asyncio.to_thread(edit_and_push, laptop, title)
            pushed_at = time.monotonic()
            await until(lambda title=title: title in titles(ctx), f"{title!r} on the desktop")
            assert time.monotonic() - pushed_at < ARRIVES_WITHIN_S
        await stop_cleanly(background)

    try:
        run(scenario())
    finally:
        ctx.close()
    assert live == [True]
    assert "error" not in seen.states and "offline" not in seen.states
    assert no_live_thread_left()


@pytest.mark.slow
def test_a_dropped_stream_means_polling_then_live_again_and_never_an_error(
    hosted: Hosted, server: Server, email: str, tmp_path: Path
) -> None:
    laptop = signed_in(tmp_path / "laptop", server, email)
    desktop = signed_in(tmp_path / "desktop", server, email)
    ctx = open_context(desktop)
    seen = Recorder()
    live: list[bool] = []

    async def scenario() -> None:
        background = for_data_dir(desktop, store=ctx.store, live=live_changes_for(desktop, ctx.store), on_live=live.append, **LIVE, **seen.callbacks())
        background.start()
        await until(lambda: live == [True], "the stream to open")
        await asyncio.to_thread(stop, server)
        await until(lambda: live == [True, False], "the stream to be noticed down")
        assert background.is_live is False
        hosted.server = restart(server, hosted.database_url, hosted.workdir)  # same address
        await asyncio.to_thread(wait_until_ready, hosted.server)
        await until(lambda: live == [True, False, True], "the stream to reopen by itself")
        await asyncio.to_thread(edit_and_push, laptop, "After the restart")
        await until(lambda: "After the restart" in titles(ctx), "the change made after the restart")
        await stop_cleanly(background)

    try:
        run(scenario())
    finally:
        ctx.close()
    assert "error" not in seen.states
    assert no_live_thread_left()


def test_with_sync_switched_off_nothing_listens(server: Server, email: str, tmp_path: Path) -> None:
    laptop = signed_in(tmp_path / "laptop", server, email)
    desktop = signed_in(tmp_path / "desktop", server, email)
    ctx = open_context(desktop)
    live: list[bool] = []

    async def scenario() -> None:
        background = for_data_dir(desktop, store=ctx.store, live=live_changes_for(desktop, ctx.store), on_live=live.append, **LIVE)
        background.start()
        await until(lambda: live == [True], "the stream to open")
        background.configure(automatic=False, interval_s=NEVER_S)
        await until(lambda: live == [True, False] and no_live_thread_left(), "the stream to close")
        await until(lambda: background.state != "syncing", "the catch-up sync under way to finish")
        await asyncio.to_thread(edit_and_push, laptop, "Not pulled")
        await asyncio.sleep(1.0)
        assert "Not pulled" not in titles(ctx)
        background.configure(automatic=True, interval_s=NEVER_S)
        await until(lambda: "Not pulled" in titles(ctx), "the catch-up sync when the stream reopens")
        await stop_cleanly(background)

    try:
        run(scenario())
    finally:
        ctx.close()


def test_switching_sync_off_as_the_stream_opens_drops_the_catch_up_it_would_have_made(
    server: Server, email: str, tmp_path: Path
) -> None:
    """A person who switches automatic sync off gets no sync they did not ask
    for, even one the stream's opening had just made due."""
    desktop = signed_in(tmp_path / "desktop", server, email)
    ctx = open_context(desktop)
    runs: list[int] = []

    async def scenario() -> None:
        background: BackgroundSync

        def switch_off_when_live(live: bool) -> None:
            if live:
                background.configure(automatic=False, interval_s=NEVER_S)

        background = BackgroundSync(
            counted(data_dir_sync(desktop, ctx.store), runs),
            live=live_changes_for(desktop, ctx.store),
            on_live=switch_off_when_live,
            **LIVE,
        )
        background.start()
        await until(lambda: not background.live.running and no_live_thread_left(), "the stream to open, then close")  # type: ignore[union-attr]
        await asyncio.sleep(1.0)  # room for the dropped catch-up to show up
        assert runs == [], "no sync ran after automatic sync was switched off"
        background.sync_now()
        await until(lambda: runs == [1] and background.state == "idle", "the sync asked for")
        await stop_cleanly(background)

    try:
        run(scenario())
    finally:
        ctx.close()
