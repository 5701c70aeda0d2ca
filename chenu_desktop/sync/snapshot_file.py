"""The snapshot file a new device downloads (`GET /sync/snapshot`, see
`sync_server/snapshots.py`): kept in a temporary file beside the store,
and checked before anything of it is loaded.

A file is refused (`SyncError`, the store untouched) when it is not a sound
SQLite database (cut short, damaged), lacks the snapshot's table or keys,
holds rows of a workspace it does not list, or does not list the signed-in
person's own workspace (another account's file). A file of a format or a
schema this version does not know is not an error: `read_snapshot` gives
None and the device pulls the log from the start instead.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from chenu_desktop.domain.changes import SYNC_SCHEMA_VERSION
from chenu_desktop.store.synced import SYNCED_TABLES, SyncedTable

from .errors import SyncError

FORMAT = "1"
MEDIA_TYPE = "application/vnd.sqlite3"
META_TABLE = "snapshot_meta"
META_KEYS = frozenset({"format", "schema", "epoch", "cursor", "workspaces"})
_ROW_KEYS = {True: {"id", "workspace_id"}, False: {"id", "workspace_id", "field_clocks"}}
"""What a row needs to be placed (append-only) and merged (field-merged)."""
_CURSOR_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


@dataclass(frozen=True)
class Part:
    """One table of the snapshot and the columns it carries."""

    spec: SyncedTable
    columns: list[str]


@dataclass(frozen=True)
class Snapshot:
    """A checked snapshot file: its meta and its tables."""

    path: Path
    meta: dict[str, str]
    parts: list[Part]

    @property
    def roles(self) -> dict[str, str]:
        return json.loads(self.meta["workspaces"])  # type: ignore[no-any-return]


@contextmanager
def downloaded(chunks: Iterable[bytes], directory: Path | None) -> Iterator[Path]:
    """The bytes received, in a private temporary file in `directory` (the
    data dir: the same disk as the store), removed afterwards."""
    handle, name = tempfile.mkstemp(prefix=".snapshot-", suffix=".sqlite3", dir=directory)
    path = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
        yield path
    finally:
        path.unlink(missing_ok=True)


def read_snapshot(path: Path, own_workspace_id: str | None) -> Snapshot | None:
    """The checked snapshot at `path`; None when it is of a format or schema
    this version does not know. `own_workspace_id`: the signed-in person's
    personal workspace, which their snapshot always lists."""
    try:
        with closing(sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)) as conn:
            return _checked(conn, path, own_workspace_id)
    except sqlite3.DatabaseError as error:
        raise SyncError(f"snapshot: the server sent a file that is not a sound snapshot ({error}); nothing was loaded") from None


def _checked(conn: sqlite3.Connection, path: Path, own_workspace_id: str | None) -> Snapshot | None:
    problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
    if problems != ["ok"]:
        raise SyncError(f"snapshot: the file received is damaged or cut short ({'; '.join(problems[:3])}); nothing was loaded")
    meta = dict(conn.execute(f"SELECT key, value FROM {META_TABLE}").fetchall())
    missing = META_KEYS - meta.keys()
    if missing:
        raise SyncError(f"snapshot: the server sent a snapshot without {', '.join(sorted(missing))}")
    if meta["format"] != FORMAT or not str(meta["schema"]).isdigit() or int(meta["schema"]) > SYNC_SCHEMA_VERSION:
        return None
    roles = _roles(meta["workspaces"])
    if own_workspace_id is not None and own_workspace_id not in roles:
        raise SyncError("snapshot: the server sent a snapshot of someone else's workspaces; nothing was loaded")
    if not isinstance(meta["cursor"], str) or not set(meta["cursor"]) <= _CURSOR_CHARACTERS:
        raise SyncError("snapshot: the server sent a snapshot without a usable cursor; nothing was loaded")
    parts = _parts(conn)
    if parts is None:
        return None
    listed = json.dumps(sorted(roles))
    for part in parts:
        table = quote_name(part.spec.name)
        stray = conn.execute(
            f"SELECT workspace_id FROM {table} WHERE workspace_id NOT IN (SELECT value FROM json_each(?)) LIMIT 1", (listed,)
        ).fetchone()
        if stray is not None:
            raise SyncError(f"snapshot: the server sent rows of a workspace it does not list ({part.spec.name}); nothing was loaded")
    return Snapshot(path, meta, parts)


def _roles(text: str) -> dict[str, str]:
    try:
        roles = json.loads(text)
    except ValueError:
        roles = None
    if not isinstance(roles, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in roles.items()):
        raise SyncError("snapshot: the server sent a snapshot whose workspaces cannot be read; nothing was loaded")
    return roles


def _parts(conn: sqlite3.Connection) -> list[Part] | None:
    """The snapshot's tables, when this version knows every table and column in it."""
    tables = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name != ?", (META_TABLE,))
    parts = []
    for (name,) in tables.fetchall():
        spec = SYNCED_TABLES.get(name)
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info({quote_name(name)})")]
        if spec is None or not set(columns) <= set(spec.table.c.keys()):
            return None
        if not _ROW_KEYS[spec.append_only] <= set(columns):
            raise SyncError(f"snapshot: the server sent {name} without {', '.join(sorted(_ROW_KEYS[spec.append_only]))}")
        parts.append(Part(spec, columns))
    return parts


def quote_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'

