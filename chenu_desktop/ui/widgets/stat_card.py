"""A dashboard number: what it counts, the number, a line of detail; a click opens its page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from ..i18n import format_number, tr
from .clickable_card import ClickableCard
from .common import label

MIN_WIDTH = 144


def compact(number: int) -> str:
    """12,345 as "12k", 2,000,000 as "2M": for budgets in a line of detail."""
    for suffix, size in (("M", 1_000_000), ("k", 1_000)):
        if abs(number) >= size:
            whole, rest = divmod(abs(number), size)
            text = f"{whole}" if not rest or whole >= 100 else f"{abs(number) / size:.1f}".rstrip("0").rstrip(".")
            return ("-" if number < 0 else "") + text + suffix
    return str(number)


def tabular(widget: QWidget) -> None:
    """Digits of equal width, so numbers do not jitter as they change."""
    font = widget.font()
    font.setFeature(QFont.Tag("tnum"), 1)
    widget.setFont(font)


class StatCard(ClickableCard):
    """`stat` (a property too) names the number, e.g. "threads"; `path` is the page it opens."""

    def __init__(self, stat: str, caption: str, path: str) -> None:
        super().__init__("stats-widget")
        self.stat = stat
        self.path = path
        self.setProperty("stat", stat)
        self.setMinimumWidth(MIN_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setToolTip(tr("Open {page}").format(page=caption.lower()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(4)
        self.caption = label(caption, "muted")
        self.caption.setObjectName("stat-caption")
        self.value = label("–", "stat")
        self.value.setObjectName("stat-value")
        tabular(self.value)
        self.detail = label("", "caption")
        self.detail.setObjectName("stat-detail")
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        tabular(self.detail)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        layout.addStretch(1)
        self.extra = QVBoxLayout()
        self.extra.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(self.extra)

    def show_number(self, value: int, detail: str = "") -> None:
        self.value.setText(format_number(value))
        self.detail.setText(detail)

    def add_extra(self, widget: QWidget) -> None:
        """A small graphic under the detail (a bar, a meter), at the foot of the card."""
        self.extra.addWidget(widget)
