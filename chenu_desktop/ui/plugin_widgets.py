"""Building what plugins contribute to the window, each in isolation.

A factory receives the AppContext (services, navigation, notices) and
returns a QWidget; one that raises, or returns something else, is replaced
by an error card naming the plugin, and logged.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from .i18n import tr
from .widgets.error_card import error_card

if TYPE_CHECKING:
    from .context import AppContext

log = logging.getLogger(__name__)


def build_widget(spec: Any, context: AppContext, what: str) -> QWidget:
    try:
        widget = spec.factory(context)
        if not isinstance(widget, QWidget):
            raise TypeError(f"factory returned {type(widget).__name__}, not a QWidget")
        return widget
    except Exception as error:  # a plugin must never take the window down
        log.warning("plugin %s: %s %s failed to build", spec.plugin, what, spec.id, exc_info=error)
        return error_card(spec.plugin, what, error)


def run_action(spec: Any, context: AppContext) -> None:
    try:
        spec.handler(context)
    except Exception as error:
        log.warning("plugin %s: action %s failed", spec.plugin, spec.id, exc_info=error)
        failed = tr("“{title}” ({plugin}) failed: {error}").format(title=spec.title, plugin=spec.plugin, error=f"{type(error).__name__}: {error}")
        context.notice.emit(failed, "error")
