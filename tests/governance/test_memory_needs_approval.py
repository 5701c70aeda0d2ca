"""Nothing enters memory from Nova or an agent without a person's approval."""

from __future__ import annotations

from chenu_desktop.services import Services
from tests.governance.conftest import hired

AGENT = "personal.note_tidier"


def test_an_agent_proposed_memory_appears_only_after_approval(services: Services) -> None:
    thread = services.threads.add("personal", "Flat", "Find a flat")
    services.threads.note(thread.id, "Remember that the landlord is called Ana. Fact: the deposit is two months.")
    hired(services, AGENT, "personal")
    outcome = services.agents.run(AGENT, "remember the facts", thread.id)
    assert outcome.checkpoint is not None and "Remember (fact)" in outcome.checkpoint.description
    assert services.memory.list() == []
    assert services.memory.search("landlord") == []

    services.governance.approve(outcome.checkpoint.id)
    remembered = services.memory.list()
    assert sorted(m.content for m in remembered) == ["the deposit is two months", "the landlord is called Ana"]
    assert {m.source for m in remembered} == {"agent"}
    assert [m.content for m in services.memory.search("landlord")] == ["the landlord is called Ana"]


def test_a_rejected_memory_never_appears(services: Services) -> None:
    thread = services.threads.add("personal", "Flat", "Find a flat")
    services.threads.note(thread.id, "remember that the code is 1234")
    hired(services, AGENT, "personal")
    outcome = services.agents.run(AGENT, "remember", thread.id)
    services.governance.reject(outcome.checkpoint.id, note="not a secret to keep")
    assert services.memory.list() == []
