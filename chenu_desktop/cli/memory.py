"""`chenu memory …`"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from chenu_desktop.domain.memory import CONTENT_MAX, MEMORY_LAYERS, MEMORY_TYPES, SEARCH_LIMIT_DEFAULT, MemoryType

from .common import add_data_dir, add_json, open_services
from .ids import full_id, optional_id
from .output import print_json, print_table, short_time

if TYPE_CHECKING:
    from chenu_desktop.services.memory import MemoryView


def register(commands: argparse._SubParsersAction) -> None:
    memory = commands.add_parser("memory", help="what you asked CHE·NU to remember, searchable")
    actions = memory.add_subparsers(dest="action", required=True, metavar="ACTION")

    add = actions.add_parser("add", help="remember something; prints its id last")
    add.add_argument("text", metavar="TEXT", help=f"what to remember, 1–{CONTENT_MAX} characters")
    add.add_argument("--type", choices=MEMORY_TYPES, default=MemoryType.NOTE.value, help="kind of item (default: note)")
    add.add_argument("--thread", metavar="ID", help="the thread it belongs to")
    add.add_argument("--pin", action="store_true", help="keep it at the top of lists")
    add_json(add)
    add.set_defaults(handler=add_memory)

    listing = actions.add_parser("list", help="list memory, pinned first, then most recently used")
    listing.add_argument("--type", choices=MEMORY_TYPES, help="only this type")
    listing.add_argument("--layer", choices=MEMORY_LAYERS, help="hot: used in the last 7 days, warm: 30 days, cold: older")
    listing.add_argument("--thread", metavar="ID", help="only items of this thread")
    add_json(listing)
    listing.set_defaults(handler=list_memory)

    search = actions.add_parser("search", help="find items containing every word, best match first")
    search.add_argument("query", metavar="QUERY", help="words to look for (taken literally: no operators)")
    search.add_argument("--limit", type=int, default=SEARCH_LIMIT_DEFAULT, metavar="N", help=f"at most N results (default {SEARCH_LIMIT_DEFAULT})")
    add_json(search)
    search.set_defaults(handler=search_memory)

    show = actions.add_parser("show", help="recall one item (it becomes hot again)")
    show.add_argument("id")
    add_json(show)
    show.set_defaults(handler=show_memory)

    remove = actions.add_parser("delete", help="forget an item")
    remove.add_argument("id")
    remove.set_defaults(handler=delete_memory)

    pin = actions.add_parser("pin", help="keep an item at the top of lists")
    pin.add_argument("id")
    pin.set_defaults(handler=pin_memory, pinned=True)

    unpin = actions.add_parser("unpin", help="stop keeping an item at the top")
    unpin.add_argument("id")
    unpin.set_defaults(handler=pin_memory, pinned=False)

    for parser in actions.choices.values():
        add_data_dir(parser)


def add_memory(args: argparse.Namespace) -> int:
    services = open_services(args)
    item = services.memory.add(args.text, type=args.type, thread_id=optional_id(services, "thread", args.thread), pinned=args.pin)
    if args.json:
        print_json(item.to_dict())
    else:
        print(f"Remembered {item.type}{' (pinned)' if item.pinned else ''}: {item.id}")
    return 0


def list_memory(args: argparse.Namespace) -> int:
    services = open_services(args)
    items = services.memory.list(type=args.type, layer=args.layer, thread_id=optional_id(services, "thread", args.thread))
    return _print_items(args, items, empty="Nothing in memory yet. Add something with: chenu memory add \"…\"")


def search_memory(args: argparse.Namespace) -> int:
    items = open_services(args).memory.search(args.query, limit=args.limit)
    return _print_items(args, items, empty="Nothing in memory matches every word of that search.")


def show_memory(args: argparse.Namespace) -> int:
    services = open_services(args)
    item = services.memory.get(full_id(services, "memory item", args.id))
    if args.json:
        print_json(item.to_dict())
        return 0
    print(f"{item.type} · {item.layer}{' · pinned' if item.pinned else ''} · from {item.source}")
    print(f"id:      {item.id}")
    if item.thread_id:
        print(f"thread:  {item.thread_id}")
    print(f"created: {short_time(item.to_dict()['created_at'])}")
    print()
    print(item.content)
    return 0


def delete_memory(args: argparse.Namespace) -> int:
    services = open_services(args)
    item = services.memory.delete(full_id(services, "memory item", args.id))
    print(f"Forgot memory item {item.id}.")
    return 0


def pin_memory(args: argparse.Namespace) -> int:
    services = open_services(args)
    item = services.memory.pin(full_id(services, "memory item", args.id), pinned=args.pinned)
    print(f"{'Pinned' if item.pinned else 'Unpinned'} memory item {item.id}.")
    return 0


def _print_items(args: argparse.Namespace, items: Sequence[MemoryView], empty: str) -> int:
    if args.json:
        print_json([item.to_dict() for item in items])
        return 0
    print_table(
        [
            (i.id, i.type, i.layer, "yes" if i.pinned else None, _one_line(i.content), short_time(i.to_dict()["accessed_at"]))
            for i in items
        ],
        ("ID", "TYPE", "LAYER", "PINNED", "CONTENT", "LAST USED"),
        empty=empty,
    )
    return 0


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())
