"""What the cards a person acts on share (a checkpoint to approve, a decision
to take): the card takes keyboard focus and shows it on its frame, ↑ and ↓
move to the card before or after it (in the page's tab order), and it asks
the page for something, then says calmly what went wrong if it failed."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

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

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """↑ / ↓ (here, or unhandled by a control inside the card): the card before / after."""
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            neighbour = self.neighbour(forward=event.key() == Qt.Key.Key_Down)
            if neighbour is not None:
                neighbour.setFocus(Qt.FocusReason.TabFocusReason)
            event.accept()
            return
        super().keyPressEvent(event)

    def neighbour(self, forward: bool) -> ActionCard | None:
        """The next (or previous) visible card of the same kind in the focus chain, if any."""
        widget = self.nextInFocusChain() if forward else self.previousInFocusChain()
        while widget is not None and widget is not self:
            if isinstance(widget, ActionCard) and widget.objectName() == self.objectName() and widget.isVisible():
                return widget
            widget = widget.nextInFocusChain() if forward else widget.previousInFocusChain()
        return None

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusInEvent(event)
        self._mark_focus(True)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusOutEvent(event)
        self._mark_focus(False)

    def _mark_focus(self, focused: bool) -> None:
        self.frame.setProperty("focused", focused)
        restyle(self.frame)


def focused_card(cards: Sequence[ActionCard]) -> int | None:
    """The position of the card holding the keyboard (itself or one of its controls), if any."""
    focus = QApplication.focusWidget()
    if focus is None:
        return None
    return next((position for position, card in enumerate(cards) if card is focus or card.isAncestorOf(focus)), None)


def keep_focus(position: int | None, cards: Sequence[ActionCard]) -> None:
    """After a redraw: if the card that had the keyboard (at `position`) is gone
    (approved, deferred…), give it to the card now in its place, so a person
    working by keyboard goes on with the next one."""
    if position is None or not cards or focused_card(cards) is not None:
        return
    cards[min(position, len(cards) - 1)].setFocus(Qt.FocusReason.OtherFocusReason)
