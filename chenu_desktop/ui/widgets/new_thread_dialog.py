"""Start a thread: a small sheet with a title, a founding intent and a sphere.

Input is checked as the services check it (the domain's own validators),
and the services' ValidationError is shown the same way: inline, under the
form, the dialog open and nothing created. On success the new thread opens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QHBoxLayout, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from chenu_desktop.domain.errors import DomainError, ValidationError
from chenu_desktop.domain.threads import TITLE_MAX, validate_intent, validate_title

from ..i18n import name_of, tr
from ..read_only import guard_write
from .common import button, error_line, label, mark_invalid

if TYPE_CHECKING:
    from ..context import AppContext


class NewThreadDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None, sphere_id: str | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("new-thread-dialog")
        self.setWindowTitle(tr("New thread"))
        self.setModal(True)
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(12)
        layout.addWidget(label(tr("Start a thread"), "title"))
        layout.addWidget(label(tr("One piece of work, from why it starts to how it ends."), "muted", wrap=True))
        layout.addSpacing(8)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setVerticalSpacing(8)
        self.title_field = QLineEdit(objectName="thread-title", placeholderText=tr("e.g. Move house"))
        self.title_field.setMaxLength(TITLE_MAX + 50)  # over-long input still gets the canon's message
        self.intent = QPlainTextEdit(objectName="thread-intent")
        self.intent.setPlaceholderText(tr("Why it starts: what done looks like (e.g. find a flat near work by March)"))
        self.intent.setTabChangesFocus(True)
        self.intent.setFixedHeight(96)
        self.sphere = QComboBox(objectName="thread-sphere")
        for sphere in context.plugins.spheres():
            self.sphere.addItem(f"{sphere.icon} {name_of(sphere)}", sphere.id)
        if sphere_id is not None and self.sphere.findData(sphere_id) >= 0:
            self.sphere.setCurrentIndex(self.sphere.findData(sphere_id))
        form.addRow(tr("Title"), self.title_field)
        form.addRow(tr("Founding intent"), self.intent)
        form.addRow(tr("Sphere"), self.sphere)
        layout.addLayout(form)

        self.error_message = error_line("thread-error")
        layout.addWidget(self.error_message)

        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel = button(tr("Cancel"), "cancel")
        self.submit = button(tr("Start thread"), "submit", primary=True)
        self.submit.setDefault(True)
        row.addWidget(self.cancel)
        row.addWidget(self.submit)
        layout.addLayout(row)

        self.cancel.clicked.connect(self.reject)
        self.submit.clicked.connect(self.create)
        guard_write(context, self.submit)
        self.title_field.returnPressed.connect(self.create)
        self.title_field.setFocus()

    @classmethod
    def ask(cls, context: AppContext, window: QWidget | None, sphere_id: str | None = None) -> NewThreadDialog:
        """Open the dialog over `window` (not blocking: the thread opens when it is created).

        One at a time: a dialog already open over the window is replaced."""
        if window is not None:
            for earlier in window.findChildren(NewThreadDialog):
                earlier.reject()
        dialog = cls(context, window, sphere_id)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if window is not None:
            window.installEventFilter(dialog)
        dialog.open()
        dialog.title_field.setFocus()
        return dialog

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """The window closing closes its dialog too (nothing was created yet)."""
        if watched is self.parent() and event.type() == QEvent.Type.Close:
            self.reject()
        return False

    # ------------------------------------------------------------ create

    def create(self) -> None:
        try:
            title = validate_title(self.title_field.text())
            intent = validate_intent(self.intent.toPlainText())
        except ValidationError as error:
            self._show_error(error)
            return
        sphere = self.sphere.currentData()
        self._busy(True)
        self.context.run(
            lambda services: services.threads.add(sphere, title, intent),
            self._created,
            self._failed,
            owner=self,
            writes=True,
        )

    def _created(self, thread: Any) -> None:
        self.accept()
        self.context.navigate(f"/thread/{thread.id}")
        self.context.notice.emit(tr("Started “{title}”").format(title=thread.title), "info")

    def _failed(self, error: BaseException) -> None:
        self._busy(False)
        if isinstance(error, ValidationError):
            self._show_error(error)
        elif isinstance(error, DomainError):
            self._show_message(str(error), None)
        else:
            self.context.report_error(error)
            self._show_message(tr("The thread could not be started; nothing was created. Details are in the log."), None)

    def _show_error(self, error: ValidationError) -> None:
        fields = {"title": self.title_field, "founding_intent": self.intent, "sphere": self.sphere}
        self._show_message(str(error), fields.get(error.field))

    def _show_message(self, text: str, field: QWidget | None) -> None:
        self.error_message.setText(text[:1].upper() + text[1:])
        self.error_message.show()
        for widget in (self.title_field, self.intent):
            mark_invalid(widget, widget is field)
        if field is not None:
            field.setFocus()

    def _busy(self, busy: bool) -> None:
        for widget in (self.submit, self.cancel, self.title_field, self.intent, self.sphere):
            widget.setEnabled(not busy)
        self.submit.setText(tr("Starting…") if busy else tr("Start thread"))
