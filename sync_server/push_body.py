"""Reading a push's body: fast for a well-formed one, FastAPI's own answer for any other.

A push of 1 000 new rows is ~0.8 MB of JSON. Parsing it with `json.loads`,
validating it with pydantic and copying it into `Change`s took a third of
the push's time budget, and each value was then encoded again for the log.
Here msgspec decodes the envelope in C straight into typed structs, keeping
each change's `value` as the raw JSON text it arrived as (`msgspec.Raw`): the
log stores that text as received, and the judging and the merge get it
decoded once.

msgspec takes only what is surely a well-formed push (every field of the
right JSON type, nothing unknown, strict JSON). Anything else — a malformed
body, a wrong type, an unknown key, `NaN`, a lone surrogate, the `schema_`
spelling pydantic also accepts — goes through `PushRequest` exactly as
FastAPI would have validated it, so the same bodies are accepted and the same
422s given as before.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from email.message import Message
from typing import Annotated

import msgspec
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from chenu_desktop.domain.changes import Change, encode_value
from chenu_desktop.sync.protocol import WireChange

from .schemas.sync import MAX_PUSH, NODE_PATTERN, PushRequest

NODE = re.compile(NODE_PATTERN.strip("^$"))


class _FastPush(msgspec.Struct, forbid_unknown_fields=True):
    node_id: str
    changes: Annotated[list[WireChange], msgspec.Meta(max_length=MAX_PUSH)]


_envelope = msgspec.json.Decoder(_FastPush)
_value = msgspec.json.Decoder()


@dataclass(frozen=True)
class Push:
    """A push as the route works on it: each change and its value's JSON text."""

    node_id: str
    changes: list[Change]
    value_texts: list[str]
    """The JSON text each change's value arrived as, in the order of `changes`."""


def read_push(body: bytes, content_type: str | None) -> Push:
    """The push in `body`; a RequestValidationError (422) as FastAPI gives it when it is not one."""
    if _is_json(content_type):
        fast = _fast(body)
        if fast is not None:
            return fast
    return _validated(body, content_type)


def _fast(body: bytes) -> Push | None:
    try:
        envelope = _envelope.decode(body)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
    if not NODE.fullmatch(envelope.node_id):
        return None
    changes: list[Change] = []
    texts: list[str] = []
    for wire in envelope.changes:
        raw = bytes(wire.value)
        texts.append(raw.decode())  # msgspec validated it as UTF-8 JSON
        changes.append(
            Change(wire.hlc, wire.node, wire.workspace_id, wire.table, wire.row_id, wire.column, _value.decode(raw), wire.base_hlc, wire.schema)
        )
    return Push(envelope.node_id, changes, texts)


def _validated(body: bytes, content_type: str | None) -> Push:
    """FastAPI's reading of a JSON body (`Request.json()`, then the model), for
    the bodies the fast path leaves alone."""
    data: object = body
    if body and _is_json(content_type):
        try:
            data = json.loads(body)
        except json.JSONDecodeError as error:
            raise RequestValidationError(
                [{"type": "json_invalid", "loc": ("body", error.pos), "msg": "JSON decode error", "input": {}, "ctx": {"error": error.msg}}]
            ) from None
        except UnicodeDecodeError:
            raise RequestValidationError(
                [{"type": "json_invalid", "loc": ("body", 0), "msg": "JSON decode error", "input": {}, "ctx": {"error": "not UTF-8"}}]
            ) from None
    elif not body:
        raise RequestValidationError([{"type": "missing", "loc": ("body",), "msg": "Field required", "input": None}])
    try:
        request = PushRequest.model_validate(data)
    except ValidationError as error:
        raise RequestValidationError(
            [{**detail, "loc": ("body", *detail["loc"])} for detail in error.errors(include_url=False)]
        ) from None
    changes = [wire.to_change() for wire in request.changes]
    return Push(request.node_id, changes, [encode_value(change.value) for change in changes])


def _is_json(content_type: str | None) -> bool:
    """What FastAPI parses as JSON: application/json and application/*+json."""
    if content_type == "application/json":
        return True
    if not content_type:
        return False
    message = Message()
    message["content-type"] = content_type
    if message.get_content_maintype() != "application":
        return False
    subtype = message.get_content_subtype()
    return subtype == "json" or subtype.endswith("+json")
