"""The top bar: history arrows, the page title, the search button and the user menu."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QMenu, QToolButton

from ..i18n import tr
from .common import button, label


class TopBar(QFrame):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("top-bar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        self.back = self._tool("history-back", "←")
        self.forward = self._tool("history-forward", "→")
        self.title = label("", None)
        self.title.setObjectName("page-title")
        self.search = button("", "open-search")
        self.user = QToolButton()
        self.user.setObjectName("user-menu")
        self.user.setText("☺")
        self.user.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.user)
        self.menu.setObjectName("user-menu-popup")
        self.user.setMenu(self.menu)
        self.who = QAction("", self.menu)
        self.who.setEnabled(False)
        self.sync_now = QAction(self.menu)
        self.sync_now.setObjectName("sync-now")
        self.sync_now.setShortcut("F5")
        self.plugin_actions = QMenu(self.menu)
        self.plugin_actions.setObjectName("plugin-actions")
        self.logout = QAction(self.menu)
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
        self._signed_in = False
        self.retranslate()

    def retranslate(self) -> None:
        """(Re)label everything in the window's language."""
        self.back.setToolTip(tr("Back (Alt+Left)"))
        self.forward.setToolTip(tr("Forward (Alt+Right)"))
        self.search.setText(tr("⌕  Search   Ctrl+K"))
        self.search.setToolTip(tr("Search threads, decisions, agents, spheres, pages and actions"))
        self.user.setToolTip(tr("Account"))
        self.sync_now.setText(tr("Sync now"))
        self.plugin_actions.setTitle(tr("Plugin actions"))
        self.logout.setText(tr("Sign out") if self._signed_in else tr("Leave the local profile"))

    def _tool(self, name: str, text: str) -> QToolButton:
        tool = QToolButton()
        tool.setObjectName(name)
        tool.setText(text)
        return tool

    def show_profile(self, label_text: str, signed_in: bool) -> None:
        self.who.setText(label_text)
        self.user.setToolTip(tr("Account: {name}").format(name=label_text))
        self.sync_now.setEnabled(signed_in)
        self._signed_in = signed_in
        self.logout.setText(tr("Sign out") if signed_in else tr("Leave the local profile"))
