"""What the window's frame and dashboard show at a glance, in one read.

Per sphere: its active threads and pending decisions; the workspace's name;
today's token use against its budget; pending checkpoints. Grouped counts,
so the cost does not grow with what is shown, only with what is counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from chenu_desktop.domain.decisions import OPEN_DECISION_STATUSES
from chenu_desktop.domain.governance import CheckpointStatus
from chenu_desktop.domain.threads import ThreadStatus
from chenu_desktop.store.models import Checkpoint, Decision, Thread, Workspace

from .conflicts import Conflicts
from .context import ServiceContext
from .tokens import Tokens
from .views import JsonView


@dataclass(frozen=True)
class SphereCounts(JsonView):
    threads: int = 0
    """Active threads."""
    decisions: int = 0
    """Pending decisions."""


@dataclass(frozen=True)
class Overview(JsonView):
    workspace_name: str
    read_only: bool
    tokens_used_today: int
    tokens_budget_today: int
    pending_checkpoints: int
    spheres: dict[str, SphereCounts] = field(default_factory=dict)
    open_conflicts: int = 0
    """Values a concurrent edit overwrote that no one restored or dismissed yet."""


def workspace_overview(ctx: ServiceContext) -> Overview:
    ws = ctx.workspace_id
    with ctx.store.read() as session:
        name = session.scalar(select(Workspace.name).where(Workspace.id == ws))
        threads = session.execute(
            select(Thread.sphere_id, func.count())
            .where(Thread.workspace_id == ws, Thread.status == ThreadStatus.ACTIVE.value, Thread.deleted.is_not(True))
            .group_by(Thread.sphere_id)
        ).all()
        decisions = session.execute(
            select(Decision.sphere_id, func.count())
            .where(
                Decision.workspace_id == ws,
                Decision.status.in_(OPEN_DECISION_STATUSES),
                Decision.deleted.is_not(True),
            )
            .group_by(Decision.sphere_id)
        ).all()
        pending = session.scalar(
            select(func.count()).select_from(Checkpoint).where(
                Checkpoint.workspace_id == ws,
                Checkpoint.status == CheckpointStatus.PENDING.value,
                Checkpoint.deleted.is_not(True),
            )
        )
    thread_counts, decision_counts = dict(threads), dict(decisions)
    spheres = {
        sphere.id: SphereCounts(thread_counts.get(sphere.id, 0), decision_counts.get(sphere.id, 0))
        for sphere in ctx.plugins.spheres()
    }
    today = Tokens(ctx).report().daily
    open_conflicts = Conflicts(ctx).count_open()
    return Overview(
        workspace_name=name or "",
        read_only=ctx.read_only,
        tokens_used_today=today.used,
        tokens_budget_today=today.budget,
        pending_checkpoints=int(pending or 0),
        spheres=spheres,
        open_conflicts=open_conflicts,
    )
