"""One QApplication and one asyncio loop (qasync, on Qt's loop) per process.

The loop is made "already running": its callbacks are Qt events, so they
progress whenever Qt's loop spins — under `app.exec()` in the real app, and
under `qtbot.waitUntil` in tests — with no set-up by the caller. It is made
on first use (signing in, syncing): a local profile's start never imports
asyncio and qasync.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    import asyncio

    import qasync

APP_NAME = "CHE·NU"
_loop: qasync.QEventLoop | None = None


def application() -> QApplication:
    """The process's QApplication: the existing one, never a second."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    if not app.applicationName() or app.applicationName() == "python":
        app.setApplicationName(APP_NAME)
    return app  # type: ignore[return-value]


def event_loop() -> asyncio.AbstractEventLoop:
    """The asyncio loop on Qt's loop, made once per process."""
    import asyncio

    import qasync

    global _loop
    if _loop is None or _loop.is_closed():
        _loop = qasync.QEventLoop(application(), already_running=True)
        asyncio.set_event_loop(_loop)
    return _loop
