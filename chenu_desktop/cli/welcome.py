"""What `chenu` without a command shows until the window exists."""

from __future__ import annotations

import argparse
from pathlib import Path

from chenu_desktop.services import open_context
from chenu_desktop.services.stats import dashboard_stats
from chenu_desktop.store import STORE_FILE


def welcome(parser: argparse.ArgumentParser, data_dir: Path) -> int:
    ctx = open_context(data_dir)
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
    print("The desktop window comes in a later release; everything below works today.\n")
    parser.print_help()
    return 0
