"""What a missing plugin left behind, and what may still be done with it.

A plugin that is uninstalled, switched off or broken takes its spheres and
agents out of the plugin host, never their data. Here they are found again:
the spheres that still hold data (threads, decisions, hires, pending
checkpoints), the agents still hired, and their pending checkpoints, each with
the reason it is unavailable ("plugin chenu_garden is not installed", the
owner being remembered by `plugin_host.owners`). The listings show them so
marked; an unavailable agent is not counted as hired, cannot run and is never
charged, because its pending checkpoints can be rejected but not approved.
Reinstalling the plugin makes all of it available again, as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy import select, true
from sqlalchemy.orm import Session

from chenu_desktop.domain.agents import HireStatus
from chenu_desktop.domain.errors import DomainError
from chenu_desktop.domain.governance import CheckpointStatus
from chenu_desktop.plugin_host.owners import (
    Owned,
    Owners,
    remedy,
    remembered,
    replace_record,
    unavailable_reason,
)
from chenu_desktop.store.models import AgentHire, Checkpoint, Decision, Thread

from .context import ServiceContext

AGENT_ACTIONS = ("agent.hire", "agent.proposal")
"""Checkpoint actions that name an agent (`action.args.agent`)."""


class UnavailableError(DomainError):
    """Something of a plugin that is not loaded was asked to act; `str` says which plugin and what to do."""


@dataclass(frozen=True)
class Missing:
    """An unavailable sphere or agent: how it is shown, and why it is unavailable."""

    id: str
    name: str
    name_fr: str
    icon: str
    plugin: str | None
    """The plugin that provided it, when this device remembers it."""
    reason: str
    """"plugin NAME is not installed", "plugin NAME is switched off", …"""


class Availability:
    """The unavailable spheres, agents and checkpoints of the context's workspace."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    @cached_property
    def owners(self) -> Owners:
        return remembered(self.ctx.store)

    # -- one sphere, agent or checkpoint ----------------------------------

    def sphere(self, sphere_id: str) -> Missing | None:
        """None when a loaded plugin provides the sphere."""
        if self.ctx.plugins.sphere(sphere_id) is not None:
            return None
        return self._missing("sphere", sphere_id, self.owners.spheres.get(sphere_id))

    def agent(self, agent_id: str) -> Missing | None:
        """None when a loaded plugin provides the agent."""
        if self.ctx.plugins.agent(agent_id) is not None:
            return None
        return self._missing("agent", agent_id, self.owners.agents.get(agent_id))

    def checkpoint_missing(self, checkpoint: Any) -> Missing | None:
        """The unavailable agent (or else sphere) a checkpoint (a row or view)
        holds an action of, or None when it may be approved."""
        agent = _agent_of(checkpoint)
        return (self.agent(agent) if agent else None) or (self.sphere(checkpoint.sphere_id) if checkpoint.sphere_id else None)

    def checkpoint_reason(self, checkpoint: Any) -> str | None:
        """Why the checkpoint cannot be approved now, or None."""
        missing = self.checkpoint_missing(checkpoint)
        if missing is None:
            return None
        noun = "agent" if missing.id == _agent_of(checkpoint) else "sphere"
        return f"its {noun} {missing.id} is unavailable: {missing.reason}"

    def refuse_approval(self, checkpoint: Any) -> None:
        """Raise `UnavailableError` when the checkpoint cannot be approved; a rejection is always allowed."""
        reason = self.checkpoint_reason(checkpoint)
        if reason is not None:
            raise UnavailableError(
                f"checkpoint {checkpoint.id} cannot be approved, {reason}; "
                f"reject it (chenu checkpoints reject {checkpoint.id}), or {remedy(reason)} to approve it"
            )

    def refuse_agent(self, agent_id: str) -> None:
        """Raise `UnavailableError` for an agent that is not loaded but was
        here (remembered, or still hired); an id never seen is left to the caller."""
        missing = self.agent(agent_id)
        if missing is not None and (missing.plugin is not None or agent_id in self.hired_agents()):
            raise UnavailableError(f"agent {agent_id} is unavailable: {missing.reason}; {remedy(missing.reason)} to use it")

    def refuse_new_thread(self, sphere_id: str) -> None:
        """Raise `UnavailableError` for a sphere that is not loaded but was here
        (its plugin remembered, or its data kept); an id never seen is left to the caller."""
        missing = self.sphere(sphere_id)
        if missing is not None and (missing.plugin is not None or self.holds_data(sphere_id)):
            raise UnavailableError(
                f"sphere {sphere_id} is unavailable: {missing.reason}; its threads can still be listed and edited, "
                f"{remedy(missing.reason)} to start new ones in it"
            )

    def holds_data(self, sphere_id: str) -> bool:
        """Whether the sphere has threads, decisions, active hires or pending checkpoints in this workspace."""
        with self.ctx.store.read() as session:
            return _holds_data(session, sphere_id, self.ctx.workspace_id)

    def check_listed_sphere(self, sphere_id: Any) -> str:
        """A sphere whose threads may be listed: one a plugin provides, or one
        that still holds data here (its plugin gone). Anything else is refused
        as an unknown sphere."""
        if isinstance(sphere_id, str) and self.ctx.plugins.sphere(sphere_id) is None and self.holds_data(sphere_id):
            return sphere_id
        from .commands.threads import check_sphere

        return check_sphere(self.ctx.plugins, sphere_id)

    # -- everything unavailable --------------------------------------------

    def spheres(self) -> list[Missing]:
        """The spheres holding data in this workspace that no loaded plugin provides, by id."""
        with self.ctx.store.read() as session:
            held = _spheres_with_data(session, self.ctx.workspace_id)
        return [m for m in (self.sphere(sphere_id) for sphere_id in sorted(held)) if m is not None]

    def hired_agents(self) -> dict[str, list[str]]:
        """The unavailable agents still hired in this workspace: agent id -> its spheres."""
        hired: dict[str, list[str]] = {}
        for hire in self._active_hires():
            if self.ctx.plugins.agent(hire.agent_id or "") is None:
                hired.setdefault(hire.agent_id or "", []).append(hire.sphere_id or "")
        return {agent: sorted(spheres) for agent, spheres in sorted(hired.items())}

    def pending_checkpoints(self) -> dict[str, Missing]:
        """This workspace's pending checkpoints that cannot be approved: id -> what is missing."""
        with self.ctx.store.read() as session:
            pending = session.scalars(
                select(Checkpoint).where(
                    Checkpoint.workspace_id == self.ctx.workspace_id,
                    Checkpoint.status == CheckpointStatus.PENDING.value,
                    Checkpoint.deleted.is_not(True),
                )
            ).all()
            missing = {c.id: self.checkpoint_missing(c) for c in pending}
        return {checkpoint_id: m for checkpoint_id, m in missing.items() if m is not None}

    def warning(self) -> str | None:
        """One line naming what the missing plugins left unavailable here, or
        None. Only what this device remembers is counted (a quick look, made
        by every command); a remembered sphere or agent with no data left
        anywhere in the store is forgotten."""
        plugins = self.ctx.plugins
        spheres = [s for s in self.owners.spheres if plugins.sphere(s) is None]
        agents = [a for a in self.owners.agents if plugins.agent(a) is None]
        if not spheres and not agents:
            return None
        self._forget_unused(spheres, agents)
        with self.ctx.store.read() as session:
            held = [s for s in spheres if s in self.owners.spheres and _holds_data(session, s, self.ctx.workspace_id)]
        counts: dict[str, list[int]] = {}
        for sphere_id in held:
            counts.setdefault(self.owners.spheres[sphere_id].plugin, [0, 0, 0])[0] += 1
        for agent_id in self.hired_agents():
            owned = self.owners.agents.get(agent_id)
            if owned is not None:
                counts.setdefault(owned.plugin, [0, 0, 0])[1] += 1
        for missing in self.pending_checkpoints().values():
            if missing.plugin is not None:
                counts.setdefault(missing.plugin, [0, 0, 0])[2] += 1
        if not counts:
            return None
        return "; ".join(self._warning_part(plugin, *numbers) for plugin, numbers in sorted(counts.items()))

    # -- helpers -------------------------------------------------------------

    def _missing(self, noun: str, item_id: str, owned: Owned | None) -> Missing:
        plugin = owned.plugin if owned else None
        return Missing(
            id=item_id,
            name=owned.name if owned else item_id,
            name_fr=owned.name_fr if owned else item_id,
            icon=owned.icon if owned else "",
            plugin=plugin,
            reason=self._reason(noun, item_id, plugin),
        )

    def _reason(self, noun: str, item_id: str, plugin: str | None) -> str:
        return unavailable_reason(self.ctx.plugins, noun, item_id, plugin)

    def _warning_part(self, plugin: str, spheres: int, agents: int, checkpoints: int) -> str:
        reason = self._reason("sphere", "", plugin)
        what = _listed(
            [
                _count(spheres, "sphere"),
                _count(agents, "agent"),
                _count(checkpoints, "pending checkpoint"),
            ]
        )
        verb = "is" if spheres + agents + checkpoints == 1 else "are"
        return f"{reason}: {what} {verb} unavailable; {remedy(reason)} to use them"

    def _active_hires(self) -> Sequence[AgentHire]:
        with self.ctx.store.read() as session:
            return session.scalars(
                select(AgentHire).where(
                    AgentHire.workspace_id == self.ctx.workspace_id,
                    AgentHire.status == HireStatus.ACTIVE.value,
                    AgentHire.deleted.is_not(True),
                )
            ).all()

    def _forget_unused(self, spheres: Iterable[str], agents: Iterable[str]) -> None:
        """Drop remembered spheres and agents that hold nothing in any workspace
        (the plugin was tried and removed): the quick reads apply again."""
        with self.ctx.store.read() as session:
            unused_spheres = [s for s in spheres if not _holds_data(session, s, None)]
            unused_agents = [a for a in agents if not _agent_holds_data(session, a)]
        if unused_spheres or unused_agents:
            record = self.owners.without(unused_spheres, unused_agents)
            replace_record(self.ctx.store, record)
            self.owners = record  # the cached property's value, replaced


def _agent_of(checkpoint: Any) -> str | None:
    if checkpoint.action_type not in AGENT_ACTIONS:
        return None
    agent = ((checkpoint.action or {}).get("args") or {}).get("agent")
    return agent if isinstance(agent, str) else None


def _listed(parts: list[str]) -> str:
    parts = [part for part in parts if part]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _count(number: int, noun: str) -> str:
    return "" if number == 0 else f"{number} {noun}" + ("" if number == 1 else "s")


def _workspace(column: Any, workspace_id: str | None) -> Any:
    return true() if workspace_id is None else column == workspace_id


def _holds_data(session: Session, sphere_id: str, workspace_id: str | None) -> bool:
    """Whether `sphere_id` has threads, decisions, active hires or pending
    checkpoints (in `workspace_id`, or in any workspace when None)."""
    probes = (
        select(Thread.id).where(Thread.sphere_id == sphere_id, _workspace(Thread.workspace_id, workspace_id)),
        select(Decision.id).where(
            Decision.sphere_id == sphere_id, Decision.deleted.is_not(True), _workspace(Decision.workspace_id, workspace_id)
        ),
        _active_hire_ids(workspace_id).where(AgentHire.sphere_id == sphere_id),
        _pending_ids(workspace_id).where(Checkpoint.sphere_id == sphere_id),
    )
    return any(session.scalar(probe.limit(1)) is not None for probe in probes)


def _agent_holds_data(session: Session, agent_id: str) -> bool:
    """Whether `agent_id` is hired, or waits at a checkpoint, in any workspace."""
    if session.scalar(_active_hire_ids(None).where(AgentHire.agent_id == agent_id).limit(1)) is not None:
        return True
    pending = session.execute(_pending_ids(None).add_columns(Checkpoint.action_type, Checkpoint.action)).all()
    return any(_agent_of(row) == agent_id for row in pending)


def _active_hire_ids(workspace_id: str | None) -> Any:
    return select(AgentHire.id).where(
        AgentHire.status == HireStatus.ACTIVE.value,
        AgentHire.deleted.is_not(True),
        _workspace(AgentHire.workspace_id, workspace_id),
    )


def _pending_ids(workspace_id: str | None) -> Any:
    return select(Checkpoint.id).where(
        Checkpoint.status == CheckpointStatus.PENDING.value,
        Checkpoint.deleted.is_not(True),
        _workspace(Checkpoint.workspace_id, workspace_id),
    )


def _spheres_with_data(session: Session, workspace_id: str) -> set[str]:
    """Every sphere id with data in the workspace. The threads' are found a
    sphere at a time through their sphere index (one short probe per sphere,
    however many threads); decisions, hires and checkpoints are fewer."""
    found: set[str] = set()
    after = ""
    while True:
        following = session.scalar(
            select(Thread.sphere_id)
            .where(Thread.sphere_id > after)
            .order_by(Thread.sphere_id)
            .limit(1)
        )
        if following is None:
            break
        found.add(following)
        after = following
    found = {s for s in found if session.scalar(select(Thread.id).where(Thread.sphere_id == s, Thread.workspace_id == workspace_id).limit(1))}
    for column, where in (
        (Decision.sphere_id, select(Decision.id).where(Decision.workspace_id == workspace_id, Decision.deleted.is_not(True))),
        (AgentHire.sphere_id, _active_hire_ids(workspace_id)),
        (Checkpoint.sphere_id, _pending_ids(workspace_id)),
    ):
        found.update(s for s in session.scalars(where.with_only_columns(column).distinct()) if s)
    return found
