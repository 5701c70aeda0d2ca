"""Which tables replicate, and how: by field (last writer wins) or append-only."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table

from .models import Base

ROW_KEYS = frozenset({"id", "workspace_id", "field_clocks"})


@dataclass(frozen=True)
class SyncedTable:
    name: str
    table: Table
    append_only: bool
    columns: frozenset[str]
    """Columns carried by changes (everything but the id, workspace and clocks)."""
    quiet_columns: frozenset[str] = frozenset()
    """Bookkeeping columns (updated_at …): they merge like the others, but losing
    one of two concurrent values loses nothing a person wrote, so no conflict."""
    ranked_columns: Mapping[str, Callable[[Any], int]] = field(default_factory=dict)
    """Columns merged by (rank of the value, stamp) instead of stamp alone: a
    join that settles races the same way everywhere (a checkpoint's outcome)."""


def _collect() -> dict[str, SyncedTable]:
    found: dict[str, SyncedTable] = {}
    for mapper in Base.registry.mappers:
        mode = getattr(mapper.class_, "__sync_mode__", None)
        if mode is None:
            continue
        table = mapper.local_table
        assert isinstance(table, Table)
        found[table.name] = SyncedTable(
            name=table.name,
            table=table,
            append_only=mode == "append",
            columns=frozenset(c.name for c in table.columns if c.name not in ROW_KEYS),
            quiet_columns=frozenset(getattr(mapper.class_, "__quiet_columns__", ())),
            ranked_columns=dict(getattr(mapper.class_, "__ranked_columns__", {})),
        )
    return dict(sorted(found.items()))


SYNCED_TABLES: dict[str, SyncedTable] = _collect()


def synced_table(name: str) -> SyncedTable:
    return SYNCED_TABLES[name]
