"""Governance: run a command at once, hold it at a checkpoint, or refuse it;
approve (exactly once), reject and expire checkpoints."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, or_, select

from chenu_desktop.domain.agents import NOVA_AGENT_ID
from chenu_desktop.domain.errors import DomainError, NotFoundError, ValidationError
from chenu_desktop.domain.governance import (
    AGENT_ACTION_EXPIRY,
    CHECKPOINT_STATUSES,
    RISK_LEVELS,
    CheckpointStatus,
    RiskLevel,
)
from chenu_desktop.domain.governor import ActorKind, Request, Verdict, VerdictKind, judge
from chenu_desktop.domain.ids import derived_id
from chenu_desktop.store.models import Checkpoint

from .commands import Command, command_from_json
from .context import ServiceContext
from .execution import Execution, executing
from .limits import check_count
from .records import append_event, audit
from .unavailable import Availability
from .views import CheckpointView

SYSTEM_ACTOR = "system"
PAGE_LIMIT_DEFAULT = 50
PAGE_LIMIT_MAX = 1000


@dataclass(frozen=True)
class Outcome:
    """What became of a submitted command."""

    executed: bool
    reason: str
    result: dict[str, Any] | None = None
    checkpoint: CheckpointView | None = None


@dataclass(frozen=True)
class Approval:
    checkpoint: CheckpointView
    applied: bool
    """False when it had been approved before: nothing ran a second time."""


class CheckpointFailedError(DomainError):
    """The approved command could not be applied; nothing of it was."""


class Governance:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def actor_kind(self, actor: str) -> ActorKind:
        if actor == NOVA_AGENT_ID:
            return ActorKind.NOVA
        if self.ctx.plugins.agent(actor) is not None:
            return ActorKind.AGENT
        return ActorKind.PERSON

    def verdict(self, command: Command, actor: str, budget_crossing: str | None = None, nova_intent: str | None = None) -> Verdict:
        return judge(
            Request(
                command_type=command.type,
                actor=self.actor_kind(actor),
                risk=command.risk,
                budget_crossing=budget_crossing,
                nova_intent=nova_intent,
                runs_agent=command.type == "agent.run",
            )
        )

    def submit(
        self,
        command: Command,
        actor: str | None = None,
        *,
        budget_crossing: str | None = None,
        nova_intent: str | None = None,
        risk: RiskLevel | None = None,
    ) -> Outcome:
        """Run `command` now if the governor allows it, else hold it at a checkpoint."""
        actor = actor or self.ctx.actor
        verdict = self.verdict(command, actor, budget_crossing, nova_intent)
        if verdict.kind is VerdictKind.DENIED:
            with executing(self.ctx, actor) as run:
                audit(run, "checkpoint.denied", "command", None, {"command": command.to_json(), "reason": verdict.reason})
            raise DomainError(f"refused: {verdict.reason}")
        if verdict.allowed:
            with executing(self.ctx, actor) as run:
                result = command.execute(run)
                audit(run, command.audit_action, _target_type(command), _target(command, result), {"command": command.to_json()["args"], "result": result})
            return Outcome(True, verdict.reason, result=result)
        with executing(self.ctx, actor) as run:
            checkpoint_id = self._hold(run, command, verdict, risk or verdict.risk)
            view = self._view(self._require(run, checkpoint_id))
        return Outcome(False, verdict.reason, checkpoint=view)

    def perform(self, command: Command) -> dict[str, Any]:
        """A person's own action: runs at once (the governor allows it) or fails."""
        outcome = self.submit(command)
        if not outcome.executed:
            assert outcome.checkpoint is not None
            raise DomainError(f"held at checkpoint {outcome.checkpoint.id}: {outcome.reason}")
        assert outcome.result is not None
        return outcome.result

    def _hold(self, run: Execution, command: Command, verdict: Verdict, risk: RiskLevel) -> str:
        command.check(run)
        kind = self.actor_kind(run.actor)
        expires_at = run.now + AGENT_ACTION_EXPIRY if kind is not ActorKind.PERSON else None
        checkpoint_id = run.new_id()
        run.writer.insert(
            "checkpoints",
            {
                "id": checkpoint_id,
                "workspace_id": run.workspace_id,
                "action_type": command.type,
                "description": command.describe(),
                "requested_by": run.actor,
                "reason": verdict.reason,
                "risk_level": risk.value,
                "status": CheckpointStatus.PENDING.value,
                "sphere_id": command.sphere_id(),
                "thread_id": command.thread_id(),
                "action": command.to_json(),
                "created_at": run.now,
                "expires_at": expires_at,
            },
        )
        audit(run, "checkpoint.created", "checkpoint", checkpoint_id, {"action_type": command.type, "reason": verdict.reason})
        return checkpoint_id

    def list(
        self,
        status: str | None = None,
        risk: str | None = None,
        sphere_id: str | None = None,
    ) -> list[CheckpointView]:
        _check_status(status)
        if risk is not None and risk not in RISK_LEVELS:
            raise ValidationError("risk", f"must be one of {', '.join(RISK_LEVELS)}")
        self.expire_due()
        query = self._where(status, sphere_id)
        if risk is not None:
            query = query.where(Checkpoint.risk_level == risk)
        with self.ctx.store.read() as session:
            checkpoints = session.scalars(query.order_by(Checkpoint.created_at.desc(), Checkpoint.id.desc())).all()
            return [self._view(c) for c in checkpoints]

    def page(
        self,
        status: str | None = None,
        sphere_id: str | None = None,
        requested_by: str | None = None,
        after: tuple[datetime, str] | None = None,
        limit: int = PAGE_LIMIT_DEFAULT,
    ) -> list[CheckpointView]:
        """Checkpoints newest first, `limit` at a time (a keyset page).

        `after` is the (created_at, id) of the last checkpoint of the previous
        page; the first page (no `after`) marks overdue ones expired first."""
        _check_status(status)
        check_count("limit", limit, PAGE_LIMIT_MAX)
        if after is None:
            self.expire_due()
        query = self._where(status, sphere_id)
        if requested_by is not None:
            query = query.where(Checkpoint.requested_by == requested_by)
        if after is not None:
            created, last_id = after
            query = query.where(or_(Checkpoint.created_at < created, and_(Checkpoint.created_at == created, Checkpoint.id < last_id)))
        query = query.order_by(Checkpoint.created_at.desc(), Checkpoint.id.desc()).limit(limit)
        with self.ctx.store.read() as session:
            return [self._view(c) for c in session.scalars(query)]

    def _where(self, status: str | None, sphere_id: str | None) -> Select[tuple[Checkpoint]]:
        """This workspace's checkpoints, with `status` and in `sphere_id` when given."""
        query = select(Checkpoint).where(Checkpoint.workspace_id == self.ctx.workspace_id, Checkpoint.deleted.is_not(True))
        if status is not None:
            query = query.where(Checkpoint.status == status)
        if sphere_id is not None:
            query = query.where(Checkpoint.sphere_id == sphere_id)
        return query

    def count(self, status: str | None = None) -> int:
        query = select(func.count()).select_from(Checkpoint).where(Checkpoint.workspace_id == self.ctx.workspace_id, Checkpoint.deleted.is_not(True))
        if status is not None:
            query = query.where(Checkpoint.status == status)
        with self.ctx.store.read() as session:
            return int(session.scalar(query) or 0)

    def requesters(self) -> list[str]:
        """Everyone and everything that ever asked for a checkpoint here (for filters)."""
        query = select(Checkpoint.requested_by).where(Checkpoint.workspace_id == self.ctx.workspace_id, Checkpoint.requested_by.is_not(None)).distinct()
        with self.ctx.store.read() as session:
            return sorted(str(r) for r in session.scalars(query))

    def get(self, checkpoint_id: str) -> CheckpointView:
        with self.ctx.store.read() as session:
            checkpoint = session.get(Checkpoint, checkpoint_id)
            if checkpoint is None or checkpoint.workspace_id != self.ctx.workspace_id:
                raise NotFoundError(f"no checkpoint with id {checkpoint_id}")
            return self._view(checkpoint)

    def approve(self, checkpoint_id: str, note: str | None = None) -> Approval:
        """Apply the held command exactly once.

        Approving an approved checkpoint changes nothing. If the command
        fails, none of it is applied, the failure is recorded on the
        checkpoint (still pending) and CheckpointFailedError is raised.
        """
        self.expire_due()
        failure: str | None = None
        with executing(self.ctx) as run:
            checkpoint = self._require(run, checkpoint_id)
            if checkpoint.status == CheckpointStatus.APPROVED.value:
                return Approval(self._view(checkpoint), applied=False)
            self._require_pending(checkpoint)
            Availability(self.ctx).refuse_approval(checkpoint)  # a missing plugin's: reject only
            command = command_from_json(checkpoint.action)
            effects = Execution(run.tx, self.ctx, checkpoint.requested_by or SYSTEM_ACTOR, checkpoint.created_at or run.now, checkpoint.id)
            savepoint = run.tx.conn.begin_nested()
            try:
                result = command.execute(effects)
                if checkpoint.thread_id:
                    # One event per approver: the same person approving on two
                    # devices logs it once; its time is fixed by the checkpoint.
                    approval = Execution(run.tx, self.ctx, run.actor, effects.moment(), derived_id(checkpoint.id, f"approved-by:{run.actor}"))
                    append_event(approval, checkpoint.thread_id, "checkpoint.approved", {"checkpoint_id": checkpoint.id, "action_type": checkpoint.action_type})
                savepoint.commit()
            except DomainError as error:
                savepoint.rollback()
                failure = str(error)
            if failure is None:
                self._resolve(run, checkpoint, CheckpointStatus.APPROVED, note, result=result)
            else:
                run.writer.update("checkpoints", checkpoint.id, {"result": {"error": failure}})
                audit(run, "checkpoint.failed", "checkpoint", checkpoint.id, {"error": failure})
            view = self._view(self._require(run, checkpoint_id))
        if failure is not None:
            raise CheckpointFailedError(f"could not apply checkpoint {checkpoint_id}: {failure}; nothing was changed")
        return Approval(view, applied=True)

    def reject(self, checkpoint_id: str, note: str | None = None) -> CheckpointView:
        self.expire_due()
        with executing(self.ctx) as run:
            checkpoint = self._require(run, checkpoint_id)
            if checkpoint.status == CheckpointStatus.REJECTED.value:
                return self._view(checkpoint)
            self._require_pending(checkpoint)
            if checkpoint.thread_id:
                event = Execution(run.tx, self.ctx, run.actor, run.now, derived_id(checkpoint.id, "rejected"))
                append_event(event, checkpoint.thread_id, "checkpoint.rejected", {"checkpoint_id": checkpoint.id, "note": note})
            self._resolve(run, checkpoint, CheckpointStatus.REJECTED, note)
            return self._view(self._require(run, checkpoint_id))

    def expire_due(self) -> int:
        """Mark pending checkpoints past their expiry as expired (the devices
        of the workspace's members do it; a viewer's device only reads)."""
        if self.ctx.read_only:
            return 0
        now = self.ctx.now()
        with executing(self.ctx, SYSTEM_ACTOR) as run:
            due = run.tx.session.scalars(
                select(Checkpoint).where(
                    Checkpoint.workspace_id == self.ctx.workspace_id,
                    Checkpoint.status == CheckpointStatus.PENDING.value,
                    Checkpoint.expires_at.is_not(None),
                    Checkpoint.expires_at < now,
                )
            ).all()
            for checkpoint in due:
                self._resolve(run, checkpoint, CheckpointStatus.EXPIRED, None, at=checkpoint.expires_at)
        return len(due)

    def _resolve(
        self,
        run: Execution,
        checkpoint: Checkpoint,
        status: CheckpointStatus,
        note: str | None,
        result: dict[str, Any] | None = None,
        at: datetime | None = None,
    ) -> None:
        if note is not None and len(note) > 2000:
            raise ValidationError("note", "must be at most 2000 characters")
        values: dict[str, Any] = {
            "status": status.value,
            "resolution": {"status": status.value, "by": run.actor, "at": (at or run.now), "note": note},
        }
        if result is not None:
            values["result"] = result
        run.writer.update("checkpoints", checkpoint.id, values)
        audit(run, f"checkpoint.{status.value}", "checkpoint", checkpoint.id, {"action_type": checkpoint.action_type, "note": note})

    @staticmethod
    def _require_pending(checkpoint: Checkpoint) -> None:
        if checkpoint.status == CheckpointStatus.EXPIRED.value:
            expired = checkpoint.expires_at.isoformat(timespec="minutes") if checkpoint.expires_at else "earlier"
            raise ValidationError("checkpoint", f"{checkpoint.id} expired at {expired}; ask for the action again")
        if checkpoint.status != CheckpointStatus.PENDING.value:
            raise ValidationError("checkpoint", f"{checkpoint.id} is already {checkpoint.status}")

    def _require(self, run: Execution, checkpoint_id: str) -> Checkpoint:
        checkpoint = run.tx.session.get(Checkpoint, checkpoint_id, populate_existing=True)
        if checkpoint is None or checkpoint.deleted or checkpoint.workspace_id != self.ctx.workspace_id:
            raise NotFoundError(f"no checkpoint with id {checkpoint_id}")
        return checkpoint

    def _view(self, checkpoint: Checkpoint) -> CheckpointView:
        resolution = checkpoint.resolution or {}
        return CheckpointView(
            id=checkpoint.id,
            workspace_id=checkpoint.workspace_id,
            action_type=checkpoint.action_type,
            description=checkpoint.description,
            requested_by=checkpoint.requested_by,
            reason=checkpoint.reason,
            risk_level=checkpoint.risk_level,
            status=checkpoint.status,
            sphere_id=checkpoint.sphere_id,
            thread_id=checkpoint.thread_id,
            action=checkpoint.action or {},
            result=checkpoint.result,
            created_at=checkpoint.created_at,
            expires_at=checkpoint.expires_at,
            resolved_at=resolution.get("at"),
            resolved_by=resolution.get("by"),
            resolution_note=resolution.get("note"),
        )


def _check_status(status: str | None) -> None:
    if status is not None and status not in CHECKPOINT_STATUSES:
        raise ValidationError("status", f"must be one of {', '.join(CHECKPOINT_STATUSES)}")


def _target_type(command: Command) -> str:
    return command.type.split(".", 1)[0]


def _target(command: Command, result: dict[str, Any]) -> str | None:
    for key in ("thread_id", "decision_id", "hire_id", "memory_id", "checkpoint_id"):
        if result.get(key):
            return str(result[key])
    return command.thread_id()
