"""`chenu audit`"""

from __future__ import annotations

import argparse
import json
import re
from datetime import datetime, timedelta, timezone

from chenu_desktop.domain.audit import LIST_LIMIT_DEFAULT
from chenu_desktop.domain.clock import as_utc

from .actors import actor_names
from .common import add_data_dir, add_json, open_services
from .output import print_json, print_table, short_time

DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_EXAMPLES = "e.g. 2026-01-31, 2026-01-31T09:30 or 2026-01-31T09:30:00Z"


def register(commands: argparse._SubParsersAction) -> None:
    audit = commands.add_parser("audit", help="who did what, and when: the audit log, newest first")
    audit.add_argument("--actor", help="only entries by this actor (user, nova or an agent id)")
    audit.add_argument("--action", help='an exact action ("thread.created") or a prefix ending in "." ("thread.")')
    audit.add_argument("--target", metavar="ID", help="only entries about this object id")
    audit.add_argument("--target-type", metavar="TYPE", help="only entries about this kind of object (thread, memory, …)")
    audit.add_argument("--since", type=_since, metavar="ISO", help=f"from this UTC date or time on ({ISO_EXAMPLES})")
    audit.add_argument("--until", type=_until, metavar="ISO", help="before this UTC time; a date alone includes that whole day")
    audit.add_argument("--limit", type=int, default=LIST_LIMIT_DEFAULT, metavar="N", help=f"at most N entries (default {LIST_LIMIT_DEFAULT})")
    add_data_dir(audit)
    add_json(audit)
    audit.set_defaults(handler=show_audit)


def show_audit(args: argparse.Namespace) -> int:
    services = open_services(args)
    entries = services.audit_log.list(
        actor=args.actor,
        action=args.action,
        target_type=args.target_type,
        target_id=args.target,
        since=args.since,
        until=args.until,
        limit=args.limit,
    )
    if args.json:
        print_json([e.to_dict() for e in entries])
        return 0
    name = actor_names(services)
    print_table(
        [
            (
                short_time(e.to_dict()["at"]),
                name(e.actor),
                e.action,
                f"{e.target_type or '-'} {e.target_id or ''}".strip(),
                json.dumps(e.details, ensure_ascii=False) if e.details else None,
            )
            for e in entries
        ],
        ("AT (UTC)", "ACTOR", "ACTION", "TARGET", "DETAILS"),
        empty="No audit entries match.",
    )
    return 0


def _parse(text: str) -> datetime:
    try:
        return as_utc(datetime.fromisoformat(text.strip()))
    except (ValueError, OverflowError):
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO 8601 date or time ({ISO_EXAMPLES})") from None


def _since(text: str) -> datetime:
    return _parse(text)


def _until(text: str) -> datetime:
    """A date alone means up to the end of that day (the bound is exclusive)."""
    moment = _parse(text)
    if not DATE_ONLY.match(text.strip()):
        return moment
    try:
        return moment + timedelta(days=1)
    except OverflowError:
        return datetime.max.replace(tzinfo=timezone.utc)
