"""The sync protocol on the wire: push a batch of changes, pull pages of them.

A change travels as the JSON form of `chenu_desktop.domain.changes.Change`
(`Change.to_dict()` / `Change.from_dict()`). Only the envelope is checked
here: JSON types, the node id, at most MAX_PUSH changes (a request that
breaks these is a 422 as a whole). Everything a change carries (its stamps,
ids, table, column and value, its schema version, the caller's role in its
workspace) is judged per change by the push route, which rejects that change
with a reason and still accepts the others: one bad change never blocks a
device's outbox.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from chenu_desktop.domain.changes import SYNC_SCHEMA_VERSION, Change

from ..judging import RejectionCode

MAX_PUSH = 1000
"""Changes in one push; a longer push is refused whole (422): send it in parts."""

NODE_PATTERN = r"^[0-9a-f]{16}$"


class WireChange(BaseModel):
    """One field of one row (`column` "*": a whole new row), stamped by its writer.

    Only the JSON types are checked here; the formats below are checked per
    change by the push, which rejects a change that breaks them (code
    `invalid`) and accepts the others.
    """

    model_config = ConfigDict(
        extra="forbid", strict=True, validate_by_name=True, validate_by_alias=True, serialize_by_alias=True
    )

    hlc: str = Field(description="hybrid logical clock stamp `PPPPPPPPPPPPPPP-CCCCC-NODE` (15 digits, 5 digits, the node id)")
    node: str = Field(description="the writing node: 16 lowercase hex digits, the stamp's last part")
    workspace_id: str = Field(description="the workspace the row belongs to (at most 36 characters)")
    table: str = Field(description="a synced table of this schema version")
    row_id: str = Field(description="the row's id (at most 36 characters)")
    column: str = Field(description='a column of the table, or "*" for a whole new row')
    value: Any = Field(description='the new value of the field; for column "*" an object: the new row\'s fields')
    base_hlc: str | None = Field(None, description="the field's stamp on the writer's node before this write (null for a new row)")
    schema_: int = Field(
        SYNC_SCHEMA_VERSION,
        alias="schema",
        description=f"version of the synced tables' shape the writer used (this server: {SYNC_SCHEMA_VERSION})",
    )

    def to_change(self) -> Change:
        return Change(
            hlc=self.hlc,
            node=self.node,
            workspace_id=self.workspace_id,
            table=self.table,
            row_id=self.row_id,
            column=self.column,
            value=self.value,
            base_hlc=self.base_hlc,
            schema=self.schema_,
        )


class PushRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    node_id: str = Field(pattern=NODE_PATTERN, description="the pushing node (device): 16 lowercase hex digits")
    changes: list[WireChange] = Field(max_length=MAX_PUSH, description=f"at most {MAX_PUSH}, oldest first")


ChangeStatus = Literal["accepted", "duplicate", "rejected"]


class ChangeResult(BaseModel):
    """The server's answer for the change at `index` of the push.

    `accepted` (logged now, numbered `seq` in its workspace) and `duplicate`
    (logged by an earlier push: replaying a push is harmless) are both an
    acknowledgement: the change is durably on the server. `rejected` never
    will be as it stands; `code` says why and `reason` says it for a person:
    `forbidden` (not a member of the workspace; the row, or a row it points
    at, belongs to another; a workspace's own row changed by a non-owner; a
    row naming another person as the one who acted), `read_only` (a viewer),
    `schema_too_new` (the server must be upgraded first; keep the change),
    `clock_skew` (stamped more than 5 minutes ahead of the server's time;
    keep the change and send it again later), `invalid` (unknown table or
    column, a value the column cannot hold: too long, JSON nested deeper
    than 32 levels or larger than 64 KiB; a malformed or
    out-of-range stamp), `quota_exceeded` (the workspace owner's storage
    quota is full).
    """

    index: int
    status: ChangeStatus
    seq: int | None = Field(None, description="the change's number in its workspace's log, when accepted by this push")
    code: RejectionCode | None = None
    reason: str | None = None


class PushResponse(BaseModel):
    results: list[ChangeResult] = Field(description="one per pushed change, in the order sent")
    accepted: int
    duplicates: int
    rejected: int
    epoch: str = Field(description="the server database's identity; a change means a puller must start over")
    next_cursor: str | None = Field(
        None,
        description="given a `cursor`: where the caller stands after this push when nothing but it was logged "
        "since that cursor (no need to pull); null otherwise, or without a cursor",
    )
    workspaces: dict[str, str] | None = Field(
        None, description="with `next_cursor`: every workspace the caller belongs to, with their role (as a pull says)"
    )


class PulledChange(WireChange):
    """A logged change and its number in its workspace's log."""

    seq: int = Field(description="the change's number in its workspace's log")


class WithheldChange(BaseModel):
    """A logged change this pull leaves out, and why: it was logged before the
    server judged depth and stamps, and would break every puller (a value
    nested too deep to encode, a stamp that would drag their clocks ahead)."""

    workspace_id: str
    seq: int
    table: str
    row_id: str
    reason: str


class PullResponse(BaseModel):
    changes: list[PulledChange] = Field(
        description="after the cursor, workspace by workspace, each in log order; one push is never cut in two"
    )
    withheld: list[WithheldChange] = Field(
        default_factory=list,
        description="changes of this page's range left out, each with its reason (see WithheldChange); usually empty",
    )
    next_cursor: str = Field(description="opaque: pass it as `cursor` to the next pull")
    more: bool = Field(description="true when more changes wait: pull again at once with next_cursor")
    epoch: str = Field(description="the server database's identity; if it differs from the last pull's, start again without a cursor")
    workspaces: dict[str, str] = Field(
        default_factory=dict,
        description="every workspace the caller belongs to, with their role in it (owner, member, viewer)",
    )
