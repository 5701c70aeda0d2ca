"""A device's account through `chenu login`, `whoami` and `logout`: where the
session is kept, what a local-only profile becomes, whose data a data dir holds."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path

import httpx

from tests.support.server_process import create_account
from tests.sync_client.devices import API, PASSWORD, TEST_KEYRING, Device, LiveServer

WHOAMI_KEYS = {"signed_in", "server", "user_id", "email", "display_name", "personal_workspace_id", "device"}


def refresh_works(server: LiveServer, refresh_token: str) -> bool:
    answer = httpx.post(server.url + API + "/auth/refresh", json={"refresh_token": refresh_token}, timeout=30)
    assert answer.status_code in (200, 401), answer.text
    return answer.status_code == 200


def test_login_whoami_and_logout_without_an_os_keyring(
    server: LiveServer, device: Callable[..., Device], tmp_path: Path
) -> None:
    email = f"made-by-admin-{tmp_path.name}@example.com"
    create_account(server.database_url, tmp_path / "admin", email, PASSWORD)
    laptop = device("laptop")
    login = ("login", "--server", server.url + "/", "--email", email, "--password-stdin")

    wrong = laptop.refused(*login, stdin="not the password\n")
    assert wrong.stderr.strip() == "chenu: error: login: wrong email or password"
    assert not (laptop.data_dir / "credentials.json").exists()

    signed_in = laptop(*login, stdin=PASSWORD + "\n")
    assert email in signed_in.stdout
    [notice] = signed_in.stderr.strip().splitlines()
    assert "keyring" in notice and "credentials.json" in notice
    credentials = laptop.data_dir / "credentials.json"
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600

    whoami = laptop("whoami", "--json").json()
    assert set(whoami) == WHOAMI_KEYS
    assert (whoami["signed_in"], whoami["server"], whoami["email"]) == (True, server.url, email)
    assert whoami["user_id"] and whoami["personal_workspace_id"] and whoami["device"]

    first_session = json.loads(credentials.read_text())["refresh_token"]
    laptop(*login, stdin=PASSWORD + "\n")
    assert not refresh_works(server, first_session), "signing in again left the previous session alive"

    refresh_token = json.loads(credentials.read_text())["refresh_token"]
    laptop("logout")
    assert not refresh_works(server, refresh_token), "the server still honours the signed-out session"
    assert not credentials.exists()
    after = laptop("whoami", "--json").json()
    assert (after["signed_in"], after["email"], after["device"]) == (False, None, whoami["device"])
    assert "not signed in" in laptop.refused("sync").stderr


def test_the_session_goes_to_the_os_keyring_when_there_is_one(
    sqlite_server: LiveServer, device: Callable[..., Device]
) -> None:
    """Where the device keeps its session does not depend on the server's database: SQLite only."""
    server = sqlite_server
    ana = server.register("ana")
    laptop = device("laptop", keyring_backend=TEST_KEYRING)
    assert laptop.login(server, ana).stderr == ""  # no notice
    assert not (laptop.data_dir / "credentials.json").exists()
    refresh_token = json.loads(next(iter(json.loads(laptop.keyring_file.read_text()).values())))["refresh_token"]
    laptop.sync()  # the session is found in the keyring (and rotated there)

    laptop("logout")
    assert json.loads(laptop.keyring_file.read_text()) == {}
    assert not refresh_works(server, refresh_token)


def test_work_done_before_signing_in_joins_the_personal_workspace_and_reaches_another_device(
    sqlite_server: LiveServer, device: Callable[..., Device]
) -> None:
    """The device re-addresses its rows before it pushes them: SQLite only."""
    server = sqlite_server
    ana = server.register("ana")
    laptop, desktop = device("laptop"), device("desktop")
    laptop.import_threads(["Made offline", "Also offline"])

    assert "personal workspace" in laptop.login(server, ana).stdout
    laptop.sync()
    desktop.login(server, ana)
    desktop.sync()

    threads = desktop.state()["threads"]
    assert sorted(t["title"] for t in threads.values()) == ["Also offline", "Made offline"]
    assert {t["workspace_id"] for t in threads.values()} == {ana.personal_workspace_id}
    assert desktop.state() == laptop.state()
    assert sorted(t["title"] for t in server.threads(ana)) == ["Also offline", "Made offline"]
    assert [w["id"] for w in desktop("workspaces", "list", "--json").json()] == [ana.personal_workspace_id]


def test_a_data_dir_is_not_signed_into_someone_elses_account(
    sqlite_server: LiveServer, device: Callable[..., Device]
) -> None:
    """The device refuses on its own: SQLite only."""
    server = sqlite_server
    ana, bo = server.register("ana"), server.register("bo")
    laptop = device("laptop")
    laptop.login(server, ana)
    laptop("logout")

    refused = laptop.refused("login", "--server", server.url, "--email", bo.email, "--password-stdin", stdin=bo.password + "\n")
    assert ana.email in refused.stderr
    assert "personal workspace" not in laptop.login(server, ana).stdout  # its owner comes back; nothing to adopt


def test_an_ended_session_stops_sync_with_one_line_and_signing_in_again_resumes(
    sqlite_server: LiveServer, device: Callable[..., Device]
) -> None:
    """The access token ran out and the session was ended on the server (the
    refresh is refused): the device says so, keeps its work, and carries on
    after `chenu login`. The session handling is the device's: SQLite only."""
    server = sqlite_server
    ana = server.register("ana")
    laptop = device("laptop")
    laptop.login(server, ana)
    laptop.add_thread("Kept while signed out")
    credentials = laptop.data_dir / "credentials.json"
    session = json.loads(credentials.read_text())
    ended = httpx.post(server.url + API + "/auth/logout", json={"refresh_token": session["refresh_token"]}, timeout=30)
    assert ended.status_code == 204
    credentials.write_text(json.dumps({**session, "access_expires_at": 0}))

    refused = laptop.refused("sync")
    assert "sign in again" in refused.stderr
    waiting = laptop.outbox()
    assert waiting > 0

    laptop.login(server, ana)
    assert laptop.sync()["pushed"] == waiting
    assert [t["title"] for t in server.threads(ana)] == ["Kept while signed out"]
