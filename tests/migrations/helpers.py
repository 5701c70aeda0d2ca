"""Small readers of SQLite files for the migration tests (plain sqlite3, so
they see the file exactly as any other program would)."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def table_names(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
    return {name for (name,) in rows}


def rows(path: Path, query: str) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(query).fetchall()


def leftovers(directory: Path) -> list[str]:
    """Staging copies a migration must never leave behind."""
    return sorted(p.name for p in directory.rglob("*.migrating*"))
