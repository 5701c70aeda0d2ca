"""Built-in agents' skills: deterministic proposals computed offline, no side effects."""

from __future__ import annotations

import pytest

from chenu_desktop.domain.errors import DomainError
from chenu_desktop.services import Services
from chenu_desktop.services.commands.threads import CreateAction
from chenu_desktop.services.agent_skills import SkillInput, choose_skill, run_skill, skills_of
from tests.governance.conftest import hired


def notes_thread(services: Services, *notes: str) -> str:
    thread = services.threads.add("business", "Bakery", "Open a bakery by spring")
    for note in notes:
        services.threads.note(thread.id, note)
    return thread.id


def test_action_items_come_from_bullets_todos_and_needs(services: Services) -> None:
    thread_id = notes_thread(
        services,
        "- [ ] sign the lease\n* order flour\nTODO: hire a baker\nWe need to renew the licence. Nice weather.",
        "Call the bank\n- sign the lease",
    )
    agent = services.ctx.plugins.agent("personal.errand_sorter")
    proposal = run_skill("action_items", SkillInput(agent, "action items", services.threads.show(thread_id)))
    titles = [c.title for c in proposal.commands]
    assert titles == ["sign the lease", "order flour", "hire a baker", "renew the licence", "Call the bank"]
    assert "5 action item(s)" in proposal.rationale


def test_action_items_already_logged_are_not_proposed_again(services: Services) -> None:
    thread_id = notes_thread(services, "- sign the lease\n- order flour")
    services.governance.perform(CreateAction(thread_id, "sign the lease"))
    agent = services.ctx.plugins.agent("personal.errand_sorter")
    proposal = run_skill("action_items", SkillInput(agent, "action items", services.threads.show(thread_id)))
    assert [c.title for c in proposal.commands] == ["order flour"]


def test_an_agent_only_runs_on_threads_of_the_spheres_it_is_hired_for(services: Services) -> None:
    thread_id = notes_thread(services, "- sign the lease")
    hired(services, "personal.errand_sorter", "personal")
    with pytest.raises(DomainError, match="not hired for the business sphere"):
        services.agents.run("personal.errand_sorter", "action items", thread_id)


def test_decision_options_from_the_task(services: Services) -> None:
    agent = services.ctx.plugins.agent("business.director")
    proposal = run_skill("decision_options", SkillInput(agent, "Deck oven or rack oven or convection oven?", None))
    [record] = proposal.commands
    assert [o["label"] for o in record.options] == ["Deck oven", "rack oven", "convection oven"]
    assert record.sphere == "business"


def test_decision_options_with_pros_and_cons_from_notes(services: Services) -> None:
    thread_id = notes_thread(
        services,
        "option: Lease the shop\npro: central\ncon: expensive\noption: Buy a van\n+ flexible\n- weather",
    )
    agent = services.ctx.plugins.agent("business.director")
    [record] = run_skill("decision_options", SkillInput(agent, "Where do we sell?", services.threads.show(thread_id))).commands
    assert record.options == [
        {"label": "Lease the shop", "pros": ["central"], "cons": ["expensive"], "impact": ""},
        {"label": "Buy a van", "pros": ["flexible"], "cons": ["weather"], "impact": ""},
    ]
    assert record.thread == thread_id


def test_too_few_options_is_a_clear_refusal(services: Services) -> None:
    agent = services.ctx.plugins.agent("business.director")
    with pytest.raises(DomainError, match="fewer than two options"):
        run_skill("decision_options", SkillInput(agent, "What now?", None))


def test_summary_counts_the_log_and_lists_open_actions(services: Services) -> None:
    thread_id = notes_thread(services, "Visited three shops.")
    agent = services.ctx.plugins.agent("business.director")
    [note] = run_skill("summary", SkillInput(agent, "summarise", services.threads.show(thread_id))).commands
    assert note.kind == "summary"
    assert "Summary of “Bakery”" in note.text and "1 note.added" in note.text and "Visited three shops." in note.text


def test_skills_follow_capabilities_and_tasks(services: Services) -> None:
    errands = services.ctx.plugins.agent("personal.errand_sorter")
    director = services.ctx.plugins.agent("business.director")
    assert skills_of(errands)[0] == "action_items" and skills_of(errands)[-1] == "summary"
    assert "decision_options" in skills_of(director)
    assert choose_skill(director, "Should we lease or buy?") == "decision_options"
    assert choose_skill(director, "give me a recap") == "summary"


def test_a_run_has_no_side_effect_until_approved(services: Services) -> None:
    thread_id = notes_thread(services, "remember that the landlord is called Ana")
    hired(services, "business.director", "business")
    before = services.threads.show(thread_id)
    services.agents.run("business.director", "summarise", thread_id)
    after = services.threads.show(thread_id)
    assert [e.id for e in after.events] == [e.id for e in before.events]
