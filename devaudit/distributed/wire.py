"""What crosses the broker, as JSON: a task carries a host with credential references only; a result carries
the redacted device result, redacted config and outputs, and the collection metadata."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from devaudit.credentials import is_reference
from devaudit.inventory import Host
from devaudit.models import Coverage, DeviceFacts, DeviceResult, DeviceStatus, Evidence, Finding, Severity, Status

__all__ = [
    "WIRE_VERSION",
    "AuditSettings",
    "BaselineRef",
    "TaskPayload",
    "TaskResult",
    "device_from_dict",
    "plaintext_fields",
]

WIRE_VERSION = 1
_FROZEN = ConfigDict(frozen=True, extra="forbid")


class AuditSettings(BaseModel):
    """The run's rule selection and device context (the worker audits exactly as a local run would)."""

    model_config = _FROZEN

    platform: str | None = None
    profiles: tuple[str, ...] = ()
    role: str = ""
    tags: tuple[str, ...] = ()
    max_bytes: int
    rule_ids: tuple[str, ...] = ()


class BaselineRef(BaseModel):
    """Which baseline to audit with: the same paths and variables, checked by the digest of the compiled rules."""

    model_config = _FROZEN

    paths: tuple[str, ...] = ()
    variables: dict[str, Any] = Field(default_factory=dict)
    digest: str


class TaskPayload(BaseModel):
    """One device's task."""

    model_config = _FROZEN

    v: int = WIRE_VERSION
    run: str
    queue: str
    mode: str = Field(pattern="^(audit|collect)$")
    host: Host
    jump: Host | None = None
    retries: int = 2
    extra_commands: tuple[str, ...] = ()
    previous_size: int | None = None
    max_bytes: int
    audit: AuditSettings | None = None
    baseline: BaselineRef | None = None
    attempt: int = 1


class TaskResult(BaseModel):
    """What a worker sends back for one device (everything already redacted)."""

    model_config = _FROZEN

    v: int = WIRE_VERSION
    device: dict[str, Any] | None = None
    config: str | None = None
    outputs: dict[str, str] = Field(default_factory=dict)
    metadata: dict[str, Any] = Field(default_factory=dict)
    error: str = ""
    attempts: int = 0
    worker: str = ""


def plaintext_fields(host: Host) -> tuple[str, ...]:
    """Credential fields of ``host`` that hold a literal instead of a reference (never sent to a worker)."""
    fields = (("password", host.password), ("enable secret", host.secret))
    return tuple(name for name, value in fields if value and not is_reference(value))


def _finding(data: dict[str, Any]) -> Finding:
    return Finding(
        rule_id=data["rule_id"],
        title=data["title"],
        status=Status(data["status"]),
        severity=Severity(data["severity"]),
        category=data["category"],
        evidence=tuple(Evidence(line=e["line"], text=e["text"], path=e.get("path", "")) for e in data["evidence"]),
        expected=data.get("expected") or "",
        reason=data.get("reason") or "",
        remediation=tuple(data.get("remediation") or ()),
        references=tuple(data.get("references") or ()),
        lockout=data.get("lockout") or "",
        waiver=data.get("waiver") or "",
        fingerprint=data.get("fingerprint") or "",
        first_seen=data.get("first_seen") or "",
        fix_note=data.get("fix_note") or "",
    )


def device_from_dict(data: dict[str, Any]) -> DeviceResult:
    """The inverse of the JSON report's ``device_to_dict``."""
    facts = data.get("facts") or {}
    coverage = data.get("coverage")
    return DeviceResult(
        name=data["name"],
        source=data["source"],
        platform=data["platform"],
        status=DeviceStatus(data["status"]),
        findings=tuple(_finding(f) for f in data.get("results") or ()),
        error=data.get("error") or "",
        platform_confidence=float(data.get("platform_confidence") or 0.0),
        platform_reason=data.get("platform_reason") or "",
        encoding=data.get("encoding") or "",
        facts=DeviceFacts(
            hostname=facts.get("hostname") or "",
            os_version=facts.get("os_version") or "",
            model=facts.get("model") or "",
            facts_source=facts.get("source") or "",
        ),
        coverage=None
        if coverage is None
        else Coverage(
            total_lines=coverage["total_lines"],
            config_lines=coverage["config_lines"],
            skipped_lines=coverage["skipped_lines"],
            skipped_reasons=tuple(sorted((str(k), int(v)) for k, v in (coverage.get("skipped") or {}).items())),
        ),
        role=data.get("role") or "",
        tags=tuple(data.get("tags") or ()),
        warnings=tuple(data.get("warnings") or ()),
        # A device collected live is known by its inventory name, as in a local run (drift and fix scripts).
        identity=data.get("identity") or data["name"],
    )
