"""Bulk inserts, and one row's read and update, at the speed of the driver.

SQLAlchemy's per-row parameter handling costs more than SQLite's own insert
(about 134k rows/s against 235k rows/s here), so hot paths compile the INSERT
once and hand plain tuples to the DBAPI's executemany, after the column
types' own bind processors (JSON, timestamps, booleans) have run. The same
goes for the read and the update of one row by id under every local edit:
building and executing them as SQLAlchemy statements cost ~0.4 ms each, more
than SQLite's work.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from itertools import chain, repeat
from json.encoder import c_make_encoder, encode_basestring_ascii  # type: ignore[attr-defined]
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    Dialect,
    Table,
    bindparam,
    func,
    insert,
    literal_column,
    select,
    update,
)

from chenu_desktop.domain.clock import ISO_UTC, iso, parse_iso

from .bulk_multirow import copy_rows
from .models.base import UtcTimestamp

RowReader = Callable[[Connection, str], "dict[str, Any] | None"]
RowUpdater = Callable[[Connection, str, Mapping[str, Any]], None]
Codec = Callable[[Any], Any]
IDS_PER_QUERY = (1, 16, 128, 500)
"""How many ids one `stored_rows` query binds: a batch's ids go in chunks of
the largest, the last chunk padded (by repeating an id) to the smallest size
that holds it, so a few statements compiled once serve every batch size, well
under SQLite's variable limit."""


def insert_rows(
    conn: Connection,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    same_for_all: Mapping[str, Any] | None = None,
) -> None:
    """INSERT every row of `rows` into `table`. A column no row mentions is
    left to the database (autoincrement keys); one only some rows mention is
    NULL in the others. `same_for_all`: columns whose value every row shares
    (a batch's clock), bound once instead of once per row."""
    if not rows:
        return
    shared = same_for_all or {}
    if len(rows) == 1:  # every local write: one event, one audit entry, their outbox rows
        each = {key: [value] for key, value in rows[0].items() if key not in shared}
    else:
        keys = dict.fromkeys(chain.from_iterable(rows))
        each = {key: [row.get(key) for row in rows] for key in keys if key not in shared}
    insert_columns(conn, table, each, shared, len(rows))


def insert_columns(
    conn: Connection,
    table: Table,
    each: Mapping[str, Sequence[Any]],
    same: Mapping[str, Any],
    count: int,
) -> None:
    """INSERT `count` rows given column by column: `each[key]` holds every
    row's value of that column, in row order; `same[key]` is the one value of
    that column in every row, bound once. Columns in neither are left to the
    database.

    Parameters are built column by column (each column's bind processor
    mapped over its values, the rows' tuples zipped at the end): building
    them value by value per row was a quarter of a bulk import."""
    if not count:
        return
    sql, order, processors, named = _compiled(conn.dialect, table, frozenset(chain(each, same)))
    columns: list[Any] = []
    for key, process in zip(order, processors):
        if key in same:
            value = same[key]
            columns.append(repeat(process(value) if process is not None else value, count))
            continue
        values = each[key]
        columns.append(map(process, values) if process is not None else values)
    params: list[Any] = list(zip(*columns))
    if count == 1 and not named and conn.dialect.name == "sqlite":  # one row: no executemany, no SQLAlchemy
        driver_execute(conn, sql, params[0])
        return
    if conn.dialect.name == "postgresql":  # one COPY, not an INSERT per row (the sync server's pushes: bulk_multirow.py)
        copy_rows(conn, table, tuple(order), params)
        return
    if named:
        params = [dict(zip(order, values)) for values in params]
    conn.exec_driver_sql(sql, params)


@lru_cache(maxsize=256)
def _compiled(dialect: Dialect, table: Table, present: frozenset[str]) -> tuple[str, list[str], list[Any], bool]:
    """The INSERT for these columns, compiled once per dialect, with its bind processors."""
    columns = [c for c in table.c if c.key in present]
    compiled = insert(table).compile(dialect=dialect, column_keys=[c.key for c in columns])
    order = list(compiled.positiontup) if compiled.positional else [c.key for c in columns]
    by_key = {c.key: c for c in columns}
    processors = [bind_processor(dialect, by_key[key]) for key in order]
    return str(compiled), order, processors, not compiled.positional


@lru_cache(maxsize=1024)
def bind_processor(dialect: Dialect, column: Column[Any]) -> Codec | None:
    """The column type's bind processor; for a JSON column stored as text with
    the standard serializer, the same text made by `json`'s C encoder built
    once (`json.dumps` builds one per call: two thirds of its cost on a small
    object)."""
    process = column.type._cached_bind_processor(dialect)
    if process is None or _JSON_TEXT is None or not _plain_json_text(dialect, column):
        return process

    def json_text(value: Any) -> Any:
        if value is None:
            return "null"
        if type(value) is dict or type(value) is list:
            return "".join(_JSON_TEXT(value, 0))
        return process(value)

    return json_text


@lru_cache(maxsize=64)
def bind_processors(dialect: Dialect, table: Table, columns: tuple[str, ...]) -> tuple[Codec | None, ...]:
    """`bind_processor` of each of these columns, in order (`bulk_multirow.insert_tuples`'
    rows). A JSON column's gives its text, which COPY takes as it is on
    PostgreSQL: the type's own processor gives psycopg a `Json` object, which
    psycopg encoded with `json.dumps` at each row (two thirds of the COPY of
    a push's 1 000 new threads)."""
    return tuple(bind_processor(dialect, table.c[name]) for name in columns)


def _plain_json_text(dialect: Dialect, column: Column[Any]) -> bool:
    """The column is JSON that the dialect stores as `json.dumps` text."""
    kind = column.type
    return (
        isinstance(kind, JSON)
        and not kind.none_as_null
        and dialect._json_serializer is None  # type: ignore[attr-defined]
        and kind._str_impl.bind_processor(dialect) is None
    )


_JSON_TEXT = c_make_encoder(None, None, encode_basestring_ascii, None, ": ", ", ", False, False, True) if c_make_encoder else None
"""`json.dumps`'s default output (ASCII, ", " and ": "), from one C encoder
made once (no circular-reference markers: shared across threads)."""


@lru_cache(maxsize=512)
def row_reader(dialect: Dialect, table: Table, names: tuple[str, ...]) -> RowReader:
    """A function reading these columns of the row with an id, decoded as the
    column types decode them (JSON, timestamps), or None when there is none."""
    compiled = select(*(table.c[name] for name in names)).where(table.c.id == bindparam("id")).compile(dialect=dialect)
    sql = str(compiled)
    decoders = [(name, table.c[name].type._cached_result_processor(dialect, None)) for name in names]
    direct = dialect.name == "sqlite"

    def read(conn: Connection, row_id: str) -> dict[str, Any] | None:
        if direct:
            row = driver_execute(conn, sql, (row_id,)).fetchone()
        else:
            row = conn.exec_driver_sql(sql, (row_id,) if compiled.positional else {"id": row_id}).first()
        if row is None:
            return None
        return {name: decode(value) if decode else value for (name, decode), value in zip(decoders, row)}

    return read


@lru_cache(maxsize=512)
def row_updater(dialect: Dialect, table: Table, names: tuple[str, ...]) -> RowUpdater:
    """A function setting these columns of the row with an id, after the column
    types' bind processors."""
    compiled = _updating_by_id(table, names).compile(dialect=dialect)
    sql = str(compiled)
    order = list(compiled.positiontup) if compiled.positional else [*(f"v_{name}" for name in names), "b_id"]
    processors = {name: bind_processor(dialect, table.c[name]) for name in names}
    direct = dialect.name == "sqlite"

    def write(conn: Connection, row_id: str, values: Mapping[str, Any]) -> None:
        bound = {"b_id": row_id}
        for name in names:
            process = processors[name]
            bound[f"v_{name}"] = process(values[name]) if process else values[name]
        if direct:
            driver_execute(conn, sql, tuple(bound[key] for key in order))
        else:
            conn.exec_driver_sql(sql, tuple(bound[key] for key in order) if compiled.positional else bound)

    return write


def driver_execute(conn: Connection, sql: str, params: tuple[Any, ...]) -> Any:
    """Run one statement on the SQLite connection under `conn`, in its
    transaction, without SQLAlchemy's execution context and result (~10 µs a
    statement, as much as SQLite's own work on a one-row read or write: a
    local edit runs a dozen). A statement the driver refuses changed nothing,
    being one statement: it is run again through SQLAlchemy, which raises it
    as it always has (its error types, the sync server's fault healing)."""
    try:
        return conn.connection.dbapi_connection.execute(sql, params)  # type: ignore[union-attr]
    except sqlite3.Error:
        return conn.exec_driver_sql(sql, params)


def stored_rows(conn: Connection, table: Table, names: tuple[str, ...], ids: Sequence[str]) -> list[tuple[Any, ...]]:
    """These columns of the rows with these ids (each row once), as the driver
    returns them, in one `fetchall` per chunk of ids: no type processing and no
    SQLAlchemy row per row (`stored_decoder` turns a value into its wire form).
    On SQLite a name may be `rowid` (what `stamp_stored_rows` updates by)."""
    rows: list[tuple[Any, ...]] = []
    cursor = conn.connection.cursor()
    try:
        largest = IDS_PER_QUERY[-1]
        for start in range(0, len(ids), largest):
            chunk = list(ids[start : start + largest])
            size = next(n for n in IDS_PER_QUERY if n >= len(chunk))
            chunk += chunk[-1:] * (size - len(chunk))
            sql, positional = _select_by_ids(conn.dialect, table, names, size)
            cursor.execute(sql, tuple(chunk) if positional else {f"id_{n}": row_id for n, row_id in enumerate(chunk)})
            rows += cursor.fetchall()
    finally:
        cursor.close()
    return rows


@lru_cache(maxsize=256)
def _select_by_ids(dialect: Dialect, table: Table, names: tuple[str, ...], size: int) -> tuple[str, bool]:
    ids = [bindparam(f"id_{n}") for n in range(size)]
    columns = (_ROWID if name == "rowid" else table.c[name] for name in names)
    labelled = (column.label(f"c_{n}") for n, column in enumerate(columns))  # a name twice is read twice
    compiled = select(*labelled).where(table.c.id.in_(ids)).compile(dialect=dialect)
    return str(compiled), compiled.positional


def update_stored_rows(conn: Connection, table: Table, names: tuple[str, ...], rows: Sequence[tuple[Any, ...]]) -> None:
    """Set these columns of many rows: each of `rows` is its values as stored
    (after `stored_encoder`), in the order of `names`, then its id."""
    if not rows:
        return
    sql, order = _update_by_id(conn.dialect, table, names)
    if order is None:
        keys = (*(f"v_{name}" for name in names), "b_id")
        conn.exec_driver_sql(sql, [dict(zip(keys, row)) for row in rows])
    elif order == tuple(range(len(names) + 1)):
        conn.exec_driver_sql(sql, list(rows))
    else:
        conn.exec_driver_sql(sql, [tuple(row[i] for i in order) for row in rows])


def stamp_stored_rows(conn: Connection, table: Table, names: tuple[str, ...], rows: Sequence[tuple[Any, ...]]) -> None:
    """Set these columns of many rows, and the same-named entries of their
    `field_clocks`, on SQLite: each of `rows` is its values as stored (after
    `stored_encoder`), in the order of `names`, then for each name the field's
    new clock `[hlc, base_hlc]` as two values, then its rowid, read by
    `stored_rows` in the same transaction (by rowid, the table is searched
    once; by id, its id index first).

    SQLite sets the clock entries in the stored JSON itself (`json_set`), so
    the whole clock, which grows with every field edited, is not encoded again
    in Python for one entry (an eighth of the merge's CPU time). SQLite writes
    the object without `json.dumps`'s spaces; every reader parses it as JSON."""
    if not rows:
        return
    sql, order = _stamp_by_rowid(conn.dialect, table, names)
    if order == tuple(range(3 * len(names) + 1)):
        conn.exec_driver_sql(sql, list(rows))
    else:
        conn.exec_driver_sql(sql, [tuple(row[i] for i in order) for row in rows])


@lru_cache(maxsize=512)
def _stamp_by_rowid(dialect: Dialect, table: Table, names: tuple[str, ...]) -> tuple[str, tuple[int, ...]]:
    """The UPDATE of `stamp_stored_rows`, and where each of its positional
    parameters comes from in a row of (values…, (hlc, base) per name…, rowid)."""
    entries: list[Any] = []
    for name in names:
        entries += [literal_column(_json_path(table, name)), func.json_array(bindparam(f"h_{name}"), bindparam(f"k_{name}"))]
    values: dict[str, Any] = {name: bindparam(f"v_{name}") for name in names}
    values["field_clocks"] = func.json_set(table.c.field_clocks, *entries)
    compiled = update(table).where(_ROWID == bindparam("b_rowid")).values(values).compile(dialect=dialect)
    if dialect.name != "sqlite":
        raise ValueError(f"{dialect.name}: clocks are stamped in place on SQLite only")
    keys = [*(f"v_{name}" for name in names), *chain.from_iterable((f"h_{name}", f"k_{name}") for name in names), "b_rowid"]
    return str(compiled), tuple(keys.index(key) for key in compiled.positiontup)


_ROWID = literal_column("rowid")


def _json_path(table: Table, name: str) -> str:
    """The SQL literal of the JSON path to a column's clock entry (`'$."title"'`),
    for a column of the table's own metadata only."""
    if name not in table.c or not name.isidentifier():
        raise ValueError(f"no clock entry for {name!r} in {table.name}")
    return f"'$.\"{name}\"'"


@lru_cache(maxsize=512)
def _update_by_id(dialect: Dialect, table: Table, names: tuple[str, ...]) -> tuple[str, tuple[int, ...] | None]:
    """The UPDATE, and for a positional paramstyle where each parameter comes
    from in a row of (values of `names`…, id)."""
    compiled = _updating_by_id(table, names).compile(dialect=dialect)
    if not compiled.positional:
        return str(compiled), None
    keys = [*(f"v_{name}" for name in names), "b_id"]
    return str(compiled), tuple(keys.index(key) for key in compiled.positiontup)


def _updating_by_id(table: Table, names: tuple[str, ...]) -> Any:
    """UPDATE of these columns of the row with an id. The parameters are named
    apart from the columns (`v_<column>`, `b_id`): a table may have a column
    called like the id's parameter (`conflict_resolutions.row_id`), and a
    shared name would bind its new value as the id, updating nothing."""
    return update(table).where(table.c.id == bindparam("b_id")).values({name: bindparam(f"v_{name}") for name in names})


@lru_cache(maxsize=1024)
def stored_decoder(dialect: Dialect, column: Column[Any]) -> Codec | None:
    """What turns a stored value of `column` (not None) into its wire form, or
    None when it is already (text, numbers). Timestamps are stored as their
    wire text, so they are only checked, not parsed and formatted again."""
    if isinstance(column.type, UtcTimestamp):
        return _canonical_timestamp
    return column.type._cached_result_processor(dialect, None)


def stored_column(dialect: Dialect, column: Column[Any], values: list[Any]) -> list[Any]:
    """Wire values of `column` as they are stored (`stored_encoder`); where
    that is `json.dumps` text on SQLite, every value goes through the C
    encoder made once, to the very same text (None is stored as "null")."""
    if _JSON_TEXT is not None and dialect.name == "sqlite" and _plain_json_text(dialect, column):
        return list(map("".join, map(_JSON_TEXT, values, repeat(0))))
    process = stored_encoder(dialect, column)
    return values if process is None else list(map(process, values))


@lru_cache(maxsize=1024)
def stored_encoder(dialect: Dialect, column: Column[Any]) -> Codec | None:
    """What turns a wire value of `column` into what is stored, or None when it is the same."""
    return column.type._cached_bind_processor(dialect)


def _canonical_timestamp(text: str) -> str:
    return text if ISO_UTC.match(text) else iso(parse_iso(text))
