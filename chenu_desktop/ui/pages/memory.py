"""Memory: what you asked CHE·NU to remember, searchable (FTS5, every word must
match). What you add is yours and stored at once, as on the command line;
what Nova or an agent proposes to remember waits at a checkpoint, and the page
says how many such items wait, with a link to Governance. A delete offers Undo.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from chenu_desktop.domain.memory import MEMORY_TYPES, MemoryType
from chenu_desktop.services.memory import CONTENT_MAX, PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX, SEARCH_LIMIT_MAX, MemoryView
from chenu_desktop.services.waiting import WaitingAction, waiting_actions

from ..i18n import tr, translatable
from ..models.memory_model import CONTENT, LAYER, TYPE, USED, MemoryModel, SortRole
from ..read_only import guard_write, refuse_write
from ..widgets.common import button, card, error_line, label
from ..widgets.note_link import NoteLink
from ..widgets.record_table import RecordTable
from .base import BasePage

GOVERNANCE = "/governance"
SEARCH_DELAY_MS = 250
PREVIEW_CHARS = 60


@dataclass(frozen=True)
class MemoryData:
    query: str
    items: list[MemoryView]
    more: bool
    """The listing goes on after `items` (a search is never paged)."""
    waiting: list[WaitingAction]


class MemoryPage(BasePage):
    name = "memory"
    title = translatable("Memory")

    def build(self, content: QWidget) -> None:
        self._query = ""
        self.shown_query = ""
        """The search whose results are shown ("" for the whole listing)."""
        self._listings = 0
        """How many times the list was filled: a page asked for before a refill is dropped."""
        page = QVBoxLayout(content)
        page.setContentsMargins(24, 16, 24, 16)
        page.setSpacing(8)

        composer = card("memory-composer")
        column = QVBoxLayout(composer)
        column.setContentsMargins(16, 12, 16, 12)
        column.setSpacing(8)
        row = QHBoxLayout()
        row.setSpacing(8)
        self.text = QLineEdit()
        self.text.setObjectName("memory-text")
        self.text.setPlaceholderText(tr("Something to remember, e.g. “The boiler's service code is 4471”"))
        self.text.setMaxLength(CONTENT_MAX)
        self.type = QComboBox()
        self.type.setObjectName("memory-type")
        for memory_type in MEMORY_TYPES:
            self.type.addItem(memory_type.capitalize(), memory_type)
        self.type.setCurrentIndex(self.type.findData(MemoryType.NOTE.value))
        self.add_button = button(tr("Remember"), "memory-add", primary=True)
        row.addWidget(self.text, 1)
        row.addWidget(self.type)
        row.addWidget(self.add_button)
        column.addLayout(row)
        self.add_error = error_line("memory-error")
        column.addWidget(self.add_error)
        column.addWidget(label(tr("Yours, stored at once. What Nova or an agent wants remembered waits for your approval."), "caption", wrap=True))
        page.addWidget(composer)
        self.waiting = NoteLink("memory-waiting", self.context.navigate)
        self.waiting.hide()
        page.addWidget(self.waiting)
        page.addSpacing(8)

        tools = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("memory-search")
        self.search.setPlaceholderText(tr("Search memory: every word must match"))
        self.search.setClearButtonEnabled(True)
        self.delete_button = button(tr("Forget"), "memory-delete")
        self.delete_button.setToolTip(tr("Forget the selected item (Delete)"))
        tools.addWidget(self.search, 1)
        tools.addWidget(self.delete_button)
        page.addLayout(tools)

        self.model = MemoryModel()
        self.model.more_wanted.connect(self._load_more)
        ordered = QSortFilterProxyModel(self)
        ordered.setSourceModel(self.model)
        ordered.setSortRole(SortRole)
        self.view = RecordTable("memory-list", ordered, stretch_column=CONTENT, widths={TYPE: 112, LAYER: 80, USED: 152})
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        page.addWidget(self.view, 1)
        self.no_match = label("", "muted", wrap=True)
        self.no_match.setObjectName("memory-no-match")
        self.no_match.hide()
        page.addWidget(self.no_match)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._search_now)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.text.textChanged.connect(lambda _text: self.add_error.hide())
        self.text.returnPressed.connect(self.add)
        self.add_button.clicked.connect(self.add)
        self.delete_button.clicked.connect(self.delete_selected)
        forget = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view)
        forget.activated.connect(self.delete_selected)
        guard_write(self.context, self.text, self.type, self.add_button, self.delete_button)
        self._selection_changed()

    # ------------------------------------------------------------ data

    def reload(self, quiet: bool = False) -> None:
        # As many rows as are shown now (at least a page), so a refresh keeps the scroll position.
        self._rows_wanted = min(max(PAGE_LIMIT_DEFAULT, self.model.rowCount()), PAGE_LIMIT_MAX - 1)
        super().reload(quiet)

    def fetch(self, services: Any) -> MemoryData:
        query, rows = self._query, self._rows_wanted
        waiting = waiting_actions(services.ctx, ["memory.store"])
        if query:
            return MemoryData(query, services.memory.search(query, limit=SEARCH_LIMIT_MAX), False, waiting)
        items = services.memory.page(0, rows + 1)
        return MemoryData(query, items[:rows], len(items) > rows, waiting)

    def _load_more(self, offset: int) -> None:
        listing = self._listings

        def more(services: Any) -> list[MemoryView]:
            return services.memory.page(offset, PAGE_LIMIT_DEFAULT + 1)

        def arrived(items: list[MemoryView]) -> None:
            if listing == self._listings:  # not reloaded since: the offset still holds
                self.model.append_items(items[:PAGE_LIMIT_DEFAULT], len(items) > PAGE_LIMIT_DEFAULT)

        self.context.run(more, arrived, owner=self)

    def render(self, result: MemoryData) -> None:
        if result.query != self._query:
            return  # typed on since: the search under way brings the newer answer
        self.shown_query = result.query
        if not result.items and not result.query and not result.waiting:
            self.show_empty(
                tr("Nothing in memory yet"),
                tr("Write down what CHE·NU should remember for you: facts, preferences, references."),
                tr("Remember something"),
                self._start_composing,
            )
            return
        selected = self._selected()
        self._listings += 1
        self.model.set_items(result.items, result.more)
        if selected is not None:
            self._select(selected.id)
        self.no_match.setText(tr("Nothing in memory matches every word of “{query}”.").format(query=result.query))
        self.no_match.setVisible(bool(result.query) and not result.items)
        self.view.setVisible(bool(result.items) or not result.query)
        count = len(result.waiting)
        if count:
            self.waiting.show_note(
                tr("%n item(s) proposed by Nova or an agent wait(s) for your approval.", n=count), tr("Review in Governance"), GOVERNANCE
            )
        else:
            self.waiting.hide()
        self._selection_changed()

    def _start_composing(self) -> None:
        self.show_content()
        self.text.setFocus()

    def _search_now(self) -> None:
        self._query = self.search.text().strip()
        self.reload(quiet=True)

    # ------------------------------------------------------------ actions

    def add(self) -> None:
        text = self.text.text().strip()
        if not text:
            self.add_error.setText(tr("Write what to remember first."))
            self.add_error.show()
            return
        memory_type = self.type.currentData()
        self.add_button.setEnabled(False)

        def added(item: MemoryView) -> None:
            self.add_button.setEnabled(True)
            self.text.clear()
            self._toast(tr("Remembered: {text}").format(text=_preview(item.content)))

        def failed(error: BaseException) -> None:
            self.add_button.setEnabled(True)
            self.add_error.setText(str(error))
            self.add_error.show()

        self.context.run(lambda services: services.memory.add(text, type=memory_type), added, failed, owner=self, writes=True)

    def delete_selected(self) -> None:
        item = self._selected()
        if item is None or refuse_write(self.context):
            return
        memory_id = item.id

        def restore() -> None:
            self.context.run(lambda services: services.memory.restore(memory_id), writes=True)

        self.context.run(
            lambda services: services.memory.delete(memory_id),
            lambda _gone: self._toast(tr("Forgot: {text}").format(text=_preview(item.content)), tr("Undo"), restore),
            owner=self,
            writes=True,
        )

    # ------------------------------------------------------------ selection

    def _selected(self) -> MemoryView | None:
        row = self.view.selected_source_row()
        return None if row is None else self.model.item(row)

    def _select(self, memory_id: str) -> None:
        proxy = self.view.model()
        for row in range(self.model.rowCount()):
            if self.model.item(row).id == memory_id:
                self.view.selectRow(proxy.mapFromSource(self.model.index(row, 0)).row())  # type: ignore[attr-defined]
                return

    def _selection_changed(self, *_args: Any) -> None:
        self.delete_button.setEnabled(self._selected() is not None)

    def _toast(self, text: str, action: str | None = None, callback: Any = None) -> None:
        toasts = getattr(self.window(), "toasts", None)
        if toasts is None:
            self.context.notice.emit(text, "info")
        else:
            toasts.show(text, "info", action, callback)


def _preview(content: str | None) -> str:
    text = " ".join((content or "").split())
    return f"“{text}”" if len(text) <= PREVIEW_CHARS else f"“{text[: PREVIEW_CHARS - 1]}…”"
