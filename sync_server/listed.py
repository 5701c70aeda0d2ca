"""A column matched against a list of values bound as one parameter.

A push looks rows and log keys up by hundreds of values at a time. An
`IN (…)` of one bound parameter per value is re-rendered by SQLAlchemy at
every execution (~60 µs per 100 values, and the statement differs with each
length), and psycopg binds and splits the values one by one slowly. Bound as
one parameter instead, the statement is built once: an array compared with
`= ANY` on PostgreSQL, a JSON array read by `json_each` on SQLite.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec
from sqlalchemy import ARRAY, ColumnElement, Connection, String, any_, bindparam, column, func, select

_json_array = msgspec.json.Encoder().encode


def one_of(dialect_name: str, target: ColumnElement[Any], name: str) -> ColumnElement[bool]:
    """`target` equals one of the values bound as `name` (see `bound_list`)."""
    if dialect_name == "postgresql":
        return target == any_(bindparam(name, type_=ARRAY(target.type)))
    listed = select(column("value", String)).select_from(func.json_each(bindparam(name, type_=String)))
    return target.in_(listed.scalar_subquery())


def bound_list(conn: Connection, values: Sequence[str]) -> Any:
    """`values` as `one_of`'s parameter on `conn`'s database."""
    if conn.dialect.name == "postgresql":
        return list(values)
    return _json_array(values).decode()
