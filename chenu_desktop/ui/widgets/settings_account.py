"""Settings, Account: who is signed in and where, Sign out, and Change password;
or, for a local profile, that its work stays on this device, and Sign in….

The password form checks what it can before asking the server (filled in,
long enough, typed the same twice), then calls the server on the network
thread; every refusal is said under the field it concerns, and the fields
keep what was typed except the passwords the server refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from chenu_desktop.sync.errors import ServerRefused, ServerUnreachable, SessionExpired

from ..i18n import tr
from ..router import LOGIN
from .common import button, headed_card, label
from .field_form import FieldForm

if TYPE_CHECKING:
    from ..context import AppContext

PASSWORD_MIN = 8
"""The sync server's shortest password (it checks too; this only saves a round trip)."""


class AccountSection(QWidget):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        frame, layout = headed_card(tr("Account"), "settings-account")
        column.addWidget(frame)
        self.who = label("", wrap=True)
        self.who.setObjectName("signed-in-as")
        layout.addWidget(self.who)
        row = QHBoxLayout()
        row.setSpacing(8)
        self.change = button(tr("Change password…"), "change-password")
        self.sign_out = button(tr("Sign out"), "sign-out")
        self.sign_in = button(tr("Sign in…"), "sign-in", primary=True)
        for widget in (self.change, self.sign_out, self.sign_in):
            row.addWidget(widget)
        row.addStretch(1)
        layout.addLayout(row)
        self.form = self._build_form()
        layout.addWidget(self.form)
        self.done = label("", "muted", wrap=True)
        self.done.setObjectName("password-changed")
        self.done.hide()
        layout.addWidget(self.done)
        self.change.clicked.connect(self._toggle_form)
        self.sign_out.clicked.connect(self._sign_out)
        self.sign_in.clicked.connect(lambda: self.context.navigate(LOGIN))

    def _build_form(self) -> QFrame:
        form_frame = QFrame()
        form_frame.setObjectName("password-form")
        outer = QVBoxLayout(form_frame)
        outer.setContentsMargins(0, 8, 0, 0)
        outer.setSpacing(8)
        self.current = QLineEdit(objectName="current-password", echoMode=QLineEdit.EchoMode.Password)
        self.new = QLineEdit(objectName="new-password", echoMode=QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit(objectName="repeat-password", echoMode=QLineEdit.EchoMode.Password)
        self.fields = FieldForm(
            [(tr("Current password"), self.current), (tr("New password"), self.new), (tr("New password again"), self.repeat)],
            "password-message",
        )
        outer.addLayout(self.fields.layout)
        outer.addWidget(self.fields.message)
        self.save = button(tr("Change password"), "save-password", primary=True)
        outer.addWidget(self.save, alignment=Qt.AlignmentFlag.AlignLeft)
        self.save.clicked.connect(self.submit)
        self.repeat.returnPressed.connect(self.submit)
        form_frame.hide()
        return form_frame

    # ------------------------------------------------------------ showing the profile

    def show_profile(self) -> None:
        profile = self.context.profile
        account = profile.account if profile is not None else None
        signed_in = profile is not None and profile.signed_in
        if account is not None:
            self.who.setText(tr("Signed in as {email} on {server}.").format(email=account.email, server=account.server_url))
        elif signed_in and profile is not None:
            self.who.setText(tr("Signed in as {email} on {server}.").format(email=profile.label, server=profile.server_url or ""))
        else:
            self.who.setText(tr("This is a local profile: your work stays on this device. Sign in to sync it with a server."))
        self.change.setVisible(signed_in)
        self.sign_out.setVisible(signed_in)
        self.sign_in.setVisible(not signed_in)
        if not signed_in:
            self.form.hide()

    # ------------------------------------------------------------ actions

    def _toggle_form(self) -> None:
        self.form.setVisible(not self.form.isVisible())
        self.done.hide()
        if self.form.isVisible():
            self.current.setFocus()

    def _sign_out(self) -> None:
        self.sign_out.setEnabled(False)
        self.context.sign_out(lambda: self.context.router.replace(LOGIN))

    def submit(self) -> None:
        """Check the form, then ask the server (never on the GUI thread)."""
        current, new = self.current.text(), self.new.text()
        if not current:
            self._refuse(tr("Enter your current password."), self.current)
        elif len(new) < PASSWORD_MIN:
            self._refuse(tr("The new password needs at least {count} characters.").format(count=PASSWORD_MIN), self.new)
        elif new != self.repeat.text():
            self._refuse(tr("The two new passwords differ: type the same one twice."), self.repeat)
        elif new == current:
            self._refuse(tr("The new password is the same as the current one."), self.new)
        else:
            self._busy(True)
            self.context.call_server(lambda remote: remote.change_password(current, new), self._changed, self._failed)

    def _changed(self, _result: object) -> None:
        self._busy(False)
        for field in self.fields.fields:
            field.clear()
        self.fields.clear_refusal()
        self.form.hide()
        self.done.setText(tr("Password changed. Your other devices must sign in again with the new one."))
        self.done.show()

    def _failed(self, error: BaseException) -> None:
        self._busy(False)
        status = error.status if isinstance(error, ServerRefused) else None
        if status == 403:
            self._refuse(tr("The current password is wrong."), self.current)
        elif status == 429:
            self._refuse(tr("Too many wrong passwords: wait a few minutes, then try again."), self.current)
        elif status == 422:
            self._refuse(tr("The server refused the new password: it needs at least {count} characters.").format(count=PASSWORD_MIN), self.new)
        elif isinstance(error, ServerUnreachable):
            self._refuse(tr("The server cannot be reached: nothing changed. Try again when you are online."), self.current)
        elif isinstance(error, SessionExpired):
            self._refuse(tr("This device's session has ended: sign out, then sign in again."), self.current)
        else:
            self._refuse(tr("The password was not changed: {reason}").format(reason=str(error)), self.current)

    def _refuse(self, text: str, field: QLineEdit) -> None:
        self.done.hide()
        self.fields.refuse(text, field)

    def _busy(self, busy: bool) -> None:
        for widget in (self.current, self.new, self.repeat, self.save):
            widget.setEnabled(not busy)
        self.save.setText(tr("Changing…") if busy else tr("Change password"))
