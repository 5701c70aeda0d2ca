"""Helpers of the service tests: a clock the test moves, rows written directly."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from chenu_desktop.services.context import ServiceContext

START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


class FakeClock:
    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


def new_thread(ctx: ServiceContext, title: str = "A thread", deleted: bool = False) -> str:
    """A thread row written through the writer, as the threads service would."""
    now = ctx.now()
    with ctx.store.write() as tx:
        return tx.writer.insert(
            "threads",
            {
                "workspace_id": ctx.workspace_id,
                "sphere_id": "personal",
                "title": title,
                "founding_intent": "intent",
                "current_intent": "intent",
                "status": "active",
                "tags": [],
                "created_at": now,
                "created_by": ctx.actor,
                "updated_at": now,
                "last_activity_at": now,
                "deleted": deleted,
            },
        )


def write_audit(ctx: ServiceContext, action: str, **fields: Any) -> str:
    """One audit row through the writer, with any actor, target and time."""
    row = {
        "workspace_id": ctx.workspace_id,
        "actor": ctx.actor,
        "action": action,
        "target_type": None,
        "target_id": None,
        "details": {},
        "at": ctx.now(),
    }
    row.update(fields)
    with ctx.store.write() as tx:
        return tx.writer.insert("audit_log", row)
