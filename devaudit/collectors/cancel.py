"""Cancelling a collection run: Ctrl-C aborts the sessions that are blocked reading from devices."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator

from devaudit.errors import CollectionError

__all__ = ["Cancellation", "Cancelled"]


class Cancelled(CollectionError):
    """The run was interrupted before this device finished."""


class Cancellation:
    """Shared by the coordinator and the collecting threads of one run."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._closers: dict[int, Callable[[], object]] = {}
        self._next = 0
        self._event = threading.Event()

    @property
    def cancelled(self) -> bool:
        """Whether the run was interrupted."""
        return self._event.is_set()

    @contextlib.contextmanager
    def closing(self, device: str, closer: Callable[[], object]) -> Iterator[None]:
        """While the block runs, ``cancel()`` calls ``closer`` (which makes blocked reads fail at once)."""
        with self._lock:
            if self._event.is_set():
                closer()
                raise Cancelled(device, "collection interrupted")
            key = self._next
            self._next += 1
            self._closers[key] = closer
        try:
            yield
        finally:
            with self._lock:
                self._closers.pop(key, None)

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True (at once) if the run is interrupted meanwhile."""
        return self._event.wait(seconds)

    def cancel(self) -> None:
        """Interrupt the run: close every open session."""
        self._event.set()
        with self._lock:
            closers = list(self._closers.values())
        for closer in closers:
            with contextlib.suppress(Exception):
                closer()
