"""`GET /api/v1/threads` on its hot path, without FastAPI's dependency solver.

The route a device and the web client call most. Declared (and documented
in OpenAPI) as `routers.threads.list_threads`; this plain Starlette route in
front of it answers the common request itself, at a fraction of the cost: a
bearer token, a first page, query parameters that are plainly valid. It
solves no dependency and validates no parameter through pydantic, and on
SQLite it reads on the event loop through `loop_reads` (no pool, no
SQLAlchemy connection). An unchanged workspace's page is answered from
`page_cache`; on PostgreSQL the access check that finds it is one round
trip on the event loop (`pg_loop_reads`), and only a page to read again
takes the thread pool. It does not match any other request, so routing
takes that to the declared route unchanged, and its answers stay the
reference: a later page (`cursor`), a missing or malformed `Authorization`
header, a parameter that is unknown, repeated, empty or out of range,
another method.

What it answers itself it answers exactly as the declared route would: the
caller's token and session are checked, then their membership (401 / 404,
`deps.readable_workspace`, on every request), then the sphere (422), and the
page is the same bytes (`thread_list.listed_page`).
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, get_args
from urllib.parse import parse_qsl

from starlette.routing import Match, Route
from starlette.types import Receive, Scope, Send

from chenu_desktop.services.commands.threads import check_sphere

from .deps import UNAUTHORIZED, Readable, bearer_token, read_fetching, readable_workspace, readable_workspace_on_loop
from .loop_reads import Fetch, LoopReadFailed
from .page_cache import Remembered
from .pagination import ID_MAX_LENGTH, LIMIT_DEFAULT, LIMIT_MAX, SPHERE_ID_PATTERN, PageRequest
from .schemas.threads import ThreadStatus
from .security import InvalidToken
from .thread_list import listed_page

_STATUSES = frozenset(get_args(ThreadStatus))
_SPHERE_ID = re.compile(SPHERE_ID_PATTERN.removeprefix("^").removesuffix("$"))
_NAMES = frozenset({"limit", "workspace_id", "sphere_id", "status"})


@dataclass(frozen=True)
class FirstPage:
    """A plainly valid first-page request."""

    token: str
    limit: int = LIMIT_DEFAULT
    workspace_id: str | None = None
    sphere_id: str | None = None
    status: str | None = None


def first_page_asked(scope: Scope) -> FirstPage | None:
    """The request, when it is one this route answers itself; None hands it to the declared route.

    Read as FastAPI reads them: the first `Authorization` header, split at its
    first space, the scheme in any case, the credentials stripped; the query
    string decoded as Starlette decodes it. Only values FastAPI would accept
    as they are pass (anything else there is a 422 or a 401 of its making).
    """
    if scope["method"] != "GET":
        return None
    token = bearer_token(scope["headers"])
    if not token:
        return None
    asked: dict[str, Any] = {}
    for name, value in parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True):
        if name not in _NAMES or name in asked or not _plainly_valid(name, value):
            return None
        asked[name] = int(value) if name == "limit" else value
    return FirstPage(token, **asked)


def _plainly_valid(name: str, value: str) -> bool:
    if name == "limit":
        return value.isascii() and value.isdigit() and 1 <= int(value) <= LIMIT_MAX
    if name == "workspace_id":
        return 0 < len(value) <= ID_MAX_LENGTH and "\x00" not in value
    if name == "sphere_id":
        return _SPHERE_ID.fullmatch(value) is not None
    return value in _STATUSES  # status


_ASKED = "chenu.first_page"
"""Where the route's match leaves the parsed request in the scope."""


class FirstPageRoute(Route):
    """Matches only the requests it answers (`first_page_asked`); for any
    other, it does not match at all, and routing goes on to the declared route."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        match, child_scope = super().matches(scope)
        if match is Match.FULL:
            asked = first_page_asked(scope)
            if asked is not None:
                return Match.FULL, {**child_scope, _ASKED: asked}
        return Match.NONE, {}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        await answer_first_page(scope, receive, send)  # as an ASGI app: no Request object to build


async def answer_first_page(scope: Scope, receive: Receive, send: Send) -> None:
    """The checks and the page of the declared route, for the request `FirstPageRoute` matched."""
    asked: FirstPage = scope[_ASKED]
    state = scope["app"].state
    try:
        claims = state.access_tokens.claims(asked.token)
    except InvalidToken:
        raise UNAUTHORIZED from None

    def remembered(readable: Readable) -> tuple[Hashable, Remembered | None]:
        """The page's key, and the page if remembered at this version (the sphere checked first)."""
        if asked.sphere_id is not None:
            check_sphere(state.plugins, asked.sphere_id)
        key = (readable.workspace_id, asked.sphere_id, asked.status, asked.limit)
        return key, state.page_cache.get(key, readable.version) if readable.version is not None else None

    def read(fetch: Fetch) -> Remembered:
        readable = readable_workspace(fetch, claims, asked.workspace_id)
        key, known = remembered(readable)
        if known is not None:
            return known
        page = listed_page(fetch, readable.workspace_id, asked.sphere_id, asked.status, PageRequest(asked.limit, None))
        answer = page.response()
        fresh = Remembered(readable.version or 0, answer.body, answer.raw_headers)
        if readable.version is not None:
            state.page_cache.put(key, fresh)
        return fresh

    answer = None
    if state.pg_loop_reads is not None:  # PostgreSQL: try the remembered page first, in one round trip
        try:
            _, answer = remembered(await readable_workspace_on_loop(state.pg_loop_reads.fetch, claims, asked.workspace_id))
        except LoopReadFailed:
            pass
    if answer is None:
        answer = await read_fetching(state, read)
    await send({"type": "http.response.start", "status": 200, "headers": list(answer.headers)})  # middleware may add to it
    await send({"type": "http.response.body", "body": answer.body})


def thread_list_fast_path(path: str) -> Route:
    """The route to put first in the app's routes, in front of the declared `GET path`."""
    return FirstPageRoute(path, answer_first_page, methods=["GET"], include_in_schema=False)
