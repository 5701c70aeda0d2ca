"""What stands in for a plugin's widget that failed to build: the plugin is named,
the reason shown, and the rest of the window keeps working."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from ..i18n import tr
from .common import card, label


def error_card(plugin: str, what: str, error: BaseException):  # noqa: ANN201 - a QFrame
    frame = card("error-card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 16, 16, 16)
    layout.addWidget(label(tr("The plugin “{plugin}” could not show {what}").format(plugin=plugin or tr("unknown"), what=what), "heading", wrap=True))
    layout.addWidget(label(f"{type(error).__name__}: {error}", "muted", wrap=True))
    layout.addWidget(label(tr("Everything else keeps working. Update or switch off the plugin, then restart."), "caption", wrap=True))
    return frame
