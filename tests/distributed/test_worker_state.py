"""A worker's own state: its known hosts (read again when a file changes) and the coordinator's rules."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from devaudit.distributed.fingerprint import baseline_digest
from devaudit.distributed.task import WorkerSettings, WorkerState
from devaudit.distributed.wire import BaselineRef
from devaudit.engine.loader import load_baseline


def test_known_hosts_are_read_again_when_a_file_changes(tmp_path: Path) -> None:
    known = tmp_path / "known_hosts"
    known.write_text("", encoding="utf-8")
    state = WorkerState(WorkerSettings(known_hosts=(known,), own_known_hosts=tmp_path / "own"))
    first = state.known_hosts()
    assert state.known_hosts() is first
    key = "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
    known.write_text(f"[192.0.2.1]:22 ssh-ed25519 {key}\n", encoding="utf-8")
    os.utime(known, ns=(1, 1))
    assert state.known_hosts() is not first


def test_a_worker_with_other_rules_refuses_to_audit() -> None:
    state = WorkerState(WorkerSettings())
    digest = baseline_digest(load_baseline(None))
    assert state.baseline(BaselineRef(digest=digest)).rules
    with pytest.raises(ValueError, match="differ from the coordinator") as caught:
        state.baseline(BaselineRef(variables={"min_ntp_servers": 3}, digest=digest))
    assert str(caught.value) == (
        "this worker's rules (the shipped baselines) differ from the coordinator's: install the same devaudit "
        "version and baseline files on the worker"
    )
