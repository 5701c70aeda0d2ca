"""What every page shares: the context, and the loading / empty / error / content states.

A page names its work in two halves, as Anki's operations do: `fetch`
runs on the store's worker thread and returns plain values; `render` runs on
the GUI thread with them. The page reloads when it is opened, when Retry is
pressed, and when the data changed while it is shown (or when next shown,
if it was hidden then): a "something changed" signal marks pages stale,
and each redraws when seen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QStackedLayout, QWidget

from chenu_desktop.domain.errors import DomainError

from ..i18n import tr
from ..widgets.states import EmptyView, ErrorView, LoadingView

if TYPE_CHECKING:
    from ..context import AppContext

SKELETON_DELAY_MS = 150
"""Loads faster than this never flicker a skeleton."""


class BasePage(QWidget):
    name = "page"
    """`page-<name>` is the root widget's objectName."""
    title = ""
    title_changed = Signal(str)
    rendered = Signal()
    """Emitted after each `render` (start-up timing and tests wait on it)."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.title = tr(self.title)  # a class's title is marked `translatable`; shown in the window's language
        self.params: dict[str, str] = {}
        self.setObjectName(f"page-{self.name}")
        self._states = QStackedLayout(self)
        self.content = QWidget()
        self.content.setObjectName("page-content")
        self.loading = LoadingView()
        self.empty = EmptyView()
        self.error = ErrorView(self.reload)
        for widget in (self.content, self.loading, self.empty, self.error):
            self._states.addWidget(widget)
        self._skeleton = QTimer(self, singleShot=True, interval=SKELETON_DELAY_MS)
        self._skeleton.timeout.connect(lambda: self._states.setCurrentWidget(self.loading))
        self._stale = False
        self._loads = 0
        self.loaded_once = False
        self.rendered_once = False
        """Shown with its content at least once (loaded, or a page with nothing to load)."""
        context.data_changed.connect(self._data_changed)
        self.build(self.content)

    # ------------------------------------------------------------ for subclasses

    def build(self, content: QWidget) -> None:
        """Lay out the content widget once."""

    def fetch(self, services: Any) -> Any:
        """Worker thread: read what the page shows. Return plain values."""
        return None

    def render(self, result: Any) -> None:
        """GUI thread: show `result`; call `show_empty(…)` when there is nothing."""

    # ------------------------------------------------------------ lifecycle

    def open(self, params: dict[str, str]) -> None:
        """Shown at a path (the router's params); loads at once."""
        changed = params != self.params
        self.params = params
        remembered = self.context.start_view(self.name)
        if remembered is not None:  # a start from the snapshot: what the store holds, before it is open
            self._loads += 1
            self._loaded(self._loads, remembered)
            return
        self.reload(quiet=not changed and self.loaded_once)

    def reload(self, quiet: bool = False) -> None:
        """Load again; `quiet` keeps the current content until the new one is ready."""
        self._stale = False
        self._loads += 1
        load = self._loads
        if not quiet:
            self._skeleton.start()
        self.context.run(
            self.fetch,
            lambda result: self._loaded(load, result),
            lambda error: self._failed(load, error),
            owner=self,
        )

    def show_empty(self, message: str, hint: str = "", action: str | None = None, callback: Any = None) -> None:
        self.empty.set(message, hint, action, callback)
        self._states.setCurrentWidget(self.empty)

    def show_content(self) -> None:
        self._states.setCurrentWidget(self.content)

    def show_static(self) -> None:
        """For pages with nothing to load (login, not found, plugin pages): shown and rendered at once."""
        self.rendered_once = True
        self.show_content()
        self.rendered.emit()

    def _loaded(self, load: int, result: Any) -> None:
        if load != self._loads:
            return  # a newer load is under way: its result wins
        self._skeleton.stop()
        self.loaded_once = self.rendered_once = True
        self.show_content()
        self.render(result)
        self.rendered.emit()

    def _failed(self, load: int, error: BaseException) -> None:
        if load != self._loads:
            return
        self._skeleton.stop()
        if not isinstance(error, DomainError):
            self.context.report_error(error)
        self.error.reason.setText(str(error) if isinstance(error, DomainError) else f"{type(error).__name__}: {error}")
        self._states.setCurrentWidget(self.error)

    def _data_changed(self) -> None:
        if not self.loaded_once:
            return
        if self.isVisible():
            self.reload(quiet=True)
        else:
            self._stale = True

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self.reload(quiet=True)
