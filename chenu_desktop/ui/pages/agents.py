"""Agents: your team (with each hire's budget and use, and hires still waiting
at a checkpoint), and the catalogue of every plugin's agents, filtered by
sphere and level. Hiring and running only ever open a checkpoint; the page
says so and links to Governance, where a person decides."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QSplitter, QVBoxLayout, QWidget

from chenu_desktop.domain.agents import LEVEL_RULES, AgentLevel
from chenu_desktop.services.agents import AgentView
from chenu_desktop.services.tokens import AgentBudget
from chenu_desktop.services.unavailable import Availability, Missing
from chenu_desktop.services.waiting import WaitingAction, waiting_actions

from ..i18n import name_of, term, tr, translatable
from ..models.agent_catalogue_filter import AgentCatalogueFilter
from ..models.agent_catalogue_model import COST, LEVEL, TEAM, AgentCatalogueModel
from ..models.agent_catalogue_model import SPHERE as AGENT_SPHERE
from ..models.hired_agents_model import HIRED, REMAINING, SPHERE, STATUS, USE, WAITING, HiredAgent, HiredAgentsModel, ShareRole
from ..models.hired_agents_model import SortRole as HiredSortRole
from ..read_only import guard_write, refuse_write
from ..unavailable_text import unavailable_text
from ..widgets.agent_sheets import DismissSheet, HireSheet, RunSheet
from ..widgets.common import button, card, label
from ..widgets.note_link import NoteLink
from ..widgets.record_table import RecordTable
from ..widgets.usage_bar_delegate import UsageBarDelegate
from .base import BasePage

GOVERNANCE = "/governance"
TEAM_ROWS_SHOWN = 4
"""The team table shows this many rows before it scrolls (the catalogue gets the rest)."""


@dataclass(frozen=True)
class AgentsData:
    catalogue: list[AgentView]
    budgets: list[AgentBudget]
    waiting: list[WaitingAction]
    gone_spheres: list[Missing]
    """Spheres agents are hired in whose plugin is gone: named as they were."""


class AgentsPage(BasePage):
    name = "agents"
    title = translatable("Agents")

    # ------------------------------------------------------------ layout

    def build(self, content: QWidget) -> None:
        self.sphere_names = {s.id: f"{s.icon}  {name_of(s)}" for s in self.context.plugins.spheres()}
        page = QVBoxLayout(content)
        page.setContentsMargins(24, 16, 24, 16)
        page.setSpacing(8)

        team_header = QHBoxLayout()
        team_header.addWidget(label(tr("Your team"), "heading"))
        team_header.addStretch(1)
        self.run_button = button(tr("Run…"), "run")
        self.run_button.setToolTip(tr("Ask the selected agent for a proposal"))
        self.dismiss_button = button(tr("Dismiss…"), "dismiss")
        team_header.addWidget(self.run_button)
        team_header.addWidget(self.dismiss_button)
        page.addLayout(team_header)
        page.addWidget(label(tr("Agents only propose: each task waits at a checkpoint until you approve it."), "muted", wrap=True))
        self.note = NoteLink("agents-note", self.context.navigate)
        self.note.hide()
        page.addWidget(self.note)

        self.team = HiredAgentsModel()
        team_sorted = QSortFilterProxyModel(self)
        team_sorted.setSourceModel(self.team)
        team_sorted.setSortRole(HiredSortRole)
        self.team_view = RecordTable("team-list", team_sorted, widths={SPHERE: 200, USE: 184, REMAINING: 104, STATUS: 176})
        self.team_view.setItemDelegateForColumn(USE, UsageBarDelegate(ShareRole, self.team_view))
        self.team_view.activated.connect(lambda _index: self.open_selected_hire())
        self.team_view.selectionModel().selectionChanged.connect(self._team_selection_changed)
        page.addWidget(self.team_view)
        self.team_empty = label(tr("No agents on your team yet: pick one in the catalogue below and choose Hire."), "muted", wrap=True)
        self.team_empty.setObjectName("team-empty")
        page.addWidget(self.team_empty)
        page.addSpacing(16)

        catalogue_header = QHBoxLayout()
        catalogue_header.addWidget(label(tr("Catalogue"), "heading"))
        catalogue_header.addStretch(1)
        self.sphere_filter = QComboBox()
        self.sphere_filter.setObjectName("filter-sphere")
        self.sphere_filter.addItem(tr("All spheres"), None)
        for sphere_id, name in self.sphere_names.items():
            self.sphere_filter.addItem(name, sphere_id)
        self.level_filter = QComboBox()
        self.level_filter.setObjectName("filter-level")
        self.level_filter.addItem(tr("All levels"), None)
        for level, rule in LEVEL_RULES.items():
            self.level_filter.addItem(f"{level.value} · {term(rule.role)}", level.value)
        for combo in (self.sphere_filter, self.level_filter):
            combo.currentIndexChanged.connect(self._filter)
            catalogue_header.addWidget(combo)
        page.addLayout(catalogue_header)

        self.catalogue = AgentCatalogueModel()
        self.filtered = AgentCatalogueFilter()
        self.filtered.setSourceModel(self.catalogue)
        self.catalogue_view = RecordTable("catalogue-list", self.filtered, widths={LEVEL: 64, AGENT_SPHERE: 200, COST: 96, TEAM: 144})
        self.catalogue_view.activated.connect(lambda _index: self.hire_selected())
        self.catalogue_view.selectionModel().currentRowChanged.connect(self._show_detail)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.catalogue_view)
        splitter.addWidget(self._build_detail())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        page.addWidget(splitter, 1)

        self.run_button.clicked.connect(self.run_selected)
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        guard_write(self.context, self.run_button, self.dismiss_button, self.hire_button)
        self._team_selection_changed()

    def _build_detail(self) -> QFrame:
        detail = card("agent-detail")
        detail.setMinimumWidth(280)
        column = QVBoxLayout(detail)
        column.setContentsMargins(16, 16, 16, 16)
        column.setSpacing(8)
        self.detail_name = label("", "heading", wrap=True)
        self.detail_name.setObjectName("agent-name")
        self.detail_meta = label("", "caption", wrap=True)
        self.detail_description = label("", wrap=True)
        self.detail_capabilities = label("", "muted", wrap=True)
        self.detail_capabilities.setObjectName("agent-capabilities")
        self.detail_team = label("", "caption", wrap=True)
        self.hire_button = button(tr("Hire…"), "hire", primary=True)
        self.hire_button.clicked.connect(self.hire_selected)
        for widget in (self.detail_name, self.detail_meta, self.detail_description, self.detail_capabilities, self.detail_team):
            column.addWidget(widget)
        column.addStretch(1)
        column.addWidget(self.hire_button, alignment=Qt.AlignmentFlag.AlignLeft)
        return detail

    # ------------------------------------------------------------ data

    def fetch(self, services: Any) -> AgentsData:
        budgets = services.tokens.report().agents
        availability = Availability(services.ctx)
        hired_in = sorted({b.sphere_id for b in budgets if b.sphere_id})
        return AgentsData(
            catalogue=services.agents.list(),
            budgets=budgets,
            waiting=waiting_actions(services.ctx, ["agent.hire"]),
            gone_spheres=[gone for gone in map(availability.sphere, hired_in) if gone is not None],
        )

    def render(self, result: AgentsData) -> None:
        if not result.catalogue:
            self.show_empty(
                tr("No agents in the catalogue"),
                tr("Agents come from plugins: turn the built-in spheres plugin back on, or add a plugin that brings agents."),
            )
            return
        selected_agent = self._selected_agent()
        selected_hire = self._selected_hire()
        names = {agent.id: name_of(agent) for agent in result.catalogue}
        for sphere in result.gone_spheres:
            self.sphere_names.setdefault(sphere.id, f"{sphere.icon}  {name_of(sphere)}")
        self.catalogue.set_agents(result.catalogue, self.sphere_names)
        self.team.set_rows(self._team_rows(result, names))
        self.team_view.setVisible(self.team.rowCount() > 0)
        self.team_empty.setVisible(self.team.rowCount() == 0)
        rows = min(max(self.team.rowCount(), 1), TEAM_ROWS_SHOWN)
        self.team_view.setFixedHeight(self.team_view.horizontalHeader().sizeHint().height() + rows * self.team_view.verticalHeader().defaultSectionSize() + 2)
        self._reselect(selected_agent, selected_hire)

    def _team_rows(self, result: AgentsData, names: dict[str, str]) -> list[HiredAgent]:
        def sphere_name(sphere_id: str | None) -> str:
            return self.sphere_names.get(sphere_id or "", sphere_id or "")

        unavailable = {agent.id: unavailable_text(agent.unavailable) for agent in result.catalogue if agent.unavailable}
        rows = [
            HiredAgent(
                b.agent_id, names.get(b.agent_id, b.agent_id), b.sphere_id, sphere_name(b.sphere_id), b.used, b.budget, HIRED,
                unavailable=unavailable.get(b.agent_id),
            )
            for b in result.budgets
        ]
        for waiting in result.waiting:
            agent_id, sphere_id = str(waiting.args.get("agent", "")), waiting.args.get("sphere")
            budget = int(waiting.args.get("budget") or 0)
            rows.append(HiredAgent(agent_id, names.get(agent_id, agent_id), sphere_id, sphere_name(sphere_id), 0, budget, WAITING, waiting.checkpoint_id))
        return rows

    # ------------------------------------------------------------ selection

    def _selected_agent(self) -> AgentView | None:
        """The catalogue's current row (the current index moves before the selection does)."""
        index = self.catalogue_view.currentIndex()
        return self.catalogue.agent(self.filtered.mapToSource(index).row()) if index.isValid() else None

    def _selected_hire(self) -> HiredAgent | None:
        row = self.team_view.selected_source_row()
        return None if row is None else self.team.hired(row)

    def _reselect(self, agent: AgentView | None, hire: HiredAgent | None) -> None:
        if agent is None:  # first shown: the first agent that can be hired
            agent = next((a for a in (self.catalogue.agent(r) for r in range(self.catalogue.rowCount())) if a.is_hireable), None)
        row = self.catalogue.row_of(agent.id) if agent else None
        index = self.filtered.mapFromSource(self.catalogue.index(row, 0)) if row is not None else self.filtered.index(0, 0)
        if index.isValid():
            self.catalogue_view.selectRow(index.row())
        self._show_detail(self.catalogue_view.currentIndex())
        if hire is not None:
            proxy = self.team_view.model()
            for source_row in range(self.team.rowCount()):
                other = self.team.hired(source_row)
                if (other.agent_id, other.sphere_id, other.status) == (hire.agent_id, hire.sphere_id, hire.status):
                    self.team_view.selectRow(proxy.mapFromSource(self.team.index(source_row, 0)).row())  # type: ignore[attr-defined]
        self._team_selection_changed()

    def select_agent(self, agent_id: str) -> bool:
        """Select a catalogue row (clearing filters that hide it)."""
        row = self.catalogue.row_of(agent_id)
        if row is None:
            return False
        index = self.filtered.mapFromSource(self.catalogue.index(row, 0))
        if not index.isValid():
            self.sphere_filter.setCurrentIndex(0)
            self.level_filter.setCurrentIndex(0)
            index = self.filtered.mapFromSource(self.catalogue.index(row, 0))
        self.catalogue_view.selectRow(index.row())
        return True

    def select_hire(self, agent_id: str, sphere_id: str | None = None) -> bool:
        proxy = self.team_view.model()
        for source_row in range(self.team.rowCount()):
            hired = self.team.hired(source_row)
            if hired.agent_id == agent_id and hired.status == HIRED and sphere_id in (None, hired.sphere_id):
                self.team_view.selectRow(proxy.mapFromSource(self.team.index(source_row, 0)).row())  # type: ignore[attr-defined]
                return True
        return False

    def _team_selection_changed(self, *_args: Any) -> None:
        hire = self._selected_hire()
        can_act = hire is not None and hire.status == HIRED
        self.run_button.setEnabled(can_act)
        self.dismiss_button.setEnabled(can_act)

    def _filter(self) -> None:
        self.filtered.set_filters(self.sphere_filter.currentData(), self.level_filter.currentData())
        if not self.catalogue_view.currentIndex().isValid() and self.filtered.rowCount() > 0:
            self.catalogue_view.selectRow(0)
        self._show_detail(self.catalogue_view.currentIndex())

    def _show_detail(self, index: QModelIndex, _previous: Any = None) -> None:
        agent = self.catalogue.agent(self.filtered.mapToSource(index).row()) if index.isValid() else None
        self.hire_button.setVisible(agent is not None)
        if agent is None:
            self.detail_name.setText(tr("No agent matches these filters"))
            for widget in (self.detail_meta, self.detail_description, self.detail_capabilities, self.detail_team):
                widget.setText("")
            return
        rule = LEVEL_RULES[AgentLevel(agent.level)]
        sphere = self.sphere_names.get(agent.sphere_id or "", tr("Every sphere"))
        cost = tr("free") if agent.base_cost == 0 else tr("%Ln tokens a task", n=agent.base_cost)
        self.detail_name.setText(name_of(agent))
        self.detail_meta.setText(f"{agent.level} · {term(rule.role)} · {sphere} · {cost}")
        self.detail_description.setText(agent.description)
        self.detail_capabilities.setText("\n".join(f"•  {capability}" for capability in agent.capabilities))
        team = ", ".join(self.sphere_names.get(s, s) for s in agent.hired_in)
        if not agent.is_hireable:
            self.detail_team.setText(tr("A system agent: it serves every workspace and is never hired."))
        else:
            self.detail_team.setText(tr("On your team for {spheres}.").format(spheres=team) if team else tr("Not on your team yet."))
        self.hire_button.setEnabled(agent.is_hireable)

    # ------------------------------------------------------------ actions

    def hire_selected(self) -> None:
        agent = self._selected_agent()
        if agent is None or not agent.is_hireable or refuse_write(self.context):
            return
        spheres = [(sphere_id, name) for sphere_id, name in self.sphere_names.items()]
        sheet = HireSheet(self.context, self.window(), agent, spheres, lambda checkpoint: self._hire_waits(agent, checkpoint))
        sheet.open()

    def _hire_waits(self, agent: AgentView, checkpoint: Any) -> None:
        self.show_note(tr("Hiring {agent} waits at a checkpoint: it joins your team once you approve it.").format(agent=name_of(agent)))
        self._toast(tr("Hiring {agent} waits for your approval.").format(agent=name_of(agent)), tr("Review"))

    def open_selected_hire(self) -> None:
        """Enter or a double click on a team row: ask it for a proposal, or review its waiting hire."""
        hired = self._selected_hire()
        if hired is not None and hired.status == WAITING:
            self.context.navigate(GOVERNANCE)
        else:
            self.run_selected()

    def run_selected(self) -> None:
        hired = self._selected_hire()
        if hired is not None and hired.unavailable:
            self.show_note(tr("{agent} is unavailable: {reason}. It runs again once its plugin is back.").format(agent=hired.name, reason=hired.unavailable))
            return
        if hired is None or hired.status != HIRED or refuse_write(self.context):
            return
        agent = next((a for a in (self.catalogue.agent(r) for r in range(self.catalogue.rowCount())) if a.id == hired.agent_id), None)
        cost = agent.base_cost if agent else 0
        sheet = RunSheet(self.context, self.window(), hired, cost, lambda outcome: self._proposal_waits(hired, outcome))
        sheet.open()

    def _proposal_waits(self, hired: HiredAgent, outcome: Any) -> None:
        checkpoint = outcome.checkpoint
        if checkpoint is not None and checkpoint.risk_level != "low":
            note = tr("{agent}'s proposal waits at a checkpoint (risk {risk}): nothing changes until you approve it.")
        else:
            note = tr("{agent}'s proposal waits at a checkpoint: nothing changes until you approve it.")
        self.show_note(note.format(agent=hired.name, risk=term(checkpoint.risk_level) if checkpoint is not None else ""))
        self._toast(tr("{agent}'s proposal waits for your approval.").format(agent=hired.name), tr("Review"))

    def dismiss_selected(self) -> None:
        hired = self._selected_hire()
        if hired is None or hired.status != HIRED:
            return
        dismissed = tr("Dismissed {agent} from {sphere}.").format(agent=hired.name, sphere=hired.sphere_name)
        sheet = DismissSheet(self.context, self.window(), hired, lambda _result: self._toast(dismissed))
        sheet.open()

    def show_note(self, text: str) -> None:
        self.note.show_note(text, tr("Review in Governance"), GOVERNANCE)

    def _toast(self, text: str, action: str | None = None) -> None:
        toasts = getattr(self.window(), "toasts", None)
        if toasts is None:
            self.context.notice.emit(text, "info")
            return
        toasts.show(text, "info", action, (lambda: self.context.navigate(GOVERNANCE)) if action else None)
