"""The built-in spheres plugin: the nine spheres of DOMAIN.md and the agent catalogue."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from chenu_desktop import AgentLevel
from chenu_desktop.domain.agents import LEVEL_RULES, NOVA_AGENT_ID, SYSTEM_AGENT_COUNT
from chenu_desktop.plugin_host import PluginHost

# The sphere table of DOMAIN.md, copied by hand so the test checks the code against the canon.
DOMAIN_SPHERES = [
    ("personal", "Personal", "Personnel", "🏠", "#3EB4A2"),
    ("business", "Business", "Affaires", "💼", "#D8B26A"),
    ("government", "Government & Institutions", "Gouvernement", "🏛️", "#8D8371"),
    ("studio", "Creative Studio", "Studio de création", "🎨", "#E879F9"),
    ("community", "Community", "Communauté", "👥", "#3F7249"),
    ("social", "Social & Media", "Social & médias", "📱", "#60A5FA"),
    ("entertainment", "Entertainment", "Divertissement", "🎬", "#F472B6"),
    ("team", "My Team", "Mon équipe", "🤝", "#FB923C"),
    ("scholar", "Scholar", "Académique", "📚", "#A78BFA"),
]
DOMAIN_XR_TEMPLATES = {"personal": "personal_room", "business": "business_room", "community": "cause_room",
                       "scholar": "lab_room"}


@pytest.fixture(scope="module")
def host() -> PluginHost:
    return PluginHost.load(use_entry_points=False)


def test_nine_spheres_in_canon_order(host: PluginHost) -> None:
    spheres = host.spheres()
    assert [(s.id, s.name, s.name_fr, s.icon, s.colour) for s in spheres] == DOMAIN_SPHERES
    assert [s.order for s in spheres] == list(range(1, 10))
    assert {s.plugin for s in spheres} == {"chenu_spheres"}
    assert host.problems == []


def test_xr_templates_follow_the_canon(host: PluginHost) -> None:
    assert {s.id: s.xr_template for s in host.spheres()} == {
        sphere_id: DOMAIN_XR_TEMPLATES.get(sphere_id, "personal_room") for sphere_id, *_ in DOMAIN_SPHERES
    }


def test_sphere_lookup(host: PluginHost) -> None:
    assert host.sphere("scholar").name == "Scholar"
    assert host.sphere("garden") is None


def test_catalogue_counts(host: PluginHost) -> None:
    agents = host.agents()
    levels = Counter(agent.level for agent in agents)
    assert levels[AgentLevel.L0] == SYSTEM_AGENT_COUNT == 6
    assert levels[AgentLevel.L1] == 10
    for sphere in host.spheres():
        per_level = Counter(agent.level for agent in host.agents(sphere.id))
        assert per_level[AgentLevel.L1] == 1, sphere.id
        assert per_level[AgentLevel.L2] >= 3, sphere.id
        assert per_level[AgentLevel.L3] >= 3, sphere.id
    general = [agent for agent in agents if agent.sphere_id is None and agent.level is AgentLevel.L1]
    assert [agent.id for agent in general] == ["general.coordinator"]


def test_catalogue_entries_are_well_formed(host: PluginHost) -> None:
    agents = host.agents()
    assert len({agent.id for agent in agents}) == len(agents)
    for agent in agents:
        rule = LEVEL_RULES[agent.level]
        assert rule.min_cost <= agent.base_cost <= rule.max_cost, agent.id
        assert agent.is_hireable is rule.hireable, agent.id
        assert agent.is_system is (agent.level is AgentLevel.L0), agent.id
        assert 2 <= len(agent.capabilities) <= 4, agent.id
        assert all(re.fullmatch(r"[a-z]+(_[a-z]+)+", capability) for capability in agent.capabilities), agent.id
        assert agent.name != agent.name_fr or agent.id == NOVA_AGENT_ID, agent.id
        assert agent.description.endswith("."), agent.id
        if agent.sphere_id is not None:
            assert agent.id.startswith(f"{agent.sphere_id}."), agent.id


def test_nova_is_a_free_system_agent_nobody_can_hire(host: PluginHost) -> None:
    nova = host.agent(NOVA_AGENT_ID)
    assert nova is not None
    assert (nova.level, nova.base_cost, nova.is_system, nova.is_hireable, nova.sphere_id) == (
        AgentLevel.L0, 0, True, False, None
    )
