"""Nothing orphaned when a plugin is gone (issue 14, item 8).

A plugin installed from an entry point adds a sphere and an agent; the person
works with them; the plugin is uninstalled. Its threads stay listed (marked
with the plugin to reinstall), its hired agent is shown as unavailable, is
neither counted nor charged, its pending checkpoints can be rejected and not
approved, and each command warns once. Reinstalling brings all of it back.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from chenu_desktop.domain.agents import HireStatus
from chenu_desktop.domain.errors import ValidationError
from chenu_desktop.domain.governance import CheckpointStatus
from chenu_desktop.plugin_host import PluginHost
from chenu_desktop.plugin_host.owners import OWNERS_KEY
from chenu_desktop.plugin_host.session import PluginSession
from chenu_desktop.services import Services, open_context
from chenu_desktop.services.stats import dashboard_stats
from chenu_desktop.services.unavailable import Availability, UnavailableError
from chenu_desktop.store import STORE_FILE
from chenu_desktop.store.quick_read import HELD_STATUSES, PLUGIN_OWNERS_KEY, QuickRead
from chenu_desktop.store.quick_stats import dashboard_stats as quick_dashboard_stats
from tests.plugins.conftest import AddPlugin

GARDEN = """
    from chenu_desktop import AgentSpec, SphereSpec, hookimpl

    @hookimpl
    def register_spheres():
        return [SphereSpec(id="garden", name="Garden", name_fr="Jardin", icon="🌱", colour="#65A30D",
                           order=10, xr_template="personal_room")]

    @hookimpl
    def register_agents():
        return [AgentSpec(id="garden.planner", name="Bed Planner", name_fr="Planificateur", level="L3",
                          domain="gardening", sphere_id="garden", description="Plans the beds.",
                          capabilities=("extract_action_items",), base_cost=12)]
"""
NOT_INSTALLED = "plugin garden_plugin is not installed"


class Device:
    """One data dir, opened as every host opens it: plugins loaded, then a plugin session on the store."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.services: Services | None = None
        self._session: PluginSession | None = None

    def open(self, disabled: tuple[str, ...] = ()) -> Services:
        self.close()
        host = PluginHost.load(disabled=disabled)
        self.services = Services(open_context(self.data_dir, plugins=host))
        self._session = PluginSession(host, self.services.ctx.store)
        return self.services

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
        if self.services is not None:
            self.services.ctx.close()
        self.services = self._session = None


@pytest.fixture
def device(tmp_path: Path) -> Iterator[Device]:
    opened = Device(tmp_path / "device")
    yield opened
    opened.close()


class Garden(NamedTuple):
    uninstall: Callable[[], None]
    reinstall: Callable[[], None]


@pytest.fixture
def garden(add_plugin: AddPlugin, site_dir: Path) -> Garden:
    """The garden plugin, installed now, to uninstall (its distribution and module removed) and reinstall."""
    dist_info = add_plugin("garden_plugin", GARDEN)

    def uninstall() -> None:
        shutil.rmtree(dist_info)
        (site_dir / "garden_plugin.py").unlink()

    def reinstall() -> None:
        add_plugin("garden_plugin", GARDEN)

    return Garden(uninstall, reinstall)


def _work_in_the_garden(services: Services) -> dict[str, str]:
    """A thread, a hired planner and two of its proposals waiting; returns their ids."""
    thread = services.threads.add("garden", "Raised beds", "Grow vegetables all year")
    services.threads.note(thread.id, "- build the north bed")
    services.governance.approve(services.agents.hire("garden.planner", "garden").id)
    first = services.agents.run("garden.planner", "plan the beds", thread.id).checkpoint
    second = services.agents.run("garden.planner", "plan again", thread.id).checkpoint
    assert first is not None and second is not None
    return {"thread": thread.id, "first": first.id, "second": second.id}


def _tokens_used(services: Services) -> int:
    return services.tokens.report().monthly.used


def test_an_uninstalled_plugins_data_stays_reachable_and_marked(device: Device, garden: Garden) -> None:
    ids = _work_in_the_garden(device.open())
    garden.uninstall()
    services = device.open()

    assert [t.id for t in services.threads.list(sphere_id="garden")] == [ids["thread"]]
    availability = Availability(services.ctx)
    sphere = availability.sphere("garden")
    assert sphere is not None and (sphere.name, sphere.icon, sphere.plugin) == ("Garden", "🌱", "garden_plugin")
    assert sphere.reason == NOT_INSTALLED
    assert [s.id for s in availability.spheres()] == ["garden"]
    assert services.threads.show(ids["thread"]).thread.title == "Raised beds"  # reachable, and editable
    assert services.threads.edit(ids["thread"], title="Raised beds (2)").title == "Raised beds (2)"
    with pytest.raises(ValidationError, match="unknown sphere 'orchard'"):
        services.threads.list(sphere_id="orchard")  # a sphere that never held data is still unknown
    with pytest.raises(UnavailableError, match=f"sphere garden is unavailable: {NOT_INSTALLED}; .*reinstall"):
        services.threads.add("garden", "North bed", "More vegetables")  # says why, not "unknown sphere"
    assert [t.id for t in services.threads.list(sphere_id="garden")] == [ids["thread"]]  # and made nothing


def test_an_uninstalled_plugins_agent_is_shown_unavailable_and_neither_runs_nor_counts(device: Device, garden: Garden) -> None:
    ids = _work_in_the_garden(device.open())
    garden.uninstall()
    services = device.open()

    hired = services.agents.list(hired=True)
    assert [(a.id, a.name, a.hired_in, a.unavailable) for a in hired] == [
        ("garden.planner", "Bed Planner", ["garden"], NOT_INSTALLED)
    ]
    in_garden = {a.id: a.unavailable for a in services.agents.list(sphere_id="garden")}
    assert in_garden["garden.planner"] == NOT_INSTALLED
    assert dashboard_stats(services.ctx)["agents"]["hired"] == 0
    with pytest.raises(UnavailableError, match=f"agent garden.planner is unavailable: {NOT_INSTALLED}; reinstall"):
        services.agents.run("garden.planner", "plan", ids["thread"])
    with pytest.raises(UnavailableError, match="garden.planner is unavailable"):
        services.agents.hire("garden.planner", "garden")


def test_its_pending_checkpoints_are_rejected_not_approved_and_nothing_is_charged(device: Device, garden: Garden) -> None:
    ids = _work_in_the_garden(device.open())
    garden.uninstall()
    services = device.open()
    used = _tokens_used(services)

    with pytest.raises(UnavailableError, match=f"cannot be approved, its agent garden.planner is unavailable: {NOT_INSTALLED}"):
        services.governance.approve(ids["first"])
    assert services.governance.get(ids["first"]).status == "pending"
    assert _tokens_used(services) == used
    assert services.actions.list(thread_id=ids["thread"]) == []  # the held action was not applied
    assert services.governance.reject(ids["first"]).status == "rejected"
    assert set(Availability(services.ctx).pending_checkpoints()) == {ids["second"]}


def test_reinstalling_brings_everything_back_as_it_was(device: Device, garden: Garden) -> None:
    ids = _work_in_the_garden(device.open())
    garden.uninstall()
    device.open()
    garden.reinstall()
    services = device.open()

    assert Availability(services.ctx).warning() is None
    assert Availability(services.ctx).sphere("garden") is None
    assert [(a.id, a.unavailable) for a in services.agents.list(hired=True)] == [("garden.planner", None)]
    assert dashboard_stats(services.ctx)["agents"]["hired"] == 1
    used = _tokens_used(services)
    assert services.governance.approve(ids["first"]).applied
    assert _tokens_used(services) == used + 12
    assert [a.title for a in services.actions.list(thread_id=ids["thread"])] == ["build the north bed"]


def test_the_warning_names_the_plugin_and_what_it_left(device: Device, garden: Garden) -> None:
    _work_in_the_garden(device.open())
    garden.uninstall()
    services = device.open()
    assert Availability(services.ctx).warning() == (
        f"{NOT_INSTALLED}: 1 sphere, 1 agent and 2 pending checkpoints are unavailable; reinstall the plugin to use them"
    )


def test_a_switched_off_plugin_says_how_to_switch_it_on(device: Device, garden: Garden) -> None:
    ids = _work_in_the_garden(device.open())
    services = device.open(disabled=("garden_plugin",))
    assert Availability(services.ctx).sphere("garden").reason == "plugin garden_plugin is switched off"  # type: ignore[union-attr]
    with pytest.raises(UnavailableError, match=r"switch it on \(chenu plugins on garden_plugin\) to approve it"):
        services.governance.approve(ids["first"])


def test_a_plugin_tried_and_removed_without_data_is_forgotten(device: Device, garden: Garden) -> None:
    device.open()
    device.close()
    assert _owners_record(device.data_dir)  # remembered as soon as a store was opened with it
    garden.uninstall()
    services = device.open()
    assert Availability(services.ctx).warning() is None
    device.close()
    assert not _owners_record(device.data_dir)  # forgotten: the quick reads apply again


def test_a_sphere_never_seen_here_is_listed_as_provided_by_no_plugin(device: Device, garden: Garden) -> None:
    """Data synced from a device that has the plugin, on one that never had it."""
    _work_in_the_garden(device.open())
    device.close()
    with sqlite3.connect(device.data_dir / STORE_FILE) as conn:
        conn.execute("DELETE FROM sync_meta WHERE key = ?", (OWNERS_KEY,))
    conn.close()
    garden.uninstall()
    services = device.open()
    assert Availability(services.ctx).sphere("garden").reason == "no installed plugin provides sphere garden"  # type: ignore[union-attr]
    assert Availability(services.ctx).warning() is None  # nothing remembered to name
    assert [a.unavailable for a in services.agents.list(hired=True)] == ["no installed plugin provides agent garden.planner"]


def test_the_quick_read_finds_the_same_spheres_with_data(device: Device, garden: Garden) -> None:
    services = device.open()
    _work_in_the_garden(services)
    services.threads.add("personal", "Flat", "Find one")
    services.decisions.add(title="Which soil", sphere_id="studio")
    garden.uninstall()
    services = device.open()
    from chenu_desktop.services.unavailable import _spheres_with_data

    with services.ctx.store.read() as session:
        by_services = _spheres_with_data(session, services.ctx.workspace_id)
    reader = QuickRead.open(device.data_dir)
    assert reader is not None
    with reader:
        assert reader.sphere_ids_with_data() == by_services == {"garden", "personal", "studio"}
    assert PLUGIN_OWNERS_KEY == OWNERS_KEY
    assert HELD_STATUSES == {"active": HireStatus.ACTIVE.value, "pending": CheckpointStatus.PENDING.value}


def _owners_record(data_dir: Path) -> str | None:
    with sqlite3.connect(data_dir / STORE_FILE) as conn:
        row = conn.execute("SELECT value FROM sync_meta WHERE key = ?", (OWNERS_KEY,)).fetchone()
    conn.close()
    return row[0] if row else None


def test_the_quick_stats_do_not_count_an_unavailable_agent_either(device: Device, garden: Garden) -> None:
    """`chenu stats` reads with sqlite3 alone when nothing of a plugin is remembered (synced data)."""
    _work_in_the_garden(device.open())
    device.close()
    with sqlite3.connect(device.data_dir / STORE_FILE) as conn:
        conn.execute("DELETE FROM sync_meta WHERE key = ?", (OWNERS_KEY,))
    conn.close()
    garden.uninstall()
    services = device.open()
    hireable = [agent.id for agent in services.ctx.plugins.agents() if agent.is_hireable]
    by_services = dashboard_stats(services.ctx)
    reader = QuickRead.open(device.data_dir)
    assert reader is not None
    with reader:
        quick = quick_dashboard_stats(reader, services.ctx.now(), hireable)
    assert quick["agents"] == by_services["agents"] == {"hired": 0, "available": len(hireable)}
