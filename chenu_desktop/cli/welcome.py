"""`chenu` without a command: the window, or a summary where no window can open."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path

from chenu_desktop.paths import STORE_FILE


def open_window(parser: Callable[[], argparse.ArgumentParser], data_dir: Path) -> int:
    """Open the desktop window; without Qt (no `desktop` extra) or a display, say so and
    summarise (`parser()` builds the whole command tree, for its help)."""
    try:
        from chenu_desktop.app import run
    except ImportError as error:
        return welcome(parser, data_dir, f"the window needs the desktop extra (pip install 'chenu[desktop]'): {error}")
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")
    ):
        return welcome(parser, data_dir, "no display here (set DISPLAY, or QT_QPA_PLATFORM=offscreen)")
    return run(data_dir)


def welcome(parser: Callable[[], argparse.ArgumentParser], data_dir: Path, why: str) -> int:
    from chenu_desktop.services import open_context
    from chenu_desktop.services.stats import dashboard_stats
    from chenu_desktop.store.problems import open_store

    gc.enable()  # paused during start-up by `python -m chenu_desktop` (see there)
    ctx = open_context(data_dir, store=open_store(data_dir))
    try:
        stats = dashboard_stats(ctx)
    finally:
        ctx.close()
    print("CHE·NU — governance before execution.")
    print(f"Local store: {data_dir / STORE_FILE}")
    print(
        f"{stats['threads']['active']} active threads, "
        f"{stats['decisions']['pending']} decisions waiting, "
        f"{len(ctx.plugins.spheres())} spheres."
    )
    print(f"The window did not open: {why}. Everything below works here.\n")
    parser().print_help()
    return 0
