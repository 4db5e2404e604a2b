"""Per-queue progress counts, as a log reads them."""

from __future__ import annotations

from collections import Counter

import pytest

from devaudit.distributed.progress import QueueProgress


def test_counts_are_logged_per_queue_when_they_change(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO", logger="devaudit.distributed")
    progress = QueueProgress(["west", "east"], 5, enabled=False, interval=0.0)
    progress.update({"east": Counter(pending=2, running=1), "west": Counter(done=1, failed=1)})
    progress.update({"east": Counter(pending=2, running=1), "west": Counter(done=1, failed=1)})  # unchanged
    progress.update({"east": Counter(done=3), "west": Counter(done=1, failed=1)})
    progress.stop()
    assert [record.getMessage() for record in caplog.records] == [
        "queue east: 2 pending, 1 running, 0 done, 0 failed; queue west: 0 pending, 0 running, 1 done, 1 failed",
        "queue east: 0 pending, 0 running, 3 done, 0 failed; queue west: 0 pending, 0 running, 1 done, 1 failed",
    ]
