"""Property: replicas that exchange changes in any order, with duplicates and
re-deliveries, end identical, and equal to an oracle that applies
last-writer-wins per field to every change ever made."""

from __future__ import annotations

import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chenu_desktop.store.synced import SYNCED_TABLES
from chenu_desktop.sync.changes import ROW_COLUMN, Change
from tests.support.exchange import deliver, outbox_of
from tests.support.snapshot import snapshot, values_only
from tests.support.stores import StoreFactory

WORKSPACE = "01900000-0000-7000-8000-000000000001"
EDITABLE = {
    "title": st.text(min_size=1, max_size=8),
    "status": st.sampled_from(["active", "paused", "completed", "archived"]),
    "current_intent": st.text(max_size=8),
    "tags": st.lists(st.sampled_from(["a", "b", "c"]), max_size=3),
    "deleted": st.booleans(),
}
T0 = 1_790_000_000_000


class FakeWall:
    """A per-replica wall clock: shared time plus this replica's skew."""

    def __init__(self, now: list[int], skew: int) -> None:
        self.now, self.skew = now, skew

    def __call__(self) -> int:
        return self.now[0] + self.skew


def oracle(changes: list[Change]) -> dict[str, dict[str, dict[str, Any]]]:
    winners: dict[tuple[str, str, str], Change] = {}
    rows: dict[str, dict[str, dict[str, Any]]] = {}
    for change in changes:
        if change.column == ROW_COLUMN and change.table == "threads":
            # A creation writes every column, those it leaves out as null.
            columns = SYNCED_TABLES["threads"].columns
            change = Change(**{**change.to_dict(), "value": {n: change.value.get(n) for n in columns}})
            for one in change.fields():
                _keep_winner(winners, one)
            continue
        if change.column == ROW_COLUMN:
            rows.setdefault(change.table, {})[change.row_id] = {
                "workspace_id": change.workspace_id,
                **{k: v for k, v in change.value.items() if v is not None},
            }
            continue
        _keep_winner(winners, change)
    for (table, row_id, column), change in winners.items():
        row = rows.setdefault(table, {}).setdefault(row_id, {"workspace_id": change.workspace_id})
        if change.value is not None:
            row[column] = change.value
    return rows


def _keep_winner(winners: dict[tuple[str, str, str], Change], change: Change) -> None:
    key = (change.table, change.row_id, change.column)
    if key not in winners or change.hlc > winners[key].hlc:
        winners[key] = change


def non_empty(state: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {table: rows for table, rows in state.items() if rows}


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data(), replicas=st.integers(min_value=2, max_value=5))
def test_replicas_converge_to_the_oracle(store_factory: StoreFactory, data: st.DataObject, replicas: int) -> None:
    now = [T0]
    with tempfile.TemporaryDirectory() as workdir:
        stores = [
            store_factory.open(
                Path(workdir) / f"r{i}.db",
                wall=FakeWall(now, data.draw(st.integers(-3, 3), label=f"skew{i}")),
            )
            for i in range(replicas)
        ]
        known_threads: list[set[str]] = [set() for _ in stores]
        try:
            steps = data.draw(st.integers(min_value=1, max_value=25), label="steps")
            for _ in range(steps):
                now[0] += data.draw(st.integers(0, 2), label="tick")
                i = data.draw(st.integers(0, replicas - 1), label="replica")
                store = stores[i]
                op = data.draw(st.sampled_from(["create", "edit", "edit", "event", "deliver"]), label="op")
                if op == "create":
                    with store.write() as tx:
                        thread_id = tx.writer.insert(
                            "threads",
                            {
                                "workspace_id": WORKSPACE,
                                "title": data.draw(EDITABLE["title"], label="title"),
                                "founding_intent": "intent",
                                "status": "active",
                                "tags": [],
                            },
                        )
                    known_threads[i].add(thread_id)
                elif op in ("edit", "event") and known_threads[i]:
                    thread_id = data.draw(st.sampled_from(sorted(known_threads[i])), label="thread")
                    with store.write() as tx:
                        if op == "edit":
                            fields = data.draw(
                                st.lists(st.sampled_from(sorted(EDITABLE)), min_size=1, max_size=3, unique=True),
                                label="fields",
                            )
                            tx.writer.update(
                                "threads",
                                thread_id,
                                {f: data.draw(EDITABLE[f], label=f) for f in fields},
                            )
                        else:
                            tx.writer.insert(
                                "thread_events",
                                {
                                    "workspace_id": WORKSPACE,
                                    "thread_id": thread_id,
                                    "type": "note.added",
                                    "payload": {"n": steps},
                                    "actor": "local",
                                    "at": datetime.now(timezone.utc),
                                },
                            )
                elif op == "deliver":
                    j = data.draw(st.integers(0, replicas - 1).filter(lambda k: k != i), label="to")
                    changes = outbox_of(store)
                    picked = data.draw(
                        st.lists(st.sampled_from(changes), max_size=len(changes) * 2) if changes else st.just([]),
                        label="delivered",
                    )
                    deliver(picked, stores[j])
                    known_threads[j] |= {c.row_id for c in picked if c.table == "threads"}

            everything = [c for store in stores for c in outbox_of(store)]
            for target in stores:
                order = data.draw(st.permutations(everything), label="final order")
                split = data.draw(st.integers(0, len(order)), label="split")
                deliver(list(order[:split]), target)
                deliver(list(order[split:]), target)
                deliver(list(order[: split // 2]), target)  # re-delivered: a no-op

            states = [snapshot(store) for store in stores]
            for state in states[1:]:
                assert state == states[0]
            assert non_empty(values_only(states[0])) == non_empty(oracle(everything))
        finally:
            for store in stores:
                store.close()
