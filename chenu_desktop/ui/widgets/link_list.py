"""A short list of records, each a title over a muted line, that opens one on click or Enter.

For the few rows a bureau page shows (a sphere's recent threads); long lists
are Model/View pages with paging. The rows' colours are the palette's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QStyle, QStyledItemDelegate, QStyleOptionViewItem

ID_ROLE = Qt.ItemDataRole.UserRole
CAPTION_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_HEIGHT = 52
PADDING = 12


@dataclass(frozen=True)
class LinkRow:
    id: str
    title: str
    caption: str
    tooltip: str = ""


class TwoLineDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        return QSize(option.rect.width(), ROW_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        self.initStyleOption(option, index)
        title, caption = option.text, str(index.data(CAPTION_ROLE) or "")
        option.text = ""
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        area = option.rect.adjusted(PADDING, 0, -PADDING, 0)
        palette: QPalette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        font = option.font
        metrics = QFontMetrics(font)
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * 0.85)
        small_metrics = QFontMetrics(small)
        gap = 2
        first = area.top() + (area.height() - metrics.height() - gap - small_metrics.height()) // 2
        top = QRect(area.left(), first, area.width(), metrics.height())
        painter.setFont(font)
        painter.setPen(palette.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Text))
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, metrics.elidedText(title, Qt.TextElideMode.ElideRight, top.width()))
        bottom = QRect(area.left(), top.bottom() + 1 + gap, area.width(), small_metrics.height())
        painter.setFont(small)
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, small_metrics.elidedText(caption, Qt.TextElideMode.ElideRight, bottom.width()))
        painter.restore()


class LinkList(QListWidget):
    opened = Signal(str)
    """The id of the row clicked, or of the current row when Enter is pressed."""

    def __init__(self, object_name: str) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.setItemDelegate(TwoLineDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setUniformItemSizes(True)
        self.setMouseTracking(True)
        self.itemClicked.connect(self._open)

    def show_rows(self, rows: Sequence[LinkRow], keep: str | None = None) -> None:
        """Replace the rows, keeping the current one (or making `keep` current)."""
        current = keep or self.current_id()
        self.clear()
        for row in rows:
            item = QListWidgetItem(row.title)
            item.setData(ID_ROLE, row.id)
            item.setData(CAPTION_ROLE, row.caption)
            item.setToolTip(row.tooltip)
            self.addItem(item)
            if row.id == current:
                self.setCurrentItem(item)
        # As tall as its rows (the page scrolls it when they do not fit), not a big empty box.
        self.setMaximumHeight(max(1, len(rows)) * ROW_HEIGHT + 2 * self.frameWidth() + 2 * self.spacing() * len(rows))

    def ids(self) -> list[str]:
        return [str(self.item(i).data(ID_ROLE)) for i in range(self.count())]

    def current_id(self) -> str | None:
        item = self.currentItem()
        return str(item.data(ID_ROLE)) if item is not None else None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem() is not None:
            event.accept()
            self._open(self.currentItem())
            return
        super().keyPressEvent(event)

    def _open(self, item: QListWidgetItem) -> None:
        self.opened.emit(str(item.data(ID_ROLE)))
