"""Screenshots of every page of the window, on a seeded demo data dir, for the docs.

Every page, in each theme (dark, light) and each language (English, French):
`docs/screenshots/<page>.<theme>.<language>.png`, e.g. `governance.dark.fr.png`,
at 1280×800; and `dashboard.png` (dark, English) for the README. The pages
are the window's routes (read from the registry and the plugins, so a page
added later is shot without editing this file), a sphere, a thread, the
sign-in page, the "not found" page and the Ctrl+K palette open.

The theme and language are chosen as a person does: saved in the data dir's
preferences (`chenu_desktop/preferences.py`) before the window opens. Each
shot is taken once its page has rendered its data and settled. When
`pngquant` is installed the images are quantised (about a third of the size).

Run offscreen (no display needed):

    .venv/bin/python scripts/screenshots.py [--themes dark,light] [--languages en,fr] [--pages governance,decisions]

or under Xvfb, as a desktop would draw it:

    xvfb-run -a -s "-screen 0 1920x1080x24 -noreset" .venv/bin/python scripts/screenshots.py --platform xcb
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SIZE = (1280, 800)
SETTLE_MS = 600
"""After a page has rendered: charts and counts are drawn just after the first paint."""
README_SHOT = ("dashboard", "dark", "en")
"""Also saved as `dashboard.png`, the README's picture."""

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
HIRED = (("business.contract_analyst", "business"), ("team.standup_scribe", "team"), ("personal.errand_sorter", "personal"))
WAITING_HIRE = ("scholar.thesis_coach", "scholar")
"""Asked for and not yet approved: a checkpoint on the governance page."""
CONFLICTED = [
    # thread (by title), the title another device wrote and lost
    ("Renew passports", "Renew both passports"),
    ("Film club autumn list", "Film club: twelve autumn films"),
]


def seed(data_dir: Path) -> dict[str, str]:
    """A local profile with threads, notes, decisions of several ages, agents at
    work and one waiting, a proposal waiting, memory and two conflicts."""
    from chenu_desktop.services import Services, open_context
    from chenu_desktop.ui.context import LOCAL_PROFILE_KEY

    now = datetime.now(UTC)

    def services_at(days_ago: float) -> Services:
        return Services(open_context(data_dir, clock=lambda: now - timedelta(days=days_ago)))

    services = services_at(0)
    ids: dict[str, str] = {}
    try:
        for sphere, title, intent, tags in THREADS:
            thread = services.threads.add(sphere, title, intent, tags)
            ids.setdefault("thread", thread.id)
            ids[title] = thread.id
        services.threads.note(ids["thread"], "- visit three flats on Saturday\n- ask the bank about the deposit")
        services.threads.note(ids["thread"], "Shortlist: Rue des Lilas (light, quiet), Avenue Verte (near the station)")
        services.memory.add("Prefers flats with morning light", thread_id=ids["thread"], pinned=True)
        services.memory.add("The team plans on Mondays at 9:00")
        for agent_id, sphere in HIRED:
            services.governance.approve(services.agents.hire(agent_id, sphere, budget=20_000).id)
        services.agents.run("personal.errand_sorter", "extract action items", ids["thread"])
        services.agents.hire(*WAITING_HIRE, budget=5_000)
        _conflicts(services, [(ids[title], lost) for title, lost in CONFLICTED], now)
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


def _conflicts(services: Any, lost_titles: list[tuple[str, str]], now: datetime) -> None:
    """Titles another device wrote and lost to a later edit, recorded as a sync records them."""
    from sqlalchemy import insert

    from chenu_desktop.domain.changes import encode_value
    from chenu_desktop.domain.conflicts import conflict_id
    from chenu_desktop.domain.hlc import Stamp
    from chenu_desktop.store.models import Conflict

    moment = int(now.timestamp() * 1000)
    rows = []
    for n, (thread_id, lost) in enumerate(lost_titles):
        kept_title = services.threads.show(thread_id).thread.title
        lost_hlc = str(Stamp(moment - 3_600_000 * (n + 1), 0, "b" * 16))
        rows.append({
            "id": conflict_id("threads", thread_id, "title", lost_hlc), "workspace_id": services.ctx.workspace_id,
            "table_name": "threads", "row_id": thread_id, "column_name": "title",
            "kept_value": encode_value(kept_title), "kept_hlc": str(Stamp(moment - 60_000, 0, services.ctx.store.node_id)),
            "lost_value": encode_value(lost), "lost_hlc": lost_hlc,
            "detected_at": now - timedelta(hours=n + 1), "restored_at": None,
        })
    with services.ctx.store.write() as tx:
        tx.conn.execute(insert(Conflict.__table__), rows)


def choose(data_dir: Path, theme: str, language: str) -> None:
    """What a person picks in Settings, saved where the window reads it at start."""
    from chenu_desktop.preferences import Preferences

    data_dir.mkdir(parents=True, exist_ok=True)
    preferences = Preferences.load(data_dir)
    preferences.theme, preferences.language = theme, language
    preferences.save(data_dir)


def pages(window: Any, ids: dict[str, str]) -> list[tuple[str, str]]:
    """(name, path) of every page to shoot, in the sidebar's order."""
    from chenu_desktop.plugin_host.specs import PageSpec
    from chenu_desktop.ui.pages.registry import BUILTIN_PAGES
    from chenu_desktop.ui.router import LOGIN

    found: list[tuple[str, str]] = []
    for page in BUILTIN_PAGES:
        if page.pattern == LOGIN:
            continue
        if page.key == "sphere":
            found.append(("sphere", "/sphere/business"))
        elif page.key == "thread":
            found.append(("thread", f"/thread/{ids['thread']}"))
        elif "<" not in page.pattern:
            found.append((page.key, page.pattern))
    for spec in window.context.plugins.contributions(PageSpec):
        found.append((f"plugin-{spec.id.replace('.', '-')}", spec.path))
    found.append(("not-found", "/no/such/page"))
    return found


class Camera:
    """Spins Qt until pages are ready and saves what the window shows."""

    def __init__(self, out: Path, quantise: bool) -> None:
        self.out = out
        self.quantise = quantise
        self.saved: list[Path] = []

    def spin(self, ms: int) -> None:
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def wait(self, done: Callable[[], bool], what: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                raise SystemExit(f"timed out waiting for {what}")
            self.spin(20)

    def show(self, window: Any, path: str) -> None:
        """Open the page as Ctrl+K does: the keyboard on the page (no control ringed yet)."""
        window.router.navigate(path)
        page = window.stack.currentWidget()
        page.setFocus()
        self.wait(lambda: page.rendered_once, f"the page {path}")

    def shot(self, window: Any, name: str) -> Path:
        self.spin(SETTLE_MS)
        path = self.out / f"{name}.png"
        if not window.grab().save(str(path), "PNG", 0):  # 0: the smallest file
            raise SystemExit(f"could not write {path}")
        if self.quantise:
            subprocess.run(["pngquant", "--force", "--skip-if-larger", "--quality", "70-95", "--ext", ".png", str(path)], check=False)
        self.saved.append(path)
        print(path.relative_to(REPO) if path.is_relative_to(REPO) else path, flush=True)
        return path


def shoot(camera: Camera, root: Path, ids: dict[str, str], theme: str, language: str, wanted: set[str]) -> None:
    """Every page in one theme and language: a window of its own, opened on those preferences."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from chenu_desktop.app import create_window

    suffix = f"{theme}.{language}"
    fresh_dir = root / f"fresh-{suffix}"
    choose(fresh_dir, theme, language)
    if not wanted or "login" in wanted:
        fresh = create_window(fresh_dir)
        fresh.resize(*SIZE)
        fresh.show()
        camera.shot(fresh, f"login.{suffix}")
        fresh.close()

    demo = root / "demo"
    choose(demo, theme, language)
    window = create_window(demo)
    window.resize(*SIZE)
    window.show()
    camera.wait(lambda: window.stack.currentWidget().rendered_once, "the first page")
    for name, path in pages(window, ids):
        if wanted and name not in wanted:
            continue
        camera.show(window, path)
        saved = camera.shot(window, f"{name}.{suffix}")
        if (name, theme, language) == README_SHOT:
            shutil.copyfile(saved, camera.out / f"{name}.png")
    if not wanted or "palette" in wanted:
        camera.show(window, "/dashboard")
        window.activateWindow()
        window.open_palette()  # before typing: the actions, then "Go to" every page
        camera.spin(400)
        camera.shot(window, f"palette.{suffix}")
        QTest.keyClick(window.command_palette.search, Qt.Key.Key_Escape)
    window.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--themes", default="dark,light", help="comma-separated: dark, light")
    parser.add_argument("--languages", default="en,fr", help="comma-separated: en, fr")
    parser.add_argument("--pages", default="", help="comma-separated page names (e.g. governance,palette); all by default")
    parser.add_argument("--platform", default="offscreen", help="Qt platform: offscreen, or xcb under Xvfb")
    args = parser.parse_args()
    os.environ["QT_QPA_PLATFORM"] = args.platform
    os.environ.setdefault("LANG", "C.UTF-8")
    sys.path.insert(0, str(REPO))

    from chenu_desktop.ui import runtime

    runtime.application()
    args.out.mkdir(parents=True, exist_ok=True)
    camera = Camera(args.out, quantise=shutil.which("pngquant") is not None)
    wanted = {name for name in args.pages.split(",") if name}
    root = Path(tempfile.gettempdir()) / "chenu-screenshots"
    shutil.rmtree(root, ignore_errors=True)
    os.environ["HOME"] = str(root)  # the settings page shows the data folder as "~/…": no path of this machine in the images
    try:
        ids = seed(root / "demo")
        for theme in args.themes.split(","):
            for language in args.languages.split(","):
                shoot(camera, root, ids, theme, language, wanted)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    total = sum(path.stat().st_size for path in set(camera.saved))
    print(f"{len(set(camera.saved))} images, {total / 1_000_000:.1f} MB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
