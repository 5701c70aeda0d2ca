"""The sync client end to end: device A → real server (uvicorn, SQLite) → device B.

Cases (issue 5's targets, on loopback):
- new_device:     a fresh device signs in and syncs a workspace of N threads
                  (default 100 000): sign-in + `SyncEngine.run()` until the
                  threads are all there. Target ≤ 0.9 s.
- one_change:     A edits one thread title, syncs; B syncs and has it. p50/p99
                  over `--samples` edits, with stores of 10 000 and of N
                  threads (it should not grow with the store). Target p50 ≤ 5
                  ms, p99 ≤ 15 ms.
- offline_1000:   A edits 1 000 threads offline, then A syncs, then B syncs.
                  Target ≤ 50 ms.
- catch_up_10000: A edits 10 000 threads offline and syncs; B, behind by those
                  10 000 changes, syncs. Target ≤ 1 s (A's push and B's
                  catch-up reported separately, and their sum).

Both devices run the real engine in this process (`chenu_desktop.sync`),
over HTTP to a real `chenu-server run` subprocess.

Run: .venv/bin/python bench/sync_client.py [--threads 100000] [--samples 200]
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path
from typing import Any

from _common import latency_summary, temp_root, thread_items, write_results
from _server import EMAIL, PASSWORD, admin, database, running_server

from chenu_desktop.domain.clock import utc_now
from chenu_desktop.store import STORE_FILE, Store
from chenu_desktop.sync.account import open_remote, sign_in
from chenu_desktop.sync.engine import SyncEngine
from chenu_desktop.sync.state import CURRENT_WORKSPACE_KEY

TARGETS = {"new_device_s": 0.9, "one_change_p50_ms": 5.0, "one_change_p99_ms": 15.0, "offline_1000_ms": 50.0, "catch_up_10000_s": 1.0}
CHUNK = 5000


class Device:
    """One data dir, signed in, with an engine that syncs it."""

    def __init__(self, root: Path, name: str, server_url: str) -> None:
        self.dir = root / name
        self.store = Store.open(self.dir / STORE_FILE)
        started = time.perf_counter()
        result = sign_in(self.dir, self.store, server_url, EMAIL, PASSWORD)
        self.sign_in_s = time.perf_counter() - started
        self.workspace_id = result.account.personal_workspace_id
        account, self.remote = open_remote(self.dir, self.store)
        self.engine = SyncEngine(self.store, self.remote, personal_workspace_id=account.personal_workspace_id)

    def sync(self) -> dict[str, Any]:
        return self.engine.run().to_dict()

    def add_threads(self, count: int) -> list[str]:
        ids: list[str] = []
        now = utc_now()
        for start in range(0, count, CHUNK):
            rows = [
                {
                    "workspace_id": self.workspace_id,
                    "sphere_id": item["sphere_id"],
                    "title": item["title"],
                    "founding_intent": item["founding_intent"],
                    "status": "active",
                    "tags": item["tags"],
                    "created_at": now,
                    "updated_at": now,
                    "last_activity_at": now,
                }
                for item in thread_items(min(CHUNK, count - start), seed=start)
            ]
            with self.store.write() as tx:
                ids.extend(tx.writer.insert_many("threads", rows))
        return ids

    def edit(self, thread_ids: list[str], label: str) -> None:
        with self.store.write() as tx:
            for thread_id in thread_ids:
                tx.writer.update("threads", thread_id, {"title": f"{label} {thread_id[-6:]}"})

    def title(self, thread_id: str) -> str:
        with self.store.engine.connect() as conn:
            return conn.exec_driver_sql("SELECT title FROM threads WHERE id = ?", (thread_id,)).scalar_one()

    def count(self) -> int:
        with self.store.engine.connect() as conn:
            return conn.exec_driver_sql("SELECT count(*) FROM threads WHERE deleted IS NOT 1").scalar_one()

    def close(self) -> None:
        self.remote.close()
        self.store.close()


def one_change(a: Device, b: Device, ids: list[str], samples: int, rng: random.Random) -> dict[str, float]:
    times = []
    for i in range(samples + 20):
        thread_id = rng.choice(ids)
        a.edit([thread_id], f"edit {i}")
        started = time.perf_counter()
        a.sync()
        b.sync()
        elapsed = time.perf_counter() - started
        assert b.title(thread_id) == f"edit {i} {thread_id[-6:]}"
        if i >= 20:
            times.append(elapsed)
    return latency_summary(times)


def timed_sync(*devices: Device) -> float:
    started = time.perf_counter()
    for device in devices:
        device.sync()
    return time.perf_counter() - started


def run(threads: int, samples: int, root: Path) -> dict[str, Any]:
    rng = random.Random(5)
    results: dict[str, Any] = {}
    with database("sqlite", root) as url, running_server(url, root) as server:
        admin(server, None, "create-user", EMAIL, "--password-stdin", stdin=PASSWORD + "\n")
        a = Device(root, "a", server.url)
        small = a.add_threads(10_000)
        started = time.perf_counter()
        a.sync()
        results["upload_10000_s"] = round(time.perf_counter() - started, 3)
        b = Device(root, "b", server.url)
        b.sync()
        results["one_change_10000"] = one_change(a, b, small, samples, rng)

        a.edit(rng.sample(small, 1000), "offline")
        results["offline_1000_ms"] = round(timed_sync(a, b) * 1000, 1)

        a.edit(small, "catch-up")
        push_s = timed_sync(a)
        pull_s = timed_sync(b)
        results["catch_up_10000"] = {"push_s": round(push_s, 3), "pull_s": round(pull_s, 3), "total_s": round(push_s + pull_s, 3)}

        big = small + a.add_threads(threads - len(small))
        started = time.perf_counter()
        a.sync()
        results[f"upload_{threads}_s"] = round(time.perf_counter() - started, 3)
        b.sync()
        results[f"one_change_{threads}"] = one_change(a, b, big, samples, rng)

        started = time.perf_counter()
        fresh = Device(root, "c", server.url)
        report = fresh.sync()
        results["new_device"] = {
            "threads": fresh.count(),
            "seconds": round(time.perf_counter() - started, 3),
            "sign_in_s": round(fresh.sign_in_s, 3),
            "pulled": report["pulled"],
        }
        assert fresh.store.get_meta(CURRENT_WORKSPACE_KEY) == a.workspace_id
        for device in (a, b, fresh):
            device.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    with temp_root("sync-client") as root:
        results = run(args.threads, args.samples, Path(root))
    path = write_results("sync_client", {"threads": args.threads, "samples": args.samples, "targets": TARGETS}, results)
    for name, value in results.items():
        print(f"{name}: {value}")
    print(f"results: {path}")


if __name__ == "__main__":
    main()
