"""`chenu plugins …`"""

from __future__ import annotations

import argparse
from dataclasses import asdict

from .common import add_data_dir, add_json, data_dir, load_plugins
from .output import print_json, print_table


def register(commands: argparse._SubParsersAction) -> None:
    plugins = commands.add_parser("plugins", help="the plugins loaded and their state")
    actions = plugins.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="list plugins: name, version, hooks, state")
    add_data_dir(listing)
    add_json(listing)
    listing.set_defaults(handler=list_plugins)


def list_plugins(args: argparse.Namespace) -> int:
    host = load_plugins(data_dir(args))
    infos = host.plugins()
    if args.json:
        print_json([asdict(info) for info in infos])
        return 0
    print_table(
        [(i.name, i.version, i.state, ", ".join(i.hooks), i.error) for i in infos],
        ("NAME", "VERSION", "STATE", "HOOKS", "PROBLEM"),
        empty="No plugins loaded.",
    )
    return 0
