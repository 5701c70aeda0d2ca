"""The Ctrl+K palette: threads, pages, plugin actions and built-in actions, by keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from chenu_desktop.plugin_host import DEFAULT_BUILTINS, PluginHost
from chenu_desktop.ui.models.palette_model import KindRole, PaletteEntry, PaletteModel
from tests.ui import palette_plugin
from tests.ui.conftest import WINDOW_WAIT_MS, open_profile
from tests.ui.thread_helpers import call


@pytest.fixture
def window(qtbot, make_window):  # noqa: ANN001, ANN201
    plugins = PluginHost.load(builtins=(*DEFAULT_BUILTINS, "tests.ui.palette_plugin"), use_entry_points=False)
    made = make_window(plugins=plugins)
    open_profile(qtbot, made)
    palette_plugin.RUNS.clear()
    return made


def _open_palette(qtbot, window) -> QLineEdit:  # noqa: ANN001
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    search = window.findChild(QLineEdit, "global-search")
    assert search is not None and search.isVisible()
    assert search.window() is window  # an overlay inside the window, not a window of its own
    return search


def _listed(window) -> list[tuple[str, str]]:  # noqa: ANN001
    model = window.command_palette.model
    return [(model.index(row).data(KindRole), model.index(row).data()) for row in range(model.rowCount())]


def test_ctrl_k_finds_a_thread_by_its_title_and_enter_opens_it(qtbot, window) -> None:
    call(qtbot, window, lambda s: s.threads.add("business", "Quarterly report", "Numbers by Friday"))
    thread = call(qtbot, window, lambda s: s.threads.add("personal", "Move house", "Find a flat"))
    search = _open_palette(qtbot, window)
    qtbot.keyClicks(search, "move hou")
    qtbot.waitUntil(lambda: ("thread", "Move house") in _listed(window), timeout=WINDOW_WAIT_MS)
    assert ("thread", "Quarterly report") not in _listed(window)
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert window.router.path == f"/thread/{thread.id}"
    assert not search.isVisible()


def test_enter_typed_before_the_store_answers_opens_the_thread_found(qtbot, window) -> None:
    thread = call(qtbot, window, lambda s: s.threads.add("personal", "Move house", "Find a flat"))
    search = _open_palette(qtbot, window)
    qtbot.keyClicks(search, "Move house")
    qtbot.keyClick(search, Qt.Key.Key_Return)  # within the debounce: runs once the answer is in
    qtbot.waitUntil(lambda: window.router.path == f"/thread/{thread.id}", timeout=WINDOW_WAIT_MS)


def test_a_plugin_action_is_listed_and_enter_runs_it(qtbot, window) -> None:
    search = _open_palette(qtbot, window)
    qtbot.keyClicks(search, "water the")
    assert _listed(window)[0] == ("action", "Water the plants")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: palette_plugin.RUNS == [window.context], timeout=WINDOW_WAIT_MS)
    assert not search.isVisible()


def test_arrows_move_and_pages_open(qtbot, window) -> None:
    search = _open_palette(qtbot, window)
    assert ("page", "Go to Threads") in _listed(window)  # before typing: pages and actions
    qtbot.keyClicks(search, "threads")
    assert _listed(window)[0] == ("page", "Go to Threads")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert window.router.path == "/threads"
    search = _open_palette(qtbot, window)
    qtbot.keyClicks(search, "business")
    qtbot.waitUntil(lambda: ("sphere", "Go to 💼 Business") in _listed(window), timeout=WINDOW_WAIT_MS)
    listed = _listed(window)
    row = listed.index(("sphere", "Go to 💼 Business"))
    for _ in range(row):
        qtbot.keyClick(search, Qt.Key.Key_Down)
    qtbot.keyClick(search, Qt.Key.Key_Down)
    qtbot.keyClick(search, Qt.Key.Key_Up)
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert window.router.path == "/sphere/business"


def test_built_in_new_thread_action_opens_the_dialog(qtbot, window) -> None:
    from PySide6.QtWidgets import QApplication

    search = _open_palette(qtbot, window)
    qtbot.keyClicks(search, "new thread")
    assert _listed(window)[0] == ("action", "New thread")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    dialog = QApplication.activeModalWidget()
    assert dialog is not None and dialog.objectName() == "new-thread-dialog"
    dialog.reject()


def test_escape_closes_and_reopening_starts_blank(qtbot, window) -> None:
    search = _open_palette(qtbot, window)
    qtbot.keyClicks(search, "something")
    qtbot.keyClick(search, Qt.Key.Key_Escape)
    assert not search.isVisible()
    assert window.router.path == "/dashboard"
    search = _open_palette(qtbot, window)
    assert search.text() == ""


def test_the_latest_query_wins(qtbot, window) -> None:
    call(qtbot, window, lambda s: s.threads.add("personal", "Move house", "Find a flat"))
    call(qtbot, window, lambda s: s.threads.add("business", "Quarterly report", "Numbers"))
    search = _open_palette(qtbot, window)
    qtbot.keyClicks(search, "move")
    qtbot.waitUntil(lambda: ("thread", "Move house") in _listed(window), timeout=WINDOW_WAIT_MS)
    search.setText("quarterly")
    window.command_palette._query_store()  # an answer to the old text may still be on its way
    search.setText("quarterly")
    qtbot.waitUntil(lambda: ("thread", "Quarterly report") in _listed(window), timeout=WINDOW_WAIT_MS)
    qtbot.wait(200)
    assert [title for kind, title in _listed(window) if kind == "thread"] == ["Quarterly report"]


def test_the_palette_model_passes_the_model_tester(qtmodeltester) -> None:
    model = PaletteModel()
    model.set_entries([PaletteEntry("page", "Threads", "/threads", lambda: None), PaletteEntry("action", "Sync now", "", lambda: None, "F5")])
    qtmodeltester.check(model, force_py=True)


def test_a_decision_opens_its_thread_and_a_click_outside_closes(qtbot, window) -> None:
    thread = call(qtbot, window, lambda s: s.threads.add("personal", "Move house", "Find a flat"))
    call(qtbot, window, lambda s: s.decisions.add("Pick a removal company", thread_id=thread.id))
    search = _open_palette(qtbot, window)
    qtbot.keyClicks(search, "removal")
    qtbot.waitUntil(lambda: ("decision", "Pick a removal company") in _listed(window), timeout=WINDOW_WAIT_MS)
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert window.router.path == f"/thread/{thread.id}"
    search = _open_palette(qtbot, window)
    qtbot.mouseClick(window.stack.currentWidget(), Qt.MouseButton.LeftButton)
    assert not search.isVisible()
