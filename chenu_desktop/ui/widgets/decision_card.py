"""One decision waiting: its aging marker, title and facts, and what can be
done about it: make (choose an option by its label), defer, reject, or add
an option. Keyboard, with the card focused: M opens its options, and the one
chosen there (arrows, Enter) is taken; D defers."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from chenu_desktop.domain.aging import RULE_BY_LEVEL, AgingLevel
from chenu_desktop.domain.decisions import OPTION_LABEL_MAX
from chenu_desktop.services.views import DecisionView

from ..i18n import term, tr
from .action_card import ActionCard
from .blink_pulse import BlinkPulse
from .common import button, error_line, label, mark_invalid

MARKER_WIDTH = 4


def aging_colour(level: str) -> str:
    """The canon colour of an aging level (DOMAIN.md, via chenu_desktop.domain.aging)."""
    return RULE_BY_LEVEL[AgingLevel(level)].colour


class AgingMarker(QFrame):
    """A thin bar in the canon colour of an aging level; BLINK markers breathe with the page's pulse.

    Drawn by Qt from a style sheet (no Python runs when it repaints)."""

    def __init__(self, level: str, pulse: BlinkPulse | None = None) -> None:
        super().__init__()
        self.setObjectName("aging-marker")
        self.setFixedWidth(MARKER_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.set_shape(MARKER_WIDTH // 2, aging_colour(level))
        if pulse is not None:
            pulse.attach(self)

    def set_shape(self, radius: int, colour: str) -> None:
        self.setStyleSheet(f"#aging-marker {{ background: {colour}; border: none; border-radius: {radius}px; }}")


class DecisionCard(ActionCard):
    make_requested = Signal(str, str)
    """(decision id, option id)"""
    defer_requested = Signal(str)
    reject_requested = Signal(str)
    options_added = Signal(str, list)
    """(decision id, [labels])"""

    def __init__(self, decision: DecisionView, sphere_name: str, pulse: BlinkPulse | None = None) -> None:
        super().__init__("decision-card", "decision-frame")
        self.decision = decision
        row = QHBoxLayout(self.frame)
        row.setContentsMargins(12, 12, 16, 12)
        row.setSpacing(12)
        self.marker = AgingMarker(decision.aging_level or AgingLevel.GREEN.value, pulse)
        row.addWidget(self.marker)
        body = QVBoxLayout()
        body.setSpacing(8)
        row.addLayout(body, 1)

        self.title = label("", "heading", wrap=True)
        self.title.setObjectName("decision-title")
        self.facts = label("", "caption", wrap=True)
        self.facts.setObjectName("decision-facts")
        body.addWidget(self.title)
        body.addWidget(self.facts)

        actions = QHBoxLayout()
        actions.setSpacing(8)
        self.options = QComboBox()
        self.options.setObjectName("options")
        self.options.setMinimumWidth(200)
        # Sized by a length, not by measuring every option: AdjustToContents cost ~1 ms a card.
        self.options.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.options.setMinimumContentsLength(24)
        self.make = button(tr("Decide"), "make", primary=True)
        self.make.setToolTip(tr("Take the decision with the chosen option (M: choose an option, then Enter)"))
        self.defer = button(tr("Defer"), "defer")
        self.defer.setToolTip(tr("Not now: aging restarts at GREEN (D)"))
        self.reject = button(tr("Reject"), "reject")
        self.reject.setToolTip(tr("Close it without taking any option"))
        self.add_option = button(tr("+ Option"), "add-option", flat=True)
        self.add_option.setToolTip(tr("Add an option to choose from"))
        for widget in (self.options, self.make, self.defer, self.reject):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.add_option)
        body.addLayout(actions)

        self.adder = QWidget()
        adder = QHBoxLayout(self.adder)
        adder.setContentsMargins(0, 0, 0, 0)
        adder.setSpacing(8)
        self.new_option = QLineEdit()
        self.new_option.setObjectName("new-option")
        self.new_option.setPlaceholderText(tr("A new option, e.g. “Rent a van”"))
        self.new_option.setMaxLength(OPTION_LABEL_MAX)
        self.save_option = button(tr("Add"), "save-option")
        adder.addWidget(self.new_option, 1)
        adder.addWidget(self.save_option)
        self.adder.hide()
        body.addWidget(self.adder)
        self.problem = error_line("decision-problem")
        body.addWidget(self.problem)

        self._make_on_choice = False
        """M opened the options: the one chosen is taken."""
        self.options.activated.connect(self._option_chosen)
        self._watching_popup = False
        self.make.clicked.connect(self._make)
        self.defer.clicked.connect(lambda: self._ask(lambda: self.defer_requested.emit(self.decision.id)))
        self.reject.clicked.connect(lambda: self._ask(lambda: self.reject_requested.emit(self.decision.id)))
        self.add_option.clicked.connect(self._open_adder)
        self.save_option.clicked.connect(self._save_option)
        self.new_option.returnPressed.connect(self._save_option)
        self.new_option.textEdited.connect(lambda _text: self._mark_invalid(False))
        self.set_decision(decision, sphere_name)

    # ------------------------------------------------------------ content

    def set_decision(self, decision: DecisionView, sphere_name: str) -> None:
        self.decision = decision
        self.title.setText(decision.title or "")
        facts = [sphere_name, tr("{priority} priority").format(priority=term(decision.priority or "medium"))]
        if decision.aging_started_at is not None:
            waiting = tr("deferred, waiting {time}") if decision.status == "deferred" else tr("waiting {time}")
            facts.append(waiting.format(time=waited(decision.aging_started_at)))
        self.facts.setText(" · ".join(facts))
        chosen = self.options.currentData() if self.options.count() else ""
        self.options.clear()
        for option in decision.options:
            self.options.addItem(str(option.get("label", option.get("id"))), option.get("id"))
        if not decision.options:
            self.options.addItem(tr("No options yet: add one"), "")
        index = self.options.findData(chosen)
        self.options.setCurrentIndex(max(index, 0))
        self.options.setEnabled(bool(decision.options))
        self.setAccessibleName(tr("Decision: {title}, {level}").format(title=decision.title, level=term(decision.aging_level)))
        self.set_busy(False)

    def option_labels(self) -> list[str]:
        return [str(o.get("label")) for o in self.decision.options]

    # ------------------------------------------------------------ asking

    def set_busy(self, busy: bool) -> None:
        has_options = bool(self.decision.options)
        self.make.setEnabled(not busy and has_options)
        self.defer.setEnabled(not busy)
        self.reject.setEnabled(not busy)
        self.save_option.setEnabled(not busy)

    def _ask(self, emit: object) -> None:
        if not self.defer.isEnabled():
            return  # already asked
        self.problem.hide()
        self.set_busy(True)
        emit()  # type: ignore[operator]

    def _make(self) -> None:
        option = self.options.currentData()
        if not option:
            self.show_problem(tr("Add an option first: a decision is taken by choosing one."))
            return
        self._ask(lambda: self.make_requested.emit(self.decision.id, str(option)))

    def choose_and_make(self) -> None:
        """M: open the options; choosing one (Enter) takes the decision with it, Esc changes nothing."""
        if not self.decision.options or not self.make.isEnabled():
            self._make()  # says that an option is needed, or nothing while a request is under way
            return
        if not self._watching_popup:  # the list's window exists once asked for: not made for every card
            self.options.view().window().installEventFilter(self)
            self._watching_popup = True
        self._make_on_choice = True
        self.options.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.options.showPopup()

    def _option_chosen(self, _index: int) -> None:
        if self._make_on_choice:
            self._make_on_choice = False
            self._make()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """The options list closed, chosen from (Enter: `activated` comes just
        after) or not (Esc): from then on, choosing an option only chooses it."""
        if event.type() == QEvent.Type.Hide and self._make_on_choice:
            QTimer.singleShot(0, self, self._forget_choice)
        return False

    def _forget_choice(self) -> None:
        self._make_on_choice = False

    def _open_adder(self) -> None:
        self.adder.setVisible(not self.adder.isVisible())
        if self.adder.isVisible():
            self.new_option.setFocus()

    def _save_option(self) -> None:
        text = self.new_option.text().strip()
        problem = option_problem(text, self.option_labels())
        if problem:
            self._mark_invalid(True)
            self.show_problem(problem)
            return
        self._ask(lambda: self.options_added.emit(self.decision.id, [text]))

    def option_saved(self) -> None:
        self.new_option.clear()
        self.adder.hide()
        self.set_busy(False)

    def _mark_invalid(self, invalid: bool) -> None:
        mark_invalid(self.new_option, invalid)
        if not invalid:
            self.problem.hide()

    # ------------------------------------------------------------ keyboard

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
            if event.key() == Qt.Key.Key_M:
                self.choose_and_make()
                return
            if event.key() == Qt.Key.Key_D:
                self.defer.click()
                return
        super().keyPressEvent(event)


def option_problem(text: str, existing: list[str]) -> str:
    """What is wrong with a new option's label, or "" (inline, before anything is sent)."""
    if not text:
        return tr("Write the option first.")
    if len(text) > OPTION_LABEL_MAX:
        return tr("An option has at most {max} characters.").format(max=OPTION_LABEL_MAX)
    if text.casefold() in {label.casefold() for label in existing}:
        return tr("“{text}” is already an option.").format(text=text)
    return ""


def waited(since: datetime) -> str:
    seconds = max(0, int((datetime.now(since.tzinfo) - since).total_seconds()))
    hours = seconds // 3600
    if hours < 1:
        return tr("less than an hour")
    if hours < 48:
        return tr("%n h", n=hours)
    return tr("%n day(s)", n=hours // 24)
