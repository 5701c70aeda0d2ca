"""Collecting and validating what plugins contribute.

Each plugin's contributions are checked on their own (right types), then
against each other (unique ids, agents pointing at a known sphere, spheres
naming an XR template that is built in or declared by an XR builder). A plugin
that breaks a rule is rejected as a whole, never partly: its name and the
reason go back to the host, which disables it. The first plugin to claim an
id keeps it, so built-ins, loaded first, always win over a late copy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from chenu_desktop.domain.spheres import XR_TEMPLATES
from chenu_desktop.plugin_host.specs import (
    ActionSpec,
    AgentSpec,
    CommandSpec,
    NovaProviderSpec,
    NovaSkillSpec,
    PageSpec,
    PanelSpec,
    SettingSpec,
    SphereSpec,
    XrBuilderSpec,
)

Contributions = Mapping[str, tuple[object, ...]]
"""One plugin's contributions: hook name -> the specs it returned."""


class PluginError(Exception):
    """A plugin misbehaved; `str(error)` says how, for the host's message."""


@dataclass(frozen=True)
class Kind:
    """One kind of contribution: its hook, spec class, and unique fields."""

    hook: str
    spec: type
    noun: str
    unique: tuple[str, ...] = ("id",)


KINDS: tuple[Kind, ...] = (
    Kind("register_spheres", SphereSpec, "sphere"),
    Kind("register_agents", AgentSpec, "agent"),
    Kind("register_pages", PageSpec, "page", ("id", "path")),
    Kind("register_panels", PanelSpec, "panel"),
    Kind("register_actions", ActionSpec, "action", ("id", "shortcut")),
    Kind("register_nova_skills", NovaSkillSpec, "Nova skill"),
    Kind("register_nova_providers", NovaProviderSpec, "Nova provider"),
    Kind("register_xr_builders", XrBuilderSpec, "XR builder", ("id", "template")),
    Kind("register_settings", SettingSpec, "setting", ("key",)),
    Kind("register_commands", CommandSpec, "command", ("name",)),
)
KIND_BY_SPEC: dict[type, Kind] = {kind.spec: kind for kind in KINDS}


def check_contribution(kind: Kind, result: object, plugin: str) -> tuple[object, ...]:
    """Check what one plugin's hook returned and stamp the plugin's name on it.

    None counts as nothing (pluggy's convention for "no answer").
    """
    if result is None:
        return ()
    expected = kind.spec.__name__
    if not isinstance(result, (list, tuple)):
        raise PluginError(f"{kind.hook} must return a list of {expected}, got {type(result).__name__}")
    for index, item in enumerate(result):
        if not isinstance(item, kind.spec):
            raise PluginError(f"{kind.hook} must return a list of {expected}, item {index} is a {type(item).__name__}")
    return tuple(replace(item, plugin=plugin) for item in result)


@dataclass(frozen=True)
class Resolution:
    """The merged contributions of the accepted plugins, and who was rejected why."""

    by_hook: dict[str, tuple[object, ...]]
    rejected: dict[str, str]


def resolve(offered: Mapping[str, Contributions]) -> Resolution:
    """Merge the plugins' contributions (in load order), rejecting rule breakers.

    Rejecting a plugin can strand another (an agent of a sphere that was just
    dropped), so merging repeats until no plugin is rejected.
    """
    accepted = dict(offered)
    rejected: dict[str, str] = {}
    while True:
        by_hook, newly = _merge(accepted)
        if not newly:
            return Resolution(by_hook, rejected)
        for name, reason in newly.items():
            del accepted[name]
            rejected[name] = reason


def _merge(offered: Mapping[str, Contributions]) -> tuple[dict[str, tuple[object, ...]], dict[str, str]]:
    owners: dict[tuple[str, str, str], str] = {}
    rejected: dict[str, str] = {}
    for plugin, contributions in offered.items():
        claims, reason = _claims(plugin, contributions, owners)
        if reason:
            rejected[plugin] = reason
        else:
            owners.update(claims)
    by_hook: dict[str, tuple[object, ...]] = {
        kind.hook: tuple(
            spec
            for plugin, contributions in offered.items()
            if plugin not in rejected
            for spec in contributions.get(kind.hook, ())
        )
        for kind in KINDS
    }
    sphere_ids = {sphere.id for sphere in by_hook["register_spheres"]}
    for agent in by_hook["register_agents"]:
        if agent.sphere_id is not None and agent.sphere_id not in sphere_ids:
            rejected.setdefault(agent.plugin, f"agent {agent.id!r} refers to unknown sphere {agent.sphere_id!r}")
    templates = known_xr_templates(by_hook["register_xr_builders"])
    for sphere in by_hook["register_spheres"]:
        if sphere.xr_template not in templates:
            rejected.setdefault(
                sphere.plugin,
                f"sphere {sphere.id!r} uses unknown XR template {sphere.xr_template!r} "
                f"(known: {', '.join(sorted(templates))}; a plugin declares one with register_xr_builders)",
            )
    return by_hook, rejected


def known_xr_templates(builders: tuple[XrBuilderSpec, ...]) -> set[str]:
    """The built-in templates and those the accepted XR builders declare."""
    return {*XR_TEMPLATES, *(builder.template for builder in builders)}


def _claims(
    plugin: str, contributions: Contributions, owners: Mapping[tuple[str, str, str], str]
) -> tuple[dict[tuple[str, str, str], str], str | None]:
    """The unique values this plugin claims, or the first one it may not claim."""
    claims: dict[tuple[str, str, str], str] = {}
    for kind in KINDS:
        for spec in contributions.get(kind.hook, ()):
            for field in kind.unique:
                value = getattr(spec, field)
                if value is None:
                    continue
                claim = (kind.hook, field, str(value).casefold())
                if claim in claims:
                    return claims, f"{kind.hook} returned {kind.noun} {field} {value!r} twice"
                if claim in owners:
                    return claims, f"{kind.noun} {field} {value!r} is already registered by plugin {owners[claim]!r}"
                claims[claim] = plugin
    return claims, None
