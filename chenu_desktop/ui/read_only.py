"""A viewer's workspace is read-only in every page: one mechanism for all of them.

A page calls `guard_write(context, widget)` once on each control that changes
data. While `context.read_only` holds, the control is disabled and its
tooltip says why; when the person may write again it gets back the state and
the tooltip its page gave it. A page that enables the control later (after
a load, when a selection changes, when a request ends) cannot undo the guard:
the guard watches the control's enabled state and disables it again.

`refuse_write(context)` is for the paths no control covers (keyboard
shortcuts, Enter on a list row): it tells the person why and returns True.
The services refuse a viewer's writes as well (`ServiceContext.check_writable`):
the window is never the only guard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QWidget

from .i18n import tr

if TYPE_CHECKING:
    from .context import AppContext


_DIRECT = Qt.FindChildOption.FindDirectChildrenOnly


def read_only_reason() -> str:
    return tr("Read-only: you are a viewer in this workspace")


class _WriteGuard(QObject):
    """Keeps one control disabled while the workspace is read-only."""

    def __init__(self, context: AppContext, widget: QWidget) -> None:
        super().__init__(widget)
        self.widget = widget
        self._wanted_enabled = widget.isEnabled()
        """What the page last asked for: restored when the workspace is writable again."""
        self._own_tooltip = widget.toolTip()
        self._applying = False
        self._active = False
        widget.installEventFilter(self)
        context.read_only_changed.connect(self.apply)
        self.apply(context.read_only)

    def apply(self, read_only: bool) -> None:
        if read_only == self._active:
            return
        self._active = read_only
        self._applying = True
        try:
            if read_only:
                self._wanted_enabled = self.widget.isEnabled()
                self._own_tooltip = self.widget.toolTip()
                self.widget.setEnabled(False)
                self.widget.setToolTip(read_only_reason())
            else:
                self.widget.setToolTip(self._own_tooltip)
                self.widget.setEnabled(self._wanted_enabled)
        finally:
            self._applying = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._active and not self._applying and event.type() == QEvent.Type.EnabledChange:
            if self.widget.isEnabled():
                self._wanted_enabled = True
                self._applying = True
                try:
                    self.widget.setEnabled(False)
                finally:
                    self._applying = False
            else:
                self._wanted_enabled = False
        if self._active and event.type() == QEvent.Type.ToolTipChange and not self._applying:
            tooltip = self.widget.toolTip()
            if tooltip != read_only_reason():
                self._own_tooltip = tooltip
                self._applying = True
                try:
                    self.widget.setToolTip(read_only_reason())
                finally:
                    self._applying = False
        return False


def guard_write(context: AppContext, *widgets: QWidget) -> None:
    """Disable each control that changes data while the workspace is read-only."""
    for widget in widgets:
        if widget.findChild(_WriteGuard, options=_DIRECT) is None:
            _WriteGuard(context, widget)


def refuse_write(context: AppContext) -> bool:
    """True (and the person is told why) when the workspace is read-only."""
    if context.read_only:
        context.notice.emit(read_only_reason(), "info")
        return True
    return False
