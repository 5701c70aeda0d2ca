"""Aging in colour: a chip for one decision's level, a segmented bar for a count by level.

The colours are the canon's (`chenu_desktop.domain.aging`), drawn as dots
and bar segments beside text, never as fills behind it.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QWidget

from chenu_desktop.domain.aging import PENDING_LEVELS, RULE_BY_LEVEL, AgingLevel

from ..i18n import term
from .common import label

DOT = 8


def aging_colour(level: str) -> QColor:
    """The canon colour of an aging level ("GREEN" … "ARCHIVE")."""
    return QColor(RULE_BY_LEVEL[AgingLevel(level)].colour)


class Dot(QWidget):
    def __init__(self, colour: QColor, size: int = DOT) -> None:
        super().__init__()
        self.colour = colour
        self.setFixedSize(size, size)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.colour)
        painter.drawEllipse(QRectF(self.rect()))


class AgingChip(QWidget):
    """● YELLOW — a decision's aging level, its dot in the canon colour."""

    def __init__(self, level: str) -> None:
        super().__init__()
        self.setObjectName("aging-chip")
        self.level = level
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(Dot(aging_colour(level)), alignment=Qt.AlignmentFlag.AlignVCenter)
        text = label(term(level).capitalize(), "caption")
        text.setObjectName("aging-level")
        text.ensurePolished()  # the caption's own font, so the widest name fits
        widest = max(text.fontMetrics().horizontalAdvance(term(rule.level.value).capitalize()) for rule in RULE_BY_LEVEL.values())
        text.setFixedWidth(widest)  # chips of one width: the titles beside them line up
        layout.addWidget(text)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)


class AgingBar(QWidget):
    """One segment per pending level, as wide as its share of the decisions waiting."""

    HEIGHT = 6

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("aging-bar")
        self.counts: dict[str, int] = {}
        self.setFixedHeight(self.HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_counts(self, counts: Mapping[str, int]) -> None:
        self.counts = {level.value: int(counts.get(level.value, 0)) for level in PENDING_LEVELS}
        total = sum(self.counts.values())
        self.setToolTip(" · ".join(f"{count} {term(level)}" for level, count in self.counts.items() if count) if total else "")
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(120, self.HEIGHT)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        radius = self.HEIGHT / 2
        total = sum(self.counts.values())
        if not total:
            painter.setBrush(self.palette().color(self.palette().ColorRole.AlternateBase))
            painter.drawRoundedRect(QRectF(self.rect()), radius, radius)
            return
        x = 0.0
        gap = 2.0
        shown = [(level, count) for level, count in self.counts.items() if count]
        usable = self.width() - gap * (len(shown) - 1)
        for level, count in shown:
            width = usable * count / total
            painter.setBrush(aging_colour(level))
            painter.drawRoundedRect(QRectF(x, 0, width, self.height()), radius, radius)
            x += width + gap
