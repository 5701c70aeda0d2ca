"""One thread: its intents, status and maturity, its log with what each event says,
a note to add, the title and status to edit, delete (with Undo) and restore.

An unknown id shows a not-found state; a deleted thread says so, with Restore.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from chenu_desktop.domain.errors import DomainError, NotFoundError, ValidationError
from chenu_desktop.domain.event_text import describe_event
from chenu_desktop.domain.threads import (
    NOTE_MAX,
    RESTORE_WINDOW_DAYS,
    THREAD_STATUSES,
    validate_status,
    validate_text,
    validate_title,
)
from chenu_desktop.services.views import EventView, ThreadDetail

from ..i18n import name_of, term, tr, translatable
from ..models.thread_list_model import ago
from ..read_only import guard_write
from ..widgets.common import (
    button,
    card,
    error_line,
    label,
    mark_invalid,
    vertical_scroll,
)
from .base import BasePage


class ThreadPage(BasePage):
    name = "thread"
    title = translatable("Thread")

    def build(self, content: QWidget) -> None:
        outer = QVBoxLayout(content)
        outer.setContentsMargins(0, 0, 0, 0)
        self.views = QStackedWidget()
        outer.addWidget(self.views)
        self.views.addWidget(self._build_thread())
        self.views.addWidget(self._build_missing())
        self.detail: ThreadDetail | None = None
        self._me = ""
        """The acting user's id: their own events read "you"."""

    # ------------------------------------------------------------ layout

    def _build_thread(self) -> QWidget:
        scroll = vertical_scroll()
        body = QWidget()
        body.setObjectName("thread-body")
        column = QVBoxLayout(body)
        column.setContentsMargins(32, 24, 32, 32)
        column.setSpacing(16)

        self.deleted_banner = card("deleted-banner")
        banner = QHBoxLayout(self.deleted_banner)
        banner.setContentsMargins(16, 12, 16, 12)
        self.deleted_text = label("", "error", wrap=True)
        self.deleted_text.setObjectName("deleted-text")
        self.restore = button(tr("Restore"), "restore-thread", primary=True)
        self.restore.clicked.connect(self._restore)
        guard_write(self.context, self.restore)
        banner.addWidget(self.deleted_text, 1)
        banner.addWidget(self.restore)
        column.addWidget(self.deleted_banner)

        # Facts (the title is the top bar's) and the actions on the thread.
        header = QHBoxLayout()
        header.setSpacing(8)
        self.facts = label("", "muted")
        self.facts.setObjectName("thread-facts")
        self.edit = button(tr("Edit"), "edit-thread")
        self.edit.setToolTip(tr("Edit the title and status"))
        self.edit.clicked.connect(self._start_edit)
        self.delete = button(tr("Delete"), "delete-thread")
        self.delete.setToolTip(tr("Delete (restorable for %n day(s))", n=RESTORE_WINDOW_DAYS))
        self.delete.clicked.connect(self._delete)
        guard_write(self.context, self.edit, self.delete)
        header.addWidget(self.facts, 1)
        header.addWidget(self.edit)
        header.addWidget(self.delete)
        column.addLayout(header)

        column.addWidget(self._build_editor())

        intents = QHBoxLayout()
        intents.setSpacing(16)
        self.founding, founding_card = self._text_card(tr("Founding intent"), "founding-intent")
        self.current, current_card = self._text_card(tr("Current intent"), "current-intent")
        intents.addWidget(founding_card, 1)
        intents.addWidget(current_card, 1)
        column.addLayout(intents)

        maturity_card = card("maturity")
        maturity = QHBoxLayout(maturity_card)
        maturity.setContentsMargins(16, 12, 16, 12)
        self.maturity = label("", "heading")
        self.maturity.setObjectName("maturity-level")
        self.maturity_hint = label("", "muted")
        maturity.addWidget(label(tr("Maturity"), "muted"))
        maturity.addWidget(self.maturity)
        maturity.addStretch(1)
        maturity.addWidget(self.maturity_hint)
        column.addWidget(maturity_card)

        column.addWidget(label(tr("Add a note"), "heading"))
        self.note = QPlainTextEdit(objectName="note-text")
        self.note.setPlaceholderText(tr("What happened, what you learned, what comes next…"))
        self.note.setFixedHeight(80)
        self.note.setTabChangesFocus(True)
        column.addWidget(self.note)
        note_row = QHBoxLayout()
        self.note_error = error_line("note-error")
        self.add_note = button(tr("Add note"), "add-note", primary=True)
        self.add_note.clicked.connect(self._add_note)
        guard_write(self.context, self.note, self.add_note)
        note_row.addWidget(self.note_error, 1)
        note_row.addStretch(0)
        note_row.addWidget(self.add_note)
        column.addLayout(note_row)

        self.log_heading = label(tr("Log"), "heading")
        column.addWidget(self.log_heading)
        self.timeline = QWidget(objectName="timeline")
        self.timeline_layout = QVBoxLayout(self.timeline)
        self.timeline_layout.setContentsMargins(0, 0, 0, 0)
        self.timeline_layout.setSpacing(8)
        column.addWidget(self.timeline)
        column.addStretch(1)
        scroll.setWidget(body)
        return scroll

    def _build_editor(self) -> QWidget:
        self.editor = card("thread-editor")
        layout = QVBoxLayout(self.editor)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(8)
        row = QHBoxLayout()
        row.setSpacing(8)
        self.title_edit = QLineEdit(objectName="edit-title")
        self.status_edit = QComboBox(objectName="edit-status")
        for status in THREAD_STATUSES:
            self.status_edit.addItem(term(status).capitalize(), status)
        self.status_edit.setMinimumWidth(144)
        row.addWidget(self.title_edit, 1)
        row.addWidget(self.status_edit)
        layout.addLayout(row)
        buttons = QHBoxLayout()
        self.edit_error = error_line("edit-error")
        cancel = button(tr("Cancel"), "cancel-edit")
        cancel.clicked.connect(self._stop_edit)
        self.save = button(tr("Save"), "save-thread", primary=True)
        self.save.clicked.connect(self._save)
        self.title_edit.returnPressed.connect(self._save)
        guard_write(self.context, self.title_edit, self.status_edit, self.save)
        buttons.addWidget(self.edit_error, 1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save)
        layout.addLayout(buttons)
        self.editor.hide()
        return self.editor

    def _build_missing(self) -> QWidget:
        missing = QWidget(objectName="thread-not-found")
        layout = QVBoxLayout(missing)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.missing_text = label("", "heading", wrap=True)
        self.missing_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = label(tr("It may have been deleted for good, or the link is mistyped."), "muted", wrap=True)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        back = button(tr("Go to threads"), "go-threads", primary=True)
        back.clicked.connect(lambda: self.context.navigate("/threads"))
        layout.addWidget(self.missing_text)
        layout.addWidget(hint)
        layout.addWidget(back, alignment=Qt.AlignmentFlag.AlignCenter)
        return missing

    def _text_card(self, caption: str, name: str) -> tuple[Any, QFrame]:
        frame = card()
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(16, 12, 16, 16)
        layout.setSpacing(4)
        layout.addWidget(label(caption, "caption"))
        text = label("", None, wrap=True)
        text.setObjectName(name)
        text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(text, 1)
        return text, frame

    # ------------------------------------------------------------ load

    def open(self, params: dict[str, str]) -> None:
        if params != self.params:
            self._stop_edit()
            self.note.clear()
            self.note_error.hide()
        super().open(params)

    def fetch(self, services: Any) -> Any:
        try:
            return services.threads.show(self.params.get("id", "")), services.ctx.actor
        except NotFoundError:
            return None, services.ctx.actor

    def render(self, loaded: tuple[ThreadDetail | None, str]) -> None:
        result, self._me = loaded
        self.detail = result
        if result is None:
            self.missing_text.setText(tr("No thread with id {id}").format(id=self.params.get("id", "")))
            self.views.setCurrentIndex(1)
            self._set_title(tr("Thread not found"))
            return
        self.views.setCurrentIndex(0)
        thread = result.thread
        self._set_title(thread.title or tr("Thread"))
        sphere = self.context.plugins.sphere(thread.sphere_id or "")
        sphere_name = f"{sphere.icon} {name_of(sphere)}" if sphere else (thread.sphere_id or "")
        self.facts.setText(
            " · ".join(
                filter(None, (sphere_name, term(thread.status or "").capitalize(), tr("active {when}").format(when=ago(thread.last_activity_at))))
            )
        )
        self.founding.setText(thread.founding_intent or "")
        self.current.setText(thread.current_intent or "")
        self.maturity.setText(f"{term(result.maturity).capitalize()} · {result.maturity_score}")
        self.maturity_hint.setText(tr("%n event(s) in the log", n=len(result.events)))
        self.deleted_banner.setVisible(thread.deleted)
        if thread.deleted:
            self.deleted_text.setText(
                tr("This thread is deleted. It can be restored for %n day(s) after its deletion.", n=RESTORE_WINDOW_DAYS)
            )
        for widget in (self.edit, self.delete, self.note, self.add_note):
            widget.setEnabled(not thread.deleted)
        if thread.deleted:
            self._stop_edit()
        self._show_events(result.events)

    def _show_events(self, events: list[EventView]) -> None:
        while self.timeline_layout.count():
            item = self.timeline_layout.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()
        actions = {str(e.payload.get("action_id")): str(e.payload.get("title", "")) for e in events if e.type == "action.created"}
        for event in reversed(events):  # newest first
            heading, text = describe_event(event.type, event.payload, actions, tr)
            entry = card()
            entry.setProperty("event", event.type)
            layout = QVBoxLayout(entry)
            layout.setContentsMargins(16, 10, 16, 12)
            layout.setSpacing(4)
            who = tr("you") if event.actor == self._me else event.actor
            caption = label(f"{heading} · {ago(event.at)} · {who}", "caption")
            caption.setObjectName("event-caption")
            layout.addWidget(caption)
            if text:
                body = label(text, None, wrap=True)
                body.setObjectName("event-text")
                layout.addWidget(body)
            self.timeline_layout.addWidget(entry)

    def _set_title(self, title: str) -> None:
        self.title = title
        self.title_changed.emit(title)

    # ------------------------------------------------------------ edit

    def _start_edit(self) -> None:
        if self.detail is None:
            return
        self.title_edit.setText(self.detail.thread.title or "")
        index = self.status_edit.findData(self.detail.thread.status)
        self.status_edit.setCurrentIndex(max(index, 0))
        self.edit_error.hide()
        self.editor.show()
        self.title_edit.setFocus()
        self.title_edit.selectAll()

    def _stop_edit(self) -> None:
        self.editor.hide()
        self.edit_error.hide()
        mark_invalid(self.title_edit, False)

    def _save(self) -> None:
        if self.detail is None:
            return
        thread = self.detail.thread
        try:
            title = validate_title(self.title_edit.text())
            status = validate_status(self.status_edit.currentData())
        except ValidationError as error:
            self._edit_failed(error)
            return
        changes = {"title": title if title != thread.title else None, "status": status if status != thread.status else None}
        if changes == {"title": None, "status": None}:
            self._stop_edit()
            return
        self.save.setEnabled(False)
        self.context.run(
            lambda services: services.threads.edit(thread.id, **changes),
            lambda _view: (self.save.setEnabled(True), self._stop_edit()),
            self._edit_failed,
            owner=self,
            writes=True,
        )

    def _edit_failed(self, error: BaseException) -> None:
        self.save.setEnabled(True)
        self._show_refusal(error, self.edit_error, self.title_edit, getattr(error, "field", "") == "title")

    def _show_refusal(self, error: BaseException, line: QLabel, field: QWidget, invalid: bool) -> None:
        """The domain's refusal on the form's error `line` (and `field` outlined when `invalid`);
        anything else is a fault, for the log."""
        if not isinstance(error, DomainError):
            self.context.report_error(error)
            return
        line.setText(_sentence(str(error)))
        line.show()
        mark_invalid(field, invalid)

    # ------------------------------------------------------------ note, delete, restore

    def _add_note(self) -> None:
        if self.detail is None:
            return
        try:
            text = validate_text("note", self.note.toPlainText(), NOTE_MAX)
        except ValidationError as error:
            self._note_failed(error)
            return
        thread_id = self.detail.thread.id
        self.add_note.setEnabled(False)
        self.context.run(
            lambda services: services.threads.note(thread_id, text),
            lambda _view: self._note_added(),
            self._note_failed,
            owner=self,
            writes=True,
        )

    def _note_added(self) -> None:
        self.add_note.setEnabled(True)
        self.note.clear()
        self.note_error.hide()
        mark_invalid(self.note, False)

    def _note_failed(self, error: BaseException) -> None:
        self.add_note.setEnabled(True)
        self._show_refusal(error, self.note_error, self.note, True)

    def _delete(self) -> None:
        if self.detail is None:
            return
        thread_id, title = self.detail.thread.id, self.detail.thread.title
        self.context.run(
            lambda services: services.threads.delete(thread_id),
            lambda _view: self._deleted(thread_id, title or ""),
            owner=self,
            writes=True,
        )

    def _deleted(self, thread_id: str, title: str) -> None:
        context = self.context
        toasts = getattr(self.window(), "toasts", None)
        if toasts is not None:
            toasts.show(tr("Deleted “{title}”").format(title=title), "info", tr("Undo"), lambda: restore_thread(context, thread_id))
        context.navigate("/threads")

    def _restore(self) -> None:
        if self.detail is not None:
            restore_thread(self.context, self.detail.thread.id)


def restore_thread(context: Any, thread_id: str) -> None:
    """Bring a deleted thread back (the toast's Undo, and the deleted page's Restore)."""
    context.run(
        lambda services: services.threads.restore(thread_id),
        lambda view: context.notice.emit(tr("Restored “{title}”").format(title=view.title), "info"),
        writes=True,
    )


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]
