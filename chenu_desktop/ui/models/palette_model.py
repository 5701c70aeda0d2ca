"""The Ctrl+K palette's results: frozen entries, each knowing what it opens or runs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ..i18n import translatable

KindRole = Qt.ItemDataRole.UserRole + 1
"""thread, decision, agent, sphere, page or action."""
DetailRole = Qt.ItemDataRole.UserRole + 2
"""The muted second line."""
EntryRole = Qt.ItemDataRole.UserRole + 3
"""The whole PaletteEntry."""

KIND_LABELS = {
    "action": translatable("Action"),
    "page": translatable("Page"),
    "sphere": translatable("Sphere"),
    "thread": translatable("Thread"),
    "decision": translatable("Decision"),
    "agent": translatable("Agent"),
}
"""In English: shown with `tr(label)`."""

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class PaletteEntry:
    kind: str
    title: str
    detail: str
    run: Callable[[], Any] = field(compare=False)
    """Opens the page or runs the action."""
    shortcut: str = ""
    name: str = ""
    """What typing is matched and ranked against, when not the title ("Threads" for "Go to Threads")."""
    path: str = ""
    """For a page: the path it opens."""

    @property
    def matched(self) -> str:
        return self.name or self.title


class PaletteModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[PaletteEntry] = []

    def set_entries(self, entries: list[PaletteEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> PaletteEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802,B008 - Qt's name and default
        return 0 if parent.isValid() else len(self._entries)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.detail or None
        if role == KindRole:
            return entry.kind
        if role == DetailRole:
            return entry.detail
        if role == EntryRole:
            return entry
        return None
