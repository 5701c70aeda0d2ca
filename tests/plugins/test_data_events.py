"""Data events in process: after the commit, once per change, off the write
path. A plugin that raises or blocks never loses or holds up a write."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest

from chenu_desktop import ThreadRecord
from chenu_desktop.domain.changes import Change
from chenu_desktop.plugin_host import PluginHost
from chenu_desktop.plugin_host.session import HostContext, PluginSession
from chenu_desktop.services import Services, open_context
from chenu_desktop.store import STORE_FILE, Store
from chenu_desktop.sync.apply import apply_changes
from chenu_desktop.sync.state import CURRENT_WORKSPACE_KEY
from tests.plugins.conftest import AddPlugin
from tests.support.exchange import outbox_of

LISTENER = """
    import threading
    from chenu_desktop import hookimpl

    seen = []
    gate = threading.Event()
    gate.set()
    fail = False

    @hookimpl
    def thread_did_create(thread, origin):
        gate.wait()
        if fail:
            raise RuntimeError("the listener broke")
        seen.append(("create", thread, origin))

    @hookimpl
    def thread_did_change(thread, fields, origin):
        seen.append(("change", thread, fields, origin))
"""


@pytest.fixture
def listener(add_plugin: AddPlugin) -> ModuleType:
    add_plugin("listener", LISTENER)
    import listener  # type: ignore[import-not-found]

    return listener


@pytest.fixture
def running(tmp_path: Path, listener: ModuleType) -> Iterator[tuple[Services, PluginSession]]:
    host = PluginHost.load()
    data_dir = tmp_path / "device"
    services = Services(open_context(data_dir, plugins=host))
    session = PluginSession(host, services.ctx.store)
    session.start(HostContext("cli", data_dir, host, services=services))
    yield services, session
    session.close()
    services.ctx.close()


def test_a_created_thread_is_announced_once_with_its_fields(running: tuple[Services, PluginSession], listener: ModuleType) -> None:
    services, session = running
    thread = services.threads.add("personal", "Seeds", "Sow in spring")
    session.close()
    [(what, record, origin)] = listener.seen
    assert (what, origin) == ("create", "local")
    assert isinstance(record, ThreadRecord)
    assert (record.id, record.title, record.founding_intent, record.sphere_id) == (thread.id, "Seeds", "Sow in spring", "personal")


def test_a_raising_hook_loses_no_write_and_is_named(running: tuple[Services, PluginSession], listener: ModuleType) -> None:
    services, session = running
    listener.fail = True
    thread = services.threads.add("personal", "Seeds", "Sow")
    session.close()
    assert services.threads.get(thread.id).title == "Seeds"
    assert listener.seen == []
    assert any("listener" in problem and "the listener broke" in problem for problem in session.host.problems)


def test_a_blocked_hook_does_not_hold_up_the_write(running: tuple[Services, PluginSession], listener: ModuleType) -> None:
    services, session = running
    listener.gate.clear()  # the hook waits until the test lets it go
    thread = services.threads.add("personal", "Seeds", "Sow")
    edited = services.threads.edit(thread.id, title="Seeds and bulbs")
    assert edited.title == "Seeds and bulbs"  # both writes are done while the hook still waits
    assert listener.seen == []
    listener.gate.set()
    session.close()  # delivers what is queued, in order
    assert [entry[0] for entry in listener.seen] == ["create", "change"]
    assert listener.seen[1][2] == ("title", "updated_at") or "title" in listener.seen[1][2]


def test_a_rolled_back_write_announces_nothing(running: tuple[Services, PluginSession], listener: ModuleType) -> None:
    services, session = running
    with pytest.raises(RuntimeError), services.ctx.store.write() as tx:
        tx.writer.insert("threads", {"workspace_id": services.ctx.workspace_id, "title": "Never", "sphere_id": "personal"})
        raise RuntimeError("changed my mind")
    session.close()
    assert listener.seen == []


def test_synced_changes_are_announced_with_their_origin_and_losers_are_not(
    tmp_path: Path, running: tuple[Services, PluginSession], listener: ModuleType
) -> None:
    services, session = running
    store: Store = services.ctx.store
    other_store = Store.open(tmp_path / "other" / STORE_FILE)
    other_store.set_meta(CURRENT_WORKSPACE_KEY, services.ctx.workspace_id)
    other = Services(open_context(tmp_path / "other", plugins=PluginHost.load(use_entry_points=False), store=other_store))
    thread = other.threads.add("personal", "From the other device", "Hello")
    deliver(outbox_of(other_store), store)
    sent = len(outbox_of(other_store))
    other.threads.edit(thread.id, title="Older title")  # then edited here, later: this one loses
    services.threads.edit(thread.id, title="Newer title")
    deliver(outbox_of(other_store)[sent:], store)
    other.ctx.close()
    session.close()
    assert services.threads.get(thread.id).title == "Newer title"
    assert [(entry[0], entry[1].id, entry[-1]) for entry in listener.seen] == [
        ("create", thread.id, "sync"),
        ("change", thread.id, "local"),
    ]


def deliver(changes: list[Change], store: Store) -> None:
    """What the sync engine does with a page it pulled."""
    with store.write() as tx:
        apply_changes(tx.conn, changes, store.clock, datetime.now(UTC))
        tx.synced += changes
