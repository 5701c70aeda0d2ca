"""A thin rounded bar in a canon colour (a sphere's), as a marker beside text, never behind it."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget


class ColourBar(QWidget):
    def __init__(self, colour: str, thickness: int = 4, vertical: bool = True) -> None:
        super().__init__()
        self.colour = QColor(colour)
        if vertical:
            self.setFixedWidth(thickness)
            self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        else:
            self.setFixedHeight(thickness)
            self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_colour(self, colour: str) -> None:
        self.colour = QColor(colour)
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.colour)
        radius = min(self.width(), self.height()) / 2
        painter.drawRoundedRect(QRectF(self.rect()), radius, radius)
