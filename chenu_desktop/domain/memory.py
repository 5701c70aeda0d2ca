"""Memory canon: item types, layers by last access, sources."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import Enum

from .clock import as_utc


class MemoryType(str, Enum):
    FACT = "fact"
    PREFERENCE = "preference"
    CONTEXT = "context"
    REFERENCE = "reference"
    NOTE = "note"


class MemoryLayer(str, Enum):
    HOT = "hot"
    WARM = "warm"
    COLD = "cold"


class MemorySource(str, Enum):
    USER = "user"
    NOVA = "nova"
    AGENT = "agent"
    IMPORTED = "imported"


MEMORY_TYPES = tuple(t.value for t in MemoryType)
MEMORY_LAYERS = tuple(layer.value for layer in MemoryLayer)
MEMORY_SOURCES = tuple(s.value for s in MemorySource)
HOT_FOR = timedelta(days=7)
WARM_FOR = timedelta(days=30)
CONTENT_MAX = 10_000
"""The longest memory item, in characters."""
SEARCH_LIMIT_DEFAULT = 20


def memory_layer(accessed_at: datetime, now: datetime) -> MemoryLayer:
    age = as_utc(now) - as_utc(accessed_at)
    if age <= HOT_FOR:
        return MemoryLayer.HOT
    if age <= WARM_FOR:
        return MemoryLayer.WARM
    return MemoryLayer.COLD


def size_kb(total_content_bytes: int) -> float:
    return total_content_bytes / 1024
