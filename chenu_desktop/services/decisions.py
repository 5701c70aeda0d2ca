"""Decision use cases: record, list with computed aging, defer."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from chenu_desktop.domain.aging import aging_level, urgency_key
from chenu_desktop.domain.decisions import (
    DEFAULT_PRIORITY,
    OPEN_DECISION_STATUSES,
    DecisionStatus,
    validate_priority,
)
from chenu_desktop.domain.errors import NotFoundError, ValidationError
from chenu_desktop.domain.ids import uuid7
from chenu_desktop.domain.threads import INTENT_MAX, validate_text, validate_title
from chenu_desktop.store import Transaction
from chenu_desktop.store.models import Decision, Thread

from .context import ServiceContext
from .records import append_event, audit
from .views import DecisionView


class Decisions:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def add(
        self,
        title: str,
        thread_id: str | None = None,
        sphere_id: str | None = None,
        priority: str | None = None,
        description: str | None = None,
        options: list[dict[str, Any]] | None = None,
    ) -> DecisionView:
        title = validate_title(title)
        priority = validate_priority(priority or DEFAULT_PRIORITY)
        if description is not None:
            description = validate_text("description", description, INTENT_MAX)
        with self.ctx.store.write() as tx:
            if thread_id is not None:
                thread = tx.session.get(Thread, thread_id)
                if thread is None or thread.deleted or thread.workspace_id != self.ctx.workspace_id:
                    raise NotFoundError(f"no thread with id {thread_id}")
                if sphere_id is not None and sphere_id != thread.sphere_id:
                    raise ValidationError(
                        "sphere", f"thread {thread_id} belongs to sphere {thread.sphere_id!r}, not {sphere_id!r}"
                    )
                sphere_id = thread.sphere_id
            if sphere_id is None:
                raise ValidationError("sphere", "give a sphere, or a thread the decision belongs to")
            if self.ctx.plugins.sphere(sphere_id) is None:
                raise ValidationError("sphere", f"unknown sphere {sphere_id!r}")
            now = self.ctx.now()
            decision_id = tx.writer.insert(
                "decisions",
                {
                    "workspace_id": self.ctx.workspace_id,
                    "thread_id": thread_id,
                    "sphere_id": sphere_id,
                    "title": title,
                    "description": description,
                    "status": DecisionStatus.PENDING.value,
                    "priority": priority,
                    "options": _validate_options(options or []),
                    "aging_started_at": now,
                    "created_at": now,
                    "created_by": self.ctx.actor,
                },
            )
            if thread_id is not None:
                append_event(tx, self.ctx, thread_id, "decision.recorded", {"decision_id": decision_id, "title": title})
                tx.writer.update("threads", thread_id, {"last_activity_at": now})
            audit(tx, self.ctx, "decision.created", "decision", decision_id, {"title": title})
            return self._view(self._require(tx, decision_id))

    def list(self, status: str | None = None, sphere_id: str | None = None) -> list[DecisionView]:
        """Open decisions first, most urgent (BLINK…GREEN) then oldest; then the rest."""
        query = select(Decision).where(
            Decision.workspace_id == self.ctx.workspace_id, Decision.deleted.is_not(True)
        )
        if status is not None:
            query = query.where(Decision.status == status)
        if sphere_id is not None:
            query = query.where(Decision.sphere_id == sphere_id)
        with self.ctx.store.read() as session:
            decisions = list(session.scalars(query))
        now = self.ctx.now()
        open_ = [d for d in decisions if d.status in OPEN_DECISION_STATUSES and d.aging_started_at]
        closed = [d for d in decisions if d not in open_]
        open_.sort(key=lambda d: urgency_key(d.aging_started_at, now))  # type: ignore[arg-type]
        closed.sort(key=lambda d: (d.resolved_at or d.created_at or now), reverse=True)
        return [self._view(d) for d in open_ + closed]

    def defer(self, decision_id: str) -> DecisionView:
        """Defer: still waiting, but its aging clock restarts at GREEN."""
        with self.ctx.store.write() as tx:
            decision = self._require(tx, decision_id)
            if decision.status not in OPEN_DECISION_STATUSES:
                raise ValidationError("decision", f"{decision_id} is {decision.status}; only open decisions can be deferred")
            tx.writer.update(
                "decisions",
                decision_id,
                {"status": DecisionStatus.DEFERRED.value, "aging_started_at": self.ctx.now()},
            )
            audit(tx, self.ctx, "decision.deferred", "decision", decision_id)
            return self._view(self._require(tx, decision_id))

    def _require(self, tx: Transaction, decision_id: str) -> Decision:
        decision = tx.session.get(Decision, decision_id, populate_existing=True)
        if decision is None or decision.deleted or decision.workspace_id != self.ctx.workspace_id:
            raise NotFoundError(f"no decision with id {decision_id}")
        return decision

    def _view(self, decision: Decision) -> DecisionView:
        open_ = decision.status in OPEN_DECISION_STATUSES and decision.aging_started_at is not None
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
            aging_started_at=decision.aging_started_at,
            aging_level=aging_level(decision.aging_started_at, self.ctx.now()).value if open_ else None,  # type: ignore[arg-type]
            created_at=decision.created_at,
            resolved_at=decision.resolved_at,
            resolved_by=decision.resolved_by,
        )


def _validate_options(options: list[dict[str, Any]]) -> list[dict[str, Any]]:
    cleaned = []
    for index, option in enumerate(options):
        if not isinstance(option, dict):
            raise ValidationError(f"option {index}", "must be an object with a label")
        label = validate_text(f"option {index} label", option.get("label"), 200)
        cleaned.append(
            {
                "id": str(option.get("id") or uuid7()),
                "label": label,
                "pros": [str(p) for p in option.get("pros", [])],
                "cons": [str(c) for c in option.get("cons", [])],
                "impact": str(option.get("impact", "")),
            }
        )
    return cleaned
