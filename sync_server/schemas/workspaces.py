"""Workspaces and their members."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .auth import text

RoleName = Literal["owner", "member", "viewer"]
ROLE_HELP = "owner (manages members), member (reads and writes) or viewer (reads only)"
Name = text(1, 200, "a name shown to every member")


class WorkspaceCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: Name  # type: ignore[valid-type]


class WorkspacePatch(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: Name  # type: ignore[valid-type]


class WorkspaceOut(BaseModel):
    id: str
    name: str | None
    kind: str | None = Field(description="personal or team")
    owner_id: str | None = Field(description="who created it")
    created_at: datetime | None
    role: RoleName = Field(description="your role in it")


class MemberInvite(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    email: text(1, 320, "the email to invite; it need not have an account yet")  # type: ignore[valid-type]
    role: RoleName = Field(default="member", description=ROLE_HELP)


class MemberPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: RoleName = Field(description=ROLE_HELP)


class MemberOut(BaseModel):
    user_id: str
    email: str
    display_name: str | None
    role: RoleName
    joined_at: datetime


class InvitationOut(BaseModel):
    """A pending invitation: a role in a workspace offered to an email address."""

    id: str
    workspace_id: str
    workspace_name: str | None
    email: str = Field(description="who is invited")
    role: RoleName
    invited_by: str | None = Field(description="the email of the owner who invited")
    created_at: datetime
