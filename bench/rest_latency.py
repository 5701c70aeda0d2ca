"""REST latency of the sync server under 100 concurrent connections, measured with wrk.

A real `chenu-server run` (uvicorn) on 127.0.0.1, on SQLite and on a
throwaway PostgreSQL cluster, with 1 and 2 worker processes. The account is
made with `chenu-server create-user … --password-stdin`, the token comes from
POST /api/v1/auth/login, and `--threads` threads are started through the API
before the load. wrk (a separate process: `apt-get install -y wrk`) then
keeps `--connections` connections busy for `--duration`, after an unmeasured
warm-up of a few seconds:

- list:  GET /api/v1/threads (the first page: 50 threads).
- mixed: bench/wrk_mixed.lua, 8 GET /api/v1/threads for 2 POST /api/v1/threads.
- one_connection: `list` on a single connection (wrk -c 1 -t 1): the cost of
  one request without queueing, for reading the other two (wrk keeps every
  connection busy, so at 100 connections p50 ≈ 100 / requests per second).

Reports wrk's p50/p75/p90/p99 and max latency, requests/s, and any errors
(non-2xx answers, socket errors, timeouts: wrk leaves timed-out requests out
of its percentiles, so its timeout is raised to 30 s and errors must be 0).

Run: .venv/bin/python bench/rest_latency.py [--backend sqlite|postgresql|both] [--workers 1,2] [--duration 10]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx

from _common import BENCH_DIR, temp_root, write_results
from _server import BACKENDS, database, require_wrk, running_server, sign_in

TARGET_P99_MS = 50.0
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


def wrk(url: str, token: str, args: argparse.Namespace, seconds: int, script: Path | None = None, connections: int | None = None) -> str:
    connections = connections or args.connections
    command = [
        require_wrk(), "-c", str(connections), "-t", str(min(args.wrk_threads, connections)), "-d", f"{seconds}s",
        "--latency", "--timeout", "30s", "-H", f"Authorization: Bearer {token}",
    ]
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


def run(backend: str, workers: int, args: argparse.Namespace, root: Path) -> dict[str, Any]:
    with database(backend, root) as url, running_server(url, root, workers=workers) as server:
        client = sign_in(server)
        seed_threads(client, args.threads)
        token = client.headers["Authorization"].split(" ", 1)[1]
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
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=[*BACKENDS, "both"], default="both")
    parser.add_argument("--workers", default="1,2", help="server worker counts to measure, comma-separated")
    parser.add_argument("--threads", type=int, default=200, help="threads in the workspace before the load")
    parser.add_argument("--duration", type=int, default=10, help="seconds of measured load per case")
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--wrk-threads", type=int, default=2)
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
                verdict = {True: "meets", False: "MISSES", None: "for reference:"}[r["meets_target"]]
                errors = r["non_2xx"] + sum(r["socket_errors"].values())
                print(
                    f"{backend:<10} workers {workers}  {case:<14}  p50 {r['p50_ms']:7.1f}  p90 {r['p90_ms']:7.1f}  "
                    f"p99 {r['p99_ms']:7.1f}  max {r['max_ms']:7.1f} ms  {r['requests_per_s']:7.1f} req/s  "
                    f"errors {errors}  ({verdict} p99 <= {TARGET_P99_MS:.0f} ms)"
                )
    params = {**vars(args), "warmup_seconds": WARMUP_SECONDS, "target_p99_ms": TARGET_P99_MS, "url": "/api/v1/threads"}
    name = "rest_latency" if args.backend == "both" and args.workers == "1,2" else f"rest_latency_{args.backend}_w{args.workers.replace(',', '-')}"
    print(f"results: {write_results(name, params, results)}")


if __name__ == "__main__":
    main()
