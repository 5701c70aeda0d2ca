"""Conflicts: values that lost a merge, browsable, restorable and dismissible.

A conflict is open until a person settles it, on this device or another:
settling writes a `conflict_resolutions` row keyed by the conflict's id (the
same on every device that recorded it), and that row syncs like any other.
Conflicts restored before resolutions synced (`restored_at`) stay settled.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Select, func, select, update

from chenu_desktop.domain.changes import decode_value
from chenu_desktop.domain.conflicts import ConflictOutcome
from chenu_desktop.domain.errors import NotFoundError, ValidationError
from chenu_desktop.domain.hlc import Stamp
from chenu_desktop.store.models import Conflict, ConflictResolution
from chenu_desktop.store.synced import SYNCED_TABLES
from chenu_desktop.store.values import to_wire

from .context import ServiceContext
from .execution import Execution, executing
from .records import audit
from .views import ConflictView

CONFLICTS = Conflict.__table__
OPEN = "open"


class Conflicts:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def list(self, include_restored: bool = False) -> list[ConflictView]:
        """Open conflicts, newest first; with `include_restored`, settled ones too."""
        query = _recorded(self.ctx.workspace_id)
        if not include_restored:
            query = query.where(_is_open())
        query = query.order_by(Conflict.detected_at.desc(), Conflict.id.desc())
        with self.ctx.store.read() as session:
            found = session.execute(query).all()
            rows = _current_rows(session, [conflict for conflict, _ in found])
        return [_view(conflict, resolution, rows) for conflict, resolution in found]

    def count_open(self) -> int:
        query = (
            select(func.count())
            .select_from(Conflict)
            .outerjoin(ConflictResolution, ConflictResolution.id == Conflict.id)
            .where(Conflict.workspace_id == self.ctx.workspace_id, _is_open())
        )
        with self.ctx.store.read() as session:
            return int(session.scalar(query) or 0)

    def restore(self, conflict_id: str) -> ConflictView:
        """Bring the losing value back as a new edit, which then wins everywhere."""
        with executing(self.ctx) as run:
            conflict = self._open(run, conflict_id)
            value = decode_value(conflict.lost_value)
            run.writer.update(conflict.table_name, conflict.row_id, {conflict.column_name: value})
            run.tx.conn.execute(update(CONFLICTS).where(CONFLICTS.c.id == conflict.id).values(restored_at=run.now))
            return self._settle(run, conflict, ConflictOutcome.RESTORED, {"value": value})

    def dismiss(self, conflict_id: str) -> ConflictView:
        """Let the kept value stand: the conflict closes here and on every device."""
        with executing(self.ctx) as run:
            conflict = self._open(run, conflict_id)
            return self._settle(run, conflict, ConflictOutcome.DISMISSED, {})

    def _open(self, run: Execution, conflict_id: str) -> Conflict:
        session = run.tx.session
        conflict = session.get(Conflict, conflict_id)
        if conflict is None or conflict.workspace_id != self.ctx.workspace_id:
            raise NotFoundError(f"no conflict with id {conflict_id}")
        resolution = session.get(ConflictResolution, conflict_id)
        if resolution is not None:
            raise ValidationError("conflict", f"{conflict_id} was already {resolution.outcome}")
        if conflict.restored_at is not None:
            raise ValidationError("conflict", f"{conflict_id} was already restored")
        return conflict

    def _settle(self, run: Execution, conflict: Conflict, outcome: ConflictOutcome, details: dict[str, Any]) -> ConflictView:
        run.writer.insert(
            ConflictResolution.__tablename__,
            {
                "id": conflict.id,
                "workspace_id": conflict.workspace_id,
                "table_name": conflict.table_name,
                "row_id": conflict.row_id,
                "column_name": conflict.column_name,
                "lost_hlc": conflict.lost_hlc,
                "outcome": outcome.value,
                "resolved_by": run.actor,
                "resolved_at": run.now,
            },
        )
        audit(
            run,
            f"sync.conflict.{outcome.value}",
            conflict.table_name,
            conflict.row_id,
            {"column": conflict.column_name, **details},
        )
        session = run.tx.session
        session.refresh(conflict)
        resolution = session.get(ConflictResolution, conflict.id)
        return _view(conflict, resolution, _current_rows(session, [conflict]))


def _recorded(workspace_id: str) -> Select[Any]:
    return (
        select(Conflict, ConflictResolution)
        .outerjoin(ConflictResolution, ConflictResolution.id == Conflict.id)
        .where(Conflict.workspace_id == workspace_id)
    )


def _is_open() -> Any:
    return ConflictResolution.id.is_(None) & Conflict.restored_at.is_(None)


RowKey = tuple[str, str]
"""(table, row id)."""


def _current_rows(session: Any, conflicts: list[Conflict]) -> dict[RowKey, dict[str, Any]]:
    """The rows the conflicts are about, as they are now (the fields in conflict, and a title)."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for conflict in conflicts:
        if conflict.table_name in SYNCED_TABLES:
            wanted[conflict.table_name].add(conflict.row_id)
    rows: dict[RowKey, dict[str, Any]] = {}
    for table_name, ids in wanted.items():
        table = SYNCED_TABLES[table_name].table
        for row in session.execute(select(table).where(table.c.id.in_(sorted(ids)))).mappings():
            rows[(table_name, row["id"])] = dict(row)
    return rows


def _view(conflict: Conflict, resolution: ConflictResolution | None, rows: dict[RowKey, dict[str, Any]]) -> ConflictView:
    row = rows.get((conflict.table_name, conflict.row_id), {})
    if resolution is not None:
        status = resolution.outcome or ConflictOutcome.DISMISSED.value
    elif conflict.restored_at is not None:
        status = ConflictOutcome.RESTORED.value
    else:
        status = OPEN
    title = row.get("title")
    return ConflictView(
        id=conflict.id,
        table=conflict.table_name,
        row_id=conflict.row_id,
        column=conflict.column_name,
        kept_value=decode_value(conflict.kept_value),
        kept_by=Stamp.parse(conflict.kept_hlc).node,
        kept_hlc=conflict.kept_hlc,
        lost_value=decode_value(conflict.lost_value),
        lost_by=Stamp.parse(conflict.lost_hlc).node,
        lost_hlc=conflict.lost_hlc,
        detected_at=conflict.detected_at,
        restored_at=conflict.restored_at
        or (resolution.resolved_at if status == ConflictOutcome.RESTORED.value and resolution else None),
        status=status,
        current_value=to_wire(row.get(conflict.column_name)),
        row_title=title if isinstance(title, str) else None,
        resolved_by=resolution.resolved_by if resolution else None,
        resolved_at=resolution.resolved_at if resolution else None,
    )
