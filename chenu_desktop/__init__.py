"""CHE·NU Desktop, and the public surface for plugin authors.

A plugin needs only what is exported here: `hookimpl` to mark its hook
implementations, the spec classes it returns, and `PLUGIN_API`, the version of
the hook contract. Importing this package stays light: no Qt, no SQLAlchemy,
and the exports are imported when first used (`from chenu_desktop import
hookimpl` imports the plugin host then), so that a `chenu` command that loads
no plugin (`chenu threads list`) does not import pluggy and the specs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTED_FROM = {
    "chenu_desktop.domain.agents": ("AgentLevel",),
    "chenu_desktop.plugin_host.hookspecs": ("PLUGIN_API", "hookimpl"),
    "chenu_desktop.plugin_host.records": (
        "AppContext", "CheckpointRecord", "DecisionRecord", "Origin", "SyncResult", "ThreadRecord",
    ),
    "chenu_desktop.plugin_host.skills": ("Skill", "SkillContext", "SkillEvent", "SkillOption", "SkillProposal", "SkillThread"),
    "chenu_desktop.plugin_host.capability_skills": ("CapabilitySkill",),
    "chenu_desktop.plugin_host.specs": (
        "ActionSpec", "AgentSpec", "CommandSpec", "NovaProviderSpec", "NovaSkillSpec", "PageSpec", "PanelSpec",
        "SettingSpec", "SettingValue", "SphereSpec", "XrBuilderSpec",
    ),
    "chenu_desktop.plugin_host.xr_rooms": ("XrRoom", "XrZone"),
}  # fmt: skip
"""Each export's module (the imports below say the same to type checkers; a test checks they agree)."""
_MODULE_OF = {name: module for module, names in _EXPORTED_FROM.items() for name in names}


def __getattr__(name: str) -> Any:
    """An export, imported on first use."""
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from chenu_desktop.domain.agents import AgentLevel
    from chenu_desktop.plugin_host.capability_skills import CapabilitySkill
    from chenu_desktop.plugin_host.hookspecs import PLUGIN_API, hookimpl
    from chenu_desktop.plugin_host.records import (
        AppContext,
        CheckpointRecord,
        DecisionRecord,
        Origin,
        SyncResult,
        ThreadRecord,
    )
    from chenu_desktop.plugin_host.skills import (
        Skill,
        SkillContext,
        SkillEvent,
        SkillOption,
        SkillProposal,
        SkillThread,
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
    from chenu_desktop.plugin_host.xr_rooms import XrRoom, XrZone

__all__ = [
    "PLUGIN_API",
    "ActionSpec",
    "AgentLevel",
    "AgentSpec",
    "AppContext",
    "CapabilitySkill",
    "CheckpointRecord",
    "CommandSpec",
    "DecisionRecord",
    "NovaProviderSpec",
    "NovaSkillSpec",
    "Origin",
    "PageSpec",
    "PanelSpec",
    "SettingSpec",
    "SettingValue",
    "Skill",
    "SkillContext",
    "SkillEvent",
    "SkillOption",
    "SkillProposal",
    "SkillThread",
    "SphereSpec",
    "SyncResult",
    "ThreadRecord",
    "XrBuilderSpec",
    "XrRoom",
    "XrZone",
    "__version__",
    "hookimpl",
]
