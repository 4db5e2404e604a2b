"""Real netmiko sessions against every simulated platform: prepare, enable, collect, pipes, paging, timing."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from netmiko import ConnectHandler

from mocks import PROFILES, DeviceSpec, Fleet
from mocks.junos import display_set
from mocks.platforms import Effect, PipeKind, Platform

CASES = [(profile, variant) for profile in PROFILES for variant in sorted(PROFILES[profile].config_files)]

# Whole-session budgets (connect + enable + four commands + disconnect). The floor is what netmiko itself
# spends: Huawei's cleanup waits ~2.2 s for silence; SR OS `_test_channel_read()` waits ~2.5 s at connect and
# MD-CLI cleanup another ~2.2 s. Anything that waits out a 10-20 s read timeout blows these budgets.
SESSION_BUDGET = {"huawei_vrp": 5.0, "nokia_sros": 8.0, "nokia_sros_classic": 5.0}
DEFAULT_BUDGET = 3.0
CONNECT_BUDGET = {"nokia_sros": 5.0, "nokia_sros_classic": 5.0}
DEFAULT_CONNECT_BUDGET = 1.5  # XR included: its session preparation must not wait out a pattern

PIPE_KEYWORD = {"juniper_junos": "match", "nokia_sros": "match", "nokia_sros_classic": "match"}
FILTER_WORD = {
    "hp_comware": "snmp-agent",
    "huawei_vrp": "snmp-agent",
    "juniper_junos": "community",
    "nokia_sros": "community",
    "nokia_sros_classic": "community",
}


@pytest.fixture(scope="module")
def fleet() -> Iterator[Fleet]:
    devices = [DeviceSpec.bundled(profile, variant) for profile, variant in CASES]
    with Fleet(devices) as running:
        yield running


def _connect(fleet: Fleet, device: DeviceSpec, **options: Any) -> Any:
    return ConnectHandler(**fleet.netmiko_params(device.name, **options))


def _include_keyword(profile: Platform) -> str:
    """The profile's own line filter ('include' on most CLIs, 'grep' on SR Linux)."""
    return next(pipe.keyword for pipe in profile.pipes if pipe.kind is PipeKind.INCLUDE)


def _elevate(connection: Any, profile: Platform) -> None:
    if profile.enable is not None and profile.user_prompt is not None:
        connection.enable()
        assert connection.check_enable_mode()


@pytest.mark.parametrize(("profile_key", "variant"), CASES)
def test_netmiko_session_collects_identical_config_and_runs_pipes(
    fleet: Fleet,
    profile_key: str,
    variant: str,
    expected: Callable[[str, DeviceSpec], str],
    record_property: Callable[[str, object], None],
) -> None:
    """One full session per platform and variant: the collector's commands, one pipe, one refused pipe."""
    device = next(d for d in fleet.devices if d.platform == profile_key and d.name.endswith(variant))
    profile = device.profile
    config_command = profile.config_commands[0]
    keyword = PIPE_KEYWORD.get(profile_key) or _include_keyword(profile)
    word = FILTER_WORD.get(profile_key, "snmp")
    started = time.perf_counter()
    connection = _connect(fleet, device)
    connected = time.perf_counter()
    try:
        _elevate(connection, profile)
        config = connection.send_command(config_command)
        version = connection.send_command(profile.version_commands[0])
        filtered = connection.send_command(f"{config_command} | {keyword} {word}")
        refused = connection.send_command(f"{config_command} | frobnicate {word}")
    finally:
        connection.disconnect()
    finished = time.perf_counter()
    record_property("connect_seconds", round(connected - started, 3))
    record_property("session_seconds", round(finished - started, 3))

    assert config.replace("\r\n", "\n") == expected(device.config, device)
    assert version.replace("\r\n", "\n") == expected(device.version, device)
    lines = device.config.removesuffix("\n").split("\n")
    wanted = [line for line in lines if re.search(word, line, re.IGNORECASE if keyword == "match" else 0)]
    assert wanted, f"{profile_key} config has no {word!r} lines to filter"
    assert [line for line in filtered.replace("\r\n", "\n").split("\n") if line] == wanted
    assert profile.bad_pipe.message.split("{")[0] in refused
    assert max(lines, key=len) not in refused  # the refused command printed no config
    assert connected - started < CONNECT_BUDGET.get(profile_key, DEFAULT_CONNECT_BUDGET)
    assert finished - started < SESSION_BUDGET.get(profile_key, DEFAULT_BUDGET)


def test_netmiko_junos_display_set(fleet: Fleet) -> None:
    device = next(d for d in fleet.devices if d.platform == "juniper_junos" and d.name.endswith("hardened"))
    connection = _connect(fleet, device)
    try:
        flat = connection.send_command("show configuration | display set")
        refused = connection.send_command("show configuration | include ssh")
    finally:
        connection.disconnect()
    assert flat.replace("\r\n", "\n").rstrip("\n").split("\n") == display_set(device.config)
    assert "set system services ssh root-login deny" in flat
    assert "syntax error, expecting <command>." in refused


def test_netmiko_ios_running_config_needs_enable(fleet: Fleet) -> None:
    device = next(d for d in fleet.devices if d.platform == "cisco_ios")
    connection = _connect(fleet, device)
    try:
        assert not connection.check_enable_mode()
        refused = connection.send_command("show running-config")
    finally:
        connection.disconnect()
    assert "% Invalid input detected at '^' marker." in refused
    assert "hostname" not in refused


def test_netmiko_wrong_enable_secret_fails(fleet: Fleet) -> None:
    device = next(d for d in fleet.devices if d.platform == "cisco_ios")
    connection = _connect(fleet, device, secret="not-the-secret")
    try:
        with pytest.raises(ValueError, match="enable mode"):
            connection.enable()
    finally:
        connection.disconnect()


def _paging_off(profile: Platform) -> str:
    for terminal in profile.terminal:
        if terminal.effect is Effect.LENGTH:
            return terminal.command.replace("<n>", "0")
        if terminal.effect is Effect.PAGING_OFF:
            return terminal.command
    raise AssertionError(f"{profile.key} has no paging command")


@pytest.mark.parametrize("profile_key", list(PROFILES))
def test_pager_appears_until_paging_is_disabled(fleet: Fleet, profile_key: str, raw_shell: Callable[..., Any]) -> None:
    device = next(d for d in fleet.devices if d.platform == profile_key)
    profile = device.profile
    prompt = profile.exec_prompt.replace("{host}", device.hostname).replace("{user}", device.username)
    prompt_end = re.escape(prompt.split("\n")[-1]) + r"\Z"
    shell = raw_shell(fleet.endpoint(device.name), height=24)
    shell.read_until(r"[>#\]] ?\Z")
    if profile.enable is not None and profile.user_prompt is not None:
        shell.send(profile.enable.command + "\r")
        shell.read_until(re.escape(profile.enable.password_prompt))
        shell.send(f"{device.enable_secret}\r")
        shell.read_until(prompt_end)

    shell.send(profile.config_commands[0] + "\r")
    paged = shell.read_until(re.escape(profile.pager.prompt))
    assert len(paged.split("\r\n")) <= 25
    shell.send("q")
    shell.read_until(prompt_end)

    shell.send(_paging_off(profile) + "\r")
    shell.read_until(prompt_end)
    shell.send(profile.config_commands[0] + "\r")
    full = shell.read_until(prompt_end, timeout=10)
    last_line = device.config.removesuffix("\n").split("\n")[-1]
    assert profile.pager.prompt not in full
    assert last_line in full
    assert shell.quiet(0.2) == ""


def test_raw_shell_accepts_cr_lf_and_crlf(fleet: Fleet, raw_shell: Callable[..., Any]) -> None:
    device = next(d for d in fleet.devices if d.platform == "huawei_vrp")
    shell = raw_shell(fleet.endpoint(device.name))
    shell.read_until(r">\Z")
    shell.send("screen-length 0 temporary\r\n")
    shell.read_until(r"<[^>]+>\Z")
    for line_end in ("\r", "\n", "\r\n"):
        shell.send("display version" + line_end)
        reply = shell.read_until(r"<[^>]+>\Z")
        assert reply.startswith("display version\r\nHuawei Versatile Routing Platform Software\r\n")
        assert reply.count("<") == 1
    assert shell.quiet(0.2) == ""


@pytest.mark.slow
def test_fifty_devices_collected_concurrently(expected: Callable[[str, DeviceSpec], str]) -> None:
    def collect(fleet: Fleet, device: DeviceSpec) -> tuple[str, float]:
        began = time.perf_counter()
        connection = ConnectHandler(**fleet.netmiko_params(device.name))
        try:
            _elevate(connection, device.profile)
            output = connection.send_command(device.profile.config_commands[0])
        finally:
            connection.disconnect()
        return output, time.perf_counter() - began

    with Fleet.generate(count=50) as fleet, ThreadPoolExecutor(max_workers=50) as pool:
        futures = {device.name: pool.submit(collect, fleet, device) for device in fleet.devices}
        results = {name: future.result(timeout=60) for name, future in futures.items()}
    assert len(results) == 50
    for device in fleet.devices:
        output, _ = results[device.name]
        assert output.replace("\r\n", "\n") == expected(device.config, device), device.name
