"""Where an unknown path lands: what happened, and the way home."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..i18n import tr, translatable
from ..router import HOME
from ..widgets.common import button, label
from .base import BasePage


class NotFoundPage(BasePage):
    name = "not-found"
    title = translatable("Not found")

    def build(self, content: QWidget) -> None:
        layout = QVBoxLayout(content)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = label("", "heading", wrap=True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setMinimumWidth(480)
        hint = label(tr("The page may belong to a plugin that is not installed, or the link is mistyped."), "muted", wrap=True)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setMinimumWidth(480)
        home = button(tr("Go to the dashboard"), "go-home", primary=True)
        home.clicked.connect(lambda: self.context.navigate(HOME))
        layout.addWidget(self.message)
        layout.addWidget(hint)
        layout.addWidget(home, alignment=Qt.AlignmentFlag.AlignCenter)

    def open(self, params: dict[str, str]) -> None:
        self.params = params
        self.message.setText(tr("Nothing lives at {path}").format(path=params.get("path", "")))
        self.show_static()
