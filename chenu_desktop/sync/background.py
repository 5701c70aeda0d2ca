"""Background sync for the window: an asyncio task that keeps a device in sync.

It syncs when asked (`sync_now`), shortly after local writes (debounced: a
burst of edits makes one sync), every `interval_s`, and on reconnect: when
the server is unreachable it tries again with exponential backoff until an
attempt gets through. Each sync runs in a worker thread, so the event loop
(the window's, through qasync) never waits on the network or the disk; what
the sync reports (progress, the final report, the state) is delivered on the
loop's thread through plain callbacks. No Qt here.

States: "idle" (in sync), "syncing", "offline" (retrying by itself), "error"
(the message says what to do; no automatic retry, the next write or
`sync_now` tries again).

With `automatic=False` (sync switched off in Settings) it syncs only when
asked (`sync_now`): not at start, not after writes, not on the timer, and an
unreachable server is not retried by itself. `configure` changes both while
it runs.

Live: given a `LiveChanges` (live.py), automatic sync also listens to the
server's event stream and syncs as soon as another device's change to the
current workspace is announced (a burst of announcements makes one more
sync after the one under way), and whenever the stream (re)opens, to catch
up on what was said while it was down (at start, the first sync waits up to
`LIVE_OPEN_WAIT_S` for the stream to open, and is that catch-up). While the stream is open the timer
is only the fallback: it fires every `max(interval_s, LIVE_INTERVAL_S)`;
when the stream drops it is back to `interval_s` (the stream reconnects
with backoff meanwhile). `on_live(bool)` says which of "live" or "polling"
applies; neither is ever an error.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from chenu_desktop.store import STORE_FILE, Store

from .account import RemoteFactory, open_remote
from .engine import Progress, ProgressCallback, SyncEngine, SyncReport
from .errors import ServerUnreachable, SyncError
from .live import LiveChanges
from .remote import Remote

log = logging.getLogger(__name__)

IDLE, SYNCING, OFFLINE, ERROR = "idle", "syncing", "offline", "error"
DEBOUNCE_CAP = 5
"""Writes that never pause for `debounce_s` still sync after this many debounce periods."""
LIVE_INTERVAL_S = 300.0
LIVE_OPEN_WAIT_S = 1.0
"""At start, how long the first sync waits for the event stream to open."""
"""The timer's period while the event stream is open: a fallback for an announcement lost on the way."""

RunSync = Callable[[ProgressCallback], SyncReport]
StateCallback = Callable[[str, str | None], None]
ProgressHandler = Callable[[Progress], None]
ReportCallback = Callable[[SyncReport], None]
LiveCallback = Callable[[bool], None]


class BackgroundSync:
    """Runs `run_sync` (blocking, one whole sync) off the loop whenever a sync is due.

    Call `start()` from a coroutine on the loop, `await stop()` before the loop
    ends. `notify_local_write()` and `sync_now()` may be called from any
    thread; before `start()` and after `stop()` they do nothing (`start()`
    syncs at once anyway, and the outbox keeps what was not sent).
    """

    def __init__(
        self,
        run_sync: RunSync,
        *,
        debounce_s: float = 2.0,
        interval_s: float = 300.0,
        retry_initial_s: float = 2.0,
        retry_max_s: float = 300.0,
        on_state: StateCallback | None = None,
        on_progress: ProgressHandler | None = None,
        on_report: ReportCallback | None = None,
        automatic: bool = True,
        live: LiveChanges | None = None,
        on_live: LiveCallback | None = None,
    ) -> None:
        self.run_sync = run_sync
        self.debounce_s = debounce_s
        self.interval_s = interval_s
        self.automatic = automatic
        self.retry_initial_s = retry_initial_s
        self.retry_max_s = retry_max_s
        self.on_state = on_state
        self.on_progress = on_progress
        self.on_report = on_report
        self.live = live
        self.on_live = on_live
        self.is_live = False
        """The event stream is open: other devices' changes arrive as they are made."""
        self.state = IDLE
        self.message: str | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._wake = asyncio.Event()
        self._stopping = False
        # What makes a sync due (loop times): a request, an announcement, local writes, the timer or a retry.
        self._requested = False
        self._announced = False
        """The event stream opened or announced a change: due while automatic sync stays on."""
        self._write_due: float | None = None
        self._first_write: float | None = None
        self._scheduled: float | None = None
        self._retry_delay = retry_initial_s

    # ------------------------------------------------------------ control

    def start(self) -> None:
        """Start the task on the running loop; the first sync starts at once."""
        if self._loop is not None:
            raise RuntimeError("this background sync was already started")
        self._loop = asyncio.get_running_loop()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chenu-sync")
        self._requested = self.automatic
        self._task = self._loop.create_task(self._main(), name="chenu background sync")
        self._switch_live()
        if self.live is not None and self.automatic:
            # The first sync waits for the stream to open (a moment at most): a sync
            # that starts once the stream is open cannot miss a change, so one is enough.
            self._requested, self._scheduled = False, self._loop.time() + LIVE_OPEN_WAIT_S

    async def stop(self) -> None:
        """Stop: a sync under way finishes first (it cannot be cut safely from
        here, and its work is kept); nothing is left running afterwards."""
        if self._task is None or self._executor is None:
            return
        self._stopping = True
        self._wake.set()
        if self.live is not None:
            await self._loop.run_in_executor(None, self.live.stop)  # type: ignore[union-attr]
        try:
            await self._task
        finally:
            self._executor.shutdown(wait=True)  # its one thread is idle by now: this returns at once
            self._task = None

    def close(self) -> None:
        """Stop from outside a coroutine (a window closing): the task is
        cancelled, and a sync under way finishes in its thread before this returns."""
        if self._task is None or self._executor is None:
            return
        self._stopping = True
        self._task.cancel()
        if self.live is not None:
            self.live.stop()
        self._executor.shutdown(wait=True)
        self._task = None

    def configure(self, *, automatic: bool, interval_s: float) -> None:
        """Switch automatic syncing on or off and set its interval, from now on:
        the next timed sync comes `interval_s` after this call (or after the
        sync under way); switched off, nothing is due until `sync_now`."""

        def apply() -> None:
            assert self._loop is not None
            self.automatic, self.interval_s = automatic, interval_s
            if not automatic:
                self._announced = False
                self._write_due = self._first_write = self._scheduled = None
            elif self.state != OFFLINE:
                self._scheduled = self._loop.time() + self._interval()
            else:
                self._scheduled = self._loop.time() + min(self._retry_delay, interval_s)
            self._switch_live()
            self._wake.set()

        if self._loop is None:
            self.automatic, self.interval_s = automatic, interval_s
        else:
            self._on_loop(apply)

    def notify_local_write(self) -> None:
        """Something was written locally: sync once writes pause for `debounce_s`."""
        self._on_loop(self._note_write)

    def sync_now(self) -> None:
        """Sync as soon as possible (after the sync under way, if any)."""
        self._on_loop(self._note_request)

    # ------------------------------------------------------------ when a sync is due

    def _on_loop(self, action: Callable[[], None]) -> None:
        if self._loop is None or self._stopping:
            return
        try:
            current = asyncio.get_running_loop()
        except RuntimeError:
            current = None
        if current is self._loop:
            action()
        else:
            self._loop.call_soon_threadsafe(action)

    def _note_write(self) -> None:
        assert self._loop is not None
        if not self.automatic:
            return  # the outbox keeps the write; the next sync asked for sends it
        now = self._loop.time()
        if self._first_write is None:
            self._first_write = now
        self._write_due = min(now + self.debounce_s, self._first_write + DEBOUNCE_CAP * self.debounce_s)
        self._wake.set()

    def _note_request(self) -> None:
        self._requested = True
        self._wake.set()

    def _note_announcement(self) -> None:
        if self.automatic:  # an announcement still on its way when sync was switched off is dropped
            self._announced = True
            self._wake.set()

    def _due(self) -> float | None:
        assert self._loop is not None
        times = [t for t in (self._write_due, self._scheduled) if t is not None]
        if self._requested or self._announced:
            times.append(self._loop.time())
        return min(times, default=None)

    async def _wait_until_due(self) -> bool:
        """Sleep until a sync is due (True) or the task is stopping (False)."""
        assert self._loop is not None
        while not self._stopping:
            due = self._due()
            delay = None if due is None else due - self._loop.time()
            if delay is not None and delay <= 0:
                return True
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), delay)
            except TimeoutError:
                pass
        return False

    async def _main(self) -> None:
        while await self._wait_until_due():
            # Everything asked so far is served by this run; what is asked
            # while it runs makes exactly one more.
            self._requested = self._announced = False
            self._write_due = self._first_write = self._scheduled = None
            await self._attempt()

    # ------------------------------------------------------------ one sync

    async def _attempt(self) -> None:
        assert self._loop is not None
        self._set_state(SYNCING, None)
        try:
            report = await self._loop.run_in_executor(self._executor, self.run_sync, self._progress_from_worker)
        except ServerUnreachable as error:
            self._scheduled = self._loop.time() + self._retry_delay if self.automatic else None
            self._retry_delay = min(self._retry_delay * 2, self.retry_max_s)
            self._set_state(OFFLINE, str(error))
            return
        except SyncError as error:
            self._retry_delay = self.retry_initial_s
            self._set_state(ERROR, str(error))
            return
        except Exception as error:  # the task must outlive any failure of one sync
            log.exception("background sync failed")
            self._retry_delay = self.retry_initial_s
            self._set_state(ERROR, f"sync stopped by an unexpected error ({type(error).__name__}: {error})")
            return
        self._retry_delay = self.retry_initial_s
        self._scheduled = self._loop.time() + self._interval() if self.automatic else None
        _call(self.on_report, report)
        self._set_state(IDLE, None)

    # ------------------------------------------------------------ live

    def _switch_live(self) -> None:
        """The event stream runs while automatic sync is on (on the loop)."""
        if self.live is None or self._stopping:
            return
        if self.automatic and not self.live.running:
            self.live.start(on_change=lambda: self._on_loop(self._note_announcement), on_live=lambda live: self._on_loop(lambda: self._note_live(live)))
        elif not self.automatic and self.live.running:
            self.live.stop(wait=False)
            self._note_live(False)

    def _interval(self) -> float:
        return max(self.interval_s, LIVE_INTERVAL_S) if self.is_live else self.interval_s

    def _note_live(self, live: bool) -> None:
        assert self._loop is not None
        if live and (self.live is None or not self.live.running):
            return  # told by a stream stopped since (sync switched off)
        if live == self.is_live:
            return
        self.is_live = live
        if live:
            self._announced = True  # what changed before the stream opened was not announced
        elif self._scheduled is not None:
            self._scheduled = min(self._scheduled, self._loop.time() + self.interval_s)  # polling again
        self._wake.set()
        _call(self.on_live, live)

    def _progress_from_worker(self, progress: Progress) -> None:
        """Called in the worker thread: hand the progress to the loop's thread.
        Queued before the sync's result, so it arrives before the report."""
        assert self._loop is not None
        self._loop.call_soon_threadsafe(_call, self.on_progress, progress)

    def _set_state(self, state: str, message: str | None) -> None:
        if (state, message) == (self.state, self.message):
            return
        self.state, self.message = state, message
        _call(self.on_state, state, message)


def _call(callback: Callable[..., None] | None, *args: Any) -> None:
    """A callback that fails is logged, not allowed to stop the task."""
    if callback is None:
        return
    try:
        callback(*args)
    except Exception:
        log.exception("a background sync callback failed")


def data_dir_sync(data_dir: Path, store: Store | None = None, remote_factory: RemoteFactory = Remote) -> RunSync:
    """One blocking sync of `data_dir` with its signed-in server, as `chenu sync` does.

    Pass the window's own `store`: the sync then moves that store's clock past
    the stamps it receives and corrects its offset to the server, so an edit
    made in the window right after a pull is stamped later than what the pull
    brought (and wins, on every device). Without one, each run opens the
    store file on its own connection (SQLite WAL lets both work at once).
    """

    def run_sync(progress: ProgressCallback) -> SyncReport:
        opened = store if store is not None else Store.open(data_dir / STORE_FILE)
        try:
            account, remote = open_remote(data_dir, opened, remote_factory)
            try:
                engine = SyncEngine(opened, remote, progress=progress, personal_workspace_id=account.personal_workspace_id)
                return engine.run()
            finally:
                remote.close()
        finally:
            if opened is not store:
                opened.close()

    return run_sync


def for_data_dir(
    data_dir: Path,
    *,
    store: Store | None = None,
    remote_factory: RemoteFactory = Remote,
    **options: Any,
) -> BackgroundSync:
    """A `BackgroundSync` of a signed-in data dir; `options` as for `BackgroundSync`."""
    return BackgroundSync(data_dir_sync(data_dir, store, remote_factory), **options)
