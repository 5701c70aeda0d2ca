"""Screenshots of every page of the window, on a seeded demo data dir, for the docs.

Renders offscreen (no display needed; or under Xvfb with --platform xcb) at
1280×800 into docs/screenshots/: login, dashboard, a sphere, threads, a
thread, not found, and the Ctrl+K palette open. Each shot is taken once its
page has rendered its data and settled.

Run: .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--theme dark|light]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SIZE = (1280, 800)
SETTLE_MS = 600
"""After a page has rendered: charts and counts are drawn just after the first paint."""

THREADS = [
    ("personal", "Move house before March", "Find a flat near work by March", ["home"]),
    ("personal", "Learn to swim properly", "Swim 1 km without stopping by summer", ["health"]),
    ("business", "Quarterly pricing review", "Decide the 2027 price list with the team", ["pricing"]),
    ("business", "Hire a second designer", "Have a designer start in February", ["hiring"]),
    ("business", "Supplier contract renewal", "Renew the packaging contract on better terms", ["contracts"]),
    ("government", "Renew passports", "Both passports renewed before the trip", ["admin"]),
    ("studio", "Album cover series", "Three cover concepts for the spring release", ["design"]),
    ("community", "Neighbourhood garden", "Open the shared garden in April", ["garden"]),
    ("team", "Weekly planning ritual", "One calm planning hour every Monday", ["rituals"]),
    ("scholar", "Thesis chapter 3", "A full draft of the methods chapter", ["writing"]),
    ("entertainment", "Film club autumn list", "Twelve films chosen for the club", []),
    ("social", "Reconnect with old friends", "One message a week to someone I miss", []),
]
DECISIONS = [
    # title, sphere, priority, age in days (aging: green, yellow, red, blinking)
    ("Which flat to rent", "personal", "high", 0),
    ("Raise prices by 4 % or 6 %", "business", "critical", 4),
    ("Designer: junior or senior", "business", "medium", 9),
    ("Garden: raised beds or plots", "community", "low", 2),
    ("Supervisor for chapter 3", "scholar", "high", 16),
]


def seed(data_dir: Path) -> dict[str, str]:
    """A local profile with threads, notes, decisions of several ages, hired agents, memory."""
    from chenu_desktop.services import Services, open_context
    from chenu_desktop.ui.context import LOCAL_PROFILE_KEY

    now = datetime.now(timezone.utc)

    def services_at(days_ago: int) -> Services:
        return Services(open_context(data_dir, clock=lambda: now - timedelta(days=days_ago)))

    services = services_at(0)
    ids: dict[str, str] = {}
    try:
        for sphere, title, intent, tags in THREADS:
            thread = services.threads.add(sphere, title, intent, tags)
            ids.setdefault("thread", thread.id)
        services.threads.note(ids["thread"], "- visit three flats on Saturday\n- ask the bank about the deposit")
        services.threads.note(ids["thread"], "Shortlist: Rue des Lilas (light, quiet), Avenue Verte (near the station)")
        services.memory.add("Prefers flats with morning light", thread_id=ids["thread"], pinned=True)
        services.memory.add("The team plans on Mondays at 9:00")
        for agent_id, sphere in (("business.contract_analyst", "business"), ("team.standup_scribe", "team")):
            services.agents.hire(agent_id, sphere, budget=20_000)
        services.ctx.store.set_meta(LOCAL_PROFILE_KEY, "1")
    finally:
        services.ctx.close()
    for title, sphere, priority, age in DECISIONS:
        aged = services_at(age)
        try:
            aged.decisions.add(title, sphere_id=sphere, priority=priority, options=[{"label": "Yes"}, {"label": "Not yet"}])
        finally:
            aged.ctx.close()
    return ids


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--theme", choices=("light", "dark"), default="dark")
    parser.add_argument("--platform", default="offscreen", help="Qt platform: offscreen, or xcb under Xvfb")
    args = parser.parse_args()
    os.environ["QT_QPA_PLATFORM"] = args.platform
    sys.path.insert(0, str(REPO))

    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest

    from chenu_desktop.app import create_window
    from chenu_desktop.ui import runtime, theme
    from chenu_desktop.ui.pages.base import BasePage

    app = runtime.application()
    theme.apply(app, args.theme)
    args.out.mkdir(parents=True, exist_ok=True)

    def spin(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def wait(done: Callable[[], bool], what: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                raise SystemExit(f"timed out waiting for {what}")
            spin(20)

    def shot(window, name: str) -> None:  # noqa: ANN001
        spin(SETTLE_MS)
        path = args.out / f"{name}.png"
        window.grab().save(str(path))
        print(f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}")

    def show(window, path: str) -> None:  # noqa: ANN001
        window.router.navigate(path)
        page = window.stack.currentWidget()
        if type(page).fetch is not BasePage.fetch:  # a page that reads the store: wait for its data
            wait(lambda: page.loaded_once, f"the page {path}")

    with tempfile.TemporaryDirectory(prefix="chenu-screenshots-") as tmp:
        fresh = create_window(Path(tmp) / "fresh")
        fresh.resize(*SIZE)
        fresh.show()
        shot(fresh, "login")
        fresh.close()

        ids = seed(Path(tmp) / "demo")
        window = create_window(Path(tmp) / "demo")
        window.resize(*SIZE)
        window.show()
        for name, path in (
            ("dashboard", "/dashboard"),
            ("sphere", "/sphere/business"),
            ("threads", "/threads"),
            ("thread", f"/thread/{ids['thread']}"),
            ("not-found", "/no/such/page"),
        ):
            show(window, path)
            shot(window, name)
        show(window, "/dashboard")
        window.activateWindow()
        window.open_palette()
        spin(100)
        QTest.keyClicks(window.focusWidget(), "plan")
        spin(400)
        shot(window, "palette")
        QTest.keyClick(window.focusWidget(), Qt.Key.Key_Escape)
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
