"""The status bar's sync line: idle / syncing (with progress) / offline / error, or local only."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtWidgets import QLabel, QStatusBar

STATE_TEXT = {
    "idle": "● Synced",
    "syncing": "◌ Syncing…",
    "offline": "○ Offline — will retry",
    "error": "▲ Sync stopped",
    "off": "● Local only",
    "signed-out": "○ Not signed in",
}


class SyncStatus(QStatusBar):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("status-bar")
        self.setSizeGripEnabled(False)
        self.sync = QLabel(STATE_TEXT["off"])
        self.sync.setObjectName("sync-status")
        self.right = QLabel("offline-ready")
        self.right.setObjectName("status-right")
        self.addWidget(self.sync, 1)
        self.addPermanentWidget(self.right)
        self.state = "off"
        self._synced_at: float | None = None

    def show_state(self, state: str, message: str) -> None:
        self.state = state
        if state == "idle":
            self._synced_at = time.time()
        text = STATE_TEXT.get(state, state)
        if state == "idle":
            text += " just now"
        if message:
            text += f" · {message}"
        self.sync.setText(text)
        self.sync.setToolTip(message or text)

    def show_progress(self, progress: Any) -> None:
        if getattr(progress, "phase", "") == "done":
            return
        total = f" of {progress.total:,}" if progress.total else ""
        verb = "sending" if progress.phase == "push" else "receiving"
        self.sync.setText(f"◌ Syncing… {verb} {progress.done:,}{total} changes")
