"""Plugins in the window: their pages, panels and actions appear where a person
looks for them, and one that fails shows an error card while the rest works.

The test plugin is installed as a real distribution with a `chenu.plugins`
entry point (as pip would), so the window finds it the way it finds any plugin.
Also: the headless `chenu` commands never import Qt.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QFrame, QLabel, QPushButton, QToolButton

from tests.plugins.example_plugin import install_distribution
from tests.ui.conftest import WINDOW_WAIT_MS, open_profile

LAB_PLUGIN = """
    from chenu_desktop import ActionSpec, PageSpec, PanelSpec, hookimpl


    def notes_page(context):
        from PySide6.QtWidgets import QLabel

        page = QLabel(f"Lab notes: {len(context.plugins.spheres())} spheres")
        page.setObjectName("lab-notes")
        return page


    def broken_page(context):
        raise RuntimeError("the lab page is on fire")


    def shelf_panel(context):
        from PySide6.QtWidgets import QLabel

        panel = QLabel("Lab shelf")
        panel.setObjectName("lab-shelf")
        return panel


    def broken_panel(context):
        raise ValueError("the shelf fell down")


    def stamp(context):
        context.run(lambda services: services.threads.add("personal", "Stamped by the lab", "Prove the action ran"),
                    writes=True)


    def explode(context):
        raise RuntimeError("boom")


    @hookimpl
    def register_pages():
        return [PageSpec(id="lab.notes", path="/lab/notes", title="Lab notes", factory=notes_page),
                PageSpec(id="lab.broken", path="/lab/broken", title="Broken lab", factory=broken_page)]


    @hookimpl
    def register_panels():
        return [PanelSpec(id="lab.shelf", title="Lab shelf", factory=shelf_panel),
                PanelSpec(id="lab.fallen", title="Fallen shelf", factory=broken_panel)]


    @hookimpl
    def register_actions():
        return [ActionSpec(id="lab.stamp", title="Stamp a thread", shortcut="Ctrl+Shift+L", handler=stamp),
                ActionSpec(id="lab.explode", title="Explode", shortcut=None, handler=explode)]
"""


@pytest.fixture
def lab_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The lab plugin, installed as a distribution on sys.path; forgotten afterwards."""
    site = tmp_path / "site"
    install_distribution(site, "chenu-lab", "1.0.0", {"lab": "chenu_lab"}, {"chenu_lab.py": textwrap.dedent(LAB_PLUGIN)})
    monkeypatch.syspath_prepend(str(site))
    yield
    sys.modules.pop("chenu_lab", None)


@pytest.fixture
def window(qtbot, make_window, lab_plugin):  # noqa: ANN001, ANN201
    window = make_window()
    open_profile(qtbot, window)
    return window


def test_a_plugin_page_is_in_the_sidebar_and_the_router_and_shows_its_widget(qtbot, window) -> None:  # noqa: ANN001
    entry = window.sidebar.findChild(QPushButton, "nav-lab-notes")
    assert entry is not None and "Lab notes" in entry.text()
    qtbot.mouseClick(entry, Qt.MouseButton.LeftButton)
    assert window.router.path == "/lab/notes"
    page = window.stack.currentWidget()
    assert page.objectName() == "page-plugin-lab.notes"
    shown = page.findChild(QLabel, "lab-notes")
    assert shown is not None and shown.isVisible()
    assert shown.text() == "Lab notes: 9 spheres"  # the factory was given the window's context
    assert window.top_bar.title.text() == "Lab notes"


def test_a_page_whose_factory_raises_shows_an_error_card_and_the_rest_keeps_working(qtbot, window) -> None:  # noqa: ANN001
    window.router.navigate("/lab/broken")
    page = window.stack.currentWidget()
    assert page.objectName() == "page-plugin-lab.broken"
    card = page.findChild(QFrame, "error-card")
    assert card is not None and card.isVisible()
    texts = " ".join(label.text() for label in card.findChildren(QLabel))
    assert "lab" in texts and "RuntimeError: the lab page is on fire" in texts
    # The window goes on: another page, then the plugin's working page.
    window.router.navigate("/threads")
    assert window.stack.currentWidget().objectName() == "page-threads"
    window.router.navigate("/lab/notes")
    assert window.stack.currentWidget().findChild(QLabel, "lab-notes").isVisible()


def test_panels_are_dock_widgets_and_a_failing_one_shows_an_error_card(qtbot, window) -> None:  # noqa: ANN001
    shelf = window.findChild(QDockWidget, "panel-lab.shelf")
    assert shelf is not None and shelf.isVisible()
    assert shelf.windowTitle() == "Lab shelf"
    assert shelf.widget().objectName() == "lab-shelf"
    fallen = window.findChild(QDockWidget, "panel-lab.fallen")
    assert fallen is not None and fallen.isVisible()
    assert fallen.widget().objectName() == "error-card"
    assert "ValueError: the shelf fell down" in " ".join(label.text() for label in fallen.widget().findChildren(QLabel))


def _plugin_menu(window):  # noqa: ANN001, ANN202
    user_menu = window.findChild(QToolButton, "user-menu").menu()
    entry = next(action for action in user_menu.actions() if action.menu() is not None and action.menu().objectName() == "plugin-actions")
    return entry


def _titles(qtbot, window) -> list[str]:  # noqa: ANN001
    found: list[list[str]] = []
    window.context.run(lambda s: [t.title for t in s.threads.list()], found.append)
    qtbot.waitUntil(lambda: bool(found), timeout=WINDOW_WAIT_MS)
    return found[0]


def test_actions_are_in_the_user_menu_and_run_with_their_shortcut(qtbot, window) -> None:  # noqa: ANN001
    entry = _plugin_menu(window)
    assert entry.isVisible() and entry.text() == "Plugin actions"
    actions = {action.text(): action for action in entry.menu().actions()}
    assert list(actions) == ["Stamp a thread", "Explode"]
    assert actions["Stamp a thread"].shortcut().toString() == "Ctrl+Shift+L"

    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: _titles(qtbot, window) == ["Stamped by the lab"], timeout=WINDOW_WAIT_MS)
    actions["Stamp a thread"].trigger()
    qtbot.waitUntil(lambda: len(_titles(qtbot, window)) == 2, timeout=WINDOW_WAIT_MS)


def test_an_action_that_raises_is_told_in_a_toast_and_the_window_goes_on(qtbot, window) -> None:  # noqa: ANN001
    actions = {action.text(): action for action in _plugin_menu(window).menu().actions()}
    actions["Explode"].trigger()
    texts = [toast.findChild(QLabel).text() for toast in window.toasts.toasts()]
    assert any("Explode" in text and "lab" in text and "boom" in text for text in texts), texts
    actions["Stamp a thread"].trigger()
    qtbot.waitUntil(lambda: _titles(qtbot, window) == ["Stamped by the lab"], timeout=WINDOW_WAIT_MS)


def test_without_plugin_actions_the_menu_entry_is_hidden(qtbot, make_window) -> None:  # noqa: ANN001
    window = make_window()
    assert not _plugin_menu(window).isVisible()


# ------------------------------------------------------------ headless stays headless

NO_QT = """
import sys
from chenu_desktop.cli import main
data_dir, commands = sys.argv[1], [line.split() for line in sys.argv[2:]]
codes = [main(["--data-dir", data_dir, *command]) for command in commands]
qt = sorted(name for name in sys.modules if name.startswith(("PySide6", "shiboken6", "qasync")))
print(" ".join(["QT-MODULES", *qt]), file=sys.stderr)
raise SystemExit(max(codes))
"""
HEADLESS = [
    "spheres list --json",
    "threads add --sphere personal --title Headless --intent No-window",
    "threads list --json",
    "decisions list --json",
    "agents list --json",
    "checkpoints list --json",
    "tokens --json",
    "memory list",
    "conflicts list --json",
    "audit --json",
    "stats --json",
    "plugins list --json",
    "workspaces list --json",
]


def test_headless_commands_import_no_qt(tmp_path: Path) -> None:
    """Every command but the window, one after another in one process: Qt never loads."""
    done = subprocess.run(
        [sys.executable, "-c", NO_QT, str(tmp_path / "data"), *HEADLESS],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "QT-MODULES", done.stderr


def test_importing_the_cli_imports_no_qt() -> None:
    code = "import sys, chenu_desktop.cli; print(any(m.startswith('PySide6') for m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "False"
