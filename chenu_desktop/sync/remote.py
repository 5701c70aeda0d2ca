"""The sync server as this device sees it: HTTP calls, sessions, retries, clock.

One `Remote` per server. It keeps the session fresh (refreshing the access
token before it expires, and once more on a 401), retries network failures
with exponential backoff (every call it makes is safe to repeat: pushes are
idempotent, pulls are reads, a refresh may be presented again for a moment),
and estimates the offset of this device's clock from the server's time
(`X-Server-Time`), keeping the sample with the shortest round trip.
"""

from __future__ import annotations

import functools
import ssl
import time
from collections.abc import Callable
from typing import Any, Literal, NotRequired, TypedDict
from urllib.parse import quote, urlsplit, urlunsplit

import httpx

from .credentials import Tokens
from .errors import ServerRefused, ServerUnreachable, SessionExpired

API_PREFIX = "/api/v1"
SERVER_TIME_HEADER = "X-Server-Time"
REFRESH_MARGIN_S = 30.0
RETRY_STATUSES = frozenset({502, 503, 504})
DEFAULT_TIMEOUT_S = 15.0
SNAPSHOT_TIMEOUT_S = 300.0
"""A snapshot is built before its first byte is sent: a large one takes a while."""
DEFAULT_RETRIES = 4
FIRST_BACKOFF_S = 0.2



class ChangeResult(TypedDict):
    """The server's verdict on the pushed change at `index`."""

    index: int
    status: Literal["accepted", "duplicate", "rejected"]
    seq: int | None
    code: str | None
    reason: str | None


class PushAnswer(TypedDict):
    """`POST /sync/push`'s answer (sync_server/schemas/sync.py: PushResponse)."""

    results: list[ChangeResult]
    accepted: int
    duplicates: int
    rejected: int
    epoch: str
    next_cursor: NotRequired[str | None]
    """Where the device stands when nothing but this push was logged since its cursor (absent from older servers)."""
    workspaces: NotRequired[dict[str, str] | None]
    """With next_cursor: the caller's role in each workspace."""


class PullPage(TypedDict):
    """`GET /sync/pull`'s answer (PullResponse); a change as `Change.to_dict()` plus its `seq`."""

    changes: list[dict[str, Any]]
    next_cursor: str
    more: bool
    epoch: str
    workspaces: NotRequired[dict[str, str]]
    withheld: NotRequired[list[dict[str, Any]]]


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
        self._http = httpx.Client(base_url=self.server_url + API_PREFIX, timeout=timeout, transport=transport, verify=tls_context())
        self.clock_offset_ms: float | None = None
        """Server time minus this device's time, from the best sample so far."""
        self._best_round_trip_ms = float("inf")

    def close(self) -> None:
        self._http.close()

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

    def push(self, node_id: str, changes: list[dict[str, Any]], cursor: str | None = None) -> PushAnswer:
        """Push a batch. With the device's pull `cursor`, the answer's
        `next_cursor` (when set) is where the device stands: nothing but this
        push was logged since (a server without it ignores the cursor)."""
        params = {"cursor": cursor} if cursor else None
        return self._ok(self.call("POST", "/sync/push", params=params, json={"node_id": node_id, "changes": changes}), "push")

    def pull(self, cursor: str | None, limit: int) -> PullPage:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        return self._ok(self.call("GET", "/sync/pull", params=params), "pull")

    def snapshot(self) -> httpx.Response | None:
        """The current rows of the user's workspaces as one file (see
        sync/bootstrap.py); None from a server that has no snapshots."""
        response = self.call("GET", "/sync/snapshot", timeout=SNAPSHOT_TIMEOUT_S)
        if response.status_code == 404:
            return None
        if not response.is_success:
            self._ok(response, "snapshot")  # raises, with the server's reason
        return response

    # ------------------------------------------------------------ plumbing

    def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
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

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """One request, retried with backoff on network failures and 502/503/504."""
        delay = FIRST_BACKOFF_S
        for attempt in range(self._retries + 1):
            last = attempt == self._retries
            sent_at = self._wall()
            try:
                response = self._http.request(method, path, **kwargs)
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

    def _observe_clock(self, response: httpx.Response, sent_at: float, received_at: float) -> None:
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

    def _ok(self, response: httpx.Response, what: str) -> Any:
        if response.is_success:
            return response.json() if response.content else None
        raise ServerRefused(f"{what}: the server answered {response.status_code} ({_detail(response)})", response.status_code)


def _detail(response: httpx.Response) -> str:
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
