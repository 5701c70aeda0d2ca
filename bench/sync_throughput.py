"""Sync server throughput: push of 1 000-change batches, then pull of the whole log.

Against a real `chenu-server run` (uvicorn, one worker) on 127.0.0.1, on
SQLite and on a throwaway PostgreSQL cluster, signed in with a real token:

- push: `--batches` POST /api/v1/sync/push of `--batch` changes each, sent one
  after the other on one keep-alive connection. Every change is a new thread
  row (column "*", its 11 fields, as a desktop's writer sends it) in the
  user's personal workspace, one HLC stamp per batch like one local
  transaction. Request bodies are encoded before the clock starts; each push
  must answer 200 with every change `accepted`. Reports changes/s and the
  latency of one push.
- pull: every page of GET /api/v1/sync/pull from no cursor to `more: false`
  at the server's largest page (`limit` = PULL_LIMIT_MAX), i.e. the whole
  log the push left (100 000 changes by default), fetched and decoded the way
  a device does it (the sync client's `Remote.pull`: its own kept-alive
  connection, each page decoded by msgspec into `Change`s; until 2026-12-07
  httpx and `json.loads`); reported as seconds and changes/s, after a warm-up
  pull of one page, and as seconds per 100 000 changes against the target,
  with the server's and the client's CPU.
- small: the fixed cost of the two sync routes, `--small` times one push of
  one change (a new thread, its own stamp) then one pull from the cursor the
  previous pull gave (that change alone), on the same connection, after the
  log above; p50/p99 of each, and the server's CPU per request.

Run: .venv/bin/python bench/sync_throughput.py [--backend sqlite|postgresql|both] [--batches 100] [--batch 1000] [--small 200]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import httpx
from _common import latency_summary, temp_root, thread_items, write_results
from _server import BACKENDS, database, me, running_server, sign_in

from chenu_desktop.domain.changes import ROW_COLUMN, Change
from chenu_desktop.domain.hlc import HybridLogicalClock
from chenu_desktop.domain.ids import uuid7
from chenu_desktop.sync.credentials import Tokens
from chenu_desktop.sync.remote import Remote
from sync_server.sync_params import PULL_LIMIT_MAX

PUSH_TARGET = 30_000  # changes per second
PULL_TARGET_S = 1.5  # seconds for 100 000 changes
PULL_TARGET_CHANGES = 100_000
WARMUP_BATCHES = 3
PUSH = "/api/v1/sync/push"
PULL = "/api/v1/sync/pull"


def thread_row(item: dict[str, Any], now: str, user_id: str) -> dict[str, Any]:
    """A new thread's fields, as the desktop's change writer sends them."""
    return {
        "sphere_id": item["sphere_id"],
        "title": item["title"],
        "founding_intent": item["founding_intent"],
        "current_intent": item["founding_intent"],
        "status": "active",
        "tags": item["tags"],
        "created_at": now,
        "created_by": user_id,  # the pusher: the server refuses rows naming anyone else
        "updated_at": now,
        "last_activity_at": now,
        "deleted": False,
    }


def push_bodies(workspace_id: str, user_id: str, batches: int, size: int, seed: int) -> list[bytes]:
    """`batches` push requests of `size` thread creations each, JSON-encoded."""
    clock = HybridLogicalClock(os.urandom(8).hex())
    items = thread_items(batches * size, seed=seed)
    bodies = []
    for b in range(batches):
        stamp = clock.now()
        now = datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")
        changes = [
            Change(stamp, clock.node, workspace_id, "threads", uuid7(), ROW_COLUMN, thread_row(item, now, user_id))
            for item in items[b * size : (b + 1) * size]
        ]
        bodies.append(json.dumps({"node_id": clock.node, "changes": [c.to_dict() for c in changes]}).encode())
    return bodies


def push_all(client: httpx.Client, bodies: list[bytes], size: int) -> list[float]:
    """Seconds of each push; every change must come back accepted."""
    seconds = []
    for body in bodies:
        start = time.perf_counter()
        response = client.post(PUSH, content=body, headers={"Content-Type": "application/json"})
        seconds.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise RuntimeError(f"push answered {response.status_code}: {response.text[:500]}")
        answer = response.json()
        if answer["accepted"] != size:
            raise RuntimeError(f"push accepted {answer['accepted']} of {size}: {answer['results'][:3]}")
    return seconds


def pull_all(remote: Remote, limit: int) -> tuple[int, int]:
    """(changes, pages) of a pull of every page from the start, as a device
    pulls: the sync client's own connection, each page decoded into `Change`s."""
    cursor, changes, pages = None, 0, 0
    while True:
        page = remote.pull(cursor, limit)
        changes += len(page.changes)
        pages += 1
        cursor = page.next_cursor
        if not page.more:
            return changes, pages


def device_remote(server_url: str, client: httpx.Client) -> Remote:
    """The sync client a device pulls with (`chenu_desktop.sync.remote`), signed in with the bench's token."""
    token = client.headers["Authorization"].removeprefix("Bearer ")
    return Remote(server_url, Tokens(token, "", time.time() + 3600))


def small_round_trips(client: httpx.Client, workspace_id: str, user_id: str, samples: int, pid: int) -> dict[str, Any]:
    """`samples` times: push one new thread, then pull it from the last cursor."""
    cursor = None
    while True:  # the cursor at the end of the log
        page = client.get(PULL, params={"limit": PULL_LIMIT_MAX, **({"cursor": cursor} if cursor else {})}).json()
        cursor = page["next_cursor"]
        if not page["more"]:
            break
    bodies = push_bodies(workspace_id, user_id, samples, 1, seed=3)
    pushes, pulls = [], []
    cpu = server_cpu(pid)
    for body in bodies:
        start = time.perf_counter()
        pushed = client.post(PUSH, content=body, headers={"Content-Type": "application/json"})
        middle = time.perf_counter()
        pulled = client.get(PULL, params={"cursor": cursor})
        pulls.append(time.perf_counter() - middle)
        pushes.append(middle - start)
        if pushed.status_code != 200 or pushed.json()["accepted"] != 1 or pulled.status_code != 200:
            raise RuntimeError(f"small round trip failed: {pushed.status_code} {pulled.status_code} {pushed.text[:300]}")
        page = pulled.json()
        if len(page["changes"]) != 1:
            raise RuntimeError(f"the pull after one push brought {len(page['changes'])} changes")
        cursor = page["next_cursor"]
    cpu = server_cpu(pid) - cpu
    return {
        "samples": samples,
        "push_1": latency_summary(pushes),
        "pull_1": latency_summary(pulls),
        "server_cpu_ms_per_request": round(cpu * 1000 / (2 * samples), 3),
    }


def run_backend(backend: str, args: argparse.Namespace, root: Path) -> dict[str, Any]:
    with database(backend, root) as url, running_server(url, root) as server:
        client = sign_in(server)
        user = me(client)
        workspace = user["personal_workspace_id"]
        warmup = push_bodies(workspace, user["id"], WARMUP_BATCHES, args.batch, seed=1)
        bodies = push_bodies(workspace, user["id"], args.batches, args.batch, seed=2)
        push_all(client, warmup, args.batch)
        cpu = server_cpu(server.process.pid)
        start = time.perf_counter()
        seconds = push_all(client, bodies, args.batch)
        elapsed = time.perf_counter() - start
        push_cpu = server_cpu(server.process.pid) - cpu
        pushed = args.batches * args.batch
        push = {
            "changes": pushed,
            "batches": args.batches,
            "seconds": round(elapsed, 3),
            "changes_per_s": round(pushed / elapsed),
            "server_cpu_s": round(push_cpu, 3),
            "changes_per_server_cpu_s": round(pushed / push_cpu) if push_cpu else None,
            "push_latency": latency_summary(seconds),
            "request_kb": round(sum(map(len, bodies)) / len(bodies) / 1024, 1),
            "meets_target": pushed / elapsed >= PUSH_TARGET,
        }

        remote = device_remote(server.url, client)
        remote.pull(None, args.pull_limit)  # warm-up: one page
        cpu = server_cpu(server.process.pid)
        client_cpu = time.process_time()
        start = time.perf_counter()
        pulled, pages = pull_all(remote, args.pull_limit)
        elapsed = time.perf_counter() - start
        client_cpu = time.process_time() - client_cpu
        remote.close()
        pull_cpu = server_cpu(server.process.pid) - cpu
        expected = (WARMUP_BATCHES + args.batches) * args.batch
        if pulled < expected:
            raise RuntimeError(f"pulled {pulled} changes, the log holds at least {expected}")
        per_target = elapsed * PULL_TARGET_CHANGES / pulled
        pull = {
            "changes": pulled,
            "pages": pages,
            "limit": args.pull_limit,
            "seconds": round(elapsed, 3),
            "seconds_per_100000": round(per_target, 3),
            "changes_per_s": round(pulled / elapsed),
            "server_cpu_s": round(pull_cpu, 3),
            "client_cpu_s": round(client_cpu, 3),
            "meets_target": per_target <= PULL_TARGET_S,
        }
        small = small_round_trips(client, workspace, user["id"], args.small, server.process.pid) if args.small else None
        client.close()
    return {"push": push, "pull": pull, "small": small}


def server_cpu(pid: int) -> float:
    """User + system CPU seconds of the server process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=[*BACKENDS, "both"], default="both")
    parser.add_argument("--batches", type=int, default=100, help="measured pushes")
    parser.add_argument("--batch", type=int, default=1000, help="changes per push (the server takes at most 1000)")
    parser.add_argument("--pull-limit", type=int, default=PULL_LIMIT_MAX, help="changes per pull page")
    parser.add_argument("--small", type=int, default=200, help="one-change push + pull round trips (0: none)")
    args = parser.parse_args()
    backends = BACKENDS if args.backend == "both" else (args.backend,)

    results = {}
    for backend in backends:
        with temp_root(f"bench-sync-{backend}") as tmp:
            results[backend] = run_backend(backend, args, Path(tmp))
        push, pull = results[backend]["push"], results[backend]["pull"]
        verdict = "meets" if push["meets_target"] else "MISSES"
        lat = push["push_latency"]
        print(
            f"{backend:<10} push {push['changes_per_s']:>7,} changes/s ({push['changes']:,} in {push['seconds']} s; "
            f"one push p50 {lat['p50_ms']:.0f} / p99 {lat['p99_ms']:.0f} ms; server CPU {push['server_cpu_s']} s; "
            f"{verdict} >= {PUSH_TARGET:,}/s)"
        )
        print(
            f"{'':<10} pull {pull['changes']:,} changes in {pull['seconds']} s ({pull['pages']} pages of {pull['limit']}; "
            f"{pull['changes_per_s']:,} changes/s; server CPU {pull['server_cpu_s']} s, client CPU {pull['client_cpu_s']} s): "
            f"{pull['seconds_per_100000']} s per 100,000, {'meets' if pull['meets_target'] else 'MISSES'} <= {PULL_TARGET_S} s"
        )
        if small := results[backend]["small"]:
            print(
                f"{'':<10} one change: push p50 {small['push_1']['p50_ms']:.2f} / p99 {small['push_1']['p99_ms']:.2f} ms, "
                f"pull p50 {small['pull_1']['p50_ms']:.2f} / p99 {small['pull_1']['p99_ms']:.2f} ms "
                f"({small['samples']} each; server CPU {small['server_cpu_ms_per_request']} ms per request)"
            )
    params = {
        **vars(args),
        "warmup_batches": WARMUP_BATCHES,
        "target_push_changes_per_s": PUSH_TARGET,
        "target_pull_s_per_100000": PULL_TARGET_S,
        "server_workers": 1,
    }
    name = "sync_throughput" if args.backend == "both" else f"sync_throughput_{args.backend}"
    print(f"results: {write_results(name, params, results)}")


if __name__ == "__main__":
    main()
