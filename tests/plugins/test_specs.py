"""Specs check themselves when built, with a message naming the spec and the field."""

from __future__ import annotations

from typing import Any

import pytest

from chenu_desktop import (
    ActionSpec,
    AgentLevel,
    AgentSpec,
    NovaSkillSpec,
    PageSpec,
    PanelSpec,
    SettingSpec,
    SphereSpec,
    XrBuilderSpec,
)

SPHERE = dict(id="garden", name="Garden", name_fr="Jardin", icon="🌱", colour="#65A30D", order=10,
              xr_template="personal_room")
AGENT = dict(id="garden.director", name="Head Gardener", name_fr="Jardinier en chef", level="L1",
             domain="gardening", sphere_id="garden", description="Plans the seasons.",
             capabilities=["plan_season", "suggest_next_tasks"], base_cost=30)


def test_valid_specs_are_built_and_normalised() -> None:
    assert SphereSpec(**SPHERE).plugin == ""
    agent = AgentSpec(**AGENT)
    assert agent.level is AgentLevel.L1
    assert agent.capabilities == ("plan_season", "suggest_next_tasks")
    assert AgentSpec(**{**AGENT, "id": "sage", "level": AgentLevel.L0, "sphere_id": None, "base_cost": 0,
                        "is_system": True, "is_hireable": False}).is_system


@pytest.mark.parametrize(("changes", "message"), [
    ({"id": "G"}, "SphereSpec 'G': id must be a lowercase slug"),
    ({"id": "my-garden"}, "id must be a lowercase slug"),
    ({"id": "g" * 33}, "id must be a lowercase slug"),
    ({"name": "  "}, "SphereSpec 'garden': name must not be blank"),
    ({"name_fr": None}, "name_fr must be a string, got NoneType"),
    ({"colour": "green"}, "colour must be a colour written #RRGGBB, got 'green'"),
    ({"colour": "#65A30"}, "colour must be a colour written #RRGGBB"),
    ({"order": 0}, "order must be a positive integer, got 0"),
    ({"order": True}, "order must be a positive integer"),
    ({"xr_template": "Green House"}, "xr_template must be an XR template id such as 'personal_room', got 'Green House'"),
    ({"icon": "a very long icon"}, "icon must be at most 8 characters"),
])
def test_invalid_sphere(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        SphereSpec(**{**SPHERE, **changes})


@pytest.mark.parametrize(("changes", "message"), [
    ({"id": "Garden.Director"}, "AgentSpec 'Garden.Director': id must be lowercase slugs joined by dots"),
    ({"level": "L9"}, "level must be one of L0, L1, L2, L3, got 'L9'"),
    ({"base_cost": 41}, "base_cost for L1 must be 25–40 tokens, got 41"),
    ({"level": "L2"}, "base_cost for L2 must be 50–70 tokens, got 30"),
    ({"level": "L3", "base_cost": 9}, "base_cost for L3 must be 10–25 tokens, got 9"),
    ({"base_cost": 30.0}, "base_cost for L1 must be 25–40 tokens, got 30.0"),
    ({"level": "L0", "base_cost": 0}, "is_system must be True for level L0"),
    ({"is_system": True}, "is_system must be False for level L1"),
    ({"is_hireable": False}, "is_hireable must be True for level L1"),
    ({"sphere_id": "The Garden"}, "sphere_id must be a sphere id or None"),
    ({"capabilities": "plan_season"}, "capabilities must be a tuple of snake_case names"),
    ({"capabilities": ()}, "capabilities must be a non-empty tuple of snake_case names"),
    ({"capabilities": ("Plan Season",)}, "capabilities must be a non-empty tuple of snake_case names"),
    ({"capabilities": ("plan", "plan")}, "capabilities must not repeat a name"),
    ({"description": ""}, "description must not be blank"),
])
def test_invalid_agent(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        AgentSpec(**{**AGENT, **changes})


@pytest.mark.parametrize(("build", "message"), [
    (lambda: PageSpec(id="garden.calendar", path="garden", title="Calendar", factory=object),
     "PageSpec 'garden.calendar': path must be a router path"),
    (lambda: PageSpec(id="garden.calendar", path="/garden", title="Calendar", factory="widget"),
     "factory must be callable"),
    (lambda: PanelSpec(id="garden panel", title="Beds", factory=object), "id must be lowercase slugs"),
    (lambda: ActionSpec(id="garden.water", title="Water", shortcut="Control+W", handler=print),
     "shortcut must be None or a shortcut such as 'Ctrl\\+Shift\\+G'"),
    (lambda: ActionSpec(id="garden.water", title="", shortcut=None, handler=print), "title must not be blank"),
    (lambda: NovaSkillSpec(id="garden.advice", title="Advice", intents=(), factory=object),
     "intents must be a non-empty tuple"),
    (lambda: XrBuilderSpec(id="garden.room", template="green-house", factory=object),
     "XrBuilderSpec 'garden.room': template must be a template id such as 'greenhouse'"),
    (lambda: SettingSpec(key="garden.frost", label="Frost", type=list, default=[]), "type must be one of bool"),
    (lambda: SettingSpec(key="garden.frost", label="Frost", type=int, default=True),
     "default must be of type int, got True"),
    (lambda: SettingSpec(key="garden.frost", label="Frost", type=float, default=1),
     "default must be of type float, got 1"),
])
def test_invalid_other_specs(build: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()


def test_specs_are_frozen() -> None:
    sphere = SphereSpec(**SPHERE)
    with pytest.raises(AttributeError):
        sphere.id = "moon"  # type: ignore[misc]
