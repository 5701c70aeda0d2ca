"""What plugins contribute: frozen dataclasses with ids and lazy factories.

A spec checks itself when it is built, so a mistake in a plugin fails inside
that plugin's hook, with a message naming the spec and the field, and the host
can disable the plugin instead of letting a bad value reach the app.
Factories and handlers are plain callables the app calls only when the thing
is used, so a plugin's heavy imports (Qt, a model client) wait until then.

Every spec ends with `plugin`: the host fills it with the name of the plugin
that contributed the spec; plugin authors leave it out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn

from chenu_desktop.domain.agents import LEVEL_RULES, AgentLevel

if TYPE_CHECKING:
    from argparse import ArgumentParser, Namespace

    from .records import AppContext
    from .skills import Skill
    from .xr_rooms import XrRoom

SPHERE_ID = re.compile(r"^[a-z][a-z0-9_]{1,31}$")
"""A sphere id: a lowercase slug of 2 to 32 characters."""

XR_TEMPLATE_ID = SPHERE_ID
"""An XR room template id, such as `personal_room` or `greenhouse`."""

DOTTED_ID = re.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*$")
"""Any other id: lowercase slugs joined by dots, e.g. `business.contract_analyst`."""

SNAKE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
PAGE_PATH = re.compile(r"^(?:/[a-z0-9_<>-]+)+$")
COMMAND_NAME = re.compile(r"^[a-z][a-z0-9-]{1,31}$")
"""A `chenu` command name: lowercase letters, digits and dashes, 2 to 32 characters."""
SHORTCUT = re.compile(r"^(?:(?:Ctrl|Shift|Alt|Meta)\+)*[^\s+]+$")
"""Qt's portable text form: modifiers, then one key (`Ctrl+Shift+G`, `F5`)."""

MAX_ID_LENGTH = 64
MAX_TEXT_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 2000
MAX_ICON_LENGTH = 8
SETTING_TYPES: tuple[type, ...] = (bool, int, float, str)
SettingValue = bool | int | float | str
"""A setting's value: of its `SettingSpec.type`."""


def _fail(spec: object, message: str) -> NoReturn:
    label = getattr(spec, "id", None) or getattr(spec, "key", None) or getattr(spec, "name", None)
    raise ValueError(f"{type(spec).__name__} {label!r}: {message}")


def _check_pattern(spec: object, field: str, pattern: re.Pattern[str], what: str) -> None:
    value = getattr(spec, field)
    if not isinstance(value, str) or not pattern.fullmatch(value) or len(value) > MAX_ID_LENGTH:
        _fail(spec, f"{field} must be {what}, got {value!r}")


def _check_id(spec: object, field: str = "id") -> None:
    _check_pattern(spec, field, DOTTED_ID, "lowercase slugs joined by dots (e.g. 'garden.director')")


def _check_text(spec: object, field: str, *, required: bool = True, limit: int = MAX_TEXT_LENGTH) -> None:
    value = getattr(spec, field)
    if not isinstance(value, str):
        _fail(spec, f"{field} must be a string, got {type(value).__name__}")
    if required and not value.strip():
        _fail(spec, f"{field} must not be blank")
    if len(value) > limit:
        _fail(spec, f"{field} must be at most {limit} characters")


def _check_callable(spec: object, field: str) -> None:
    if not callable(getattr(spec, field)):
        _fail(spec, f"{field} must be callable (a lazy factory or handler)")


def _check_names(spec: object, field: str) -> None:
    """Turn a list of snake_case names into a tuple, refusing blanks and repeats."""
    value = getattr(spec, field)
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        _fail(spec, f"{field} must be a tuple of snake_case names, got {value!r}")
    names = tuple(value)
    bad = [name for name in names if not isinstance(name, str) or not SNAKE_NAME.fullmatch(name)]
    if not names or bad:
        _fail(spec, f"{field} must be a non-empty tuple of snake_case names, got {names!r}")
    if len(set(names)) != len(names):
        _fail(spec, f"{field} must not repeat a name, got {names!r}")
    object.__setattr__(spec, field, names)


def _check_fields(
    spec: object, required: tuple[str, ...] = (), optional: tuple[str, ...] = (), callables: tuple[str, ...] = ()
) -> None:
    """Required texts must not be blank, optional ones may be; `plugin` is always optional."""
    for field in required:
        _check_text(spec, field)
    for field in (*optional, "plugin"):
        _check_text(spec, field, required=False, limit=MAX_DESCRIPTION_LENGTH)
    for field in callables:
        _check_callable(spec, field)


@dataclass(frozen=True)
class SphereSpec:
    """A sphere: a domain of life with its own bureau page (since PLUGIN_API 1).

    `xr_template` names its XR room: a built-in template (personal_room,
    business_room, cause_room, lab_room) or one a loaded plugin's
    `XrBuilderSpec` declares; the host refuses a sphere naming another.
    """

    id: str
    name: str
    name_fr: str
    icon: str
    colour: str
    order: int
    xr_template: str
    description: str = ""
    plugin: str = ""

    def __post_init__(self) -> None:
        _check_pattern(self, "id", SPHERE_ID, "a lowercase slug of 2 to 32 characters (e.g. 'garden')")
        _check_fields(self, required=("name", "name_fr"), optional=("description",))
        _check_text(self, "icon", limit=MAX_ICON_LENGTH)
        _check_pattern(self, "colour", COLOUR, "a colour written #RRGGBB")
        if not isinstance(self.order, int) or isinstance(self.order, bool) or self.order < 1:
            _fail(self, f"order must be a positive integer, got {self.order!r}")
        _check_pattern(self, "xr_template", XR_TEMPLATE_ID, "an XR template id such as 'personal_room'")


@dataclass(frozen=True)
class AgentSpec:
    """An agent of the catalogue (since PLUGIN_API 1).

    `level` may be given as an `AgentLevel` or its value ("L1"); `base_cost`
    (tokens per task) must lie in the level's range, and `is_system` /
    `is_hireable` must agree with the level (only L0 is system, not hireable).
    `sphere_id` is None for agents that serve every sphere. `skill` (since
    PLUGIN_API 2) is what the agent does when run: a callable taking a
    `SkillContext` and returning a `SkillProposal`; without one, the agent
    gets `CapabilitySkill(capabilities)`, the built-in agents' skill.
    """

    id: str
    name: str
    name_fr: str
    level: AgentLevel
    domain: str
    sphere_id: str | None
    description: str
    capabilities: tuple[str, ...]
    base_cost: int
    is_system: bool = False
    is_hireable: bool = True
    skill: Skill | None = None
    plugin: str = ""

    def __post_init__(self) -> None:
        _check_id(self)
        _check_fields(self, required=("name", "name_fr", "domain", "description"))
        if self.skill is not None:
            _check_callable(self, "skill")
        try:
            level = AgentLevel(self.level)
        except ValueError:
            _fail(self, f"level must be one of {', '.join(l.value for l in AgentLevel)}, got {self.level!r}")
        object.__setattr__(self, "level", level)
        if self.sphere_id is not None:
            _check_pattern(self, "sphere_id", SPHERE_ID, "a sphere id or None")
        _check_names(self, "capabilities")
        rule = LEVEL_RULES[level]
        cost = self.base_cost
        if not isinstance(cost, int) or isinstance(cost, bool) or not rule.min_cost <= cost <= rule.max_cost:
            _fail(self, f"base_cost for {level.value} must be {rule.min_cost}–{rule.max_cost} tokens, got {cost!r}")
        if self.is_system is not (level is AgentLevel.L0):
            _fail(self, f"is_system must be {level is AgentLevel.L0} for level {level.value}")
        if self.is_hireable is not rule.hireable:
            _fail(self, f"is_hireable must be {rule.hireable} for level {level.value}")


@dataclass(frozen=True)
class PageSpec:
    """A page of the desktop window at a router path (desktop only, since PLUGIN_API 1).

    `factory(context)` returns the page widget (a QWidget); it is called,
    and Qt imported, only when the page is first opened. `context` is the
    window's application context: `context.services` (the same use cases as
    the CLI; call them through `context.run(job, on_success)` so the store is
    used off the GUI thread), `context.navigate(path)`, `context.plugins`.
    """

    id: str
    path: str
    title: str
    factory: Callable[[AppContext], object]
    plugin: str = ""

    def __post_init__(self) -> None:
        _check_id(self)
        _check_fields(self, required=("title",), callables=("factory",))
        _check_pattern(self, "path", PAGE_PATH, "a router path such as '/garden/calendar'")


@dataclass(frozen=True)
class PanelSpec:
    """A dockable side panel (desktop only, since PLUGIN_API 1); `factory(context)` builds its widget."""

    id: str
    title: str
    factory: Callable[[AppContext], object]
    plugin: str = ""

    def __post_init__(self) -> None:
        _check_id(self)
        _check_fields(self, required=("title",), callables=("factory",))


@dataclass(frozen=True)
class ActionSpec:
    """A command for the menus and the Ctrl+K palette (since PLUGIN_API 1).

    `handler(context)` runs the command, given the window's application
    context as pages are; `shortcut` is None or Qt's portable text form,
    e.g. "Ctrl+Shift+G".
    """

    id: str
    title: str
    shortcut: str | None
    handler: Callable[[AppContext], object]
    plugin: str = ""

    def __post_init__(self) -> None:
        _check_id(self)
        _check_fields(self, required=("title",), callables=("handler",))
        if self.shortcut is not None:
            _check_pattern(self, "shortcut", SHORTCUT, "None or a shortcut such as 'Ctrl+Shift+G'")


@dataclass(frozen=True)
class NovaSkillSpec:
    """A skill Nova can use for some intents (since PLUGIN_API 1); `factory()` builds it."""

    id: str
    title: str
    intents: tuple[str, ...]
    factory: Callable[[], object]
    description: str = ""
    plugin: str = ""

    def __post_init__(self) -> None:
        _check_id(self)
        _check_fields(self, required=("title",), optional=("description",), callables=("factory",))
        _check_names(self, "intents")


@dataclass(frozen=True)
class NovaProviderSpec:
    """A provider that answers Nova's queries (since PLUGIN_API 1); `factory()` builds it."""

    id: str
    title: str
    factory: Callable[[], object]
    description: str = ""
    plugin: str = ""

    def __post_init__(self) -> None:
        _check_id(self)
        _check_fields(self, required=("title",), optional=("description",), callables=("factory",))


@dataclass(frozen=True)
class XrBuilderSpec:
    """The builder of one XR room template (since PLUGIN_API 1).

    `template` is the id it declares (since PLUGIN_API 2 any id, such as
    "greenhouse", that a plugin's `SphereSpec.xr_template` may then name; one
    builder a template). `factory()` returns the room's layout, an `XrRoom`;
    it is called, and any heavy import made, only when a room is shown.
    """

    id: str
    template: str
    factory: Callable[[], XrRoom]
    description: str = ""
    plugin: str = ""

    def __post_init__(self) -> None:
        _check_id(self)
        _check_fields(self, optional=("description",), callables=("factory",))
        _check_pattern(self, "template", XR_TEMPLATE_ID, "a template id such as 'greenhouse' (a lowercase slug)")


@dataclass(frozen=True)
class SettingSpec:
    """A user setting shown on the settings page (since PLUGIN_API 1).

    `type` is one of bool, int, float, str, and `default` must be exactly of
    that type (True is not an int, 1 is not a float).
    """

    key: str
    label: str
    type: type
    default: SettingValue
    description: str = ""
    plugin: str = ""

    def __post_init__(self) -> None:
        _check_id(self, "key")
        _check_fields(self, required=("label",), optional=("description",))
        if self.type not in SETTING_TYPES:
            _fail(self, f"type must be one of {', '.join(t.__name__ for t in SETTING_TYPES)}, got {self.type!r}")
        if type(self.default) is not self.type:
            _fail(self, f"default must be of type {self.type.__name__}, got {self.default!r}")


@dataclass(frozen=True)
class CommandSpec:
    """A `chenu NAME …` command (since PLUGIN_API 2).

    `add_arguments(parser)`, when given, adds the command's arguments to its
    `argparse.ArgumentParser` (subcommands too); `--data-dir` and `--json`
    are added for every plugin command. `handler(args, context)` runs it:
    `args` is the parsed `argparse.Namespace` (`args.json` is True for
    `--json`), `context` the command's `AppContext` (its `services` open the
    data dir's store when first read). It returns the exit status (None is 0);
    a `DomainError` or `ValueError` it raises is printed as one line, exit 1.
    """

    name: str
    help: str
    handler: Callable[[Namespace, AppContext], int | None]
    add_arguments: Callable[[ArgumentParser], None] | None = None
    plugin: str = ""

    def __post_init__(self) -> None:
        _check_pattern(self, "name", COMMAND_NAME, "a command name such as 'garden' (lowercase, digits, dashes)")
        _check_fields(self, required=("help",), callables=("handler",))
        if self.add_arguments is not None:
            _check_callable(self, "add_arguments")
