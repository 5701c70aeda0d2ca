"""The workspace switcher in the sidebar header: the person's workspaces with
their role in each, and the invitations waiting for their answer.

Choosing a workspace makes it current as `chenu workspaces use` does (on the
store's worker; every page then reloads). Invitations are asked of the
server on the network thread when the list is opened; accepting one starts a
sync, after which the workspace is listed here. Offline, the list still
shows every workspace on this device, and says calmly why invitations are not.
A local profile has its one local workspace.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ..i18n import tr
from ..router import HOME
from ..teams import describe_failure, role_name, workspace_name
from .common import button, label

if TYPE_CHECKING:
    from chenu_desktop.services.workspaces import HeldWorkspace

    from ..context import AppContext

PANEL_WIDTH = 320


class WorkspaceSwitcher(QPushButton):
    """The header button: the current workspace and your role; opens the list."""

    panel: WorkspacePanel

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.setObjectName("workspace-switcher")
        self.setProperty("nav", True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.workspaces: list[HeldWorkspace] = []
        self.clicked.connect(self.open_panel)
        context.workspace_changed.connect(self.reload)
        context.profile_changed.connect(self.reload)
        context.language_changed.connect(self._relabel)
        self._relabel()

    def _relabel(self, _language: str = "") -> None:
        """In the window's language: the tooltip, the list's headings, the roles."""
        self.setToolTip(tr("Switch workspace; invitations to team workspaces wait here"))
        earlier = getattr(self, "panel", None)
        if earlier is not None:
            earlier.deleteLater()
        self.panel = WorkspacePanel(self.context, self)
        self.reload()

    def reload(self) -> None:
        if self.context.services is None:
            self.setText("")
            return

        def held(services: Any) -> list[HeldWorkspace]:
            from chenu_desktop.services.workspaces import held_workspaces  # the store's code: not needed for the first paint

            return held_workspaces(services.ctx.store)

        self.context.run(held, self._show, lambda _error: None, owner=self)

    def _show(self, workspaces: list[HeldWorkspace]) -> None:
        self.workspaces = workspaces
        current = next((w for w in workspaces if w.current), None)
        if current is None:
            self.setText("")
        elif current.role is None:
            self.setText(tr("{workspace}  ▾").format(workspace=workspace_name(current.name)))
        else:
            self.setText(tr("{workspace} · {role}  ▾").format(workspace=workspace_name(current.name), role=role_name(current.role)))
        self.panel.show_workspaces(workspaces)

    def open_panel(self) -> None:
        self.panel.show_workspaces(self.workspaces)
        self.panel.check_invitations()
        self.panel.move(self.mapToGlobal(QPoint(0, self.height())))
        self.panel.show()
        self.panel.raise_()


class WorkspacePanel(QFrame):
    """The list under the switcher: workspaces to choose, invitations to answer."""

    def __init__(self, context: AppContext, switcher: QWidget) -> None:
        super().__init__(switcher, Qt.WindowType.Popup)
        self.context = context
        self.setObjectName("workspace-panel")
        self.setFixedWidth(PANEL_WIDTH)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 8, 8, 8)
        column.setSpacing(4)
        column.addWidget(label(tr("Workspaces"), "caption"))
        self._workspaces = QVBoxLayout()
        self._workspaces.setSpacing(2)
        column.addLayout(self._workspaces)
        self.invitations_heading = label(tr("Invitations"), "caption")
        self.invitations_heading.hide()
        column.addWidget(self.invitations_heading)
        self._invitations = QVBoxLayout()
        self._invitations.setSpacing(4)
        column.addLayout(self._invitations)
        self.message = label("", "muted", wrap=True)
        self.message.setObjectName("switcher-message")
        self.message.hide()
        column.addWidget(self.message)

    # ------------------------------------------------------------ workspaces

    def show_workspaces(self, workspaces: list[HeldWorkspace]) -> None:
        _clear(self._workspaces)
        for workspace in workspaces:
            text = workspace_name(workspace.name)
            if workspace.role is not None:
                text = tr("{workspace}  ·  {role}").format(workspace=text, role=role_name(workspace.role))
            choice = button(text.replace("&", "&&"), f"workspace-{workspace.id}")
            choice.setProperty("nav", True)
            choice.setCheckable(True)
            choice.setChecked(workspace.current)
            choice.clicked.connect(lambda _checked=False, chosen=workspace: self._choose(chosen))
            self._workspaces.addWidget(choice)
        self.adjustSize()

    def _choose(self, workspace: HeldWorkspace) -> None:
        self.hide()
        if not workspace.current:
            self.context.switch_workspace(workspace.id, self._switched)

    def _switched(self, workspace: HeldWorkspace) -> None:
        router = self.context.router
        if router is not None and router.location is not None and router.location.page == "thread":
            self.context.navigate(HOME)  # that thread belongs to the workspace just left
        if workspace.read_only:
            self.context.notice.emit(tr("Now in {workspace}: read-only, you are a viewer here.").format(workspace=workspace_name(workspace.name)), "info")
        else:
            self.context.notice.emit(tr("Now in {workspace}.").format(workspace=workspace_name(workspace.name)), "info")

    # ------------------------------------------------------------ invitations

    def check_invitations(self) -> None:
        profile = self.context.profile
        if profile is None or not profile.signed_in:
            _clear(self._invitations)
            self.invitations_heading.hide()
            self._say(tr("Sign in to a sync server to join team workspaces."))
            return
        self._say("")
        self.context.call_server(lambda remote: remote.invitations(), self._show_invitations, self._invitations_failed)

    def _show_invitations(self, invitations: list[dict[str, Any]]) -> None:
        _clear(self._invitations)
        self.invitations_heading.setVisible(bool(invitations))
        for invitation in invitations:
            self._invitations.addWidget(self._invitation_row(invitation))
        self.adjustSize()

    def _invitation_row(self, invitation: dict[str, Any]) -> QWidget:
        row = QWidget()
        row.setObjectName(f"invitation-{invitation['id']}")
        layout = QVBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        what = tr("{workspace} as {role}").format(workspace=invitation.get("workspace_name") or "", role=role_name(invitation.get("role")))
        layout.addWidget(label(what, wrap=True))
        if invitation.get("invited_by"):
            layout.addWidget(label(tr("Invited by {email}").format(email=invitation["invited_by"]), "caption", wrap=True))
        answers = QHBoxLayout()
        answers.addStretch(1)
        decline = button(tr("Decline"), f"decline-{invitation['id']}")
        accept = button(tr("Accept"), f"accept-{invitation['id']}", primary=True)
        answers.addWidget(decline)
        answers.addWidget(accept)
        layout.addLayout(answers)
        accept.clicked.connect(lambda: self._answer(invitation, True, (accept, decline)))
        decline.clicked.connect(lambda: self._answer(invitation, False, (accept, decline)))
        return row

    def _answer(self, invitation: dict[str, Any], accept: bool, buttons: tuple[QPushButton, ...]) -> None:
        for answer in buttons:
            answer.setEnabled(False)
        invitation_id, name = invitation["id"], invitation.get("workspace_name") or ""

        def call(remote: Any) -> Any:
            return remote.accept_invitation(invitation_id) if accept else remote.decline_invitation(invitation_id)

        def answered(_result: Any) -> None:
            if accept:
                self._say(tr("You joined {workspace}: it appears in this list once it has synced.").format(workspace=name))
                self.context.sync_now()
            else:
                self._say(tr("Invitation to {workspace} declined.").format(workspace=name))
            self.check_invitations_later()

        def failed(error: BaseException) -> None:
            for answer in buttons:
                answer.setEnabled(True)
            self._say(describe_failure(error))

        self.context.call_server(call, answered, failed)

    def check_invitations_later(self) -> None:
        """The answered invitation leaves the list; the message stays."""
        message = self.message.text()
        self.context.call_server(
            lambda remote: remote.invitations(),
            lambda invitations: (self._show_invitations(invitations), self._say(message)),
            lambda _error: None,
        )

    def _invitations_failed(self, error: BaseException) -> None:
        _clear(self._invitations)
        self.invitations_heading.hide()
        self._say(tr("Invitations could not be checked. {reason}").format(reason=describe_failure(error)))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.adjustSize()


def _clear(layout: QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.setParent(None)
            widget.deleteLater()
