"""Live changes: `GET /events`, a server-sent event stream (see event_stream.py)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import StreamingResponse

from ..deps import CurrentSession
from ..event_stream import MEDIA_TYPE, open_stream
from ..pagination import errors

router = APIRouter()


@router.get(
    "/events",
    summary="Hear of changes to your workspaces as they happen",
    response_class=StreamingResponse,
    responses={200: {"content": {MEDIA_TYPE: {}}, "description": "An endless event stream"}, **errors(401, 429, 503)},
)
async def events(request: Request, caller: CurrentSession) -> StreamingResponse:
    """Server-sent events: `event: changed` with `data: {"workspace_id", "cursor"}`
    whenever a change to one of your workspaces commits (pull then), a comment
    line as a heartbeat while idle. It ends when the session ends. At most
    `CHENU_EVENTS_STREAMS_PER_USER` streams per account and server process (429)."""
    app = request.app
    return await open_stream(app.state.engine, app.state.events, caller, app.state.settings.events_heartbeat_seconds)
