"""The demo inventory and the inventory loader: Nornir layout, simulator settings, clear errors."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from netmiko import ConnectHandler

from mocks import DEFAULT_PLATFORMS, PROFILES, Fault, bundled_config
from mocks.inventory import InventoryError, load_inventory

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "inventories" / "demo.yaml"
ROLES = {"router", "access-switch", "perimeter", "core", "olt"}


@pytest.fixture(scope="module")
def demo() -> dict[str, Any]:
    loaded = yaml.safe_load(DEMO.read_text())
    assert isinstance(loaded, dict)
    return loaded


def test_demo_inventory_has_the_nornir_layout(demo: dict[str, Any]) -> None:
    assert set(demo) == {"hosts", "groups", "defaults"}
    assert demo["defaults"]["username"] == "admin"
    assert demo["defaults"]["data"]["credentials"] == {
        "password": "env:DEVAUDIT_DEMO_PASSWORD",
        "secret": "env:DEVAUDIT_DEMO_ENABLE",
    }
    assert len(demo["hosts"]) >= 12
    ports = [host["port"] for host in demo["hosts"].values()]
    assert len(ports) == len(set(ports))
    assert all(port > 22000 for port in ports)
    for name, host in demo["hosts"].items():
        assert host["hostname"] == "127.0.0.1", name
        assert host["platform"] in DEFAULT_PLATFORMS, name
        assert isinstance(host["groups"], list), name
        assert host["groups"], name
        assert set(host["groups"]) <= set(demo["groups"]), name
        assert host["data"]["role"] in ROLES, name
        assert isinstance(host["data"]["tags"], list), name
        mock = host["data"]["mock"]
        assert {"config", "version", "fault", "username", "password", "enable"} <= set(mock), name
        assert (REPO / mock["config"]).is_file(), name
        assert (REPO / mock["version"]).is_file(), name


def test_demo_inventory_covers_all_platforms_and_both_variants(demo: dict[str, Any]) -> None:
    healthy = {n: h for n, h in demo["hosts"].items() if not h["data"]["mock"]["fault"]}
    assert {h["platform"] for h in healthy.values()} == set(DEFAULT_PLATFORMS)
    for platform in DEFAULT_PLATFORMS:
        configs = {h["data"]["mock"]["config"] for h in healthy.values() if h["platform"] == platform}
        assert any(c.endswith("/insecure.cfg") for c in configs), platform
        assert any(c.endswith("/hardened.cfg") for c in configs), platform
    assert any(h["data"]["mock"].get("profile") == "nokia_sros_classic" for h in healthy.values())


def test_demo_inventory_loads_into_devices(demo: dict[str, Any]) -> None:
    devices = load_inventory(DEMO)
    assert [d.name for d in devices] == list(demo["hosts"])
    by_name = {d.name: d for d in devices}
    branch = by_name["ios-branch-01"]
    assert branch.port == 22001
    assert branch.password == "devaudit-demo"
    assert branch.enable_secret == "devaudit-enable"
    assert branch.config == bundled_config("cisco_ios", "insecure")
    assert by_name["sros-pe-03"].platform == "nokia_sros_classic"
    assert by_name["vrp-agg-01"].password_change_prompt
    assert {d.fault for d in devices} >= {None, Fault.AUTH_FAIL, Fault.BLACKHOLE}
    assert all(d.port == 0 for d in load_inventory(DEMO, ephemeral_ports=True))


def _write(tmp_path: Path, inventory: dict[str, Any]) -> Path:
    path = tmp_path / "inventories" / "inv.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(inventory))
    return path


def _host(**overrides: Any) -> dict[str, Any]:
    config = str(REPO / "mocks/configs/cisco_ios/hardened.cfg")
    version = str(REPO / "mocks/configs/cisco_ios/version.txt")
    host: dict[str, Any] = {
        "hostname": "127.0.0.1",
        "port": 0,
        "platform": "cisco_ios",
        "data": {"mock": {"config": config, "version": version, "password": "pw"}},
    }
    host.update(overrides)
    return host


def test_mock_settings_inherit_from_groups_and_defaults(tmp_path: Path) -> None:
    inventory = {
        "defaults": {"username": "ops", "data": {"mock": {"enable": "en", "password": "default-pw"}}},
        "groups": {"lab": {"platform": "arista_eos", "data": {"mock": {"fault": "slow", "slow_seconds": 0.5}}}},
        "hosts": {"sw1": {"hostname": "127.0.0.1", "port": 0, "groups": ["lab"], "data": _host()["data"]}},
    }
    [device] = load_inventory(_write(tmp_path, inventory))
    assert device.platform == "arista_eos"
    assert device.username == "ops"
    assert device.password == "pw"  # the host's own value wins
    assert device.enable_secret == "en"
    assert device.fault is Fault.SLOW
    assert device.slow_seconds == 0.5


def test_hosts_without_mock_section_are_not_simulated(tmp_path: Path) -> None:
    inventory = {"hosts": {"real": {"hostname": "192.0.2.10", "platform": "cisco_ios"}, "sim": _host()}}
    assert [d.name for d in load_inventory(_write(tmp_path, inventory))] == ["sim"]


def test_paths_resolve_relative_to_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "r1.cfg").write_text("hostname r1\nend\n")
    (tmp_path / "configs" / "ver.txt").write_text("Version 1\n")
    host = _host()
    host["data"]["mock"].update(config="configs/r1.cfg", version="configs/ver.txt")
    [device] = load_inventory(_write(tmp_path, {"hosts": {"r1": host}}))
    assert device.config == "hostname r1\nend\n"


def test_env_references_in_mock_passwords(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    host = _host()
    host["data"]["mock"]["password"] = "env:SIM_TEST_PASSWORD"
    path = _write(tmp_path, {"hosts": {"r1": host}})
    monkeypatch.delenv("SIM_TEST_PASSWORD", raising=False)
    with pytest.raises(InventoryError, match="SIM_TEST_PASSWORD"):
        load_inventory(path)
    monkeypatch.setenv("SIM_TEST_PASSWORD", "from-env")
    assert load_inventory(path)[0].password == "from-env"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"hostname": "10.1.1.1"}, "127.0.0.1"),
        ({"port": None}, "no port"),
        ({"groups": ["missing"]}, "unknown group"),
        ({"platform": "frobos"}, "frobos"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_inventory_errors_name_the_problem(tmp_path: Path, change: dict[str, Any], message: str) -> None:
    host = _host(**change)
    if change.get("port", 0) is None:
        del host["port"]
    with pytest.raises(InventoryError, match=message):
        load_inventory(_write(tmp_path, {"hosts": {"r1": host}}))


def test_invalid_fault_is_rejected(tmp_path: Path) -> None:
    host = _host()
    host["data"]["mock"]["fault"] = "on-fire"
    with pytest.raises(InventoryError, match="fault"):
        load_inventory(_write(tmp_path, {"hosts": {"r1": host}}))


def _serve(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "mocks", "serve", *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def _read_until_ready(process: subprocess.Popen[str]) -> list[str]:
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if "devices up in" in line:
            return lines
    raise AssertionError(f"fleet did not come up: {lines}")


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_serve_runs_the_demo_inventory_until_signalled(stop_signal: signal.Signals) -> None:
    process = _serve("--inventory", "inventories/demo.yaml", "--ephemeral-ports")
    try:
        lines = _read_until_ready(process)
        hosts = yaml.safe_load(DEMO.read_text())["hosts"]
        device_lines = lines[:-1]
        assert len(device_lines) == len(hosts)
        assert all(" 127.0.0.1:" in line for line in device_lines)
        assert lines[-1].startswith(f"{len(hosts)} devices up in")
        core = next(line for line in device_lines if line.startswith("ios-core-02 "))
        port = int(core.split("127.0.0.1:")[1].split()[0])
        connection = ConnectHandler(
            device_type="cisco_ios", host="127.0.0.1", port=port, username="admin", password="devaudit-demo"
        )
        assert connection.find_prompt() == "CORE-RTR-02>"
        connection.disconnect()
        process.send_signal(stop_signal)
        process.send_signal(stop_signal)  # a second signal during shutdown must not deadlock the handler
        out, err = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    assert "fleet stopped" in out


def test_serve_generated_fleet_and_bad_inventory() -> None:
    process = _serve("--generate", "3", "--platforms", "cisco_ios,zte_zxros")
    try:
        lines = _read_until_ready(process)
        assert len(lines) == 4
        process.terminate()
        process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0
    failed = _serve("--inventory", "no/such/file.yaml")
    _, err = failed.communicate(timeout=10)
    assert failed.returncode == 2
    assert "error:" in err


def test_profiles_listing() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mocks", "platforms"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert {line.split()[0] for line in result.stdout.splitlines()} == set(PROFILES)
