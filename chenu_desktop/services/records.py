"""Appending to the append-only logs: thread events and the audit log."""

from __future__ import annotations

from typing import Any

from .execution import Execution

DEVICE_KEY = "device"


def append_event(
    run: Execution, thread_id: str, event_type: str, payload: dict[str, Any], mark_active: bool = True
) -> str:
    """Log an event on a thread and mark the thread active now (`mark_active`
    False: the caller set `last_activity_at` in its own update of the thread)."""
    event_id = run.new_id()
    run.writer.insert(
        "thread_events",
        {
            "id": event_id,
            "workspace_id": run.workspace_id,
            "thread_id": thread_id,
            "type": event_type,
            "payload": payload,
            "actor": run.actor,
            "at": run.moment(),
        },
    )
    if mark_active:
        run.writer.update("threads", thread_id, {"last_activity_at": run.now})
    return event_id


def audit(
    run: Execution,
    action: str,
    target_type: str | None = None,
    target_id: str | None = None,
    details: dict[str, Any] | None = None,
) -> str:
    """One audit row per action on this device (not derived: each approval is its own act).

    The device is the store's node id, kept in the details under DEVICE_KEY
    (so it syncs with the row); the audit log's views show it apart."""
    return run.writer.insert(
        "audit_log",
        {
            "workspace_id": run.workspace_id,
            "actor": run.actor,
            "action": action,
            "target_type": target_type,
            "target_id": target_id,
            "details": {**(details or {}), DEVICE_KEY: run.ctx.store.node_id},
            "at": run.ctx.now(),
        },
    )
