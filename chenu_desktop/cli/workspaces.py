"""`chenu workspaces list|use`: the workspaces this device holds, and which one commands act in;
`chenu workspaces invitations|accept|decline`: answer the invitations waiting on the server.

Nobody is made a member of a workspace by someone else: an owner's invitation
waits until you accept it, and only then does the workspace sync here. The
sync client is imported by those handlers: the local commands start without it.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from chenu_desktop.domain.errors import NotFoundError

from .common import add_data_dir, add_json, data_dir, opened_store
from .output import print_json, print_table

if TYPE_CHECKING:
    from chenu_desktop.store import Store
    from chenu_desktop.sync.remote import Remote


def register(commands: argparse._SubParsersAction) -> None:
    workspaces = commands.add_parser("workspaces", help="the workspaces on this device; switch between them")
    actions = workspaces.add_subparsers(dest="action", required=True, metavar="ACTION")

    listing = actions.add_parser("list", help="every workspace synced to this device, with your role")
    add_json(listing)
    listing.set_defaults(handler=list_workspaces)

    use = actions.add_parser("use", help="make commands act in this workspace")
    use.add_argument("id")
    use.set_defaults(handler=use_workspace)

    invitations = actions.add_parser("invitations", help="workspaces you are invited to, waiting for your answer")
    add_json(invitations)
    invitations.set_defaults(handler=list_invitations)

    accept = actions.add_parser("accept", help="join the workspace of an invitation (it syncs here from then on)")
    accept.add_argument("id", help="the invitation's id (see `chenu workspaces invitations`)")
    accept.set_defaults(handler=accept_invitation)

    decline = actions.add_parser("decline", help="turn an invitation down")
    decline.add_argument("id", help="the invitation's id (see `chenu workspaces invitations`)")
    decline.set_defaults(handler=decline_invitation)

    for parser in actions.choices.values():
        add_data_dir(parser)


def list_workspaces(args: argparse.Namespace) -> int:
    from chenu_desktop.services.workspaces import held_workspaces

    with opened_store(args) as store:
        held = [w.to_dict() for w in held_workspaces(store)]
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
    from chenu_desktop.services.workspaces import switch_workspace

    with opened_store(args) as store:
        chosen = switch_workspace(store, _held_id(store, args.id))
    suffix = " (read-only for you)" if chosen.read_only else ""
    print(f"Now working in {chosen.name}{suffix}.")
    return 0


def list_invitations(args: argparse.Namespace) -> int:
    with _remote(args) as remote:
        pending = remote.invitations()
    shown = [
        {key: item.get(key) for key in ("id", "workspace_id", "workspace_name", "role", "invited_by", "created_at")}
        for item in pending
    ]
    if args.json:
        print_json(shown)
        return 0
    print_table(
        [(i["id"], i["workspace_name"], i["role"], i["invited_by"] or "", i["created_at"]) for i in shown],
        ("ID", "WORKSPACE", "ROLE", "INVITED BY", "SINCE"),
        empty="No invitations waiting.",
    )
    return 0


def accept_invitation(args: argparse.Namespace) -> int:
    with _remote(args) as remote:
        workspace = remote.accept_invitation(args.id)
    print(f"Joined {workspace.get('name')} as {workspace.get('role')}: `chenu sync` brings it to this device.")
    return 0


def decline_invitation(args: argparse.Namespace) -> int:
    with _remote(args) as remote:
        remote.decline_invitation(args.id)
    print("Invitation declined.")
    return 0


def _held_id(store: Store, typed: str) -> str:
    """The workspace id `typed` starts; unknown, as typed (`switch_workspace` says what to do)."""
    from chenu_desktop.services.ids import resolve_prefix

    try:
        return resolve_prefix(store, "workspace", typed)
    except NotFoundError:
        return typed


@contextmanager
def _remote(args: argparse.Namespace) -> Iterator[Remote]:
    """This device's session with its server, closed afterwards."""
    from chenu_desktop.sync.account import open_remote

    with opened_store(args) as store:
        _, remote = open_remote(data_dir(args), store)
    try:
        yield remote
    finally:
        remote.close()
