"""Conflicts: each value a concurrent edit overwrote, beside the value now,
with when and on which device each was written; "Restore this value" writes
it back (it then wins on every device), "Dismiss" keeps the value now. Either
settles the conflict on every device that recorded it, once they sync.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from chenu_desktop.domain.errors import DomainError
from chenu_desktop.services.views import ConflictView

from ..i18n import tr, translatable
from ..read_only import guard_write
from ..widgets.common import button, label, vertical_scroll
from ..widgets.conflict_card import ConflictCard, elide, shown
from .base import BasePage


@dataclass(frozen=True)
class ConflictsData:
    conflicts: list[ConflictView]
    this_device: str
    """This store's node id: its own writes say "on this device"."""


CARDS_AT_ONCE = 20
"""Cards are drawn this many at a time ("Show more"): a store that collected
hundreds of conflicts opens this page as fast as one with a few."""


class ConflictsPage(BasePage):
    name = "conflicts"
    title = translatable("Conflicts")

    def build(self, content: QWidget) -> None:
        self.cards: dict[str, ConflictCard] = {}
        page = QVBoxLayout(content)
        page.setContentsMargins(24, 16, 24, 16)
        page.setSpacing(8)
        intro = label(
            tr(
                "Values a concurrent edit overwrote. Restore one to bring it back on every device, "
                "or dismiss it to keep the value now."
            ),
            "muted",
            wrap=True,
        )
        intro.setObjectName("conflicts-intro")
        page.addWidget(intro)
        scroll = vertical_scroll()
        holder = QWidget()
        self._list = QVBoxLayout(holder)
        self._list.setContentsMargins(0, 0, 0, 0)
        self._list.setSpacing(8)
        self.more = button("", "show-more-conflicts", flat=True)
        self.more.clicked.connect(self._show_more)
        self._list.addWidget(self.more)
        self._list.addStretch(1)
        self._not_shown: list[ConflictView] = []
        self._this_device = ""
        scroll.setWidget(holder)
        page.addWidget(scroll, 1)

    # ------------------------------------------------------------ data

    def fetch(self, services: Any) -> ConflictsData:
        return ConflictsData(services.conflicts.list(), services.ctx.store.node_id)

    def render(self, result: ConflictsData) -> None:
        for card in self.cards.values():
            card.setParent(None)
            card.deleteLater()
        self.cards.clear()
        if not result.conflicts:
            self.show_empty(
                tr("No conflicts"),
                tr("Nothing was overwritten by a concurrent edit. When two devices change the same field, the value that lost shows here."),
            )
            return
        self._not_shown, self._this_device = list(result.conflicts), result.this_device
        self._show_more()

    def _show_more(self) -> None:
        batch, self._not_shown = self._not_shown[:CARDS_AT_ONCE], self._not_shown[CARDS_AT_ONCE:]
        for conflict in batch:
            card = ConflictCard(conflict, self._this_device)
            card.restore_requested.connect(self._restore)
            card.dismiss_requested.connect(self._dismiss)
            card.open_requested.connect(self.context.navigate)
            guard_write(self.context, card.restore, card.dismiss)
            self._list.insertWidget(self._list.indexOf(self.more), card)
            self.cards[conflict.id] = card
        left = len(self._not_shown)
        self.more.setText(tr("Show %n more", n=min(left, CARDS_AT_ONCE)))
        self.more.setToolTip(tr("%n not shown yet", n=left))
        self.more.setVisible(left > 0)

    # ------------------------------------------------------------ restore / dismiss

    def _restore(self, conflict_id: str) -> None:
        self.context.run(
            lambda services: services.conflicts.restore(conflict_id),
            lambda conflict: self.context.notice.emit(
                tr("Restored: the field shows “{value}” again, on every device once synced.").format(
                    value=elide(shown(conflict.current_value), 60)
                ),
                "info",
            ),
            lambda error: self._refused(conflict_id, error),
            owner=self,
            writes=True,
        )

    def _dismiss(self, conflict_id: str) -> None:
        self.context.run(
            lambda services: services.conflicts.dismiss(conflict_id),
            lambda _conflict: self.context.notice.emit(tr("Dismissed: the value now stays."), "info"),
            lambda error: self._refused(conflict_id, error),
            owner=self,
            writes=True,
        )

    def _refused(self, conflict_id: str, error: BaseException) -> None:
        """Settled on another device meanwhile, or the record is gone: say so and refresh."""
        if not isinstance(error, DomainError):
            self.context.report_error(error)
            text = tr("Something went wrong; nothing was changed.")
        else:
            text = str(error)
        card = self.cards.get(conflict_id)
        if card is not None:
            card.show_problem(text)
        self.context.notice.emit(text, "info")
        self.reload(quiet=True)
