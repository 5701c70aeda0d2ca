"""Opening the governed-work pages on a large store: time to first paint.

The store of issue 11's target: 10 000 threads, 20 000 decisions waiting
(spread over ten days, so every aging level is full), 50 000 audit entries
and 2 000 checkpoints (30 pending), written through the store's writer.
Each run is a fresh process (`--child`): the window opens offscreen on that
local profile, waits for its dashboard, then for each page times
`navigate(path)` → the page's `rendered` signal → `window.repaint()`:

- first_open: the page's first visit (module imported, widgets built, data read);
- reopen: back to the dashboard, then to the page again (it reloads quietly).

Medians of --runs processes per page; target ≤ 150 ms. The process's CPU
time over the same span is kept too: on a busy machine wall time mostly
measures waiting for a core.

Run: .venv/bin/python bench/window_pages.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

from _common import REPO, median, temp_root, write_results
from _window import child_samples, wait_for_render

TARGET_MS = 150.0
PAGES = ("/agents", "/governance", "/decisions", "/tokens", "/memory")
AGENT = "business.contract_analyst"


def child(data_dir: Path) -> None:
    """One process: open the window, then time each page; one JSON line on stdout."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from chenu_desktop.app import create_window

    window = create_window(data_dir)
    window.resize(1280, 800)
    window.show()
    app = QApplication.instance()

    def settle() -> None:
        """Let the dashboard's deferred work (its charts) finish before timing."""
        end = time.monotonic() + 0.3
        while time.monotonic() < end:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)

    def open_page(path: str) -> tuple[float, float]:
        cpu, start = time.process_time(), time.perf_counter()
        window.router.navigate(path)
        wait_for_render(window.stack.currentWidget())
        window.repaint()
        return (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000

    wait_for_render(window.stack.currentWidget())
    result = {}
    for path in PAGES:
        settle()
        first = open_page(path)
        window.router.navigate("/dashboard")
        wait_for_render(window.stack.currentWidget())
        settle()
        again = open_page(path)
        window.router.navigate("/dashboard")
        wait_for_render(window.stack.currentWidget())
        result[path] = {"first_open_ms": round(first[0], 1), "first_open_cpu_ms": round(first[1], 1),
                        "reopen_ms": round(again[0], 1), "reopen_cpu_ms": round(again[1], 1)}
    window.close()
    print(json.dumps(result))


def prepare(data_dir: Path) -> None:
    from chenu_desktop.domain.clock import utc_now
    from chenu_desktop.services import Services, open_context
    from chenu_desktop.ui.context import LOCAL_PROFILE_KEY

    services = Services(open_context(data_dir))
    ws, now = services.ctx.workspace_id, utc_now()
    tables = {
        "threads": [
            {"workspace_id": ws, "sphere_id": "personal", "title": f"Thread {n}", "founding_intent": "i", "current_intent": "i",
             "status": "active", "tags": [], "created_at": now, "created_by": "local", "updated_at": now, "last_activity_at": now}
            for n in range(10_000)
        ],
        "decisions": [
            {"workspace_id": ws, "sphere_id": "personal", "title": f"Decision {n}", "status": "pending", "priority": "medium",
             "options": [{"id": "opt1", "label": "Yes"}], "aging_started_at": now - timedelta(seconds=43 * n),
             "created_at": now, "created_by": "local"}
            for n in range(20_000)
        ],
        "audit_log": [
            {"workspace_id": ws, "actor": "local", "action": "thread.created", "target_type": "thread", "target_id": f"t{n}",
             "details": {}, "at": now - timedelta(seconds=n)}
            for n in range(50_000)
        ],
        "checkpoints": [
            {"workspace_id": ws, "action_type": "thread.note", "description": "a note", "requested_by": AGENT,
             "reason": "proposed by an agent", "risk_level": "low", "status": "pending" if n < 30 else "rejected",
             "action": {"type": "thread.note", "args": {"thread": "t", "text": f"note {n}"}}, "created_at": now - timedelta(minutes=n)}
            for n in range(2_000)
        ],
    }
    try:
        for table, rows in tables.items():
            with services.ctx.store.write() as tx:
                tx.writer.insert_many(table, rows)
        services.ctx.store.set_meta(LOCAL_PROFILE_KEY, "1")
    finally:
        services.ctx.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    with temp_root("window-pages") as tmp:
        scratch = Path(tmp)
        data_dir = scratch / "data"
        started = time.perf_counter()
        prepare(data_dir)
        print(f"store seeded in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        samples = child_samples(__file__, data_dir, scratch, args.runs)
    results: dict[str, object] = {"target_ms": TARGET_MS}
    for path in PAGES:
        first = [s[path]["first_open_ms"] for s in samples]
        again = [s[path]["reopen_ms"] for s in samples]
        results[path] = {
            "first_open_ms_median": round(median(first), 1),
            "reopen_ms_median": round(median(again), 1),
            "first_open_cpu_ms_median": round(median([s[path]["first_open_cpu_ms"] for s in samples]), 1),
            "met": median(first) <= TARGET_MS and median(again) <= TARGET_MS,
        }
    results["samples"] = samples
    path = write_results("window_pages", {"runs": args.runs, "threads": 10_000, "decisions": 20_000, "audit": 50_000}, results)
    print(json.dumps({k: v for k, v in results.items() if k != "samples"}, indent=1))
    print(f"written: {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
