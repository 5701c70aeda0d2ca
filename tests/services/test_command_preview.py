"""A held command described in plain sentences, before anyone approves it."""

from __future__ import annotations

from chenu_desktop.services import Services
from chenu_desktop.services.command_preview import Names, describe_action, names_for
from chenu_desktop.services.commands.agents import AgentProposal, HireAgent
from chenu_desktop.services.commands.decisions import AddDecisionOptions, MakeDecision
from chenu_desktop.services.commands.threads import AddNote, CreateAction, DeleteThread, EditThread
from chenu_desktop.services.context import ServiceContext

NAMES = Names(
    agents={"personal.errand_sorter": "Errand Sorter"},
    spheres={"personal": "Personal"},
    threads={"t1": "Move house"},
    decisions={"d1": "Which oven?"},
    options={("d1", "opt2"): "Rack oven"},
)


def test_a_hire_names_the_agent_the_sphere_and_the_budget() -> None:
    text = describe_action(HireAgent("personal.errand_sorter", "personal", 10_000).to_json(), NAMES)
    assert text.startswith("Hire Errand Sorter for the Personal sphere, with a budget of 10,000 tokens.")
    assert "without your approval" in text


def test_a_one_step_proposal_says_what_changes_where_and_what_it_costs() -> None:
    note = AddNote("t1", "- call the bank").to_json()
    proposal = AgentProposal("personal.errand_sorter", "sort", "why", 12, [note], thread="t1", sphere="personal")
    assert describe_action(proposal.to_json(), NAMES) == (
        "Errand Sorter proposes to add a note to “Move house”: “- call the bank”. Approving applies it and charges 12 tokens."
    )


def test_a_proposal_of_several_steps_lists_them_all() -> None:
    steps = [CreateAction("t1", "Book movers").to_json(), CreateAction("t1", "Call the bank").to_json()]
    text = describe_action(AgentProposal("personal.errand_sorter", "sort", "why", 30, steps).to_json(), NAMES)
    assert text == (
        "Errand Sorter proposes 2 changes: add the action “Book movers” to “Move house”; "
        "add the action “Call the bank” to “Move house”. Approving applies them together and charges 30 tokens."
    )


def test_decisions_and_threads_by_their_titles_and_option_labels() -> None:
    assert describe_action(MakeDecision("d1", "opt2").to_json(), NAMES) == "Take the decision “Which oven?” with the option “Rack oven”."
    assert describe_action(DeleteThread("t1").to_json(), NAMES) == "Delete the thread “Move house” (it can be restored for 30 days)."
    assert describe_action(EditThread("t1", title="Move", status="paused").to_json(), NAMES) == (
        "Edit the thread “Move house”: rename it “Move” and set its status to paused."
    )
    assert describe_action(AddDecisionOptions("d1", ["Deck", "Rack"]).to_json(), NAMES) == (
        "Add 2 options to the decision “Which oven?”: “Deck”, “Rack”."
    )


def test_unknown_ids_are_shortened_long_text_is_cut_and_unknown_commands_said_so() -> None:
    text = describe_action(AddNote("0192f0c4-aaaa-bbbb", "x" * 300).to_json())
    assert text.startswith("Add a note to thread 0192f0c4…: “xxx")
    assert len(text) < 140 and "…”" in text
    assert "does not know" in describe_action({"type": "garden.water", "args": {}})
    assert "does not know" in describe_action({})


def test_names_come_from_the_store_for_nested_commands(ctx: ServiceContext) -> None:
    services = Services(ctx)
    thread = services.threads.add("personal", "Move house", "Find a flat")
    decision = services.decisions.add("Which oven?", thread_id=thread.id, options=[{"label": "Deck"}, {"label": "Rack"}])
    proposal = AgentProposal(
        "personal.errand_sorter", "sort", "why", 12,
        [AddNote(thread.id, "hi").to_json(), MakeDecision(decision.id, "opt2").to_json()],
    ).to_json()
    text = describe_action(proposal, names_for(ctx, [proposal]))
    assert "to “Move house”" in text and "take the decision “Which oven?” with the option “Rack”" in text
    assert text.startswith("Errand Sorter proposes 2 changes")


def test_checkpoint_previews_name_the_requester_and_the_tokens(ctx: ServiceContext) -> None:
    from chenu_desktop.services.command_preview import preview_checkpoints

    services = Services(ctx)
    services.governance.approve(services.agents.hire("personal.errand_sorter", "personal", 500).id)
    thread = services.threads.add("personal", "Move house", "Find a flat")
    services.threads.note(thread.id, "- call the bank")
    outcome = services.agents.run("personal.errand_sorter", "extract action items", thread.id)
    hire = services.agents.hire("personal.travel_planner", "personal", 700)
    proposal, asked = preview_checkpoints(ctx, [outcome.checkpoint, hire])
    assert (proposal.requester, proposal.cost, proposal.budget) == ("Errand Sorter", 12, None)
    assert proposal.what.startswith("Errand Sorter proposes") and "“Move house”" in proposal.what
    assert (asked.requester, asked.cost, asked.budget) == ("you", None, 700)
