"""`chenu agents …` end to end: the catalogue, hiring through a checkpoint, refusals, dismissing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


from chenu_desktop.services import Services, open_context
from tests.support.cli import Chenu

CATALOGUE_FIELDS = {
    "id", "name", "name_fr", "level", "domain", "sphere_id", "description",
    "capabilities", "base_cost", "is_system", "is_hireable", "hired_in",
}
COST_BY_LEVEL = {"L0": (0, 0), "L1": (25, 40), "L2": (50, 70), "L3": (10, 25)}
ERRAND_SORTER = "personal.errand_sorter"


@contextmanager
def services(data_dir: Path) -> Iterator[Services]:
    """The same services as the CLI, in-process: for setup that is not under test."""
    opened = Services(open_context(data_dir))
    try:
        yield opened
    finally:
        opened.ctx.close()


def hire(chenu: Chenu, agent_id: str, sphere: str, *budget: str) -> str:
    """Hire through the real path (checkpoint, then approval); returns the checkpoint id."""
    checkpoint_id = chenu("agents", "hire", agent_id, "--sphere", sphere, *budget).last_word
    chenu("checkpoints", "approve", checkpoint_id)
    return checkpoint_id


def test_list_shows_the_catalogue_with_its_fields(chenu: Chenu) -> None:
    agents = chenu("agents", "list", "--json").json()
    by_id = {a["id"]: a for a in agents}
    assert len(by_id) == len(agents)
    assert all(set(a) >= CATALOGUE_FIELDS for a in agents)
    assert all(a["hired_in"] == [] for a in agents)

    system = [a for a in agents if a["is_system"]]
    assert len(system) == 6 and "nova" in {a["id"] for a in system}
    assert all((a["level"], a["base_cost"], a["is_hireable"]) == ("L0", 0, False) for a in system)
    for agent in agents:
        low, high = COST_BY_LEVEL[agent["level"]]
        assert low <= agent["base_cost"] <= high, agent["id"]
    directors = [a for a in agents if a["level"] == "L1"]
    assert len(directors) == 10  # one a sphere, and the general coordinator
    assert by_id["general.coordinator"]["sphere_id"] is None

    errands = by_id[ERRAND_SORTER]
    assert (errands["level"], errands["sphere_id"], errands["base_cost"], errands["is_hireable"]) == ("L3", "personal", 12, True)
    assert "extract_action_items" in errands["capabilities"]

    table = chenu("agents", "list").stdout
    assert table.splitlines()[0].split() == ["ID", "LEVEL", "NAME", "SPHERE", "COST", "HIRED", "FOR"]
    assert "Errand Sorter" in table


def test_sphere_filter_keeps_that_sphere_and_the_general_agents(chenu: Chenu) -> None:
    everyone = chenu("agents", "list", "--json").json()
    personal = chenu("agents", "list", "--sphere", "personal", "--json").json()
    assert [a["id"] for a in personal] == [a["id"] for a in everyone if a["sphere_id"] in ("personal", None)]
    ids = {a["id"] for a in personal}
    assert {"nova", "general.coordinator", "personal.director", ERRAND_SORTER} <= ids
    assert "business.director" not in ids


def test_sphere_filter_refuses_an_unknown_sphere(chenu: Chenu) -> None:
    assert "unknown sphere 'mars'" in chenu.fails("agents", "list", "--sphere", "mars").stderr


def test_hiring_waits_at_a_checkpoint_and_approval_puts_the_agent_on_the_team(chenu: Chenu) -> None:
    assert chenu("agents", "list", "--hired", "--json").json() == []
    assert "No agents on your team yet" in chenu("agents", "list", "--hired").stdout

    asked = chenu("agents", "hire", ERRAND_SORTER, "--sphere", "personal")
    checkpoint_id = asked.last_word
    assert f"chenu checkpoints approve {checkpoint_id}" in asked.stdout
    [pending] = chenu("checkpoints", "list", "--status", "pending", "--json").json()
    assert (pending["id"], pending["action_type"], pending["status"]) == (checkpoint_id, "agent.hire", "pending")
    assert pending["action"]["args"] == {"agent": ERRAND_SORTER, "sphere": "personal", "budget": 10_000}
    assert ERRAND_SORTER in pending["description"]

    assert chenu("agents", "list", "--hired", "--json").json() == []
    assert chenu("stats", "--json").json()["agents"]["hired"] == 0
    assert chenu("tokens", "--json").json()["agents"] == []

    assert "Approved and applied" in chenu("checkpoints", "approve", checkpoint_id).stdout
    [hired] = chenu("agents", "list", "--hired", "--json").json()
    assert (hired["id"], hired["hired_in"]) == (ERRAND_SORTER, ["personal"])
    stats = chenu("stats", "--json").json()
    assert stats["agents"]["hired"] == 1
    assert stats["checkpoints"] == {"pending": 0, "approved": 1, "rejected": 0}
    [budget] = chenu("tokens", "--json").json()["agents"]
    assert (budget["agent_id"], budget["sphere_id"], budget["used"], budget["budget"]) == (ERRAND_SORTER, "personal", 0, 10_000)
    actions = [(e["action"], e["target_id"]) for e in chenu("audit", "--json").json()]
    assert actions[:2] == [("checkpoint.approved", checkpoint_id), ("checkpoint.created", checkpoint_id)]


def test_a_general_agent_is_hired_for_a_sphere_with_the_budget_asked(chenu: Chenu) -> None:
    hire(chenu, "general.coordinator", "scholar", "--budget", "50000")
    [hired] = chenu("agents", "list", "--hired", "--json").json()
    assert (hired["id"], hired["hired_in"]) == ("general.coordinator", ["scholar"])
    assert "general.coordinator" in {a["id"] for a in chenu("agents", "list", "--sphere", "scholar", "--hired", "--json").json()}
    [budget] = chenu("tokens", "--json").json()["agents"]
    assert (budget["sphere_id"], budget["budget"], budget["remaining"]) == ("scholar", 50_000, 50_000)


def test_impossible_hires_are_refused_at_once_and_open_no_checkpoint(chenu: Chenu) -> None:
    hire(chenu, ERRAND_SORTER, "personal")
    checkpoints = chenu("checkpoints", "list", "--json").json()
    refusals = [
        (("nova", "--sphere", "personal"), "nova is a system agent and cannot be hired"),
        (("no.such_agent", "--sphere", "personal"), "no agent with id no.such_agent"),
        (("business.director", "--sphere", "personal"), "business.director works in the business sphere, not personal"),
        (("personal.director", "--sphere", "mars"), "unknown sphere 'mars'"),
        (("personal.director", "--sphere", "personal", "--budget", "0"), "must be between 1 and 50000 tokens (got 0)"),
        (("personal.director", "--sphere", "personal", "--budget", "50001"), "must be between 1 and 50000 tokens (got 50001)"),
        ((ERRAND_SORTER, "--sphere", "personal"), f"{ERRAND_SORTER} is already on your team for personal"),
    ]
    for args, message in refusals:
        assert message in chenu.fails("agents", "hire", *args).stderr, args
    assert chenu("checkpoints", "list", "--json").json() == checkpoints
    assert [a["id"] for a in chenu("agents", "list", "--hired", "--json").json()] == [ERRAND_SORTER]


def test_a_workspace_has_at_most_fifty_hired_agents(chenu: Chenu) -> None:
    hireable = [a for a in chenu("agents", "list", "--json").json() if a["is_hireable"]]
    assert len(hireable) > 50
    with services(chenu.data_dir) as setup:  # fifty hires through the real checkpoints, faster in-process
        for agent in hireable[:50]:
            setup.governance.approve(setup.agents.hire(agent["id"], agent["sphere_id"] or "personal").id)
    assert chenu("stats", "--json").json()["agents"]["hired"] == 50

    last = hireable[50]
    refused = chenu.fails("agents", "hire", last["id"], "--sphere", last["sphere_id"] or "personal")
    assert "at most 50 hired agents" in refused.stderr
    assert chenu("checkpoints", "list", "--status", "pending", "--json").json() == []

    chenu("agents", "dismiss", hireable[0]["id"])
    assert chenu("agents", "hire", last["id"], "--sphere", last["sphere_id"] or "personal").last_word


def test_dismissing_takes_the_agent_off_the_team_at_once_and_is_audited(chenu: Chenu) -> None:
    hire(chenu, ERRAND_SORTER, "personal")
    assert "not on your team for business" in chenu.fails("agents", "dismiss", ERRAND_SORTER, "--sphere", "business").stderr

    assert chenu("agents", "dismiss", ERRAND_SORTER).stdout.strip() == f"Dismissed {ERRAND_SORTER}."
    assert chenu("agents", "list", "--hired", "--json").json() == []
    assert chenu("stats", "--json").json()["agents"]["hired"] == 0
    latest = chenu("audit", "--json").json()[0]
    assert (latest["action"], latest["actor"]) == ("agent.dismissed", "local")
    assert latest["details"]["command"]["agent"] == ERRAND_SORTER

    assert "not on your team" in chenu.fails("agents", "dismiss", ERRAND_SORTER).stderr
    assert "hire it first" in chenu.fails("agents", "run", ERRAND_SORTER, "--task", "extract action items").stderr
    assert chenu("checkpoints", "list", "--status", "pending", "--json").json() == []


def test_runs_need_a_known_hired_agent_and_a_task(chenu: Chenu) -> None:
    assert "no agent with id no.such_agent" in chenu.fails("agents", "run", "no.such_agent", "--task", "anything").stderr
    assert "hire it first" in chenu.fails("agents", "run", ERRAND_SORTER, "--task", "extract action items").stderr
    hire(chenu, ERRAND_SORTER, "personal")
    assert "task: must be 1" in chenu.fails("agents", "run", ERRAND_SORTER, "--task", "   ").stderr
    assert "no thread with id missing" in chenu.fails("agents", "run", ERRAND_SORTER, "--task", "extract action items", "--thread", "missing").stderr
    assert "give --thread ID" in chenu.fails("agents", "run", ERRAND_SORTER, "--task", "extract action items").stderr
    business = chenu("threads", "add", "--sphere", "business", "--title", "Shop", "--intent", "Open a shop").last_word
    assert "not hired for the business sphere" in chenu.fails(
        "agents", "run", ERRAND_SORTER, "--task", "extract action items", "--thread", business
    ).stderr
    assert chenu("checkpoints", "list", "--status", "pending", "--json").json() == []


def test_a_run_that_would_cross_the_agents_budget_is_held_with_the_reason(chenu: Chenu) -> None:
    hire(chenu, ERRAND_SORTER, "personal", "--budget", "10")  # less than one 12-token task
    thread_id = chenu("threads", "add", "--sphere", "personal", "--title", "Errands", "--intent", "Get things done").last_word
    chenu("threads", "note", thread_id, "- call the bank")
    run = chenu("agents", "run", ERRAND_SORTER, "--task", "extract action items", "--thread", thread_id)
    assert "12 tokens would cross personal.errand_sorter's budget (10 left)" in run.stdout
    shown = chenu("checkpoints", "show", run.last_word, "--json").json()
    assert shown["risk_level"] == "high"
    assert shown["reason"] == "proposed by an agent; 12 tokens would cross personal.errand_sorter's budget (10 left)"
    assert chenu("tokens", "--json").json()["used"] == 0

    chenu("checkpoints", "approve", run.last_word)  # the person saw the reason and said yes
    [budget] = chenu("tokens", "--json").json()["agents"]
    assert (budget["used"], budget["budget"], budget["remaining"]) == (12, 10, 0)
