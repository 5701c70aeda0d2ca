"""A plugin for the palette tests: one action that counts its runs."""

from __future__ import annotations

from typing import Any

from chenu_desktop.plugin_host.hookspecs import hookimpl
from chenu_desktop.plugin_host.specs import ActionSpec

RUNS: list[Any] = []
"""The context each run of the action was given."""


@hookimpl
def register_actions() -> list[ActionSpec]:
    return [ActionSpec(id="garden.water", title="Water the plants", shortcut=None, handler=RUNS.append)]
