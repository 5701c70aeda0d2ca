"""`chenu checkpoints …`"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from chenu_desktop.domain.governance import CHECKPOINT_STATUSES, RISK_LEVELS

from .actors import actor_names
from .common import add_data_dir, add_json, open_services
from .ids import full_id
from .output import print_json, print_table, short_time

if TYPE_CHECKING:
    from chenu_desktop.services import Services
    from chenu_desktop.services.views import CheckpointView


def register(commands: argparse._SubParsersAction) -> None:
    checkpoints = commands.add_parser("checkpoints", help="actions waiting for your approval")
    actions = checkpoints.add_subparsers(dest="action", required=True, metavar="ACTION")

    listing = actions.add_parser("list", help="checkpoints, newest first")
    listing.add_argument("--status", choices=CHECKPOINT_STATUSES)
    listing.add_argument("--risk", choices=RISK_LEVELS)
    listing.add_argument("--sphere")
    add_json(listing)
    listing.set_defaults(handler=list_checkpoints)

    show = actions.add_parser("show", help="one checkpoint with the action it holds")
    show.add_argument("id")
    add_json(show)
    show.set_defaults(handler=show_checkpoint)

    for verb in ("approve", "reject"):
        parser = actions.add_parser(verb, help=f"{verb} a pending checkpoint")
        parser.add_argument("id")
        parser.add_argument("--note", help="why (kept with the checkpoint and in the audit log)")
        add_json(parser)
        parser.set_defaults(handler=approve if verb == "approve" else reject)

    for parser in actions.choices.values():
        add_data_dir(parser)


def list_checkpoints(args: argparse.Namespace) -> int:
    services = open_services(args)
    checkpoints = services.governance.list(status=args.status, risk=args.risk, sphere_id=args.sphere)
    blocked = _unapprovable(services, checkpoints)
    if args.json:
        print_json([{**c.to_dict(), **({"unavailable": blocked[c.id]} if c.id in blocked else {})} for c in checkpoints])
        return 0
    name = actor_names(services)
    print_table(
        [
            (c.id, c.status, c.risk_level, name(c.requested_by), c.description, short_time(c.to_dict()["created_at"]))
            for c in checkpoints
        ],
        ("ID", "STATUS", "RISK", "REQUESTED BY", "ACTION", "CREATED"),
        empty="Nothing is waiting for you.",
    )
    for checkpoint_id, reason in blocked.items():
        print(f"{checkpoint_id} can be rejected, not approved: {reason}.")
    return 0


def _unapprovable(services: Services, checkpoints: list[CheckpointView]) -> dict[str, str]:
    """The pending checkpoints of a missing plugin's agent or sphere: id -> why they cannot be approved."""
    from chenu_desktop.services.unavailable import Availability

    availability = Availability(services.ctx)
    reasons = {c.id: availability.checkpoint_reason(c) for c in checkpoints if c.status == "pending"}
    return {checkpoint_id: reason for checkpoint_id, reason in reasons.items() if reason is not None}


def show_checkpoint(args: argparse.Namespace) -> int:
    services = open_services(args)
    checkpoint = services.governance.get(full_id(services, "checkpoint", args.id))
    data = checkpoint.to_dict()
    if args.json:
        print_json(data)
        return 0
    name = actor_names(services)
    print(f"{checkpoint.description}")
    for key in ("id", "status", "risk_level", "requested_by", "reason", "created_at", "expires_at", "resolved_by", "resolution_note"):
        if data.get(key):
            value = name(data[key]) if key in ("requested_by", "resolved_by") else data[key]
            print(f"{key + ':':<16} {value}")
    if checkpoint.result:
        print(f"{'result:':<16} {checkpoint.result}")
    return 0


def approve(args: argparse.Namespace) -> int:
    services = open_services(args)
    approval = services.governance.approve(full_id(services, "checkpoint", args.id), args.note)
    checkpoint = approval.checkpoint
    if args.json:
        print_json({**checkpoint.to_dict(), "applied": approval.applied})
    elif approval.applied:
        print(f"Approved and applied: {checkpoint.description}")
    else:
        print(f"Already approved by {actor_names(services)(checkpoint.resolved_by)}; nothing was applied a second time.")
    return 0


def reject(args: argparse.Namespace) -> int:
    services = open_services(args)
    checkpoint = services.governance.reject(full_id(services, "checkpoint", args.id), args.note)
    if args.json:
        print_json(checkpoint.to_dict())
    else:
        print(f"Rejected: {checkpoint.description}")
    return 0
