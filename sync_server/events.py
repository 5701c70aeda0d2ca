"""The process's change broker: which open event streams hear of which change.

Every open `GET /events` stream is a `Subscription` of one user's session to
the workspaces they belong to. `publish({workspace: last number})` (from any
thread: pushes run in the thread pool) wakes the subscriptions of those
workspaces on the event loop. A subscription holds at most one pending
number per workspace, the latest: a slow reader gets fewer, later events,
never an ever-growing queue.

The broker only knows this process. With several server processes on one
PostgreSQL, each process's listener (pg_listener.py) publishes what every
process committed; the same change may so arrive twice (published here after
the commit, and by the listener), and numbers not above the last one
delivered for a workspace are dropped.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterable, Mapping


class TooManyStreams(Exception):
    """The user has `streams_per_user` streams open on this process already."""


class EventsUnavailable(Exception):
    """Changes cannot be heard right now (the database listener is reconnecting)."""


class Subscription:
    """One open stream: its owner, the workspaces it may hear of, what is pending."""

    def __init__(self, user_id: str, session_id: str, workspaces: Iterable[str]) -> None:
        self.user_id = user_id
        self.session_id = session_id
        self.workspaces = frozenset(workspaces)
        self.pending: dict[str, int] = {}
        self.closed = False
        self.wake = asyncio.Event()

    def offer(self, changed: Mapping[str, int]) -> None:
        for workspace_id, seq in changed.items():
            if workspace_id in self.workspaces:
                self.pending[workspace_id] = max(seq, self.pending.get(workspace_id, 0))
                self.wake.set()

    def take(self) -> dict[str, int]:
        """What is pending (and now no longer), oldest workspace first."""
        taken, self.pending = self.pending, {}
        self.wake.clear()
        return taken

    def close(self) -> None:
        self.closed = True
        self.wake.set()


class ChangeBroker:
    """Fan-out of committed changes to this process's open streams."""

    def __init__(self, streams_per_user: int) -> None:
        self.streams_per_user = streams_per_user
        self.available = True
        """False while changes cannot be heard (see `set_available`)."""
        self._subscriptions: set[Subscription] = set()
        self._per_user: Counter[str] = Counter()
        self._delivered: dict[str, int] = {}
        self._loop: asyncio.AbstractEventLoop | None = None

    def subscribe(self, user_id: str, session_id: str, workspaces: Iterable[str]) -> Subscription:
        """A new subscription, on the running loop; TooManyStreams or EventsUnavailable."""
        self._loop = asyncio.get_running_loop()
        if not self.available:
            raise EventsUnavailable()
        if self._per_user[user_id] >= self.streams_per_user:
            raise TooManyStreams()
        subscription = Subscription(user_id, session_id, workspaces)
        self._subscriptions.add(subscription)
        self._per_user[user_id] += 1
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        """Forget `subscription` (again: nothing)."""
        if subscription in self._subscriptions:
            self._subscriptions.discard(subscription)
            self._per_user[subscription.user_id] -= 1
            if not self._per_user[subscription.user_id]:
                del self._per_user[subscription.user_id]
        subscription.close()

    @property
    def open_streams(self) -> int:
        return len(self._subscriptions)

    def publish(self, changed: Mapping[str, int]) -> None:
        """Tell the streams of these workspaces; callable from any thread."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return  # no stream was ever opened: nobody to tell
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._deliver(dict(changed))
        else:
            loop.call_soon_threadsafe(self._deliver, dict(changed))

    def set_available(self, available: bool) -> None:
        """On the loop. Unavailable ends every stream (their devices pull when
        they reconnect, which catches up on whatever went unheard) and
        refuses new ones until available again."""
        self.available = available
        if not available:
            for subscription in list(self._subscriptions):
                self.unsubscribe(subscription)

    def _deliver(self, changed: dict[str, int]) -> None:
        fresh = {ws: seq for ws, seq in changed.items() if seq > self._delivered.get(ws, 0)}
        if not fresh:
            return
        self._delivered.update(fresh)
        for subscription in self._subscriptions:
            subscription.offer(fresh)
