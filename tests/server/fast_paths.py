"""For tests of a hot path that bypasses FastAPI's solver (the thread list,
push and pull): the same server without it, to compare answers byte for byte."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from fastapi.testclient import TestClient
from starlette.routing import BaseRoute

from sync_server.main import create_app
from sync_server.settings import Settings


@contextmanager
def declared_routes_only(settings: Settings, *fast_paths: type[BaseRoute]) -> Iterator[TestClient]:
    """The same server on the same database without the `fast_paths` routes: the declared routes answer everything."""
    reference = create_app(settings)
    reference.router.routes[:] = [route for route in reference.router.routes if not isinstance(route, fast_paths)]
    try:
        with TestClient(reference) as client:
            yield client
    finally:
        reference.state.store.close()


def seen(response: httpx.Response, headers: tuple[str, ...]) -> tuple[int, bytes, dict[str, str | None]]:
    """What a client sees of an answer: status, body and the `headers` compared."""
    return response.status_code, response.content, {name: response.headers.get(name) for name in headers}
