"""The sync protocol's bodies as this device writes and reads them (msgspec).

The server's side is `sync_server/schemas/sync.py`; the JSON is the same as
before, only made and read faster:

- a pushed change leaves the outbox with its value as stored there (JSON
  text, `Raw`): never decoded and encoded again on the way out;
- an answer is decoded straight into typed objects (a pulled change into a
  `Change`), about three times faster than `json` plus per-change dicts. An
  answer of the wrong shape is a clear `ServerRefused`, never a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

import msgspec

from chenu_desktop.domain.changes import SYNC_SCHEMA_VERSION, Change

from .errors import ServerRefused


class WireChange(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A change as it travels, both ways: its value kept as the JSON text it
    was stored or sent as (`Raw`). The device pushes its outbox in this form;
    the server reads pushes into it (`sync_server/push_body.py`) and writes
    pulled changes from it, with their `seq`."""

    hlc: str
    node: str
    workspace_id: str
    table: str
    row_id: str
    column: str
    value: msgspec.Raw
    base_hlc: str | None = None
    schema: int = SYNC_SCHEMA_VERSION


class PushRequest(msgspec.Struct):
    node_id: str
    changes: Sequence[WireChange | Change]


class ChangeResult(msgspec.Struct, frozen=True):
    """The server's verdict on the pushed change at `index`."""

    index: int
    status: str
    """"accepted", "duplicate" (both an acknowledgement) or "rejected"."""
    seq: int | None = None
    code: str | None = None
    reason: str | None = None


class PushAnswer(msgspec.Struct):
    """`POST /sync/push`'s answer (PushResponse)."""

    results: list[ChangeResult]
    accepted: int
    duplicates: int
    rejected: int
    epoch: str
    next_cursor: str | None = None
    """Where the device stands when nothing but this push was logged since its cursor (absent from older servers)."""
    workspaces: dict[str, str] | None = None
    """With next_cursor: the caller's role in each workspace."""


class PullPage(msgspec.Struct):
    """`GET /sync/pull`'s answer (PullResponse); each change's `seq` is not kept."""

    changes: list[Change]
    next_cursor: str
    more: bool
    epoch: str
    workspaces: dict[str, str] | None = None
    """The caller's role in each workspace (None from a server that does not say)."""
    withheld: list[dict[str, Any]] = []


def _as_plain(value: Any) -> Any:
    """A value msgspec does not encode itself: a `str` subclass (a column
    name from the table metadata, as a row's key) as its text."""
    if isinstance(value, str):
        return str(value)
    raise NotImplementedError(f"cannot send a {type(value).__name__} to the server")


_encoder = msgspec.json.Encoder(enc_hook=_as_plain)
Answer = TypeVar("Answer", PushAnswer, PullPage)
_decoders: dict[type, msgspec.json.Decoder[Any]] = {kind: msgspec.json.Decoder(kind) for kind in (PushAnswer, PullPage)}


def push_body(node_id: str, changes: Sequence[WireChange | Change]) -> bytes:
    return _encoder.encode(PushRequest(node_id, changes))


def json_body(data: Any) -> bytes:
    return _encoder.encode(data)


def decode_answer(kind: type[Answer], content: bytes, what: str) -> Answer:
    """An answer's body as `kind`; a clear refusal when it is not one."""
    try:
        return _decoders[kind].decode(content)
    except (msgspec.DecodeError, msgspec.ValidationError) as error:
        raise ServerRefused(f"{what}: the server's answer is not a {what} answer ({error})") from None
