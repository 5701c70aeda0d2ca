"""The store's worker thread, and the way results come back to the GUI thread.

As in Anki (`CollectionOp … run_in_background`): every service call runs on
one worker thread, in submission order, so the GUI thread never waits on the
disk; its result or error is handed back to the GUI thread by a queued Qt
signal, and dropped if the widget that asked is gone by then.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the GUI thread; a signal emitted from the worker is queued to it."""

    deliver = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.deliver.connect(self._run)

    @staticmethod
    def _run(callback: Callable[[], None]) -> None:
        callback()


class Worker:
    """One thread for the store; `submit` runs a function there and calls back on the GUI thread."""

    def __init__(self, name: str = "chenu-store") -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._relay = _Relay()
        self._closed = False

    def submit(
        self,
        job: Callable[[], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        owner: QObject | None = None,
    ) -> Future[Any] | None:
        """Run `job` on the worker; then `on_success(result)` or `on_failure(error)` on the GUI thread.

        With an `owner`, the callbacks are skipped once that QObject is deleted
        (a page closed while its load was under way)."""
        if self._closed:
            return None
        future = self._executor.submit(job)

        def back_on_gui_thread() -> None:
            if owner is not None and not shiboken6.isValid(owner):
                return
            error = future.exception()
            if error is None:
                if on_success is not None:
                    on_success(future.result())
            elif on_failure is not None:
                on_failure(error)
            else:
                log.error("a background job failed", exc_info=error)

        future.add_done_callback(lambda _f: self._emit(back_on_gui_thread))
        return future

    def _emit(self, callback: Callable[[], None]) -> None:
        if shiboken6.isValid(self._relay):
            self._relay.deliver.emit(callback)

    def call(self, job: Callable[[], Any], timeout: float | None = None) -> Any:
        """Run `job` on the worker and wait for it (start-up and shutdown only)."""
        return self._executor.submit(job).result(timeout)

    def drained(self) -> Future[None]:
        """A future that completes once every job submitted so far has run."""
        if self._closed:
            done: Future[None] = Future()
            done.set_result(None)
            return done
        return self._executor.submit(lambda: None)

    def close(self) -> None:
        """Finish what was submitted, then stop the thread; later submissions are ignored."""
        self._closed = True
        self._executor.shutdown(wait=True)
