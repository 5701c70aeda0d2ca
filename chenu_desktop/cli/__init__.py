"""`chenu`: headless commands over the same services as the window.

Errors print one line on stderr and exit non-zero; `--json` output is for machines.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from chenu_desktop import __version__
from chenu_desktop.domain.errors import DomainError
from chenu_desktop.store.errors import MigrationError, StoreTooNewError

from . import account, agents, audit, checkpoints, conflicts, decisions, memory, plugins, spheres, stats, sync, threads, tokens, workspaces
from .common import add_data_dir, data_dir
from .welcome import open_window

COMMAND_GROUPS = (
    spheres,
    threads,
    decisions,
    agents,
    checkpoints,
    tokens,
    memory,
    conflicts,
    audit,
    stats,
    plugins,
    account,
    sync,
    workspaces,
)
EXIT_ERROR = 1


class OneLineErrorParser(argparse.ArgumentParser):
    """Usage mistakes get the same one-line reason on stderr as every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"chenu: error: {message} (see: {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineErrorParser(
        prog="chenu",
        description="CHE·NU: governed work with AI, local-first. Governance before execution.",
    )
    parser.add_argument("--version", action="version", version=f"chenu {__version__}")
    add_data_dir(parser, default=None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            return open_window(parser, data_dir(args))
        gc.enable()  # paused during start-up by `python -m chenu_desktop` (see there)
        return int(args.handler(args))
    except (DomainError, MigrationError, StoreTooNewError) as error:
        return _fail(str(error))
    except BrokenPipeError:
        # The reader went away (`chenu … | head`): stop quietly, as Unix tools do.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - for the interpreter's final flush
        return EXIT_ERROR
    except OSError as error:
        return _fail(f"{error.strerror or error}: {error.filename}" if error.filename else str(error))
    except KeyboardInterrupt:
        return _fail("interrupted; nothing was half-written")


def _fail(reason: str) -> int:
    print(f"chenu: error: {reason}", file=sys.stderr)
    return EXIT_ERROR


