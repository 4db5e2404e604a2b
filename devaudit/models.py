"""Result values of an audit: findings, device results and the report (plain, immutable data).

They are frozen, slotted dataclasses (``dataclasses.replace`` and ``fields`` work on them) whose ``__init__``
is written out here, and whose ``__repr__``, ``__eq__`` and ``__hash__`` come from one base class, rather than
generated when the module is imported: every audit imports this module, and generating them is most of its
start-up cost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

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


_set = object.__setattr__  # frozen: fields are set once, in ``__init__``


class _Record:
    """What a generated dataclass ``__repr__``, ``__eq__`` and ``__hash__`` do, for the slotted, frozen result
    classes below (their slots are their fields, in order)."""

    __slots__ = ()

    def _names(self) -> tuple[str, ...]:
        names: tuple[str, ...] = self.__slots__  # a subclass's slots: its fields
        return names

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._names())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._names())
        return f"{self.__class__.__qualname__}({shown})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__ and isinstance(other, _Record):
            return self._values() == other._values()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values())


_FACTS_DEFAULT: Any = object()  # ``facts`` not given: a new ``DeviceFacts()``


@dataclass(frozen=True, slots=True, init=False, repr=False, eq=False)
class Evidence(_Record):
    """One configuration line that supports a verdict (secrets already masked)."""

    line: int
    text: str
    path: str = ""

    def __init__(self, line: int, text: str, path: str = "") -> None:
        _set(self, "line", line)
        _set(self, "text", text)
        _set(self, "path", path)


@dataclass(frozen=True, slots=True, init=False, repr=False, eq=False)
class Finding(_Record):
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

    def __init__(
        self,
        rule_id: str,
        title: str,
        status: Status,
        severity: Severity,
        category: str,
        evidence: tuple[Evidence, ...] = (),
        expected: str = "",
        reason: str = "",
        remediation: tuple[str, ...] = (),
        references: tuple[str, ...] = (),
        lockout: str = "",
        waiver: str = "",
        fingerprint: str = "",
        first_seen: str = "",
        fix_note: str = "",
    ) -> None:
        _set(self, "rule_id", rule_id)
        _set(self, "title", title)
        _set(self, "status", status)
        _set(self, "severity", severity)
        _set(self, "category", category)
        _set(self, "evidence", evidence)
        _set(self, "expected", expected)
        _set(self, "reason", reason)
        _set(self, "remediation", remediation)
        _set(self, "references", references)
        _set(self, "lockout", lockout)
        _set(self, "waiver", waiver)
        _set(self, "fingerprint", fingerprint)
        _set(self, "first_seen", first_seen)
        _set(self, "fix_note", fix_note)


@dataclass(frozen=True, slots=True, init=False, repr=False, eq=False)
class Coverage(_Record):
    """How much of a file the parser understood."""

    total_lines: int
    config_lines: int
    skipped_lines: int
    skipped_reasons: tuple[tuple[str, int], ...] = ()

    def __init__(
        self,
        total_lines: int,
        config_lines: int,
        skipped_lines: int,
        skipped_reasons: tuple[tuple[str, int], ...] = (),
    ) -> None:
        _set(self, "total_lines", total_lines)
        _set(self, "config_lines", config_lines)
        _set(self, "skipped_lines", skipped_lines)
        _set(self, "skipped_reasons", skipped_reasons)

    @property
    def ratio(self) -> float:
        """Share of non-blank input lines placed in the tree or deliberately skipped as non-config."""
        return 1.0 if self.total_lines == 0 else self.config_lines / self.total_lines


@dataclass(frozen=True, slots=True, init=False, repr=False, eq=False)
class DeviceFacts(_Record):
    """What the configuration (or a `show version` beside it) says about the device."""

    hostname: str = ""
    os_version: str = ""
    model: str = ""
    facts_source: str = ""

    def __init__(self, hostname: str = "", os_version: str = "", model: str = "", facts_source: str = "") -> None:
        _set(self, "hostname", hostname)
        _set(self, "os_version", os_version)
        _set(self, "model", model)
        _set(self, "facts_source", facts_source)


@dataclass(frozen=True, slots=True, init=False, repr=False, eq=False)
class DeviceResult(_Record):
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

    def __init__(
        self,
        name: str,
        source: str,
        platform: str,
        status: DeviceStatus,
        findings: tuple[Finding, ...] = (),
        error: str = "",
        platform_confidence: float = 0.0,
        platform_reason: str = "",
        encoding: str = "",
        facts: DeviceFacts = _FACTS_DEFAULT,
        coverage: Coverage | None = None,
        role: str = "",
        tags: tuple[str, ...] = (),
        warnings: tuple[str, ...] = (),
        identity: str = "",
    ) -> None:
        _set(self, "name", name)
        _set(self, "source", source)
        _set(self, "platform", platform)
        _set(self, "status", status)
        _set(self, "findings", findings)
        _set(self, "error", error)
        _set(self, "platform_confidence", platform_confidence)
        _set(self, "platform_reason", platform_reason)
        _set(self, "encoding", encoding)
        _set(self, "facts", DeviceFacts() if facts is _FACTS_DEFAULT else facts)
        _set(self, "coverage", coverage)
        _set(self, "role", role)
        _set(self, "tags", tags)
        _set(self, "warnings", warnings)
        _set(self, "identity", identity)

    @property
    def key(self) -> str:
        """The device's identity in a run: its inventory name, else its source path (never its hostname alone).

        Unique in a run and stable between runs: fix-script names, drift and SARIF fingerprints use it.
        """
        return self.identity or self.source or self.name


@dataclass(frozen=True, slots=True, init=False, repr=False, eq=False)
class AuditReport(_Record):
    """The result of one audit run over many devices."""

    devices: tuple[DeviceResult, ...]
    baseline: str
    generated_at: str
    tool_version: str
    fail_on: Severity = Severity.HIGH
    warnings: tuple[str, ...] = ()

    def __init__(
        self,
        devices: tuple[DeviceResult, ...],
        baseline: str,
        generated_at: str,
        tool_version: str,
        fail_on: Severity = Severity.HIGH,
        warnings: tuple[str, ...] = (),
    ) -> None:
        _set(self, "devices", devices)
        _set(self, "baseline", baseline)
        _set(self, "generated_at", generated_at)
        _set(self, "tool_version", tool_version)
        _set(self, "fail_on", fail_on)
        _set(self, "warnings", warnings)
