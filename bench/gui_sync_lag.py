"""Never frozen: the window's event-loop lag while a sync applies 100 000 pulled changes.

A real `chenu-server run` (SQLite, one worker) on 127.0.0.1; the account is
made with `chenu-server create-user`. The window (offscreen, in this
process) signs in through its context, as the login page does, and finishes
its first sync; then another device pushes --changes new threads (pushes of
1 000, as `sync_throughput.py` builds them), and the window syncs
(`context.sync_now()`, what F5 does) on the page --page. As `chenu` does,
the objects start-up made are frozen out of the garbage collector's sight
once the window is up (`chenu_desktop.app.settle_memory`).

While the sync runs, a QTimer ticks every --tick-ms on the GUI thread; the
lag of a tick is how much later than due it fired. Sampled from the sync's
start until its report arrived and the pages redrew (1 s more). Reported:
max and p99 lag, how many ticks were over 50 ms, and the sync's own time.
Target: no stall over 50 ms.

Run: .venv/bin/python bench/gui_sync_lag.py [--changes 100000] [--page /dashboard]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")  # never the machine's keyring

from _common import REPO, percentile, temp_root, thread_items, write_results  # noqa: E402
from _server import EMAIL, PASSWORD, me, running_server, sign_in  # noqa: E402
from sync_throughput import push_all, thread_row  # noqa: E402

from chenu_desktop.domain.changes import ROW_COLUMN, Change  # noqa: E402
from chenu_desktop.domain.hlc import HybridLogicalClock  # noqa: E402
from chenu_desktop.domain.ids import uuid7  # noqa: E402

STALL_MS = 50.0
BATCH = 1000


def push_bodies(workspace_id: str, user_id: str, changes: int) -> list[bytes]:
    """Pushes of BATCH new threads each, written by `user_id` from another device."""
    clock = HybridLogicalClock(os.urandom(8).hex())
    items = thread_items(changes, seed=3)
    bodies = []
    for start in range(0, changes, BATCH):
        stamp = clock.now()
        now = datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")
        batch = [
            Change(stamp, clock.node, workspace_id, "threads", uuid7(), ROW_COLUMN, {**thread_row(item, now), "created_by": user_id})
            for item in items[start : start + BATCH]
        ]
        bodies.append(json.dumps({"node_id": clock.node, "changes": [c.to_dict() for c in batch]}).encode())
    return bodies


def wait_until(app: Any, done: Any, timeout: float, what: str) -> None:
    from PySide6.QtCore import QEventLoop

    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 10)


class LagProbe:
    """A QTimer ticking every `tick_ms`; records how late each tick is."""

    def __init__(self, tick_ms: int) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.tick_ms = tick_ms
        self.lags_ms: list[float] = []
        self._last: float | None = None
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        assert self._last is not None
        self.lags_ms.append(max(0.0, (now - self._last) * 1000 - self.tick_ms))
        self._last = now


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--changes", type=int, default=100_000, help="changes to pull (a multiple of 1 000)")
    parser.add_argument("--page", default="/dashboard", help="the page shown while the sync runs")
    parser.add_argument("--tick-ms", type=int, default=5)
    args = parser.parse_args()

    from chenu_desktop.app import create_window, settle_memory
    from chenu_desktop.ui import runtime

    app = runtime.application()
    with temp_root("gui-sync-lag") as tmp, running_server(f"sqlite:///{Path(tmp) / 'server.db'}", Path(tmp)) as server:
        client = sign_in(server)
        person = me(client)
        bodies = push_bodies(person["personal_workspace_id"], person["id"], args.changes)

        window = create_window(Path(tmp) / "desk", server.url)
        window.show()
        settle_memory()  # as `chenu_desktop.app.run` does once the window is up
        context = window.context
        signed: list[Any] = []
        context.sign_in(server.url, EMAIL, PASSWORD, lambda: signed.append(True), signed.append)
        wait_until(app, lambda: bool(signed), 120, "the sign-in")
        if signed[0] is not True:
            raise SystemExit(f"sign-in failed: {signed[0]}")
        wait_until(app, lambda: context.sync_state[0] == "idle", 120, "the first sync")
        context.sync.interval_s = 3600  # only the sync below runs during the measure
        window.router.navigate(args.page)
        wait_until(app, lambda: window.stack.currentWidget().loaded_once, 60, f"the page {args.page}")

        started = time.perf_counter()
        push_all(client, bodies, BATCH)
        pushed_s = time.perf_counter() - started
        print(f"{args.changes} changes pushed by the other device in {pushed_s:.1f} s", file=sys.stderr)

        reports: list[Any] = []
        context.sync_finished.connect(reports.append)
        probe = LagProbe(args.tick_ms)
        probe.start()
        started = time.perf_counter()
        context.sync_now()
        wait_until(app, lambda: bool(reports), 900, "the sync")
        sync_s = time.perf_counter() - started
        settle = time.monotonic() + 1.0
        wait_until(app, lambda: time.monotonic() > settle, 5, "the pages to redraw")
        probe.stop()
        report = reports[0]
        window.close()
        client.close()

    if report.pulled < args.changes:
        raise SystemExit(f"the window pulled {report.pulled} changes, expected at least {args.changes}")
    lags = probe.lags_ms
    stalls = sorted((round(lag, 1) for lag in lags if lag > STALL_MS), reverse=True)
    results = {
        "pulled": report.pulled,
        "sync_s": round(sync_s, 2),
        "ticks": len(lags),
        "lag_ms": {
            "max": round(max(lags), 1),
            "p99": round(percentile(lags, 99), 1),
            "p95": round(percentile(lags, 95), 1),
            "p50": round(percentile(lags, 50), 1),
        },
        "stalls_over_50ms": len(stalls),
        "worst_stalls_ms": stalls[:20],
        "target_max_ms": STALL_MS,
        "met": max(lags) <= STALL_MS,
    }
    params = {"changes": args.changes, "page": args.page, "tick_ms": args.tick_ms}
    path = write_results(f"gui_sync_lag{args.page.replace('/', '_')}", params, results)
    print(json.dumps({k: v for k, v in results.items() if k != "worst_stalls_ms"}, indent=1))
    print(f"written: {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
