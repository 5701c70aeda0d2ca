"""Decision commands: record, make (choose an option), defer, reject."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chenu_desktop.domain.decisions import (
    DEFAULT_PRIORITY,
    OPEN_DECISION_STATUSES,
    OPTION_LABEL_MAX,
    DecisionStatus,
    validate_priority,
)
from chenu_desktop.domain.errors import NotFoundError, ValidationError
from chenu_desktop.domain.governance import RiskLevel
from chenu_desktop.domain.threads import INTENT_MAX, validate_text, validate_title
from chenu_desktop.store.models import Decision

from ..execution import Execution
from ..records import append_event
from .base import Command, command
from .threads import check_sphere, require_thread


def require_decision(run: Execution, decision_id: str, must_be_open: bool = False) -> Decision:
    decision = run.tx.session.get(Decision, decision_id, populate_existing=True)
    if decision is None or decision.deleted or decision.workspace_id != run.workspace_id:
        raise NotFoundError(f"no decision with id {decision_id}")
    if must_be_open and decision.status not in OPEN_DECISION_STATUSES:
        raise ValidationError("decision", f"{decision_id} is already {decision.status}")
    return decision


def clean_options(options: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Options with ids short enough to type (`opt1`, `opt2`…) unless given."""
    cleaned = []
    for index, option in enumerate(options):
        if not isinstance(option, dict):
            raise ValidationError(f"option {index}", "must be an object with a label")
        cleaned.append(
            {
                "id": str(option.get("id") or f"opt{index + 1}"),
                "label": validate_text(f"option {index} label", option.get("label"), OPTION_LABEL_MAX),
                "pros": [str(p) for p in option.get("pros", [])],
                "cons": [str(c) for c in option.get("cons", [])],
                "impact": str(option.get("impact", "")),
            }
        )
    return cleaned


@command("decision.record", "decision.created")
@dataclass
class RecordDecision(Command):
    title: str
    thread: str | None = None
    sphere: str | None = None
    priority: str | None = None
    description: str | None = None
    options: list[dict[str, Any]] = field(default_factory=list)

    def describe(self) -> str:
        return f"Record decision “{self.title}” ({len(self.options)} options)"

    def execute(self, run: Execution) -> dict[str, Any]:
        title = validate_title(self.title)
        priority = validate_priority(self.priority or DEFAULT_PRIORITY)
        description = validate_text("description", self.description, INTENT_MAX) if self.description else None
        sphere = self.sphere
        if self.thread is not None:
            thread = require_thread(run, self.thread)
            if sphere is not None and sphere != thread.sphere_id:
                raise ValidationError("sphere", f"thread {self.thread} belongs to sphere {thread.sphere_id!r}, not {sphere!r}")
            sphere = thread.sphere_id
        if sphere is None:
            raise ValidationError("sphere", "give a sphere, or a thread the decision belongs to")
        check_sphere(run.ctx.plugins, sphere)
        decision_id = run.writer.insert(
            "decisions",
            {
                "id": run.new_id(),
                "workspace_id": run.workspace_id,
                "thread_id": self.thread,
                "sphere_id": sphere,
                "title": title,
                "description": description,
                "status": DecisionStatus.PENDING.value,
                "priority": priority,
                "options": clean_options(self.options),
                "aging_started_at": run.now,
                "created_at": run.now,
                "created_by": run.actor,
            },
        )
        if self.thread is not None:
            append_event(run, self.thread, "decision.recorded", {"decision_id": decision_id, "title": title})
        return {"decision_id": decision_id}


@command("decision.make", "decision.made")
@dataclass
class MakeDecision(Command):
    """Choose one of a decision's options: the decision is taken."""

    decision: str
    option: str
    risk = RiskLevel.MEDIUM

    def describe(self) -> str:
        return f"Take decision {self.decision} with option {self.option}"

    def execute(self, run: Execution) -> dict[str, Any]:
        decision = require_decision(run, self.decision, must_be_open=True)
        options = {o["id"]: o for o in decision.options or []}
        if self.option not in options:
            labels = ", ".join(f"{key} ({o['label']})" for key, o in options.items()) or "none recorded"
            raise ValidationError("option", f"{self.option!r} is not an option of this decision; options: {labels}")
        run.writer.update(
            "decisions",
            self.decision,
            {
                "status": DecisionStatus.APPROVED.value,
                "chosen_option_id": self.option,
                "resolved_at": run.now,
                "resolved_by": run.actor,
            },
        )
        if decision.thread_id:
            append_event(
                run,
                decision.thread_id,
                "decision.recorded",
                {"decision_id": self.decision, "chosen_option_id": self.option, "label": options[self.option]["label"]},
            )
        return {"decision_id": self.decision, "chosen_option_id": self.option}


@command("decision.defer", "decision.deferred")
@dataclass
class DeferDecision(Command):
    """Still waiting, but the aging clock restarts at GREEN."""

    decision: str

    def describe(self) -> str:
        return f"Defer decision {self.decision}"

    def execute(self, run: Execution) -> dict[str, Any]:
        require_decision(run, self.decision, must_be_open=True)
        run.writer.update("decisions", self.decision, {"status": DecisionStatus.DEFERRED.value, "aging_started_at": run.now})
        return {"decision_id": self.decision}


@command("decision.reject", "decision.rejected")
@dataclass
class RejectDecision(Command):
    """Decide not to decide: none of the options is taken."""

    decision: str

    def describe(self) -> str:
        return f"Reject decision {self.decision}"

    def execute(self, run: Execution) -> dict[str, Any]:
        require_decision(run, self.decision, must_be_open=True)
        run.writer.update(
            "decisions",
            self.decision,
            {"status": DecisionStatus.REJECTED.value, "resolved_at": run.now, "resolved_by": run.actor},
        )
        return {"decision_id": self.decision}


@command("decision.add_options", "decision.options_added")
@dataclass
class AddDecisionOptions(Command):
    """More options for a decision still waiting; ids continue after the last `optN`."""

    decision: str
    labels: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return f"Add {len(self.labels)} option(s) to decision {self.decision}"

    def execute(self, run: Execution) -> dict[str, Any]:
        decision = require_decision(run, self.decision, must_be_open=True)
        existing = list(decision.options or [])
        labels = new_option_labels(self.labels, [str(o.get("label", "")) for o in existing])
        taken = {str(o.get("id")) for o in existing}
        number = len(existing)
        added = []
        for label in labels:
            number += 1
            while f"opt{number}" in taken:
                number += 1
            added.append({"id": f"opt{number}", "label": label, "pros": [], "cons": [], "impact": ""})
        run.writer.update("decisions", self.decision, {"options": existing + added})
        return {"decision_id": self.decision, "option_ids": [o["id"] for o in added]}


def new_option_labels(labels: Any, existing: list[str]) -> list[str]:
    """Clean labels for new options: at least one, none blank, none already there."""
    if not isinstance(labels, list) or not labels:
        raise ValidationError("labels", "give at least one option label")
    seen = {label.casefold() for label in existing}
    cleaned = []
    for index, raw in enumerate(labels):
        label = validate_text(f"option {index + 1}", raw, OPTION_LABEL_MAX)
        if label.casefold() in seen:
            raise ValidationError(f"option {index + 1}", f"“{label}” is already an option")
        seen.add(label.casefold())
        cleaned.append(label)
    return cleaned
