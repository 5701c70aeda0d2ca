"""The sync routes' answers, encoded straight to JSON bytes.

Same shapes, keys and key order as `PushResponse` and `PullResponse` (the
documented contract), without a pydantic model per change: a pull page of
5 000 changes validated and serialised 5 000 `PulledChange`s and decoded
every logged value only to encode it again. Here a logged value goes out as
the JSON text the log holds (`msgspec.Raw`), and msgspec encodes the rest.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Any

import msgspec

from chenu_desktop.domain.changes import Change
from chenu_desktop.sync.protocol import WireChange

from .changelog import Logged
from .judging import JSON_MAX_DEPTH, Verdict, withheld_reason
from .judging.stamps import too_far_ahead

log = logging.getLogger("chenu.server.sync")

_encode = msgspec.json.Encoder().encode


class _Pulled(WireChange, kw_only=True):
    """One `PulledChange`, fields in its order."""

    seq: int


class _Withheld(msgspec.Struct):
    """One `WithheldChange`, fields in its order."""

    workspace_id: str
    seq: int
    table: str
    row_id: str
    reason: str


def push_answer(
    verdicts: Sequence[Verdict], entries: Sequence[Logged], epoch: str, stands: tuple[str, dict[str, str]] | None = None
) -> bytes:
    """A `PushResponse`: each change's result at its index, then the counts;
    `stands`: (next_cursor, workspaces) when the pusher need not pull (caught_up.py)."""
    logged = iter(entries)
    results: list[dict[str, Any]] = []
    counts = {"accepted": 0, "duplicate": 0, "rejected": 0}
    for index, verdict in enumerate(verdicts):
        if verdict is not None:
            status, seq, code, reason = "rejected", None, verdict[0], verdict[1]
        else:
            seq = next(logged).seq
            status, code, reason = ("duplicate" if seq is None else "accepted"), None, None
        counts[status] += 1
        results.append({"index": index, "status": status, "seq": seq, "code": code, "reason": reason})
    return _encode(
        {
            "results": results,
            "accepted": counts["accepted"],
            "duplicates": counts["duplicate"],
            "rejected": counts["rejected"],
            "epoch": epoch,
            "next_cursor": stands[0] if stands else None,
            "workspaces": stands[1] if stands else None,
        }
    )


def pull_answer(rows: Sequence[Sequence[Any]], next_cursor: str, more: bool, epoch: str, roles: dict[str, str], now_ms: int) -> bytes:
    """A `PullResponse` of log rows (`changelog.PULLED`), each value sent as the
    text the log holds; the rare change that must be withheld is listed instead."""
    changes: list[_Pulled] = []
    withheld: list[_Withheld] = []
    stamp, ahead = None, False
    for row in rows:
        workspace_id, seq, _push_id, hlc, node, table, row_id, column, text, base_hlc, schema = row
        if hlc != stamp:  # a push's changes share their stamp, one local transaction's
            stamp, ahead = hlc, too_far_ahead(hlc, now_ms)
        # JSON with no more `[` and `{` than the depth limit cannot nest deeper (inline: once per change)
        maybe = ahead or text.count("[") + text.count("{") > JSON_MAX_DEPTH
        reason = _withheld(hlc, column, text, now_ms) if maybe else None
        if reason is None:
            value = msgspec.Raw(_valid_json(text))
            changes.append(_Pulled(hlc, node, workspace_id, table, row_id, column, value, base_hlc, schema, seq=seq))
        else:
            withheld.append(_Withheld(workspace_id, seq, table, row_id, reason))
            log.warning("change withheld from pull", extra={"workspace_id": workspace_id, "seq": seq, "reason": reason})
    return _encode(
        {"changes": changes, "withheld": withheld, "next_cursor": next_cursor, "more": more, "epoch": epoch, "workspaces": roles}
    )


def _withheld(hlc: str, column: str, text: str, now_ms: int) -> str | None:
    """`judging.withheld_reason`, for a change that may be withheld (its stamp
    too far ahead, or its value possibly too deep): decoded only then."""
    return withheld_reason(Change(hlc, "", "", "", "", column, json.loads(text)), now_ms)


def _valid_json(text: str) -> str:
    """The logged text, or for a value logged with NaN or Infinity (Python's
    encoder wrote those, not JSON, before pushes were judged) the same value as
    the pydantic answer gave it: those numbers as null."""
    if "NaN" in text or "Infinity" in text:
        return _encode(json.loads(text)).decode()
    return text
