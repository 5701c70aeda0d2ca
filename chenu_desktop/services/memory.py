"""Memory use cases: remember, list by layer, search, recall, pin, forget.

Only a person adds to memory here (source "user"). What Nova or an agent wants
remembered is proposed as a command, waits at a checkpoint, and on approval
calls `insert_memory`, the same validated insert `Memory.add` uses.

Search runs on the FTS5 index `memory_fts` (migration 0002), which triggers
keep in step with `memory_items`, rows pulled by sync included.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import column, func, literal_column, select, table

from chenu_desktop.domain.errors import NotFoundError, ValidationError
from chenu_desktop.domain.memory import (
    CONTENT_MAX,
    MEMORY_LAYERS,
    MEMORY_SOURCES,
    MEMORY_TYPES,
    SEARCH_LIMIT_DEFAULT,
    MemorySource,
    MemoryType,
    memory_layer,
)
from chenu_desktop.domain.threads import validate_text
from chenu_desktop.store import Transaction
from chenu_desktop.store.models import MemoryItem, Thread

from .context import ServiceContext
from .execution import Execution, executing
from .limits import check_count
from .records import audit
from .views import JsonView

SEARCH_LIMIT_MAX = 200
PAGE_LIMIT_DEFAULT = 200
PAGE_LIMIT_MAX = 1000

_FTS = table("memory_fts", column("rowid"), column("memory_fts"))
_ITEM_ROWID = literal_column("memory_items.rowid")
_RANK = func.bm25(literal_column("memory_fts"))
_LISTING_ORDER = (MemoryItem.pinned.is_(True).desc(), MemoryItem.accessed_at.desc(), MemoryItem.id.desc())
"""Pinned items first, then the most recently accessed."""


@dataclass(frozen=True)
class MemoryView(JsonView):
    id: str
    type: str | None
    content: str | None
    source: str | None
    thread_id: str | None
    pinned: bool
    layer: str
    """hot, warm or cold: computed from `accessed_at` and the clock, never stored."""
    created_at: datetime | None
    accessed_at: datetime | None


def validate_content(value: object) -> str:
    return validate_text("content", value, CONTENT_MAX)


def validate_type(value: object) -> str:
    if value not in MEMORY_TYPES:
        raise ValidationError("type", f"must be one of {', '.join(MEMORY_TYPES)} (got {value!r})")
    return str(value)


def validate_source(value: object) -> str:
    if value not in MEMORY_SOURCES:
        raise ValidationError("source", f"must be one of {', '.join(MEMORY_SOURCES)} (got {value!r})")
    return str(value)


def validate_layer(value: object) -> str:
    if value not in MEMORY_LAYERS:
        raise ValidationError("layer", f"must be one of {', '.join(MEMORY_LAYERS)} (got {value!r})")
    return str(value)


def insert_memory(
    run_tx: Transaction | Execution,
    ctx: ServiceContext,
    *,
    content: Any,
    type: Any,
    source: Any,
    thread_id: str | None,
    pinned: bool,
    now: datetime,
    new_id: Callable[[], str] | str,
) -> str:
    """Validate and insert one memory item through the writer; returns its id.

    `run_tx` is the write transaction (an `Execution` is accepted too);
    `new_id` is the id to use, or what makes it (`Execution.new_id`, so an
    approved checkpoint creates the same item on every device). Auditing is
    the caller's: `Memory.add` logs "memory.added", a command is audited by
    the governance that runs it.
    """
    tx = run_tx.tx if isinstance(run_tx, Execution) else run_tx
    values = {
        "workspace_id": ctx.workspace_id,
        "type": validate_type(type),
        "content": validate_content(content),
        "source": validate_source(source),
        "thread_id": None,
        "pinned": bool(pinned),
        "created_at": now,
        "accessed_at": now,
    }
    if thread_id is not None:
        _require_thread(tx, ctx, thread_id)
        values["thread_id"] = thread_id
    values["id"] = new_id() if callable(new_id) else new_id
    return tx.writer.insert("memory_items", values)


def fts_query(text: str) -> str:
    """The person's words as an FTS5 query that cannot be a syntax error.

    Every word becomes a quoted phrase (inner `"` doubled), so operators,
    parentheses, `*`, `:` and `^` are plain text; the phrases must all match
    (FTS5's implicit AND). NUL would end the query early, so it splits words.
    """
    words = text.replace("\x00", " ").split()
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


class Memory:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def add(
        self,
        content: str,
        type: str = MemoryType.NOTE.value,
        thread_id: str | None = None,
        pinned: bool = False,
    ) -> MemoryView:
        """A person's own memory: stored at once and audited."""
        with executing(self.ctx) as run:
            memory_id = insert_memory(
                run.tx,
                self.ctx,
                content=content,
                type=type,
                source=MemorySource.USER.value,
                thread_id=thread_id,
                pinned=pinned,
                now=run.now,
                new_id=run.new_id,
            )
            item = self._require(run.tx, memory_id)
            details = {"type": item.type, "source": item.source}
            if item.thread_id is not None:
                details["thread_id"] = item.thread_id
            audit(run, "memory.added", "memory", memory_id, details)
            return self._view(item)

    def list(
        self,
        type: str | None = None,
        layer: str | None = None,
        thread_id: str | None = None,
    ) -> list[MemoryView]:
        """Pinned items first, then the most recently accessed."""
        query = select(MemoryItem).where(
            MemoryItem.workspace_id == self.ctx.workspace_id, MemoryItem.deleted.is_not(True)
        )
        if type is not None:
            query = query.where(MemoryItem.type == validate_type(type))
        if layer is not None:
            layer = validate_layer(layer)
        if thread_id is not None:
            query = query.where(MemoryItem.thread_id == thread_id)
        query = query.order_by(*_LISTING_ORDER)
        with self.ctx.store.read() as session:
            views = [self._view(item) for item in session.scalars(query)]
        return [v for v in views if layer is None or v.layer == layer]

    def page(self, offset: int = 0, limit: int = PAGE_LIMIT_DEFAULT) -> list[MemoryView]:
        """`limit` items of `list()`'s order from `offset` on: what a lazy list shows next."""
        if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
            raise ValidationError("offset", f"must be a whole number from 0 (got {offset!r})")
        check_count("limit", limit, PAGE_LIMIT_MAX)
        query = (
            select(MemoryItem)
            .where(MemoryItem.workspace_id == self.ctx.workspace_id, MemoryItem.deleted.is_not(True))
            .order_by(*_LISTING_ORDER)
            .offset(offset)
            .limit(limit)
        )
        with self.ctx.store.read() as session:
            return [self._view(item) for item in session.scalars(query)]

    def search(self, query: str, limit: int = SEARCH_LIMIT_DEFAULT) -> list[MemoryView]:
        """Items whose content has every word of `query`, best match (bm25) first.

        Read-only: finding an item is not recalling it, so `accessed_at` stays.
        """
        if not isinstance(query, str) or not query.strip():
            raise ValidationError("query", "must not be blank")
        check_count("limit", limit, SEARCH_LIMIT_MAX)
        match = fts_query(query)
        if not match:
            return []
        statement = (
            select(MemoryItem)
            .join(_FTS, _FTS.c.rowid == _ITEM_ROWID)
            .where(
                _FTS.c.memory_fts.op("MATCH")(match),
                MemoryItem.workspace_id == self.ctx.workspace_id,
                MemoryItem.deleted.is_not(True),
            )
            .order_by(_RANK, MemoryItem.accessed_at.desc(), MemoryItem.id)
            .limit(limit)
        )
        with self.ctx.store.read() as session:
            return [self._view(item) for item in session.scalars(statement)]

    def get(self, memory_id: str) -> MemoryView:
        """Recall one item: it counts as an access, so it becomes hot again."""
        with executing(self.ctx) as run:
            self._require(run.tx, memory_id)
            run.writer.update("memory_items", memory_id, {"accessed_at": run.now})
            return self._view(self._require(run.tx, memory_id))

    def pin(self, memory_id: str, pinned: bool = True) -> MemoryView:
        with executing(self.ctx) as run:
            self._require(run.tx, memory_id)
            if run.writer.update("memory_items", memory_id, {"pinned": bool(pinned)}):
                audit(run, "memory.pinned" if pinned else "memory.unpinned", "memory", memory_id)
            return self._view(self._require(run.tx, memory_id))

    def delete(self, memory_id: str) -> MemoryView:
        """Soft delete: the row stays (a tombstone that syncs), hidden everywhere."""
        with executing(self.ctx) as run:
            item = self._require(run.tx, memory_id)
            run.writer.update("memory_items", memory_id, {"deleted": True})
            audit(run, "memory.deleted", "memory", memory_id, {"type": item.type})
            return self._view(self._require(run.tx, memory_id, allow_deleted=True))

    def restore(self, memory_id: str) -> MemoryView:
        """Undo a delete: the tombstone is lifted (and syncs like any field)."""
        with executing(self.ctx) as run:
            item = self._require(run.tx, memory_id, allow_deleted=True)
            if not item.deleted:
                raise ValidationError("memory", f"{memory_id} is not deleted")
            run.writer.update("memory_items", memory_id, {"deleted": False})
            audit(run, "memory.restored", "memory", memory_id, {"type": item.type})
            return self._view(self._require(run.tx, memory_id))

    def _require(self, tx: Transaction, memory_id: str, allow_deleted: bool = False) -> MemoryItem:
        item = tx.session.get(MemoryItem, memory_id, populate_existing=True)
        if item is None or item.workspace_id != self.ctx.workspace_id or (item.deleted and not allow_deleted):
            raise NotFoundError(f"no memory item with id {memory_id}")
        return item

    def _view(self, item: MemoryItem) -> MemoryView:
        now = self.ctx.now()
        last = item.accessed_at or item.created_at or now
        return MemoryView(
            id=item.id,
            type=item.type,
            content=item.content,
            source=item.source,
            thread_id=item.thread_id,
            pinned=bool(item.pinned),
            layer=memory_layer(last, now).value,
            created_at=item.created_at,
            accessed_at=item.accessed_at,
        )


def _require_thread(tx: Transaction, ctx: ServiceContext, thread_id: str) -> None:
    found = tx.conn.execute(
        select(Thread.workspace_id, Thread.deleted).where(Thread.id == thread_id)
    ).first()
    if found is None or found.workspace_id != ctx.workspace_id or found.deleted:
        raise NotFoundError(f"no thread with id {thread_id}")
