"""Decisions: recorded with options, taken, deferred or rejected; aging computed."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from chenu_desktop.domain.decisions import OPTION_LABEL_MAX
from chenu_desktop.domain.threads import INTENT_MAX, TITLE_MAX

from ..pagination import (
    EMPTY_OR_NON_BLANK_PATTERN,
    ID_MAX_LENGTH,
    NON_BLANK_PATTERN,
    SPHERE_ID_PATTERN,
    text,
)

DecisionStatus = Literal["pending", "approved", "rejected", "deferred", "expired"]
Priority = Literal["low", "medium", "high", "critical"]
ShortText = text(max_length=500)
OptionId = text(1, 64)


class OptionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: OptionId | None = Field(default=None, description="default: opt1, opt2, … in order")
    label: text(1, OPTION_LABEL_MAX, pattern=NON_BLANK_PATTERN)
    pros: Annotated[list[ShortText], Field(max_length=20)] = []
    cons: Annotated[list[ShortText], Field(max_length=20)] = []
    impact: text(max_length=500) = ""


def _sphere_or_thread(schema: dict[str, Any]) -> None:
    schema["anyOf"] = [{"required": ["sphere_id"]}, {"required": ["thread_id"]}]
    for name in ("sphere_id", "thread_id"):
        schema["properties"][name].pop("default", None)


class DecisionCreate(BaseModel):
    """In a sphere, or on a thread (then in the thread's sphere): give sphere_id, thread_id or both."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_sphere_or_thread)

    title: text(1, TITLE_MAX, pattern=NON_BLANK_PATTERN)
    sphere_id: text(1, 32, pattern=SPHERE_ID_PATTERN) = Field(  # type: ignore[assignment]
        default=None, description="required unless thread_id is given (then it must be the thread's sphere)"
    )
    thread_id: text(1, ID_MAX_LENGTH) = None  # type: ignore[assignment]
    priority: Priority | None = Field(default=None, description="default: medium")
    description: text(max_length=INTENT_MAX, pattern=EMPTY_OR_NON_BLANK_PATTERN) | None = None
    options: Annotated[list[OptionIn], Field(max_length=20)] = []

    @field_validator("options")
    @classmethod
    def _unique_ids(cls, options: list[OptionIn]) -> list[OptionIn]:
        ids = [option.id or f"opt{index + 1}" for index, option in enumerate(options)]
        if len(set(ids)) != len(ids):
            raise PydanticCustomError("duplicate_option", "option ids must be unique (given or opt1, opt2, … by position)")
        return options


class MakeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    option_id: OptionId


class OptionOut(BaseModel):
    id: str
    label: str
    pros: list[str] = []
    cons: list[str] = []
    impact: str = ""


class DecisionOut(BaseModel):
    id: str
    workspace_id: str
    thread_id: str | None
    sphere_id: str | None
    title: str | None
    description: str | None
    status: str | None = Field(description="pending, approved, rejected, deferred or expired")
    priority: str | None = Field(description="low, medium, high or critical")
    options: list[OptionOut]
    chosen_option_id: str | None
    aging_started_at: datetime | None
    aging_level: str | None = Field(description="while waiting: GREEN, YELLOW, RED or BLINK (computed, never stored)")
    next_reminder_at: datetime | None
    archive_reason: str | None
    created_at: datetime | None
    resolved_at: datetime | None
    resolved_by: str | None
