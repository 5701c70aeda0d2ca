"""Built-in agents' skills: deterministic proposals computed offline, no side effects.

The built-in agents answer through the same mechanism as a plugin's agent:
the `CapabilitySkill` on their `AgentSpec`, run by the one run path."""

from __future__ import annotations

from dataclasses import replace

import pytest

from chenu_desktop import CapabilitySkill, SkillProposal
from chenu_desktop.domain.errors import DomainError
from chenu_desktop.plugin_host.capability_behaviours import (
    draft_decision_options,
    extract_action_items,
    summarise_thread,
)
from chenu_desktop.services import Services
from chenu_desktop.services.agent_skills import run_agent_skill, skill_context
from chenu_desktop.services.commands.threads import AddNote, CreateAction
from tests.governance.conftest import hired


def notes_thread(services: Services, *notes: str) -> str:
    thread = services.threads.add("business", "Bakery", "Open a bakery by spring")
    for note in notes:
        services.threads.note(thread.id, note)
    return thread.id


def context(services: Services, agent_id: str, task: str, thread_id: str | None = None, sphere: str = "business"):
    agent = services.ctx.plugins.agent(agent_id)
    thread = services.threads.show(thread_id) if thread_id else None
    return agent, skill_context(agent, task, sphere, thread, [])


def test_every_hireable_builtin_agent_has_a_skill_and_the_system_agents_none(services: Services) -> None:
    builtins = [agent for agent in services.ctx.plugins.agents() if agent.plugin == "chenu_spheres"]
    assert all(isinstance(agent.skill, CapabilitySkill) for agent in builtins if agent.is_hireable)
    assert all(agent.skill is None for agent in builtins if not agent.is_hireable)


def test_action_items_come_from_bullets_todos_and_needs(services: Services) -> None:
    thread_id = notes_thread(
        services,
        "- [ ] sign the lease\n* order flour\nTODO: hire a baker\nWe need to renew the licence. Nice weather.",
        "Call the bank\n- sign the lease",
    )
    agent, seen = context(services, "personal.errand_sorter", "action items", thread_id)
    proposal = run_agent_skill(agent, seen)
    titles = [c.title for c in proposal.commands]
    assert titles == ["sign the lease", "order flour", "hire a baker", "renew the licence", "Call the bank"]
    assert all(isinstance(c, CreateAction) and c.thread == thread_id for c in proposal.commands)
    assert proposal.rationale.startswith("[action_items] Found 5 action item(s)")


def test_action_items_already_logged_are_not_proposed_again(services: Services) -> None:
    thread_id = notes_thread(services, "- sign the lease\n- order flour")
    services.governance.perform(CreateAction(thread_id, "sign the lease"))
    _, seen = context(services, "personal.errand_sorter", "action items", thread_id)
    assert extract_action_items(seen).actions == ("order flour",)


def test_an_agent_only_runs_on_threads_of_the_spheres_it_is_hired_for(services: Services) -> None:
    thread_id = notes_thread(services, "- sign the lease")
    hired(services, "personal.errand_sorter", "personal")
    with pytest.raises(DomainError, match="not hired for the business sphere"):
        services.agents.run("personal.errand_sorter", "action items", thread_id)


def test_decision_options_from_the_task(services: Services) -> None:
    agent, seen = context(services, "business.director", "Deck oven or rack oven or convection oven?")
    [record] = run_agent_skill(agent, seen).commands
    assert [o["label"] for o in record.options] == ["Deck oven", "rack oven", "convection oven"]
    assert record.title == "Deck oven or rack oven or convection oven"
    assert record.sphere == "business" and record.thread is None


def test_decision_options_with_pros_and_cons_from_notes(services: Services) -> None:
    thread_id = notes_thread(
        services,
        "option: Lease the shop\npro: central\ncon: expensive\noption: Buy a van\n+ flexible\n- weather",
    )
    agent, seen = context(services, "business.director", "Where do we sell?", thread_id)
    proposal = draft_decision_options(seen)
    assert proposal.rationale == "Drafted 2 options from the notes of “Bakery”."
    [record] = run_agent_skill(agent, replace(seen, task="which option?")).commands
    assert record.options == [
        {"label": "Lease the shop", "pros": ["central"], "cons": ["expensive"], "impact": ""},
        {"label": "Buy a van", "pros": ["flexible"], "cons": ["weather"], "impact": ""},
    ]
    assert record.thread == thread_id


def test_too_few_options_is_a_clear_refusal(services: Services) -> None:
    agent, seen = context(services, "business.director", "decide: what now?")
    with pytest.raises(DomainError, match="fewer than two options"):
        run_agent_skill(agent, seen)


def test_summary_counts_the_log_and_lists_open_actions(services: Services) -> None:
    thread_id = notes_thread(services, "Visited three shops.")
    services.governance.perform(CreateAction(thread_id, "sign the lease"))
    agent, seen = context(services, "business.director", "give me a recap", thread_id)
    assert summarise_thread(seen).summary is not None
    [note] = run_agent_skill(agent, seen).commands
    assert isinstance(note, AddNote) and note.kind == "summary"
    assert note.text.startswith("Summary of “Bakery” (active, SEED).")
    assert "1 note.added" in note.text and "Visited three shops." in note.text
    assert "Open actions: sign the lease." in note.text


def test_skills_follow_capabilities_and_tasks(services: Services) -> None:
    errands = services.ctx.plugins.agent("personal.errand_sorter").skill
    director = services.ctx.plugins.agent("business.director").skill
    assert errands.names[0] == "action_items" and errands.names[-1] == "summary"
    assert "decision_options" in director.names
    assert director.choose("Should we lease or buy?") == "decision_options"
    assert director.choose("give me a recap") == "summary"
    listed = {view.id: view.skills for view in services.agents.list()}
    assert listed["personal.errand_sorter"] == list(errands.names)
    assert listed["nova"] == []


def test_a_skill_is_an_ordinary_callable_any_plugin_can_use(services: Services) -> None:
    _, seen = context(services, "business.director", "remember that the landlord is called Ana")
    proposal = CapabilitySkill(("remember_facts",))(seen)
    assert isinstance(proposal, SkillProposal)
    assert proposal.memory_items == ("the landlord is called Ana",)


def test_a_run_has_no_side_effect_until_approved(services: Services) -> None:
    thread_id = notes_thread(services, "remember that the landlord is called Ana")
    hired(services, "business.director", "business")
    before = services.threads.show(thread_id)
    outcome = services.agents.run("business.director", "summarise", thread_id)
    after = services.threads.show(thread_id)
    assert [e.id for e in after.events] == [e.id for e in before.events]
    services.governance.approve(outcome.checkpoint.id)
    [summary] = [e for e in services.threads.show(thread_id).events if e.payload.get("kind") == "summary"]
    assert summary.payload["text"].startswith("Summary of “Bakery”")


def test_a_decision_drafted_without_a_thread_belongs_to_the_sphere_the_agent_runs_in(services: Services) -> None:
    """An agent of every sphere (sphere_id None) hired for one: its decision lands there on approval."""
    hired(services, "general.coordinator", "personal")
    outcome = services.agents.run("general.coordinator", "Lease or buy?")
    assert services.decisions.list() == []
    services.governance.approve(outcome.checkpoint.id)
    [decision] = services.decisions.list()
    assert decision.sphere_id == "personal" and [o["label"] for o in decision.options] == ["Lease", "buy"]
