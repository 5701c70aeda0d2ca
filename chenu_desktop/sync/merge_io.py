"""The merge's reads and writes of stored rows, at the driver's speed.

A pull's page touches thousands of rows. Read through SQLAlchemy's result
objects (a fetch and a `Row` per row) and encoded through the JSON type's
bind processor (`json.dumps` builds a new encoder on every call), they cost
the merge a fifth of its time; here rows come back as the driver's tuples
in one `fetchall` per chunk of ids, and clocks are encoded by one C encoder
made once, to the very text `json.dumps` writes.
"""

from __future__ import annotations

import json
import json.encoder
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import repeat
from typing import Any

from sqlalchemy import JSON, Column, Connection, Dialect, Table, bindparam, select

from chenu_desktop.store.bulk import stored_encoder

IDS_PER_QUERY = (1, 16, 128, 500)
"""How many ids one read binds: a batch's ids go in chunks of the largest, the
last chunk padded (by repeating an id) to the smallest size that holds it, so
a few statements compiled once serve every batch, well under SQLite's
variable limit."""


def stored_rows(conn: Connection, table: Table, names: tuple[str, ...], ids: Sequence[str]) -> list[tuple[Any, ...]]:
    """These columns of the rows with these ids (each row once), as the driver
    returns them: no type processing (`store.bulk.stored_decoder` gives a
    value's wire form)."""
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
    compiled = select(*(table.c[name] for name in names)).where(table.c.id.in_(ids)).compile(dialect=dialect)
    return str(compiled), compiled.positional


def stored_column(dialect: Dialect, column: Column[Any], values: list[Any]) -> list[Any]:
    """Wire values of `column` as they are stored: through the column's bind
    processor, or, where that is plain `json.dumps` into text (a plain JSON
    column on SQLite without a custom serializer; None is stored as "null"),
    through a C encoder writing the same text, made once."""
    if _C_ENCODE is not None and _plain_json_text(dialect, column):
        return list(map("".join, map(_C_ENCODE, values, repeat(0))))
    process = stored_encoder(dialect, column)
    return values if process is None else list(map(process, values))


@lru_cache(maxsize=1024)
def _plain_json_text(dialect: Dialect, column: Column[Any]) -> bool:
    kind = column.type
    return (
        type(kind) is JSON
        and not kind.none_as_null
        and dialect.name == "sqlite"
        and getattr(dialect, "_json_serializer", None) is None
        and kind._str_impl.bind_processor(dialect) is None
    )


def _make_c_encoder() -> Callable[[Any, int], list[str]] | None:
    """`json.dumps`'s own C encoder with its default settings (ASCII, ", " and
    ": " separators, NaN allowed), or None where the C accelerator is missing."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return None
    default = json.JSONEncoder()
    return make(  # type: ignore[no-any-return]
        None,
        default.default,
        json.encoder.encode_basestring_ascii,
        None,
        default.key_separator,
        default.item_separator,
        False,
        False,
        True,
    )


_C_ENCODE = _make_c_encoder()
