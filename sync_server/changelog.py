"""The server's change log: every accepted change, numbered per workspace.

Numbers are given under a per-workspace lock (the counter row, locked FOR
UPDATE on PostgreSQL; SQLite serialises writers already), so within a
workspace the numbers follow commit order and a puller reading "after N"
can never skip a change that committed late.
"""

from __future__ import annotations

import secrets
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from datetime import datetime, timezone
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Select, and_, bindparam, delete, exists, select, update

from chenu_desktop.domain.changes import ROW_COLUMN, Change, encode_value
from chenu_desktop.domain.hlc import HybridLogicalClock
from chenu_desktop.store.bulk import bind_processors
from chenu_desktop.store.bulk_multirow import insert_tuples
from chenu_desktop.store.dialect import insert_ignoring_duplicates
from chenu_desktop.store.models import OutboxEntry
from chenu_desktop.store.synced import SYNCED_TABLES
from chenu_desktop.sync.apply import ApplyResult
from chenu_desktop.sync.outbox import read_outbox
from chenu_desktop.sync.resend import ZERO_TIME

from . import change_feed
from .judging import refuse_bad_writes
from .judging.row_workspaces import workspaces_of
from .listed import bound_list, bound_tuples, listed_tuples, one_of
from .loop_reads import Fetch, fetch_on
from .merge import merge_push
from .models import ChangeLogEntry, WorkspaceCounter

LOG = ChangeLogEntry.__table__
COUNTERS = WorkspaceCounter.__table__
LOG_COLUMNS = ("workspace_id", "seq", "push_id", "hlc", "node", "table_name", "row_id", "column_name", "value", "base_hlc", "schema", "received_at")
"""The columns `append` writes, in the order of its row tuples (`id` is the database's)."""
PULLED = [c for c in LOG.c if c.key not in ("id", "received_at")]
"""What a pull reads of a log row (decoding `received_at` for every row was pure cost)."""
SEQ, PUSH_ID = (PULLED.index(LOG.c.seq), PULLED.index(LOG.c.push_id))
"""Where a pulled row holds its number and its push (rows may be plain driver tuples)."""
PUSH_CHUNK = 1000


@dataclass(frozen=True)
class Logged:
    change: Change
    seq: int | None
    """None when the change was in the log already (a replayed push)."""


def new_push_id() -> str:
    return secrets.token_hex(16)


def append(conn: Connection, changes: Sequence[Change], push_id: str, value_texts: Sequence[str] | None = None) -> list[Logged]:
    """Number and log the changes not logged before; returns one entry per change.

    `value_texts`, when given, is each change's value as the JSON text it
    arrived in (a push's body): logged as received, not encoded again."""
    stamp_time = bind_processors(conn.dialect, LOG, ("received_at",))[0]
    received_at = stamp_time(datetime.now(timezone.utc)) if stamp_time else datetime.now(timezone.utc)
    texts = value_texts if value_texts is not None else [encode_value(c.value) for c in changes]
    keys = [change.key for change in changes]
    by_workspace: dict[str, dict[tuple[str, str, str, str, str], int]] = defaultdict(dict)
    for index, change in enumerate(changes):
        by_workspace[change.workspace_id].setdefault(keys[index], index)  # one per key: the first sent, the one `accept` merges
    logged: dict[tuple[str, str, str, str, str], int | None] = {}
    for workspace_id in sorted(by_workspace):
        batch = by_workspace[workspace_id]
        # Lock first, then look: a concurrent push of the same changes (a
        # retry racing its original, another server process) that committed
        # while this one waited for the lock is seen as logged, not logged twice.
        last = _lock_counter(conn, workspace_id)
        unlogged = [changes[index] for index in batch.values()]
        known = already_logged(conn, unlogged) | _resent_rows_held(conn, unlogged)
        rows = []
        size = 0
        seq = last
        for key, index in batch.items():
            if key in known:
                continue
            seq += 1
            logged[key] = seq
            change, text = changes[index], texts[index]
            size += len(text) if text.isascii() else len(text.encode())
            rows.append(
                (workspace_id, seq, push_id, change.hlc, change.node, change.table, change.row_id, change.column, text,
                 change.base_hlc, change.schema, received_at)
            )
        if rows:
            insert_tuples(conn, LOG, LOG_COLUMNS, rows)
            conn.execute(_ADVANCE_COUNTER, {"workspace": workspace_id, "last_seq": seq, "size": size})
            change_feed.note(conn, workspace_id, seq)
    return [Logged(change, logged.get(key)) for change, key in zip(changes, keys)]


def accept(
    conn: Connection,
    changes: Sequence[Change],
    clock: HybridLogicalClock,
    value_texts: Sequence[str] | None = None,
    rows_held: Mapping[tuple[str, str], str] | None = None,
) -> tuple[list[Logged], ApplyResult]:
    """A push: log what is new (values as received, see `append`) and merge it
    into the server's tables (`rows_held`: see `merge.merge_push`'s `held`)."""
    entries = append(conn, changes, new_push_id(), value_texts)
    fresh: dict[int, Change] = {}
    for entry in entries:
        if entry.seq is not None:
            fresh.setdefault(entry.seq, entry.change)  # merge what was logged, once (a key sent twice shares its number)
    result = merge_push(conn, list(fresh.values()), clock, datetime.now(timezone.utc), rows_held)
    return entries, result


def log_own_changes(conn: Connection, clock: HybridLogicalClock) -> list[Logged]:
    """Move the changes a server-side write just captured into the log,
    once judged like a push's values (RefusedWrite: the write is rolled back)."""
    batch = read_outbox(conn)
    if not batch.changes:
        return []
    refuse_bad_writes(conn, batch.changes)
    logged = append(conn, batch.changes, new_push_id())
    conn.execute(delete(OutboxEntry.__table__).where(OutboxEntry.__table__.c.seq <= batch.last_seq))
    return logged


@dataclass(frozen=True)
class Page:
    changes: list[tuple[int, Change]]
    cursor: dict[str, int]
    more: bool


@dataclass(frozen=True)
class RowPage:
    """A page as the log holds it: rows of PULLED, values still JSON text."""

    rows: list[Sequence[Any]]
    cursor: dict[str, int]
    more: bool


def pull(conn: Connection, cursor: dict[str, int], workspaces: Iterable[str], limit: int) -> Page:
    """Changes after `cursor` in the given workspaces, oldest first per
    workspace, never cutting one push in two (a page may exceed `limit` to
    finish the push it started)."""
    page = pull_rows(fetch_on(conn), cursor, last_numbers(conn, sorted(workspaces)), limit)
    return Page([(row.seq, Change.from_row(row)) for row in page.rows], page.cursor, page.more)


def pull_rows(fetch: Fetch, cursor: dict[str, int], newest: dict[str, int], limit: int) -> RowPage:
    """`pull` of the workspaces in `newest` (each with the last number given
    there, `last_numbers`), with the log's rows as they are, read through
    `fetch` (a plain `loop_reads` connection or an engine's): the pull route
    sends their value text on without decoding it."""
    taken: list[Sequence[Any]] = []
    next_cursor = dict(cursor)
    more = False
    for workspace_id in sorted(newest):
        room = limit - len(taken)
        after = cursor.get(workspace_id, 0)
        last = newest[workspace_id]
        if last <= after:  # nothing logged after the cursor (as of the counters' reading)
            continue
        if room <= 0:
            more = True
            continue
        rows = _read(fetch, workspace_id, after, room + 1, last)
        if len(rows) > room:
            more = True
            last_push, follows = rows[room - 1][PUSH_ID], rows[room]
            rows = rows[:room]
            if follows[PUSH_ID] == last_push:  # the page would cut this push in two: finish it
                rows += _rest_of_push(fetch, workspace_id, rows[-1][SEQ], last_push, last)
        taken += rows
        if rows:
            next_cursor[workspace_id] = rows[-1][SEQ]
    return RowPage(taken, next_cursor, more)


def last_numbers(conn: Connection, workspaces: Sequence[str]) -> dict[str, int]:
    """The last number given in each of these workspaces (none: nothing logged)."""
    if not workspaces:
        return {}
    return {workspace_id: last for workspace_id, last in conn.execute(_LAST_NUMBERS, {"workspaces": list(workspaces)})}


def _read(fetch: Fetch, workspace_id: str, after: int, count: int, last: int) -> list[Sequence[Any]]:
    """The first `count` log rows of a workspace after number `after`, in
    order; `last`: the last number given there (`last_numbers`).

    A workspace's numbers have no gaps (given in one go under its counter
    lock, in the transaction that logs them; nothing deletes from the log), so
    these are the rows numbered after+1 … after+count: read as that range and
    sorted here, not with ORDER BY … LIMIT, for which PostgreSQL, its
    statistics stale after a large push, sorted 5 000 wide rows on disk. Fewer
    rows than the numbers up to `last` promise means a hole (never made by
    this server): then the rows are read in order.
    """
    rows = list(fetch(_NUMBERED, {"workspace": workspace_id, "after": after, "last": after + count}))
    rows.sort(key=_BY_SEQ)
    if len(rows) < min(count, last - after):  # a hole in the numbers
        rows = list(fetch(_IN_ORDER, {"workspace": workspace_id, "after": after, "limit": count}))
    return rows


def _rest_of_push(fetch: Fetch, workspace_id: str, after: int, push_id: str, last: int) -> list[Sequence[Any]]:
    """The log rows of `push_id` after number `after`. A push's changes are
    numbered in one go, without a gap, so this reads on in order until
    another push starts (not through the rest of the log)."""
    rest: list[Sequence[Any]] = []
    while True:
        chunk = _read(fetch, workspace_id, after, PUSH_CHUNK, last)
        for row in chunk:
            if row[PUSH_ID] != push_id:
                return rest
            rest.append(row)
        if len(chunk) < PUSH_CHUNK:
            return rest
        after = chunk[-1][SEQ]


_BY_SEQ = itemgetter(SEQ)
_LAST_NUMBERS = select(COUNTERS.c.workspace_id, COUNTERS.c.last_seq).where(
    COUNTERS.c.workspace_id.in_(bindparam("workspaces", expanding=True))
)
_IN_WORKSPACE = LOG.c.workspace_id == bindparam("workspace")
_NUMBERED = select(*PULLED).where(_IN_WORKSPACE, LOG.c.seq > bindparam("after"), LOG.c.seq <= bindparam("last"))
_IN_ORDER = select(*PULLED).where(_IN_WORKSPACE, LOG.c.seq > bindparam("after")).order_by(LOG.c.seq).limit(bindparam("limit"))
"""A workspace's log after a number, built once: every pull reads it, some several times."""


def _lock_counter(conn: Connection, workspace_id: str) -> int:
    conn.execute(_new_counter(conn.dialect.name, conn), {"workspace_id": workspace_id, "last_seq": 0})
    query = _LOCK_COUNTER if conn.dialect.name == "postgresql" else _READ_COUNTER
    return int(conn.execute(query, {"workspace": workspace_id}).scalar_one())


_READ_COUNTER = select(COUNTERS.c.last_seq).where(COUNTERS.c.workspace_id == bindparam("workspace"))
_LOCK_COUNTER = _READ_COUNTER.with_for_update()
_ADVANCE_COUNTER = (
    update(COUNTERS)
    .where(COUNTERS.c.workspace_id == bindparam("workspace"))
    .values(last_seq=bindparam("last_seq"), stored_bytes=COUNTERS.c.stored_bytes + bindparam("size"))
)
"""Statements of every push, built once: building one cost more than running it on SQLite."""
_NEW_COUNTERS: dict[str, Any] = {}


def _new_counter(dialect_name: str, conn: Connection) -> Any:
    if dialect_name not in _NEW_COUNTERS:
        _NEW_COUNTERS[dialect_name] = insert_ignoring_duplicates(conn, COUNTERS)
    return _NEW_COUNTERS[dialect_name]


def already_logged(conn: Connection, changes: Sequence[Change]) -> set[tuple[str, str, str, str, str]]:
    """The keys of `changes` that are in the log already (a replay's).

    A change alone at its stamp (an offline edit: one local transaction each)
    is looked up by stamp, the leading column of the log's unique key, and
    matched here. The changes of a stamp several share (a transaction's)
    are looked up by their whole key, each an index probe, and only when the
    log holds that stamp at all (one probe per stamp: a new transaction's is
    not there, and every push of new rows is one). By their stamp, each part
    of a large transaction (pushed 1 000 changes at a time) read back every
    part logged before it: 99 000 rows for the hundredth push of an import
    of 100 000 threads.
    """
    wanted = {c.key for c in changes}
    per_stamp = Counter(c.hlc for c in changes)
    alone = sorted(stamp for stamp, count in per_stamp.items() if count == 1)
    shared_stamps = [(stamp,) for stamp, count in sorted(per_stamp.items()) if count > 1]
    known: set[tuple[str, str, str, str, str]] = set()
    if alone:
        rows = conn.execute(_keys_by_stamp(conn.dialect.name), {"stamps": bound_list(conn, alone)})
        known.update(key for key in map(tuple, rows) if key in wanted)  # type: ignore[misc]
    if shared_stamps:
        logged = set(conn.execute(_stamps_logged(conn.dialect.name), bound_tuples(conn, "stamps", shared_stamps, 1)).scalars())
        shared = sorted(key for key in wanted if key[0] in logged)
        if shared:
            rows = conn.execute(_keys_by_key(conn.dialect.name), bound_tuples(conn, "keys", shared, len(_KEY_COLUMNS)))
            known.update(map(tuple, rows))  # type: ignore[arg-type]
    return known


def _resent_rows_held(conn: Connection, changes: Sequence[Change]) -> set[tuple[str, str, str, str, str]]:
    """The keys of append-only rows a device sent again after a restore
    (`sync.resend`: whole rows at its zero time) that this server still holds.

    Their stamps are not the originals', so the log does not know them; the
    row does. Taken as duplicates, they are neither logged again nor counted
    as changes the restored server had lost."""
    resent: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        if change.hlc.startswith(ZERO_TIME) and change.column == ROW_COLUMN:
            spec = SYNCED_TABLES.get(change.table)
            if spec is not None and spec.append_only:
                resent[change.table].append(change)
    present = workspaces_of(conn, {name: {change.row_id for change in candidates} for name, candidates in resent.items()})
    return {change.key for name, candidates in resent.items() for change in candidates if (name, change.row_id) in present}


_KEY_COLUMNS = (LOG.c.hlc, LOG.c.node, LOG.c.table_name, LOG.c.row_id, LOG.c.column_name)
"""The log's unique key: a change's `key`, column by column."""


@lru_cache(maxsize=None)
def _keys_by_stamp(dialect_name: str) -> Select:  # type: ignore[type-arg]
    return select(*_KEY_COLUMNS).where(one_of(dialect_name, LOG.c.hlc, "stamps"))


@lru_cache(maxsize=None)
def _stamps_logged(dialect_name: str) -> Select:  # type: ignore[type-arg]
    """Which of the stamps bound as `stamps` the log holds any change at."""
    stamps, (stamp,) = listed_tuples(dialect_name, 1, "stamps")
    return select(stamp).select_from(stamps).where(exists().where(LOG.c.hlc == stamp))


@lru_cache(maxsize=None)
def _keys_by_key(dialect_name: str) -> Select:  # type: ignore[type-arg]
    keys, fields = listed_tuples(dialect_name, len(_KEY_COLUMNS), "keys")
    matched = and_(*(column == field for column, field in zip(_KEY_COLUMNS, fields)))
    return select(*_KEY_COLUMNS).select_from(keys.join(LOG, matched))
