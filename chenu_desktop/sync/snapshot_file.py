"""The snapshot file a new device downloads (`GET /sync/snapshot`, see
`sync_server/snapshots.py`): written into a temporary file beside the store
as it arrives, and checked before anything of it is loaded.

A file is refused (`SyncError`, the store untouched) when it is not a sound
SQLite database (cut short, damaged), lacks the snapshot's table or keys,
holds rows of a workspace it does not list, or does not list the signed-in
person's own workspace (another account's file). A file of a format or a
schema this version does not know is not an error: `read_snapshot` gives
None and the device pulls the log from the start instead.

Format 2 is a ready store file (see `adopt_snapshot.py`), checked the same
way. It is adoptable whole only when its schema (every table, index and
trigger, its header's version and encoding) is the very schema of the
device's store, as the server builds it with the desktop's own migrations
at the revision the device asked for: a file with a trigger or a view
slipped in, or a store changed by hand, is never adopted; its synced rows
are then copied as from format 1, where nothing of the file's schema
comes along.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote

from chenu_desktop.domain.changes import SYNC_SCHEMA_VERSION
from chenu_desktop.store.schema_head import SCHEMA_HEAD
from chenu_desktop.store.synced import SYNCED_TABLES, SyncedTable

from .errors import SyncError

FORMAT = "1"
STORE_FORMAT = "2"
"""A ready store file in this version's store schema, adopted whole by an empty store."""
META_TABLE = "snapshot_meta"
META_KEYS = frozenset({"format", "schema", "epoch", "cursor", "workspaces"})
STORE_META_KEYS = META_KEYS | {"store_schema"}
MMAP_BYTES = 1 << 30
"""How much of the downloaded file SQLite may map to read it (checks, adoption)."""
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
    adoptable: bool = False
    """A ready store file of the store's own schema (format 2): adoptable whole."""

    @property
    def roles(self) -> dict[str, str]:
        return json.loads(self.meta["workspaces"])  # type: ignore[no-any-return]


StoreSchema = tuple[frozenset[tuple[str, str, str, str | None]], int, str]
"""What a store file's schema is: its sqlite_master entries (type, name,
table, SQL), its user_version and its text encoding."""


def store_schema_of(conn: sqlite3.Connection) -> StoreSchema:
    """The schema of the database on `conn`, the snapshot's own meta table left out."""
    entries = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE tbl_name != ?", (META_TABLE,)).fetchall()
    user_version = conn.execute("PRAGMA user_version").fetchone()[0]
    encoding = conn.execute("PRAGMA encoding").fetchone()[0]
    return frozenset(entries), int(user_version), str(encoding)


@dataclass(frozen=True)
class Download:
    """A private temporary file in the data dir (the store's disk) the snapshot is written into."""

    path: Path
    file: BinaryIO


@contextmanager
def download_file(directory: Path | None) -> Iterator[Download]:
    """A new `Download` in `directory`, removed afterwards: at once when
    something failed, else on a thread of its own (freeing tens of MB takes
    the file system a while; not a daemon, so the process waits for it)."""
    handle, name = tempfile.mkstemp(prefix=".snapshot-", suffix=".sqlite3", dir=directory)
    path = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            yield Download(path, out)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    threading.Thread(target=path.unlink, kwargs={"missing_ok": True}, name="snapshot-removal").start()


def read_snapshot(path: Path, own_workspace_id: str | None, store_schema: StoreSchema | None = None) -> Snapshot | None:
    """The checked snapshot at `path`; None when it is of a format or schema
    this version does not know. `own_workspace_id`: the signed-in person's
    personal workspace, which their snapshot always lists; `store_schema`:
    the device's store's (`store_schema_of`), which a ready store file must have."""
    try:
        with closing(sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)) as conn:
            conn.execute(f"PRAGMA mmap_size={MMAP_BYTES}")  # pages read in place, not copied by a read call each
            return _checked(conn, path, own_workspace_id, store_schema)
    except sqlite3.DatabaseError as error:
        raise SyncError(f"snapshot: the server sent a file that is not a sound snapshot ({error}); nothing was loaded") from None


def _checked(conn: sqlite3.Connection, path: Path, own_workspace_id: str | None, store_schema: StoreSchema | None) -> Snapshot | None:
    problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
    if problems != ["ok"]:
        raise SyncError(f"snapshot: the file received is damaged or cut short ({'; '.join(problems[:3])}); nothing was loaded")
    meta = dict(conn.execute(f"SELECT key, value FROM {META_TABLE}").fetchall())
    missing = (STORE_META_KEYS if meta.get("format") == STORE_FORMAT else META_KEYS) - meta.keys()
    if missing:
        raise SyncError(f"snapshot: the server sent a snapshot without {', '.join(sorted(missing))}")
    if meta["format"] not in (FORMAT, STORE_FORMAT) or not str(meta["schema"]).isdigit() or int(meta["schema"]) > SYNC_SCHEMA_VERSION:
        return None
    roles = _roles(meta["workspaces"])
    if own_workspace_id is not None and own_workspace_id not in roles:
        raise SyncError("snapshot: the server sent a snapshot of someone else's workspaces; nothing was loaded")
    if not isinstance(meta["cursor"], str) or not set(meta["cursor"]) <= _CURSOR_CHARACTERS:
        raise SyncError("snapshot: the server sent a snapshot without a usable cursor; nothing was loaded")
    store_file = meta["format"] == STORE_FORMAT
    parts = _parts(conn, only_synced=store_file)
    if parts is None:
        return None
    adoptable = store_file and meta["store_schema"] == SCHEMA_HEAD and store_schema_of(conn) == store_schema
    listed = json.dumps(sorted(roles))
    for part in parts:
        if _stray_workspace(conn, part, listed, roles, indexed=adoptable):
            raise SyncError(f"snapshot: the server sent rows of a workspace it does not list ({part.spec.name}); nothing was loaded")
    return Snapshot(path, meta, parts, adoptable)


def _stray_workspace(conn: sqlite3.Connection, part: Part, listed: str, roles: dict[str, str], indexed: bool) -> bool:
    """Whether the table holds a row of a workspace the snapshot does not
    list. `indexed` (a store file of the store's schema, where every synced
    table has its workspace index): the distinct workspaces are visited by
    seeking in that index, a few steps instead of a scan of every row."""
    table = quote_name(part.spec.name)
    if not indexed:
        query = f"SELECT 1 FROM {table} WHERE workspace_id NOT IN (SELECT value FROM json_each(?)) LIMIT 1"
        return conn.execute(query, (listed,)).fetchone() is not None
    seen = ""
    while (found := conn.execute(f"SELECT min(workspace_id) FROM {table} WHERE workspace_id > ?", (seen,)).fetchone()[0]) is not None:
        if found not in roles:
            return True
        seen = found
    return False


def _roles(text: str) -> dict[str, str]:
    try:
        roles = json.loads(text)
    except ValueError:
        roles = None
    if not isinstance(roles, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in roles.items()):
        raise SyncError("snapshot: the server sent a snapshot whose workspaces cannot be read; nothing was loaded")
    return roles


def _parts(conn: sqlite3.Connection, only_synced: bool) -> list[Part] | None:
    """The snapshot's tables, when this version knows every table and column
    in it (`only_synced`: a store file's synced tables, its others left out)."""
    tables = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name != ?", (META_TABLE,))
    parts = []
    for (name,) in tables.fetchall():
        spec = SYNCED_TABLES.get(name)
        if spec is None and only_synced:
            continue
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info({quote_name(name)})")]
        if spec is None or not set(columns) <= set(spec.table.c.keys()):
            return None
        if not _ROW_KEYS[spec.append_only] <= set(columns):
            raise SyncError(f"snapshot: the server sent {name} without {', '.join(sorted(_ROW_KEYS[spec.append_only]))}")
        parts.append(Part(spec, columns))
    return parts


def quote_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'

