"""A sphere on the dashboard: its colour, icon and name, and what waits in it; a click opens it."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout

from chenu_desktop.plugin_host.specs import SphereSpec

from ..i18n import name_of, tr
from .clickable_card import ClickableCard
from .colour_bar import ColourBar
from .common import label
from .stat_card import tabular


class SphereCard(ClickableCard):
    def __init__(self, sphere: SphereSpec) -> None:
        super().__init__("sphere-card")
        self.sphere_id = sphere.id
        self.setProperty("sphereId", sphere.id)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)  # a row's cards share its height
        self.setToolTip(tr("Open {sphere}").format(sphere=name_of(sphere)))
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 12, 16, 12)
        row.setSpacing(12)
        row.addWidget(ColourBar(sphere.colour))
        self.icon = label(sphere.icon)
        self.icon.setObjectName("sphere-icon")
        font = self.icon.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        self.icon.setFont(font)
        row.addWidget(self.icon)
        text = QVBoxLayout()
        text.setSpacing(2)
        self.name = label(name_of(sphere), "heading")
        self.name.setObjectName("sphere-name")
        self.name.setWordWrap(True)  # narrow windows wrap rather than clip
        self.counts = label("", "muted")
        self.counts.setWordWrap(True)
        self.counts.setObjectName("sphere-counts")
        tabular(self.counts)
        text.addStretch(1)  # centred when a row's taller neighbour stretches this card
        text.addWidget(self.name)
        text.addWidget(self.counts)
        text.addStretch(1)
        row.addLayout(text, 1)

    def show_counts(self, threads: int, decisions: int) -> None:
        self.counts.setText(
            tr("{threads} · {decisions} waiting").format(
                threads=tr("%n active thread(s)", n=threads), decisions=tr("%n decision(s)", n=decisions)
            )
        )
        self.setProperty("threads", threads)
        self.setProperty("decisions", decisions)
