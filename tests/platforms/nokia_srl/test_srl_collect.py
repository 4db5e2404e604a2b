"""SR Linux collected through netmiko's nokia_srl driver over real SSH from the simulator, then audited."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from netmiko import ConnectHandler

from devaudit.collect import CollectOptions, collect_inventory
from devaudit.collectors.hostkeys import KnownHosts
from devaudit.engine.loader import Baseline, builtin_baselines_dir, load_baseline
from devaudit.inventory import Host, Inventory
from devaudit.models import Status
from devaudit.runner import AuditOptions, audit_bytes
from mocks.device import DeviceSpec, bundled_config, bundled_version
from mocks.fleet import Fleet

PASSWORD = "Sim-Passw0rd-4711"
HARDENED_ONLY_FAILS: set[str] = set()
INSECURE_FAILS = {
    "SRL-AAA-001", "SRL-AAA-002", "SRL-AAA-004", "SRL-AAA-005", "SRL-ACCT-001", "SRL-ACCT-002", "SRL-ACCT-003",
    "SRL-ACCT-004", "SRL-ACCT-005", "SRL-ACCT-006", "SRL-ACCT-007", "SRL-CRYPTO-001", "SRL-LOG-001", "SRL-LOG-002",
    "SRL-LOG-003", "SRL-MGMT-001", "SRL-MGMT-003", "SRL-MGMT-004", "SRL-MGMT-005", "SRL-MGMT-006", "SRL-MGMT-007",
    "SRL-MGMT-008", "SRL-NTP-001", "SRL-SVC-001", "SRL-SVC-002", "SRL-SVC-003",
}  # fmt: skip


def _spec(variant: str) -> DeviceSpec:
    return DeviceSpec(
        name=f"srl-{variant}",
        platform="nokia_srl",
        password=PASSWORD,
        config=bundled_config("nokia_srl", variant),
        version=bundled_version("nokia_srl"),
    )


@pytest.fixture(scope="module")
def fleet() -> Iterator[Fleet]:
    with Fleet([_spec("insecure"), _spec("hardened")]) as running:
        yield running


@pytest.fixture(scope="module")
def pack() -> Baseline:
    root = builtin_baselines_dir()
    return load_baseline([root / "common.yaml", root / "nokia_srl"])


def test_netmiko_driver_prepares_the_session_and_reads_the_config_unchanged(fleet: Fleet) -> None:
    """NokiaSrlSSH sends its 'environment' commands, finds 'A:<host>#' under the context line, strips both."""
    device = fleet.devices[0]
    connection = ConnectHandler(**fleet.netmiko_params(device.name))
    try:
        assert connection.base_prompt == "A:srl-insecure"
        config = connection.send_command("info from running /")
        version = connection.send_command("show version")
    finally:
        connection.disconnect()
    assert config.replace("\r\n", "\n") == device.config.removesuffix("\n")
    assert "Software Version     : v24.10.1" in version


def test_collected_configs_audit_as_sr_linux(
    fleet: Fleet, pack: Baseline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SIM_PW", PASSWORD)
    hosts = [
        Host(
            name=e.name,
            hostname=e.host,
            port=e.port,
            platform=e.device_type,
            username=e.username,
            password="env:SIM_PW",
            timeouts={"connect": 3, "command": 8},
        )  # type: ignore[arg-type]
        for e in fleet
    ]
    known_file = tmp_path / "known_hosts"
    key = fleet.host_key
    known_file.write_text("".join(f"[{e.host}]:{e.port} {key.get_name()} {key.get_base64()}\n" for e in fleet))
    known = KnownHosts((known_file,), tmp_path / "own")
    results = collect_inventory(hosts, Inventory(source="test", hosts=tuple(hosts)), known, CollectOptions(retries=0))
    assert [r.error for r in results] == ["", ""]
    by_name = {r.host.name: r for r in results}
    insecure = by_name["srl-insecure"]
    assert insecure.config is not None
    assert (insecure.metadata or {})["prompt"] == "A:srl-insecure#"
    assert "Software Version     : v24.10.1" in (insecure.outputs or {})["show version"]

    audited = audit_bytes(insecure.config.encode(), "srl-insecure.cfg", pack, AuditOptions())
    assert audited.platform == "nokia_srl"
    failed = {r.rule_id for r in audited.findings if r.status is Status.FAIL}
    assert failed == INSECURE_FAILS
    http = next(r for r in audited.findings if r.rule_id == "SRL-MGMT-001")
    assert [(e.line, e.text) for e in http.evidence] == [
        (141, "system json-rpc-server network-instance mgmt http admin-state enable")
    ]

    hardened = by_name["srl-hardened"]
    assert hardened.config is not None
    clean = audit_bytes(hardened.config.encode(), "srl-hardened.cfg", pack, AuditOptions())
    assert {r.rule_id for r in clean.findings if r.status is Status.FAIL} == HARDENED_ONLY_FAILS
    shown = [e.text for finding in clean.findings for e in finding.evidence]
    assert "system aaa authentication admin-user password $y$<redacted>" in shown
    assert not any("wD4hX9zK2pL6" in text for text in shown)
