"""Teams in the window: the workspace switcher, invitations answered there, the
Team page where owners manage members, and a viewer's read-only workspace.

Two people against the real server: the owner of a team workspace and the
person they invite, each in a window signed in through its login page.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from chenu_desktop.sync.state import ACCOUNT_KEY, ROLES_KEY, roles_to_json
from tests.support.server_process import free_port
from tests.sync_client.devices import LiveServer, Person
from tests.ui.conftest import WINDOW_WAIT_MS, open_page, worker_call
from tests.ui.seed import hire, services_on
from tests.ui.test_live_sync import SYNC_WAIT_MS, signed_in_window

READ_ONLY = "Read-only: you are a viewer in this workspace"


# ------------------------------------------------------------ helpers


def team_workspace(server: LiveServer, owner: Person, name: str, thread_title: str) -> str:
    """A team workspace the owner made (through the REST API), with one thread in it."""
    answer = server.call("POST", "/workspaces", owner, json={"name": name})
    assert answer.status_code == 201, answer.text
    team = answer.json()["id"]
    body = {"title": thread_title, "founding_intent": f"Why {thread_title}", "sphere_id": "business"}
    answer = server.call("POST", "/threads", owner, params={"workspace_id": team}, json=body)
    assert answer.status_code == 201, answer.text
    return team


def open_switcher(qtbot, window) -> QWidget:
    switcher = window.sidebar.findChild(QPushButton, "workspace-switcher")
    qtbot.mouseClick(switcher, Qt.MouseButton.LeftButton)
    panel = switcher.panel
    qtbot.waitUntil(panel.isVisible, timeout=WINDOW_WAIT_MS)
    return panel


def switch_to(qtbot, window, workspace_id: str, name: str) -> None:
    """Choose a workspace in the switcher, as a person does, and wait for the window to follow."""
    panel = open_switcher(qtbot, window)
    qtbot.waitUntil(lambda: panel.findChild(QPushButton, f"workspace-{workspace_id}") is not None, timeout=SYNC_WAIT_MS)
    qtbot.mouseClick(panel.findChild(QPushButton, f"workspace-{workspace_id}"), Qt.MouseButton.LeftButton)
    switcher = window.sidebar.findChild(QPushButton, "workspace-switcher")
    qtbot.waitUntil(lambda: name in switcher.text(), timeout=WINDOW_WAIT_MS)
    qtbot.waitUntil(lambda: window.context.services.ctx.workspace_id == workspace_id, timeout=WINDOW_WAIT_MS)


def members_shown(page) -> dict[str, str]:
    """email → role, as the Team page's table shows them."""
    model = page.findChild(QTableView, "team-members").model()
    return {model.index(row, 1).data(): model.index(row, 2).data() for row in range(model.rowCount())}


def select_member(page, email: str) -> None:
    table = page.findChild(QTableView, "team-members")
    model = table.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 1).data() == email)
    table.selectRow(row)


def sync_and_wait(qtbot, window) -> None:
    finished: list[object] = []
    window.context.sync_finished.connect(finished.append)
    window.context.sync_now()
    qtbot.waitUntil(lambda: bool(finished), timeout=SYNC_WAIT_MS)


def thread_titles(qtbot, window) -> list[str]:
    page = open_page(qtbot, window, "/threads", "page-threads")
    table = page.findChild(QTableView)
    return [table.model().index(row, 0).data() for row in range(table.model().rowCount())]


def assert_read_only(control: QWidget) -> None:
    assert not control.isEnabled(), f"{control.objectName()} is enabled in a viewer's workspace"
    assert control.toolTip() == READ_ONLY, f"{control.objectName()}: {control.toolTip()!r}"


# ------------------------------------------------------------ owner and invitee


def test_an_owner_invites_the_invitee_accepts_in_the_switcher_and_works_in_the_team(
    qtbot, make_window, live_server: LiveServer, tmp_path: Path
) -> None:
    owner, invitee = live_server.register("olga"), live_server.register("ivan")
    team = team_workspace(live_server, owner, "Studio team", "Shared launch plan")

    owners_window = signed_in_window(qtbot, make_window, live_server, owner, tmp_path / "olga")
    sync_and_wait(qtbot, owners_window)
    switch_to(qtbot, owners_window, team, "Studio team")
    assert "owner" in owners_window.sidebar.findChild(QPushButton, "workspace-switcher").text()
    team_page = open_page(qtbot, owners_window, "/team", "page-team")
    qtbot.waitUntil(lambda: members_shown(team_page) == {owner.email: "owner"}, timeout=WINDOW_WAIT_MS)

    # A typo is caught inline, before any request; nothing is sent.
    email, error = team_page.findChild(QLineEdit, "invite-email"), team_page.findChild(QLabel, "invite-error")
    email.setText("ivan at example")
    qtbot.mouseClick(team_page.findChild(QPushButton, "invite-submit"), Qt.MouseButton.LeftButton)
    assert error.isVisible() and "not an email address" in error.text()
    assert live_server.call("GET", "/workspaces/invitations", invitee).json() == []

    email.setText(invitee.email)
    team_page.findChild(QComboBox, "invite-role").setCurrentIndex(team_page.findChild(QComboBox, "invite-role").findData("member"))
    qtbot.mouseClick(team_page.findChild(QPushButton, "invite-submit"), Qt.MouseButton.LeftButton)
    message = team_page.findChild(QLabel, "team-message")
    qtbot.waitUntil(lambda: "invited" in message.text(), timeout=WINDOW_WAIT_MS)
    assert not error.isVisible() and email.text() == ""

    # The invitee sees the invitation in their switcher, accepts it, and the team arrives.
    invitees_window = signed_in_window(qtbot, make_window, live_server, invitee, tmp_path / "ivan")
    panel = open_switcher(qtbot, invitees_window)
    qtbot.waitUntil(lambda: any(b.objectName().startswith("accept-") for b in panel.findChildren(QPushButton)), timeout=WINDOW_WAIT_MS)
    assert "Studio team" in " ".join(label.text() for label in panel.findChildren(QLabel))
    accept = next(b for b in panel.findChildren(QPushButton) if b.objectName().startswith("accept-"))
    qtbot.mouseClick(accept, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "joined" in panel.findChild(QLabel, "switcher-message").text(), timeout=WINDOW_WAIT_MS)
    switch_to(qtbot, invitees_window, team, "Studio team")
    assert "member" in invitees_window.sidebar.findChild(QPushButton, "workspace-switcher").text()
    qtbot.waitUntil(lambda: thread_titles(qtbot, invitees_window) == ["Shared launch plan"], timeout=WINDOW_WAIT_MS)
    business = invitees_window.sidebar.findChild(QPushButton, "nav-sphere-business")
    qtbot.waitUntil(lambda: business.text().endswith("1"), timeout=WINDOW_WAIT_MS)  # the sidebar counts the team's threads
    assert not invitees_window.context.read_only

    # The owner makes them a viewer: after a sync their window is read-only.
    team_page.reload()
    qtbot.waitUntil(lambda: members_shown(team_page) == {owner.email: "owner", invitee.email: "member"}, timeout=WINDOW_WAIT_MS)
    select_member(team_page, invitee.email)
    role = team_page.findChild(QComboBox, "member-role")
    role.setCurrentIndex(role.findData("viewer"))
    qtbot.mouseClick(team_page.findChild(QPushButton, "change-role"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: members_shown(team_page).get(invitee.email) == "viewer", timeout=WINDOW_WAIT_MS)
    sync_and_wait(qtbot, invitees_window)
    qtbot.waitUntil(lambda: invitees_window.context.read_only, timeout=WINDOW_WAIT_MS)
    switcher = invitees_window.sidebar.findChild(QPushButton, "workspace-switcher")
    qtbot.waitUntil(lambda: "viewer" in switcher.text(), timeout=WINDOW_WAIT_MS)
    create = open_page(qtbot, invitees_window, "/threads", "page-threads").findChild(QPushButton, "create-thread")
    assert_read_only(create)

    # The owner removes them, after a confirmation that says what it does.
    select_member(team_page, invitee.email)
    qtbot.mouseClick(team_page.findChild(QPushButton, "remove-member"), Qt.MouseButton.LeftButton)
    sheet = owners_window.findChild(QWidget, "remove-member-sheet")
    assert sheet is not None and sheet.isVisible()
    assert "lose access" in sheet.findChild(QLabel, "sheet-intro").text()
    qtbot.mouseClick(sheet.findChild(QPushButton, "sheet-confirm"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: members_shown(team_page) == {owner.email: "owner"}, timeout=WINDOW_WAIT_MS)

    # Their window leaves the team: back in their personal workspace, writable again.
    sync_and_wait(qtbot, invitees_window)
    qtbot.waitUntil(lambda: invitees_window.context.services.ctx.workspace_id == invitee.personal_workspace_id, timeout=WINDOW_WAIT_MS)
    qtbot.waitUntil(lambda: not invitees_window.context.read_only, timeout=WINDOW_WAIT_MS)
    assert create.isEnabled() and create.toolTip() != READ_ONLY
    panel = open_switcher(qtbot, invitees_window)
    qtbot.waitUntil(lambda: panel.findChild(QPushButton, f"workspace-{team}") is None, timeout=WINDOW_WAIT_MS)


def test_a_member_sees_the_team_but_cannot_manage_it_and_bad_answers_are_explained(
    qtbot, make_window, live_server: LiveServer, tmp_path: Path
) -> None:
    owner, member = live_server.register("omar"), live_server.register("mia")
    team = team_workspace(live_server, owner, "Bakery", "Spring menu")
    invitation = live_server.call("POST", f"/workspaces/{team}/members", owner, json={"email": member.email, "role": "member"}).json()
    assert live_server.call("POST", f"/workspaces/invitations/{invitation['id']}/accept", member).status_code == 200

    window = signed_in_window(qtbot, make_window, live_server, member, tmp_path / "mia")
    switch_to(qtbot, window, team, "Bakery")
    page = open_page(qtbot, window, "/team", "page-team")
    qtbot.waitUntil(lambda: members_shown(page) == {owner.email: "owner", member.email: "member"}, timeout=WINDOW_WAIT_MS)
    assert "Only its owners" in page.findChild(QLabel, "team-summary").text()
    assert not page.findChild(QWidget, "team-invite").isVisible()
    assert not page.findChild(QWidget, "team-manage").isVisible()
    model = page.findChild(QTableView, "team-members").model()
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Role"


def test_the_switcher_of_a_local_profile_shows_its_one_workspace(qtbot, window) -> None:
    switcher = window.sidebar.findChild(QPushButton, "workspace-switcher")
    qtbot.waitUntil(lambda: "Local workspace" in switcher.text(), timeout=WINDOW_WAIT_MS)
    panel = open_switcher(qtbot, window)
    choices = [b for b in panel.findChildren(QPushButton) if b.objectName().startswith("workspace-")]
    assert len(choices) == 1 and choices[0].isChecked()
    assert "Sign in" in panel.findChild(QLabel, "switcher-message").text()
    team = open_page(qtbot, window, "/team", "page-team")
    assert team.findChild(QWidget, "empty-state").isVisible()
    sign_in = team.findChild(QPushButton, "empty-action")
    assert sign_in.isVisible() and sign_in.text() == "Sign in…"
    qtbot.mouseClick(sign_in, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.router.path == "/login", timeout=WINDOW_WAIT_MS)


def test_the_members_model_is_a_sound_qt_model(qtmodeltester) -> None:
    from chenu_desktop.ui.models.team_members_model import Member, TeamMembersModel

    model = TeamMembersModel()
    model.set_members(
        [
            Member.from_json({"user_id": "u1", "email": "a@example.com", "display_name": "Ada", "role": "owner", "joined_at": "2026-01-02T10:00:00+00:00"}),
            Member.from_json({"user_id": "u2", "email": "b@example.com", "display_name": None, "role": "viewer", "joined_at": None}),
        ]
    )
    qtmodeltester.check(model)
    assert model.index(1, 0).data() == "b@example.com"


# ------------------------------------------------------------ a viewer


def viewers_desk(data_dir: Path) -> dict[str, str]:
    """A device holding a workspace with something on every page, where this person is a viewer
    (what the sync records after the server says so)."""
    with services_on(data_dir, ago=timedelta(days=1)) as services:
        thread = services.threads.add("personal", "Garden shed", "Build it before winter")
        services.decisions.add("Which wood", sphere_id="personal", options=[{"label": "Pine"}, {"label": "Oak"}])
        hire(services, "personal.errand_sorter", "personal")
        services.agents.hire("personal.note_tidier", "personal")  # waits at a checkpoint
        services.memory.add("The shed goes behind the plum tree")
        services.ctx.store.set_meta(ROLES_KEY, roles_to_json({services.ctx.workspace_id: "viewer"}))
    return {"thread": thread.id}


def test_a_viewer_cannot_change_anything_and_every_control_says_why(qtbot, make_window, tmp_path: Path) -> None:
    data_dir = tmp_path / "desk"
    seeded = viewers_desk(data_dir)
    window = make_window(data_dir)
    qtbot.waitUntil(lambda: window.router.path == "/dashboard", timeout=WINDOW_WAIT_MS)
    assert window.context.read_only

    sphere = open_page(qtbot, window, "/sphere/personal", "page-sphere")
    for name in ("capture-title", "capture-intent", "capture-submit"):
        assert_read_only(sphere.findChild(QWidget, name))

    threads = open_page(qtbot, window, "/threads", "page-threads")
    assert_read_only(threads.findChild(QPushButton, "create-thread"))

    thread = open_page(qtbot, window, f"/thread/{seeded['thread']}", "page-thread")
    qtbot.waitUntil(lambda: thread.findChild(QPushButton, "add-note") is not None, timeout=WINDOW_WAIT_MS)
    for name in ("edit-thread", "delete-thread", "add-note", "save-thread", "edit-title", "edit-status"):
        assert_read_only(thread.findChild(QWidget, name))
    assert_read_only(thread.findChild(QPlainTextEdit, "note-text"))

    governance = open_page(qtbot, window, "/governance", "page-governance")
    qtbot.waitUntil(lambda: governance.findChild(QPushButton, "approve") is not None, timeout=WINDOW_WAIT_MS)
    for name in ("approve", "reject"):
        assert_read_only(governance.findChild(QPushButton, name))
    card = governance.findChild(QPushButton, "approve").parentWidget()
    card.setFocus()
    qtbot.keyClick(card, Qt.Key.Key_A)  # the card's own shortcut does nothing either

    decisions = open_page(qtbot, window, "/decisions", "page-decisions")
    assert_read_only(decisions.findChild(QPushButton, "new-decision"))
    qtbot.waitUntil(lambda: decisions.findChild(QPushButton, "make") is not None, timeout=WINDOW_WAIT_MS)
    for name in ("make", "defer", "reject", "add-option", "save-option"):
        assert_read_only(decisions.findChild(QPushButton, name))
    assert_read_only(decisions.findChild(QComboBox, "options"))

    agents = open_page(qtbot, window, "/agents", "page-agents")
    agents.select_hire("personal.errand_sorter")
    agents.select_agent("personal.note_tidier")
    for name in ("run", "dismiss", "hire"):
        assert_read_only(agents.findChild(QPushButton, name))
    agents.catalogue_view.activated.emit(agents.catalogue_view.currentIndex())  # Enter on a catalogue row
    assert window.findChild(QWidget, "hire-sheet") is None

    memory = open_page(qtbot, window, "/memory", "page-memory")
    for name in ("memory-add", "memory-delete"):
        assert_read_only(memory.findChild(QPushButton, name))
    assert_read_only(memory.findChild(QLineEdit, "memory-text"))
    assert_read_only(memory.findChild(QComboBox, "memory-type"))

    # Ctrl+N opens nothing; the palette's "New thread" neither.
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(100)
    assert [w for w in window.findChildren(QWidget) if w.objectName() == "new-thread-dialog" and w.isVisible()] == []
    window.new_thread()
    assert [w for w in window.findChildren(QWidget) if w.objectName() == "new-thread-dialog" and w.isVisible()] == []

    # Nothing was written: the same threads, the checkpoint still waits.
    counts = worker_call(window, lambda s: (len(s.threads.list()), len(s.governance.list(status="pending"))))
    assert counts == (1, 1)


def test_offline_the_switcher_still_lists_every_workspace_and_says_why_invitations_are_not(
    qtbot, make_window, live_server: LiveServer, tmp_path: Path
) -> None:
    person = live_server.register("otto")
    team = team_workspace(live_server, person, "Choir", "Concert programme")
    window = signed_in_window(qtbot, make_window, live_server, person, tmp_path / "otto")
    sync_and_wait(qtbot, window)
    # From now on this device's server answers nowhere (a port nothing listens on).
    gone = replace(window.context.profile.account, server_url=f"http://127.0.0.1:{free_port()}")
    worker_call(window, lambda services: services.ctx.store.set_meta(ACCOUNT_KEY, gone.to_json()))
    panel = open_switcher(qtbot, window)
    qtbot.waitUntil(lambda: panel.findChild(QPushButton, f"workspace-{team}") is not None, timeout=WINDOW_WAIT_MS)
    message = panel.findChild(QLabel, "switcher-message")
    qtbot.waitUntil(lambda: "cannot be reached" in message.text(), timeout=SYNC_WAIT_MS)
    switch_to(qtbot, window, team, "Choir")  # switching needs no server
