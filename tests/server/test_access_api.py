"""Trying to break access: other people's ids, forged workspaces, viewers who
write, no token; and inputs that must be a 4xx, never a 500."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from chenu_desktop.domain.ids import uuid7
from sync_server import changelog
from tests.server.helpers import API, Person, add_membership, create_team_workspace, sign_up

RESOURCES = ("threads", "spheres", "agents", "governance", "decisions", "dashboard", "tokens", "memory")
DIRECTOR = "personal.director"


@pytest.fixture
def ana(app: FastAPI) -> Person:
    return sign_up(app, "ana@example.com")


@pytest.fixture
def bob(app: FastAPI) -> Person:
    return sign_up(app, "bob@example.com")


def post_thread(client: TestClient, person: Person, workspace_id: str | None = None, title: str = "Plan") -> dict:
    response = client.post(
        f"{API}/threads",
        params={"workspace_id": workspace_id} if workspace_id else {},
        json={"title": title, "founding_intent": "Why", "sphere_id": "team"},
        headers=person.headers,
    )
    assert response.status_code == 201, response.text
    return response.json()


def my_routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path) of every route of the resources built here."""
    return [
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        if any(path.startswith(f"{API}/{resource}") for resource in RESOURCES)
        for method in operations
    ]


def fill(path: str, value: str = "x") -> str:
    return re.sub(r"\{[^}]+\}", value, path)


# ---------------------------------------------------------------- no token


def test_every_route_needs_a_token(app: FastAPI, client: TestClient) -> None:
    routes = my_routes(app)
    assert len(routes) >= 25
    for method, path in routes:
        response = client.request(method, fill(path), json={})
        assert response.status_code == 401, (method, path, response.text)
        assert response.headers["WWW-Authenticate"] == "Bearer"


# ---------------------------------------------------------------- someone else's ids


def test_another_users_objects_are_404(client: TestClient, ana: Person, bob: Person) -> None:
    thread = post_thread(client, bob)
    decision = client.post(f"{API}/decisions", json={"title": "D", "sphere_id": "team", "options": [{"label": "A"}]}, headers=bob.headers).json()
    checkpoint = client.post(f"{API}/agents/{DIRECTOR}/hire", json={"sphere_id": "personal"}, headers=bob.headers).json()
    t, d, c = f"{API}/threads/{thread['id']}", f"{API}/decisions/{decision['id']}", f"{API}/governance/checkpoints/{checkpoint['id']}"
    attempts = [
        ("GET", t, None),
        ("PATCH", t, {"title": "Mine now"}),
        ("DELETE", t, None),
        ("POST", f"{t}/restore", None),
        ("GET", f"{t}/events", None),
        ("POST", f"{t}/events", {"text": "hello"}),
        ("GET", d, None),
        ("POST", f"{d}/make", {"option_id": "opt1"}),
        ("POST", f"{d}/defer", None),
        ("POST", f"{d}/reject", None),
        ("GET", c, None),
        ("POST", f"{c}/approve", None),
        ("POST", f"{c}/reject", None),
    ]
    for method, url, body in attempts:
        response = client.request(method, url, json=body, headers=ana.headers)
        assert response.status_code == 404, (method, url, response.text)
    # as a reference in a body, it is as unknown as a made-up id
    response = client.post(f"{API}/decisions", json={"title": "D", "thread_id": thread["id"]}, headers=ana.headers)
    assert (response.status_code, response.json()["detail"]) == (422, f"thread_id: no thread with id {thread['id']}")

    assert client.get(t, headers=bob.headers).json()["title"] == "Plan"
    assert len(client.get(f"{t}/events", headers=bob.headers).json()) == 1
    assert client.get(d, headers=bob.headers).json()["status"] == "pending"
    assert client.get(c, headers=bob.headers).json()["status"] == "pending"
    assert client.get(f"{API}/threads", headers=ana.headers).json() == []
    assert client.get(f"{API}/governance/audit", headers=ana.headers).json() == []


def test_a_forged_workspace_id_is_404(client: TestClient, ana: Person, bob: Person) -> None:
    post_thread(client, bob)
    for workspace_id in (bob.workspace_id, uuid7(), "nope"):
        for method, url, body in [
            ("GET", f"{API}/threads", None),
            ("POST", f"{API}/threads", {"title": "T", "founding_intent": "I", "sphere_id": "team"}),
            ("GET", f"{API}/dashboard/stats", None),
            ("GET", f"{API}/governance/audit", None),
            ("GET", f"{API}/tokens", None),
            ("POST", f"{API}/agents/{DIRECTOR}/hire", {"sphere_id": "personal"}),
        ]:
            response = client.request(method, url, params={"workspace_id": workspace_id}, json=body, headers=ana.headers)
            assert response.status_code == 404, (method, url, workspace_id, response.text)
            assert "no workspace" in response.json()["detail"]
    assert len(client.get(f"{API}/threads", headers=bob.headers).json()) == 1


# ---------------------------------------------------------------- shared workspaces and roles


def test_a_viewer_reads_but_cannot_write(app: FastAPI, client: TestClient, ana: Person, bob: Person) -> None:
    team = create_team_workspace(app, ana)
    add_membership(app, team, bob, "viewer")
    thread = post_thread(client, ana, team)
    decision = client.post(
        f"{API}/decisions", params={"workspace_id": team}, json={"title": "D", "sphere_id": "team", "options": [{"label": "A"}]}, headers=ana.headers
    ).json()
    checkpoint = client.post(f"{API}/agents/{DIRECTOR}/hire", params={"workspace_id": team}, json={"sphere_id": "personal"}, headers=ana.headers).json()
    ws = {"workspace_id": team}

    assert [t["id"] for t in client.get(f"{API}/threads", params=ws, headers=bob.headers).json()] == [thread["id"]]
    assert client.get(f"{API}/threads/{thread['id']}", params=ws, headers=bob.headers).status_code == 200
    assert client.get(f"{API}/dashboard/stats", params=ws, headers=bob.headers).json()["threads"]["total"] == 1
    assert client.get(f"{API}/governance/checkpoints", params=ws, headers=bob.headers).status_code == 200

    writes = [
        ("POST", f"{API}/threads", {"title": "T", "founding_intent": "I", "sphere_id": "team"}),
        ("PATCH", f"{API}/threads/{thread['id']}", {"title": "Viewer was here"}),
        ("DELETE", f"{API}/threads/{thread['id']}", None),
        ("POST", f"{API}/threads/{thread['id']}/restore", None),
        ("POST", f"{API}/threads/{thread['id']}/events", {"text": "hi"}),
        ("POST", f"{API}/decisions", {"title": "D", "sphere_id": "team"}),
        ("POST", f"{API}/decisions/{decision['id']}/make", {"option_id": "opt1"}),
        ("POST", f"{API}/decisions/{decision['id']}/defer", None),
        ("POST", f"{API}/decisions/{decision['id']}/reject", None),
        ("POST", f"{API}/agents/{DIRECTOR}/hire", {"sphere_id": "personal"}),
        ("POST", f"{API}/agents/{DIRECTOR}/dismiss", None),
        ("POST", f"{API}/agents/{DIRECTOR}/run", {"task": "plan"}),
        ("POST", f"{API}/governance/checkpoints/{checkpoint['id']}/approve", None),
        ("POST", f"{API}/governance/checkpoints/{checkpoint['id']}/reject", None),
    ]
    for method, url, body in writes:
        response = client.request(method, url, params=ws, json=body, headers=bob.headers)
        assert response.status_code == 403, (method, url, response.text)
        assert response.json()["detail"] == "viewers cannot change this workspace"

    after = client.get(f"{API}/threads/{thread['id']}", params=ws, headers=ana.headers).json()
    assert (after["title"], after["deleted"]) == ("Plan", False)
    assert len(client.get(f"{API}/threads", params=ws, headers=ana.headers).json()) == 1
    assert client.get(f"{API}/decisions/{decision['id']}", params=ws, headers=ana.headers).json()["status"] == "pending"
    assert client.get(f"{API}/governance/checkpoints/{checkpoint['id']}", params=ws, headers=ana.headers).json()["status"] == "pending"


def test_a_member_writes_in_the_shared_workspace_only_when_asked(app: FastAPI, client: TestClient, ana: Person, bob: Person) -> None:
    team = create_team_workspace(app, ana)
    add_membership(app, team, bob, "member")
    shared = post_thread(client, bob, team, title="Shared")
    private = post_thread(client, bob, title="Private")  # no workspace_id: bob's personal workspace
    assert shared["workspace_id"] == team
    assert private["workspace_id"] == bob.workspace_id

    assert [t["title"] for t in client.get(f"{API}/threads", params={"workspace_id": team}, headers=ana.headers).json()] == ["Shared"]
    assert [t["title"] for t in client.get(f"{API}/threads", headers=bob.headers).json()] == ["Private"]
    # a team thread is not found in the personal workspace, and the reverse
    assert client.get(f"{API}/threads/{shared['id']}", headers=bob.headers).status_code == 404
    assert client.get(f"{API}/threads/{private['id']}", params={"workspace_id": team}, headers=bob.headers).status_code == 404
    assert client.get(f"{API}/threads/{private['id']}", params={"workspace_id": team}, headers=ana.headers).status_code == 404

    with app.state.engine.connect() as conn:
        team_rows = {c.row_id for _, c in changelog.pull(conn, {}, [team], 1000).changes if c.table == "threads"}
        personal_rows = {c.row_id for _, c in changelog.pull(conn, {}, [bob.workspace_id], 1000).changes if c.table == "threads"}
    assert team_rows == {shared["id"]}
    assert personal_rows == {private["id"]}


# ---------------------------------------------------------------- never a 500

NASTY_STRINGS = ["\x00", "x" * 5000, "' OR 1=1 --", "💥\ufeff"]
NASTY_VALUES: list[Any] = [None, 10**30, 1.5, True, [], {}, *NASTY_STRINGS]


def _query_params(operation: dict) -> list[str]:
    return [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]


def _body_fields(app: FastAPI, operation: dict) -> list[str]:
    ref = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
    while "anyOf" in ref:
        ref = next(option for option in ref["anyOf"] if option.get("type") != "null")
    name = ref.get("$ref", "").rsplit("/", 1)[-1]
    if not name:
        return []
    return list(app.openapi()["components"]["schemas"][name].get("properties", {}))


def test_hostile_input_is_a_4xx_never_a_500(app: FastAPI, client: TestClient, ana: Person) -> None:
    thread = post_thread(client, ana)
    paths = app.openapi()["paths"]
    checked = 0
    for method, path in my_routes(app):
        operation = paths[path][method.lower()]
        url = fill(path, thread["id"])
        for odd in (fill(path, "x" * 101), fill(path, "%00"), fill(path, "%E2%80%AE%F0%9F%92%A5")) if "{" in path else ():
            response = client.request(method, odd, json={}, headers=ana.headers)
            assert response.status_code < 500, (method, odd)
            checked += 1
        for name in _query_params(operation):
            for value in [*NASTY_STRINGS, "-1", "1e400"]:
                response = client.request(method, url, params={name: value}, json={}, headers=ana.headers)
                assert response.status_code < 500, (method, url, name, value)
                checked += 1
        fields = _body_fields(app, operation)
        bodies: list[Any] = [None, [], "text", 12]
        bodies += [{field: value} for field in fields for value in NASTY_VALUES]
        bodies += [{field: {"$gt": ""} for field in fields}, {field: ["\x00"] for field in fields}]
        for body in bodies if (fields or method != "GET") else ():
            response = client.request(method, url, json=body, headers=ana.headers)
            assert response.status_code < 500, (method, url, body)
            assert isinstance(response.json() if response.content else {}, (dict, list))
            checked += 1
    assert checked > 300


def test_a_nul_in_workspace_id_is_a_422(client: TestClient, ana: Person) -> None:
    response = client.get(f"{API}/threads", params={"workspace_id": "a\x00b"}, headers=ana.headers)
    assert response.status_code == 422
    assert "workspace_id" in response.json()["detail"]



def test_a_body_that_is_not_json_is_a_422(client: TestClient, ana: Person) -> None:
    response = client.post(
        f"{API}/agents/{DIRECTOR}/hire", content=b'{"sphere_id": "personal"}', headers={**ana.headers, "Content-Type": "text/plain"}
    )
    assert response.status_code == 422
    assert "input" not in response.json()["errors"][0]


def test_nan_in_a_body_is_a_422(client: TestClient, ana: Person) -> None:
    response = client.post(
        f"{API}/agents/{DIRECTOR}/hire",
        content=b'{"sphere_id": "personal", "budget": NaN}',
        headers={**ana.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith("budget: ")
