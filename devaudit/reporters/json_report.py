"""The JSON report: a versioned, documented schema (``devaudit/schema/report-v1.json``)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from devaudit.models import AuditReport, DeviceResult, Finding, Status

__all__ = ["SCHEMA_VERSION", "device_to_dict", "render", "report_to_dict"]

SCHEMA_VERSION = "1.0"


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    """One rule verdict."""
    return {
        "rule_id": finding.rule_id,
        "title": finding.title,
        "status": finding.status.value,
        "severity": finding.severity.value,
        "category": finding.category,
        "evidence": [{"line": e.line, "text": e.text, "path": e.path} for e in finding.evidence],
        "expected": finding.expected,
        "reason": finding.reason,
        "remediation": list(finding.remediation),
        "references": list(finding.references),
        "lockout": finding.lockout or None,
        "waiver": finding.waiver or None,
        "fingerprint": finding.fingerprint or None,
        "first_seen": finding.first_seen or None,
    }


def device_to_dict(device: DeviceResult) -> dict[str, Any]:
    """One device or file."""
    counts = Counter(f.status.value for f in device.findings)
    coverage = device.coverage
    return {
        "name": device.name,
        "source": device.source,
        "platform": device.platform,
        "platform_confidence": device.platform_confidence,
        "platform_reason": device.platform_reason,
        "status": device.status.value,
        "error": device.error or None,
        "encoding": device.encoding or None,
        "role": device.role or None,
        "tags": list(device.tags),
        "facts": {
            "hostname": device.facts.hostname or None,
            "os_version": device.facts.os_version or None,
            "model": device.facts.model or None,
            "source": device.facts.facts_source or None,
        },
        "coverage": None
        if coverage is None
        else {
            "total_lines": coverage.total_lines,
            "config_lines": coverage.config_lines,
            "skipped_lines": coverage.skipped_lines,
            "skipped": dict(coverage.skipped_reasons),
        },
        "warnings": list(device.warnings),
        "summary": {status.value: counts.get(status.value, 0) for status in Status},
        "results": [finding_to_dict(f) for f in device.findings],
    }


def report_to_dict(report: AuditReport) -> dict[str, Any]:
    """The whole report as JSON-ready data."""
    totals: Counter[str] = Counter()
    for device in report.devices:
        totals.update(f.status.value for f in device.findings)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "devaudit", "version": report.tool_version},
        "generated_at": report.generated_at,
        "baseline": report.baseline,
        "fail_on": report.fail_on.value,
        "summary": {
            "devices": len(report.devices),
            "devices_error": sum(1 for d in report.devices if d.status.value == "ERROR"),
            "devices_fail": sum(1 for d in report.devices if d.status.value == "FAIL"),
            "results": {status.value: totals.get(status.value, 0) for status in Status},
        },
        "warnings": list(report.warnings),
        "devices": [device_to_dict(d) for d in report.devices],
    }


def render(report: AuditReport) -> str:
    """The JSON text (UTF-8, two-space indent, stable key order)."""
    return json.dumps(report_to_dict(report), indent=2, ensure_ascii=False) + "\n"
