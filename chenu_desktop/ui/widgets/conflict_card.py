"""One open conflict: which field of which record, the value now and the
overwritten one side by side, when and on which device each was written, and
"Restore this value" / "Dismiss" (R / D while the card has the keyboard).

Long values are elided to a few lines' worth; the full text is the tooltip.
The card asks once: both buttons stay disabled until the page has the answer.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout

from chenu_desktop.domain.hlc import Stamp
from chenu_desktop.services.views import ConflictView

from ..i18n import format_datetime, tr
from .action_card import ActionCard
from .common import button, card, error_line, label

SHOWN_CHARS = 160
"""Characters of a value shown on the card; the tooltip holds the rest."""


class ConflictCard(ActionCard):
    restore_requested = Signal(str)
    """(conflict id)"""
    dismiss_requested = Signal(str)
    open_requested = Signal(str)
    """(path of the record the conflict is about)"""

    def __init__(self, conflict: ConflictView, this_device: str) -> None:
        super().__init__("conflict-card", "conflict-frame")
        self.conflict = conflict
        layout = QVBoxLayout(self.frame)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(8)

        top = QHBoxLayout()
        top.setSpacing(8)
        self.where = label(where(conflict), None, wrap=True)
        self.where.setObjectName("conflict-where")
        top.addWidget(self.where, 1)
        if conflict.table == "threads":
            self.open_record = button(tr("Open thread"), "conflict-open", flat=True)
            self.open_record.clicked.connect(lambda: self.open_requested.emit(f"/thread/{conflict.row_id}"))
            top.addWidget(self.open_record)
        layout.addLayout(top)

        sides = QHBoxLayout()
        sides.setSpacing(8)
        if conflict.current_value == conflict.kept_value:
            now_written = _written(conflict.kept_hlc, this_device)
        else:
            now_written = tr("Edited again since the conflict")
        self.now_value = _side(sides, "conflict-now", tr("Now"), conflict.current_value, now_written)
        self.lost_value = _side(
            sides, "conflict-lost", tr("Overwritten"), conflict.lost_value, _written(conflict.lost_hlc, this_device)
        )
        layout.addLayout(sides)

        self.facts = label(
            tr("Noticed {when}").format(when=format_datetime(conflict.detected_at)), "caption", wrap=True
        )
        self.facts.setObjectName("conflict-facts")
        layout.addWidget(self.facts)
        self.problem = error_line("conflict-problem")
        layout.addWidget(self.problem)

        actions = QHBoxLayout()
        actions.setSpacing(8)
        actions.addStretch(1)
        self.dismiss = button(tr("Dismiss"), "conflict-dismiss")
        self.dismiss.setToolTip(tr("Keep the value now; the conflict closes on every device (D)"))
        self.restore = button(tr("Restore this value"), "conflict-restore", primary=True)
        self.restore.setToolTip(tr("Write the overwritten value back; it then wins on every device (R)"))
        actions.addWidget(self.dismiss)
        actions.addWidget(self.restore)
        layout.addLayout(actions)
        self.restore.clicked.connect(lambda: self._ask(self.restore_requested))
        self.dismiss.clicked.connect(lambda: self._ask(self.dismiss_requested))
        self.setAccessibleName(tr("Conflict: {where}").format(where=self.where.text()))

    @property
    def conflict_id(self) -> str:
        return self.conflict.id

    def _ask(self, signal: Any) -> None:
        if not self.restore.isEnabled():
            return  # already asked: the answer is on its way
        self.set_busy(True)
        signal.emit(self.conflict_id)

    def set_busy(self, busy: bool) -> None:
        self.restore.setEnabled(not busy)
        self.dismiss.setEnabled(not busy)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
            if event.key() == Qt.Key.Key_R:
                self.restore.click()
                return
            if event.key() == Qt.Key.Key_D:
                self.dismiss.click()
                return
        super().keyPressEvent(event)


def where(conflict: ConflictView) -> str:
    """"Thread “Trip” · title": the record (by its title where it has one) and the field."""
    if conflict.row_title:
        record = tr("“{title}”").format(title=elide(conflict.row_title, 60))
    else:
        record = f"{conflict.table} {conflict.row_id[:8]}"
    return tr("{record} · {field}").format(record=record, field=conflict.column)


def shown(value: Any) -> str:
    """A stored value as a person reads it."""
    if value is None or value == "":
        return tr("(empty)")
    if isinstance(value, bool):
        return tr("yes") if value else tr("no")
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ", ".join(value) if value else tr("(empty)")
    return json.dumps(value, ensure_ascii=False)


def elide(text: str, limit: int = SHOWN_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _written(hlc: str, this_device: str) -> str:
    """"Written 6 Dec 2026 14:05 on this device" (or "on device 3f2a…")."""
    stamp = Stamp.parse(hlc)
    moment = datetime.fromtimestamp(stamp.physical_ms / 1000, tz=UTC)
    if stamp.node == this_device:
        return tr("Written {when} on this device").format(when=format_datetime(moment))
    return tr("Written {when} on device {device}").format(when=format_datetime(moment), device=stamp.node[:8])


def _side(row: QHBoxLayout, name: str, heading: str, value: Any, written: str) -> Any:
    side: QFrame = card(name)
    column = QVBoxLayout(side)
    column.setContentsMargins(12, 8, 12, 8)
    column.setSpacing(4)
    column.addWidget(label(heading, "caption"))
    full = shown(value)
    text = label(elide(full), None, wrap=True)
    text.setObjectName(f"{name}-value")
    text.setTextFormat(Qt.TextFormat.PlainText)
    text.setToolTip(full)
    text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    column.addWidget(text)
    column.addWidget(label(written, "caption", wrap=True))
    column.addStretch(1)
    row.addWidget(side, 1)
    return text
