"""Threads: list, start, read, edit, soft-delete (and restore), and the event log.

Every write runs the desktop's use case on the server's store, so it is
captured as a change of the server node and desktops pull it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status
from sqlalchemy import Connection

from chenu_desktop.domain.errors import NotFoundError
from chenu_desktop.services.commands.threads import AddNote

from ..deps import Claims, ReadAccess, WorkspaceQuery, WriteAccess, access_in, read_on_database, services_for
from ..loop_reads import fetch_on
from ..pagination import (
    BODY_WRITE_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    PageParams,
    id_path,
    list_responses,
    paginate,
    sphere_query,
    unprocessable,
)
from ..schemas.threads import (
    EventOut,
    NoteCreate,
    ThreadCreate,
    ThreadDetailOut,
    ThreadOut,
    ThreadPatch,
    ThreadStatus,
)
from ..thread_list import thread_list_response
from . import point_to

router = APIRouter(prefix="/threads", tags=["threads"])

ThreadId = Annotated[str, id_path("thread")]
THREAD_LINKS = {
    name: {"operationId": name, "parameters": {"path.thread_id": "$response.body#/id"}}
    for name in ("readThread", "editThread", "deleteThread", "listThreadEvents", "addThreadNote")
}


@router.get("", operation_id="listThreads", response_model=list[ThreadOut], responses=list_responses(401, 404, 422))
async def list_threads(
    request: Request,
    claims: Claims,
    page: PageParams,
    workspace_id: WorkspaceQuery = None,
    sphere_id: Annotated[str | None, sphere_query("only threads of this sphere")] = None,
    status_: Annotated[ThreadStatus | None, Query(alias="status", description="only threads with this status")] = None,
) -> Response:
    """The workspace's threads (deleted ones left out), most recently active first."""
    # A first page with plain parameters is answered before this, by the same
    # checks and the same bytes without the dependency solver: thread_list_route.

    def read(conn: Connection) -> Response:  # the access check, as ReadAccess does it, and the page on one connection
        access = access_in(conn, claims, workspace_id)
        return thread_list_response(fetch_on(conn), request.app.state.plugins, access.workspace_id, sphere_id, status_, page)

    return await read_on_database(request, read)


@router.post(
    "",
    operation_id="createThread",
    status_code=status.HTTP_201_CREATED,
    response_model=ThreadOut,
    responses={201: {"links": THREAD_LINKS}, **BODY_WRITE_ERRORS},
)
def create_thread(request: Request, response: Response, access: WriteAccess, body: ThreadCreate) -> ThreadOut:
    """Start a thread. Its founding intent never changes afterwards."""
    threads = services_for(request, access).threads
    try:
        thread = threads.add(body.sphere_id, body.title, body.founding_intent, body.tags, body.parent_thread_id)
    except NotFoundError as error:  # the parent named in the body: an invalid field, not a missing URL
        raise unprocessable("parent_thread_id", str(error)) from None
    point_to(response, request, thread.id)
    return ThreadOut.model_validate(thread.to_dict())


@router.get("/{thread_id}", operation_id="readThread", response_model=ThreadDetailOut, responses=READ_ERRORS)
def read_thread(request: Request, access: ReadAccess, thread_id: ThreadId) -> ThreadDetailOut:
    """One thread with its maturity (its events: GET /threads/{id}/events)."""
    threads = services_for(request, access).threads
    threads.get(thread_id, include_deleted=False)
    detail = threads.show(thread_id)
    return ThreadDetailOut.model_validate(
        {
            **detail.thread.to_dict(),
            "event_count": len(detail.events),
            "maturity_score": detail.maturity_score,
            "maturity": detail.maturity,
        }
    )


@router.patch("/{thread_id}", operation_id="editThread", response_model=ThreadOut, responses=BODY_WRITE_ERRORS)
def edit_thread(request: Request, access: WriteAccess, thread_id: ThreadId, body: ThreadPatch) -> ThreadOut:
    """Change the title, status or tags (a status of `archived` archives it).
    Sending `founding_intent` is refused with 422: it never changes."""
    thread = services_for(request, access).threads.edit(thread_id, title=body.title, status=body.status, tags=body.tags)
    return ThreadOut.model_validate(thread.to_dict())


@router.delete(
    "/{thread_id}",
    operation_id="deleteThread",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=WRITE_ERRORS,
)
def delete_thread(request: Request, access: WriteAccess, thread_id: ThreadId) -> Response:
    """Soft delete: the thread disappears from lists and reads, and stays
    restorable for 30 days (POST /threads/{id}/restore). Audited."""
    services_for(request, access).threads.delete(thread_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{thread_id}/restore", operation_id="restoreThread", response_model=ThreadOut, responses=WRITE_ERRORS)
def restore_thread(request: Request, access: WriteAccess, thread_id: ThreadId) -> ThreadOut:
    """Undo a delete made within the last 30 days (422 when the thread is not deleted)."""
    thread = services_for(request, access).threads.restore(thread_id)
    return ThreadOut.model_validate(thread.to_dict())


@router.get(
    "/{thread_id}/events", operation_id="listThreadEvents", response_model=list[EventOut], responses=list_responses(401, 404, 422)
)
def list_events(
    request: Request, response: Response, access: ReadAccess, page: PageParams, thread_id: ThreadId
) -> list[EventOut]:
    """The thread's append-only event log, oldest first."""
    threads = services_for(request, access).threads
    threads.get(thread_id, include_deleted=False)
    events = threads.show(thread_id).events
    return [EventOut.model_validate(e.to_dict()) for e in paginate(events, page, response, f"events:{thread_id}")]


@router.post(
    "/{thread_id}/events",
    operation_id="addThreadNote",
    status_code=status.HTTP_201_CREATED,
    response_model=EventOut,
    responses=BODY_WRITE_ERRORS,
)
def add_note(request: Request, access: WriteAccess, thread_id: ThreadId, body: NoteCreate) -> EventOut:
    """Add a note to the thread's log (a `note.added` event)."""
    threads = services_for(request, access).threads
    result = threads.governance.perform(AddNote(thread_id, body.text))
    event = next(e for e in threads.show(thread_id).events if e.id == result["event_id"])
    return EventOut.model_validate(event.to_dict())
