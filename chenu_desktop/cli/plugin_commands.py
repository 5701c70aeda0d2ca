"""`chenu NAME …` commands that plugins add (`register_commands`).

Only looked up when `chenu` is asked for a command it does not have itself,
or for its help: a built-in command never loads the plugins for this. Each
plugin command gets `--data-dir` and `--json` like the built-in ones, and
its handler the command's application context.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chenu_desktop.domain.errors import DomainError

from .common import add_data_dir, add_json, data_dir, load_plugins, open_services

if TYPE_CHECKING:
    from chenu_desktop.plugin_host.specs import CommandSpec
    from chenu_desktop.services import Services


def register_plugin_commands(commands: argparse._SubParsersAction, argv: Sequence[str] | None) -> None:
    """Add every loaded plugin's commands to `commands`; one that clashes with
    a command already there, or whose arguments do not build, is left out
    with a warning naming its plugin."""
    from chenu_desktop.paths import resolve_data_dir
    from chenu_desktop.plugin_host.specs import CommandSpec

    arguments = list(sys.argv[1:] if argv is None else argv)
    host = load_plugins(resolve_data_dir(_data_dir_option(arguments)))
    for spec in host.contributions(CommandSpec):
        if spec.name in commands.choices:
            _warn(spec, "a command with this name already exists")
            continue
        try:
            _build(spec, argparse.ArgumentParser(prog=f"chenu {spec.name}", add_help=False))
        except Exception as error:  # noqa: BLE001 - a plugin's mistake is its own
            _warn(spec, f"its arguments do not build: {type(error).__name__}: {error}")
            continue
        parser = commands.add_parser(spec.name, help=spec.help)
        _build(spec, parser)
        parser.set_defaults(handler=partial(run_plugin_command, spec))


def run_plugin_command(spec: CommandSpec, args: argparse.Namespace) -> int:
    """Run the handler: its exit status (None is 0); what it raises, as one line."""
    try:
        status = spec.handler(args, CommandContext(args))
    except (DomainError, KeyboardInterrupt):
        raise
    except Exception as error:  # noqa: BLE001 - a plugin's failure is reported, not a traceback
        text = " ".join(str(error).split())
        raise DomainError(f"{spec.name} (plugin {spec.plugin}): {type(error).__name__}: {text}" if text else type(error).__name__) from None
    return 0 if status is None else int(status)


def _build(spec: CommandSpec, parser: argparse.ArgumentParser) -> None:
    add_data_dir(parser)
    add_json(parser)
    if spec.add_arguments is not None:
        spec.add_arguments(parser)
        _share_options(parser)


def _share_options(parser: argparse.ArgumentParser) -> None:
    """`--data-dir` and `--json` after a plugin's sub-command too (`chenu garden
    journal --json`), as after the built-in ones; not given there, they keep
    what was given before it."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                known = {option for sub_action in sub._actions for option in sub_action.option_strings}
                if "--data-dir" not in known:
                    add_data_dir(sub)
                if "--json" not in known:
                    sub.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print machine-readable JSON")
                _share_options(sub)


def _warn(spec: CommandSpec, reason: str) -> None:
    print(f"chenu: warning: command {spec.name!r} of plugin {spec.plugin!r} left out: {reason}", file=sys.stderr)


def _data_dir_option(arguments: list[str]) -> str | None:
    """The `--data-dir` given anywhere in the arguments (the last one wins, as argparse does)."""
    found = None
    for index, item in enumerate(arguments):
        if item == "--data-dir" and index + 1 < len(arguments):
            found = arguments[index + 1]
        elif item.startswith("--data-dir="):
            found = item.split("=", 1)[1]
    return found


class CommandContext:
    """A plugin command's application context (`AppContext`): its services
    open the data dir's store when first read (and plugins hear `app_did_start`)."""

    kind = "cli"

    def __init__(self, args: argparse.Namespace) -> None:
        self._args = args
        self.data_dir: Path = data_dir(args)
        self.plugins = load_plugins(self.data_dir)
        self._services: Services | None = None

    @property
    def settings(self) -> Any:
        from chenu_desktop.plugin_host.settings import PluginSettings

        return PluginSettings(self.plugins, self.data_dir)

    @property
    def services(self) -> Services:
        if self._services is None:
            self._services = open_services(self._args)
        return self._services
