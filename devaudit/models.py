"""Result values of an audit: findings, device results and the report (plain, immutable data)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "SEVERITY_ORDER",
    "AuditReport",
    "Coverage",
    "DeviceFacts",
    "DeviceResult",
    "DeviceStatus",
    "Evidence",
    "Finding",
    "Severity",
    "Status",
]


class Severity(StrEnum):
    """How bad a violation is (the catalogue's rubric)."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse: info=0 ... critical=4."""
        return SEVERITY_ORDER[self]


SEVERITY_ORDER: dict[Severity, int] = {
    Severity.INFO: 0,
    Severity.LOW: 1,
    Severity.MEDIUM: 2,
    Severity.HIGH: 3,
    Severity.CRITICAL: 4,
}


class Status(StrEnum):
    """Verdict of one rule on one device."""

    PASS = "PASS"
    FAIL = "FAIL"
    NOT_APPLICABLE = "NOT_APPLICABLE"
    ERROR = "ERROR"
    WAIVED = "WAIVED"


class DeviceStatus(StrEnum):
    """Outcome for a whole device or file."""

    PASS = "PASS"
    FAIL = "FAIL"
    ERROR = "ERROR"


@dataclass(frozen=True, slots=True)
class Evidence:
    """One configuration line that supports a verdict (secrets already masked)."""

    line: int
    text: str
    path: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    """The verdict of one rule on one device, with its evidence."""

    rule_id: str
    title: str
    status: Status
    severity: Severity
    category: str
    evidence: tuple[Evidence, ...] = ()
    expected: str = ""
    reason: str = ""
    remediation: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    lockout: str = ""
    waiver: str = ""
    fingerprint: str = ""
    first_seen: str = ""
    fix_note: str = ""


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of a file the parser understood."""

    total_lines: int
    config_lines: int
    skipped_lines: int
    skipped_reasons: tuple[tuple[str, int], ...] = ()

    @property
    def ratio(self) -> float:
        """Share of non-blank input lines placed in the tree or deliberately skipped as non-config."""
        return 1.0 if self.total_lines == 0 else self.config_lines / self.total_lines


@dataclass(frozen=True, slots=True)
class DeviceFacts:
    """What the configuration (or a `show version` beside it) says about the device."""

    hostname: str = ""
    os_version: str = ""
    model: str = ""
    facts_source: str = ""


@dataclass(frozen=True, slots=True)
class DeviceResult:
    """Everything devaudit learned about one device or file."""

    name: str
    source: str
    platform: str
    status: DeviceStatus
    findings: tuple[Finding, ...] = ()
    error: str = ""
    platform_confidence: float = 0.0
    platform_reason: str = ""
    encoding: str = ""
    facts: DeviceFacts = field(default_factory=DeviceFacts)
    coverage: Coverage | None = None
    role: str = ""
    tags: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    identity: str = ""

    @property
    def key(self) -> str:
        """The device's identity in a run: its inventory name, else its source path (never its hostname alone).

        Unique in a run and stable between runs: fix-script names, drift and SARIF fingerprints use it.
        """
        return self.identity or self.source or self.name


@dataclass(frozen=True, slots=True)
class AuditReport:
    """The result of one audit run over many devices."""

    devices: tuple[DeviceResult, ...]
    baseline: str
    generated_at: str
    tool_version: str
    fail_on: Severity = Severity.HIGH
    warnings: tuple[str, ...] = ()
