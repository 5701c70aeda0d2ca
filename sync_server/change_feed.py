"""Which workspaces a write changed, for the live event streams (events.py).

`changelog.append` notes each workspace it logged changes in, with the
workspace's last number, on the transaction's connection; `ServerStore.write`
takes the notes once the transaction committed and hands them to the
process's broker. On PostgreSQL the same note is also a `NOTIFY` on
`CHANNEL`, sent in the transaction itself: PostgreSQL delivers it at commit
(never for a rollback) to every server process listening on the database
(pg_listener.py), so a stream open on another process hears of it too.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select

CHANNEL = "chenu_changes"
_NOTES = "chenu.changed_workspaces"
"""Key in the connection's `info` (which outlives the transaction: see `forget`)."""


def note(conn: Connection, workspace_id: str, seq: int) -> None:
    """Workspace `workspace_id` now has changes up to number `seq` (in this transaction)."""
    notes: dict[str, int] = conn.info.setdefault(_NOTES, {})
    notes[workspace_id] = max(seq, notes.get(workspace_id, 0))
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_notify(CHANNEL, encode(workspace_id, seq))))


def take(conn: Connection) -> dict[str, int]:
    """The notes of this transaction, removed from the connection."""
    return conn.info.pop(_NOTES, {})


def forget(conn: Connection) -> None:
    """Drop notes a rolled-back transaction left on this (pooled) connection."""
    conn.info.pop(_NOTES, None)


def encode(workspace_id: str, seq: int) -> str:
    return f"{workspace_id} {seq}"


def decode(payload: str) -> tuple[str, int] | None:
    """(workspace_id, seq) of a notification's payload; None for one not ours."""
    workspace_id, _, seq = payload.partition(" ")
    if not workspace_id or not seq.isdigit():
        return None
    return workspace_id, int(seq)
