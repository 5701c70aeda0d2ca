"""The Tokens page: today, this month and each hired agent against its budget,
the same numbers as `chenu tokens --json`, and the last 30 days as a chart."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from chenu_desktop.services.execution import executing
from chenu_desktop.services.tokens import charge
from tests.support.cli import Chenu
from tests.ui.page_queries import big_tables_read, statements_of_load
from tests.ui.conftest import WINDOW_WAIT_MS, open_page
from tests.ui.seed import hire, services_on


def number(text: str) -> int:
    return int(text.replace(",", ""))


def budget_shown(page, name: str) -> dict[str, int]:  # noqa: ANN001
    card = page.findChild(QWidget, name)
    used = number(card.findChild(QLabel, "budget-used").text())
    of, left = card.findChild(QLabel, "budget-detail").text().split("·")
    return {"used": used, "budget": number(of.removeprefix("of").strip()), "remaining": number(left.removesuffix("left").strip())}


def test_the_numbers_are_those_of_chenu_tokens(qtbot, make_window, tmp_path: Path) -> None:
    data_dir = tmp_path / "desk"
    with services_on(data_dir) as services:
        hire(services, "personal.errand_sorter", "personal")
        hire(services, "business.director", "business")
        thread = services.threads.add("personal", "Moving flat", "Move by June")
        services.threads.note(thread.id, "- call the movers")
        proposal = services.agents.run("personal.errand_sorter", "extract action items", thread.id)
        services.governance.approve(proposal.checkpoint.id)  # charged: 12 tokens
        with executing(services.ctx, now=services.ctx.now() - timedelta(days=2)) as run:
            charge(run, 400, "nova")
    cli = Chenu(data_dir)("tokens", "--json").json()

    window = make_window(data_dir)
    page = open_page(qtbot, window, "/tokens")

    assert window.stack.currentWidget().objectName() == "page-tokens"
    assert budget_shown(page, "tokens-today") == cli["daily"]
    assert budget_shown(page, "tokens-month") == cli["monthly"]
    assert cli["daily"]["used"] == 12
    shown = [page.agents.hired(row) for row in range(page.agents.rowCount())]
    assert sorted((a.agent_id, a.sphere_id, a.used, a.budget, a.remaining) for a in shown) == sorted(
        (a["agent_id"], a["sphere_id"], a["used"], a["budget"], a["remaining"]) for a in cli["agents"]
    )
    assert ("personal.errand_sorter", 12) in [(a.agent_id, a.used) for a in shown]
    assert {a.name for a in shown} == {"Errand Sorter", "Business Director"}

    qtbot.waitUntil(lambda: page.chart is not None, timeout=WINDOW_WAIT_MS)
    chart = page.chart
    assert chart.bars.count() == 30
    assert chart.totals[-1] == 12 and chart.totals[-3] == 400 and sum(chart.totals) == 412
    assert page.findChild(QLabel, "tokens-history-total").text().endswith("412 tokens")


def test_spending_in_another_process_updates_the_open_page(qtbot, make_window, tmp_path: Path) -> None:
    data_dir = tmp_path / "desk"
    with services_on(data_dir) as services:
        hire(services, "personal.errand_sorter", "personal")
    window = make_window(data_dir)
    page = open_page(qtbot, window, "/tokens")
    assert budget_shown(page, "tokens-today")["used"] == 0
    with services_on(data_dir) as services:  # as `chenu` would, beside the window
        with executing(services.ctx) as run:
            charge(run, 75, "agent", agent_id="personal.errand_sorter", sphere_id="personal")
    qtbot.waitUntil(lambda: budget_shown(page, "tokens-today")["used"] == 75, timeout=WINDOW_WAIT_MS)
    assert page.agents.hired(0).used == 75
    qtbot.waitUntil(lambda: page.chart is not None and page.chart.totals[-1] == 75, timeout=WINDOW_WAIT_MS)


def test_with_nothing_spent_and_no_team_the_page_points_to_the_agents(qtbot, make_window, tmp_path: Path) -> None:
    with services_on(tmp_path / "desk"):
        pass
    window = make_window(tmp_path / "desk")
    page = open_page(qtbot, window, "/tokens")
    empty = page.findChild(QWidget, "empty-state")
    assert empty.isVisible()
    assert empty.findChild(QLabel).text() == "No tokens spent yet"
    qtbot.mouseClick(empty.findChild(QPushButton, "empty-action"), Qt.MouseButton.LeftButton)
    assert window.router.path == "/agents"


def test_opening_reads_a_few_small_queries_and_none_of_the_big_tables(qtbot, make_window, tmp_path: Path) -> None:
    data_dir = tmp_path / "desk"
    with services_on(data_dir) as services:
        hire(services, "personal.errand_sorter", "personal")
        for n in range(30):
            services.decisions.add(f"Decision {n}", thread_id=services.threads.add("personal", f"Thread {n}", "intent").id)
        for _ in range(40):
            with executing(services.ctx) as run:
                charge(run, 5, "agent", agent_id="personal.errand_sorter", sphere_id="personal")
    window = make_window(data_dir)
    page = open_page(qtbot, window, "/tokens")
    statements = statements_of_load(window, page)
    assert big_tables_read(statements) == set()
    assert len(statements) <= 5  # today, this month, the hires, the hire's use, 30 days grouped
