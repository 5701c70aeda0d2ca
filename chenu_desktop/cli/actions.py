"""`chenu actions …`: the to-dos recorded in threads' logs."""

from __future__ import annotations

import argparse

from .actors import actor_names
from .common import add_data_dir, add_json, open_services
from .output import print_json, print_table, short_time


def register(commands: argparse._SubParsersAction) -> None:
    actions = commands.add_parser("actions", help="the actions (to-dos) of your threads")
    verbs = actions.add_subparsers(dest="action", required=True, metavar="ACTION")

    listing = verbs.add_parser("list", help="actions, oldest first")
    listing.add_argument("--thread", metavar="ID", help="only the actions of this thread")
    listing.add_argument("--open", action="store_true", help="only actions not done yet")
    add_json(listing)
    listing.set_defaults(handler=list_actions)

    add = verbs.add_parser("add", help="add an action to a thread; prints its id last")
    add.add_argument("--thread", metavar="ID", required=True, help="the thread it belongs to")
    add.add_argument("title", help="what to do, 1–200 characters")
    add_json(add)
    add.set_defaults(handler=add_action)

    done = verbs.add_parser("done", help="mark an action done")
    done.add_argument("id", help="the action's id (its first characters are enough)")
    add_json(done)
    done.set_defaults(handler=mark_done)

    for parser in verbs.choices.values():
        add_data_dir(parser)


def list_actions(args: argparse.Namespace) -> int:
    services = open_services(args)
    actions = services.actions.list(thread_id=args.thread, open_only=args.open)
    if args.json:
        print_json([a.to_dict() for a in actions])
        return 0
    name = actor_names(services)
    print_table(
        [(a.id, "done" if a.done else "open", a.title, a.thread_title, name(a.created_by), short_time(a.to_dict()["created_at"])) for a in actions],
        ("ID", "STATUS", "ACTION", "THREAD", "BY", "ADDED"),
        empty=_empty_message(args),
    )
    return 0


def _empty_message(args: argparse.Namespace) -> str:
    where = " in this thread" if args.thread else ""
    if args.open:
        return f"No open actions{where}: everything is done."
    return f"No actions{where} yet. Add one with: chenu actions add --thread ID \"…\""


def add_action(args: argparse.Namespace) -> int:
    action = open_services(args).actions.add(args.thread, args.title)
    if args.json:
        print_json(action.to_dict())
    else:
        print(f"Added action “{action.title}” to “{action.thread_title}”: {action.id}")
    return 0


def mark_done(args: argparse.Namespace) -> int:
    action = open_services(args).actions.done(args.id)
    if args.json:
        print_json(action.to_dict())
    else:
        print(f"Done: “{action.title}” ({action.thread_title}).")
    return 0
