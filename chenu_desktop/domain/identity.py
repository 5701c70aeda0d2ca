"""Workspaces and roles."""

from __future__ import annotations

from enum import Enum


class Role(str, Enum):
    OWNER = "owner"
    MEMBER = "member"
    VIEWER = "viewer"


ROLES = tuple(r.value for r in Role)
WRITING_ROLES = (Role.OWNER.value, Role.MEMBER.value)

WORKSPACE_PERSONAL = "personal"
WORKSPACE_TEAM = "team"
LOCAL_USER = "local"  # the actor of a data dir that has never signed in
LOCAL_WORKSPACE_NAME = "Local workspace"  # stored as written; the window shows it in its language
