"""Migrate a store file at start-up without ever risking the user's data.

The file is copied (SQLite's online backup, so a live WAL is included), the
copy is migrated, and only a copy that migrated cleanly replaces the original.
A copy of the pre-migration file is kept under `backups/`. If anything fails,
the original file is left exactly as it was.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from .engine import sqlite_engine
from .errors import MigrationError, StoreTooNewError

SCHEMA_HEAD = "0002"
"""The newest migration's revision, so that opening an up-to-date store never
imports Alembic (a test checks it matches the migrations shipped)."""

BACKUPS_DIR = "backups"
BACKUPS_KEPT = 5


def current_revision(path: Path) -> str | None:
    """The schema revision stored in `path`, or None for an empty/new file."""
    if not path.exists():
        return None
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
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
    staging = path.with_name(path.name + ".migrating")
    _remove_with_sidecars(staging)
    try:
        if path.exists():
            _checkpoint(path)
            _copy(path, _backup_path(path, revision))
            _copy(path, staging)
        _upgrade(staging)
    except Exception as error:
        _remove_with_sidecars(staging)
        raise MigrationError(
            f"could not migrate {path} to schema {head}: {error}; your file was left as it was"
        ) from error
    os.replace(staging, path)
    _remove_sidecars(path)  # emptied by the checkpoint above; they belonged to the old file
    _prune_backups(path)
    return True


def _upgrade(path: Path) -> None:
    from alembic import command

    from .alembic_config import alembic_config

    engine = sqlite_engine(path)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    _remove_sidecars(path)


def _checkpoint(path: Path) -> None:
    """Fold the write-ahead log into the file itself (no logical change)."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _backup_path(path: Path, revision: str | None) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    return path.parent / BACKUPS_DIR / f"{path.stem}-schema-{revision or 'none'}-{stamp}{path.suffix}"


def _prune_backups(path: Path) -> None:
    backups = sorted((path.parent / BACKUPS_DIR).glob(f"{path.stem}-schema-*{path.suffix}"))
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
