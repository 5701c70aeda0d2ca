"""One pending checkpoint: what approving it will do, its risk and cost, who
asked, and Approve / Reject with an optional note.

The card asks once: at the first click both buttons are disabled until the
page has the answer (a double click approves once). Keyboard: with the card
(or one of its buttons) focused, A approves and R rejects; letters typed in
the note stay in the note.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout

from chenu_desktop.services.command_preview import CheckpointPreview

from ..i18n import relative_time, term, tr
from ..unavailable_text import unavailable_text
from .action_card import ActionCard
from .common import button, error_line, label, restyle

NOTE_MAX = 2000


class CheckpointCard(ActionCard):
    approve_requested = Signal(str, object)
    """(checkpoint id, note or None)"""
    reject_requested = Signal(str, object)

    def __init__(self, preview: CheckpointPreview) -> None:
        super().__init__("checkpoint-card", "checkpoint-frame")
        layout = QVBoxLayout(self.frame)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(8)

        top = QHBoxLayout()
        top.setSpacing(8)
        self.risk = label("", "chip")
        self.risk.setObjectName("risk")
        self.facts = label("", "caption")
        self.facts.setObjectName("checkpoint-facts")
        top.addWidget(self.risk)
        top.addWidget(self.facts, 1)
        layout.addLayout(top)

        self.what = label("", None, wrap=True)
        self.what.setObjectName("checkpoint-what")
        layout.addWidget(self.what)
        self.why = label("", "muted", wrap=True)
        self.why.setObjectName("checkpoint-why")
        layout.addWidget(self.why)
        self.problem = error_line("checkpoint-problem")
        layout.addWidget(self.problem)

        actions = QHBoxLayout()
        actions.setSpacing(8)
        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText(tr("Note (optional): why you decide so"))
        self.note.setMaxLength(NOTE_MAX)
        self.reject = button(tr("Reject"), "reject")
        self.reject.setToolTip(tr("Reject (R): nothing of it happens"))
        self.approve = button(tr("Approve"), "approve", primary=True)
        self.approve.setToolTip(tr("Approve (A): it happens now, exactly once"))
        actions.addWidget(self.note, 1)
        actions.addWidget(self.reject)
        actions.addWidget(self.approve)
        layout.addLayout(actions)
        self.approve.clicked.connect(lambda: self._ask(self.approve_requested, approving=True))
        self.reject.clicked.connect(lambda: self._ask(self.reject_requested))
        self._busy = False
        self.set_preview(preview)

    @property
    def checkpoint_id(self) -> str:
        return self.preview.checkpoint.id

    def set_preview(self, preview: CheckpointPreview) -> None:
        self.preview = preview
        checkpoint = preview.checkpoint
        risk = checkpoint.risk_level or "low"
        self.risk.setText(tr("{level} RISK").format(level=term(risk).upper()))
        self.risk.setProperty("risk", risk)
        restyle(self.risk)
        self.facts.setText(" · ".join(self._facts(preview)))
        self.what.setText(preview.what)
        why = [tr("Why it waits: {reason}").format(reason=checkpoint.reason)] if checkpoint.reason else []
        if (blocked := self._blocked()) is not None:
            why.append(blocked)  # said on the card, not only on the disabled button's tooltip
        self.why.setText("\n".join(why))
        self.why.setVisible(bool(why))
        self._show_approvable()
        self.setAccessibleName(tr("Checkpoint: {what}").format(what=preview.what))

    @staticmethod
    def _facts(preview: CheckpointPreview) -> list[str]:
        checkpoint = preview.checkpoint
        facts = [tr("Asked by {who}").format(who=preview.requester)]
        if preview.cost is not None:
            facts.append(tr("costs %Ln token(s)", n=preview.cost))
        elif preview.budget is not None:
            facts.append(tr("budget %Ln token(s)", n=preview.budget))
        else:
            facts.append(tr("no token cost"))
        if checkpoint.created_at is not None:
            facts.append(tr("asked {when}").format(when=ago(checkpoint.created_at)))
        if checkpoint.expires_at is not None:
            facts.append(tr("expires {time}").format(time=checkpoint.expires_at.astimezone().strftime("%H:%M")))
        return facts

    # ------------------------------------------------------------ asking

    def _show_approvable(self) -> None:
        """A checkpoint of an agent or sphere whose plugin is gone can be rejected, not approved."""
        self.approve.setEnabled(not self._busy and self.preview.unavailable is None)
        self.approve.setToolTip(self._blocked() or tr("Approve (A): it happens now, exactly once"))

    def _blocked(self) -> str | None:
        """Why this checkpoint cannot be approved now, or None."""
        unavailable = self.preview.unavailable
        if not unavailable:
            return None
        return tr("Cannot be approved: {reason}. Reject it, or bring the plugin back to approve it.").format(
            reason=unavailable_text(unavailable)
        )

    def _ask(self, signal: Signal, approving: bool = False) -> None:
        if self._busy or (approving and self.preview.unavailable):
            return  # already asked (the answer is on its way), or it cannot be approved
        self.set_busy(True)
        note = self.note.text().strip() or None
        signal.emit(self.checkpoint_id, note)  # type: ignore[attr-defined]

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._show_approvable()
        self.reject.setEnabled(not busy)
        self.note.setReadOnly(busy)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
            if event.key() == Qt.Key.Key_A:
                self.approve.click()
                return
            if event.key() == Qt.Key.Key_R:
                self.reject.click()
                return
        super().keyPressEvent(event)


def ago(moment: datetime) -> str:
    return relative_time((datetime.now(moment.tzinfo) - moment).total_seconds())
