"""Governance: what waits for a person's approval, what was decided, and the audit log.

Pending checkpoints come first, as cards saying in plain words what approving
will do. History and the audit log are lists that grow a page at a time as
they are scrolled (keyset pages from the services), loaded the first time
their tab is opened, so opening the page reads only the first cards.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from chenu_desktop.domain.errors import DomainError
from chenu_desktop.domain.governance import CHECKPOINT_STATUSES
from chenu_desktop.services.command_preview import CheckpointPreview, preview_checkpoints

from ..i18n import name_of, term, tr, translatable
from ..models.audit_model import AuditModel
from ..models.checkpoint_history_model import CheckpointHistoryModel
from ..models.keyset_table_model import KeysetTableModel
from ..read_only import guard_write
from ..widgets.action_card import focused_card, keep_focus
from ..widgets.checkpoint_card import CheckpointCard
from ..widgets.common import button, label, vertical_scroll
from ..widgets.record_table import RecordTable
from .base import BasePage

PENDING_PAGE = 10
"""Cards drawn at first; "Show more" adds as many again."""
LIST_PAGE = 100
SEARCH_DELAY_MS = 250
MARGIN = 24
CARD_WIDTH = 760
WAITING, HISTORY, AUDIT = range(3)
ALL = ""


class GovernancePage(BasePage):
    name = "governance"
    title = translatable("Governance")

    def build(self, content: QWidget) -> None:
        self.cards: dict[str, CheckpointCard] = {}
        self._pending_shown = PENDING_PAGE
        self._lists_loaded: set[int] = set()
        self._generations = {HISTORY: 0, AUDIT: 0}
        outer = QVBoxLayout(content)
        outer.setContentsMargins(MARGIN, 16, MARGIN, MARGIN)
        outer.setSpacing(16)
        outer.addLayout(self._build_tabs())
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_waiting())
        self.stack.addWidget(self._build_history())
        self.stack.addWidget(self._build_audit())
        outer.addWidget(self.stack, 1)

    def _build_tabs(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(4)
        self.tabs = QButtonGroup(self)
        self.tabs.setExclusive(True)
        for index, (name, text) in enumerate((("tab-waiting", tr("Waiting")), ("tab-history", tr("History")), ("tab-audit", tr("Audit log")))):
            tab = button(text, name)
            tab.setProperty("segment", True)
            tab.setCheckable(True)
            self.tabs.addButton(tab, index)
            row.addWidget(tab)
        self.tabs.button(WAITING).setChecked(True)
        self.tabs.idClicked.connect(self.show_tab)
        row.addStretch(1)
        return row

    def _build_waiting(self) -> QWidget:
        scroll = vertical_scroll()
        scroll.setObjectName("waiting")
        body = QWidget()
        scroll.setWidget(body)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 8, 0)
        column.setSpacing(12)
        self.waiting_summary = label("", "muted", wrap=True)
        self.waiting_summary.setObjectName("waiting-summary")
        column.addWidget(self.waiting_summary)
        self.cards_layout = QVBoxLayout()
        self.cards_layout.setSpacing(12)
        column.addLayout(self.cards_layout)
        self.more_cards = button(tr("Show more"), "more-checkpoints", flat=True)
        self.more_cards.clicked.connect(self._show_more_cards)
        column.addWidget(self.more_cards, alignment=Qt.AlignmentFlag.AlignLeft)
        column.addStretch(1)
        body.setMaximumWidth(CARD_WIDTH + 8)
        return scroll

    def _build_history(self) -> QWidget:
        box, column = _list_box()
        filters = QHBoxLayout()
        filters.setSpacing(8)
        self.status_filter = self._filter("status-filter", tr("Any status"), [(s, term(s).capitalize()) for s in CHECKPOINT_STATUSES])
        self.sphere_filter = self._filter("sphere-filter", tr("Any sphere"), [(s.id, name_of(s)) for s in self.context.plugins.spheres()])
        self.agent_filter = self._filter("agent-filter", tr("Anyone"), [])
        for caption, combo in ((tr("Status"), self.status_filter), (tr("Sphere"), self.sphere_filter), (tr("Asked by"), self.agent_filter)):
            filters.addWidget(label(caption, "caption"))
            filters.addWidget(combo)
            filters.addSpacing(8)
        filters.addStretch(1)
        column.addLayout(filters)
        self.history_model = CheckpointHistoryModel()
        self.history = self._keyset_table(HISTORY, "checkpoint-history", self.history_model, stretch_column=1)
        column.addWidget(self.history, 1)
        return box

    def _build_audit(self) -> QWidget:
        box, column = _list_box()
        self.search = QLineEdit()
        self.search.setObjectName("audit-search")
        self.search.setPlaceholderText(tr("Search who, what, on what, or details…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(420)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(lambda: self._load_list(AUDIT))
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        column.addWidget(self.search)
        self.audit_model = AuditModel()
        self.audit = self._keyset_table(AUDIT, "audit-log", self.audit_model, stretch_column=2)
        column.addWidget(self.audit, 1)
        return box

    def _keyset_table(self, index: int, name: str, model: KeysetTableModel, stretch_column: int) -> RecordTable:
        """The table of list `index` (HISTORY, AUDIT): in the store's order, a page at a time."""
        model.more_wanted.connect(lambda after: self._load_list(index, after))
        table = RecordTable(name, model, stretch_column=stretch_column)
        table.setSortingEnabled(False)
        return table

    def _filter(self, name: str, everything: str, choices: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.addItem(everything, ALL)
        for value, text in choices:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(lambda _index: self._load_list(HISTORY))
        return combo

    # ------------------------------------------------------------ tabs

    def show_tab(self, index: int) -> None:
        self.tabs.button(index).setChecked(True)
        self.stack.setCurrentIndex(index)
        if index in (HISTORY, AUDIT) and index not in self._lists_loaded:
            self._load_list(index)

    # ------------------------------------------------------------ data

    def fetch(self, services: Any) -> dict[str, Any]:
        pending = services.governance.page(status="pending", limit=self._pending_shown + 1)
        return {
            "pending": preview_checkpoints(services.ctx, pending[: self._pending_shown]),
            "more": len(pending) > self._pending_shown,
            "waiting": services.governance.count("pending") if len(pending) > self._pending_shown else len(pending),
            "requesters": services.governance.requesters(),
            "device": services.ctx.store.node_id,
            "me": services.ctx.actor,
        }

    def render(self, result: dict[str, Any]) -> None:
        self._show_cards(result["pending"], result["more"], result["waiting"])
        self._show_requesters(result["requesters"], result["me"])
        self.audit_model.this_device = result["device"]
        self.audit_model.me = result["me"]
        self.audit_model.names = {agent.id: name_of(agent) for agent in self.context.plugins.agents()}
        for index in list(self._lists_loaded):
            self._load_list(index)
        self.tabs.button(WAITING).setText(tr("Waiting  {count}").format(count=result["waiting"]) if result["waiting"] else tr("Waiting"))

    def _show_cards(self, previews: list[CheckpointPreview], more: bool, waiting: int) -> None:
        """Keep the cards still pending (and what was typed in their notes), add the new ones in order."""
        wanted = [p.checkpoint.id for p in previews]
        had_focus = focused_card(list(self.cards.values()))
        for checkpoint_id in list(self.cards):
            if checkpoint_id not in wanted:
                self.cards.pop(checkpoint_id).deleteLater()
        for position, preview in enumerate(previews):
            card = self.cards.get(preview.checkpoint.id)
            if card is None:
                card = CheckpointCard(preview)
                card.approve_requested.connect(self._approve)
                guard_write(self.context, card.approve, card.reject, card.note)
                card.reject_requested.connect(self._reject)
                self.cards[preview.checkpoint.id] = card
            else:
                card.set_preview(preview)
            self.cards_layout.insertWidget(position, card)
        previous: QWidget = self.tabs.button(AUDIT)
        for checkpoint_id in wanted:
            card = self.cards[checkpoint_id]
            for widget in (card, card.note, card.reject, card.approve):
                QWidget.setTabOrder(previous, widget)
                previous = widget
        self.more_cards.setVisible(more)
        keep_focus(had_focus, [self.cards[checkpoint_id] for checkpoint_id in wanted])
        if waiting:
            self.waiting_summary.setText(
                tr(
                    "%n action(s) wait(s) for your approval. "
                    "Nothing of them happens until you approve; approving applies each exactly once.",
                    n=waiting,
                )
            )
        else:
            self.waiting_summary.setText(tr("Nothing is waiting for you. When an agent proposes something, or you ask to hire one, it waits here."))

    def _show_requesters(self, requesters: list[str], me: str) -> None:
        current = self.agent_filter.currentData()
        names = {agent.id: name_of(agent) for agent in self.context.plugins.agents()}
        self.agent_filter.blockSignals(True)
        self.agent_filter.clear()
        self.agent_filter.addItem(tr("Anyone"), ALL)
        for requester in requesters:
            self.agent_filter.addItem(tr("You") if requester == me else names.get(requester, requester), requester)
        found = self.agent_filter.findData(current)
        self.agent_filter.setCurrentIndex(max(found, 0))
        self.agent_filter.blockSignals(False)

    def _show_more_cards(self) -> None:
        self._pending_shown += PENDING_PAGE
        self.reload(quiet=True)

    def _load_list(self, index: int, after: Any = None) -> None:
        """Load the first page of a list (`after` None) or the page after `after`."""
        self._lists_loaded.add(index)
        if after is None:
            self._generations[index] += 1
        generation = self._generations[index]
        model: KeysetTableModel = self.history_model if index == HISTORY else self.audit_model
        job = self._history_job(after) if index == HISTORY else self._audit_job(after)

        def loaded(rows: list[Any]) -> None:
            if generation != self._generations[index]:
                return  # the filters changed meanwhile: a newer first page is coming
            more = len(rows) > LIST_PAGE
            if after is None:
                model.set_rows(rows[:LIST_PAGE], more)
            else:
                model.append_rows(rows[:LIST_PAGE], more)

        self.context.run(job, loaded, owner=self)

    def _history_job(self, after: Any) -> Any:
        status = self.status_filter.currentData() or None
        sphere = self.sphere_filter.currentData() or None
        requester = self.agent_filter.currentData() or None

        def job(services: Any) -> list[CheckpointPreview]:
            page = services.governance.page(status=status, sphere_id=sphere, requested_by=requester, after=after, limit=LIST_PAGE + 1)
            return preview_checkpoints(services.ctx, page)

        return job

    def _audit_job(self, after: Any) -> Any:
        search = self.search.text().strip() or None
        return lambda services: services.audit_log.list(search=search, after=after, limit=LIST_PAGE + 1)

    # ------------------------------------------------------------ approve / reject

    def _approve(self, checkpoint_id: str, note: str | None) -> None:
        self.context.run(
            lambda services: services.governance.approve(checkpoint_id, note),
            self._approved,
            lambda error: self._refused(checkpoint_id, error),
            owner=self,
            writes=True,
        )

    def _reject(self, checkpoint_id: str, note: str | None) -> None:
        self.context.run(
            lambda services: services.governance.reject(checkpoint_id, note),
            lambda checkpoint: self.context.notice.emit(tr("Rejected: nothing of it happened."), "info"),
            lambda error: self._refused(checkpoint_id, error),
            owner=self,
            writes=True,
        )

    def _approved(self, approval: Any) -> None:
        if approval.applied:
            self.context.notice.emit(tr("Approved and applied."), "info")
        else:
            by = approval.checkpoint.resolved_by or tr("someone")
            self.context.notice.emit(tr("Already approved by {by}; nothing ran a second time.").format(by=by), "info")

    def _refused(self, checkpoint_id: str, error: BaseException) -> None:
        """Another device decided first, it expired, or it could not be applied: say so and refresh."""
        if not isinstance(error, DomainError):
            self.context.report_error(error)
            text = tr("Something went wrong; nothing was changed.")
        else:
            text = str(error)
        card = self.cards.get(checkpoint_id)
        if card is not None:
            card.show_problem(text)
        self.context.notice.emit(text, "info")
        self.reload(quiet=True)


def _list_box() -> tuple[QWidget, QVBoxLayout]:
    """A tab's box and the column its filters and table go in."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(12)
    return box, column
