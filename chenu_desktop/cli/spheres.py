"""`chenu spheres …`"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from .common import add_data_dir, add_json, data_dir, load_plugins
from .output import print_json, print_table

if TYPE_CHECKING:
    from chenu_desktop.plugin_host.manager import PluginHost


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
    unavailable = unavailable_spheres(args, host)
    if args.json:
        print_json([sphere_dict(s) for s in spheres] + unavailable)
        return 0
    print_table(
        [(s.order, s.id, f"{s.icon} {s.name}", s.name_fr, s.colour, s.plugin) for s in spheres]
        + [("-", s["id"], f"{s['icon']} {s['name']}".strip(), s["name_fr"], "-", f"unavailable: {s['unavailable']}") for s in unavailable],
        ("#", "ID", "NAME", "FRENCH", "COLOUR", "PLUGIN"),
        empty="No spheres: is the chenu_spheres plugin disabled?",
    )
    for sphere in unavailable:
        print(f"Sphere {sphere['id']} is unavailable: {sphere['unavailable']}. Its threads stay listed: chenu threads list --sphere {sphere['id']}")
    return 0


def unavailable_spheres(args: argparse.Namespace, host: PluginHost) -> list[dict[str, object]]:
    """The spheres still holding data here that no loaded plugin provides (their
    plugin uninstalled or switched off), as `sphere_dict`s with `unavailable`
    saying why. Read with sqlite3 alone: listing spheres opens no store."""
    import sqlite3

    from chenu_desktop.plugin_host.owners import Owners, unavailable_reason
    from chenu_desktop.store.quick_read import QuickRead

    reader = QuickRead.open(data_dir(args))
    if reader is None:
        return []  # no store yet (or one the services must migrate first): nothing left behind to list
    with reader:
        try:
            held = reader.sphere_ids_with_data()
            owners = Owners.from_json(reader.plugin_owners_record())
        except sqlite3.Error:
            return []
    listed = []
    for sphere_id in sorted(s for s in held if host.sphere(s) is None):
        owned = owners.spheres.get(sphere_id)
        plugin = owned.plugin if owned else None
        listed.append({
            "id": sphere_id, "name": owned.name if owned else sphere_id, "name_fr": owned.name_fr if owned else sphere_id,
            "icon": owned.icon if owned else "", "colour": None, "order": None, "xr_template": None, "description": "",
            "plugin": plugin, "unavailable": unavailable_reason(host, "sphere", sphere_id, plugin),
        })  # fmt: skip
    return listed


def sphere_dict(sphere: object) -> dict[str, object]:
    fields = ("id", "name", "name_fr", "icon", "colour", "order", "xr_template", "description", "plugin")
    return {name: getattr(sphere, name) for name in fields}
