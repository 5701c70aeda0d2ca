"""Helpers of the REST API tests: signed-in users, memberships, server-side services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from chenu_desktop.domain.identity import WORKSPACE_TEAM
from chenu_desktop.domain.ids import uuid7
from chenu_desktop.services import Services, ServiceContext
from sync_server import security
from sync_server.accounts import add_member
from sync_server.models import RefreshToken, User
from sync_server.security import create_access_token, new_refresh_token, token_digest
from tests.server.conftest import make_user

API = "/api/v1"


def access_token(engine: Engine, user_id: str, secret: str, lifetime: timedelta) -> str:
    """An access token of a real session (a refresh-token family in the
    database, as /login makes one), without the cost of a password check."""
    now = datetime.now(timezone.utc)
    session_id = uuid7()
    with engine.begin() as conn:
        conn.execute(
            RefreshToken.__table__.insert().values(
                id=uuid7(),
                token_hash=token_digest(new_refresh_token()),
                family_id=session_id,
                user_id=user_id,
                expires_at=now + timedelta(days=1),
                created_at=now,
            )
        )
    return create_access_token(user_id, session_id, secret, lifetime)


def token_for(app: FastAPI, user: User, minutes: int = 15) -> str:
    return access_token(app.state.engine, user.id, app.state.settings.signing_secret, timedelta(minutes=minutes))


def auth_headers(app: FastAPI, user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(app, user)}"}


@dataclass
class Person:
    """A user with their personal workspace and the headers to act as them."""

    user: User
    headers: dict[str, str]

    @property
    def id(self) -> str:
        return self.user.id

    @property
    def workspace_id(self) -> str:
        return self.user.personal_workspace_id


def sign_up(app: FastAPI, email: str = "ana@example.com") -> Person:
    user = make_user(app, email)
    return Person(user, auth_headers(app, user))


def add_membership(app: FastAPI, workspace_id: str, user: User | Person, role: str) -> None:
    """Give `user` a role in `workspace_id` (straight into the memberships table)."""
    user_id = user.id
    with Session(app.state.engine) as session:
        add_member(session, workspace_id, user_id, role, datetime.now(timezone.utc))
        session.commit()


def create_team_workspace(
    app: FastAPI, owner: Person, name: str = "Team", member: Person | None = None, member_role: str = "member"
) -> str:
    """A shared workspace owned by `owner` (its row written through the server store, as a change),
    with `member` in it as `member_role` when given."""
    workspace_id = uuid7()
    with app.state.store.write() as tx:
        tx.writer.insert(
            "workspaces",
            {
                "id": workspace_id,
                "workspace_id": workspace_id,
                "name": name,
                "kind": WORKSPACE_TEAM,
                "owner_id": owner.id,
                "created_at": datetime.now(timezone.utc),
            },
        )
    add_membership(app, workspace_id, owner, "owner")
    if member is not None:
        add_membership(app, workspace_id, member, member_role)
    return workspace_id


def server_services(app: FastAPI, person: Person, workspace_id: str | None = None) -> Services:
    """The desktop services on the server's store, acting as `person` (for test setup)."""
    return Services(
        ServiceContext(
            store=app.state.store,
            plugins=app.state.plugins,
            workspace_id=workspace_id or person.workspace_id,
            actor=person.id,
        )
    )


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id at its real cost takes ~0.3 s here; the tests need the logic, not the cost.

    Autouse in every test module that imports it."""
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(security, "_hasher", cheap)
    monkeypatch.setattr(security, "_DUMMY_HASH", cheap.hash("not a password"))
