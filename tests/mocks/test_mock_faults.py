"""Fault modes: each one gives the netmiko exception (or the damaged output) a collector must handle."""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import paramiko
import pytest
from netmiko import ConnectHandler
from netmiko.exceptions import NetmikoAuthenticationException, NetmikoTimeoutException, ReadTimeout

from mocks import DeviceSpec, Fault, Fleet
from mocks.server import AuthAttempt


def _device(fault: Fault | None, name: str, **overrides: Any) -> DeviceSpec:
    return DeviceSpec.bundled("cisco_ios", "hardened", name=name, fault=fault, **overrides)


def test_auth_fail_rejects_the_right_password(fleet_of: Callable[..., Fleet]) -> None:
    fleet = fleet_of(_device(Fault.AUTH_FAIL, "authfail"))
    with pytest.raises(NetmikoAuthenticationException):
        ConnectHandler(**fleet.netmiko_params("authfail"))


def test_wrong_password_is_rejected_without_a_fault(fleet_of: Callable[..., Fleet]) -> None:
    fleet = fleet_of(_device(None, "healthy"))
    with pytest.raises(NetmikoAuthenticationException):
        ConnectHandler(**fleet.netmiko_params("healthy", password="wrong"))


def test_blackhole_accepts_tcp_but_never_speaks(fleet_of: Callable[..., Fleet]) -> None:
    fleet = fleet_of(_device(Fault.BLACKHOLE, "blackhole"))
    port = fleet.port("blackhole")
    with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
        sock.settimeout(0.5)
        with pytest.raises(TimeoutError):
            sock.recv(1)
    with pytest.raises(NetmikoTimeoutException, match="banner"):
        ConnectHandler(**fleet.netmiko_params("blackhole", conn_timeout=2, banner_timeout=1, auth_timeout=1))


def test_changed_hostkey_is_caught_by_strict_host_key_checking(fleet_of: Callable[..., Fleet], tmp_path: Path) -> None:
    fleet = fleet_of(_device(None, "trusted"), _device(Fault.CHANGED_HOSTKEY, "impostor"))
    known_hosts = tmp_path / "known_hosts"
    known_hosts.write_text(fleet.known_hosts())
    strict = {"ssh_strict": True, "system_host_keys": False, "alt_host_keys": True, "alt_key_file": str(known_hosts)}

    connection = ConnectHandler(**fleet.netmiko_params("trusted", **strict))
    connection.disconnect()
    with pytest.raises(NetmikoTimeoutException, match="does not match"):
        ConnectHandler(**fleet.netmiko_params("impostor", **strict))


def test_changed_hostkey_differs_from_the_fleet_key(fleet_of: Callable[..., Fleet]) -> None:
    fleet = fleet_of(_device(None, "trusted"), _device(Fault.CHANGED_HOSTKEY, "impostor"))

    def server_key(name: str) -> paramiko.PKey:
        with socket.create_connection(("127.0.0.1", fleet.port(name)), timeout=2) as sock:
            transport = paramiko.Transport(sock)
            try:
                transport.start_client(timeout=5)
                return transport.get_remote_server_key()
            finally:
                transport.close()

    assert server_key("trusted") == fleet.host_key
    assert server_key("impostor") != fleet.host_key


def test_truncated_sends_the_first_half_then_the_prompt(fleet_of: Callable[..., Fleet]) -> None:
    device = _device(Fault.TRUNCATED, "truncated")
    fleet = fleet_of(device)
    connection = ConnectHandler(**fleet.netmiko_params("truncated"))
    try:
        connection.enable()
        output = connection.send_command("show running-config").replace("\r\n", "\n")
        assert connection.send_command("show version")  # the session is still usable
    finally:
        connection.disconnect()
    lines = device.config.removesuffix("\n").split("\n")
    assert output == "\n".join(lines[: len(lines) // 2])
    assert not output.endswith("end")


def test_disconnect_drops_the_session_mid_config(fleet_of: Callable[..., Fleet]) -> None:
    fleet = fleet_of(_device(Fault.DISCONNECT, "flaky"))
    connection = ConnectHandler(**fleet.netmiko_params("flaky"))
    try:
        connection.enable()
        with pytest.raises(ReadTimeout):
            connection.send_command("show running-config", read_timeout=2)
    finally:
        connection.disconnect()


def test_disconnect_closes_the_connection_without_a_prompt(
    fleet_of: Callable[..., Fleet], raw_shell: Callable[..., Any]
) -> None:
    device = _device(Fault.DISCONNECT, "flaky", prompt_hostname="FLAKY")
    fleet = fleet_of(device)
    shell = raw_shell(fleet.endpoint("flaky"))
    shell.read_until(r"FLAKY>\Z")
    shell.send("enable\r")
    shell.read_until("Password: ")
    shell.send(f"{device.enable_secret}\r")
    shell.read_until(r"FLAKY#\Z")
    shell.send("terminal length 0\r")
    shell.read_until(r"FLAKY#\Z")
    shell.send("show running-config\r")
    received = shell.quiet(1.0)
    lines = device.config.removesuffix("\n").split("\n")
    assert received.endswith(lines[len(lines) // 2 - 1] + "\r\n")  # half the config, then nothing
    transport = shell.client.get_transport()
    assert transport is not None
    deadline = time.monotonic() + 2
    while transport.is_active() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not transport.is_active()


@pytest.mark.slow
def test_slow_device_still_collects_but_misses_a_short_read_timeout(
    fleet_of: Callable[..., Fleet], expected: Callable[[str, DeviceSpec], str]
) -> None:
    device = _device(Fault.SLOW, "slow", slow_seconds=0.25)
    fleet = fleet_of(device)
    connection = ConnectHandler(**fleet.netmiko_params("slow"))
    try:
        connection.enable()
        output = connection.send_command("show running-config")
        with pytest.raises(ReadTimeout):  # the reply really is delayed (0.25 s > 0.1 s)
            connection.send_command("show version", read_timeout=0.1)
    finally:
        connection.disconnect()
    assert output.replace("\r\n", "\n") == expected(device.config, device)


def _server_key(port: int, key_types: list[str] | None = None) -> paramiko.PKey:
    with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
        transport = paramiko.Transport(sock)
        if key_types:
            transport.get_security_options().key_types = key_types
        try:
            transport.start_client(timeout=5)
            return transport.get_remote_server_key()
        finally:
            transport.close()


def test_switch_key_type_presents_only_a_key_of_another_type(fleet_of: Callable[..., Fleet]) -> None:
    fleet = fleet_of(_device(None, "trusted"), _device(Fault.SWITCH_KEY_TYPE, "mitm"))
    assert fleet.host_key.get_name() == "ecdsa-sha2-nistp256"
    presented = _server_key(fleet.port("mitm"))
    assert presented.get_name() == "ssh-ed25519"
    assert presented == fleet.server("mitm").host_key
    # A client that insists on the recorded key type cannot even finish the handshake with the impostor.
    with pytest.raises(paramiko.SSHException, match="no acceptable host key"):
        _server_key(fleet.port("mitm"), ["ecdsa-sha2-nistp256"])
    assert fleet.server("mitm").auth_attempts == ()


def test_switch_key_type_can_present_rsa(fleet_of: Callable[..., Fleet]) -> None:
    fleet = fleet_of(_device(Fault.SWITCH_KEY_TYPE, "mitm", switch_to="ssh-rsa"))
    assert _server_key(fleet.port("mitm"), ["rsa-sha2-256"]).get_name() == "ssh-rsa"


def test_extra_host_keys_are_offered_beside_the_fleet_key(fleet_of: Callable[..., Fleet]) -> None:
    fleet = fleet_of(_device(None, "two-keys", extra_host_keys=("ssh-ed25519",)))
    port = fleet.port("two-keys")
    assert _server_key(port).get_name() == "ssh-ed25519"  # paramiko's first choice
    assert _server_key(port, ["ecdsa-sha2-nistp256"]) == fleet.host_key


def test_authentication_attempts_are_recorded_without_the_password(fleet_of: Callable[..., Fleet]) -> None:
    fleet = fleet_of(_device(None, "healthy"))
    with pytest.raises(NetmikoAuthenticationException):
        ConnectHandler(**fleet.netmiko_params("healthy", password="wrong"))
    connection = ConnectHandler(**fleet.netmiko_params("healthy"))
    connection.disconnect()
    attempts = fleet.server("healthy").auth_attempts
    assert [(a.method, a.username) for a in attempts if a.method == "password"] == [
        ("password", "admin"),
        ("password", "admin"),
    ]
    assert AuthAttempt.__slots__ == ("method", "username")  # the password is never kept


@pytest.mark.parametrize("fault", [Fault.FLOOD, Fault.DRIP])
def test_flood_and_drip_never_return_to_the_prompt(
    fleet_of: Callable[..., Fleet], raw_shell: Callable[..., Any], fault: Fault
) -> None:
    device = _device(fault, "endless", prompt_hostname="ENDLESS", slow_seconds=0.01)
    fleet = fleet_of(device)
    shell = raw_shell(fleet.endpoint("endless"))
    shell.read_until(r"ENDLESS>\Z")
    shell.send("enable\r")
    shell.read_until("Password: ")
    shell.send(f"{device.enable_secret}\r")
    shell.read_until(r"ENDLESS#\Z")
    shell.send("show running-config\r")
    if fault is Fault.DRIP:  # the same line, again and again
        line = device.config.split("\n")[1]
        text = shell.read_until("(?:" + re.escape(line) + r"\r\n){5}")
    else:  # the whole config, again and again, at full speed
        text = shell.read_until(r"(?s).{" + str(3 * len(device.config)) + "}")
        assert "end\r\n" + device.config.split("\n")[0] + "\r\n" in text
    assert "ENDLESS#" not in text.split("show running-config", 1)[1]
    assert fleet.server("endless").bytes_sent > len(text.split("show running-config", 1)[1])
