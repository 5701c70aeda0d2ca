"""`chenu threads list`'s rows: read quickly when it can be, through the services otherwise.

Both paths give the same `ThreadListing` (each thread as
`ThreadView.to_dict()`, most recently active first, and how many match in
all), so the command prints the same whichever read it.
"""

from __future__ import annotations

import argparse

from chenu_desktop.domain.spheres import BUILTIN_SPHERE_IDS
from chenu_desktop.store.quick_read import ThreadListing

from .common import open_services
from .quick import read_quickly

LIST_LIMIT_DEFAULT = 50


def listed_threads(args: argparse.Namespace, limit: int | None) -> ThreadListing:
    """The first `limit` threads `args` asks for (None: all of them)."""
    # A sphere of a plugin, or a mistyped one, is checked (and explained) by the services.
    if args.sphere is None or args.sphere in BUILTIN_SPHERE_IDS:
        listing = read_quickly(args, lambda reader: reader.threads(args.sphere, args.status, args.deleted, limit))
        if listing is not None:
            return listing
    return listed_by_services(args, limit)


def listed_by_services(args: argparse.Namespace, limit: int | None) -> ThreadListing:
    threads = open_services(args).threads.list(sphere_id=args.sphere, status=args.status, include_deleted=args.deleted)
    shown = threads if limit is None else threads[:limit]
    return ThreadListing([thread.to_dict() for thread in shown], len(threads))


def mark_unavailable(args: argparse.Namespace, listing: ThreadListing) -> dict[str, str]:
    """Mark the listed threads of spheres no loaded plugin provides (their
    plugin gone): each gets `"unavailable": "plugin NAME is not installed"`
    (or the like). Returns those spheres' reasons, by id; built-ins never need
    a look at the plugins."""
    listed = {thread["sphere_id"] for thread in listing.threads} | {args.sphere}
    others = {s for s in listed if s is not None and s not in BUILTIN_SPHERE_IDS}
    if not others:
        return {}
    from chenu_desktop.services.unavailable import Availability

    availability = Availability(open_services(args).ctx)
    reasons = {s: missing.reason for s in sorted(others) if (missing := availability.sphere(s)) is not None}
    for thread in listing.threads:
        if thread["sphere_id"] in reasons:
            thread["unavailable"] = reasons[thread["sphere_id"]]
    return reasons


def nothing_listed(args: argparse.Namespace) -> str:
    """What an empty list says: how to start one, or that none matches the filters."""
    if args.sphere is None and args.status is None:
        return "No threads yet. Start one with: chenu threads add --sphere personal --title … --intent …"
    which = f"No {args.status} threads" if args.status else "No threads"
    return f"{which} in sphere {args.sphere}." if args.sphere else f"{which}."
