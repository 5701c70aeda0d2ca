"""A sphere's page: its header, a quick capture that starts a thread here, its
threads (most recently active first), its decisions waiting, its agents.

One fetch (`services.sphere_bureau`) on the worker thread. Quick capture goes
through the threads service, so its validation and messages are the CLI's;
a refusal is shown under the fields and nothing is created.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLineEdit, QScrollArea, QVBoxLayout, QWidget

from chenu_desktop.domain.clock import as_utc
from chenu_desktop.domain.errors import DomainError, ValidationError
from chenu_desktop.services.sphere_bureau import SphereBureau, sphere_bureau
from chenu_desktop.services.thread_pages import ThreadRow

from .. import theme
from ..i18n import format_number, name_of, relative_time, term, tr, translatable
from ..read_only import guard_write
from ..router import HOME
from ..unavailable_text import unavailable_text
from ..widgets.aging import AgingChip
from ..widgets.colour_bar import ColourBar
from ..widgets.common import button, card, error_line, headed_card, label, mark_invalid, vertical_scroll
from ..widgets.link_list import LinkList, LinkRow
from .base import BasePage

FIELD_NAMES = {"title": translatable("Title"), "founding_intent": translatable("Founding intent"), "sphere": translatable("Sphere")}
"""How the services' field names read in a message under the form."""


class SpherePage(BasePage):
    name = "sphere"
    title = translatable("Sphere")

    def build(self, content: QWidget) -> None:
        page = QVBoxLayout(content)
        page.setContentsMargins(24, 24, 24, 24)
        page.setSpacing(16)
        page.addWidget(self._build_header())
        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addLayout(self._build_threads_column(), 3)
        columns.addWidget(self._build_side_column(), 2)
        page.addLayout(columns, 1)
        self._select_after_load: str | None = None
        self._read_only = False
        self._capturing = False
        self._unavailable = False
        """No loaded plugin provides this sphere: its data shows, nothing new starts in it."""

    def _build_header(self) -> QFrame:
        header = card("sphere-header")
        row = QHBoxLayout(header)
        row.setContentsMargins(12, 16, 16, 16)
        row.setSpacing(16)
        self.colour_bar = ColourBar(theme.colour("border", theme.current()))
        row.addWidget(self.colour_bar)
        self.icon = label("")
        self.icon.setObjectName("sphere-icon")
        font = self.icon.font()
        font.setPointSizeF(font.pointSizeF() * 2.4)
        self.icon.setFont(font)
        row.addWidget(self.icon)
        text = QVBoxLayout()
        text.setSpacing(4)
        self.heading = label("", "title")
        self.heading.setObjectName("sphere-title")
        self.description = label("", "muted", wrap=True)
        self.description.setObjectName("sphere-description")
        text.addWidget(self.heading)
        text.addWidget(self.description)
        row.addLayout(text, 1)
        return header

    def _build_threads_column(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(12)
        column.addWidget(self._build_capture())
        heading = QHBoxLayout()
        self.threads_heading = label(tr("Threads"), "heading")
        heading.addWidget(self.threads_heading)
        heading.addStretch(1)
        self.all_threads = button(tr("See all threads"), "see-all-threads", flat=True)
        self.all_threads.clicked.connect(lambda: self.context.navigate("/threads"))
        heading.addWidget(self.all_threads)
        column.addLayout(heading)
        self.threads = LinkList("sphere-threads")
        self.threads.opened.connect(lambda thread_id: self.context.navigate(f"/thread/{thread_id}"))
        column.addWidget(self.threads, 1)
        self.no_threads = label(tr("No threads here yet. Start one above: a title and what it should achieve."), "muted", wrap=True)
        self.no_threads.setObjectName("no-threads")
        column.addWidget(self.no_threads)
        column.addStretch(0)
        return column

    def _build_capture(self) -> QFrame:
        box, layout = headed_card(tr("Start a thread"), "quick-capture")
        self.capture_title = QLineEdit()
        self.capture_title.setObjectName("capture-title")
        self.capture_title.setPlaceholderText(tr("Title, e.g. “Move house”"))
        self.capture_intent = QLineEdit()
        self.capture_intent.setObjectName("capture-intent")
        self.capture_intent.setPlaceholderText(tr("Founding intent: what should this thread achieve?"))
        self.read_only_note = label(tr("You view this workspace only: ask an owner to make you a member to start threads."), "muted", wrap=True)
        self.read_only_note.setObjectName("capture-read-only")
        self.read_only_note.hide()
        self.capture_error = error_line("capture-error")
        self.capture_submit = button(tr("Start thread"), "capture-submit", primary=True)
        self.capture_title.returnPressed.connect(self.capture_intent.setFocus)
        self.capture_intent.returnPressed.connect(self.capture)
        self.capture_submit.clicked.connect(self.capture)
        guard_write(self.context, self.capture_title, self.capture_intent, self.capture_submit)
        for field in (self.capture_title, self.capture_intent):
            field.textEdited.connect(lambda _text, field=field: self._mark_invalid(field, False))
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.capture_intent, 1)
        row.addWidget(self.capture_submit)
        layout.addWidget(self.read_only_note)
        layout.addWidget(self.capture_title)
        layout.addLayout(row)
        layout.addWidget(self.capture_error)
        return box

    def _build_side_column(self) -> QScrollArea:
        scroll = vertical_scroll()
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(16)
        self.decisions_box, self.decisions_rows = self._side_card(tr("Decisions waiting"), "sphere-decisions")
        self.all_decisions = button("", "see-all-decisions", flat=True)
        self.all_decisions.clicked.connect(lambda: self.context.navigate("/decisions"))
        self.decisions_box.layout().addWidget(self.all_decisions)
        self.agents_box, self.agents_rows = self._side_card(tr("Agents on the team"), "sphere-agents")
        column.addWidget(self.decisions_box)
        column.addWidget(self.agents_box)
        column.addStretch(1)
        scroll.setWidget(holder)
        return scroll

    def _side_card(self, heading: str, object_name: str) -> tuple[QFrame, QVBoxLayout]:
        box, layout = headed_card(heading, object_name)
        rows = QVBoxLayout()
        rows.setSpacing(8)
        layout.addLayout(rows)
        return box, rows

    # ------------------------------------------------------------ loading

    def open(self, params: dict[str, str]) -> None:
        if params != self.params:
            self._clear_capture()
        sphere = self.context.plugins.sphere(params.get("id", ""))
        self.title = f"{sphere.icon} {name_of(sphere)}" if sphere else tr("No such sphere")
        super().open(params)

    def fetch(self, services: Any) -> SphereBureau | None:
        return sphere_bureau(services.ctx, self.params.get("id", ""))

    def render(self, result: SphereBureau | None) -> None:
        if result is None:
            self.title_changed.emit(tr("No such sphere"))
            self.show_empty(
                tr("There is no sphere “{id}”").format(id=self.params.get("id", "")),
                tr("Its plugin may not be installed, or the link is mistyped."),
                tr("Go to the dashboard"),
                lambda: self.context.navigate(HOME),
            )
            return
        sphere = result.sphere
        name = name_of(self.context.plugins.sphere(sphere.id) or sphere)  # the plugin's spec carries the French name
        if result.unavailable:  # its plugin is gone: its data shows, nothing new starts here
            name = tr("{name} (unavailable)").format(name=name)
        self.title_changed.emit(f"{sphere.icon} {name}".strip())
        self.colour_bar.set_colour(sphere.colour)
        self.icon.setText(sphere.icon)
        self.heading.setText(name)
        summary = " · ".join(
            (
                tr("%n thread(s)", n=result.thread_count),
                tr("%n decision(s) waiting", n=result.decision_count),
                tr("%n agent(s) on the team", n=len(result.agents)),
            )
        )
        self.description.setText(f"{sphere.description}\n{summary}" if sphere.description else summary)
        if result.unavailable:
            self.description.setText(
                tr("Unavailable: {reason}. Its threads, decisions and agents stay here; bring the plugin back to start new work in it.").format(
                    reason=unavailable_text(result.unavailable)
                )
                + f"\n{summary}"
            )
        self._unavailable = result.unavailable is not None
        self._show_capture_state(result.read_only)
        self._show_threads(result)
        self._show_decisions(result)
        self._show_agents(result)

    def _show_threads(self, result: SphereBureau) -> None:
        shown = len(result.threads)
        total = result.thread_count
        self.threads_heading.setText(
            tr("Threads · {total}").format(total=format_number(total))
            if shown == total
            else tr("Threads · {shown} most recent of {total}").format(shown=format_number(shown), total=format_number(total))
        )
        self.all_threads.setVisible(total > shown)
        now = datetime.now().astimezone()
        self.threads.show_rows([_thread_row(thread, now) for thread in result.threads], keep=self._select_after_load)
        self._select_after_load = None
        self.threads.setVisible(bool(result.threads))
        self.no_threads.setVisible(not result.threads)

    def _show_decisions(self, result: SphereBureau) -> None:
        rows = []
        for decision in result.decisions:
            row = QWidget()
            row.setObjectName("decision-row")
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.setSpacing(8)
            line.addWidget(AgingChip(str(decision.aging_level)), alignment=Qt.AlignmentFlag.AlignTop)  # waiting: always aged
            line.addWidget(label(decision.title or "", wrap=True), 1)
            line.addWidget(label(term(decision.priority or ""), "caption"), alignment=Qt.AlignmentFlag.AlignTop)
            row.setToolTip(decision.description or "")
            rows.append(row)
        _replace_rows(self.decisions_rows, rows, tr("Nothing waiting for a decision here."))
        more = result.decision_count - len(result.decisions)
        self.all_decisions.setText(tr("%n more on the Decisions page", n=more))
        self.all_decisions.setVisible(more > 0)

    def _show_agents(self, result: SphereBureau) -> None:
        rows = []
        for agent in result.agents:
            row = QWidget()
            row.setObjectName("agent-row")
            lines = QVBoxLayout(row)
            lines.setContentsMargins(0, 0, 0, 0)
            lines.setSpacing(2)
            if agent.unavailable:
                lines.addWidget(label(tr("{name} (unavailable)").format(name=name_of(agent))))
                lines.addWidget(label(unavailable_text(agent.unavailable), "caption", wrap=True))
            else:
                lines.addWidget(label(name_of(agent)))
                lines.addWidget(label(f"{agent.level} · {agent.domain}", "caption"))
            row.setToolTip(agent.description)
            rows.append(row)
        _replace_rows(self.agents_rows, rows, tr("No agent hired for this sphere yet."))

    # ------------------------------------------------------------ quick capture

    def _show_capture_state(self, read_only: bool | None = None, capturing: bool | None = None) -> None:
        """Fields off for a viewer; the button off too while a capture is under way."""
        if read_only is not None:
            self._read_only = read_only
        if capturing is not None:
            self._capturing = capturing
        blocked = self._read_only or self._unavailable  # a viewer, or a sphere whose plugin is gone
        self.read_only_note.setVisible(self._read_only)
        self.capture_title.setEnabled(not blocked)
        self.capture_intent.setEnabled(not blocked)
        self.capture_submit.setEnabled(not blocked and not self._capturing)

    def capture(self) -> None:
        """Start a thread here; the services validate, and their refusal is shown inline."""
        if self._capturing or self._read_only:
            return
        sphere_id, title, intent = self.params.get("id", ""), self.capture_title.text(), self.capture_intent.text()
        self._show_capture_state(capturing=True)
        self.context.run(
            lambda services: services.threads.add(sphere_id, title, intent),
            self._captured,
            self._capture_failed,
            owner=self,
            writes=True,
        )

    def _captured(self, thread: Any) -> None:
        self._show_capture_state(capturing=False)
        self._select_after_load = thread.id
        self._clear_capture()
        self.capture_title.setFocus()

    def _capture_failed(self, error: BaseException) -> None:
        self._show_capture_state(capturing=False)
        if not isinstance(error, DomainError):
            self.context.report_error(error)
            self._show_capture_error(tr("The thread could not be started; nothing was saved. Details are in the log."))
            return
        field = self.capture_title
        for each in (self.capture_title, self.capture_intent):
            self._mark_invalid(each, False)
        if isinstance(error, ValidationError):
            message = f"{tr(FIELD_NAMES[error.field]) if error.field in FIELD_NAMES else error.field}: {error.message}"
            field = self.capture_intent if error.field == "founding_intent" else self.capture_title
            self._mark_invalid(field, True)
        else:
            message = str(error)
        self._show_capture_error(message)
        field.setFocus()

    def _show_capture_error(self, message: str) -> None:
        self.capture_error.setText(message)
        self.capture_error.show()

    def _clear_capture(self) -> None:
        self.capture_title.clear()
        self.capture_intent.clear()
        self.capture_error.hide()
        for field in (self.capture_title, self.capture_intent):
            self._mark_invalid(field, False)

    def _mark_invalid(self, field: QLineEdit, invalid: bool) -> None:
        if bool(field.property("invalid")) != invalid:
            mark_invalid(field, invalid)
        if not invalid and not any(f.property("invalid") for f in (self.capture_title, self.capture_intent)):
            self.capture_error.hide()


def _replace_rows(layout: QVBoxLayout, rows: list[QWidget], empty: str) -> None:
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().deleteLater()
    for row in rows or [label(empty, "muted", wrap=True)]:
        layout.addWidget(row)


def _thread_row(thread: ThreadRow, now: datetime) -> LinkRow:
    when = _ago(thread.last_activity_at, now) if thread.last_activity_at else ""
    caption = " · ".join(part for part in (term(thread.status or ""), term(thread.maturity), when) if part)
    return LinkRow(thread.id, thread.title, caption, thread.current_intent)


def _ago(moment: datetime, now: datetime) -> str:
    return relative_time((as_utc(now) - as_utc(moment)).total_seconds())
