"""Read simulated devices from a one-file Nornir-style inventory (`hosts:`, `groups:`, `defaults:`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from mocks.device import DeviceSpec, Fault
from mocks.server import BIND_HOST

__all__ = ["InventoryError", "MockSettings", "load_inventory"]

_LOOPBACK_NAMES = frozenset({BIND_HOST, "localhost"})


class InventoryError(ValueError):
    """The inventory cannot be turned into simulated devices; the message names the host and field."""


class MockSettings(BaseModel):
    """The simulator's own settings for a host, under `data.mock` (paths relative to the repository root)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    config: str | None = None
    version: str | None = None
    fault: Fault | None = None
    username: str | None = None
    password: str | None = None  # the password the simulator accepts; "env:NAME" reads the environment
    enable: str | None = None  # enable secret, same "env:NAME" convention
    profile: str | None = None  # platform profile when it differs from `platform` (nokia_sros_classic)
    prompt_hostname: str | None = None
    banner: str | None = None
    slow_seconds: float | None = Field(default=None, ge=0.0)
    password_change_prompt: bool | None = None
    accept_publickey: bool | None = None


class _Node(BaseModel):
    """Fields Nornir's SimpleInventory allows on hosts, groups and defaults."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    hostname: str | None = None
    port: int | None = None
    username: str | None = None
    password: str | None = None
    platform: str | None = None
    groups: list[str] = Field(default_factory=list)
    data: dict[str, Any] = Field(default_factory=dict)
    connection_options: dict[str, Any] = Field(default_factory=dict)


class _Inventory(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    hosts: dict[str, _Node] = Field(default_factory=dict)
    groups: dict[str, _Node] = Field(default_factory=dict)
    defaults: _Node = Field(default_factory=_Node)


def _lineage(node: _Node, groups: dict[str, _Node], seen: tuple[str, ...] = ()) -> list[_Node]:
    """The node's groups, depth-first in declaration order (Nornir's resolution order)."""
    out: list[_Node] = []
    for name in node.groups:
        if name in seen:
            raise InventoryError(f"group cycle through {name!r}")
        group = groups.get(name)
        if group is None:
            raise InventoryError(f"unknown group {name!r}")
        out.append(group)
        out.extend(_lineage(group, groups, (*seen, name)))
    return out


def _resolve_path(raw: str, inventory: Path) -> Path:
    path = Path(raw)
    if path.is_absolute():
        return path
    for base in (inventory.parent.parent, inventory.parent, Path.cwd()):
        if (base / path).is_file():
            return base / path
    tried = f"{inventory.parent.parent} or {inventory.parent}"
    raise InventoryError(f"file {raw!r} not found relative to {tried}")


def _secret(raw: str | None, host: str, field: str) -> str | None:
    if raw is None or not raw.startswith("env:"):
        return raw
    name = raw[4:]
    value = os.environ.get(name)
    if value is None:
        raise InventoryError(f"host {host}: data.mock.{field} refers to unset environment variable {name}")
    return value


def _mock_settings(chain: list[_Node], host: str) -> MockSettings | None:
    merged: dict[str, Any] = {}
    found = False
    for node in reversed(chain):  # defaults first, the host itself last (it wins)
        section = node.data.get("mock")
        if section is None:
            continue
        if not isinstance(section, dict):
            raise InventoryError(f"host {host}: data.mock must be a mapping")
        found = True
        merged.update(section)
    if not found:
        return None
    try:
        return MockSettings.model_validate(merged)
    except ValidationError as exc:
        raise InventoryError(f"host {host}: invalid data.mock: {exc}") from exc


def _first(chain: list[_Node], field: str) -> Any:
    for node in chain:
        value = getattr(node, field)
        if value is not None:
            return value
    return None


def load_inventory(path: Path, *, ephemeral_ports: bool = False) -> list[DeviceSpec]:
    """Devices for every host that has a `data.mock` section; `ephemeral_ports` ignores inventory ports."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        inventory = _Inventory.model_validate(raw)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise InventoryError(f"{path}: {exc}") from exc
    devices: list[DeviceSpec] = []
    for name, host in inventory.hosts.items():
        chain = [host, *_lineage(host, inventory.groups), inventory.defaults]
        mock = _mock_settings(chain, name)
        if mock is None:
            continue
        hostname = _first(chain, "hostname") or BIND_HOST
        if hostname not in _LOOPBACK_NAMES:
            raise InventoryError(f"host {name}: simulated devices live on {BIND_HOST}, not {hostname}")
        platform = mock.profile or _first(chain, "platform")
        if platform is None:
            raise InventoryError(f"host {name}: no platform")
        port = 0 if ephemeral_ports else _first(chain, "port")
        if port is None:
            raise InventoryError(f"host {name}: no port (or load with ephemeral_ports=True)")
        if mock.config is None or mock.version is None:
            raise InventoryError(f"host {name}: data.mock needs both 'config' and 'version'")
        password = _secret(mock.password, name, "password")
        if password is None:
            raise InventoryError(f"host {name}: data.mock.password is required")
        settings: dict[str, Any] = {
            "name": name,
            "platform": platform,
            "port": port,
            "username": mock.username or _first(chain, "username") or "admin",
            "password": password,
            "enable_secret": _secret(mock.enable, name, "enable"),
            "config": _resolve_path(mock.config, path).read_text(encoding="utf-8"),
            "version": _resolve_path(mock.version, path).read_text(encoding="utf-8"),
            "fault": mock.fault,
            "prompt_hostname": mock.prompt_hostname,
            "banner": mock.banner,
        }
        optional = {
            "slow_seconds": mock.slow_seconds,
            "password_change_prompt": mock.password_change_prompt,
            "accept_publickey": mock.accept_publickey,
        }
        settings.update({k: v for k, v in optional.items() if v is not None})
        try:
            devices.append(DeviceSpec.model_validate(settings))
        except ValidationError as exc:
            raise InventoryError(f"host {name}: {exc}") from exc
    return devices
