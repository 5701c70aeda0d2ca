"""`chenu threads import FILE.json` of 10 000 threads, in process and as the real CLI.

- in_process: Threads.import_file(FILE) on a freshly opened data dir (opening
  the store is not timed); median of --runs runs, after a warm-up import.
- cli:        wall time of `chenu --data-dir DIR threads import FILE` in a
  subprocess on a new data dir (so it includes interpreter start, imports and
  creating the store); median of --runs runs.
- cli_one:    the same command importing a 1-thread file: the fixed cost of
  the CLI, to tell start-up from import work.

Run: .venv/bin/python bench/import_threads.py [--threads 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from _common import median, temp_root, write_import_file, write_results

from chenu_desktop.services import Services, open_context

TARGET_S = 2.0
CHENU = Path(sys.executable).with_name("chenu")


def in_process(data_dir: Path, file: Path, expected: int) -> float:
    services = Services(open_context(data_dir))
    start = time.perf_counter()
    result = services.threads.import_file(file)
    elapsed = time.perf_counter() - start
    services.ctx.close()
    assert result.imported == expected
    return elapsed


def cli(data_dir: Path, file: Path) -> float:
    command = [str(CHENU), "--data-dir", str(data_dir), "threads", "import", str(file)]
    env = {k: v for k, v in os.environ.items() if k != "CHENU_DATA_DIR"}
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def summary(seconds: list[float]) -> dict[str, object]:
    return {
        "median_s": round(median(seconds), 4),
        "min_s": round(min(seconds), 4),
        "max_s": round(max(seconds), 4),
        "runs_s": [round(s, 4) for s in seconds],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with temp_root("bench-import") as tmp:
        root = Path(tmp)
        file = write_import_file(root / "threads.json", args.threads)
        one = write_import_file(root / "one.json", 1)
        in_process(root / "warmup", write_import_file(root / "warmup.json", 500), 500)
        cli(root / "warmup-cli", one)
        results = {
            "in_process": summary([in_process(root / f"in-{i}", file, args.threads) for i in range(args.runs)]),
            "cli": summary([cli(root / f"cli-{i}", file) for i in range(args.runs)]),
            "cli_one": summary([cli(root / f"one-{i}", one) for i in range(args.runs)]),
            "file_mb": round(file.stat().st_size / 1e6, 2),
        }
    for name in ("in_process", "cli"):
        r = results[name]
        r["threads_per_s"] = round(args.threads / r["median_s"])
        r["meets_target"] = r["median_s"] < TARGET_S
        verdict = "meets" if r["meets_target"] else "MISSES"
        print(f"{name:<10} median {r['median_s']:.3f} s  ({r['threads_per_s']:,} threads/s; {verdict} < {TARGET_S} s)")
    print(f"cli_one    median {results['cli_one']['median_s']:.3f} s  (CLI fixed cost: start-up + new store, 1 thread)")
    params = {**vars(args), "target_s": TARGET_S, "command": f"{CHENU} --data-dir DIR threads import FILE"}
    print(f"results: {write_results('import_threads', params, results)}")


if __name__ == "__main__":
    main()
