"""Owner-only files: the store, its SQLite sidecars and backups, secrets.

A data directory holds everything a person or a server keeps (all the work,
and on a server the password and refresh-token hashes), so it is 0700 and
its files 0600 whatever the umask. Files made by an older version are
tightened when they are next opened. SQLite creates its `-wal` and `-shm`
files with the mode of the database file, so a 0600 database keeps them
0600 too; they are tightened all the same, in case they predate it.

On systems without POSIX modes (Windows) chmod changes little; the files sit
in the user's own profile there.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
SQLITE_SIDECARS = ("-wal", "-shm", "-journal")

log = logging.getLogger("chenu.store")


def make_private_dir(path: Path) -> Path:
    """Create `path` (and its parents) if needed; the directory itself is 0700."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    _restrict(path, PRIVATE_DIR)
    return path


def create_private_file(path: Path) -> None:
    """Create `path` empty and 0600 unless it exists (no moment at a wider mode)."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        pass


def restrict_file(path: Path) -> None:
    """Make an existing file 0600; a missing one is fine."""
    _restrict(path, PRIVATE_FILE)


def restrict_database_files(path: Path) -> None:
    """The SQLite file at `path` and its sidecars, 0600."""
    restrict_file(path)
    for suffix in SQLITE_SIDECARS:
        restrict_file(path.with_name(path.name + suffix))


def _restrict(path: Path, mode: int) -> None:
    try:
        if (path.stat().st_mode & 0o777) != mode:
            path.chmod(mode)
    except FileNotFoundError:
        pass
    except PermissionError:  # a file someone else owns (a shared, read-only copy): theirs to protect
        log.warning("cannot restrict the permissions of %s: not its owner", path)
