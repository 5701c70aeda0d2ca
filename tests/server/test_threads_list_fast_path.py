"""GET /threads answers from Core rows straight to JSON bytes, beside the
shared dependencies that check the caller on the event loop; and access
tokens, once verified, are remembered by their hash.

The list must say exactly what the service-based answer said (the desktop's
`Threads.list` views through `ThreadOut`, as FastAPI encoded them), for
every filter and page, including rows as sync may leave them (no tags, no
deleted flag, a timestamp on a whole second); and remembering a token must
never outlive a logout, a password change, a deleted account or its expiry.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from fastapi import FastAPI, Response
from fastapi.testclient import TestClient
from pydantic import TypeAdapter
from sqlalchemy import delete

from chenu_desktop.domain.ids import uuid7
from sync_server.models import User
from sync_server.pagination import NEXT_CURSOR_HEADER, PageRequest, paginate
from sync_server.schemas.threads import ThreadOut
from sync_server.security import InvalidToken, VerifiedAccessTokens, create_access_token
from tests.server.helpers import API, Person, add_membership, create_team_workspace, server_services, sign_up
from tests.server.helpers import fast_hashing  # noqa: F401 - an autouse fixture
from tests.server.conftest import make_user

THREADS = f"{API}/threads"
AUTH = f"{API}/auth"
SECRET = "a-signing-secret-" + "s" * 40


@pytest.fixture
def ana(app: FastAPI) -> Person:
    return sign_up(app, "ana@example.com")


def service_answer(app: FastAPI, person: Person, params: dict[str, object]) -> tuple[bytes, str | None]:
    """The page as the route answered it before: `Threads.list` views, `ThreadOut`, FastAPI's encoder."""
    page = PageRequest(int(params.get("limit", 50)), params.get("cursor"))  # type: ignore[arg-type]
    headers = Response()
    views = server_services(app, person).threads.list(
        sphere_id=params.get("sphere_id"),  # type: ignore[arg-type]
        status=params.get("status"),  # type: ignore[arg-type]
        page=lambda ids: paginate(ids, page, headers, "threads", key=str),
    )
    answer = TypeAdapter(list[ThreadOut])
    body = answer.dump_json([ThreadOut.model_validate(v, from_attributes=True) for v in views])
    return body, headers.headers.get(NEXT_CURSOR_HEADER)


def a_synced_row(app: FastAPI, person: Person) -> str:
    """A thread as a device's sync may leave it on the server: no tags, no deleted
    flag, no status, timestamps on a whole second."""
    on_the_second = datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
    with app.state.store.write() as tx:
        return tx.writer.insert(
            "threads",
            {
                "workspace_id": person.workspace_id,
                "sphere_id": "personal",
                "title": "Synced «élan» \u2028 \"quoted\"",
                "founding_intent": "Arrived by sync",
                "current_intent": None,
                "status": None,
                "tags": None,
                "deleted": None,
                "created_at": on_the_second,
                "updated_at": on_the_second,
                "last_activity_at": on_the_second + timedelta(days=3650),
            },
        )


def test_every_page_and_filter_says_exactly_what_the_service_answer_said(client: TestClient, app: FastAPI, ana: Person) -> None:
    def add(**fields: object) -> str:
        body = {"title": "A thread", "founding_intent": "For the list", "sphere_id": "personal", **fields}
        response = client.post(THREADS, json=body, headers=ana.headers)
        assert response.status_code == 201, response.text
        return response.json()["id"]

    for i in range(4):
        add(title=f"Personal {i}", tags=[f"t{i}", "shared"])
    add(sphere_id="business", title="At work", tags=[])
    paused = add(title="Paused one")
    assert client.patch(f"{THREADS}/{paused}", json={"status": "paused"}, headers=ana.headers).status_code == 200
    gone = add(title="Deleted one")
    assert client.delete(f"{THREADS}/{gone}", headers=ana.headers).status_code == 204
    a_synced_row(app, ana)

    for params in ({}, {"sphere_id": "business"}, {"status": "paused"}, {"sphere_id": "personal", "status": "active"}, {"limit": 2}):
        params = dict(params)
        pages = 0
        while True:
            response = client.get(THREADS, params=params, headers=ana.headers)
            assert response.status_code == 200, response.text
            expected_body, expected_cursor = service_answer(app, ana, params)
            assert response.content == expected_body, params
            assert response.headers.get(NEXT_CURSOR_HEADER) == expected_cursor
            assert response.headers["content-type"] == "application/json"
            pages += 1
            if expected_cursor is None:
                break
            params["cursor"] = expected_cursor
        assert pages == (4 if params.get("limit") == 2 else 1)  # 7 listed threads, 2 a page


def test_the_synced_row_is_listed_as_the_service_shaped_it(client: TestClient, app: FastAPI, ana: Person) -> None:
    thread_id = a_synced_row(app, ana)
    [listed] = client.get(THREADS, headers=ana.headers).json()
    assert listed["id"] == thread_id
    assert (listed["tags"], listed["deleted"], listed["status"]) == ([], False, None)
    assert listed["created_at"] == "2026-03-01T12:00:00Z"


def test_an_unknown_sphere_is_still_a_422_naming_the_known_ones(client: TestClient, ana: Person) -> None:
    response = client.get(THREADS, params={"sphere_id": "nowhere"}, headers=ana.headers)
    assert response.status_code == 422
    assert "unknown sphere 'nowhere'" in response.json()["detail"] and "personal" in response.json()["detail"]


def test_the_list_checks_the_caller_like_every_workspace_route(client: TestClient, app: FastAPI, ana: Person) -> None:
    bo = sign_up(app, "bo@example.com")
    team = create_team_workspace(app, ana, member=bo, member_role="viewer")
    assert client.get(THREADS, params={"workspace_id": team}, headers=bo.headers).status_code == 200  # a viewer reads
    outsider = sign_up(app, "cy@example.com")
    refused = client.get(THREADS, params={"workspace_id": team}, headers=outsider.headers)
    assert refused.status_code == 404 and team in refused.json()["detail"]
    assert client.get(THREADS, params={"workspace_id": ana.workspace_id}, headers=bo.headers).status_code == 404
    assert client.get(THREADS).status_code == 401
    assert client.get(THREADS, headers={"Authorization": "Bearer not-a-token"}).status_code == 401
    add_membership(app, team, outsider, "member")
    assert client.get(THREADS, params={"workspace_id": team}, headers=outsider.headers).status_code == 200


def login(client: TestClient, email: str = "ana@example.com", password: str = "correct horse battery") -> dict:
    response = client.post(f"{AUTH}/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return response.json()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_remembered_token_stops_at_once_on_logout_and_account_removal(client: TestClient, app: FastAPI) -> None:
    make_user(app)
    leaving, staying = login(client), login(client)
    for pair in (leaving, staying):  # each token verified once: remembered from here on
        for route in (THREADS, f"{AUTH}/me"):
            assert client.get(route, headers=bearer(pair["access_token"])).status_code == 200

    assert client.post(f"{AUTH}/logout", json={"refresh_token": leaving["refresh_token"]}).status_code == 204
    for route in (THREADS, f"{AUTH}/me"):
        assert client.get(route, headers=bearer(leaving["access_token"])).status_code == 401

    assert client.get(THREADS, headers=bearer(staying["access_token"])).status_code == 200  # another session
    with app.state.engine.begin() as conn:
        conn.execute(delete(User.__table__).where(User.__table__.c.email == "ana@example.com"))
    for route in (THREADS, f"{AUTH}/me"):
        assert client.get(route, headers=bearer(staying["access_token"])).status_code == 401


def test_a_password_change_ends_the_other_sessions_remembered_tokens(client: TestClient, app: FastAPI) -> None:
    make_user(app)
    here, elsewhere = login(client), login(client)
    assert client.get(THREADS, headers=bearer(elsewhere["access_token"])).status_code == 200
    changed = client.post(
        f"{AUTH}/password",
        json={"current_password": "correct horse battery", "new_password": "a new and longer password"},
        headers=bearer(here["access_token"]),
    )
    assert changed.status_code == 204, changed.text
    assert client.get(THREADS, headers=bearer(elsewhere["access_token"])).status_code == 401
    assert client.get(THREADS, headers=bearer(here["access_token"])).status_code == 200  # the session that changed it carries on


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(timezone.utc).timestamp()

    def __call__(self) -> float:
        return self.now


def test_a_remembered_token_is_refused_once_it_expires() -> None:
    clock = Clock()
    verified = VerifiedAccessTokens(SECRET, clock=clock)
    token = create_access_token("user-1", "session-1", SECRET, timedelta(minutes=5))
    claims = verified.claims(token)
    assert (claims.user_id, claims.session_id) == ("user-1", "session-1")
    assert verified.claims(token) == claims  # remembered
    clock.now += 5 * 60 + 1
    with pytest.raises(InvalidToken):
        verified.claims(token)


def test_tokens_of_another_secret_or_kind_are_refused_every_time() -> None:
    verified = VerifiedAccessTokens(SECRET, capacity=2)
    forged = create_access_token("user-1", "session-1", "another-secret-" + "x" * 40, timedelta(minutes=5))
    for _ in range(2):
        with pytest.raises(InvalidToken):
            verified.claims(forged)
    tokens = [create_access_token(f"user-{i}", uuid7(), SECRET, timedelta(minutes=5)) for i in range(3)]
    for token in tokens:  # more than it keeps: the oldest is forgotten, and verified again when it returns
        verified.claims(token)
    assert [verified.claims(t).user_id for t in tokens] == ["user-0", "user-1", "user-2"]
