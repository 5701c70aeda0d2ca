"""Decision use cases: record, list with computed aging, make, defer, reject,
and the auto-archive of decisions left waiting too long."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from chenu_desktop.domain.aging import ARCHIVE_REASON_TIMEOUT, AgingLevel, aging_level, next_reminder_at, urgency_key
from chenu_desktop.domain.decisions import DECISION_STATUSES, OPEN_DECISION_STATUSES, DecisionStatus
from chenu_desktop.domain.errors import NotFoundError, ValidationError
from chenu_desktop.store.models import Decision

from .commands.decisions import DeferDecision, MakeDecision, RecordDecision, RejectDecision
from .context import ServiceContext
from .execution import executing
from .governance import SYSTEM_ACTOR, Governance
from .records import audit
from .views import DecisionView


class Decisions:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.governance = Governance(ctx)

    def add(
        self,
        title: str,
        thread_id: str | None = None,
        sphere_id: str | None = None,
        priority: str | None = None,
        description: str | None = None,
        options: list[dict[str, Any]] | None = None,
    ) -> DecisionView:
        result = self.governance.perform(RecordDecision(title, thread_id, sphere_id, priority, description, options or []))
        return self.get(result["decision_id"])

    def make(self, decision_id: str, option_id: str) -> DecisionView:
        self.governance.perform(MakeDecision(decision_id, option_id))
        return self.get(decision_id)

    def defer(self, decision_id: str) -> DecisionView:
        self.governance.perform(DeferDecision(decision_id))
        return self.get(decision_id)

    def reject(self, decision_id: str) -> DecisionView:
        self.governance.perform(RejectDecision(decision_id))
        return self.get(decision_id)

    def get(self, decision_id: str) -> DecisionView:
        with self.ctx.store.read() as session:
            decision = session.get(Decision, decision_id)
            if decision is None or decision.deleted or decision.workspace_id != self.ctx.workspace_id:
                raise NotFoundError(f"no decision with id {decision_id}")
            return self._view(decision)

    def list(self, status: str | None = None, sphere_id: str | None = None) -> list[DecisionView]:
        """Open decisions first, most urgent (BLINK…GREEN) then oldest; then the rest."""
        if status is not None and status not in DECISION_STATUSES:
            raise ValidationError("status", f"must be one of {', '.join(DECISION_STATUSES)}")
        self.archive_timeouts()
        query = select(Decision).where(Decision.workspace_id == self.ctx.workspace_id, Decision.deleted.is_not(True))
        if status is not None:
            query = query.where(Decision.status == status)
        if sphere_id is not None:
            query = query.where(Decision.sphere_id == sphere_id)
        with self.ctx.store.read() as session:
            decisions = list(session.scalars(query))
        now = self.ctx.now()
        waiting = [d for d in decisions if _is_waiting(d)]
        others = [d for d in decisions if not _is_waiting(d)]
        waiting.sort(key=lambda d: urgency_key(d.aging_started_at, now))  # type: ignore[arg-type]
        others.sort(key=lambda d: (d.resolved_at or d.created_at or now), reverse=True)
        return [self._view(d) for d in waiting + others]

    def archive_timeouts(self) -> int:
        """Decisions left waiting beyond BLINK are archived with reason "timeout"
        (by the members' devices; a viewer's device only reads)."""
        if self.ctx.read_only:
            return 0
        now = self.ctx.now()
        with executing(self.ctx, SYSTEM_ACTOR) as run:
            waiting = run.tx.session.scalars(
                select(Decision).where(
                    Decision.workspace_id == self.ctx.workspace_id,
                    Decision.deleted.is_not(True),
                    Decision.status.in_(OPEN_DECISION_STATUSES),
                    Decision.aging_started_at.is_not(None),
                )
            ).all()
            timed_out = [d for d in waiting if aging_level(d.aging_started_at, now) is AgingLevel.ARCHIVE]  # type: ignore[arg-type]
            for decision in timed_out:
                run.writer.update(
                    "decisions",
                    decision.id,
                    {"status": DecisionStatus.EXPIRED.value, "archive_reason": ARCHIVE_REASON_TIMEOUT, "resolved_at": now, "resolved_by": SYSTEM_ACTOR},
                )
                audit(run, "decision.archived", "decision", decision.id, {"reason": ARCHIVE_REASON_TIMEOUT})
        return len(timed_out)

    def _view(self, decision: Decision) -> DecisionView:
        now = self.ctx.now()
        waiting = _is_waiting(decision)
        started = decision.aging_started_at
        return DecisionView(
            id=decision.id,
            workspace_id=decision.workspace_id,
            thread_id=decision.thread_id,
            sphere_id=decision.sphere_id,
            title=decision.title,
            description=decision.description,
            status=decision.status,
            priority=decision.priority,
            options=list(decision.options or []),
            chosen_option_id=decision.chosen_option_id,
            aging_started_at=started,
            aging_level=aging_level(started, now).value if waiting and started else None,
            next_reminder_at=next_reminder_at(started, now) if waiting and started else None,
            archive_reason=decision.archive_reason,
            created_at=decision.created_at,
            resolved_at=decision.resolved_at,
            resolved_by=decision.resolved_by,
        )


def _is_waiting(decision: Decision) -> bool:
    return decision.status in OPEN_DECISION_STATUSES and decision.aging_started_at is not None
