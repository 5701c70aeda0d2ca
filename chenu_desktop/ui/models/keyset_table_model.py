"""A read-only table of frozen rows that grows a page at a time.

The model holds rows and never reads the store itself: when the view
scrolls near the end, `fetchMore` emits `more_wanted(after)` with the
keyset position of the last row, and whoever owns the model (a page) runs
the query on the worker thread and hands the page back with `append_rows`.
Subclasses give the columns, the cells (see `RowTableModel`) and the key of a row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Signal

from .row_table_model import Index, RowTableModel


class KeysetTableModel(RowTableModel):
    more_wanted = Signal(object)
    """(after): the key of the last row; answer with `append_rows`."""

    def __init__(self) -> None:
        super().__init__()
        self._more = False
        self._waiting = False

    # ------------------------------------------------------------ for subclasses

    def key(self, row: Any) -> Any:
        """The keyset position of `row` (what the next page starts after)."""
        raise NotImplementedError

    # ------------------------------------------------------------ rows

    def set_rows(self, rows: Sequence[Any], more: bool) -> None:
        """Start again with a first page; `more` when the store holds further rows."""
        self._more = more
        self._waiting = False
        self._replace_rows(rows)

    def append_rows(self, rows: Sequence[Any], more: bool) -> None:
        self._waiting = False
        self._more = more
        self._add_rows(rows)

    # ------------------------------------------------------------ Qt's model interface

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008 - Qt's names
        return not parent.isValid() and self._more and not self._waiting and bool(self._rows)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008
        if self.canFetchMore(parent):
            self._waiting = True
            self.more_wanted.emit(self.key(self._rows[-1]))
