"""Calling notification hooks off the write path, in order, on one thread.

A write hands its events to the queue and returns at once: a plugin that takes
seconds (or raises) cannot stall or break it. One thread calls the hooks in the
order the events were queued, so a plugin sees a thread created before it is
changed, and the data events of a sync round before `sync_did_finish`.
`close` waits for the queue to drain (bounded), so the events of a command are
delivered before it exits.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .manager import PluginHost

log = logging.getLogger(__name__)

DRAIN_TIMEOUT_S = 30.0
"""How long closing waits for plugins still handling events before it gives up on them."""

Event = tuple[str, Mapping[str, Any]]
"""A notification hook's name and its arguments."""

_STOP = None


class EventDispatcher:
    """Queue events for `host`'s notification hooks; a daemon thread delivers them."""

    def __init__(self, host: PluginHost) -> None:
        self._host = host
        self._queue: queue.SimpleQueue[Event | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._closed = False

    def submit(self, events: Iterable[Event]) -> None:
        """Queue `events` for delivery; after `close`, they are dropped (logged)."""
        events = list(events)
        if not events:
            return
        with self._lock:
            if self._closed:
                log.warning("%d plugin event(s) after shutdown were not delivered", len(events))
                return
            if self._thread is None:
                self._thread = threading.Thread(target=self._deliver, name="chenu-plugin-events", daemon=True)
                self._thread.start()
            for event in events:
                self._queue.put(event)

    def close(self, timeout_s: float = DRAIN_TIMEOUT_S) -> None:
        """Deliver what is queued (waiting at most `timeout_s`), then stop."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            thread = self._thread
        if thread is None:
            return
        self._queue.put(_STOP)
        thread.join(timeout_s)
        if thread.is_alive():
            log.warning("plugins were still handling events after %.0f s; closing without them", timeout_s)

    def _deliver(self) -> None:
        while True:
            event = self._queue.get()
            if event is _STOP:
                return
            name, arguments = event
            try:
                self._host.notify(name, **arguments)
            except Exception:  # the host isolates plugins; this guards the thread itself
                log.exception("delivering %s to plugins failed", name)
