"""Memory commands: what Nova or an agent wants remembered waits for approval."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chenu_desktop.domain.memory import MemorySource

from ..execution import Execution
from .base import Command, command


@command("memory.store", "memory.added")
@dataclass
class StoreMemory(Command):
    content: str
    memory_type: str = "fact"
    source: str = MemorySource.AGENT.value
    thread: str | None = None

    def describe(self) -> str:
        return f"Remember ({self.memory_type}): {self.content[:80]}"

    def execute(self, run: Execution) -> dict[str, Any]:
        from ..memory import insert_memory

        memory_id = insert_memory(
            run.tx,
            run.ctx,
            content=self.content,
            type=self.memory_type,
            source=self.source,
            thread_id=self.thread,
            pinned=False,
            now=run.now,
            new_id=run.new_id,
        )
        return {"memory_id": memory_id, "thread_id": self.thread}
