"""Thread use cases: add, list, show, edit, archive, delete and restore, import."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from chenu_desktop.domain.errors import NotFoundError, ValidationError
from chenu_desktop.domain.threads import (
    RESTORE_WINDOW_DAYS,
    ThreadStatus,
    maturity_level,
    maturity_score,
    validate_intent,
    validate_status,
    validate_tags,
    validate_title,
)
from chenu_desktop.store import Transaction
from chenu_desktop.store.models import Decision, Thread, ThreadEvent

from .context import ServiceContext
from .records import append_event, audit
from .views import EventView, ImportResult, ThreadDetail, ThreadView

IMPORT_FIELDS = ("title", "founding_intent", "sphere_id")


class Threads:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def add(
        self,
        sphere_id: str,
        title: str,
        founding_intent: str,
        tags: list[str] | None = None,
        parent_thread_id: str | None = None,
    ) -> ThreadView:
        values = self._new_thread_values(sphere_id, title, founding_intent, tags or [], self.ctx.now())
        with self.ctx.store.write() as tx:
            if parent_thread_id is not None:
                self._require(tx, parent_thread_id)
                values["parent_thread_id"] = parent_thread_id
            thread_id = tx.writer.insert("threads", values)
            append_event(tx, self.ctx, thread_id, "thread.created", {"title": values["title"]})
            audit(tx, self.ctx, "thread.created", "thread", thread_id, {"title": values["title"]})
            return _view(self._require(tx, thread_id))

    def list(
        self,
        sphere_id: str | None = None,
        status: str | None = None,
        include_deleted: bool = False,
    ) -> list[ThreadView]:
        query = select(Thread).where(Thread.workspace_id == self.ctx.workspace_id)
        if sphere_id is not None:
            self._check_sphere(sphere_id)
            query = query.where(Thread.sphere_id == sphere_id)
        if status is not None:
            query = query.where(Thread.status == validate_status(status))
        if not include_deleted:
            query = query.where(Thread.deleted.is_not(True))
        query = query.order_by(Thread.last_activity_at.desc(), Thread.id.desc())
        with self.ctx.store.read() as session:
            return [_view(t) for t in session.scalars(query)]

    def show(self, thread_id: str) -> ThreadDetail:
        with self.ctx.store.read() as session:
            thread = session.get(Thread, thread_id)
            if thread is None or thread.workspace_id != self.ctx.workspace_id:
                raise NotFoundError(f"no thread with id {thread_id}")
            events = session.scalars(
                select(ThreadEvent)
                .where(ThreadEvent.thread_id == thread_id)
                .order_by(ThreadEvent.at, ThreadEvent.id)
            ).all()
            decisions = session.scalar(
                select(func.count()).select_from(Decision).where(
                    Decision.thread_id == thread_id, Decision.deleted.is_not(True)
                )
            )
        score = maturity_score(len(events), decisions or 0)
        return ThreadDetail(
            thread=_view(thread),
            events=[_event_view(e) for e in events],
            maturity_score=score,
            maturity=maturity_level(score).value,
        )

    def edit(
        self,
        thread_id: str,
        title: str | None = None,
        status: str | None = None,
        tags: list[str] | None = None,
    ) -> ThreadView:
        """A person's own edit: applied at once, logged and audited.

        The founding intent is not editable: it is refined only by events.
        """
        changes: dict[str, Any] = {}
        if title is not None:
            changes["title"] = validate_title(title)
        if status is not None:
            changes["status"] = validate_status(status)
        if tags is not None:
            changes["tags"] = validate_tags(tags)
        if not changes:
            raise ValidationError("edit", "nothing to change: give a new title, status or tags")
        with self.ctx.store.write() as tx:
            self._require(tx, thread_id)
            now = self.ctx.now()
            changed = tx.writer.update("threads", thread_id, changes)
            if changed:
                tx.writer.update("threads", thread_id, {"updated_at": now, "last_activity_at": now})
                archived = changed.get("status") == ThreadStatus.ARCHIVED.value
                event = "thread.archived" if archived else "thread.updated"
                append_event(tx, self.ctx, thread_id, event, {"changed": changed})
                audit(tx, self.ctx, event, "thread", thread_id, {"changed": changed})
            return _view(self._require(tx, thread_id))

    def delete(self, thread_id: str) -> ThreadView:
        """Soft delete: the thread stays restorable for RESTORE_WINDOW_DAYS days."""
        with self.ctx.store.write() as tx:
            self._require(tx, thread_id)
            now = self.ctx.now()
            tx.writer.update("threads", thread_id, {"deleted": True, "deleted_at": now})
            audit(tx, self.ctx, "thread.deleted", "thread", thread_id)
            return _view(self._require(tx, thread_id, allow_deleted=True))

    def restore(self, thread_id: str) -> ThreadView:
        with self.ctx.store.write() as tx:
            thread = self._require(tx, thread_id, allow_deleted=True)
            if not thread.deleted:
                raise ValidationError("thread", f"{thread_id} is not deleted")
            window = timedelta(days=RESTORE_WINDOW_DAYS)
            if thread.deleted_at is not None and self.ctx.now() - thread.deleted_at > window:
                raise ValidationError(
                    "thread", f"{thread_id} was deleted more than {RESTORE_WINDOW_DAYS} days ago"
                )
            tx.writer.update("threads", thread_id, {"deleted": False, "deleted_at": None})
            audit(tx, self.ctx, "thread.restored", "thread", thread_id)
            return _view(self._require(tx, thread_id))

    def import_file(self, path: Path) -> ImportResult:
        """Import `[{title, founding_intent, sphere_id}, …]`: all rows or none."""
        try:
            items = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ValidationError("file", f"{path} does not exist") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ValidationError("file", f"{path} is not valid JSON ({error})") from None
        if not isinstance(items, list):
            raise ValidationError("file", "must hold a JSON array of threads")
        now = self.ctx.now()
        rows = [self._import_row(index, item, now) for index, item in enumerate(items)]
        with self.ctx.store.write() as tx:
            ids = tx.writer.insert_many("threads", rows)
            tx.writer.insert_many(
                "thread_events",
                [
                    {
                        "workspace_id": self.ctx.workspace_id,
                        "thread_id": thread_id,
                        "type": "thread.created",
                        "payload": {"title": row["title"], "imported": True},
                        "actor": self.ctx.actor,
                        "at": now,
                    }
                    for thread_id, row in zip(ids, rows)
                ],
            )
            audit(tx, self.ctx, "data.imported", "threads", None, {"count": len(ids), "file": Path(path).name})
        return ImportResult(imported=len(ids), ids=ids)

    def _import_row(self, index: int, item: Any, now: datetime) -> dict[str, Any]:
        if not isinstance(item, dict):
            raise ValidationError(f"item {index}", "must be an object with title, founding_intent, sphere_id")
        missing = [name for name in IMPORT_FIELDS if name not in item]
        if missing:
            raise ValidationError(f"item {index}", f"missing {', '.join(missing)}")
        try:
            return self._new_thread_values(
                item["sphere_id"], item["title"], item["founding_intent"], item.get("tags", []), now
            )
        except ValidationError as error:
            raise ValidationError(f"item {index}", str(error)) from None

    def _new_thread_values(
        self, sphere_id: Any, title: Any, founding_intent: Any, tags: Any, now: datetime
    ) -> dict[str, Any]:
        self._check_sphere(sphere_id)
        intent = validate_intent(founding_intent)
        return {
            "workspace_id": self.ctx.workspace_id,
            "sphere_id": sphere_id,
            "title": validate_title(title),
            "founding_intent": intent,
            "current_intent": intent,
            "status": ThreadStatus.ACTIVE.value,
            "tags": validate_tags(tags),
            "created_at": now,
            "created_by": self.ctx.actor,
            "updated_at": now,
            "last_activity_at": now,
        }

    def _check_sphere(self, sphere_id: Any) -> None:
        if not isinstance(sphere_id, str) or self.ctx.plugins.sphere(sphere_id) is None:
            known = ", ".join(s.id for s in self.ctx.plugins.spheres())
            raise ValidationError("sphere", f"unknown sphere {sphere_id!r} (known: {known})")

    def _require(self, tx: Transaction, thread_id: str, allow_deleted: bool = False) -> Thread:
        thread = tx.session.get(Thread, thread_id, populate_existing=True)
        if thread is None or thread.workspace_id != self.ctx.workspace_id:
            raise NotFoundError(f"no thread with id {thread_id}")
        if thread.deleted and not allow_deleted:
            raise NotFoundError(f"thread {thread_id} is deleted (restore it first)")
        return thread


def _view(thread: Thread) -> ThreadView:
    return ThreadView(
        id=thread.id,
        workspace_id=thread.workspace_id,
        sphere_id=thread.sphere_id,
        title=thread.title,
        founding_intent=thread.founding_intent,
        current_intent=thread.current_intent,
        status=thread.status,
        tags=list(thread.tags or []),
        parent_thread_id=thread.parent_thread_id,
        created_at=thread.created_at,
        created_by=thread.created_by,
        updated_at=thread.updated_at,
        last_activity_at=thread.last_activity_at,
        deleted=bool(thread.deleted),
        deleted_at=thread.deleted_at,
    )


def _event_view(event: ThreadEvent) -> EventView:
    return EventView(
        id=event.id,
        thread_id=event.thread_id,
        type=event.type,
        payload=dict(event.payload or {}),
        actor=event.actor,
        at=event.at,
    )
