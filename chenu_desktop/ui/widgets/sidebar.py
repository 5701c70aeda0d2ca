"""The sidebar: the brand, the workspace switcher, Dashboard, the spheres in plugin
order, Threads, the pages plugins add, and the day's token use."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QButtonGroup, QFrame, QProgressBar, QPushButton, QVBoxLayout, QWidget

from ..i18n import format_number, tr
from .common import label, vertical_scroll
from .workspace_switcher import WorkspaceSwitcher

if TYPE_CHECKING:
    from ..context import AppContext

WIDTH = 232


class Sidebar(QFrame):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.setObjectName("sidebar")
        self.setFixedWidth(WIDTH)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 12, 8, 12)
        outer.setSpacing(2)
        brand = label("◆ CHE·NU")
        brand.setObjectName("sidebar-title")
        outer.addWidget(brand)
        self.workspace = WorkspaceSwitcher(context)
        outer.addWidget(self.workspace)
        outer.addSpacing(8)

        scroll = vertical_scroll()
        holder = QWidget()
        self._items = QVBoxLayout(holder)
        self._items.setContentsMargins(0, 0, 0, 0)
        self._items.setSpacing(2)
        scroll.setWidget(holder)
        outer.addWidget(scroll, 1)

        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._buttons: dict[str, QPushButton] = {}
        self._titles: dict[str, str] = {}
        self._unavailable: list[str] = []
        """The paths of the entries of spheres whose plugin is gone."""

        self.tokens_caption = label(tr("Tokens today"), "caption")
        self.tokens = QProgressBar()
        self.tokens.setObjectName("token-bar")
        self.tokens.setTextVisible(False)
        self.tokens.setFixedHeight(6)
        outer.addWidget(self.tokens_caption)
        outer.addWidget(self.tokens)

    # ------------------------------------------------------------ entries

    def add_heading(self, text: str) -> None:
        heading = label(text.upper())
        heading.setObjectName("sidebar-heading")
        self._items.addWidget(heading)

    def add_entry(self, path: str, title: str, icon: str = "", position: int | None = None) -> QPushButton:
        text = (f"{icon}  {title}" if icon else title).replace("&", "&&")  # "&" would mark a mnemonic
        entry = QPushButton(text)
        entry.setProperty("nav", True)
        entry.setCheckable(True)
        entry.setCursor(Qt.CursorShape.PointingHandCursor)
        entry.setObjectName(f"nav-{path.strip('/').replace('/', '-') or 'home'}")
        entry.setToolTip(title)
        entry.clicked.connect(lambda: self.context.navigate(path))
        self._group.addButton(entry)
        if position is None:
            self._items.addWidget(entry)
        else:
            self._items.insertWidget(position, entry)
        self._buttons[path] = entry
        self._titles[path] = text
        return entry

    def show_unavailable_spheres(self, spheres: list[tuple[str, str, str, str]]) -> None:
        """Entries, after the other spheres, for the spheres whose plugin is gone
        but whose data stays: (path, title, icon, why it is unavailable) each."""
        for path in self._unavailable:
            entry = self._buttons.pop(path, None)
            self._titles.pop(path, None)
            if entry is not None:
                self._group.removeButton(entry)
                self._items.removeWidget(entry)
                entry.setParent(None)
                entry.deleteLater()
        anchor = self._buttons.get("/threads")
        position = self._items.indexOf(anchor) if anchor is not None else self._items.count()
        for offset, (path, title, icon, why) in enumerate(spheres):
            entry = self.add_entry(path, title, icon, position + offset)
            entry.setProperty("unavailable", True)
            entry.setToolTip(why)
        self._unavailable = [path for path, *_ in spheres]

    def clear_entries(self) -> None:
        """Remove every entry and heading (the window relabels itself in another language)."""
        for entry in self._buttons.values():
            self._group.removeButton(entry)
        while self._items.count():
            item = self._items.takeAt(0)
            if item.widget() is not None:
                item.widget().setParent(None)
                item.widget().deleteLater()
        self._buttons.clear()
        self._titles.clear()
        self._unavailable = []

    def finish(self) -> None:
        self._items.addStretch(1)

    def select(self, path: str) -> None:
        """Check the entry of the current path (or of the page it belongs to)."""
        entry = self._buttons.get(path)
        if entry is None:
            checked = self._group.checkedButton()
            if checked is not None:
                self._group.setExclusive(False)
                checked.setChecked(False)
                self._group.setExclusive(True)
            return
        entry.setChecked(True)

    def set_badge(self, path: str, count: int) -> None:
        entry = self._buttons.get(path)
        if entry is not None:
            entry.setText(f"{self._titles[path]}   {count}" if count else self._titles[path])

    # ------------------------------------------------------------ numbers

    def show_numbers(self, numbers: dict[str, Any]) -> None:
        """`numbers`: {"tokens": {used, budget}, "badges": {path: count}} (the switcher shows the workspace)."""
        tokens = numbers.get("tokens") or {}
        budget = max(int(tokens.get("budget") or 0), 1)
        used = int(tokens.get("used") or 0)
        self.tokens.setRange(0, budget)
        self.tokens.setValue(min(used, budget))
        self.tokens_caption.setText(tr("Tokens today  {used} / {budget}").format(used=format_number(used), budget=format_number(budget)))
        for path, count in numbers.get("badges", {}).items():
            self.set_badge(path, count)
