"""Accounts: creating a user with their personal workspace, finding users."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from chenu_desktop.domain.errors import ValidationError
from chenu_desktop.domain.identity import WORKSPACE_PERSONAL, Role
from chenu_desktop.domain.ids import uuid7

from .database import ServerStore
from .models import Membership, User
from .security import hash_password

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PASSWORD_MIN = 8
PASSWORD_MAX = 1024


class EmailTakenError(ValidationError):
    def __init__(self) -> None:
        super().__init__("email", "an account with this email already exists")


def normalise_email(email: str) -> str:
    cleaned = email.strip().lower()
    if not EMAIL.match(cleaned) or len(cleaned) > 320:
        raise ValidationError("email", "is not a valid email address")
    return cleaned


def validate_password(password: str) -> str:
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise ValidationError("password", f"must be {PASSWORD_MIN} to {PASSWORD_MAX} characters")
    return password


def create_user(
    store: ServerStore,
    email: str,
    password: str,
    display_name: str | None = None,
    is_admin: bool = False,
) -> User:
    """The user, an owner membership, and their personal workspace, in one
    transaction; the workspace row is a change like any other, so it syncs."""
    email = normalise_email(email)
    password_hash = hash_password(validate_password(password))
    now = datetime.now(timezone.utc)
    user_id, workspace_id = uuid7(), uuid7()
    try:
        with store.write() as tx:
            if tx.conn.execute(select(func.count()).select_from(User).where(User.email == email)).scalar_one():
                raise EmailTakenError()
            tx.conn.execute(
                User.__table__.insert().values(
                    id=user_id,
                    email=email,
                    display_name=display_name,
                    password_hash=password_hash,
                    is_admin=is_admin,
                    personal_workspace_id=workspace_id,
                    created_at=now,
                )
            )
            tx.writer.insert(
                "workspaces",
                {
                    "id": workspace_id,
                    "workspace_id": workspace_id,
                    "name": display_name or email,
                    "kind": WORKSPACE_PERSONAL,
                    "owner_id": user_id,
                    "created_at": now,
                },
            )
            add_member(tx.session, workspace_id, user_id, Role.OWNER.value, now)
            tx.session.flush()
    except IntegrityError:
        raise EmailTakenError() from None  # a concurrent registration won the race
    with Session(store.engine) as session:
        user = session.get(User, user_id)
        assert user is not None
        session.expunge(user)
        return user


def add_member(session: Session, workspace_id: str, user_id: str, role: str, now: datetime) -> None:
    session.add(Membership(id=uuid7(), workspace_id=workspace_id, user_id=user_id, role=role, created_at=now))


def find_user(store: ServerStore, email: str) -> User | None:
    with Session(store.engine) as session:
        user = session.scalars(select(User).where(User.email == email.strip().lower())).first()
        if user is not None:
            session.expunge(user)
        return user
