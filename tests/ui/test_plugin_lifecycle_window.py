"""The window tells plugins it started once its store is open, hands them its
data events, and says goodbye when it closes."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.plugins.recorder import LOG_VARIABLE, hooks, install_recorder, recorded
from tests.ui.conftest import open_profile, worker_call


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    site = tmp_path / "site"
    install_recorder(site, "window_recorder")
    monkeypatch.syspath_prepend(str(site))
    path = tmp_path / "hooks.jsonl"
    monkeypatch.setenv(LOG_VARIABLE, str(path))
    yield path
    sys.modules.pop("window_recorder", None)


def test_the_window_starts_its_plugins_hands_them_events_and_shuts_them_down(qtbot, make_window, log: Path) -> None:
    window = make_window()
    open_profile(qtbot, window)
    assert hooks(log) == ["app_did_start"]
    assert recorded(log)[0]["kind"] == "window"
    thread = worker_call(window, lambda services: services.threads.add("personal", "From the window", "Hello"))
    window.close()
    assert hooks(log) == ["app_did_start", "thread_did_create", "app_will_shutdown"]
    assert recorded(log)[1]["id"] == thread.id and recorded(log)[1]["origin"] == "local"
