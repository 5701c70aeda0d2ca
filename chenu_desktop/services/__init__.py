"""Use cases shared by the window and the CLI. No Qt here.

Each service module is imported the first time its property is read, not with
this package: the window's first page needs three of them, and importing all
(agents → skills → commands …) before it is drawn cost ~40 ms of start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from .context import ServiceContext, open_context

if TYPE_CHECKING:
    from .actions import Actions
    from .agents import Agents
    from .audit_log import AuditLog
    from .conflicts import Conflicts
    from .decisions import Decisions
    from .governance import Governance
    from .memory import Memory
    from .search import Search
    from .threads import Threads
    from .tokens import Tokens


@dataclass
class Services:
    ctx: ServiceContext

    @cached_property
    def threads(self) -> Threads:
        from .threads import Threads

        return Threads(self.ctx)

    @cached_property
    def actions(self) -> Actions:
        from .actions import Actions

        return Actions(self.ctx)

    @cached_property
    def decisions(self) -> Decisions:
        from .decisions import Decisions

        return Decisions(self.ctx)

    @cached_property
    def conflicts(self) -> Conflicts:
        from .conflicts import Conflicts

        return Conflicts(self.ctx)

    @cached_property
    def governance(self) -> Governance:
        from .governance import Governance

        return Governance(self.ctx)

    @cached_property
    def agents(self) -> Agents:
        from .agents import Agents

        return Agents(self.ctx)

    @cached_property
    def tokens(self) -> Tokens:
        from .tokens import Tokens

        return Tokens(self.ctx)

    @cached_property
    def memory(self) -> Memory:
        from .memory import Memory

        return Memory(self.ctx)

    @cached_property
    def search(self) -> Search:
        from .search import Search

        return Search(self.ctx)

    @cached_property
    def audit_log(self) -> AuditLog:
        from .audit_log import AuditLog

        return AuditLog(self.ctx)


__all__ = ["Services", "ServiceContext", "open_context"]
