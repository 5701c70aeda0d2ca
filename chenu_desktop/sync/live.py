"""Live changes: the server's event stream (`GET /api/v1/events`), heard in the background.

`LiveChanges` keeps one server-sent event stream open while it runs and
calls `on_change()` whenever an event names a workspace it `wants` (the
device then pulls: `BackgroundSync` coalesces a burst of them into one
sync). When the stream cannot be opened or drops, it tries again with
exponential backoff (with jitter, so a restarted server is not met by
every device at once) and reports `on_live(False)`; the device's polling
covers the gap, and `on_live(True)` comes again once a stream is open.
Nothing of this is ever an error for the person: a failure only means
"polling" instead of "live".

The stream runs in a thread of its own with its own asyncio loop, so a
slow network, a refresh of the session or a busy window never wait on
each other. No Qt here.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import threading
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx

from chenu_desktop.store import Store

from .account import RemoteFactory, open_remote
from .errors import SyncError
from .remote import API_PREFIX, Remote, tls_context
from .state import CURRENT_WORKSPACE_KEY

log = logging.getLogger(__name__)

EVENTS_PATH = API_PREFIX + "/events"
CONNECT_TIMEOUT_S = 10.0
SILENCE_TIMEOUT_S = 75.0
"""A stream silent this long is dead (the server sends a heartbeat every 15 s by default, at most every 60 s)."""
RETRY_INITIAL_S = 1.0
RETRY_MAX_S = 120.0

Credentials = Callable[[bool], tuple[str, str]]
"""(server URL, access token); True asks for a renewed token (the last one was refused). Blocking."""


class LiveChanges:
    """The event stream of one signed-in device; `start` and `stop` from any thread."""

    def __init__(
        self,
        credentials: Credentials,
        wants: Callable[[str], bool] = lambda workspace_id: True,
        *,
        retry_initial_s: float = RETRY_INITIAL_S,
        retry_max_s: float = RETRY_MAX_S,
        silence_timeout_s: float = SILENCE_TIMEOUT_S,
    ) -> None:
        self.credentials = credentials
        self.wants = wants
        self.retry_initial_s = retry_initial_s
        self.retry_max_s = retry_max_s
        self.silence_timeout_s = silence_timeout_s
        self._on_change: Callable[[], None] = lambda: None
        self._on_live: Callable[[bool], None] = lambda live: None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._ready = threading.Event()
        self._opened = False

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self, on_change: Callable[[], None], on_live: Callable[[bool], None]) -> None:
        """Open the stream (in the background) and keep it open until `stop`."""
        if self._thread is not None:
            return
        self._on_change, self._on_live = on_change, on_live
        self._ready.clear()
        self._thread = threading.Thread(target=self._thread_main, name="chenu live changes", daemon=True)
        self._thread.start()
        self._ready.wait()

    def stop(self, wait: bool = True) -> None:
        """Hang up; with `wait`, return once the thread is gone (a moment: nothing in it blocks)."""
        thread, loop, task = self._thread, self._loop, self._task
        if thread is None:
            return
        self._thread = None
        if loop is not None and task is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(task.cancel)
            except RuntimeError:
                pass  # its loop closed in between: the thread is ending anyway
        if wait and thread is not threading.current_thread():
            thread.join(CONNECT_TIMEOUT_S)

    # ------------------------------------------------------------ the thread

    def _thread_main(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._task = loop.create_task(self._run())
        self._ready.set()
        try:
            loop.run_until_complete(self._task)
        except asyncio.CancelledError:
            pass
        finally:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    async def _run(self) -> None:
        delay = self.retry_initial_s
        renew = False
        while True:
            self._opened = False
            try:
                url, token = await asyncio.to_thread(self.credentials, renew)
                renew = False
                await self._listen(url, token)
            except _Refused as refused:
                renew = refused.status == 401
                log.info("live changes: the server refused the event stream (%s)", refused.status)
                if refused.retry_after is not None:
                    delay = max(delay, refused.retry_after)
            except (httpx.HTTPError, SyncError, OSError, ValueError) as error:
                log.info("live changes: the event stream is down (%s)", type(error).__name__)
            if self._opened:
                delay = self.retry_initial_s
                self._report_live(False)
            await asyncio.sleep(delay * random.uniform(0.5, 1.0))
            delay = min(delay * 2, self.retry_max_s)

    async def _listen(self, url: str, token: str) -> None:
        """Until the stream ends: `on_live(True)` once it is open, `on_change()` for each wanted change."""
        timeout = httpx.Timeout(CONNECT_TIMEOUT_S, read=self.silence_timeout_s)
        headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
        async with (
            httpx.AsyncClient(base_url=url, timeout=timeout, verify=tls_context()) as client,
            client.stream("GET", EVENTS_PATH, headers=headers) as response,
        ):
            if response.status_code != 200:
                raise _Refused(response.status_code, _retry_after(response))
            self._opened = True
            self._report_live(True)
            async for name, data in _events(response.aiter_lines()):
                workspace_id = _workspace_of(data) if name == "changed" else None
                if workspace_id and self._wanted(workspace_id):
                    self._on_change()

    def _wanted(self, workspace_id: str) -> bool:
        try:
            return self.wants(workspace_id)
        except Exception:
            log.exception("live changes: deciding whether a workspace matters failed")
            return True  # a pull too many is harmless

    def _report_live(self, live: bool) -> None:
        try:
            self._on_live(live)
        except Exception:
            log.exception("live changes: the on_live callback failed")


class _Refused(Exception):
    def __init__(self, status: int, retry_after: float | None) -> None:
        super().__init__(status)
        self.status = status
        self.retry_after = retry_after


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return float(response.headers["Retry-After"])
    except (KeyError, ValueError):
        return None


async def _events(lines: AsyncIterator[str]) -> AsyncIterator[tuple[str, str]]:
    """(event name, data) of each server-sent event; comments (heartbeats) skipped."""
    name, data = "message", []
    async for line in lines:
        if not line:
            if data:
                yield name, "\n".join(data)
            name, data = "message", []
        elif line.startswith(":"):
            continue
        else:
            field, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if field == "event":
                name = value
            elif field == "data":
                data.append(value)


def _workspace_of(data: str) -> str | None:
    try:
        payload = json.loads(data)
    except ValueError:
        return None
    workspace_id = payload.get("workspace_id") if isinstance(payload, dict) else None
    return workspace_id if isinstance(workspace_id, str) else None


# ---------------------------------------------------------------- for a data dir


def data_dir_credentials(data_dir: Path, store: Store, remote_factory: RemoteFactory = Remote) -> Credentials:
    """The signed-in session of `data_dir` (renewed tokens are saved, as a sync saves them)."""

    def credentials(renew: bool) -> tuple[str, str]:
        _, remote = open_remote(data_dir, store, remote_factory)
        try:
            return remote.server_url, remote.access_token(renew=renew)
        finally:
            remote.close()

    return credentials


def current_workspace_of(store: Store) -> Callable[[str], bool]:
    """Whether a workspace is the one the device shows now: its changes are pulled at
    once; the others' wait for the next sync (every sync pulls all of them)."""

    def wants(workspace_id: str) -> bool:
        current = store.get_meta(CURRENT_WORKSPACE_KEY)
        return current is None or current == workspace_id

    return wants


def live_changes_for(data_dir: Path, store: Store, remote_factory: RemoteFactory = Remote) -> LiveChanges:
    return LiveChanges(data_dir_credentials(data_dir, store, remote_factory), current_workspace_of(store))
