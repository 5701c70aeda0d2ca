"""Tokens spent on each of the last 30 days (QtCharts: import this module only
when the chart is wanted, so start-up never loads QtCharts)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCharts import QBarSeries, QBarSet
from PySide6.QtGui import QColor

from .. import theme
from ..i18n import tr
from .charts import BarChart

HEIGHT = 240


class TokenChart(BarChart):
    def __init__(self) -> None:
        super().__init__("token-chart", height=HEIGHT, fixed=False)
        self.bars = QBarSet(tr("Tokens"))
        self.restyle()
        self.series = QBarSeries()
        self.series.setBarWidth(0.6)
        self.series.append(self.bars)
        self._attach(self.series)
        self.totals: list[int] = []

    def restyle(self) -> None:
        super().restyle()
        accent = QColor(theme.colour("accent", theme.current()))
        self.bars.setColor(accent)
        self.bars.setBorderColor(accent)

    def show_days(self, days: Sequence[tuple[date, int]]) -> None:
        """`days`: (day, tokens) oldest first."""
        self.categories.clear()
        self.categories.append(day_labels([day for day, _ in days]))
        self.totals = [used for _, used in days]
        self.bars.remove(0, self.bars.count())
        self.bars.append(self.totals)
        self._scale(max(self.totals + [1]))


def day_labels(days: Sequence[date]) -> list[str]:
    """The day of the month under each bar (a date would not fit 30 times; the
    page says which months). Categories must differ, and a window across a
    short February can hold the same day twice: zero-width spaces tell them apart."""
    seen: dict[int, int] = {}
    labels = []
    for day in days:
        labels.append(str(day.day) + "\u200b" * seen.get(day.day, 0))
        seen[day.day] = seen.get(day.day, 0) + 1
    return labels
