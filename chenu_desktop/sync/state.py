"""What a device remembers about its server, kept in the store's `sync_meta`.

Written in the same transactions as the data they describe: the pull cursor
moves in the transaction that applies the page it ends.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, delete, select

from chenu_desktop.store.database import META

CURRENT_WORKSPACE_KEY = "current_workspace"
ACCOUNT_KEY = "account"
DATA_OWNER_KEY = "data_owner"
CURSOR_KEY = "sync_cursor"
EPOCH_KEY = "server_epoch"
ROLES_KEY = "workspace_roles"
LAST_SYNC_KEY = "last_sync_at"
CLOCK_MEASURED_KEY = "clock_offset_measured_at"
"""When (this device's own clock, ms) the stored clock offset was last measured."""


@dataclass(frozen=True)
class Account:
    """Who this data dir belongs to on which server (never the tokens: see credentials)."""

    server_url: str
    user_id: str
    email: str
    display_name: str | None
    personal_workspace_id: str

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> "Account | None":
        if not text:
            return None
        data: dict[str, Any] = json.loads(text)
        return cls(**{name: data.get(name) for name in cls.__dataclass_fields__})  # type: ignore[arg-type]


def roles_from_json(text: str | None) -> dict[str, str]:
    return dict(json.loads(text)) if text else {}


def roles_to_json(roles: dict[str, str]) -> str:
    return json.dumps(roles, sort_keys=True)


def read_keys(conn: Connection, *keys: str) -> dict[str, str]:
    """Several of the remembered values in one read; absent keys are left out."""
    return dict(conn.execute(select(META.c.key, META.c.value).where(META.c.key.in_(keys))).all())  # type: ignore[arg-type]


def forget(conn: Connection, *keys: str) -> None:
    conn.execute(delete(META).where(META.c.key.in_(keys)))
