"""`chenu-server`: the sync server's admin command.

The server itself (run, migrate, create-user, backup) is built by a later
issue; until then this command only says so, and exits non-zero when asked
to do anything.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from chenu_desktop import __version__


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="chenu-server",
        description="CHE·NU sync server administration (not available in this release yet).",
    )
    parser.add_argument("--version", action="version", version=f"chenu-server {__version__}")
    parser.add_argument("command", nargs="?", help="run, migrate, create-user, backup (coming)")
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    print(f"chenu-server: error: '{args.command}' is not available in this release yet", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
