"""Distributed runs with the real parts: redis-server, ``devaudit worker`` processes on two queues, SSH
simulators. Outcomes are compared with a local run of the same inventory; every broker message is searched
for planted secrets."""

from __future__ import annotations

import base64
import binascii
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.distributed.conftest import (
    COMMUNITY,
    ENABLE_SECRET,
    GUARD,
    PLANTED,
    SSH_PASSWORD,
    Cluster,
    Monitor,
    spec,
)

pytestmark = pytest.mark.slow
_BASE64 = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}")


def _verdicts(report: Path) -> dict[str, dict[str, str]]:
    data = json.loads(report.read_text(encoding="utf-8"))
    return {d["name"]: {r["rule_id"]: r["status"] for r in d["results"]} for d in data["devices"]}


def _devices(report: Path) -> dict[str, dict[str, Any]]:
    data = json.loads(report.read_text(encoding="utf-8"))
    return {d["name"]: d for d in data["devices"]}


def _local_run(cluster: Cluster, out: Path, *hosts: str) -> Path:
    env = {"SIM_PW": SSH_PASSWORD, "SIM_ENABLE": ENABLE_SECRET}
    patterns = [arg for name in hosts for arg in ("--host", name)]
    process = cluster.devaudit(
        "audit", "--inventory", str(cluster.inventory), *patterns, "--known-hosts", str(cluster.known_hosts),
        "--devaudit-known-hosts", str(cluster.tmp / "own-local"), "-f", "json", "-o", str(out), env_extra=env,
    )  # fmt: skip
    _, stderr = process.communicate(timeout=GUARD)
    assert process.returncode in (0, 1), stderr.decode(errors="replace")
    return out / "report.json"


def _texts(lines: list[str]) -> list[str]:
    """Every MONITOR line, plus the base64 payloads inside it decoded (kombu encodes message bodies)."""
    out = list(lines)
    for line in lines:
        for chunk in _BASE64.findall(line):
            try:
                out.append(base64.b64decode(chunk + "=" * (-len(chunk) % 4)).decode("utf-8", errors="replace"))
            except (binascii.Error, ValueError):
                continue
    return out


def test_regional_run_matches_a_local_run_and_no_secret_crosses_the_broker(cluster_factory: Any) -> None:
    cluster: Cluster = cluster_factory(
        [
            (spec("east-ios", "cisco_ios"), "east"),
            (spec("east-eos", "arista_eos"), "east"),
            (spec("east-junos", "juniper_junos"), "east"),
            (spec("west-ios", "cisco_ios"), "west"),
            (spec("west-vrp", "huawei_vrp"), "west"),
            (spec("north-ios", "cisco_ios"), "north"),
        ]
    )
    monitor = Monitor(cluster.broker)
    workers = [cluster.start_worker("east-1", "east"), cluster.start_worker("east-2", "east")]
    workers.append(cluster.start_worker("west-1", "west", concurrency=2))
    cluster.wait_ready(workers)
    out, archive = cluster.tmp / "remote", cluster.tmp / "archive"
    process = cluster.devaudit(
        "audit", "--inventory", str(cluster.inventory), "--engine", cluster.broker.engine, "-f", "json",
        "-o", str(out), "--archive", str(archive),
    )  # fmt: skip
    _, stderr = process.communicate(timeout=GUARD)
    log = stderr.decode(errors="replace")
    assert process.returncode == 3, log  # north has no worker

    remote = _verdicts(out / "report.json")
    served = ("east-ios", "east-eos", "east-junos", "west-ios", "west-vrp")
    local = _verdicts(_local_run(cluster, cluster.tmp / "local", *served))
    assert {name: remote[name] for name in served} == local
    assert all(any(status == "FAIL" for status in local[name].values()) for name in served)

    north = _devices(out / "report.json")["north-ios"]
    assert north["status"] == "ERROR"
    assert north["error"].startswith("no worker took this device from queue 'north' within ")
    assert north["error"].endswith(" s (is a worker running with --queue north?)")
    assert "queue north: 0 pending, 0 running, 0 done, 1 failed" in log

    config = (archive / "east-ios.cfg").read_text(encoding="utf-8")
    assert "snmp-server community <redacted> RO" in config
    assert COMMUNITY not in config
    assert sorted(p.name for p in archive.glob("*.cfg")) == sorted(f"{name}.cfg" for name in served)

    # collect --engine: the workers only collect; the archive is the same.
    collected = cluster.tmp / "collected"
    process = cluster.devaudit(
        "collect", "--inventory", str(cluster.inventory), "--host", "east-*", "--host", "west-*", "--engine",
        cluster.broker.engine, "--archive", str(collected),
    )  # fmt: skip
    stdout, stderr = process.communicate(timeout=GUARD)
    assert process.returncode == 0, stderr.decode(errors="replace")
    assert stdout.decode().strip() == f"collected 5/5 device(s) into {collected}"
    assert (collected / "west-vrp.cfg").read_text(encoding="utf-8") == (archive / "west-vrp.cfg").read_text(
        encoding="utf-8"
    )

    # run: a local scheduled run, then one through the workers; the drift between them is nil.
    runs = cluster.tmp / "runs"
    hosts = ("--host", "east-*", "--host", "west-*")
    for engine in ((), ("--engine", cluster.broker.engine)):
        process = cluster.devaudit(
            "run", "--inventory", str(cluster.inventory), *hosts, *engine, "--output-dir", str(runs), "-f", "json",
            "--known-hosts", str(cluster.known_hosts), "--devaudit-known-hosts", str(cluster.tmp / "own-local"),
            env_extra={} if engine else {"SIM_PW": SSH_PASSWORD, "SIM_ENABLE": ENABLE_SECRET},
        )  # fmt: skip
        _, stderr = process.communicate(timeout=GUARD)
        assert process.returncode == 1, stderr.decode(errors="replace")
    assert _verdicts(runs / "latest" / "report.json") == local
    drift = json.loads((runs / "latest" / "drift.json").read_text(encoding="utf-8"))
    assert (drift["new"], drift["resolved"]) == ([], [])
    assert len(drift["persisting"]) == sum(list(v.values()).count("FAIL") for v in local.values())

    texts = _texts(monitor.lines)
    assert any("devaudit.device" in text for text in texts)  # the task messages were seen ...
    assert any("snmp-server community <redacted> RO" in text for text in texts)  # ... and the results
    leaks = {secret for secret in PLANTED for text in texts if secret in text}
    assert leaks == set()
