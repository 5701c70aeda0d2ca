"""Conflicts settle once, on every device: restore and dismiss through the
services, the resolution carried to the other device like any change."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from chenu_desktop.domain.errors import NotFoundError, ValidationError
from chenu_desktop.plugin_host.manager import PluginHost
from chenu_desktop.services.overview import workspace_overview
from tests.support.conflicting import (
    DESKTOP_TITLE,
    LAPTOP_TITLE,
    pair_devices,
    services_of,
    title_conflict,
)
from tests.support.devices import sync_data_dirs


@pytest.fixture(scope="module")
def plugins() -> PluginHost:
    return PluginHost.load()


@pytest.fixture
def dirs(tmp_path: Path, plugins: PluginHost) -> Iterator[tuple[Path, Path]]:
    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    pair_devices(laptop, desktop, plugins)
    yield laptop, desktop


def open_on(data_dir: Path, plugins: PluginHost) -> list[dict]:
    with services_of(data_dir, plugins) as services:
        return [c.to_dict() for c in services.conflicts.list()]


def test_both_devices_record_the_same_conflict_under_the_same_id(dirs: tuple[Path, Path], plugins: PluginHost) -> None:
    laptop, desktop = dirs
    thread_id = title_conflict(laptop, desktop, plugins)
    [on_laptop], [on_desktop] = open_on(laptop, plugins), open_on(desktop, plugins)
    assert on_laptop["id"] == on_desktop["id"]
    assert (on_laptop["row_id"], on_laptop["column"], on_laptop["lost_value"]) == (thread_id, "title", LAPTOP_TITLE)
    assert (on_laptop["status"], on_laptop["current_value"], on_laptop["row_title"]) == ("open", DESKTOP_TITLE, DESKTOP_TITLE)


def test_restoring_on_one_device_settles_it_on_the_other(dirs: tuple[Path, Path], plugins: PluginHost) -> None:
    laptop, desktop = dirs
    thread_id = title_conflict(laptop, desktop, plugins)
    [conflict] = open_on(laptop, plugins)
    with services_of(laptop, plugins) as services:
        restored = services.conflicts.restore(conflict["id"])
        assert (restored.status, restored.current_value) == ("restored", LAPTOP_TITLE)
        assert services.conflicts.list() == []
    sync_data_dirs(laptop, desktop)

    assert open_on(desktop, plugins) == []
    with services_of(desktop, plugins) as services:
        assert services.threads.get(thread_id).title == LAPTOP_TITLE
        [settled] = services.conflicts.list(include_restored=True)
        assert (settled.status, settled.current_value) == ("restored", LAPTOP_TITLE)
        assert settled.resolved_at is not None and settled.restored_at is not None
        with pytest.raises(ValidationError, match="already restored"):
            services.conflicts.dismiss(conflict["id"])


def test_dismissing_keeps_the_value_and_stays_dismissed_after_a_sync(dirs: tuple[Path, Path], plugins: PluginHost) -> None:
    laptop, desktop = dirs
    thread_id = title_conflict(laptop, desktop, plugins)
    [conflict] = open_on(desktop, plugins)
    with services_of(desktop, plugins) as services:
        dismissed = services.conflicts.dismiss(conflict["id"])
        assert (dismissed.status, dismissed.current_value) == ("dismissed", DESKTOP_TITLE)
    for _ in range(2):
        sync_data_dirs(laptop, desktop)
        assert open_on(laptop, plugins) == [] and open_on(desktop, plugins) == []
    with services_of(laptop, plugins) as services:
        assert services.threads.get(thread_id).title == DESKTOP_TITLE
        [settled] = services.conflicts.list(include_restored=True)
        assert settled.status == "dismissed" and settled.restored_at is None
        with pytest.raises(ValidationError, match="already dismissed"):
            services.conflicts.restore(conflict["id"])
        assert services.threads.get(thread_id).title == DESKTOP_TITLE


def test_unknown_conflict_is_not_found_and_changes_nothing(dirs: tuple[Path, Path], plugins: PluginHost) -> None:
    laptop, desktop = dirs
    title_conflict(laptop, desktop, plugins)
    with services_of(laptop, plugins) as services:
        for settle in (services.conflicts.restore, services.conflicts.dismiss):
            with pytest.raises(NotFoundError, match="no conflict with id nope"):
                settle("nope")
        assert len(services.conflicts.list()) == 1


def test_the_overview_counts_open_conflicts(dirs: tuple[Path, Path], plugins: PluginHost) -> None:
    laptop, desktop = dirs
    with services_of(laptop, plugins) as services:
        assert workspace_overview(services.ctx).open_conflicts == 0
    title_conflict(laptop, desktop, plugins)
    with services_of(laptop, plugins) as services:
        assert workspace_overview(services.ctx).open_conflicts == 1
        [conflict] = services.conflicts.list()
        services.conflicts.dismiss(conflict.id)
        assert workspace_overview(services.ctx).open_conflicts == 0
