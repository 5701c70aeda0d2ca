"""`chenu agents …`"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from .common import add_data_dir, add_json, open_services
from .ids import optional_id
from .output import print_json, print_table

if TYPE_CHECKING:
    from chenu_desktop.services import Services


def register(commands: argparse._SubParsersAction) -> None:
    agents = commands.add_parser("agents", help="agents that propose; you decide")
    actions = agents.add_subparsers(dest="action", required=True, metavar="ACTION")

    listing = actions.add_parser("list", help="the catalogue, or your team with --hired")
    listing.add_argument("--sphere", help="agents of this sphere (and general ones)")
    listing.add_argument("--hired", action="store_true", help="only agents on your team")
    add_json(listing)
    listing.set_defaults(handler=list_agents)

    hire = actions.add_parser("hire", help="ask to hire an agent; prints the checkpoint id last")
    hire.add_argument("agent_id", metavar="AGENT_ID")
    hire.add_argument("--sphere", required=True)
    hire.add_argument("--budget", type=int, help="tokens it may spend (default 10 000, at most 50 000)")
    add_json(hire)
    hire.set_defaults(handler=hire_agent)

    dismiss = actions.add_parser("dismiss", help="take an agent off your team")
    dismiss.add_argument("agent_id", metavar="AGENT_ID")
    dismiss.add_argument("--sphere")
    dismiss.set_defaults(handler=dismiss_agent)

    run = actions.add_parser("run", help="let an agent propose; prints the checkpoint id of its proposal last")
    run.add_argument("agent_id", metavar="AGENT_ID")
    run.add_argument("--task", required=True)
    run.add_argument("--thread", metavar="ID")
    add_json(run)
    run.set_defaults(handler=run_agent)

    for parser in actions.choices.values():
        add_data_dir(parser)


def list_agents(args: argparse.Namespace) -> int:
    agents = open_services(args).agents.list(sphere_id=args.sphere, hired=True if args.hired else None)
    if args.json:
        print_json([a.to_dict() for a in agents])
        return 0
    print_table(
        [
            (a.id, a.level or "-", f"{a.name} (unavailable)" if a.unavailable else a.name, a.sphere_id or "all",
             "-" if a.unavailable else a.base_cost, ",".join(a.hired_in) or "-")
            for a in agents
        ],
        ("ID", "LEVEL", "NAME", "SPHERE", "COST", "HIRED FOR"),
        empty="No agents on your team yet. Hire one with: chenu agents hire AGENT_ID --sphere S"
        if args.hired
        else "No agents match.",
    )
    for agent in agents:
        if agent.unavailable:
            print(f"{agent.id} is unavailable: {agent.unavailable}. It does not run and is not charged; dismiss it, or bring the plugin back.")
    return 0


def hire_agent(args: argparse.Namespace) -> int:
    services = open_services(args)
    checkpoint = services.agents.hire(agent_id(services, args.agent_id), args.sphere, args.budget)
    if args.json:
        print_json(checkpoint.to_dict())
        return 0
    print(f"Hiring waits for your approval ({checkpoint.reason}).")
    print(f"Approve with: chenu checkpoints approve {checkpoint.id}")
    print(f"Checkpoint: {checkpoint.id}")
    return 0


def dismiss_agent(args: argparse.Namespace) -> int:
    services = open_services(args)
    agent = agent_id(services, args.agent_id)
    services.agents.dismiss(agent, args.sphere)
    print(f"Dismissed {agent}.")
    return 0


def run_agent(args: argparse.Namespace) -> int:
    services = open_services(args)
    outcome = services.agents.run(agent_id(services, args.agent_id), args.task, optional_id(services, "thread", args.thread))
    checkpoint = outcome.checkpoint
    assert checkpoint is not None
    if args.json:
        print_json(checkpoint.to_dict())
        return 0
    print(f"{checkpoint.description}")
    print(f"Held at a checkpoint ({checkpoint.reason}; risk {checkpoint.risk_level}).")
    print(f"Approve with: chenu checkpoints approve {checkpoint.id}")
    print(f"Checkpoint: {checkpoint.id}")
    return 0


def agent_id(services: Services, typed: str) -> str:
    """The id of the catalogue's agent whose id starts with `typed`."""
    from chenu_desktop.services.ids import match_prefix

    return match_prefix("agent", typed, [(a.id, a.name) for a in services.agents.list()])
