"""Toasts: a result, bottom-right, gone after 4 s; an action such as Undo where
one makes sense; errors stay until dismissed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QStackedWidget, QToolButton, QVBoxLayout, QWidget

from ..i18n import tr
from .common import button, label

SHOWN_MS = 4000
MARGIN = 16


class Toast(QFrame):
    def __init__(self, host: QWidget, text: str, kind: str, action: str | None, callback: Callable[[], None] | None) -> None:
        super().__init__(host)
        self.setObjectName("toast")
        self.setProperty("kind", kind)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(14, 10, 8, 10)
        message = label(text, "error" if kind == "error" else None, wrap=True)
        message.setObjectName("toast-text")
        message.setMaximumWidth(420)
        layout.addWidget(message, 1)
        if action and callback:
            act = button(action, "toast-action", flat=True)
            act.clicked.connect(lambda: (callback(), self.dismiss()))
            layout.addWidget(act)
        close = QToolButton()
        close.setObjectName("toast-close")
        close.setText("✕")
        close.setToolTip(tr("Dismiss"))
        close.clicked.connect(self.dismiss)
        layout.addWidget(close)
        if kind != "error":
            QTimer.singleShot(SHOWN_MS, self, self.dismiss)

    def dismiss(self) -> None:
        self.hide()
        self.deleteLater()


class ToastHost(QObject):
    """Stacks toasts in the bottom-right corner of `host`, and keeps them there on resize."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.host = host
        self.column = QWidget(host)
        self.column.setObjectName("toasts")
        self.column.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
        self._layout = QVBoxLayout(self.column)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(8)
        host.installEventFilter(self)
        if isinstance(host, QStackedWidget):  # a page brought forward must not cover the toasts
            host.currentChanged.connect(lambda _index: self.column.raise_())

    def show(self, text: str, kind: str = "info", action: str | None = None, callback: Callable[[], None] | None = None) -> Toast:
        toast = Toast(self.column, text, kind, action, callback)
        toast.destroyed.connect(lambda: QTimer.singleShot(0, self._place))
        self._layout.addWidget(toast)
        toast.show()
        self._place()
        return toast

    def toasts(self) -> list[Toast]:
        return [t for t in self.column.findChildren(Toast) if not t.isHidden()]  # isVisible() is False while the column is hidden

    def _place(self) -> None:
        self.column.adjustSize()
        size = self.column.sizeHint()
        self.column.setGeometry(
            self.host.width() - size.width() - MARGIN, self.host.height() - size.height() - MARGIN, size.width(), size.height()
        )
        self.column.raise_()
        self.column.setVisible(bool(self.toasts()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.host and event.type() == QEvent.Type.Resize:
            self._place()
        return False
