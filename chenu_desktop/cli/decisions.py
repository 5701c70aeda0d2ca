"""`chenu decisions …`"""

from __future__ import annotations

import argparse

from chenu_desktop.domain.decisions import DECISION_STATUSES, PRIORITIES

from .common import add_data_dir, add_json, open_services
from .output import print_json, print_table, short_time


def register(commands: argparse._SubParsersAction) -> None:
    decisions = commands.add_parser("decisions", help="decisions that age while they wait")
    actions = decisions.add_subparsers(dest="action", required=True, metavar="ACTION")

    add = actions.add_parser("add", help="record a decision to take; prints its id last")
    add.add_argument("--title", required=True)
    add.add_argument("--thread", metavar="ID", help="the thread it belongs to (its sphere is used)")
    add.add_argument("--sphere", help="sphere id, when not given by --thread")
    add.add_argument("--priority", choices=PRIORITIES)
    add.add_argument("--description")
    add.add_argument("--option", action="append", default=[], metavar="LABEL", help="an option to choose from (repeat)")
    add.set_defaults(handler=add_decision)

    listing = actions.add_parser("list", help="open decisions most urgent first, then the rest")
    listing.add_argument("--status", choices=DECISION_STATUSES)
    listing.add_argument("--sphere")
    add_json(listing)
    listing.set_defaults(handler=list_decisions)

    defer = actions.add_parser("defer", help="defer a decision: its aging restarts at GREEN")
    defer.add_argument("id")
    defer.set_defaults(handler=defer_decision)

    make = actions.add_parser("make", help="take a decision by choosing one of its options")
    make.add_argument("id")
    make.add_argument("--option", required=True, metavar="OPTION_ID")
    make.set_defaults(handler=make_decision)

    reject = actions.add_parser("reject", help="close a decision without taking any option")
    reject.add_argument("id")
    reject.set_defaults(handler=reject_decision)

    for parser in actions.choices.values():
        add_data_dir(parser)


def add_decision(args: argparse.Namespace) -> int:
    decision = open_services(args).decisions.add(
        title=args.title,
        thread_id=args.thread,
        sphere_id=args.sphere,
        priority=args.priority,
        description=args.description,
        options=[{"label": label} for label in args.option],
    )
    for option in decision.options:
        print(f"  option {option['id']}: {option['label']}")
    print(f"Recorded decision “{decision.title}” ({decision.priority}): {decision.id}")
    return 0


def list_decisions(args: argparse.Namespace) -> int:
    decisions = open_services(args).decisions.list(status=args.status, sphere_id=args.sphere)
    if args.json:
        print_json([d.to_dict() for d in decisions])
        return 0
    print_table(
        [
            (d.id, d.aging_level or "-", d.status, d.priority, d.sphere_id, d.title, short_time(d.to_dict()["aging_started_at"]))
            for d in decisions
        ],
        ("ID", "AGING", "STATUS", "PRIORITY", "SPHERE", "TITLE", "WAITING SINCE"),
        empty="No decisions.",
    )
    return 0


def defer_decision(args: argparse.Namespace) -> int:
    decision = open_services(args).decisions.defer(args.id)
    print(f"Deferred “{decision.title}”: aging restarts at {decision.aging_level}.")
    return 0


def make_decision(args: argparse.Namespace) -> int:
    decision = open_services(args).decisions.make(args.id, args.option)
    chosen = next((o["label"] for o in decision.options if o["id"] == decision.chosen_option_id), decision.chosen_option_id)
    print(f"Decided “{decision.title}”: {chosen}.")
    return 0


def reject_decision(args: argparse.Namespace) -> int:
    decision = open_services(args).decisions.reject(args.id)
    print(f"Rejected “{decision.title}”.")
    return 0
