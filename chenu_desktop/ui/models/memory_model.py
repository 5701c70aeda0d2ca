"""Memory items (frozen `MemoryView`s): a listing, or the results of a search.

A long listing arrives a page at a time: when the view scrolls near its end,
`fetchMore` asks for the next page (`more_wanted(offset)`) and the page that
owns the model loads it off the GUI thread and hands it to `append_items`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal

from chenu_desktop.services.memory import MemoryView

from ..i18n import format_datetime, term, translatable
from .row_table_model import Index, RowRole, RowTableModel

CONTENT, TYPE, LAYER, USED = range(4)
HEADERS = (translatable("Remembered"), translatable("Type"), translatable("Layer"), translatable("Last used"))
PREVIEW_CHARS = 200

MemoryRole = RowRole
"""The row's `MemoryView`."""
SortRole = Qt.ItemDataRole.UserRole + 1


class MemoryModel(RowTableModel):
    HEADERS = HEADERS
    more_wanted = Signal(int)
    """The offset of the next page the view would show."""

    def __init__(self) -> None:
        super().__init__()
        self._more = False
        self._asked = False

    def set_items(self, items: Sequence[MemoryView], more: bool = False) -> None:
        """`more`: the listing goes on after these."""
        self._more, self._asked = more, False
        self._replace_rows(items)

    def append_items(self, items: Sequence[MemoryView], more: bool) -> None:
        known = {item.id for item in self._rows}
        self._add_rows([item for item in items if item.id not in known])  # a change since may shift the pages
        self._more, self._asked = more, False

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008 - Qt's names
        return not parent.isValid() and self._more and not self._asked

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008
        if self.canFetchMore(parent):
            self._asked = True
            self.more_wanted.emit(len(self._rows))

    def item(self, row: int) -> MemoryView:
        return self.row_at(row)

    def cell(self, item: MemoryView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(item, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == CONTENT:
            return item.content
        if role == SortRole:
            if column == USED:
                return item.accessed_at or item.created_at or datetime.min
            return (_display(item, column) or "").casefold()
        return None


def _display(item: MemoryView, column: int) -> str:
    if column == CONTENT:
        text = " ".join((item.content or "").split())
        preview = text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…"
        return f"📌 {preview}" if item.pinned else preview
    if column == TYPE:
        return term(item.type or "")
    if column == LAYER:
        return term(item.layer)
    if column == USED:
        moment = item.accessed_at or item.created_at
        return format_datetime(moment)  # local time
    return ""
