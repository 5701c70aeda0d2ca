"""The governor: for each command and actor, allowed, held at a checkpoint, or denied.

Pure rules of DOMAIN.md ("governance before execution"), shared by the
desktop, the CLI and the sync server.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .governance import RISK_LEVELS, RiskLevel

ALWAYS_HELD = frozenset({"agent.hire"})
"""Commands that wait at a checkpoint whoever asks for them."""

NOVA_SENSITIVE_INTENTS = frozenset({"send", "publish", "pay", "delete"})


class ActorKind(str, Enum):
    PERSON = "person"
    NOVA = "nova"
    AGENT = "agent"


class VerdictKind(str, Enum):
    ALLOWED = "allowed"
    CHECKPOINT = "checkpoint"
    DENIED = "denied"


@dataclass(frozen=True)
class Verdict:
    kind: VerdictKind
    reason: str
    risk: RiskLevel = RiskLevel.LOW

    @property
    def allowed(self) -> bool:
        return self.kind is VerdictKind.ALLOWED


@dataclass(frozen=True)
class Request:
    """What the governor needs to know about one command."""

    command_type: str
    actor: ActorKind
    risk: RiskLevel = RiskLevel.LOW
    budget_crossing: str | None = None
    """Why the command's token spend would cross a budget, if it would."""
    nova_intent: str | None = None
    runs_agent: bool = False


def judge(request: Request) -> Verdict:
    if request.runs_agent and request.actor is ActorKind.AGENT:
        return Verdict(VerdictKind.DENIED, "agents never call other agents")
    reasons: list[str] = []
    risk = request.risk
    if request.actor is ActorKind.NOVA:
        reasons.append("proposed by Nova")
    elif request.actor is ActorKind.AGENT:
        reasons.append("proposed by an agent")
    if request.command_type in ALWAYS_HELD:
        reasons.append("hiring an agent always needs approval")
    if request.nova_intent in NOVA_SENSITIVE_INTENTS:
        reasons.append(f"Nova may not {request.nova_intent} on its own")
        risk = _at_least(risk, RiskLevel.HIGH)
    if request.budget_crossing:
        reasons.append(request.budget_crossing)
        risk = _at_least(risk, RiskLevel.HIGH)
    if reasons:
        return Verdict(VerdictKind.CHECKPOINT, "; ".join(reasons), risk)
    return Verdict(VerdictKind.ALLOWED, "a person's own action runs at once and is audited", risk)


def _at_least(risk: RiskLevel, floor: RiskLevel) -> RiskLevel:
    return max(risk, floor, key=lambda r: RISK_LEVELS.index(r.value))


def highest_risk(risks: list[RiskLevel]) -> RiskLevel:
    return max(risks, key=lambda r: RISK_LEVELS.index(r.value), default=RiskLevel.LOW)
