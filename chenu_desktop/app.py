"""The composition root of the desktop app: data dir → store → plugins → services → window.

`create_window` is what tests and `chenu` share; `run` adds what only a
real session needs (the application, the crash handler, the event loop).
Qt is imported only when a window is wanted, so headless commands stay light.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chenu_desktop.plugin_host.manager import PluginHost
    from chenu_desktop.ui.main_window import MainWindow


def create_window(data_dir: str | Path, server_url: str | None = None, plugins: PluginHost | None = None) -> MainWindow:
    """The main window on `data_dir`, not yet shown.

    Uses the existing QApplication (making one only if there is none) and the
    process's asyncio loop on Qt's loop, so its background work progresses
    whenever Qt's event loop spins. Raises StoreProblem when the store cannot
    be opened (its message says what to do). `plugins` replaces the
    installed plugins (tests bring their own)."""
    from chenu_desktop.ui import runtime, theme
    from chenu_desktop.ui.context import AppContext
    from chenu_desktop.ui.main_window import MainWindow

    app = runtime.application()
    runtime.event_loop()
    if app.property("theme") is None:
        theme.apply(app, theme.system_theme())
    context = AppContext(Path(data_dir), server_url, plugins)
    window = MainWindow(context)
    context.start_sync()
    return window


def settle_memory() -> None:
    """Hide what start-up made from the garbage collector, once the window is built.

    Imports, SQLAlchemy's mappings and Qt's wrappers are ~175 000 objects that
    live as long as the process. Python's full collections walk every one of
    them, holding the GIL: ~110 ms, about once a second while a sync allocates,
    which were the window's longest stalls (bench/gui_sync_lag.py). Frozen,
    they are skipped (a full collection then takes ~20 ms). Freezing is a
    constant-time list move, and what start-up left as garbage is tiny.
    The collector, paused during start-up (`run`), is switched back on."""
    gc.freeze()
    gc.enable()


def run(data_dir: Path, server_url: str | None = None) -> int:
    """Open the window and run until it closes; a store that cannot open gets a calm dialog."""
    from chenu_desktop.ui import crash, runtime, startup_report
    from chenu_desktop.ui.store_problems import StoreProblem

    gc.disable()  # until settle_memory: collecting while start-up builds what lives on frees nothing
    app = runtime.application()
    crash.install(data_dir)
    try:
        window = create_window(data_dir, server_url)
    except StoreProblem as problem:
        gc.enable()
        crash.explain_store_problem(problem)
        return 1
    window.show()
    settle_memory()
    target = startup_report.requested()
    if target is not None:
        startup_report.report_when_ready(window, target)
    return app.exec()
