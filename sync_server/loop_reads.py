"""Short reads of a SQLite server database on the event loop, through `sqlite3` alone.

A pooled SQLAlchemy connection costs more than the read itself on the hottest
routes (checkout, the `BEGIN` its engine sends, reset on return, result
processing): about a quarter of a whole `GET /threads`. `LoopReads` keeps one
plain `sqlite3` connection per thread (in practice: the event loop's) and
runs Core statements on it, each compiled once for SQLite from table
metadata; only their parameters change per request.

A read runs in one read transaction (`BEGIN` … `ROLLBACK`), so its statements
see one snapshot; in WAL mode it never waits for a writer. Values come back
as SQLite stores them (no SQLAlchemy result processing), so it suits
statements that select stored text and numbers, as `thread_list` does.

Any `sqlite3.Error` drops the thread's connection (the next read opens a new
one, as the engine does after a storage fault) and is raised as `LoopReadFailed`:
the caller then serves the request through the engine, which answers a
storage fault with its 503 or simply succeeds.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar
from urllib.parse import quote

from sqlalchemy import Connection, Dialect, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.dialects import sqlite
from sqlalchemy.sql import ClauseElement

from chenu_desktop.store.engine import BUSY_TIMEOUT_MS

T = TypeVar("T")
Fetch = Callable[[ClauseElement, Mapping[str, Any]], Sequence[Sequence[Any]]]
"""Rows of a statement with these parameters: how a read asks, whoever runs it."""
AsyncFetch = Callable[[ClauseElement, Mapping[str, Any]], Awaitable[Sequence[Sequence[Any]]]]

def fetch_on(conn: Connection) -> Fetch:
    """`Fetch` on a SQLAlchemy connection (any database)."""
    return lambda statement, params: conn.execute(statement, params).all()  # type: ignore[arg-type]


def driver_fetch(conn: Connection, statements: CompiledStatements) -> Fetch:
    """`Fetch` on the driver's connection under a SQLAlchemy one, its statements
    compiled once (`statements`, for this dialect and its paramstyle): rows as
    the driver's tuples. The driver's errors are raised as SQLAlchemy's (an
    `OperationalError` is still a storage fault, answered with a 503)."""
    driver = conn.connection.driver_connection
    dbapi_error = conn.dialect.loaded_dbapi.Error

    def fetch(statement: ClauseElement, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
        sql, defaults = statements.compiled(statement)
        try:
            return driver.execute(sql, {**defaults, **params}).fetchall()  # type: ignore[union-attr]
        except dbapi_error as error:
            raise DBAPIError.instance(sql, params, error, dbapi_error) from error

    return fetch


class LoopReadFailed(Exception):
    """The read could not run on the plain connection (the database's error is its cause)."""


class LoopReads:
    """Reads on plain `sqlite3` connections to the engine's database file, one per thread."""

    def __init__(self, engine: Engine) -> None:
        path = engine.url.database
        if engine.dialect.name != "sqlite" or not path:
            raise ValueError("LoopReads needs a SQLite file database")
        self._uri = f"file:{quote(path)}?mode=rw"  # never creates the file, as the engine's connections do not
        self._local = threading.local()
        self._statements = CompiledStatements(sqlite.dialect(paramstyle="named"))

    def run(self, read: Callable[[Fetch], T]) -> T:
        """`read(fetch)` in one read transaction; LoopReadFailed when the database failed it."""
        connection = self._connection()
        try:
            connection.execute("BEGIN")
            try:
                return read(self._fetch)
            finally:
                connection.execute("ROLLBACK")  # a read: nothing to keep, the snapshot is released
        except sqlite3.Error as error:
            self.close()
            raise LoopReadFailed(str(error)) from error

    def close(self) -> None:
        """Close this thread's connection (the next read opens another)."""
        connection = getattr(self._local, "connection", None)
        self._local.connection = None
        if connection is not None:
            connection.close()

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            try:
                connection = sqlite3.connect(self._uri, uri=True, isolation_level=None, check_same_thread=False)
                connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            except sqlite3.Error as error:
                raise LoopReadFailed(str(error)) from error
            self._local.connection = connection
        return connection

    def _fetch(self, statement: ClauseElement, params: Mapping[str, Any]) -> list[Any]:
        sql, defaults = self._statements.compiled(statement)
        return self._local.connection.execute(sql, {**defaults, **params}).fetchall()


class CompiledStatements:
    """Core statements compiled once for a driver, as SQL text and default parameters."""

    def __init__(self, dialect: Dialect) -> None:
        self._dialect = dialect
        self._compiled: dict[ClauseElement, tuple[str, dict[str, Any]]] = {}

    def compiled(self, statement: ClauseElement) -> tuple[str, dict[str, Any]]:
        known = self._compiled.get(statement)
        if known is not None:
            return known
        compiled = statement.compile(dialect=self._dialect)
        sql = str(compiled)
        if "POSTCOMPILE" in sql:
            raise ValueError("only statements without expanding (IN list) parameters are compiled once")
        self._compiled[statement] = entry = (sql, dict(compiled.params))
        return entry
