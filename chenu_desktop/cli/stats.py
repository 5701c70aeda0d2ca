"""`chenu stats`"""

from __future__ import annotations

import argparse

from chenu_desktop.services.stats import dashboard_stats

from .common import add_data_dir, add_json, open_services
from .output import print_json


def register(commands: argparse._SubParsersAction) -> None:
    stats = commands.add_parser("stats", help="the dashboard numbers")
    add_data_dir(stats)
    add_json(stats)
    stats.set_defaults(handler=show_stats)


def show_stats(args: argparse.Namespace) -> int:
    stats = dashboard_stats(open_services(args).ctx)
    if args.json:
        print_json(stats)
        return 0
    d, t, a, k, c, m = (stats[key] for key in ("decisions", "threads", "agents", "tokens", "checkpoints", "memory"))
    aging = ", ".join(f"{level} {count}" for level, count in d["byAging"].items())
    print(f"Threads      {t['active']} active of {t['total']}")
    print(f"Decisions    {d['pending']} pending of {d['total']} ({aging})")
    print(f"Agents       {a['hired']} hired, {a['available']} available")
    print(f"Tokens       {k['used']} used today of {k['budget']} ({k['remaining']} left)")
    print(f"Checkpoints  {c['pending']} pending, {c['approved']} approved, {c['rejected']} rejected")
    print(f"Memory       {m['items']} items, {m['sizeKb']} KB")
    return 0
