"""The app's own start: a store untouched since the window closed is painted
from the start snapshot, then opened in the background; any change in between
means the store is opened first, as without a snapshot."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from chenu_desktop.app import create_window
from chenu_desktop.start_snapshot import SNAPSHOT_FILE
from tests.support.cli import Chenu
from tests.ui.conftest import WINDOW_WAIT_MS, open_profile
from tests.ui.seed import services_on
from tests.ui.test_dashboard import seed_a_working_week, shown, stat_widgets


def numbers(window) -> dict[str, int]:  # noqa: ANN001
    return {stat: shown(widget) for stat, widget in stat_widgets(window).items()}


def closed_on_the_dashboard(qtbot, data_dir: Path) -> dict[str, int]:  # noqa: ANN001
    """Open the app's way, wait for the dashboard drawn from the store, close; its numbers."""
    window = create_window(data_dir, fast_start=True)
    window.show()
    page = window.stack.currentWidget()
    qtbot.waitUntil(lambda: window.context.store_open and page.loaded_once, timeout=WINDOW_WAIT_MS)
    shown_numbers = numbers(window)
    window.close()
    return shown_numbers


def test_an_unchanged_store_paints_its_dashboard_before_opening_it(qtbot, tmp_path: Path) -> None:
    data_dir = tmp_path / "desk"
    seed_a_working_week(data_dir)
    expected = Chenu(data_dir)("stats", "--json").json()
    first = closed_on_the_dashboard(qtbot, data_dir)
    assert first["threads"] == expected["threads"]["active"] and (data_dir / SNAPSHOT_FILE).exists()

    window = create_window(data_dir, fast_start=True)
    try:
        assert not window.context.store_open  # nothing of the store's code has run yet
        assert window.router.path == "/dashboard"
        window.show()
        assert numbers(window) == first  # painted at once, from the snapshot
        assert window.context.profile is not None and window.top_bar.isVisible()

        page = window.stack.currentWidget()
        renders = []
        page.rendered.connect(lambda: renders.append(1))
        qtbot.waitUntil(lambda: window.context.store_open and bool(renders), timeout=WINDOW_WAIT_MS)
        assert numbers(window) == first  # drawn again from the store: the same
        with services_on(data_dir) as services:
            services.threads.add("personal", "Written while the window is open", "seen without a restart")
        qtbot.waitUntil(lambda: numbers(window)["threads"] == first["threads"] + 1, timeout=WINDOW_WAIT_MS)
    finally:
        window.close()


def test_a_change_made_while_closed_opens_the_store_first(qtbot, tmp_path: Path) -> None:
    data_dir = tmp_path / "desk"
    seed_a_working_week(data_dir)
    first = closed_on_the_dashboard(qtbot, data_dir)
    Chenu(data_dir)("threads", "add", "--sphere", "personal", "--title", "From the terminal", "--intent", "while the window was closed")

    window = create_window(data_dir, fast_start=True)
    try:
        assert window.context.store_open  # the snapshot no longer matches the store
        window.show()
        page = window.stack.currentWidget()
        qtbot.waitUntil(lambda: page.loaded_once, timeout=WINDOW_WAIT_MS)
        assert numbers(window)["threads"] == first["threads"] + 1
    finally:
        window.close()


def test_signing_out_leaves_no_snapshot(qtbot, tmp_path: Path) -> None:
    data_dir = tmp_path / "desk"
    window = create_window(data_dir, fast_start=True)
    window.show()
    open_profile(qtbot, window)
    window.close()
    assert (data_dir / SNAPSHOT_FILE).exists()
    snapshot = json.loads((data_dir / SNAPSHOT_FILE).read_text(encoding="utf-8"))
    assert "token" not in json.dumps(snapshot["profile"]).lower()

    window = create_window(data_dir, fast_start=True)
    window.show()
    qtbot.waitUntil(lambda: window.context.store_open, timeout=WINDOW_WAIT_MS)
    window.router.navigate("/settings")
    window.context.sign_out(lambda: window.router.replace("/login"))
    qtbot.waitUntil(lambda: window.router.path == "/login", timeout=WINDOW_WAIT_MS)
    window.close()
    assert not (data_dir / SNAPSHOT_FILE).exists()


FIRST_PAINT_PROBE = """
import runpy
import sys

written = []
class Marks:
    def write(self, text):
        if text.startswith("first_page:"):
            written.append("sqlalchemy" in sys.modules)
    def flush(self):
        pass
sys.stdout = Marks()
sys.argv = ["chenu", "--data-dir", sys.argv[1]]
try:
    runpy.run_module("chenu_desktop", run_name="__main__")  # exactly `python -m chenu_desktop`
finally:
    sys.__stdout__.write(repr(written))
"""


def test_the_first_paint_from_a_snapshot_needs_none_of_the_store_code(qtbot, tmp_path: Path) -> None:
    """The start path stays light: no module it imports before the first paint
    pulls in SQLAlchemy (the ~0.3 s the snapshot exists to save)."""
    data_dir = tmp_path / "desk"
    seed_a_working_week(data_dir)
    closed_on_the_dashboard(qtbot, data_dir)
    env = dict(os.environ, CHENU_REPORT_READY="-", QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT_PROBE, str(data_dir)], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[False]", done.stdout + done.stderr
