"""The "New decision" sheet: a title, a sphere, a priority and its options,
checked as they are typed in, recorded through the decisions service."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from chenu_desktop.domain.decisions import (
    DEFAULT_PRIORITY,
    OPTION_LABEL_MAX,
    PRIORITIES,
)
from chenu_desktop.domain.threads import TITLE_MAX

from ..i18n import name_of, term, tr
from .common import mark_invalid
from .form_sheet import FormSheet

if TYPE_CHECKING:
    from ..context import AppContext

OPTIONS_HEIGHT = 96


class NewDecisionSheet(FormSheet):
    def __init__(self, context: AppContext, parent: QWidget, sphere_id: str | None = None) -> None:
        super().__init__(
            context,
            parent,
            "new-decision-sheet",
            tr("New decision"),
            tr("It waits here, aging from GREEN, until you take it by choosing one of its options."),
            tr("Record decision"),
        )
        self.title = QLineEdit()
        self.title.setObjectName("decision-title-field")
        self.title.setPlaceholderText(tr("e.g. Which oven for the bakery?"))
        self.title.setMaxLength(TITLE_MAX + 1)
        self.sphere = QComboBox()
        self.sphere.setObjectName("decision-sphere")
        for sphere in context.plugins.spheres():
            self.sphere.addItem(f"{sphere.icon}  {name_of(sphere)}", sphere.id)
        self.sphere.setCurrentIndex(max(self.sphere.findData(sphere_id), 0))
        self.priority = QComboBox()
        self.priority.setObjectName("decision-priority")
        for priority in PRIORITIES:
            self.priority.addItem(term(priority).capitalize(), priority)
        self.priority.setCurrentIndex(self.priority.findData(DEFAULT_PRIORITY))
        self.options = QPlainTextEdit()
        self.options.setObjectName("decision-options")
        self.options.setPlaceholderText(tr("One option per line"))
        self.options.setFixedHeight(OPTIONS_HEIGHT)
        self.add_field("title", tr("Title"), self.title)
        self.add_field("sphere", tr("Sphere"), self.sphere)
        self.add_field("priority", tr("Priority"), self.priority)
        self.add_field("options", tr("Options"), self.options, tr("You can add more later, on the decision itself."))
        self.title.textEdited.connect(lambda _t: self._check_live())
        self.options.textChanged.connect(self._check_live)

    def labels(self) -> list[str]:
        return [line.strip() for line in self.options.toPlainText().splitlines() if line.strip()]

    def check(self) -> dict[str, str]:
        problems = {}
        title = self.title.text().strip()
        if not title:
            problems["title"] = tr("Give the decision a title.")
        elif len(title) > TITLE_MAX:
            problems["title"] = tr("At most {max} characters (this one has {count}).").format(max=TITLE_MAX, count=len(title))
        labels = self.labels()
        seen: set[str] = set()
        for label in labels:
            if len(label) > OPTION_LABEL_MAX:
                problems["options"] = tr("An option has at most {max} characters.").format(max=OPTION_LABEL_MAX)
            elif label.casefold() in seen:
                problems["options"] = tr("“{option}” is listed twice.").format(option=label)
            seen.add(label.casefold())
        return problems

    def _check_live(self) -> None:
        """Inline: a problem shows (and clears) as it is typed, once the field has text."""
        problems = {name: text for name, text in self.check().items() if name != "title" or self.title.text()}
        self.show_problems(problems)
        for name, widget in (("title", self.title), ("options", self.options)):
            mark_invalid(widget, name in problems)

    def submit(self) -> None:
        title = self.title.text().strip()
        sphere = self.sphere.currentData()
        priority = self.priority.currentData()
        options = [{"label": label} for label in self.labels()]
        self.run(
            lambda services: services.decisions.add(title=title, sphere_id=sphere, priority=priority, options=options),
            self._recorded,
        )

    def _recorded(self, decision: Any) -> None:
        self.context.notice.emit(tr("Recorded “{title}”: it waits at GREEN.").format(title=decision.title), "info")

    @classmethod
    def ask(cls, context: AppContext, parent: QWidget, sphere_id: str | None = None) -> NewDecisionSheet:
        sheet = cls(context, parent, sphere_id)
        sheet.open()
        sheet.title.setFocus()
        return sheet
