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
from datetime import datetime
from functools import lru_cache
from typing import Annotated, Any

import msgspec
from sqlalchemy import JSON, BigInteger, Boolean, Float, Integer, Numeric, String

from chenu_desktop.domain.changes import ROW_COLUMN, Change
from chenu_desktop.domain.clock import ISO_UTC, parse_iso
from chenu_desktop.store.models.base import UtcTimestamp
from chenu_desktop.store.synced import SYNCED_TABLES, SyncedTable

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
_compact = msgspec.json.Encoder().encode


def shape_problem(change: Change) -> str | None:
    """Why `change` cannot be held as it is, or None."""
    if change.schema < 1:
        return f"schema {change.schema} is not a version"
    return stamp_problem(change) or content_problem(change)


def stamp_problem(change: Change) -> str | None:
    """Why the stamps and node of `change` are malformed, or None (the same
    for every change of one local transaction: a push judges it once)."""
    stamp = STAMP.match(change.hlc)
    if stamp is None:
        return f"hlc {show(change.hlc)} is not a stamp (15 digits, 5 digits, the node id)"
    if not NODE.match(change.node) or stamp[1] != change.node:
        return f"node {show(change.node)} is not the node of stamp {change.hlc}"
    if change.base_hlc is not None and not STAMP.match(change.base_hlc):
        return f"base_hlc {show(change.base_hlc)} is not a stamp"
    return None


def content_problem(change: Change, text: str | None = None) -> str | None:
    """Why the row, table, column or value of `change` cannot be held, or None.
    `text`: the value as the JSON text it arrived in, when known (a whole
    new row is then judged on it, in C, when it surely is fine)."""
    if not is_id(change.row_id):
        return f"row_id {show(change.row_id)} is not an id (1–{ID_MAX} printable characters)"
    spec = SYNCED_TABLES.get(change.table)
    if spec is None:
        return f"unknown table {show(change.table)} in schema {change.schema}"
    if change.column == ROW_COLUMN:
        if not isinstance(change.value, dict):
            return f"a whole-row change to {spec.name} must carry an object"
        if text is not None and row_text_surely_fine(spec.name, text):
            return None
        if not spec.columns.issuperset(change.value):
            unknown = sorted(set(change.value) - spec.columns)
            return f"unknown column(s) {', '.join(show(c) for c in unknown)} in {spec.name}"
        if row_surely_fine(spec.name, change.value):
            return None
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


def row_text_surely_fine(table_name: str, text: str) -> bool:
    """True when a whole new row, as the JSON text it arrived in, surely has
    only fields its columns can hold: decoded by msgspec (in C) against the
    table's field types and bounds, no `\\u0000` in it, and each timestamp
    a canonical one. False means "not sure" (see `row_surely_fine`)."""
    if "\\u0000" in text:
        return False
    try:
        row = _row_decoder(table_name).decode(text)
    except (msgspec.DecodeError, msgspec.ValidationError, UnicodeEncodeError):
        return False
    for name in _timestamp_fields(table_name):
        value = getattr(row, name)
        if value is not None and not canonical_timestamp(value):
            return False
    # JSON text this short and this flat holds no JSON field too deep or too
    # large (a number's compact form is at most 4.5 times its text: 1e15),
    # and msgspec let through no NaN or lone surrogate: no check left to run.
    small_and_flat = len(text) <= JSON_MAX_BYTES // 5 and text.count("[") + text.count("{") <= JSON_MAX_DEPTH
    checks = column_checks(table_name)
    for name, kind in _python_checked_fields(table_name):
        value = getattr(row, name)
        if value is None or (kind == "json" and small_and_flat):
            continue
        if checks[name](value) is not None:
            return False
    return True


@lru_cache(maxsize=4096)
def canonical_timestamp(text: str) -> bool:
    """Whether `text` is a timestamp as `iso()` writes it, and a real instant.
    Remembered: a push's rows mostly share their times."""
    if not ISO_UTC.match(text):
        return False
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=None)
def _row_decoder(table_name: str) -> msgspec.json.Decoder:
    """A decoder of the table's whole rows that accepts only what the
    per-column checks surely accept (text bounded in characters: at most 4
    UTF-8 bytes each, so unbounded text within a quarter of its byte limit)."""
    fields: list[tuple[str, Any, Any]] = []
    for name, kind, nullable, bound in field_rules(table_name):
        if kind == "text":
            limit = bound if SYNCED_TABLES[table_name].table.c[name].type.length is not None else bound // 4
            annotation: Any = Annotated[str, msgspec.Meta(max_length=limit)]
        elif kind == "timestamp":
            annotation = str
        elif kind == "bool":
            annotation = bool
        elif kind == "int":
            annotation = Annotated[int, msgspec.Meta(ge=-bound, lt=bound)]
        else:
            annotation = Any  # JSON, numbers and the rest: checked in Python
        if nullable:
            fields.append((name, annotation | None, None))
        else:
            fields.append((name, annotation, msgspec.NODEFAULT))  # absent is null: not sure, the exact check says
    row = msgspec.defstruct(f"{table_name}_row", fields, forbid_unknown_fields=True)
    return msgspec.json.Decoder(row)


@lru_cache(maxsize=None)
def _timestamp_fields(table_name: str) -> tuple[str, ...]:
    return tuple(name for name, kind, _, _ in field_rules(table_name) if kind == "timestamp")


@lru_cache(maxsize=None)
def _python_checked_fields(table_name: str) -> tuple[tuple[str, str], ...]:
    """(name, kind) of the JSON, number and other fields: the decoder takes any value there."""
    return tuple((name, kind) for name, kind, _, _ in field_rules(table_name) if kind not in ("text", "timestamp", "bool", "int"))


FieldRule = tuple[str, str, bool, int]
"""(column, kind, nullable, bound) of a row's field, for `row_surely_fine`."""


def row_surely_fine(table_name: str, row: dict[str, Any]) -> bool:
    """True when every field of a whole new row is surely one its column can
    hold, judged in one pass with the common cases inline: plain ASCII text
    within its length, booleans, integers in range, canonical UTC timestamps.
    False means "not sure": the per-column checks then give the exact reason
    (or find nothing wrong after all). A push of 1 000 new rows runs some
    12 000 field checks; as one function call per field they were a third of
    the push's judging."""
    get = row.get
    for name, kind, nullable, bound in field_rules(table_name):
        value = get(name)
        if value is None:
            if nullable:
                continue
            return False
        if kind == "text":
            if type(value) is not str or len(value) > bound or not value.isascii() or "\x00" in value:
                return False
        elif kind == "timestamp":
            if type(value) is not str or not canonical_timestamp(value):
                return False
        elif kind == "bool":
            if type(value) is not bool:
                return False
        elif kind == "int":
            if type(value) is not int or not -bound <= value < bound:
                return False
        elif kind == "json":
            if json_problem(name, value) is not None:
                return False
        elif column_checks(table_name)[name](value) is not None:  # numbers and the rest: the column's own check
            return False
    return True


@lru_cache(maxsize=None)
def field_rules(table_name: str) -> tuple[FieldRule, ...]:
    spec = SYNCED_TABLES[table_name]
    rules: list[FieldRule] = []
    for name in sorted(spec.columns):
        column = spec.table.c[name]
        kind = column.type
        if isinstance(kind, UtcTimestamp):
            rules.append((name, "timestamp", column.nullable, 0))
        elif isinstance(kind, Boolean):
            rules.append((name, "bool", column.nullable, 0))
        elif isinstance(kind, Integer):
            rules.append((name, "int", column.nullable, 2 ** (63 if isinstance(kind, BigInteger) else 31)))
        elif isinstance(kind, String):
            # ASCII only here: a character is a byte, so the byte limit of unbounded text is a length
            rules.append((name, "text", column.nullable, kind.length if kind.length is not None else TEXT_MAX_BYTES))
        elif isinstance(kind, JSON):
            rules.append((name, "json", column.nullable, 0))
        else:
            rules.append((name, "exact", column.nullable, 0))
    return tuple(rules)


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
    if isinstance(value, (dict, list, str)) and json_size(value) > JSON_MAX_BYTES:
        return f"{where} is larger than {JSON_MAX_BYTES // 1024} KiB"
    return None


def json_size(value: Any) -> int:
    """Bytes of `value` as compact UTF-8 JSON (`json.dumps` with
    `ensure_ascii=False`). msgspec writes the same text, in C, but for how
    it spells some floats (`1e16` for `1e+16`): at most a character per
    number, so its count is taken when it is well below the limit."""
    try:
        quick = len(_compact(value))
    except (TypeError, ValueError, OverflowError):
        quick = JSON_MAX_BYTES
    if quick <= JSON_MAX_BYTES // 2:
        return quick
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


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
