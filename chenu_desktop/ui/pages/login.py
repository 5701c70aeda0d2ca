"""Sign in, create an account, or work offline.

A wrong password keeps the fields, says so inline and puts the focus back
on the password; an unreachable server says so and offers to work offline.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from chenu_desktop.sync.errors import ServerRefused, ServerUnreachable

from ..i18n import tr, translatable
from ..router import HOME
from ..widgets.common import button, card, label
from ..widgets.field_form import FieldForm
from .base import BasePage

SERVER_ENV = "CHENU_SERVER_URL"


class LoginPage(BasePage):
    name = "login"
    title = translatable("Sign in")

    def build(self, content: QWidget) -> None:
        outer = QVBoxLayout(content)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box = card("login-card")
        box.setFixedWidth(420)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(32, 32, 32, 32)
        layout.setSpacing(12)
        brand = label("◆ CHE·NU", "title")
        layout.addWidget(brand)
        layout.addWidget(label(tr("Governance before execution. Sign in to sync your work, or keep it on this device."), "muted", wrap=True))

        self.server = QLineEdit(objectName="server-url", placeholderText="https://sync.example.org")
        self.email = QLineEdit(objectName="email", placeholderText="you@example.com")
        self.password = QLineEdit(objectName="password", echoMode=QLineEdit.EchoMode.Password)
        self.form = FieldForm([(tr("Server"), self.server), (tr("Email"), self.email), (tr("Password"), self.password)], "error-message")
        layout.addLayout(self.form.layout)
        layout.addWidget(self.form.message)

        self.submit = button(tr("Sign in"), "submit", primary=True)
        self.submit.setDefault(True)
        self.create = button(tr("Create account"), "create-account")
        row = QHBoxLayout()
        row.addWidget(self.submit, 1)
        row.addWidget(self.create)
        layout.addLayout(row)
        self.offline = button(tr("Work offline"), "work-offline", flat=True)
        self.offline.setToolTip(tr("Keep everything on this device; sign in later to sync it"))
        layout.addWidget(self.offline, alignment=Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(box)

        self.submit.clicked.connect(self.sign_in)
        self.create.clicked.connect(self.create_account)
        self.offline.clicked.connect(self.work_offline)
        self.password.returnPressed.connect(self.sign_in)
        self.email.returnPressed.connect(self.password.setFocus)

    def open(self, params: dict[str, str]) -> None:
        self.params = params
        if not self.server.text():
            self.server.setText(self.context.server_url or os.environ.get(SERVER_ENV, ""))
        self._busy(False)
        self.show_static()
        (self.email if self.server.text() else self.server).setFocus()

    # ------------------------------------------------------------ actions

    def sign_in(self) -> None:
        if self._valid():
            self._busy(True, tr("Signing in…"))
            self.context.sign_in(self.server.text().strip(), self.email.text().strip(), self.password.text(), self._done, self._refused)

    def create_account(self) -> None:
        if self._valid():
            self._busy(True, tr("Creating your account…"))
            self.context.register(self.server.text().strip(), self.email.text().strip(), self.password.text(), self._done, self._refused)

    def work_offline(self) -> None:
        self._busy(True, tr("Opening…"))
        self.context.work_offline(self._done)

    # ------------------------------------------------------------ results

    def _done(self) -> None:
        self._busy(False)
        self.password.clear()
        self.form.clear_refusal()
        self.context.router.clear_history()
        self.context.router.replace(HOME)

    def _refused(self, error: BaseException) -> None:
        self._busy(False)
        if isinstance(error, ServerRefused) and error.status == 401:
            self._show_error(tr("Wrong email or password."), self.password)
        elif isinstance(error, ServerRefused) and error.status == 403:
            self._show_error(str(error).split("(", 1)[-1].rstrip(")") or tr("The server refused."), self.email)
            self.create.setVisible(False)
        elif isinstance(error, ServerUnreachable):
            self._show_error(tr("{error}. Check the address, or work offline and sign in later.").format(error=error), self.server)
        else:
            self._show_error(str(error), self.password)

    # ------------------------------------------------------------ form

    def _valid(self) -> bool:
        server = self.server.text().strip()
        if not server.startswith(("http://", "https://")):
            return self._show_error(tr("Enter the server's address, starting with https:// (or http:// on this machine)."), self.server)
        if "@" not in self.email.text().strip():
            return self._show_error(tr("Enter the email address of your account."), self.email)
        if not self.password.text():
            return self._show_error(tr("Enter your password."), self.password)
        return True

    def _show_error(self, text: str, field: QLineEdit) -> bool:
        self.form.refuse(text, field)
        return False

    def _busy(self, busy: bool, text: str = "") -> None:
        for widget in (self.submit, self.create, self.offline, self.server, self.email, self.password):
            widget.setEnabled(not busy)
        self.submit.setText(text if busy and text == tr("Signing in…") else tr("Sign in"))
