"""A snapshot for a new device: the current rows of a user's workspaces, and
the log position they stand at, as one SQLite file.

A new device would otherwise pull every change ever logged and merge them one
by one. The rows the server holds are those merges done already, so the
device copies them instead (`INSERT … SELECT` from the attached file: C
speed) and pulls the log only after the snapshot's watermark.

Everything is read in one transaction (REPEATABLE READ on PostgreSQL, one
read transaction on SQLite): the memberships, every workspace's last
sequence number and the rows agree with each other, so a change committed
while the snapshot is taken is either in its rows and below its watermark,
or in neither and pulled next.

The file (format 1) holds `snapshot_meta(key, value)` (`format`, `schema`,
`epoch`, `cursor`, `workspaces`: JSON {workspace id: role}) and one table
per synced table, named and with the columns of the server's table,
untyped and without keys, every value exactly as the server stores it
(timestamps as ISO text, JSON as text, `field_clocks` included).

Format 2 is the same rows in a ready store file: the desktop's own schema
at the revision the device asked for (`store_schema`, built by the desktop's
own migrations: never a second copy of the schema), indexes and search
index in place, plus `snapshot_meta` (the keys above and `store_schema`).
An empty device adopts it whole (SQLite's backup API) instead of inserting
row by row and building its indexes; a device at another revision, or an
older one, asks for nothing and gets format 1. Only the server's own
revision is built: any other is answered with format 1.

Files are kept (`SnapshotCache`): each user's newest one per format, until
nobody downloaded it for a week (`UNUSED_S`), named
after what it stands for (epoch, roles, log position and the change it ends at). A
request first reads where the user's workspaces stand now (four small
queries); while nothing was logged
in them and their memberships did not change, the file made before is sent
as it is, so the many devices of a quiet workspace cost one build.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import (
    JSON,
    Connection,
    Engine,
    String,
    Text,
    and_,
    cast,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.sql.elements import ColumnElement

from chenu_desktop.domain.changes import SYNC_SCHEMA_VERSION
from chenu_desktop.store.errors import MigrationError
from chenu_desktop.store.migrate import migrate_at_start
from chenu_desktop.store.models.base import UtcTimestamp
from chenu_desktop.store.schema_head import SCHEMA_HEAD
from chenu_desktop.store.synced import SYNCED_TABLES, SyncedTable

from .database import EPOCH_KEY, epoch
from .models import ChangeLogEntry, Membership, ServerMeta, WorkspaceCounter

FORMAT = 1
STORE_FORMAT = 2
"""A ready store file in the desktop's schema (see the module's docstring)."""
MEDIA_TYPE = "application/vnd.sqlite3"
META_TABLE = "snapshot_meta"
BATCH = 5000
SUFFIX = ".sqlite3"
BUILDING = ".building"
TEMPLATE_SUFFIX = ".store-template"
ABANDONED_S = 3600
"""A file still being built after this long was left by a process that died."""
UNUSED_S = 7 * 24 * 3600
"""A kept file nobody downloaded for this long is removed at the next build
(of anyone's): a person who left, or a workspace nobody adds devices to,
does not hold a copy of its rows on the server's disk for ever."""

_template_made = threading.Lock()

MEMBERSHIPS = Membership.__table__
COUNTERS = WorkspaceCounter.__table__
CHANGES = ChangeLogEntry.__table__


@dataclass(frozen=True)
class Taken:
    """What a snapshot stands for: the epoch and log position of its rows, and the roles it was taken with."""

    epoch: str
    position: dict[str, int]
    """Per workspace, the last sequence number its rows include."""
    roles: dict[str, str]


class SnapshotCache:
    """The newest snapshot of each user, as files in `directory`.

    A file is named after its user and what it stands for (`_path`), and
    only ever appears whole (built beside it, then renamed), so a request
    that finds the name for where the user stands now sends that file;
    another one builds it. Requests that hold a file open keep reading it
    when a newer one replaces it. Several server processes may share the
    directory: the worst a race does is build the same file twice."""

    def __init__(self, directory: Path, engine: Engine, cursor_of: Callable[[dict[str, int]], str]) -> None:
        self.directory = directory
        self.engine = engine
        self.cursor_of = cursor_of
        self._building: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def open(self, user_id: str, store_schema: str | None = None) -> BinaryIO:
        """The snapshot of `user_id`'s workspaces as they stand now, open for
        reading: a ready store file (format 2) when `store_schema` is the
        desktop schema this server builds, else format 1."""
        file_format = STORE_FORMAT if store_schema == SCHEMA_HEAD else FORMAT
        found = self._open(self._path(user_id, file_format, stand(self.engine, user_id)))
        if found is not None:
            return found
        with self._lock_of(user_id):  # one build per user at a time in this process
            found = self._open(self._path(user_id, file_format, stand(self.engine, user_id)))
            return found if found is not None else self._build(user_id, file_format)

    def _build(self, user_id: str, file_format: int) -> BinaryIO:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        owner = _owner_prefix(user_id)
        self._forget_abandoned(owner)
        handle, name = tempfile.mkstemp(prefix=f".{owner}-", suffix=BUILDING, dir=self.directory)
        os.close(handle)
        building = Path(name)
        try:
            taken = write_snapshot(self.engine, user_id, building, self.cursor_of, file_format)
            path = self._path(user_id, file_format, taken)
            os.replace(building, path)
        finally:
            building.unlink(missing_ok=True)
        ready = path.open("rb")
        for older in self.directory.glob(f"{owner}-{file_format}-*{SUFFIX}"):
            if older != path:
                older.unlink(missing_ok=True)
        self._forget_unused()
        return ready

    def _forget_unused(self) -> None:
        """Remove every kept file not downloaded for `UNUSED_S` (a request
        reading one keeps reading it: the file goes when it is closed)."""
        self._remove_older_than(f"*{SUFFIX}", UNUSED_S)

    def _forget_abandoned(self, owner: str) -> None:
        self._remove_older_than(f".{owner}-*{BUILDING}", ABANDONED_S)

    def _remove_older_than(self, pattern: str, seconds: float) -> None:
        """Remove the files of the folder matching `pattern` last touched more than `seconds` ago."""
        for path in self.directory.glob(pattern):
            try:
                if time.time() - path.stat().st_mtime > seconds:
                    path.unlink()
            except FileNotFoundError:  # removed meanwhile by another build
                pass

    def _path(self, user_id: str, file_format: int, taken: Taken) -> Path:
        digest = _stand_digest(user_id, file_format, taken, _last_changes(self.engine, taken.position))
        return self.directory / f"{_owner_prefix(user_id)}-{file_format}-{digest}{SUFFIX}"

    @staticmethod
    def _open(path: Path) -> BinaryIO | None:
        """The kept file, marked as used now (its time is when it was last downloaded), or None."""
        try:
            found = path.open("rb")
        except FileNotFoundError:
            return None
        try:
            os.utime(path)
        except OSError:  # removed since: the open file is still whole
            pass
        return found

    def _lock_of(self, user_id: str) -> threading.Lock:
        with self._guard:
            return self._building.setdefault(user_id, threading.Lock())


def stand(engine: Engine, user_id: str) -> Taken:
    """Where `user_id`'s workspaces stand now: epoch, last sequence numbers, roles."""
    with engine.connect() as conn, conn.begin():
        roles = _roles(conn, user_id)
        return Taken(epoch(conn), _position(conn, roles), roles)


def _position(conn: Connection, roles: dict[str, str]) -> dict[str, int]:
    counters = select(COUNTERS.c.workspace_id, COUNTERS.c.last_seq).where(COUNTERS.c.workspace_id.in_(roles))
    return {row.workspace_id: int(row.last_seq) for row in conn.execute(counters)}


def _last_changes(engine: Engine, position: dict[str, int]) -> dict[str, list[str]]:
    """Per workspace, the change its position ends at: the same numbers in a
    database put back from a copy and written on since are other changes."""
    if not position:
        return {}
    at = or_(*(and_(CHANGES.c.workspace_id == w, CHANGES.c.seq == seq) for w, seq in position.items()))
    with engine.connect() as conn:
        rows = conn.execute(select(CHANGES.c.workspace_id, CHANGES.c.hlc, CHANGES.c.node).where(at))
        return {row.workspace_id: [row.hlc, row.node] for row in rows}


def _owner_prefix(user_id: str) -> str:
    return hashlib.sha256(f"user:{user_id}".encode()).hexdigest()[:16]


def _stand_digest(user_id: str, file_format: int, taken: Taken, last: dict[str, list[str]]) -> str:
    """Changes when anything the file holds would: a change logged, a membership or role, a restore (epoch)."""
    schema = SCHEMA_HEAD if file_format == STORE_FORMAT else None  # a server upgraded since builds anew
    what = {"user": user_id, "format": file_format, "store_schema": schema, "epoch": taken.epoch,
            "position": taken.position, "roles": taken.roles,
            "last": last}  # another database at the same numbers (a copy put back, then written on)
    return hashlib.sha256(json.dumps(what, sort_keys=True).encode()).hexdigest()[:32]


def write_snapshot(
    engine: Engine, user_id: str, path: Path, cursor_of: Callable[[dict[str, int]], str], file_format: int = FORMAT
) -> Taken:
    """Write the snapshot of `user_id`'s workspaces to a new file at `path`
    (format 1, or a ready store file: format 2); `cursor_of` spells a log
    position as the pull's cursor."""
    if file_format == STORE_FORMAT:
        _new_store_file(path)
    out = sqlite3.connect(path, isolation_level=None)
    try:
        if file_format == STORE_FORMAT:
            out.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, as a device adopts it
        else:
            out.execute("PRAGMA page_size=65536")  # fewer, fuller pages: a quarter less work to write
            out.execute("PRAGMA journal_mode=OFF")  # a file made once, then sent: nothing to recover
        out.execute("PRAGMA synchronous=OFF")
        out.execute(f"CREATE TABLE {META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        if file_format != STORE_FORMAT:
            for spec in SYNCED_TABLES.values():
                out.execute(f"CREATE TABLE {_quote(spec.name)} ({', '.join(map(_quote, _columns(spec)))})")
        indexes = _dropped_indexes(out) if file_format == STORE_FORMAT else []
        if engine.dialect.name == "sqlite":
            out.execute("ATTACH DATABASE ? AS source", (str(engine.url.database),))  # not possible in a transaction
            out.execute("BEGIN")
            taken = _copy_from_sqlite(out, user_id)
        else:
            out.execute("BEGIN")
            taken = _copy_from_engine(out, engine, user_id)
        for sql in indexes:
            out.execute(sql)
        meta = {
            "format": str(file_format),
            "schema": str(SYNC_SCHEMA_VERSION),
            "epoch": taken.epoch,
            "cursor": cursor_of(taken.position),
            "workspaces": json.dumps(taken.roles, sort_keys=True),
        }
        if file_format == STORE_FORMAT:
            meta["store_schema"] = SCHEMA_HEAD
        out.executemany(f"INSERT INTO {META_TABLE} (key, value) VALUES (?, ?)", meta.items())
        out.execute("COMMIT")
    finally:
        out.close()
    return taken


def _new_store_file(path: Path) -> None:
    """An empty store at the desktop's newest schema, at `path`: a copy of a
    template made once (per directory and schema revision) by the desktop's
    own migrations. Alembic's operations are global to the process, so the
    template is made under a lock: two builds never migrate at once."""
    template = path.parent / f".store-{SCHEMA_HEAD}{TEMPLATE_SUFFIX}"
    with _template_made:
        if not template.exists():
            making = template.with_name(f"{template.name}.{os.getpid()}")
            making.unlink(missing_ok=True)
            try:
                migrate_at_start(making)
            except MigrationError as error:  # the data dir is full or read-only
                raise OSError(str(error)) from error
            with closing(sqlite3.connect(making)) as conn:
                conn.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, as a device adopts it
            os.replace(making, template)
    shutil.copyfile(template, path)


def _dropped_indexes(out: sqlite3.Connection) -> list[str]:
    """Drop the synced tables' own indexes of a new store file; their SQL,
    to make them again once the rows are in (built at once, they are denser
    than grown row by row: 26 against 28 MB for 100 000 threads). Made from
    the same text, the schema stays the desktop's to the letter."""
    names = list(SYNCED_TABLES)
    found = out.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND tbl_name IN ({', '.join('?' * len(names))})",
        names,
    ).fetchall()
    for name, _ in found:
        out.execute(f"DROP INDEX {_quote(name)}")
    return [sql for _, sql in found]


def _copy_from_sqlite(out: sqlite3.Connection, user_id: str) -> Taken:
    """From the server's SQLite file, attached as `source`: the rows go from
    one file to the other without coming up into Python. The first read
    starts the transaction's snapshot of `source`; every later one shares it."""
    memberships = f"source.{_quote(MEMBERSHIPS.name)}"
    mine = f"(SELECT workspace_id FROM {memberships} WHERE user_id = ?)"
    roles = dict(out.execute(f"SELECT workspace_id, role FROM {memberships} WHERE user_id = ?", (user_id,)).fetchall())
    position = dict(
        out.execute(
            f"SELECT workspace_id, last_seq FROM source.{_quote(COUNTERS.name)} WHERE workspace_id IN {mine}", (user_id,)
        ).fetchall()
    )
    server_epoch = out.execute(
        f"SELECT value FROM source.{_quote(ServerMeta.__tablename__)} WHERE key = ?", (EPOCH_KEY,)
    ).fetchone()[0]
    for spec in SYNCED_TABLES.values():
        columns = ", ".join(map(_quote, _columns(spec)))
        out.execute(
            f"INSERT INTO main.{_quote(spec.name)} ({columns}) "
            f"SELECT {columns} FROM source.{_quote(spec.name)} WHERE workspace_id IN {mine}",
            (user_id,),
        )
    return Taken(server_epoch, {w: int(s) for w, s in position.items()}, roles)


def _copy_from_engine(out: sqlite3.Connection, engine: Engine, user_id: str) -> Taken:
    """From any other database (PostgreSQL): one REPEATABLE READ transaction,
    values read as stored (no type conversion), in batches."""
    with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
        roles = _roles(conn, user_id)
        position = _position(conn, roles)
        server_epoch = epoch(conn)
        for spec in SYNCED_TABLES.values():
            names = _columns(spec)
            insert = f"INSERT INTO {_quote(spec.name)} ({', '.join(map(_quote, names))}) VALUES ({', '.join('?' * len(names))})"
            query = select(*(_as_stored(spec.table.c[name]) for name in names)).where(spec.table.c.workspace_id.in_(roles))
            for rows in conn.execute(query, execution_options={"yield_per": BATCH}).partitions():
                out.executemany(insert, rows)
    return Taken(server_epoch, position, roles)


def _roles(conn: Connection, user_id: str) -> dict[str, str]:
    rows = conn.execute(select(MEMBERSHIPS.c.workspace_id, MEMBERSHIPS.c.role).where(MEMBERSHIPS.c.user_id == user_id))
    return {workspace_id: role for workspace_id, role in rows}


def _as_stored(column: ColumnElement) -> ColumnElement:  # type: ignore[type-arg]
    """The column as the database holds it: JSON as its text (what the
    desktop's SQLite stores), timestamps as their ISO text (not parsed)."""
    if isinstance(column.type, JSON):
        return cast(column, Text).label(column.name)  # type: ignore[attr-defined]
    if isinstance(column.type, UtcTimestamp):
        return type_coerce(column, String).label(column.name)  # type: ignore[attr-defined]
    return column


def _columns(spec: SyncedTable) -> list[str]:
    return [column.name for column in spec.table.columns]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'

