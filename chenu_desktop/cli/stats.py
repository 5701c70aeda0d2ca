"""`chenu stats`"""

from __future__ import annotations

import argparse
from typing import Any

from chenu_desktop.domain.clock import utc_now
from chenu_desktop.store import quick_stats

from .common import add_data_dir, add_json, data_dir, load_plugins, open_services
from .output import print_json
from .plurals import counted
from .quick import read_quickly


def register(commands: argparse._SubParsersAction) -> None:
    stats = commands.add_parser("stats", help="the dashboard numbers")
    add_data_dir(stats)
    add_json(stats)
    stats.set_defaults(handler=show_stats)


def show_stats(args: argparse.Namespace) -> int:
    stats = dashboard_stats(args)
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
    print(f"Memory       {counted(m['items'], 'item')}, {m['sizeKb']} KB")
    return 0


def dashboard_stats(args: argparse.Namespace) -> dict[str, Any]:
    """The services' `dashboard_stats`, read quickly when it can be (same shape, same numbers)."""
    stats = read_quickly(args, lambda reader: quick_stats.dashboard_stats(reader, utc_now(), _hireable_agents(args)))
    return stats if stats is not None else stats_by_services(args)


def _hireable_agents(args: argparse.Namespace) -> list[str]:
    return [agent.id for agent in load_plugins(data_dir(args)).agents() if agent.is_hireable]


def stats_by_services(args: argparse.Namespace) -> dict[str, Any]:
    from chenu_desktop.services.stats import dashboard_stats as services_stats

    return services_stats(open_services(args).ctx)
