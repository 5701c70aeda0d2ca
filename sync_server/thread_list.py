"""`GET /threads` read with Core and answered as ready JSON bytes.

The same list as `Threads.list` gives (the workspace's threads, deleted
ones left out, most recently active first, paged by `pagination.paginate`)
and the same JSON (`ThreadOut` through pydantic's serializer, as FastAPI
would encode the route's response model), without what made it cost
several times a bare route: ORM objects and views per row, a read of every
id of the workspace for a first page, and FastAPI validating the answer a
second time in a thread-pool hop.

A first page (no cursor) is one query, `LIMIT limit + 1`: the extra row
only says whether a next page exists. A later page reads the ids in list
order first, as `Threads.list` does, so a cursor finds the item it ended
at again wherever that item has moved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Response
from pydantic import AfterValidator, Json, TypeAdapter
from sqlalchemy import Select, String, Text, bindparam, cast, false, func, select, type_coerce

from chenu_desktop.plugin_host import PluginHost
from chenu_desktop.services.commands.threads import check_sphere
from chenu_desktop.store.models import Thread

from .loop_reads import Fetch
from .pagination import NEXT_CURSOR_HEADER, PageRequest, paginate
from .schemas.threads import ThreadOut

THREADS = Thread.__table__
PAGE_KIND = "threads"


class _StoredThread(ThreadOut):
    """A `ThreadOut` read from the row as stored: the tags as their JSON text
    (`null` when sync left none: listed as [], as the service's view lists them)."""

    tags: Annotated[Json[list[str] | None], AfterValidator(lambda tags: tags or [])]


_ANSWER = TypeAdapter(list[_StoredThread])
_TIMESTAMPS = {"created_at", "updated_at", "last_activity_at", "deleted_at"}


def _column(name: str) -> Any:
    """The column as `_StoredThread` takes it, shaped as the service's view
    shapes it (no tags is [], no deleted flag is False).

    Nothing is decoded in Python: the timestamps stay the canonical text they
    are stored as (`UtcTimestamp`) and the tags their JSON text, and pydantic
    parses and prints both in its compiled code, with the very output it gives
    for the decoded values. Decoding 250 of them per page in Python first
    (through SQLAlchemy's column types) was the largest single cost of the list.
    """
    column = THREADS.c[name]
    if name in _TIMESTAMPS:
        return type_coerce(column, String).label(name)
    if name == "tags":
        return func.coalesce(cast(column, Text), "[]").label(name)
    if name == "deleted":
        return func.coalesce(column, false()).label(name)
    return column


_NAMES = tuple(ThreadOut.model_fields)
_COLUMNS = [_column(name) for name in _NAMES]


def _listed(columns: Sequence[Any], by_sphere: bool, by_status: bool) -> Select[Any]:
    query = select(*columns).where(THREADS.c.workspace_id == bindparam("workspace_id"), THREADS.c.deleted.is_not(True))
    if by_sphere:
        query = query.where(THREADS.c.sphere_id == bindparam("sphere_id"))
    if by_status:
        query = query.where(THREADS.c.status == bindparam("status"))
    return query.order_by(THREADS.c.last_activity_at.desc(), THREADS.c.id.desc())


_FILTERS = [(by_sphere, by_status) for by_sphere in (False, True) for by_status in (False, True)]
_FIRST_PAGE = {f: _listed(_COLUMNS, *f).limit(bindparam("limit")) for f in _FILTERS}
_IDS = {f: _listed([THREADS.c.id], *f) for f in _FILTERS}
_ROWS_BY_ID = select(*_COLUMNS).where(THREADS.c.id.in_(bindparam("ids", expanding=True)))


_ID = _NAMES.index("id")


@dataclass(frozen=True)
class ListedPage:
    """A page as the JSON of `list[ThreadOut]` and the cursor of the next one (None on the last)."""

    body: bytes
    next_cursor: str | None

    def response(self) -> Response:
        headers = {NEXT_CURSOR_HEADER: self.next_cursor} if self.next_cursor else None
        return Response(self.body, media_type="application/json", headers=headers)


def thread_list_response(
    fetch: Fetch, plugins: PluginHost, workspace_id: str, sphere_id: str | None, status: str | None, page: PageRequest
) -> Response:
    """The page, with the next-page header when more follow. An unknown sphere
    raises the domain's ValidationError (a 422), as `Threads.list` does."""
    if sphere_id is not None:
        check_sphere(plugins, sphere_id)
    return listed_page(fetch, workspace_id, sphere_id, status, page).response()


def listed_page(fetch: Fetch, workspace_id: str, sphere_id: str | None, status: str | None, page: PageRequest) -> ListedPage:
    """The page (the sphere already checked).

    `fetch` runs the statements: on an engine's connection (`loop_reads.fetch_on`),
    or, for a first page, on a plain `loop_reads` one (the rows are the same
    tuples either way: every column is selected as stored)."""
    filters = (sphere_id is not None, status is not None)
    headers = Response()  # collects the next-page header `paginate` sets
    params = {"workspace_id": workspace_id, "sphere_id": sphere_id, "status": status}
    if page.cursor is None:
        rows = fetch(_FIRST_PAGE[filters], {**params, "limit": page.limit + 1})
        chosen = paginate(rows, page, headers, PAGE_KIND, key=lambda row: row[_ID])
    else:
        ids = [row[0] for row in fetch(_IDS[filters], params)]
        wanted = paginate(ids, page, headers, PAGE_KIND, key=str)
        found = {row[_ID]: row for row in fetch(_ROWS_BY_ID, {"ids": wanted})} if wanted else {}
        chosen = [found[i] for i in wanted if i in found]
    body = _ANSWER.dump_json(_ANSWER.validate_python([dict(zip(_NAMES, row)) for row in chosen]))
    return ListedPage(body, headers.headers.get(NEXT_CURSOR_HEADER))
