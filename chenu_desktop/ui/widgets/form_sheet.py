"""A small sheet over the window: a title, what will happen, a few fields with
inline errors, Cancel and one primary action. Window-modal but never blocking
(`open()`, not `exec()`): the event loop, and the store's worker, keep going.

A subclass adds its fields, and in `submit` runs its service call through
`run(job, on_success)`; a refusal of the domain is shown in the sheet, under
the field it names, and nothing is lost: the sheet stays open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from chenu_desktop.domain.errors import DomainError, ValidationError

from ..i18n import tr
from ..read_only import guard_write
from .common import button, error_line, label

if TYPE_CHECKING:
    from ..context import AppContext

WIDTH = 440


class FormSheet(QDialog):
    def __init__(self, context: AppContext, parent: QWidget, object_name: str, title: str, intro: str, action: str) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName(object_name)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setFixedWidth(WIDTH)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 16)
        layout.setSpacing(8)
        layout.addWidget(label(title, "heading", wrap=True))
        self.intro = label(intro, "muted", wrap=True)
        self.intro.setObjectName("sheet-intro")
        layout.addWidget(self.intro)
        layout.addSpacing(8)
        self.fields = QVBoxLayout()
        self.fields.setSpacing(4)
        layout.addLayout(self.fields)
        self.error = error_line("sheet-error")
        layout.addWidget(self.error)
        layout.addSpacing(8)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel = button(tr("Cancel"), "sheet-cancel")
        self.confirm = button(action, "sheet-confirm", primary=True)
        self.confirm.setDefault(True)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.confirm)
        layout.addLayout(buttons)
        self.cancel.clicked.connect(self.reject)
        self.confirm.clicked.connect(self._confirm)
        guard_write(context, self.confirm)
        self._field_errors: dict[str, QLabel] = {}

    # ------------------------------------------------------------ for subclasses

    def add_field(self, name: str, caption: str, widget: QWidget, hint: str = "") -> None:
        """A captioned field; `name` is the domain's field name its errors carry."""
        self.fields.addWidget(label(caption, "caption"))
        self.fields.addWidget(widget)
        error = error_line(f"{name}-error")
        self._field_errors[name] = error
        self.fields.addWidget(error)
        if hint:
            self.fields.addWidget(label(hint, "caption", wrap=True))
        self.fields.addSpacing(8)

    def check(self) -> dict[str, str]:
        """Inline validation before anything is sent: {field: problem}."""
        return {}

    def submit(self) -> None:
        """Send the request (through `run`)."""

    def run(self, job: Callable[[Any], Any], on_success: Callable[[Any], None]) -> None:
        """Run `job(services)` as a write; on success close and call `on_success`."""
        self.confirm.setEnabled(False)

        def succeeded(result: Any) -> None:
            self.accept()
            on_success(result)

        self.context.run(job, succeeded, self._failed, owner=self, writes=True)

    # ------------------------------------------------------------ validation

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._fit()

    def _fit(self) -> None:
        """As tall as the wrapped text needs at the sheet's width, no taller."""
        self.setFixedHeight(self.layout().totalHeightForWidth(WIDTH))

    def show_problems(self, problems: dict[str, str]) -> None:
        general = [text for name, text in problems.items() if name not in self._field_errors]
        for name, error in self._field_errors.items():
            error.setText(problems.get(name, ""))
            error.setVisible(name in problems)
        self.error.setText("\n".join(general))
        self.error.setVisible(bool(general))
        if self.isVisible():
            self._fit()

    def _confirm(self) -> None:
        problems = self.check()
        self.show_problems(problems)
        if not problems:
            self.submit()

    def _failed(self, error: BaseException) -> None:
        self.confirm.setEnabled(True)
        if isinstance(error, ValidationError):
            self.show_problems({error.field: error.message})
        elif isinstance(error, DomainError):
            self.show_problems({"": str(error)})
        else:
            self.context.report_error(error)
            self.show_problems({"": tr("Something went wrong; nothing was changed. Details are in the log.")})
