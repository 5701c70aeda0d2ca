"""A table cell that shows "used / budget" over a thin bar of the share used.

The bar is the accent colour, and the danger colour once the budget is spent;
colours come from the theme, the share from the model's `share_role`.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from .. import theme

BAR_HEIGHT = 4
PADDING = 8


class UsageBarDelegate(QStyledItemDelegate):
    def __init__(self, share_role: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.share_role = share_role

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().paint(painter, option, index)
        share = index.data(self.share_role)
        if share is None:
            return
        current = theme.current()
        rect: QRect = option.rect  # type: ignore[attr-defined]
        track = QRect(rect.left() + PADDING, rect.bottom() - BAR_HEIGHT - 5, rect.width() - 2 * PADDING, BAR_HEIGHT)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        painter.setBrush(QColor(theme.colour("border" if selected else "raised", current)))
        painter.drawRoundedRect(track, 2, 2)
        if share > 0:
            filled = QRect(track.left(), track.top(), max(BAR_HEIGHT, round(track.width() * float(share))), BAR_HEIGHT)
            painter.setBrush(QColor(theme.colour("danger" if share >= 1 else "accent", current)))
            painter.drawRoundedRect(filled, 2, 2)
        painter.restore()

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802 - Qt's name
        """The text sits a little higher, leaving room for the bar beneath it."""
        super().initStyleOption(option, index)
        option.displayAlignment = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop  # type: ignore[attr-defined]
