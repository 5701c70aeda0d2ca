"""The three states every page has besides its content: loading, empty, error."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from ..i18n import tr
from .common import button, label


class LoadingView(QWidget):
    """A quiet skeleton: grey bars where the content will be."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("loading")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(12)
        for width in (320, 520, 460, 540, 380):
            bar = QFrame()
            bar.setProperty("card", True)
            bar.setFixedSize(width, 20)
            layout.addWidget(bar)
        layout.addStretch(1)


EMPTY_TEXT_WIDTH = 440


class _CentredMessage(QWidget):
    """A heading, a muted line under it and one primary button, centred: the shape of both states below."""

    def __init__(self, name: str, button_name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.setSpacing(8)
        self.message = label("", "heading", wrap=True)
        self.hint = label("", "muted", wrap=True)
        for text in (self.message, self.hint):
            text.setAlignment(Qt.AlignmentFlag.AlignCenter)
            text.setFixedWidth(EMPTY_TEXT_WIDTH)  # centred wrapped text would otherwise shrink to a narrow column
        self.action = button("", button_name, primary=True)
        layout.addWidget(self.message)
        layout.addWidget(self.hint)
        layout.addWidget(self.action, alignment=Qt.AlignmentFlag.AlignCenter)


class EmptyView(_CentredMessage):
    """What the page would show, and the one action that fills it."""

    def __init__(self) -> None:
        super().__init__("empty-state", "empty-action")
        self._callback: Callable[[], None] | None = None
        self.action.clicked.connect(self._act)

    def set(self, message: str, hint: str = "", action: str | None = None, callback: Callable[[], None] | None = None) -> None:
        self.message.setText(message)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        self.action.setText(action or "")
        self.action.setVisible(bool(action))
        self._callback = callback

    def _act(self) -> None:
        if self._callback is not None:
            self._callback()


class ErrorView(_CentredMessage):
    """The reason, and Retry."""

    def __init__(self, retry: Callable[[], None]) -> None:
        super().__init__("error-state", "retry")
        self.message.setText(tr("This page could not be loaded"))
        self.reason = self.hint
        self.action.setText(tr("Retry"))
        self.action.clicked.connect(retry)
