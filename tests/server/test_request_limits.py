"""Bounded requests and storage, as a hostile client tries them: a huge body
is refused (413) before the server reads it, whether its length is declared
or streamed in chunks, with no account needed; and an account cannot fill
the server past its storage quota, by push or by REST. On SQLite and PostgreSQL."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from chenu_desktop.domain.changes import ROW_COLUMN, Change
from chenu_desktop.domain.hlc import HybridLogicalClock
from chenu_desktop.domain.ids import uuid7
from sync_server.main import create_app
from sync_server.models import ChangeLogEntry, User
from sync_server.settings import Settings
from tests.server.conftest import clone_postgres, make_user
from tests.server.helpers import (
    access_token,
    fast_hashing,  # noqa: F401 - an autouse fixture
)
from tests.support.server_process import Server, start_server, stop, wait_until_ready

API = "/api/v1"
MiB = 1 << 20
DEFAULT_LIMIT = 16 * MiB
HUGE = 200 * MiB


# ------------------------------------------------------------------ request bodies (a real server)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A real server with the default limits, on each database."""
    workdir = tmp_path_factory.mktemp(f"limits-{request.param}")
    if request.param == "sqlite":
        url = f"sqlite:///{workdir / 'server.db'}"
    else:
        url = clone_postgres(request.getfixturevalue("postgres_template"))
    live = start_server(url, workdir)
    try:
        wait_until_ready(live)
        yield live
    finally:
        stop(live)


def resident_bytes(server: Server) -> int:
    for line in Path(f"/proc/{server.process.pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def test_a_declared_huge_body_is_refused_before_a_byte_of_it_is_read(server: Server) -> None:
    host, port = server.url.removeprefix("http://").split(":")
    started = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=10) as raw:
        raw.sendall(
            f"POST {API}/auth/register HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {HUGE}\r\n\r\n".encode()
        )
        raw.sendall(b'{"email": "' + b"x" * 65536)  # a start, then nothing: the answer must not wait for the rest
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            chunk = raw.recv(65536)
            if not chunk:
                break
            answer += chunk
    assert time.monotonic() - started < 5
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413"), head
    assert b"connection: close" in head.lower()
    assert b"CHENU_MAX_BODY_BYTES" in body and str(DEFAULT_LIMIT).encode() in body


def test_a_chunked_body_is_cut_off_once_it_passes_the_limit(server: Server) -> None:
    sent = 0

    def endless_json() -> Iterator[bytes]:
        nonlocal sent
        chunk = b" " * MiB
        yield b'{"email": "a@b.co", "password": "'
        while sent < HUGE:
            sent += len(chunk)
            yield chunk

    before = resident_bytes(server)
    started = time.monotonic()
    answer = httpx.post(
        f"{server.url}{API}/auth/login", content=endless_json(), headers={"Content-Type": "application/json"}, timeout=60
    )
    assert answer.status_code == 413
    assert "CHENU_MAX_BODY_BYTES" in answer.json()["detail"]
    assert time.monotonic() - started < 20
    assert sent < 4 * DEFAULT_LIMIT, f"the server read {sent // MiB} MiB before answering"
    assert resident_bytes(server) - before < 3 * DEFAULT_LIMIT
    # and it still serves everyone else
    assert httpx.get(f"{server.url}{API}/health", timeout=10).status_code == 200


def test_a_body_within_the_limit_is_read_and_judged_as_usual(server: Server) -> None:
    big_but_allowed = {"email": "a@b.co", "password": "p" * (2 * MiB)}
    answer = httpx.post(f"{server.url}{API}/auth/login", json=big_but_allowed, timeout=30)
    assert answer.status_code == 422  # read whole, then refused for its content, not its size
    assert "password" in answer.json()["detail"]


def test_the_body_limit_is_a_setting(settings: Settings) -> None:
    assert Settings().max_body_bytes == DEFAULT_LIMIT
    app = create_app(settings.model_copy(update={"max_body_bytes": 1000}))
    try:
        with TestClient(app) as client:
            small = client.post(f"{API}/auth/login", json={"email": "a@b.co", "password": "x" * 500})
            large = client.post(f"{API}/auth/login", json={"email": "a@b.co", "password": "x" * 1000})
        assert small.status_code == 401
        assert large.status_code == 413
    finally:
        app.state.engine.dispose()


# ------------------------------------------------------------------ storage quota


QUOTA = 50_000


@pytest.fixture
def quota_app(settings: Settings) -> Iterator[FastAPI]:
    app = create_app(settings.model_copy(update={"storage_quota_bytes": QUOTA}))
    yield app
    app.state.engine.dispose()


def bearer(app: FastAPI, user: User) -> dict[str, str]:
    token = access_token(app.state.engine, user.id, app.state.settings.signing_secret, timedelta(minutes=5))
    return {"Authorization": f"Bearer {token}"}


def log_size(app: FastAPI) -> int:
    with app.state.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(ChangeLogEntry)).scalar_one()


def bulky_thread(clock: HybridLogicalClock, workspace_id: str, size: int) -> Change:
    row = {"sphere_id": "personal", "title": "Filler", "founding_intent": "x" * size, "status": "active", "tags": [], "deleted": False}
    return Change(clock.now(), clock.node, workspace_id, "threads", uuid7(), ROW_COLUMN, row)


def test_a_push_past_the_quota_is_rejected_change_by_change_and_the_rest_kept(quota_app: FastAPI) -> None:
    hoarder = make_user(quota_app, "hoarder@example.com")
    clock = HybridLogicalClock("00000000000000aa")
    changes = [bulky_thread(clock, hoarder.personal_workspace_id, 20_000) for _ in range(4)]
    body = {"node_id": clock.node, "changes": [c.to_dict() for c in changes]}
    with TestClient(quota_app) as client:
        answer = client.post(f"{API}/sync/push", json=body, headers=bearer(quota_app, hoarder))
        assert answer.status_code == 200, answer.text
        results = answer.json()["results"]
        assert [r["status"] for r in results] == ["accepted", "accepted", "rejected", "rejected"]
        assert {r["code"] for r in results[2:]} == {"quota_exceeded"}
        assert "storage quota" in results[2]["reason"] and str(QUOTA) in results[2]["reason"]
        pulled = client.get(f"{API}/sync/pull", headers=bearer(quota_app, hoarder)).json()
        assert {c["row_id"] for c in pulled["changes"]} >= {c.row_id for c in changes[:2]}
        assert not {c["row_id"] for c in pulled["changes"]} & {c.row_id for c in changes[2:]}
        # a replay of what was logged is still a duplicate, not a refusal
        replay = client.post(f"{API}/sync/push", json={**body, "changes": body["changes"][:2]}, headers=bearer(quota_app, hoarder))
        assert [r["status"] for r in replay.json()["results"]] == ["duplicate", "duplicate"]


def test_a_rest_write_past_the_quota_is_refused_and_writes_nothing(quota_app: FastAPI) -> None:
    hoarder = make_user(quota_app, "hoarder@example.com")
    outsider = make_user(quota_app, "outsider@example.com")
    thread = {"title": "Filler", "founding_intent": "x" * 1_900, "sphere_id": "personal"}
    with TestClient(quota_app) as client:
        statuses = []
        for _ in range(QUOTA // 1_900 + 1):
            before = log_size(quota_app)
            answer = client.post(f"{API}/threads", json=thread, headers=bearer(quota_app, hoarder))
            statuses.append(answer.status_code)
            if answer.status_code != 201:
                break
        assert statuses[0] == 201 and statuses[-1] == 422, statuses
        assert "storage quota exceeded" in answer.json()["detail"]
        assert log_size(quota_app) == before  # the refused write left nothing behind
        assert len(client.get(f"{API}/threads", headers=bearer(quota_app, hoarder)).json()) == len(statuses) - 1
        # the quota is the hoarder's: another account writes on
        assert client.post(f"{API}/threads", json=thread, headers=bearer(quota_app, outsider)).status_code == 201


def test_there_is_no_quota_unless_the_admin_sets_one(client: TestClient, app: FastAPI) -> None:
    assert Settings().storage_quota_bytes is None
    user = make_user(app, "writer@example.com")
    clock = HybridLogicalClock("00000000000000bb")
    changes = [bulky_thread(clock, user.personal_workspace_id, 20_000) for _ in range(4)]
    answer = client.post(
        f"{API}/sync/push", json={"node_id": clock.node, "changes": [c.to_dict() for c in changes]}, headers=bearer(app, user)
    )
    assert answer.json()["accepted"] == 4
