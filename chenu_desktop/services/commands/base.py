"""Commands: every state-changing use case as a JSON-serialisable object.

A command runs at once (a person's own edit) or waits inside a checkpoint,
syncing to other devices, until a person approves it (see execution.py).
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from typing import Any, ClassVar, TypeVar

from chenu_desktop.domain.errors import ValidationError
from chenu_desktop.domain.governance import RiskLevel

from ..execution import Execution


class Command(ABC):
    """Subclasses are dataclasses registered with `@command("type.name", "type.done")`."""

    type: ClassVar[str]
    audit_action: ClassVar[str]
    """What the audit log calls it once done, in the past tense ("thread.created")."""
    risk: ClassVar[RiskLevel] = RiskLevel.LOW

    @abstractmethod
    def describe(self) -> str:
        """One line for a person deciding whether to approve it."""

    @abstractmethod
    def execute(self, run: Execution) -> dict[str, Any]:
        """Apply the command through `run.tx.writer`; return a short result."""

    def check(self, run: Execution) -> None:
        """Refuse at once what could never be approved (called before holding)."""

    def thread_id(self) -> str | None:
        return getattr(self, "thread", None)

    def sphere_id(self) -> str | None:
        return getattr(self, "sphere", None)

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type, "args": dataclasses.asdict(self)}  # type: ignore[call-overload]


COMMANDS: dict[str, type[Command]] = {}
C = TypeVar("C", bound=type[Command])


def command(type_name: str, audit_action: str) -> Any:
    def register(cls: C) -> C:
        cls.type = type_name
        cls.audit_action = audit_action
        COMMANDS[type_name] = cls
        return cls

    return register


def command_from_json(data: Any) -> Command:
    if not isinstance(data, dict) or "type" not in data:
        raise ValidationError("command", "must be an object with a type and args")
    cls = COMMANDS.get(data["type"])
    if cls is None:
        raise ValidationError("command", f"unknown command type {data['type']!r} (from a newer version?)")
    args = data.get("args") or {}
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = set(args) - set(fields)
    if unknown:
        raise ValidationError("command", f"{data['type']} takes no argument(s) {sorted(unknown)}")
    try:
        return cls(**args)
    except TypeError as error:
        raise ValidationError("command", f"{data['type']}: {error}") from None
