"""The status bar's sync line: idle / syncing (with progress) / offline / error, or local only."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtWidgets import QLabel, QStatusBar

from ..i18n import format_number, tr, translatable

STATE_TEXT = {
    "idle": translatable("● Synced just now"),
    "syncing": translatable("◌ Syncing…"),
    "offline": translatable("○ Offline — will retry"),
    "error": translatable("▲ Sync stopped"),
    "off": translatable("● Local only"),
    "signed-out": translatable("○ Not signed in"),
}
LIVE_TEXT = {
    True: (translatable("live"), translatable("Other devices' changes arrive as they are made")),
    False: (translatable("polling"), translatable("Checking for other devices' changes every so often until live updates reconnect")),
}


class SyncStatus(QStatusBar):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("status-bar")
        self.setSizeGripEnabled(False)
        self.sync = QLabel(tr(STATE_TEXT["off"]))
        self.sync.setObjectName("sync-status")
        self.right = QLabel(tr("offline-ready"))
        self.right.setObjectName("status-right")
        self.addWidget(self.sync, 1)
        self.live = QLabel("")
        self.live.setObjectName("sync-live")
        self.addPermanentWidget(self.live)
        self.addPermanentWidget(self.right)
        self._live: bool | None = None
        self.state = "off"
        self._message = ""
        self._synced_at: float | None = None

    def show_state(self, state: str, message: str) -> None:
        self.state = state
        self._message = message
        if state == "idle":
            self._synced_at = time.time()
        text = tr(STATE_TEXT[state]) if state in STATE_TEXT else state
        if message:
            text += f" · {message}"
        self.sync.setText(text)
        self.sync.setToolTip(message or text)

    def retranslate(self) -> None:
        """Say the current state again, in the window's language."""
        self.show_state(self.state, self._message)
        self.show_live(self._live)

    def show_live(self, live: bool | None) -> None:
        """Whether other devices' changes arrive live (the event stream is open) or by polling; None: neither applies."""
        self._live = live
        text, tip = (tr(LIVE_TEXT[live][0]), tr(LIVE_TEXT[live][1])) if live is not None else ("", "")
        self.live.setText(text)
        self.live.setToolTip(tip)

    def show_progress(self, progress: Any) -> None:
        if getattr(progress, "phase", "") == "done":
            return
        done, total = format_number(progress.done), format_number(progress.total or 0)
        if progress.phase == "push":
            text = tr("◌ Syncing… sending {done} of {total} changes") if progress.total else tr("◌ Syncing… sending {done} changes")
        else:
            text = tr("◌ Syncing… receiving {done} of {total} changes") if progress.total else tr("◌ Syncing… receiving {done} changes")
        self.sync.setText(text.format(done=done, total=total))
