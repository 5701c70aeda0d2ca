"""The Settings page as a person uses it: the theme repaints the window at once,
the sync switch and interval reach the running sync and the next start, a bad
interval or setting is refused under its field, a plugin switched off is not
loaded at the next start, and the password changes on the real server."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from chenu_desktop.preferences import Preferences
from chenu_desktop.ui import theme
from tests.plugins.example_plugin import install_distribution
from tests.ui.conftest import WINDOW_WAIT_MS, open_page, open_profile


@pytest.fixture(autouse=True)
def leave_the_application_as_found(qapp):  # noqa: ANN001, ANN201
    """Theme and language are the application's: what a test chose must not reach the next test."""
    yield
    from chenu_desktop.ui import i18n

    theme.switch(qapp).choose("system")
    i18n.install(qapp, "en")


def settings_page(qtbot, window):  # noqa: ANN001, ANN201
    return open_page(qtbot, window, "/settings", "page-settings")


def choose(qtbot, combo: QComboBox, value: str) -> None:  # noqa: ANN001
    """Pick the entry whose data is `value`, as a click in the list does (`activated`)."""
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def tick(qtbot, box: QCheckBox) -> None:  # noqa: ANN001
    """Click a check box on its box."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def pixel(widget: QWidget, x: int, y: int) -> QColor:
    return widget.grab().toImage().pixelColor(x, y)


def test_the_page_opens_from_the_sidebar_with_every_section(qtbot, window) -> None:  # noqa: ANN001
    entry = window.sidebar.findChild(QPushButton, "nav-settings")
    assert entry is not None and "Settings" in entry.text()
    qtbot.mouseClick(entry, Qt.MouseButton.LeftButton)
    page = window.stack.currentWidget()
    assert page.objectName() == "page-settings"
    qtbot.waitUntil(lambda: page.loaded_once, timeout=WINDOW_WAIT_MS)
    for section in ("settings-account", "settings-appearance", "settings-sync", "settings-plugins", "settings-data", "settings-about"):
        assert page.findChild(QWidget, section).isVisible(), section
    language = page.findChild(QComboBox, "language")
    assert {"en", "fr"} <= {language.itemData(i) for i in range(language.count())}
    assert page.findChild(QLabel, "data-dir").text() == str(window.context.data_dir)
    assert "local profile" in page.findChild(QLabel, "signed-in-as").text()
    assert page.findChild(QPushButton, "sign-in").isVisible()
    assert page.findChild(QLabel, "version-python").text()


def test_choosing_a_theme_repaints_the_window_at_once_and_is_kept(qtbot, make_window, device) -> None:  # noqa: ANN001
    window = make_window(device)
    open_profile(qtbot, window)
    window.resize(1280, 800)
    page = settings_page(qtbot, window)
    combo = page.findChild(QComboBox, "theme")
    for chosen in ("light", "dark", "light"):
        choose(qtbot, combo, chosen)
        background = QColor(theme.colour("window", chosen))
        assert QApplication.palette().color(QPalette.ColorRole.Window) == background
        assert pixel(window.stack, 4, 4) == background  # the page's background, as painted now
        assert pixel(window.sidebar, 2, window.sidebar.height() // 2) == QColor(theme.colour("surface", chosen))
    assert Preferences.load(device).theme == "light"
    window.close()
    again = make_window(device)  # the next start paints in the chosen theme from its first frame
    assert QApplication.palette().color(QPalette.ColorRole.Window) == QColor(theme.colour("window", "light"))
    assert pixel(again.sidebar, 2, again.sidebar.height() // 2) == QColor(theme.colour("surface", "light"))


def signed_in_window(qtbot, make_window, live_server, person, data_dir: Path):  # noqa: ANN001, ANN201
    """A window on `data_dir`, signed in through its login page, first sync done."""
    window = make_window(data_dir, server_url=live_server.url)
    window.findChild(QLineEdit, "email").setText(person.email)
    window.findChild(QLineEdit, "password").setText(person.password)
    qtbot.mouseClick(window.findChild(QPushButton, "submit"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.router.path == "/dashboard", timeout=WINDOW_WAIT_MS)
    qtbot.waitUntil(lambda: window.status.state == "idle", timeout=SYNC_WAIT_MS)
    return window


SYNC_WAIT_MS = 30_000


def add_thread(qtbot, window, title: str) -> None:  # noqa: ANN001
    done: list[bool] = []
    window.context.run(lambda s: s.threads.add("personal", title, "Seen on the server or not"), lambda _t: done.append(True), writes=True)
    qtbot.waitUntil(lambda: bool(done), timeout=WINDOW_WAIT_MS)


@pytest.mark.slow  # it waits, twice, for what must not happen
def test_sync_switched_off_sends_nothing_until_f5_and_stays_off_at_the_next_start(qtbot, make_window, live_server, tmp_path) -> None:  # noqa: ANN001
    person = live_server.register("sync-off")
    window = signed_in_window(qtbot, make_window, live_server, person, tmp_path / "desk")
    page = settings_page(qtbot, window)
    tick(qtbot, page.findChild(QCheckBox, "sync-enabled"))
    assert "off" in page.findChild(QLabel, "sync-note").text()
    add_thread(qtbot, window, "Kept on this device")
    qtbot.wait(3500)  # longer than the pause after which an edit is sent when sync is on
    assert [t["title"] for t in live_server.threads(person)] == []
    qtbot.keyClick(window, Qt.Key.Key_F5)  # "Sync now" still syncs
    qtbot.waitUntil(lambda: [t["title"] for t in live_server.threads(person)] == ["Kept on this device"], timeout=SYNC_WAIT_MS)
    assert Preferences.load(tmp_path / "desk").sync_enabled is False
    window.close()
    again = make_window(tmp_path / "desk")
    qtbot.waitUntil(lambda: again.context.sync is not None, timeout=WINDOW_WAIT_MS)
    add_thread(qtbot, again, "Still kept here")
    qtbot.wait(3500)
    assert [t["title"] for t in live_server.threads(person)] == ["Kept on this device"]


def test_the_interval_reaches_the_running_sync_and_a_bad_one_is_refused_inline(qtbot, make_window, live_server, tmp_path) -> None:  # noqa: ANN001
    person = live_server.register("interval")
    window = signed_in_window(qtbot, make_window, live_server, person, tmp_path / "desk")
    page = settings_page(qtbot, window)
    interval = page.findChild(QLineEdit, "sync-interval")
    message = page.findChild(QLabel, "sync-message")
    for bad in ("2", "3601", "ten", ""):
        interval.setText(bad)
        qtbot.mouseClick(page.findChild(QPushButton, "save-sync"), Qt.MouseButton.LeftButton)
        assert message.isVisible() and "5 to 3600" in message.text(), bad
        assert interval.property("invalid") is True
    assert Preferences.load(tmp_path / "desk").sync_interval_s == 30  # nothing of the refused values was kept
    assert window.context.sync.interval_s == 30
    interval.setText("5")
    qtbot.keyClick(interval, Qt.Key.Key_Return)
    assert not message.isVisible()
    assert Preferences.load(tmp_path / "desk").sync_interval_s == 5
    # The running sync now pulls every 5 s: another device's thread appears without F5.
    live_server.call("POST", "/threads", person, json={"sphere_id": "personal", "title": "From the phone", "founding_intent": "Pulled on the new pace"})
    qtbot.waitUntil(lambda: "From the phone" in titles(qtbot, window), timeout=12_000)


def titles(qtbot, window) -> list[str]:  # noqa: ANN001
    found: list[str] = []
    done: list[bool] = []
    window.context.run(lambda s: [t.title for t in s.threads.list()], lambda result: (found.extend(result), done.append(True)))
    qtbot.waitUntil(lambda: bool(done), timeout=WINDOW_WAIT_MS)
    return found


def open_password_form(qtbot, page):  # noqa: ANN001, ANN201
    qtbot.mouseClick(page.findChild(QPushButton, "change-password"), Qt.MouseButton.LeftButton)
    return {name: page.findChild(QLineEdit, name) for name in ("current-password", "new-password", "repeat-password")}


def test_changing_the_password_on_the_real_server(qtbot, make_window, live_server, tmp_path) -> None:  # noqa: ANN001
    person = live_server.register("pass")
    other_session = live_server.sign_in(person.email, person.password)  # another device, signed in
    window = signed_in_window(qtbot, make_window, live_server, person, tmp_path / "desk")
    page = settings_page(qtbot, window)
    assert person.email in page.findChild(QLabel, "signed-in-as").text()
    assert live_server.url in page.findChild(QLabel, "signed-in-as").text()
    fields = open_password_form(qtbot, page)
    message = page.findChild(QLabel, "password-message")
    save = page.findChild(QPushButton, "save-password")

    # Checked here first: a short password, or two that differ, never reach the server.
    fields["current-password"].setText(person.password)
    fields["new-password"].setText("short")
    fields["repeat-password"].setText("short")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert message.isVisible() and "at least 8 characters" in message.text()
    fields["new-password"].setText("a new long passphrase")
    fields["repeat-password"].setText("a new long passphrase!")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert "differ" in message.text() and fields["repeat-password"].property("invalid") is True

    # A wrong current password: the server refuses, said under the field.
    fields["current-password"].setText("not my password")
    fields["repeat-password"].setText("a new long passphrase")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: save.isEnabled() and "current password is wrong" in message.text(), timeout=WINDOW_WAIT_MS)
    assert fields["current-password"].property("invalid") is True
    assert live_server.call("POST", "/auth/login", json={"email": person.email, "password": person.password}).status_code == 200

    # The right one: changed on the server; this window carries on, the other session ends.
    fields["current-password"].setText(person.password)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    changed = page.findChild(QLabel, "password-changed")
    qtbot.waitUntil(changed.isVisible, timeout=WINDOW_WAIT_MS)
    assert not message.isVisible() and fields["current-password"].text() == ""
    assert live_server.call("POST", "/auth/login", json={"email": person.email, "password": person.password}).status_code == 401
    assert live_server.call("POST", "/auth/login", json={"email": person.email, "password": "a new long passphrase"}).status_code == 200
    other_device = httpx.get(f"{live_server.url}/api/v1/auth/me", headers={"Authorization": f"Bearer {other_session['access_token']}"}, timeout=30)
    assert other_device.status_code == 401
    # This device's session still works: a sync asked with F5 reports back (a failed one would not).
    with qtbot.waitSignal(window.context.sync_finished, timeout=SYNC_WAIT_MS):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.status.state == "idle", timeout=SYNC_WAIT_MS)


def test_sign_out_from_settings_goes_to_the_login_page(qtbot, make_window, live_server, tmp_path) -> None:  # noqa: ANN001
    person = live_server.register("leaver")
    window = signed_in_window(qtbot, make_window, live_server, person, tmp_path / "desk")
    page = settings_page(qtbot, window)
    qtbot.mouseClick(page.findChild(QPushButton, "sign-out"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.router.path == "/login", timeout=WINDOW_WAIT_MS)
    assert window.context.profile is None


GREENHOUSE = """
    from chenu_desktop import PageSpec, SettingSpec, hookimpl

    __version__ = "2.3.0"


    def page(context):
        from PySide6.QtWidgets import QLabel

        values = context.plugins.setting_values()
        shown = QLabel(f"Water every {values['greenhouse.days']} days")
        shown.setObjectName("greenhouse-page")
        return shown


    @hookimpl
    def register_pages():
        return [PageSpec(id="greenhouse.home", path="/greenhouse", title="Greenhouse", factory=page)]


    @hookimpl
    def register_settings():
        return [
            SettingSpec(key="greenhouse.days", label="Days between waterings", type=int, default=3),
            SettingSpec(key="greenhouse.misting", label="Mist the seedlings", type=bool, default=False),
            SettingSpec(key="greenhouse.share", label="Share of water", type=float, default=0.5),
        ]
"""


@pytest.fixture
def greenhouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """A plugin installed as a real distribution (found through its entry point, as pip would leave it)."""
    site = tmp_path / "site"
    install_distribution(site, "chenu-greenhouse", "2.3.0", {"greenhouse": "chenu_greenhouse"}, {"chenu_greenhouse.py": textwrap.dedent(GREENHOUSE)})
    monkeypatch.syspath_prepend(str(site))
    yield
    sys.modules.pop("chenu_greenhouse", None)


def test_a_plugin_switched_off_is_not_loaded_at_the_next_start(qtbot, make_window, device, greenhouse) -> None:  # noqa: ANN001
    window = make_window(device)
    open_profile(qtbot, window)
    page = settings_page(qtbot, window)
    assert "2.3.0" in page.findChild(QLabel, "plugin-greenhouse-name").text()
    assert "Active" in page.findChild(QLabel, "plugin-greenhouse-state").text()
    assert not page.findChild(QCheckBox, "plugin-chenu_spheres").isEnabled()  # a built-in stays on
    switch = page.findChild(QCheckBox, "plugin-greenhouse")
    tick(qtbot, switch)
    assert not switch.isChecked()
    assert "next start" in page.findChild(QLabel, "plugins-note").text()
    assert window.sidebar.findChild(QPushButton, "nav-greenhouse") is not None  # this session keeps it
    window.close()
    sys.modules.pop("chenu_greenhouse")  # as a new process would start

    again = make_window(device)
    assert again.sidebar.findChild(QPushButton, "nav-greenhouse") is None
    assert "chenu_greenhouse" not in sys.modules  # not even imported
    page = settings_page(qtbot, again)
    assert "Switched off" in page.findChild(QLabel, "plugin-greenhouse-state").text()
    tick(qtbot, page.findChild(QCheckBox, "plugin-greenhouse"))
    again.close()
    assert make_window(device).sidebar.findChild(QPushButton, "nav-greenhouse") is not None


def test_plugin_settings_are_checked_stored_and_handed_to_the_plugin(qtbot, make_window, device, greenhouse) -> None:  # noqa: ANN001
    window = make_window(device)
    open_profile(qtbot, window)
    page = settings_page(qtbot, window)
    days = page.findChild(QLineEdit, "setting-greenhouse.days")
    share = page.findChild(QLineEdit, "setting-greenhouse.share")
    assert (days.text(), share.text()) == ("3", "0.5")
    save = page.findChild(QPushButton, "save-plugin-settings")
    days.setText("three")
    share.setText("0,25")
    tick(qtbot, page.findChild(QCheckBox, "setting-greenhouse.misting"))
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    refusal = page.findChild(QLabel, "setting-greenhouse.days-message")
    assert refusal.isVisible() and "whole number" in refusal.text()
    assert days.property("invalid") is True
    assert Preferences.load(device).plugin_settings == {}  # nothing saved while one field is wrong
    days.setText("5")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert not refusal.isVisible()
    assert Preferences.load(device).plugin_settings == {"greenhouse.days": 5, "greenhouse.misting": True, "greenhouse.share": 0.25}
    window.router.navigate("/greenhouse")
    assert window.stack.currentWidget().findChild(QLabel, "greenhouse-page").text() == "Water every 5 days"


def test_charts_take_the_new_theme_colours_without_a_reload(qtbot, window) -> None:  # noqa: ANN001
    """Widgets that keep their colours (the dashboard's charts) follow a switch at once."""
    dashboard = open_page(qtbot, window, "/dashboard", "page-dashboard")
    qtbot.waitUntil(lambda: dashboard.findChild(QWidget, "tokens-chart") is not None, timeout=WINDOW_WAIT_MS)  # drawn just after the numbers
    tokens = dashboard.findChild(QWidget, "tokens-chart")
    aging = dashboard.findChild(QWidget, "aging-chart")
    for chosen in ("light", "dark"):
        window.context.set_theme(chosen)
        assert tokens.bar.color() == QColor(theme.colour("accent", chosen))
        assert tokens.values.labelsColor() == QColor(theme.colour("muted", chosen))
        assert aging.categories.labelsColor() == QColor(theme.colour("muted", chosen))
        assert pixel(dashboard, 2, dashboard.height() - 2) == QColor(theme.colour("window_end", chosen))


def test_choosing_french_relabels_the_sidebar_at_once_and_is_kept(qtbot, make_window, device) -> None:  # noqa: ANN001
    window = make_window(device)
    open_profile(qtbot, window)
    page = settings_page(qtbot, window)
    english = window.sidebar.findChild(QPushButton, "nav-settings").text()
    choose(qtbot, page.findChild(QComboBox, "language"), "fr")
    qtbot.waitUntil(lambda: window.sidebar.findChild(QPushButton, "nav-settings").text() != english, timeout=WINDOW_WAIT_MS)
    assert "Paramètres" in window.sidebar.findChild(QPushButton, "nav-settings").text()
    assert Preferences.load(device).language == "fr"
    rebuilt = settings_page(qtbot, window)  # the page itself speaks French, its choice shown
    assert rebuilt.findChild(QComboBox, "language").currentData() == "fr"
    choose(qtbot, rebuilt.findChild(QComboBox, "language"), "en")
    qtbot.waitUntil(lambda: window.sidebar.findChild(QPushButton, "nav-settings").text() == english, timeout=WINDOW_WAIT_MS)


def test_a_page_seen_before_a_switch_is_in_the_new_theme_when_seen_again(qtbot, window) -> None:  # noqa: ANN001
    """Pages kept from earlier visits are rebuilt in the new theme (restyling them all made a switch slow)."""
    open_page(qtbot, window, "/threads", "page-threads")
    window.resize(1280, 800)
    for chosen in ("light", "dark"):
        open_page(qtbot, window, "/settings", "page-settings")
        window.context.set_theme(chosen)
        open_page(qtbot, window, "/threads", "page-threads")
        assert pixel(window.stack, 4, 4) == QColor(theme.colour("window", chosen))


@pytest.mark.parametrize("name", [theme.DARK, theme.LIGHT])
def test_a_checked_box_shows_a_tick_not_a_filled_square(qtbot, name) -> None:  # noqa: ANN001
    app = QApplication.instance()
    before = theme.current(app)
    theme.apply(app, name)
    try:
        box = QCheckBox("Sync on")
        qtbot.addWidget(box)
        box.resize(120, 30)
        box.show()
        box.setChecked(True)
        image = box.grab().toImage()
        pixels = {(x, y): image.pixelColor(x, y).name() for x in range(24) for y in range(image.height())}
        filled = [point for point, name_ in pixels.items() if name_ == theme.colour("accent", name).lower()]
        assert filled, "the checked box is filled with the accent"
        left, right = min(x for x, _ in filled), max(x for x, _ in filled)
        top, bottom = min(y for _, y in filled), max(y for _, y in filled)
        tick = [
            point
            for point, name_ in pixels.items()
            if left < point[0] < right and top < point[1] < bottom and name_ == theme.colour("on_accent", name).lower()
        ]
        assert len(tick) >= 4, "a tick in the colour that reads on the accent is drawn inside the box"
    finally:
        theme.apply(app, before)
