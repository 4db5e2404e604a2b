"""Waivers: accepted risks with an owner and an expiry. An active waiver turns a FAIL into WAIVED.

An expired waiver leaves the FAIL and says so; a waiver that matches nothing is reported as stale.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from datetime import date
from fnmatch import fnmatchcase
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from devaudit.errors import WaiverError
from devaudit.models import DeviceResult, DeviceStatus, Finding, Status
from devaudit.yamlfile import load_yaml

__all__ = ["Waiver", "WaiverFile", "WaiverSet", "apply_waivers", "load_waivers"]


class Waiver(BaseModel):
    """One accepted risk: which device(s), which rule, optionally which evidence, why, who, until when."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    device: str = Field(min_length=1, description="Device name, glob (pe*), or tag:NAME")
    rule: str = Field(min_length=1, description="Rule ID (globs allowed, e.g. IOS-SNMP-*)")
    evidence: str | None = Field(default=None, description="Regex that one evidence line must match")
    reason: str = Field(min_length=3)
    approver: str = Field(min_length=1)
    ticket: str = Field(min_length=1)
    expires: date

    @field_validator("evidence")
    @classmethod
    def _regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"invalid regular expression: {exc}") from None
        return value

    def matches_device(self, device: DeviceResult) -> bool:
        """Whether this waiver names the device (by name glob or tag)."""
        if self.device.startswith("tag:"):
            return self.device[4:].lower() in {t.lower() for t in device.tags}
        return fnmatchcase(device.name.lower(), self.device.lower())

    def matches(self, device: DeviceResult, finding: Finding) -> bool:
        """Whether this waiver covers ``finding`` on ``device``."""
        if not self.matches_device(device) or not fnmatchcase(finding.rule_id, self.rule):
            return False
        if self.evidence is None:
            return True
        pattern = re.compile(self.evidence, re.IGNORECASE)
        return any(pattern.search(e.text) for e in finding.evidence)

    def describe(self) -> str:
        """One line for reports."""
        return f"{self.ticket} approved by {self.approver} until {self.expires.isoformat()}: {self.reason}"


class WaiverFile(BaseModel):
    """The file format: ``waivers: [...]``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    waivers: list[Waiver] = Field(default_factory=list)


def load_waivers(path: Path) -> tuple[Waiver, ...]:
    """Load and validate a waiver file; errors name the file and line (exit code 4)."""
    doc = load_yaml(path, WaiverError)
    if doc.data is None:
        return ()
    try:
        return tuple(WaiverFile.model_validate(doc.data).waivers)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise WaiverError(str(path), doc.line_of(err["loc"]), f"{where}: {err['msg']}") from None


class WaiverSet:
    """Apply waivers device by device (for streamed fleets), then report the stale ones."""

    def __init__(self, waivers: Sequence[Waiver], *, today: date | None = None) -> None:
        self.waivers = tuple(waivers)
        self.today = today or date.today()
        self.used: set[int] = set()
        self.notes: list[str] = []

    def apply(self, device: DeviceResult) -> DeviceResult:
        """The device with its covered FAILs turned into WAIVED (or annotated, when the waiver expired)."""
        out, warnings = _apply(device, self.waivers, self.today, self.used)
        self.notes.extend(warnings)
        return out

    def warnings(self) -> tuple[str, ...]:
        """Expired waivers in use, then waivers that matched nothing."""
        stale = [
            f"stale waiver: {w.device} {w.rule} ({w.ticket}) matches no failing result"
            for i, w in enumerate(self.waivers)
            if i not in self.used
        ]
        return (*self.notes, *stale)


def apply_waivers(
    devices: Sequence[DeviceResult], waivers: Sequence[Waiver], *, today: date | None = None
) -> tuple[tuple[DeviceResult, ...], tuple[str, ...]]:
    """Devices with waived findings, and warnings (expired waivers in use, stale waivers)."""
    waiver_set = WaiverSet(waivers, today=today)
    out = tuple(waiver_set.apply(device) for device in devices)
    return out, waiver_set.warnings()


def _apply(
    device: DeviceResult, waivers: Sequence[Waiver], today: date, used: set[int]
) -> tuple[DeviceResult, list[str]]:
    """One device with its waivers applied, and the expired-waiver warnings it produced."""
    warnings: list[str] = []
    changed = False
    findings: list[Finding] = []
    for finding in device.findings:
        match = None
        if finding.status is Status.FAIL:
            match = next((i for i, w in enumerate(waivers) if w.matches(device, finding)), None)
        if match is None:
            findings.append(finding)
            continue
        used.add(match)
        waiver = waivers[match]
        changed = True
        if waiver.expires < today:
            note = f"waiver expired on {waiver.expires.isoformat()} ({waiver.ticket})"
            warnings.append(f"{device.name} {finding.rule_id}: {note}")
            findings.append(dataclasses.replace(finding, waiver=note))
        else:
            findings.append(dataclasses.replace(finding, status=Status.WAIVED, waiver=waiver.describe()))
    if not changed:
        return device, warnings
    status = device.status
    if status is not DeviceStatus.ERROR:
        status = DeviceStatus.FAIL if any(f.status is Status.FAIL for f in findings) else DeviceStatus.PASS
    return dataclasses.replace(device, findings=tuple(findings), status=status), warnings
