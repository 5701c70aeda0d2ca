"""A plain server-sent events reader for tests: `GET /api/v1/events` read in a
thread, each event queued as (name, data). No code of the desktop client."""

from __future__ import annotations

import json
import queue
import threading
from typing import Any

import httpx

EVENTS = "/api/v1/events"


class EventReader:
    """Opens the stream at once; `next()` waits for the next event; `close()` hangs up."""

    def __init__(self, base_url: str, headers: dict[str, str] | None = None) -> None:
        self.status: int | None = None
        self.body = b""
        self.events: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.opened = threading.Event()
        self.ended = threading.Event()
        self._client = httpx.Client(base_url=base_url, timeout=httpx.Timeout(10.0, read=None))
        self._headers = headers or {}
        self._thread = threading.Thread(target=self._read, daemon=True, name="sse reader")
        self._thread.start()
        assert self.opened.wait(10), "the event stream did not answer within 10 s"

    def next(self, timeout: float = 5.0) -> tuple[str, Any]:
        return self.events.get(timeout=timeout)

    def changed(self, timeout: float = 5.0) -> dict[str, Any]:
        """The next `changed` event's data."""
        name, data = self.next(timeout)
        assert name == "changed", (name, data)
        return data

    def close(self) -> None:
        self._client.close()
        self._thread.join(10)

    def _read(self) -> None:
        try:
            with self._client.stream("GET", EVENTS, headers=self._headers) as response:
                self.status = response.status_code
                if response.status_code != 200:
                    self.body = response.read()
                    return
                self.opened.set()
                name, data = "message", ""
                for line in response.iter_lines():
                    if line.startswith(":"):
                        continue
                    if not line:
                        if data:
                            self.events.put((name, json.loads(data)))
                        name, data = "message", ""
                    elif line.startswith("event:"):
                        name = line[6:].strip()
                    elif line.startswith("data:"):
                        data += line[5:].strip()
        except (httpx.HTTPError, RuntimeError, OSError):
            pass  # hung up by close(), or the server went away
        finally:
            self.opened.set()
            self.ended.set()
