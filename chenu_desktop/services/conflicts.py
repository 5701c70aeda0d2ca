"""Conflicts: values that lost a merge, browsable and restorable."""

from __future__ import annotations

from sqlalchemy import select, update

from chenu_desktop.domain.errors import NotFoundError, ValidationError
from chenu_desktop.store.models import Conflict
from chenu_desktop.sync.changes import decode_value
from chenu_desktop.sync.hlc import Stamp

from .context import ServiceContext
from .execution import executing
from .records import audit
from .views import ConflictView

CONFLICTS = Conflict.__table__


class Conflicts:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def list(self, include_restored: bool = False) -> list[ConflictView]:
        query = select(Conflict).where(Conflict.workspace_id == self.ctx.workspace_id)
        if not include_restored:
            query = query.where(Conflict.restored_at.is_(None))
        query = query.order_by(Conflict.detected_at.desc(), Conflict.id.desc())
        with self.ctx.store.read() as session:
            return [_view(c) for c in session.scalars(query)]

    def restore(self, conflict_id: str) -> ConflictView:
        """Bring the losing value back as a new edit, which then wins everywhere."""
        with executing(self.ctx) as run:
            tx = run.tx
            conflict = tx.session.get(Conflict, conflict_id)
            if conflict is None or conflict.workspace_id != self.ctx.workspace_id:
                raise NotFoundError(f"no conflict with id {conflict_id}")
            if conflict.restored_at is not None:
                raise ValidationError("conflict", f"{conflict_id} was already restored")
            value = decode_value(conflict.lost_value)
            tx.writer.update(conflict.table_name, conflict.row_id, {conflict.column_name: value})
            tx.conn.execute(update(CONFLICTS).where(CONFLICTS.c.id == conflict_id).values(restored_at=run.now))
            audit(
                run,
                "sync.conflict.restored",
                conflict.table_name,
                conflict.row_id,
                {"column": conflict.column_name, "value": value},
            )
            tx.session.refresh(conflict)
            return _view(conflict)


def _view(conflict: Conflict) -> ConflictView:
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
        restored_at=conflict.restored_at,
    )
