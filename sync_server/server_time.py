"""`X-Server-Time` on every response: the server's clock in milliseconds since
the epoch, taken as the response starts. Clients estimate their clock's
offset from it (half the round trip either side) and correct their stamps.

A plain ASGI middleware: it only adds a header, so it stays off the body path.
"""

from __future__ import annotations

import time
from typing import Any

HEADER = b"x-server-time"


class ServerTimeMiddleware:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def stamped(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (HEADER, str(time.time_ns() // 1_000_000).encode())]
            await send(message)

        await self.app(scope, receive, stamped)
