"""The Agents page's sheets: hire (held at a checkpoint), run (a proposal held
at a checkpoint) and dismiss (at once, so it is confirmed first: taking an
agent back on would wait at a checkpoint again, so there is no cheap Undo)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from chenu_desktop.domain.tokens import AGENT_BUDGET_DEFAULT, AGENT_BUDGET_MAX
from chenu_desktop.services.agents import TASK_MAX, AgentView

from ..models.hired_agents_model import HiredAgent
from .form_sheet import FormSheet

if TYPE_CHECKING:
    from ..context import AppContext

RUN_THREADS_SHOWN = 100
"""The most recently active threads a run can be pointed at."""


def parse_budget(text: str) -> int | None | str:
    """The budget typed (None: the default), or what is wrong with it."""
    digits = "".join(text.split()).replace(",", "").replace("\u202f", "")
    if not digits:
        return None
    if not digits.isdigit():
        return f"a whole number of tokens, from 1 to {AGENT_BUDGET_MAX:,}"
    budget = int(digits)
    if not 1 <= budget <= AGENT_BUDGET_MAX:
        return f"must be between 1 and {AGENT_BUDGET_MAX:,} tokens"
    return budget


class HireSheet(FormSheet):
    def __init__(
        self,
        context: AppContext,
        parent: QWidget,
        agent: AgentView,
        spheres: Sequence[tuple[str, str]],
        on_hired: Callable[[Any], None],
    ) -> None:
        super().__init__(
            context,
            parent,
            "hire-sheet",
            f"Hire {agent.name}",
            "Hiring always waits at a checkpoint: the agent joins your team once you approve it in Governance.",
            "Ask to hire",
        )
        self.agent = agent
        self.on_hired = on_hired
        self.sphere = QComboBox()
        self.sphere.setObjectName("hire-sphere")
        for sphere_id, name in spheres:
            if agent.sphere_id in (None, sphere_id):
                self.sphere.addItem(name, sphere_id)
        self.sphere.setEnabled(self.sphere.count() > 1)
        self.add_field("sphere", "For the sphere", self.sphere)
        self.budget = QLineEdit()
        self.budget.setObjectName("hire-budget")
        self.budget.setPlaceholderText(f"{AGENT_BUDGET_DEFAULT:,} (the default)")
        self.add_field(
            "budget",
            "Budget in tokens (optional)",
            self.budget,
            f"What it may spend in all, 1 to {AGENT_BUDGET_MAX:,}. Each task costs {agent.base_cost:,}, charged only when you approve it.",
        )

    def check(self) -> dict[str, str]:
        budget = parse_budget(self.budget.text())
        return {"budget": budget} if isinstance(budget, str) else {}

    def submit(self) -> None:
        agent_id, sphere_id = self.agent.id, self.sphere.currentData()
        budget = parse_budget(self.budget.text())
        self.run(lambda services: services.agents.hire(agent_id, sphere_id, budget), self.on_hired)


class RunSheet(FormSheet):
    def __init__(self, context: AppContext, parent: QWidget, hired: HiredAgent, cost: int, on_proposed: Callable[[Any], None]) -> None:
        super().__init__(
            context,
            parent,
            "run-sheet",
            f"Ask {hired.name}",
            f"It works out a proposal and changes nothing: the proposal waits at a checkpoint, "
            f"and its {cost:,} tokens are charged only if you approve it.",
            "Ask for a proposal",
        )
        self.hired = hired
        self.on_proposed = on_proposed
        self.task = QPlainTextEdit()
        self.task.setObjectName("run-task")
        self.task.setPlaceholderText("e.g. extract the action items")
        self.task.setFixedHeight(88)
        self.task.setTabChangesFocus(True)
        self.add_field("task", "Task", self.task)
        self.thread = QComboBox()
        self.thread.setObjectName("run-thread")
        self.thread.addItem("No thread", None)
        self.add_field("thread", f"On a thread of {hired.sphere_name} (optional)", self.thread)
        sphere_id = hired.sphere_id
        context.run(
            lambda services: services.threads.list(sphere_id=sphere_id, status="active", page=lambda ids: ids[:RUN_THREADS_SHOWN]),
            self._show_threads,
            self._failed,
            owner=self,
        )

    def _show_threads(self, threads: Sequence[Any]) -> None:
        for thread in threads:
            self.thread.addItem(thread.title or thread.id, thread.id)

    def choose_thread(self, thread_id: str) -> bool:
        index = self.thread.findData(thread_id)
        if index >= 0:
            self.thread.setCurrentIndex(index)
        return index >= 0

    def check(self) -> dict[str, str]:
        task = self.task.toPlainText().strip()
        if not task:
            return {"task": "say what it should do"}
        if len(task) > TASK_MAX:
            return {"task": f"at most {TASK_MAX:,} characters ({len(task):,} now)"}
        return {}

    def show_problems(self, problems: dict[str, str]) -> None:
        if "thread" in problems:  # the service's wording names the command line's --thread
            problems = {**problems, "thread": "pick a thread: this task works on a thread's notes"}
        super().show_problems(problems)

    def submit(self) -> None:
        agent_id, task, thread_id = self.hired.agent_id, self.task.toPlainText().strip(), self.thread.currentData()
        self.run(lambda services: services.agents.run(agent_id, task, thread_id), self.on_proposed)


class DismissSheet(FormSheet):
    def __init__(self, context: AppContext, parent: QWidget, hired: HiredAgent, on_dismissed: Callable[[Any], None]) -> None:
        super().__init__(
            context,
            parent,
            "dismiss-sheet",
            f"Dismiss {hired.name} from {hired.sphere_name}?",
            "It leaves your team at once and can no longer be asked for proposals. Its token history stays. "
            "Hiring it again would wait at a checkpoint for your approval.",
            "Dismiss",
        )
        self.confirm.setProperty("danger", True)
        self.hired = hired
        self.on_dismissed = on_dismissed

    def submit(self) -> None:
        agent_id, sphere_id = self.hired.agent_id, self.hired.sphere_id
        self.run(lambda services: services.agents.dismiss(agent_id, sphere_id), self.on_dismissed)
