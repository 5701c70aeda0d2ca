"""HTTP/1.1 to the sync server on one kept-alive connection, at socket speed.

A sync is a few small requests (one push, one pull) where every fraction of
a millisecond shows: a general client (httpx) spends ~0.6 ms of CPU per
request building URL and header objects, cookies and redirects, against
~0.03 ms here. This module sends each request as one `sendall` of
pre-assembled bytes on a TCP_NODELAY socket (no Nagle wait between head and
body), keeps the connection for the next request, and parses the answer's
status line, headers and body (Content-Length, chunked, or until close).

The host is resolved once, when the connection opens; no proxy is consulted
(the sync server is reached directly, as the window's live stream does).
Bodies are not compressed on loopback, where compressing costs more than
sending; elsewhere the answer may come gzipped.

Errors are httpx's transport errors, so `Remote` handles them as before. A
request on a reused connection that the server had closed meanwhile (its
keep-alive timeout) is sent again at once on a new one: every request the
sync client makes is safe to repeat.
"""

from __future__ import annotations

import ipaddress
import select
import socket
import ssl
import zlib
from collections.abc import Callable
from typing import Any, BinaryIO
from urllib.parse import urlsplit

import httpx
import msgspec

_decode_json = msgspec.json.Decoder().decode
MAX_HEAD = 64 * 1024
"""An answer's status line and headers larger than this are refused (a broken or hostile server)."""
RECV = 256 * 1024


class WireHeaders(dict[str, str]):
    """An answer's headers, names in lower case; `get` takes any case."""

    def get(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        return super().get(name.lower(), default)

    def __getitem__(self, name: str) -> str:
        return super().__getitem__(name.lower())

    def __contains__(self, name: object) -> bool:
        return super().__contains__(name.lower() if isinstance(name, str) else name)


class WireResponse:
    """The parts of an answer the sync client reads (as named on `httpx.Response`)."""

    __slots__ = ("content", "headers", "reason_phrase", "status_code")

    def __init__(self, status_code: int, reason_phrase: str, headers: WireHeaders, content: bytes) -> None:
        self.status_code = status_code
        self.reason_phrase = reason_phrase
        self.headers = headers
        self.content = content

    @property
    def is_success(self) -> bool:
        return 200 <= self.status_code < 300

    def json(self) -> Any:
        try:
            return _decode_json(self.content)
        except msgspec.DecodeError as error:
            raise ValueError(f"not JSON: {error}") from None


class Wire:
    """One connection to `base_url` (scheme, host, port, path prefix), opened when first needed."""

    def __init__(self, base_url: str, timeout: float, tls: Callable[[], ssl.SSLContext]) -> None:
        parts = urlsplit(base_url)
        self._https = parts.scheme == "https"
        self._host = parts.hostname or ""
        self._port = parts.port or (443 if self._https else 80)
        self._prefix = parts.path.rstrip("/")
        self._timeout = timeout
        self._tls = tls
        host_header = parts.netloc.rsplit("@", 1)[-1]
        encoding = b"identity" if _is_loopback(self._host) else b"gzip"
        self._fixed_headers = b"Host: " + host_header.encode("idna") + b"\r\nAccept-Encoding: " + encoding + b"\r\nUser-Agent: chenu-sync\r\n"
        self._sock: socket.socket | None = None

    def close(self) -> None:
        if self._sock is not None:
            try:
                self._sock.close()
            finally:
                self._sock = None

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout: float | None = None,
        into: BinaryIO | None = None,
    ) -> WireResponse:
        """Send one request (`path` below the prefix, query included) and read its answer;
        `into`: a successful answer's body is written there as it comes (a large download), not kept."""
        message = self._message(method, path, body, headers)
        reused = self._sock is not None and self._still_open()
        if not reused:
            self.close()
        sock = self._connection(timeout)
        try:
            return self._exchange(sock, message, method, timeout, into)
        except _ClosedBeforeAnswer:
            self.close()
            if not reused:
                raise httpx.RemoteProtocolError("the server closed the connection without answering") from None
        except BaseException:
            self.close()  # a connection left mid-answer cannot carry the next request
            raise
        sock = self._connection(timeout)  # the kept connection had gone stale: once more on a new one
        try:
            return self._exchange(sock, message, method, timeout, into)
        except _ClosedBeforeAnswer:
            self.close()
            raise httpx.RemoteProtocolError("the server closed the connection without answering") from None
        except BaseException:
            self.close()
            raise

    # ------------------------------------------------------------ sending

    def _message(self, method: str, path: str, body: bytes | None, headers: dict[str, str] | None) -> bytes:
        head = [method.encode("ascii"), b" ", (self._prefix + path).encode("ascii"), b" HTTP/1.1\r\n", self._fixed_headers]
        for name, value in (headers or {}).items():
            if "\r" in value or "\n" in value:
                raise ValueError(f"header {name} holds a line break")
            head += [name.encode("ascii"), b": ", value.encode("latin-1"), b"\r\n"]
        if body is not None:
            head += [b"Content-Type: application/json\r\nContent-Length: ", str(len(body)).encode("ascii"), b"\r\n\r\n", body]
        elif method in ("POST", "PUT", "PATCH"):
            head.append(b"Content-Length: 0\r\n\r\n")
        else:
            head.append(b"\r\n")
        return b"".join(head)

    def _still_open(self) -> bool:
        """Whether the kept connection can carry a request: nothing readable
        on it (a closed connection reads as readable, at its end)."""
        assert self._sock is not None
        try:
            readable, _, _ = select.select([self._sock], [], [], 0)
        except (OSError, ValueError):
            return False
        return not readable

    def _connection(self, timeout: float | None) -> socket.socket:
        if self._sock is not None:
            return self._sock
        limit = self._timeout if timeout is None else timeout
        try:
            sock = socket.create_connection((self._host, self._port), timeout=limit)
        except TimeoutError:
            raise httpx.ConnectTimeout(f"connecting to {self._host}:{self._port} timed out") from None
        except OSError as error:
            raise httpx.ConnectError(f"cannot connect to {self._host}:{self._port}: {error}") from None
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self._https:
            try:
                sock = self._tls().wrap_socket(sock, server_hostname=self._host)
            except (OSError, ssl.SSLError) as error:
                sock.close()
                raise httpx.ConnectError(f"TLS with {self._host}:{self._port} failed: {error}") from None
        self._sock = sock
        return sock

    # ------------------------------------------------------------ receiving

    def _exchange(
        self, sock: socket.socket, message: bytes, method: str, timeout: float | None, into: BinaryIO | None = None
    ) -> WireResponse:
        sock.settimeout(self._timeout if timeout is None else timeout)
        try:
            sock.sendall(message)
        except TimeoutError:
            raise httpx.WriteTimeout("sending the request timed out") from None
        except OSError:
            raise _ClosedBeforeAnswer() from None
        reader = _Reader(sock)
        status, reason, headers = reader.head()
        while 100 <= status < 200:  # an interim answer (none is asked for): the real one follows
            status, reason, headers = reader.head()
        coding = headers.get("content-encoding", "identity").lower()
        if coding not in ("gzip", "deflate", "identity"):
            raise httpx.DecodingError(f"the answer is encoded as {coding!r}, which was not asked for")
        decode = _decoder(coding)
        if into is not None and 200 <= status < 300:
            reader.copy_body(headers, into, decode)
            content = b""
        else:
            content = decode(reader.body(headers, method == "HEAD" or status in (204, 304)), True)
        if headers.get("connection", "").lower() == "close" or reader.until_close:
            self.close()
        return WireResponse(status, reason, headers, content)


Decode = Callable[[bytes, bool], bytes]
"""Undoes the answer's content coding, part by part (True: the last part)."""


def _decoder(coding: str) -> Decode:
    if coding == "identity":
        return lambda data, _last: data
    inflate = zlib.decompressobj(47)  # gzip or zlib framing, told by its header

    def decode(data: bytes, last: bool) -> bytes:
        try:
            out = inflate.decompress(data)
            return out + inflate.flush() if last else out
        except zlib.error as error:
            raise httpx.DecodingError(f"the answer's {coding} body is damaged: {error}") from None

    return decode


class _ClosedBeforeAnswer(Exception):
    """The connection ended before a byte of the answer came back."""


class _Reader:
    """Reads one answer from a socket, keeping what came beyond each part."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._buffer = b""
        self._answered = False
        self.until_close = False

    def _recv(self) -> bytes:
        try:
            data = self._sock.recv(RECV)
        except TimeoutError:
            raise httpx.ReadTimeout("waiting for the server's answer timed out") from None
        except OSError as error:
            if not self._answered:
                raise _ClosedBeforeAnswer() from None
            raise httpx.ReadError(f"the connection broke while reading the answer ({error})") from None
        if not data and not self._answered:
            raise _ClosedBeforeAnswer()
        self._answered = True
        return data

    def head(self) -> tuple[int, str, WireHeaders]:
        while (end := self._buffer.find(b"\r\n\r\n")) < 0:
            if len(self._buffer) > MAX_HEAD:
                raise httpx.RemoteProtocolError("the answer's headers are too long")
            data = self._recv()
            if not data:
                raise httpx.RemoteProtocolError("the server closed the connection in the middle of an answer")
            self._buffer += data
        head, self._buffer = self._buffer[:end], self._buffer[end + 4 :]
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
            raise httpx.RemoteProtocolError(f"not an HTTP/1.1 answer: {lines[0][:80]!r}")
        headers = WireHeaders()
        for line in lines[1:]:
            name, colon, value = line.partition(":")
            if not colon:
                raise httpx.RemoteProtocolError(f"a malformed header line: {line[:80]!r}")
            key = name.strip().lower()
            headers[key] = f"{headers[key]}, {value.strip()}" if key in headers else value.strip()
        return int(parts[1]), parts[2] if len(parts) > 2 else "", headers

    def body(self, headers: WireHeaders, empty: bool) -> bytes:
        if empty:
            return b""
        if "chunked" in headers.get("transfer-encoding", "").lower():
            return self._chunked()
        length = headers.get("content-length")
        if length is not None:
            if not length.isdigit():
                raise httpx.RemoteProtocolError(f"a malformed Content-Length: {length[:40]!r}")
            return self._exactly(int(length))
        self.until_close = True  # no length: the body runs until the server closes the connection
        parts = [self._buffer]
        while data := self._recv():
            parts.append(data)
        self._buffer = b""
        return b"".join(parts)

    def copy_body(self, headers: WireHeaders, into: BinaryIO, decode: Decode) -> None:
        """Write the body into `into` (emptied first) as it arrives; only a
        body of announced length is streamed, any other is read whole first."""
        into.seek(0)
        into.truncate()
        length = headers.get("content-length")
        if length is None or not length.isdigit() or "chunked" in headers.get("transfer-encoding", "").lower():
            into.write(decode(self.body(headers, False), True))
            return
        left = int(length)
        data, self._buffer = self._buffer, b""
        while True:
            part, extra = (data, b"") if len(data) <= left else (data[:left], data[left:])
            left -= len(part)
            into.write(decode(part, left == 0))
            if left == 0:
                self._buffer = extra
                return
            data = self._recv()
            if not data:
                raise httpx.RemoteProtocolError("the server closed the connection in the middle of an answer")

    def _exactly(self, size: int) -> bytes:
        parts, have = [self._buffer], len(self._buffer)
        while have < size:
            data = self._recv()
            if not data:
                raise httpx.RemoteProtocolError("the server closed the connection in the middle of an answer")
            parts.append(data)
            have += len(data)
        whole = b"".join(parts) if len(parts) > 1 else parts[0]
        self._buffer = whole[size:]
        return whole[:size]

    def _line(self) -> bytes:
        while (end := self._buffer.find(b"\r\n")) < 0:
            data = self._recv()
            if not data:
                raise httpx.RemoteProtocolError("the server closed the connection in the middle of an answer")
            self._buffer += data
        line, self._buffer = self._buffer[:end], self._buffer[end + 2 :]
        return line

    def _chunked(self) -> bytes:
        parts = []
        while True:
            size_text = self._line().split(b";", 1)[0].strip()
            try:
                size = int(size_text, 16)
            except ValueError:
                raise httpx.RemoteProtocolError(f"a malformed chunk size: {size_text[:20]!r}") from None
            if size == 0:
                while self._line():  # trailers, up to the empty line
                    pass
                return b"".join(parts)
            parts.append(self._exactly(size))
            if self._exactly(2) != b"\r\n":
                raise httpx.RemoteProtocolError("a chunk did not end where its size said")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
