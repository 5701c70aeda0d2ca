"""Data events: what a committed transaction did to threads, decisions and
checkpoints, as the plugin hooks that announce it.

The store tells its commit observers of each transaction after it commits
(`Store.commit_observers`). A transaction carries the field writes it made:
this device's, captured by the change writer (origin "local"), and those a
sync applied (origin "sync"). This module reads the rows they touched, once
per table, and turns each write into at most one event:

| write                                              | hook                      |
|----------------------------------------------------|---------------------------|
| a new thread                                       | `thread_did_create`       |
| thread fields (not its deletion)                   | `thread_did_change`       |
| a thread's `deleted` set                           | `thread_did_delete`       |
| a decision's `status` set to "approved"            | `decision_did_make`       |
| a new checkpoint requested by an agent (or Nova)   | `agent_did_propose`       |
| a checkpoint's `status` leaving "pending"          | `checkpoint_did_resolve`  |

A synced write that lost the merge (an older value) changed nothing, so it
raises nothing: only writes whose stamp is the row's current one count.
The events go to the dispatcher, which calls the hooks on its own thread.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from chenu_desktop.domain.agents import NOVA_AGENT_ID
from chenu_desktop.domain.changes import ROW_COLUMN
from chenu_desktop.domain.decisions import DecisionStatus
from chenu_desktop.domain.governance import CheckpointStatus
from chenu_desktop.store.synced import SYNCED_TABLES

from .dispatcher import Event, EventDispatcher
from .records import RECORD_BY_TABLE, Origin, record_from_row

if TYPE_CHECKING:
    from chenu_desktop.store import Store, Transaction

    from .manager import PluginHost

log = logging.getLogger(__name__)

DATA_HOOKS = (
    "thread_did_create",
    "thread_did_change",
    "thread_did_delete",
    "decision_did_make",
    "checkpoint_did_resolve",
    "agent_did_propose",
)
CHUNK = 500
"""Row ids per IN (...) read, well under SQLite's variable limit."""


@dataclass
class _Touched:
    """The columns one transaction wrote to one row, with the stamp of each write."""

    table: str
    row_id: str
    stamps: dict[str, str] = field(default_factory=dict)


class DataEvents:
    """Turns `store`'s committed writes into `host`'s data events, delivered by `dispatcher`."""

    def __init__(self, store: Store, host: PluginHost, dispatcher: EventDispatcher) -> None:
        self._store = store
        self._host = host
        self._dispatcher = dispatcher

    def wanted(self) -> bool:
        """Some loaded plugin implements a data hook (else nothing needs watching)."""
        return any(self._host.pm.hook.__dict__[name].get_hookimpls() for name in DATA_HOOKS)

    def attach(self) -> None:
        if self.committed not in self._store.commit_observers:
            self._store.commit_observers.append(self.committed)

    def detach(self) -> None:
        if self.committed in self._store.commit_observers:
            self._store.commit_observers.remove(self.committed)

    def committed(self, tx: Transaction) -> None:
        """Commit observer: queue the events of what `tx` wrote. Never raises."""
        try:
            local = _touched((w["table_name"], w["row_id"], w["column_name"], w["hlc"]) for w in tx.writer.written)
            synced = _touched((c.table, c.row_id, c.column, c.hlc) for c in tx.synced)
            events = [*self._events(local, "local"), *self._events(synced, "sync")]
        except Exception:  # the write stands whatever happens here
            log.exception("could not tell plugins what a transaction changed")
            return
        self._dispatcher.submit(events)

    def _events(self, touched: dict[tuple[str, str], _Touched], origin: Origin) -> Iterator[Event]:
        if not touched:
            return
        rows = self._rows(touched.values())
        for key, write in touched.items():
            row = rows.get(key)
            if row is None:
                continue  # gone since (a later transaction), or never written
            stamps = write.stamps if origin == "local" else _winning(write.stamps, row["field_clocks"] or {})
            yield from self._row_events(write.table, row, stamps, origin)

    def _rows(self, touched: Iterable[_Touched]) -> dict[tuple[str, str], Any]:
        ids: dict[str, list[str]] = {}
        for write in touched:
            ids.setdefault(write.table, []).append(write.row_id)
        found: dict[tuple[str, str], Any] = {}
        with self._store.engine.connect() as conn:
            for table_name, row_ids in ids.items():
                table = SYNCED_TABLES[table_name].table
                for start in range(0, len(row_ids), CHUNK):
                    chunk = row_ids[start : start + CHUNK]
                    for row in conn.execute(select(table).where(table.c.id.in_(chunk))).mappings():
                        found[(table_name, row["id"])] = row
        return found

    def _row_events(self, table: str, row: Any, stamps: dict[str, str], origin: Origin) -> Iterator[Event]:
        if not stamps:
            return
        record = record_from_row(table, row)
        created = ROW_COLUMN in stamps
        columns = tuple(name for name in stamps if name != ROW_COLUMN)
        if table == "threads":
            if created:
                yield "thread_did_create", {"thread": record, "origin": origin}
            if "deleted" in columns and record.deleted:
                yield "thread_did_delete", {"thread": record, "origin": origin}
            elif columns:
                yield "thread_did_change", {"thread": record, "fields": columns, "origin": origin}
        elif table == "decisions":
            if ("status" in columns or created) and record.status == DecisionStatus.APPROVED.value:
                yield "decision_did_make", {"decision": record, "origin": origin}
        elif table == "checkpoints":
            if created and self._is_agent(record.requested_by):
                yield "agent_did_propose", {"checkpoint": record, "origin": origin}
            if ("status" in columns or created) and record.status not in (None, CheckpointStatus.PENDING.value):
                yield "checkpoint_did_resolve", {"checkpoint": record, "origin": origin}

    def _is_agent(self, actor: str | None) -> bool:
        return actor == NOVA_AGENT_ID or (actor is not None and self._host.agent(actor) is not None)


def _touched(writes: Iterable[tuple[str, str, str, str]]) -> dict[tuple[str, str], _Touched]:
    """The writes to watched tables, grouped by row in the order first written."""
    touched: dict[tuple[str, str], _Touched] = {}
    for table, row_id, column, stamp in writes:
        if table not in RECORD_BY_TABLE:
            continue
        entry = touched.get((table, row_id))
        if entry is None:
            entry = touched[(table, row_id)] = _Touched(table, row_id)
        entry.stamps[column] = stamp
    return touched


def _winning(stamps: dict[str, str], clocks: dict[str, Any]) -> dict[str, str]:
    """The synced writes whose value the row now holds (their stamp is the field's clock)."""
    row_clock = clocks.get(ROW_COLUMN) or [None]
    won = {}
    for column, stamp in stamps.items():
        clock = row_clock if column == ROW_COLUMN else (clocks.get(column) or row_clock)
        if clock[0] == stamp:
            won[column] = stamp
    return won
