"""Pausing Python's cyclic garbage collector while a batch merges.

A pull's page of 5 000 changes holds a few containers per touched row (its
decoded clocks, its merge state) until the page is written: they outlive the
young generations and get promoted, and every so many promotions Python runs
a full collection over the whole process heap — in a profile of the merge, a
third of its CPU time, for objects that hold no cycles and are all freed by
reference counting when the page is done. The collector is paused for the
page and resumed after it (if it was running); whatever cycles the rest of
the process made meanwhile are collected then.

Pauses may overlap (the sync thread and the sync server's worker threads):
the collector resumes when the last one ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _Pauses:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.active = 0
        self.resume = False
        """Whether the collector was running when the first active pause began."""


_PAUSES = _Pauses()


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (reference counting goes on)."""
    with _PAUSES.lock:
        if _PAUSES.active == 0:
            _PAUSES.resume = gc.isenabled()
            gc.disable()
        _PAUSES.active += 1
    try:
        yield
    finally:
        with _PAUSES.lock:
            _PAUSES.active -= 1
            if _PAUSES.active == 0 and _PAUSES.resume:
                gc.enable()
