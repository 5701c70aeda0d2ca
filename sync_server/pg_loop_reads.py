"""One-statement reads of a PostgreSQL server database on the event loop (psycopg's async connection).

On PostgreSQL a read through the engine costs a hop to the thread pool and
back plus three round trips (the pool's pre-ping, the statement, the
rollback that returns the connection), each a wait on another process: on a
busy machine several milliseconds for a `GET /threads` whose answer is
remembered (`page_cache`) and needs only the caller's access and the
workspace's version. `PostgresLoopReads` runs such a statement in one round
trip, prepared, on an autocommit connection of the running event loop;
concurrent requests of the loop spread over a few such connections (each
taking turns under psycopg's own lock), never blocking the loop.

Any failure (the database gone, cut or refusing) drops the connection and
raises `LoopReadFailed`: the caller then reads through the engine, which
answers a storage fault with its 503; the next read connects again.
"""

from __future__ import annotations

import asyncio
import weakref
from dataclasses import dataclass, field
from collections.abc import Mapping
from typing import Any

import psycopg
from sqlalchemy import Engine
from sqlalchemy.sql import ClauseElement

from .loop_reads import CompiledStatements, LoopReadFailed

Connection = psycopg.AsyncConnection[Any]

CONNECT_TIMEOUT_SECONDS = 5
CONNECTIONS_PER_LOOP = 4
"""Concurrent reads of one loop spread over this many connections: their round trips overlap."""


@dataclass
class _LoopConnections:
    """One loop's connections (None: not made yet, or dropped) and the reads under way on each."""

    connections: list[Connection | None] = field(default_factory=lambda: [None] * CONNECTIONS_PER_LOOP)
    busy: list[int] = field(default_factory=lambda: [0] * CONNECTIONS_PER_LOOP)

    def least_busy(self) -> int:
        """The first of the least busy: one reader at a time always gets the first (its backend stays warm)."""
        return self.busy.index(min(self.busy))


class PostgresLoopReads:
    """Connections per event loop (a test client may run several loops), each made on first use."""

    def __init__(self, engine: Engine) -> None:
        self._conninfo = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._statements = CompiledStatements(engine.dialect)
        self._loops: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopConnections] = weakref.WeakKeyDictionary()

    async def fetch(self, statement: ClauseElement, params: Mapping[str, Any]) -> list[Any]:
        """The rows of one statement; LoopReadFailed when the database failed it."""
        sql, defaults = self._statements.compiled(statement)
        loop = self._loops.setdefault(asyncio.get_running_loop(), _LoopConnections())
        turn = loop.least_busy()
        loop.busy[turn] += 1
        try:
            connection = loop.connections[turn] or await self._connect(loop, turn)
            cursor = await connection.execute(sql, {**defaults, **params}, prepare=True)  # type: ignore[arg-type]
            return await cursor.fetchall()
        except (psycopg.Error, OSError) as error:
            await _close(loop, turn)
            raise LoopReadFailed(str(error)) from error
        finally:
            loop.busy[turn] -= 1

    async def close(self) -> None:
        """Close the running loop's connections."""
        loop = self._loops.pop(asyncio.get_running_loop(), None)
        for turn in range(CONNECTIONS_PER_LOOP if loop is not None else 0):
            await _close(loop, turn)  # type: ignore[arg-type]

    async def _connect(self, loop: _LoopConnections, turn: int) -> Connection:
        connection = await psycopg.AsyncConnection.connect(
            self._conninfo, autocommit=True, connect_timeout=CONNECT_TIMEOUT_SECONDS
        )
        made = loop.connections[turn]
        if made is not None:  # another read of this loop connected it meanwhile
            await connection.close()
            return made
        loop.connections[turn] = connection
        return connection


async def _close(loop: _LoopConnections, turn: int) -> None:
    connection, loop.connections[turn] = loop.connections[turn], None
    if connection is not None:
        try:
            await connection.close()
        except (psycopg.Error, OSError):
            pass  # already broken: nothing more to release
