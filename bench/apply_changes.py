"""Merge throughput of apply_changes, in field changes per second.

(a) edits:     100 000 single-field edits of 10 000 threads, made on another
               node, applied in pages of 5 000 changes (the sync client's
               pull page, `engine.PULL_PAGE`), one write transaction per page.
(b) creations: a new device receiving 10 000 whole-row thread creations ("*"
               changes), same pages; field changes = fields carried per row.

Each case runs on fresh copies of the same prepared store; the median of its
runs is reported, after an unmeasured warm-up (3 pages) on a scratch copy.
The 100 000 edits are made as `Change`s directly (what B's change writer
would record and A pull), not by running B's writer 100 000 times: that is
setup, not measured, and took two minutes.

Run: .venv/bin/python bench/apply_changes.py [--threads 10000] [--edits 100000]
"""

from __future__ import annotations

import argparse
import random
import secrets
import sqlite3
import time
from datetime import datetime, timezone
from pathlib import Path

from _common import SPHERES, median, temp_root, thread_items, write_results
from sqlalchemy import select

from chenu_desktop.domain.changes import Change
from chenu_desktop.domain.hlc import HybridLogicalClock
from chenu_desktop.domain.ids import uuid7
from chenu_desktop.store import Store
from chenu_desktop.store.models import OutboxEntry
from chenu_desktop.sync.apply import apply_changes
from chenu_desktop.sync.engine import PULL_PAGE

TARGET = 50_000  # field changes per second
EDITED = ("title", "current_intent", "tags", "status")  # cycled per thread


class Stores:
    """Fresh migrated stores by copying one template (like tests/support/stores.py)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.template = root / "template.db"
        Store.open(self.template).close()
        with sqlite3.connect(self.template) as conn:
            conn.execute("DELETE FROM sync_meta")  # each copy makes its own node id
        conn.close()

    def fresh(self, name: str, source: Path | None = None) -> Store:
        """A store copied from `source` (default: the empty template). SQLite's
        backup reads through the WAL, so un-checkpointed pages are copied too."""
        path = self.root / f"{name}.db"
        src, dst = sqlite3.connect(source or self.template), sqlite3.connect(path)
        src.backup(dst)
        src.close()
        dst.close()
        return Store.open(path)


def seed_threads(store: Store, count: int) -> None:
    workspace = uuid7()
    now = datetime.now(timezone.utc)
    rows = [
        {
            "workspace_id": workspace,
            "sphere_id": item["sphere_id"],
            "title": item["title"],
            "founding_intent": item["founding_intent"],
            "current_intent": item["founding_intent"],
            "status": "active",
            "tags": item["tags"],
            "created_at": now,
            "created_by": "local-user",
            "updated_at": now,
            "last_activity_at": now,
        }
        for item in thread_items(count)
    ]
    with store.write() as tx:
        tx.writer.insert_many("threads", rows)


def make_edits(creations: list[Change], edits: int) -> list[Change]:
    """`edits` single-field edits in random thread order, as node B's change
    writer records them and A pulls them: each stamped by B's clock, its base
    the stamp B held for that field (the creation's, then B's previous edit),
    and each one changing its field's value."""
    clock = HybridLogicalClock(secrets.token_hex(8))
    rng = random.Random(3)
    ids = [c.row_id for c in creations]
    created = {c.row_id: c for c in creations}
    order = [ids[i % len(ids)] for i in range(edits)]
    rng.shuffle(order)
    done: dict[str, int] = {}
    stamps: dict[tuple[str, str], str] = {}
    changes = []
    for n, row_id in enumerate(order):
        k = done[row_id] = done.get(row_id, -1) + 1
        column = EDITED[k % len(EDITED)]
        value = {
            "title": f"Title {n}",
            "current_intent": f"Refined intent {n}",
            "tags": [f"tag{n}", SPHERES[n % 9]],
            "status": "paused" if (k // len(EDITED)) % 2 == 0 else "active",
        }[column]
        creation = created[row_id]
        base = stamps.get((row_id, column), creation.hlc)
        stamp = stamps[row_id, column] = clock.now()
        changes.append(Change(stamp, clock.node, creation.workspace_id, "threads", row_id, column, value, base))
    return changes


def outbox(store: Store) -> list[Change]:
    """The changes `store` recorded, oldest first, as a pull would bring them."""
    table = OutboxEntry.__table__
    with store.engine.connect() as conn:
        return [Change.from_row(row) for row in conn.execute(select(table).order_by(table.c.seq))]


def apply_in_pages(store: Store, changes: list[Change], page: int) -> tuple[float, int, int]:
    """Seconds to apply `changes`, one transaction per page; (seconds, applied, conflicts)."""
    applied = conflicts = 0
    start = time.perf_counter()
    for first in range(0, len(changes), page):
        with store.write() as tx:
            result = apply_changes(tx.conn, changes[first : first + page], store.clock, datetime.now(timezone.utc))
        applied += result.applied
        conflicts += result.conflicts
    return time.perf_counter() - start, applied, conflicts


def measure(stores: Stores, name: str, source: Path | None, changes: list[Change], page: int, runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each run (CPU tells cost from a busy machine)."""
    scratch = stores.fresh(f"{name}-warmup", source)
    apply_in_pages(scratch, changes[: 3 * page], page)
    scratch.close()
    wall, cpu = [], []
    for run in range(runs):
        target = stores.fresh(f"{name}-{run}", source)
        with target.engine.connect() as conn:  # the receiver holds what it should
            held = conn.exec_driver_sql("SELECT count(*) FROM threads").scalar_one()
        assert held == (0 if source is None else len({c.row_id for c in changes})), (name, held)
        cpu_start = time.process_time()
        elapsed, applied, conflicts = apply_in_pages(target, changes, page)
        cpu.append(time.process_time() - cpu_start)
        target.close()
        assert applied == len(changes) and conflicts == 0, (name, applied, conflicts)
        wall.append(elapsed)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=10_000)
    parser.add_argument("--edits", type=int, default=100_000)
    parser.add_argument("--page", type=int, default=PULL_PAGE, help="changes per apply transaction (default: the sync client's pull page)")
    parser.add_argument("--runs-edits", type=int, default=1, help="measured runs of (a)")
    parser.add_argument("--runs-creations", type=int, default=5, help="measured runs of (b)")
    args = parser.parse_args()

    with temp_root("bench-apply") as tmp:
        stores = Stores(Path(tmp))
        origin = stores.fresh("origin")  # node A: creates the threads
        seed_threads(origin, args.threads)
        creations = outbox(origin)
        origin.close()
        fields = sum(len(c.value) for c in creations)

        # (b) a new device receiving every creation
        created, created_cpu = measure(stores, "new-device", None, creations, args.page, args.runs_creations)

        # (a) node B, holding the same threads, edits them; A receives the edits
        start = time.perf_counter()
        edits = make_edits(creations, args.edits)
        generate_s = time.perf_counter() - start
        edited, edited_cpu = measure(stores, "receiver", stores.root / "origin.db", edits, args.page, args.runs_edits)

    a_s, b_s = median(edited), median(created)
    results = {
        "edits": {
            "changes": len(edits),
            "field_changes_per_s": round(len(edits) / a_s),
            "field_changes_per_cpu_s": round(len(edits) / median(edited_cpu)),
            "seconds_median": round(a_s, 3),
            "seconds_runs": [round(s, 3) for s in edited],
            "cpu_seconds_median": round(median(edited_cpu), 3),
            "meets_target": len(edits) / a_s >= TARGET,
            "generate_s": round(generate_s, 2),
        },
        "creations": {
            "rows": len(creations),
            "fields_per_row": round(fields / len(creations), 2),
            "field_changes_per_s": round(fields / b_s),
            "field_changes_per_cpu_s": round(fields / median(created_cpu)),
            "rows_per_s": round(len(creations) / b_s),
            "seconds_median": round(b_s, 3),
            "seconds_runs": [round(s, 3) for s in created],
            "cpu_seconds_median": round(median(created_cpu), 3),
            "meets_target": fields / b_s >= TARGET,
        },
    }
    for name, r in results.items():
        extra = f", {r['rows_per_s']:,} rows/s" if "rows_per_s" in r else ""
        verdict = "meets" if r["meets_target"] else "MISSES"
        print(
            f"{name:<10} {r['field_changes_per_s']:>9,} field changes/s{extra} "
            f"(median {r['seconds_median']} s; {r['field_changes_per_cpu_s']:,} per CPU second; {verdict} >= {TARGET:,}/s)"
        )
    print(f"           (generating the {args.edits:,} edits took {generate_s:.1f} s)")
    params = {**vars(args), "target_field_changes_per_s": TARGET, "edited_columns": list(EDITED)}
    print(f"results: {write_results('apply_changes', params, results)}")


if __name__ == "__main__":
    main()
