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

from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from itertools import chain, repeat
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Dialect,
    Table,
    bindparam,
    insert,
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
    (a batch's clock), bound once instead of once per row.

    Parameters are built column by column (each column's bind processor
    mapped over its values, the rows' tuples zipped at the end): building
    them value by value per row was a quarter of a bulk import."""
    if not rows:
        return
    shared = same_for_all or {}
    present = frozenset(chain(chain.from_iterable(rows), shared))
    sql, order, processors, named = _compiled(conn.dialect, table, present)
    columns: list[Any] = []
    for key, process in zip(order, processors):
        if key in shared:
            value = shared[key]
            columns.append(repeat(process(value) if process is not None else value, len(rows)))
            continue
        values = [row.get(key) for row in rows]
        columns.append(map(process, values) if process is not None else values)
    params: list[Any] = list(zip(*columns))
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
    processors = [by_key[key].type._cached_bind_processor(dialect) for key in order]
    return str(compiled), order, processors, not compiled.positional


@lru_cache(maxsize=512)
def row_reader(dialect: Dialect, table: Table, names: tuple[str, ...]) -> RowReader:
    """A function reading these columns of the row with an id, decoded as the
    column types decode them (JSON, timestamps), or None when there is none."""
    compiled = select(*(table.c[name] for name in names)).where(table.c.id == bindparam("id")).compile(dialect=dialect)
    sql = str(compiled)
    decoders = [(name, table.c[name].type._cached_result_processor(dialect, None)) for name in names]

    def read(conn: Connection, row_id: str) -> dict[str, Any] | None:
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
    processors = {name: table.c[name].type._cached_bind_processor(dialect) for name in names}

    def write(conn: Connection, row_id: str, values: Mapping[str, Any]) -> None:
        bound = {"b_id": row_id}
        for name in names:
            process = processors[name]
            bound[f"v_{name}"] = process(values[name]) if process else values[name]
        conn.exec_driver_sql(sql, tuple(bound[key] for key in order) if compiled.positional else bound)

    return write


def stored_rows(conn: Connection, table: Table, names: tuple[str, ...], ids: Sequence[str]) -> Iterator[Any]:
    """These columns of the rows with these ids, as the driver returns them
    (no type processing: `stored_decoder` turns a value into its wire form)."""
    largest = IDS_PER_QUERY[-1]
    for start in range(0, len(ids), largest):
        chunk = list(ids[start : start + largest])
        size = next(n for n in IDS_PER_QUERY if n >= len(chunk))
        chunk += chunk[-1:] * (size - len(chunk))
        sql, positional = _select_by_ids(conn.dialect, table, names, size)
        params: Any = tuple(chunk) if positional else {f"id_{n}": row_id for n, row_id in enumerate(chunk)}
        yield from conn.exec_driver_sql(sql, params)


@lru_cache(maxsize=256)
def _select_by_ids(dialect: Dialect, table: Table, names: tuple[str, ...], size: int) -> tuple[str, bool]:
    ids = [bindparam(f"id_{n}") for n in range(size)]
    compiled = select(*(table.c[name] for name in names)).where(table.c.id.in_(ids)).compile(dialect=dialect)
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


@lru_cache(maxsize=1024)
def stored_encoder(dialect: Dialect, column: Column[Any]) -> Codec | None:
    """What turns a wire value of `column` into what is stored, or None when it is the same."""
    return column.type._cached_bind_processor(dialect)


def _canonical_timestamp(text: str) -> str:
    return text if ISO_UTC.match(text) else iso(parse_iso(text))
