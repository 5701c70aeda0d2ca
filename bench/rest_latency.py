"""REST latency of the sync server under 100 concurrent connections, measured with wrk.

A real `chenu-server run` (uvicorn) on 127.0.0.1, on SQLite and on a
throwaway PostgreSQL cluster, with 1 and 2 worker processes. The account is
made with `chenu-server create-user … --password-stdin`, the token comes from
POST /api/v1/auth/login, and `--threads` threads are started through the API
before the load. wrk (a separate process: `apt-get install -y wrk`) then
keeps `--connections` connections busy for `--duration`, after an unmeasured
warm-up of a few seconds:

- list:  GET /api/v1/threads (the first page: 50 threads). The workspace does
  not change meanwhile, so after the first request the server answers its
  remembered page (sync_server/page_cache.py), still checking the caller's
  access on every request.
- mixed: bench/wrk_mixed.lua, 8 GET /api/v1/threads for 2 POST /api/v1/threads
  (each POST changes the workspace: the next list reads and encodes the page again).
- one_connection: `list` on a single connection (wrk -c 1 -t 1): the cost of
  one request without queueing, for reading the other two (wrk keeps every
  connection busy, so at 100 connections p50 ≈ 100 / requests per second).

Beside a bare route (with one worker): bench/_bare_app.py, a separate tiny
uvicorn process serving the same 50 thread objects (the first page our
server answered) from one FastAPI route, no auth, no database. The same wrk
measures both, alternating bare and ours for `--rounds` rounds (each with
its own warm-up), on one connection and on `--connections`; the medians give
the ratios: ours ÷ bare p50 on one connection (target ≤ 1.5) and ours ÷ bare
requests/s at `--connections` (target ≥ 0.5, and no error on either). Each
server process's CPU time per request (/proc) is reported beside them: on a
shared machine it moves less than wall time.

Reports wrk's p50/p75/p90/p99 and max latency, requests/s, and any errors
(non-2xx answers, socket errors, timeouts: wrk leaves timed-out requests out
of its percentiles, so its timeout is raised to 30 s and errors must be 0).

Run: .venv/bin/python bench/rest_latency.py [--backend sqlite|postgresql|both] [--workers 1,2] [--duration 10] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from _common import BENCH_DIR, median, temp_root, write_results
from _server import BACKENDS, READY_SECONDS, Server, database, require_wrk, running_server, sign_in

from tests.support.server_process import free_port

TARGET_P99_MS = 50.0
TARGET_P50_RATIO = 1.5
"""One connection: our p50 at most this many times the bare route's."""
TARGET_THROUGHPUT_RATIO = 0.5
"""`--connections` connections: our requests/s at least this share of the bare route's."""
WARMUP_SECONDS = 3
MIXED_SCRIPT = BENCH_DIR / "wrk_mixed.lua"
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def seed_threads(client: httpx.Client, count: int) -> None:
    for i in range(count):
        response = client.post(
            "/api/v1/threads",
            json={"title": f"Seeded thread {i}", "founding_intent": f"Intent of seeded thread {i}", "sphere_id": "personal", "tags": ["seed"]},
        )
        if response.status_code != 201:
            raise RuntimeError(f"seeding a thread answered {response.status_code}: {response.text[:300]}")


def wrk(url: str, token: str | None, args: argparse.Namespace, seconds: int, script: Path | None = None, connections: int | None = None) -> str:
    connections = connections or args.connections
    command = [
        require_wrk(), "-c", str(connections), "-t", str(min(args.wrk_threads, connections)), "-d", f"{seconds}s",
        "--latency", "--timeout", "30s",
    ]
    if token is not None:
        command += ["-H", f"Authorization: Bearer {token}"]
    if script is not None:
        command += ["-s", str(script)]
    done = subprocess.run([*command, url], capture_output=True, text=True, timeout=seconds + 60)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed: {done.stderr or done.stdout}")
    return done.stdout


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return round(float(number) * UNITS_MS[unit], 3)


def parse_wrk(output: str) -> dict[str, Any]:
    """The numbers of wrk's --latency report."""
    percentiles = {f"p{p}_ms": _ms(value) for p, value in re.findall(r"^\s+(\d+)%\s+(\S+)\s*$", output, re.M)}
    stats = re.search(r"^\s+Latency\s+(\S+)\s+(\S+)\s+(\S+)", output, re.M)
    total = re.search(r"^\s+(\d+) requests in ([\d.]+)(\w+)", output, re.M)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    assert stats and total, output
    return {
        **percentiles,
        "mean_ms": _ms(stats[1]),
        "max_ms": _ms(stats[3]),
        "requests": int(total[1]),
        "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),  # type: ignore[index]
        "non_2xx": int(non_2xx[1]) if non_2xx else 0,
        "socket_errors": dict(zip(("connect", "read", "write", "timeout"), map(int, socket.groups()))) if socket else {},
    }


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far (Linux /proc; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def bare_server(first_page: list[dict[str, Any]], root: Path) -> Iterator[tuple[str, int]]:
    """bench/_bare_app.py in its own uvicorn process, serving `first_page`; its URL and pid."""
    threads_json = root / "bare-threads.json"
    threads_json.write_text(json.dumps(first_page), encoding="utf-8")
    port = free_port()
    with (root / "bare.log").open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "_bare_app:app", "--app-dir", str(BENCH_DIR), "--host", "127.0.0.1", "--port", str(port)],
            env={**os.environ, "BARE_THREADS_JSON": str(threads_json)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/threads"
    try:
        deadline = time.monotonic() + READY_SECONDS
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the bare app did not start:\n{(root / 'bare.log').read_text(errors='replace')[-4000:]}")
            try:
                answer = httpx.get(url, timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        if answer.status_code != 200 or answer.json() != first_page:
            raise RuntimeError(f"the bare app answered {answer.status_code}, not the same 50 threads: {answer.text[:300]}")
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(15)


def _errors(numbers: dict[str, Any]) -> int:
    return numbers["non_2xx"] + sum(numbers["socket_errors"].values())


def versus_bare(ours: Server, token: str, first_page: list[dict[str, Any]], args: argparse.Namespace, root: Path) -> dict[str, Any]:
    """Ours and the bare route, alternating, by the same wrk: the medians and their ratios.
    Each server process's CPU per request is reported too: on a shared machine it
    is steadier than wall time (both servers run one process)."""
    with bare_server(first_page, root) as (bare_url, bare_pid):
        rounds: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for case, connections in (("one_connection", 1), ("list", args.connections)):
            for _ in range(args.rounds):
                for who, url, key, pid in (("bare", bare_url, None, bare_pid), ("ours", ours.url + "/api/v1/threads", token, ours.process.pid)):
                    wrk(url, key, args, WARMUP_SECONDS, connections=connections)
                    cpu_before = cpu_seconds(pid)
                    numbers = parse_wrk(wrk(url, key, args, args.duration, connections=connections))
                    cpu_after = cpu_seconds(pid)
                    if cpu_before is not None and cpu_after is not None and numbers["requests"]:
                        numbers["server_cpu_ms_per_request"] = round(1000 * (cpu_after - cpu_before) / numbers["requests"], 4)
                    rounds.setdefault(case, {}).setdefault(who, []).append(numbers)
    compared: dict[str, Any] = {}
    for case, by_who in rounds.items():
        summary = {
            who: {
                "p50_ms": median([r["p50_ms"] for r in runs]),
                "p99_ms": median([r["p99_ms"] for r in runs]),
                "requests_per_s": median([r["requests_per_s"] for r in runs]),
                "server_cpu_ms_per_request": median([r.get("server_cpu_ms_per_request", float("nan")) for r in runs]),
                "errors": sum(_errors(r) for r in runs),
                "rounds": [{k: v for k, v in r.items() if k != "socket_errors"} for r in runs],
            }
            for who, runs in by_who.items()
        }
        ours, bare = summary["ours"], summary["bare"]
        if case == "one_connection":
            ratio = round(ours["p50_ms"] / bare["p50_ms"], 3)
            meets = ratio <= TARGET_P50_RATIO and ours["errors"] == 0
        else:
            ratio = round(ours["requests_per_s"] / bare["requests_per_s"], 3)
            meets = ratio >= TARGET_THROUGHPUT_RATIO and ours["errors"] == 0 and bare["errors"] == 0
        cpu_ratio = round(ours["server_cpu_ms_per_request"] / bare["server_cpu_ms_per_request"], 3)
        compared[case] = {
            **summary,
            "connections": 1 if case == "one_connection" else args.connections,
            "ratio": ratio,
            "server_cpu_ratio": cpu_ratio,
            "meets_target": meets,
        }
    return compared


def run(backend: str, workers: int, args: argparse.Namespace, root: Path) -> dict[str, Any]:
    with database(backend, root) as url, running_server(url, root, workers=workers) as server:
        client = sign_in(server)
        seed_threads(client, args.threads)
        token = client.headers["Authorization"].split(" ", 1)[1]
        first_page = client.get("/api/v1/threads").json()
        client.close()
        results = {}
        for case, script, connections in (("list", None, None), ("mixed", MIXED_SCRIPT, None), ("one_connection", None, 1)):
            wrk(server.url + "/api/v1/threads", token, args, WARMUP_SECONDS, script, connections)
            time.sleep(1)
            output = wrk(server.url + "/api/v1/threads", token, args, args.duration, script, connections)
            numbers = parse_wrk(output)
            errors = numbers["non_2xx"] + sum(numbers["socket_errors"].values())
            numbers["connections"] = connections or args.connections
            numbers["meets_target"] = (  # the target is for 100 connections
                numbers["requests"] > 0 and errors == 0 and numbers["p99_ms"] <= TARGET_P99_MS if connections is None else None
            )
            numbers["wrk_output"] = output.splitlines()
            results[case] = numbers
        if workers == 1 and args.rounds > 0:
            results["versus_bare"] = versus_bare(server, token, first_page, args, root)
    return results


def print_versus_bare(backend: str, compared: dict[str, Any]) -> None:
    one, many = compared["one_connection"], compared["list"]
    verdict = {True: "meets", False: "MISSES"}
    print(
        f"{backend:<10} vs bare    1 connection   p50 ours {one['ours']['p50_ms']:.2f} / bare {one['bare']['p50_ms']:.2f} ms"
        f" = {one['ratio']:.2f}x  ({verdict[one['meets_target']]} <= {TARGET_P50_RATIO}x);"
        f" server CPU/request {one['ours']['server_cpu_ms_per_request']:.2f} / {one['bare']['server_cpu_ms_per_request']:.2f} ms = {one['server_cpu_ratio']:.2f}x"
    )
    print(
        f"{backend:<10} vs bare    {many['connections']} connections  ours {many['ours']['requests_per_s']:.0f} / bare"
        f" {many['bare']['requests_per_s']:.0f} req/s = {many['ratio']:.2f}, errors {many['ours']['errors']} / {many['bare']['errors']}"
        f"  ({verdict[many['meets_target']]} >= {TARGET_THROUGHPUT_RATIO}, no error);"
        f" server CPU/request {many['ours']['server_cpu_ms_per_request']:.2f} / {many['bare']['server_cpu_ms_per_request']:.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=[*BACKENDS, "both"], default="both")
    parser.add_argument("--workers", default="1,2", help="server worker counts to measure, comma-separated")
    parser.add_argument("--threads", type=int, default=200, help="threads in the workspace before the load")
    parser.add_argument("--duration", type=int, default=10, help="seconds of measured load per case")
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds beside the bare route (1 worker; 0: skip)")
    args = parser.parse_args()
    require_wrk()
    backends = BACKENDS if args.backend == "both" else (args.backend,)
    worker_counts = [int(n) for n in args.workers.split(",")]

    results: dict[str, Any] = {}
    for backend in backends:
        for workers in worker_counts:
            with temp_root(f"bench-rest-{backend}") as tmp:
                measured = run(backend, workers, args, Path(tmp))
            results.setdefault(backend, {})[f"workers_{workers}"] = measured
            for case, r in measured.items():
                if case == "versus_bare":
                    continue
                verdict = {True: "meets", False: "MISSES", None: "for reference:"}[r["meets_target"]]
                errors = r["non_2xx"] + sum(r["socket_errors"].values())
                print(
                    f"{backend:<10} workers {workers}  {case:<14}  p50 {r['p50_ms']:7.1f}  p90 {r['p90_ms']:7.1f}  "
                    f"p99 {r['p99_ms']:7.1f}  max {r['max_ms']:7.1f} ms  {r['requests_per_s']:7.1f} req/s  "
                    f"errors {errors}  ({verdict} p99 <= {TARGET_P99_MS:.0f} ms)"
                )
            if "versus_bare" in measured:
                print_versus_bare(backend, measured["versus_bare"])
    params = {**vars(args), "warmup_seconds": WARMUP_SECONDS, "target_p99_ms": TARGET_P99_MS, "url": "/api/v1/threads"}
    name = "rest_latency" if args.backend == "both" and args.workers == "1,2" else f"rest_latency_{args.backend}_w{args.workers.replace(',', '-')}"
    print(f"results: {write_results(name, params, results)}")


if __name__ == "__main__":
    main()
