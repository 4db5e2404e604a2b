"""Inventories: Nornir SimpleInventory YAML (``hosts``/``groups``/``defaults``, one file or a directory of
``hosts.yaml``/``groups.yaml``/``defaults.yaml``) or a CSV host list, resolved into frozen Host models.

devaudit's own settings live under a host's (group's, default's) ``data``: ``role``, ``tags``,
``credentials: {password, secret, key_file}`` (references such as ``env:VAR``), ``ssh: {kex, ciphers,
macs, host_key_algorithms, use_agent}``, ``jump_host`` (another host's name, or ``user@host:port``),
``timeouts: {connect, command}``. Nornir's own ``password`` field is accepted as a reference too.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from devaudit.errors import InventoryError
from devaudit.platforms import PLATFORM_NAMES
from devaudit.yamlfile import YamlDocument, load_yaml

__all__ = ["Host", "Inventory", "SSHOptions", "Timeouts", "load_inventory"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class SSHOptions(BaseModel):
    """Per-device SSH algorithm choices (allow-lists; for old gear or strict policies)."""

    model_config = _FROZEN

    kex: tuple[str, ...] | None = None
    ciphers: tuple[str, ...] | None = None
    macs: tuple[str, ...] | None = None
    host_key_algorithms: tuple[str, ...] | None = None
    use_agent: bool = False


class Timeouts(BaseModel):
    """Seconds to wait for the TCP/SSH connection and for each command's output."""

    model_config = _FROZEN

    connect: float = Field(default=10.0, gt=0, le=600)
    command: float = Field(default=60.0, gt=0, le=3600)


class Host(BaseModel):
    """One device to collect from, with everything inherited from its groups and the defaults."""

    model_config = _FROZEN

    name: str = Field(min_length=1)
    hostname: str = Field(min_length=1)
    port: int = Field(default=22, ge=1, le=65535)
    platform: str
    groups: tuple[str, ...] = ()
    role: str = ""
    tags: tuple[str, ...] = ()
    username: str = ""
    password: str | None = None
    secret: str | None = None
    key_file: str | None = None
    ssh: SSHOptions = Field(default_factory=SSHOptions)
    jump_host: str | None = None
    timeouts: Timeouts = Field(default_factory=Timeouts)
    data: Mapping[str, Any] = Field(default_factory=dict)

    @field_validator("platform")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in PLATFORM_NAMES:
            raise ValueError(f"unknown platform {value!r}; known: {', '.join(PLATFORM_NAMES)}")
        return value


class Inventory(BaseModel):
    """Resolved hosts, in file order."""

    model_config = _FROZEN

    source: str
    hosts: tuple[Host, ...]

    def get(self, name: str) -> Host | None:
        """The host called ``name``."""
        return next((h for h in self.hosts if h.name == name), None)


_TOP_FIELDS = {"hostname", "port", "username", "password", "platform", "groups", "data", "connection_options"}
_DATA_FIELDS = {"role", "tags", "credentials", "ssh", "jump_host", "timeouts"}


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if key == "data" and isinstance(value, Mapping):
            out["data"] = _merge(out.get("data", {}), value)
        elif isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


def _group_chain(name: str, groups: Mapping[str, Any], seen: tuple[str, ...], where: str) -> list[str]:
    if name in seen:
        raise InventoryError(where, None, f"group loop: {' -> '.join((*seen, name))}")
    if name not in groups:
        raise InventoryError(where, None, f"unknown group {name!r}")
    chain = [name]
    for parent in (groups[name] or {}).get("groups", []) or []:
        chain.extend(_group_chain(parent, groups, (*seen, name), where))
    return chain


def _to_host(name: str, merged: Mapping[str, Any]) -> Host:
    data = dict(merged.get("data") or {})
    creds = dict(data.get("credentials") or {})
    fields: dict[str, Any] = {
        "name": name,
        "hostname": merged.get("hostname") or name,
        "port": merged.get("port") or 22,
        "platform": merged.get("platform"),
        "groups": tuple(merged.get("groups") or ()),
        "role": str(data.get("role") or ""),
        "tags": tuple(str(t) for t in data.get("tags") or ()),
        "username": merged.get("username") or creds.get("username") or "",
        "password": creds.get("password", merged.get("password")),
        "secret": creds.get("secret"),
        "key_file": creds.get("key_file"),
        "ssh": data.get("ssh") or {},
        "jump_host": data.get("jump_host"),
        "timeouts": data.get("timeouts") or {},
        "data": {k: v for k, v in data.items() if k not in _DATA_FIELDS},
    }
    if fields["platform"] is None:
        raise ValueError("platform: missing (a netmiko device type such as cisco_ios)")
    return Host.model_validate(fields)


def _locate(doc: YamlDocument | None, *loc: str | int) -> int | None:
    return doc.line_of(loc) if doc is not None else None


def _resolve(
    hosts: Mapping[str, Any],
    groups: Mapping[str, Any],
    defaults: Mapping[str, Any],
    where: str,
    docs: Mapping[str, YamlDocument | None],
) -> Inventory:
    resolved: list[Host] = []
    for name, raw in hosts.items():
        raw = raw or {}
        hdoc = docs.get("hosts")
        if not isinstance(raw, Mapping):
            raise InventoryError(where, _locate(hdoc, "hosts", name), f"host {name}: must be a mapping")
        unknown = set(raw) - _TOP_FIELDS
        if unknown:
            field = sorted(unknown)[0]
            raise InventoryError(
                where, _locate(hdoc, "hosts", name, field), f"host {name}: unknown field {field!r} (put it under data)"
            )
        merged: dict[str, Any] = dict(defaults or {})
        chain: list[str] = []
        for group in raw.get("groups", []) or []:
            chain.extend(_group_chain(group, groups, (), where))
        for group in reversed(list(dict.fromkeys(chain))):
            merged = _merge(merged, {k: v for k, v in (groups[group] or {}).items() if k != "groups"})
        merged = _merge(merged, raw)
        merged["groups"] = raw.get("groups", []) or []
        try:
            resolved.append(_to_host(str(name), merged))
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"])
            raise InventoryError(where, _locate(hdoc, "hosts", name), f"host {name}: {field}: {err['msg']}") from None
        except ValueError as exc:
            raise InventoryError(where, _locate(hdoc, "hosts", name), f"host {name}: {exc}") from None
    names = [h.name for h in resolved]
    for host in resolved:
        if host.jump_host and "@" not in host.jump_host and ":" not in host.jump_host and host.jump_host not in names:
            raise InventoryError(
                where,
                _locate(docs.get("hosts"), "hosts", host.name),
                f"host {host.name}: jump_host {host.jump_host!r} is not a host of this inventory",
            )
    return Inventory(source=where, hosts=tuple(resolved))


def _mapping(doc: YamlDocument | None, key: str, where: str) -> dict[str, Any]:
    if doc is None or doc.data is None:
        return {}
    if not isinstance(doc.data, Mapping):
        raise InventoryError(where, doc.line_of(()), "must be a mapping")
    value = doc.data.get(key, {}) if key else doc.data
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InventoryError(where, doc.line_of((key,)), f"{key} must be a mapping")
    return dict(value)


def _read_csv_text(path: Path) -> str:
    """The text of a CSV inventory; invalid UTF-8 is an InventoryError naming the line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InventoryError(str(path), None, f"cannot read: {exc.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InventoryError(
            str(path), line, f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
        ) from None


def _load_csv(path: Path) -> Inventory:
    hosts: dict[str, Any] = {}
    reader = csv.DictReader(io.StringIO(_read_csv_text(path), newline=""))
    try:
        for number, row in enumerate(reader, start=2):
            name = (row.get("name") or row.get("hostname") or "").strip()
            if not name:
                raise InventoryError(str(path), number, "row without name or hostname")
            data: dict[str, Any] = {
                "role": (row.get("role") or "").strip(),
                "tags": [t for t in (row.get("tags") or "").replace(",", ";").split(";") if t.strip()],
                "credentials": {
                    k: v for k, v in (("password", row.get("password")), ("secret", row.get("secret"))) if v
                },
            }
            if row.get("jump_host"):
                data["jump_host"] = row["jump_host"]
            port = (row.get("port") or "").strip()
            try:
                host_entry: dict[str, Any] = {
                    "hostname": (row.get("hostname") or name).strip(),
                    "port": int(port) if port else 22,
                    "platform": (row.get("platform") or "").strip() or None,
                    "username": (row.get("username") or "").strip(),
                    "data": data,
                }
            except ValueError:
                raise InventoryError(str(path), number, f"host {name}: port: not a number") from None
            hosts[name] = host_entry
            try:
                _to_host(name, host_entry)
            except (ValidationError, ValueError) as exc:
                message = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
                raise InventoryError(str(path), number, f"host {name}: {message}") from None
    except csv.Error as exc:
        raise InventoryError(str(path), reader.line_num, f"malformed CSV: {exc}") from None
    return _resolve(hosts, {}, {}, str(path), {})


def load_inventory(path: Path) -> Inventory:
    """Load an inventory file (YAML or CSV) or a Nornir inventory directory."""
    if path.is_dir():
        docs: dict[str, YamlDocument | None] = {}
        for part in ("hosts", "groups", "defaults"):
            candidate = next(
                (path / f"{part}{ext}" for ext in (".yaml", ".yml") if (path / f"{part}{ext}").exists()), None
            )
            docs[part] = load_yaml(candidate, InventoryError) if candidate else None
        if docs["hosts"] is None:
            raise InventoryError(str(path), None, "no hosts.yaml in this inventory directory")
        return _resolve(
            _mapping(docs["hosts"], "", str(path)),
            _mapping(docs["groups"], "", str(path)),
            _mapping(docs["defaults"], "", str(path)),
            str(path),
            {"hosts": None},
        )
    if path.suffix.lower() == ".csv":
        return _load_csv(path)
    if not path.exists():
        raise InventoryError(str(path), None, "inventory file does not exist")
    doc = load_yaml(path, InventoryError)
    if not isinstance(doc.data, Mapping) or "hosts" not in doc.data:
        raise InventoryError(str(path), doc.line_of(()), "an inventory needs a 'hosts' mapping")
    return _resolve(
        _mapping(doc, "hosts", str(path)),
        _mapping(doc, "groups", str(path)),
        _mapping(doc, "defaults", str(path)),
        str(path),
        {"hosts": doc},
    )
