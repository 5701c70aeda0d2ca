"""Property: replicas that exchange changes in any order, with duplicates and
re-deliveries, end identical, and equal to an oracle that applies
last-writer-wins per field to every change ever made. Conflicts a replica
restores or dismisses meanwhile end settled on every replica that recorded them."""

from __future__ import annotations

import random
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chenu_desktop.domain.changes import ROW_COLUMN, Change
from chenu_desktop.plugin_host.manager import PluginHost
from chenu_desktop.services.conflicts import Conflicts
from chenu_desktop.services.context import ServiceContext
from chenu_desktop.store import Store
from chenu_desktop.store.synced import SYNCED_TABLES
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
        if change.column == ROW_COLUMN and not SYNCED_TABLES[change.table].append_only:
            # A creation writes every column, those it leaves out as null.
            columns = SYNCED_TABLES[change.table].columns
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


PLUGINS = PluginHost()
"""The conflicts service reads no plugin: an empty host."""


def conflicts_of(store: Store) -> Conflicts:
    return Conflicts(ServiceContext(store=store, plugins=PLUGINS, workspace_id=WORKSPACE))


Identity = tuple[str, str, str, str]
"""What makes two devices' records one conflict: (table, row id, column, losing stamp)."""


def statuses(store: Store) -> dict[Identity, str]:
    """Every conflict the replica recorded, and whether it is open, restored or dismissed."""
    return {(c.table, c.row_id, c.column, c.lost_hlc): c.status for c in conflicts_of(store).list(include_restored=True)}


PICK_MAX = 2**16
"""Draws that choose among what the replicas hold are numbers taken modulo
its size, drawn whether or not there is a choice: what the replicas hold
depends on their random node and row ids (ties, conflicts), so draws shaped
by it would differ between Hypothesis's runs of one example."""


def pick(data: st.DataObject, choices: list[Any], label: str) -> Any:
    """One of `choices` (None when there is none), by a draw that does not depend on them."""
    n = data.draw(st.integers(0, PICK_MAX), label=label)
    return choices[n % len(choices)] if choices else None


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
                op = data.draw(
                    st.sampled_from(["create", "edit", "edit", "event", "deliver", "clash", "settle", "settle"]), label="op"
                )
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
                elif op in ("edit", "event"):
                    thread_id = pick(data, sorted(known_threads[i]), "thread")
                    edits = {}
                    if op == "edit":
                        fields = data.draw(
                            st.lists(st.sampled_from(sorted(EDITABLE)), min_size=1, max_size=3, unique=True),
                            label="fields",
                        )
                        edits = {f: data.draw(EDITABLE[f], label=f) for f in fields}
                    if thread_id is None:
                        continue
                    with store.write() as tx:
                        if op == "edit":
                            tx.writer.update("threads", thread_id, edits)
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
                elif op == "clash":
                    # A thread of replica i reaches replica j; both rename it; j hears of i's name: a conflict there.
                    j = data.draw(st.integers(0, replicas - 1).filter(lambda k, i=i: k != i), label="rival")
                    thread_id = pick(data, sorted(known_threads[i]), "thread")
                    title = data.draw(EDITABLE["title"], label="title")
                    if thread_id is None:
                        continue
                    deliver([c for one in stores for c in outbox_of(one) if c.row_id == thread_id], stores[j])
                    known_threads[j].add(thread_id)
                    for k, suffix in ((i, "i"), (j, "j")):
                        with stores[k].write() as tx:
                            tx.writer.update("threads", thread_id, {"title": f"{title}-{suffix}"})
                    deliver(outbox_of(store), stores[j])
                elif op == "settle":
                    waiting = {k: conflicts_of(stores[k]).list() for k in range(replicas)}
                    k = pick(data, sorted(k for k, found in waiting.items() if found), "settler")
                    conflict = pick(data, waiting[k] if k is not None else [], "conflict")
                    restore = data.draw(st.booleans(), label="restore")
                    if conflict is not None:
                        if restore:
                            conflicts_of(stores[k]).restore(conflict.id)
                        else:
                            conflicts_of(stores[k]).dismiss(conflict.id)
                elif op == "deliver":
                    j = data.draw(st.integers(0, replicas - 1).filter(lambda k: k != i), label="to")
                    changes = outbox_of(store)
                    chosen = data.draw(st.lists(st.integers(0, PICK_MAX), max_size=60), label="delivered")
                    picked = [changes[n % len(changes)] for n in chosen] if changes else []
                    deliver(picked, stores[j])
                    known_threads[j] |= {c.row_id for c in picked if c.table == "threads"}

            everything = [c for store in stores for c in outbox_of(store)]
            for target in stores:
                order = list(everything)
                random.Random(data.draw(st.integers(0, PICK_MAX), label="final order")).shuffle(order)
                split = data.draw(st.integers(0, PICK_MAX), label="split") % (len(order) + 1)
                deliver(list(order[:split]), target)
                deliver(list(order[split:]), target)
                deliver(list(order[: split // 2]), target)  # re-delivered: a no-op

            states = [snapshot(store) for store in stores]
            for state in states[1:]:
                assert state == states[0]
            assert non_empty(values_only(states[0])) == non_empty(oracle(everything))
            recorded = [statuses(store) for store in stores]
            for identity in set().union(*recorded):
                assert len({seen[identity] for seen in recorded if identity in seen}) == 1, identity
            settled = {
                (r["table_name"], r["row_id"], r["column_name"], r["lost_hlc"])
                for r in states[0]["conflict_resolutions"].values()
            }
            for seen in recorded:
                assert {c for c, status in seen.items() if status == "open"}.isdisjoint(settled)
        finally:
            for store in stores:
                store.close()
