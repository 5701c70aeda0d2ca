"""PostgreSQL `LISTEN` for the event streams: what any server process commits
reaches this process's broker.

One connection per server process listens on `change_feed.CHANNEL` (pushes
`NOTIFY` it in their own transaction) and publishes every notification to
the broker. While that connection is down nothing can be heard, so the
broker is unavailable: open streams end (their devices reconnect with
backoff and pull, catching up on what went unheard) and new ones get a 503,
until the connection is back.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import psycopg
from sqlalchemy import Engine

from . import change_feed
from .events import ChangeBroker

RETRY_FIRST_S = 0.5
RETRY_MAX_S = 30.0
log = logging.getLogger("chenu.server.events")


class ChangeListener:
    """Runs `listen()` as a task from the app's lifespan; `stop()` ends it."""

    def __init__(self, engine: Engine, broker: ChangeBroker) -> None:
        self._connect_args = _connect_args(engine)
        self._broker = broker
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._broker.set_available(False)  # until LISTEN holds
        self._task = asyncio.get_running_loop().create_task(self._run(), name="chenu change listener")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None

    async def _run(self) -> None:
        delay = RETRY_FIRST_S
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(**self._connect_args, autocommit=True) as conn:
                    await conn.execute(f"LISTEN {change_feed.CHANNEL}")  # a constant of ours, not input
                    self._broker.set_available(True)
                    delay = RETRY_FIRST_S
                    async for notice in conn.notifies():
                        decoded = change_feed.decode(notice.payload)
                        if decoded is not None:
                            self._broker.publish({decoded[0]: decoded[1]})
            except psycopg.Error as error:
                log.warning("change listener lost its database connection (%s); retrying in %.1fs", type(error).__name__, delay)
            finally:
                self._broker.set_available(False)
            await asyncio.sleep(delay)
            delay = min(delay * 2, RETRY_MAX_S)


def _connect_args(engine: Engine) -> dict[str, Any]:
    """psycopg's connection arguments for the engine's database (its URL, password included)."""
    _, kwargs = engine.dialect.create_connect_args(engine.url)
    kwargs.pop("context", None)  # SQLAlchemy's type adapters: not for this connection
    return kwargs
