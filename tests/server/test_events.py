"""GET /events (server-sent events), on SQLite and PostgreSQL, served by a real
uvicorn on 127.0.0.1: a push reaches the streams of the workspace's members
and nobody else's, sessions and limits are enforced, and with two server
processes on one PostgreSQL a push to one reaches a stream on the other."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from chenu_desktop.domain.hlc import HybridLogicalClock
from chenu_desktop.domain.ids import uuid7
from sync_server.accounts import create_user
from sync_server.database import ServerStore, make_engine
from sync_server.main import create_app
from sync_server.settings import Settings
from tests.server.helpers import access_token, add_membership
from tests.server.test_sync_api import (
    SYNC,
    bearer,
    headers_for,
    push_body,
    thread_creation,
)
from tests.support.postgres import create_database
from tests.support.server_process import (
    SECRET,
    Server,
    free_port,
    migrate_database,
    start_server,
    stop,
    wait_until_ready,
)
from tests.support.sse import EventReader

API = "/api/v1"
PASSWORD = "correct horse battery"
HEARTBEAT_S = 0.3


@pytest.fixture
def app(settings: Settings) -> Iterator[FastAPI]:
    """The server with quick heartbeats (so a revoked session's stream ends
    quickly) and room for two streams per account."""
    quick = settings.model_copy(update={"events_heartbeat_seconds": HEARTBEAT_S, "events_streams_per_user": 2})
    application = create_app(quick)
    yield application
    application.state.engine.dispose()


@pytest.fixture
def served(app: FastAPI) -> Iterator[str]:
    """`app` served by uvicorn on a free loopback port, in a thread; its URL."""
    config = uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning", timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True, name="uvicorn")
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    url = f"http://127.0.0.1:{config.port}"
    _wait_for_events(url, headers_for(app, create_user(app.state.store, f"probe-{uuid7()}@example.com", PASSWORD)))
    yield url
    server.should_exit = True
    thread.join(15)


def _wait_for_events(url: str, headers: dict[str, str]) -> None:
    """Until the stream opens (on PostgreSQL the listener connects first: 503 until then)."""
    deadline = time.monotonic() + 15
    while True:
        reader = EventReader(url, headers)
        reader.close()
        if reader.status == 200:
            return
        assert reader.status == 503 and time.monotonic() < deadline, (reader.status, reader.body)
        time.sleep(0.1)


@pytest.fixture
def readers() -> Iterator[list[EventReader]]:
    opened: list[EventReader] = []
    yield opened
    for reader in opened:
        reader.close()


def listen(readers: list[EventReader], url: str, headers: dict[str, str]) -> EventReader:
    reader = EventReader(url, headers)
    readers.append(reader)
    assert reader.status == 200, (reader.status, reader.body)
    return reader


def push_thread(client_url: str, headers: dict[str, str], workspace_id: str) -> int:
    """Push one new thread into `workspace_id`; its number in the workspace's log."""
    clock = HybridLogicalClock(uuid7().replace("-", "")[:16])
    body = push_body([thread_creation(clock, workspace_id, title="Live")], clock.node)
    response = httpx.post(f"{client_url}{SYNC}/push", json=body, headers=headers, timeout=30)
    assert response.status_code == 200, response.text
    assert response.json()["accepted"] == 1, response.text
    return response.json()["results"][0]["seq"]


def test_a_push_reaches_every_member_s_stream_and_nobody_else_s(app: FastAPI, served: str, readers: list[EventReader]) -> None:
    store = app.state.store
    ana, bob, carol, dave = (create_user(store, f"{name}@example.com", PASSWORD) for name in ("ana", "bob", "carol", "dave"))
    ana_headers = headers_for(app, ana)
    made = httpx.post(f"{served}{API}/workspaces", json={"name": "Movers"}, headers=ana_headers, timeout=30)
    assert made.status_code == 201, made.text
    team = made.json()["id"]
    add_membership(app, team, bob, "viewer")
    invited = httpx.post(
        f"{served}{API}/workspaces/{team}/members",
        json={"email": dave.email, "role": "member"},
        headers=ana_headers,
        timeout=30,
    )
    assert invited.status_code in (200, 201), invited.text  # dave is invited, and has not accepted

    streams = {person.email: listen(readers, served, headers_for(app, person)) for person in (ana, bob, carol, dave)}
    seq = push_thread(served, ana_headers, team)

    expected = {"workspace_id": team, "cursor": seq}
    assert streams["bob@example.com"].changed() == expected  # a viewer hears of it too
    assert streams["ana@example.com"].changed() == expected  # and so does the pusher's other devices
    # Carol (no member) and Dave (invited only) hear of their own workspace
    # first: nothing of Ana's came before it, and events keep their order.
    for person in (carol, dave):
        own = push_thread(served, headers_for(app, person), person.personal_workspace_id)
        assert streams[person.email].changed() == {"workspace_id": person.personal_workspace_id, "cursor": own}


def test_a_change_made_through_the_rest_api_is_announced_too(app: FastAPI, served: str, readers: list[EventReader]) -> None:
    ana = create_user(app.state.store, "ana@example.com", PASSWORD)
    headers = headers_for(app, ana)
    stream = listen(readers, served, headers)
    made = httpx.post(
        f"{served}{API}/threads",
        json={"title": "Made on the web", "founding_intent": "Test", "sphere_id": "personal"},
        headers=headers,
        timeout=30,
    )
    assert made.status_code == 201, made.text
    event = stream.changed()
    assert event["workspace_id"] == ana.personal_workspace_id and event["cursor"] > 0


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic YWxhZGRpbjpvcGVu"}])
def test_a_stream_needs_a_signed_in_caller(served: str, headers: dict[str, str]) -> None:
    response = httpx.get(f"{served}{API}/events", headers=headers, timeout=10)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_logging_out_ends_the_stream(app: FastAPI, served: str, readers: list[EventReader]) -> None:
    create_user(app.state.store, "ana@example.com", PASSWORD)
    login = httpx.post(f"{served}{API}/auth/login", json={"email": "ana@example.com", "password": PASSWORD}, timeout=30)
    assert login.status_code == 200, login.text
    tokens = login.json()
    stream = listen(readers, served, bearer(tokens["access_token"]))
    time.sleep(3 * HEARTBEAT_S)
    assert not stream.ended.is_set(), "the stream of a live session ended"

    out = httpx.post(f"{served}{API}/auth/logout", json={"refresh_token": tokens["refresh_token"]}, timeout=30)
    assert out.status_code in (200, 204), out.text
    assert stream.ended.wait(5 * HEARTBEAT_S + 2), "the stream outlived its session"
    again = httpx.get(f"{served}{API}/events", headers=bearer(tokens["access_token"]), timeout=10)
    assert again.status_code == 401


def test_an_account_may_hold_only_so_many_streams(app: FastAPI, served: str, readers: list[EventReader]) -> None:
    ana = create_user(app.state.store, "ana@example.com", PASSWORD)
    headers = headers_for(app, ana)
    first, _ = listen(readers, served, headers), listen(readers, served, headers)
    refused = httpx.get(f"{served}{API}/events", headers=headers, timeout=10)
    assert refused.status_code == 429
    assert "at most 2" in refused.json()["detail"]
    assert int(refused.headers["Retry-After"]) > 0

    first.close()  # a closed stream frees its place
    deadline = time.monotonic() + 5
    while (reader := EventReader(served, headers)).status != 200:
        reader.close()
        assert time.monotonic() < deadline, "a closed stream kept its place"
        time.sleep(0.05)
    readers.append(reader)


# ---------------------------------------------------------------- several processes


@pytest.fixture
def two_servers(postgres_template: str, tmp_path: Path) -> Iterator[tuple[Server, Server, str]]:
    url = create_database(postgres_template, f"events_{uuid7().replace('-', '')[-12:]}")
    migrate_database(url, tmp_path / "admin")
    first, second = start_server(url, tmp_path / "one"), start_server(url, tmp_path / "two")
    try:
        wait_until_ready(first)
        wait_until_ready(second)
        yield first, second, url
    finally:
        stop(first)
        stop(second)


@pytest.mark.slow
def test_a_push_to_one_server_process_reaches_a_stream_on_another(two_servers: tuple[Server, Server, str], readers: list[EventReader]) -> None:
    one, two, database_url = two_servers
    engine = make_engine(database_url)
    try:
        ana = create_user(ServerStore.connect(engine), "ana@example.com", PASSWORD)
        headers = bearer(access_token(engine, ana.id, SECRET, timedelta(minutes=15)))
    finally:
        engine.dispose()
    _wait_for_events(two.url, headers)
    stream = listen(readers, two.url, headers)

    seq = push_thread(one.url, headers, ana.personal_workspace_id)
    assert stream.changed() == {"workspace_id": ana.personal_workspace_id, "cursor": seq}
    try:
        stream.next(timeout=0.5)
    except queue.Empty:
        pass
    else:
        pytest.fail("one push was announced twice")
