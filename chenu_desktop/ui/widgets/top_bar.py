"""The top bar: history arrows, the page title, the search button and the user menu."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QMenu, QToolButton

from .common import button, label


class TopBar(QFrame):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("top-bar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        self.back = self._tool("history-back", "←", "Back (Alt+Left)")
        self.forward = self._tool("history-forward", "→", "Forward (Alt+Right)")
        self.title = label("", None)
        self.title.setObjectName("page-title")
        self.search = button("⌕  Search   Ctrl+K", "open-search")
        self.search.setToolTip("Search threads, decisions, agents, spheres, pages and actions")
        self.user = QToolButton()
        self.user.setObjectName("user-menu")
        self.user.setText("☺")
        self.user.setToolTip("Account")
        self.user.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.user)
        self.menu.setObjectName("user-menu-popup")
        self.user.setMenu(self.menu)
        self.who = QAction("", self.menu)
        self.who.setEnabled(False)
        self.sync_now = QAction("Sync now", self.menu)
        self.sync_now.setObjectName("sync-now")
        self.sync_now.setShortcut("F5")
        self.plugin_actions = QMenu("Plugin actions", self.menu)
        self.plugin_actions.setObjectName("plugin-actions")
        self.logout = QAction("Sign out", self.menu)
        self.logout.setObjectName("logout")
        self.menu.addAction(self.who)
        self.menu.addSeparator()
        self.menu.addAction(self.sync_now)
        self.menu.addMenu(self.plugin_actions)
        self.menu.addSeparator()
        self.menu.addAction(self.logout)
        for widget in (self.back, self.forward):
            layout.addWidget(widget)
        layout.addSpacing(8)
        layout.addWidget(self.title, 1)
        layout.addWidget(self.search)
        layout.addWidget(self.user)

    def _tool(self, name: str, text: str, tip: str) -> QToolButton:
        tool = QToolButton()
        tool.setObjectName(name)
        tool.setText(text)
        tool.setToolTip(tip)
        return tool

    def show_profile(self, label_text: str, signed_in: bool) -> None:
        self.who.setText(label_text)
        self.user.setToolTip(f"Account: {label_text}")
        self.sync_now.setEnabled(signed_in)
        self.logout.setText("Sign out" if signed_in else "Leave the local profile")
