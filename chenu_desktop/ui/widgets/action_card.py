"""What the cards a person acts on share (a checkpoint to approve, a decision
to take): the card takes keyboard focus and shows it on its frame, and it
asks the page for something, then says calmly what went wrong if it failed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from .common import card, restyle


class ActionCard(QWidget):
    problem: QLabel
    """The error line; the subclass places it in its layout."""

    def __init__(self, object_name: str, frame_name: str) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.frame = card(frame_name)
        outer.addWidget(self.frame)

    def set_busy(self, busy: bool) -> None:
        """Disable the actions while the page has the request."""
        raise NotImplementedError

    def show_problem(self, text: str) -> None:
        """The request failed: say why, and let the person try again."""
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
        self.set_busy(False)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusInEvent(event)
        self._mark_focus(True)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusOutEvent(event)
        self._mark_focus(False)

    def _mark_focus(self, focused: bool) -> None:
        self.frame.setProperty("focused", focused)
        restyle(self.frame)
