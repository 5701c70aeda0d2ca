"""Desktop notifications while the window is not focused: a decision entering
RED or BLINK, a checkpoint starting to wait, each announced once.

When the window loses focus, what asks for attention then is remembered
without a word (the person has just seen it); from then on, changes to the
store and a slow timer (decisions age by themselves) look again, and
`announce` (a pure function of the services) says what is new. Messages go
to the system tray when there is one; the taskbar entry is flashed too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

from .. import theme

if TYPE_CHECKING:
    from chenu_desktop.services.announcements import Announcement, Attention

    from ..context import AppContext

AGEING_CHECK_MS = 60_000
"""Decisions cross into RED or BLINK with time alone: look this often."""
SETTLE_MS = 500
"""Several changes in a row are looked at once."""
SHOWN_MS = 8000
ICON_SIZE = 32


class AttentionNotifier(QObject):
    announced = Signal(str, str)
    """(title, message) of each notification shown."""

    def __init__(self, context: AppContext, window: QWidget) -> None:
        super().__init__(window)
        self.context = context
        self.window = window
        self.tray: QSystemTrayIcon | None = None
        self._remembered: dict[str, str] = {}
        self._watching = False
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(lambda: self._look(quietly=False))
        self._ageing = QTimer(self, interval=AGEING_CHECK_MS)
        self._ageing.timeout.connect(self._settle.start)
        context.data_changed.connect(self._changed)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.window and event.type() == QEvent.Type.ActivationChange:
            self.set_watching(not self.window.isActiveWindow())
        return False

    def set_watching(self, watching: bool) -> None:
        """Watch while the window is not focused; on starting, remember what is there already."""
        if watching == self._watching:
            return
        self._watching = watching
        if watching:
            self._ageing.start()
            self._look(quietly=True)
        else:
            self._ageing.stop()
            self._settle.stop()

    def _changed(self) -> None:
        if self._watching:
            self._settle.start()

    def _look(self, quietly: bool) -> None:
        if self.context.services is None:
            return
        known = None if quietly else dict(self._remembered)

        def look(services: Any) -> Attention:
            from chenu_desktop.services.announcements import attention_now  # the store's code: on the worker, once it is open

            return attention_now(services.ctx, known)

        self.context.run(look, lambda now: self._arrived(now, quietly), lambda _error: None, owner=self)

    def _arrived(self, now: Attention, quietly: bool) -> None:
        from chenu_desktop.services.announcements import announce

        shown, self._remembered = announce(self._remembered, now)
        if quietly or not self._watching:
            return
        for announcement in shown:
            self._show(announcement)

    def _show(self, announcement: Announcement) -> None:
        tray = self._tray()
        if tray is not None:
            tray.showMessage(announcement.title, announcement.message, QSystemTrayIcon.MessageIcon.Information, SHOWN_MS)
        QApplication.alert(self.window)
        self.announced.emit(announcement.title, announcement.message)

    def _tray(self) -> QSystemTrayIcon | None:
        if self.tray is None and QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(_icon(), self)
            self.tray.setToolTip("CHE·NU")
            self.tray.activated.connect(lambda _reason: self._raise_window())
            self.tray.messageClicked.connect(self._raise_window)
            self.tray.show()
        return self.tray

    def _raise_window(self) -> None:
        self.window.showNormal() if self.window.isMinimized() else self.window.show()
        self.window.raise_()
        self.window.activateWindow()


def _icon() -> QIcon:
    """A gold dot: the accent of the theme (the window's own icon when it has one)."""
    window_icon = QApplication.windowIcon()
    if not window_icon.isNull():
        return window_icon
    pixmap = QPixmap(ICON_SIZE, ICON_SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(theme.colour("accent", theme.current())))
    painter.drawEllipse(4, 4, ICON_SIZE - 8, ICON_SIZE - 8)
    painter.end()
    return QIcon(pixmap)
