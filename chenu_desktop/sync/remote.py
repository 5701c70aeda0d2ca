"""The sync server as this device sees it: HTTP calls, sessions, retries, clock.

One `Remote` per server. It keeps the session fresh (refreshing the access
token before it expires, and once more on a 401), retries network failures
with exponential backoff (every call it makes is safe to repeat: pushes are
idempotent, pulls are reads, a refresh may be presented again for a moment),
and estimates the offset of this device's clock from the server's time
(`X-Server-Time`), keeping the sample with the shortest round trip.

Requests travel on one kept-alive connection of its own (`wire.py`), bodies
made and read with msgspec (`protocol.py`); a `transport` given instead
(tests' in-process servers, fault injection), or a proxy set in the
environment, carries them through httpx.
The live event stream uses httpx as before. The new device's snapshot
comes on the own connection too, written into its file as it arrives (never
held whole in memory).
"""

from __future__ import annotations

import functools
import os
import ssl
import time
import urllib.request
from collections.abc import Callable, Sequence
from typing import Any, BinaryIO
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

import httpx

from chenu_desktop.domain.changes import Change

from .credentials import Tokens
from .errors import ServerRefused, ServerUnreachable, SessionExpired
from .protocol import (
    PullPage,
    PushAnswer,
    WireChange,
    decode_answer,
    json_body,
    push_body,
)
from .wire import Wire, WireResponse

API_PREFIX = "/api/v1"
SERVER_TIME_HEADER = "X-Server-Time"
REFRESH_MARGIN_S = 30.0
RETRY_STATUSES = frozenset({502, 503, 504})
DEFAULT_TIMEOUT_S = 15.0
SNAPSHOT_TIMEOUT_S = 300.0
"""A snapshot is built before its first byte is sent: a large one takes a while."""
SNAPSHOT_MEDIA_TYPE = "application/vnd.sqlite3"
DEFAULT_RETRIES = 4
FIRST_BACKOFF_S = 0.2
JSON_HEADERS = {"Content-Type": "application/json"}

Response = httpx.Response | WireResponse


Sleep = Callable[[float], None]
Wall = Callable[[], float]


@functools.cache
def tls_context() -> ssl.SSLContext:
    """httpx's default verifying TLS context (system settings, certifi's roots), made once
    per process: making it reads the whole CA bundle, some 60 ms, and every sync opens a client."""
    return httpx.create_ssl_context()


def normalise_server_url(url: str) -> str:
    """`http://host:port` (no trailing slash, no API prefix); a clear error otherwise."""
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ServerRefused(f"server: {url!r} is not an http(s) URL such as https://sync.example.org")
    path = parts.path.rstrip("/")
    path = path.removesuffix(API_PREFIX)
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


class Remote:
    def __init__(
        self,
        server_url: str,
        tokens: Tokens | None = None,
        on_tokens: Callable[[Tokens], None] | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = DEFAULT_TIMEOUT_S,
        retries: int = DEFAULT_RETRIES,
        sleep: Sleep = time.sleep,
        wall: Wall = time.time,
    ) -> None:
        self.server_url = normalise_server_url(server_url)
        self.tokens = tokens
        self._on_tokens = on_tokens
        self._retries = retries
        self._sleep = sleep
        self._wall = wall
        self._timeout = timeout
        self._transport = transport
        self._httpx: httpx.Client | None = None
        direct = transport is None and not _through_proxy(self.server_url)
        self._wire = Wire(self.server_url + API_PREFIX, timeout, tls_context) if direct else None
        self.clock_offset_ms: float | None = None
        """Server time minus this device's time, from the best sample so far."""
        self._best_round_trip_ms = float("inf")

    def close(self) -> None:
        if self._wire is not None:
            self._wire.close()
        if self._httpx is not None:
            self._httpx.close()

    @property
    def _http(self) -> httpx.Client:
        """The httpx client: for every call when a transport was given or a proxy is set."""
        if self._httpx is None:
            self._httpx = httpx.Client(
                base_url=self.server_url + API_PREFIX, timeout=self._timeout, transport=self._transport, verify=tls_context()
            )
        return self._httpx

    # ------------------------------------------------------------ account

    def login(self, email: str, password: str) -> dict[str, Any]:
        """Sign in; returns the user. A wrong email or password is a clear refusal."""
        response = self._send("POST", "/auth/login", json={"email": email, "password": password})
        if response.status_code == 401:
            raise ServerRefused("login: wrong email or password", 401)
        body = self._ok(response, "login")
        self._keep_tokens(body)
        return body["user"]

    def register(self, email: str, password: str, display_name: str | None = None) -> dict[str, Any]:
        """Open an account (the server may refuse: registration closed, or a weak password)."""
        body: dict[str, Any] = {"email": email, "password": password}
        if display_name:
            body["display_name"] = display_name
        return self._ok(self._send("POST", "/auth/register", json=body), "create account")

    def logout(self) -> None:
        """Revoke this session on the server (forgetting it locally is the caller's part)."""
        if self.tokens is not None:
            self._ok(self._send("POST", "/auth/logout", json={"refresh_token": self.tokens.refresh_token}), "logout")

    def change_password(self, current_password: str, new_password: str) -> None:
        """Change this account's password; the server ends every other session.
        A wrong current password is a refusal with status 403 (never a 401:
        that would read as an expired session)."""
        response = self.call("POST", "/auth/password", json={"current_password": current_password, "new_password": new_password})
        if response.status_code == 403:
            raise ServerRefused("change password: the current password is wrong", 403)
        self._ok(response, "change password")

    def me(self) -> dict[str, Any]:
        return self._ok(self.call("GET", "/auth/me"), "who am I")

    def probe_clock(self) -> None:
        """Ask the server for its time (a cheap call, no session needed)."""
        self._send("GET", "/health")

    def assume_clock_offset(self, offset_ms: float) -> None:
        """Take an offset measured before (by an earlier client) until an answer measures it."""
        if not self.clock_measured:
            self.clock_offset_ms = offset_ms

    @property
    def clock_measured(self) -> bool:
        """Whether an answer of this client measured the offset."""
        return self._best_round_trip_ms != float("inf")

    def local_ms(self) -> float:
        """This device's own time (uncorrected), in ms: what offsets are measured against."""
        return self._wall() * 1000

    # ------------------------------------------------------------ sync

    def workspaces(self) -> list[dict[str, Any]]:
        """Every workspace this user belongs to, with their role in it."""
        return self._every_page("/workspaces", "workspaces")

    def invitations(self) -> list[dict[str, Any]]:
        """The workspace invitations waiting for this user's answer."""
        return self._every_page("/workspaces/invitations", "invitations")

    def _every_page(self, path: str, what: str) -> list[dict[str, Any]]:
        """All the items of a paged listing, following `X-Next-Cursor` to its end."""
        found: list[dict[str, Any]] = []
        params: dict[str, Any] = {"limit": 100}
        while True:
            response = self.call("GET", path, params=params)
            found.extend(self._ok(response, what))
            cursor = response.headers.get("X-Next-Cursor")
            if not cursor:
                return found
            params = {"limit": 100, "cursor": cursor}

    def accept_invitation(self, invitation_id: str) -> dict[str, Any]:
        """Join the invitation's workspace; returns it, with this user's role."""
        return self._ok(self.call("POST", f"/workspaces/invitations/{quote(invitation_id, safe='')}/accept"), "accept")

    def decline_invitation(self, invitation_id: str) -> None:
        self._ok(self.call("POST", f"/workspaces/invitations/{quote(invitation_id, safe='')}/decline"), "decline")

    def members(self, workspace_id: str) -> list[dict[str, Any]]:
        """The workspace's members with their roles (any member may ask)."""
        return self._every_page(f"/workspaces/{quote(workspace_id, safe='')}/members", "members")

    def invite(self, workspace_id: str, email: str, role: str) -> dict[str, Any]:
        """Invite an email with a role (owners only); returns the invitation."""
        path = f"/workspaces/{quote(workspace_id, safe='')}/members"
        return self._ok(self.call("POST", path, json={"email": email, "role": role}), "invite")

    def change_role(self, workspace_id: str, user_id: str, role: str) -> dict[str, Any]:
        """Give a member another role (owners only); returns the member."""
        path = f"/workspaces/{quote(workspace_id, safe='')}/members/{quote(user_id, safe='')}"
        return self._ok(self.call("PATCH", path, json={"role": role}), "change role")

    def remove_member(self, workspace_id: str, user_id: str) -> None:
        """Remove a member (owners only), or leave (your own user id)."""
        path = f"/workspaces/{quote(workspace_id, safe='')}/members/{quote(user_id, safe='')}"
        self._ok(self.call("DELETE", path), "remove member")

    def push(self, node_id: str, changes: Sequence[WireChange | Change], cursor: str | None = None) -> PushAnswer:
        """Push a batch. With the device's pull `cursor`, the answer's
        `next_cursor` (when set) is where the device stands: nothing but this
        push was logged since (a server without it ignores the cursor)."""
        params = {"cursor": cursor} if cursor else None
        response = self.call("POST", "/sync/push", params=params, content=push_body(node_id, changes))
        return decode_answer(PushAnswer, self._ok_content(response, "push"), "push")

    def pull(self, cursor: str | None, limit: int) -> PullPage:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        return decode_answer(PullPage, self._ok_content(self.call("GET", "/sync/pull", params=params), "pull"), "pull")

    def snapshot(self, into: BinaryIO, store_schema: str | None = None) -> bool:
        """Write the current rows of the user's workspaces, as one SQLite file
        (see sync/bootstrap.py), into `into` as they arrive (never held whole
        in memory); a ready store file when the server builds `store_schema`
        (this device's store revision). False from a server that has no
        snapshots, or answers with something else than a SQLite file."""
        params = {"store_schema": store_schema} if store_schema else None
        response = self.call("GET", "/sync/snapshot", params=params, timeout=SNAPSHOT_TIMEOUT_S, into=into)
        if response.status_code == 404:
            return False
        if not response.is_success:  # (a successful answer's body is in `into`, not in the response)
            self._ok_content(response, "snapshot")  # raises, with the server's reason
        return response.headers.get("content-type", "").split(";")[0] == SNAPSHOT_MEDIA_TYPE

    # ------------------------------------------------------------ plumbing

    def call(self, method: str, path: str, **kwargs: Any) -> Response:
        """An authenticated call: refreshes the session when needed, once more on a 401."""
        if self.tokens is None:
            raise SessionExpired("this device has no session")
        if self.tokens.access_expires_at - REFRESH_MARGIN_S <= self._wall():
            self.refresh()
        response = self._send(method, path, headers=self._auth(), **kwargs)
        if response.status_code == 401:
            self.refresh()
            response = self._send(method, path, headers=self._auth(), **kwargs)
            if response.status_code == 401:
                raise SessionExpired()
        return response

    def access_token(self, *, renew: bool = False) -> str:
        """A current access token, for a request made outside this client (the
        live event stream): refreshed when about to expire, or when `renew`
        (the server refused the last one)."""
        if self.tokens is None:
            raise SessionExpired("this device has no session")
        if renew or self.tokens.access_expires_at - REFRESH_MARGIN_S <= self._wall():
            self.refresh()
        return self.tokens.access_token

    def refresh(self) -> None:
        assert self.tokens is not None
        response = self._send("POST", "/auth/refresh", json={"refresh_token": self.tokens.refresh_token})
        if response.status_code in (401, 422):
            raise SessionExpired()
        self._keep_tokens(self._ok(response, "refresh"))

    def _auth(self) -> dict[str, str]:
        assert self.tokens is not None
        return {"Authorization": f"Bearer {self.tokens.access_token}"}

    def _keep_tokens(self, body: dict[str, Any]) -> None:
        self.tokens = Tokens(
            access_token=body["access_token"],
            refresh_token=body["refresh_token"],
            access_expires_at=self._wall() + float(body["expires_in"]),
        )
        if self._on_tokens is not None:
            self._on_tokens(self.tokens)

    def _send(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout: float | None = None,
        client: httpx.Client | None = None,
        into: BinaryIO | None = None,
    ) -> Response:
        """One request, retried with backoff on network failures and 502/503/504:
        on this Remote's own connection, or through httpx (`client`, or when a
        transport was given). `into`: a successful answer's body is written
        there as it comes, not kept (each attempt starts it afresh)."""
        body = json_body(json) if json is not None else content
        if self._wire is not None and client is None:
            target = f"{path}?{urlencode(params)}" if params else path
            wire = self._wire

            def request() -> Response:
                return wire.request(method, target, body=body, headers=headers, timeout=timeout, into=into)
        else:
            http = client or self._http
            sent_headers = {**JSON_HEADERS, **(headers or {})} if body is not None else headers
            extra: dict[str, Any] = {} if timeout is None else {"timeout": timeout}

            def request() -> Response:
                built = http.build_request(method, path, params=params, content=body, headers=sent_headers, **extra)
                if into is None:
                    return http.send(built)
                return _streamed_into(http.send(built, stream=True), into)

        return self._with_retries(request)

    def _with_retries(self, request: Callable[[], Response]) -> Response:
        delay = FIRST_BACKOFF_S
        for attempt in range(self._retries + 1):
            last = attempt == self._retries
            sent_at = self._wall()
            try:
                response = request()
            except httpx.TransportError as error:
                if last:
                    raise ServerUnreachable(f"the server at {self.server_url} is unreachable ({_describe(error)})") from None
            else:
                self._observe_clock(response, sent_at, self._wall())
                if response.status_code not in RETRY_STATUSES or last:
                    return response
            self._sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")

    def _observe_clock(self, response: Response, sent_at: float, received_at: float) -> None:
        stamp = response.headers.get(SERVER_TIME_HEADER)
        if stamp is None:
            return
        try:
            server_ms = float(stamp)
        except ValueError:
            return
        round_trip_ms = (received_at - sent_at) * 1000
        if round_trip_ms <= self._best_round_trip_ms:
            self._best_round_trip_ms = round_trip_ms
            self.clock_offset_ms = server_ms - (sent_at + received_at) * 500

    def _ok(self, response: Response, what: str) -> Any:
        content = self._ok_content(response, what)
        if not content:
            return None
        try:
            return response.json()
        except ValueError:
            raise ServerRefused(f"{what}: the server's answer is not JSON") from None

    @staticmethod
    def _ok_content(response: Response, what: str) -> bytes:
        """The body of a successful answer; a refusal with the server's reason otherwise."""
        if response.is_success:
            return response.content
        raise ServerRefused(f"{what}: the server answered {response.status_code} ({_detail(response)})", response.status_code)


def _streamed_into(response: httpx.Response, into: BinaryIO) -> httpx.Response:
    """A successful answer's body written into `into` (emptied first) as it comes; any other read whole."""
    try:
        if response.is_success:
            into.seek(0)
            into.truncate()
            into.writelines(response.iter_bytes())
        else:
            response.read()
    finally:
        response.close()
    return response


def _through_proxy(url: str) -> bool:
    """Whether the environment sends requests to `url` through a proxy
    (`HTTPS_PROXY` and the like, unless `NO_PROXY` names its host): then httpx
    carries them, as it honours those settings and the own connection does not."""
    parts = urlsplit(url)
    names = (f"{parts.scheme}_proxy", "all_proxy")
    if not any(os.environ.get(name) or os.environ.get(name.upper()) for name in names):
        return False  # the common case, told in microseconds (urllib's full check reads the whole environment)
    proxies = urllib.request.getproxies()
    return (parts.scheme in proxies or "all" in proxies) and not urllib.request.proxy_bypass(parts.hostname or "")


def _detail(response: Response) -> str:
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        detail = None
    if isinstance(detail, list):
        detail = "; ".join(str(item.get("msg", item)) if isinstance(item, dict) else str(item) for item in detail)
    return str(detail or response.reason_phrase or "no detail")[:300]


def _describe(error: httpx.TransportError) -> str:
    if isinstance(error, httpx.TimeoutException):
        return "timed out"
    if isinstance(error, httpx.ConnectError):
        return "connection refused or no route"
    return type(error).__name__
