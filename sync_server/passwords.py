"""Changing a password: the current one checked, the new one hashed (argon2id),
and every other session of the person ended, so a device or a thief still
holding an old sign-in has to sign in again with the new password."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Engine, update

from .models import RefreshToken, User
from .ratelimit import write_connection
from .security import hash_password

TOKENS = RefreshToken.__table__
USERS = User.__table__


def replace_password(engine: Engine, user_id: str, new_password: str, keep_session_id: str) -> None:
    """Store the new password's hash and revoke the user's other sessions, in one transaction."""
    password_hash = hash_password(new_password)  # slow: before the write lock is taken
    now = datetime.now(timezone.utc)
    with write_connection(engine) as conn:
        conn.execute(update(USERS).where(USERS.c.id == user_id).values(password_hash=password_hash))
        conn.execute(
            update(TOKENS)
            .where(TOKENS.c.user_id == user_id, TOKENS.c.family_id != keep_session_id, TOKENS.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )
