"""`GET /events`: a server-sent event stream telling a device its workspaces changed.

Each change committed to one of the caller's workspaces is an event

    event: changed
    data: {"workspace_id": "…", "cursor": 42}

(`cursor`: the workspace's last change number, as in pull cursors); a
device pulls when it hears one. An idle stream gets a comment line (a
heartbeat) every `events_heartbeat_seconds`, and at the same moment the
session is checked again (logged out or revoked: the stream ends) and the
caller's memberships read again (a workspace joined or left counts from
then on). Access tokens are checked when the stream opens; the stream then
lives as long as its session, not as long as the token.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Callable

from fastapi import HTTPException, status
from sqlalchemy import Engine, exists, select
from starlette.concurrency import run_in_threadpool
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from .deps import UNAUTHORIZED, SignedIn, session_alive
from .events import ChangeBroker, EventsUnavailable, Subscription, TooManyStreams
from .judging import roles_of
from .models import User
from .storage_faults import STORAGE_ERRORS

MEDIA_TYPE = "text/event-stream"
RETRY_AFTER_SECONDS = 5
log = logging.getLogger("chenu.server.events")


async def open_stream(engine: Engine, broker: ChangeBroker, caller: SignedIn, heartbeat_s: float) -> StreamingResponse:
    """The caller's stream, or a 429 (too many open) / 503 (changes cannot be heard now)."""
    workspaces = await run_in_threadpool(standing, engine, caller)
    if workspaces is None:
        raise UNAUTHORIZED  # revoked between the token check and here
    try:
        subscription = broker.subscribe(caller.user.id, caller.session_id, workspaces)
    except TooManyStreams:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            detail=f"too many event streams open for this account (at most {broker.streams_per_user}): close one",
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        ) from None
    except EventsUnavailable:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            detail="live changes are unavailable for a moment: pull, and open the stream again later",
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        ) from None
    return EventStreamResponse(
        _events(subscription, lambda: standing(engine, caller), heartbeat_s),
        on_close=lambda: broker.unsubscribe(subscription),
        media_type=MEDIA_TYPE,
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},  # no proxy may hold events back
    )


class EventStreamResponse(StreamingResponse):
    """A streaming response that always lets go of its subscription, however it ends."""

    def __init__(self, content: AsyncIterator[bytes], on_close: Callable[[], None], **kwargs: object) -> None:
        super().__init__(content, **kwargs)  # type: ignore[arg-type]
        self._on_close = on_close

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self._on_close()


def standing(engine: Engine, caller: SignedIn) -> frozenset[str] | None:
    """The caller's workspaces while their session is alive; None once it is not."""
    with engine.connect() as conn:
        alive = conn.execute(select(exists().where(User.id == caller.user.id, session_alive(caller.session_id)))).scalar()
        if not alive:
            return None
        return frozenset(roles_of(conn, caller.user.id))


async def _events(subscription: Subscription, recheck: Callable[[], frozenset[str] | None], heartbeat_s: float) -> AsyncIterator[bytes]:
    loop = asyncio.get_running_loop()
    yield b": live\n\n"  # the stream is open: the device may count on events from now
    next_check = loop.time() + heartbeat_s
    while not subscription.closed:
        try:
            await asyncio.wait_for(subscription.wake.wait(), max(0.0, next_check - loop.time()))
        except TimeoutError:
            pass
        if subscription.closed:
            return
        for workspace_id, seq in subscription.take().items():
            yield _changed(workspace_id, seq)
        if loop.time() >= next_check:
            try:
                workspaces = await run_in_threadpool(recheck)
            except STORAGE_ERRORS as error:
                log.warning("event stream ended: the database cannot be read (%s)", type(error).__name__)
                return  # the device reconnects, with backoff, and polls meanwhile
            if workspaces is None:
                return  # logged out or revoked
            subscription.workspaces = workspaces
            yield b": heartbeat\n\n"
            next_check = loop.time() + heartbeat_s


def _changed(workspace_id: str, seq: int) -> bytes:
    data = json.dumps({"workspace_id": workspace_id, "cursor": seq}, separators=(",", ":"))
    return f"event: changed\ndata: {data}\n\n".encode()
