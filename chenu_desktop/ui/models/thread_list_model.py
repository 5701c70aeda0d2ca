"""The threads list as an item model: rows of frozen `ThreadRow`s, loaded a page at a time.

The first page arrives through `set_first_page` (the page's own load);
scrolling to the end makes the view call `fetchMore`, which asks the worker
thread for the page after the last row's key and inserts the rows when they
arrive, never querying on the GUI thread. A new filter or a newer load bumps
the generation, so a page that arrives late for an old list is dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from chenu_desktop.domain.clock import utc_now
from chenu_desktop.services.thread_pages import PAGE_SIZE, ThreadCursor, ThreadFilter, ThreadPage, ThreadRow

from ..i18n import format_date, name_of, relative_time, term, tr, translatable

if TYPE_CHECKING:
    from ..context import AppContext

TITLE, SPHERE, STATUS, MATURITY, ACTIVITY = range(5)
HEADERS = (translatable("Thread"), translatable("Sphere"), translatable("Status"), translatable("Maturity"), translatable("Last activity"))

IdRole = Qt.ItemDataRole.UserRole + 1
"""The thread's id."""
RowRole = Qt.ItemDataRole.UserRole + 2
"""The whole frozen ThreadRow."""
SortRole = Qt.ItemDataRole.UserRole + 3
"""A value that sorts as the column means (score, ISO time), for a proxy."""

Index = QModelIndex | QPersistentModelIndex


def ago(moment: Any) -> str:
    """A calm relative time: "just now", "5 min ago", "3 h ago", "12 days ago", or the date."""
    if moment is None:
        return ""
    seconds = (utc_now() - moment).total_seconds()
    return relative_time(seconds) if seconds < 86400 * 30 else format_date(moment)


class ThreadListModel(QAbstractItemModel):
    page_failed = Signal(object)
    """A later page could not be read (the error)."""
    loading_changed = Signal(bool)

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.where = ThreadFilter()
        self._rows: list[ThreadRow] = []
        self._next: ThreadCursor | None = None
        self._loading = False
        self._generation = 0
        self._sphere_names = {s.id: f"{s.icon} {name_of(s)}" for s in context.plugins.spheres()}

    # ------------------------------------------------------------ pages

    def set_first_page(self, where: ThreadFilter, page: ThreadPage) -> None:
        """Show `page` as the start of `where`'s list; an unchanged list only repaints."""
        self._generation += 1
        self._loading = False
        same = where == self.where and [r.id for r in page.rows] == [r.id for r in self._rows]
        self.where = where
        self._next = page.next
        if same:
            self._rows = list(page.rows)
            if self._rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(HEADERS) - 1))
            return
        self.beginResetModel()
        self._rows = list(page.rows)
        self.endResetModel()

    def loaded(self) -> int:
        return len(self._rows)

    def has_more(self) -> bool:
        return self._next is not None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802,B008 - Qt's name and default
        return not parent.isValid() and self._next is not None and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802,B008
        if not self.canFetchMore(parent):
            return
        self._loading = True
        self.loading_changed.emit(True)
        generation, where, after = self._generation, self.where, self._next
        self.context.run(
            lambda services: services.threads.page(where, after, PAGE_SIZE),
            lambda page: self._append(generation, page),
            lambda error: self._append_failed(generation, error),
            owner=self,
        )

    def _append(self, generation: int, page: ThreadPage) -> None:
        if generation != self._generation:
            return  # the list changed while this page was read
        self._loading = False
        self.loading_changed.emit(False)
        self._next = page.next
        if page.rows:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()

    def _append_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self.loading_changed.emit(False)
        self.page_failed.emit(error)

    # ------------------------------------------------------------ the model

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not (0 <= row < len(self._rows)) or not (0 <= column < len(HEADERS)):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        return QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802,B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802,B008
        return 0 if parent.isValid() else len(HEADERS)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802,B008
        return not parent.isValid()

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(HEADERS):
            return tr(HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == IdRole:
            return row.id
        if role == RowRole:
            return row
        if role == SortRole:
            return self._sort_value(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == TITLE:
            return row.current_intent or None
        return None

    def _display(self, row: ThreadRow, column: int) -> str:
        if column == TITLE:
            return row.title
        if column == SPHERE:
            return self._sphere_names.get(row.sphere_id or "", row.sphere_id or "")
        if column == STATUS:
            return term(row.status or "").capitalize()
        if column == MATURITY:
            return f"{term(row.maturity).capitalize()} · {row.maturity_score}"
        return ago(row.last_activity_at)

    def _sort_value(self, row: ThreadRow, column: int) -> Any:
        if column == MATURITY:
            return row.maturity_score
        if column == ACTIVITY:
            return row.last_activity_at.isoformat() if row.last_activity_at else ""
        return self._display(row, column)

    def row_at(self, index: Index) -> ThreadRow | None:
        return self._rows[index.row()] if index.isValid() and index.row() < len(self._rows) else None
