"""Use cases shared by the window and the CLI. No Qt here."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from .agents import Agents
from .audit_log import AuditLog
from .conflicts import Conflicts
from .context import ServiceContext, open_context
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
        return Threads(self.ctx)

    @cached_property
    def decisions(self) -> Decisions:
        return Decisions(self.ctx)

    @cached_property
    def conflicts(self) -> Conflicts:
        return Conflicts(self.ctx)

    @cached_property
    def governance(self) -> Governance:
        return Governance(self.ctx)

    @cached_property
    def agents(self) -> Agents:
        return Agents(self.ctx)

    @cached_property
    def tokens(self) -> Tokens:
        return Tokens(self.ctx)

    @cached_property
    def memory(self) -> Memory:
        return Memory(self.ctx)

    @cached_property
    def search(self) -> Search:
        return Search(self.ctx)

    @cached_property
    def audit_log(self) -> AuditLog:
        return AuditLog(self.ctx)


__all__ = ["Services", "ServiceContext", "open_context"]
