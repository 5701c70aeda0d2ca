"""Opening the store, and saying calmly what to do when it cannot be opened.

One classification for every door into the store: the window shows a
`StoreProblem` in a dialog, the `chenu` command prints it as one line and
exits non-zero, `chenu doctor` names it among its checks. No Qt here, and
light to import (the store itself is imported when opened), so every command
can catch a StoreProblem.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from chenu_desktop.paths import BACKUPS_DIR, STORE_FILE

from .errors import MigrationError, StoreTooNewError

if TYPE_CHECKING:
    from .database import Store


NOT_A_FOLDER = "not_a_folder"
TOO_NEW = "too_new"
NOT_MIGRATED = "not_migrated"
IN_USE = "in_use"
READ_ONLY = "read_only"
NO_PERMISSION = "no_permission"
DISK_FULL = "disk_full"
DAMAGED = "damaged"
UNREACHABLE = "unreachable"

_READ_ONLY_ERRNOS = {errno.EROFS}
_PERMISSION_ERRNOS = {errno.EACCES, errno.EPERM}


class StoreProblem(Exception):
    """The store cannot be opened; `title` and `advice` are shown to the person.

    `kind` (one of the constants above) says which problem it is and `path`
    the file or folder it concerns, for code that reacts to it or words it
    differently (the window's translated dialog).
    """

    def __init__(self, kind: str, title: str, advice: str, path: Path) -> None:
        super().__init__(f"{title} {advice}")
        self.kind = kind
        self.title = title
        self.advice = advice
        self.path = path


def open_store(data_dir: Path) -> Store:
    """Open (and migrate) the data dir's store, or raise a StoreProblem saying what to do."""
    not_a_folder = _not_a_folder(data_dir)
    if not_a_folder is not None:
        raise not_a_folder
    from sqlalchemy.exc import DatabaseError, OperationalError

    from .database import Store

    try:
        return Store.open(data_dir / STORE_FILE)
    except (StoreTooNewError, MigrationError, OperationalError, DatabaseError, sqlite3.DatabaseError, OSError) as error:
        raise classify(error, data_dir) from None


def classify(error: BaseException, data_dir: Path) -> StoreProblem:
    """The StoreProblem an error met while opening the store at `data_dir` stands for."""
    backups = data_dir / BACKUPS_DIR
    if isinstance(error, StoreTooNewError):
        return StoreProblem(
            TOO_NEW,
            "This data was written by a newer version of CHE·NU.",
            f"Install the newer version to open it; nothing was changed. ({error})",
            data_dir / STORE_FILE,
        )
    if isinstance(error, MigrationError):
        return StoreProblem(
            NOT_MIGRATED,
            "The data could not be brought up to date.",
            f"Your data is untouched and a copy is kept in {backups}. ({error})",
            backups,
        )
    if isinstance(error, OSError) and not isinstance(error, sqlite3.Error):
        return _os_problem(error, data_dir)
    text = str(getattr(error, "orig", None) or error).lower()
    if "locked" in text or "busy" in text:
        return StoreProblem(
            IN_USE,
            "The data is in use by another program.",
            "Close the other CHE·NU window or command using this data folder, then start again.",
            data_dir,
        )
    if "readonly" in text or "read-only" in text or _cannot_write(data_dir):
        return _read_only(data_dir)
    if "disk is full" in text or "database or disk is full" in text:
        return _disk_full(data_dir)
    if "unable to open" in text:
        return StoreProblem(
            NO_PERMISSION,
            "CHE·NU cannot open the file holding your data.",
            f"Check that {data_dir / STORE_FILE} and its folder can be read and written, "
            "or choose another folder with --data-dir.",
            data_dir / STORE_FILE,
        )
    return StoreProblem(
        DAMAGED,
        f"{data_dir / STORE_FILE} is damaged or is not a CHE·NU store.",
        f"Restore it from {backups} (copies are kept before every upgrade; `chenu doctor` lists them, "
        "`chenu restore PATH` puts one back), or move it away to start afresh.",
        data_dir / STORE_FILE,
    )


def _not_a_folder(data_dir: Path) -> StoreProblem | None:
    """The data dir, or one of the folders above it, is a file."""
    for folder in (data_dir, *data_dir.parents):
        if folder.exists():
            if folder.is_dir():
                return None
            return StoreProblem(
                NOT_A_FOLDER,
                f"{folder} is a file, not a folder.",
                "Choose another data folder with --data-dir (or CHENU_DATA_DIR), or move that file away.",
                folder,
            )
    return None


def _cannot_write(data_dir: Path) -> bool:
    """The data dir exists but this process may not write in it (a read-only disk, or its permissions)."""
    return data_dir.is_dir() and not os.access(data_dir, os.W_OK | os.X_OK)


def _os_problem(error: OSError, data_dir: Path) -> StoreProblem:
    if error.errno in _READ_ONLY_ERRNOS:
        return _read_only(data_dir)
    if error.errno == errno.ENOSPC:
        return _disk_full(data_dir)
    if isinstance(error, (NotADirectoryError, FileExistsError)):
        return _not_a_folder(data_dir) or StoreProblem(
            NOT_A_FOLDER,
            f"{error.filename or data_dir} is a file, not a folder.",
            "Choose another data folder with --data-dir (or CHENU_DATA_DIR), or move that file away.",
            Path(error.filename or data_dir),
        )
    if error.errno in _PERMISSION_ERRNOS or isinstance(error, PermissionError):
        return StoreProblem(
            NO_PERMISSION,
            "CHE·NU may not open its data folder.",
            f"Check the permissions of {error.filename or data_dir}, or choose another folder with --data-dir.",
            Path(error.filename or data_dir),
        )
    return StoreProblem(
        UNREACHABLE,
        "CHE·NU cannot reach its data folder.",
        f"{error.strerror or error} ({error.filename or data_dir}): check the disk, or choose another folder with --data-dir.",
        Path(error.filename or data_dir),
    )


def _read_only(data_dir: Path) -> StoreProblem:
    return StoreProblem(
        READ_ONLY,
        "The data folder is read-only.",
        f"CHE·NU needs to write to {data_dir}: check its permissions or the disk, or choose another folder with --data-dir.",
        data_dir,
    )


def _disk_full(data_dir: Path) -> StoreProblem:
    return StoreProblem(
        DISK_FULL,
        "The disk holding your data is full.",
        f"Free some space on the disk of {data_dir}, then start again; nothing was lost.",
        data_dir,
    )
