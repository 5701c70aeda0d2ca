"""The values of the settings plugins register (`SettingSpec`): checked
against each spec's type, read from text typed in the settings page, and
looked up with the spec's default where the person chose nothing valid.

The values live in the window's preferences (`Preferences.plugin_settings`,
by key); the host hands them to plugins (`PluginHost.setting_values`)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from .specs import MAX_DESCRIPTION_LENGTH, SettingSpec

MAX_TEXT_SETTING = MAX_DESCRIPTION_LENGTH


class BadSettingValue(ValueError):
    """A value that does not fit its setting; the message says what would."""


def checked(spec: SettingSpec, value: Any) -> Any:
    """`value` as the setting's type (an int is a fine float), or BadSettingValue."""
    if spec.type is bool:
        if type(value) is not bool:
            raise BadSettingValue("must be on or off")
        return value
    if spec.type is int:
        if type(value) is not int:
            raise BadSettingValue("must be a whole number")
        return value
    if spec.type is float:
        if type(value) not in (int, float) or not math.isfinite(value):
            raise BadSettingValue("must be a number")
        return float(value)
    if not isinstance(value, str):
        raise BadSettingValue("must be text")
    if len(value) > MAX_TEXT_SETTING:
        raise BadSettingValue(f"must be at most {MAX_TEXT_SETTING} characters")
    if "\x00" in value:
        raise BadSettingValue("must not contain NUL characters")
    return value


def from_text(spec: SettingSpec, text: str) -> Any:
    """What a person typed for a number or text setting, as its value."""
    if spec.type is int:
        try:
            return checked(spec, int(text.strip()))
        except ValueError:
            raise BadSettingValue("must be a whole number") from None
    if spec.type is float:
        try:
            return checked(spec, float(text.strip().replace(",", ".")))
        except ValueError:
            raise BadSettingValue("must be a number") from None
    return checked(spec, text)


def values(specs: Iterable[SettingSpec], stored: Mapping[str, Any]) -> dict[str, Any]:
    """Every setting's value by key: the stored one when it is valid, else the default."""
    found: dict[str, Any] = {}
    for spec in specs:
        try:
            found[spec.key] = checked(spec, stored[spec.key]) if spec.key in stored else spec.default
        except BadSettingValue:
            found[spec.key] = spec.default
    return found
