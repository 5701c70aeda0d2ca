"""`chenu sync`: exchange changes with the server until both agree.

The sync client is imported by the handler: other commands start without it.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from .common import add_data_dir, add_json, data_dir, opened_store
from .output import print_json

if TYPE_CHECKING:
    from chenu_desktop.sync.engine import SyncReport

EXIT_REFUSED = 1


def register(commands: argparse._SubParsersAction) -> None:
    sync = commands.add_parser("sync", help="send this device's changes and fetch everyone else's")
    add_data_dir(sync)
    add_json(sync)
    sync.set_defaults(handler=sync_command)


def sync_command(args: argparse.Namespace) -> int:
    from chenu_desktop.sync.account import open_remote
    from chenu_desktop.sync.engine import SyncEngine

    with opened_store(args) as store:
        account, remote = open_remote(data_dir(args), store)
        try:
            report = SyncEngine(store, remote, personal_workspace_id=account.personal_workspace_id).run()
        finally:
            remote.close()
    if args.json:
        summary = {"pushed": report.pushed, "pulled": report.pulled, "conflicts": report.conflicts, "seconds": report.seconds}
        if report.restored:
            summary.update(server_restored=True, resent=report.resent, taken_back=report.taken_back, left_to_others=report.left_to_others)
        print_json(summary)
    elif report.restored:
        print(restored_account(account.server_url, report))
    else:
        print(f"Synced with {account.server_url}: {report.pushed} sent, {report.pulled} received, "
              f"{report.conflicts} conflicts, in {report.seconds:.2f} s.")
    if report.conflicts and not args.json:
        print("See what was overwritten with `chenu conflicts list`.")
    if report.rejected:
        print(
            f"chenu: error: the server refused {report.rejected} change(s), kept on this device: {report.rejections[0]}",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    return 0


def restored_account(server_url: str, report: SyncReport) -> str:
    """What a sync after a server restore did, in one account: the device and
    the server agree at the end of it (the exit status is 0)."""
    lines = [
        f"Synced with {server_url}, which was restored from a backup since this device last synced.",
        (
            f"This device offered again the {report.resent} changes it holds; the server took back "
            f"{report.taken_back} it had lost and already had the rest."
        ),
    ]
    if report.left_to_others:
        lines.append(
            f"{report.left_to_others} of them are other people's work the backup lacks: the server takes those "
            "from their own devices when they sync."
        )
    agree = "" if report.rejected else " This device and the server now agree."
    lines.append(
        f"Then {report.pushed} new change(s) sent, {report.pulled} received, {report.conflicts} conflicts, "
        f"in {report.seconds:.2f} s.{agree}"
    )
    return "\n".join(lines)
