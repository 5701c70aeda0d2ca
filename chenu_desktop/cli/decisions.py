"""`chenu decisions …`"""

from __future__ import annotations

import argparse

from chenu_desktop.domain.decisions import DECISION_STATUSES, PRIORITIES, DecisionStatus
from chenu_desktop.domain.errors import ValidationError

from .actors import actor_names
from .common import add_data_dir, add_json, open_services
from .flags import named_as_typed
from .ids import full_id, optional_id
from .output import print_json, print_table, short_time

SHOWN_STATUS = {DecisionStatus.APPROVED.value: "made"}
"""How a status reads in text (JSON keeps the stored value): a decision taken is "made"."""


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
    listing.add_argument("--status", choices=(*DECISION_STATUSES, *SHOWN_STATUS.values()), help="only this status (made is the same as approved)")
    listing.add_argument("--sphere")
    add_json(listing)
    listing.set_defaults(handler=list_decisions)

    show = actions.add_parser("show", help="one decision with its options")
    show.add_argument("id")
    add_json(show)
    show.set_defaults(handler=show_decision)

    options = actions.add_parser("options", help="the options of a decision")
    option_actions = options.add_subparsers(dest="options_action", required=True, metavar="ACTION")
    add_options = option_actions.add_parser("add", help="add options to a decision still waiting")
    add_options.add_argument("id", help="the decision's id (its first characters are enough)")
    add_options.add_argument("labels", nargs="+", metavar="LABEL", help="an option to choose from (several allowed)")
    add_data_dir(add_options)
    add_json(add_options)
    add_options.set_defaults(handler=add_decision_options)

    defer = actions.add_parser("defer", help="defer a decision: its aging restarts at GREEN")
    defer.add_argument("id")
    defer.set_defaults(handler=defer_decision)

    make = actions.add_parser("make", help="take a decision by choosing one of its options")
    make.add_argument("id")
    make.add_argument("choice", nargs="?", metavar="OPTION", help="the option's label (any case) or id")
    make.add_argument("--option", metavar="OPTION", help="the same, as an option")
    make.set_defaults(handler=make_decision)

    reject = actions.add_parser("reject", help="close a decision without taking any option")
    reject.add_argument("id")
    reject.set_defaults(handler=reject_decision)

    for parser in actions.choices.values():
        add_data_dir(parser)


def add_decision(args: argparse.Namespace) -> int:
    services = open_services(args)
    with named_as_typed(title="--title", sphere="--sphere", priority="--priority", description="--description"):
        decision = services.decisions.add(
            title=args.title,
            thread_id=optional_id(services, "thread", args.thread),
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
    stored = {shown: status for status, shown in SHOWN_STATUS.items()}
    decisions = open_services(args).decisions.list(status=stored.get(args.status, args.status), sphere_id=args.sphere)
    if args.json:
        print_json([d.to_dict() for d in decisions])
        return 0
    print_table(
        [
            (
                d.id,
                d.aging_level or "-",
                shown_status(d.status),
                d.priority,
                d.sphere_id,
                d.title,
                _options_cell(d.options, d.chosen_option_id),
                short_time(d.to_dict()["aging_started_at"]),
            )
            for d in decisions
        ],
        ("ID", "AGING", "STATUS", "PRIORITY", "SPHERE", "TITLE", "OPTIONS", "WAITING SINCE"),
        empty=_empty_message(args),
    )
    return 0


def show_decision(args: argparse.Namespace) -> int:
    services = open_services(args)
    decision = services.decisions.get(full_id(services, "decision", args.id))
    data = decision.to_dict()
    if args.json:
        print_json(data)
        return 0
    name = actor_names(services)
    print(f"{decision.title}  [{decision.sphere_id} · {shown_status(decision.status)} · {decision.priority}]")
    print(f"id:          {decision.id}")
    if decision.description:
        print(f"description: {decision.description}")
    if decision.thread_id:
        print(f"thread:      {decision.thread_id}")
    if decision.aging_level:
        print(f"aging:       {decision.aging_level} (waiting since {short_time(data['aging_started_at'])})")
    if decision.resolved_at:
        print(f"resolved:    {short_time(data['resolved_at'])} by {name(decision.resolved_by)}")
    print(f"options ({len(decision.options)}):" if decision.options else "options: none yet (add some with: chenu decisions options add ID LABEL…)")
    for option in decision.options:
        mark = "✓" if option["id"] == decision.chosen_option_id else " "
        print(f"  {mark} {option['id']}  {option['label']}")
    return 0


def add_decision_options(args: argparse.Namespace) -> int:
    services = open_services(args)
    decision_id = full_id(services, "decision", args.id)
    before = {o["id"] for o in services.decisions.get(decision_id).options}
    decision = services.decisions.add_options(decision_id, args.labels)
    if args.json:
        print_json(decision.to_dict())
        return 0
    for option in decision.options:
        if option["id"] not in before:
            print(f"  option {option['id']}: {option['label']}")
    print(f"Options of “{decision.title}”: {', '.join(o['label'] for o in decision.options)}.")
    return 0


def shown_status(status: str | None) -> str:
    return SHOWN_STATUS.get(status or "", status or "-")


def _options_cell(options: list[dict[str, object]], chosen: str | None) -> str:
    """The labels, the chosen one marked: "✓Yes | No"."""
    return " | ".join(f"{'✓' if o['id'] == chosen else ''}{o['label']}" for o in options) or "-"


def _empty_message(args: argparse.Namespace) -> str:
    if args.status or args.sphere:
        return "No decisions match these filters."
    return "No decisions. Record one with: chenu decisions add --title … --sphere S --option LABEL"


def defer_decision(args: argparse.Namespace) -> int:
    services = open_services(args)
    decision = services.decisions.defer(full_id(services, "decision", args.id))
    print(f"Deferred “{decision.title}”: aging restarts at {decision.aging_level}.")
    return 0


def make_decision(args: argparse.Namespace) -> int:
    choice = args.option if args.option is not None else args.choice
    if choice is None:
        raise ValidationError("option", "say which option: chenu decisions make ID LABEL (see: chenu decisions show ID)")
    services = open_services(args)
    decision = services.decisions.make(full_id(services, "decision", args.id), choice)
    chosen = next((o["label"] for o in decision.options if o["id"] == decision.chosen_option_id), decision.chosen_option_id)
    print(f"Decided “{decision.title}”: {chosen}.")
    return 0


def reject_decision(args: argparse.Namespace) -> int:
    services = open_services(args)
    decision = services.decisions.reject(full_id(services, "decision", args.id))
    print(f"Rejected “{decision.title}”.")
    return 0
