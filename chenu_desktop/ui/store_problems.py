"""Opening the store, and saying calmly what to do when it cannot be opened."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.exc import DatabaseError, OperationalError

from chenu_desktop.store import STORE_FILE, Store
from chenu_desktop.store.errors import MigrationError, StoreTooNewError


class StoreProblem(Exception):
    """The store cannot be opened; `title` and `advice` are shown to the person."""

    def __init__(self, title: str, advice: str) -> None:
        super().__init__(f"{title} {advice}")
        self.title = title
        self.advice = advice


def open_store(data_dir: Path) -> Store:
    """Open (and migrate) the data dir's store, or raise a StoreProblem saying what to do."""
    path = data_dir / STORE_FILE
    if data_dir.exists() and not data_dir.is_dir():
        raise StoreProblem(
            f"{data_dir} is a file, not a folder.",
            "Choose another data folder with --data-dir (or CHENU_DATA_DIR), or move that file away.",
        )
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        return Store.open(path)
    except StoreTooNewError as error:
        raise StoreProblem(
            "This data was written by a newer version of CHE·NU.",
            f"Install the newer version to open it; nothing was changed. ({error})",
        ) from None
    except MigrationError as error:
        raise StoreProblem(
            "The data could not be brought up to date.",
            f"Your data is untouched and a copy is kept in {data_dir / 'backups'}. ({error})",
        ) from None
    except (OperationalError, DatabaseError, sqlite3.DatabaseError) as error:
        text = str(getattr(error, "orig", error)).lower()
        if "locked" in text or "busy" in text:
            raise StoreProblem(
                "The data is in use by another program.",
                "Close the other CHE·NU window or command using this data folder, then start again.",
            ) from None
        if "readonly" in text or "read-only" in text:
            raise StoreProblem(
                "The data folder is read-only.",
                f"CHE·NU needs to write to {data_dir}: check its permissions, or choose another folder with --data-dir.",
            ) from None
        raise StoreProblem(
            f"{path.name} is damaged or is not a CHE·NU store.",
            f"Restore it from {data_dir / 'backups'} (copies are kept before every upgrade), "
            "or move it away to start afresh.",
        ) from None
    except PermissionError as error:
        raise StoreProblem(
            "CHE·NU may not open its data folder.",
            f"Check the permissions of {error.filename or data_dir}, or choose another folder with --data-dir.",
        ) from None
