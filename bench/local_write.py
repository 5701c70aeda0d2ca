"""Latency of one local write with change capture, on a store holding 10 000 threads.

Measures, one call at a time (each call is a whole write transaction:
BEGIN IMMEDIATE … COMMIT, with its outbox entries and the clock's meta row):
- service_edit:  Threads.edit(id, title=…)    a person's single-field edit
- service_add:   Threads.add(sphere, title, intent)
- writer_update: store.write() + writer.update("threads", id, {"title": …}),
                 the bare change-capture write under the service (for attribution)

`cpu_ms_per_write` (process CPU time / writes) tells the code's own cost from
a busy machine. `--wal-autocheckpoint N` is a diagnostic: it sets that
pragma on the store's connections (0 = never checkpoint during writes) to show
how much of the tail is SQLite's automatic WAL checkpoint (results then go to
bench/results/local_write_wal_autocheckpoint_N.json, not local_write.json).

Run: .venv/bin/python bench/local_write.py [--threads 10000] [--writes 2000]
"""

from __future__ import annotations

import argparse
import gc
import random
import time
from pathlib import Path
from typing import Callable

from sqlalchemy import Engine, event

from _common import SPHERES, latency_summary, temp_root, write_import_file, write_results

from chenu_desktop.services import Services, open_context

TARGET_P99_MS = 2.0


def timed(calls: int, one: Callable[[int], object]) -> tuple[list[float], float]:
    """Seconds of each call, and CPU seconds of them all."""
    samples = []
    cpu = time.process_time()
    for i in range(calls):
        start = time.perf_counter()
        one(i)
        samples.append(time.perf_counter() - start)
    return samples, time.process_time() - cpu


def set_autocheckpoint(engine: Engine, pages: int) -> None:
    event.listen(engine, "connect", lambda dbapi, _: dbapi.execute(f"PRAGMA wal_autocheckpoint={pages}"))
    engine.dispose()  # pooled connections reconnect with the pragma


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=10_000, help="threads in the store")
    parser.add_argument("--writes", type=int, default=2_000, help="measured writes per case")
    parser.add_argument("--warmup", type=int, default=200, help="unmeasured writes per case first")
    parser.add_argument("--wal-autocheckpoint", type=int, metavar="PAGES", help="diagnostic; default: the app's")
    args = parser.parse_args()
    rng = random.Random(42)

    with temp_root("bench-local-write") as tmp:
        data_dir = Path(tmp) / "data"
        services = Services(open_context(data_dir))
        threads, store = services.threads, services.ctx.store
        imported = threads.import_file(write_import_file(Path(tmp) / "seed.json", args.threads))
        ids = imported.ids
        if args.wal_autocheckpoint is not None:
            set_autocheckpoint(store.engine, args.wal_autocheckpoint)
        gc.freeze()  # as the app does once started (app.settle_memory): full collections skip what start-up made

        def service_edit(i: int) -> None:
            threads.edit(rng.choice(ids), title=f"Edited title {i} {rng.random()}")

        def service_add(i: int) -> None:
            threads.add(SPHERES[i % len(SPHERES)], f"New thread {i}", f"Intent of new thread {i}")

        def writer_update(i: int) -> None:
            with store.write() as tx:
                tx.writer.update("threads", rng.choice(ids), {"title": f"Writer title {i} {rng.random()}"})

        cases = {"service_edit": service_edit, "service_add": service_add, "writer_update": writer_update}
        results = {}
        for name, one in cases.items():
            timed(args.warmup, one)
            samples, cpu = timed(args.writes, one)
            results[name] = {**latency_summary(samples), "cpu_ms_per_write": round(cpu * 1000 / args.writes, 4)}
        results["store_file_mb"] = round((data_dir / "chenu.db").stat().st_size / 1e6, 2)
        services.ctx.close()

    for name in cases:
        r = results[name]
        verdict = "meets" if r["p99_ms"] <= TARGET_P99_MS else "MISSES"
        results[name]["meets_target"] = r["p99_ms"] <= TARGET_P99_MS
        print(
            f"{name:<14} p50 {r['p50_ms']:.3f}  p95 {r['p95_ms']:.3f}  p99 {r['p99_ms']:.3f}  "
            f"max {r['max_ms']:.3f} ms  CPU {r['cpu_ms_per_write']:.3f} ms/write  ({verdict} p99 <= {TARGET_P99_MS} ms)"
        )
    params = {**vars(args), "target_p99_ms": TARGET_P99_MS, "order": list(cases)}
    name = "local_write" if args.wal_autocheckpoint is None else f"local_write_wal_autocheckpoint_{args.wal_autocheckpoint}"
    print(f"results: {write_results(name, params, results)}")


if __name__ == "__main__":
    main()
