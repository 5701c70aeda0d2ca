"""`chenu tokens`"""

from __future__ import annotations

import argparse

from .common import add_data_dir, add_json, open_services
from .output import print_json, print_table


def register(commands: argparse._SubParsersAction) -> None:
    tokens = commands.add_parser("tokens", help="token budgets: used, budget, remaining")
    add_data_dir(tokens)
    add_json(tokens)
    tokens.set_defaults(handler=show_tokens)


def show_tokens(args: argparse.Namespace) -> int:
    report = open_services(args).tokens.report()
    if args.json:
        print_json(report.to_dict())
        return 0
    rows = [("today", report.daily.used, report.daily.budget, report.daily.remaining)]
    rows.append(("this month", report.monthly.used, report.monthly.budget, report.monthly.remaining))
    rows += [(f"{a.agent_id} ({a.sphere_id})", a.used, a.budget, a.remaining) for a in report.agents]
    print_table(rows, ("BUDGET", "USED", "OF", "REMAINING"), empty="")
    return 0
