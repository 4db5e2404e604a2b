"""A fleet of simulated devices sharing one host key: start/stop together, from an inventory or generated."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import paramiko

from devaudit.platforms import get_platform, is_platform, platform_names
from mocks.device import DeviceSpec, Fault, bundled_config
from mocks.platforms import PROFILES
from mocks.server import BIND_HOST, DeviceServer, generate_host_key

__all__ = ["DEFAULT_PLATFORMS", "Endpoint", "Fleet"]

DEFAULT_PLATFORMS: tuple[str, ...] = tuple(name for name in platform_names() if name in PROFILES)
"""Every platform with a simulator profile, one each (variants such as nokia_sros_classic can be asked for by name)."""


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Where and how to reach one running simulated device."""

    name: str
    host: str
    port: int
    device_type: str
    username: str
    password: str
    secret: str | None

    def netmiko_params(self, **overrides: Any) -> dict[str, Any]:
        """Keyword arguments for `netmiko.ConnectHandler` (host keys are not checked unless overridden)."""
        params: dict[str, Any] = {
            "device_type": self.device_type,
            "host": self.host,
            "port": self.port,
            "username": self.username,
            "password": self.password,
            "allow_agent": False,
            "use_keys": False,
        }
        if self.secret is not None:
            params["secret"] = self.secret
        params.update(overrides)
        return params


class Fleet:
    """Simulated devices on 127.0.0.1; use as a context manager or call `start()` / `stop()`."""

    def __init__(self, devices: Iterable[DeviceSpec], *, host_key: paramiko.PKey | None = None) -> None:
        self._devices = tuple(devices)
        names = [d.name for d in self._devices]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"duplicate device names: {', '.join(duplicates)}")
        self._host_key = host_key or generate_host_key()
        self._servers: dict[str, DeviceServer] = {}

    # ------------------------------------------------------------------------------ builders
    @classmethod
    def from_inventory(cls, path: str | os.PathLike[str], *, ephemeral_ports: bool = False) -> Fleet:
        """Build the fleet of every host with a `data.mock` section in a Nornir-style inventory file."""
        from mocks.inventory import load_inventory

        return cls(load_inventory(Path(path), ephemeral_ports=ephemeral_ports))

    @classmethod
    def generate(
        cls,
        count: int,
        *,
        platforms: Sequence[str] | None = None,
        variants: Sequence[str] = ("insecure", "hardened"),
        fault: Fault | None = None,
        name_prefix: str = "sim",
        username: str = "admin",
        password: str = "sim-password",
        enable_secret: str = "sim-enable",
        config_lines: int | None = None,
    ) -> Fleet:
        """`count` devices on free ports, cycling through platforms and config variants.

        `config_lines` pads each config with comment lines (in the platform's comment syntax) up to that many
        lines, for benchmarks with large configs.
        """
        if count < 0:
            raise ValueError("count must be >= 0")
        chosen = tuple(platforms or DEFAULT_PLATFORMS)
        for key in chosen:
            if key not in PROFILES:
                raise KeyError(f"unknown platform profile {key!r}")
        texts: dict[tuple[str, str], str] = {}
        devices: list[DeviceSpec] = []
        cycle = itertools.cycle(chosen)
        for number in range(1, count + 1):
            platform = next(cycle)
            available = [v for v in variants if v in PROFILES[platform].config_files]
            variant = available[(number - 1) // len(chosen) % len(available)] if available else "insecure"
            text_key = (platform, variant)
            if text_key not in texts:
                texts[text_key] = _padded(bundled_config(platform, variant), platform, config_lines)
            devices.append(
                DeviceSpec.bundled(
                    platform,
                    variant,
                    name=f"{name_prefix}{number:04d}",
                    username=username,
                    password=password,
                    enable_secret=enable_secret,
                    config=texts[text_key],
                    fault=fault,
                )
            )
        return cls(devices)

    # ------------------------------------------------------------------------------ lifecycle
    def start(self) -> Fleet:
        """Bind every device's port, then start their listener threads; returns the fleet."""
        if self._servers:
            raise RuntimeError("fleet already started")
        servers: dict[str, DeviceServer] = {}
        try:
            for device in self._devices:
                extra = tuple(generate_host_key(kind) for kind in device.extra_host_keys)
                server = DeviceServer(device, self._key_for(device), extra_keys=extra)
                server.bind()
                servers[device.name] = server
        except OSError:
            for server in servers.values():
                server.stop()
            raise
        for server in servers.values():
            server.start()
        self._servers = servers
        return self

    def _key_for(self, device: DeviceSpec) -> paramiko.PKey:
        if device.fault is Fault.CHANGED_HOSTKEY:
            return generate_host_key()
        if device.fault is Fault.SWITCH_KEY_TYPE:
            return generate_host_key(device.switch_to)
        return self._host_key

    def stop(self) -> None:
        """Stop every device and drop all connections."""
        servers, self._servers = self._servers, {}
        for server in servers.values():
            server.stop(timeout=0)
        for server in servers.values():
            server.stop(timeout=2.0)

    def __enter__(self) -> Fleet:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------------------ lookups
    @property
    def devices(self) -> tuple[DeviceSpec, ...]:
        """Device definitions, in inventory order."""
        return self._devices

    @property
    def host_key(self) -> paramiko.PKey:
        """The host key shared by the fleet (devices with `changed_hostkey` or `switch_key_type` present their own)."""
        return self._host_key

    @property
    def running(self) -> bool:
        """True between `start()` and `stop()`."""
        return bool(self._servers)

    def __len__(self) -> int:
        return len(self._devices)

    def __iter__(self) -> Iterator[Endpoint]:
        return (self.endpoint(d.name) for d in self._devices)

    def _server(self, name: str) -> DeviceServer:
        try:
            return self._servers[name]
        except KeyError:
            if not self._servers:
                raise RuntimeError("fleet is not running: call start() or use it in a with-block") from None
            raise KeyError(f"no device named {name!r}") from None

    def server(self, name: str) -> DeviceServer:
        """The running server of a device (its host keys, the authentication attempts it saw, bytes sent)."""
        return self._server(name)

    def port(self, name: str) -> int:
        """The TCP port a running device listens on."""
        return self._server(name).port

    def endpoint(self, name: str) -> Endpoint:
        """Connection details for a running device."""
        server = self._server(name)
        device = server.device
        return Endpoint(
            name=device.name,
            host=BIND_HOST,
            port=server.port,
            device_type=device.device_type,
            username=device.username,
            password=device.password,
            secret=device.enable_secret,
        )

    def netmiko_params(self, name: str, **overrides: Any) -> dict[str, Any]:
        """Keyword arguments for `netmiko.ConnectHandler` to reach a running device."""
        return self.endpoint(name).netmiko_params(**overrides)

    def known_hosts(self) -> str:
        """known_hosts lines with the fleet key for every running device (what a client should trust)."""
        key = f"{self._host_key.get_name()} {self._host_key.get_base64()}"
        return "".join(f"[{BIND_HOST}]:{server.port} {key}\n" for server in self._servers.values())


def _comment(key: str) -> str:
    """The comment character of the platform a profile simulates."""
    platform = PROFILES[key].netmiko_type
    return get_platform(platform).comment if is_platform(platform) else "!"


def _padded(config: str, platform: str, lines: int | None) -> str:
    """Insert comment lines after the first line so the config has at least `lines` lines."""
    if lines is None:
        return config
    body = config.split("\n")
    missing = lines - len(config.splitlines())
    if missing <= 0:
        return config
    marker = _comment(platform)
    filler = [f"{marker} padding line {i:06d} for load tests" for i in range(missing)]
    return "\n".join(body[:1] + filler + body[1:])
