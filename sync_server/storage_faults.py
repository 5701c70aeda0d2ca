"""Storage faults: a database that cannot write (read-only, full, gone, moved)
is the operator's problem, not the caller's, and it must heal by itself.

- `is_storage_fault` tells such errors from bugs (a constraint violation or
  bad SQL stays a 500: it is ours to fix).
- `describe` turns one into a short sentence for clients and /health; the
  driver's own message (which may name hosts and paths) is only logged.
- `heal_after_storage_faults` makes the engine drop its pooled connections
  after such an error, so the next request connects afresh: a PostgreSQL
  session opened while the database was read-only stays read-only, and a
  SQLite connection to a file that was moved away keeps writing nowhere,
  however well the database is again.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import DBAPIError, InternalError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

log = logging.getLogger("chenu.server.storage")

STORAGE_ERRORS: tuple[type[Exception], ...] = (OperationalError, InternalError, PoolTimeoutError)
"""What the app answers with 503 (see `is_storage_fault` for InternalError)."""
RETRY_AFTER_SECONDS = 5

READ_ONLY = "the database is read-only"
FULL = "the database's disk is full"
UNREACHABLE = "the database cannot be reached"
BUSY = "the database is busy"
FAILED = "the database failed to write"

_SQLITE_REASONS = (
    ("readonly", READ_ONLY),
    ("read-only", READ_ONLY),
    ("disk is full", FULL),
    ("unable to open", UNREACHABLE),
    ("locked", BUSY),
)
_POSTGRES_REASONS = {"25006": READ_ONLY, "53100": FULL, "53300": BUSY, "57014": BUSY}
"""SQLSTATE → reason; class 08 (connection) and 57P (shutdown) are UNREACHABLE."""


def is_storage_fault(error: BaseException) -> bool:
    if isinstance(error, (OperationalError, PoolTimeoutError)):
        return True
    if isinstance(error, InternalError):  # PostgreSQL files "read-only transaction" here
        return _sqlstate(error) == "25006"
    return False


def describe(error: BaseException) -> str:
    """A short reason, safe to show anyone."""
    if isinstance(error, PoolTimeoutError):
        return BUSY
    code = _sqlstate(error)
    if code is not None:
        if code in _POSTGRES_REASONS:
            return _POSTGRES_REASONS[code]
        if code.startswith(("08", "57P")):
            return UNREACHABLE
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return UNREACHABLE
    message = str(getattr(error, "orig", None) or error).lower()
    for words, reason in _SQLITE_REASONS:
        if words in message:
            return reason
    if "connect" in message or "server closed" in message:
        return UNREACHABLE
    return FAILED


def heal_after_storage_faults(engine: Engine) -> None:
    event.listen(engine, "handle_error", _drop_connections_on_fault)


def _drop_connections_on_fault(context: Any) -> None:  # sqlalchemy ExceptionContext
    error = context.sqlalchemy_exception or context.original_exception
    if error is not None and is_storage_fault(error):
        # Counted as a disconnect, SQLAlchemy discards this connection and
        # every other one the pool holds (they were opened in the same state).
        context.is_disconnect = True
        context.invalidate_pool_on_disconnect = True


def _sqlstate(error: BaseException) -> str | None:
    original = getattr(error, "orig", None)
    code = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    return str(code) if code else None
