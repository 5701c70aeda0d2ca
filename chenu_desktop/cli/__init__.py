"""`chenu`: headless commands over the same services as the window.

Errors print one line on stderr and exit non-zero; `--json` output is for machines.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import NoReturn

from chenu_desktop import __version__
from chenu_desktop.domain.errors import DomainError
from chenu_desktop.store.errors import MigrationError, StoreTooNewError

from .common import add_data_dir, close_sessions, data_dir, print_warnings

COMMAND_GROUPS = (
    "spheres",
    "threads",
    "decisions",
    "actions",
    "agents",
    "checkpoints",
    "tokens",
    "memory",
    "conflicts",
    "audit",
    "stats",
    "plugins",
    "settings",
    "account",
    "sync",
    "workspaces",
    "doctor",
    "backup",
)
"""The modules of this package that register commands, in `--help` order.

Only the module of the command being run is imported (each imports what its
handlers use when they run): `chenu spheres list` never loads SQLAlchemy,
and no command loads the others' services."""
COMMANDS_NAMED_APART = {"login": "account", "logout": "account", "whoami": "account", "restore": "backup"}
"""Commands whose name is not their module's."""
EXIT_ERROR = 1


class OneLineErrorParser(argparse.ArgumentParser):
    """Usage mistakes get the same one-line reason on stderr as every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"chenu: error: {message} (see: {self.prog} --help)\n")


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole command tree, or, when `argv` names a command, the tree with
    that command alone (what parsing `argv` needs: the same answer, fewer imports)."""
    parser = OneLineErrorParser(
        prog="chenu",
        description="CHE·NU: governed work with AI, local-first. Governance before execution.",
    )
    parser.add_argument("--version", action="version", version=f"chenu {__version__}")
    add_data_dir(parser, default=None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    groups = command_groups(argv)
    for group in groups:
        group.register(commands)
    if len(groups) == len(COMMAND_GROUPS):  # help, or a command not built in: plugins may add it
        from .plugin_commands import register_plugin_commands

        register_plugin_commands(commands, argv)
    return parser


def command_groups(argv: Sequence[str] | None) -> list[ModuleType]:
    arguments = sys.argv[1:] if argv is None else argv
    if _opens_the_window(arguments):
        return []  # no command to parse: the window's start imports none of them
    named = _command_named(arguments)
    module = COMMANDS_NAMED_APART.get(named or "", named)
    wanted = [module] if module in COMMAND_GROUPS else COMMAND_GROUPS
    return [importlib.import_module(f"{__name__}.{name}") for name in wanted]


def _opens_the_window(argv: Sequence[str]) -> bool:
    """Nothing but the top-level `--data-dir DIR`: bare `chenu` opens the window."""
    items = list(argv)
    while items:
        if items[0] == "--data-dir" and len(items) >= 2:
            items = items[2:]
        elif items[0].startswith("--data-dir="):
            items = items[1:]
        else:
            return False
    return True


def _command_named(argv: Sequence[str]) -> str | None:
    """The command `argv` runs, read past the top-level `--data-dir DIR`; None
    when anything else comes first (help, version, a mistake): argparse then
    gets every command, to list them or say what is wrong."""
    items = iter(argv)
    for item in items:
        if item == "--data-dir":
            next(items, None)
        elif not item.startswith("--data-dir="):
            return None if item.startswith("-") else item
    return None


def main(argv: Sequence[str] | None = None) -> int:
    # The collector is paused for start-up, as `python -m chenu_desktop` does
    # (see there): a command's imports are most of its run, and collections
    # during them walk what they make for nothing. It is back on once the
    # command has opened its store (`common.resume_collector`) or the window
    # is up, and as it was when `main` returns (a caller in process).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run(argv)
    finally:
        if collecting:
            gc.enable()


def _run(argv: Sequence[str] | None) -> int:
    try:
        return _run_command(argv)
    finally:
        close_sessions()  # plugins hear `app_will_shutdown` on every way out, Ctrl+C included


def _run_command(argv: Sequence[str] | None) -> int:
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from .welcome import open_window

            return open_window(lambda: build_parser(["--help"]), data_dir(args))
        code = int(args.handler(args))
        if code == 0:
            print_warnings()
        return code
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
    except Exception as error:
        problem = _store_problem(error)
        if problem is None:
            raise
        return _fail(problem)


def _store_problem(error: Exception) -> str | None:
    """A `StoreProblem`'s one line; None for any other error. Its module
    imports SQLAlchemy, so it is looked up, not imported: a command that never
    imported it cannot have raised one."""
    problems = sys.modules.get("chenu_desktop.store.problems")
    if problems is not None and isinstance(error, problems.StoreProblem):
        return f"{error.title} {error.advice}"
    return None


def _fail(reason: str) -> int:
    print(f"chenu: error: {reason}", file=sys.stderr)
    return EXIT_ERROR


