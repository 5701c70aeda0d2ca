"""Decision use cases: record, list with computed aging, make, defer, reject,
and the auto-archive of decisions left waiting too long."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, func, or_, select

from chenu_desktop.domain.aging import (
    AGING_RULES,
    ARCHIVE_REASON_TIMEOUT,
    PENDING_LEVELS,
    RULE_BY_LEVEL,
    AgingLevel,
    aging_level,
    next_reminder_at,
    urgency_key,
)
from chenu_desktop.domain.decisions import DECISION_STATUSES, OPEN_DECISION_STATUSES, DecisionStatus
from chenu_desktop.domain.errors import NotFoundError, ValidationError
from chenu_desktop.store.models import Decision

from .commands.decisions import AddDecisionOptions, DeferDecision, MakeDecision, RecordDecision, RejectDecision
from .context import ServiceContext
from .execution import executing
from .governance import SYSTEM_ACTOR, Governance
from .limits import check_count
from .records import audit
from .views import DecisionView

PAGE_LIMIT_DEFAULT = 50
PAGE_LIMIT_MAX = 1000
_LAST_WAIT = RULE_BY_LEVEL[AgingLevel.BLINK].max_age
"""Waiting longer than this, a decision is archived (its level is ARCHIVE)."""


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

    def make(self, decision_id: str, option: str) -> DecisionView:
        """Take the decision with the option whose id or label (any case) is `option`."""
        option_id = choose_option(self.get(decision_id).options, option)
        self.governance.perform(MakeDecision(decision_id, option_id))
        return self.get(decision_id)

    def defer(self, decision_id: str) -> DecisionView:
        self.governance.perform(DeferDecision(decision_id))
        return self.get(decision_id)

    def reject(self, decision_id: str) -> DecisionView:
        self.governance.perform(RejectDecision(decision_id))
        return self.get(decision_id)

    def add_options(self, decision_id: str, labels: list[str]) -> DecisionView:
        """Add options (by label) to a decision still waiting."""
        self.governance.perform(AddDecisionOptions(decision_id, list(labels)))
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

    def waiting_counts(self) -> dict[str, int]:
        """How many decisions wait at each aging level (GREEN … BLINK), in one query."""
        self.archive_timeouts()
        now = self.ctx.now()
        columns = [func.sum(case((_started_within(level, now), 1), else_=0)) for level in PENDING_LEVELS]
        with self.ctx.store.read() as session:
            row = session.execute(select(*columns).where(*self._waiting_filter())).one()
        return {level.value: int(count or 0) for level, count in zip(PENDING_LEVELS, row)}

    def most_urgent(self, sphere_id: str | None = None, limit: int = PAGE_LIMIT_DEFAULT) -> tuple[list[DecisionView], int]:
        """The `limit` decisions waiting longest (the most urgent: aging grows
        with the wait), and how many wait in all; within a sphere if given.
        Two indexed queries, however many decisions wait."""
        check_count("limit", limit, PAGE_LIMIT_MAX)
        self.archive_timeouts()
        now = self.ctx.now()
        where = [*self._waiting_filter(), Decision.aging_started_at >= now - _LAST_WAIT]
        if sphere_id is not None:
            where.append(Decision.sphere_id == sphere_id)
        with self.ctx.store.read() as session:
            total = session.scalar(select(func.count()).select_from(Decision).where(*where)) or 0
            shown = session.scalars(select(Decision).where(*where).order_by(Decision.aging_started_at, Decision.id).limit(limit))
            return [self._view(d) for d in shown], int(total)

    def waiting_page(self, level: str, after: tuple[datetime, str] | None = None, limit: int = PAGE_LIMIT_DEFAULT) -> list[DecisionView]:
        """Decisions waiting at `level`, oldest first, `limit` at a time.

        `after` is the (aging_started_at, id) of the last decision of the
        previous page. Aging grows with age, so the oldest wait is the most
        urgent, and a level is a range of start times: a keyset query."""
        if level not in {lvl.value for lvl in PENDING_LEVELS}:
            raise ValidationError("level", f"must be one of {', '.join(lvl.value for lvl in PENDING_LEVELS)}")
        check_count("limit", limit, PAGE_LIMIT_MAX)
        now = self.ctx.now()
        query = select(Decision).where(*self._waiting_filter(), _started_within(AgingLevel(level), now))
        if after is not None:
            started, last_id = after
            query = query.where(or_(Decision.aging_started_at > started, and_(Decision.aging_started_at == started, Decision.id > last_id)))
        query = query.order_by(Decision.aging_started_at, Decision.id).limit(limit)
        with self.ctx.store.read() as session:
            return [self._view(d) for d in session.scalars(query)]

    def _waiting_filter(self) -> tuple[Any, ...]:
        return (
            Decision.workspace_id == self.ctx.workspace_id,
            Decision.deleted.is_not(True),
            Decision.status.in_(OPEN_DECISION_STATUSES),
            Decision.aging_started_at.is_not(None),
        )

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
                    Decision.aging_started_at < now - _LAST_WAIT,
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


def choose_option(options: list[dict[str, Any]], given: str) -> str:
    """The id of the option `given` names: its id, else its label (any case),
    else the one label starting with it. None or several: refused, options listed."""
    wanted = given.strip().casefold()
    by_id = [o for o in options if str(o.get("id", "")).casefold() == wanted]
    by_label = [o for o in options if str(o.get("label", "")).casefold() == wanted]
    by_start = [o for o in options if str(o.get("label", "")).casefold().startswith(wanted)] if wanted else []
    listed = ", ".join(f"{o.get('id')} ({o.get('label')})" for o in options) or "none recorded (add some with: chenu decisions options add ID LABEL…)"
    for found in (by_id, by_label, by_start):
        if len(found) == 1:
            return str(found[0]["id"])
        if len(found) > 1:
            names = ", ".join(f"{o.get('id')} ({o.get('label')})" for o in found)
            raise ValidationError("option", f"{given!r} matches several options: {names}; give its id")
    raise ValidationError("option", f"{given!r} is not an option of this decision; options: {listed}")


def _started_within(level: AgingLevel, now: datetime) -> Any:
    """The start times of decisions at `level` now (the bounds of aging_level, inclusive the same way)."""
    index = [rule.level for rule in AGING_RULES].index(level)
    longest = AGING_RULES[index].max_age
    assert longest is not None, "ARCHIVE is not a waiting level"
    condition = Decision.aging_started_at >= now - longest
    if index > 0:
        shorter = AGING_RULES[index - 1].max_age
        assert shorter is not None
        condition = and_(condition, Decision.aging_started_at < now - shorter)
    return condition


def _is_waiting(decision: Decision) -> bool:
    return decision.status in OPEN_DECISION_STATUSES and decision.aging_started_at is not None
