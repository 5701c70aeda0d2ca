"""Threads and their event logs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from chenu_desktop.domain.threads import INTENT_MAX, NOTE_MAX, TITLE_MAX

from ..pagination import ID_MAX_LENGTH, NON_BLANK_PATTERN, SPHERE_ID_PATTERN, text

ThreadStatus = Literal["active", "paused", "completed", "archived"]
Tag = text(max_length=100)
SphereId = text(1, 32, pattern=SPHERE_ID_PATTERN, description="one of GET /spheres")
Title = text(1, TITLE_MAX, pattern=NON_BLANK_PATTERN)
FoundingIntent = text(1, INTENT_MAX, pattern=NON_BLANK_PATTERN, description="why the thread exists; never changes afterwards")


class ThreadCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Title
    founding_intent: FoundingIntent
    sphere_id: SphereId
    tags: Annotated[list[Tag], Field(max_length=50)] = []
    parent_thread_id: text(1, ID_MAX_LENGTH) | None = None


def _at_least_one_change(schema: dict[str, Any]) -> None:
    schema["minProperties"] = 1
    for prop in schema.get("properties", {}).values():
        prop.pop("default", None)  # absent means "unchanged"; null is not a value


class ThreadPatch(BaseModel):
    """Title, status or tags (at least one; absent ones stay as they are).
    The founding intent is immutable."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_at_least_one_change)

    title: Title = None
    status: ThreadStatus = None  # type: ignore[assignment]
    tags: Annotated[list[Tag], Field(max_length=50)] = None  # type: ignore[assignment]
    founding_intent: SkipJsonSchema[Any] = None

    @field_validator("founding_intent", mode="before")
    @classmethod
    def _immutable(cls, value: Any) -> Any:  # runs only when the field is sent
        raise PydanticCustomError(
            "immutable", "a thread's founding intent never changes after creation; it can only be refined by an event"
        )


class NoteCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: text(1, NOTE_MAX, pattern=NON_BLANK_PATTERN)


class ThreadOut(BaseModel):
    id: str
    workspace_id: str
    sphere_id: str | None
    title: str | None
    founding_intent: str | None
    current_intent: str | None
    status: str | None = Field(description="active, paused, completed or archived")
    tags: list[str]
    parent_thread_id: str | None
    created_at: datetime | None
    created_by: str | None
    updated_at: datetime | None
    last_activity_at: datetime | None
    deleted: bool
    deleted_at: datetime | None


class ThreadDetailOut(ThreadOut):
    event_count: int
    maturity_score: int = Field(description="events + 5 × decisions, capped at 100")
    maturity: str = Field(description="SEED, SPROUTING, GROWING, MATURE or RIPE")


class EventOut(BaseModel):
    id: str
    thread_id: str
    type: str = Field(description="thread.created, note.added, decision.recorded, …")
    payload: dict[str, Any]
    actor: str
    at: datetime
