"""Progress of a distributed run: a rich bar on a terminal, else log lines; counts per queue."""

from __future__ import annotations

import logging
import sys
import time
from collections import Counter
from collections.abc import Iterable

__all__ = ["STATES", "QueueProgress"]

log = logging.getLogger("devaudit.distributed")
STATES = ("pending", "running", "done", "failed")


class QueueProgress:
    """Shows per-queue counts of pending, running, done and failed devices as they change."""

    def __init__(self, queues: Iterable[str], total: int, *, enabled: bool = True, interval: float = 5.0) -> None:
        self._queues = tuple(sorted(set(queues)))
        self._interval = interval
        self._last_log = 0.0
        self._last_text = ""
        self._bar = None
        self._rows: dict[str, object] = {}
        if enabled and sys.stderr.isatty():
            from rich.progress import Progress

            self._bar = Progress(transient=True)
            self._overall = self._bar.add_task("devices", total=total)
            for queue in self._queues:
                self._rows[queue] = self._bar.add_task(f"queue {queue}", total=None)
            self._bar.start()

    @staticmethod
    def describe(queue: str, counts: Counter[str]) -> str:
        """One queue's counts in words."""
        return f"queue {queue}: " + ", ".join(f"{counts.get(state, 0)} {state}" for state in STATES)

    def update(self, counts: dict[str, Counter[str]], *, force: bool = False) -> None:
        """New counts per queue (state name to number of devices)."""
        finished = sum(c.get("done", 0) + c.get("failed", 0) for c in counts.values())
        lines = [self.describe(queue, counts.get(queue, Counter())) for queue in self._queues]
        if self._bar is not None:
            from rich.progress import TaskID

            self._bar.update(self._overall, completed=finished)
            for queue, line in zip(self._queues, lines, strict=True):
                row = self._rows[queue]
                assert isinstance(row, int)
                self._bar.update(TaskID(row), description=line)
            return
        text = "; ".join(lines)
        now = time.monotonic()
        if text != self._last_text and (force or now - self._last_log >= self._interval):
            log.info("%s", text)
            self._last_text, self._last_log = text, now

    def stop(self) -> None:
        """Remove the bar from the terminal."""
        if self._bar is not None:
            self._bar.stop()
