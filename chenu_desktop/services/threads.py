"""Thread use cases: add, list, show, edit, archive, delete and restore, import."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import func, select

from chenu_desktop.domain.errors import NotFoundError, ValidationError
from chenu_desktop.domain.threads import maturity_level, maturity_score, validate_status
from chenu_desktop.store.bulk import row_reader
from chenu_desktop.store.models import Decision, Thread, ThreadEvent

from .commands.threads import (
    AddNote,
    CreateThread,
    DeleteThread,
    THREAD_COLUMNS,
    EditThread,
    RestoreThread,
)
from .context import ServiceContext
from .execution import executing
from .governance import Governance
from .records import audit
from .thread_import import import_columns, write_threads
from .thread_pages import PAGE_SIZE, ThreadCursor, ThreadFilter, ThreadPage, thread_count, thread_page
from .unavailable import Availability
from .views import EventView, ImportResult, ThreadDetail, ThreadView


class Threads:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.governance = Governance(ctx)

    def add(
        self,
        sphere_id: str,
        title: str,
        founding_intent: str,
        tags: list[str] | None = None,
        parent_thread_id: str | None = None,
    ) -> ThreadView:
        if isinstance(sphere_id, str) and self.ctx.plugins.sphere(sphere_id) is None:
            Availability(self.ctx).refuse_new_thread(sphere_id)
        result = self.governance.perform(CreateThread(sphere_id, title, founding_intent, tags or [], parent_thread_id))
        return self.get(result["thread_id"])

    def list(
        self,
        sphere_id: str | None = None,
        status: str | None = None,
        include_deleted: bool = False,
        page: Callable[[list[str]], Sequence[str]] | None = None,
    ) -> list[ThreadView]:
        """The workspace's threads, most recently active first. `page`, given
        the ids of them all in that order, picks the ones wanted (a page of a
        long list): only those are read in full."""
        query = select(Thread).where(Thread.workspace_id == self.ctx.workspace_id)
        if sphere_id is not None:
            Availability(self.ctx).check_listed_sphere(sphere_id)  # its plugin may be gone, not its threads
            query = query.where(Thread.sphere_id == sphere_id)
        if status is not None:
            query = query.where(Thread.status == validate_status(status))
        if not include_deleted:
            query = query.where(Thread.deleted.is_not(True))
        query = query.order_by(Thread.last_activity_at.desc(), Thread.id.desc())
        with self.ctx.store.read() as session:
            if page is None:
                return [_view(t) for t in session.scalars(query)]
            wanted = list(page(list(session.scalars(query.with_only_columns(Thread.id)))))
            found = {t.id: t for t in session.scalars(select(Thread).where(Thread.id.in_(wanted)))} if wanted else {}
            return [_view(found[i]) for i in wanted if i in found]

    def page(self, where: ThreadFilter | None = None, after: ThreadCursor | None = None, limit: int = PAGE_SIZE) -> ThreadPage:
        """A page of a long list (the window's): `after` is the previous page's `next`."""
        return thread_page(self.ctx, where or ThreadFilter(), after, limit)

    def count(self, where: ThreadFilter | None = None) -> int:
        return thread_count(self.ctx, where or ThreadFilter())

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

    def get(self, thread_id: str, include_deleted: bool = True) -> ThreadView:
        with self.ctx.store.engine.connect() as conn:
            row = row_reader(conn.dialect, Thread.__table__, THREAD_COLUMNS)(conn, thread_id)
        if row is None or row["workspace_id"] != self.ctx.workspace_id or (row["deleted"] and not include_deleted):
            raise NotFoundError(f"no thread with id {thread_id}")
        return _view(SimpleNamespace(**row))

    def edit(
        self,
        thread_id: str,
        title: str | None = None,
        status: str | None = None,
        tags: list[str] | None = None,
    ) -> ThreadView:
        """A person's own edit: applied at once, logged and audited."""
        self.governance.perform(EditThread(thread_id, title, status, tags))
        return self.get(thread_id)

    def delete(self, thread_id: str) -> ThreadView:
        """Soft delete: the thread stays restorable for RESTORE_WINDOW_DAYS days."""
        self.governance.perform(DeleteThread(thread_id))
        return self.get(thread_id)

    def restore(self, thread_id: str) -> ThreadView:
        self.governance.perform(RestoreThread(thread_id))
        return self.get(thread_id)

    def note(self, thread_id: str, text: str) -> ThreadView:
        self.governance.perform(AddNote(thread_id, text))
        return self.get(thread_id)

    def import_file(self, path: Path) -> ImportResult:
        """Import `[{title, founding_intent, sphere_id}, …]`: all rows or none."""
        try:
            items = json.loads(Path(path).read_text(encoding="utf-8-sig"))  # -sig: a BOM (Windows editors) is not JSON
        except FileNotFoundError:
            raise ValidationError("file", f"{path} does not exist") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ValidationError("file", f"{path} is not valid JSON ({error})") from None
        if not isinstance(items, list):
            raise ValidationError("file", "must hold a JSON array of threads")
        with executing(self.ctx) as run:
            ids = write_threads(run, import_columns(self.ctx.plugins, items))
            audit(run, "data.imported", "threads", None, {"count": len(ids), "file": Path(path).name})
        return ImportResult(imported=len(ids), ids=ids)


def _view(thread: Thread | SimpleNamespace) -> ThreadView:
    """The view of an ORM thread, or of a row's columns as attributes."""
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
