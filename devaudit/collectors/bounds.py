"""Bounds on one device's SSH session: bytes per command (the --max-size limit) and an overall deadline.

A device that never stops sending output, or drips it slowly for ever, must cost a bounded amount of
memory and time and end as an ERROR for that device alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, cast

import paramiko

from devaudit.errors import CollectionError

__all__ = ["DeadlineExceeded", "Meter", "MeteredClient", "OutputTooLarge"]


class OutputTooLarge(CollectionError):
    """A command's output went past the byte limit; the session was closed."""

    def __init__(self, device: str, reason: str, *, bytes_read: int) -> None:
        super().__init__(device, reason)
        self.bytes_read = bytes_read  # of that command's output, when reading stopped


class DeadlineExceeded(CollectionError):
    """The device did not finish within its overall time budget; the session was closed."""


class Meter:
    """Counts the bytes each command returns and watches the device's deadline.

    The first bound crossed is remembered: every later read fails the same way, so the SSH library
    cannot keep reading from a device that is being dropped.
    """

    def __init__(self, device: str, limit: int, budget: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.device = device
        self.limit = limit
        self.budget = budget
        self._clock = clock
        self._deadline = clock() + budget
        self.step = "logging in"
        self.received = 0  # bytes of the current step's output
        self.total = 0  # bytes read in the whole session
        self.tripped: CollectionError | None = None

    def start(self, step: str) -> None:
        """A new step (``running 'show version'``) begins: its output is counted from zero."""
        self.step = step
        self.received = 0

    def check(self) -> None:
        """Raise if a bound was crossed (the deadline is checked on every poll of the channel)."""
        if self.tripped is None and self._clock() > self._deadline:
            self.tripped = DeadlineExceeded(
                self.device,
                f"collection did not finish within {self.budget:g} s (while {self.step}): "
                "the device answers too slowly or never stops; the session was closed",
            )
        if self.tripped is not None:
            raise self.tripped

    def add(self, size: int) -> None:
        """Count ``size`` bytes of output; raise once the current step is past the limit."""
        self.received += size
        self.total += size
        if self.tripped is None and self.received > self.limit:
            self.tripped = OutputTooLarge(
                self.device,
                f"output exceeded {self.limit} bytes (--max-size) while {self.step}: "
                "the session was closed",
                bytes_read=self.received,
            )
        self.check()


class _MeteredChannel(paramiko.Channel):
    """A session channel whose reads go through a Meter (installed on an open channel, see MeteredClient)."""

    meter: Meter

    def recv_ready(self) -> bool:
        self.meter.check()
        return bool(super().recv_ready())

    def recv(self, nbytes: int) -> bytes:
        self.meter.check()
        data = super().recv(nbytes)
        self.meter.add(len(data))
        return data


class MeteredClient(paramiko.SSHClient):
    """An SSH client whose interactive shell is metered from its first byte (the login banner included)."""

    def __init__(self, meter: Meter) -> None:
        super().__init__()
        self.meter = meter

    def invoke_shell(self, *args: Any, **kwargs: Any) -> paramiko.Channel:
        channel = super().invoke_shell(*args, **kwargs)
        # The channel object is made by the transport; give it the metered reads without copying it.
        channel.__class__ = _MeteredChannel
        metered = cast(_MeteredChannel, channel)
        metered.meter = self.meter
        return metered
