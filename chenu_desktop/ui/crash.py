"""When something goes wrong that nobody planned for: log it, say so calmly, lose nothing.

Every write is one transaction, so an exception in the window can at worst
lose the action under way, never half of it; the dialog says that, with a
report the person can copy into a bug report. The log lives in the data dir.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QMessageBox

from chenu_desktop import __version__

from .i18n import tr

if TYPE_CHECKING:
    from .store_problems import StoreProblem  # the store's code, imported when a store is opened

LOG_FILE = "chenu.log"
log = logging.getLogger("chenu_desktop")


def install(data_dir: Path) -> None:
    """Log to `data_dir/logs/chenu.log` and show a dialog for unhandled exceptions."""
    try:
        folder = data_dir / "logs"
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler = RotatingFileHandler(folder / LOG_FILE, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        os.chmod(folder / LOG_FILE, 0o600)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logging.getLogger().addHandler(handler)
        logging.getLogger().setLevel(logging.INFO)
    except OSError:
        pass  # no log file (a read-only or missing data dir): the dialog still tells
    sys.excepthook = _unhandled


def _unhandled(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        QApplication.quit()
        return
    report = f"CHE·NU {__version__}, Python {sys.version.split()[0]}\n" + "".join(traceback.format_exception(kind, error, tb))
    log.error("unhandled exception\n%s", report)
    box = QMessageBox(QMessageBox.Icon.Warning, tr("Something went wrong"), "")
    box.setObjectName("crash-dialog")
    box.setText(f"{kind.__name__}: {error}")
    box.setInformativeText(
        tr(
            "The action under way may not have finished, but nothing saved was lost. "
            "You can keep working. The report below is also in the log in your data folder."
        )
    )
    box.setDetailedText(report)
    box.exec()


def explain_store_problem(problem: StoreProblem) -> None:
    from .store_problems import describe

    title, advice = describe(problem)
    box = QMessageBox(QMessageBox.Icon.Warning, tr("CHE·NU cannot open your data"), title)
    box.setObjectName("store-problem")
    box.setInformativeText(advice)
    box.exec()
