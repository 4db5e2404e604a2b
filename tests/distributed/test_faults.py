"""Faults are results, not hangs: a worker killed mid-device, the broker stopped mid-run, Ctrl-C."""

from __future__ import annotations

import json
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.distributed.conftest import GUARD, Cluster, spec
from tests.distributed.test_regional_run import _devices, _local_run, _verdicts

pytestmark = pytest.mark.slow
T = TypeVar("T")


def _until(what: str, probe: Callable[[], T | None]) -> T:
    """Poll ``probe`` until it returns something (a guard against a hang, not a timing assertion)."""
    deadline = time.monotonic() + GUARD
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.1)


def _holder(cluster: Cluster, device: str) -> Callable[[], str | None]:
    """The worker holding the first delivery of ``device``'s task (from the claim it takes in Redis)."""
    client: Any = cluster.broker.client()

    def probe() -> str | None:
        keys = client.keys(f"devaudit:claim:*-{device}:1")
        return client.get(keys[0]).decode() if keys else None

    return probe


def _coordinate(cluster: Cluster, out: Path, *extra: str) -> Any:
    return cluster.devaudit(
        "audit", "--inventory", str(cluster.inventory), "--engine", cluster.broker.engine, "-f", "json",
        "-o", str(out), *extra,
    )  # fmt: skip


def test_a_killed_worker_loses_its_device_once_then_the_device_is_an_error(cluster_factory: Any) -> None:
    cluster: Cluster = cluster_factory(
        [
            (spec("slow-east", "cisco_ios"), "east"),
            (spec("fast-east", "arista_eos"), "east"),
            (spec("slow-west", "cisco_ios"), "west"),
        ],
        {"slow-east": 6, "slow-west": 6},
    )
    workers = [cluster.start_worker("east-1", "east"), cluster.start_worker("east-2", "east")]
    workers.append(cluster.start_worker("west-1", "west"))
    cluster.wait_ready(workers)
    by_name = {w.name: w for w in workers}
    out = cluster.tmp / "remote"
    process = _coordinate(cluster, out)
    east_holder = _until("slow-east to start", _holder(cluster, "slow-east"))
    west_holder = _until("slow-west to start", _holder(cluster, "slow-west"))
    by_name[east_holder].kill()
    by_name[west_holder].kill()
    _, stderr = process.communicate(timeout=GUARD)
    log = stderr.decode(errors="replace")
    assert process.returncode == 3, log

    devices = _devices(out / "report.json")
    # East: the other east worker collected the device on its second delivery; verdicts as in a local run.
    local = _verdicts(_local_run(cluster, cluster.tmp / "local", "slow-east", "fast-east"))
    remote = _verdicts(out / "report.json")
    assert {name: remote[name] for name in local} == local
    assert f"collected after worker {east_holder} was lost and the device was sent again" in (
        devices["slow-east"]["warnings"]
    )
    assert f"slow-east: worker {east_holder} stopped answering while collecting this device; sending it again" in log
    # West: its only worker is gone, so the second delivery found nobody.
    west = devices["slow-west"]
    assert west["status"] == "ERROR"
    assert west["error"].startswith(
        f"worker lost: {west_holder} stopped while collecting this device; it was sent again to queue 'west', "
        "but no worker took it within "
    )


def test_a_broker_that_goes_away_ends_the_run_with_what_was_gathered(cluster_factory: Any) -> None:
    cluster: Cluster = cluster_factory(
        [(spec("slow-east", "cisco_ios"), "east"), (spec("fast-east", "arista_eos"), "east")], {"slow-east": 25}
    )
    worker = cluster.start_worker("east-1", "east", concurrency=2)
    cluster.wait_ready([worker])
    out, archive = cluster.tmp / "remote", cluster.tmp / "archive"
    process = _coordinate(cluster, out, "--archive", str(archive))
    _until("slow-east to start", _holder(cluster, "slow-east"))
    _until("fast-east to be archived", (archive / "fast-east.cfg.meta.json").exists)
    cluster.broker.stop()
    _, stderr = process.communicate(timeout=GUARD)
    assert process.returncode == 3, stderr.decode(errors="replace")

    devices = _devices(out / "report.json")
    assert devices["fast-east"]["status"] == "FAIL"
    assert {r["rule_id"] for r in devices["fast-east"]["results"] if r["status"] == "FAIL"}
    assert devices["slow-east"]["status"] == "ERROR"
    assert devices["slow-east"]["error"] == (
        f"the broker at celery+redis://devaudit:***@127.0.0.1:{cluster.broker.port}/0 went away before this "
        "device's result came back"
    )


def test_ctrl_c_revokes_the_outstanding_tasks(cluster_factory: Any) -> None:
    cluster: Cluster = cluster_factory([(spec("later-ios", "cisco_ios"), "later")])
    client: Any = cluster.broker.client()
    out = cluster.tmp / "remote"
    process = _coordinate(cluster, out)
    _until("the task to be queued", lambda: client.llen("later"))
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=GUARD)
    assert process.returncode == 3, stderr.decode(errors="replace")
    device = _devices(out / "report.json")["later-ios"]
    assert device["error"] == "collection interrupted (Ctrl-C) before this device finished; its task was revoked"

    # A worker that comes up afterwards takes the message and does nothing with it.
    worker = cluster.start_worker("later-1", "later")
    cluster.wait_ready([worker])
    _until("the queue to be consumed", lambda: (client.llen("later") == 0 and not client.hlen("unacked")) or None)
    _until("the worker to skip it", lambda: "later-ios: skipped, run" in worker.log.read_text(errors="replace"))
    assert client.keys("devaudit:claim:*") == []
    assert json.loads((out / "report.json").read_text())["devices"][0]["status"] == "ERROR"


def test_a_tls_broker_with_a_verified_certificate_and_a_worker_without_a_credential(cluster_factory: Any) -> None:
    cluster: Cluster = cluster_factory(
        [(spec("tls-ios", "cisco_ios"), "default"), (spec("nocred-ios", "cisco_ios"), "default")],
        tls=True,
        passwords={"nocred-ios": "env:NOT_SET_ON_THE_WORKER"},
    )
    worker = cluster.start_worker("default-1", "default")
    cluster.wait_ready([worker])
    archive = cluster.tmp / "archive"
    process = cluster.devaudit(
        "collect", "--inventory", str(cluster.inventory), "--engine", cluster.broker.engine, "--archive", str(archive)
    )
    stdout, stderr = process.communicate(timeout=GUARD)
    assert process.returncode == 3, stderr.decode(errors="replace")
    assert stdout.decode().strip() == f"collected 1/2 device(s) into {archive}"
    # A reference the worker cannot resolve is that device's error, naming the worker.
    assert (
        "nocred-ios: ERROR credentials: env:NOT_SET_ON_THE_WORKER: environment variable is not set "
        "(on worker default-1@test)"
    ) in stderr.decode()
    assert "snmp-server community <redacted> RO" in (archive / "tls-ios.cfg").read_text(encoding="utf-8")
    assert "Connected to rediss://devaudit:**@127.0.0.1" in worker.log.read_text(errors="replace")
