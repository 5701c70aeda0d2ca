"""Opening the threads page on a store of 100 000 threads: time to first paint.

Each run is a fresh process (`--child`): the window opens offscreen on a
local profile holding --threads threads and waits for its dashboard; then,
timed from `navigate("/threads")` to the page's first rows rendered and
painted (`window.repaint()` after the page's `rendered` signal):

- first_open: the page's first visit in the process (its module imported,
  its widgets built, the first page of rows read and drawn);
- reopen: back to the dashboard, then to the threads page again (the page
  exists; it reloads its rows quietly).

Medians of --runs processes; target ≤ 150 ms for both. The CPU time the
process spent meanwhile (GUI and store threads) is recorded too: on a busy
machine the wall time mostly measures waiting for a core.

Run: .venv/bin/python bench/threads_page.py [--threads 100000] [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from _common import REPO, median, temp_root, write_import_file, write_results
from _window import child_samples, wait_for_render

TARGET_MS = 150.0


def child(data_dir: Path) -> None:
    """One process: open the window, then time the threads page; one JSON line on stdout."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QTableView

    from chenu_desktop.app import create_window

    window = create_window(data_dir)
    window.show()

    def open_threads() -> tuple[float, float]:
        """(wall ms, CPU ms of the process: both threads) from navigate to the rows painted."""
        cpu, start = time.process_time(), time.perf_counter()
        window.router.navigate("/threads")
        page = window.stack.currentWidget()
        wait_for_render(page)
        window.repaint()
        return (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000

    wait_for_render(window.stack.currentWidget())  # the dashboard
    first = open_threads()
    window.router.navigate("/dashboard")
    wait_for_render(window.stack.currentWidget())
    again = open_threads()
    rows = window.stack.currentWidget().findChild(QTableView).model().rowCount()
    window.close()
    print(json.dumps({
        "first_open_ms": round(first[0], 1), "first_open_cpu_ms": round(first[1], 1),
        "reopen_ms": round(again[0], 1), "reopen_cpu_ms": round(again[1], 1), "rows_shown": rows,
    }))


def prepare(data_dir: Path, threads: int, scratch: Path) -> None:
    from chenu_desktop.services import Services, open_context
    from chenu_desktop.ui.context import LOCAL_PROFILE_KEY

    services = Services(open_context(data_dir))
    try:
        assert services.threads.import_file(write_import_file(scratch / "threads.json", threads)).imported == threads
        services.ctx.store.set_meta(LOCAL_PROFILE_KEY, "1")
    finally:
        services.ctx.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    with temp_root("threads-page") as tmp:
        scratch = Path(tmp)
        data_dir = scratch / "data"
        started = time.perf_counter()
        prepare(data_dir, args.threads, scratch)
        print(f"{args.threads} threads imported in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        samples = child_samples(__file__, data_dir, scratch, args.runs)
    first = [s["first_open_ms"] for s in samples]
    again = [s["reopen_ms"] for s in samples]
    results = {
        "first_open_ms": {"median": round(median(first), 1), "min": min(first), "max": max(first)},
        "reopen_ms": {"median": round(median(again), 1), "min": min(again), "max": max(again)},
        "first_open_cpu_ms_median": round(median([s["first_open_cpu_ms"] for s in samples]), 1),
        "reopen_cpu_ms_median": round(median([s["reopen_cpu_ms"] for s in samples]), 1),
        "rows_shown": samples[0]["rows_shown"],
        "target_ms": TARGET_MS,
        "met": median(first) <= TARGET_MS and median(again) <= TARGET_MS,
        "samples": samples,
    }
    path = write_results("threads_page", {"threads": args.threads, "runs": args.runs}, results)
    print(json.dumps({k: v for k, v in results.items() if k != "samples"}, indent=1))
    print(f"written: {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
