"""What waits at a checkpoint, by kind of action: the pages that ask for an
action (hire an agent, remember something) show what is still waiting.

A plain read: unlike `Governance.list`, it does not first expire overdue
checkpoints (a write); an overdue one is simply left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select

from chenu_desktop.domain.governance import CheckpointStatus
from chenu_desktop.store.models import Checkpoint

from .context import ServiceContext
from .views import JsonView


@dataclass(frozen=True)
class WaitingAction(JsonView):
    checkpoint_id: str
    action_type: str
    description: str
    requested_by: str | None
    args: dict[str, Any]
    """The held command's arguments (e.g. a hire's agent, sphere and budget)."""
    created_at: datetime | None


def waiting_actions(ctx: ServiceContext, action_types: Iterable[str]) -> list[WaitingAction]:
    """Pending, unexpired checkpoints holding one of `action_types`, newest first."""
    query = (
        select(Checkpoint)
        .where(
            Checkpoint.workspace_id == ctx.workspace_id,
            Checkpoint.status == CheckpointStatus.PENDING.value,
            Checkpoint.action_type.in_(list(action_types)),
            Checkpoint.deleted.is_not(True),
            or_(Checkpoint.expires_at.is_(None), Checkpoint.expires_at > ctx.now()),
        )
        .order_by(Checkpoint.created_at.desc(), Checkpoint.id.desc())
    )
    with ctx.store.read() as session:
        return [
            WaitingAction(
                checkpoint_id=c.id,
                action_type=c.action_type or "",
                description=c.description or "",
                requested_by=c.requested_by,
                args=dict((c.action or {}).get("args", {})),
                created_at=c.created_at,
            )
            for c in session.scalars(query)
        ]
