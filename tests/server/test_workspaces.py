"""Workspaces and roles: mine, create, rename, members; and attempts to
break the walls between workspaces. Every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from chenu_desktop.domain.changes import decode_value
from sync_server.deps import ReadAccess, WriteAccess
from sync_server.models import ChangeLogEntry, Membership
from tests.server.conftest import make_user
from tests.server.helpers import (
    access_token,
    fast_hashing,  # noqa: F401 - an autouse fixture
)

API = "/api/v1"
WS = f"{API}/workspaces"


@dataclass
class Someone:
    id: str
    email: str
    personal: str
    headers: dict[str, str]


def someone(app: FastAPI, name: str) -> Someone:
    user = make_user(app, f"{name}@example.com")
    token = access_token(app.state.engine, user.id, app.state.settings.signing_secret, timedelta(minutes=5))
    return Someone(user.id, user.email, user.personal_workspace_id, {"Authorization": f"Bearer {token}"})


@pytest.fixture
def ana(app: FastAPI) -> Someone:
    return someone(app, "ana")


@pytest.fixture
def bo(app: FastAPI) -> Someone:
    return someone(app, "bo")


@pytest.fixture
def cy(app: FastAPI) -> Someone:
    return someone(app, "cy")


def create(client: TestClient, owner: Someone, name: str = "Atelier") -> dict:
    response = client.post(WS, headers=owner.headers, json={"name": name})
    assert response.status_code == 201, response.text
    return response.json()


def invite(client: TestClient, by: Someone, workspace_id: str, who: Someone, role: str = "member"):  # noqa: ANN201
    return client.post(f"{WS}/{workspace_id}/members", headers=by.headers, json={"email": who.email, "role": role})


def invitations_of(client: TestClient, who: Someone) -> list[dict]:
    response = client.get(f"{WS}/invitations", headers=who.headers)
    assert response.status_code == 200, response.text
    return response.json()


def accept(client: TestClient, who: Someone, workspace_id: str) -> dict:
    [invitation] = [i for i in invitations_of(client, who) if i["workspace_id"] == workspace_id]
    response = client.post(f"{WS}/invitations/{invitation['id']}/accept", headers=who.headers)
    assert response.status_code == 200, response.text
    return response.json()


def team_with(client: TestClient, owner: Someone, **roles: tuple[Someone, str]) -> str:
    """A team workspace of `owner`, each person invited with their role, and accepting."""
    workspace_id = create(client, owner)["id"]
    for person, role in roles.values():
        assert invite(client, owner, workspace_id, person, role).status_code == 201
        accept(client, person, workspace_id)
    return workspace_id


def roles_of(client: TestClient, viewer: Someone, workspace_id: str) -> dict[str, str]:
    response = client.get(f"{WS}/{workspace_id}/members", headers=viewer.headers)
    assert response.status_code == 200, response.text
    return {m["email"]: m["role"] for m in response.json()}


# ------------------------------------------------------------------ mine and create


def test_a_new_user_has_their_personal_workspace_as_owner(client: TestClient, ana: Someone) -> None:
    response = client.get(WS, headers=ana.headers)
    assert response.status_code == 200
    [personal] = response.json()
    assert personal["id"] == ana.personal
    assert (personal["kind"], personal["role"], personal["owner_id"]) == ("personal", "owner", ana.id)


def test_create_a_team_workspace_makes_the_creator_owner_and_syncs_the_row(client: TestClient, app: FastAPI, ana: Someone) -> None:
    response = client.post(WS, headers=ana.headers, json={"name": "  Atelier  "})
    assert response.status_code == 201
    team = response.json()
    assert (team["name"], team["kind"], team["role"], team["owner_id"]) == ("Atelier", "team", "owner", ana.id)
    assert response.headers["location"].endswith(f"/workspaces/{team['id']}")
    assert [w["id"] for w in client.get(WS, headers=ana.headers).json()] == [ana.personal, team["id"]]
    assert client.get(f"{WS}/{team['id']}", headers=ana.headers).json() == team
    log = ChangeLogEntry.__table__
    with app.state.engine.connect() as conn:
        changes = conn.execute(select(log).where(log.c.workspace_id == team["id"])).all()
    assert [(c.table_name, c.row_id, c.seq) for c in changes] == [("workspaces", team["id"], 1)]
    assert decode_value(changes[0].value)["name"] == "Atelier"


@pytest.mark.parametrize(
    ("body", "words"),
    [({}, "name: Field required"), ({"name": "   "}, "name: String should have at least 1 character"),
     ({"name": "x" * 201}, "at most 200"), ({"name": "a", "kind": "personal"}, "kind: Extra inputs")],
)
def test_create_refuses_invalid_names(client: TestClient, ana: Someone, body: dict, words: str) -> None:
    response = client.post(WS, headers=ana.headers, json=body)
    assert response.status_code == 422
    assert words in response.json()["detail"]


def test_rename_by_owner_syncs_and_others_cannot(client: TestClient, app: FastAPI, ana: Someone, bo: Someone, cy: Someone) -> None:
    team = team_with(client, ana, b=(bo, "member"), c=(cy, "viewer"))
    for person in (bo, cy):
        response = client.patch(f"{WS}/{team}", headers=person.headers, json={"name": "Mine now"})
        assert response.status_code == 403
    response = client.patch(f"{WS}/{team}", headers=ana.headers, json={"name": "Studio"})
    assert response.status_code == 200
    assert response.json()["name"] == "Studio"
    assert client.get(f"{WS}/{team}", headers=bo.headers).json()["name"] == "Studio"
    log = ChangeLogEntry.__table__
    with app.state.engine.connect() as conn:
        last = conn.execute(select(log).where(log.c.workspace_id == team).order_by(log.c.seq.desc())).first()
    assert (last.column_name, decode_value(last.value)) == ("name", "Studio")


# ------------------------------------------------------------------ members


def test_owner_invites_and_the_invitee_joins_by_accepting(client: TestClient, ana: Someone, bo: Someone, cy: Someone) -> None:
    team = create(client, ana)["id"]
    response = invite(client, ana, team, bo, "member")
    assert response.status_code == 201
    invitation = response.json()
    assert (invitation["workspace_id"], invitation["workspace_name"], invitation["email"], invitation["role"], invitation["invited_by"]) == (
        team, "Atelier", bo.email, "member", ana.email
    )
    assert response.headers["location"].endswith(f"/{team}/invitations/{invitation['id']}")
    assert roles_of(client, ana, team) == {ana.email: "owner"}  # not a member before accepting
    assert invitations_of(client, bo) == [invitation]
    joined = client.post(f"{WS}/invitations/{invitation['id']}/accept", headers=bo.headers)
    assert joined.status_code == 200
    assert (joined.json()["id"], joined.json()["role"], joined.json()["name"]) == (team, "member", "Atelier")
    assert invitations_of(client, bo) == []
    # invited by an email in another spelling; role defaults to member
    response = client.post(f"{WS}/{team}/members", headers=ana.headers, json={"email": " CY@example.com "})
    assert response.status_code == 201 and response.json()["role"] == "member"
    accept(client, cy, team)
    assert roles_of(client, bo, team) == {ana.email: "owner", bo.email: "member", cy.email: "member"}
    [mine] = [w for w in client.get(WS, headers=bo.headers).json() if w["id"] == team]
    assert mine["role"] == "member"


def test_invite_refusals(client: TestClient, ana: Someone, bo: Someone) -> None:
    team = create(client, ana)["id"]
    assert invite(client, ana, team, bo).status_code == 201
    again = invite(client, ana, team, bo, "viewer")  # still pending: the role changes
    assert again.status_code == 201 and again.json()["role"] == "viewer"
    assert [i["role"] for i in invitations_of(client, bo)] == ["viewer"]
    accept(client, bo, team)
    twice = invite(client, ana, team, bo, "viewer")
    assert twice.status_code == 409 and "member already" in twice.json()["detail"]
    bad_role = invite(client, ana, team, bo, "admin")
    assert bad_role.status_code == 422 and bad_role.json()["detail"].startswith("role:")
    bad_email = client.post(f"{WS}/{team}/members", headers=ana.headers, json={"email": "not an email"})
    assert bad_email.status_code == 422 and "email" in bad_email.json()["detail"]
    personal = invite(client, ana, ana.personal, bo)
    assert personal.status_code == 409 and "personal workspace" in personal.json()["detail"]


def test_only_owners_manage_members(client: TestClient, app: FastAPI, ana: Someone, bo: Someone, cy: Someone) -> None:
    dee = someone(app, "dee")
    team = team_with(client, ana, b=(bo, "member"), c=(cy, "viewer"))
    for person in (bo, cy):
        assert invite(client, person, team, dee, "owner").status_code == 403
        assert client.patch(f"{WS}/{team}/members/{person.id}", headers=person.headers, json={"role": "owner"}).status_code == 403
        assert client.patch(f"{WS}/{team}/members/{ana.id}", headers=person.headers, json={"role": "viewer"}).status_code == 403
        other = cy if person is bo else bo
        assert client.delete(f"{WS}/{team}/members/{other.id}", headers=person.headers).status_code == 403
        assert client.delete(f"{WS}/{team}/members/{ana.id}", headers=person.headers).status_code == 403
    assert roles_of(client, ana, team) == {ana.email: "owner", bo.email: "member", cy.email: "viewer"}


def test_owner_changes_roles_and_a_workspace_keeps_an_owner(client: TestClient, ana: Someone, bo: Someone, cy: Someone) -> None:
    team = team_with(client, ana, b=(bo, "member"), c=(cy, "viewer"))
    last = client.patch(f"{WS}/{team}/members/{ana.id}", headers=ana.headers, json={"role": "member"})
    assert last.status_code == 409 and "only owner" in last.json()["detail"]
    assert client.delete(f"{WS}/{team}/members/{ana.id}", headers=ana.headers).status_code == 409

    promoted = client.patch(f"{WS}/{team}/members/{bo.id}", headers=ana.headers, json={"role": "owner"})
    assert promoted.status_code == 200 and promoted.json()["role"] == "owner"
    assert client.patch(f"{WS}/{team}/members/{cy.id}", headers=bo.headers, json={"role": "member"}).json()["role"] == "member"
    # with two owners one may step down, then the other is the last
    assert client.patch(f"{WS}/{team}/members/{ana.id}", headers=bo.headers, json={"role": "viewer"}).status_code == 200
    assert client.patch(f"{WS}/{team}/members/{bo.id}", headers=bo.headers, json={"role": "member"}).status_code == 409
    assert roles_of(client, ana, team) == {ana.email: "viewer", bo.email: "owner", cy.email: "member"}
    # and ana, now a viewer, manages nothing any more
    assert client.patch(f"{WS}/{team}/members/{ana.id}", headers=ana.headers, json={"role": "owner"}).status_code == 403


def test_changing_an_unknown_member_is_404_and_bad_roles_422(client: TestClient, ana: Someone, bo: Someone) -> None:
    team = create(client, ana)["id"]
    assert client.patch(f"{WS}/{team}/members/{bo.id}", headers=ana.headers, json={"role": "viewer"}).status_code == 404
    assert client.delete(f"{WS}/{team}/members/{bo.id}", headers=ana.headers).status_code == 404
    response = client.patch(f"{WS}/{team}/members/{ana.id}", headers=ana.headers, json={"role": "god"})
    assert response.status_code == 422 and response.json()["detail"].startswith("role:")


def test_owner_removes_a_member_who_then_sees_nothing(client: TestClient, ana: Someone, bo: Someone) -> None:
    team = team_with(client, ana, b=(bo, "member"))
    assert client.delete(f"{WS}/{team}/members/{bo.id}", headers=ana.headers).status_code == 204
    assert [w["id"] for w in client.get(WS, headers=bo.headers).json()] == [bo.personal]
    assert client.get(f"{WS}/{team}", headers=bo.headers).status_code == 404
    assert client.get(f"{WS}/{team}/members", headers=bo.headers).status_code == 404


def test_anyone_may_leave_but_the_last_owner(client: TestClient, ana: Someone, bo: Someone, cy: Someone) -> None:
    team = team_with(client, ana, b=(bo, "member"), c=(cy, "viewer"))
    assert client.delete(f"{WS}/{team}/members/{cy.id}", headers=cy.headers).status_code == 204
    assert client.delete(f"{WS}/{team}/members/{bo.id}", headers=bo.headers).status_code == 204
    assert client.delete(f"{WS}/{team}/members/{ana.id}", headers=ana.headers).status_code == 409
    assert client.delete(f"{WS}/{ana.personal}/members/{ana.id}", headers=ana.headers).status_code == 409
    assert roles_of(client, ana, team) == {ana.email: "owner"}


# ------------------------------------------------------------------ walls between workspaces


def test_another_users_workspace_ids_are_404_everywhere(client: TestClient, ana: Someone, bo: Someone) -> None:
    team = create(client, ana)["id"]
    for workspace_id in (team, ana.personal, "no-such-workspace"):
        attempts = [
            client.get(f"{WS}/{workspace_id}", headers=bo.headers),
            client.patch(f"{WS}/{workspace_id}", headers=bo.headers, json={"name": "Taken"}),
            client.get(f"{WS}/{workspace_id}/members", headers=bo.headers),
            client.post(f"{WS}/{workspace_id}/members", headers=bo.headers, json={"email": bo.email, "role": "owner"}),
            client.patch(f"{WS}/{workspace_id}/members/{ana.id}", headers=bo.headers, json={"role": "viewer"}),
            client.patch(f"{WS}/{workspace_id}/members/{bo.id}", headers=bo.headers, json={"role": "owner"}),
            client.delete(f"{WS}/{workspace_id}/members/{ana.id}", headers=bo.headers),
            client.delete(f"{WS}/{workspace_id}/members/{bo.id}", headers=bo.headers),
        ]
        assert [r.status_code for r in attempts] == [404] * len(attempts)
        assert all(r.json()["detail"] == f"no workspace {workspace_id} for you" for r in attempts)
    assert [w["id"] for w in client.get(WS, headers=bo.headers).json()] == [bo.personal]
    assert roles_of(client, ana, team) == {ana.email: "owner"}
    assert client.get(f"{WS}/{team}", headers=ana.headers).json()["name"] == "Atelier"


def test_a_member_cannot_invite_themselves_up(client: TestClient, ana: Someone, bo: Someone) -> None:
    team = team_with(client, ana, b=(bo, "viewer"))
    assert client.post(f"{WS}/{team}/members", headers=bo.headers, json={"email": bo.email, "role": "owner"}).status_code == 403
    assert client.patch(f"{WS}/{team}/members/{bo.id}", headers=bo.headers, json={"role": "owner"}).status_code == 403
    assert roles_of(client, bo, team)[bo.email] == "viewer"


def test_workspace_routes_need_a_token(client: TestClient, ana: Someone) -> None:
    assert client.get(WS).status_code == 401
    assert client.post(WS, json={"name": "x"}).status_code == 401
    assert client.get(f"{WS}/{ana.personal}").status_code == 401
    assert client.post(f"{WS}/{ana.personal}/members", json={"email": "x@y.z"}).status_code == 401


@pytest.fixture
def probed(app: FastAPI) -> FastAPI:
    """Two routes guarded like every workspace-scoped resource route (deps.ReadAccess / WriteAccess)."""

    @app.get("/api/v1/_probe")
    def read_probe(access: ReadAccess) -> dict[str, str]:
        return {"workspace_id": access.workspace_id, "role": access.role}

    @app.post("/api/v1/_probe")
    def write_probe(access: WriteAccess) -> dict[str, str]:
        return {"workspace_id": access.workspace_id, "role": access.role}

    return app


def test_roles_govern_resource_routes(probed: FastAPI, client: TestClient, ana: Someone, bo: Someone, cy: Someone, app: FastAPI) -> None:
    outsider = someone(app, "dee")
    team = team_with(client, ana, b=(bo, "member"), c=(cy, "viewer"))
    probe = f"{API}/_probe?workspace_id={team}"
    assert client.post(probe, headers=ana.headers).status_code == 200
    assert client.post(probe, headers=bo.headers).status_code == 200
    assert client.get(probe, headers=cy.headers).json()["role"] == "viewer"
    viewer_writes = client.post(probe, headers=cy.headers)
    assert viewer_writes.status_code == 403 and "viewers cannot" in viewer_writes.json()["detail"]
    assert client.get(probe, headers=outsider.headers).status_code == 404
    assert client.post(probe, headers=outsider.headers).status_code == 404
    assert client.post(f"{API}/_probe?workspace_id={ana.personal}", headers=bo.headers).status_code == 404
    # a demoted member loses write at once; a removed one loses everything
    client.patch(f"{WS}/{team}/members/{bo.id}", headers=ana.headers, json={"role": "viewer"})
    assert client.post(probe, headers=bo.headers).status_code == 403
    client.delete(f"{WS}/{team}/members/{bo.id}", headers=ana.headers)
    assert client.get(probe, headers=bo.headers).status_code == 404
    # no workspace_id: your personal workspace
    assert client.get(f"{API}/_probe", headers=bo.headers).json() == {"workspace_id": bo.personal, "role": "owner"}


def test_memberships_are_server_rows_not_changes(client: TestClient, app: FastAPI, ana: Someone, bo: Someone) -> None:
    team = team_with(client, ana, b=(bo, "member"))
    log = ChangeLogEntry.__table__
    with app.state.engine.connect() as conn:
        tables = set(conn.execute(select(log.c.table_name).where(log.c.workspace_id == team)).scalars())
        members = conn.execute(select(Membership.__table__.c.user_id).where(Membership.__table__.c.workspace_id == team)).scalars().all()
    assert tables == {"workspaces"}
    assert sorted(members) == sorted([ana.id, bo.id])


NASTY = [None, 10**30, 1.5, True, [], {}, "", "\x00", "a\x00b", "x" * 5000, "' OR 1=1 --", "💥\ufeff"]


def test_hostile_input_to_auth_and_workspace_routes_is_never_a_500(app: FastAPI, client: TestClient, ana: Someone, bo: Someone) -> None:
    team = team_with(client, ana, b=(bo, "member"))
    spec = app.openapi()
    checked = 0
    for path, operations in spec["paths"].items():
        if not path.startswith((f"{API}/auth", WS)):
            continue
        real = path.replace("{workspace_id}", team).replace("{user_id}", bo.id)
        odd_paths = [re.sub(r"\{[^}]+\}", odd, path) for odd in ("x" * 101, "%00", "a%00b", "%E2%80%AE%F0%9F%92%A5", "..")] if "{" in path else []
        for method, operation in operations.items():
            schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            name = schema.get("$ref", "").rsplit("/", 1)[-1]
            fields = list(spec["components"]["schemas"][name]["properties"]) if name else []
            bodies: list[object] = [None, [], "text", 12, {field: {"$gt": ""} for field in fields}]
            bodies += [{field: value} for field in fields for value in NASTY]
            for url in odd_paths:
                response = client.request(method.upper(), url, json={}, headers=ana.headers)
                assert response.status_code < 500, (method, url)
                checked += 1
            for body in bodies:
                raw = json.dumps(body, ensure_ascii=True) if body is not None else ""
                response = client.request(
                    method.upper(), real, content=raw, headers={**ana.headers, "Content-Type": "application/json"}
                )
                assert response.status_code < 500, (method, real, body)
                assert isinstance(response.json() if response.content else {}, (dict, list))
                checked += 1
            for value in ("\x00", "-1", "x" * 5000, "1e400"):
                response = client.request(method.upper(), real, params={"limit": value, "cursor": value}, json={}, headers=ana.headers)
                assert response.status_code < 500, (method, real, value)
                checked += 1
    assert checked > 250
    # nothing hostile got in (the sweep's own DELETE removed bo, legitimately)
    assert roles_of(client, ana, team) == {ana.email: "owner"}


def test_a_lone_surrogate_in_a_body_is_not_a_500(client: TestClient) -> None:
    response = client.post(
        f"{API}/auth/register", content=b'{"email": "\\ud800", "password": "password123"}', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
