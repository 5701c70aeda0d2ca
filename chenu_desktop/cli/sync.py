"""`chenu sync`: exchange changes with the server until both agree.

The sync client is imported by the handler: other commands start without it.
"""

from __future__ import annotations

import argparse
import sys

from .common import add_data_dir, add_json, data_dir, opened_store
from .output import print_json

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
        print_json({"pushed": report.pushed, "pulled": report.pulled, "conflicts": report.conflicts, "seconds": report.seconds})
    else:
        print(f"Synced with {account.server_url}: {report.pushed} sent, {report.pulled} received, "
              f"{report.conflicts} conflicts, in {report.seconds:.2f} s.")
        if report.conflicts:
            print("See what was overwritten with `chenu conflicts list`.")
    if report.restored:
        # In step with the server now, but the server went back in time: other
        # devices may still hold work it lost, until they sync too.
        print(
            f"chenu: error: the server was restored from a backup: this device sent its {report.resent} "
            "changes again; other devices restore theirs when they sync",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    if report.rejected:
        print(
            f"chenu: error: the server refused {report.rejected} change(s), kept on this device: {report.rejections[0]}",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    return 0
