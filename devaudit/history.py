"""Drift between runs: stable finding fingerprints, first-seen dates carried forward, new/resolved/persisting."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from devaudit.models import AuditReport, DeviceResult, Finding, Status
from devaudit.tree import first_two_words

__all__ = [
    "Drift",
    "annotate",
    "diff_reports",
    "drift_lines",
    "finding_fingerprint",
    "fingerprint_of",
    "load_report",
    "structural_path",
]

_OPEN = {Status.FAIL.value, Status.WAIVED.value}


def finding_fingerprint(device: str, rule_id: str, paths: Sequence[str]) -> str:
    """Stable id of a finding: the device's identity, the rule and the structural paths of its evidence.

    ``paths`` are reduced to their statements' keywords (``structural_path``), so a changed value
    (another community string, RO for RW, a new ACL number) leaves the fingerprint as it was.
    """
    material = "\x1f".join([device, rule_id, *sorted(set(paths))])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:16]


def structural_path(path: str, text: str) -> str:
    """Where a statement sits, by keywords only: the first two words of each parent and of the statement."""
    parts = [p for p in path.split(" > ") if p] if path else []
    return " > ".join(first_two_words(p) for p in (*parts, text))


def _paths(finding: Finding) -> list[str]:
    return [structural_path(e.path, e.text) for e in finding.evidence]


def fingerprint_of(device: DeviceResult, finding: Finding) -> str:
    """The finding's fingerprint (the stored one when the report was annotated)."""
    return finding.fingerprint or finding_fingerprint(device.key, finding.rule_id, _paths(finding))


def load_report(path: Path) -> dict[str, Any]:
    """Read a JSON report (a run directory or the report file itself)."""
    file = path / "report.json" if path.is_dir() else path
    data: dict[str, Any] = json.loads(file.read_text(encoding="utf-8"))
    return data


def _previous_first_seen(previous: Mapping[str, Any] | None) -> dict[str, str]:
    seen: dict[str, str] = {}
    previous = previous or {}
    generated = str(previous.get("generated_at", ""))
    for device in previous.get("devices", []):
        for result in device.get("results", []):
            if result.get("status") in _OPEN and result.get("fingerprint"):
                seen[result["fingerprint"]] = result.get("first_seen") or generated
    return seen


def annotate(report: AuditReport, previous: Mapping[str, Any] | None) -> AuditReport:
    """Give every FAIL/WAIVED finding its fingerprint and first-seen time (from ``previous`` when it persists)."""
    seen = _previous_first_seen(previous)
    devices: list[DeviceResult] = []
    for device in report.devices:
        findings = []
        for finding in device.findings:
            if finding.status.value in _OPEN:
                fp = fingerprint_of(device, finding)
                first = seen.get(fp, report.generated_at)
                finding = dataclasses.replace(finding, fingerprint=fp, first_seen=first)
            findings.append(finding)
        devices.append(dataclasses.replace(device, findings=tuple(findings)))
    return dataclasses.replace(report, devices=tuple(devices))


@dataclass(frozen=True)
class Drift:
    """What changed between two reports, by fingerprint."""

    new: tuple[dict[str, Any], ...]
    resolved: tuple[dict[str, Any], ...]
    persisting: tuple[dict[str, Any], ...]

    def summary(self) -> str:
        """``+N new, -N resolved, N persisting``."""
        return f"+{len(self.new)} new, -{len(self.resolved)} resolved, {len(self.persisting)} persisting"


def _open_findings(report: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for device in report.get("devices", []):
        for result in device.get("results", []):
            if result.get("status") not in _OPEN:
                continue
            paths = [structural_path(e.get("path") or "", e["text"]) for e in result.get("evidence", [])]
            key = device.get("source") or device["name"]
            fp = result.get("fingerprint") or finding_fingerprint(key, result["rule_id"], paths)
            out[fp] = {
                "device": device["name"],
                "source": device.get("source", ""),
                "rule_id": result["rule_id"],
                "severity": result.get("severity"),
                "status": result["status"],
                "title": result.get("title", ""),
                "first_seen": result.get("first_seen") or report.get("generated_at"),
                "fingerprint": fp,
            }
    return out


def diff_reports(old: Mapping[str, Any], new: Mapping[str, Any]) -> Drift:
    """New, resolved and persisting findings between two JSON reports (devices that errored are ignored)."""
    before, after = _open_findings(old), _open_findings(new)
    errored = {d.get("source") or d["name"] for d in new.get("devices", []) if d.get("status") == "ERROR"}

    def key(item: dict[str, Any]) -> tuple[str, str, str]:
        return (item["device"], item["source"], item["rule_id"])

    new_items = sorted((after[f] for f in after.keys() - before.keys()), key=key)
    gone = (before[f] for f in before.keys() - after.keys())
    resolved = sorted((item for item in gone if (item["source"] or item["device"]) not in errored), key=key)
    persisting = sorted(
        ({**after[f], "first_seen": before[f]["first_seen"]} for f in after.keys() & before.keys()), key=key
    )
    return Drift(tuple(new_items), tuple(resolved), tuple(persisting))


def _day(stamp: str) -> str:
    return stamp[:10] if len(stamp) >= 10 and stamp[4:5] == "-" else stamp


def drift_lines(drift: Drift, *, persisting: bool = False) -> list[str]:
    """One table row per NEW and RESOLVED finding (and PERSISTING ones when asked), with first-seen dates.

    A device is named by its name, followed by its source when other devices in the drift share the name.
    """
    groups = [("NEW", drift.new), ("RESOLVED", drift.resolved)]
    if persisting:
        groups.append(("PERSISTING", drift.persisting))
    sources: dict[str, set[str]] = {}
    for _, items in groups:
        for item in items:
            sources.setdefault(item["device"], set()).add(item.get("source") or "")
    rows: list[tuple[str, ...]] = []
    for label, items in groups:
        for item in items:
            device = item["device"]
            if len(sources[device]) > 1:
                device = f"{device} ({item.get('source')})"
            since = _day(str(item.get("first_seen") or ""))
            rows.append((label, device, item["rule_id"], item.get("severity") or "", since, item.get("title") or ""))
    if not rows:
        return []
    header = ("STATUS", "DEVICE", "RULE", "SEVERITY", "FIRST SEEN", "TITLE")
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header) - 1)]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)) + "  " + row[-1]
        for row in (header, *rows)
    ]
