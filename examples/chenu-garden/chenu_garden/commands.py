"""`chenu garden …`: plant (a thread in the Garden sphere) and read the journal."""

from __future__ import annotations

import json

from . import journal


def garden_arguments(parser):
    actions = parser.add_subparsers(dest="garden_action", required=True, metavar="ACTION")
    plant = actions.add_parser("plant", help="start a garden thread for a plant")
    plant.add_argument("plant")
    plant.add_argument("--why", default="Grow it well", help="the thread's founding intent")
    actions.add_parser("journal", help="what happened in the garden, newest last")


def run_garden(args, context):
    if args.garden_action == "plant":
        thread = context.services.threads.add("garden", args.plant, args.why)
        if args.json:
            print(json.dumps({"id": thread.id, "title": thread.title}))
        else:
            print(f"Planted “{thread.title}”: {thread.id}")
        return 0
    entries = journal.read(context.data_dir)[-context.settings.get("garden.journal_size"):]
    if args.json:
        print(json.dumps(entries, ensure_ascii=False))
    else:
        for entry in entries:
            print(f"{entry['at']}  {entry['text']}")
        if not entries:
            print("The garden journal is empty.")
    return 0
