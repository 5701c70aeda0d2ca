"""A large answer (the new device's snapshot) written by the device's own
connection into a file as it arrives: whole, decoded, the file emptied
first, whatever framing the server (or a proxy on the way) chose. A real
HTTP server on 127.0.0.1 answers."""

from __future__ import annotations

import gzip
import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from chenu_desktop.sync.remote import tls_context
from chenu_desktop.sync.wire import Wire

BODY = bytes(range(256)) * 40_000  # ~10 MB: many receives


class Answers(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        if self.path.endswith("/gzip"):
            payload = gzip.compress(BODY, compresslevel=1)
            self._head(200, {"Content-Length": str(len(payload)), "Content-Encoding": "gzip"})
            self.wfile.write(payload)
        elif self.path.endswith("/chunked"):
            self._head(200, {"Transfer-Encoding": "chunked"})
            for start in range(0, len(BODY), 1 << 20):
                part = BODY[start : start + (1 << 20)]
                self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        elif self.path.endswith("/refused"):
            detail = b'{"detail": "no"}'
            self._head(503, {"Content-Length": str(len(detail)), "Content-Type": "application/json"})
            self.wfile.write(detail)
        else:
            self._head(200, {"Content-Length": str(len(BODY))})
            self.wfile.write(BODY)

    def _head(self, status: int, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def wire() -> Iterator[Wire]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    connection = Wire(f"http://127.0.0.1:{server.server_address[1]}/api", 30.0, tls_context)
    yield connection
    connection.close()
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("path", ["/plain", "/gzip", "/chunked"])
def test_an_answer_is_written_whole_into_the_file_which_is_emptied_first(wire: Wire, path: str) -> None:
    into = io.BytesIO(b"left from an attempt that broke off " * 1000)
    response = wire.request("GET", path, into=into)
    assert response.status_code == 200 and response.content == b""
    assert into.getvalue() == BODY
    assert wire.request("GET", "/plain").content == BODY  # the connection carries the next request


def test_a_refusal_is_read_as_an_answer_and_the_file_left_alone(wire: Wire) -> None:
    into = io.BytesIO()
    response = wire.request("GET", "/refused", into=into)
    assert response.status_code == 503 and response.json() == {"detail": "no"}
    assert into.getvalue() == b""
