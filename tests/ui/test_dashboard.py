"""The dashboard: the numbers of `chenu stats --json`, the spheres, the charts,
where each one leads, and a refresh when another process changes the data."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QWidget

from chenu_desktop.domain.spheres import BUILTIN_SPHERE_IDS
from chenu_desktop.ui.widgets.stat_card import compact
from tests.plugins.example_plugin import install_example_plugin
from tests.support.cli import Chenu
from tests.ui.conftest import WINDOW_WAIT_MS, open_profile
from tests.ui.seed import hire, services_on, spend, used_locally

STAT_PAGES = {
    "decisions": "/decisions",
    "threads": "/threads",
    "agents": "/agents",
    "tokens": "/tokens",
    "checkpoints": "/governance",
    "memory": "/memory",
}


def dashboard(qtbot, window):  # noqa: ANN001, ANN201
    """The dashboard page, once it has shown its numbers (and built its charts)."""
    assert window.router.path == "/dashboard"
    page = window.stack.currentWidget()
    assert page.objectName() == "page-dashboard"
    qtbot.waitUntil(lambda: page.loaded_once and page.aging_chart is not None, timeout=WINDOW_WAIT_MS)
    return page


def stat_widgets(window) -> dict[str, QWidget]:  # noqa: ANN001
    return {w.property("stat"): w for w in window.findChildren(QWidget, "stats-widget") if w.isVisible()}


def shown(widget: QWidget) -> int:
    return int(widget.findChild(QLabel, "stat-value").text().replace(",", ""))


def sphere_cards(window) -> list[QWidget]:  # noqa: ANN001
    grid = window.findChild(QWidget, "sphere-grid")
    return [card for card in grid.findChildren(QWidget, "sphere-card") if card.isVisible()]


def seed_a_working_week(data_dir: Path) -> None:
    """Threads, decisions of every age, a memory, an agent hired, one hire waiting, tokens spent."""
    with services_on(data_dir, ago=timedelta(days=5)) as old:
        thread = old.threads.add("business", "Q3 pricing", "Decide the new prices")
        old.decisions.add("Raise the entry tier?", thread_id=thread.id)  # RED by now
        spend(old, 700)
    with services_on(data_dir, ago=timedelta(days=2)) as recent:
        recent.decisions.add("Which flat", sphere_id="personal")  # YELLOW
    with services_on(data_dir) as today:
        move = today.threads.add("personal", "Move house", "Find a flat near work by March")
        today.threads.add("scholar", "Chapter two", "Draft chapter two")
        paused = today.threads.add("personal", "Old idea", "Maybe later")
        today.threads.edit(paused.id, status="paused")
        today.decisions.add("Which mover", thread_id=move.id)  # GREEN
        today.memory.add("The bakery opens at 7")
        hire(today, "personal.finance_planner", "personal")
        today.agents.hire("personal.director", "personal")  # waits at a checkpoint
        spend(today, 1_200)


def test_the_numbers_are_those_of_chenu_stats(qtbot, make_window, tmp_path: Path) -> None:
    data_dir = tmp_path / "desk"
    seed_a_working_week(data_dir)
    stats = Chenu(data_dir)("stats", "--json").json()
    with services_on(data_dir) as services:
        month_used = services.tokens.report().monthly.used  # 1 200, and 700 when five days ago was this month
    window = make_window(data_dir)
    page = dashboard(qtbot, window)

    widgets = stat_widgets(window)
    assert shown(widgets["decisions"]) == stats["decisions"]["pending"] == 3
    assert shown(widgets["threads"]) == stats["threads"]["active"] == 3
    assert shown(widgets["agents"]) == stats["agents"]["hired"] == 1
    assert shown(widgets["tokens"]) == stats["tokens"]["used"] == 1_200
    assert shown(widgets["checkpoints"]) == stats["checkpoints"]["pending"] == 1
    assert shown(widgets["memory"]) == stats["memory"]["items"] == 1
    details = {key: widget.findChild(QLabel, "stat-detail").text() for key, widget in widgets.items()}
    assert f"of {stats['decisions']['total']}" in details["decisions"]
    assert f"of {stats['threads']['total']}" in details["threads"]
    assert f"{stats['agents']['available']} more" in details["agents"]
    assert details["tokens"] == f"of 100k today\n{compact(month_used)} of 2M this month"
    meter = window.findChild(QProgressBar, "token-meter")
    assert (meter.value(), meter.maximum()) == (stats["tokens"]["used"], stats["tokens"]["budget"])
    assert f"{stats['checkpoints']['approved']} approved" in details["checkpoints"]

    by_aging = stats["decisions"]["byAging"]
    assert by_aging == {"GREEN": 1, "YELLOW": 1, "RED": 1, "BLINK": 0}
    assert window.findChild(QWidget, "aging-bar").counts == by_aging
    chart = page.aging_chart
    assert {level: int(bar.at(index)) for index, (level, bar) in enumerate(chart.sets.items())} == by_aging
    week = page.tokens_chart.bar
    assert [int(week.at(i)) for i in range(week.count())][-1] == 1_200
    assert sum(int(week.at(i)) for i in range(week.count())) == 1_900


def test_six_numbers_in_a_row_and_a_card_per_sphere_with_its_counts(qtbot, make_window, tmp_path: Path) -> None:
    data_dir = tmp_path / "desk"
    seed_a_working_week(data_dir)
    window = make_window(data_dir)
    dashboard(qtbot, window)
    assert len(window.findChildren(QWidget, "stats-widget")) == 6
    assert len(stat_widgets(window)) == 6
    cards = sphere_cards(window)
    assert [card.property("sphereId") for card in cards] == [s.id for s in window.context.plugins.spheres()]
    assert len(cards) == 9
    counts = {card.property("sphereId"): (card.property("threads"), card.property("decisions")) for card in cards}
    # Active threads only (the paused one is not counted); waiting decisions, by the decision's sphere.
    assert counts["personal"] == (1, 2)
    assert counts["business"] == (1, 1)
    assert counts["scholar"] == (1, 0)
    assert counts["studio"] == (0, 0)
    personal = next(card for card in cards if card.property("sphereId") == "personal")
    assert personal.findChild(QLabel, "sphere-counts").text() == "1 active thread · 2 decisions waiting"

    def rows() -> int:
        return len({widget.y() for widget in stat_widgets(window).values()})

    window.resize(1600, 900)
    qtbot.waitUntil(lambda: rows() == 1, timeout=WINDOW_WAIT_MS)
    window.resize(960, 700)  # narrow: three by two
    qtbot.waitUntil(lambda: rows() == 2, timeout=WINDOW_WAIT_MS)


def test_a_card_opens_its_sphere_by_click_or_by_keyboard(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window(used_locally(tmp_path / "desk"))
    dashboard(qtbot, window)
    business = next(card for card in sphere_cards(window) if card.property("sphereId") == "business")
    qtbot.mouseClick(business, Qt.MouseButton.LeftButton)
    assert window.router.path == "/sphere/business"
    window.router.back()
    scholar = next(card for card in sphere_cards(window) if card.property("sphereId") == "scholar")
    scholar.setFocus()
    qtbot.keyClick(scholar, Qt.Key.Key_Return)
    assert window.router.path == "/sphere/scholar"


def test_each_number_opens_its_page(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window(used_locally(tmp_path / "desk"))
    dashboard(qtbot, window)
    for stat, path in STAT_PAGES.items():
        qtbot.mouseClick(stat_widgets(window)[stat], Qt.MouseButton.LeftButton)
        assert window.router.path == path, stat
        window.router.navigate("/dashboard")


def test_work_done_by_the_cli_appears_without_a_restart(qtbot, make_window, tmp_path: Path) -> None:
    data_dir = tmp_path / "desk"
    seed_a_working_week(data_dir)
    window = make_window(data_dir)
    dashboard(qtbot, window)
    threads = stat_widgets(window)["threads"]
    scholar = next(card for card in sphere_cards(window) if card.property("sphereId") == "scholar")
    assert (shown(threads), scholar.property("threads")) == (3, 1)

    Chenu(data_dir)("threads", "add", "--sphere", "scholar", "--title", "Reading list", "--intent", "Twenty papers by June")
    qtbot.waitUntil(lambda: shown(threads) == 4, timeout=WINDOW_WAIT_MS)
    assert scholar.property("threads") == 2


@pytest.fixture
def garden_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """The plugin guide's Garden plugin installed (found through its entry point)."""
    site = install_example_plugin(tmp_path / "site")
    monkeypatch.syspath_prepend(str(site))
    yield site
    for name, module in list(sys.modules.items()):
        if str(getattr(module, "__file__", None) or "").startswith(str(site)):
            del sys.modules[name]


def test_a_plugin_sphere_gets_a_card_that_opens_its_page(qtbot, make_window, tmp_path: Path, garden_plugin: Path) -> None:
    data_dir = used_locally(tmp_path / "desk")
    window = make_window(data_dir)
    extra = [s for s in window.context.plugins.spheres() if s.id not in BUILTIN_SPHERE_IDS]
    assert extra, "the example plugin adds a sphere"
    dashboard(qtbot, window)
    cards = sphere_cards(window)
    assert len(cards) == 9 + len(extra)
    card = next(card for card in cards if card.property("sphereId") == extra[0].id)
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert window.router.path == f"/sphere/{extra[0].id}"
    page = window.stack.currentWidget()
    qtbot.waitUntil(lambda: page.loaded_once, timeout=WINDOW_WAIT_MS)
    assert page.findChild(QLabel, "sphere-title").text() == extra[0].name


def test_a_new_profile_lands_on_a_whole_dashboard(qtbot, make_window) -> None:
    window = make_window()
    open_profile(qtbot, window)
    dashboard(qtbot, window)
    assert [shown(widget) for widget in stat_widgets(window).values()] == [0] * 6
    assert len(sphere_cards(window)) == 9
    assert all(card.property("threads") == 0 for card in sphere_cards(window))
