"""Approval applies a held command exactly once: twice on one device, once
each on two devices, or after a failure."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from chenu_desktop.domain.errors import DomainError
from chenu_desktop.plugin_host import PluginHost
from chenu_desktop.services import Services, open_context
from chenu_desktop.services.governance import CheckpointFailedError
from chenu_desktop.store.models import Checkpoint, TokenSpend
from tests.governance.conftest import hired
from tests.support.clock import FakeClock
from tests.support.devices import share_workspace, sync_data_dirs

NOTES = "- call the landlord\n- book movers\nWe need to renew the insurance."
AGENT = "personal.errand_sorter"


def event_types(services: Services, thread_id: str) -> list[str]:
    return [e.type for e in services.threads.show(thread_id).events]


def ledger_rows(services: Services) -> int:
    with services.ctx.store.read() as session:
        return session.scalar(select(func.count()).select_from(TokenSpend)) or 0


def proposal(services: Services) -> tuple[str, str]:
    thread = services.threads.add("personal", "Move house", "Find a flat")
    services.threads.note(thread.id, NOTES)
    hired(services, AGENT, "personal")
    outcome = services.agents.run(AGENT, "extract action items", thread.id)
    assert not outcome.executed and outcome.checkpoint is not None
    return thread.id, outcome.checkpoint.id


def test_a_proposal_changes_nothing_until_approved(services: Services) -> None:
    thread_id, checkpoint_id = proposal(services)
    assert "action.created" not in event_types(services, thread_id)
    assert services.tokens.report().daily.used == 0
    approval = services.governance.approve(checkpoint_id)
    assert approval.applied
    assert event_types(services, thread_id).count("action.created") == 3
    assert event_types(services, thread_id)[-1] == "checkpoint.approved"
    cost = services.ctx.plugins.agent(AGENT).base_cost
    assert services.tokens.report().daily.used == cost


def test_approving_twice_applies_once(services: Services) -> None:
    thread_id, checkpoint_id = proposal(services)
    services.governance.approve(checkpoint_id)
    again = services.governance.approve(checkpoint_id)
    assert not again.applied and again.checkpoint.status == "approved"
    assert event_types(services, thread_id).count("action.created") == 3
    assert ledger_rows(services) == 1


def test_a_failed_approval_applies_nothing_and_can_be_retried(services: Services) -> None:
    thread_id, checkpoint_id = proposal(services)
    services.threads.delete(thread_id)
    with pytest.raises(CheckpointFailedError, match="nothing was changed"):
        services.governance.approve(checkpoint_id)
    checkpoint = services.governance.get(checkpoint_id)
    assert checkpoint.status == "pending" and "deleted" in checkpoint.result["error"]
    assert ledger_rows(services) == 0
    services.threads.restore(thread_id)
    assert "action.created" not in event_types(services, thread_id)
    assert services.governance.approve(checkpoint_id).applied
    assert event_types(services, thread_id).count("action.created") == 3


def test_rejected_and_expired_checkpoints_cannot_be_approved(services: Services, clock: FakeClock) -> None:
    thread_id, first = proposal(services)
    services.governance.reject(first, note="not now")
    with pytest.raises(DomainError, match="already rejected"):
        services.governance.approve(first)
    second = services.agents.run(AGENT, "extract action items", thread_id).checkpoint.id
    clock.advance(minutes=61)
    with pytest.raises(DomainError, match="expired"):
        services.governance.approve(second)
    assert services.governance.get(second).status == "expired"
    assert "action.created" not in event_types(services, thread_id)
    assert [c.status for c in services.governance.list(status="expired")] == ["expired"]


def test_approved_on_two_offline_devices_applies_once_everywhere(tmp_path: Path, plugins: PluginHost) -> None:
    clock = FakeClock()
    laptop = Services(open_context(tmp_path / "laptop", plugins=plugins, clock=clock))
    laptop.ctx.close()
    desktop_dir = tmp_path / "desktop"
    Services(open_context(desktop_dir, plugins=plugins, clock=clock)).ctx.close()
    share_workspace(tmp_path / "laptop", desktop_dir)
    laptop = Services(open_context(tmp_path / "laptop", plugins=plugins, clock=clock))
    thread_id, checkpoint_id = proposal(laptop)
    laptop.ctx.close()
    sync_data_dirs(tmp_path / "laptop", desktop_dir)

    for data_dir in (tmp_path / "laptop", desktop_dir):
        device = Services(open_context(data_dir, plugins=plugins, clock=clock))
        assert device.governance.approve(checkpoint_id).applied
        device.ctx.close()
    sync_data_dirs(tmp_path / "laptop", desktop_dir)

    for data_dir in (tmp_path / "laptop", desktop_dir):
        device = Services(open_context(data_dir, plugins=plugins, clock=clock))
        types = event_types(device, thread_id)
        assert types.count("action.created") == 3 and types.count("checkpoint.approved") == 1
        assert ledger_rows(device) == 1
        assert device.conflicts.list() == []
        device.ctx.close()


def test_approve_and_reject_racing_on_two_devices_settle_on_approval(tmp_path: Path, plugins: PluginHost) -> None:
    clock = FakeClock()
    laptop_dir, desktop_dir = tmp_path / "laptop", tmp_path / "desktop"
    for data_dir in (laptop_dir, desktop_dir):
        Services(open_context(data_dir, plugins=plugins, clock=clock)).ctx.close()
    share_workspace(laptop_dir, desktop_dir)
    laptop = Services(open_context(laptop_dir, plugins=plugins, clock=clock))
    thread_id, checkpoint_id = proposal(laptop)
    laptop.ctx.close()
    sync_data_dirs(laptop_dir, desktop_dir)

    laptop = Services(open_context(laptop_dir, plugins=plugins, clock=clock))
    laptop.governance.approve(checkpoint_id)
    laptop.ctx.close()
    clock.advance(minutes=1)
    desktop = Services(open_context(desktop_dir, plugins=plugins, clock=clock))
    desktop.governance.reject(checkpoint_id, note="changed my mind")  # later, but loses
    desktop.ctx.close()
    sync_data_dirs(laptop_dir, desktop_dir)

    for data_dir in (laptop_dir, desktop_dir):
        device = Services(open_context(data_dir, plugins=plugins, clock=clock))
        checkpoint = device.governance.get(checkpoint_id)
        assert checkpoint.status == "approved"
        assert event_types(device, thread_id).count("action.created") == 3
        lost = {(c.column, c.lost_value if isinstance(c.lost_value, str) else c.lost_value.get("status")) for c in device.conflicts.list()}
        assert ("status", "rejected") in lost
        device.ctx.close()
    with Services(open_context(laptop_dir, plugins=plugins, clock=clock)).ctx.store.read() as session:
        assert session.scalar(select(Checkpoint.status).where(Checkpoint.id == checkpoint_id)) == "approved"
