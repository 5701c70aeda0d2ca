"""Judging changes: what a push (or a REST write) may put on the server.

A pushed change is judged on its own and rejected with a code and a reason,
or let through to the log; one bad change never blocks the rest of a push.
In order:

1. access (access.py): the pusher must be a member of the change's workspace
   (`forbidden`) who may write it (`read_only` for a viewer); a workspace's
   own row changes only for its owners (`forbidden`).
2. schema: newer than this server's is `schema_too_new` (kept, sent again).
3. shape (values.py): stamps, ids, table, column and a value the column can
   hold, within the limits on one value (`invalid`).
4. stamp (stamps.py): more than 5 minutes ahead of the server's time is
   `clock_skew` (kept on the device, sent again); past the year 9999 `invalid`.
5. the same change key twice with different contents is `invalid`; a row of
   another workspace is out of reach (`forbidden`).
6. meaning, for changes not logged before (a replay changes nothing, so it
   is acknowledged as a duplicate whatever it says): references must name
   rows of the same workspace (references.py) and actors must name the
   pusher (actors.py), else `forbidden`.

REST writes run the desktop's services on the server, which set the actor
themselves; what they wrote is checked for its shape, its limits and its
references before it is logged (`refuse_bad_writes`), so a REST call cannot
store what a push could not.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from sqlalchemy import Connection

from chenu_desktop.domain.changes import ROW_COLUMN, SYNC_SCHEMA_VERSION, Change
from chenu_desktop.domain.errors import ValidationError

from .access import check_repeats, check_row_owners, role_verdict, roles_of
from .actors import check_actors
from .references import check_references
from .stamps import CLOCK_SKEW_TOLERANCE_MS, stamp_verdict, too_far_ahead
from .values import (
    JSON_MAX_BYTES,
    JSON_MAX_DEPTH,
    TEXT_MAX_BYTES,
    content_problem,
    json_too_deep,
    shape_problem,
    stamp_problem,
)
from .verdict import RejectionCode, Verdict

__all__ = [
    "CLOCK_SKEW_TOLERANCE_MS",
    "JSON_MAX_BYTES",
    "JSON_MAX_DEPTH",
    "TEXT_MAX_BYTES",
    "RefusedWrite",
    "RejectionCode",
    "Verdict",
    "judge_push",
    "refuse_bad_writes",
    "roles_of",
    "withheld_reason",
]

ChangeKey = tuple[str, str, str, str, str]


class RefusedWrite(ValidationError):
    """A REST write would store a value or a reference no push may store."""


LoggedKeys = Callable[[Connection, Sequence[Change]], Collection[ChangeKey]]
"""Which of these changes the log holds already (`changelog.already_logged`)."""


def judge_push(
    conn: Connection,
    pusher: str,
    changes: Sequence[Change],
    now_ms: int,
    logged: LoggedKeys,
    value_texts: Sequence[str] | None = None,
    rows_held: dict[tuple[str, str], str] | None = None,
) -> list[Verdict]:
    """One verdict per change of a push by `pusher`, at the server's time `now_ms`
    (`value_texts`: each change's value as the JSON text it arrived in, if known).

    `rows_held`, when given, is filled with the rows the push touches that the
    server holds ({(table, row id): workspace}) as judging read them, for the
    merge (`changelog.accept`) not to read them again."""
    roles = roles_of(conn, pusher)
    stamps: dict[tuple[str, str, str | None], tuple[str | None, Verdict]] = {}
    texts = value_texts if value_texts is not None else [None] * len(changes)
    verdicts = [_judge_alone(change, text, roles, now_ms, stamps) for change, text in zip(changes, texts)]
    check_repeats(changes, verdicts)
    held = check_row_owners(conn, changes, verdicts)
    if rows_held is not None:
        rows_held.update(held)
    standing = [change for change, verdict in zip(changes, verdicts) if verdict is None]
    replayed = logged(conn, standing) if standing else set()  # only well-formed keys reach the database
    fresh = [index for index, change in enumerate(changes) if verdicts[index] is None and change.key not in replayed]
    if fresh:
        subset = [changes[index] for index in fresh]
        judged: list[Verdict] = [None] * len(fresh)
        while True:  # a refused change takes down what points at it or leans on it: again until nothing moves
            standing = judged.count(None)
            check_references(conn, subset, judged)
            check_actors(conn, pusher, subset, judged)
            if judged.count(None) == standing:
                break
        for index, verdict in zip(fresh, judged):
            verdicts[index] = verdict
    return verdicts


def _judge_alone(
    change: Change,
    text: str | None,
    roles: dict[str, str],
    now_ms: int,
    stamps: dict[tuple[str, str, str | None], tuple[str | None, Verdict]],
) -> Verdict:
    """What can be told of `change` without the rest of the push or the rows it
    touches. `stamps` remembers the verdict on each (stamp, node, base stamp)
    of this push: a local transaction's changes share theirs."""
    refused = role_verdict(change, roles)
    if refused is not None:
        return refused
    if change.schema > SYNC_SCHEMA_VERSION:
        return (
            "schema_too_new",
            f"the change has schema {change.schema}, newer than this server's {SYNC_SCHEMA_VERSION}: "
            "the server must be upgraded before it can take it",
        )
    if change.schema < 1:
        return "invalid", f"schema {change.schema} is not a version"
    key = (change.hlc, change.node, change.base_hlc)
    if key not in stamps:
        malformed = stamp_problem(change)
        stamps[key] = (malformed, None if malformed else stamp_verdict(change, now_ms))
    malformed, in_time = stamps[key]
    problem = malformed or content_problem(change, text)  # a malformed stamp first, as shape_problem tells it
    if problem:
        return "invalid", problem
    return in_time


def refuse_bad_writes(conn: Connection, changes: Sequence[Change]) -> None:
    """Raise RefusedWrite (a 422, the transaction rolled back) when a write
    made on the server holds a value or a reference a push could not."""
    verdicts: list[Verdict] = []
    for change in changes:
        problem = shape_problem(change)
        verdicts.append(("invalid", problem) if problem else None)
    check_references(conn, changes, verdicts)
    for change, verdict in zip(changes, verdicts):
        if verdict is not None:
            raise RefusedWrite(change.table, verdict[1])


def withheld_reason(change: Change, now_ms: int) -> str | None:
    """Why a logged change must not go out in a pull, or None.

    Only changes logged before the server judged depth and stamps can be
    withheld: a value nested deeper than the limit (the response could not be
    encoded, and every pull of the workspace would fail), or a stamp too far
    ahead (every device that merged it would stamp its own work in the future).
    """
    if too_far_ahead(change.hlc, now_ms):
        return f"stamped more than {CLOCK_SKEW_TOLERANCE_MS // 60_000} minutes ahead of the server's time"
    row_level = 1 if change.column == ROW_COLUMN else 0  # a whole-row change's object is the row, not a value
    if json_too_deep(change.value, JSON_MAX_DEPTH + row_level):
        return f"its value is nested deeper than {JSON_MAX_DEPTH} levels"
    return None
