"""Opening every page of the window on a large store: time to first paint.

The store of issue 11's target: 10 000 threads, 20 000 decisions waiting
(spread over ten days, so every aging level is full), 50 000 audit entries,
2 000 checkpoints (30 pending) and 500 open conflicts (titles a concurrent
edit overwrote), written through the store's writer. Each run is a fresh
process (`--child`): the window opens offscreen on that local profile, waits
for its dashboard, then for each page times `navigate(path)` → the page's
`rendered` signal → `window.repaint()`:

- first_open: the page's first visit (module imported, widgets built, data read);
- reopen: away to a page with nothing to load, then to the page again (it
  reloads quietly).

The dashboard is the start-up page, so its "first open" here is its second
visit (its cold first paint is `gui_startup.py`'s). Pages are the window's
routes without an id, read from the registry at run time (so a page added
later is measured without editing this file). The sphere holding all the
seeded records (`--only /sphere/personal`) is left out by default: it lists
every waiting decision of the sphere and does not render 20 000 of them in
minutes (bench/README.md).

Medians of --runs processes per page; target ≤ 150 ms. The process's CPU
time over the same span is kept too: on a busy machine wall time mostly
measures waiting for a core.

Run: .venv/bin/python bench/window_pages.py [--runs 5] [--only /conflicts,/settings] [--conflicts 500]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from _common import REPO, median, temp_root, write_results
from _window import child_samples, wait_for_render
from sqlalchemy import insert

TARGET_MS = 150.0
AWAY = "/bench/away"
"""A path no page has: the "not found" page, which loads nothing."""
SPHERE = "/sphere/personal"
"""The sphere holding every seeded thread and decision: timed only when asked for (--only)."""
AGENT = "business.contract_analyst"
CONFLICTS = 500
ONLY_ENV = "WINDOW_PAGES_ONLY"
"""The parent's --only, for its children (comma-separated paths)."""


def pages() -> list[str]:
    """Every page to time: the registry's routes without an id (not the sign-in page), and a sphere."""
    from chenu_desktop.ui.pages.registry import BUILTIN_PAGES
    from chenu_desktop.ui.router import LOGIN

    found = [page.pattern for page in BUILTIN_PAGES if "<" not in page.pattern and page.pattern != LOGIN]
    only = [path for path in os.environ.get(ONLY_ENV, "").split(",") if path]
    return [path for path in [*found, SPHERE] if path in only] if only else found


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

    rendered: list[object] = []
    """Pages that emitted `rendered` since the last navigation (a page with nothing
    to load emits it inside `navigate`, so every page is watched from its creation)."""

    def watch(page: object) -> None:
        page.rendered.connect(lambda: rendered.append(page))  # type: ignore[attr-defined]

    def open_page(path: str) -> tuple[float, float]:
        rendered.clear()
        cpu, start = time.process_time(), time.perf_counter()
        window.router.navigate(path)
        deadline = time.monotonic() + 60
        while window.stack.currentWidget() not in rendered:
            if time.monotonic() > deadline:
                raise SystemExit(f"{path} did not render within 60 s")
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 5)
        window.repaint()
        return (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000

    wait_for_render(window.stack.currentWidget())
    watch(window.stack.currentWidget())
    window.stack.widgetAdded.connect(lambda index: watch(window.stack.widget(index)))
    window.router.navigate(AWAY)
    result = {}
    for path in pages():
        settle()
        first = open_page(path)
        window.router.navigate(AWAY)
        settle()
        again = open_page(path)
        window.router.navigate(AWAY)
        result[path] = {"first_open_ms": round(first[0], 1), "first_open_cpu_ms": round(first[1], 1),
                        "reopen_ms": round(again[0], 1), "reopen_cpu_ms": round(again[1], 1)}
    window.close()
    print(json.dumps(result))


def prepare(data_dir: Path, conflict_count: int = CONFLICTS) -> None:
    from chenu_desktop.domain.clock import utc_now
    from chenu_desktop.services import Services, open_context
    from chenu_desktop.store.models import Conflict
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
                ids = tx.writer.insert_many(table, rows)
            if table == "threads":
                thread_ids = ids
        with services.ctx.store.write() as tx:
            tx.conn.execute(insert(Conflict.__table__), conflicts(ws, thread_ids[:conflict_count], now))
        services.ctx.store.set_meta(LOCAL_PROFILE_KEY, "1")
    finally:
        services.ctx.close()


def conflicts(workspace_id: str, thread_ids: list[str], now: datetime) -> list[dict[str, object]]:
    """Open conflicts as a sync records them: a thread's title another device overwrote."""
    from chenu_desktop.domain.changes import encode_value
    from chenu_desktop.domain.conflicts import conflict_id
    from chenu_desktop.domain.hlc import Stamp

    rows = []
    moment = int(now.timestamp() * 1000)
    for n, thread_id in enumerate(thread_ids):
        kept, lost = str(Stamp(moment - n, 1, "a" * 16)), str(Stamp(moment - n - 5, 0, "b" * 16))
        rows.append({
            "id": conflict_id("threads", thread_id, "title", lost), "workspace_id": workspace_id, "table_name": "threads",
            "row_id": thread_id, "column_name": "title", "kept_value": encode_value(f"Thread {n}"), "kept_hlc": kept,
            "lost_value": encode_value(f"Thread {n} (renamed on the laptop)"), "lost_hlc": lost,
            "detected_at": now - timedelta(minutes=n), "restored_at": None,
        })
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="", help="comma-separated paths: time only these pages")
    parser.add_argument("--conflicts", type=int, default=CONFLICTS, help="open conflicts seeded")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.only:
        os.environ[ONLY_ENV] = args.only
    if args.child:
        child(args.child)
        return 0
    with temp_root("window-pages") as tmp:
        scratch = Path(tmp)
        data_dir = scratch / "data"
        started = time.perf_counter()
        prepare(data_dir, args.conflicts)
        print(f"store seeded in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        samples = child_samples(__file__, data_dir, scratch, args.runs)
    results: dict[str, object] = {"target_ms": TARGET_MS}
    for path in samples[0]:
        first = [s[path]["first_open_ms"] for s in samples]
        again = [s[path]["reopen_ms"] for s in samples]
        results[path] = {
            "first_open_ms_median": round(median(first), 1),
            "reopen_ms_median": round(median(again), 1),
            "first_open_cpu_ms_median": round(median([s[path]["first_open_cpu_ms"] for s in samples]), 1),
            "met": median(first) <= TARGET_MS and median(again) <= TARGET_MS,
        }
    results["samples"] = samples
    parameters = {"runs": args.runs, "threads": 10_000, "decisions": 20_000, "audit": 50_000, "conflicts": args.conflicts, "only": args.only or "all"}
    path = write_results("window_pages", parameters, results)
    print(json.dumps({k: v for k, v in results.items() if k != "samples"}, indent=1))
    print(f"written: {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
