"""The sync client's own HTTP connection (`chenu_desktop/sync/wire.py`), against
a real socket server on 127.0.0.1 that answers each request as scripted:

- requests share one kept-alive connection; one the server closed meanwhile
  (its keep-alive timeout) is replaced at once, without a retry or an error;
- chunked, gzipped and close-delimited answers are read whole;
- a server that never answers, or answers something that is not HTTP, is a
  clear refusal, never a traceback;
- a proxy set in the environment is still used;
- a push leaves each change with its value as stored, and an answer of the
  wrong shape changes nothing on the device: nothing is marked sent, the
  pull cursor stays.
"""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from chenu_desktop.domain.clock import utc_now
from chenu_desktop.store import Store
from chenu_desktop.sync.credentials import Tokens
from chenu_desktop.sync.engine import SyncEngine
from chenu_desktop.sync.errors import ServerRefused, ServerUnreachable
from chenu_desktop.sync.outbox import pending_count
from chenu_desktop.sync.remote import Remote
from chenu_desktop.sync.state import CURSOR_KEY, EPOCH_KEY
from tests.support.stores import StoreFactory

CLOSE = b"<close without answering>"
HANG = b"<never answer>"
ME = {"id": "u1", "email": "ana@example.com"}


def answer(body: bytes | dict, *, status: str = "200 OK", headers: str = "", close: bool = False) -> bytes:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    extra = "Connection: close\r\n" if close else ""
    head = f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len(content)}\r\n{headers}{extra}"
    return head.encode() + b"\r\n" + content


class ScriptedServer:
    """Answers the n-th request with the n-th scripted reply (raw bytes, or
    CLOSE / HANG), on as many connections as clients open; notes each
    request (its head and body) and counts connections."""

    def __init__(self, replies: list[bytes]) -> None:
        self.replies = list(replies)
        self.requests: list[tuple[str, bytes]] = []
        self.connections = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._open: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            self.connections += 1
            self._open.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            self._answer(conn)
        except OSError:
            pass  # the test ended and closed the connection under this thread

    def _answer(self, conn: socket.socket) -> None:
        buffer = b""
        with conn:
            while True:
                while b"\r\n\r\n" not in buffer:
                    data = conn.recv(65536)
                    if not data:
                        return
                    buffer += data
                head, buffer = buffer.split(b"\r\n\r\n", 1)
                length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")), 0)
                while len(buffer) < length:
                    buffer += conn.recv(65536)
                body, buffer = buffer[:length], buffer[length:]
                self.requests.append((head.decode().split("\r\n")[0], body))
                reply = self.replies.pop(0)
                if reply == CLOSE:
                    return
                if reply == HANG:
                    time.sleep(5)
                    return
                conn.sendall(reply)
                framing = reply.split(b"\r\n\r\n")[0]
                if b"Connection: close" in framing or not (b"Content-Length" in framing or b"chunked" in framing):
                    return

    def close(self) -> None:
        self._listener.close()
        for conn in self._open:
            conn.close()


@pytest.fixture
def scripted() -> Iterator[list[ScriptedServer]]:
    made: list[ScriptedServer] = []
    yield made
    for server in made:
        server.close()


def serve(scripted: list[ScriptedServer], *replies: bytes) -> ScriptedServer:
    server = ScriptedServer(list(replies))
    scripted.append(server)
    return server


def remote(server: ScriptedServer, **options: float) -> Remote:
    tokens = Tokens("access", "refresh", time.time() + 3600)
    return Remote(server.url, tokens, retries=int(options.pop("retries", 0)), sleep=lambda _: None, **options)


def test_requests_share_one_connection_and_one_closed_meanwhile_is_replaced_at_once(scripted: list[ScriptedServer]) -> None:
    server = serve(scripted, answer(ME), answer(ME), CLOSE, answer(ME), answer(ME, close=True), answer(ME))
    client = remote(server)  # no retries: a stale connection must not need one
    try:
        assert client.me() == ME
        assert client.me() == ME
        assert server.connections == 1
        assert client.me() == ME  # the server dropped the kept connection on receiving it: sent again on a new one
        assert client.me() == ME  # answered, then closed by the server ("Connection: close")
        assert client.me() == ME
        assert server.connections == 3
        assert all(line == "GET /api/v1/auth/me HTTP/1.1" for line, _ in server.requests)
    finally:
        client.close()


def test_chunked_gzipped_and_close_delimited_answers_are_read_whole(scripted: list[ScriptedServer]) -> None:
    body = json.dumps(ME).encode()
    chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + b"".join(
        b"%x\r\n%s\r\n" % (len(body[i : i + 7]), body[i : i + 7]) for i in range(0, len(body), 7)
    ) + b"0\r\n\r\n"
    zipped = gzip.compress(body)
    gzipped = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n%s" % (len(zipped), zipped)
    until_close = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + body
    server = serve(scripted, chunked, gzipped, until_close, answer(ME))
    client = remote(server)
    try:
        assert [client.me() for _ in range(4)] == [ME] * 4
        assert server.connections == 2  # the close-delimited answer ended its connection
    finally:
        client.close()


def test_a_server_that_never_answers_is_a_clear_timeout(scripted: list[ScriptedServer]) -> None:
    server = serve(scripted, HANG)
    client = remote(server, timeout=0.3)
    try:
        with pytest.raises(ServerUnreachable, match="timed out"):
            client.me()
    finally:
        client.close()


def test_an_answer_that_is_not_http_is_refused_clearly(scripted: list[ScriptedServer]) -> None:
    server = serve(scripted, b"SSH-2.0-OpenSSH_9.2\r\n\r\n", b"HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\nnot json at all")
    client = remote(server)
    try:
        with pytest.raises(ServerUnreachable, match="unreachable"):
            client.me()
        with pytest.raises(ServerRefused, match="not JSON"):
            client.me()
    finally:
        client.close()


def test_a_proxy_set_in_the_environment_is_used(scripted: list[ScriptedServer], monkeypatch: pytest.MonkeyPatch) -> None:
    proxy = serve(scripted, answer(ME))
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    client = Remote("http://sync.invalid", Tokens("access", "refresh", time.time() + 3600), retries=0)
    try:
        assert client.me() == ME
        assert proxy.requests[0][0] == "GET http://sync.invalid/api/v1/auth/me HTTP/1.1"
    finally:
        client.close()


def signed_in_store(store_factory: StoreFactory, path: Path) -> Store:
    store = store_factory.open(path)
    store.set_meta(EPOCH_KEY, "epoch-1")
    store.set_meta(CURSOR_KEY, "cursor-1")
    return store


def test_a_push_sends_values_as_stored_and_a_malformed_answer_marks_nothing_sent(
    scripted: list[ScriptedServer], store_factory: StoreFactory, tmp_path: Path
) -> None:
    store = signed_in_store(store_factory, tmp_path / "store.db")
    now = utc_now()
    title = "Déménager — «vite» \U0001f3e0"
    with store.write() as tx:
        thread_id = tx.writer.insert(
            "threads",
            {"workspace_id": "w1", "sphere_id": "personal", "title": title, "founding_intent": "x", "status": "active",
             "tags": ["a", {"deep": [1, 2.5, None]}], "created_at": now, "updated_at": now, "last_activity_at": now},
        )
    health = answer({"status": "ok"}, headers=f"X-Server-Time: {time.time() * 1000:.0f}\r\n")
    server = serve(scripted, health, answer({"results": "not a list", "accepted": 1}))
    client = remote(server)
    try:
        with pytest.raises(ServerRefused, match="not a push answer"):
            SyncEngine(store, client).run()
        with store.engine.connect() as conn:
            assert pending_count(conn) == 1  # not acknowledged: still waiting to be sent
        assert store.get_meta(CURSOR_KEY) == "cursor-1"
        line, body = server.requests[-1]
        assert line == "POST /api/v1/sync/push?cursor=cursor-1 HTTP/1.1"
        pushed = json.loads(body)
        [change] = pushed["changes"]
        assert set(change) == {"hlc", "node", "workspace_id", "table", "row_id", "column", "value", "base_hlc", "schema"}
        assert change["row_id"] == thread_id and change["column"] == "*"
        assert change["value"]["title"] == title and change["value"]["tags"] == ["a", {"deep": [1, 2.5, None]}]
        assert pushed["node_id"] == store.node_id
    finally:
        client.close()
        store.close()


def test_a_pull_answer_of_the_wrong_shape_changes_nothing(
    scripted: list[ScriptedServer], store_factory: StoreFactory, tmp_path: Path
) -> None:
    store = signed_in_store(store_factory, tmp_path / "store.db")
    wrong = {"changes": [{"hlc": 5, "node": "n"}], "next_cursor": "cursor-2", "more": False, "epoch": "epoch-1"}
    server = serve(scripted, answer(wrong))
    client = remote(server)
    try:
        with pytest.raises(ServerRefused, match="not a pull answer"):
            SyncEngine(store, client).run()
        assert store.get_meta(CURSOR_KEY) == "cursor-1"
    finally:
        client.close()
        store.close()
