"""`POST /sync/push` and `GET /sync/pull` on their hot path, without FastAPI's dependency solver.

Every sync of every device is one or two of these requests, most of them
small (one change pushed, one pulled), so what a request costs besides its
work counts: routing through every declared route before the sync ones,
solving the dependencies, validating the query through pydantic. These plain
Starlette routes, placed first in the app's routes, answer the common
request themselves, through the same `sync_exchange` as the declared routes
(`routers/sync.py`, which stay the documented ones):

- a push with a bearer token (its cursor and body are read by
  `sync_exchange` exactly as the declared route reads them);
- a pull with a bearer token whose query is plainly valid: at most one
  `cursor` (ASCII, within the length FastAPI allows) and one `limit`
  (digits, in range), nothing else.

Anything else (no or another `Authorization` scheme, an unknown, repeated or
odd parameter, another method) does not match, and routing takes it to the
declared route unchanged: its 401s and 422s stay FastAPI's.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.routing import Match, Route
from starlette.types import Receive, Scope, Send

from . import sync_exchange
from .deps import UNAUTHORIZED, bearer_token
from .security import AccessClaims, InvalidToken
from .sync_params import CURSOR_MAX_LENGTH, PULL_LIMIT_DEFAULT, PULL_LIMIT_MAX

JSON_TYPE = b"application/json"
_TOKEN = "chenu.sync_token"
"""Where a route's match leaves the caller's bearer token in the scope."""
_PULL_ASKED = "chenu.pull_asked"
"""Where the pull route's match leaves (cursor, limit) in the scope."""


def pull_asked(query_string: bytes) -> tuple[str | None, int] | None:
    """(cursor, limit) of a plainly valid pull query; None hands the request to the declared route.

    Decoded as Starlette decodes it; only values FastAPI takes as they are pass."""
    asked: dict[str, str] = {}
    for name, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if name in asked or not _plainly_valid(name, value):
            return None
        asked[name] = value
    limit = asked.get("limit")
    return asked.get("cursor"), int(limit) if limit is not None else PULL_LIMIT_DEFAULT


def _plainly_valid(name: str, value: str) -> bool:
    if name == "cursor":
        return value.isascii() and len(value) <= CURSOR_MAX_LENGTH
    if name == "limit":
        return value.isascii() and value.isdigit() and 1 <= int(value) <= PULL_LIMIT_MAX
    return False


class _SyncRoute(Route):
    """Matches only a request of its method with a bearer token whose query
    `asked` takes; for any other it does not match at all, and routing goes
    on to the declared route."""

    method = "GET"

    def asked(self, scope: Scope) -> dict[str, object] | None:
        """What the route needs of the query, for the scope (None: not this route's)."""
        return {}

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        match, child_scope = super().matches(scope)
        if match is Match.FULL and scope["method"] == self.method:
            token = bearer_token(scope["headers"])
            if token:
                asked = self.asked(scope)
                if asked is not None:
                    return Match.FULL, {**child_scope, _TOKEN: token, **asked}
        return Match.NONE, {}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.endpoint(scope, receive, send)  # as an ASGI app: no Request object to build


class PullRoute(_SyncRoute):
    def asked(self, scope: Scope) -> dict[str, object] | None:
        asked = pull_asked(scope["query_string"])
        return None if asked is None else {_PULL_ASKED: asked}


class PushRoute(_SyncRoute):
    method = "POST"


def _claims(scope: Scope) -> AccessClaims:
    try:
        return scope["app"].state.access_tokens.claims(scope[_TOKEN])
    except InvalidToken:
        raise UNAUTHORIZED from None


async def _answer_pull(scope: Scope, receive: Receive, send: Send) -> None:
    claims = _claims(scope)
    cursor, limit = scope[_PULL_ASKED]
    await _send_json(send, await sync_exchange.pull(scope["app"].state, claims, cursor, limit))


async def _answer_push(scope: Scope, receive: Receive, send: Send) -> None:
    claims = _claims(scope)
    await _send_json(send, await sync_exchange.push(scope["app"].state, claims, Request(scope, receive)))


async def _send_json(send: Send, body: bytes) -> None:
    """The answer with the headers `Response(body, media_type=JSON)` gives it, in their order."""
    headers = [(b"content-length", str(len(body)).encode()), (b"content-type", JSON_TYPE)]
    await send({"type": "http.response.start", "status": 200, "headers": headers})  # middleware may add to them
    await send({"type": "http.response.body", "body": body})


def sync_fast_paths(prefix: str) -> list[Route]:
    """The routes to put first in the app's routes, in front of the declared `prefix/push` and `prefix/pull`."""
    return [
        PushRoute(f"{prefix}/push", _answer_push, methods=["POST"], include_in_schema=False),
        PullRoute(f"{prefix}/pull", _answer_pull, methods=["GET"], include_in_schema=False),
    ]
