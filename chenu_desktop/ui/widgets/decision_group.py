"""The decisions waiting at one aging level: a header in the level's canon
colour (breathing for BLINK), their cards, most urgent first, and "Show more"."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from chenu_desktop.domain.aging import RULE_BY_LEVEL, AgingLevel

from ..i18n import term, tr, translatable
from .blink_pulse import BlinkPulse
from .common import button, label
from .decision_card import AgingMarker, DecisionCard

DOT = 10

LEVEL_HINTS = {
    AgingLevel.GREEN.value: translatable("waiting up to a day"),
    AgingLevel.YELLOW.value: translatable("waiting more than a day · a reminder every 6 h"),
    AgingLevel.RED.value: translatable("waiting more than 3 days · a reminder every 2 h"),
    AgingLevel.BLINK.value: translatable("waiting more than 7 days · archived after 10"),
}


class DecisionGroup(QWidget):
    more_wanted = Signal(str)
    """(level): show the next page of this level's decisions."""

    def __init__(self, level: str, pulse: BlinkPulse | None = None) -> None:
        super().__init__()
        self.setObjectName("decision-group")
        self.setProperty("level", level)
        self.level = level
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        header = QHBoxLayout()
        header.setSpacing(8)
        self.dot = AgingMarker(level, pulse if RULE_BY_LEVEL[AgingLevel(level)].blinking else None)
        self.dot.setFixedSize(DOT, DOT)
        self.dot.set_shape(DOT // 2, RULE_BY_LEVEL[AgingLevel(level)].colour)
        header.addWidget(self.dot, alignment=Qt.AlignmentFlag.AlignVCenter)
        self.heading = label(term(level).upper(), "heading")
        self.heading.setObjectName("group-heading")
        header.addWidget(self.heading)
        self.hint = label(tr(LEVEL_HINTS[level]) if level in LEVEL_HINTS else "", "caption")
        header.addWidget(self.hint, alignment=Qt.AlignmentFlag.AlignVCenter)
        header.addStretch(1)
        column.addLayout(header)
        self.cards_layout = QVBoxLayout()
        self.cards_layout.setSpacing(8)
        column.addLayout(self.cards_layout)
        self.more = button(tr("Show more"), "more-decisions", flat=True)
        self.more.clicked.connect(lambda: self.more_wanted.emit(self.level))
        column.addWidget(self.more, alignment=Qt.AlignmentFlag.AlignLeft)
        self.count = 0

    def show_cards(self, cards: Sequence[DecisionCard], count: int) -> None:
        """These cards, in this order (cards move here from other groups as they age)."""
        self.count = count
        self.heading.setText(f"{term(self.level).upper()}  {count}")
        for position, card in enumerate(cards):
            self.cards_layout.insertWidget(position, card)
        self.more.setText(tr("Show more ({count} left)").format(count=count - len(cards)))
        self.more.setVisible(count > len(cards))

    def cards(self) -> list[DecisionCard]:
        found = [self.cards_layout.itemAt(i).widget() for i in range(self.cards_layout.count())]
        return [card for card in found if isinstance(card, DecisionCard)]
