"""The Governance page: pending checkpoints as cards that approve exactly once,
history with filters, the audit log searched, and changes from elsewhere shown live."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QTableView, QWidget

from chenu_desktop.domain.clock import utc_now
from chenu_desktop.services import Services, open_context
from chenu_desktop.services.command_preview import preview_checkpoints
from chenu_desktop.ui.models.audit_model import AuditModel
from chenu_desktop.ui.models.checkpoint_history_model import CheckpointHistoryModel
from tests.support.cli import Chenu
from tests.ui.conftest import WINDOW_WAIT_MS, open_page

AGENT = "personal.errand_sorter"
NOTES = "- call the landlord\n- book movers\nWe need to renew the insurance."


def governance(qtbot, window) -> QWidget:  # noqa: ANN001
    return open_page(qtbot, window, "/governance", "page-governance")


def cards(page: QWidget) -> list[QWidget]:
    return [c for c in page.findChildren(QWidget, "checkpoint-card") if c.isVisible()]


def toast_texts(window) -> list[str]:  # noqa: ANN001
    return [t.findChild(QLabel, "toast-text").text() for t in window.toasts.toasts()]


def actions(services: Services, action: str) -> int:
    return sum(1 for e in services.audit_log.list(limit=1000) if e.action == action)


@pytest.fixture
def services(window, device: Path) -> Iterator[Services]:  # noqa: ANN001
    """The services on the window's data dir through a connection of their own,
    as the CLI or another process would use them."""
    opened = Services(open_context(device))
    yield opened
    opened.ctx.close()


def test_a_hire_waits_as_a_card_and_a_double_click_approves_it_once(qtbot, window, services: Services) -> None:
    services.agents.hire(AGENT, "personal", 800)
    page = governance(qtbot, window)
    qtbot.waitUntil(lambda: len(cards(page)) == 1, timeout=WINDOW_WAIT_MS)
    [card] = cards(page)
    assert card.findChild(QLabel, "checkpoint-what").text().startswith("Hire Errand Sorter for the Personal sphere, with a budget of 800 tokens.")
    assert "MEDIUM RISK" in card.findChild(QLabel, "risk").text()
    assert "Asked by you · budget 800 tokens" in card.findChild(QLabel, "checkpoint-facts").text()
    qtbot.waitUntil(lambda: window.findChild(QPushButton, "nav-governance").text().endswith("1"), timeout=WINDOW_WAIT_MS)

    approve = card.findChild(QPushButton, "approve")
    qtbot.mouseDClick(approve, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(approve, Qt.MouseButton.LeftButton)
    assert not approve.isEnabled() and not card.findChild(QPushButton, "reject").isEnabled()

    qtbot.waitUntil(lambda: not cards(page), timeout=WINDOW_WAIT_MS)
    qtbot.waitUntil(lambda: "Approved and applied." in toast_texts(window), timeout=WINDOW_WAIT_MS)
    assert not any("nothing ran a second time" in text for text in toast_texts(window))
    assert [a.id for a in services.agents.list(hired=True)] == [AGENT]
    assert actions(services, "checkpoint.approved") == 1
    qtbot.waitUntil(lambda: not window.findChild(QPushButton, "nav-governance").text().endswith("1"), timeout=WINDOW_WAIT_MS)


def test_rejecting_a_proposal_leaves_the_thread_unchanged_and_approving_one_changes_it(qtbot, window, services: Services) -> None:
    thread = services.threads.add("personal", "Move house", "Find a flat")
    services.threads.note(thread.id, NOTES)
    services.governance.approve(services.agents.hire(AGENT, "personal").id)
    services.agents.run(AGENT, "extract action items", thread.id)
    events_before = [e.type for e in services.threads.show(thread.id).events]
    page = governance(qtbot, window)
    qtbot.waitUntil(lambda: len(cards(page)) == 1, timeout=WINDOW_WAIT_MS)
    [card] = cards(page)
    assert card.findChild(QLabel, "checkpoint-what").text().startswith("Errand Sorter proposes 3 changes: add the action “call the landlord” to “Move house”")
    assert "costs 12 tokens" in card.findChild(QLabel, "checkpoint-facts").text()
    card.findChild(QLineEdit, "note").setText("not now")
    qtbot.mouseClick(card.findChild(QPushButton, "reject"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not cards(page), timeout=WINDOW_WAIT_MS)
    events_after = [e.type for e in services.threads.show(thread.id).events]
    assert events_after == events_before + ["checkpoint.rejected"]
    assert "action.created" not in events_after
    assert services.tokens.report().daily.used == 0

    services.agents.run(AGENT, "extract action items", thread.id)
    qtbot.waitUntil(lambda: len(cards(page)) == 1, timeout=WINDOW_WAIT_MS)
    [card] = cards(page)
    card.setFocus()
    qtbot.keyClick(card, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: not cards(page), timeout=WINDOW_WAIT_MS)
    events = [e.type for e in services.threads.show(thread.id).events]
    assert events.count("action.created") == 3 and events[-1] == "checkpoint.approved"
    assert services.tokens.report().daily.used == 12


def test_letters_typed_in_the_note_stay_in_the_note(qtbot, window, services: Services) -> None:
    services.agents.hire(AGENT, "personal")
    page = governance(qtbot, window)
    qtbot.waitUntil(lambda: len(cards(page)) == 1, timeout=WINDOW_WAIT_MS)
    note = cards(page)[0].findChild(QLineEdit, "note")
    note.setFocus()
    qtbot.keyClicks(note, "ar")
    assert note.text() == "ar"
    assert cards(page)[0].findChild(QPushButton, "approve").isEnabled()
    assert services.governance.count("pending") == 1


def test_a_checkpoint_made_by_the_cli_appears_without_a_restart(qtbot, window, device: Path) -> None:
    page = governance(qtbot, window)
    assert not cards(page)
    assert "Nothing is waiting" in page.findChild(QLabel, "waiting-summary").text()
    Chenu(device)("agents", "hire", AGENT, "--sphere", "personal")
    qtbot.waitUntil(lambda: len(cards(page)) == 1, timeout=5_000)
    assert "Errand Sorter" in cards(page)[0].findChild(QLabel, "checkpoint-what").text()


def test_a_checkpoint_another_device_decided_first_is_explained_calmly(qtbot, window, services: Services) -> None:
    checkpoint = services.agents.hire(AGENT, "personal")
    page = governance(qtbot, window)
    qtbot.waitUntil(lambda: len(cards(page)) == 1, timeout=WINDOW_WAIT_MS)
    services.governance.approve(checkpoint.id)  # elsewhere, before this window has heard of it
    qtbot.mouseClick(cards(page)[0].findChild(QPushButton, "reject"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any("already approved" in text for text in toast_texts(window)), timeout=WINDOW_WAIT_MS)
    qtbot.waitUntil(lambda: not cards(page), timeout=WINDOW_WAIT_MS)
    assert services.governance.get(checkpoint.id).status == "approved"
    assert page.objectName() == "page-governance" and window.stack.currentWidget() is page


def test_history_filters_and_the_audit_log_search(qtbot, window, services: Services) -> None:
    approved = services.agents.hire(AGENT, "personal")
    services.governance.approve(approved.id)
    rejected = services.agents.hire("personal.travel_planner", "personal")
    services.governance.reject(rejected.id, "too expensive")
    services.agents.hire("general.coordinator", "business")
    page = governance(qtbot, window)
    qtbot.mouseClick(page.findChild(QPushButton, "tab-history"), Qt.MouseButton.LeftButton)
    history = page.findChild(QTableView, "checkpoint-history")
    qtbot.waitUntil(lambda: history.model().rowCount() == 3, timeout=WINDOW_WAIT_MS)

    status = page.findChild(QComboBox, "status-filter")
    status.setCurrentIndex(status.findData("rejected"))
    qtbot.waitUntil(lambda: history.model().rowCount() == 1, timeout=WINDOW_WAIT_MS)
    assert "too expensive" in history.model().index(0, 5).data()
    status.setCurrentIndex(0)
    qtbot.waitUntil(lambda: history.model().rowCount() == 3, timeout=WINDOW_WAIT_MS)
    sphere = page.findChild(QComboBox, "sphere-filter")
    sphere.setCurrentIndex(sphere.findData("business"))
    qtbot.waitUntil(lambda: history.model().rowCount() == 1, timeout=WINDOW_WAIT_MS)
    assert history.model().index(0, 1).data().startswith("Hire General Coordinator")
    asked_by = page.findChild(QComboBox, "agent-filter")
    assert asked_by.itemText(1) == "You"

    qtbot.mouseClick(page.findChild(QPushButton, "tab-audit"), Qt.MouseButton.LeftButton)
    audit = page.findChild(QTableView, "audit-log")
    qtbot.waitUntil(lambda: audit.model().rowCount() > 3, timeout=WINDOW_WAIT_MS)
    assert audit.model().index(0, 4).data() == "this device"  # the same store file, whichever process wrote
    page.findChild(QLineEdit, "audit-search").setText("expensive")
    qtbot.waitUntil(lambda: audit.model().rowCount() == 1, timeout=WINDOW_WAIT_MS)
    assert audit.model().index(0, 2).data() == "Checkpoint rejected"
    assert audit.model().index(0, 1).data() == "you"


def seed_checkpoints(services: Services, count: int) -> None:
    """`count` resolved checkpoints written through the store's writer, a minute apart."""
    start = utc_now() - timedelta(days=2)
    with services.ctx.store.write() as tx:
        tx.writer.insert_many(
            "checkpoints",
            [
                {
                    "workspace_id": services.ctx.workspace_id,
                    "action_type": "thread.note",
                    "description": f"note {n}",
                    "requested_by": AGENT,
                    "reason": "proposed by an agent",
                    "risk_level": "low",
                    "status": "rejected",
                    "action": {"type": "thread.note", "args": {"thread": "t", "text": f"note {n}"}},
                    "created_at": start + timedelta(minutes=n),
                }
                for n in range(count)
            ],
        )


def test_history_grows_a_page_at_a_time_as_it_is_scrolled(qtbot, window, services: Services) -> None:
    seed_checkpoints(services, 130)
    page = governance(qtbot, window)
    page.show_tab(1)
    history = page.findChild(QTableView, "checkpoint-history")
    qtbot.waitUntil(lambda: history.model().rowCount() == 100, timeout=WINDOW_WAIT_MS)
    assert history.model().index(0, 1).data() == "Add a note to thread t: “note 129”."
    # Keep scrolling as a person would: a late "data changed" may reload the first page meanwhile.
    qtbot.waitUntil(lambda: (history.scrollToBottom(), history.model().rowCount() == 130)[1], timeout=WINDOW_WAIT_MS)
    assert history.model().index(129, 1).data() == "Add a note to thread t: “note 0”."
    assert not history.model().canFetchMore()


def test_the_item_models_pass_qtmodeltester(qtmodeltester, services: Services) -> None:
    seed_checkpoints(services, 5)
    history = CheckpointHistoryModel()
    history.set_rows(preview_checkpoints(services.ctx, services.governance.page(limit=3)), more=True)
    qtmodeltester.check(history)
    audit = AuditModel()
    services.threads.add("personal", "Trip", "See Lisbon")
    audit.set_rows(services.audit_log.list(), more=False)
    audit.this_device = services.ctx.store.node_id
    qtmodeltester.check(audit)
    assert audit.index(0, 4).data() == "this device"
