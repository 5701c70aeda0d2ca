"""Decisions waiting for a person, grouped by aging level, most urgent first.

Each level shows its first decisions (oldest first) and "Show more" fetches
the next keyset page. Cards are kept across reloads, so an option being
typed survives a sync. BLINK markers breathe while the page is on screen.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from chenu_desktop.domain.aging import URGENCY_ORDER, AgingLevel
from chenu_desktop.domain.errors import DomainError
from chenu_desktop.services.views import DecisionView

from ..i18n import name_of, tr, translatable
from ..read_only import guard_write, refuse_write
from ..widgets.action_card import focused_card, keep_focus
from ..widgets.blink_pulse import BlinkPulse
from ..widgets.common import button, label, vertical_scroll
from ..widgets.decision_card import DecisionCard
from ..widgets.decision_group import DecisionGroup
from ..widgets.decision_sheet import NewDecisionSheet
from .base import BasePage

GROUP_PAGE = 6
MARGIN = 24
COLUMN_WIDTH = 820


class DecisionsPage(BasePage):
    name = "decisions"
    title = translatable("Decisions")

    def build(self, content: QWidget) -> None:
        self.pulse = BlinkPulse(self)
        self.groups: dict[str, DecisionGroup] = {}
        self.cards: dict[str, DecisionCard] = {}
        self._shown = {level.value: GROUP_PAGE for level in URGENCY_ORDER}
        self._watched_window: QWidget | None = None
        outer = QVBoxLayout(content)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = vertical_scroll()
        outer.addWidget(scroll)
        body = QWidget()
        body.setMaximumWidth(COLUMN_WIDTH + 2 * MARGIN)
        scroll.setWidget(body)
        column = QVBoxLayout(body)
        column.setContentsMargins(MARGIN, 16, MARGIN, MARGIN)
        column.setSpacing(24)
        header = QHBoxLayout()
        self.summary = label("", "muted", wrap=True)
        self.summary.setObjectName("decisions-summary")
        header.addWidget(self.summary, 1)
        self.new_decision = button(tr("New decision"), "new-decision", primary=True)
        self.new_decision.clicked.connect(self.ask_new_decision)
        guard_write(self.context, self.new_decision)
        header.addWidget(self.new_decision, alignment=Qt.AlignmentFlag.AlignTop)
        column.addLayout(header)
        self.groups_layout = QVBoxLayout()
        self.groups_layout.setSpacing(24)
        column.addLayout(self.groups_layout)
        column.addStretch(1)

    def ask_new_decision(self) -> None:
        if refuse_write(self.context):
            return
        NewDecisionSheet.ask(self.context, self.window())

    # ------------------------------------------------------------ data

    def fetch(self, services: Any) -> dict[str, Any]:
        counts = services.decisions.waiting_counts()
        pages = {level: services.decisions.waiting_page(level, limit=self._shown[level]) for level, count in counts.items() if count}
        return {"counts": counts, "pages": pages}

    def render(self, result: dict[str, Any]) -> None:
        counts: dict[str, int] = result["counts"]
        total = sum(counts.values())
        if not total:
            self._clear()
            self.show_empty(
                tr("No decision is waiting for you"),
                tr("A decision waits here, aging from GREEN to BLINK, until you take it by choosing one of its options."),
                tr("New decision"),
                self.ask_new_decision,
            )
            return
        urgent = counts.get(AgingLevel.RED.value, 0) + counts.get(AgingLevel.BLINK.value, 0)
        self.summary.setText(
            tr("%n decision(s) wait(s) for you, {urgent} of them for too long. The oldest come first.", n=total).format(urgent=urgent)
            if urgent
            else tr("%n decision(s) wait(s) for you. The oldest come first.", n=total)
        )
        pages: dict[str, list[DecisionView]] = result["pages"]
        had_focus = focused_card(self._cards_in_order())
        wanted = {d.id for page in pages.values() for d in page}
        for decision_id in list(self.cards):
            if decision_id not in wanted:
                self.cards.pop(decision_id).deleteLater()
        position = 0
        for level in (lvl.value for lvl in URGENCY_ORDER):
            if not counts.get(level):
                group = self.groups.pop(level, None)
                if group is not None:
                    group.deleteLater()
                continue
            group = self.groups.get(level)
            if group is None:
                group = DecisionGroup(level, self.pulse)
                group.more_wanted.connect(self._show_more)
                self.groups[level] = group
            self.groups_layout.insertWidget(position, group)
            position += 1
            group.show_cards([self._card(d) for d in pages[level]], counts[level])
        self._order_focus()
        keep_focus(had_focus, self._cards_in_order())
        self._update_pulse()

    def _card(self, decision: DecisionView) -> DecisionCard:
        sphere = self.context.plugins.sphere(decision.sphere_id or "")
        sphere_name = name_of(sphere) if sphere is not None else (decision.sphere_id or "")
        level = decision.aging_level or AgingLevel.GREEN.value
        card = self.cards.get(decision.id)
        if card is not None and card.decision.aging_level != level:
            self.cards.pop(decision.id).deleteLater()  # it aged: a new marker, in its new group
            card = None
        if card is None:
            card = DecisionCard(decision, sphere_name, self.pulse if level == AgingLevel.BLINK.value else None)
            card.make_requested.connect(self._make)
            guard_write(self.context, card.options, card.make, card.defer, card.reject, card.add_option, card.new_option, card.save_option)
            card.defer_requested.connect(self._defer)
            card.reject_requested.connect(self._reject)
            card.options_added.connect(self._add_options)
            self.cards[decision.id] = card
        else:
            card.set_decision(decision, sphere_name)
        return card

    def _clear(self) -> None:
        for card in self.cards.values():
            card.deleteLater()
        for group in self.groups.values():
            group.deleteLater()
        self.cards.clear()
        self.groups.clear()
        self._update_pulse()

    def _cards_in_order(self) -> list[DecisionCard]:
        """The cards as shown: most urgent level first."""
        return [card for level in URGENCY_ORDER if level.value in self.groups for card in self.groups[level.value].cards()]

    def _order_focus(self) -> None:
        previous: QWidget = self.new_decision
        for level in (lvl.value for lvl in URGENCY_ORDER):
            group = self.groups.get(level)
            if group is None:
                continue
            for card in group.cards():
                for widget in (card, card.options, card.make, card.defer, card.reject, card.add_option, card.new_option, card.save_option):
                    QWidget.setTabOrder(previous, widget)
                    previous = widget
            QWidget.setTabOrder(previous, group.more)
            previous = group.more

    def _show_more(self, level: str) -> None:
        """The next keyset page of one level, appended to its group."""
        group = self.groups.get(level)
        if group is None:
            return
        shown = group.cards()
        after = (shown[-1].decision.aging_started_at, shown[-1].decision.id) if shown else None
        group.more.setEnabled(False)

        def loaded(page: list[DecisionView]) -> None:
            group.more.setEnabled(True)
            self._shown[level] = len(shown) + len(page)
            group.show_cards(shown + [self._card(d) for d in page], group.count)
            self._order_focus()

        self.context.run(lambda services: services.decisions.waiting_page(level, after=after, limit=GROUP_PAGE), loaded, owner=self)

    # ------------------------------------------------------------ make, defer, reject, add options

    def _make(self, decision_id: str, option_id: str) -> None:
        def done(decision: DecisionView) -> None:
            chosen = next((o.get("label") for o in decision.options if o.get("id") == decision.chosen_option_id), option_id)
            self.context.notice.emit(tr("Decided “{title}”: {option}.").format(title=decision.title, option=chosen), "info")

        self._write(decision_id, lambda services: services.decisions.make(decision_id, option_id), done)

    def _defer(self, decision_id: str) -> None:
        self._write(
            decision_id,
            lambda services: services.decisions.defer(decision_id),
            lambda decision: self.context.notice.emit(tr("Deferred “{title}”: it waits again from GREEN.").format(title=decision.title), "info"),
        )

    def _reject(self, decision_id: str) -> None:
        self._write(
            decision_id,
            lambda services: services.decisions.reject(decision_id),
            lambda decision: self.context.notice.emit(tr("Closed “{title}” without taking an option.").format(title=decision.title), "info"),
        )

    def _add_options(self, decision_id: str, labels: list[str]) -> None:
        def done(_decision: DecisionView) -> None:
            card = self.cards.get(decision_id)
            if card is not None:
                card.option_saved()

        self._write(decision_id, lambda services: services.decisions.add_options(decision_id, labels), done)

    def _write(self, decision_id: str, job: Any, done: Any) -> None:
        def failed(error: BaseException) -> None:
            if not isinstance(error, DomainError):
                self.context.report_error(error)
            card = self.cards.get(decision_id)
            text = str(error) if isinstance(error, DomainError) else tr("Something went wrong; nothing was changed.")
            if card is not None:
                card.show_problem(text)
            self.reload(quiet=True)

        self.context.run(job, done, failed, owner=self, writes=True)

    # ------------------------------------------------------------ the BLINK pulse

    def _update_pulse(self) -> None:
        """Breathe while BLINK decisions are on screen; rest otherwise."""
        window = self.window()
        if window is not self._watched_window and window is not self:
            if self._watched_window is not None:
                self._watched_window.removeEventFilter(self)
            window.installEventFilter(self)
            self._watched_window = window
        on_screen = self.isVisible() and not window.isMinimized()
        if AgingLevel.BLINK.value in self.groups and on_screen:
            self.pulse.start()
        else:
            self.pulse.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self._watched_window and event.type() in (QEvent.Type.Hide, QEvent.Type.Show, QEvent.Type.WindowStateChange):
            self._update_pulse()
        return False

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._update_pulse()

    def hideEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().hideEvent(event)
        self.pulse.stop()
