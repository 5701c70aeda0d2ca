"""`chenu tokens`"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from .common import add_data_dir, add_json, open_services
from .output import print_json, print_table

if TYPE_CHECKING:
    from chenu_desktop.services import Services


def register(commands: argparse._SubParsersAction) -> None:
    tokens = commands.add_parser("tokens", help="token budgets: used, budget, remaining")
    add_data_dir(tokens)
    add_json(tokens)
    tokens.set_defaults(handler=show_tokens)


def show_tokens(args: argparse.Namespace) -> int:
    services = open_services(args)
    report = services.tokens.report()
    unavailable = _unavailable_agents(services, [a.agent_id for a in report.agents])
    if args.json:
        data = report.to_dict()
        for agent in data["agents"]:
            if agent["agent_id"] in unavailable:
                agent["unavailable"] = unavailable[agent["agent_id"]]
        print_json(data)
        return 0
    rows = [("today", report.daily.used, report.daily.budget, report.daily.remaining)]
    rows.append(("this month", report.monthly.used, report.monthly.budget, report.monthly.remaining))
    rows += [
        (f"{a.agent_id} ({a.sphere_id}, unavailable)" if a.agent_id in unavailable else f"{a.agent_id} ({a.sphere_id})", a.used, a.budget, a.remaining)
        for a in report.agents
    ]
    print_table(rows, ("BUDGET", "USED", "OF", "REMAINING"), empty="")
    return 0


def _unavailable_agents(services: Services, agent_ids: list[str]) -> dict[str, str]:
    """The hired agents whose plugin is gone (they run and are charged no more): id -> why."""
    gone = [agent_id for agent_id in agent_ids if services.ctx.plugins.agent(agent_id) is None]
    if not gone:
        return {}
    from chenu_desktop.services.unavailable import Availability

    availability = Availability(services.ctx)
    return {agent_id: missing.reason for agent_id in gone if (missing := availability.agent(agent_id)) is not None}
