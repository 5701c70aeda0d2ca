"""What a device remembers about its server, kept in the store's `sync_meta`.

Written in the same transactions as the data they describe: the pull cursor
moves in the transaction that applies the page it ends.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, delete
from sqlalchemy.dialects import sqlite
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

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


def _compiled_upsert() -> str:
    """`sync_meta`'s upsert of one (key, value), as SQLite text (the store is SQLite)."""
    statement = sqlite_insert(META).values(key=bindparam("key"), value=bindparam("value"))
    statement = statement.on_conflict_do_update(index_elements=[META.c.key], set_={"value": statement.excluded.value})
    compiled = statement.compile(dialect=sqlite.dialect())
    assert tuple(compiled.positiontup or ()) == ("key", "value")
    return str(compiled)


def roles_from_json(text: str | None) -> dict[str, str]:
    return dict(json.loads(text)) if text else {}


def roles_to_json(roles: dict[str, str]) -> str:
    return json.dumps(roles, sort_keys=True)


_SET_KEY = _compiled_upsert()


def write_keys(conn: Connection, values: dict[str, str]) -> None:
    """Remember several values in the caller's transaction, in one statement
    run on the driver (a sync writes its cursor, its time and the clock
    offset with every page it applies)."""
    if values:
        conn.connection.driver_connection.executemany(_SET_KEY, list(values.items()))  # type: ignore[union-attr]


def forget(conn: Connection, *keys: str) -> None:
    conn.execute(delete(META).where(META.c.key.in_(keys)))
