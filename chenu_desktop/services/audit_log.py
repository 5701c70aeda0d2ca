"""The audit log, read back: who did what to which object, and when."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, and_, cast, or_, select

from chenu_desktop.domain.audit import LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX
from chenu_desktop.domain.clock import as_utc
from chenu_desktop.domain.errors import ValidationError
from chenu_desktop.store.models import AuditEntry

from .context import ServiceContext
from .limits import check_count
from .records import DEVICE_KEY
from .views import JsonView


@dataclass(frozen=True)
class AuditView(JsonView):
    id: str
    actor: str
    action: str
    target_type: str | None
    target_id: str | None
    details: dict[str, Any]
    at: datetime
    device: str | None = None
    """The node id of the store that recorded it (None for entries older than that)."""


class AuditLog:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def list(
        self,
        actor: str | None = None,
        action: str | None = None,
        target_type: str | None = None,
        target_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = LIST_LIMIT_DEFAULT,
        after: tuple[datetime, str] | None = None,
        search: str | None = None,
    ) -> list[AuditView]:
        """Entries of the current workspace, newest first.

        `action` is exact ("thread.created") or, ending in ".", a prefix
        ("thread." is every thread action). `since` is inclusive and `until`
        exclusive, so consecutive periods never share an entry; naive times are UTC.
        `after` is the (at, id) of the last entry of the previous page (a keyset
        page); `search` keeps entries whose actor, action, target or details
        contain it (any case).
        """
        check_count("limit", limit, LIST_LIMIT_MAX)
        if since is not None and until is not None and as_utc(until) < as_utc(since):
            raise ValidationError("until", "must not be before since")
        query = select(AuditEntry).where(AuditEntry.workspace_id == self.ctx.workspace_id)
        if actor is not None:
            query = query.where(AuditEntry.actor == actor)
        if action is not None:
            if action.endswith("."):
                query = query.where(AuditEntry.action.startswith(action, autoescape=True))
            else:
                query = query.where(AuditEntry.action == action)
        if target_type is not None:
            query = query.where(AuditEntry.target_type == target_type)
        if target_id is not None:
            query = query.where(AuditEntry.target_id == target_id)
        if since is not None:
            query = query.where(AuditEntry.at >= as_utc(since))
        if until is not None:
            query = query.where(AuditEntry.at < as_utc(until))
        if after is not None:
            at, last_id = after
            query = query.where(or_(AuditEntry.at < as_utc(at), and_(AuditEntry.at == as_utc(at), AuditEntry.id < last_id)))
        if search is not None and search.strip():
            needle = search.strip()
            in_columns = [c.icontains(needle, autoescape=True) for c in (AuditEntry.actor, AuditEntry.action, AuditEntry.target_type, AuditEntry.target_id)]
            # The details are stored as JSON text, non-ASCII letters escaped: look for the needle as JSON writes it.
            in_details = cast(AuditEntry.details, String).icontains(json.dumps(needle)[1:-1], autoescape=True)
            query = query.where(or_(*in_columns, in_details))
        query = query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
        with self.ctx.store.read() as session:
            return [_view(entry) for entry in session.scalars(query)]


def _view(entry: AuditEntry) -> AuditView:
    details = dict(entry.details or {})
    device = details.pop(DEVICE_KEY, None)
    return AuditView(
        id=entry.id,
        actor=entry.actor,
        action=entry.action,
        target_type=entry.target_type,
        target_id=entry.target_id,
        details=details,
        at=entry.at,
        device=str(device) if device is not None else None,
    )
