"""Memory items: what the workspace remembers."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

MemoryType = Literal["fact", "preference", "context", "reference", "note"]
MemoryLayer = Literal["hot", "warm", "cold"]


class MemoryOut(BaseModel):
    id: str
    type: str | None = Field(description="fact, preference, context, reference or note")
    content: str | None
    source: str | None = Field(description="user, nova, agent or imported")
    thread_id: str | None
    pinned: bool
    layer: str = Field(description="hot, warm or cold: from the last access (7 / 30 days), computed")
    created_at: datetime | None
    accessed_at: datetime | None
