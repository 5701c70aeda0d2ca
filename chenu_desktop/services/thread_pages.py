"""Long thread lists, a page at a time: filter, sort, search, keyset paging.

A page ends with a cursor, the sort key of its last row; the next page is
"the rows after that key", so page N costs what page 1 costs however deep
a list is scrolled (no OFFSET). Sorting by recent activity orders on
(last_activity_at, id), read from ix_threads_activity: under a millisecond
a page at 100 000 threads. Sorting by maturity orders on (score,
last_activity_at, id), the score being the canon's (events + 5 × decisions,
capped), counted in the same query over the thread_id indexes (about
0.2 s a page for 100 000 threads with their events, on the worker thread);
the recency sort counts only for the rows of its page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, String, func, literal, select, tuple_, type_coerce

from chenu_desktop.domain.errors import ValidationError
from chenu_desktop.domain.threads import DECISION_WEIGHT, MATURITY_CAP, maturity_level, validate_status
from chenu_desktop.store.models import Decision, Thread, ThreadEvent

from .context import ServiceContext
from .unavailable import Availability
from .views import JsonView

SORT_RECENT = "recent"
SORT_MATURITY = "maturity"
SORTS = (SORT_RECENT, SORT_MATURITY)
PAGE_SIZE = 100
PAGE_MAX = 1000
SEARCH_MAX = 200


@dataclass(frozen=True)
class ThreadFilter:
    """Which threads a list shows, and in what order."""

    sphere_id: str | None = None
    status: str | None = None
    search: str = ""
    """Part of the title, any case (ASCII); blank: every thread."""
    sort: str = SORT_RECENT


@dataclass(frozen=True)
class ThreadCursor:
    """Where a page ended: the sort key of its last row."""

    activity: str
    """last_activity_at as stored (sortable ISO text; "" when unknown)."""
    id: str
    score: int | None = None
    """The (uncapped) maturity score, when sorting by maturity."""


@dataclass(frozen=True)
class ThreadRow(JsonView):
    """One line of a thread list."""

    id: str
    title: str
    sphere_id: str | None
    status: str | None
    current_intent: str
    last_activity_at: datetime | None
    maturity_score: int
    maturity: str


@dataclass(frozen=True)
class ThreadPage(JsonView):
    rows: list[ThreadRow]
    next: ThreadCursor | None
    """Pass as `after` for the following page; None: this was the last one."""


def thread_page(ctx: ServiceContext, where: ThreadFilter, after: ThreadCursor | None = None, limit: int = PAGE_SIZE) -> ThreadPage:
    """The `limit` threads that follow `after` in `where`'s order (deleted ones left out)."""
    if not 1 <= limit <= PAGE_MAX:
        raise ValidationError("limit", f"must be between 1 and {PAGE_MAX} (got {limit})")
    if where.sort not in SORTS:
        raise ValidationError("sort", f"must be one of {', '.join(SORTS)} (got {where.sort!r})")
    base = _filtered(ctx, select(*_columns()), where)
    by_maturity = where.sort == SORT_MATURITY
    with ctx.store.read() as session:
        if by_maturity:
            found = _by_maturity(session, base, after, limit)
            raw = {row.id: row.score for row in found}
        else:
            reader = _by_activity_scanning if where.search.strip() else _by_activity
            found = reader(session, base, after, limit)
            raw = _scores(session, [row.id for row in found[:limit]])
    more = len(found) > limit
    found = found[:limit]
    rows = [_row(row, min(MATURITY_CAP, raw.get(row.id, 0))) for row in found]
    last = found[-1] if more else None
    cursor = ThreadCursor(last.activity or "", last.id, raw[last.id] if by_maturity else None) if last else None
    return ThreadPage(rows, cursor)


def _by_activity(session: Any, base: Select[Any], after: ThreadCursor | None, limit: int) -> list[Any]:
    """Most recent first, by ix_threads_activity: a range read however deep the page.

    Threads without a last activity (possible only in a damaged replica)
    come last, by id: a second short read once the dated ones run out."""
    found: list[Any] = []
    if after is None or after.activity:
        dated = base.where(Thread.last_activity_at.is_not(None))
        if after is not None:
            dated = dated.where(tuple_(Thread.last_activity_at, Thread.id) < tuple_(_text(after.activity), _text(after.id)))
        found = list(session.execute(dated.order_by(Thread.last_activity_at.desc(), Thread.id.desc()).limit(limit + 1)))
        if len(found) > limit:
            return found
    undated = base.where(Thread.last_activity_at.is_(None))
    if after is not None and not after.activity:
        undated = undated.where(Thread.id < _text(after.id))
    return found + list(session.execute(undated.order_by(Thread.id.desc()).limit(limit + 1 - len(found))))


def _by_activity_scanning(session: Any, base: Select[Any], after: ThreadCursor | None, limit: int) -> list[Any]:
    """The same order for a title search, read by one scan and a sort.

    Walking the index in order would read a row per entry to test its title:
    fast for a common word, half a second at 100 000 threads for a rare one.
    Ordering on an expression of the key (same order: NULL and "" both sort
    last) makes SQLite scan and sort instead, tens of milliseconds whatever
    the word."""
    activity = _activity()
    query = base
    if after is not None:
        query = query.where(tuple_(activity, Thread.id) < tuple_(_text(after.activity), _text(after.id)))
    return list(session.execute(query.order_by(activity.desc(), Thread.id.desc()).limit(limit + 1)))


def _by_maturity(session: Any, base: Select[Any], after: ThreadCursor | None, limit: int) -> list[Any]:
    """Ripest first. Ordered on the uncapped score (a thread past the cap
    still outranks one at it), computed once per thread: a materialized CTE
    keeps SQLite from counting again for the keyset test."""
    scored = base.add_columns(_score().label("score")).cte("scored").prefix_with("MATERIALIZED")
    key = (scored.c.score, func.coalesce(scored.c.activity, ""), scored.c.id)
    query = select(scored)
    if after is not None:
        query = query.where(tuple_(*key) < tuple_(literal(after.score or 0), _text(after.activity), _text(after.id)))
    return list(session.execute(query.order_by(*(column.desc() for column in key)).limit(limit + 1)))


def _columns() -> tuple[Any, ...]:
    return (
        Thread.id,
        Thread.title,
        Thread.sphere_id,
        Thread.status,
        Thread.current_intent,
        Thread.last_activity_at,
        type_coerce(Thread.last_activity_at, String).label("activity"),
    )


def thread_count(ctx: ServiceContext, where: ThreadFilter) -> int:
    """How many threads `where` selects (a scan of the workspace's index: call it off the critical path)."""
    query = _filtered(ctx, select(func.count()).select_from(Thread), where)
    with ctx.store.read() as session:
        return int(session.scalar(query) or 0)


def _filtered(ctx: ServiceContext, query: Select[Any], where: ThreadFilter) -> Select[Any]:
    query = query.where(Thread.workspace_id == ctx.workspace_id, Thread.deleted.is_not(True))
    if where.sphere_id is not None:
        Availability(ctx).check_listed_sphere(where.sphere_id)  # its plugin may be gone, not its threads
        query = query.where(Thread.sphere_id == where.sphere_id)
    if where.status is not None:
        query = query.where(Thread.status == validate_status(where.status))
    search = where.search.strip()
    if len(search) > SEARCH_MAX:
        raise ValidationError("search", f"must be at most {SEARCH_MAX} characters (got {len(search)})")
    if search:
        query = query.where(Thread.title.contains(search, autoescape=True))
    return query


def _activity() -> ColumnElement[str]:
    """last_activity_at as its stored text, "" when unknown."""
    return func.coalesce(type_coerce(Thread.last_activity_at, String), literal("", String))


def _score() -> ColumnElement[int]:
    """The canon's maturity score before its cap, in SQL: per thread, two
    counts over the thread_id indexes of events and decisions (measured
    faster than joining grouped counts of every event)."""
    events = select(func.count()).where(ThreadEvent.thread_id == Thread.id).scalar_subquery()
    decisions = select(func.count()).where(Decision.thread_id == Thread.id, Decision.deleted.is_not(True)).scalar_subquery()
    return events + DECISION_WEIGHT * decisions


def _scores(session: Any, ids: list[str]) -> dict[str, int]:
    """Uncapped maturity scores of a page's threads: two grouped counts over their ids."""
    if not ids:
        return {}
    events = dict(
        session.execute(
            select(ThreadEvent.thread_id, func.count()).where(ThreadEvent.thread_id.in_(ids)).group_by(ThreadEvent.thread_id)
        ).all()
    )
    decisions = dict(
        session.execute(
            select(Decision.thread_id, func.count())
            .where(Decision.thread_id.in_(ids), Decision.deleted.is_not(True))
            .group_by(Decision.thread_id)
        ).all()
    )
    return {i: events.get(i, 0) + DECISION_WEIGHT * decisions.get(i, 0) for i in ids}


def _row(row: Any, score: int) -> ThreadRow:
    return ThreadRow(
        id=row.id,
        title=row.title or "",
        sphere_id=row.sphere_id,
        status=row.status,
        current_intent=row.current_intent or "",
        last_activity_at=row.last_activity_at,
        maturity_score=score,
        maturity=maturity_level(score).value,
    )


def _text(value: str) -> ColumnElement[str]:
    return literal(value, String)
