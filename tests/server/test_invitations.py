"""Accounts and invitations, as an attacker tries them: registration is
closed unless the admin opens it, neither registering nor inviting tells
whether an email has an account, and nobody can put a workspace on someone
else's devices: an invitation gives nothing until its invitee accepts.
Every test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from sync_server import security
from sync_server.main import create_app
from sync_server.models import Membership, User
from sync_server.settings import Settings
from tests.server.conftest import make_user
from tests.server.helpers import access_token

API = "/api/v1"
WS = f"{API}/workspaces"
PASSWORD = "correct horse battery"
BAIT = "Free prizes - click here"


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(security, "_hasher", cheap)
    monkeypatch.setattr(security, "_DUMMY_HASH", cheap.hash("not a password"))


def headers(app: FastAPI, user: User) -> dict[str, str]:
    token = access_token(app.state.engine, user.id, app.state.settings.signing_secret, timedelta(minutes=5))
    return {"Authorization": f"Bearer {token}"}


def app_with(settings: Settings, **changes: object) -> FastAPI:
    return create_app(settings.model_copy(update=changes))


@pytest.fixture
def closing() -> Iterator[list[FastAPI]]:
    apps: list[FastAPI] = []
    yield apps
    for app in apps:
        app.state.engine.dispose()


def users(app: FastAPI) -> int:
    with app.state.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(User)).scalar_one()


def register(client: TestClient, email: str, password: str = PASSWORD):  # noqa: ANN201
    return client.post(f"{API}/auth/register", json={"email": email, "password": password})


# ------------------------------------------------------------------ registration


def test_registration_is_closed_by_default_and_says_how_to_get_an_account(settings: Settings, tmp_path: Path) -> None:
    defaults = Settings(
        server_data_dir=tmp_path / "defaults", database_url=settings.database_url, jwt_secret=settings.jwt_secret
    )
    assert defaults.registration == "closed"
    app = create_app(defaults)
    try:
        with TestClient(app) as client:
            refused = register(client, "mallory@example.com")
        assert refused.status_code == 403
        assert "registration is closed" in refused.json()["detail"]
        assert "chenu-server create-user" in refused.json()["detail"]
        assert users(app) == 0
    finally:
        app.state.engine.dispose()


def test_invite_only_registration_takes_invited_emails_only(settings: Settings, closing: list[FastAPI]) -> None:
    app = app_with(settings, registration="invite")
    closing.append(app)
    owner = make_user(app, "owner@example.com")
    with TestClient(app) as client:
        team = client.post(WS, headers=headers(app, owner), json={"name": "Studio"}).json()["id"]
        stranger = register(client, "stranger@example.com")
        assert stranger.status_code == 403 and "invited" in stranger.json()["detail"]
        invited = client.post(f"{WS}/{team}/members", headers=headers(app, owner), json={"email": "Guest@Example.com"})
        assert invited.status_code == 201
        guest = register(client, "guest@example.com")
        assert guest.status_code == 201, guest.text
        login = client.post(f"{API}/auth/login", json={"email": "guest@example.com", "password": PASSWORD})
        assert login.status_code == 200
        mine = client.get(f"{WS}/invitations", headers={"Authorization": f"Bearer {login.json()['access_token']}"})
        assert [i["workspace_id"] for i in mine.json()] == [team]
    assert users(app) == 2


def test_registering_a_taken_email_answers_as_for_a_new_one(client: TestClient, app: FastAPI) -> None:
    make_user(app, "victim@example.com")
    probes = {email: register(client, email, "attacker password") for email in ("VICTIM@example.com", "nobody@example.com")}
    assert {r.status_code for r in probes.values()} == {201}
    taken, fresh = (probes[e].json() for e in ("VICTIM@example.com", "nobody@example.com"))
    assert set(taken) == set(fresh)
    assert [type(taken[k]) for k in sorted(taken)] == [type(fresh[k]) for k in sorted(fresh)]
    attacker = client.post(f"{API}/auth/login", json={"email": "victim@example.com", "password": "attacker password"})
    assert attacker.status_code == 401  # the account was not taken over
    assert users(app) == 2


# ------------------------------------------------------------------ invitations


def test_inviting_answers_the_same_whether_or_not_the_email_has_an_account(client: TestClient, app: FastAPI) -> None:
    prober = make_user(app, "prober@example.com")
    make_user(app, "known@example.com")
    team = client.post(WS, headers=headers(app, prober), json={"name": "Probe"}).json()["id"]
    answers = [
        client.post(f"{WS}/{team}/members", headers=headers(app, prober), json={"email": email, "role": "viewer"})
        for email in ("known@example.com", "unknown@example.com")
    ]
    assert [a.status_code for a in answers] == [201, 201]
    known, unknown = (a.json() for a in answers)
    assert set(known) == set(unknown)
    assert {k: v for k, v in known.items() if k not in ("id", "email", "created_at")} == {
        k: v for k, v in unknown.items() if k not in ("id", "email", "created_at")
    }


def test_a_stranger_adding_someone_puts_nothing_of_the_workspace_on_their_devices(
    client: TestClient, app: FastAPI, tmp_path: Path
) -> None:
    stranger, victim = make_user(app, "stranger@example.com"), make_user(app, "victim@example.com")
    as_stranger, as_victim = headers(app, stranger), headers(app, victim)
    bait = client.post(WS, headers=as_stranger, json={"name": BAIT}).json()["id"]
    thread = client.post(
        f"{API}/threads",
        params={"workspace_id": bait},
        headers=as_stranger,
        json={"title": "You won!", "founding_intent": "Click the link", "sphere_id": "personal"},
    )
    assert thread.status_code == 201, thread.text
    added = client.post(f"{WS}/{bait}/members", headers=as_stranger, json={"email": victim.email, "role": "owner"})
    assert added.status_code == 201

    def nothing_of_the_bait_reaches_the_victim() -> None:
        pulled = client.get(f"{API}/sync/pull", headers=as_victim).json()
        assert bait not in pulled["workspaces"]
        assert [c for c in pulled["changes"] if c["workspace_id"] == bait] == []
        assert [w["id"] for w in client.get(WS, headers=as_victim).json()] == [victim.personal_workspace_id]
        assert client.get(f"{WS}/{bait}", headers=as_victim).status_code == 404
        assert client.get(f"{API}/threads", params={"workspace_id": bait}, headers=as_victim).status_code == 404
        snapshot = tmp_path / "victim-snapshot.sqlite3"
        snapshot.write_bytes(client.get(f"{API}/sync/snapshot", headers=as_victim).content)
        with sqlite3.connect(snapshot) as file:
            assert file.execute("SELECT count(*) FROM threads WHERE workspace_id = ?", (bait,)).fetchone() == (0,)
            assert file.execute("SELECT count(*) FROM workspaces WHERE id = ?", (bait,)).fetchone() == (0,)
        snapshot.unlink()

    nothing_of_the_bait_reaches_the_victim()
    # The victim sees the offer, and who made it, and declines it.
    [offer] = client.get(f"{WS}/invitations", headers=as_victim).json()
    assert (offer["workspace_name"], offer["invited_by"], offer["role"]) == (BAIT, stranger.email, "owner")
    declined = client.post(f"{WS}/invitations/{offer['id']}/decline", headers=as_victim)
    assert declined.status_code == 204
    assert client.get(f"{WS}/invitations", headers=as_victim).json() == []
    assert client.post(f"{WS}/invitations/{offer['id']}/accept", headers=as_victim).status_code == 404
    nothing_of_the_bait_reaches_the_victim()
    with app.state.engine.connect() as conn:
        assert conn.execute(select(Membership.user_id).where(Membership.workspace_id == bait)).scalars().all() == [stranger.id]


def test_only_the_invited_account_can_answer_an_invitation(client: TestClient, app: FastAPI) -> None:
    owner, invitee, thief = (make_user(app, f"{name}@example.com") for name in ("owner", "invitee", "thief"))
    team = client.post(WS, headers=headers(app, owner), json={"name": "Studio"}).json()["id"]
    offer = client.post(f"{WS}/{team}/members", headers=headers(app, owner), json={"email": invitee.email}).json()
    for action in ("accept", "decline"):
        taken = client.post(f"{WS}/invitations/{offer['id']}/{action}", headers=headers(app, thief))
        assert taken.status_code == 404
    assert client.get(f"{WS}/invitations", headers=headers(app, thief)).json() == []
    assert client.get(f"{WS}/{team}", headers=headers(app, thief)).status_code == 404
    joined = client.post(f"{WS}/invitations/{offer['id']}/accept", headers=headers(app, invitee))
    assert joined.status_code == 200 and joined.json()["role"] == "member"
    pulled = client.get(f"{API}/sync/pull", headers=headers(app, invitee)).json()
    assert pulled["workspaces"][team] == "member"
    assert any(c["workspace_id"] == team for c in pulled["changes"])


def test_owners_see_and_withdraw_pending_invitations_and_members_cannot(client: TestClient, app: FastAPI) -> None:
    owner, member = make_user(app, "owner@example.com"), make_user(app, "member@example.com")
    as_owner, as_member = headers(app, owner), headers(app, member)
    team = client.post(WS, headers=as_owner, json={"name": "Studio"}).json()["id"]
    offer = client.post(f"{WS}/{team}/members", headers=as_owner, json={"email": member.email}).json()
    client.post(f"{WS}/invitations/{offer['id']}/accept", headers=as_member)
    pending = client.post(f"{WS}/{team}/members", headers=as_owner, json={"email": "later@example.com"}).json()
    assert [i["email"] for i in client.get(f"{WS}/{team}/invitations", headers=as_owner).json()] == ["later@example.com"]
    assert client.get(f"{WS}/{team}/invitations", headers=as_member).status_code == 403
    assert client.delete(f"{WS}/{team}/invitations/{pending['id']}", headers=as_member).status_code == 403
    assert client.delete(f"{WS}/{team}/invitations/{pending['id']}", headers=as_owner).status_code == 204
    assert client.get(f"{WS}/{team}/invitations", headers=as_owner).json() == []
    assert client.delete(f"{WS}/{team}/invitations/{pending['id']}", headers=as_owner).status_code == 404
