"""A benchmark hook: say when the first page has rendered, then close.

With `CHENU_REPORT_READY=FILE` (or `-` for stdout) in the environment, the
window appends one line `first_page:<path> <unix time>` to FILE once the page
it opened on has rendered its data and painted, and `first_page_live:<path> …`
once it has been drawn from the open store (the same moment, unless the first
paint came from the start snapshot), then closes itself, ending the process.
A cold-start timer (`bench/gui_startup.py`) starts `chenu` and reads the
lines; the format is the `name time` pairs Anki's anchor timer reads too. Without the variable nothing here runs.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer

if TYPE_CHECKING:
    from .main_window import MainWindow

VARIABLE = "CHENU_REPORT_READY"


def requested() -> str | None:
    return os.environ.get(VARIABLE) or None


def report_when_ready(window: MainWindow, target: str) -> None:
    page = window.stack.currentWidget()

    def mark(name: str) -> None:
        line = f"{name}:{window.router.path} {time.time():.6f}\n"
        if target == "-":
            sys.stdout.write(line)
            sys.stdout.flush()
        else:
            with open(target, "a", encoding="utf-8") as marks:
                marks.write(line)

    def live() -> None:
        window.repaint()
        mark("first_page_live")
        QTimer.singleShot(0, window.close)

    def ready() -> None:
        window.repaint()  # the populated page on screen, not merely laid out
        mark("first_page")
        if window.context.store_open:
            live()
        else:  # painted from the start snapshot: also time the page redrawn from the store
            window.context.store_opened.connect(
                lambda: page.rendered.connect(live, Qt.ConnectionType.SingleShotConnection), Qt.ConnectionType.SingleShotConnection
            )

    if page.rendered_once:  # rendered while the window was built (nothing to load, or the start snapshot)
        QTimer.singleShot(0, ready)
    else:
        page.rendered.connect(ready, Qt.ConnectionType.SingleShotConnection)
