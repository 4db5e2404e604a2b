"""The JSON report: a versioned, documented schema (``devaudit/schema/report-v1.json``).

The text is laid out so it can be written device by device: the header indented, then one compact line
per device (encoded by the json module's C encoder, which indentation would switch off), then the summary.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from devaudit.models import AuditReport, DeviceResult, Finding, Status

__all__ = [
    "SCHEMA_VERSION",
    "device_json",
    "device_text",
    "device_to_dict",
    "document_head",
    "document_tail",
    "render",
    "report_to_dict",
]

SCHEMA_VERSION = "1.0"
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


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
        "fix_note": finding.fix_note or None,
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


def _summary(devices: Iterable[DeviceResult]) -> dict[str, Any]:
    totals: Counter[str] = Counter()
    count = errors = failing = 0
    for device in devices:
        count += 1
        errors += device.status.value == "ERROR"
        failing += device.status.value == "FAIL"
        totals.update(f.status.value for f in device.findings)
    return {
        "devices": count,
        "devices_error": errors,
        "devices_fail": failing,
        "results": {status.value: totals.get(status.value, 0) for status in Status},
    }


def report_to_dict(report: AuditReport) -> dict[str, Any]:
    """The whole report as JSON-ready data."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "devaudit", "version": report.tool_version},
        "generated_at": report.generated_at,
        "baseline": report.baseline,
        "fail_on": report.fail_on.value,
        "summary": _summary(report.devices),
        "warnings": list(report.warnings),
        "devices": [device_to_dict(d) for d in report.devices],
    }


def document_head(report: AuditReport) -> str:
    """The document up to the opening of the device list (``report.devices`` is not used)."""
    head = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "devaudit", "version": report.tool_version},
        "generated_at": report.generated_at,
        "baseline": report.baseline,
        "fail_on": report.fail_on.value,
    }
    return json.dumps(head, indent=2, ensure_ascii=False)[:-2] + ',\n  "devices": ['


def device_json(device: DeviceResult) -> str:
    """One device as a compact JSON object on one line (C encoder)."""
    return _COMPACT.encode(device_to_dict(device))


def device_text(device: DeviceResult, *, first: bool) -> str:
    """One device as a compact line of the device list (``first``: no comma before it)."""
    return ("\n    " if first else ",\n    ") + device_json(device)


def document_tail(summary: Mapping[str, Any], warnings: Iterable[str], *, empty: bool) -> str:
    """The close of the device list, the summary and the warnings (``empty``: no device was written)."""
    body = json.dumps({"summary": summary, "warnings": list(warnings)}, indent=2, ensure_ascii=False)
    return ("]," if empty else "\n  ],") + body[1:] + "\n"


def render(report: AuditReport) -> str:
    """The JSON text (UTF-8, stable key order; one line per device, see the module docstring)."""
    parts = [document_head(report)]
    parts.extend(device_text(device, first=index == 0) for index, device in enumerate(report.devices))
    parts.append(document_tail(_summary(report.devices), report.warnings, empty=not report.devices))
    return "".join(parts)
