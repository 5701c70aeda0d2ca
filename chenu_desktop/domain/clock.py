"""Wall-clock access in one place, so tests can inject time."""

from __future__ import annotations

from datetime import datetime, timezone
import re
from functools import lru_cache
from typing import Callable

Clock = Callable[[], datetime]

ISO_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")
"""The canonical text of a timestamp, as `iso()` writes it."""


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(moment: datetime) -> datetime:
    """Treat naive datetimes as UTC; convert aware ones to UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


@lru_cache(maxsize=256)
def iso(moment: datetime) -> str:
    """The one text form of a timestamp: UTC, microseconds, 'Z' suffix."""
    return as_utc(moment).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def parse_iso(text: str) -> datetime:
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    return as_utc(datetime.fromisoformat(text))
