"""One write, as someone, at some time: what every command runs inside.

When a command runs from a checkpoint, every id it creates is derived from
the checkpoint id and its time is the checkpoint's creation time, so
approving the same checkpoint on two offline devices produces identical
rows, which merge into one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from chenu_desktop.domain.ids import derived_id, uuid7
from chenu_desktop.store import Transaction

from .context import ServiceContext


@dataclass
class Execution:
    tx: Transaction
    ctx: ServiceContext
    actor: str
    now: datetime
    checkpoint_id: str | None = None
    _counter: int = field(default=0, repr=False)

    @property
    def writer(self):  # noqa: ANN201 - ChangeWriter, re-exported for brevity
        return self.tx.writer

    @property
    def workspace_id(self) -> str:
        return self.ctx.workspace_id

    def moment(self) -> datetime:
        """`now`, plus a microsecond per effect so far: a held command's effects
        keep their order in logs sorted by time, identically on every device."""
        return self.now + timedelta(microseconds=self._counter)

    def new_id(self) -> str:
        """A fresh id; derived from the checkpoint and the call order when held."""
        if self.checkpoint_id is None:
            return uuid7()
        self._counter += 1
        return derived_id(self.checkpoint_id, f"effect-{self._counter}")


@contextmanager
def executing(
    ctx: ServiceContext,
    actor: str | None = None,
    now: datetime | None = None,
    checkpoint_id: str | None = None,
) -> Iterator[Execution]:
    ctx.check_writable()
    with ctx.store.write() as tx:
        yield Execution(tx, ctx, actor or ctx.actor, now or ctx.now(), checkpoint_id)
