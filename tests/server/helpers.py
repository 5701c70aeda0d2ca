"""Helpers of the REST API tests: signed-in users, memberships, server-side services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from fastapi import FastAPI
from sqlalchemy.orm import Session

from chenu_desktop.domain.identity import WORKSPACE_TEAM
from chenu_desktop.domain.ids import uuid7
from chenu_desktop.services import Services, ServiceContext
from sync_server.accounts import add_member
from sync_server.models import User
from sync_server.security import create_access_token
from tests.server.conftest import make_user

API = "/api/v1"


def token_for(app: FastAPI, user: User, minutes: int = 15) -> str:
    """An access token, made directly (until the auth routes land)."""
    return create_access_token(user.id, app.state.settings.signing_secret, timedelta(minutes=minutes))


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


def create_team_workspace(app: FastAPI, owner: Person, name: str = "Team") -> str:
    """A shared workspace owned by `owner` (its row written through the server store, as a change)."""
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
