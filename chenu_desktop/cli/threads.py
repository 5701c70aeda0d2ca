"""`chenu threads …`"""

from __future__ import annotations

import argparse
import sys

from chenu_desktop.domain.errors import ValidationError
from chenu_desktop.domain.threads import THREAD_STATUSES

from .common import add_data_dir, add_json, data_dir, open_services
from .flags import named_as_typed
from .ids import full_id, optional_id
from .output import print_json, print_table, short_time
from .plurals import counted
from .thread_listing import (
    LIST_LIMIT_DEFAULT,
    listed_threads,
    mark_unavailable,
    nothing_listed,
)


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
    shown = listing.add_mutually_exclusive_group()
    shown.add_argument(
        "--limit", type=positive_count, default=LIST_LIMIT_DEFAULT, metavar="N",
        help=f"only the N most recently active (default {LIST_LIMIT_DEFAULT}; --json too)",
    )
    shown.add_argument("--all", action="store_true", help="every thread, however many (--json too)")
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
    with named_as_typed(founding_intent="--intent", title="--title", sphere="--sphere", tags="--tag"):
        thread = services.threads.add(
            sphere_id=args.sphere,
            title=args.title,
            founding_intent=args.intent,
            tags=args.tag,
            parent_thread_id=optional_id(services, "thread", args.parent),
        )
    print(f"Created thread “{thread.title}” in {thread.sphere_id}: {thread.id}")
    return 0


def list_threads(args: argparse.Namespace) -> int:
    listing = listed_threads(args, limit=None if args.all else args.limit)
    unavailable = mark_unavailable(args, listing)
    if args.json:
        print_json(listing.threads)
        return 0
    for sphere_id, reason in unavailable.items():
        print(f"Sphere {sphere_id} is unavailable: {reason}. Its threads stay here, to read, edit or delete.")
    print_table(
        [
            (t["id"], f"{t['sphere_id']} (unavailable)" if "unavailable" in t else t["sphere_id"], f"{t['status']} (deleted)" if t["deleted"] else t["status"], t["title"], short_time(t["last_activity_at"]))
            for t in listing.threads
        ],
        ("ID", "SPHERE", "STATUS", "TITLE", "LAST ACTIVITY"),
        empty=nothing_listed(args),
    )
    more = listing.total - len(listing.threads)
    if more > 0:
        print(f"… {counted(more, 'more thread')} (--limit N to list more, --all to list every one)")
    return 0


def positive_count(text: str) -> int:
    """`--limit`'s value: a whole number of at least 1."""
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1 (got {text!r})")
    return count


def show_thread(args: argparse.Namespace) -> int:
    services = open_services(args)
    detail = services.threads.show(full_id(services, "thread", args.id))
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
    from .actors import actor_names
    from .events import log_lines

    print(f"events ({len(detail.events)}):")
    for line in log_lines(data["events"], actor_names(services)):
        print(line)
    return 0


def edit_thread(args: argparse.Namespace) -> int:
    if args.intent is not None:
        raise ValidationError(
            "--intent", "the founding intent never changes after creation; record how it evolved as a note instead"
        )
    services = open_services(args)
    with named_as_typed(title="--title", status="--status", tags="--tag"):
        thread = services.threads.edit(full_id(services, "thread", args.id), title=args.title, status=args.status, tags=args.tags)
    if args.json:
        print_json(thread.to_dict())
    else:
        print(f"Updated thread {thread.id}: “{thread.title}” ({thread.status})")
    return 0


def note_thread(args: argparse.Namespace) -> int:
    services = open_services(args)
    thread = services.threads.note(full_id(services, "thread", args.id), args.text)
    print(f"Noted on “{thread.title}”.")
    return 0


def delete_thread(args: argparse.Namespace) -> int:
    services = open_services(args)
    thread_id = full_id(services, "thread", args.id)
    if not args.yes and sys.stdin.isatty():
        title = services.threads.show(thread_id).thread.title
        answer = input(f"Delete thread “{title}”? It stays restorable for 30 days. [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing deleted.")
            return 1
    thread = services.threads.delete(thread_id)
    print(f"Deleted thread “{thread.title}”. Undo with: chenu threads restore {thread.id}")
    return 0


def restore_thread(args: argparse.Namespace) -> int:
    services = open_services(args)
    thread = services.threads.restore(full_id(services, "thread", args.id))
    print(f"Restored thread “{thread.title}”: {thread.id}")
    return 0


def import_threads(args: argparse.Namespace) -> int:
    result = open_services(args).threads.import_file(args.file)
    if args.json:
        print_json({"imported": result.imported, "ids": result.ids})
    else:
        from .plurals import cli_language, say

        print(say("imported_threads", cli_language(data_dir(args)), result.imported))
    return 0
