"""The server's time: the `X-Server-Time` header, and the server's own clock.

`X-Server-Time` on every response: the server's clock in milliseconds since
the epoch, taken as the response starts. Clients estimate their clock's
offset from it (half the round trip either side) and correct their stamps.
A plain ASGI middleware: it only adds a header, so it stays off the body path.

`ServerClock`: the hybrid logical clock the server stamps its own writes
with. It never moves past its own time plus the tolerance a push is judged
by, whatever stamps it sees: a change stamped far ahead that reached the log
before pushes were judged (or a row merged from it) cannot drag the stamps of
every later REST write, and through them every member's device, into the future.
"""

from __future__ import annotations

import time
from typing import Any

from chenu_desktop.domain.hlc import HybridLogicalClock, physical_ms

from .judging import CLOCK_SKEW_TOLERANCE_MS

HEADER = b"x-server-time"


class ServerClock(HybridLogicalClock):
    """A clock that ignores stamps further ahead of its wall than the tolerance."""

    def observe(self, remote: str) -> None:
        if physical_ms(remote) - self._wall() > CLOCK_SKEW_TOLERANCE_MS:
            return  # refused at push; only a change logged before that could be here
        super().observe(remote)


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
