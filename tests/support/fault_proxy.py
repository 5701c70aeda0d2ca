"""A TCP proxy on 127.0.0.1 that mistreats a share of the requests it relays.

It sits between HTTP clients and a real server and, for each request (the
bytes a client sends after the previous answer on the same connection), draws
from a seeded random generator whether to:

- `delay`: hold the request for a moment, then relay it normally;
- `drop`: close the connection without relaying or answering;
- `drop_after`: relay the request, wait for the server's answer to begin (the
  server has done the work and committed), then close the connection without
  passing the answer on: the client never learns it succeeded;
- `reset`: abort the connection with a TCP reset, before or after relaying.

`heal()` lets everything through from then on. `faults` counts what was done,
so a test can check that faults did happen.
"""

from __future__ import annotations

import random
import select
import socket
import struct
import threading
import time
from collections import Counter
from typing import Self

FAULTS = ("delay", "drop", "drop_after", "reset")
MAX_DELAY_S = 0.25
IDLE_TIMEOUT_S = 60.0
CHUNK = 65536


class FaultProxy:
    def __init__(self, target_port: int, seed: int, share: float = 0.25) -> None:
        self.target = ("127.0.0.1", target_port)
        self.share = share
        self.faults: Counter[str] = Counter()
        self.requests = 0
        self._seed = seed
        self._connections = 0
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._closed = False
        self._acceptor = threading.Thread(target=self._accept, name="fault-proxy", daemon=True)
        self._acceptor.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def heal(self) -> None:
        """Relay everything faithfully from now on."""
        self.share = 0.0

    def close(self) -> None:
        self._closed = True
        self._listener.close()
        with self._lock:
            for sock in list(self._open):
                _close(sock)
        self._acceptor.join(5)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # ------------------------------------------------------------ relaying

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self._connections += 1
                rng = random.Random(f"{self._seed}-{self._connections}")
            threading.Thread(target=self._relay, args=(client, rng), daemon=True).start()

    def _draw(self, rng: random.Random) -> str | None:
        with self._lock:
            self.requests += 1
            fault = rng.choice(FAULTS) if rng.random() < self.share else None
            if fault is not None:
                self.faults[fault] += 1
            return fault

    def _relay(self, client: socket.socket, rng: random.Random) -> None:
        try:
            upstream = socket.create_connection(self.target, timeout=10)
        except OSError:
            _reset(client)  # the server is down: the client sees its connection refused
            return
        with self._lock:
            self._open.update((client, upstream))
        try:
            self._pump(client, upstream, rng)
        except OSError:
            pass  # either side went away: drop the connection
        finally:
            with self._lock:
                self._open.difference_update((client, upstream))
            _close(upstream)
            _close(client)

    def _pump(self, client: socket.socket, upstream: socket.socket, rng: random.Random) -> None:
        fault: str | None = None
        awaiting_request = True  # the next client bytes start a new request
        reset_after = False
        while True:
            readable, _, _ = select.select([client, upstream], [], [], IDLE_TIMEOUT_S)
            if not readable:
                return
            for sock in readable:
                data = sock.recv(CHUNK)
                if not data:
                    return
                if sock is client:
                    if awaiting_request:
                        awaiting_request = False
                        fault = self._draw(rng)
                        reset_after = rng.random() < 0.5
                        if fault == "drop":
                            return
                        if fault == "reset" and not reset_after:
                            _reset(client)
                            return
                        if fault == "delay":
                            time.sleep(rng.uniform(0, MAX_DELAY_S))
                    upstream.sendall(data)
                else:
                    if fault == "drop_after":
                        return
                    if fault == "reset":
                        _reset(client)
                        return
                    client.sendall(data)
                    awaiting_request = True


def _reset(sock: socket.socket) -> None:
    """Close with a TCP RST instead of a FIN (linger on, zero timeout)."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    _close(sock)


def _close(sock: socket.socket) -> None:
    try:
        sock.close()
    except OSError:
        pass
