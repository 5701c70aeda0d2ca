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


def create_window(
    data_dir: str | Path, server_url: str | None = None, plugins: PluginHost | None = None, fast_start: bool = False
) -> MainWindow:
    """The main window on `data_dir`, not yet shown.

    Uses the existing QApplication (making one only if there is none) and the
    process's asyncio loop on Qt's loop (made when first needed), so its
    background work progresses whenever Qt's event loop spins. Raises StoreProblem when the store cannot
    be opened (its message says what to do). `plugins` replaces the
    installed plugins (tests bring their own).

    `fast_start` (the app's own start): when the store is untouched since the
    window last closed, paint the first screen from the start snapshot and open
    the store just after (chenu_desktop/start_snapshot.py); and leave a
    snapshot when closing."""
    from chenu_desktop.preferences import Preferences
    from chenu_desktop.ui import i18n, runtime, theme
    from chenu_desktop.ui.context import AppContext
    from chenu_desktop.ui.main_window import MainWindow

    app = runtime.application()
    preferences = Preferences.load(Path(data_dir))
    theme.switch(app).choose(preferences.theme)  # the saved choice, before the first widget paints
    language = i18n.install(app, preferences.language)  # before any widget, or a store-problem dialog, is labelled
    start = None
    if fast_start:
        from chenu_desktop import start_snapshot

        start = start_snapshot.load(Path(data_dir), language)
    context = AppContext(Path(data_dir), server_url, plugins, start=start, remember_start=fast_start, preferences=preferences)
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
    from chenu_desktop.store.problems import StoreProblem
    from chenu_desktop.ui import crash, runtime, startup_report

    gc.disable()  # until settle_memory: collecting while start-up builds what lives on frees nothing
    app = runtime.application()
    crash.install(data_dir)
    try:
        window = create_window(data_dir, server_url, fast_start=True)
    except StoreProblem as problem:
        gc.enable()
        crash.explain_store_problem(problem)
        return 1
    window.show()
    if window.context.store_open:
        settle_memory()
    else:  # a start from the snapshot: the store's code is still to be imported
        window.context.store_opened.connect(settle_memory)
    target = startup_report.requested()
    if target is not None:
        startup_report.report_when_ready(window, target)
    return app.exec()
