"""`GET /api/v1/sync/snapshot` on the wire, on SQLite and on PostgreSQL: a
SQLite file of the caller's workspaces only, whose cursor is the watermark
of its rows."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from chenu_desktop.domain.identity import WORKSPACE_TEAM
from chenu_desktop.domain.ids import uuid7
from chenu_desktop.store.schema_head import SCHEMA_HEAD
from chenu_desktop.store.synced import SYNCED_TABLES
from sync_server import snapshots
from sync_server.models import User
from tests.server.helpers import auth_headers
from tests.sync_bootstrap.conftest import (
    PULL_PATH,
    SERVER_URL,
    SNAPSHOT_PATH,
    InProcessServer,
    Wire,
)

MEDIA_TYPE = "application/vnd.sqlite3"


@pytest.fixture
def http(server: InProcessServer) -> Iterator[httpx.Client]:
    wire = Wire(server.app)
    with httpx.Client(transport=wire, base_url=SERVER_URL) as client:
        yield client
    wire.dispose()


def download(
    http: httpx.Client, server: InProcessServer, person: User, store_schema: str | None = None
) -> tuple[dict[str, str], dict[str, list[dict[str, Any]]]]:
    """The snapshot's meta, and its rows by synced table (`store_schema`: as a device of that store revision asks)."""
    params = {"store_schema": store_schema} if store_schema else None
    response = http.get(SNAPSHOT_PATH, params=params, headers=auth_headers(server.app, person))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == MEDIA_TYPE
    conn = sqlite3.connect(":memory:")
    conn.deserialize(response.content)
    conn.row_factory = sqlite3.Row
    meta = dict(conn.execute("SELECT key, value FROM snapshot_meta").fetchall())
    tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'") if name in SYNCED_TABLES]
    return meta, {name: [dict(row) for row in conn.execute(f'SELECT * FROM "{name}"')] for name in tables}


def pull_all(http: httpx.Client, server: InProcessServer, person: User, cursor: str) -> list[dict[str, Any]]:
    changes: list[dict[str, Any]] = []
    while True:
        page = http.get(PULL_PATH, params={"cursor": cursor, "limit": 5000}, headers=auth_headers(server.app, person)).json()
        changes += page["changes"]
        cursor = page["next_cursor"]
        if not page["more"]:
            return changes


def team_of(server: InProcessServer, owner: User) -> str:
    """A team workspace owned by `owner`, with one thread in it."""
    team = uuid7()
    with server.app.state.store.write() as tx:
        tx.writer.insert("workspaces", {"id": team, "workspace_id": team, "name": "Team", "kind": WORKSPACE_TEAM, "owner_id": owner.id})
        tx.writer.insert("threads", {"workspace_id": team, "title": "Team plan", "sphere_id": "team"})
    server.add_member(team, owner, "owner")
    return team


def test_a_snapshot_needs_a_session(http: httpx.Client) -> None:
    response = http.get(SNAPSHOT_PATH)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("store_schema", [None, SCHEMA_HEAD], ids=["rows (format 1)", "store file (format 2)"])
def test_a_snapshot_holds_the_rows_of_the_callers_workspaces_only(
    http: httpx.Client, server: InProcessServer, store_schema: str | None
) -> None:
    ana, bob, eve = (server.person(f"{name}@example.com") for name in ("ana", "bob", "eve"))
    bobs_team, eves_team = team_of(server, bob), team_of(server, eve)
    server.add_member(bobs_team, ana, "viewer")
    with server.app.state.store.write() as tx:
        tx.writer.insert("threads", {"workspace_id": ana.personal_workspace_id, "title": "Ana's", "sphere_id": "personal"})
        tx.writer.insert("threads", {"workspace_id": bob.personal_workspace_id, "title": "Bob's", "sphere_id": "personal"})

    meta, tables = download(http, server, ana, store_schema)
    assert meta["format"] == ("2" if store_schema else "1")

    assert json.loads(meta["workspaces"]) == {ana.personal_workspace_id: "owner", bobs_team: "viewer"}
    mine = {ana.personal_workspace_id, bobs_team}
    assert {row["workspace_id"] for rows in tables.values() for row in rows} == mine
    assert sorted(row["title"] for row in tables["threads"]) == ["Ana's", "Team plan"]
    assert eves_team not in json.dumps(tables) and bob.personal_workspace_id not in {r["id"] for r in tables["workspaces"]}

    server.remove_member(bobs_team, ana)
    meta, tables = download(http, server, ana, store_schema)
    assert {row["workspace_id"] for rows in tables.values() for row in rows} == {ana.personal_workspace_id}


def test_the_cursor_of_a_snapshot_is_the_watermark_of_its_rows(http: httpx.Client, server: InProcessServer) -> None:
    ana = server.person("ana@example.com")
    with server.app.state.store.write() as tx:
        thread_id = tx.writer.insert("threads", {"workspace_id": ana.personal_workspace_id, "title": "Before", "sphere_id": "personal"})
    meta, tables = download(http, server, ana)
    assert [row["title"] for row in tables["threads"]] == ["Before"]
    assert json.loads(tables["threads"][0]["field_clocks"])["*"][0]  # the clocks travel with the rows
    assert pull_all(http, server, ana, meta["cursor"]) == []  # everything logged is in the rows

    with server.app.state.store.write() as tx:
        tx.writer.update("threads", thread_id, {"title": "After"})
    after = pull_all(http, server, ana, meta["cursor"])
    assert [(c["row_id"], c["column"], c["value"]) for c in after] == [(thread_id, "title", "After")]


def test_the_openapi_document_describes_the_snapshot_as_a_sqlite_file(http: httpx.Client) -> None:
    operation = http.get("/openapi.json").json()["paths"][SNAPSHOT_PATH]["get"]
    assert set(operation["responses"]["200"]["content"]) == {MEDIA_TYPE}
    assert operation["responses"]["200"]["content"][MEDIA_TYPE]["schema"] == {"type": "string", "format": "binary"}
    assert set(operation["responses"]["401"]["content"]) == {"application/json"}  # errors are JSON, as everywhere
    assert operation["security"]


def test_a_kept_snapshot_nobody_downloads_for_a_week_is_removed(http: httpx.Client, server: InProcessServer) -> None:
    """The server's disk does not keep a copy of a person's rows for ever
    after they stop adding devices; a file still downloaded stays."""
    ana, ben, cleo = (server.person(f"{name}@example.com") for name in ("ana", "ben", "cleo"))
    download(http, server, ana)
    download(http, server, ben)
    directory = server.app.state.snapshots.directory

    def kept_for(person: User) -> list[Path]:
        return list(directory.glob(f"{snapshots._owner_prefix(person.id)}-*{snapshots.SUFFIX}"))

    eight_days_ago = time.time() - 8 * 24 * 3600
    for kept in kept_for(ana) + kept_for(ben):
        os.utime(kept, (eight_days_ago, eight_days_ago))
    download(http, server, ben)  # served from the cache, and so used again
    download(http, server, cleo)  # a build: it sweeps the directory

    assert kept_for(ana) == []
    assert len(kept_for(ben)) == 1 and len(kept_for(cleo)) == 1
    meta, tables = download(http, server, ana)  # built again when asked
    assert meta["format"] == "1" and len(kept_for(ana)) == 1
