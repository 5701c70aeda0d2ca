"""`chenu workspaces list|use`: the workspaces this device holds, and which one commands act in."""

from __future__ import annotations

import argparse

from sqlalchemy import select

from chenu_desktop.domain.errors import NotFoundError
from chenu_desktop.store import Store
from chenu_desktop.store.models import Workspace
from chenu_desktop.sync.state import CURRENT_WORKSPACE_KEY, ROLES_KEY, roles_from_json

from .common import add_data_dir, add_json, opened_store
from .output import print_json, print_table


def register(commands: argparse._SubParsersAction) -> None:
    workspaces = commands.add_parser("workspaces", help="the workspaces on this device; switch between them")
    actions = workspaces.add_subparsers(dest="action", required=True, metavar="ACTION")

    listing = actions.add_parser("list", help="every workspace synced to this device, with your role")
    add_json(listing)
    listing.set_defaults(handler=list_workspaces)

    use = actions.add_parser("use", help="make commands act in this workspace")
    use.add_argument("id")
    use.set_defaults(handler=use_workspace)

    for parser in actions.choices.values():
        add_data_dir(parser)


def _held(store: Store) -> list[dict[str, object]]:
    roles = roles_from_json(store.get_meta(ROLES_KEY))
    current = store.get_meta(CURRENT_WORKSPACE_KEY)
    with store.read() as session:
        rows = session.scalars(select(Workspace).where(Workspace.deleted.is_not(True)).order_by(Workspace.created_at)).all()
        held = [
            {"id": w.id, "name": w.name, "kind": w.kind, "role": roles.get(w.id), "current": w.id == current}
            for w in rows
            if not roles or w.id in roles
        ]
    return held


def list_workspaces(args: argparse.Namespace) -> int:
    with opened_store(args) as store:
        held = _held(store)
    if args.json:
        print_json(held)
        return 0
    print_table(
        [("*" if w["current"] else "", w["id"], w["name"], w["kind"], w["role"] or "local") for w in held],
        ("", "ID", "NAME", "KIND", "ROLE"),
        empty="No workspace yet: any command creates the local one; `chenu sync` fetches shared ones.",
    )
    return 0


def use_workspace(args: argparse.Namespace) -> int:
    with opened_store(args) as store:
        held = _held(store)
        chosen = next((w for w in held if w["id"] == args.id), None)
        if chosen is None:
            raise NotFoundError(f"no workspace {args.id} on this device (see `chenu workspaces list`; `chenu sync` fetches new ones)")
        store.set_meta(CURRENT_WORKSPACE_KEY, args.id)
    suffix = " (read-only for you)" if chosen["role"] == "viewer" else ""
    print(f"Now working in {chosen['name']}{suffix}.")
    return 0
