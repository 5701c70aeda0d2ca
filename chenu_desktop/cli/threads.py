"""`chenu threads …`"""

from __future__ import annotations

import argparse
import sys

from chenu_desktop.domain.errors import ValidationError
from chenu_desktop.domain.threads import THREAD_STATUSES

from .common import add_data_dir, add_json, open_services
from .output import print_json, print_table, short_time


def register(commands: argparse._SubParsersAction) -> None:
    threads = commands.add_parser("threads", help="lines of work with a founding intent")
    actions = threads.add_subparsers(dest="action", required=True, metavar="ACTION")

    add = actions.add_parser("add", help="start a thread; prints its id last")
    add.add_argument("--sphere", required=True, help="sphere id (see `chenu spheres list`)")
    add.add_argument("--title", required=True, help="1–200 characters")
    add.add_argument("--intent", required=True, help="the founding intent, 1–2000 characters; it never changes")
    add.add_argument("--tag", action="append", default=[], help="a tag (repeat for several)")
    add.add_argument("--parent", metavar="ID", help="parent thread id")
    add.set_defaults(handler=add_thread)

    listing = actions.add_parser("list", help="list threads, most recently active first")
    listing.add_argument("--sphere", help="only this sphere")
    listing.add_argument("--status", choices=THREAD_STATUSES, help="only this status")
    listing.add_argument("--deleted", action="store_true", help="include deleted threads")
    add_json(listing)
    listing.set_defaults(handler=list_threads)

    show = actions.add_parser("show", help="a thread with its event log")
    show.add_argument("id")
    add_json(show)
    show.set_defaults(handler=show_thread)

    edit = actions.add_parser("edit", help="change a thread's title, status or tags")
    edit.add_argument("id")
    edit.add_argument("--title")
    edit.add_argument("--status", choices=THREAD_STATUSES)
    edit.add_argument("--tag", action="append", dest="tags", help="replace the tags (repeat for several)")
    edit.add_argument("--intent", help=argparse.SUPPRESS)
    add_json(edit)
    edit.set_defaults(handler=edit_thread)

    note = actions.add_parser("note", help="add a note to a thread's log")
    note.add_argument("id")
    note.add_argument("text", help="the note (up to 5000 characters; several lines allowed)")
    note.set_defaults(handler=note_thread)

    remove = actions.add_parser("delete", help="delete a thread (restorable for 30 days)")
    remove.add_argument("id")
    remove.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    remove.set_defaults(handler=delete_thread)

    restore = actions.add_parser("restore", help="bring a deleted thread back")
    restore.add_argument("id")
    restore.set_defaults(handler=restore_thread)

    importing = actions.add_parser("import", help="import a JSON array of {title, founding_intent, sphere_id}")
    importing.add_argument("file")
    add_json(importing)
    importing.set_defaults(handler=import_threads)

    for parser in actions.choices.values():
        add_data_dir(parser)


def add_thread(args: argparse.Namespace) -> int:
    services = open_services(args)
    thread = services.threads.add(
        sphere_id=args.sphere,
        title=args.title,
        founding_intent=args.intent,
        tags=args.tag,
        parent_thread_id=args.parent,
    )
    print(f"Created thread “{thread.title}” in {thread.sphere_id}: {thread.id}")
    return 0


def list_threads(args: argparse.Namespace) -> int:
    services = open_services(args)
    threads = services.threads.list(sphere_id=args.sphere, status=args.status, include_deleted=args.deleted)
    if args.json:
        print_json([t.to_dict() for t in threads])
        return 0
    print_table(
        [
            (t.id, t.sphere_id, t.status + (" (deleted)" if t.deleted else ""), t.title, short_time(t.to_dict()["last_activity_at"]))
            for t in threads
        ],
        ("ID", "SPHERE", "STATUS", "TITLE", "LAST ACTIVITY"),
        empty="No threads yet. Start one with: chenu threads add --sphere personal --title … --intent …",
    )
    return 0


def show_thread(args: argparse.Namespace) -> int:
    detail = open_services(args).threads.show(args.id)
    data = detail.to_dict()
    if args.json:
        print_json(data)
        return 0
    t = detail.thread
    print(f"{t.title}  [{t.sphere_id} · {t.status}{' · deleted' if t.deleted else ''}]")
    print(f"id:              {t.id}")
    print(f"founding intent: {t.founding_intent}")
    if t.current_intent != t.founding_intent:
        print(f"current intent:  {t.current_intent}")
    print(f"tags:            {', '.join(t.tags) or '-'}")
    print(f"maturity:        {detail.maturity} ({detail.maturity_score})")
    print(f"events ({len(detail.events)}):")
    for event in data["events"]:
        print(f"  {short_time(event['at'])}  {event['type']:<20} {event['actor']}")
    return 0


def edit_thread(args: argparse.Namespace) -> int:
    if args.intent is not None:
        raise ValidationError(
            "founding_intent", "never changes after creation; record how it evolved as a new thread event instead"
        )
    thread = open_services(args).threads.edit(args.id, title=args.title, status=args.status, tags=args.tags)
    if args.json:
        print_json(thread.to_dict())
    else:
        print(f"Updated thread {thread.id}: “{thread.title}” ({thread.status})")
    return 0


def note_thread(args: argparse.Namespace) -> int:
    thread = open_services(args).threads.note(args.id, args.text)
    print(f"Noted on “{thread.title}”.")
    return 0


def delete_thread(args: argparse.Namespace) -> int:
    services = open_services(args)
    if not args.yes and sys.stdin.isatty():
        title = services.threads.show(args.id).thread.title
        answer = input(f"Delete thread “{title}”? It stays restorable for 30 days. [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing deleted.")
            return 1
    thread = services.threads.delete(args.id)
    print(f"Deleted thread “{thread.title}”. Undo with: chenu threads restore {thread.id}")
    return 0


def restore_thread(args: argparse.Namespace) -> int:
    thread = open_services(args).threads.restore(args.id)
    print(f"Restored thread “{thread.title}”: {thread.id}")
    return 0


def import_threads(args: argparse.Namespace) -> int:
    result = open_services(args).threads.import_file(args.file)
    if args.json:
        print_json({"imported": result.imported, "ids": result.ids})
    else:
        print(f"Imported {result.imported} threads.")
    return 0
