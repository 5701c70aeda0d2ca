"""Read-only answers for the `chenu` command, with the standard library's sqlite3 alone.

`chenu threads list` and `chenu stats` read a few rows; through SQLAlchemy
and the models, importing those was most of the command (~0.3 s of CPU).
Here they are constant SQL with bound parameters on one connection.

Only a store that needs nothing done to it is read this way: `QuickRead.open`
answers None when the file is missing, its schema is not the current one,
it has no current workspace yet, or SQLite refuses it, and the command then
takes the services' path, which creates, migrates or says what is wrong as
before. The answers have the services' shapes (`ThreadView.to_dict()` here,
`services.stats.dashboard_stats` in `quick_stats`); tests compare both
paths on one store.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any, NamedTuple, Self

from chenu_desktop.domain.clock import ISO_UTC, iso, parse_iso
from chenu_desktop.paths import STORE_FILE

from .schema_head import SCHEMA_HEAD

CURRENT_WORKSPACE_KEY = "current_workspace"
"""`sync.state.CURRENT_WORKSPACE_KEY` (that module imports SQLAlchemy; a test checks they agree)."""
PLUGIN_OWNERS_KEY = "plugin_owners"
"""`plugin_host.owners.OWNERS_KEY`: set while this device remembers a third-party plugin's spheres or agents."""
BUSY_TIMEOUT_S = 10.0
"""As long as the store's own connections wait for a writer (`engine.BUSY_TIMEOUT_MS`)."""

THREAD_FIELDS = (
    "id", "workspace_id", "sphere_id", "title", "founding_intent", "current_intent", "status", "tags",
    "parent_thread_id", "created_at", "created_by", "updated_at", "last_activity_at", "deleted", "deleted_at",
)  # fmt: skip
"""`ThreadView`'s fields, in its order (a test checks): the keys of each thread's dict."""
_TIMESTAMPS = frozenset({"created_at", "updated_at", "last_activity_at", "deleted_at"})

_THREAD_FILTER = """
    FROM threads
    WHERE workspace_id = :workspace
      AND (:sphere IS NULL OR sphere_id = :sphere)
      AND (:status IS NULL OR status = :status)
      AND (:with_deleted OR deleted IS NOT 1)
"""
_NEXT_THREAD_SPHERE = "SELECT sphere_id FROM threads WHERE sphere_id > ? ORDER BY sphere_id LIMIT 1"
_THREAD_IN_SPHERE = "SELECT 1 FROM threads WHERE sphere_id = ? AND workspace_id = ? LIMIT 1"
_OTHER_SPHERES = """
    SELECT sphere_id FROM decisions WHERE workspace_id = :workspace AND deleted IS NOT 1
    UNION SELECT sphere_id FROM agent_hires WHERE workspace_id = :workspace AND status = :active AND deleted IS NOT 1
    UNION SELECT sphere_id FROM checkpoints WHERE workspace_id = :workspace AND status = :pending AND deleted IS NOT 1
"""
HELD_STATUSES = {"active": "active", "pending": "pending"}
"""`HireStatus.ACTIVE` and `CheckpointStatus.PENDING` (a test checks)."""
_THREADS = f"SELECT {', '.join(THREAD_FIELDS)} {_THREAD_FILTER} ORDER BY last_activity_at DESC, id DESC LIMIT :limit"
_THREAD_COUNT = f"SELECT count(*) {_THREAD_FILTER}"


class ThreadListing(NamedTuple):
    """A page of the workspace's threads (each as `ThreadView.to_dict()`), and how many match in all."""

    threads: list[dict[str, Any]]
    total: int


class QuickRead:
    """One read-only look at a current store; use as a context manager."""

    def __init__(self, conn: sqlite3.Connection, workspace_id: str) -> None:
        self.conn = conn
        self.workspace_id = workspace_id

    @classmethod
    def open(cls, data_dir: Path) -> QuickRead | None:
        """The data dir's store, if it can be read as it is; None when the
        services must open it (to create, migrate or explain it)."""
        path = data_dir / STORE_FILE
        if not path.is_file():
            return None
        try:
            # Opened for writing (never creating), though only read: the last
            # connection to close then folds the write-ahead log away, as the
            # store's own do, instead of leaving it (and `-shm`) behind.
            conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=rw", uri=True, timeout=BUSY_TIMEOUT_S)
        except sqlite3.Error:
            return None
        try:
            workspace_id = _current_workspace(conn)
        except sqlite3.Error:
            workspace_id = None
        if workspace_id is None:
            conn.close()
            return None
        return cls(conn, workspace_id)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def threads(
        self, sphere_id: str | None, status: str | None, include_deleted: bool, limit: int | None
    ) -> ThreadListing:
        """As `Threads.list`, most recently active first; `limit` None for all of them."""
        where = {"workspace": self.workspace_id, "sphere": sphere_id, "status": status, "with_deleted": include_deleted}
        rows = self.conn.execute(_THREADS, {**where, "limit": -1 if limit is None else limit}).fetchall()
        total = len(rows) if limit is None or len(rows) < limit else self.conn.execute(_THREAD_COUNT, where).fetchone()[0]
        return ThreadListing([_thread_dict(row) for row in rows], total)


    def plugin_owners_record(self) -> str | None:
        """The spheres and agents of third-party plugins this device remembers
        (`plugin_host.owners`, as JSON), None when it remembers none."""
        row = self.conn.execute("SELECT value FROM sync_meta WHERE key = ?", (PLUGIN_OWNERS_KEY,)).fetchone()
        return row[0] if row and row[0] else None

    def sphere_ids_with_data(self) -> set[str]:
        """As `services.unavailable`: the spheres with threads, decisions, active
        hires or pending checkpoints in the workspace (threads' a sphere at a
        time through their sphere index)."""
        found: set[str] = set()
        after = ""
        while (row := self.conn.execute(_NEXT_THREAD_SPHERE, (after,)).fetchone()) is not None:
            after = row[0]
            if self.conn.execute(_THREAD_IN_SPHERE, (after, self.workspace_id)).fetchone():
                found.add(after)
        found.update(s for (s,) in self.conn.execute(_OTHER_SPHERES, {"workspace": self.workspace_id, **HELD_STATUSES}) if s)
        return found


def _current_workspace(conn: sqlite3.Connection) -> str | None:
    """The current workspace of a store at the current schema, else None."""
    (version,) = conn.execute("SELECT version_num FROM alembic_version").fetchone() or (None,)
    if version != SCHEMA_HEAD:
        return None
    row = conn.execute("SELECT value FROM sync_meta WHERE key = ?", (CURRENT_WORKSPACE_KEY,)).fetchone()
    return row[0] if row and row[0] else None


def _thread_dict(row: tuple[Any, ...]) -> dict[str, Any]:
    thread = dict(zip(THREAD_FIELDS, row))
    for name in _TIMESTAMPS:
        thread[name] = _timestamp(thread[name])
    tags = json.loads(thread["tags"]) if thread["tags"] is not None else None
    thread["tags"] = list(tags or [])
    thread["deleted"] = bool(thread["deleted"])
    return thread


def _timestamp(text: str | None) -> str | None:
    """The canonical text of a stored timestamp, as reading it as a datetime and back gives."""
    if text is None or ISO_UTC.match(text):
        return text
    return iso(parse_iso(text))
