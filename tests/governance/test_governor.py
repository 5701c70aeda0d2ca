"""The governor's rules, as a table."""

from __future__ import annotations

import pytest

from chenu_desktop.domain.governance import RiskLevel
from chenu_desktop.domain.governor import ActorKind, Request, VerdictKind, judge

PERSON, NOVA, AGENT = ActorKind.PERSON, ActorKind.NOVA, ActorKind.AGENT


@pytest.mark.parametrize(
    ("request_", "kind", "reason_part"),
    [
        (Request("thread.edit", PERSON), VerdictKind.ALLOWED, "runs at once"),
        (Request("thread.delete", PERSON, RiskLevel.MEDIUM), VerdictKind.ALLOWED, "runs at once"),
        (Request("thread.edit", NOVA), VerdictKind.CHECKPOINT, "proposed by Nova"),
        (Request("thread.edit", AGENT), VerdictKind.CHECKPOINT, "proposed by an agent"),
        (Request("agent.hire", PERSON), VerdictKind.CHECKPOINT, "hiring an agent"),
        (Request("nova.send", NOVA, nova_intent="send"), VerdictKind.CHECKPOINT, "may not send"),
        (Request("thread.note", PERSON, budget_crossing="crosses today's budget"), VerdictKind.CHECKPOINT, "crosses today's budget"),
        (Request("agent.run", AGENT, runs_agent=True), VerdictKind.DENIED, "agents never call other agents"),
    ],
)
def test_verdicts(request_: Request, kind: VerdictKind, reason_part: str) -> None:
    verdict = judge(request_)
    assert verdict.kind is kind
    assert reason_part in verdict.reason


def test_sensitive_intents_and_budget_crossings_raise_the_risk() -> None:
    assert judge(Request("nova.pay", NOVA, nova_intent="pay")).risk is RiskLevel.HIGH
    assert judge(Request("x", AGENT, RiskLevel.CRITICAL, budget_crossing="over")).risk is RiskLevel.CRITICAL
    assert judge(Request("x", AGENT, RiskLevel.LOW)).risk is RiskLevel.LOW


def test_every_reason_is_kept_when_several_apply() -> None:
    verdict = judge(Request("agent.hire", AGENT, budget_crossing="over the monthly budget"))
    assert verdict.reason == "proposed by an agent; hiring an agent always needs approval; over the monthly budget"
