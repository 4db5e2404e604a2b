"""A fleet audited by worker processes reports exactly what one process reports, in input order."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from devaudit.engine.loader import load_baseline
from devaudit.models import DeviceResult, DeviceStatus
from devaudit.runner import AuditOptions, BaselineSpec, audit_inputs, audit_prepared
from devaudit.sources import InputRef

CONFIGS = Path(__file__).resolve().parents[2] / "mocks" / "configs"


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> list[InputRef]:
    """Every simulator config (hardened and insecure, all platforms) plus one file that is not a config."""
    root = tmp_path_factory.mktemp("fleet")
    for source in sorted(CONFIGS.glob("*/*.cfg")):
        shutil.copyfile(source, root / f"{source.parent.name}-{source.name}")
    (root / "zz-notes.cfg").write_text("call the NOC before changing anything\n", encoding="utf-8")
    return [InputRef(path=p, label=str(p)) for p in sorted(root.iterdir())]


def _summary(devices: Iterator[DeviceResult]) -> list[tuple[str, str, str, tuple[tuple[str, str], ...]]]:
    return [
        (d.source, d.platform, d.status.value, tuple((f.rule_id, f.status.value) for f in d.findings))
        for d in devices
    ]


def test_workers_report_what_one_process_reports(fleet: list[InputRef]) -> None:
    baseline = load_baseline()
    one = _summary(audit_inputs(fleet, baseline, AuditOptions(), jobs=1))
    two = _summary(audit_inputs(fleet, baseline, AuditOptions(), jobs=2, spec=BaselineSpec()))
    assert two == one
    assert [row[0] for row in two] == [ref.label for ref in fleet]
    assert len({row[1] for row in one if row[1]}) >= 10  # every platform went through the workers
    assert one[-1][2] == DeviceStatus.ERROR.value  # the note is an ERROR result, the others were audited


def test_workers_started_while_other_threads_run_load_their_own_baseline(fleet: list[InputRef]) -> None:
    """With another thread alive (a live collection, say) workers are spawned, not forked, and agree."""
    baseline = load_baseline()
    one = _summary(audit_inputs(fleet[:10], baseline, AuditOptions(), jobs=1))
    release = threading.Event()
    other = threading.Thread(target=release.wait, daemon=True)
    other.start()
    try:
        two = _summary(audit_inputs(fleet[:10], baseline, AuditOptions(), jobs=2, spec=BaselineSpec()))
    finally:
        release.set()
        other.join()
    assert two == one


def _where(device: DeviceResult) -> tuple[str, int]:
    """What a result is and which process prepared it."""
    return device.source, os.getpid()


def test_the_worker_that_audits_a_file_prepares_its_result(fleet: list[InputRef]) -> None:
    """Only what ``prepare`` returns comes back from a worker: the reading process renders nothing."""
    baseline = load_baseline()
    here = os.getpid()
    two = list(audit_prepared(fleet, baseline, AuditOptions(), _where, jobs=2, spec=BaselineSpec()))
    assert [source for source, _ in two] == [ref.label for ref in fleet]
    assert here not in {pid for _, pid in two}
    one = list(audit_prepared(fleet, baseline, AuditOptions(), _where, jobs=1))
    assert {pid for _, pid in one} == {here}
