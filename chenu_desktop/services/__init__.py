"""Use cases shared by the window and the CLI. No Qt here."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from .conflicts import Conflicts
from .context import ServiceContext, open_context
from .decisions import Decisions
from .threads import Threads


@dataclass
class Services:
    ctx: ServiceContext

    @cached_property
    def threads(self) -> Threads:
        return Threads(self.ctx)

    @cached_property
    def decisions(self) -> Decisions:
        return Decisions(self.ctx)

    @cached_property
    def conflicts(self) -> Conflicts:
        return Conflicts(self.ctx)


__all__ = ["Services", "ServiceContext", "open_context"]
