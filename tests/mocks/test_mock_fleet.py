"""Fleet lifecycle: fast start on free loopback ports, clean stop, generated fleets, host keys."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from mocks import DEFAULT_PLATFORMS, PROFILES, DeviceSpec, Fault, Fleet
from mocks.server import BIND_HOST


def _listener_threads() -> int:
    return sum(1 for t in threading.enumerate() if t.name.startswith("mock-listen-"))


def _refused(port: int) -> bool:
    try:
        with socket.create_connection((BIND_HOST, port), timeout=1):
            return False
    except ConnectionRefusedError:
        return True


def test_two_hundred_devices_start_with_one_listener_each() -> None:
    fleet = Fleet.generate(count=200)
    before = _listener_threads()
    fleet.start()
    try:
        ports = [fleet.port(d.name) for d in fleet.devices]
        assert len(set(ports)) == 200
        assert _listener_threads() - before == 200
    finally:
        fleet.stop()
    assert _listener_threads() == before
    assert all(_refused(port) for port in ports[:20])


def test_generated_fleet_covers_every_platform_and_both_variants() -> None:
    fleet = Fleet.generate(count=40)
    platforms = {d.platform for d in fleet.devices}
    assert platforms == set(DEFAULT_PLATFORMS)
    for platform in DEFAULT_PLATFORMS:
        configs = {d.config for d in fleet.devices if d.platform == platform}
        assert len(configs) == 2, platform  # insecure and hardened
    assert len({d.name for d in fleet.devices}) == 40


def test_generated_configs_can_be_padded_for_load_tests() -> None:
    fleet = Fleet.generate(count=3, platforms=["cisco_ios", "juniper_junos", "huawei_vrp"], config_lines=2000)
    for device in fleet.devices:
        assert len(device.config.splitlines()) == 2000
        assert device.config.splitlines()[0] == DeviceSpec.bundled(device.platform).config.splitlines()[0]


def test_generate_rejects_unknown_platforms() -> None:
    with pytest.raises(KeyError, match="frobos"):
        Fleet.generate(count=1, platforms=["frobos"])


def test_duplicate_names_are_rejected() -> None:
    device = DeviceSpec.bundled("cisco_ios", name="twin")
    with pytest.raises(ValueError, match="twin"):
        Fleet([device, device])


def test_devices_listen_on_loopback_only(fleet_of: Callable[..., Fleet]) -> None:
    fleet = fleet_of(DeviceSpec.bundled("zte_zxros"))
    endpoint = fleet.endpoint("zte-zxros-insecure")
    assert endpoint.host == "127.0.0.1"
    assert BIND_HOST == "127.0.0.1"
    server = fleet._servers["zte-zxros-insecure"]
    listener = server._listener
    assert listener is not None
    assert listener.getsockname()[0] == "127.0.0.1"


def test_a_port_in_use_fails_the_start_and_leaves_nothing_bound() -> None:
    with socket.socket() as blocker:
        blocker.bind((BIND_HOST, 0))
        blocker.listen()
        taken = blocker.getsockname()[1]
        first = DeviceSpec.bundled("cisco_ios", name="first")
        clash = DeviceSpec.bundled("cisco_ios", name="clash", port=taken)
        fleet = Fleet([first, clash])
        before = _listener_threads()
        with pytest.raises(OSError, match="in use"):
            fleet.start()
        assert not fleet.running
        assert _listener_threads() == before


def test_stop_drops_open_sessions(raw_shell: Callable[..., Any]) -> None:
    fleet = Fleet([DeviceSpec.bundled("cisco_nxos")]).start()
    shell = raw_shell(fleet.endpoint("cisco-nxos-insecure"))
    shell.read_until(r"# \Z")
    fleet.stop()
    transport = shell.client.get_transport()
    deadline = time.monotonic() + 2
    while transport.is_active() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not transport.is_active()


def test_not_running_fleet_explains_itself() -> None:
    fleet = Fleet([DeviceSpec.bundled("cisco_ios")])
    with pytest.raises(RuntimeError, match="not running"):
        fleet.port("cisco-ios-insecure")


def test_known_hosts_lists_the_shared_key_per_port(fleet_of: Callable[..., Fleet]) -> None:
    fleet = fleet_of(DeviceSpec.bundled("cisco_ios"), DeviceSpec.bundled("arista_eos"))
    lines = fleet.known_hosts().splitlines()
    assert len(lines) == 2
    for line, device in zip(lines, fleet.devices, strict=True):
        host, key_type, key = line.split()
        assert host == f"[127.0.0.1]:{fleet.port(device.name)}"
        assert key_type == "ecdsa-sha2-nistp256"
        assert key == fleet.host_key.get_base64()


def test_changed_hostkey_device_gets_its_own_key(fleet_of: Callable[..., Fleet]) -> None:
    fleet = fleet_of(
        DeviceSpec.bundled("cisco_ios", name="a"),
        DeviceSpec.bundled("cisco_ios", name="b", fault=Fault.CHANGED_HOSTKEY),
    )
    assert fleet._servers["a"].host_key is fleet.host_key
    assert fleet._servers["b"].host_key != fleet.host_key


def test_every_profile_names_its_netmiko_device_type() -> None:
    for key, profile in PROFILES.items():
        assert profile.netmiko_type in DEFAULT_PLATFORMS, key
        assert DeviceSpec.bundled(key, next(iter(profile.config_files))).device_type == profile.netmiko_type


def test_endpoint_netmiko_params_carry_the_secret(fleet_of: Callable[..., Fleet]) -> None:
    fleet = fleet_of(DeviceSpec.bundled("cisco_asa"))
    params = fleet.netmiko_params("cisco-asa-insecure", conn_timeout=3)
    assert params["device_type"] == "cisco_asa"
    assert params["secret"] == "sim-enable"
    assert params["conn_timeout"] == 3
    assert params["port"] == fleet.port("cisco-asa-insecure")
