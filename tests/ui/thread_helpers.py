"""Helpers of the thread, threads and palette tests: run a service job and wait, seed many threads."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from tests.ui.conftest import WINDOW_WAIT_MS


def call(qtbot, window, job: Callable[[Any], Any], writes: bool = True) -> Any:  # noqa: ANN001
    """Run `job(services)` on the window's worker thread and wait for its result."""
    box: list[Any] = []
    window.context.run(job, box.append, box.append, writes=writes)
    qtbot.waitUntil(lambda: bool(box), timeout=WINDOW_WAIT_MS)
    if isinstance(box[0], BaseException):
        raise box[0]
    return box[0]


def seed_threads(services: Any, count: int, sphere: str = "personal", title: str = "Seeded thread") -> list[str]:
    """`count` threads in one transaction (the bulk path imports take), a minute apart, newest last."""
    ctx = services.ctx
    now = ctx.now()
    rows = []
    for number in range(count):
        moment = now - timedelta(minutes=count - number)
        rows.append(
            {
                "workspace_id": ctx.workspace_id,
                "sphere_id": sphere,
                "title": f"{title} {number}",
                "founding_intent": "Seeded",
                "current_intent": "Seeded",
                "status": "active",
                "tags": [],
                "created_at": moment,
                "created_by": ctx.actor,
                "updated_at": moment,
                "last_activity_at": moment,
            }
        )
    with ctx.store.write() as tx:
        return tx.writer.insert_many("threads", rows)
