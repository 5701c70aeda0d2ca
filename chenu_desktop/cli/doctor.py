"""`chenu doctor`: check the store (integrity, schema, waiting changes, free
disk) and list the automatic backups, without changing anything.

Exit 0 when nothing needs doing, 1 when a check found a problem.
"""

from __future__ import annotations

import argparse

from .common import add_data_dir, add_json, data_dir
from .output import print_json

EXIT_PROBLEM = 1
MARKS = {"ok": "ok", "warning": "WARNING", "problem": "PROBLEM"}


def register(commands: argparse._SubParsersAction) -> None:
    doctor = commands.add_parser("doctor", help="check the local store and list its automatic backups")
    add_data_dir(doctor)
    add_json(doctor)
    doctor.set_defaults(handler=doctor_command)


def doctor_command(args: argparse.Namespace) -> int:
    from chenu_desktop.store.health import examine

    found = examine(data_dir(args))
    if args.json:
        print_json(found.to_dict())
        return 0 if found.healthy else EXIT_PROBLEM
    print(f"Data folder: {found.data_dir}")
    width = max(len(c.name) for c in found.checks)
    for check in found.checks:
        print(f"{MARKS[check.status]:<8} {check.name:<{width}}  {check.detail}")
    print("\nAutomatic backups (kept before each upgrade and each restore; put one back with `chenu restore PATH`):")
    if not found.backups:
        print("  none yet")
    for kept in found.backups:
        taken = kept.modified.replace("T", " ").removesuffix("Z")
        print(f"  {taken} UTC  {kept.size / 1024:>8.0f} KB  {kept.path}")
    if not found.healthy:
        print("\nThe store needs attention: see the PROBLEM lines above.")
        return EXIT_PROBLEM
    return 0
