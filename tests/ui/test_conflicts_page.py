"""The Conflicts page: a real conflict (two devices renamed one thread while
apart), shown side by side; "Restore this value" brings it back on the thread,
"Dismiss" keeps the value now; the sidebar badge counts open conflicts, and a
dismissed conflict stays dismissed after the devices exchange their changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from tests.support.conflicting import (
    DESKTOP_TITLE,
    LAPTOP_TITLE,
    pair_devices,
    services_of,
    title_conflict,
)
from tests.support.devices import sync_data_dirs
from tests.ui.conftest import WINDOW_WAIT_MS, open_page


def a_conflict(tmp_path: Path, laptop_title: str = LAPTOP_TITLE) -> tuple[Path, Path, str]:
    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    pair_devices(laptop, desktop)
    return laptop, desktop, title_conflict(laptop, desktop, laptop_title=laptop_title)


def badge(window) -> str:
    return window.sidebar.findChild(QPushButton, "nav-conflicts").text()


def empty_shown(page) -> bool:
    return page.findChild(QWidget, "empty-state").isVisible()


def test_restore_brings_the_overwritten_title_back_and_the_badge_goes(qtbot, make_window, tmp_path: Path) -> None:
    laptop, _desktop, thread_id = a_conflict(tmp_path)
    window = make_window(laptop)
    page = open_page(qtbot, window, "/conflicts", "page-conflicts")
    qtbot.waitUntil(lambda: badge(window).endswith("1"), timeout=WINDOW_WAIT_MS)

    [card] = page.cards.values()
    assert card.findChild(QLabel, "conflict-where").text() == f"“{DESKTOP_TITLE}” · title"
    assert card.findChild(QLabel, "conflict-now-value").text() == DESKTOP_TITLE
    assert card.findChild(QLabel, "conflict-lost-value").text() == LAPTOP_TITLE
    assert "on this device" in card.findChild(QWidget, "conflict-lost").findChildren(QLabel)[-1].text()

    qtbot.mouseClick(card.findChild(QPushButton, "conflict-restore"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: empty_shown(page), timeout=WINDOW_WAIT_MS)
    qtbot.waitUntil(lambda: badge(window).endswith("Conflicts"), timeout=WINDOW_WAIT_MS)
    open_page(qtbot, window, f"/thread/{thread_id}", "page-thread")
    qtbot.waitUntil(lambda: window.top_bar.title.text() == LAPTOP_TITLE, timeout=WINDOW_WAIT_MS)


def test_dismiss_keeps_the_value_and_stays_dismissed_after_a_sync(qtbot, make_window, tmp_path: Path) -> None:
    long_title = "A long plan " + "with many words " * 11  # longer than a card shows
    laptop, desktop, thread_id = a_conflict(tmp_path, laptop_title=long_title)
    window = make_window(laptop)
    page = open_page(qtbot, window, "/conflicts", "page-conflicts")
    qtbot.waitUntil(lambda: badge(window).endswith("1"), timeout=WINDOW_WAIT_MS)
    [card] = page.cards.values()
    lost = card.findChild(QLabel, "conflict-lost-value")
    assert lost.toolTip() == long_title.strip()
    assert lost.text().endswith("…") and long_title.startswith(lost.text()[:-1])

    qtbot.mouseClick(card.findChild(QPushButton, "conflict-dismiss"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: empty_shown(page), timeout=WINDOW_WAIT_MS)
    qtbot.waitUntil(lambda: badge(window).endswith("Conflicts"), timeout=WINDOW_WAIT_MS)

    sync_data_dirs(laptop, desktop)  # the desktop, which recorded the same conflict, hears of the dismissal
    with services_of(desktop) as services:
        assert services.conflicts.list() == []
        assert services.threads.get(thread_id).title == DESKTOP_TITLE
    page.reload()
    qtbot.waitUntil(lambda: empty_shown(page), timeout=WINDOW_WAIT_MS)
    assert badge(window).endswith("Conflicts")
    open_page(qtbot, window, f"/thread/{thread_id}", "page-thread")
    qtbot.waitUntil(lambda: window.top_bar.title.text() == DESKTOP_TITLE, timeout=WINDOW_WAIT_MS)


def test_many_conflicts_are_drawn_a_batch_at_a_time(qtbot, make_window, tmp_path: Path) -> None:
    from chenu_desktop.ui.pages.conflicts import CARDS_AT_ONCE

    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    pair_devices(laptop, desktop)
    with services_of(laptop) as services:
        ids = [services.threads.add("personal", f"Trip {n}", "See Lisbon").id for n in range(CARDS_AT_ONCE + 5)]
    sync_data_dirs(laptop, desktop)
    for data_dir in (laptop, desktop):
        with services_of(data_dir) as services:
            for thread_id in ids:
                services.threads.edit(thread_id, title=f"{data_dir.name} {thread_id[:4]}")
    sync_data_dirs(laptop, desktop)

    window = make_window(laptop)
    page = open_page(qtbot, window, "/conflicts", "page-conflicts")
    qtbot.waitUntil(lambda: len(page.cards) == CARDS_AT_ONCE, timeout=WINDOW_WAIT_MS)
    more = page.findChild(QPushButton, "show-more-conflicts")
    assert more.isVisible() and "5" in more.text()
    qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
    assert len(page.cards) == CARDS_AT_ONCE + 5 and not more.isVisible()



@pytest.mark.parametrize(("key", "title_after"), [(Qt.Key.Key_R, LAPTOP_TITLE), (Qt.Key.Key_D, DESKTOP_TITLE)])
def test_r_restores_and_d_dismisses_the_card_holding_the_keyboard(qtbot, make_window, tmp_path: Path, key, title_after) -> None:
    laptop, _desktop, thread_id = a_conflict(tmp_path)
    window = make_window(laptop)
    page = open_page(qtbot, window, "/conflicts", "page-conflicts")
    qtbot.waitUntil(lambda: len(page.cards) == 1, timeout=WINDOW_WAIT_MS)
    [card] = page.cards.values()
    card.setFocus()
    qtbot.keyClick(card, key, Qt.KeyboardModifier.ShiftModifier)  # not the shortcut: nothing happens
    assert card.findChild(QPushButton, "conflict-restore").isEnabled()

    qtbot.keyClick(card, key)
    qtbot.waitUntil(lambda: empty_shown(page), timeout=WINDOW_WAIT_MS)
    with services_of(laptop) as services:
        assert services.threads.get(thread_id).title == title_after
        assert services.conflicts.list() == []
