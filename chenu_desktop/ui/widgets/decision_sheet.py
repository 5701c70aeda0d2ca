"""The "New decision" sheet: a title, a sphere, a priority and its options,
checked as they are typed in, recorded through the decisions service."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from chenu_desktop.domain.decisions import DEFAULT_PRIORITY, PRIORITIES
from chenu_desktop.domain.threads import TITLE_MAX
from chenu_desktop.services.commands.decisions import OPTION_LABEL_MAX

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
            "New decision",
            "It waits here, aging from GREEN, until you take it by choosing one of its options.",
            "Record decision",
        )
        self.title = QLineEdit()
        self.title.setObjectName("decision-title-field")
        self.title.setPlaceholderText("e.g. Which oven for the bakery?")
        self.title.setMaxLength(TITLE_MAX + 1)
        self.sphere = QComboBox()
        self.sphere.setObjectName("decision-sphere")
        for sphere in context.plugins.spheres():
            self.sphere.addItem(f"{sphere.icon}  {sphere.name}", sphere.id)
        self.sphere.setCurrentIndex(max(self.sphere.findData(sphere_id), 0))
        self.priority = QComboBox()
        self.priority.setObjectName("decision-priority")
        for priority in PRIORITIES:
            self.priority.addItem(priority.capitalize(), priority)
        self.priority.setCurrentIndex(self.priority.findData(DEFAULT_PRIORITY))
        self.options = QPlainTextEdit()
        self.options.setObjectName("decision-options")
        self.options.setPlaceholderText("One option per line")
        self.options.setFixedHeight(OPTIONS_HEIGHT)
        self.add_field("title", "Title", self.title)
        self.add_field("sphere", "Sphere", self.sphere)
        self.add_field("priority", "Priority", self.priority)
        self.add_field("options", "Options", self.options, "You can add more later, on the decision itself.")
        self.title.textEdited.connect(lambda _t: self._check_live())
        self.options.textChanged.connect(self._check_live)

    def labels(self) -> list[str]:
        return [line.strip() for line in self.options.toPlainText().splitlines() if line.strip()]

    def check(self) -> dict[str, str]:
        problems = {}
        title = self.title.text().strip()
        if not title:
            problems["title"] = "Give the decision a title."
        elif len(title) > TITLE_MAX:
            problems["title"] = f"At most {TITLE_MAX} characters (this one has {len(title)})."
        labels = self.labels()
        seen: set[str] = set()
        for label in labels:
            if len(label) > OPTION_LABEL_MAX:
                problems["options"] = f"An option has at most {OPTION_LABEL_MAX} characters."
            elif label.casefold() in seen:
                problems["options"] = f"“{label}” is listed twice."
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
        self.context.notice.emit(f"Recorded “{decision.title}”: it waits at GREEN.", "info")

    @classmethod
    def ask(cls, context: AppContext, parent: QWidget, sphere_id: str | None = None) -> NewDecisionSheet:
        sheet = cls(context, parent, sphere_id)
        sheet.open()
        sheet.title.setFocus()
        return sheet
