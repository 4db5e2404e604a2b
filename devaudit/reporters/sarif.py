"""SARIF 2.1.0 for code scanning: one result per FAIL/ERROR/WAIVED verdict, located on the config file line.

Severity maps to ``level`` (critical/high = error, medium = warning, low/info = note) and to the
``security-severity`` property GitHub uses (critical 9.5, high 8.0, medium 5.5, low 3.0, info 0.0).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from devaudit.history import fingerprint_of
from devaudit.models import AuditReport, DeviceResult, Finding, Severity, Status

__all__ = ["LEVELS", "SECURITY_SEVERITY", "render"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "0.0",
}


def _uri(source: str) -> str:
    if source.startswith(("ssh://", "<")):
        return source.replace("<", "").replace(">", "") if source.startswith("<") else source
    path = Path(source)
    return path.as_posix() if not path.is_absolute() else path.as_uri()


def _rule(finding: Finding) -> dict[str, Any]:
    help_lines = [finding.expected and f"Expected: {finding.expected}", "Remediation:", *finding.remediation]
    if finding.lockout:
        help_lines += ["", f"Lockout warning: {finding.lockout}"]
    if finding.references:
        help_lines += ["", "References: " + "; ".join(finding.references)]
    text = "\n".join(line for line in help_lines if line is not None)
    return {
        "id": finding.rule_id,
        "name": finding.rule_id.replace("-", ""),
        "shortDescription": {"text": finding.title},
        "fullDescription": {"text": finding.title},
        "help": {"text": text, "markdown": text.replace("\n", "  \n")},
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
        "properties": {
            "security-severity": SECURITY_SEVERITY[finding.severity],
            "tags": ["security", finding.category],
            "precision": "high",
        },
    }


def _location(device: DeviceResult, line: int, text: str) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": _uri(device.source)},
            "region": {"startLine": max(1, line), "snippet": {"text": text}},
        },
        "logicalLocations": [{"name": device.name, "kind": "device"}],
    }


def _result(device: DeviceResult, finding: Finding, rule_index: int) -> dict[str, Any]:
    evidence = finding.evidence
    locations = [_location(device, e.line, e.text) for e in evidence[:10]] or [_location(device, 1, "")]
    message = f"{device.name}: {finding.title}"
    if finding.reason:
        message += f" ({finding.reason})"
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity] if finding.status is not Status.ERROR else "error",
        "kind": "fail",
        "message": {"text": message},
        "locations": locations,
        "partialFingerprints": {"devauditFinding/v1": fingerprint_of(device, finding)},
        "properties": {"status": finding.status.value, "device": device.name, "platform": device.platform},
    }
    if finding.status is Status.WAIVED:
        result["suppressions"] = [{"kind": "external", "status": "accepted", "justification": finding.waiver}]
    return result


def render(report: AuditReport) -> str:
    """The SARIF log as JSON text."""
    rules: dict[str, int] = {}
    rule_list: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for device in report.devices:
        if device.status.value == "ERROR":
            notifications.append(
                {
                    "level": "error",
                    "message": {"text": f"{device.name}: not audited: {device.error}"},
                    "locations": [_location(device, 1, "")],
                }
            )
            continue
        for finding in device.findings:
            if finding.status not in (Status.FAIL, Status.ERROR, Status.WAIVED):
                continue
            if finding.rule_id not in rules:
                rules[finding.rule_id] = len(rule_list)
                rule_list.append(_rule(finding))
            results.append(_result(device, finding, rules[finding.rule_id]))
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "devaudit",
                        "version": report.tool_version,
                        "informationUri": "https://github.com/devaudit/devaudit",
                        "rules": rule_list,
                    }
                },
                "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
                "results": results,
                "properties": {"baseline": report.baseline, "generatedAt": report.generated_at},
            }
        ],
    }
    return json.dumps(log, indent=2) + "\n"
