"""A pull cursor is the caller's own input: naming a workspace in it grants
nothing. On SQLite and on PostgreSQL (issue 13, item 5)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from chenu_desktop.domain.hlc import HybridLogicalClock
from sync_server.routers.sync import decode_cursor, encode_cursor
from tests.server.conftest import make_user
from tests.server.helpers import fast_hashing  # noqa: F401 - an autouse fixture
from tests.server.test_sync_api import (
    SYNC,
    changes_of,
    headers_for,
    pull_pages,
    push_body,
    thread_creation,
)


def pull(client: TestClient, headers: dict[str, str], cursor: str) -> dict[str, Any]:
    response = client.get(f"{SYNC}/pull", params={"cursor": cursor}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_forged_cursor_naming_another_accounts_workspace_pulls_nothing_of_it(app: FastAPI, client: TestClient) -> None:
    ana, bob = make_user(app, "ana@example.com"), make_user(app, "bob@example.com")
    ana_headers, bob_headers = headers_for(app, ana), headers_for(app, bob)
    bob_clock, ana_clock = HybridLogicalClock("bbbbbbbbbbbbbbbb"), HybridLogicalClock("aaaaaaaaaaaaaaaa")
    secrets = [thread_creation(bob_clock, bob.personal_workspace_id, "Bob's secret plan") for _ in range(3)]
    assert client.post(f"{SYNC}/push", json=push_body(secrets, bob_clock.node), headers=bob_headers).status_code == 200
    own = pull_pages(client.get, ana_headers)
    caught_up = own[-1]["next_cursor"]

    forged_from_start = encode_cursor({bob.personal_workspace_id: 0})
    forged_alongside = encode_cursor({**decode_cursor(caught_up), bob.personal_workspace_id: 0})
    for cursor, expected in ((forged_from_start, changes_of(own)), (forged_alongside, [])):
        page = pull(client, ana_headers, cursor)
        assert changes_of([page]) == expected  # her own changes from where she says, nothing of Bob's
        assert "Bob's secret plan" not in str(page)
        assert bob.personal_workspace_id not in page["workspaces"]
        assert bob.personal_workspace_id not in decode_cursor(page["next_cursor"])

    ana_thread = thread_creation(ana_clock, ana.personal_workspace_id, "Ana's own")
    client.post(f"{SYNC}/push", json=push_body([ana_thread], ana_clock.node), headers=ana_headers)
    assert changes_of([pull(client, ana_headers, forged_alongside)]) == [ana_thread]  # the forgery hides nothing of hers
