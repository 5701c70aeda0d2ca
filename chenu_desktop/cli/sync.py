"""`chenu sync`: exchange changes with the server until both agree.

The sync client is imported by the handler: other commands start without it.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from .common import add_data_dir, add_json, command_session, data_dir, opened_store
from .output import print_json
from .plurals import cli_language, counted, say

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
        session = command_session(args)
        try:
            account, remote = open_remote(data_dir(args), store)
            try:
                report = SyncEngine(store, remote, personal_workspace_id=account.personal_workspace_id).run()
            finally:
                remote.close()
        except BaseException as error:
            if session is not None:
                session.sync_finished(error=error)  # plugins hear of the round that stopped, then the error is shown
            raise
        if session is not None:
            session.sync_finished(report)
    language = cli_language(data_dir(args))
    if args.json:
        summary = {"pushed": report.pushed, "pulled": report.pulled, "conflicts": report.conflicts, "seconds": report.seconds}
        if report.restored:
            summary.update(server_restored=True, resent=report.resent, taken_back=report.taken_back, left_to_others=report.left_to_others)
        print_json(summary)
    elif report.restored:
        print(restored_account(account.server_url, report))
    else:
        counts = ", ".join(say(key, language, n) for key, n in (("sent", report.pushed), ("received", report.pulled), ("conflicts", report.conflicts)))
        print(say("synced", language, server=account.server_url, counts=counts, seconds=f"{report.seconds:.2f}"))
    if report.conflicts and not args.json:
        print("See what was overwritten with `chenu conflicts list`.")
    if report.rejected:
        refused = say("refused_changes", language, report.rejected, reason=report.rejections[0])
        print(f"chenu: error: {refused}", file=sys.stderr)
        return EXIT_REFUSED
    return 0


def restored_account(server_url: str, report: SyncReport) -> str:
    """What a sync after a server restore did, in one account: the device and
    the server agree at the end of it (the exit status is 0)."""
    lines = [
        f"Synced with {server_url}, which was restored from a backup since this device last synced.",
        (
            f"This device offered again the {counted(report.resent, 'change')} it holds; the server took back "
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
        f"Then {counted(report.pushed, 'new change')} sent, {report.pulled} received, "
        f"{counted(report.conflicts, 'conflict')}, in {report.seconds:.2f} s.{agree}"
    )
    return "\n".join(lines)
