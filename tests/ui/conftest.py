"""Window fixtures: real windows (offscreen) on real data dirs, and a real sync server.

`make_window(data_dir, server_url=None)` is `chenu_desktop.app.create_window`;
every window a test makes is closed at its end, which also stops its sync.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.sync_client.devices import LiveServer

WINDOW_WAIT_MS = 10_000


@pytest.fixture
def make_window(qtbot, tmp_path: Path) -> Iterator[Callable[..., object]]:  # noqa: ANN001 - pytest-qt's fixture
    from chenu_desktop.app import create_window

    windows = []

    def make(data_dir: Path | None = None, server_url: str | None = None, show: bool = True, plugins=None):  # noqa: ANN001,ANN202
        window = create_window(data_dir or tmp_path / f"device-{len(windows) + 1}", server_url, plugins)
        windows.append(window)
        if show:
            window.show()
        return window

    yield make
    for window in windows:
        window.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One real `chenu-server` on SQLite for the window tests (each test brings its own people)."""
    workdir = tmp_path_factory.mktemp("ui-server")
    live = LiveServer(f"sqlite:///{workdir / 'server.db'}", workdir)
    live.start()
    try:
        yield live
    finally:
        live.stop()


def open_profile(qtbot, window) -> None:  # noqa: ANN001
    """Choose "Work offline" on the login page and wait for the dashboard."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    assert window.router.path == "/login"
    qtbot.mouseClick(window.findChild(QPushButton, "work-offline"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.router.path == "/dashboard", timeout=WINDOW_WAIT_MS)


def worker_call(window, job: Callable[[Any], Any]) -> Any:  # noqa: ANN001
    """A service call on the window's own store thread, as the CLI would make it (blocking)."""
    return window.context.worker.call(lambda: job(window.context.services))


def open_page(qtbot, window, path: str, object_name: str | None = None):  # noqa: ANN001, ANN201
    """Go to `path` and wait until its page has loaded once; `object_name`: the page it must be."""
    window.router.navigate(path)
    page = window.stack.currentWidget()
    if object_name is not None:
        assert page.objectName() == object_name
    qtbot.waitUntil(lambda: page.loaded_once and page.isVisible(), timeout=WINDOW_WAIT_MS)
    return page


@pytest.fixture
def device(tmp_path: Path) -> Path:
    """The data dir of `window`."""
    return tmp_path / "device"


@pytest.fixture
def window(qtbot, make_window, device: Path):  # noqa: ANN001, ANN201
    """A window on `device` with a local profile open (on the dashboard)."""
    found = make_window(device)
    open_profile(qtbot, found)
    return found
