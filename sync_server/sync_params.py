"""What a push or a pull asks besides its body: the pull cursor and the page size.

The cursor is opaque to devices: each workspace's position (the last number
pulled there) as urlsafe base64, without padding, of compact JSON.
"""

from __future__ import annotations

import base64
import binascii
import json

from fastapi import HTTPException, status

PULL_LIMIT_DEFAULT = 500
PULL_LIMIT_MAX = 5000
CURSOR_VERSION = 1
CURSOR_MAX_LENGTH = 60_000
"""About 900 workspaces' positions; below the 64 KiB URL parts HTTP clients allow."""
ID_MAX = 36
SEQ_MAX = 2**63 - 1


def encode_cursor(position: dict[str, int]) -> str:
    """The per-workspace position as urlsafe base64 (no padding) of compact JSON."""
    text = json.dumps({"v": CURSOR_VERSION, "w": dict(sorted(position.items()))}, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> dict[str, int]:
    """The position in `cursor` (empty: the start); a 422 when it is not one of ours."""
    if not cursor:
        return {}
    try:
        raw = base64.b64decode(cursor + "=" * (-len(cursor) % 4), altchars=b"-_", validate=True)
        data = json.loads(raw)
    except (binascii.Error, ValueError, RecursionError):
        raise _bad_cursor() from None
    if not isinstance(data, dict) or data.get("v") != CURSOR_VERSION or not isinstance(data.get("w"), dict):
        raise _bad_cursor()
    position: dict[str, int] = data["w"]
    for workspace, seq in position.items():
        if len(workspace) > ID_MAX or type(seq) is not int or not 0 <= seq <= SEQ_MAX:
            raise _bad_cursor()
    return position


def _bad_cursor() -> HTTPException:
    return HTTPException(
        status.HTTP_422_UNPROCESSABLE_CONTENT,
        detail="cursor: not a cursor this server gave; pull without one to start again",
    )
