"""Shared fixtures for the simulator tests: fleets on free ports, a raw SSH shell, and output comparison."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import paramiko
import pytest

from mocks import DeviceSpec, Endpoint, Fleet


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: simulator tests that run many real SSH sessions (seconds each)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """An exception escaping a simulator or collector thread fails the test that was running (never filtered)."""
    here = Path(__file__).parent
    strict = pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(strict)


def expected_output(text: str, device: DeviceSpec) -> str:
    """What netmiko's `send_command` returns for a stored text, with CRLF normalised to LF.

    "Identical" in these tests means exactly this: the device prints every line of the text followed by CRLF
    (then, on Junos only, one empty line) and then its prompt; netmiko removes the echoed command line and the
    prompt line. So the returned text, after replacing CRLF by LF, equals the stored text minus its final
    newline, plus one newline on Junos. No other whitespace is ignored.
    """
    body = text.replace("{hostname}", device.hostname).removesuffix("\n")
    return body + ("\n" if device.profile.blank_line_after_output else "")


@pytest.fixture
def expected() -> Callable[[str, DeviceSpec], str]:
    """The `expected_output(text, device)` function (fixtures keep test modules free of conftest imports)."""
    return expected_output


@pytest.fixture
def fleet_of() -> Iterator[Callable[..., Fleet]]:
    """Start fleets on free ports (`fleet_of(*devices)`); every fleet is stopped after the test."""
    fleets: list[Fleet] = []

    def start(*devices: DeviceSpec) -> Fleet:
        fleet = Fleet(devices).start()
        fleets.append(fleet)
        return fleet

    yield start
    for fleet in fleets:
        fleet.stop()


class RawShell:
    """An interactive paramiko shell on a simulated device, for byte-level checks netmiko would hide."""

    def __init__(self, endpoint: Endpoint, *, height: int = 24, width: int = 80) -> None:
        self.client = paramiko.SSHClient()
        self.client.set_missing_host_key_policy(paramiko.AutoAddPolicy())  # loopback simulator with a throwaway key
        self.client.connect(
            endpoint.host,
            port=endpoint.port,
            username=endpoint.username,
            password=endpoint.password,
            allow_agent=False,
            look_for_keys=False,
            timeout=5,
        )
        self.channel = self.client.invoke_shell(height=height, width=width)
        self.channel.settimeout(0.05)
        self.buffer = ""

    def send(self, text: str) -> None:
        """Type text exactly as given (include the line end yourself)."""
        self.channel.sendall(text.encode())

    def read_until(self, pattern: str, timeout: float = 5.0) -> str:
        """Read until the regex matches the unread text; return that text and consume it."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = regex.search(self.buffer)
            if match:
                text, self.buffer = self.buffer[: match.end()], self.buffer[match.end() :]
                return text
            try:
                data = self.channel.recv(65536)
            except TimeoutError:
                continue
            if not data:
                break
            self.buffer += data.decode("utf-8", "replace")
        raise AssertionError(f"pattern {pattern!r} not seen; unread text: {self.buffer[-500:]!r}")

    def quiet(self, seconds: float = 0.3) -> str:
        """Return whatever arrives within `seconds` (for checking that nothing more is sent)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                data = self.channel.recv(65536)
            except TimeoutError:
                continue
            if not data:
                break
            self.buffer += data.decode("utf-8", "replace")
        text, self.buffer = self.buffer, ""
        return text

    def close(self) -> None:
        """Close the SSH connection."""
        self.client.close()


@pytest.fixture
def raw_shell() -> Iterator[Callable[..., RawShell]]:
    """Open raw shells (`raw_shell(endpoint, height=24)`); all are closed after the test."""
    shells: list[RawShell] = []

    def open_shell(endpoint: Endpoint, **options: Any) -> RawShell:
        shell = RawShell(endpoint, **options)
        shells.append(shell)
        return shell

    yield open_shell
    for shell in shells:
        shell.close()
