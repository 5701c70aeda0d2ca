"""A sphere's page: its threads (most recent first, each opening its page), its
decisions waiting with their aging, its agents, quick capture, and an unknown sphere."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget

from chenu_desktop.sync.state import ROLES_KEY, roles_to_json
from tests.support.cli import Chenu
from tests.ui.conftest import WINDOW_WAIT_MS
from tests.ui.seed import hire, services_on, used_locally


def sphere_page(qtbot, window, sphere_id: str):  # noqa: ANN001, ANN201
    window.router.navigate(f"/sphere/{sphere_id}")
    page = window.stack.currentWidget()
    assert page.objectName() == "page-sphere"
    name = window.context.plugins.sphere(sphere_id).name
    heading = page.findChild(QLabel, "sphere-title")
    qtbot.waitUntil(lambda: heading.isVisible() and heading.text() == name, timeout=WINDOW_WAIT_MS)
    return page


def thread_titles(page) -> list[str]:  # noqa: ANN001
    threads = page.findChild(QWidget, "sphere-threads")
    return [threads.item(i).text() for i in range(threads.count())]


def test_the_page_shows_the_sphere_its_threads_decisions_and_agents(qtbot, make_window, tmp_path: Path) -> None:
    data_dir = tmp_path / "desk"
    with services_on(data_dir, ago=timedelta(days=4)) as old:
        oldest = old.threads.add("personal", "Sell the car", "Before the move")
        old.decisions.add("Which buyer", sphere_id="personal", priority="high")  # RED
    with services_on(data_dir, ago=timedelta(hours=2)) as earlier:
        earlier.threads.add("personal", "Move house", "Find a flat near work by March")
        earlier.threads.add("business", "Q3 pricing", "Not in this sphere")
        earlier.decisions.add("Elsewhere", sphere_id="business")
    with services_on(data_dir) as now:
        now.threads.note(oldest.id, "- called the garage")  # the oldest thread is now the most recently active
        now.decisions.add("Which flat", sphere_id="personal")  # GREEN
        hire(now, "personal.finance_planner", "personal")
        hire(now, "business.director", "business")
    window = make_window(data_dir)
    page = sphere_page(qtbot, window, "personal")

    assert page.findChild(QLabel, "sphere-title").text() == "Personal"
    assert window.top_bar.title.text().endswith("Personal")
    assert "2 threads · 2 decisions waiting · 1 agent on the team" in page.findChild(QLabel, "sphere-description").text()
    assert thread_titles(page) == ["Sell the car", "Move house"]
    chips = [chip.level for chip in page.findChild(QWidget, "sphere-decisions").findChildren(QWidget, "aging-chip")]
    assert chips == ["RED", "GREEN"]  # most urgent first
    agents = page.findChild(QWidget, "sphere-agents").findChildren(QWidget, "agent-row")
    assert [row.findChildren(QLabel)[0].text() for row in agents] == ["Household Finance Planner"]


def test_a_thread_opens_on_click_or_enter(qtbot, make_window, tmp_path: Path) -> None:
    data_dir = tmp_path / "desk"
    with services_on(data_dir) as services:
        first = services.threads.add("studio", "Poster", "A poster for the fair")
        second = services.threads.add("studio", "Logo", "A logo for the shop")
    window = make_window(data_dir)
    page = sphere_page(qtbot, window, "studio")
    threads = page.findChild(QWidget, "sphere-threads")
    qtbot.mouseClick(threads.viewport(), Qt.MouseButton.LeftButton, pos=threads.visualItemRect(threads.item(0)).center())
    assert window.router.path == f"/thread/{second.id}"
    window.router.back()
    threads.setFocus()
    threads.setCurrentRow(1)
    qtbot.keyClick(threads, Qt.Key.Key_Return)
    assert window.router.path == f"/thread/{first.id}"


def test_quick_capture_starts_a_thread_in_this_sphere(qtbot, make_window, tmp_path: Path) -> None:
    data_dir = used_locally(tmp_path / "desk")
    window = make_window(data_dir)
    page = sphere_page(qtbot, window, "scholar")
    assert page.findChild(QLabel, "no-threads").isVisible()
    qtbot.keyClicks(page.findChild(QLineEdit, "capture-title"), "Reading list")
    qtbot.keyClick(page.findChild(QLineEdit, "capture-title"), Qt.Key.Key_Return)
    assert page.findChild(QLineEdit, "capture-intent").hasFocus()
    qtbot.keyClicks(page.findChild(QLineEdit, "capture-intent"), "Twenty papers by June")
    qtbot.keyClick(page.findChild(QLineEdit, "capture-intent"), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: thread_titles(page) == ["Reading list"], timeout=WINDOW_WAIT_MS)
    assert page.findChild(QLineEdit, "capture-title").text() == ""
    assert not page.findChild(QLabel, "capture-error").isVisible()
    listed = Chenu(data_dir)("threads", "list", "--sphere", "scholar", "--json").json()
    assert [(t["title"], t["founding_intent"]) for t in listed] == [("Reading list", "Twenty papers by June")]


def test_invalid_quick_capture_says_why_inline_and_creates_nothing(qtbot, make_window, tmp_path: Path) -> None:
    data_dir = used_locally(tmp_path / "desk")
    window = make_window(data_dir)
    page = sphere_page(qtbot, window, "community")
    title, intent = page.findChild(QLineEdit, "capture-title"), page.findChild(QLineEdit, "capture-intent")
    error = page.findChild(QLabel, "capture-error")
    submit = page.findChild(QPushButton, "capture-submit")

    title.setText("Street party")
    intent.setText("   ")
    qtbot.mouseClick(submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(error.isVisible, timeout=WINDOW_WAIT_MS)
    assert error.text() == "Founding intent: must not be blank"
    assert intent.property("invalid") is True and intent.hasFocus()
    assert title.text() == "Street party"  # nothing the person typed is lost

    intent.setText("Everyone on the street meets")
    title.setText("x" * 201)
    qtbot.mouseClick(submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: error.text().startswith("Title:"), timeout=WINDOW_WAIT_MS)
    assert "at most 200 characters" in error.text()
    assert title.property("invalid") is True
    qtbot.keyClick(title, Qt.Key.Key_Backspace)  # editing the field clears its complaint
    assert not error.isVisible() and not title.property("invalid")

    assert thread_titles(page) == []
    stored: list[list[str]] = []
    window.context.run(lambda services: [t.title for t in services.threads.list()], stored.append)
    qtbot.waitUntil(lambda: stored == [[]], timeout=WINDOW_WAIT_MS)


def test_an_unknown_sphere_says_so_and_leads_back_to_the_dashboard(qtbot, make_window, tmp_path: Path) -> None:
    data_dir = used_locally(tmp_path / "desk")
    window = make_window(data_dir)
    window.router.navigate("/sphere/uninstalled")
    page = window.stack.currentWidget()
    empty = page.findChild(QWidget, "empty-state")
    qtbot.waitUntil(empty.isVisible, timeout=WINDOW_WAIT_MS)
    assert "no sphere “uninstalled”" in empty.findChild(QLabel).text()
    assert window.top_bar.title.text() == "No such sphere"
    qtbot.mouseClick(empty.findChild(QPushButton, "empty-action"), Qt.MouseButton.LeftButton)
    assert window.router.path == "/dashboard"
    # and a real sphere shown by the same page afterwards is whole again
    assert sphere_page(qtbot, window, "team") is page
    assert window.top_bar.title.text().endswith("My Team")


def test_a_viewer_cannot_start_threads_here_and_is_told_why(qtbot, make_window, tmp_path: Path) -> None:
    data_dir = tmp_path / "desk"
    with services_on(data_dir) as services:
        services.threads.add("team", "Offsite", "Plan the offsite")
        # What the sync records after the server says this person only views the workspace.
        services.ctx.store.set_meta(ROLES_KEY, roles_to_json({services.ctx.workspace_id: "viewer"}))
    window = make_window(data_dir)
    page = sphere_page(qtbot, window, "team")
    assert thread_titles(page) == ["Offsite"]
    assert page.findChild(QLabel, "capture-read-only").isVisible()
    assert not page.findChild(QLineEdit, "capture-title").isEnabled()
    assert not page.findChild(QPushButton, "capture-submit").isEnabled()
