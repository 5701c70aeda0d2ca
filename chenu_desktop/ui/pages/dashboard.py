"""The dashboard: six numbers, the spheres, and two charts.

Every number is `chenu stats --json` (`services.dashboard`), fetched in one
call on the worker thread. The numbers and the sphere cards are drawn first;
the charts (QtCharts) are built just after, so the first paint is not kept
waiting for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QColor, QLinearGradient, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QProgressBar, QVBoxLayout, QWidget

from .. import theme
from ..i18n import format_number, tr, translatable
from ..widgets.aging import AgingBar
from ..widgets.common import headed_card, label, vertical_scroll
from ..widgets.sphere_card import SphereCard
from ..widgets.stat_card import MIN_WIDTH, StatCard, compact
from .base import BasePage

if TYPE_CHECKING:
    from chenu_desktop.services.dashboard import Dashboard

STATS: tuple[tuple[str, str, str], ...] = (
    ("decisions", translatable("Decisions"), "/decisions"),
    ("threads", translatable("Threads"), "/threads"),
    ("agents", translatable("Agents"), "/agents"),
    ("tokens", translatable("Tokens today"), "/tokens"),
    ("checkpoints", translatable("Checkpoints"), "/governance"),
    ("memory", translatable("Memory"), "/memory"),
)
"""(key in the stats, caption, the page it opens), in the order shown."""

SPHERE_COLUMNS = 3
MARGIN = 24
GAP = 16


class DashboardPage(BasePage):
    name = "dashboard"
    title = translatable("Dashboard")

    def build(self, content: QWidget) -> None:
        scroll = vertical_scroll()
        scroll.viewport().setAutoFillBackground(False)
        outer = QVBoxLayout(content)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        column = QVBoxLayout(body)
        column.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        column.setSpacing(GAP)

        self.stats_box = QWidget()
        self.stats_box.setObjectName("stats-row")
        self.stats_grid = QGridLayout(self.stats_box)
        self.stats_grid.setContentsMargins(0, 0, 0, 0)
        self.stats_grid.setSpacing(GAP)
        self.stats = {key: StatCard(key, tr(caption), path) for key, caption, path in STATS}
        for stat in self.stats.values():
            stat.activated.connect(lambda path=stat.path: self.context.navigate(path))
        self.aging_bar = AgingBar()
        self.stats["decisions"].add_extra(self.aging_bar)
        self.token_meter = QProgressBar()
        self.token_meter.setObjectName("token-meter")
        self.token_meter.setTextVisible(False)
        self.token_meter.setFixedHeight(AgingBar.HEIGHT)
        self.stats["tokens"].add_extra(self.token_meter)
        self._stat_columns = 0
        self._arrange_stats(len(STATS))
        column.addWidget(self.stats_box)

        column.addSpacing(8)
        column.addWidget(label(tr("Spheres"), "heading"))
        self.sphere_grid = QWidget()
        self.sphere_grid.setObjectName("sphere-grid")
        self.spheres_layout = QGridLayout(self.sphere_grid)
        self.spheres_layout.setContentsMargins(0, 0, 0, 0)
        self.spheres_layout.setSpacing(GAP)
        for index in range(SPHERE_COLUMNS):
            self.spheres_layout.setColumnStretch(index, 1)
        self.sphere_cards: dict[str, SphereCard] = {}
        column.addWidget(self.sphere_grid)

        column.addSpacing(8)
        charts = QHBoxLayout()
        charts.setSpacing(GAP)
        self.aging_card, self.aging_holder = headed_card(tr("Decisions by aging"), "aging-card", bottom=12)
        self.tokens_card, self.tokens_holder = headed_card(tr("Tokens this week"), "tokens-card", bottom=12)
        self.aging_caption = label("", "caption")
        self.aging_holder.addWidget(self.aging_caption)
        self.tokens_caption = label("", "caption")
        self.tokens_holder.addWidget(self.tokens_caption)
        charts.addWidget(self.aging_card, 1, Qt.AlignmentFlag.AlignTop)
        charts.addWidget(self.tokens_card, 1, Qt.AlignmentFlag.AlignTop)
        column.addLayout(charts)
        column.addStretch(1)
        self.aging_chart: Any = None
        self.tokens_chart: Any = None
        self._data: Dashboard | None = None

    # ------------------------------------------------------------ data

    def fetch(self, services: Any) -> Dashboard:
        from chenu_desktop.services.dashboard import dashboard  # the store's code: after a start snapshot's first paint

        return dashboard(services.ctx)

    def render(self, result: Dashboard) -> None:
        self._data = result
        self._show_stats(result)
        self._show_spheres(result)
        if self.aging_chart is None:
            QTimer.singleShot(0, self, self._build_charts)
        else:
            self._show_charts(result)

    def _show_stats(self, data: Dashboard) -> None:
        stats, month = data.stats, data.tokens_month
        decisions = stats["decisions"]
        self.stats["decisions"].show_number(decisions["pending"], tr("waiting\nof {total} recorded").format(total=format_number(decisions["total"])))
        self.aging_bar.set_counts(decisions["byAging"])
        threads = stats["threads"]
        self.stats["threads"].show_number(threads["active"], tr("active\nof {total} in all").format(total=format_number(threads["total"])))
        agents = stats["agents"]
        self.stats["agents"].show_number(agents["hired"], tr("hired\n{available} more to hire").format(available=format_number(agents["available"])))
        tokens = stats["tokens"]
        self.token_meter.setRange(0, max(1, tokens["budget"]))
        self.token_meter.setValue(min(tokens["used"], tokens["budget"]))
        self.stats["tokens"].show_number(
            tokens["used"],
            tr("of {budget} today\n{used} of {month_budget} this month").format(
                budget=compact(tokens["budget"]), used=compact(month.used), month_budget=compact(month.budget)
            ),
        )
        checkpoints = stats["checkpoints"]
        self.stats["checkpoints"].show_number(
            checkpoints["pending"], tr("waiting for you\n{approved} approved so far").format(approved=format_number(checkpoints["approved"]))
        )
        self.stats["checkpoints"].setToolTip(
            tr("{pending} pending, {approved} approved, {rejected} rejected").format(
                pending=format_number(checkpoints["pending"]),
                approved=format_number(checkpoints["approved"]),
                rejected=format_number(checkpoints["rejected"]),
            )
        )
        memory = stats["memory"]
        self.stats["memory"].show_number(
            memory["items"], tr("{items}\n{size} KB").format(items=tr("%n item(s)", n=memory["items"]), size=format_number(memory["sizeKb"]))
        )

    def _show_spheres(self, data: Dashboard) -> None:
        spheres = [self.context.plugins.sphere(sphere_id) for sphere_id in data.overview.spheres]
        wanted = [sphere.id for sphere in spheres if sphere is not None]
        if wanted != list(self.sphere_cards):
            for old in self.sphere_cards.values():
                self.spheres_layout.removeWidget(old)
                old.setParent(None)  # gone at once, not only when the deferred delete runs
                old.deleteLater()
            self.sphere_cards = {}
            for index, sphere in enumerate(s for s in spheres if s is not None):
                sphere_card = SphereCard(sphere)
                sphere_card.activated.connect(lambda sphere_id=sphere.id: self.context.navigate(f"/sphere/{sphere_id}"))
                self.spheres_layout.addWidget(sphere_card, index // SPHERE_COLUMNS, index % SPHERE_COLUMNS)
                self.sphere_cards[sphere.id] = sphere_card
        for sphere_id, sphere_card in self.sphere_cards.items():
            counts = data.overview.spheres[sphere_id]
            sphere_card.show_counts(counts.threads, counts.decisions)

    def _build_charts(self) -> None:
        from ..widgets.charts import AgingChart, TokensWeekChart  # QtCharts: after the first paint

        if self.aging_chart is not None:
            return
        self.aging_chart = AgingChart()
        self.aging_holder.insertWidget(1, self.aging_chart)
        self.tokens_chart = TokensWeekChart()
        self.tokens_holder.insertWidget(1, self.tokens_chart)
        if self._data is not None:
            self._show_charts(self._data)

    def _show_charts(self, data: Dashboard) -> None:
        by_aging = data.stats["decisions"]["byAging"]
        self.aging_chart.show_counts(by_aging)
        late = by_aging.get("RED", 0) + by_aging.get("BLINK", 0)
        self.aging_caption.setText(
            tr("{decisions} waiting · {late} overdue (red or blinking)").format(
                decisions=tr("%n decision(s)", n=sum(by_aging.values())), late=format_number(late)
            )
        )
        self.tokens_chart.show_days([(day.day, day.used) for day in data.tokens_week])
        week = sum(day.used for day in data.tokens_week)
        self.tokens_caption.setText(
            tr("{week} tokens in the last 7 days · daily budget {budget}").format(
                week=format_number(week), budget=format_number(data.stats["tokens"]["budget"])
            )
        )

    # ------------------------------------------------------------ layout and look

    def _arrange_stats(self, columns: int) -> None:
        """Six in a row, or three by two when the page is narrow."""
        if columns == self._stat_columns:
            return
        self._stat_columns = columns
        for stat in self.stats.values():
            self.stats_grid.removeWidget(stat)
        for index, stat in enumerate(self.stats.values()):
            self.stats_grid.addWidget(stat, index // columns, index % columns)
        for index in range(len(STATS)):
            self.stats_grid.setColumnStretch(index, 1 if index < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        one_row = len(STATS) * MIN_WIDTH + (len(STATS) - 1) * GAP + 2 * MARGIN + 16
        self._arrange_stats(len(STATS) if event.size().width() >= one_row else len(STATS) // 2)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """The one page allowed the window's gradient (WINDOW.md)."""
        current = theme.current()
        rect: QRect = self.rect()
        gradient = QLinearGradient(0, 0, 0, rect.height())
        gradient.setColorAt(0, QColor(theme.colour("window", current)))
        gradient.setColorAt(1, QColor(theme.colour("window_end", current)))
        painter = QPainter(self)
        painter.fillRect(rect, gradient)
        painter.end()
        super().paintEvent(event)
