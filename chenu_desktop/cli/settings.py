"""`chenu settings …`: the settings plugins register, as the window's Settings page shows them.

Values are kept per data dir, where the Settings page keeps them, so the
page and these commands always agree.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from chenu_desktop.domain.errors import DomainError

from .common import add_data_dir, add_json, data_dir, load_plugins
from .output import print_json, print_table

if TYPE_CHECKING:
    from chenu_desktop.plugin_host.settings import PluginSettings


def register(commands: argparse._SubParsersAction) -> None:
    settings = commands.add_parser("settings", help="the settings plugins add: list, get and set their values")
    actions = settings.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="every setting: key, value, type, default")
    add_json(listing)
    listing.set_defaults(handler=list_settings)
    get = actions.add_parser("get", help="print one setting's value")
    get.add_argument("key", metavar="KEY")
    add_json(get)
    get.set_defaults(handler=get_setting)
    put = actions.add_parser("set", help="set one setting (on/off for a switch, a number, or text)")
    put.add_argument("key", metavar="KEY")
    put.add_argument("value", metavar="VALUE")
    put.set_defaults(handler=set_setting)
    for parser in actions.choices.values():
        add_data_dir(parser)


def list_settings(args: argparse.Namespace) -> int:
    settings = _settings(args)
    values = settings.values()
    if args.json:
        print_json(
            [
                {
                    "key": spec.key,
                    "value": values[spec.key],
                    "type": spec.type.__name__,
                    "default": spec.default,
                    "label": spec.label,
                    "description": spec.description,
                    "plugin": spec.plugin,
                }
                for spec in settings.specs()
            ]
        )
        return 0
    print_table(
        [(spec.key, shown(values[spec.key]), spec.type.__name__, shown(spec.default), spec.label) for spec in settings.specs()],
        ("KEY", "VALUE", "TYPE", "DEFAULT", "LABEL"),
        empty="No settings: no plugin loaded registers one.",
    )
    return 0


def get_setting(args: argparse.Namespace) -> int:
    value = _checked(args.key, lambda: _settings(args).get(args.key))
    if args.json:
        print_json(value)
    else:
        print(shown(value))
    return 0


def set_setting(args: argparse.Namespace) -> int:
    value = _checked(args.key, lambda: _settings(args).set_text(args.key, args.value))
    print(f"{args.key} = {shown(value)}")
    return 0


def shown(value: Any) -> str:
    """A value as a person types it back: on/off for a switch."""
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


def _settings(args: argparse.Namespace) -> PluginSettings:
    from chenu_desktop.plugin_host.settings import PluginSettings

    where = data_dir(args)
    return PluginSettings(load_plugins(where), where)


def _checked(key: str, read: Callable[[], Any]) -> Any:
    """Unknown keys and values of the wrong type as one-line errors; nothing is saved then."""
    from chenu_desktop.plugin_host.setting_values import BadSettingValue
    from chenu_desktop.plugin_host.settings import UnknownSetting

    try:
        return read()
    except UnknownSetting as error:
        raise DomainError(str(error)) from None
    except BadSettingValue as error:
        raise DomainError(f"{key} {error}") from None
