"""`chenu plugins …`: which plugins load, and switching one off or on."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import asdict

from chenu_desktop.domain.errors import DomainError

from .common import add_data_dir, add_json, data_dir, load_plugins
from .output import print_json, print_table


def register(commands: argparse._SubParsersAction) -> None:
    plugins = commands.add_parser("plugins", help="the plugins loaded and their state; switch one off or on")
    actions = plugins.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="list plugins: name, version, hooks, state")
    add_json(listing)
    listing.set_defaults(handler=list_plugins)
    off = actions.add_parser("off", help="switch a plugin off: it is not imported from the next start")
    off.add_argument("name", metavar="NAME")
    off.set_defaults(handler=switch_off)
    on = actions.add_parser("on", help="switch a plugin back on: it loads again from the next start")
    on.add_argument("name", metavar="NAME")
    on.set_defaults(handler=switch_on)
    for parser in actions.choices.values():
        add_data_dir(parser)


def list_plugins(args: argparse.Namespace) -> int:
    host = load_plugins(data_dir(args))
    infos = host.plugins()
    if args.json:
        print_json([asdict(info) for info in infos])
        return 0
    print_table(
        [(i.name, i.version, i.state, ", ".join(i.hooks)) for i in infos],
        ("NAME", "VERSION", "STATE", "HOOKS"),
        empty="No plugins loaded.",
    )
    for info in infos:
        if info.error:
            print(f"\n{info.name} is {info.state}: {info.error}")
    return 0


def switch_off(args: argparse.Namespace) -> int:
    from chenu_desktop.plugin_host.switches import switch_off as switch

    changed = _switched(lambda: switch(data_dir(args), args.name))
    print(f"{args.name} is switched off: it is not loaded from the next start." if changed else f"{args.name} was already off.")
    return 0


def switch_on(args: argparse.Namespace) -> int:
    from chenu_desktop.plugin_host.switches import switch_on as switch

    changed = _switched(lambda: switch(data_dir(args), args.name))
    print(f"{args.name} is switched on: it loads from the next start." if changed else f"{args.name} was already on.")
    return 0


def _switched(switch: Callable[[], bool]) -> bool:
    try:
        return switch()
    except ValueError as error:
        raise DomainError(str(error)) from None
