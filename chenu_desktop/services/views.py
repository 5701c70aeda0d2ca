"""Plain results the services return: no ORM objects leave the services."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from chenu_desktop.domain.clock import iso


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


class JsonView:
    def to_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))  # type: ignore[call-overload]


@dataclass(frozen=True)
class ThreadView(JsonView):
    id: str
    workspace_id: str
    sphere_id: str | None
    title: str | None
    founding_intent: str | None
    current_intent: str | None
    status: str | None
    tags: list[str]
    parent_thread_id: str | None
    created_at: datetime | None
    created_by: str | None
    updated_at: datetime | None
    last_activity_at: datetime | None
    deleted: bool
    deleted_at: datetime | None


@dataclass(frozen=True)
class EventView(JsonView):
    id: str
    thread_id: str
    type: str
    payload: dict[str, Any]
    actor: str
    at: datetime


@dataclass(frozen=True)
class ThreadDetail(JsonView):
    thread: ThreadView
    events: list[EventView]
    maturity_score: int
    maturity: str

    def to_dict(self) -> dict[str, Any]:
        data = self.thread.to_dict()
        data["events"] = [e.to_dict() for e in self.events]
        data["maturity_score"] = self.maturity_score
        data["maturity"] = self.maturity
        return data


@dataclass(frozen=True)
class DecisionView(JsonView):
    id: str
    workspace_id: str
    thread_id: str | None
    sphere_id: str | None
    title: str | None
    description: str | None
    status: str | None
    priority: str | None
    options: list[dict[str, Any]]
    chosen_option_id: str | None
    aging_started_at: datetime | None
    aging_level: str | None
    next_reminder_at: datetime | None
    archive_reason: str | None
    created_at: datetime | None
    resolved_at: datetime | None
    resolved_by: str | None


@dataclass(frozen=True)
class ConflictView(JsonView):
    id: str
    table: str
    row_id: str
    column: str
    kept_value: Any
    kept_by: str
    kept_hlc: str
    lost_value: Any
    lost_by: str
    lost_hlc: str
    detected_at: datetime
    restored_at: datetime | None
    status: str = "open"
    """"open", or how it was settled on any device: "restored" or "dismissed"."""
    current_value: Any = None
    """The field's value now (`kept_value` is the one that won at the time)."""
    row_title: str | None = None
    """The title of the row the field belongs to, where it has one."""
    resolved_by: str | None = None
    resolved_at: datetime | None = None


@dataclass(frozen=True)
class ImportResult(JsonView):
    imported: int
    ids: list[str] = field(repr=False)


@dataclass(frozen=True)
class CheckpointView(JsonView):
    id: str
    workspace_id: str
    action_type: str | None
    description: str | None
    requested_by: str | None
    reason: str | None
    risk_level: str | None
    status: str | None
    sphere_id: str | None
    thread_id: str | None
    action: dict[str, Any]
    result: dict[str, Any] | None
    created_at: datetime | None
    expires_at: datetime | None
    resolved_at: str | None
    resolved_by: str | None
    resolution_note: str | None
