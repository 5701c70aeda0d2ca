"""`chenu backup` and `chenu restore`: the whole store as one file, and back.

A backup is taken with SQLite's online backup API, so it is consistent even
while the window writes, and lands under its name only when complete.

A restore never overwrites a store someone is using: it takes SQLite's
exclusive lock on the store first (refused while a window or a command has
it open) and writes the backup into the locked file, so nobody can see half
of it. Before that the backup is checked (a CHE·NU store, whole, not from a
newer version) and brought up to date on a scratch copy, and the store it
replaces is kept under `backups/`. The restored store starts a new device
identity and forgets its pull cursor: its clock may be behind stamps it
already made, and its next sync loads everything the server holds (this
device's later work included) and sends again what only the backup holds.
"""

from __future__ import annotations

import secrets
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .database import STORE_FILE
from .errors import StoreTooNewError
from .migrate import BACKUPS_DIR, current_revision, migrate_at_start
from .permissions import (
    SQLITE_SIDECARS,
    create_private_file,
    make_private_dir,
    restrict_database_files,
)
from .problems import IN_USE, StoreProblem

SQLITE_HEADER = b"SQLite format 3\x00"
REQUIRED_TABLES = ("alembic_version", "sync_meta", "outbox")
NODE_KEY = "node_id"
CURSOR_KEY = "sync_cursor"
"""The pull cursor's key (chenu_desktop.sync.state.CURSOR_KEY; the store does not import sync)."""


class BackupError(Exception):
    """A backup or restore refused; `str(error)` says why and what to do."""


@dataclass(frozen=True)
class Restored:
    source: Path
    schema: str
    kept: Path | None
    """Where the store it replaced was kept (None: there was none)."""


def backup_store(data_dir: Path, target: Path, force: bool = False) -> Path:
    """Copy the data dir's store to `target` (owner-only), consistent while others write."""
    store = data_dir / STORE_FILE
    if not store.is_file():
        raise BackupError(f"there is no store in {data_dir} to back up")
    target = target.expanduser().resolve()
    _check_target(target, force)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".chenu-backup-") as scratch:
        partial = Path(scratch) / target.name
        _online_copy(store, partial)
        problem = _not_a_whole_store(partial)
        if problem:
            raise BackupError(f"{store} {problem}: nothing was written (see `chenu doctor`)")
        partial.replace(target)
    return target


def restore_store(data_dir: Path, source: Path) -> Restored:
    """Put the backup at `source` in place of the data dir's store (see the module's docstring)."""
    source = source.expanduser().resolve()
    _check_source(source)
    if data_dir.exists() and not data_dir.is_dir():
        raise BackupError(f"{data_dir} is a file, not a folder: choose the data folder with --data-dir")
    make_private_dir(data_dir)
    store = data_dir / STORE_FILE
    with tempfile.TemporaryDirectory(dir=data_dir, prefix=".chenu-restore-") as scratch:
        ready = Path(scratch) / STORE_FILE
        _online_copy(source, ready)
        problem = _not_a_whole_store(ready)
        if problem:
            raise BackupError(f"{source} {problem}: nothing was changed")
        try:
            migrate_at_start(ready)
        except StoreTooNewError:
            raise BackupError(
                f"{source} was written by a newer version of CHE·NU: install it to restore this backup; nothing was changed"
            ) from None
        schema = current_revision(ready) or "none"
        _start_new_identity(ready)
        kept = _replace_locked(store, ready)
    restrict_database_files(store)
    return Restored(source, schema, kept)


# ------------------------------------------------------------------ checks


def _check_target(target: Path, force: bool) -> None:
    if target.is_dir():
        raise BackupError(f"{target} is a folder: give the backup file's path")
    if target.exists() and not force:
        raise BackupError(f"{target} exists already: choose another path, or --force to replace it")
    if not target.parent.is_dir():
        raise BackupError(f"{target.parent} does not exist")


def _check_source(source: Path) -> None:
    if not source.exists():
        raise BackupError(f"{source} does not exist")
    if not source.is_file():
        raise BackupError(f"{source} is not a file: give the backup file's path")
    with open(source, "rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(f"{source} is not a CHE·NU backup (not an SQLite file): nothing was changed")


def _not_a_whole_store(path: Path) -> str | None:
    """Why the SQLite file at `path` is not a whole CHE·NU store, or None."""
    try:
        with closing(sqlite3.connect(path)) as conn:
            verdict = conn.execute("PRAGMA integrity_check(1)").fetchone()[0]
            if verdict != "ok":
                return f"is damaged ({verdict})"
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        return f"is damaged or is not a CHE·NU store ({error})"
    missing = [name for name in REQUIRED_TABLES if name not in tables]
    return f"is not a CHE·NU store (no {', '.join(missing)})" if missing else None


# ------------------------------------------------------------------ copies


def _online_copy(source: Path, target: Path) -> None:
    """SQLite's backup API into a new owner-only file, left without a -wal beside it."""
    create_private_file(target)
    try:
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)) as src, closing(
            sqlite3.connect(target)
        ) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} is damaged or is not a CHE·NU store ({error}): nothing was changed") from None


def _start_new_identity(path: Path) -> None:
    """A new node id (stamps made after the backup must not be made again) and no pull cursor."""
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("DELETE FROM sync_meta WHERE key = ?", (CURSOR_KEY,))
        conn.execute(
            "INSERT INTO sync_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (NODE_KEY, secrets.token_hex(8)),
        )


def _replace_locked(store: Path, ready: Path) -> Path | None:
    """Write `ready` into `store` under an exclusive lock; returns where the old store was kept."""
    if not store.exists():
        create_private_file(store)
        _write_into(ready, store)
        return None
    try:
        live = sqlite3.connect(store, timeout=0, isolation_level=None)
    except sqlite3.DatabaseError:
        return _set_aside_and_write(store, ready)
    try:
        try:
            live.execute("PRAGMA locking_mode = EXCLUSIVE")
            live.execute("BEGIN EXCLUSIVE")
            live.execute("SELECT count(*) FROM sqlite_master").fetchone()
            live.execute("COMMIT")  # the lock stays: exclusive locking mode keeps it until close
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                raise StoreProblem(
                    IN_USE,
                    "The data is in use by another program.",
                    "Close the CHE·NU window or command using this data folder, then restore again; nothing was changed.",
                    store.parent,
                ) from None
            raise
        except sqlite3.DatabaseError:
            live.close()
            return _set_aside_and_write(store, ready)
        kept = _kept_path(store, "before-restore")
        keep_then_overwrite(live, kept, ready)
        return kept
    finally:
        live.close()


def _set_aside_and_write(store: Path, ready: Path) -> Path:
    """A store that is not a database at all (nobody can have it open): keep it aside as it is."""
    kept = _kept_path(store, "damaged")
    store.replace(kept)
    for suffix in SQLITE_SIDECARS:
        sidecar = store.with_name(store.name + suffix)
        if sidecar.exists():
            sidecar.replace(kept.with_name(kept.name + suffix))
    create_private_file(store)
    _write_into(ready, store)
    return kept


def _write_into(ready: Path, store: Path) -> None:
    with closing(sqlite3.connect(ready)) as src, closing(sqlite3.connect(store)) as dst:
        src.backup(dst)


def _kept_path(store: Path, why: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    folder = make_private_dir(store.parent / BACKUPS_DIR)
    return folder / f"{store.stem}-{why}-{stamp}{store.suffix}"



def keep_then_overwrite(live: sqlite3.Connection, kept: Path, ready: Path) -> None:
    """Copy the open database `live` to `kept` (private, one file), then write
    `ready` over it through SQLite's backup API: whoever is locked out by
    `live` stays locked out until the new content is whole."""
    create_private_file(kept)
    with closing(sqlite3.connect(kept)) as copy:
        live.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
    with closing(sqlite3.connect(ready)) as source:
        source.backup(live)
