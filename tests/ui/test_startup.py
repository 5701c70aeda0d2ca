"""Starting up: a store that cannot open gets a calm dialog (never a traceback),
an unplanned exception gets the crash dialog and a log, and windows come and
go cleanly in one process."""

from __future__ import annotations

import gc
import logging
import sqlite3
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QTextEdit

from chenu_desktop.app import create_window, run
from chenu_desktop.store import STORE_FILE, Store
from chenu_desktop.ui.store_problems import StoreProblem, open_store
from tests.ui.conftest import WINDOW_WAIT_MS, open_profile


# ------------------------------------------------------------ broken data dirs


def corrupt_store(data_dir: Path) -> Path:
    data_dir.mkdir(parents=True)
    (data_dir / STORE_FILE).write_bytes(b"this is not a database, just bytes " * 200)
    return data_dir


def newer_store(data_dir: Path) -> Path:
    Store.open(data_dir / STORE_FILE).close()
    with sqlite3.connect(data_dir / STORE_FILE) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    with sqlite3.connect(data_dir / STORE_FILE) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # all of it in the file, to compare bytes
    return data_dir


def file_not_folder(data_dir: Path) -> Path:
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    data_dir.write_text("I am a file")
    return data_dir


BROKEN = {
    "corrupt": (corrupt_store, "damaged or is not a CHE·NU store", "Restore it from"),
    "newer": (newer_store, "written by a newer version of CHE·NU", "nothing was changed"),
    "a file": (file_not_folder, "is a file, not a folder", "--data-dir"),
}


@pytest.mark.parametrize("case", BROKEN)
def test_a_store_that_cannot_open_raises_store_problem_saying_what_to_do(qtbot, tmp_path: Path, case: str) -> None:
    make, title, advice = BROKEN[case]
    data_dir = make(tmp_path / "data")
    before = data_dir.read_bytes() if data_dir.is_file() else (data_dir / STORE_FILE).read_bytes()
    with pytest.raises(StoreProblem) as problem:
        create_window(data_dir)
    assert title in problem.value.title
    assert advice in problem.value.advice
    after = data_dir.read_bytes() if data_dir.is_file() else (data_dir / STORE_FILE).read_bytes()
    assert after == before  # nothing was touched


def test_open_store_names_a_store_in_use_by_another_program(tmp_path: Path) -> None:
    Store.open(tmp_path / STORE_FILE).close()
    holder = sqlite3.connect(tmp_path / STORE_FILE)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreProblem) as problem:
            open_store(tmp_path)
    finally:
        holder.rollback()
        holder.close()
    assert "in use by another program" in problem.value.title


# ------------------------------------------------------------ dialogs, answered by the test


@pytest.fixture
def dialogs(qtbot) -> Iterator[list[dict[str, str]]]:  # noqa: ANN001
    """Every message box the app shows is read, then closed (as a person pressing OK would)."""
    seen: list[dict[str, str]] = []

    def answer() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                details = widget.findChild(QTextEdit)
                seen.append(
                    {
                        "name": widget.objectName(),
                        "title": widget.windowTitle(),
                        "text": widget.text(),
                        "informative": widget.informativeText(),
                        "details": widget.detailedText(),
                        "details_selectable": str(bool(details and details.isReadOnly())),
                    }
                )
                widget.done(0)

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(answer)
    timer.start()
    yield seen
    timer.stop()


@pytest.fixture
def crash_handling(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """`crash.install` sets the excepthook and a log handler for the process: undo both afterwards."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.mark.parametrize("case", BROKEN)
def test_run_shows_a_calm_dialog_instead_of_a_traceback(qtbot, tmp_path: Path, dialogs, crash_handling, capsys, case: str) -> None:  # noqa: ANN001
    make, title, advice = BROKEN[case]
    data_dir = make(tmp_path / "data")
    assert run(data_dir) == 1
    assert len(dialogs) == 1
    shown = dialogs[0]
    assert shown["name"] == "store-problem"
    assert shown["title"] == "CHE·NU cannot open your data"
    assert title in shown["text"]
    assert advice in shown["informative"]
    assert "Traceback" not in capsys.readouterr().err
    assert gc.isenabled()  # paused during start-up, back on when the start fails too


def test_chenu_without_a_command_shows_the_dialog_for_a_damaged_store(qtbot, tmp_path: Path, dialogs, crash_handling, capsys) -> None:  # noqa: ANN001
    from chenu_desktop.cli import main

    data_dir = corrupt_store(tmp_path / "data")
    assert main(["--data-dir", str(data_dir)]) == 1
    assert [d["name"] for d in dialogs] == ["store-problem"]
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.qt_no_exception_capture
def test_an_unhandled_exception_shows_the_crash_dialog_and_writes_the_log(qtbot, tmp_path: Path, dialogs, crash_handling) -> None:  # noqa: ANN001
    from chenu_desktop.ui import crash

    data_dir = tmp_path / "data"
    crash.install(data_dir)

    def broken_slot() -> None:
        raise RuntimeError("the flux capacitor is empty")

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: bool(dialogs), timeout=WINDOW_WAIT_MS)
    shown = dialogs[0]
    assert shown["name"] == "crash-dialog"
    assert shown["text"] == "RuntimeError: the flux capacitor is empty"
    assert "nothing saved was lost" in shown["informative"]
    # The report (version, Python, the traceback) is in a read-only text box: select and copy.
    assert shown["details"].startswith("CHE·NU ")
    assert "in broken_slot" in shown["details"]
    assert shown["details_selectable"] == "True"
    for handler in logging.getLogger().handlers:
        handler.flush()
    written = (data_dir / "logs" / "chenu.log").read_text()
    assert "the flux capacitor is empty" in written and "in broken_slot" in written
    assert (data_dir / "logs" / "chenu.log").stat().st_mode & 0o077 == 0


# ------------------------------------------------------------ windows come and go


def test_several_windows_open_and_close_one_after_another(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    baseline = threading.active_count()
    for number in range(4):
        window = create_window(tmp_path / f"device-{number}")
        window.show()
        open_profile(qtbot, window)
        titles: list[str] = []
        window.context.run(
            lambda s, n=number: s.threads.add("personal", f"Window {n}", "Prove this one works").title,
            titles.append,
            writes=True,
        )
        qtbot.waitUntil(lambda: bool(titles), timeout=WINDOW_WAIT_MS)
        assert titles == [f"Window {number}"]
        window.close()
        window.deleteLater()
        qtbot.wait(10)
    # Every window stopped what it started (its store worker, watcher and network threads).
    qtbot.waitUntil(lambda: threading.active_count() <= baseline, timeout=WINDOW_WAIT_MS)
    # Each data dir kept its own thread, and opens again.
    again = create_window(tmp_path / "device-2")
    try:
        found: list[str] = []
        again.context.run(lambda s: [t.title for t in s.threads.list()], found.extend)
        qtbot.waitUntil(lambda: bool(found), timeout=WINDOW_WAIT_MS)
        assert found == ["Window 2"]
    finally:
        again.close()


def test_closing_an_unsigned_window_leaves_no_thread_running(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    baseline = threading.active_count()
    window = create_window(tmp_path / "fresh")
    window.show()
    window.close()
    qtbot.waitUntil(lambda: threading.active_count() <= baseline, timeout=WINDOW_WAIT_MS)



def test_qt_calls_keep_none_alive(qtbot) -> None:  # noqa: ANN001
    """PySide6 6.12.0 dropped a reference to None on every Qt call returning nothing:
    on Python 3.11 the window aborted ("none_dealloc") after a few thousand calls."""
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("calm")
    assert sys.getrefcount(None) >= before - 100  # other threads may hold or drop a few meanwhile


def test_run_hides_start_up_objects_from_the_garbage_collector(qtbot, tmp_path: Path, crash_handling) -> None:  # noqa: ANN001
    """Full collections walking ~175 000 start-up objects were the window's longest
    stalls during a big sync (~110 ms each); `run` freezes them once the window is up."""
    gc.unfreeze()

    def close_the_window() -> None:
        for widget in QApplication.topLevelWidgets():
            if widget.objectName() == "main-window" and widget.isVisible():
                widget.close()

    closer = QTimer()
    closer.timeout.connect(close_the_window)
    closer.start(200)
    try:
        assert run(tmp_path / "data") == 0
        assert gc.get_freeze_count() > 10_000
        assert gc.isenabled()  # paused during start-up only: a long sync must still free its cycles
    finally:
        closer.stop()
        gc.unfreeze()


def test_a_headless_command_runs_with_the_garbage_collector_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`python -m chenu_desktop` pauses the collector for start-up; a command that
    may run long (a big `chenu sync`) must not keep it paused."""
    from chenu_desktop.cli import main

    gc.disable()  # as chenu_desktop/__main__.py does before importing the CLI
    try:
        assert main(["--data-dir", str(tmp_path / "data"), "stats", "--json"]) == 0
        assert gc.isenabled()
    finally:
        gc.enable()
    assert '"threads"' in capsys.readouterr().out
