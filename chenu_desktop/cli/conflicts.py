"""`chenu conflicts …`"""

from __future__ import annotations

import argparse
import json

from .common import add_data_dir, add_json, open_services
from .ids import full_id
from .output import print_json, print_table, short_time


def register(commands: argparse._SubParsersAction) -> None:
    conflicts = commands.add_parser("conflicts", help="values overwritten by a concurrent edit")
    actions = conflicts.add_subparsers(dest="action", required=True, metavar="ACTION")

    listing = actions.add_parser("list", help="what was overwritten, by which device, when")
    listing.add_argument("--all", action="store_true", help="include conflicts already restored or dismissed")
    add_json(listing)
    listing.set_defaults(handler=list_conflicts)

    restore = actions.add_parser("restore", help="bring the losing value back as a new edit")
    restore.add_argument("id")
    restore.set_defaults(handler=restore_conflict)

    dismiss = actions.add_parser("dismiss", help="let the kept value stand: closes the conflict on every device")
    dismiss.add_argument("id")
    dismiss.set_defaults(handler=dismiss_conflict)

    for parser in actions.choices.values():
        add_data_dir(parser)


def list_conflicts(args: argparse.Namespace) -> int:
    conflicts = open_services(args).conflicts.list(include_restored=args.all)
    if args.json:
        print_json([c.to_dict() for c in conflicts])
        return 0
    print_table(
        [
            (
                c.id,
                f"{c.table}.{c.column}",
                c.row_id,
                _show(c.current_value),
                _show(c.lost_value),
                c.lost_by,
                short_time(c.to_dict()["detected_at"]),
            )
            for c in conflicts
        ],
        ("ID", "FIELD", "ROW", "NOW", "LOST", "LOST BY DEVICE", "DETECTED"),
        empty="No conflicts: nothing was overwritten by a concurrent edit.",
    )
    return 0


def restore_conflict(args: argparse.Namespace) -> int:
    services = open_services(args)
    conflict = services.conflicts.restore(full_id(services, "conflict", args.id))
    print(f"Restored {conflict.table}.{conflict.column} of {conflict.row_id} to {_show(conflict.lost_value)}.")
    return 0


def dismiss_conflict(args: argparse.Namespace) -> int:
    services = open_services(args)
    conflict = services.conflicts.dismiss(full_id(services, "conflict", args.id))
    print(f"Dismissed: {conflict.table}.{conflict.column} of {conflict.row_id} keeps {_show(conflict.current_value)}.")
    return 0


def _show(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
