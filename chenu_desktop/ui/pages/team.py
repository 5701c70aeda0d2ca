"""/team: the current workspace's members and their roles.

Owners invite by email (the person joins when they accept, in their
workspace switcher), change a member's role and remove a member (after a
confirmation that says what it does). Everyone else sees the list only. The
members live on the server, so the list is asked of it on the network
thread; the server checks every change (only owners, and never the last
owner), and its refusal is shown here, in words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from chenu_desktop.domain.identity import WORKSPACE_PERSONAL
from chenu_desktop.services.workspaces import held_workspaces

from ..i18n import tr, translatable
from ..models.team_members_model import EMAIL, JOINED, ROLE, Member, TeamMembersModel
from ..router import LOGIN
from ..teams import describe_failure, role_name
from ..widgets.common import button, card, error_line, label
from ..widgets.form_sheet import FormSheet
from ..widgets.record_table import RecordTable
from .base import BasePage

EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
"""The server's own rule: checked here first, so a typo is caught before any request."""
EMAIL_MAX = 320
ROLES = ("member", "viewer", "owner")


@dataclass(frozen=True)
class TeamData:
    signed_in: bool
    workspace_id: str | None
    workspace_name: str
    personal: bool
    role: str | None


def email_problem(text: str) -> str | None:
    """What is wrong with an email typed to invite, or None."""
    if not text:
        return tr("Enter the email address of the person to invite.")
    if len(text) > EMAIL_MAX or not EMAIL_SHAPE.match(text):
        return tr("“{email}” is not an email address: it looks like name@example.com.").format(email=text)
    return None


class TeamPage(BasePage):
    name = "team"
    title = translatable("Team")

    # ------------------------------------------------------------ layout

    def build(self, content: QWidget) -> None:
        self.data: TeamData | None = None
        page = QVBoxLayout(content)
        page.setContentsMargins(24, 16, 24, 16)
        page.setSpacing(8)
        self.summary = label("", "muted", wrap=True)
        self.summary.setObjectName("team-summary")
        page.addWidget(self.summary)

        self.invite_box = card("team-invite")
        invite = QVBoxLayout(self.invite_box)
        invite.setContentsMargins(16, 12, 16, 12)
        invite.addWidget(label(tr("Invite someone"), "heading"))
        row = QHBoxLayout()
        row.setSpacing(8)
        self.invite_email = QLineEdit(objectName="invite-email", placeholderText=tr("name@example.com"))
        self.invite_role = QComboBox(objectName="invite-role")
        for role in ROLES:
            self.invite_role.addItem(role_name(role), role)
        self.invite_submit = button(tr("Invite"), "invite-submit", primary=True)
        row.addWidget(self.invite_email, 1)
        row.addWidget(self.invite_role)
        row.addWidget(self.invite_submit)
        invite.addLayout(row)
        self.invite_error = error_line("invite-error")
        invite.addWidget(self.invite_error)
        invite.addWidget(label(tr("They join when they accept the invitation, in their workspace switcher."), "caption", wrap=True))
        page.addWidget(self.invite_box)

        self.members = TeamMembersModel()
        self.table = RecordTable("team-members", self.members, widths={EMAIL: 240, ROLE: 104, JOINED: 120})
        self.table.setSortingEnabled(False)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        page.addWidget(self.table, 1)

        self.manage_box = QWidget(objectName="team-manage")
        manage = QHBoxLayout(self.manage_box)
        manage.setContentsMargins(0, 0, 0, 0)
        manage.setSpacing(8)
        self.member_role = QComboBox(objectName="member-role")
        for role in ROLES:
            self.member_role.addItem(role_name(role), role)
        self.change_role = button(tr("Change role"), "change-role")
        self.remove = button(tr("Remove…"), "remove-member")
        self.remove.setProperty("danger", True)
        manage.addWidget(label(tr("Selected member:"), "caption"))
        manage.addWidget(self.member_role)
        manage.addWidget(self.change_role)
        manage.addStretch(1)
        manage.addWidget(self.remove)
        page.addWidget(self.manage_box)
        self.message = label("", "muted", wrap=True)
        self.message.setObjectName("team-message")
        self.message.hide()
        page.addWidget(self.message)

        self.invite_email.returnPressed.connect(self.invite)
        self.invite_email.textEdited.connect(lambda _text: self.invite_error.hide())
        self.invite_submit.clicked.connect(self.invite)
        self.change_role.clicked.connect(self.change_selected_role)
        self.remove.clicked.connect(self.remove_selected)
        self._selection_changed()

    # ------------------------------------------------------------ data

    def fetch(self, services: Any) -> TeamData:
        current = next((w for w in held_workspaces(services.ctx.store) if w.current), None)
        return TeamData(
            signed_in=self.context.profile is not None and self.context.profile.signed_in,
            workspace_id=current.id if current else None,
            workspace_name=(current.name if current else None) or "",
            personal=current is not None and current.kind == WORKSPACE_PERSONAL,
            role=current.role if current else None,
        )

    def render(self, result: TeamData) -> None:
        self.data = result
        if not result.signed_in or result.workspace_id is None:
            self.show_empty(
                tr("Teams live on a sync server"),
                tr("Sign in to share a workspace with others; this local profile is yours alone."),
                None if result.signed_in else tr("Sign in…"),
                lambda: self.context.navigate(LOGIN),
            )
            return
        owner = result.role == "owner"
        if result.personal:
            summary = tr("{workspace} is your personal workspace: it is never shared. Team workspaces you join are in the switcher above the sidebar.")
        elif owner:
            summary = tr("You are an owner of {workspace}: invite people, change their role, or remove them.")
        else:
            summary = tr("You are a {role} of {workspace}. Only its owners invite and manage members.")
        self.summary.setText(summary.format(workspace=result.workspace_name, role=role_name(result.role)))
        self.invite_box.setVisible(owner and not result.personal)
        self.manage_box.setVisible(owner and not result.personal)
        self._load_members(result.workspace_id)

    def _load_members(self, workspace_id: str) -> None:
        self.context.call_server(
            lambda remote: [Member.from_json(item) for item in remote.members(workspace_id)],
            self._show_members,
            lambda error: self._say(tr("The members could not be listed. {reason}").format(reason=describe_failure(error))),
        )

    def _show_members(self, members: list[Member]) -> None:
        selected = self._selected()
        self.members.set_members(members)
        if selected is not None:
            for row, member in enumerate(members):
                if member.user_id == selected.user_id:
                    self.table.selectRow(row)
        self._selection_changed()

    # ------------------------------------------------------------ actions

    def invite(self) -> None:
        if self.data is None or self.data.workspace_id is None:
            return
        email = self.invite_email.text().strip()
        problem = email_problem(email)
        if problem is not None:
            self._invite_problem(problem)
            return
        self.invite_error.hide()
        workspace_id, role = self.data.workspace_id, self.invite_role.currentData()
        self.invite_submit.setEnabled(False)

        def invited(_invitation: Any) -> None:
            self.invite_submit.setEnabled(True)
            self.invite_email.clear()
            self._say(tr("{email} is invited as {role}: they join when they accept.").format(email=email, role=role_name(role)))

        def refused(error: BaseException) -> None:
            self.invite_submit.setEnabled(True)
            self._invite_problem(describe_failure(error))

        self.context.call_server(lambda remote: remote.invite(workspace_id, email, role), invited, refused)

    def change_selected_role(self) -> None:
        member = self._selected()
        if member is None or self.data is None or self.data.workspace_id is None:
            return
        workspace_id, role = self.data.workspace_id, self.member_role.currentData()
        if role == member.role:
            return
        self.change_role.setEnabled(False)

        def changed(_member: Any) -> None:
            self._say(tr("{email} is now {role}.").format(email=member.email, role=role_name(role)))
            self._load_members(workspace_id)

        def refused(error: BaseException) -> None:
            self._selection_changed()
            self._say(describe_failure(error))

        self.context.call_server(lambda remote: remote.change_role(workspace_id, member.user_id, role), changed, refused)

    def remove_selected(self) -> None:
        member = self._selected()
        if member is None or self.data is None or self.data.workspace_id is None:
            return
        workspace_id, name = self.data.workspace_id, self.data.workspace_name

        def removed() -> None:
            self._say(tr("{email} was removed from {workspace}.").format(email=member.email, workspace=name))
            self._load_members(workspace_id)

        RemoveMemberSheet(self.context, self.window(), workspace_id, name, member, removed).open()

    # ------------------------------------------------------------ helpers

    def _selected(self) -> Member | None:
        rows = self.table.selectionModel().selectedRows()
        return self.members.member(rows[0].row()) if rows else None

    def _selection_changed(self, *_args: Any) -> None:
        member = self._selected()
        self.change_role.setEnabled(member is not None)
        self.remove.setEnabled(member is not None)
        self.member_role.setEnabled(member is not None)
        if member is not None:
            self.member_role.setCurrentIndex(max(self.member_role.findData(member.role), 0))

    def _invite_problem(self, text: str) -> None:
        self.invite_error.setText(text)
        self.invite_error.show()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))


class RemoveMemberSheet(FormSheet):
    """Removing is confirmed first: it takes the workspace off the person's devices."""

    def __init__(self, context: Any, parent: QWidget, workspace_id: str, workspace: str, member: Member, on_removed: Any) -> None:
        super().__init__(
            context,
            parent,
            "remove-member-sheet",
            tr("Remove {email} from {workspace}?").format(email=member.email, workspace=workspace),
            tr(
                "They lose access at once: the workspace and its data leave their devices at their next sync. "
                "What they wrote stays in the workspace. You can invite them again later."
            ),
            tr("Remove"),
        )
        self.confirm.setProperty("danger", True)
        self.workspace_id = workspace_id
        self.member = member
        self.on_removed = on_removed

    def submit(self) -> None:
        self.confirm.setEnabled(False)
        workspace_id, user_id = self.workspace_id, self.member.user_id

        def removed(_result: Any) -> None:
            self.accept()
            self.on_removed()

        self.context.call_server(lambda remote: remote.remove_member(workspace_id, user_id), removed, self._failed)
