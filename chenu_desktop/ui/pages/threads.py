"""Threads: every thread of the workspace, filtered by sphere and status, sorted, searched.

The list is lazy: the page's load reads the first page (by keyset, so it
costs the same for 100 threads or 100 000), the model reads the next ones
as the view scrolls, and the count in the header is read afterwards, off
the critical path. A change in the store reloads as many rows as are shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from chenu_desktop.domain.threads import THREAD_STATUSES
from chenu_desktop.services.thread_pages import PAGE_MAX, PAGE_SIZE, SORT_MATURITY, SORT_RECENT, ThreadFilter

from ..i18n import name_of, term, tr, translatable
from ..models.thread_list_model import ACTIVITY, MATURITY, SPHERE, STATUS, TITLE, IdRole, ThreadListModel
from ..read_only import guard_write, refuse_write
from ..widgets.common import button, label
from .base import BasePage

ROW_HEIGHT = 36
SEARCH_DELAY_MS = 200
"""Typing in the search field reloads once the person pauses."""


class ThreadsPage(BasePage):
    name = "threads"
    title = translatable("Threads")

    def build(self, content: QWidget) -> None:
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)

        heading = QHBoxLayout()
        heading.setSpacing(8)
        self.count = label("", "muted")
        self.count.setObjectName("thread-count")
        heading.addWidget(self.count, 1)
        self.create = button(tr("+  New thread"), "create-thread", primary=True)
        self.create.setToolTip(tr("Start a thread (Ctrl+N)"))
        self.create.clicked.connect(self._new_thread)
        guard_write(self.context, self.create)
        heading.addWidget(self.create)
        layout.addLayout(heading)

        filters = QHBoxLayout()
        filters.setSpacing(8)
        self.search = QLineEdit(objectName="thread-search", placeholderText=tr("Search titles…"))
        self.search.setClearButtonEnabled(True)
        self.sphere = QComboBox(objectName="thread-sphere-filter")
        self.sphere.addItem(tr("All spheres"), None)
        for sphere in self.context.plugins.spheres():
            self.sphere.addItem(f"{sphere.icon} {name_of(sphere)}", sphere.id)
        self.status = QComboBox(objectName="thread-status-filter")
        self.status.addItem(tr("Any status"), None)
        for status in THREAD_STATUSES:
            self.status.addItem(term(status).capitalize(), status)
        self.sort = QComboBox(objectName="thread-sort")
        self.sort.addItem(tr("Recent activity"), SORT_RECENT)
        self.sort.addItem(tr("Maturity"), SORT_MATURITY)
        filters.addWidget(self.search, 1)
        for combo in (self.sphere, self.status, self.sort):
            combo.setMinimumWidth(160)
            filters.addWidget(combo)
        layout.addLayout(filters)

        self.model = ThreadListModel(self.context, self)
        # A table, not a tree: QTreeView fetches more on every relayout, a table only as it scrolls.
        self.list = QTableView(objectName="thread-list")
        self.list.setModel(self.model)
        self.list.setShowGrid(False)
        self.list.setWordWrap(False)
        self.list.setCornerButtonEnabled(False)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        rows = self.list.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(ROW_HEIGHT)
        header = self.list.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((SPHERE, 168), (STATUS, 112), (MATURITY, 136), (ACTIVITY, 128)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, width)
        self.list.clicked.connect(self._open)
        self.list.activated.connect(self._open)
        layout.addWidget(self.list, 1)

        self.no_match = label(tr("No thread matches these filters."), "muted")
        self.no_match.setObjectName("no-match")
        self.no_match.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_match.hide()
        layout.addWidget(self.no_match)

        self._typing = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._typing.timeout.connect(self._filters_changed)
        self.search.textChanged.connect(lambda _text: self._typing.start())
        for combo in (self.sphere, self.status, self.sort):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.model.page_failed.connect(lambda error: self.context.notice.emit(tr("More threads could not be read: {error}").format(error=error), "error"))
        self._wanted: tuple[ThreadFilter, int] = (ThreadFilter(), PAGE_SIZE)

    # ------------------------------------------------------------ load

    def filter(self) -> ThreadFilter:
        return ThreadFilter(
            sphere_id=self.sphere.currentData(),
            status=self.status.currentData(),
            search=self.search.text().strip(),
            sort=self.sort.currentData(),
        )

    def reload(self, quiet: bool = False) -> None:
        """Read the filter on the GUI thread; a reload of the same list keeps as many rows as are shown."""
        where = self.filter()
        shown = self.model.loaded() if where == self.model.where else 0
        self._wanted = (where, min(PAGE_MAX, max(PAGE_SIZE, shown)))
        super().reload(quiet)

    def fetch(self, services: Any) -> Any:
        where, limit = self._wanted
        return where, services.threads.page(where, None, limit)

    def render(self, result: Any) -> None:
        where, page = result
        if not page.rows and where == ThreadFilter(sort=where.sort):
            self.count.setText("")
            self.show_empty(
                tr("No threads yet"),
                tr("A thread holds one piece of work from its founding intent to its end: notes, decisions, actions."),
                tr("Start a thread"),
                self._new_thread,
            )
            return
        self.model.set_first_page(where, page)
        self.no_match.setVisible(not page.rows)
        self.list.setVisible(bool(page.rows))
        if page.next is None:
            self._show_count(len(page.rows))
        else:
            self.context.run(lambda services: services.threads.count(where), self._show_count, lambda _e: None, owner=self)

    def _show_count(self, count: int) -> None:
        self.count.setText(tr("%Ln thread(s)", n=count))

    def _filters_changed(self) -> None:
        self.reload(quiet=True)

    # ------------------------------------------------------------ actions

    def _open(self, index: QModelIndex) -> None:
        thread_id = index.data(IdRole)
        if thread_id:
            self.context.navigate(f"/thread/{thread_id}")

    def _new_thread(self) -> None:
        if refuse_write(self.context):
            return
        from ..widgets.new_thread_dialog import NewThreadDialog

        NewThreadDialog.ask(self.context, self.window(), sphere_id=self.sphere.currentData())
