"""An agent with its own skill (`AgentSpec.skill`): its proposal lands at a
checkpoint, charged like any run, and changes nothing until approved."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from chenu_desktop.domain.errors import DomainError
from chenu_desktop.plugin_host import PluginHost
from chenu_desktop.services import Services, open_context
from tests.plugins.conftest import AddPlugin

GARDENER = """
    from chenu_desktop import AgentSpec, SphereSpec, hookimpl
    from chenu_desktop import SkillProposal

    seen = []

    def plan_beds(context):
        seen.append(context)
        if context.task == "explode":
            raise RuntimeError("the gardener tripped")
        if context.task == "nonsense":
            return "water everything"
        notes = context.thread.notes if context.thread else ()
        return SkillProposal(
            rationale=f"{len(notes)} note(s) and {len(context.memory)} memory item(s) read.",
            actions=tuple(f"Sow {note}" for note in notes),
            decision_title="Which bed first",
            decision_options=("North bed", "South bed"),
            memory_items=("Beds are 1.2 m wide",),
        )

    @hookimpl
    def register_spheres():
        return [SphereSpec(id="garden", name="Garden", name_fr="Jardin", icon="🌱", colour="#65A30D",
                           order=10, xr_template="personal_room")]

    @hookimpl
    def register_agents():
        return [AgentSpec(id="garden.planner", name="Bed Planner", name_fr="Planificateur", level="L3",
                          domain="gardening", sphere_id="garden", description="Plans the beds.",
                          capabilities=("plan_beds",), base_cost=12, skill=plan_beds)]
"""


@pytest.fixture
def services(add_plugin: AddPlugin, tmp_path: Path) -> Iterator[Services]:
    add_plugin("gardener", GARDENER)
    found = Services(open_context(tmp_path / "device", plugins=PluginHost.load()))
    hire = found.agents.hire("garden.planner", "garden")
    found.governance.approve(hire.id)
    yield found
    found.ctx.close()


def test_a_skill_proposal_waits_at_a_checkpoint_and_changes_nothing_until_approved(services: Services) -> None:
    import gardener  # type: ignore[import-not-found]

    thread = services.threads.add("garden", "Spring beds", "Plan the beds")
    services.threads.note(thread.id, "carrots")
    spent_before = services.tokens.report().to_dict()
    outcome = services.agents.run("garden.planner", "plan the spring beds", thread.id)
    assert not outcome.executed and outcome.checkpoint is not None
    context = gardener.seen[-1]
    assert (context.task, context.agent_id, context.sphere_id) == ("plan the spring beds", "garden.planner", "garden")
    assert context.thread.id == thread.id and context.thread.notes == ("carrots",)
    assert services.decisions.list() == []  # nothing yet
    assert [e.type for e in services.threads.show(thread.id).events].count("action.created") == 0
    services.governance.approve(outcome.checkpoint.id)
    assert [d.title for d in services.decisions.list()] == ["Which bed first"]
    assert [e.payload.get("title") for e in services.threads.show(thread.id).events if e.type == "action.created"] == ["Sow carrots"]
    assert services.tokens.report().to_dict() != spent_before  # charged like every agent run


def test_a_failing_or_wrong_skill_is_one_clear_error_and_writes_nothing(services: Services) -> None:
    thread = services.threads.add("garden", "Beds", "Plan")
    checkpoints = len(services.governance.list())
    with pytest.raises(DomainError, match="garden.planner .plugin gardener. failed: RuntimeError: the gardener tripped"):
        services.agents.run("garden.planner", "explode", thread.id)
    with pytest.raises(DomainError, match="returned str, not a SkillProposal"):
        services.agents.run("garden.planner", "nonsense", thread.id)
    assert len(services.governance.list()) == checkpoints


def test_a_proposal_must_propose_something() -> None:
    from chenu_desktop import SkillProposal

    with pytest.raises(ValueError, match="propose at least one"):
        SkillProposal(rationale="nothing")
    with pytest.raises(ValueError, match="at least two"):
        SkillProposal(rationale="one", decision_title="Pick", decision_options=("only",))
