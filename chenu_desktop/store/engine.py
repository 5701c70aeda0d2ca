"""SQLite engine for a local store: WAL, foreign keys, immediate write locks,
and files only their owner can read."""

from __future__ import annotations

import sqlite3
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event

from .permissions import create_private_file, restrict_database_files

WRITE_OPTION = "chenu_write"
BUSY_TIMEOUT_MS = 10_000


def sqlite_engine(path: Path, must_exist: bool = False) -> Engine:
    """An engine on the SQLite file at `path`, created 0600 if it is new.

    With `must_exist`, a connection never creates the file: if it vanished
    while the engine runs (moved, restored, a volume gone), connecting fails
    instead of starting an empty database beside a stray `-wal`.
    """
    if path.parent.is_dir():
        create_private_file(path)
    if must_exist:
        uri = f"file:{quote(str(path))}?mode=rw"
        engine = create_engine(
            f"sqlite:///{path}", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False)
        )
    else:
        engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _configure_connection)
    event.listen(engine, "connect", partial(_keep_private, path))
    event.listen(engine, "begin", _begin)
    return engine


def _keep_private(path: Path, _dbapi_conn: Any, _record: Any) -> None:
    """After the pragmas made the `-wal` and `-shm` files: all of them 0600."""
    restrict_database_files(path)


def _configure_connection(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's implicit
    # transactions would defer the write lock and break SAVEPOINTs).
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _begin(conn: Any) -> None:
    """Writes take the lock up front (BEGIN IMMEDIATE) so two processes (the
    window and the CLI) queue on busy_timeout instead of failing mid-transaction."""
    immediate = conn.get_execution_options().get(WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
