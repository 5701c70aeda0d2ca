"""The Ctrl+K palette: one search box over threads, decisions, agents, spheres,
pages, plugin actions and the window's own actions.

"Go to …" is offered for every page the window can show without an id: the
router's routes (built-in pages and plugin pages alike, so a page added to
the registry is listed without touching this file), and every sphere.

An overlay inside the window (a frameless child, so it never fights for
focus as a second top-level window would). Pages and actions are matched
in memory as one types; the store is searched on the worker thread ~80 ms
after the last key, and only the latest query's answer is shown. Arrows
move, Enter runs the highlighted entry (once the store has answered, if a
search is under way), Esc or a click outside closes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from chenu_desktop.plugin_host.specs import ActionSpec, PageSpec
from chenu_desktop.services.search import AGENT, DECISION, THREAD, SearchHit

from .. import theme
from ..i18n import name_of, tr
from ..models.palette_model import KIND_LABELS, DetailRole, EntryRole, KindRole, PaletteEntry, PaletteModel
from ..plugin_widgets import run_action
from ..router import HOME, LOGIN
from .common import label

if TYPE_CHECKING:
    from ..context import AppContext

DEBOUNCE_MS = 80
WIDTH = 640
TOP = 64
ROW_HEIGHT = 44
VISIBLE_ROWS = 9
MAX_LOCAL = 8
"""Pages and actions shown at most (the store's hits come on top of these)."""


def _rank(entry: PaletteEntry, needle: str) -> int:
    """0 for an exact title or name, 1 for a prefix, 2 for a word start, 3 for anywhere
    ("gov" and "go to gov" both find "Go to Governance" by a prefix)."""
    return min(_rank_text(entry.matched, needle), _rank_text(entry.title, needle))


def _rank_text(text: str, needle: str) -> int:
    title = text.casefold().lstrip("⌂◇▣≡ ")
    if title == needle:
        return 0
    if title.startswith(needle):
        return 1
    if f" {needle}" in f" {title}":
        return 2
    return 3


class CommandPalette(QFrame):
    def __init__(self, context: AppContext, window: Any) -> None:
        super().__init__(window)
        self.context = context
        self.main_window = window
        self.setObjectName("palette")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAutoFillBackground(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        self.search = QLineEdit(objectName="global-search")
        self.search.setPlaceholderText(tr("Search threads, decisions, agents, spheres, pages and actions…"))
        self.search.installEventFilter(self)
        layout.addWidget(self.search)
        self.model = PaletteModel(self)
        self.results = QListView(objectName="palette-results")
        self.results.setModel(self.model)
        self.results.setItemDelegate(_EntryDelegate(self.results))
        self.results.setUniformItemSizes(True)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.clicked.connect(lambda index: self.run(index.row()))
        layout.addWidget(self.results)
        self.hint = label("", "muted")
        self.hint.setObjectName("palette-hint")
        self.hint.setContentsMargins(8, 0, 8, 4)
        layout.addWidget(self.hint)
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self._query_store)
        self.search.textChanged.connect(self._typed)
        self._query = 0
        """Bumped by every keystroke: only the latest query's answer is shown."""
        self._answered = 0
        self._run_when_answered = False
        self._moved = False
        """The person moved the highlight with the arrows since the last keystroke."""
        self._hits: list[PaletteEntry] = []
        self.hide()

    # ------------------------------------------------------------ open / close

    def open(self) -> None:
        self._place()
        self.show()
        self.raise_()
        self.search.setFocus()
        self.search.selectAll()
        self._typed(self.search.text())
        QApplication.instance().installEventFilter(self)

    def close(self) -> bool:  # type: ignore[override]
        QApplication.instance().removeEventFilter(self)
        self.hide()
        self.search.clear()
        self._run_when_answered = False
        return True

    def _place(self) -> None:
        host = self.main_window
        width = min(WIDTH, host.width() - 96)
        rows = max(1, min(VISIBLE_ROWS, self.model.rowCount()))
        self.results.setFixedHeight(rows * ROW_HEIGHT + 4)
        self.results.setVisible(self.model.rowCount() > 0)
        self.adjustSize()
        self.setGeometry((host.width() - width) // 2, TOP, width, self.sizeHint().height())

    # ------------------------------------------------------------ search

    def _typed(self, text: str) -> None:
        self._query += 1
        self._moved = False
        self._hits = []
        self._show(text)
        if text.strip():
            self._debounce.start()
        else:
            self._debounce.stop()
            self._answered = self._query

    def _query_store(self) -> None:
        query, text = self._query, self.search.text()
        self.context.run(
            lambda services: services.search.find(text),
            lambda hits: self._store_answered(query, hits),
            lambda error: self._store_failed(query, error),
            owner=self,
        )

    def _store_answered(self, query: int, hits: list[SearchHit]) -> None:
        if query != self._query:
            return  # a newer query is on its way
        self._answered = query
        chosen = self.model.entry(self.results.currentIndex().row()) if self._moved else None
        self._hits = [self._hit_entry(hit) for hit in hits]
        self._show(self.search.text())
        if chosen is not None:
            self._highlight(chosen)
        if self._run_when_answered:
            self._run_when_answered = False
            self.run(self.results.currentIndex().row())

    def _store_failed(self, query: int, error: BaseException) -> None:
        if query == self._query:
            self._answered = query
            self._run_when_answered = False
            self.hint.setText(tr("The search failed: {error}").format(error=error))

    def _show(self, text: str) -> None:
        needle = text.strip().casefold()
        local = [entry for entry in self._local_entries() if not needle or any(needle in text.casefold() for text in (entry.title, entry.matched, entry.detail))]
        if not needle:
            entries = local
        else:
            entries = sorted([*local[:MAX_LOCAL], *self._hits], key=lambda entry: _rank(entry, needle))
        self.model.set_entries(entries)
        if entries:
            self.results.setCurrentIndex(self.model.index(0))
        searching = bool(needle) and self._answered != self._query
        if searching and not entries:
            self.hint.setText(tr("Searching…"))
        elif needle and not entries:
            self.hint.setText(tr("No match"))
        else:
            self.hint.setText(tr("↑↓ to move · Enter to open · Esc to close"))
        if self.isVisible():
            self._place()

    # ------------------------------------------------------------ entries

    def _local_entries(self) -> list[PaletteEntry]:
        """Actions (the window's own, then what plugins register), then "Go to" every page."""
        window, context = self.main_window, self.context
        signed_in = context.profile is not None and context.profile.signed_in
        entries = [PaletteEntry("action", tr("New thread"), tr("Start a thread"), window.new_thread, "Ctrl+N")]
        if signed_in:
            entries.append(PaletteEntry("action", tr("Sync now"), tr("Send and receive changes"), context.sync_now, "F5"))
            entries.append(PaletteEntry("action", tr("Sign out"), tr("End the session; the data stays on this device"), window.sign_out))
        else:
            entries.append(PaletteEntry("action", tr("Leave the local profile"), tr("Back to the sign-in page; the data stays"), window.sign_out))
        for spec in context.plugins.contributions(ActionSpec):
            entries.append(PaletteEntry("action", spec.title, spec.plugin, _runner(spec, context), spec.shortcut or ""))
        return entries + self._page_entries()

    def _page_entries(self) -> list[PaletteEntry]:
        """One "Go to" per page: the dashboard, each sphere, then every other route
        without an id, in the order the window registered them (plugin pages last)."""
        plugin_pages = {spec.path: spec for spec in self.context.plugins.contributions(PageSpec)}
        entries = [self._page(tr("Dashboard"), HOME, tr("Home"))]
        for sphere in self.context.plugins.spheres():
            entries.append(self._page(name_of(sphere), f"/sphere/{sphere.id}", tr("Sphere"), kind="sphere", icon=sphere.icon))
        for pattern in self.main_window.router.patterns():
            if "<" in pattern or pattern in (HOME, LOGIN):
                continue
            spec = plugin_pages.get(pattern)
            if spec is not None:
                entries.append(self._page(spec.title, pattern, spec.plugin))
            else:
                entries.append(self._page(tr(_title_of(pattern)), pattern, pattern))
        return entries

    def _page(self, name: str, path: str, detail: str, kind: str = "page", icon: str = "") -> PaletteEntry:
        title = tr("Go to {page}").format(page=f"{icon} {name}" if icon else name)
        return PaletteEntry(kind, title, detail, lambda: self._go(path), name=name, path=path)

    def _go(self, path: str) -> None:
        """Open the page, and put the keyboard there: the next Tab reaches its first control."""
        self.context.navigate(path)
        page = self.main_window.stack.currentWidget()
        if page is not None:
            page.setFocus(Qt.FocusReason.OtherFocusReason)

    def _hit_entry(self, hit: SearchHit) -> PaletteEntry:
        navigate = self.context.navigate
        if hit.kind == THREAD:
            return PaletteEntry(THREAD, hit.title, hit.detail, lambda: navigate(f"/thread/{hit.id}"))
        if hit.kind == DECISION:
            path = f"/thread/{hit.thread_id}" if hit.thread_id else "/decisions"
            return PaletteEntry(DECISION, hit.title, hit.detail, lambda: navigate(path))
        if hit.kind == AGENT:
            return PaletteEntry(AGENT, hit.title, hit.detail, lambda: navigate("/agents"))
        return PaletteEntry(hit.kind, hit.title, hit.detail, lambda: None)

    # ------------------------------------------------------------ keys

    def run(self, row: int) -> None:
        entry = self.model.entry(row)
        if entry is None:
            return
        self.close()
        entry.run()

    def _enter(self) -> None:
        """Run the highlighted entry; while the store is still searching, run
        once it has answered, unless the person chose the entry with the
        arrows or it is exactly what was typed."""
        needle = self.search.text().strip().casefold()
        current = self.model.entry(self.results.currentIndex().row())
        chosen = current is not None and (self._moved or _rank(current, needle) == 0)
        searching = bool(needle) and self._answered != self._query
        if searching and not chosen:
            self._run_when_answered = True  # Enter typed faster than the store answered
            if not self._debounce.isActive():
                return
            self._debounce.stop()
            self._query_store()
            return
        self.run(self.results.currentIndex().row())

    def _highlight(self, entry: PaletteEntry) -> None:
        """Keep the person's choice highlighted when the list grows under it."""
        for row in range(self.model.rowCount()):
            if self.model.entry(row) == entry:
                self.results.setCurrentIndex(self.model.index(row))
                return
        self._moved = False

    def _move(self, step: int) -> None:
        count = self.model.rowCount()
        if count:
            row = (self.results.currentIndex().row() + step) % count
            self.results.setCurrentIndex(self.model.index(row))
            self._moved = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.search and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self._move(1 if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) else -1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._enter()
                return True
            if key == Qt.Key.Key_Escape:
                self.close()
                return True
        if watched is self.main_window and event.type() == QEvent.Type.Resize:
            self._place()
        if event.type() == QEvent.Type.MouseButtonPress and self.isVisible() and isinstance(watched, QWidget):
            if watched.window() is self.main_window and not self.isAncestorOf(watched) and watched is not self:
                self.close()
        return False


def _title_of(pattern: str) -> str:
    """"/audit-log" → "Audit log": the English title of a page, as its sidebar entry is written."""
    return pattern.strip("/").replace("-", " ").replace("/", " ").capitalize()


def _runner(spec: ActionSpec, context: AppContext) -> Callable[[], None]:
    return lambda: run_action(spec, context)


class _EntryDelegate(QStyledItemDelegate):
    """Title, a muted second line, and the kind (or shortcut) on the right."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        return QSize(option.rect.width(), ROW_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        tokens = theme.PALETTES[theme.current()]
        painter.save()
        rect = option.rect
        if option.state & QStyle.StateFlag.State_Selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(tokens["raised"]))
            painter.drawRoundedRect(rect.adjusted(2, 1, -2, -1), 6, 6)
        entry = index.data(EntryRole)
        kind = tr(KIND_LABELS[index.data(KindRole)]) if index.data(KindRole) in KIND_LABELS else ""
        right = f"{entry.shortcut}   {kind}" if entry is not None and entry.shortcut else kind
        caption = QFont(painter.font())
        caption.setPointSizeF(max(7.0, caption.pointSizeF() * 0.85))
        text_rect = rect.adjusted(12, 4, -112, -4)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(QColor(tokens["accent" if selected else "text"]))
        title_rect = QRect(text_rect.left(), text_rect.top(), text_rect.width(), text_rect.height() // 2 + 2)
        metrics = painter.fontMetrics()
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, metrics.elidedText(index.data() or "", Qt.TextElideMode.ElideRight, title_rect.width()))
        painter.setFont(caption)
        painter.setPen(QColor(tokens["muted"]))
        detail_rect = QRect(text_rect.left(), title_rect.bottom(), text_rect.width(), text_rect.height() - title_rect.height())
        detail = index.data(DetailRole) or ""
        painter.drawText(detail_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, painter.fontMetrics().elidedText(detail, Qt.TextElideMode.ElideRight, detail_rect.width()))
        painter.drawText(rect.adjusted(0, 0, -12, 0), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, right)
        painter.restore()
