"""Tables only the server has: accounts, sessions, memberships, the change log.

They live in their own metadata so the desktop's migrations never see them;
the server's migrations cover these and the synced tables it materialises.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from chenu_desktop.store.models.base import NAMING_CONVENTION, UtcTimestamp

ID = String(36)


class ServerBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UtcTimestamp()}


class User(ServerBase):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    """Stored lower-case: one account per address, whatever the spelling."""
    display_name: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    personal_workspace_id: Mapped[str] = mapped_column(ID)
    created_at: Mapped[datetime]


class Membership(ServerBase):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("workspace_id", "user_id"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    workspace_id: Mapped[str] = mapped_column(ID, index=True)
    user_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]


class Invitation(ServerBase):
    """An owner's offer of a role in a workspace, to an email address.

    No membership exists until the invitee accepts: nothing of the workspace
    reaches them before. The email need not have an account yet (with
    CHENU_REGISTRATION=invite, a pending invitation is what lets it register).
    """

    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("workspace_id", "email"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    workspace_id: Mapped[str] = mapped_column(ID, index=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    """Stored lower-case, like `users.email`."""
    role: Mapped[str] = mapped_column(String(16))
    invited_by: Mapped[str | None] = mapped_column(ID, ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]


class RefreshToken(ServerBase):
    """A refresh token, stored as a hash; rotation keeps the family together.
    A token made by rotation is derived from the one it replaced (see
    `security.next_refresh_token`), so `created_at` is also its access
    token's issue time: a retried refresh gets the same pair again."""

    __tablename__ = "refresh_tokens"
    __table_args__ = (Index("ix_refresh_tokens_family_id_revoked_at", "family_id", "revoked_at"),)

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    family_id: Mapped[str] = mapped_column(ID)
    """The session: every token rotated from one sign-in; access tokens name it (`sid`)."""
    user_id: Mapped[str] = mapped_column(ID, ForeignKey("users.id", ondelete="CASCADE"), index=True)
    expires_at: Mapped[datetime]
    created_at: Mapped[datetime]
    rotated_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class LoginFailure(ServerBase):
    """Failed logins, shared by every server process, for rate limiting."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(400))
    at: Mapped[datetime]


class ChangeLogEntry(ServerBase):
    """Every change the server accepted, numbered per workspace in commit order."""

    __tablename__ = "change_log"
    __table_args__ = (
        UniqueConstraint("hlc", "node", "table_name", "row_id", "column_name", name="uq_change_log_change"),
        UniqueConstraint("workspace_id", "seq", name="uq_change_log_workspace_seq"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    workspace_id: Mapped[str] = mapped_column(ID)
    seq: Mapped[int] = mapped_column(BigInteger)
    push_id: Mapped[str] = mapped_column(ID)
    hlc: Mapped[str] = mapped_column(String(48))
    node: Mapped[str] = mapped_column(String(16))
    table_name: Mapped[str] = mapped_column(String(64))
    row_id: Mapped[str] = mapped_column(String(64))
    column_name: Mapped[str] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(Text)
    base_hlc: Mapped[str | None] = mapped_column(String(48))
    schema: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[datetime]


class WorkspaceCounter(ServerBase):
    """The last sequence number given in a workspace; its row is the lock that
    numbers changes in commit order (SELECT … FOR UPDATE on PostgreSQL)."""

    __tablename__ = "workspace_counters"

    workspace_id: Mapped[str] = mapped_column(ID, primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    stored_bytes: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    """The size of the workspace's logged values, for the storage quota."""


class ServerMeta(ServerBase):
    """Key/value facts about the server database: its epoch, above all."""

    __tablename__ = "server_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
