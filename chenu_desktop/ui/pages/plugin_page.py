"""A page a plugin registers: its widget, built on first visit, inside the page frame."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..i18n import tr
from ..plugin_widgets import build_widget
from .base import BasePage

if TYPE_CHECKING:
    from ..context import AppContext


class PluginPage(BasePage):
    def __init__(self, context: AppContext, spec: Any) -> None:
        self.spec = spec
        self.name = f"plugin-{spec.id}"
        self.title = spec.title
        super().__init__(context)

    def build(self, content: QWidget) -> None:
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(build_widget(self.spec, self.context, tr("its page “{title}”").format(title=self.spec.title)))

    def open(self, params: dict[str, str]) -> None:
        self.params = params
        self.show_static()
