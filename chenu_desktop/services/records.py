"""Appending to the append-only logs: thread events and the audit log."""

from __future__ import annotations

from typing import Any

from chenu_desktop.store import Transaction

from .context import ServiceContext


def append_event(
    tx: Transaction, ctx: ServiceContext, thread_id: str, event_type: str, payload: dict[str, Any]
) -> str:
    return tx.writer.insert(
        "thread_events",
        {
            "workspace_id": ctx.workspace_id,
            "thread_id": thread_id,
            "type": event_type,
            "payload": payload,
            "actor": ctx.actor,
            "at": ctx.now(),
        },
    )


def audit(
    tx: Transaction,
    ctx: ServiceContext,
    action: str,
    target_type: str | None = None,
    target_id: str | None = None,
    details: dict[str, Any] | None = None,
) -> str:
    return tx.writer.insert(
        "audit_log",
        {
            "workspace_id": ctx.workspace_id,
            "actor": ctx.actor,
            "action": action,
            "target_type": target_type,
            "target_id": target_id,
            "details": details or {},
            "at": ctx.now(),
        },
    )
