"""Migrate a store file at start-up without ever risking the user's data.

A copy of the file is taken first (SQLite's online backup, so a live WAL is
included) and kept under `backups/`. The migration then runs inside one
transaction on the file itself: SQLite's schema changes are transactional,
so a failing migration rolls back and leaves the data as it was, and a
window still holding the file open sees the new schema rather than writing
into a replaced file.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

from chenu_desktop.paths import BACKUPS_DIR

from .engine import WRITE_OPTION, sqlite_engine
from .errors import MigrationError, StoreTooNewError
from .permissions import create_private_file, make_private_dir, restrict_file
from .schema_head import SCHEMA_HEAD

BACKUPS_KEPT = 5


def current_revision(path: Path) -> str | None:
    """The schema revision stored in `path`, or None for an empty/new file."""
    if not path.exists():
        return None
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        has_version = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not has_version:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def migrate_at_start(path: Path) -> bool:
    """Bring `path` to the newest schema; returns True when it migrated anything."""
    revision = current_revision(path)
    if revision == SCHEMA_HEAD:
        return False
    from .alembic_config import known_revisions

    head = SCHEMA_HEAD
    if revision is not None and revision not in known_revisions():
        raise StoreTooNewError(
            f"{path} was written by a newer version of CHE·NU (schema {revision}); "
            "update CHE·NU to open it"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    existed = path.exists()
    if existed:
        _checkpoint(path)
        _copy(path, _backup_path(path, revision))
        _prune_backups(path)
    try:
        _upgrade(path)
    except Exception as error:
        if not existed:
            _remove_with_sidecars(path)
        raise MigrationError(
            f"could not migrate {path} to schema {head}: {error}; your file was left as it was"
        ) from error
    return True


def _upgrade(path: Path) -> None:
    """All migrations in one transaction that takes the write lock up front."""
    from alembic import command

    from .alembic_config import alembic_config

    engine = sqlite_engine(path)
    try:
        with engine.connect().execution_options(**{WRITE_OPTION: True}) as conn, conn.begin():
            command.upgrade(alembic_config(conn), "head")
    finally:
        engine.dispose()


def _checkpoint(path: Path) -> None:
    """Fold the write-ahead log into the file itself (no logical change)."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def _copy(source: Path, target: Path) -> None:
    """A backup is the whole store: owner-only like it."""
    make_private_dir(target.parent)
    create_private_file(target)
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _backup_path(path: Path, revision: str | None) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    return path.parent / BACKUPS_DIR / f"{path.stem}-schema-{revision or 'none'}-{stamp}{path.suffix}"


def restrict_backups(path: Path) -> None:
    """Backups made by an older version (at the umask's mode) become owner-only."""
    backups = path.parent / BACKUPS_DIR
    if backups.is_dir():
        make_private_dir(backups)
        for backup in backups.glob(f"{path.stem}-schema-*{path.suffix}"):
            restrict_file(backup)


def _prune_backups(path: Path) -> None:
    backups = sorted(
        (path.parent / BACKUPS_DIR).glob(f"{path.stem}-schema-*{path.suffix}"), key=lambda p: p.stat().st_mtime_ns
    )
    for old in backups[:-BACKUPS_KEPT]:
        old.unlink()


def _remove_sidecars(path: Path) -> None:
    for suffix in ("-wal", "-shm"):
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists():
            sidecar.unlink()


def _remove_with_sidecars(path: Path) -> None:
    _remove_sidecars(path)
    if path.exists():
        path.unlink()
