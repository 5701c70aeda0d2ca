"""Request bodies above a size limit are refused (413) before they are read whole.

A declared `Content-Length` over the limit is answered at once, without
reading a byte of the body. A body without one (chunked) or lying about its
length is counted as it streams in, and refused the moment it passes the
limit. The answer closes the connection, so the server stops reading the
rest instead of draining it.

The refusal is raised from `receive` as an HTTPException: FastAPI lets those
through its body parsing (other errors there become a 400), so the app's
own handler answers it; if it reaches this middleware instead, it answers.
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CLOSE = {"Connection": "close"}


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(
            413,
            detail=f"the request body is larger than this server accepts ({limit} bytes, CHENU_MAX_BODY_BYTES): "
            "send less at a time",
            headers=CLOSE,
        )


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await _refuse(BodyTooLarge(self.max_bytes), scope, receive, send)
            return

        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except BodyTooLarge as refusal:
            if started:
                raise
            await _refuse(refusal, scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the HTTP server refuses a malformed length itself
    return None


async def _refuse(refusal: BodyTooLarge, scope: Scope, receive: Receive, send: Send) -> None:
    body: dict[str, Any] = {"detail": refusal.detail}
    await JSONResponse(body, status_code=refusal.status_code, headers=refusal.headers)(scope, receive, send)
