"""The thread page: what it shows (the content of each event), notes, edits, delete with Undo, restore, not found."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QWidget

from chenu_desktop.services.commands.threads import CreateAction, RefineIntent
from tests.ui.conftest import WINDOW_WAIT_MS, open_page
from tests.ui.thread_helpers import call


def _open(qtbot, window, thread_id: str):  # noqa: ANN001, ANN202
    return open_page(qtbot, window, f"/thread/{thread_id}", "page-thread")


def _events(page) -> list[str]:  # noqa: ANN001
    return [widget.text() for widget in page.findChildren(QLabel, "event-text") if not widget.isHidden()]


def _new_thread(qtbot, window, title: str = "Move house"):  # noqa: ANN001, ANN202
    return call(qtbot, window, lambda s: s.threads.add("personal", title, "Find a flat near work by March"))


def test_shows_intents_status_maturity_and_what_each_event_says(qtbot, window) -> None:
    def story(services):  # noqa: ANN001, ANN202
        thread = services.threads.add("personal", "Move house", "Find a flat near work by March")
        services.threads.note(thread.id, "Two visits on Thursday")
        decision = services.decisions.add("Which area", thread_id=thread.id, options=[{"label": "Near the river"}, {"label": "Old town"}])
        services.decisions.make(decision.id, "opt2")
        services.threads.governance.perform(CreateAction(thread.id, "Call the bank"))
        services.threads.governance.perform(RefineIntent(thread.id, "A flat in the old town by March"))
        services.threads.edit(thread.id, status="paused")
        return thread

    thread = call(qtbot, window, story)
    page = _open(qtbot, window, thread.id)
    assert window.top_bar.title.text() == "Move house"
    assert page.findChild(QLabel, "founding-intent").text() == "Find a flat near work by March"
    assert page.findChild(QLabel, "current-intent").text() == "A flat in the old town by March"
    assert "Paused" in page.findChild(QLabel, "thread-facts").text()
    # 7 events + 5 for the decision: the canon's score, and its level.
    assert page.findChild(QLabel, "maturity-level").text() == "Seed · 12"
    assert _events(page) == [
        "status → paused",
        "A flat in the old town by March",
        "Call the bank",
        "Old town",
        "Which area",
        "Two visits on Thursday",
        "“Move house”",
    ]
    captions = [widget.text() for widget in page.findChildren(QLabel, "event-caption") if not widget.isHidden()]
    assert captions[0] == "Edited · just now · you" and captions[3] == "Decision taken · just now · you"


def test_add_a_note_and_a_blank_note_is_refused_inline(qtbot, window) -> None:
    thread = _new_thread(qtbot, window)
    page = _open(qtbot, window, thread.id)
    note, add = page.findChild(QPlainTextEdit, "note-text"), page.findChild(QPushButton, "add-note")
    note.setPlainText("   ")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    error = page.findChild(QLabel, "note-error")
    assert error.isVisible() and error.text() == "Note: must not be blank"
    note.setPlainText("Called the agency")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _events(page)[:1] == ["Called the agency"], timeout=WINDOW_WAIT_MS)
    assert note.toPlainText() == "" and not error.isVisible()
    assert page.findChild(QLabel, "maturity-level").text() == "Seed · 2"


def test_edit_title_and_status_with_inline_validation(qtbot, window) -> None:
    thread = _new_thread(qtbot, window)
    page = _open(qtbot, window, thread.id)
    qtbot.mouseClick(page.findChild(QPushButton, "edit-thread"), Qt.MouseButton.LeftButton)
    title = page.findChild(QLineEdit, "edit-title")
    assert title.isVisible() and title.text() == "Move house"
    title.setText("")
    qtbot.mouseClick(page.findChild(QPushButton, "save-thread"), Qt.MouseButton.LeftButton)
    error = page.findChild(QLabel, "edit-error")
    assert error.isVisible() and error.text() == "Title: must not be blank"
    assert call(qtbot, window, lambda s: s.threads.get(thread.id), writes=False).title == "Move house"
    title.setText("Move to Lyon")
    status = page.findChild(QComboBox, "edit-status")
    status.setCurrentIndex(status.findData("completed"))
    qtbot.mouseClick(page.findChild(QPushButton, "save-thread"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.top_bar.title.text() == "Move to Lyon", timeout=WINDOW_WAIT_MS)
    assert not title.isVisible()
    assert "Completed" in page.findChild(QLabel, "thread-facts").text()
    saved = call(qtbot, window, lambda s: s.threads.get(thread.id), writes=False)
    assert (saved.title, saved.status) == ("Move to Lyon", "completed")


def test_delete_offers_undo_which_restores(qtbot, window) -> None:
    thread = _new_thread(qtbot, window)
    page = _open(qtbot, window, thread.id)
    qtbot.mouseClick(page.findChild(QPushButton, "delete-thread"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.router.path == "/threads", timeout=WINDOW_WAIT_MS)
    assert call(qtbot, window, lambda s: s.threads.get(thread.id), writes=False).deleted
    undo = next(b for b in window.findChildren(QPushButton, "toast-action") if b.isVisible())
    assert undo.text() == "Undo"
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not call(qtbot, window, lambda s: s.threads.get(thread.id), writes=False).deleted, timeout=WINDOW_WAIT_MS)


def test_a_deleted_thread_says_so_and_can_be_restored(qtbot, window) -> None:
    thread = _new_thread(qtbot, window)
    call(qtbot, window, lambda s: s.threads.delete(thread.id))
    page = _open(qtbot, window, thread.id)
    banner = page.findChild(QWidget, "deleted-banner")
    assert banner.isVisible() and "deleted" in page.findChild(QLabel, "deleted-text").text()
    assert not page.findChild(QPushButton, "add-note").isEnabled()
    qtbot.mouseClick(page.findChild(QPushButton, "restore-thread"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=WINDOW_WAIT_MS)
    assert not call(qtbot, window, lambda s: s.threads.get(thread.id), writes=False).deleted
    assert page.findChild(QPushButton, "add-note").isEnabled()


def test_an_unknown_thread_id_shows_not_found(qtbot, window) -> None:
    page = _open(qtbot, window, "no-such-thread")
    missing = page.findChild(QWidget, "thread-not-found")
    assert missing.isVisible()
    assert "no-such-thread" in missing.findChild(QLabel).text()
    assert window.top_bar.title.text() == "Thread not found"
    qtbot.mouseClick(page.findChild(QPushButton, "go-threads"), Qt.MouseButton.LeftButton)
    assert window.router.path == "/threads"
