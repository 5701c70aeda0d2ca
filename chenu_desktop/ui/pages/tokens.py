"""Tokens: today and this month against their budgets, each hired agent against
its own, and the last 30 days as a chart. QtCharts is imported only once the
page has shown its numbers (it costs more than the rest of the page)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QProgressBar, QScrollArea, QVBoxLayout, QWidget

from chenu_desktop.services.token_series import SERIES_DAYS_DEFAULT, DailyTokens, daily_token_totals
from chenu_desktop.services.tokens import Budget, TokenReport

from ..i18n import format_day_month, format_number, name_of, tr, translatable
from ..models.hired_agents_model import HIRED, REMAINING, SPHERE, STATUS, USE, HiredAgent, HiredAgentsModel, ShareRole, SortRole
from ..widgets.common import card, label
from ..widgets.note_link import NoteLink
from ..widgets.record_table import RecordTable
from ..widgets.stat_card import tabular
from ..widgets.usage_bar_delegate import UsageBarDelegate
from .base import BasePage

AGENTS = "/agents"
CHART_HEIGHT = 240


@dataclass(frozen=True)
class TokensData:
    report: TokenReport
    days: list[DailyTokens]


class BudgetCard(QFrame):
    """One budget: what it is, what was used, of how much, what is left."""

    def __init__(self, object_name: str, caption: str) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.setProperty("card", True)
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 12, 16, 16)
        column.setSpacing(4)
        column.addWidget(label(caption, "muted"))
        self.used = label("–", "stat")
        self.used.setObjectName("budget-used")
        tabular(self.used)
        self.detail = label("", "caption")
        self.detail.setObjectName("budget-detail")
        tabular(self.detail)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(6)
        column.addWidget(self.used)
        column.addWidget(self.detail)
        column.addSpacing(4)
        column.addWidget(self.bar)

    def show_budget(self, budget: Budget) -> None:
        self.used.setText(format_number(budget.used))
        self.detail.setText(tr("of {budget}  ·  {remaining} left").format(budget=format_number(budget.budget), remaining=format_number(budget.remaining)))
        self.bar.setRange(0, max(budget.budget, 1))
        self.bar.setValue(min(budget.used, budget.budget))


class TokensPage(BasePage):
    name = "tokens"
    title = translatable("Tokens")

    def build(self, content: QWidget) -> None:
        outer = QVBoxLayout(content)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        page = QVBoxLayout(body)
        page.setContentsMargins(24, 16, 24, 24)
        page.setSpacing(16)
        page.addWidget(label(tr("Tokens are internal credits, not money. An agent's task is charged when you approve its proposal."), "muted", wrap=True))

        budgets = QHBoxLayout()
        budgets.setSpacing(16)
        self.today = BudgetCard("tokens-today", tr("Today"))
        self.month = BudgetCard("tokens-month", tr("This month"))
        budgets.addWidget(self.today)
        budgets.addWidget(self.month)
        page.addLayout(budgets)

        history = card("tokens-history")
        column = QVBoxLayout(history)
        column.setContentsMargins(16, 12, 16, 16)
        column.setSpacing(8)
        top = QHBoxLayout()
        top.addWidget(label(tr("Last %n day(s)", n=SERIES_DAYS_DEFAULT), "heading"))
        top.addStretch(1)
        self.history_total = label("", "caption")
        self.history_total.setObjectName("tokens-history-total")
        tabular(self.history_total)
        top.addWidget(self.history_total)
        column.addLayout(top)
        self.chart: Any = None
        """The TokenChart, made just after the first render."""
        self._chart_slot = QWidget()
        self._chart_slot.setFixedHeight(CHART_HEIGHT)
        self._chart_layout = QVBoxLayout(self._chart_slot)
        self._chart_layout.setContentsMargins(0, 0, 0, 0)
        self._days: list[tuple[date, int]] = []
        column.addWidget(self._chart_slot)
        page.addWidget(history)

        page.addWidget(label(tr("Per hired agent"), "heading"))
        self.agents = HiredAgentsModel()
        ordered = QSortFilterProxyModel(self)
        ordered.setSourceModel(self.agents)
        ordered.setSortRole(SortRole)
        self.agents_view = RecordTable("tokens-agents", ordered, widths={SPHERE: 200, USE: 240, REMAINING: 120})
        self.agents_view.setItemDelegateForColumn(USE, UsageBarDelegate(ShareRole, self.agents_view))
        self.agents_view.setColumnHidden(STATUS, True)
        self.agents_view.activated.connect(lambda _index: self.context.navigate(AGENTS))
        page.addWidget(self.agents_view)
        self.no_agents = NoteLink("tokens-no-agents", self.context.navigate)
        self.no_agents.show_note(tr("No agents on your team, so no agent budgets."), tr("Hire one on the Agents page"), AGENTS)
        page.addWidget(self.no_agents)
        page.addStretch(1)

    def _make_chart(self) -> None:
        from ..widgets.token_chart import TokenChart  # QtCharts: first needed here

        if self.chart is None:
            self.chart = TokenChart()
            self._chart_layout.addWidget(self.chart)
        self.chart.show_days(self._days)

    def fetch(self, services: Any) -> TokensData:
        return TokensData(services.tokens.report(), daily_token_totals(services.ctx))

    def render(self, result: TokensData) -> None:
        report = result.report
        if not report.agents and report.monthly.used == 0 and not any(day.used for day in result.days):
            self.show_empty(
                tr("No tokens spent yet"),
                tr("Tokens are spent when you approve an agent's proposal. Hire an agent to begin."),
                tr("Go to Agents"),
                lambda: self.context.navigate(AGENTS),
            )
            return
        self.today.show_budget(report.daily)
        self.month.show_budget(report.monthly)
        total = sum(day.used for day in result.days)
        first, last = result.days[0].day, result.days[-1].day
        self.history_total.setText(
            tr("{first} – {last}  ·  {total} tokens").format(first=format_day_month(first), last=format_day_month(last), total=format_number(total))
        )
        self._days = [(day.day, day.used) for day in result.days]
        if self.chart is None:
            QTimer.singleShot(0, self._make_chart)  # after this paint
        else:
            self.chart.show_days(self._days)
        rows = []
        for hired in report.agents:
            agent = self.context.plugins.agent(hired.agent_id)
            sphere = self.context.plugins.sphere(hired.sphere_id) if hired.sphere_id else None
            rows.append(
                HiredAgent(
                    hired.agent_id,
                    name_of(agent) if agent else hired.agent_id,
                    hired.sphere_id,
                    f"{sphere.icon}  {name_of(sphere)}" if sphere else (hired.sphere_id or ""),
                    hired.used,
                    hired.budget,
                    HIRED,
                )
            )
        self.agents.set_rows(rows)
        self.agents_view.setVisible(bool(rows))
        self.no_agents.setVisible(not rows)
        header = self.agents_view.horizontalHeader().sizeHint().height()
        self.agents_view.setFixedHeight(header + max(len(rows), 1) * self.agents_view.verticalHeader().defaultSectionSize() + 2)
