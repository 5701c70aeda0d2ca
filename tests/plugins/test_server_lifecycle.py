"""The sync server's process tells plugins it started and is stopping (its lifespan)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sync_server.main import create_app
from sync_server.settings import Settings
from tests.plugins.recorder import LOG_VARIABLE, hooks, install_recorder, recorded


def test_the_server_starts_and_shuts_down_its_plugins_once(site_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "hooks.jsonl"
    monkeypatch.setenv(LOG_VARIABLE, str(log))
    install_recorder(site_dir)
    settings = Settings(
        env="development",
        server_data_dir=tmp_path / "server-data",
        database_url=f"sqlite:///{tmp_path / 'server.db'}",
        jwt_secret="test-secret-" + "x" * 40,
    )
    app = create_app(settings)
    try:
        with TestClient(app) as client:
            assert client.get("/health").status_code == 200
            assert hooks(log) == ["app_did_start"]
            assert recorded(log)[0]["kind"] == "server"
    finally:
        app.state.engine.dispose()
    assert hooks(log) == ["app_did_start", "app_will_shutdown"]
