"""The Agents page: the catalogue and its filters, hiring (held at a checkpoint),
running a hired agent (a proposal held at a checkpoint) and dismissing."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QLineEdit, QPlainTextEdit, QPushButton

from chenu_desktop.ui.models.agent_catalogue_filter import AgentCatalogueFilter
from chenu_desktop.ui.models.agent_catalogue_model import AgentCatalogueModel
from chenu_desktop.ui.models.hired_agents_model import HIRED, WAITING, HiredAgent, HiredAgentsModel
from tests.ui.page_queries import big_tables_read, statements_of_load
from tests.ui.conftest import WINDOW_WAIT_MS, open_page, worker_call
from tests.ui.seed import hire, services_on


def team(page) -> list[HiredAgent]:  # noqa: ANN001
    return [page.team.hired(row) for row in range(page.team.rowCount())]


def sheet(qtbot, window, name: str) -> QDialog:  # noqa: ANN001
    qtbot.waitUntil(lambda: window.findChild(QDialog, name) is not None and window.findChild(QDialog, name).isVisible(), timeout=WINDOW_WAIT_MS)
    return window.findChild(QDialog, name)


def closed(dialog: QDialog) -> bool:
    """Gone: a sheet deletes itself once closed."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def click(qtbot, widget, name: str) -> None:  # noqa: ANN001
    qtbot.mouseClick(widget.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def pending(window, action_type: str) -> list:  # noqa: ANN001
    return [c for c in worker_call(window, lambda s: s.governance.list(status="pending")) if c.action_type == action_type]


def a_desk(tmp_path: Path) -> Path:
    """A data dir the services have used: it opens straight on the dashboard."""
    with services_on(tmp_path / "desk"):
        pass
    return tmp_path / "desk"


def test_hiring_waits_at_a_checkpoint_and_after_approval_the_agent_is_on_the_team_with_its_budget(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window(a_desk(tmp_path))
    page = open_page(qtbot, window, "/agents")
    assert window.stack.currentWidget().objectName() == "page-agents"
    assert window.findChild(QLabel, "team-empty").isVisible()

    assert page.select_agent("personal.errand_sorter")
    click(qtbot, page, "hire")
    hire_sheet = sheet(qtbot, window, "hire-sheet")
    assert hire_sheet.findChild(QComboBox, "hire-sphere").currentData() == "personal"
    hire_sheet.findChild(QLineEdit, "hire-budget").setText("500")
    click(qtbot, hire_sheet, "sheet-confirm")

    note = page.findChild(QLabel, "agents-note")
    qtbot.waitUntil(note.isVisible, timeout=WINDOW_WAIT_MS)
    assert "waits at a checkpoint" in note.text() and 'href="/governance"' in note.text()
    assert any("waits for your approval" in toast.findChild(QLabel, "toast-text").text() for toast in window.toasts.toasts())
    [checkpoint] = pending(window, "agent.hire")
    assert checkpoint.action["args"] == {"agent": "personal.errand_sorter", "sphere": "personal", "budget": 500}
    qtbot.waitUntil(lambda: [(h.agent_id, h.status) for h in team(page)] == [("personal.errand_sorter", WAITING)], timeout=WINDOW_WAIT_MS)
    assert worker_call(window, lambda s: s.agents.list(hired=True)) == []  # not on the team before approval

    worker_call(window, lambda s: s.governance.approve(checkpoint.id))  # as in Governance, or `chenu checkpoints approve`

    qtbot.waitUntil(lambda: [(h.agent_id, h.status) for h in team(page)] == [("personal.errand_sorter", HIRED)], timeout=WINDOW_WAIT_MS)
    [row] = team(page)
    assert (row.sphere_id, row.used, row.budget) == ("personal", 0, 500)
    assert page.team_view.model().index(0, 2).data() == "0 / 500"


def test_the_budget_is_checked_in_the_sheet_and_a_refusal_keeps_the_sheet_open(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window(a_desk(tmp_path))
    page = open_page(qtbot, window, "/agents")
    page.select_agent("personal.note_tidier")
    click(qtbot, page, "hire")
    hire_sheet = sheet(qtbot, window, "hire-sheet")
    budget = hire_sheet.findChild(QLineEdit, "hire-budget")
    error = hire_sheet.findChild(QLabel, "budget-error")
    for typed in ("50001", "0", "ten", "-5"):
        budget.setText(typed)
        click(qtbot, hire_sheet, "sheet-confirm")
        assert error.isVisible() and "50,000" in error.text(), typed
        assert hire_sheet.isVisible()
    assert pending(window, "agent.hire") == []

    budget.setText("50 000")  # the limit itself, typed with a space
    click(qtbot, hire_sheet, "sheet-confirm")
    qtbot.waitUntil(lambda: closed(hire_sheet), timeout=WINDOW_WAIT_MS)
    [checkpoint] = pending(window, "agent.hire")
    assert checkpoint.action["args"]["budget"] == 50_000

    click(qtbot, page, "hire")  # the same hire again: the service refuses, the sheet says why
    again = sheet(qtbot, window, "hire-sheet")
    click(qtbot, again, "sheet-confirm")
    general = again.findChild(QLabel, "sheet-error")
    qtbot.waitUntil(general.isVisible, timeout=WINDOW_WAIT_MS)
    assert f"already waits at checkpoint {checkpoint.id}" in general.text()
    assert again.isVisible() and again.findChild(QPushButton, "sheet-confirm").isEnabled()
    assert len(pending(window, "agent.hire")) == 1


def test_running_a_hired_agent_on_a_thread_opens_a_proposal_checkpoint_and_changes_nothing(qtbot, make_window, tmp_path: Path) -> None:
    data_dir = tmp_path / "desk"
    with services_on(data_dir) as services:
        hire(services, "personal.errand_sorter", "personal")
        thread = services.threads.add("personal", "Moving flat", "Move by June")
        services.threads.note(thread.id, "- call the movers")
    window = make_window(data_dir)
    page = open_page(qtbot, window, "/agents")
    assert not page.findChild(QPushButton, "run").isEnabled()
    assert page.select_hire("personal.errand_sorter")
    click(qtbot, page, "run")
    run_sheet = sheet(qtbot, window, "run-sheet")

    click(qtbot, run_sheet, "sheet-confirm")  # no task yet
    assert run_sheet.findChild(QLabel, "task-error").isVisible()
    run_sheet.findChild(QPlainTextEdit, "run-task").setPlainText("extract action items")
    click(qtbot, run_sheet, "sheet-confirm")  # no thread: this skill needs one, the service says
    thread_error = run_sheet.findChild(QLabel, "thread-error")
    qtbot.waitUntil(thread_error.isVisible, timeout=WINDOW_WAIT_MS)
    assert "pick a thread" in thread_error.text() and not run_sheet.findChild(QLabel, "task-error").isVisible()
    assert pending(window, "agent.proposal") == []
    qtbot.waitUntil(lambda: run_sheet.choose_thread(thread.id), timeout=WINDOW_WAIT_MS)
    click(qtbot, run_sheet, "sheet-confirm")

    note = page.findChild(QLabel, "agents-note")
    qtbot.waitUntil(note.isVisible, timeout=WINDOW_WAIT_MS)
    assert "proposal waits at a checkpoint" in note.text()
    [checkpoint] = pending(window, "agent.proposal")
    assert (checkpoint.requested_by, checkpoint.thread_id) == ("personal.errand_sorter", thread.id)
    assert "call the movers" in checkpoint.description
    assert [e.type for e in worker_call(window, lambda s: s.threads.show(thread.id)).events] == ["thread.created", "note.added"]
    assert worker_call(window, lambda s: s.tokens.report().daily.used) == 0


def test_dismiss_is_confirmed_in_a_sheet_then_takes_the_agent_off_the_team(qtbot, make_window, tmp_path: Path) -> None:
    data_dir = tmp_path / "desk"
    with services_on(data_dir) as services:
        hire(services, "personal.errand_sorter", "personal")
        hire(services, "business.director", "business")
    window = make_window(data_dir)
    page = open_page(qtbot, window, "/agents")
    page.select_hire("personal.errand_sorter")
    click(qtbot, page, "dismiss")
    click(qtbot, sheet(qtbot, window, "dismiss-sheet"), "sheet-cancel")
    assert len(worker_call(window, lambda s: s.agents.list(hired=True))) == 2

    page.select_hire("personal.errand_sorter")
    click(qtbot, page, "dismiss")
    dismiss = sheet(qtbot, window, "dismiss-sheet")
    assert "wait at a checkpoint" in dismiss.findChild(QLabel, "sheet-intro").text()
    click(qtbot, dismiss, "sheet-confirm")

    qtbot.waitUntil(lambda: [h.agent_id for h in team(page)] == ["business.director"], timeout=WINDOW_WAIT_MS)
    assert [a.id for a in worker_call(window, lambda s: s.agents.list(hired=True))] == ["business.director"]


def test_the_catalogue_filters_by_sphere_and_level(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window(a_desk(tmp_path))
    page = open_page(qtbot, window, "/agents")
    everyone = worker_call(window, lambda s: s.agents.list())

    def shown() -> list[str]:
        proxy = page.filtered
        return [proxy.index(row, 0).data(Qt.ItemDataRole.UserRole).id for row in range(proxy.rowCount())]

    assert shown() == [a.id for a in everyone]
    sphere = page.findChild(QComboBox, "filter-sphere")
    sphere.setCurrentIndex(sphere.findData("personal"))
    assert shown() == [a.id for a in worker_call(window, lambda s: s.agents.list(sphere_id="personal"))]
    assert "personal.errand_sorter" in shown() and "business.director" not in shown()

    level = page.findChild(QComboBox, "filter-level")
    level.setCurrentIndex(level.findData("L3"))
    assert shown() == [a.id for a in everyone if a.level == "L3" and a.sphere_id in (None, "personal")]
    assert shown()  # the personal sphere has task workers
    assert page.findChild(QLabel, "agent-name").text() == page.filtered.index(0, 0).data()

    sphere.setCurrentIndex(0)
    assert shown() == [a.id for a in everyone if a.level == "L3"]
    level.setCurrentIndex(level.findData("L0"))
    assert set(shown()) == {a.id for a in everyone if a.is_system}
    assert not page.findChild(QPushButton, "hire").isEnabled()  # system agents are never hired


def test_the_item_models_pass_qtmodeltester(qtbot, qtmodeltester, make_window, tmp_path: Path) -> None:
    window = make_window(a_desk(tmp_path))
    everyone = worker_call(window, lambda s: s.agents.list())
    catalogue = AgentCatalogueModel()
    qtmodeltester.check(catalogue)
    catalogue.set_agents(everyone, {"personal": "Personal"})
    qtmodeltester.check(catalogue)
    filtered = AgentCatalogueFilter()
    filtered.setSourceModel(catalogue)
    filtered.set_filters("personal", "L2")
    qtmodeltester.check(filtered)
    hired = HiredAgentsModel()
    qtmodeltester.check(hired)
    hired.set_rows(
        [
            HiredAgent("personal.errand_sorter", "Errand Sorter", "personal", "Personal", 12, 500, HIRED),
            HiredAgent("personal.note_tidier", "Note Tidier", "personal", "Personal", 0, 10_000, WAITING, "cp"),
            HiredAgent("x", "Spent", None, "", 600, 500, HIRED),
        ]
    )
    qtmodeltester.check(hired)


def test_opening_reads_a_few_small_queries_and_none_of_the_big_tables(qtbot, make_window, tmp_path: Path) -> None:
    data_dir = tmp_path / "desk"
    with services_on(data_dir) as services:
        hire(services, "personal.errand_sorter", "personal")
        hire(services, "business.director", "business")
        services.agents.hire("personal.note_tidier", "personal")
        for n in range(30):
            services.decisions.add(f"Decision {n}", thread_id=services.threads.add("personal", f"Thread {n}", "intent").id)
    window = make_window(data_dir)
    page = open_page(qtbot, window, "/agents")
    statements = statements_of_load(window, page)
    assert big_tables_read(statements) == set()
    assert len(statements) <= 8  # hires, the catalogue's team, today, this month, each hire's use, what waits
