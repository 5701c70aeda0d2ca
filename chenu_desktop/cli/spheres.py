"""`chenu spheres …`"""

from __future__ import annotations

import argparse

from .common import add_data_dir, add_json, data_dir, load_plugins
from .output import print_json, print_table


def register(commands: argparse._SubParsersAction) -> None:
    spheres = commands.add_parser("spheres", help="the spheres work is organised in")
    actions = spheres.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="list the spheres, built-in and from plugins")
    add_data_dir(listing)
    add_json(listing)
    listing.set_defaults(handler=list_spheres)


def list_spheres(args: argparse.Namespace) -> int:
    host = load_plugins(data_dir(args))
    spheres = host.spheres()
    if args.json:
        print_json([sphere_dict(s) for s in spheres])
        return 0
    print_table(
        [(s.order, s.id, f"{s.icon} {s.name}", s.name_fr, s.colour, s.plugin) for s in spheres],
        ("#", "ID", "NAME", "FRENCH", "COLOUR", "PLUGIN"),
        empty="No spheres: is the chenu_spheres plugin disabled?",
    )
    return 0


def sphere_dict(sphere: object) -> dict[str, object]:
    fields = ("id", "name", "name_fr", "icon", "colour", "order", "xr_template", "description", "plugin")
    return {name: getattr(sphere, name) for name in fields}
