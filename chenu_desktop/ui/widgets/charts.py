"""The window's bar charts (QtCharts): the dashboard's decisions by aging level
and tokens this week, and `BarChart`, what every chart shares (the Tokens
page's 30 days build on it too).

Drawn in the theme's colours (text, muted, border) with the canon's aging
colours for the series; all are transparent over the card that holds them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QStackedBarSeries, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QSizePolicy

from chenu_desktop.domain.aging import PENDING_LEVELS

from .. import theme
from ..i18n import format_weekday, term, tr
from .aging import aging_colour

HEIGHT = 184


class BarChart(QChartView):
    """A frameless, transparent bar chart: day or level categories along the
    bottom, whole-number values up the left.

    `height`: exactly that tall, or with `fixed=False` at least that tall."""

    def __init__(self, object_name: str, *, height: int = HEIGHT, fixed: bool = True) -> None:
        chart = QChart()
        chart.legend().hide()
        chart.setBackgroundVisible(False)
        chart.setPlotAreaBackgroundVisible(False)
        chart.setMargins(QMargins(0, 0, 0, 0))
        chart.layout().setContentsMargins(0, 0, 0, 0)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        super().__init__(chart)
        self.setObjectName(object_name)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setStyleSheet("background: transparent;")
        self.setFrameShape(QChartView.Shape.NoFrame)
        if fixed:
            self.setFixedHeight(height)
        else:
            self.setMinimumHeight(height)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.categories = QBarCategoryAxis()
        self.values = QValueAxis()
        self.values.setLabelFormat("%d")
        self.values.setTickCount(5)
        chart.addAxis(self.categories, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.values, Qt.AlignmentFlag.AlignLeft)
        theme.switch().changed.connect(self.restyle)

    def restyle(self) -> None:
        """Take the current theme's colours (on every update, and when the theme switches)."""
        current = theme.current()
        muted, border = QColor(theme.colour("muted", current)), QColor(theme.colour("border", current))
        for axis in (self.categories, self.values):
            axis.setLabelsColor(muted)
            axis.setLinePenColor(border)
            axis.setGridLineColor(border)
        self.categories.setGridLineVisible(False)
        self.values.setLineVisible(False)

    def _attach(self, series: QBarSeries | QStackedBarSeries) -> None:
        self.chart().addSeries(series)
        series.attachAxis(self.categories)
        series.attachAxis(self.values)

    def _scale(self, highest: int) -> None:
        """A round top, so every tick is a whole, readable number."""
        ticks = self.values.tickCount() - 1
        self.values.setRange(0, nice_step(highest / ticks) * ticks)


def nice_step(raw: float) -> int:
    """The smallest 1, 2 or 5 × 10ⁿ at least `raw` (and at least 1)."""
    magnitude = 1
    while True:
        for nice in (1, 2, 5):
            if nice * magnitude >= raw:
                return nice * magnitude
        magnitude *= 10


class AgingChart(BarChart):
    """A bar per pending level (GREEN … BLINK), each in its canon colour."""

    def __init__(self) -> None:
        super().__init__("aging-chart")
        levels = [level.value for level in PENDING_LEVELS]
        self.categories.append([term(level).capitalize() for level in levels])
        # One stacked set per level with a value only in its own column: a colour per bar.
        self.series = QStackedBarSeries()
        self.series.setBarWidth(0.5)
        self.sets: dict[str, QBarSet] = {}
        for level in levels:
            bar = QBarSet(term(level).capitalize())
            bar.append([0] * len(levels))
            bar.setColor(aging_colour(level))
            bar.setBorderColor(aging_colour(level))
            self.sets[level] = bar
            self.series.append(bar)
        self._attach(self.series)
        self.show_counts({})

    def show_counts(self, by_aging: Mapping[str, int]) -> None:
        self.restyle()
        for index, (level, bar) in enumerate(self.sets.items()):
            bar.replace(index, int(by_aging.get(level, 0)))
        self._scale(max([int(by_aging.get(level, 0)) for level in self.sets] + [1]))


class TokensWeekChart(BarChart):
    """Tokens spent on each of the last seven days, today last."""

    def __init__(self) -> None:
        super().__init__("tokens-chart")
        self.series = QBarSeries()
        self.series.setBarWidth(0.5)
        self.bar = QBarSet(tr("Tokens"))
        self.series.append(self.bar)
        self._attach(self.series)
        self.restyle()

    def restyle(self) -> None:
        super().restyle()
        accent = QColor(theme.colour("accent", theme.current()))
        self.bar.setColor(accent)
        self.bar.setBorderColor(accent)

    def show_days(self, days: Sequence[tuple[date, int]]) -> None:
        self.restyle()
        labels = [format_weekday(day) for day, _ in days]
        if labels != self.categories.categories():
            self.categories.clear()
            self.categories.append(labels)
        self.bar.remove(0, self.bar.count())
        self.bar.append([used for _, used in days])
        self._scale(max([used for _, used in days] + [1]))
