"""The hooks a CHE·NU plugin may implement: the plugin API contract.

Names read as sentences: `register_*` contributes data (specs with ids and
lazy factories), `<subject>_did_<verb>` / `<subject>_will_<verb>` notify, and
`choose_*` picks one answer (the first plugin to answer wins; the built-in
default answers last). Signatures only grow: a later PLUGIN_API may add
arguments, never remove or rename one, and an implementation may accept any
subset of a hook's arguments, so plugins written today keep working.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from chenu_desktop.plugin_host.specs import (
        ActionSpec,
        AgentSpec,
        NovaProviderSpec,
        NovaSkillSpec,
        PageSpec,
        PanelSpec,
        SettingSpec,
        SphereSpec,
        XrBuilderSpec,
    )

PROJECT = "chenu"
PLUGIN_API = 1
"""The version of this contract; it increases when hooks or arguments are added."""

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def register_spheres() -> list[SphereSpec]:
    """Contribute spheres.

    Called once, when the plugin host loads. Arguments: none.
    Returns: a list of `SphereSpec`; ids must not clash with another plugin's.
    Since PLUGIN_API 1.
    """


@hookspec
def register_agents() -> list[AgentSpec]:
    """Contribute agents to the catalogue.

    Called once, when the plugin host loads. Arguments: none.
    Returns: a list of `AgentSpec`; ids must be unique across plugins, and
    `sphere_id` must name a sphere some loaded plugin registers (or be None).
    Since PLUGIN_API 1.
    """


@hookspec
def register_pages() -> list[PageSpec]:
    """Contribute pages to the desktop window (desktop only; the CLI ignores them).

    Called once, when the plugin host loads. Arguments: none.
    Returns: a list of `PageSpec`; ids and paths must be unique. Import Qt
    inside the factory, never at module level.
    Since PLUGIN_API 1.
    """


@hookspec
def register_panels() -> list[PanelSpec]:
    """Contribute dockable panels to the desktop window (desktop only).

    Called once, when the plugin host loads. Arguments: none.
    Returns: a list of `PanelSpec`; import Qt inside the factory.
    Since PLUGIN_API 1.
    """


@hookspec
def register_actions() -> list[ActionSpec]:
    """Contribute commands to the menus and the Ctrl+K palette.

    Called once, when the plugin host loads. Arguments: none.
    Returns: a list of `ActionSpec`; ids and shortcuts must be unique.
    Since PLUGIN_API 1.
    """


@hookspec
def register_nova_skills() -> list[NovaSkillSpec]:
    """Contribute skills Nova can use to handle intents.

    Called once, when the plugin host loads. Arguments: none.
    Returns: a list of `NovaSkillSpec`.
    Since PLUGIN_API 1.
    """


@hookspec
def register_nova_providers() -> list[NovaProviderSpec]:
    """Contribute providers that can answer Nova's queries.

    Called once, when the plugin host loads. Arguments: none.
    Returns: a list of `NovaProviderSpec`.
    Since PLUGIN_API 1.
    """


@hookspec(firstresult=True)
def choose_nova_provider(
    providers: tuple[NovaProviderSpec, ...], settings: Mapping[str, Any]
) -> NovaProviderSpec | None:
    """Choose which Nova provider answers queries.

    Called by Nova when it picks a provider. Arguments: `providers`,
    every registered `NovaProviderSpec`; `settings`, the current settings by key.
    Returns: one of `providers`, or None to let the next plugin choose. The
    first answer wins; third-party plugins are asked before the built-in default.
    Since PLUGIN_API 1.
    """


@hookspec
def register_xr_builders() -> list[XrBuilderSpec]:
    """Contribute scene builders for XR room templates.

    Called once, when the plugin host loads. Arguments: none.
    Returns: a list of `XrBuilderSpec`.
    Since PLUGIN_API 1.
    """


@hookspec
def register_settings() -> list[SettingSpec]:
    """Contribute user settings shown on the settings page.

    Called once, when the plugin host loads. Arguments: none.
    Returns: a list of `SettingSpec`; keys must be unique (prefix them with
    your plugin's name, e.g. "garden.frost_alerts").
    Since PLUGIN_API 1.
    """


@hookspec
def app_did_start(context: Any) -> None:
    """The application has started: the store is open and services are ready.

    Arguments: `context`, the application context built by the composition
    root (data directory, services, this plugin host); the window may or may
    not exist (the CLI has none). Returns: nothing.
    Since PLUGIN_API 1.
    """


@hookspec
def app_will_shutdown(context: Any) -> None:
    """The application is about to close; flush and release what you hold.

    Arguments: `context`, the same application context as `app_did_start`.
    Returns: nothing. Keep it quick: shutdown waits for it.
    Since PLUGIN_API 1.
    """


@hookspec
def sync_did_finish(result: Any) -> None:
    """A sync round with the server has finished.

    Arguments: `result`, the sync engine's summary of the round (changes
    pushed and pulled, conflicts kept, or the error that stopped it).
    Returns: nothing.
    Since PLUGIN_API 1.
    """
