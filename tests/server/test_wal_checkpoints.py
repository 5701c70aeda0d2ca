"""On SQLite the server's pushes leave the WAL checkpoint to the store's own
thread, as the desktop's writes do (issue 12 item 4: one push in two paid for
it in its commit), and the log still does not grow without bound."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from chenu_desktop.domain.hlc import HybridLogicalClock
from chenu_desktop.store.checkpoints import SAFETY_NET_PAGES
from sync_server.main import create_app
from sync_server.settings import Settings
from tests.server.conftest import make_user
from tests.server.test_sync_api import SYNC, headers_for, push_body, thread_creation

LONG_INTENT = "x" * 4000


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    return Settings(
        env="development",
        server_data_dir=tmp_path / "server-data",
        database_url=f"sqlite:///{tmp_path / 'server.db'}",
        jwt_secret="test-secret-" + "x" * 40,
    )


def checkpoint_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name == "chenu-wal-checkpoint"}


def push_threads(client: TestClient, app: FastAPI, headers: dict[str, str], workspace_id: str, pushes: int) -> None:
    clock = HybridLogicalClock("0123456789abcdef")
    for _ in range(pushes):
        changes = [thread_creation(clock, workspace_id) for _ in range(50)]
        for change in changes:
            change.value["founding_intent"] = LONG_INTENT
        answer = client.post(f"{SYNC}/push", json=push_body(changes, clock.node), headers=headers)
        assert answer.status_code == 200 and answer.json()["accepted"] == 50, answer.text


def wait_until_caught_up(app: FastAPI) -> None:
    deadline = time.monotonic() + 10
    while not app.state.store.checkpointer.caught_up:
        assert time.monotonic() < deadline, "the log was not copied within 10 s"
        time.sleep(0.01)


def test_pushes_leave_the_checkpoint_to_the_store_thread_and_the_log_is_started_over(sqlite_settings: Settings) -> None:
    app = create_app(sqlite_settings)
    before = checkpoint_threads()
    with TestClient(app) as client:
        with app.state.engine.connect() as conn:
            assert conn.execute(text("PRAGMA wal_autocheckpoint")).scalar_one() == SAFETY_NET_PAGES
        ana = make_user(app)
        headers = headers_for(app, ana)
        app.state.store.checkpointer.delay_s = 0.02
        wal = Path(str(sqlite_settings.url).removeprefix("sqlite:///") + "-wal")
        push_threads(client, app, headers, ana.personal_workspace_id, 10)  # ~2 MB of log, far below the commits' own checkpoint
        first = wal.stat().st_size
        wait_until_caught_up(app)
        assert app.state.store.checkpointer.checkpoints >= 1
        push_threads(client, app, headers, ana.personal_workspace_id, 10)
        assert wal.stat().st_size < first * 1.5  # the second burst wrote over the first's log (else ~2×)
        assert len(checkpoint_threads() - before) == 1
    assert checkpoint_threads() - before == set()  # the server's shutdown stopped it
