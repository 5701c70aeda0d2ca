"""The sync client end to end, side by side with Anki: device A → real server → device B.

One invocation runs Anki's own sync measurements (the anchor's `run_sync.sh`:
Anki's sync server and `sync_bench.py`, for N = 10 000 and --threads) and
then ours, and prints CHE·NU ÷ Anki for each row (issue 12, item 1):

- new_device:     a fresh device signs in and syncs a workspace of --threads
                  threads (sign-in included; median of --fresh devices) ÷
                  Anki's full download of as many notes. Target ≤ 1.0.
- one_change:     edit one thread title on A, sync A, sync B, B has it
                  (the edit included, like Anki's `incremental_1_note`); p50
                  over --samples edits, with stores of 10 000 and of
                  --threads. Target at 10 000 ≤ 0.5 × Anki's; at --threads
                  ≤ 1.2 × our own 10 000 figure (flat in the store's size).
- offline_1000:   A edits 1 000 threads offline; sync A + sync B ÷ Anki's
                  `incremental_bulk` (1 000 notes) at 10 000, the median of
                  three batches on both sides. Target ≤ 0.7.
- catch_up_10000: A edits 10 000 threads offline and syncs; B syncs. Target
                  ≤ 1 s (A's push and B's pull reported apart). Anki has no
                  counterpart.

Both devices run the real engine in this process (`chenu_desktop.sync`, one
`Remote` and so one HTTP connection each), over loopback to a real
`chenu-server run` subprocess on SQLite. Each row also says the client's
CPU time and the requests it made, so a noisy machine still shows where
the time goes.

Run: .venv/bin/python bench/sync_client.py --anchor DIR --anki-root ROOT [--threads 100000] [--samples 100]
     (--no-anki, or no anchor given: ours only, no ratios; ANKI_ANCHOR / ANKI_ROOT may stand for the two paths)
     --only new_device: that row alone (A uploads --threads threads; Anki runs --threads only); results in sync_client_new_device.json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Self

from _common import latency_summary, median, temp_root, thread_items, write_results
from _server import EMAIL, PASSWORD, admin, database, running_server

from chenu_desktop.domain.clock import utc_now
from chenu_desktop.store import STORE_FILE, Store
from chenu_desktop.sync.account import open_remote, sign_in
from chenu_desktop.sync.engine import SyncEngine
from chenu_desktop.sync.state import CURRENT_WORKSPACE_KEY

SMALL = 10_000
CASES = frozenset({"one_change", "offline_1000", "catch_up_10000", "one_change_big", "new_device"})
"""`--cases`: one_change at 10 000 threads, the two offline batches, one_change at --threads, new devices."""
TARGETS = {
    "new_device_ratio": 1.0,
    "one_change_p50_ratio_at_10000": 0.5,
    "one_change_p50_growth_10000_to_threads": 1.2,
    "offline_1000_ratio": 0.7,
    "catch_up_10000_s": 1.0,
}
CHUNK = 5000
WARMUP = 20
BULK_REPS = 3
"""Offline batches of 1 000 per side; each side reports its median."""
ANKI_TAG = "_chenu_sync_client"
"""The suffix of the anchor's result files this benchmark writes (never another run's)."""


class Device:
    """One data dir, signed in, with an engine that syncs it."""

    def __init__(self, root: Path, name: str, server_url: str) -> None:
        self.dir = root / name
        started = time.perf_counter()
        self.store = Store.open(self.dir / STORE_FILE)
        self.store_open_s = time.perf_counter() - started
        started = time.perf_counter()
        result = sign_in(self.dir, self.store, server_url, EMAIL, PASSWORD)
        self.sign_in_s = time.perf_counter() - started
        self.workspace_id = result.account.personal_workspace_id
        account, self.remote = open_remote(self.dir, self.store)
        self.engine = SyncEngine(self.store, self.remote, personal_workspace_id=account.personal_workspace_id)
        self.requests: list[str] = []
        # counted, not changed: how many round trips a sync takes (on its own connection, the snapshot included)
        client = self.remote._wire or self.remote._http
        client.request = self._counted(client.request)  # type: ignore[method-assign, union-attr]

    def _counted(self, send: Any) -> Any:
        def counted(method: str, path: str, *args: Any, **kwargs: Any) -> Any:
            self.requests.append(f"{method} {path.split('?')[0]}")
            return send(method, path, *args, **kwargs)

        return counted

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


class Measured:
    """Wall and process CPU time of a block, in ms, and the server's CPU time
    meanwhile (from /proc, when its pid is known): what is left of the wall
    time is the network, the waits between the two, and other processes."""

    server_pid: int | None = None

    def __enter__(self) -> Self:
        self.server = _cpu_ms_of(self.server_pid)
        self.cpu, self.wall = time.process_time(), time.perf_counter()
        return self

    def __exit__(self, *_: object) -> None:
        self.wall_ms = (time.perf_counter() - self.wall) * 1000
        self.cpu_ms = (time.process_time() - self.cpu) * 1000
        self.server_cpu_ms = _cpu_ms_of(self.server_pid) - self.server

    @property
    def other_ms(self) -> float:
        return self.wall_ms - self.cpu_ms - self.server_cpu_ms


def _cpu_ms_of(pid: int | None) -> float:
    """A process's user + system CPU time so far (Linux /proc), in ms; 0 when unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError, TypeError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def one_change(a: Device, b: Device, ids: list[str], samples: int, rng: random.Random) -> dict[str, Any]:
    """Edit on A, sync A, sync B, B has it: the edit included (like Anki's round trip), and the syncs alone."""
    with_edit, syncs, cpu, server_cpu = [], [], [], []
    requests = 0
    for i in range(samples + WARMUP):
        thread_id = rng.choice(ids)
        sent = len(a.requests) + len(b.requests)
        with Measured() as whole:
            a.edit([thread_id], f"edit {i}")
            with Measured() as synced:
                a.sync()
                b.sync()
        assert b.title(thread_id) == f"edit {i} {thread_id[-6:]}"
        if i >= WARMUP:
            with_edit.append(whole.wall_ms / 1000)
            syncs.append(synced.wall_ms / 1000)
            cpu.append(whole.cpu_ms)
            server_cpu.append(whole.server_cpu_ms)
            requests += len(a.requests) + len(b.requests) - sent
    return {
        "edit_sync_a_sync_b": latency_summary(with_edit),
        "sync_a_sync_b": latency_summary(syncs),
        "client_cpu_ms_median": round(median(cpu), 2),
        "server_cpu_ms_mean": round(sum(server_cpu) / len(server_cpu), 2),
        "requests_per_change": round(requests / samples, 2),
    }


def timed_syncs(*devices: Device) -> dict[str, Any]:
    """Each device syncs once, in turn: wall and client CPU of each, and the requests made."""
    out: dict[str, Any] = {}
    for name, device in zip("ab", devices):
        sent = len(device.requests)
        with Measured() as taken:
            device.sync()
        out[f"{name}_ms"] = round(taken.wall_ms, 1)
        out[f"{name}_client_cpu_ms"] = round(taken.cpu_ms, 1)
        out[f"{name}_server_cpu_ms"] = round(taken.server_cpu_ms, 1)
        out[f"{name}_other_ms"] = round(taken.other_ms, 1)
        out[f"{name}_requests"] = len(device.requests) - sent
    out["total_ms"] = round(sum(out[f"{name}_ms"] for name in "ab"[: len(devices)]), 1)
    return out


def settle(*devices: Device, timeout_s: float = 20.0) -> None:
    """Wait until the machine is at rest before sampling: each device's WAL
    checkpoint thread has copied its log back, and the server's CPU stops
    rising (its own checkpoint of a large upload). Rounds sampled while a
    100 MB log is being copied into place measure that copy, not a round."""
    deadline = time.monotonic() + timeout_s
    for device in devices:
        checkpointer = device.store.checkpointer
        while checkpointer is not None and not checkpointer.caught_up and time.monotonic() < deadline:
            time.sleep(0.02)
    before = _cpu_ms_of(Measured.server_pid)
    while time.monotonic() < deadline:
        time.sleep(0.2)
        now = _cpu_ms_of(Measured.server_pid)
        if now - before < 10:  # under 5 % of a core: idle but for its timers
            return
        before = now


def offline_batches(a: Device, b: Device, ids: list[str], rng: random.Random) -> dict[str, Any]:
    """BULK_REPS times: A edits 1 000 threads offline, then sync A + sync B;
    the run with the median total (Anki's `incremental_bulk` is a median of as many)."""
    runs = []
    settle(a, b)
    for rep in range(BULK_REPS):
        a.edit(rng.sample(ids, 1000), f"offline {rep}")
        runs.append(timed_syncs(a, b))
    runs.sort(key=lambda run: run["total_ms"])
    return {**runs[len(runs) // 2], "totals_ms": [run["total_ms"] for run in runs]}


def new_device(root: Path, server_url: str, name: str, threads: int) -> dict[str, Any]:
    with Measured() as taken:
        fresh = Device(root, name, server_url)
        report = fresh.sync()
    try:
        assert fresh.count() == threads, (fresh.count(), threads)
        assert fresh.store.get_meta(CURRENT_WORKSPACE_KEY) == fresh.workspace_id
        return {
            "seconds": round(taken.wall_ms / 1000, 3),
            "store_open_s": round(fresh.store_open_s, 3),
            "sign_in_s": round(fresh.sign_in_s, 3),
            "client_cpu_s": round(taken.cpu_ms / 1000, 3),
            "server_cpu_s": round(taken.server_cpu_ms / 1000, 3),
            "pulled": report["pulled"],
            "requests": fresh.requests,
        }
    finally:
        fresh.close()


def new_devices(root: Path, server_url: str, threads: int, fresh: int) -> dict[str, Any]:
    """`fresh` new devices in turn (the first one's snapshot is built, the others' are the server's cached file)."""
    settle()
    runs = [new_device(root, server_url, f"fresh-{i}", threads) for i in range(fresh)]
    return {
        "threads": threads,
        "seconds_median": round(median([r["seconds"] for r in runs]), 3),
        "store_open_s_median": round(median([r["store_open_s"] for r in runs]), 3),
        "sign_in_s_median": round(median([r["sign_in_s"] for r in runs]), 3),
        "client_cpu_s_median": round(median([r["client_cpu_s"] for r in runs]), 3),
        "server_cpu_s_median": round(median([r["server_cpu_s"] for r in runs]), 3),
        "runs": runs,
    }


def run_new_device_only(threads: int, fresh: int, root: Path) -> dict[str, Any]:
    """`--only new_device`: A uploads --threads threads, then the new devices."""
    with database("sqlite", root) as url, running_server(url, root) as server:
        admin(server, None, "create-user", EMAIL, "--password-stdin", stdin=PASSWORD + "\n")
        Measured.server_pid = server.process.pid
        a = Device(root, "a", server.url)
        a.add_threads(threads)
        started = time.perf_counter()
        a.sync()
        results: dict[str, Any] = {f"upload_{threads}_s": round(time.perf_counter() - started, 3)}
        results["new_device"] = new_devices(root, server.url, threads, fresh)
        a.close()
    return results


def run_chenu(threads: int, samples: int, fresh: int, root: Path, cases: frozenset[str] = CASES) -> dict[str, Any]:
    rng = random.Random(5)
    results: dict[str, Any] = {}
    with database("sqlite", root) as url, running_server(url, root) as server:
        admin(server, None, "create-user", EMAIL, "--password-stdin", stdin=PASSWORD + "\n")
        Measured.server_pid = server.process.pid  # `chenu-server run --workers 1` serves in this process
        a = Device(root, "a", server.url)
        small = a.add_threads(SMALL)
        started = time.perf_counter()
        a.sync()
        results[f"upload_{SMALL}_s"] = round(time.perf_counter() - started, 3)
        b = Device(root, "b", server.url)
        b.sync()
        if "one_change" in cases:
            settle(a, b)
            results[f"one_change_{SMALL}"] = one_change(a, b, small, samples, rng)

        if "offline_1000" in cases:
            results["offline_1000"] = offline_batches(a, b, small, rng)

        if "catch_up_10000" in cases:
            a.edit(small, "catch-up")
            catch_up = timed_syncs(a, b)
            results["catch_up_10000"] = {**catch_up, "total_s": round(catch_up["total_ms"] / 1000, 3)}

        if not cases & {"one_change_big", "new_device"}:
            for device in (a, b):
                device.close()
            return results
        big = small + a.add_threads(threads - len(small))
        started = time.perf_counter()
        a.sync()
        results[f"upload_{threads}_s"] = round(time.perf_counter() - started, 3)
        b.sync()
        if "one_change_big" in cases:
            settle(a, b)
            results[f"one_change_{threads}"] = one_change(a, b, big, samples, rng)

        if "new_device" in cases:
            results["new_device"] = new_devices(root, server.url, threads, fresh)
        for device in (a, b):
            device.close()
    return results


def run_anki(anchor: Path, anki_root: Path, sizes: list[int], samples: int, fresh: int) -> dict[int, dict[str, Any]]:
    """The anchor's run_sync.sh for each size (Anki's sync server and client); its JSON per size."""
    env = dict(os.environ, ROOT=str(anki_root), VENV=str(anki_root / "venv"), TAG=ANKI_TAG,
               REPS=str(samples), BULK_REPS=str(BULK_REPS), FULL_REPS=str(fresh))
    subprocess.run(["bash", str(anchor / "run_sync.sh"), *map(str, sizes)], env=env, check=True)
    found = {}
    for size in sizes:
        path = anki_root / "results" / f"sync_{size}{ANKI_TAG}.json"
        if not path.exists():
            raise SystemExit(f"Anki's sync bench wrote no {path.name} (see {path.with_name(f'sync_{size}{ANKI_TAG}_time.txt')})")
        found[size] = json.loads(path.read_text())
    return found


def anki_rows(anki: dict[int, dict[str, Any]], threads: int) -> dict[str, Any]:
    """The figures of Anki's run that our rows are set beside (ms)."""
    rows: dict[str, Any] = {}
    for size, res in anki.items():
        rows[str(size)] = {
            "login_ms": res["login_ms"],
            "full_download_median_ms": res["full_download_repeats"]["median_ms"],
            "first_full_download_total_ms": res["b_full_download"]["total_ms"],
            "one_note_p50_ms": res["incremental_1_note"]["edit_plus_syncA_plus_syncB"]["median_ms"],
            "one_note_p99_ms": res["incremental_1_note"]["edit_plus_syncA_plus_syncB"]["p99_ms"],
            "bulk_1000_median_ms": res["incremental_bulk"]["syncs_total"]["median_ms"],
            "verify_failures": res["incremental_1_note"]["verify_failures"],
        }
    return rows


def compare_new_device(ours: dict[str, Any], anki_big: dict[str, Any]) -> dict[str, Any]:
    new_ms = ours["new_device"]["seconds_median"] * 1000
    row = {
        "chenu_ms": round(new_ms), "anki_ms": anki_big["full_download_median_ms"],
        "ratio": round(new_ms / anki_big["full_download_median_ms"], 3), "target": f"<= {TARGETS['new_device_ratio']}",
        "anki_login_plus_download_ms": round(anki_big["login_ms"] + anki_big["full_download_median_ms"], 1),
        "ratio_to_login_plus_download": round(new_ms / (anki_big["login_ms"] + anki_big["full_download_median_ms"]), 3),
    }
    row["met"] = row["ratio"] <= TARGETS["new_device_ratio"]
    return row


def compare(ours: dict[str, Any], anki: dict[str, Any], threads: int) -> dict[str, Any]:
    small, big = anki[str(SMALL)], anki.get(str(threads))
    one_small = ours[f"one_change_{SMALL}"]["edit_sync_a_sync_b"]["p50_ms"]
    one_big = ours[f"one_change_{threads}"]["edit_sync_a_sync_b"]["p50_ms"]
    rows: dict[str, Any] = {
        "one_change_10000_p50": {"chenu_ms": one_small, "anki_ms": small["one_note_p50_ms"],
                                 "ratio": round(one_small / small["one_note_p50_ms"], 3),
                                 "target": f"<= {TARGETS['one_change_p50_ratio_at_10000']}"},
        f"one_change_{threads}_p50": {"chenu_ms": one_big, "chenu_10000_ms": one_small,
                                      "growth": round(one_big / one_small, 3),
                                      "target": f"growth <= {TARGETS['one_change_p50_growth_10000_to_threads']}"},
        "offline_1000": {"chenu_ms": ours["offline_1000"]["total_ms"], "anki_ms": small["bulk_1000_median_ms"],
                         "ratio": round(ours["offline_1000"]["total_ms"] / small["bulk_1000_median_ms"], 3),
                         "target": f"<= {TARGETS['offline_1000_ratio']}"},
        "catch_up_10000": {"chenu_s": ours["catch_up_10000"]["total_s"], "target": f"<= {TARGETS['catch_up_10000_s']} s"},
    }
    if big is not None:
        rows[f"one_change_{threads}_p50"].update(anki_ms=big["one_note_p50_ms"], ratio=round(one_big / big["one_note_p50_ms"], 3))
        rows["new_device"] = compare_new_device(ours, big)
    met = {
        "one_change_10000_p50": rows["one_change_10000_p50"]["ratio"] <= TARGETS["one_change_p50_ratio_at_10000"],
        f"one_change_{threads}_p50": rows[f"one_change_{threads}_p50"]["growth"] <= TARGETS["one_change_p50_growth_10000_to_threads"],
        "offline_1000": rows["offline_1000"]["ratio"] <= TARGETS["offline_1000_ratio"],
        "catch_up_10000": ours["catch_up_10000"]["total_s"] <= TARGETS["catch_up_10000_s"],
    }
    if "new_device" in rows:
        met["new_device"] = rows["new_device"]["ratio"] <= TARGETS["new_device_ratio"]
    for name, ok in met.items():
        rows[name]["met"] = ok
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--anchor", type=Path, default=os.environ.get("ANKI_ANCHOR"), help="the Anki anchor's scripts folder")
    parser.add_argument("--anki-root", type=Path, default=os.environ.get("ANKI_ROOT"), help="the ROOT its setup.sh used")
    parser.add_argument("--no-anki", action="store_true", help="ours only (no ratios)")
    parser.add_argument("--threads", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=100, help="one-change round trips per store size (both sides)")
    parser.add_argument("--fresh", type=int, default=3, help="new devices (and Anki full downloads) to take the median of")
    parser.add_argument("--only", choices=["new_device"], help="run one row only (both sides), e.g. the new device with --threads threads")
    parser.add_argument("--cases", type=lambda text: frozenset(text.split(",")), default=CASES,
                        help=f"ours only, these rows (comma-separated: {', '.join(sorted(CASES))}); written to sync_client_cases.json")
    args = parser.parse_args()
    if not args.cases <= CASES:
        parser.error(f"--cases: unknown {', '.join(sorted(args.cases - CASES))}")
    if args.cases != CASES:
        args.no_anki = True
    if args.threads <= SMALL:
        parser.error(f"--threads must be more than {SMALL}")
    if not args.no_anki and (args.anchor is None or args.anki_root is None):
        print("no --anchor/--anki-root (ANKI_ANCHOR, ANKI_ROOT): ours only, no ratios", file=sys.stderr)
        args.no_anki = True

    anki: dict[str, Any] | None = None
    if not args.no_anki:
        sizes = [args.threads] if args.only == "new_device" else sorted({SMALL, args.threads})
        anki = anki_rows(run_anki(args.anchor, args.anki_root, sizes, args.samples, args.fresh), args.threads)
    with temp_root("sync-client") as root:
        if args.only == "new_device":
            ours = run_new_device_only(args.threads, args.fresh, Path(root))
        else:
            ours = run_chenu(args.threads, args.samples, args.fresh, Path(root), args.cases)
    results: dict[str, Any] = {"chenu": ours}
    if anki is not None:
        results["anki"] = anki
        if args.only == "new_device":
            results["side_by_side"] = {"new_device": compare_new_device(ours, anki[str(args.threads)])}
        else:
            results["side_by_side"] = compare(ours, anki, args.threads)
    parameters = {"threads": args.threads, "samples": args.samples, "fresh": args.fresh, "server": "chenu-server run, SQLite, 1 worker",
                  "targets": TARGETS, "only": args.only}
    if args.cases != CASES:
        parameters["cases"] = sorted(args.cases)
    name = f"_{args.only}" if args.only else "_cases" if args.cases != CASES else ""
    path = write_results("sync_client" + name, parameters, results)
    print(json.dumps(results.get("side_by_side", ours), indent=1))
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
