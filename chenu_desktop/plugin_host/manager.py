"""The plugin host: loads plugins, keeps each one's failures to itself, serves contributions.

Built-ins are imported by module name and third-party plugins come from the
`chenu.plugins` entry-point group; both are registered with pluggy and asked
the same hooks. Every plugin is called on its own, so one that raises or
returns nonsense is named in `problems`, unregistered and its contributions
dropped, while the app and the other plugins carry on.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import pluggy

from chenu_desktop.plugin_host import hookspecs, setting_values
from chenu_desktop.plugin_host.registry import (
    KIND_BY_SPEC,
    KINDS,
    Contributions,
    Kind,
    PluginError,
    check_contribution,
    resolve,
)
from chenu_desktop.plugin_host.specs import AgentSpec, SettingSpec, SphereSpec, XrBuilderSpec

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

    from pluggy import HookCaller, HookImpl

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "chenu.plugins"
DEFAULT_BUILTINS: tuple[str, ...] = ("chenu_spheres",)
SWITCHED_OFF = (
    "switched off (in Settings or with `chenu plugins off`): it loads again at the next start after it is switched on"
)
REQUIRED_API_ATTRIBUTE = "REQUIRES_PLUGIN_API"
"""A plugin module's declaration of the plugin API it needs, e.g. `REQUIRES_PLUGIN_API = 2`."""

PluginState = Literal["active", "failed", "disabled", "off"]
"""active: loaded and used; failed: could not load; disabled: misbehaved and
was dropped; off: switched off by the person, not imported."""
Spec = TypeVar("Spec")


@dataclass(frozen=True)
class PluginInfo:
    """What the host knows of one plugin, for `chenu plugins` and the settings page."""

    name: str
    version: str
    hooks: tuple[str, ...]
    state: PluginState
    error: str | None
    builtin: bool


class PluginHost:
    """The loaded plugins and their cached contributions; build one with `PluginHost.load()`."""

    def __init__(self) -> None:
        self.pm = pluggy.PluginManager(hookspecs.PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self._infos: list[PluginInfo] = []
        self._problems: list[str] = []
        self._offered: dict[str, Contributions] = {}
        self._by_hook: dict[str, tuple[Any, ...]] = {}
        self._spheres: tuple[SphereSpec, ...] = ()
        self._sphere_index: dict[str, SphereSpec] = {}
        self._agent_index: dict[str, AgentSpec] = {}
        self._xr_builder_index: dict[str, XrBuilderSpec] = {}
        self._stored_settings: Mapping[str, Any] = {}
        self._settling = threading.RLock()

    @classmethod
    def load(
        cls, builtins: Sequence[str] = DEFAULT_BUILTINS, use_entry_points: bool = True, disabled: Collection[str] = ()
    ) -> PluginHost:
        """Load the built-ins (module names), then the entry-point plugins, and collect contributions.

        A third-party plugin named in `disabled` (switched off) is not
        imported at all: it is listed as "off", with why. Built-ins are part of
        CHE·NU and always load."""
        host = cls()
        for module_name in builtins:
            host._add(module_name, partial(importlib.import_module, module_name), builtin=True)
        if use_entry_points:
            for entry_point in _entry_points():
                dist = getattr(entry_point, "dist", None)
                version = dist and dist.version
                if entry_point.name in disabled:
                    host._infos.append(PluginInfo(entry_point.name, version or "unknown", (), "off", SWITCHED_OFF, False))
                    continue
                host._add(entry_point.name, entry_point.load, builtin=False, dist_version=version)
        host._collect()
        return host

    # -- contributions -------------------------------------------------

    def spheres(self) -> tuple[SphereSpec, ...]:
        """Every sphere, sorted by order then id."""
        return self._spheres

    def sphere(self, sphere_id: str) -> SphereSpec | None:
        return self._sphere_index.get(sphere_id)

    def agents(self, sphere_id: str | None = None) -> tuple[AgentSpec, ...]:
        """Every agent in load order, or only those of `sphere_id` when given."""
        agents: tuple[AgentSpec, ...] = self._by_hook["register_agents"]
        if sphere_id is None:
            return agents
        return tuple(agent for agent in agents if agent.sphere_id == sphere_id)

    def agent(self, agent_id: str) -> AgentSpec | None:
        return self._agent_index.get(agent_id)

    def xr_builder_for(self, sphere_id: str) -> XrBuilderSpec | None:
        """The builder of the sphere's XR room: the one declaring the sphere's
        `xr_template`. None when no loaded plugin registers the sphere (or, with
        the built-ins not loaded, builds its built-in template)."""
        sphere = self._sphere_index.get(sphere_id)
        return None if sphere is None else self._xr_builder_index.get(sphere.xr_template)

    def contributions(self, spec_type: type[Spec]) -> tuple[Spec, ...]:
        """Every contribution of one spec class (PageSpec, ActionSpec, …) in load order."""
        if spec_type not in KIND_BY_SPEC:
            raise ValueError(f"{spec_type!r} is not a contribution spec class")
        return self._by_hook[KIND_BY_SPEC[spec_type].hook]

    # -- settings --------------------------------------------------------

    def use_setting_values(self, stored: Mapping[str, Any]) -> None:
        """The person's values of the registered settings, by key (from the preferences)."""
        self._stored_settings = dict(stored)

    def setting_values(self) -> dict[str, Any]:
        """Every registered setting's current value by key: the person's choice
        when it is valid for its spec, else the spec's default."""
        return setting_values.values(self.contributions(SettingSpec), self._stored_settings)

    # -- plugins and their health ----------------------------------------

    def plugins(self) -> list[PluginInfo]:
        """Every plugin the host tried, in load order, with its state."""
        return list(self._infos)

    @property
    def problems(self) -> list[str]:
        """One message per plugin that failed to load or was disabled, naming it."""
        return list(self._problems)

    # -- calling hooks -------------------------------------------------

    def notify(self, hook_name: str, **kwargs: Any) -> None:
        """Call a notification hook (`*_did_*`, `*_will_*`) on every plugin, each in isolation."""
        if "_did_" not in hook_name and "_will_" not in hook_name:
            raise ValueError(f"{hook_name!r} is not a notification hook")
        faults = []
        for impl in _call_order(self._checked_hook(hook_name, kwargs)):
            try:
                _invoke(impl, hook_name, kwargs)
            except PluginError as fault:
                faults.append((impl.plugin_name, str(fault)))
        if faults:
            self._disable_and_settle(faults)

    def choose(self, hook_name: str, **kwargs: Any) -> Any:
        """Call a firstresult hook (`choose_*`): the first plugin's non-None answer, or None.

        Third-party plugins are asked before built-ins; one that raises is
        disabled and the next is asked.
        """
        hook = self._checked_hook(hook_name, kwargs)
        if not hook.spec.opts.get("firstresult"):
            raise ValueError(f"{hook_name!r} is not a choose hook")
        for impl in _call_order(hook):
            try:
                answer = _invoke(impl, hook_name, kwargs)
            except PluginError as fault:
                self._disable_and_settle([(impl.plugin_name, str(fault))])
                continue
            if answer is not None:
                return answer
        return None

    # -- loading ---------------------------------------------------------

    def _add(self, name: str, load: Callable[[], object], *, builtin: bool, dist_version: str | None = None) -> None:
        """Import and register one plugin; a failure marks it failed and moves on."""
        plugin = None
        try:
            if self.pm.has_plugin(name):
                raise ValueError("another plugin is already loaded under this name")
            plugin = load()
            _check_required_api(plugin)
            self.pm.register(plugin, name=name)
            unknown = self._unknown_hooks(plugin)
            if unknown:
                self.pm.unregister(name=name)
                raise ValueError(f"unknown hook(s) {', '.join(unknown)} (not in PLUGIN_API {hookspecs.PLUGIN_API})")
        except Exception as exc:
            message = f"plugin {name!r} failed to load: {_describe(exc)}"
            self._report(message)
            version = _version(plugin, dist_version, builtin)
            self._infos.append(PluginInfo(name, version, (), "failed", message, builtin))
            return
        hooks = tuple(sorted(caller.name for caller in self.pm.get_hookcallers(plugin) or ()))
        version = _version(plugin, dist_version, builtin)
        self._infos.append(PluginInfo(name, version, hooks, "active", None, builtin))

    def _unknown_hooks(self, plugin: object) -> list[str]:
        """Hooks the plugin implements that no hookspec declares (a typo, or a newer API)."""
        return sorted(
            caller.name
            for caller in self.pm.get_hookcallers(plugin) or ()
            if not caller.has_spec()
            and any(impl.plugin is plugin and not impl.optionalhook for impl in caller.get_hookimpls())
        )

    def _collect(self) -> None:
        """Ask every active plugin for its contributions, then merge them."""
        faults = []
        for info in self._infos:
            if info.state != "active":
                continue
            try:
                self._offered[info.name] = {kind.hook: self._contribution(kind, info.name) for kind in KINDS}
            except PluginError as fault:
                faults.append((info.name, str(fault)))
        self._disable_and_settle(faults)

    def _contribution(self, kind: Kind, plugin_name: str) -> tuple[object, ...]:
        for impl in self._checked_hook(kind.hook, {}).get_hookimpls():
            if impl.plugin_name == plugin_name:
                return check_contribution(kind, _invoke(impl, kind.hook, {}), plugin_name)
        return ()

    # -- disabling -------------------------------------------------------

    def _disable_and_settle(self, faults: Iterable[tuple[str, str]]) -> None:
        """Disable the faulty plugins, then re-merge, which may strand (and disable) others.

        Under a lock: event hooks fail on the event thread while the app's
        own thread may be calling other hooks."""
        with self._settling:
            for name, reason in faults:
                self._disable(name, reason)
            resolution = resolve(self._offered)
            for name, reason in resolution.rejected.items():
                self._disable(name, reason)
            self._by_hook = resolution.by_hook
            self._spheres = tuple(sorted(self._by_hook["register_spheres"], key=lambda s: (s.order, s.id)))
            self._sphere_index = {sphere.id: sphere for sphere in self._spheres}
            self._agent_index = {agent.id: agent for agent in self._by_hook["register_agents"]}
            self._xr_builder_index = {builder.template: builder for builder in self._by_hook["register_xr_builders"]}

    def _disable(self, name: str, reason: str) -> None:
        if not self.pm.has_plugin(name):
            return  # already disabled by an earlier fault in the same call
        message = f"plugin {name!r} disabled: {reason}"
        self._report(message)
        self.pm.unregister(name=name)
        self._offered.pop(name, None)
        self._infos = [
            replace(info, state="disabled", error=message) if info.name == name and info.state == "active" else info
            for info in self._infos
        ]

    def _report(self, message: str) -> None:
        log.warning(message)
        self._problems.append(message)

    def _checked_hook(self, hook_name: str, kwargs: Mapping[str, Any]) -> HookCaller:
        """The hook caller, after checking the host passes exactly the spec's arguments."""
        hook = getattr(self.pm.hook, hook_name, None)
        if hook is None or not hook.has_spec():
            raise ValueError(f"{hook_name!r} is not a chenu hook")
        if set(kwargs) != set(hook.spec.argnames):
            raise TypeError(f"{hook_name} takes {', '.join(hook.spec.argnames) or 'no arguments'}")
        return hook


def _check_required_api(plugin: object) -> None:
    """Refuse a plugin written for a newer plugin API than this CHE·NU's, naming both."""
    required = getattr(plugin, REQUIRED_API_ATTRIBUTE, None)
    if required is None:
        return
    if not isinstance(required, int) or isinstance(required, bool) or required < 1:
        raise ValueError(f"{REQUIRED_API_ATTRIBUTE} must be a positive whole number, got {required!r}")
    if required > hookspecs.PLUGIN_API:
        raise ValueError(
            f"it needs plugin API {required}, this CHE·NU has plugin API {hookspecs.PLUGIN_API} "
            "(upgrade CHE·NU, or use a version of the plugin made for this one)"
        )


def _call_order(hook: HookCaller) -> list[HookImpl]:
    """pluggy's order: last registered first, so third-party plugins before built-ins."""
    return list(reversed(hook.get_hookimpls()))


def _invoke(impl: HookImpl, hook_name: str, kwargs: Mapping[str, Any]) -> Any:
    """Call one plugin's implementation with the arguments it asks for."""
    try:
        return impl.function(*(kwargs[arg] for arg in impl.argnames))
    except Exception as exc:
        raise PluginError(f"{hook_name} raised {_describe(exc)}") from exc


def _describe(exc: BaseException) -> str:
    """`ValueError: the message`, on one line."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _version(plugin: object, dist_version: str | None, builtin: bool) -> str:
    """The distribution's version, else the module's `__version__`, else chenu's for a built-in."""
    from chenu_desktop import __version__ as chenu_version

    return dist_version or getattr(plugin, "__version__", None) or (chenu_version if builtin else "unknown")


def installed_plugin_names() -> set[str]:
    """The names of the installed third-party plugins (their entry points), none imported."""
    return {entry_point.name for entry_point in _entry_points()}


def _entry_points() -> list[EntryPoint]:
    """The third-party plugins, in a stable order: by name (then module, should two share a name)."""
    from importlib.metadata import entry_points

    return sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda entry_point: (entry_point.name, entry_point.value))
