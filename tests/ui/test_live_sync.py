"""Live and never frozen: another device's work appears in an open window, the
status bar says how the sync is doing and why, and closing mid-sync is clean.

Two devices of one person against the real server: the window (signed in
through its login page) and a `chenu` device in a subprocess.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QTableView, QWidget

from chenu_desktop.sync.credentials import CREDENTIALS_FILE
from tests.sync_client.devices import Device, LiveServer, Person
from tests.ui.conftest import WINDOW_WAIT_MS

SYNC_WAIT_MS = 30_000


def signed_in_window(qtbot, make_window, live_server: LiveServer, person: Person, data_dir: Path):  # noqa: ANN001, ANN201
    """A window on `data_dir`, signed in through its login page, first sync done."""
    window = make_window(data_dir, server_url=live_server.url)
    window.findChild(QLineEdit, "email").setText(person.email)
    window.findChild(QLineEdit, "password").setText(person.password)
    qtbot.mouseClick(window.findChild(QPushButton, "submit"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.router.path == "/dashboard", timeout=WINDOW_WAIT_MS)
    qtbot.waitUntil(lambda: window.status.state == "idle", timeout=SYNC_WAIT_MS)
    return window


def without_timer(window) -> None:  # noqa: ANN001
    """Stop the periodic pull (from the next sync on), so only what the test does can sync."""
    assert window.context.sync.interval_s <= 60  # the window's own pace: another device's work shows within a minute
    window.context.sync.interval_s = 3600


def laptop(tmp_path: Path, live_server: LiveServer, person: Person) -> Device:
    device = Device(tmp_path / "laptop")
    device.login(live_server, person)
    return device


def personal_badge(window) -> str:  # noqa: ANN001
    return window.sidebar.findChild(QPushButton, "nav-sphere-personal").text()


def titles_in_store(qtbot, window) -> list[str]:  # noqa: ANN001
    """The thread titles the window's own services see (through its worker, as pages do)."""
    titles: list[str] = []
    done: list[bool] = []
    window.context.run(lambda s: [t.title for t in s.threads.list()], lambda found: (titles.extend(found), done.append(True)))
    qtbot.waitUntil(lambda: bool(done), timeout=WINDOW_WAIT_MS)
    return titles


def come_back_to(qtbot, window) -> None:  # noqa: ANN001
    """Focus another window, then this one again (as a person switching apps would)."""
    elsewhere = QWidget()
    qtbot.addWidget(elsewhere)
    elsewhere.show()
    elsewhere.activateWindow()
    qtbot.waitUntil(lambda: not window.isActiveWindow(), timeout=WINDOW_WAIT_MS)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WINDOW_WAIT_MS)
    elsewhere.close()


def test_a_thread_synced_by_another_device_appears_after_f5(qtbot, make_window, live_server, tmp_path: Path) -> None:
    person = live_server.register("dee")
    window = signed_in_window(qtbot, make_window, live_server, person, tmp_path / "desk")
    without_timer(window)
    with qtbot.waitSignal(window.context.sync_finished, timeout=SYNC_WAIT_MS):  # a sync that went through (state "syncing" may pass between two looks)
        qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.status.state == "idle", timeout=SYNC_WAIT_MS)
    assert "Synced" in window.findChild(QLabel, "sync-status").text()
    assert "1" not in personal_badge(window)
    other = laptop(tmp_path, live_server, person)
    other.add_thread("Written on the laptop")
    other.sync()

    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: personal_badge(window).endswith("1"), timeout=SYNC_WAIT_MS)
    assert titles_in_store(qtbot, window) == ["Written on the laptop"]
    window.router.navigate("/threads")
    table = window.stack.currentWidget().findChild(QTableView)
    qtbot.waitUntil(lambda: table.model().rowCount() == 1, timeout=WINDOW_WAIT_MS)
    assert table.model().index(0, 0).data() == "Written on the laptop"


def test_focusing_the_window_pulls_but_not_twice_in_a_row(qtbot, make_window, live_server, tmp_path: Path) -> None:
    person = live_server.register("eli")
    window = signed_in_window(qtbot, make_window, live_server, person, tmp_path / "desk")
    without_timer(window)
    states: list[str] = []
    window.context.sync_state_changed.connect(lambda state, _message: states.append(state))
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: states[-2:] == ["syncing", "idle"], timeout=SYNC_WAIT_MS)
    # A sync ran moments ago: coming back to the window now does not sync again.
    come_back_to(qtbot, window)
    qtbot.wait(300)
    assert states == ["syncing", "idle"]

    other = laptop(tmp_path, live_server, person)
    other.add_thread("Seen when I come back")
    other.sync()
    # Later (as if the person came back after a while) it does, and the thread appears.
    window.context._sync_started_at = time.monotonic() - 60  # noqa: SLF001 - "a minute ago", without waiting a minute
    come_back_to(qtbot, window)
    qtbot.waitUntil(lambda: personal_badge(window).endswith("1"), timeout=SYNC_WAIT_MS)
    assert states[2:3] == ["syncing"]


def test_the_status_bar_says_syncing_then_synced_then_why_it_stopped(qtbot, make_window, live_server, tmp_path: Path) -> None:
    person = live_server.register("flo")
    window = signed_in_window(qtbot, make_window, live_server, person, tmp_path / "desk")
    status = window.findChild(QLabel, "sync-status")
    shown: list[str] = []
    window.context.sync_state_changed.connect(lambda _state, _message: shown.append(status.text()))

    window.context.run(lambda s: s.threads.add("personal", "Sent soon", "Reach the server"), writes=True)
    qtbot.waitUntil(lambda: len(shown) >= 2 and window.status.state == "idle", timeout=SYNC_WAIT_MS)
    assert shown[0].startswith("◌ Syncing")
    assert shown[-1].startswith("● Synced")

    # The session is gone (removed by hand here; a revoked session reads the same): the sync
    # stops with the reason, and does not retry by itself.
    (tmp_path / "desk" / CREDENTIALS_FILE).unlink()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.status.state == "error", timeout=SYNC_WAIT_MS)
    assert status.text().startswith("▲ Sync stopped")
    assert "sign in again" in status.text()


@pytest.mark.slow
def test_the_status_bar_shows_offline_with_the_reason_and_recovers(qtbot, make_window, live_server, tmp_path: Path) -> None:
    person = live_server.register("gus")
    window = signed_in_window(qtbot, make_window, live_server, person, tmp_path / "desk")
    status = window.findChild(QLabel, "sync-status")
    live_server.stop()
    try:
        qtbot.keyClick(window, Qt.Key.Key_F5)
        qtbot.waitUntil(lambda: window.status.state == "offline", timeout=SYNC_WAIT_MS)
        assert status.text().startswith("○ Offline — will retry")
        assert "unreachable" in status.text()
    finally:
        live_server.start()
    # Back online: the next attempt (the retry, or F5) gets through.
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.status.state == "idle", timeout=SYNC_WAIT_MS)
    assert status.text().startswith("● Synced")


@pytest.mark.slow
def test_closing_the_window_while_a_sync_is_under_way_is_clean(qtbot, make_window, live_server, tmp_path: Path) -> None:
    person = live_server.register("hal")
    other = laptop(tmp_path, live_server, person)
    other.import_threads([f"Bulk {i}" for i in range(3000)])
    other.sync()
    window = make_window(tmp_path / "desk", server_url=live_server.url)
    window.findChild(QLineEdit, "email").setText(person.email)
    window.findChild(QLineEdit, "password").setText(person.password)
    qtbot.mouseClick(window.findChild(QPushButton, "submit"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.status.state == "syncing", timeout=SYNC_WAIT_MS)

    started = time.monotonic()
    window.close()
    assert time.monotonic() - started < 20  # the sync under way finished (or stopped) first
    # Nothing was half-written: the same data dir opens again and completes the sync.
    again = make_window(tmp_path / "desk")
    assert again.router.path == "/dashboard"
    qtbot.waitUntil(lambda: again.status.state == "idle", timeout=SYNC_WAIT_MS)
    assert len(titles_in_store(qtbot, again)) == 3000
