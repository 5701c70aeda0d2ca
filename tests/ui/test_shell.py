"""The frame: sign-in and its failures, redirects, history, not found, sign-out, restart state."""

from __future__ import annotations

import socket
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QToolButton

from tests.ui.conftest import WINDOW_WAIT_MS, open_profile, worker_call


def _sign_in(qtbot, window, email: str, password: str) -> None:  # noqa: ANN001
    window.findChild(QLineEdit, "email").setText(email)
    window.findChild(QLineEdit, "password").setText(password)
    qtbot.mouseClick(window.findChild(QPushButton, "submit"), Qt.MouseButton.LeftButton)


def test_a_new_data_dir_opens_on_login_and_every_page_redirects_there(make_window) -> None:
    window = make_window()
    assert window.router.path == "/login"
    for path in ("/dashboard", "/threads", "/sphere/personal", "/thread/x", "/nowhere"):
        window.router.navigate(path)
        assert window.router.path == "/login"
    assert not window.findChild(QLabel, "error-message").isVisible()


def test_work_offline_opens_the_dashboard_and_survives_a_restart(qtbot, make_window, tmp_path: Path) -> None:
    window = make_window(tmp_path / "laptop")
    open_profile(qtbot, window)
    window.router.navigate("/threads")
    window.resize(1111, 777)
    window.close()
    again = make_window(tmp_path / "laptop")
    assert again.router.path == "/threads"
    assert (again.width(), again.height()) == (1111, 777)


def test_unknown_paths_show_not_found_with_a_way_home(qtbot, make_window) -> None:
    window = make_window()
    open_profile(qtbot, window)
    window.router.navigate("/no/such/page")
    page = window.stack.currentWidget()
    assert page.objectName() == "page-not-found"
    qtbot.mouseClick(page.findChild(QPushButton, "go-home"), Qt.MouseButton.LeftButton)
    assert window.router.path == "/dashboard"


def test_back_and_forward_with_keys_and_mouse_buttons(qtbot, make_window) -> None:
    window = make_window()
    open_profile(qtbot, window)
    window.router.navigate("/threads")
    window.router.navigate("/sphere/business")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # window shortcuts need the active window
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.router.path == "/threads"
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.router.path == "/sphere/business"
    over_the_page = window.stack.mapTo(window, window.stack.rect().center())  # as a mouse does: through the native window
    qtbot.mouseClick(window.windowHandle(), Qt.MouseButton.BackButton, pos=over_the_page)
    assert window.router.path == "/threads"
    qtbot.mouseClick(window.windowHandle(), Qt.MouseButton.ForwardButton, pos=over_the_page)
    assert window.router.path == "/sphere/business"


def test_wrong_password_keeps_the_fields_and_says_so(qtbot, make_window, live_server) -> None:
    person = live_server.register("ana")
    window = make_window(server_url=live_server.url)
    _sign_in(qtbot, window, person.email, "not the password")
    message = window.findChild(QLabel, "error-message")
    qtbot.waitUntil(message.isVisible, timeout=WINDOW_WAIT_MS)
    assert "wrong email or password" in message.text().lower()
    assert window.findChild(QLineEdit, "email").text() == person.email
    assert window.findChild(QLineEdit, "password").hasFocus()
    assert window.router.path == "/login"


def test_sign_in_opens_the_dashboard_and_sign_out_returns_to_login_keeping_the_data(qtbot, make_window, live_server, tmp_path: Path) -> None:
    person = live_server.register("bo")
    window = make_window(tmp_path / "desk", server_url=live_server.url)
    _sign_in(qtbot, window, person.email, person.password)
    qtbot.waitUntil(lambda: window.router.path == "/dashboard", timeout=WINDOW_WAIT_MS)
    qtbot.waitUntil(lambda: window.status.state == "idle", timeout=WINDOW_WAIT_MS)
    assert (tmp_path / "desk" / "chenu.db").exists()
    failures: list[BaseException] = []
    window.context.run(lambda _s: time.sleep(0.5))  # the store is busy with earlier work…
    window.context.run(lambda s: s.threads.add("personal", "Kept after sign-out", "Stay on this device"), on_failure=failures.append, writes=True)
    # …when the person signs out: the write asked for before still lands.
    user_menu = window.findChild(QToolButton, "user-menu")
    assert user_menu is not None
    logout = next(a for a in user_menu.menu().actions() if a.objectName() == "logout")
    logout.trigger()
    qtbot.waitUntil(lambda: window.router.path == "/login", timeout=WINDOW_WAIT_MS)
    assert failures == []
    window.router.navigate("/dashboard")
    assert window.router.path == "/login"
    _sign_in(qtbot, window, person.email, person.password)
    qtbot.waitUntil(lambda: window.router.path == "/dashboard", timeout=WINDOW_WAIT_MS)
    # Asked again until the first sync after signing in has settled which workspace is current.
    qtbot.waitUntil(lambda: worker_call(window, lambda s: [t.title for t in s.threads.list()]) == ["Kept after sign-out"], timeout=WINDOW_WAIT_MS)


def test_a_signed_in_profile_opens_on_the_dashboard_when_the_server_is_down(qtbot, make_window, live_server, tmp_path: Path) -> None:
    person = live_server.register("cy")
    window = make_window(tmp_path / "desk", server_url=live_server.url)
    _sign_in(qtbot, window, person.email, person.password)
    qtbot.waitUntil(lambda: window.router.path == "/dashboard", timeout=WINDOW_WAIT_MS)
    window.close()
    with socket.socket() as closed_port:
        closed_port.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{closed_port.getsockname()[1]}"
        # The same data dir, its server now unreachable: the saved account points at a dead port.
        from chenu_desktop.store import STORE_FILE, Store
        from chenu_desktop.sync.state import ACCOUNT_KEY, Account
        import dataclasses

        store = Store.open(tmp_path / "desk" / STORE_FILE)
        account = Account.from_json(store.get_meta(ACCOUNT_KEY))
        store.set_meta(ACCOUNT_KEY, dataclasses.replace(account, server_url=dead).to_json())
        store.close()
        again = make_window(tmp_path / "desk")
        assert again.router.path == "/dashboard"
        qtbot.waitUntil(lambda: again.status.state == "offline", timeout=WINDOW_WAIT_MS)
        assert "unreachable" in again.findChild(QLabel, "sync-status").text()
