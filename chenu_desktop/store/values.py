"""Normalising values to their wire form: what a change carries is what is stored."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column

from chenu_desktop.domain.clock import iso, parse_iso

from .models.base import UtcTimestamp


_PLAIN = frozenset({str, int, float, bool})


def to_wire(value: Any) -> Any:
    """JSON-compatible form of a column value (timestamps become ISO text)."""
    if value is None or type(value) in _PLAIN:
        return value
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, tuple):
        return [to_wire(v) for v in value]
    if isinstance(value, list):
        return [to_wire(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_wire(v) for k, v in value.items()}
    return value


def column_wire(column: Column[Any], value: Any) -> Any:
    """`to_wire`, with timestamps given as text brought to the one canonical text."""
    if isinstance(value, str) and isinstance(column.type, UtcTimestamp):
        return iso(parse_iso(value))
    return to_wire(value)
