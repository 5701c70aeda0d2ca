"""Which plugin provided each third-party sphere and agent, remembered in the store.

When a plugin is uninstalled (or switched off) its spheres and agents vanish
from the plugin host, but their threads, hires and checkpoints stay in the
store. To say which plugin to reinstall, and to show the spheres and agents by
their names meanwhile, every host that opens a store with plugins loaded
(`PluginSession`) records the owner of each third-party sphere and agent it
sees. Built-ins are not recorded: they are part of CHE·NU and never go.

The record is a device-local `sync_meta` entry, not a synced table: it says
what was installed on this device, which is no fact of the workspace (another
device may never have had the plugin), and it needs no schema change. A device
that never had the plugin still lists the data, as provided by no installed
plugin.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chenu_desktop.store import Store

    from .manager import PluginHost

OWNERS_KEY = "plugin_owners"
"""The `sync_meta` key of the record (JSON: {"spheres": {id: Owned}, "agents": {id: Owned}})."""


@dataclass(frozen=True)
class Owned:
    """A sphere or agent a plugin provided, with what it is shown by."""

    plugin: str
    name: str
    name_fr: str
    icon: str = ""
    sphere_id: str | None = None
    """An agent's sphere (None for one of every sphere, and for a sphere)."""


@dataclass(frozen=True)
class Owners:
    """The remembered owners, by sphere id and by agent id."""

    spheres: Mapping[str, Owned] = field(default_factory=dict)
    agents: Mapping[str, Owned] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.spheres or self.agents)

    def to_json(self) -> str:
        return json.dumps(
            {"spheres": _plain(self.spheres), "agents": _plain(self.agents)}, ensure_ascii=False, sort_keys=True
        )

    @classmethod
    def from_json(cls, text: str | None) -> Owners:
        """The record as written by `to_json`; nothing when missing or not as written here."""
        if not text:
            return cls()
        try:
            data = json.loads(text)
            return cls(_owned(data.get("spheres", {})), _owned(data.get("agents", {})))
        except (ValueError, TypeError, AttributeError):
            return cls()

    def updated(self, newer: Owners) -> Owners:
        """This record with `newer`'s entries added (and replacing any of the same id)."""
        return Owners({**self.spheres, **newer.spheres}, {**self.agents, **newer.agents})

    def without(self, sphere_ids: Collection[str], agent_ids: Collection[str]) -> Owners:
        return Owners(
            {k: v for k, v in self.spheres.items() if k not in sphere_ids},
            {k: v for k, v in self.agents.items() if k not in agent_ids},
        )


def seen_in(host: PluginHost) -> Owners:
    """The third-party spheres and agents `host` provides now, with their owners."""
    third_party = {info.name for info in host.plugins() if not info.builtin}
    if not third_party:
        return Owners()
    spheres = {
        s.id: Owned(s.plugin or "", s.name, s.name_fr, s.icon) for s in host.spheres() if s.plugin in third_party
    }
    agents = {
        a.id: Owned(a.plugin or "", a.name, a.name_fr, sphere_id=a.sphere_id)
        for a in host.agents()
        if a.plugin in third_party
    }
    return Owners(spheres, agents)


def remembered(store: Store) -> Owners:
    return Owners.from_json(store.get_meta(OWNERS_KEY))


def remember(store: Store, host: PluginHost) -> None:
    """Add what `host` provides now to the store's record; written only when it changes."""
    seen = seen_in(host)
    if not seen:
        return
    known = remembered(store)
    record = known.updated(seen)
    if record != known:
        store.set_meta(OWNERS_KEY, record.to_json())


def replace_record(store: Store, owners: Owners) -> None:
    """Write `owners` as the whole record (an empty one as no record: quick reads apply again)."""
    store.set_meta(OWNERS_KEY, owners.to_json() if owners else "")


def unavailable_reason(host: PluginHost, noun: str, item_id: str, plugin: str | None) -> str:
    """Why `host` does not provide sphere or agent (`noun`) `item_id`, which `plugin` provided."""
    if plugin is None:
        return f"no installed plugin provides {noun} {item_id}"
    state = next((info.state for info in host.plugins() if info.name == plugin), None)
    if state is None:
        return f"plugin {plugin} is not installed"
    if state == "off":
        return f"plugin {plugin} is switched off"
    if state == "failed":
        return f"plugin {plugin} failed to load"
    if state == "disabled":
        return f"plugin {plugin} is disabled"
    return f"plugin {plugin} no longer provides {noun} {item_id}"


def remedy(reason: str) -> str:
    """What a person does about `reason` (from `unavailable_reason`), as an imperative."""
    if reason.endswith("is switched off"):
        plugin = reason.split()[-4]  # "… plugin NAME is switched off"
        return f"switch it on (chenu plugins on {plugin})"
    if reason.endswith("is not installed"):
        return "reinstall the plugin"
    if "no installed plugin provides" in reason:
        return "install the plugin that provides it"
    return "repair the plugin (see chenu plugins list)"


def _plain(entries: Mapping[str, Owned]) -> dict[str, dict[str, Any]]:
    return {key: asdict(value) for key, value in entries.items()}


def _owned(entries: Mapping[str, Mapping[str, Any]]) -> dict[str, Owned]:
    return {str(key): Owned(**value) for key, value in entries.items()}
