"""What event and sync hooks hand to plugins: plain, frozen views of records.

Each view is a snapshot taken just after the write committed, with the row's
id and every one of its fields as attributes. They hold values, not database
handles: a plugin may keep them, pass them to another thread or print them,
and reading one never touches the store. No SQLAlchemy here, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

if TYPE_CHECKING:
    from chenu_desktop.services import Services

    from .manager import PluginHost
    from .settings import PluginSettings

Origin = Literal["local", "sync"]
"""Where a change came from: made on this device ("local") or arrived by sync ("sync")."""

ORIGINS: tuple[Origin, ...] = ("local", "sync")


class AppContext(Protocol):
    """What `app_did_start`, `app_will_shutdown`, commands, factories and
    handlers are given: the same attributes in every host (since PLUGIN_API 2).

    The window's context has more (`run`, `navigate`, `notice`: see PageSpec)."""

    kind: str
    """"cli", "window" or "server"."""
    data_dir: Path
    plugins: PluginHost
    """The plugin host: every contribution (`plugins.spheres()`, `plugins.agents()` …)."""

    @property
    def settings(self) -> PluginSettings:
        """`settings.get("garden.frost_alerts")`: a registered setting's value."""

    @property
    def services(self) -> Services | None:
        """The use cases on the data dir's store (None on the server)."""


@dataclass(frozen=True)
class ThreadRecord:
    """A thread as it is right after the change (since PLUGIN_API 2)."""

    id: str
    workspace_id: str
    sphere_id: str | None
    title: str | None
    founding_intent: str | None
    current_intent: str | None
    status: str | None
    tags: list[Any] | None
    parent_thread_id: str | None
    created_at: datetime | None
    created_by: str | None
    updated_at: datetime | None
    last_activity_at: datetime | None
    deleted: bool
    deleted_at: datetime | None


@dataclass(frozen=True)
class DecisionRecord:
    """A decision as it is right after the change (since PLUGIN_API 2).

    `options` is a list of `{"id", "label"}`; `chosen_option_id` names the one taken."""

    id: str
    workspace_id: str
    thread_id: str | None
    sphere_id: str | None
    title: str | None
    description: str | None
    status: str | None
    priority: str | None
    options: list[Any] | None
    chosen_option_id: str | None
    aging_started_at: datetime | None
    created_at: datetime | None
    created_by: str | None
    resolved_at: datetime | None
    resolved_by: str | None
    archive_reason: str | None
    deleted: bool


@dataclass(frozen=True)
class CheckpointRecord:
    """A checkpoint (an action held for a person's approval) right after the change (since PLUGIN_API 2).

    `requested_by` is the agent's id for an agent's proposal; `status` is
    "pending", "approved", "rejected" or "expired"; `action` is the held
    command as `{"type", "args"}`."""

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
    action: dict[str, Any] | None
    result: dict[str, Any] | None
    resolution: dict[str, Any] | None
    created_at: datetime | None
    expires_at: datetime | None
    deleted: bool


RECORD_BY_TABLE: dict[str, type[ThreadRecord | DecisionRecord | CheckpointRecord]] = {
    "threads": ThreadRecord,
    "decisions": DecisionRecord,
    "checkpoints": CheckpointRecord,
}
"""The tables whose changes raise data events, and the view each one gives."""


def record_from_row(table_name: str, row: Any) -> ThreadRecord | DecisionRecord | CheckpointRecord:
    """The view of one row (a mapping of its columns) of a table in RECORD_BY_TABLE."""
    record = RECORD_BY_TABLE[table_name]
    values = {item.name: row[item.name] for item in fields(record)}
    values["deleted"] = bool(values["deleted"])
    return record(**values)


@dataclass(frozen=True)
class SyncResult:
    """What one sync round with the server did, given to `sync_did_finish` (since PLUGIN_API 2).

    `ok` is False when the round stopped on an error, whose one-line reason is
    `error`; the counts then say what was done before it stopped."""

    pushed: int = 0
    """Changes this device sent."""
    pulled: int = 0
    """Changes received from other devices."""
    conflicts: int = 0
    """Overwritten values kept aside (see `chenu conflicts list`)."""
    rejected: int = 0
    """Changes the server refused (kept on this device)."""
    seconds: float = 0.0
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @classmethod
    def from_report(cls, report: Any) -> SyncResult:
        """From the sync engine's `SyncReport`."""
        return cls(report.pushed, report.pulled, report.conflicts, report.rejected, report.seconds)
