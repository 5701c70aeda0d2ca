"""A column matched against a list of values bound as one parameter, and a
list of tuples bound alike to join a table with.

A push looks rows and log keys up by hundreds of values at a time. An
`IN (…)` of one bound parameter per value is re-rendered by SQLAlchemy at
every execution (~60 µs per 100 values, and the statement differs with each
length), and psycopg binds and splits the values one by one slowly. Bound as
one parameter instead, the statement is built once: an array compared with
`= ANY` on PostgreSQL, a JSON array read by `json_each` on SQLite.

On PostgreSQL the array is bound as its text (`{"a","b"}`, cast in the
statement): psycopg's adapter of a Python list took 1.2 ms for 1 000
strings, and a push binds two to four such lists; written here, 0.14 ms.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec
from sqlalchemy import ARRAY, ColumnElement, Connection, FromClause, String, Text, any_, bindparam, cast, column, func, select
from sqlalchemy.types import NullType

_json_array = msgspec.json.Encoder().encode


def one_of(dialect_name: str, target: ColumnElement[Any], name: str) -> ColumnElement[bool]:
    """`target` equals one of the values bound as `name` (see `bound_list`)."""
    if dialect_name == "postgresql":
        return target == any_(_text_array(name))
    listed = select(column("value", String)).select_from(func.json_each(bindparam(name, type_=String)))
    return target.in_(listed.scalar_subquery())


def bound_list(conn: Connection, values: Sequence[str]) -> Any:
    """`values` as `one_of`'s parameter on `conn`'s database."""
    if conn.dialect.name == "postgresql":
        return _array_text(values)
    return _json_array(values).decode()


def listed_tuples(dialect_name: str, width: int, name: str) -> tuple[FromClause, list[ColumnElement[Any]]]:
    """The tuples bound as `name` (see `bound_tuples`) as a table to join, and
    an expression for each of their `width` fields: `unnest` of one array per
    field on PostgreSQL, each element of a JSON array of arrays on SQLite."""
    if dialect_name == "postgresql":
        fields = [f"f{index}" for index in range(width)]
        arrays = [_text_array(f"{name}_{index}") for index in range(width)]
        unnested = func.unnest(*arrays).table_valued(*fields).render_derived()
        return unnested, [unnested.c[field] for field in fields]
    each = func.json_each(bindparam(name, type_=String)).table_valued("value")
    return each, [func.json_extract(each.c.value, f"$[{index}]") for index in range(width)]


def bound_tuples(conn: Connection, name: str, rows: Sequence[tuple[str, ...]], width: int) -> dict[str, Any]:
    """`rows` as `listed_tuples`' parameters on `conn`'s database."""
    if conn.dialect.name == "postgresql":
        return {f"{name}_{index}": _array_text([row[index] for row in rows]) for index in range(width)}
    return {name: _json_array(rows).decode()}


def _text_array(name: str) -> ColumnElement[Any]:
    """The parameter `name`, a PostgreSQL array's text (`_array_text`), as an array of strings.

    The parameter has no type of its own (psycopg sends a string as
    "unknown"): PostgreSQL takes it as the array itself, a constant the
    planner sees through (its length, a hashed `= ANY`). Bound as text and
    cast in the statement, it was a cast to run, of an array of unknown
    length: a push on a table whose statistics were not yet gathered
    compared every row with each of 1 000 values (1.2 s, not 40 ms)."""
    return cast(bindparam(name, type_=NullType()), ARRAY(Text))


def _array_text(values: Sequence[str]) -> str:
    """`values` as the text of a PostgreSQL array: each element quoted, its
    backslashes and double quotes escaped (a NUL cannot be stored in text
    anyway: PostgreSQL refuses it, as it refused it in a list)."""
    return "{" + ",".join(['"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"' for value in values]) + "}"
