"""Thread commands: create, edit, delete/restore, and the events of its log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

from chenu_desktop.domain.errors import NotFoundError, ValidationError
from chenu_desktop.domain.governance import RiskLevel
from chenu_desktop.domain.threads import (
    NOTE_MAX,
    RESTORE_WINDOW_DAYS,
    ThreadStatus,
    validate_intent,
    validate_status,
    validate_tags,
    validate_text,
    validate_title,
)
from chenu_desktop.plugin_host import PluginHost
from chenu_desktop.store.bulk import row_reader
from chenu_desktop.store.models import Thread

from ..execution import Execution
from ..records import append_event
from .base import Command, command


THREAD_COLUMNS = tuple(c.key for c in Thread.__table__.c)


def require_thread(run: Execution, thread_id: str, allow_deleted: bool = False) -> SimpleNamespace:
    """The thread's columns as attributes, read with Core in the command's
    transaction (an ORM load was a quarter of a thread edit's time)."""
    conn = run.tx.conn
    row = row_reader(conn.dialect, Thread.__table__, THREAD_COLUMNS)(conn, thread_id)
    if row is None or row["workspace_id"] != run.workspace_id:
        raise NotFoundError(f"no thread with id {thread_id}")
    if row["deleted"] and not allow_deleted:
        raise NotFoundError(f"thread {thread_id} is deleted (restore it first)")
    return SimpleNamespace(**row)


def check_sphere(plugins: PluginHost, sphere_id: Any) -> str:
    if not isinstance(sphere_id, str) or plugins.sphere(sphere_id) is None:
        known = ", ".join(s.id for s in plugins.spheres())
        raise ValidationError("sphere", f"unknown sphere {sphere_id!r} (known: {known})")
    return sphere_id


@command("thread.create", "thread.created")
@dataclass
class CreateThread(Command):
    sphere: str
    title: str
    intent: str
    tags: list[str] = field(default_factory=list)
    parent: str | None = None

    def describe(self) -> str:
        return f"Start thread “{self.title}” in {self.sphere}"

    def execute(self, run: Execution) -> dict[str, Any]:
        values = new_thread_values(run, self.sphere, self.title, self.intent, self.tags)
        if self.parent is not None:
            require_thread(run, self.parent)
            values["parent_thread_id"] = self.parent
        values["id"] = run.new_id()
        thread_id = run.writer.insert("threads", values)
        append_event(run, thread_id, "thread.created", {"title": values["title"]})
        return {"thread_id": thread_id}

    def thread_id(self) -> str | None:
        return None


def new_thread_values(run: Execution, sphere: Any, title: Any, intent: Any, tags: Any) -> dict[str, Any]:
    intent = validate_intent(intent)
    return {
        "workspace_id": run.workspace_id,
        "sphere_id": check_sphere(run.ctx.plugins, sphere),
        "title": validate_title(title),
        "founding_intent": intent,
        "current_intent": intent,
        "status": ThreadStatus.ACTIVE.value,
        "tags": validate_tags(tags),
        "created_at": run.now,
        "created_by": run.actor,
        "updated_at": run.now,
        "last_activity_at": run.now,
    }


@command("thread.edit", "thread.updated")
@dataclass
class EditThread(Command):
    """Title, status or tags; the founding intent never changes."""

    thread: str
    title: str | None = None
    status: str | None = None
    tags: list[str] | None = None

    def describe(self) -> str:
        parts = [f"{k} → {v!r}" for k, v in (("title", self.title), ("status", self.status), ("tags", self.tags)) if v is not None]
        return f"Edit thread {self.thread}: {', '.join(parts)}"

    def execute(self, run: Execution) -> dict[str, Any]:
        changes: dict[str, Any] = {}
        if self.title is not None:
            changes["title"] = validate_title(self.title)
        if self.status is not None:
            changes["status"] = validate_status(self.status)
        if self.tags is not None:
            changes["tags"] = validate_tags(self.tags)
        if not changes:
            raise ValidationError("edit", "nothing to change: give a new title, status or tags")
        thread = require_thread(run, self.thread)
        # One read and one UPDATE of the row: the edit, and when it changed
        # something, the thread's updated_at and last_activity_at with it.
        touched = {"updated_at": run.now, "last_activity_at": run.now}
        changed = run.writer.update("threads", self.thread, changes, if_changed=touched, current=vars(thread))
        if changed:
            archived = changed.get("status") == ThreadStatus.ARCHIVED.value
            event_type = "thread.archived" if archived else "thread.updated"
            append_event(run, self.thread, event_type, {"changed": changed}, mark_active=False)
        return {"thread_id": self.thread, "changed": changed}


@command("thread.delete", "thread.deleted")
@dataclass
class DeleteThread(Command):
    """Soft delete: restorable for RESTORE_WINDOW_DAYS days."""

    thread: str
    risk = RiskLevel.MEDIUM

    def describe(self) -> str:
        return f"Delete thread {self.thread} (restorable for {RESTORE_WINDOW_DAYS} days)"

    def execute(self, run: Execution) -> dict[str, Any]:
        require_thread(run, self.thread)
        run.writer.update("threads", self.thread, {"deleted": True, "deleted_at": run.now})
        return {"thread_id": self.thread}


@command("thread.restore", "thread.restored")
@dataclass
class RestoreThread(Command):
    thread: str

    def describe(self) -> str:
        return f"Restore deleted thread {self.thread}"

    def execute(self, run: Execution) -> dict[str, Any]:
        thread = require_thread(run, self.thread, allow_deleted=True)
        if not thread.deleted:
            raise ValidationError("thread", f"{self.thread} is not deleted")
        window = timedelta(days=RESTORE_WINDOW_DAYS)
        if thread.deleted_at is not None and run.now - thread.deleted_at > window:
            raise ValidationError("thread", f"{self.thread} was deleted more than {RESTORE_WINDOW_DAYS} days ago")
        run.writer.update("threads", self.thread, {"deleted": False, "deleted_at": None})
        return {"thread_id": self.thread}


@command("thread.note", "thread.note_added")
@dataclass
class AddNote(Command):
    thread: str
    text: str
    kind: str = "note"

    def describe(self) -> str:
        return f"Add a {self.kind} to thread {self.thread}: {self.text[:80]}"

    def execute(self, run: Execution) -> dict[str, Any]:
        text = validate_text("note", self.text, NOTE_MAX)
        require_thread(run, self.thread)
        event_id = append_event(run, self.thread, "note.added", {"text": text, "kind": self.kind})
        return {"thread_id": self.thread, "event_id": event_id}


@command("thread.action", "thread.action_created")
@dataclass
class CreateAction(Command):
    thread: str
    title: str

    def describe(self) -> str:
        return f"Add action “{self.title}” to thread {self.thread}"

    def execute(self, run: Execution) -> dict[str, Any]:
        title = validate_title(self.title)
        require_thread(run, self.thread)
        action_id = run.new_id()
        append_event(run, self.thread, "action.created", {"action_id": action_id, "title": title})
        return {"thread_id": self.thread, "action_id": action_id}


@command("thread.action_done", "thread.action_completed")
@dataclass
class CompleteAction(Command):
    thread: str
    action: str

    def describe(self) -> str:
        return f"Mark action {self.action} of thread {self.thread} done"

    def execute(self, run: Execution) -> dict[str, Any]:
        require_thread(run, self.thread)
        append_event(run, self.thread, "action.completed", {"action_id": self.action})
        return {"thread_id": self.thread, "action_id": self.action}


@command("thread.refine_intent", "thread.intent_refined")
@dataclass
class RefineIntent(Command):
    """The founding intent stays; the current intent moves, with an event."""

    thread: str
    intent: str

    def describe(self) -> str:
        return f"Refine the intent of thread {self.thread}: {self.intent[:80]}"

    def execute(self, run: Execution) -> dict[str, Any]:
        intent = validate_intent(self.intent, field="current_intent")
        thread = require_thread(run, self.thread)
        previous = thread.current_intent
        run.writer.update("threads", self.thread, {"current_intent": intent, "updated_at": run.now})
        append_event(run, self.thread, "intent.refined", {"from": previous, "to": intent})
        return {"thread_id": self.thread}
