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
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from chenu_desktop.plugin_host.records import (
        AppContext,
        CheckpointRecord,
        DecisionRecord,
        Origin,
        SyncResult,
        ThreadRecord,
    )
    from chenu_desktop.plugin_host.specs import (
        ActionSpec,
        AgentSpec,
        CommandSpec,
        NovaProviderSpec,
        NovaSkillSpec,
        PageSpec,
        PanelSpec,
        SettingSpec,
        SettingValue,
        SphereSpec,
        XrBuilderSpec,
    )

PROJECT = "chenu"
PLUGIN_API = 2
"""The version of this contract; it increases when hooks or arguments are added.

2: data events, `register_commands`, typed lifecycle arguments, settings and
on/off, agent skills, XR templates declared by plugins; a plugin may declare
the version it needs (`REQUIRES_PLUGIN_API`)."""

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def register_spheres() -> list[SphereSpec]:
    """Contribute spheres.

    Called once, when the plugin host loads. Arguments: none.
    Returns: a list of `SphereSpec`; ids must not clash with another plugin's,
    and `xr_template` must be a built-in template or one a loaded plugin's
    `XrBuilderSpec` declares.
    Since PLUGIN_API 1.
    """


@hookspec
def register_agents() -> list[AgentSpec]:
    """Contribute agents to the catalogue.

    Called once, when the plugin host loads. Arguments: none.
    Returns: a list of `AgentSpec`; ids must be unique across plugins, and
    `sphere_id` must name a sphere some loaded plugin registers (or be None).
    An agent's `skill` (a `Skill`: `SkillContext` in, `SkillProposal` out)
    is what it does when run; the built-in agents have `CapabilitySkill`s.
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
    providers: tuple[NovaProviderSpec, ...], settings: Mapping[str, SettingValue]
) -> NovaProviderSpec | None:
    """Choose which Nova provider answers queries.

    Called by Nova when it picks a provider. Arguments: `providers`,
    every registered `NovaProviderSpec`; `settings`, the current value of every
    registered setting by key (a `SettingValue`: bool, int, float or str).
    Returns: one of `providers`, or None to let the next plugin choose. The
    first answer wins; third-party plugins are asked before the built-in default.
    Since PLUGIN_API 1.
    """


@hookspec
def register_xr_builders() -> list[XrBuilderSpec]:
    """Contribute XR room templates and the builders of their rooms.

    Called once, when the plugin host loads. Arguments: none.
    Returns: a list of `XrBuilderSpec`; each declares one template id (one
    builder a template: a built-in template keeps its built-in builder),
    which spheres may then name in `xr_template`. `factory()` returns the
    room's layout, an `XrRoom`. The XR view finds a sphere's builder with
    `plugins.xr_builder_for(sphere_id)`.
    Since PLUGIN_API 1 (templates of a plugin's own since 2).
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
def register_commands() -> list[CommandSpec]:
    """Contribute `chenu NAME …` commands.

    Called once, when the plugin host loads (`chenu` loads plugins to find a
    command it does not know itself, and for `chenu --help`). Arguments: none.
    Returns: a list of `CommandSpec`; names must not clash with a built-in
    command or another plugin's.
    Since PLUGIN_API 2.
    """


@hookspec
def app_did_start(context: AppContext) -> None:
    """The application has started: the store is open and services are ready.

    Called once per run: by every `chenu` command that opens the store, by the
    window once its store is open, and by `chenu-server run` at start-up.
    Arguments: `context`, the application context (`AppContext`: `kind`,
    `data_dir`, `plugins`, `settings`, `services`). Returns: nothing.
    Since PLUGIN_API 1 (typed context since 2).
    """


@hookspec
def app_will_shutdown(context: AppContext) -> None:
    """The application is about to close; flush and release what you hold.

    Called once, after the last event has been delivered, when a command
    ends (Ctrl+C included), the window closes or the server stops.
    Arguments: `context`, the same application context as `app_did_start`.
    Returns: nothing. Keep it quick: shutdown waits for it.
    Since PLUGIN_API 1.
    """


@hookspec
def sync_did_finish(result: SyncResult) -> None:
    """A sync round with the server has finished.

    Called once per `chenu sync` and per sync round of the window, after the
    data events of that round. Arguments: `result`, a `SyncResult` (`pushed`,
    `pulled`, `conflicts`, `rejected`, `seconds`; `ok` False and `error`
    set when the round stopped on an error). Returns: nothing.
    Since PLUGIN_API 1 (typed result since 2).
    """


@hookspec
def thread_did_create(thread: ThreadRecord, origin: Origin) -> None:
    """A thread was created.

    Called after the transaction committed, once per thread, off the write
    path. Arguments: `thread`, a `ThreadRecord` (the thread as committed);
    `origin`, "local" (made on this device) or "sync" (arrived by sync).
    Returns: nothing.
    Since PLUGIN_API 2.
    """


@hookspec
def thread_did_change(thread: ThreadRecord, fields: tuple[str, ...], origin: Origin) -> None:
    """Fields of a thread changed (a deletion is `thread_did_delete` instead).

    Called after the transaction committed, once per thread and transaction.
    Arguments: `thread`, a `ThreadRecord` as committed; `fields`, the names
    of the fields that changed (e.g. ("title", "updated_at")); `origin`,
    "local" or "sync". Returns: nothing.
    Since PLUGIN_API 2.
    """


@hookspec
def thread_did_delete(thread: ThreadRecord, origin: Origin) -> None:
    """A thread was deleted (it can be restored: that is a `thread_did_change`).

    Called after the transaction committed. Arguments: `thread`, a
    `ThreadRecord` as committed (`deleted` is True); `origin`, "local" or
    "sync". Returns: nothing.
    Since PLUGIN_API 2.
    """


@hookspec
def decision_did_make(decision: DecisionRecord, origin: Origin) -> None:
    """A decision was made: one of its options was chosen (`status` "approved").

    Called after the transaction committed. Arguments: `decision`, a
    `DecisionRecord` as committed (`chosen_option_id` names the option);
    `origin`, "local" or "sync". Returns: nothing.
    Since PLUGIN_API 2.
    """


@hookspec
def checkpoint_did_resolve(checkpoint: CheckpointRecord, origin: Origin) -> None:
    """A checkpoint left "pending": approved, rejected or expired.

    Called after the transaction committed. Arguments: `checkpoint`, a
    `CheckpointRecord` as committed (`status` says how it was resolved);
    `origin`, "local" or "sync". Returns: nothing.
    Since PLUGIN_API 2.
    """


@hookspec
def agent_did_propose(checkpoint: CheckpointRecord, origin: Origin) -> None:
    """An agent (or Nova) proposed an action: it waits at a new checkpoint.

    Called after the transaction committed. Arguments: `checkpoint`, the new
    `CheckpointRecord` (`requested_by` is the agent's id, `status` "pending");
    `origin`, "local" or "sync". Returns: nothing.
    Since PLUGIN_API 2.
    """
