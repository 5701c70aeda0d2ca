"""The threads list and the new-thread dialog: create, validate, filter, sort, search, lazy loading."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QPushButton

from chenu_desktop.services.thread_pages import PAGE_SIZE
from chenu_desktop.ui.models.thread_list_model import TITLE, IdRole
from tests.ui.conftest import WINDOW_WAIT_MS, open_page, open_profile
from tests.ui.thread_helpers import call, seed_threads


def _threads_page(qtbot, window):  # noqa: ANN001, ANN202
    return open_page(qtbot, window, "/threads", "page-threads")


def _titles(view: QAbstractItemView) -> list[str]:
    model = view.model()
    return [model.index(row, TITLE).data() for row in range(model.rowCount())]


def _dialog_fields(window):  # noqa: ANN001, ANN202
    """The open dialog's fields (the login page has a "submit" too: look inside the dialog)."""
    dialog = QApplication.activeModalWidget()
    assert dialog is not None and dialog.objectName() == "new-thread-dialog" and dialog.parent() is window
    assert [d for d in window.findChildren(QDialog, "new-thread-dialog") if d.isVisible()] == [dialog]
    title = dialog.findChild(QLineEdit, "thread-title")
    intent = dialog.findChild(QPlainTextEdit, "thread-intent")
    submit = dialog.findChild(QPushButton, "submit")
    assert title is not None and intent is not None and submit is not None
    return title, intent, submit


def test_new_thread_dialog_creates_the_thread_and_opens_it(qtbot, make_window) -> None:
    window = make_window()
    open_profile(qtbot, window)
    page = _threads_page(qtbot, window)
    qtbot.mouseClick(page.findChild(QPushButton, "create-thread"), Qt.MouseButton.LeftButton)
    title, intent, submit = _dialog_fields(window)
    title.setText("Move house")
    intent.setPlainText("Find a flat near work by March")
    qtbot.mouseClick(submit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.router.path.startswith("/thread/"), timeout=WINDOW_WAIT_MS)
    thread_page = window.stack.currentWidget()
    qtbot.waitUntil(lambda: thread_page.findChild(QLabel, "founding-intent").text() == "Find a flat near work by March", timeout=WINDOW_WAIT_MS)
    assert window.top_bar.title.text() == "Move house"
    (thread,) = call(qtbot, window, lambda s: s.threads.list(), writes=False)
    assert window.router.path == f"/thread/{thread.id}" and thread.sphere_id == "personal"
    window.router.navigate("/threads")
    view = window.findChild(QAbstractItemView, "thread-list")
    qtbot.waitUntil(lambda: _titles(view) == ["Move house"], timeout=WINDOW_WAIT_MS)


def test_a_closing_window_closes_its_dialog_and_ctrl_n_twice_keeps_one(qtbot, make_window) -> None:
    window = make_window()
    open_profile(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    title, _intent, _submit = _dialog_fields(window)
    window.close()
    assert not title.window().isVisible()


def test_invalid_input_shows_the_services_message_and_creates_nothing(qtbot, make_window) -> None:
    window = make_window()
    open_profile(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    title, intent, submit = _dialog_fields(window)
    error = title.window().findChild(QLabel, "thread-error")
    intent.setPlainText("A reason")
    title.setText("   ")
    qtbot.mouseClick(submit, Qt.MouseButton.LeftButton)
    assert error.isVisible() and error.text() == "Title: must not be blank"
    title.setText("x" * 201)
    qtbot.mouseClick(submit, Qt.MouseButton.LeftButton)
    assert "at most 200 characters" in error.text()
    title.setText("Fine title")
    intent.setPlainText("")
    qtbot.mouseClick(submit, Qt.MouseButton.LeftButton)
    assert error.text() == "Founding_intent: must not be blank"
    assert title.isVisible()
    assert call(qtbot, window, lambda s: s.threads.count(), writes=False) == 0
    assert window.router.path == "/dashboard"


def test_ctrl_n_on_a_sphere_page_preselects_that_sphere(qtbot, make_window) -> None:
    window = make_window()
    open_profile(qtbot, window)
    window.router.navigate("/sphere/business")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    title, _intent, _submit = _dialog_fields(window)
    sphere = title.window().findChild(QComboBox, "thread-sphere")
    assert sphere.currentData() == "business"


def test_filters_sort_and_search(qtbot, make_window) -> None:
    window = make_window()
    open_profile(qtbot, window)

    def fill(services) -> None:  # noqa: ANN001
        services.threads.add("personal", "Move house", "Why")
        work = services.threads.add("business", "Quarterly report", "Why")
        services.threads.edit(work.id, status="paused")
        busy = services.threads.add("business", "Hire a designer", "Why")
        for number in range(3):
            services.threads.note(busy.id, f"note {number}")
        services.threads.add("personal", "Plant the garden", "Why")

    call(qtbot, window, fill)
    page = _threads_page(qtbot, window)
    view = page.findChild(QAbstractItemView, "thread-list")
    qtbot.waitUntil(lambda: _titles(view) == ["Plant the garden", "Hire a designer", "Quarterly report", "Move house"], timeout=WINDOW_WAIT_MS)
    qtbot.waitUntil(lambda: page.findChild(QLabel, "thread-count").text() == "4 threads", timeout=WINDOW_WAIT_MS)

    sphere = page.findChild(QComboBox, "thread-sphere-filter")
    sphere.setCurrentIndex(sphere.findData("business"))
    qtbot.waitUntil(lambda: _titles(view) == ["Hire a designer", "Quarterly report"], timeout=WINDOW_WAIT_MS)
    status = page.findChild(QComboBox, "thread-status-filter")
    status.setCurrentIndex(status.findData("paused"))
    qtbot.waitUntil(lambda: _titles(view) == ["Quarterly report"], timeout=WINDOW_WAIT_MS)
    status.setCurrentIndex(status.findData("completed"))
    qtbot.waitUntil(lambda: page.findChild(QLabel, "no-match").isVisible(), timeout=WINDOW_WAIT_MS)

    sphere.setCurrentIndex(0)
    status.setCurrentIndex(0)
    sort = page.findChild(QComboBox, "thread-sort")
    sort.setCurrentIndex(sort.findData("maturity"))
    qtbot.waitUntil(lambda: _titles(view)[:1] == ["Hire a designer"], timeout=WINDOW_WAIT_MS)
    qtbot.keyClicks(page.findChild(QLineEdit, "thread-search"), "HOUSE")
    qtbot.waitUntil(lambda: _titles(view) == ["Move house"], timeout=WINDOW_WAIT_MS)


def test_clicking_a_row_opens_the_thread(qtbot, make_window) -> None:
    window = make_window()
    open_profile(qtbot, window)
    thread = call(qtbot, window, lambda s: s.threads.add("personal", "Move house", "Why"))
    page = _threads_page(qtbot, window)
    view = page.findChild(QAbstractItemView, "thread-list")
    qtbot.waitUntil(lambda: view.model().rowCount() == 1, timeout=WINDOW_WAIT_MS)
    index = view.model().index(0, TITLE)
    assert index.data(IdRole) == thread.id
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    assert window.router.path == f"/thread/{thread.id}"


def test_a_long_list_loads_a_page_first_and_more_as_it_scrolls(qtbot, make_window) -> None:
    window = make_window()
    open_profile(qtbot, window)
    call(qtbot, window, lambda s: seed_threads(s, 2000))
    page = _threads_page(qtbot, window)
    view = page.findChild(QAbstractItemView, "thread-list")
    model = view.model()
    qtbot.waitUntil(lambda: model.rowCount() == PAGE_SIZE, timeout=WINDOW_WAIT_MS)
    assert model.index(0, TITLE).data() == "Seeded thread 1999"
    qtbot.waitUntil(lambda: page.findChild(QLabel, "thread-count").text() == "2,000 threads", timeout=WINDOW_WAIT_MS)
    assert model.rowCount() == PAGE_SIZE  # nothing more until the person scrolls
    view.scrollToBottom()
    # At least the next page (a view still at the bottom when it lands may ask for one more).
    qtbot.waitUntil(lambda: model.rowCount() >= 2 * PAGE_SIZE, timeout=WINDOW_WAIT_MS)
    assert model.index(2 * PAGE_SIZE - 1, TITLE).data() == f"Seeded thread {2000 - 2 * PAGE_SIZE}"
    # A change in the store keeps the rows already shown.
    call(qtbot, window, lambda s: s.threads.add("personal", "Fresh", "Why"))
    qtbot.waitUntil(lambda: model.index(0, TITLE).data() == "Fresh", timeout=WINDOW_WAIT_MS)
    assert model.rowCount() >= 2 * PAGE_SIZE


def test_the_thread_list_model_passes_the_model_tester(qtbot, qtmodeltester, make_window) -> None:
    window = make_window()
    open_profile(qtbot, window)
    call(qtbot, window, lambda s: seed_threads(s, PAGE_SIZE + 20))
    page = _threads_page(qtbot, window)
    model = page.findChild(QAbstractItemView, "thread-list").model()
    qtbot.waitUntil(lambda: model.rowCount() == PAGE_SIZE, timeout=WINDOW_WAIT_MS)
    qtmodeltester.check(model, force_py=True)
    model.fetchMore()
    assert model.rowCount() == PAGE_SIZE and not model.canFetchMore()  # asked of the worker, not read here
    model.fetchMore()  # a second call while the page is on its way asks nothing more
    qtbot.waitUntil(lambda: model.rowCount() == PAGE_SIZE + 20, timeout=WINDOW_WAIT_MS)
    assert not model.canFetchMore()
    qtmodeltester.check(model, force_py=True)


def test_an_empty_workspace_offers_to_start_a_thread(qtbot, make_window) -> None:
    window = make_window()
    open_profile(qtbot, window)
    page = _threads_page(qtbot, window)
    empty = page.findChild(QPushButton, "empty-action")
    qtbot.waitUntil(empty.isVisible, timeout=WINDOW_WAIT_MS)
    qtbot.mouseClick(empty, Qt.MouseButton.LeftButton)
    title, _intent, _submit = _dialog_fields(window)
    assert title.isVisible() and title.window().focusWidget() is title
