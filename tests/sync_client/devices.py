"""Devices running the real `chenu`, people with accounts, and the live server
they sync with, for the sync client's end-to-end tests.

Every device runs without an OS keyring unless a test gives it one, so the
tests never touch the keyring of the machine that runs them.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError
from sqlalchemy import create_engine, text

from chenu_desktop.store import STORE_FILE, Store
from tests.support.cli import Chenu, Result
from tests.support.server_process import (
    REPO,
    Server,
    start_server,
    stop,
    wait_until_ready,
)
from tests.support.snapshot import State, snapshot

API = "/api/v1"
PASSWORD = "correct horse battery staple"
NO_KEYRING = "keyring.backends.fail.Keyring"
TEST_KEYRING = f"{__name__}.FileKeyring"
KEYRING_FILE_VARIABLE = "CHENU_TEST_KEYRING_FILE"


@dataclass(frozen=True)
class Person:
    """Someone with an account on the live server."""

    email: str
    password: str
    id: str
    personal_workspace_id: str


class LiveServer:
    """A real server (uvicorn in a subprocess) that a test can stop and start again
    on the same port and database."""

    def __init__(self, database_url: str, workdir: Path, **settings: str) -> None:
        self.database_url = database_url
        self.workdir = workdir
        self.settings = settings
        """CHENU_ variables of the server (name without the prefix); a restart applies changes."""
        self.server: Server | None = None
        self.port: int | None = None
        self._people = 0
        self._sessions: dict[str, dict[str, str]] = {}

    @property
    def url(self) -> str:
        assert self.server is not None
        return self.server.url

    @property
    def log(self) -> Path:
        """The server's output, with a line per request answered."""
        assert self.server is not None
        return self.server.log

    def start(self) -> None:
        self.server = start_server(self.database_url, self.workdir, port=self.port, **self.settings)
        self.port = int(self.server.url.rsplit(":", 1)[1])
        wait_until_ready(self.server)

    def stop(self) -> None:
        if self.server is not None:
            stop(self.server)

    def call(self, method: str, path: str, person: Person | None = None, **kwargs: Any) -> httpx.Response:
        headers = self.headers(person) if person is not None else {}
        return httpx.request(method, self.url + API + path, headers=headers, timeout=30, **kwargs)

    def register(self, name: str) -> Person:
        """A new account through the REST API (`chenu-server create-user` is tested on its own)."""
        self._people += 1
        email = f"{name}-{self._people}@example.com"
        answer = self.call("POST", "/auth/register", json={"email": email, "password": PASSWORD, "display_name": name})
        assert answer.status_code == 201, answer.text
        user = answer.json()
        return Person(email, PASSWORD, user["id"], user["personal_workspace_id"])

    def sign_in(self, email: str, password: str) -> dict[str, Any]:
        """A fresh session of the REST API (not a device's): the token pair with the user."""
        answer = httpx.post(
            self.url + API + "/auth/login", json={"email": email, "password": password}, timeout=30
        )
        assert answer.status_code == 200, answer.text
        return answer.json()

    def headers(self, person: Person) -> dict[str, str]:
        """The person's REST session (one per person, kept: a test is shorter than its lifetime)."""
        if person.email not in self._sessions:
            token = self.sign_in(person.email, person.password)["access_token"]
            self._sessions[person.email] = {"Authorization": f"Bearer {token}"}
        return self._sessions[person.email]

    def logged_changes(self, workspace_id: str, node: str) -> int:
        """How many changes of this device the server's change log holds for the workspace."""
        engine = create_engine(self.database_url)
        try:
            with engine.connect() as conn:
                query = text("SELECT count(*) FROM change_log WHERE workspace_id = :workspace AND node = :node")
                return int(conn.execute(query, {"workspace": workspace_id, "node": node}).scalar_one())
        finally:
            engine.dispose()

    def threads(self, person: Person, workspace_id: str | None = None) -> list[dict[str, Any]]:
        """Every thread of a workspace as the server holds it, page after page."""
        headers = self.headers(person)
        params: dict[str, Any] = {"limit": 500}
        if workspace_id is not None:
            params["workspace_id"] = workspace_id
        threads: list[dict[str, Any]] = []
        while True:
            answer = httpx.get(self.url + API + "/threads", params=params, headers=headers, timeout=30)
            assert answer.status_code == 200, answer.text
            threads += answer.json()
            cursor = answer.headers.get("X-Next-Cursor")
            if not cursor:
                return threads
            params["cursor"] = cursor


class Device(Chenu):
    """A data dir signed in (or not) to the live server, driven through `chenu`."""

    def __init__(self, data_dir: Path, keyring_backend: str = NO_KEYRING) -> None:
        super().__init__(data_dir, pythonpath=REPO if keyring_backend == TEST_KEYRING else None)
        self.env["PYTHON_KEYRING_BACKEND"] = keyring_backend
        self.env[KEYRING_FILE_VARIABLE] = str(data_dir.parent / f"{data_dir.name}-keyring.json")

    @property
    def command(self) -> list[str]:
        """`chenu --data-dir DIR`, to start it by hand."""
        return [sys.executable, "-m", "chenu_desktop", "--data-dir", str(self.data_dir)]

    @property
    def keyring_file(self) -> Path:
        return Path(self.env[KEYRING_FILE_VARIABLE])

    def login(self, server: LiveServer, person: Person) -> Result:
        return self(
            "login", "--server", server.url, "--email", person.email, "--password-stdin", stdin=person.password + "\n"
        )

    @property
    def node_id(self) -> str:
        """This device's id in stamps (what conflicts name as "by")."""
        return self._query("SELECT value FROM sync_meta WHERE key = 'node_id'")

    def refused(self, *args: str, stdin: str | None = None) -> Result:
        """A command that must fail cleanly: non-zero, one line on stderr, no traceback."""
        result = self(*args, stdin=stdin, check=False)
        assert result.code != 0, f"chenu {' '.join(args)} unexpectedly succeeded: {result.stdout}"
        assert "Traceback" not in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, f"expected one line, got: {result.stderr!r}"
        return result

    def sync(self) -> dict[str, Any]:
        """`chenu sync --json`, which must succeed."""
        return self("sync", "--json").json()

    def add_thread(self, title: str, sphere: str = "personal") -> str:
        return self("threads", "add", "--sphere", sphere, "--title", title, "--intent", f"Intent of {title}").last_word

    def import_threads(self, titles: list[str]) -> list[str]:
        """`chenu threads import` of threads with these titles; their ids."""
        path = self.data_dir.parent / f"{self.data_dir.name}-threads.json"
        path.write_text(json.dumps([{"title": t, "founding_intent": f"Why {t}", "sphere_id": "personal"} for t in titles]))
        return self("threads", "import", str(path), "--json").json()["ids"]

    def state(self) -> State:
        """Every synced row this device holds, with its field clocks."""
        store = Store.open(self.data_dir / STORE_FILE)
        try:
            return snapshot(store)
        finally:
            store.close()

    def thread(self, thread_id: str) -> dict[str, Any]:
        return self.state()["threads"][thread_id]

    def rows_of(self, workspace_id: str) -> int:
        """How many synced rows of this workspace the device holds."""
        return sum(
            1 for rows in self.state().values() for row in rows.values() if row.get("workspace_id") == workspace_id
        )

    def outbox(self) -> int:
        """Changes made here that the server has not acknowledged yet (read-only,
        so it may watch a `chenu` at work)."""
        return int(self._query("SELECT count(*) FROM outbox"))

    def _query(self, sql: str) -> Any:
        with closing(sqlite3.connect(f"file:{self.data_dir / STORE_FILE}?mode=ro", uri=True, timeout=30)) as conn:
            return conn.execute(sql).fetchone()[0]


class FileKeyring(KeyringBackend):
    """An OS keyring stand-in for `chenu` subprocesses (PYTHON_KEYRING_BACKEND):
    secrets in a JSON file named by $CHENU_TEST_KEYRING_FILE, outside the data dir."""

    priority = 1  # type: ignore[assignment]

    @property
    def _path(self) -> Path:
        return Path(os.environ[KEYRING_FILE_VARIABLE])

    def _secrets(self) -> dict[str, str]:
        return json.loads(self._path.read_text()) if self._path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._secrets().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        self._path.write_text(json.dumps({**self._secrets(), f"{service}/{username}": password}))

    def delete_password(self, service: str, username: str) -> None:
        secrets = self._secrets()
        if secrets.pop(f"{service}/{username}", None) is None:
            raise PasswordDeleteError(username)
        self._path.write_text(json.dumps(secrets))
