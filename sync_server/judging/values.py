"""Whether a change has a shape this server can hold: its stamps, ids, table,
column and value, on every database the server runs on.

Also the limits on one value, the same for a push and for a REST write: text
no longer than its column allows (64 KiB of UTF-8 for unbounded text), JSON
nested at most 32 levels deep and at most 64 KiB once encoded. Deeper JSON
is what the response encoder of every pull would choke on; larger values are
no one's notes, and every member's device would have to store them.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Float, Integer, Numeric, String

from chenu_desktop.domain.clock import parse_iso
from chenu_desktop.store.models.base import UtcTimestamp
from chenu_desktop.store.synced import SYNCED_TABLES, SyncedTable
from chenu_desktop.sync.changes import ROW_COLUMN, Change

from .verdict import show

ID_MAX = 36
TEXT_MAX_BYTES = 64 * 1024
"""Unbounded text columns (notes, intents, descriptions): at most this much UTF-8."""
JSON_MAX_BYTES = 64 * 1024
"""A JSON value (tags, options, payloads, details) once encoded as compact UTF-8."""
JSON_MAX_DEPTH = 32
"""Arrays and objects inside one another; a scalar is depth 0, `[]` depth 1."""
STAMP = re.compile(r"^\d{15}-\d{5}-([0-9a-f]{16})$")
NODE = re.compile(r"^[0-9a-f]{16}$")

Check = Callable[[Any], str | None]


def shape_problem(change: Change) -> str | None:
    """Why `change` cannot be held as it is, or None."""
    if change.schema < 1:
        return f"schema {change.schema} is not a version"
    stamp = STAMP.match(change.hlc)
    if stamp is None:
        return f"hlc {show(change.hlc)} is not a stamp (15 digits, 5 digits, the node id)"
    if not NODE.match(change.node) or stamp[1] != change.node:
        return f"node {show(change.node)} is not the node of stamp {change.hlc}"
    if change.base_hlc is not None and not STAMP.match(change.base_hlc):
        return f"base_hlc {show(change.base_hlc)} is not a stamp"
    if not is_id(change.row_id):
        return f"row_id {show(change.row_id)} is not an id (1–{ID_MAX} printable characters)"
    spec = SYNCED_TABLES.get(change.table)
    if spec is None:
        return f"unknown table {show(change.table)} in schema {change.schema}"
    if change.column == ROW_COLUMN:
        if not isinstance(change.value, dict):
            return f"a whole-row change to {spec.name} must carry an object"
        unknown = sorted(set(change.value) - spec.columns)
        if unknown:
            return f"unknown column(s) {', '.join(show(c) for c in unknown)} in {spec.name}"
        for name, check in column_checks(spec.name).items():  # in column name order
            problem = check(change.value.get(name))
            if problem:
                return problem
        return None
    if spec.append_only:
        return f"{spec.name} is append-only: it takes whole rows (column \"*\") only"
    if change.column not in spec.columns:
        return f"unknown column {show(change.column)} in {spec.name}"
    return column_checks(spec.name)[change.column](change.value)


@lru_cache(maxsize=None)
def column_checks(table_name: str) -> dict[str, Check]:
    """Each column's check, in column name order, made once per table: a
    push of 1 000 new rows runs some 12 000 of them."""
    spec = SYNCED_TABLES[table_name]
    return {name: _column_check(spec, name) for name in sorted(spec.columns)}


def _column_check(spec: SyncedTable, name: str) -> Check:
    column = spec.table.c[name]
    where = f"{spec.name}.{name}"
    kind = column.type
    null_problem = None if column.nullable else f"{where} cannot be null"

    def check(value: Any) -> str | None:
        return null_problem if value is None else problem(value)

    if isinstance(kind, UtcTimestamp):

        def problem(value: Any) -> str | None:
            if not isinstance(value, str):
                return f"{where} must be an ISO 8601 timestamp"
            try:
                parse_iso(value)
            except (ValueError, OverflowError):
                return f"{where}: {show(value)} is not an ISO 8601 timestamp"
            return None

    elif isinstance(kind, Boolean):

        def problem(value: Any) -> str | None:
            return None if isinstance(value, bool) else f"{where} must be true or false"

    elif isinstance(kind, Integer):
        bits = 63 if isinstance(kind, BigInteger) else 31

        def problem(value: Any) -> str | None:
            if type(value) is not int:
                return f"{where} must be an integer"
            return None if -(2**bits) <= value < 2**bits else f"{where}: {value} is out of range"

    elif isinstance(kind, (Float, Numeric)):

        def problem(value: Any) -> str | None:
            if type(value) not in (int, float) or not math.isfinite(value):
                return f"{where} must be a finite number"
            return None

    elif isinstance(kind, String):  # String(n) and Text
        length = kind.length

        def problem(value: Any) -> str | None:
            if not isinstance(value, str):
                return f"{where} must be text"
            if length is not None and len(value) > length:
                return f"{where} is longer than {length} characters"
            if length is None and utf8_size(value) > TEXT_MAX_BYTES:
                return f"{where} is longer than {TEXT_MAX_BYTES // 1024} KiB"
            return None if storable_text(value) else f"{where} contains a NUL character or invalid Unicode"

    elif isinstance(kind, JSON):

        def problem(value: Any) -> str | None:
            return json_problem(where, value)

    else:

        def problem(value: Any) -> str | None:
            return None

    return check


def json_problem(where: str, value: Any) -> str | None:
    """Why `value` is not a JSON value a column may hold (content, depth, size)."""
    if json_too_deep(value):
        return f"{where} is nested deeper than {JSON_MAX_DEPTH} levels"
    if not storable_json(value):
        return f"{where} contains a NUL character, invalid Unicode or a non-finite number"
    if isinstance(value, (dict, list, str)):
        size = len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        if size > JSON_MAX_BYTES:
            return f"{where} is larger than {JSON_MAX_BYTES // 1024} KiB"
    return None


def json_too_deep(value: Any, limit: int = JSON_MAX_DEPTH) -> bool:
    """Whether arrays and objects nest more than `limit` levels (without recursion:
    the value may be as deep as the JSON parser allowed)."""
    if not isinstance(value, (dict, list)):
        return False
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def utf8_size(text: str) -> int:
    if text.isascii():
        return len(text)
    return len(text.encode("utf-8", "surrogatepass"))


def storable_text(text: str) -> bool:
    """PostgreSQL refuses NUL in text and JSON; no database takes lone surrogates."""
    if "\x00" in text:
        return False
    if text.isascii():  # a flag of the string, no scan: most text needs no encoding check
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def storable_json(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not storable_text(item):
                return False
        elif isinstance(item, float):
            if not math.isfinite(item):
                return False
        elif isinstance(item, dict):
            if not all(storable_text(key) for key in item):
                return False
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True


def is_id(text: str) -> bool:
    return 1 <= len(text) <= ID_MAX and text.isprintable()
