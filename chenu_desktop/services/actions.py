"""A thread's actions: the to-dos of its log, listed, added and marked done.

An action is not a row of its own: it is an `action.created` event of a
thread's log (with its id and title), done once an `action.completed` event
names it. Listing reads the workspace's action events in one query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from chenu_desktop.domain.errors import ValidationError
from chenu_desktop.store.models import Thread, ThreadEvent

from .commands.threads import CompleteAction, CreateAction
from .context import ServiceContext
from .governance import Governance
from .ids import match_prefix, resolve_prefix
from .views import JsonView

CREATED = "action.created"
COMPLETED = "action.completed"


@dataclass(frozen=True)
class ActionView(JsonView):
    id: str
    thread_id: str
    thread_title: str | None
    title: str
    done: bool
    created_at: datetime
    created_by: str
    done_at: datetime | None
    done_by: str | None


class Actions:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.governance = Governance(ctx)

    def list(self, thread_id: str | None = None, open_only: bool = False) -> list[ActionView]:
        """Actions of live threads (or of `thread_id`), oldest first; `open_only`: not done yet."""
        query = (
            select(ThreadEvent, Thread.title)
            .join(Thread, Thread.id == ThreadEvent.thread_id)
            .where(
                ThreadEvent.workspace_id == self.ctx.workspace_id,
                ThreadEvent.type.in_((CREATED, COMPLETED)),
                Thread.deleted.is_not(True),
            )
            .order_by(ThreadEvent.at, ThreadEvent.id)
        )
        if thread_id is not None:
            query = query.where(ThreadEvent.thread_id == resolve_prefix(self.ctx.store, "thread", thread_id, self.ctx.workspace_id))
        with self.ctx.store.read() as session:
            events = session.execute(query).all()
        completions = {str(e.payload.get("action_id")): e for e, _ in events if e.type == COMPLETED}
        actions = [_view(event, title, completions.get(str(event.payload.get("action_id")))) for event, title in events if event.type == CREATED]
        return [a for a in actions if not (open_only and a.done)]

    def add(self, thread_id: str, title: str) -> ActionView:
        thread = resolve_prefix(self.ctx.store, "thread", thread_id, self.ctx.workspace_id)
        result = self.governance.perform(CreateAction(thread, title))
        return self.get(result["action_id"])

    def done(self, action_id: str) -> ActionView:
        """Mark an open action done (an action done already is refused: nothing is logged twice)."""
        action = self.get(action_id)
        if action.done:
            raise ValidationError("action", f"“{action.title}” is already done")
        self.governance.perform(CompleteAction(action.thread_id, action.id))
        return self.get(action.id)

    def get(self, action_id: str) -> ActionView:
        """The action whose id is `action_id` or starts with it."""
        actions = self.list()
        chosen = match_prefix("action", action_id, [(a.id, a.title) for a in actions])
        return next(a for a in actions if a.id == chosen)


def _view(created: ThreadEvent, thread_title: str | None, completed: ThreadEvent | None) -> ActionView:
    return ActionView(
        id=str(created.payload.get("action_id")),
        thread_id=created.thread_id,
        thread_title=thread_title,
        title=str(created.payload.get("title", "")),
        done=completed is not None,
        created_at=created.at,
        created_by=created.actor,
        done_at=completed.at if completed else None,
        done_by=completed.actor if completed else None,
    )
