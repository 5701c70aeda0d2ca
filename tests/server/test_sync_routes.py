"""`POST /sync/push` and `GET /sync/pull` on their hot path (`sync_routes`):
answered without FastAPI's dependency solver, pulls read on the event loop
on SQLite.

What a device must never notice: any answer differing from the declared
routes' (whatever the query, headers and body), or a caller whose session
ended still served. What it may notice: pulls keep answering while writes
hold every pooled database connection.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import delete

from chenu_desktop.domain.changes import ROW_COLUMN, Change
from chenu_desktop.domain.hlc import HybridLogicalClock
from chenu_desktop.domain.ids import uuid7
from sync_server import changelog
from sync_server.models import Membership, User
from sync_server.settings import Settings
from sync_server.sync_params import encode_cursor
from sync_server.sync_routes import PullRoute, PushRoute
from tests.server.fast_paths import declared_routes_only, seen
from tests.server.conftest import make_user
from tests.server.helpers import API, Person, create_team_workspace, sign_up
from tests.server.helpers import fast_hashing  # noqa: F401 - an autouse fixture
from tests.server.test_hostile_push import YEAR_2200_MS, nested, thread_row
from tests.server.test_sync_api import NODE, SYNC, bearer, headers_for, push_body, thread_creation, thread_edit

COMPARED_HEADERS = ("content-type", "content-length", "www-authenticate")


@pytest.fixture
def ana(app: FastAPI) -> User:
    return make_user(app, "ana@example.com")


@pytest.fixture
def declared_only(settings: Settings) -> Iterator[TestClient]:
    with declared_routes_only(settings, PushRoute, PullRoute) as client:
        yield client



def test_every_pull_is_answered_as_the_declared_route_answers_it(
    app: FastAPI, client: TestClient, declared_only: TestClient, ana: User
) -> None:
    headers = headers_for(app, ana)
    clock = HybridLogicalClock(NODE)
    workspace = ana.personal_workspace_id
    for _ in range(3):  # three pushes of 2 changes: pages end inside and between pushes
        pushed = client.post(f"{SYNC}/push", json=push_body([thread_creation(clock, workspace), thread_creation(clock, workspace)]), headers=headers)
        assert pushed.status_code == 200 and pushed.json()["accepted"] == 2, pushed.text
    token = headers["Authorization"].removeprefix("Bearer ")
    odd_headers = [
        {"Authorization": f"bearer {token}"},
        {"Authorization": f"BEARER   {token}  "},
        {"Authorization": f"Basic {token}"},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer "},
        {"Authorization": f"Bearer {token}x"},
        {},
    ]
    middle = encode_cursor({workspace: 3})
    odd_queries = [
        "", "limit=1", "limit=3", "limit=050", "limit=5000", "limit=0", "limit=5001", "limit=", "limit=%2B5", "limit=%205",
        "limit=2.0", "limit=%F0%9F%98%80", "limit=1&limit=2", f"cursor={middle}", f"cursor={middle}&limit=1", "cursor=",
        "cursor=garbage", f"cursor={middle}&cursor=", "cursor=" + "x" * 60_001, "cursor=%ff", "cursor=%C3%A9",
        f"cursor={encode_cursor({'someone-elses': 0})}", "unknown=1", "limit=1&unknown=1",
    ]
    for query in odd_queries:
        for asked in [headers, *odd_headers]:
            expected = seen(declared_only.get(f"{SYNC}/pull?{query}", headers=asked), COMPARED_HEADERS)
            assert seen(client.get(f"{SYNC}/pull?{query}", headers=asked), COMPARED_HEADERS) == expected, (query, asked)
    assert client.head(f"{SYNC}/pull", headers=headers).status_code == declared_only.head(f"{SYNC}/pull", headers=headers).status_code


def test_every_push_is_answered_as_the_declared_route_answers_it(
    app: FastAPI, client: TestClient, declared_only: TestClient, ana: User
) -> None:
    headers = headers_for(app, ana)
    clock = HybridLogicalClock(NODE)
    created = thread_creation(clock, ana.personal_workspace_id)
    body = push_body([created, thread_edit(clock, ana.personal_workspace_id, created.row_id, "title", "Renamed")])
    first = client.post(f"{SYNC}/push", json=body, headers=headers)
    assert first.status_code == 200 and first.json()["accepted"] == 2, first.text
    caught_up = client.get(f"{SYNC}/pull", headers=headers).json()["next_cursor"]
    token = headers["Authorization"].removeprefix("Bearer ")
    asked_headers = [headers, {"Authorization": f"bearer {token}"}, {"Authorization": "Bearer "}, {"Authorization": f"Bearer {token}x"}, {}]
    bodies = [
        json.dumps(body).encode(),  # a replay: every change a duplicate, alike on both routes
        b'{"node_id": "0123456789abcdef", "changes": []}',
        b"not json",
        b'{"node_id": "0123456789abcdef"}',
        json.dumps({"node_id": NODE, "changes": [{"hlc": "x"}]}).encode(),
    ]
    for query in ["", f"?cursor={caught_up}", "?cursor=garbage", "?cursor=", "?other=1"]:
        for asked in asked_headers:
            for sent in bodies:
                request_headers = {**asked, "Content-Type": "application/json"}
                expected = seen(declared_only.post(f"{SYNC}/push{query}", content=sent, headers=request_headers), COMPARED_HEADERS)
                assert seen(client.post(f"{SYNC}/push{query}", content=sent, headers=request_headers), COMPARED_HEADERS) == expected, (query, asked, sent)


def test_an_ended_session_or_a_removed_member_stops_at_once(app: FastAPI, client: TestClient, ana: User) -> None:
    owner = Person(ana, headers_for(app, ana))
    bo = sign_up(app, "bo@example.com")
    team = create_team_workspace(app, owner, member=bo, member_role="viewer")
    login = client.post(f"{API}/auth/login", json={"email": "bo@example.com", "password": "correct horse battery"}).json()
    signed_in = bearer(login["access_token"])
    pulled = client.get(f"{SYNC}/pull", headers=signed_in)
    assert pulled.status_code == 200 and pulled.json()["workspaces"][team] == "viewer"

    with app.state.engine.begin() as conn:  # removed from the team: its role is gone from the next pull
        conn.execute(delete(Membership.__table__).where(Membership.__table__.c.user_id == bo.id, Membership.__table__.c.workspace_id == team))
    assert team not in client.get(f"{SYNC}/pull", headers=signed_in).json()["workspaces"]

    assert client.post(f"{API}/auth/logout", json={"refresh_token": login["refresh_token"]}).status_code == 204
    clock = HybridLogicalClock(NODE)
    refused_pull = client.get(f"{SYNC}/pull", headers=signed_in)
    refused_push = client.post(f"{SYNC}/push", json=push_body([thread_creation(clock, bo.workspace_id)]), headers=signed_in)
    assert (refused_pull.status_code, refused_push.status_code) == (401, 401)
    assert refused_push.headers["WWW-Authenticate"] == "Bearer"


def test_pulls_answer_while_writes_hold_every_pooled_connection(
    app: FastAPI, client: TestClient, ana: User, database_url: str
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL reads go through the pool, in the thread pool: a network round trip must not stall the loop")
    headers = headers_for(app, ana)
    clock = HybridLogicalClock(NODE)
    pushed = client.post(f"{SYNC}/push", json=push_body([thread_creation(clock, ana.personal_workspace_id, title="Still pulled")]), headers=headers)
    assert pushed.status_code == 200, pushed.text
    engine = app.state.engine
    held = [engine.connect() for _ in range(engine.pool.size() + engine.pool._max_overflow)]  # every connection the pool gives
    try:
        response = client.get(f"{SYNC}/pull", headers=headers)
        assert response.status_code == 200
        assert [change["value"]["title"] for change in response.json()["changes"] if change["table"] == "threads"] == ["Still pulled"]
    finally:
        for conn in held:
            conn.close()


def test_changes_sharing_a_stamp_too_far_ahead_are_all_withheld_and_the_next_stamp_arrives(
    app: FastAPI, client: TestClient, ana: User
) -> None:
    """The pull answer decides "too far ahead" once per stamp (a push's changes
    share theirs): every change of that stamp is withheld, whatever comes next."""
    workspace = ana.personal_workspace_id
    future = HybridLogicalClock(NODE, wall=lambda: YEAR_2200_MS)
    stamp = future.now()
    ahead = [Change(stamp, NODE, workspace, "threads", uuid7(), ROW_COLUMN, thread_row(f"Future {i}")) for i in range(2)]
    deep = Change(stamp, NODE, workspace, "threads", ahead[0].row_id, "tags", nested(40))
    now = HybridLogicalClock(NODE)
    today = [thread_creation(now, workspace, title="Today"), thread_creation(now, workspace, title="Today too")]
    with app.state.engine.begin() as conn:  # what an older server let in
        changelog.append(conn, [*ahead, deep, *today], changelog.new_push_id())
        again = thread_creation(future, workspace, title="Future again")
        changelog.append(conn, [again], changelog.new_push_id())
    page = client.get(f"{SYNC}/pull", headers=headers_for(app, ana)).json()
    withheld = [item["row_id"] for item in page["withheld"]]
    assert withheld == [ahead[0].row_id, ahead[1].row_id, ahead[0].row_id, again.row_id]
    assert [change["value"]["title"] for change in page["changes"] if change["table"] == "threads"] == ["Today", "Today too"]
