"""The Agents page's sheets: hire (held at a checkpoint), run (a proposal held
at a checkpoint) and dismiss (at once, so it is confirmed first: taking an
agent back on would wait at a checkpoint again, so there is no cheap Undo)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from chenu_desktop.domain.agents import TASK_MAX
from chenu_desktop.domain.tokens import AGENT_BUDGET_DEFAULT, AGENT_BUDGET_MAX
from chenu_desktop.services.agents import AgentView

from ..i18n import format_number, name_of, tr
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
        return tr("a whole number of tokens, from 1 to {max}").format(max=format_number(AGENT_BUDGET_MAX))
    budget = int(digits)
    if not 1 <= budget <= AGENT_BUDGET_MAX:
        return tr("must be between 1 and {max} tokens").format(max=format_number(AGENT_BUDGET_MAX))
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
            tr("Hire {agent}").format(agent=name_of(agent)),
            tr("Hiring always waits at a checkpoint: the agent joins your team once you approve it in Governance."),
            tr("Ask to hire"),
        )
        self.agent = agent
        self.on_hired = on_hired
        self.sphere = QComboBox()
        self.sphere.setObjectName("hire-sphere")
        for sphere_id, name in spheres:
            if agent.sphere_id in (None, sphere_id):
                self.sphere.addItem(name, sphere_id)
        self.sphere.setEnabled(self.sphere.count() > 1)
        self.add_field("sphere", tr("For the sphere"), self.sphere)
        self.budget = QLineEdit()
        self.budget.setObjectName("hire-budget")
        self.budget.setPlaceholderText(tr("{budget} (the default)").format(budget=format_number(AGENT_BUDGET_DEFAULT)))
        self.add_field(
            "budget",
            tr("Budget in tokens (optional)"),
            self.budget,
            tr("What it may spend in all, 1 to {max}. Each task costs {cost}, charged only when you approve it.").format(
                max=format_number(AGENT_BUDGET_MAX), cost=format_number(agent.base_cost)
            ),
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
            tr("Ask {agent}").format(agent=hired.name),
            tr(
                "It works out a proposal and changes nothing: the proposal waits at a checkpoint, "
                "and its {cost} tokens are charged only if you approve it."
            ).format(cost=format_number(cost)),
            tr("Ask for a proposal"),
        )
        self.hired = hired
        self.on_proposed = on_proposed
        self.task = QPlainTextEdit()
        self.task.setObjectName("run-task")
        self.task.setPlaceholderText(tr("e.g. extract the action items"))
        self.task.setFixedHeight(88)
        self.task.setTabChangesFocus(True)
        self.add_field("task", tr("Task"), self.task)
        self.thread = QComboBox()
        self.thread.setObjectName("run-thread")
        self.thread.addItem(tr("No thread"), None)
        self.add_field("thread", tr("On a thread of {sphere} (optional)").format(sphere=hired.sphere_name), self.thread)
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
            return {"task": tr("say what it should do")}
        if len(task) > TASK_MAX:
            return {"task": tr("at most {max} characters ({count} now)").format(max=format_number(TASK_MAX), count=format_number(len(task)))}
        return {}

    def show_problems(self, problems: dict[str, str]) -> None:
        if "thread" in problems:  # the service's wording names the command line's --thread
            problems = {**problems, "thread": tr("pick a thread: this task works on a thread's notes")}
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
            tr("Dismiss {agent} from {sphere}?").format(agent=hired.name, sphere=hired.sphere_name),
            tr(
                "It leaves your team at once and can no longer be asked for proposals. Its token history stays. "
                "Hiring it again would wait at a checkpoint for your approval."
            ),
            tr("Dismiss"),
        )
        self.confirm.setProperty("danger", True)
        self.hired = hired
        self.on_dismissed = on_dismissed

    def submit(self) -> None:
        agent_id, sphere_id = self.hired.agent_id, self.hired.sphere_id
        self.run(lambda services: services.agents.dismiss(agent_id, sphere_id), self.on_dismissed)
